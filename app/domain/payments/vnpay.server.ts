import { createHmac, timingSafeEqual } from "node:crypto";

// The VNPay 2.1.0 protocol's signatures (issue 9; shared/domain/payments.md §2): the payment URL, the IPN and return
// URL's verification, and the querydr / refund checksums. HMAC-SHA512, lowercase hex. The canonical string: every
// `vnp_` parameter except vnp_SecureHash and vnp_SecureHashType, empty values dropped, sorted by key in byte order,
// each key and value encoded as application/x-www-form-urlencoded (what URLSearchParams does), joined with "&".
// Pitfalls avoided: dates in Vietnam time whatever the server's TZ; no empty parameter is ever sent; OrderInfo kept to
// characters every encoder agrees on; hashes compared in constant time.

export type VnpParams = Record<string, string>;

/** What may go in vnp_OrderInfo: letters, digits, space and . , : _ - (no diacritics, no characters encoders disagree on). */
export const ORDER_INFO = /^[A-Za-z0-9 .,:_-]{1,255}$/;

export class VnpayError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "VnpayError";
  }
}

const TIMESTAMP = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Asia/Ho_Chi_Minh",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

/** yyyyMMddHHmmss in Vietnam time (GMT+7), as vnp_CreateDate, vnp_ExpireDate and vnp_PayDate are written. */
export function vnpayTimestamp(at: Date): string {
  const parts = Object.fromEntries(TIMESTAMP.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}${parts.month}${parts.day}${parts.hour}${parts.minute}${parts.second}`;
}

/** A vnp timestamp back to an instant (null when malformed). */
export function parseVnpayTimestamp(text: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!m) return null;
  const at = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+07:00`);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** The string VNPay signs: the vnp_ parameters but the hash, non-empty, sorted, form-encoded. */
export function canonicalString(params: VnpParams): string {
  const entries = Object.entries(params)
    .filter(([k, v]) => k.startsWith("vnp_") && k !== "vnp_SecureHash" && k !== "vnp_SecureHashType" && v !== "")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new URLSearchParams(entries).toString();
}

export function hmacSha512(secret: string, text: string): string {
  return createHmac("sha512", Buffer.from(secret, "utf8")).update(Buffer.from(text, "utf8")).digest("hex");
}

/** The signed payment URL (GET to the gateway's vpcpay.html). Refuses an empty parameter and an OrderInfo outside the whitelist. */
export function paymentUrl(gateway: string, params: VnpParams, secret: string): string {
  for (const [k, v] of Object.entries(params)) if (v === "") throw new VnpayError(`Empty parameter ${k}`);
  if (!ORDER_INFO.test(params.vnp_OrderInfo ?? "")) throw new VnpayError("vnp_OrderInfo must be letters, digits, space and . , : _ - only");
  if (params.vnp_ExpireDate && params.vnp_CreateDate && params.vnp_ExpireDate <= params.vnp_CreateDate) throw new VnpayError("vnp_ExpireDate must be after vnp_CreateDate");
  const query = canonicalString(params);
  return `${gateway}?${query}&vnp_SecureHash=${hmacSha512(secret, query)}`;
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase(), "utf8");
  const y = Buffer.from(b.toLowerCase(), "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Whether an IPN's or a return URL's parameters carry VNPay's valid signature (hashed as received and decoded). */
export function verifySignature(params: VnpParams, secret: string): boolean {
  const given = params.vnp_SecureHash ?? "";
  if (!/^[0-9a-fA-F]{128}$/.test(given)) return false;
  return sameHex(hmacSha512(secret, canonicalString(params)), given);
}

/** The querydr / refund checksum: HMAC-SHA512 over the values joined with "|", in the order the API lists them. */
export function pipeChecksum(values: readonly string[], secret: string): string {
  return hmacSha512(secret, values.join("|"));
}

export const QUERYDR_REQUEST_FIELDS = ["vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TxnRef", "vnp_TransactionDate", "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo"] as const;
export const QUERYDR_RESPONSE_FIELDS = [
  "vnp_ResponseId",
  "vnp_Command",
  "vnp_ResponseCode",
  "vnp_Message",
  "vnp_TmnCode",
  "vnp_TxnRef",
  "vnp_Amount",
  "vnp_BankCode",
  "vnp_PayDate",
  "vnp_TransactionNo",
  "vnp_TransactionType",
  "vnp_TransactionStatus",
  "vnp_OrderInfo",
  "vnp_PromotionCode",
  "vnp_PromotionAmount",
] as const;
export const REFUND_REQUEST_FIELDS = [
  "vnp_RequestId",
  "vnp_Version",
  "vnp_Command",
  "vnp_TmnCode",
  "vnp_TransactionType",
  "vnp_TxnRef",
  "vnp_Amount",
  "vnp_TransactionNo",
  "vnp_TransactionDate",
  "vnp_CreateBy",
  "vnp_CreateDate",
  "vnp_IpAddr",
  "vnp_OrderInfo",
] as const;

/** The refund response's checksum order: the querydr response's without the two promotion fields. */
export const REFUND_RESPONSE_FIELDS = QUERYDR_RESPONSE_FIELDS.filter((f) => f !== "vnp_PromotionCode" && f !== "vnp_PromotionAmount");

/** A querydr or refund message's checksum, from its fields in the API's order (a missing field counts as empty). */
export function messageChecksum(fields: readonly string[], message: Record<string, string | undefined>, secret: string): string {
  return pipeChecksum(
    fields.map((f) => message[f] ?? ""),
    secret,
  );
}

/** Whether a querydr or refund response carries a valid checksum. */
export function verifyMessage(fields: readonly string[], message: Record<string, string | undefined>, secret: string): boolean {
  const given = message.vnp_SecureHash ?? "";
  return /^[0-9a-fA-F]{128}$/.test(given) && sameHex(messageChecksum(fields, message, secret), given);
}
