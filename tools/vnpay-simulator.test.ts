import { createServer, type Server } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  messageChecksum,
  paymentUrl,
  QUERYDR_REQUEST_FIELDS,
  QUERYDR_RESPONSE_FIELDS,
  REFUND_REQUEST_FIELDS,
  verifyMessage,
  verifySignature,
  vnpayTimestamp,
  type VnpParams,
} from "../app/domain/payments/vnpay.server";
import { API_PATH, PAY_PATH, startVnpaySimulator, type SimTransaction, type VnpaySimulator } from "./vnpay-simulator";

const SECRET = "DVCTESTSECRET0123456789ABCDEFGHIJ";
const TMN = "DVCHG001";
const RETURN_URL = "https://dichvucong.example.gov.vn/thanh-toan/ket-qua?src=vnpay";
const REFUND_RESPONSE_FIELDS = QUERYDR_RESPONSE_FIELDS.filter((f) => f !== "vnp_PromotionCode" && f !== "vnp_PromotionAmount");

// The merchant's IPN endpoint: records every call and answers with the next queued RspCode (00 when none is queued).
const ipnCalls: VnpParams[] = [];
const ipnAnswers: string[] = [];
let merchant: Server;
let sim: VnpaySimulator;
let txnCounter = 0;

beforeAll(async () => {
  merchant = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://merchant");
    ipnCalls.push(Object.fromEntries(url.searchParams));
    res.setHeader("Content-Type", "application/json");
    res.end(JSON.stringify({ RspCode: ipnAnswers.shift() ?? "00", Message: "Confirm Success" }));
  });
  await new Promise<void>((resolve) => merchant.listen(0, "127.0.0.1", resolve));
  const address = merchant.address();
  const merchantPort = typeof address === "object" && address ? address.port : 0;
  sim = await startVnpaySimulator({
    port: 0,
    tmnCode: TMN,
    hashSecret: SECRET,
    ipnUrl: `http://127.0.0.1:${merchantPort}/payments/vnpay/ipn`,
    ipnRetries: 3,
    ipnRetryDelayMs: 20,
    log: () => {},
  });
});

afterAll(async () => {
  await sim.close();
  await new Promise<void>((resolve) => merchant.close(() => resolve()));
});

afterEach(() => {
  ipnCalls.length = 0;
  ipnAnswers.length = 0;
});

function order(overrides: VnpParams = {}): VnpParams {
  const created = new Date();
  txnCounter += 1;
  return {
    vnp_Version: "2.1.0",
    vnp_Command: "pay",
    vnp_TmnCode: TMN,
    vnp_Amount: "5000000",
    vnp_CurrCode: "VND",
    vnp_TxnRef: `PAY${Date.now().toString(36).toUpperCase()}${txnCounter}`,
    vnp_OrderInfo: "Thanh toan le phi ho so H24-261129-0001: 50000 VND",
    vnp_OrderType: "other",
    vnp_Locale: "vn",
    vnp_ReturnUrl: RETURN_URL,
    vnp_IpAddr: "203.0.113.7",
    vnp_CreateDate: vnpayTimestamp(created),
    vnp_ExpireDate: vnpayTimestamp(new Date(created.getTime() + 15 * 60_000)),
    ...overrides,
  };
}

async function openPage(params: VnpParams): Promise<{ status: number; html: string; session: string }> {
  const response = await fetch(paymentUrl(sim.url + PAY_PATH, params, SECRET));
  const html = await response.text();
  return { status: response.status, html, session: /name="session" value="([^"]+)"/.exec(html)?.[1] ?? "" };
}

async function pay(session: string, outcome: string, ipn: boolean): Promise<Response> {
  const form = new URLSearchParams({ session, outcome });
  if (ipn) form.set("ipn", "on");
  return fetch(`${sim.url}/paymentv2/pay`, { method: "POST", body: form, redirect: "manual" });
}

async function transactions(): Promise<(SimTransaction & { resultQuery?: string })[]> {
  const response = await fetch(`${sim.url}/_sim/transactions`);
  return ((await response.json()) as { transactions: (SimTransaction & { resultQuery?: string })[] }).transactions;
}

let requestCounter = 0;
function querydr(params: VnpParams, secret = SECRET, requestId?: string): Record<string, string> {
  requestCounter += 1;
  const message: Record<string, string> = {
    vnp_RequestId: requestId ?? `REQ${Date.now()}${requestCounter}`,
    vnp_Version: "2.1.0",
    vnp_Command: "querydr",
    vnp_TmnCode: TMN,
    vnp_TxnRef: params.vnp_TxnRef ?? "",
    vnp_TransactionDate: params.vnp_CreateDate ?? "",
    vnp_CreateDate: vnpayTimestamp(new Date()),
    vnp_IpAddr: "203.0.113.10",
    vnp_OrderInfo: `Doi soat giao dich ${params.vnp_TxnRef}`,
  };
  return { ...message, vnp_SecureHash: messageChecksum(QUERYDR_REQUEST_FIELDS, message, secret) };
}

async function api(message: Record<string, string>): Promise<Record<string, string>> {
  const response = await fetch(sim.url + API_PATH, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(message) });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, string>;
}

async function paidOrder(): Promise<{ params: VnpParams; ipn: VnpParams }> {
  const params = order();
  const page = await openPage(params);
  const response = await pay(page.session, "success", true);
  expect(response.status).toBe(302);
  const ipn = ipnCalls.at(-1);
  if (!ipn) throw new Error("no IPN");
  return { params, ipn };
}

describe("the payment page", () => {
  it("accepts a payment URL built with paymentUrl and shows the merchant, the order and the amount", async () => {
    const params = order();
    const page = await openPage(params);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<html lang="vi">');
    expect(page.html).toContain("không phải VNPay");
    expect(page.html).toContain("50.000 đ");
    expect(page.html).toContain(TMN);
    expect(page.html).toContain(params.vnp_TxnRef);
    expect(page.html).toContain('<label for="outcome-success">Thanh toán thành công</label>');
    expect(page.html).toMatch(/<input type="checkbox" id="ipn" name="ipn" value="on" checked/);
    expect(page.html).not.toMatch(/<script|https?:\/\/[^"]*\.(css|js)/);
    expect(page.session).toMatch(/^[\w-]{20,}$/);
  });

  it("refuses a tampered URL with 97 Sai chữ ký", async () => {
    const url = paymentUrl(sim.url + PAY_PATH, order(), SECRET).replace("vnp_Amount=5000000", "vnp_Amount=500000");
    const response = await fetch(url);
    const html = await response.text();
    expect(response.status).toBe(400);
    expect(html).toContain("Sai chữ ký");
    expect(html).toContain('<span id="error-code">97</span>');
  });

  it("refuses a URL signed with another secret, an unknown TmnCode, an expired order, a non-×100 amount and a reused TxnRef", async () => {
    const cases: [string, string, string][] = [
      [paymentUrl(sim.url + PAY_PATH, order(), "ANOTHERSECRET0123456789ABCDEFGHI"), "97", "Sai chữ ký"],
      [paymentUrl(sim.url + PAY_PATH, order({ vnp_TmnCode: "OTHER001" }), SECRET), "02", "vnp_TmnCode"],
      [
        paymentUrl(
          sim.url + PAY_PATH,
          order({ vnp_CreateDate: vnpayTimestamp(new Date(Date.now() - 30 * 60_000)), vnp_ExpireDate: vnpayTimestamp(new Date(Date.now() - 15 * 60_000)) }),
          SECRET,
        ),
        "11",
        "Giao dịch đã quá thời gian chờ thanh toán",
      ],
      [paymentUrl(sim.url + PAY_PATH, order({ vnp_Amount: "5000050" }), SECRET), "03", "vnp_Amount"],
      [paymentUrl(sim.url + PAY_PATH, order({ vnp_ReturnUrl: "/thanh-toan/ket-qua" }), SECRET), "03", "vnp_ReturnUrl"],
    ];
    for (const [url, code, text] of cases) {
      const response = await fetch(url);
      const html = await response.text();
      expect(response.status, code).toBe(400);
      expect(html).toContain(`<span id="error-code">${code}</span>`);
      expect(html).toContain(text);
    }
    const { params } = await paidOrder();
    const again = await fetch(paymentUrl(sim.url + PAY_PATH, { ...params, vnp_Amount: "6000000" }, SECRET));
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("Mã giao dịch đã tồn tại");
  });
});

describe("paying", () => {
  it("approves: sends a signed IPN that verifySignature accepts, then redirects to the ReturnUrl with the same parameters", async () => {
    const params = order();
    const page = await openPage(params);
    const response = await pay(page.session, "success", true);
    expect(response.status).toBe(302);
    expect(ipnCalls).toHaveLength(1);
    const ipn = ipnCalls[0] ?? {};
    expect(verifySignature(ipn, SECRET)).toBe(true);
    expect(verifySignature({ ...ipn, vnp_Amount: "500000" }, SECRET)).toBe(false);
    expect(ipn).toMatchObject({
      vnp_Amount: "5000000",
      vnp_BankCode: "NCB",
      vnp_CardType: "ATM",
      vnp_OrderInfo: params.vnp_OrderInfo,
      vnp_ResponseCode: "00",
      vnp_TmnCode: TMN,
      vnp_TransactionStatus: "00",
      vnp_TxnRef: params.vnp_TxnRef,
    });
    expect(ipn.vnp_TransactionNo).toMatch(/^\d{8}$/);
    expect(ipn.vnp_BankTranNo).toBe(`VNP${ipn.vnp_TransactionNo}`);
    expect(ipn.vnp_PayDate).toMatch(/^\d{14}$/);

    const location = new URL(response.headers.get("location") ?? "");
    expect(`${location.origin}${location.pathname}`).toBe("https://dichvucong.example.gov.vn/thanh-toan/ket-qua");
    const returned = Object.fromEntries(location.searchParams);
    expect(returned.src).toBe("vnpay");
    delete returned.src;
    expect(returned).toEqual(ipn);
    // The query is encoded as paymentUrl encodes: sorted, form-encoded, the hash last.
    expect(location.search).toMatch(/^\?src=vnpay&vnp_Amount=5000000&vnp_BankCode=NCB&.*&vnp_OrderInfo=Thanh\+toan\+le\+phi.*%3A\+50000\+VND&.*&vnp_SecureHash=[0-9a-f]{128}$/);

    // The session is used up: posting it again is refused.
    expect((await pay(page.session, "success", true)).status).toBe(400);
  });

  it("declines: the customer's cancellation is 24/02, without a BankTranNo", async () => {
    const page = await openPage(order());
    const response = await pay(page.session, "cancelled", true);
    expect(response.status).toBe(302);
    const ipn = ipnCalls[0] ?? {};
    expect(verifySignature(ipn, SECRET)).toBe(true);
    expect(ipn.vnp_ResponseCode).toBe("24");
    expect(ipn.vnp_TransactionStatus).toBe("02");
    expect(ipn.vnp_BankTranNo).toBeUndefined();
    expect(new URL(response.headers.get("location") ?? "").searchParams.get("vnp_ResponseCode")).toBe("24");
  });

  it("insufficient balance is 51/02", async () => {
    const page = await openPage(order());
    await pay(page.session, "insufficient", true);
    expect(ipnCalls[0]).toMatchObject({ vnp_ResponseCode: "51", vnp_TransactionStatus: "02" });
  });

  it("with the IPN turned off, sends nothing but still redirects with a signed result", async () => {
    const params = order();
    const page = await openPage(params);
    const response = await pay(page.session, "success", false);
    expect(response.status).toBe(302);
    expect(ipnCalls).toHaveLength(0);
    expect(verifySignature(Object.fromEntries(new URL(response.headers.get("location") ?? "").searchParams), SECRET)).toBe(true);
    const recorded = (await transactions()).find((t) => t.txnRef === params.vnp_TxnRef);
    expect(recorded?.ipnAttempts).toEqual([]);
    expect(recorded?.transactionStatus).toBe("00");
  });

  it("sends the IPN again after a 99 answer, until 00 or 02", async () => {
    ipnAnswers.push("99", "99", "02");
    const params = order();
    await pay((await openPage(params)).session, "success", true);
    expect(ipnCalls).toHaveLength(3);
    expect(ipnCalls[2]).toEqual(ipnCalls[0]);
    const recorded = (await transactions()).find((t) => t.txnRef === params.vnp_TxnRef);
    expect(recorded?.ipnAttempts.map((a) => a.rspCode)).toEqual(["99", "99", "02"]);
  });

  it("gives up after three retries", async () => {
    ipnAnswers.push("99", "99", "99", "99", "99");
    await pay((await openPage(order())).session, "success", true);
    expect(ipnCalls).toHaveLength(4);
  });

  it("lists the transactions with their signed result and sends an IPN again on request", async () => {
    const { params, ipn } = await paidOrder();
    const recorded = (await transactions()).find((t) => t.txnRef === params.vnp_TxnRef);
    expect(recorded?.resultParams).toEqual(ipn);
    expect(recorded?.resultQuery).toMatch(/^vnp_Amount=5000000&.*&vnp_SecureHash=[0-9a-f]{128}$/);
    ipnAnswers.push("02");
    const replay = await fetch(`${sim.url}/_sim/transactions/${params.vnp_TxnRef}/ipn`, { method: "POST" });
    expect(await replay.json()).toMatchObject({ status: 200, rspCode: "02" });
    expect(ipnCalls.at(-1)).toEqual(ipn);
  });
});

describe("querydr and refund", () => {
  it("querydr of a paid order: 00, the amount ×100, bank, PayDate, TransactionNo, type 01, status 00, with a valid checksum", async () => {
    const { params, ipn } = await paidOrder();
    const answer = await api(querydr(params));
    expect(verifyMessage(QUERYDR_RESPONSE_FIELDS, answer, SECRET)).toBe(true);
    expect(verifyMessage(QUERYDR_RESPONSE_FIELDS, { ...answer, vnp_TransactionStatus: "02" }, SECRET)).toBe(false);
    expect(answer).toMatchObject({
      vnp_Command: "querydr",
      vnp_ResponseCode: "00",
      vnp_TmnCode: TMN,
      vnp_TxnRef: params.vnp_TxnRef,
      vnp_Amount: "5000000",
      vnp_BankCode: "NCB",
      vnp_PayDate: ipn.vnp_PayDate,
      vnp_TransactionNo: ipn.vnp_TransactionNo,
      vnp_TransactionType: "01",
      vnp_TransactionStatus: "00",
      vnp_OrderInfo: params.vnp_OrderInfo,
    });
  });

  it("querydr of an order shown but never confirmed is 01; of a TxnRef never seen is 91", async () => {
    const shown = order();
    await openPage(shown);
    const pending = await api(querydr(shown));
    expect(verifyMessage(QUERYDR_RESPONSE_FIELDS, pending, SECRET)).toBe(true);
    expect(pending).toMatchObject({ vnp_ResponseCode: "00", vnp_TransactionStatus: "01", vnp_Amount: "5000000" });
    const unknown = await api(querydr(order()));
    expect(verifyMessage(QUERYDR_RESPONSE_FIELDS, unknown, SECRET)).toBe(true);
    expect(unknown.vnp_ResponseCode).toBe("91");
  });

  it("a bad querydr checksum is 97; a RequestId used twice the same day is 94; an unknown TmnCode is 02; a malformed body is 03", async () => {
    const { params } = await paidOrder();
    const bad = await api(querydr(params, "ANOTHERSECRET0123456789ABCDEFGHI"));
    expect(bad.vnp_ResponseCode).toBe("97");
    expect(verifyMessage(QUERYDR_RESPONSE_FIELDS, bad, SECRET)).toBe(true);
    const requestId = `DUP${Date.now()}`;
    expect((await api(querydr(params, SECRET, requestId))).vnp_ResponseCode).toBe("00");
    expect((await api(querydr(params, SECRET, requestId))).vnp_ResponseCode).toBe("94");
    const other = querydr({ ...params });
    const otherTmn = { ...other, vnp_TmnCode: "OTHER001" };
    expect((await api({ ...otherTmn, vnp_SecureHash: messageChecksum(QUERYDR_REQUEST_FIELDS, otherTmn, SECRET) })).vnp_ResponseCode).toBe("02");
    const noDate = { ...querydr(params), vnp_TransactionDate: "" };
    expect((await api(noDate)).vnp_ResponseCode).toBe("03");
  });

  it("refund then querydr: 00, then type 02 and status 05; a refund larger than the payment is refused", async () => {
    const { params, ipn } = await paidOrder();
    const refund = (type: string, amount: string) => {
      requestCounter += 1;
      const message: Record<string, string> = {
        vnp_RequestId: `RF${Date.now()}${requestCounter}`,
        vnp_Version: "2.1.0",
        vnp_Command: "refund",
        vnp_TmnCode: TMN,
        vnp_TransactionType: type,
        vnp_TxnRef: params.vnp_TxnRef ?? "",
        vnp_Amount: amount,
        vnp_TransactionNo: ipn.vnp_TransactionNo ?? "",
        vnp_TransactionDate: params.vnp_CreateDate ?? "",
        vnp_CreateBy: "ketoan01",
        vnp_CreateDate: vnpayTimestamp(new Date()),
        vnp_IpAddr: "203.0.113.10",
        vnp_OrderInfo: `Hoan tien giao dich ${params.vnp_TxnRef}`,
      };
      return { ...message, vnp_SecureHash: messageChecksum(REFUND_REQUEST_FIELDS, message, SECRET) };
    };
    expect((await api(refund("03", "6000000"))).vnp_ResponseCode).toBe("03");
    const answer = await api(refund("02", "5000000"));
    expect(verifyMessage(REFUND_RESPONSE_FIELDS, answer, SECRET)).toBe(true);
    expect(answer).toMatchObject({ vnp_Command: "refund", vnp_ResponseCode: "00", vnp_TransactionType: "02", vnp_TransactionStatus: "05", vnp_Amount: "5000000" });
    const after = await api(querydr(params));
    expect(verifyMessage(QUERYDR_RESPONSE_FIELDS, after, SECRET)).toBe(true);
    expect(after).toMatchObject({ vnp_ResponseCode: "00", vnp_TransactionType: "02", vnp_TransactionStatus: "05" });
    expect((await api(refund("03", "100000"))).vnp_ResponseCode).toBe("03");
  });
});

describe("the process", () => {
  it("answers /healthz and forgets everything on /_sim/reset", async () => {
    const health = await fetch(`${sim.url}/healthz`);
    expect(await health.text()).toBe("ok");
    await paidOrder();
    expect((await transactions()).length).toBeGreaterThan(0);
    await fetch(`${sim.url}/_sim/reset`, { method: "POST" });
    expect(await transactions()).toEqual([]);
  });
});
