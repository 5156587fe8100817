// A local VNPay 2.1.0 gateway simulator for development and tests (issue 9; shared/domain/payments.md §2): the payment
// page (GET /paymentv2/vpcpay.html, verified as VNPay would), the citizen's choice of outcome, the signed IPN sent
// server to server to the merchant's registered IPN URL and the signed redirect to vnp_ReturnUrl, and the querydr /
// refund API (POST /merchant_webapi/api/transaction). It signs and verifies with the portal's own protocol code
// (app/domain/payments/vnpay.server.ts). It is NOT VNPay and says so on every page; no money moves.
//
//   VNPAY_HASH_SECRET=… VNPAY_IPN_URL=http://localhost:3000/payments/vnpay/ipn npm run vnpay:dev   # http://127.0.0.1:3402
//
// Tests start it in-process with startVnpaySimulator({ port: 0, ... }). State (orders, transactions, request ids)
// lives in memory; test hooks under /_sim/ list the transactions, send an IPN again and reset.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  canonicalString,
  hmacSha512,
  messageChecksum,
  parseVnpayTimestamp,
  QUERYDR_REQUEST_FIELDS,
  QUERYDR_RESPONSE_FIELDS,
  REFUND_REQUEST_FIELDS,
  verifyMessage,
  verifySignature,
  vnpayTimestamp,
  type VnpParams,
} from "../app/domain/payments/vnpay.server";

export const DEFAULT_SIMULATOR_PORT = 3402;
export const DEFAULT_TMN_CODE = "DVCDEMO1";
export const PAY_PATH = "/paymentv2/vpcpay.html";
export const API_PATH = "/merchant_webapi/api/transaction";
const LABEL = "Cổng thanh toán thử nghiệm — không phải VNPay thật";
/** The refund response is signed over the querydr response's fields without the two promotion fields (§2.3). */
const REFUND_RESPONSE_FIELDS = QUERYDR_RESPONSE_FIELDS.filter((f) => f !== "vnp_PromotionCode" && f !== "vnp_PromotionAmount");

// ---------------------------------------------------------------------------------------------------------------
// State

type Outcome = "success" | "insufficient" | "cancelled";
/** What the citizen may choose, and the codes VNPay reports for it (§2.2). */
const OUTCOMES: Record<Outcome, { label: string; responseCode: string; transactionStatus: string }> = {
  success: { label: "Thanh toán thành công", responseCode: "00", transactionStatus: "00" },
  insufficient: { label: "Tài khoản không đủ số dư", responseCode: "51", transactionStatus: "02" },
  cancelled: { label: "Khách hàng hủy giao dịch", responseCode: "24", transactionStatus: "02" },
};

export interface IpnAttempt {
  at: string;
  /** The merchant's HTTP status (absent when it could not be reached). */
  status?: number;
  rspCode?: string;
  message?: string;
  error?: string;
}

export interface SimRefund {
  requestId: string;
  transactionType: "02" | "03";
  /** ×100, as sent */
  amount: string;
  createBy: string;
  at: string;
}

export interface SimTransaction {
  txnRef: string;
  /** ×100, as sent */
  amount: string;
  orderInfo: string;
  createDate: string;
  expireDate: string;
  returnUrl: string;
  /** "pending" until the citizen confirms on the payment page. */
  state: "pending" | "confirmed";
  transactionNo?: string;
  bankCode?: string;
  bankTranNo?: string;
  cardType?: string;
  payDate?: string;
  responseCode?: string;
  transactionStatus?: string;
  /** The signed parameters sent to the IPN URL and the return URL (with vnp_SecureHash). */
  resultParams?: VnpParams;
  ipnAttempts: IpnAttempt[];
  refunds: SimRefund[];
}

interface PendingSession {
  key: string;
  createdAt: number;
}

export interface SimulatorOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  tmnCode?: string;
  hashSecret: string;
  /** The merchant's IPN endpoint, registered with VNPay once (not sent per request). Without it no IPN is sent. */
  ipnUrl?: string;
  /** How many times an IPN is sent again after an answer other than 00 or 02 (default 3). */
  ipnRetries?: number;
  /** The pause before each retry (default 1000 ms). */
  ipnRetryDelayMs?: number;
  /** The clock (tests). */
  now?: () => Date;
  /** Where the simulator's log lines go (default console.log). */
  log?: (line: string) => void;
}

export interface VnpaySimulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------------
// Pages (plain server-rendered HTML, Vietnamese, inline CSS only, no script)

function esc(value: unknown): string {
  return String(value)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** "50.000 đ" from a vnp_Amount (×100). */
export function formatAmount(vnpAmount: string): string {
  const dong = BigInt(vnpAmount) / 100n;
  return `${dong.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ".")} đ`;
}

/** dd/mm/yyyy HH:mm:ss from a vnp timestamp (already in Vietnam time). */
function formatTimestamp(vnp: string): string {
  return `${vnp.slice(6, 8)}/${vnp.slice(4, 6)}/${vnp.slice(0, 4)} ${vnp.slice(8, 10)}:${vnp.slice(10, 12)}:${vnp.slice(12, 14)}`;
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(title)} — ${esc(LABEL)}</title>
<style>
body{font-family:system-ui,Arial,sans-serif;margin:0;color:#0b0c0c;background:#f3f2f1;line-height:1.5}
.banner{background:#ffdd00;color:#0b0c0c;padding:.75rem 1rem;font-weight:700;border-bottom:4px solid #0b0c0c}
main{max-width:40rem;margin:1.5rem auto;background:#fff;padding:1.5rem;border:1px solid #b1b4b6}
h1{font-size:1.75rem;margin-top:0}
fieldset{border:0;padding:0;margin:0 0 1.25rem}
legend{font-weight:700;font-size:1.15rem;margin-bottom:.5rem}
.choice{display:flex;gap:.5rem;align-items:flex-start;margin:.5rem 0}
.choice input{width:1.4rem;height:1.4rem;margin-top:.15rem;flex:none}
label{font-weight:400;font-size:1.1rem}
.hint{color:#505a5f;margin:.25rem 0}
.amount{font-size:1.5rem;font-weight:700}
button{font-size:1.25rem;padding:.75rem 1.5rem;border:0;border-bottom:2px solid #002d18;background:#00703c;color:#fff;cursor:pointer}
button:focus,input:focus{outline:3px solid #ffdd00;outline-offset:0;box-shadow:inset 0 0 0 2px #0b0c0c}
.error{border-left:5px solid #d4351c;padding-left:1rem}
.error p{color:#d4351c;font-weight:700}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}dt{font-weight:700}dd{margin:0;overflow-wrap:anywhere}
</style>
</head>
<body>
<div class="banner" role="note">${esc(LABEL)}</div>
<main>
${body}
</main>
</body>
</html>`;
}

function errorPage(code: string, message: string): string {
  return layout(
    "Giao dịch không hợp lệ",
    `<h1>Giao dịch không hợp lệ</h1>
<div class="error" role="alert">
<p>${esc(message)}</p>
<p>Mã lỗi: <span id="error-code">${esc(code)}</span></p>
</div>
<p class="hint">Cổng thanh toán thử nghiệm từ chối yêu cầu như VNPay sẽ từ chối. Hãy quay lại cửa hàng và tạo giao dịch mới.</p>`,
  );
}

function paymentPage(session: string, tmnCode: string, order: SimTransaction, ipnConfigured: boolean): string {
  const choices = (Object.keys(OUTCOMES) as Outcome[])
    .map(
      (key, i) => `<div class="choice">
<input type="radio" id="outcome-${key}" name="outcome" value="${key}"${i === 0 ? " checked" : ""}>
<label for="outcome-${key}">${esc(OUTCOMES[key].label)}</label>
</div>`,
    )
    .join("\n");
  return layout(
    "Thanh toán",
    `<h1>Thanh toán đơn hàng</h1>
<dl>
<dt>Mã cửa hàng</dt><dd>${esc(tmnCode)}</dd>
<dt>Mã giao dịch</dt><dd>${esc(order.txnRef)}</dd>
<dt>Nội dung</dt><dd>${esc(order.orderInfo)}</dd>
<dt>Số tiền</dt><dd class="amount">${esc(formatAmount(order.amount))}</dd>
<dt>Hết hạn lúc</dt><dd>${esc(formatTimestamp(order.expireDate))}</dd>
</dl>
<form method="post" action="/paymentv2/pay">
<input type="hidden" name="session" value="${esc(session)}">
<fieldset>
<legend>Kết quả thanh toán thử nghiệm</legend>
${choices}
</fieldset>
<fieldset>
<legend>Thông báo kết quả (IPN)</legend>
<div class="choice">
<input type="checkbox" id="ipn" name="ipn" value="on" checked aria-describedby="ipn-hint">
<label for="ipn">Gửi IPN cho cửa hàng</label>
</div>
<p class="hint" id="ipn-hint">${
      ipnConfigured
        ? "Bỏ chọn để không gửi IPN (thử đối soát bằng querydr)."
        : "Chưa khai báo địa chỉ IPN của cửa hàng (VNPAY_IPN_URL): IPN sẽ không được gửi."
    }</p>
</fieldset>
<button type="submit">Xác nhận</button>
</form>`,
  );
}

function homePage(url: string, tmnCode: string, ipnUrl: string | undefined): string {
  return layout(
    "Giới thiệu",
    `<h1>Cổng thanh toán thử nghiệm</h1>
<p>Máy chủ chạy tại máy này, nói giao thức VNPay 2.1.0 để thử chức năng thanh toán của Cổng Dịch vụ công. Đây không phải VNPay; không có tiền thật nào được chuyển.</p>
<dl>
<dt>Mã cửa hàng</dt><dd><code>${esc(tmnCode)}</code></dd>
<dt>Trang thanh toán</dt><dd><code>${esc(url + PAY_PATH)}</code></dd>
<dt>API truy vấn, hoàn tiền</dt><dd><code>${esc(url + API_PATH)}</code></dd>
<dt>Địa chỉ IPN</dt><dd><code>${esc(ipnUrl ?? "(chưa khai báo)")}</code></dd>
</dl>`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP helpers

function sendHtml(res: ServerResponse, status: number, html: string) {
  res.statusCode = status;
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'");
  res.end(html);
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage, limit = 65_536): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------------------------
// Verification of the payment URL

class Rejection extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const TIMESTAMP = /^\d{14}$/;
const TXN_REF = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * A payment request's parameters, checked as VNPay checks them. The error codes: 97 and 11 are VNPay's (§2.2);
 * 02 (unknown merchant), 03 (bad format) and 94 (duplicate) follow the API's table (§2.3), since VNPay's own
 * payment-page error table is not in our notes.
 */
function checkPaymentRequest(query: URLSearchParams, tmnCode: string, secret: string, now: Date): VnpParams {
  const keys = [...query.keys()];
  if (new Set(keys).size !== keys.length) throw new Rejection("03", "Dữ liệu gửi sang không đúng định dạng (tham số bị lặp)");
  const params: VnpParams = Object.fromEntries(query);
  if (params.vnp_Version !== "2.1.0") throw new Rejection("03", "Dữ liệu gửi sang không đúng định dạng (vnp_Version phải là 2.1.0)");
  if (params.vnp_Command !== "pay") throw new Rejection("03", "Dữ liệu gửi sang không đúng định dạng (vnp_Command phải là pay)");
  if (params.vnp_TmnCode !== tmnCode) throw new Rejection("02", "Mã cửa hàng (vnp_TmnCode) không hợp lệ");
  if (!verifySignature(params, secret)) throw new Rejection("97", "Sai chữ ký");
  const amount = params.vnp_Amount ?? "";
  if (!/^[1-9]\d*$/.test(amount) || !amount.endsWith("00")) {
    throw new Rejection("03", "Số tiền không hợp lệ (vnp_Amount là số nguyên đồng nhân 100, không có dấu phân cách)");
  }
  if (params.vnp_CurrCode !== "VND") throw new Rejection("03", "Loại tiền tệ không hợp lệ (vnp_CurrCode phải là VND)");
  if (!TXN_REF.test(params.vnp_TxnRef ?? "")) throw new Rejection("03", "Mã giao dịch (vnp_TxnRef) không hợp lệ");
  if (!params.vnp_OrderInfo || params.vnp_OrderInfo.length > 255) throw new Rejection("03", "Thiếu nội dung thanh toán (vnp_OrderInfo)");
  if (!params.vnp_OrderType) throw new Rejection("03", "Thiếu loại hàng hóa (vnp_OrderType)");
  if (params.vnp_Locale !== "vn" && params.vnp_Locale !== "en") throw new Rejection("03", "Ngôn ngữ (vnp_Locale) phải là vn hoặc en");
  if (!params.vnp_IpAddr) throw new Rejection("03", "Thiếu địa chỉ IP của khách hàng (vnp_IpAddr)");
  const returnUrl = params.vnp_ReturnUrl ?? "";
  if (!URL.canParse(returnUrl) || !/^https?:$/.test(new URL(returnUrl).protocol)) {
    throw new Rejection("03", "Địa chỉ trả kết quả (vnp_ReturnUrl) phải là địa chỉ tuyệt đối");
  }
  const created = TIMESTAMP.test(params.vnp_CreateDate ?? "") ? parseVnpayTimestamp(params.vnp_CreateDate ?? "") : null;
  const expires = TIMESTAMP.test(params.vnp_ExpireDate ?? "") ? parseVnpayTimestamp(params.vnp_ExpireDate ?? "") : null;
  // A parsed date that does not print back the same (e.g. 20261131…) is not a date.
  if (!created || vnpayTimestamp(created) !== params.vnp_CreateDate) throw new Rejection("03", "Thời gian tạo (vnp_CreateDate) không hợp lệ (yyyyMMddHHmmss, GMT+7)");
  if (!expires || vnpayTimestamp(expires) !== params.vnp_ExpireDate) throw new Rejection("03", "Thời gian hết hạn (vnp_ExpireDate) không hợp lệ (yyyyMMddHHmmss, GMT+7)");
  if (expires <= created) throw new Rejection("03", "Thời gian hết hạn phải sau thời gian tạo");
  if (created.getTime() > now.getTime() + 5 * 60_000) throw new Rejection("03", "Thời gian tạo (vnp_CreateDate) ở tương lai: hãy dùng giờ Việt Nam (GMT+7)");
  if (expires <= now) throw new Rejection("11", "Giao dịch đã quá thời gian chờ thanh toán");
  return params;
}

// ---------------------------------------------------------------------------------------------------------------
// The simulator

/** Starts the simulator on 127.0.0.1 (by default); resolves once it listens. */
export async function startVnpaySimulator(options: SimulatorOptions): Promise<VnpaySimulator> {
  const host = options.host ?? "127.0.0.1";
  const tmnCode = options.tmnCode ?? DEFAULT_TMN_CODE;
  const secret = options.hashSecret;
  if (!secret) throw new Error("startVnpaySimulator: hashSecret is required");
  const ipnUrl = options.ipnUrl;
  const ipnRetries = options.ipnRetries ?? 3;
  const ipnRetryDelayMs = options.ipnRetryDelayMs ?? 1000;
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((line: string) => console.log(line));

  /** Orders by "<yyyyMMdd of CreateDate>:<TxnRef>" (a TxnRef is unique per day). */
  const orders = new Map<string, SimTransaction>();
  /** The signed URL each order was opened with (reopening the same URL before confirming shows the page again). */
  const openedWith = new Map<string, string>();
  const sessions = new Map<string, PendingSession>();
  /** "<yyyyMMdd>:<RequestId>" of every querydr / refund request accepted today. */
  const requestIds = new Set<string>();
  let lastTransactionNo = 14_000_000;

  const orderKey = (createDate: string, txnRef: string) => `${createDate.slice(0, 8)}:${txnRef}`;
  const signedQuery = (params: VnpParams) => {
    const query = canonicalString(params);
    return `${query}&vnp_SecureHash=${hmacSha512(secret, query)}`;
  };

  async function sendIpnOnce(order: SimTransaction): Promise<IpnAttempt> {
    const attempt: IpnAttempt = { at: now().toISOString() };
    if (!ipnUrl || !order.resultParams) {
      attempt.error = "no IPN URL registered";
      return attempt;
    }
    const target = `${ipnUrl}${ipnUrl.includes("?") ? "&" : "?"}${signedQuery(order.resultParams)}`;
    try {
      const response = await fetch(target, { signal: AbortSignal.timeout(10_000), redirect: "manual" });
      attempt.status = response.status;
      const text = await response.text();
      try {
        const body = JSON.parse(text) as { RspCode?: unknown; Message?: unknown };
        if (typeof body.RspCode === "string") attempt.rspCode = body.RspCode;
        if (typeof body.Message === "string") attempt.message = body.Message;
      } catch {
        attempt.error = `not JSON: ${text.slice(0, 200)}`;
      }
    } catch (error) {
      attempt.error = String(error instanceof Error ? error.message : error);
    }
    order.ipnAttempts.push(attempt);
    log(
      `vnpay-simulator: IPN ${order.txnRef} → ${attempt.status ?? "-"} ${attempt.rspCode ?? ""} ${attempt.message ?? ""}${attempt.error ? ` (${attempt.error})` : ""}`.trimEnd(),
    );
    return attempt;
  }

  /** The IPN, sent again after anything but RspCode 00 or 02, up to ipnRetries more times. */
  async function deliverIpn(order: SimTransaction) {
    for (let i = 0; i <= ipnRetries; i++) {
      if (i > 0) await sleep(ipnRetryDelayMs);
      const attempt = await sendIpnOnce(order);
      if (attempt.status === 200 && (attempt.rspCode === "00" || attempt.rspCode === "02")) return;
    }
    log(`vnpay-simulator: IPN ${order.txnRef} not acknowledged after ${ipnRetries + 1} attempts`);
  }

  function handlePaymentPage(url: URL, res: ServerResponse) {
    let params: VnpParams;
    try {
      params = checkPaymentRequest(url.searchParams, tmnCode, secret, now());
    } catch (error) {
      if (!(error instanceof Rejection)) throw error;
      log(`vnpay-simulator: payment request refused: ${error.code} ${error.message}`);
      return sendHtml(res, 400, errorPage(error.code, error.message));
    }
    const key = orderKey(params.vnp_CreateDate ?? "", params.vnp_TxnRef ?? "");
    const existing = orders.get(key);
    if (existing && (existing.state !== "pending" || openedWith.get(key) !== url.search)) {
      log(`vnpay-simulator: payment request refused: 94 duplicate TxnRef ${existing.txnRef}`);
      return sendHtml(res, 400, errorPage("94", "Mã giao dịch đã tồn tại"));
    }
    const order: SimTransaction = existing ?? {
      txnRef: params.vnp_TxnRef ?? "",
      amount: params.vnp_Amount ?? "",
      orderInfo: params.vnp_OrderInfo ?? "",
      createDate: params.vnp_CreateDate ?? "",
      expireDate: params.vnp_ExpireDate ?? "",
      returnUrl: params.vnp_ReturnUrl ?? "",
      state: "pending",
      ipnAttempts: [],
      refunds: [],
    };
    orders.set(key, order);
    openedWith.set(key, url.search);
    const session = randomBytes(16).toString("base64url");
    sessions.set(session, { key, createdAt: now().getTime() });
    return sendHtml(res, 200, paymentPage(session, tmnCode, order, Boolean(ipnUrl)));
  }

  async function handlePay(req: IncomingMessage, res: ServerResponse) {
    const form = new URLSearchParams(await readBody(req, 16_384));
    const session = sessions.get(form.get("session") ?? "");
    const order = session ? orders.get(session.key) : undefined;
    if (!session || !order) return sendHtml(res, 400, errorPage("03", "Phiên thanh toán không tồn tại hoặc đã kết thúc"));
    if (order.state !== "pending") return sendHtml(res, 400, errorPage("94", "Giao dịch đã được xử lý"));
    const outcomeKey = form.get("outcome") ?? "";
    if (!(outcomeKey in OUTCOMES)) return sendHtml(res, 400, errorPage("03", "Hãy chọn kết quả thanh toán"));
    const expires = parseVnpayTimestamp(order.expireDate);
    if (expires && expires <= now()) {
      sessions.delete(form.get("session") ?? "");
      return sendHtml(res, 400, errorPage("11", "Giao dịch đã quá thời gian chờ thanh toán"));
    }
    const outcome = OUTCOMES[outcomeKey as Outcome];
    sessions.delete(form.get("session") ?? "");

    lastTransactionNo += 1;
    const success = outcome.responseCode === "00";
    Object.assign(order, {
      state: "confirmed",
      transactionNo: String(lastTransactionNo),
      bankCode: "NCB",
      bankTranNo: success ? `VNP${lastTransactionNo}` : undefined,
      cardType: "ATM",
      payDate: vnpayTimestamp(now()),
      responseCode: outcome.responseCode,
      transactionStatus: outcome.transactionStatus,
    } satisfies Partial<SimTransaction>);
    const result: VnpParams = {
      vnp_Amount: order.amount,
      vnp_BankCode: "NCB",
      ...(success ? { vnp_BankTranNo: `VNP${lastTransactionNo}` } : {}),
      vnp_CardType: "ATM",
      vnp_OrderInfo: order.orderInfo,
      vnp_PayDate: order.payDate ?? "",
      vnp_ResponseCode: outcome.responseCode,
      vnp_TmnCode: tmnCode,
      vnp_TransactionNo: String(lastTransactionNo),
      vnp_TransactionStatus: outcome.transactionStatus,
      vnp_TxnRef: order.txnRef,
    };
    const query = canonicalString(result);
    order.resultParams = { ...result, vnp_SecureHash: hmacSha512(secret, query) };
    log(`vnpay-simulator: ${order.txnRef} ${formatAmount(order.amount)} → ${outcome.responseCode}/${outcome.transactionStatus} (TransactionNo ${lastTransactionNo})`);

    if (form.get("ipn") === "on") {
      if (ipnUrl) await deliverIpn(order);
      else log(`vnpay-simulator: IPN ${order.txnRef} not sent: no IPN URL registered (VNPAY_IPN_URL)`);
    } else {
      log(`vnpay-simulator: IPN ${order.txnRef} not sent (turned off on the payment page)`);
    }
    res.statusCode = 302;
    res.setHeader("Location", `${order.returnUrl}${order.returnUrl.includes("?") ? "&" : "?"}${signedQuery(result)}`);
    res.setHeader("Cache-Control", "no-store");
    res.end();
  }

  // -------------------------------------------------------------------------------------------------------------
  // querydr and refund (§2.3)

  function apiAnswer(fields: readonly string[], body: Record<string, string>): Record<string, string> {
    const answer: Record<string, string> = { vnp_ResponseId: randomBytes(16).toString("hex"), ...body };
    for (const [k, v] of Object.entries(answer)) if (v === "") delete answer[k];
    return { ...answer, vnp_SecureHash: messageChecksum(fields, answer, secret) };
  }

  function handleApi(raw: string): Record<string, string> {
    let message: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
      message = parsed as Record<string, unknown>;
    } catch {
      return apiAnswer(QUERYDR_RESPONSE_FIELDS, { vnp_Command: "", vnp_ResponseCode: "03", vnp_Message: "Invalid request format" });
    }
    const str = (k: string) => (typeof message[k] === "string" ? (message[k] as string) : typeof message[k] === "number" ? String(message[k]) : "");
    const command = str("vnp_Command");
    const fields = command === "refund" ? REFUND_RESPONSE_FIELDS : QUERYDR_RESPONSE_FIELDS;
    const base = { vnp_Command: command, vnp_TmnCode: str("vnp_TmnCode"), vnp_TxnRef: str("vnp_TxnRef") };
    const fail = (code: string, text: string) => apiAnswer(fields, { ...base, vnp_ResponseCode: code, vnp_Message: text });

    if (command !== "querydr" && command !== "refund") return fail("03", "Invalid command");
    const requestFields = command === "refund" ? REFUND_REQUEST_FIELDS : QUERYDR_REQUEST_FIELDS;
    const strings: Record<string, string> = Object.fromEntries([...requestFields, "vnp_SecureHash"].map((f) => [f, str(f)]));
    for (const f of requestFields) if (!strings[f]) return fail("03", `Missing ${f}`);
    if (strings.vnp_Version !== "2.1.0") return fail("03", "Invalid vnp_Version");
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(strings.vnp_RequestId ?? "")) return fail("03", "Invalid vnp_RequestId");
    for (const f of ["vnp_TransactionDate", "vnp_CreateDate"]) {
      const at = TIMESTAMP.test(strings[f] ?? "") ? parseVnpayTimestamp(strings[f] ?? "") : null;
      if (!at || vnpayTimestamp(at) !== strings[f]) return fail("03", `Invalid ${f}`);
    }
    if (command === "refund") {
      if (strings.vnp_TransactionType !== "02" && strings.vnp_TransactionType !== "03") return fail("03", "Invalid vnp_TransactionType");
      if (!/^[1-9]\d*$/.test(strings.vnp_Amount ?? "") || !(strings.vnp_Amount ?? "").endsWith("00")) return fail("03", "Invalid vnp_Amount");
    }
    if (strings.vnp_TmnCode !== tmnCode) return fail("02", "Invalid TmnCode");
    if (!verifyMessage(requestFields, strings, secret)) return fail("97", "Invalid Checksum");
    const requestKey = `${vnpayTimestamp(now()).slice(0, 8)}:${strings.vnp_RequestId}`;
    if (requestIds.has(requestKey)) return fail("94", "Duplicate request");
    requestIds.add(requestKey);

    const order = orders.get(orderKey(strings.vnp_TransactionDate ?? "", strings.vnp_TxnRef ?? ""));
    if (!order) return fail("91", "Transaction not found");
    const refunded = order.refunds.reduce((sum, r) => sum + BigInt(r.amount), 0n);
    const lastRefund = order.refunds.at(-1);

    if (command === "querydr") {
      return apiAnswer(QUERYDR_RESPONSE_FIELDS, {
        ...base,
        vnp_ResponseCode: "00",
        vnp_Message: "QueryDR Success",
        vnp_Amount: order.amount,
        vnp_BankCode: order.bankCode ?? "",
        vnp_PayDate: order.payDate ?? "",
        vnp_TransactionNo: order.transactionNo ?? "",
        vnp_TransactionType: lastRefund ? lastRefund.transactionType : "01",
        vnp_TransactionStatus: lastRefund ? "05" : order.state === "pending" ? "01" : (order.transactionStatus ?? "02"),
        vnp_OrderInfo: order.orderInfo,
      });
    }

    // refund. 95 (refused: the payment did not succeed at VNPay) is from memory of VNPay's refund table, not in our notes.
    if (order.transactionStatus !== "00") return fail("95", "Transaction is not successful, refund refused");
    if (strings.vnp_TransactionNo !== "0" && strings.vnp_TransactionNo !== order.transactionNo) return fail("91", "Transaction not found");
    const amount = BigInt(strings.vnp_Amount ?? "0");
    const paid = BigInt(order.amount);
    if (strings.vnp_TransactionType === "02" && (refunded > 0n || amount !== paid)) return fail("03", "A full refund is the whole amount paid");
    if (amount > paid - refunded) return fail("03", "Refund amount exceeds the amount paid");
    const refund: SimRefund = {
      requestId: strings.vnp_RequestId ?? "",
      transactionType: strings.vnp_TransactionType as "02" | "03",
      amount: strings.vnp_Amount ?? "",
      createBy: strings.vnp_CreateBy ?? "",
      at: now().toISOString(),
    };
    order.refunds.push(refund);
    log(`vnpay-simulator: refund ${order.txnRef} ${formatAmount(refund.amount)} (${refund.transactionType}) by ${refund.createBy}`);
    return apiAnswer(REFUND_RESPONSE_FIELDS, {
      ...base,
      vnp_ResponseCode: "00",
      vnp_Message: "Refund Success",
      vnp_Amount: refund.amount,
      vnp_BankCode: order.bankCode ?? "",
      vnp_PayDate: vnpayTimestamp(now()),
      vnp_TransactionNo: order.transactionNo ?? "",
      vnp_TransactionType: refund.transactionType,
      vnp_TransactionStatus: "05",
      vnp_OrderInfo: strings.vnp_OrderInfo ?? "",
    });
  }

  // -------------------------------------------------------------------------------------------------------------
  // Routing

  let baseUrl = "";
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error("vnpay-simulator:", error);
      if (!res.headersSent) sendHtml(res, 500, errorPage("99", "Cổng thanh toán thử nghiệm gặp lỗi. Hãy thử lại."));
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", baseUrl);
    const method = req.method ?? "GET";
    if (method === "GET" && url.pathname === "/healthz") {
      res.setHeader("Content-Type", "text/plain; charset=utf-8");
      return res.end("ok");
    }
    if (method === "GET" && url.pathname === "/") return sendHtml(res, 200, homePage(baseUrl, tmnCode, ipnUrl));
    if (method === "GET" && url.pathname === PAY_PATH) return handlePaymentPage(url, res);
    if (method === "POST" && url.pathname === "/paymentv2/pay") return handlePay(req, res);
    if (method === "POST" && url.pathname === API_PATH) return sendJson(res, 200, handleApi(await readBody(req)));
    if (method === "GET" && url.pathname === "/_sim/transactions") {
      const transactions = [...orders.values()].map((o) => ({ ...o, resultQuery: o.resultParams ? signedQuery(o.resultParams) : undefined }));
      return sendJson(res, 200, { transactions });
    }
    const replay = /^\/_sim\/transactions\/([^/]+)\/ipn$/.exec(url.pathname);
    if (method === "POST" && replay) {
      const txnRef = decodeURIComponent(replay[1] ?? "");
      const order = [...orders.values()].reverse().find((o) => o.txnRef === txnRef && o.resultParams);
      if (!order) return sendJson(res, 404, { error: "no confirmed transaction with this TxnRef" });
      if (!ipnUrl) return sendJson(res, 409, { error: "no IPN URL registered" });
      return sendJson(res, 200, await sendIpnOnce(order));
    }
    if (method === "POST" && url.pathname === "/_sim/reset") {
      orders.clear();
      openedWith.clear();
      sessions.clear();
      requestIds.clear();
      return sendJson(res, 200, { ok: true });
    }
    return sendHtml(res, 404, errorPage("404", "Không tìm thấy trang"));
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? DEFAULT_SIMULATOR_PORT, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : (options.port ?? DEFAULT_SIMULATOR_PORT);
  baseUrl = `http://${host}:${port}`;
  return {
    url: baseUrl,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Command line: `tsx tools/vnpay-simulator.ts`

function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

function wholeNumber(name: string, fallback: number, max: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    console.error(`${name} must be a whole number between 0 and ${max}.`);
    process.exit(1);
  }
  return value;
}

async function main() {
  const port = wholeNumber("VNPAY_SIM_PORT", DEFAULT_SIMULATOR_PORT, 65535);
  const hashSecret = process.env.VNPAY_HASH_SECRET?.trim();
  if (!hashSecret) {
    console.error(
      "VNPAY_HASH_SECRET is not set. The simulator has no built-in secret: choose one (e.g. `openssl rand -hex 16`) and give the same value to the portal.",
    );
    process.exit(1);
  }
  const tmnCode = process.env.VNPAY_TMN_CODE?.trim() || DEFAULT_TMN_CODE;
  const ipnUrl = process.env.VNPAY_IPN_URL?.trim() || undefined;
  if (ipnUrl && !URL.canParse(ipnUrl)) {
    console.error(`VNPAY_IPN_URL: "${ipnUrl}" is not a URL.`);
    process.exit(1);
  }
  const sim = await startVnpaySimulator({
    port,
    tmnCode,
    hashSecret,
    ipnUrl,
    ipnRetries: wholeNumber("VNPAY_SIM_IPN_RETRIES", 3, 10),
    ipnRetryDelayMs: wholeNumber("VNPAY_SIM_IPN_RETRY_MS", 1000, 60_000),
  }).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(code === "EADDRINUSE" ? `Port ${port} is already in use; set VNPAY_SIM_PORT to a free port.` : String(error));
    process.exit(1);
  });
  console.log(
    [
      "",
      `VNPay simulator (${LABEL}) is serving on ${sim.url}`,
      `  TmnCode     ${tmnCode}`,
      "  HashSecret  from VNPAY_HASH_SECRET",
      `  IPN URL     ${ipnUrl ?? "(none: set VNPAY_IPN_URL, or no IPN is sent)"}`,
      "",
      "Start the portal with:",
      `  VNPAY_TMN_CODE=${tmnCode} VNPAY_HASH_SECRET=<the same secret> VNPAY_PAY_URL=${sim.url}${PAY_PATH} VNPAY_API_URL=${sim.url}${API_PATH} npm run dev`,
      "",
    ].join("\n"),
  );
  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

if (isMain()) void main();
