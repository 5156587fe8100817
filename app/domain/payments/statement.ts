import { foldForSearch } from "../shared/search";
import { referencesIn } from "./reference";

// Bank-statement import for VietQR transfers (issue 9; shared/domain/payments.md §3 "Reference and reconciliation", §5.3):
// a CSV exported from the collecting bank's online banking is read into credit lines, and each line is classified
// against our payment attempts by the reference in its description. Pure and isomorphic; bad input gives error keys
// (namespace "payments", statement.errors.*) with the row (also in the params of a row's error, for the text), never an exception.
//
// Rows are numbered as a spreadsheet shows them: one per CSV record (a quoted description spanning lines is one
// row), the first record being row 1. Banks put title lines above the header; the header is the first of the first
// rows that names a date and a credit column.

export interface StatementLine {
  row: number;
  /** The booking (or transaction) date, YYYY-MM-DD, as the bank prints it (no time zone conversion). */
  bookedOn: string;
  /** The credit, whole đồng (> 0). */
  amount: number;
  description: string;
  bankRef: string | null;
}

export interface StatementError {
  row: number;
  key: string;
  params?: Record<string, unknown>;
}

export type StatementParse = { ok: true; lines: StatementLine[] } | { ok: false; errors: StatementError[] };

export const MAX_STATEMENT_ROWS = 10_000;
/** Errors listed one by one; beyond this many, one more error says how many were left out. */
export const MAX_STATEMENT_ERRORS = 20;
const HEADER_SEARCH_ROWS = 30;

const E = (name: string) => `payments:statement.errors.${name}`;
export const STATEMENT_ERRORS = {
  empty: E("empty"),
  missingDate: E("missingDate"),
  missingCredit: E("missingCredit"),
  missingDescription: E("missingDescription"),
  badDate: E("badDate"),
  badAmount: E("badAmount"),
  tooManyRows: E("tooManyRows"),
  moreErrors: E("moreErrors"),
} as const;

type Column = "date" | "credit" | "description" | "reference";

// Header names, folded (foldForSearch: lower case, no diacritics, đ → d); the earlier name wins when a file has several
// (a statement with "Ngày giao dịch" and "Ngày hiệu lực" is dated by the first; "Ghi có" beats a generic "Amount").
const HEADERS: Record<Column, string[]> = {
  date: ["ngay giao dich", "ngay gd", "ngay hieu luc", "ngay hach toan", "ngay", "transaction date", "txn date", "posting date", "booking date", "value date", "effective date", "date"],
  credit: ["so tien ghi co", "ghi co", "so tien co", "co", "phat sinh co", "credit", "credit amount", "amount", "so tien"],
  description: ["noi dung", "noi dung giao dich", "noi dung chi tiet", "dien giai", "mo ta", "chi tiet giao dich", "description", "transaction details", "details", "narrative", "remarks"],
  reference: ["so tham chieu", "so but toan", "ma gd", "ma giao dich", "so giao dich", "so ct", "reference", "reference no", "ref no", "reference number", "transaction id", "transaction no"],
};

/** A header cell folded for comparison: "Số tiền ghi có (VND)" → "so tien ghi co"; "Ref. No." → "ref no". */
function foldHeader(cell: string): string {
  return foldForSearch(cell.replace(/\(.*?\)/g, " ").replace(/\./g, " "))
    .replace(/\b(vnd|vnđ|dong)$/, "")
    .trim();
}

/** RFC 4180 records: quoted fields may hold the delimiter, line breaks and doubled quotes; CRLF, LF or CR end a record. */
function records(text: string, delimiter: string): string[][] {
  const out: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  const endField = () => {
    record.push(field);
    field = "";
  };
  const endRecord = () => {
    endField();
    out.push(record);
    record = [];
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += c;
      i++;
      continue;
    }
    if (c === '"' && field.trim() === "") {
      field = "";
      quoted = true;
    } else if (c === delimiter) endField();
    else if (c === "\r" || c === "\n") {
      endRecord();
      if (c === "\r" && text[i + 1] === "\n") i++;
    } else field += c;
    i++;
  }
  if (field !== "" || record.length > 0) endRecord();
  return out;
}

const blank = (record: string[]) => record.every((cell) => cell.trim() === "");

function columnsOf(record: string[]): Partial<Record<Column, number>> {
  const folded = record.map(foldHeader);
  const found: Partial<Record<Column, number>> = {};
  for (const column of Object.keys(HEADERS) as Column[]) {
    for (const name of HEADERS[column]) {
      const at = folded.findIndex((cell, i) => cell === name && !Object.values(found).includes(i));
      if (at >= 0) {
        found[column] = at;
        break;
      }
    }
  }
  return found;
}

interface Layout {
  rows: string[][];
  header: number;
  columns: Partial<Record<Column, number>>;
}

/** The header: the first of the first rows naming a date and a credit column (else the first non-blank row). */
function layoutOf(rows: string[][]): Layout {
  let best: Layout | null = null;
  for (let i = 0; i < Math.min(rows.length, HEADER_SEARCH_ROWS); i++) {
    if (blank(rows[i]!)) continue;
    const columns = columnsOf(rows[i]!);
    if (columns.date !== undefined && columns.credit !== undefined) return { rows, header: i, columns };
    best ??= { rows, header: i, columns };
  }
  return best ?? { rows, header: 0, columns: {} };
}

const score = (l: Layout) => (l.columns.date !== undefined ? 2 : 0) + (l.columns.credit !== undefined ? 2 : 0) + (l.columns.description !== undefined ? 1 : 0);

/** Reads the CSV with the delimiter (";" or ",") whose header names the most columns. */
function sniff(text: string): Layout {
  const semicolon = layoutOf(records(text, ";"));
  const comma = layoutOf(records(text, ","));
  if (score(semicolon) !== score(comma)) return score(semicolon) > score(comma) ? semicolon : comma;
  const first = text.split(/\r\n|\r|\n/, 1)[0] ?? "";
  return (first.match(/;/g)?.length ?? 0) > (first.match(/,/g)?.length ?? 0) ? semicolon : comma;
}

function validDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1900 && y <= 9999 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const TIME = String.raw`(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?`;
const DMY = new RegExp(String.raw`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})${TIME}$`);
const YMD = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})${TIME}(?:Z|[+-]\d{2}:?\d{2})?$`);

/** "29/11/2026", "29/11/2026 09:35:12", "2026-11-29" → "2026-11-29"; null when not a real date. */
export function parseStatementDate(cell: string): string | null {
  const text = cell.trim();
  let y: number, m: number, d: number;
  const dmy = DMY.exec(text);
  const ymd = YMD.exec(text);
  if (dmy) [d, m, y] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
  else if (ymd) [y, m, d] = [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])];
  else return null;
  if (!validDate(y, m, d)) return null;
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/**
 * A credit cell in whole đồng: "50.000", "50,000", "50000", "50.000,00", "50,000.00", "50000 VND", "50.000 đ" → 50000.
 * Empty, "0" or "-" → 0 (no credit: a debit row). Fractional đồng, negatives and anything else → null.
 */
export function parseStatementAmount(cell: string): number | null {
  let text = cell.replace(/[\s\u00a0\u202f]+/g, "");
  text = text.replace(/^(?:vnd|vnđ|đ|₫)/i, "").replace(/(?:vnd|vnđ|đồng|dong|đ|₫)$/i, "").replace(/^\+/, "");
  if (text === "" || text === "-") return 0;
  if (!/^[0-9.,]+$/.test(text)) return null; // a sign, parentheses, letters
  const lastDot = text.lastIndexOf(".");
  const lastComma = text.lastIndexOf(",");
  let whole = text;
  let fraction = "";
  if (lastDot >= 0 && lastComma >= 0) {
    // Both: the last one is the decimal mark, the other groups thousands.
    const mark = lastDot > lastComma ? "." : ",";
    const at = text.lastIndexOf(mark);
    whole = text.slice(0, at);
    fraction = text.slice(at + 1);
    if (whole.includes(mark)) return null;
  } else {
    const mark = lastDot >= 0 ? "." : lastComma >= 0 ? "," : null;
    if (mark) {
      const parts = text.split(mark);
      // One mark before one or two digits is a decimal mark ("50000,00"); otherwise it groups thousands ("50.000").
      if (parts.length === 2 && /^\d{1,2}$/.test(parts[1]!)) {
        whole = parts[0]!;
        fraction = parts[1]!;
      }
    }
  }
  if (!/^\d{1,3}(?:[.,]\d{3})*$|^\d+$/.test(whole)) return null;
  if (/[.,]/.test(whole) && new Set(whole.match(/[.,]/g)).size > 1) return null;
  if (!/^\d*$/.test(fraction) || /[1-9]/.test(fraction)) return null; // fractional đồng
  const value = Number(whole.replace(/[.,]/g, ""));
  return Number.isSafeInteger(value) ? value : null;
}

// A total or balance row under (or above) the lines: no date, and a cell other than the description saying what it sums.
const SUMMARY = /^(tong|total|cong phat sinh|cong|so du|balance|opening|closing|ket chuyen)\b/;

/** Reads a bank statement CSV into its credit lines; debit rows and total rows are skipped. */
export function parseStatementCsv(text: string): StatementParse {
  const body = text.replace(/^\uFEFF/, "");
  if (body.trim() === "") return { ok: false, errors: [{ row: 1, key: STATEMENT_ERRORS.empty }] };
  const { rows, header, columns } = sniff(body);
  const missing: StatementError[] = [];
  if (columns.date === undefined) missing.push({ row: header + 1, key: STATEMENT_ERRORS.missingDate });
  if (columns.credit === undefined) missing.push({ row: header + 1, key: STATEMENT_ERRORS.missingCredit });
  if (columns.description === undefined) missing.push({ row: header + 1, key: STATEMENT_ERRORS.missingDescription });
  if (missing.length > 0) return { ok: false, errors: missing };

  const data: number[] = [];
  for (let i = header + 1; i < rows.length; i++) if (!blank(rows[i]!)) data.push(i);
  if (data.length === 0) return { ok: false, errors: [{ row: header + 2, key: STATEMENT_ERRORS.empty }] };
  if (data.length > MAX_STATEMENT_ROWS) {
    return { ok: false, errors: [{ row: data[MAX_STATEMENT_ROWS]! + 1, key: STATEMENT_ERRORS.tooManyRows, params: { max: MAX_STATEMENT_ROWS, count: data.length } }] };
  }

  const cell = (record: string[], column: Column) => (columns[column] === undefined ? "" : (record[columns[column]!] ?? "").trim());
  const lines: StatementLine[] = [];
  const errors: StatementError[] = [];
  for (const i of data) {
    const record = rows[i]!;
    const row = i + 1;
    const rawAmount = cell(record, "credit");
    const rawDate = cell(record, "date");
    const amount = parseStatementAmount(rawAmount);
    if (amount === 0) continue; // a debit
    const bookedOn = parseStatementDate(rawDate);
    if (bookedOn === null && record.some((c, j) => j !== columns.description && SUMMARY.test(foldForSearch(c)))) continue;
    if (amount === null) errors.push({ row, key: STATEMENT_ERRORS.badAmount, params: { row, value: rawAmount } });
    if (bookedOn === null) errors.push({ row, key: STATEMENT_ERRORS.badDate, params: { row, value: rawDate } });
    if (amount === null || bookedOn === null) continue;
    lines.push({ row, bookedOn, amount, description: cell(record, "description"), bankRef: cell(record, "reference") || null });
  }
  if (errors.length > MAX_STATEMENT_ERRORS) {
    const more = errors.length - MAX_STATEMENT_ERRORS;
    return { ok: false, errors: [...errors.slice(0, MAX_STATEMENT_ERRORS), { row: errors[MAX_STATEMENT_ERRORS]!.row, key: STATEMENT_ERRORS.moreErrors, params: { count: more } }] };
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, lines };
}

// ——— Matching (§3: reference + amount → paid; reference, other amount → review; no reference → suspense) ———

export type MatchClass =
  | "matched" // exactly one of our references, the attempt's amount: the attempt is paid
  | "amountDiffers" // one of our references, another amount: needs review (top-up or refund)
  | "unknownReference" // a well-formed reference that is not ours (another day's test, a typo that still checks)
  | "noReference" // no reference: the suspense list, for an officer to match by amount, date and payer
  | "ambiguous" // two or more of our references in one description
  | "alreadyPaid" // our reference, but the attempt is already paid (or refunded), or paid by an earlier line of this statement: a duplicate transfer to refund
  | "alreadyImported"; // the bank's reference was imported before (the same statement uploaded twice, or overlapping exports)

export interface StatementMatch {
  line: StatementLine;
  class: MatchClass;
  /** The attempt's reference the line belongs to (matched, amountDiffers, alreadyPaid), else null. */
  reference: string | null;
  /** Every well-formed reference found in the description. */
  references: string[];
  /** The attempt's amount, where one attempt was found. */
  expected: number | null;
}

export interface AttemptForMatching {
  reference: string;
  amount: number;
  state: string;
}

const SETTLED = new Set(["paid", "refunded"]);

/**
 * Classifies each line in order. A line whose bank reference is in `seenBankRefs` (or on an earlier line of this
 * statement) is alreadyImported; a second line for one attempt is alreadyPaid, as is a line for an attempt already
 * paid. Nothing is changed: the caller applies the classes (confirmedPaid for matched, needs review for the rest).
 */
export function matchStatement(lines: readonly StatementLine[], attempts: readonly AttemptForMatching[], seenBankRefs: ReadonlySet<string> = new Set()): StatementMatch[] {
  const byReference = new Map(attempts.map((a) => [a.reference.toUpperCase(), a]));
  const paidNow = new Set<string>();
  const bankRefs = new Set<string>();
  return lines.map((line) => {
    const references = referencesIn(line.description);
    const result = (cls: MatchClass, reference: string | null = null, expected: number | null = null): StatementMatch => ({ line, class: cls, reference, references, expected });
    if (line.bankRef !== null) {
      if (seenBankRefs.has(line.bankRef) || bankRefs.has(line.bankRef)) return result("alreadyImported");
      bankRefs.add(line.bankRef);
    }
    const known = references.filter((r) => byReference.has(r));
    if (known.length > 1) return result("ambiguous");
    if (known.length === 0) return result(references.length > 0 ? "unknownReference" : "noReference");
    const attempt = byReference.get(known[0]!)!;
    if (SETTLED.has(attempt.state) || paidNow.has(known[0]!)) return result("alreadyPaid", known[0]!, attempt.amount);
    if (attempt.amount !== line.amount) return result("amountDiffers", known[0]!, attempt.amount);
    paidNow.add(known[0]!);
    return result("matched", known[0]!, attempt.amount);
  });
}
