// Test support for the payments' reconciliation (tests only): payment deps whose services are stubs (VNPay's merchant
// API answering querydr as a test wants, signed with the test secret; receipts drawn as a few bytes into a blob store
// under the province's folder), a dossier waiting for its pay-first fees, transfers and VNPay orders started as the
// applicant would, and VNPay's signed IPN.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { createDiskBlobStore } from "../../platform/blob-store.server";
import { DEFAULT_PAYMENT_SETTINGS } from "../../platform/payment-settings.server";
import { capturingServices, citizenActor, insertCitizen, insertDossier, type Province } from "../dossiers/back-office.fixture.server";
import { openPayFirstRequest, startPayment, type PaymentDeps, type PaymentLine } from "./payments.server";
import { canonicalString, hmacSha512, messageChecksum, QUERYDR_RESPONSE_FIELDS, vnpayTimestamp } from "./vnpay.server";

export const TEST_SECRET = "DVCTESTSECRET0123456789ABCDEFGHIJ";
export const TMN = "DVCTEST1";

/** What the stub gateway answers to querydr for a reference: paid, still open, or unknown (91). */
export type GatewayAnswer = "paid" | "open" | "notFound";

export function testPaymentDeps(dir: string, gateway: Map<string, GatewayAnswer> = new Map(), amounts: Map<string, number> = new Map()): PaymentDeps & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    settings: {
      ...DEFAULT_PAYMENT_SETTINGS,
      origin: "http://portal.test",
      vnpay: { tmnCode: TMN, hashSecret: TEST_SECRET, payUrl: "http://vnpay.test/paymentv2/vpcpay.html", apiUrl: "http://vnpay.test/merchant_webapi/api/transaction", expiryMinutes: 15 },
      vietqr: { bankBin: "970418", bankName: "BIDV", account: "1234567890123", accountName: "TRUNG TAM PHUC VU HANH CHINH CONG", expiryHours: 24 },
    },
    services: {
      async vnpayApi(_url, body) {
        const reference = body.vnp_TxnRef ?? "";
        asked.push(reference);
        const answer = gateway.get(reference) ?? "notFound";
        if (answer === "notFound") return { vnp_ResponseCode: "91", vnp_Message: "Not found" };
        const message: Record<string, string> = {
          vnp_ResponseId: "r1",
          vnp_Command: "querydr",
          vnp_ResponseCode: "00",
          vnp_Message: "OK",
          vnp_TmnCode: TMN,
          vnp_TxnRef: reference,
          vnp_Amount: String((amounts.get(reference) ?? 0) * 100),
          vnp_BankCode: "NCB",
          vnp_PayDate: vnpayTimestamp(new Date("2026-12-01T02:05:00Z")),
          vnp_TransactionNo: answer === "paid" ? String(14000000 + asked.length) : "0",
          vnp_TransactionType: "01",
          vnp_TransactionStatus: answer === "paid" ? "00" : "01",
          vnp_OrderInfo: "Thanh toan",
          vnp_PromotionCode: "",
          vnp_PromotionAmount: "",
        };
        message.vnp_SecureHash = messageChecksum(QUERYDR_RESPONSE_FIELDS, message, TEST_SECRET);
        return message;
      },
      random: (n) => randomBytes(n),
      blobs: createDiskBlobStore(join(dir, "payment-blobs")),
      renderReceipt: async () => Buffer.from("%PDF-1.7"),
      backOffice: { services: capturingServices(), settings: {} },
    },
  };
}

export const FEE_LINES: PaymentLine[] = [
  { name: "Phí cung cấp thông tin lý lịch tư pháp", kind: "phi", quantity: 1, amount: 150_000 },
  { name: "Lệ phí cấp bản sao", kind: "le_phi", quantity: 1, amount: 50_000 },
];

/** A dossier at `agency` (status 1) waiting for its pay-first fees (FEE_LINES unless given); the applicant and the request. */
export async function payableDossier(p: Province, agency: { id: string; code: string }, opts: { lines?: PaymentLine[]; now: Date }) {
  const owner = await insertCitizen(p.db);
  const d = await insertDossier(p.db, { agency, version: p.record, owner, waitingFor: "payment", receivedAt: opts.now.toISOString() });
  const requestId = await p.db.transaction().execute((trx) => openPayFirstRequest(trx, { dossierId: d.id, payerName: "Lò Thị Mai", lines: opts.lines ?? FEE_LINES, now: opts.now }));
  return { ...d, owner, requestId: requestId! };
}

/** The applicant starts paying (a VietQR transfer or a VNPay order): the attempt's reference. */
export async function startAs(p: Province, deps: PaymentDeps, d: { code: string; owner: string; requestId: string }, provider: "vnpay" | "vietqr", now: Date): Promise<string> {
  const r = await startPayment(p.db, deps, { actor: citizenActor(d.owner), code: d.code, requestId: d.requestId, provider, ip: "203.0.113.9", locale: "vi", now });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.reference;
}

/** VNPay's IPN for an order, signed with the test secret: paid (00/00) for `amount` đồng. */
export function signedIpn(reference: string, amount: number, txnNo: string): Record<string, string> {
  const params: Record<string, string> = {
    vnp_Amount: String(amount * 100),
    vnp_BankCode: "NCB",
    vnp_OrderInfo: "Thanh toan",
    vnp_PayDate: "20261201091000",
    vnp_ResponseCode: "00",
    vnp_TmnCode: TMN,
    vnp_TransactionNo: txnNo,
    vnp_TransactionStatus: "00",
    vnp_TxnRef: reference,
  };
  return { ...params, vnp_SecureHash: hmacSha512(TEST_SECRET, canonicalString(params)) };
}

/** A bank statement CSV (BIDV-like) of credit lines: [date dd/mm/yyyy, bank ref, amount, description]. */
export function statementCsv(lines: [string, string, number, string][]): string {
  const rows = lines.map(([date, ref, amount, description]) => `${date} 10:00:00,${ref},,"${amount.toLocaleString("en-US")}","${description}"`);
  return ["Ngày GD,Số bút toán,Ghi nợ,Ghi có,Diễn giải", ...rows].join("\n") + "\n";
}
