// VietQR (NAPAS 247 transfer QR, EMVCo merchant-presented) for paying a fee by bank transfer (issue 9;
// shared/domain/payments.md §3). Pure and isomorphic. Each object is an ID (2 digits), a length (2 digits, 01–99) and
// the value; the payload ends with the CRC-16/CCITT-FALSE of everything before it, "6304" included. Values are kept
// to printable ASCII, so that lengths (counted here) and bytes (what the CRC and the bank read) agree; the payment
// reference goes first in the purpose (62/08), which bank apps copy into the transfer's description.

/** CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR. */
export function crc16CcittFalse(text: string): string {
  let crc = 0xffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, "0");
}

const PRINTABLE = /^[\x20-\x7e]*$/;

export class VietQrError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "VietQrError";
  }
}

/** One object: ID, two-digit length, value (refused when empty, too long or not printable ASCII). */
export function tlv(id: string, value: string): string {
  if (!/^\d{2}$/.test(id)) throw new VietQrError(`Bad object id ${id}`);
  if (value.length === 0 || value.length > 99) throw new VietQrError(`Object ${id} must be 1–99 characters, not ${value.length}`);
  if (!PRINTABLE.test(value)) throw new VietQrError(`Object ${id} must be printable ASCII (no diacritics)`);
  return `${id}${String(value.length).padStart(2, "0")}${value}`;
}

export interface VietQrInput {
  /** The beneficiary bank's 6-digit BIN (BIDV 970418, VietinBank 970415, Vietcombank 970436, Agribank 970405…). */
  bankBin: string;
  /** The collecting account's number. */
  account: string;
  /** Whole đồng (a NAPAS 247 transfer is under 500 million). */
  amount: number;
  /** The bill number (62/01): the payment attempt's reference. */
  bill: string;
  /** The purpose (62/08): the reference first, then a description without diacritics. */
  purpose: string;
}

export const NAPAS_GUID = "A000000727";
export const MAX_TRANSFER = 500_000_000;

/** The dynamic VietQR payload (initiation method 12: an amount is set) for a transfer to an account. */
export function vietQrPayload(input: VietQrInput): string {
  if (!/^\d{6}$/.test(input.bankBin)) throw new VietQrError("The bank BIN must be 6 digits");
  if (!/^[0-9A-Za-z]{1,19}$/.test(input.account)) throw new VietQrError("The account number must be 1–19 letters or digits");
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0 || input.amount >= MAX_TRANSFER) throw new VietQrError("The amount must be whole đồng, above 0 and under 500 million");
  const beneficiary = tlv("00", input.bankBin) + tlv("01", input.account);
  const merchant = tlv("00", NAPAS_GUID) + tlv("01", beneficiary) + tlv("02", "QRIBFTTA");
  const additional = tlv("01", input.bill) + tlv("08", input.purpose);
  const body = tlv("00", "01") + tlv("01", "12") + tlv("38", merchant) + tlv("53", "704") + tlv("54", String(input.amount)) + tlv("58", "VN") + tlv("62", additional) + "6304";
  return body + crc16CcittFalse(body);
}

export interface ParsedVietQr {
  bankBin: string;
  account: string;
  amount: number | null;
  bill: string | null;
  purpose: string | null;
}

function objects(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < text.length; ) {
    const id = text.slice(i, i + 2);
    const length = Number(text.slice(i + 2, i + 4));
    if (!/^\d{2}$/.test(id) || !/^\d{2}$/.test(text.slice(i + 2, i + 4)) || i + 4 + length > text.length) throw new VietQrError(`Malformed object at ${i}`);
    out.set(id, text.slice(i + 4, i + 4 + length));
    i += 4 + length;
  }
  return out;
}

/** Reads a VietQR payload back, checking its CRC (what the e2e tests and the receipt's QR check). */
export function parseVietQr(payload: string): ParsedVietQr {
  if (payload.length < 8 || payload.slice(-8, -4) !== "6304") throw new VietQrError("No CRC object at the end");
  if (crc16CcittFalse(payload.slice(0, -4)) !== payload.slice(-4).toUpperCase()) throw new VietQrError("The CRC does not match");
  const root = objects(payload.slice(0, -8));
  const merchant = objects(root.get("38") ?? "");
  if (merchant.get("00") !== NAPAS_GUID) throw new VietQrError("Not a VietQR (NAPAS) payload");
  const beneficiary = objects(merchant.get("01") ?? "");
  const additional = root.has("62") ? objects(root.get("62")!) : new Map<string, string>();
  return {
    bankBin: beneficiary.get("00") ?? "",
    account: beneficiary.get("01") ?? "",
    amount: root.has("54") ? Number(root.get("54")) : null,
    bill: additional.get("01") ?? null,
    purpose: additional.get("08") ?? null,
  };
}
