import type { FormIssue, PostedFields } from "../dossiers/office";
import { requestLineSchema } from "./payments.schema";
import type { FeeKind } from "./fees";

// The officials' payment forms (issue 9), pure and isomorphic: the pay-later request's fee lines as posted (a fixed
// number of lines, so the form works without JavaScript: the catalog's lines and one empty line for another fee), and
// the paths of the dossier's payments page.

export interface RequestedLine {
  name: string;
  kind: FeeKind;
  quantity: number;
  amount: number;
}

/** The most lines a request form carries (the catalog's lines and one empty line). */
export const MAX_REQUEST_LINES = 20;
export const REQUEST_NOTE_MAX = 2000;

export type LinePart = "name" | "kind" | "amount" | "quantity";

/** A line's control: "line-0-name", "line-0-kind" (the first radio's id), "line-0-amount", "line-0-quantity". */
export function lineField(index: number, part: LinePart): string {
  return `line-${index}-${part}`;
}

/** The dossier's payments page (requests, attempts, receipts, the counter and refunds). */
export function paymentsPath(code: string): string {
  return `/office/dossiers/${encodeURIComponent(code)}/payments`;
}

export function officeReceiptPath(code: string, id: string): string {
  return `/office/dossiers/${encodeURIComponent(code)}/receipts/${encodeURIComponent(id)}`;
}

/** An amount as typed: spaces and a trailing "đ", "₫" or "VND" dropped, and thousands groups ("150.000", "1,200,000") joined. */
export function normaliseAmount(raw: string): string {
  const s = raw.replace(/\s+/g, "").replace(/(đồng|đ|₫|vnd)$/i, "");
  return /^\d{1,3}([.,]\d{3})+$/.test(s) ? s.replace(/[.,]/g, "") : s;
}

/**
 * The posted lines checked one by one with requestLineSchema (errors on the line's own control). A line left wholly
 * blank (no name, no amount) is not a line; a line of 0 đồng is dropped; the total must be more than 0.
 */
export function requestLinesFromForm(fields: PostedFields): { ok: true; lines: RequestedLine[]; note: string | null } | { ok: false; errors: FormIssue[] } {
  const get = (name: string) => (fields[name]?.[0] ?? "").trim();
  const count = Math.min(MAX_REQUEST_LINES, /^\d{1,2}$/.test(get("lines")) ? Number(get("lines")) : 0);
  const errors: FormIssue[] = [];
  const lines: RequestedLine[] = [];
  for (let i = 0; i < count; i++) {
    const name = get(lineField(i, "name"));
    const amount = normaliseAmount(get(lineField(i, "amount")));
    if (name === "" && amount === "") continue;
    const kind = get(lineField(i, "kind"));
    const parsed = requestLineSchema.safeParse({ name, kind: kind === "" ? undefined : kind, amount: amount === "" ? "0" : amount });
    if (!parsed.success) {
      const seen = new Set<string>();
      for (const issue of parsed.error.issues) {
        const part = String(issue.path[0] ?? "name") as LinePart;
        const field = lineField(i, part);
        if (!seen.has(field)) errors.push({ field, message: issue.message });
        seen.add(field);
      }
      continue;
    }
    const quantity = get(lineField(i, "quantity"));
    if (parsed.data.amount > 0) lines.push({ ...parsed.data, quantity: /^\d{1,4}$/.test(quantity) && Number(quantity) > 0 ? Number(quantity) : 1 });
  }
  const note = get("note");
  if (note.length > REQUEST_NOTE_MAX) errors.push({ field: "note", message: "dossiers:actions.errors.tooLong" });
  if (errors.length === 0 && lines.reduce((s, l) => s + l.amount, 0) <= 0) errors.push({ field: lineField(0, "amount"), message: "payments:errors.noLines" });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, lines, note: note === "" ? null : note };
}
