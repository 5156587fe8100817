// The paper forms of Circular 01/2018/TT-VPCP that the back office issues as PDF (issue 6; shared/domain/vn-egov.md
// §2.2): Mẫu 01 receipt, 02 supplementation request, 03 refusal, 04 apology, 05 control sheet. Pure and isomorphic:
// what each form shows (its data), file names, audiences, and the small rules of presenting them. The rendering and
// the storing are in forms.server.ts, the queries in forms.repo.server.ts.

import type { Field, FormDefinition } from "../forms/form-definition";
import type { RefusalReason } from "./workflow";
import { REFUSAL_REASONS } from "./workflow";
import type { DossierApplicant } from "./dossiers";

export type FormKind = "receipt" | "supplement_request" | "refusal" | "apology" | "control_sheet";
export const FORM_KINDS: readonly FormKind[] = ["receipt", "supplement_request", "refusal", "apology", "control_sheet"];

/** The form's number in Circular 01/2018/TT-VPCP. */
export const FORM_NUMBERS: Record<FormKind, string> = { receipt: "01", supplement_request: "02", refusal: "03", apology: "04", control_sheet: "05" };

/** Who may download it besides the agency's officials: the control sheet travels inside the administration only. */
export const FORM_AUDIENCE: Record<FormKind, "applicant" | "officials"> = {
  receipt: "applicant",
  supplement_request: "applicant",
  refusal: "applicant",
  apology: "applicant",
  control_sheet: "officials",
};

export type IssuedAudience = "applicant" | "officials";

/** mau-01-<code>.pdf: ASCII only (the dossier code is letters, digits, dots and dashes). */
export function formFileName(kind: FormKind, code: string): string {
  return `mau-${FORM_NUMBERS[kind]}-${code.replace(/[^A-Za-z0-9.-]/g, "_")}.pdf`;
}

// ---------------------------------------------------------------------------------------------------------------
// Dates and times (Vietnam time)
// ---------------------------------------------------------------------------------------------------------------

const OFFSET_MS = 7 * 3_600_000;

/** Day, month, year, hour, minute of an instant in Vietnam (UTC+7, no daylight saving), zero-padded. */
export function vietnamParts(value: string | Date): { day: string; month: string; year: string; hour: string; minute: string } {
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a date: ${String(value)}`);
  const local = new Date(date.getTime() + OFFSET_MS).toISOString();
  return { year: local.slice(0, 4), month: local.slice(5, 7), day: local.slice(8, 10), hour: local.slice(11, 13), minute: local.slice(14, 16) };
}

/** "09 giờ 00 phút, ngày 03/11/2023": the appointment as Mẫu 01 writes it (§2.2). */
export function formatAppointment(value: string | Date): string {
  const p = vietnamParts(value);
  return `${p.hour} giờ ${p.minute} phút, ngày ${p.day}/${p.month}/${p.year}`;
}

// ---------------------------------------------------------------------------------------------------------------
// What each form shows
// ---------------------------------------------------------------------------------------------------------------

export interface FormHeader {
  code: string;
  procedureName: string;
  /** The unit that issues the form (its name on the day). */
  unitName: string;
  applicant: DossierApplicant;
  /** The organisation the dossier was filed for, if any. */
  organisationName: string | null;
}

export interface ReceiptDocument {
  name: string;
  originals: number;
  certifiedCopies: number;
  photocopies: number;
}

export type TimeLimitLike = { unit: "working_days" | "calendar_days" | "working_hours"; amount: number } | { unit: "same_day"; cutoff: string } | { unit: "none" };

export interface ReceiptData extends FormHeader {
  kind: "receipt";
  channel: "online" | "in_person" | "post";
  acceptedAt: string;
  dueAt: string | null;
  feeMode: "pay_first" | "pay_later" | "free" | null;
  timeLimit: TimeLimitLike | null;
  documents: ReceiptDocument[];
  officialName: string | null;
  /** Where the result is collected (the receiving agency's address). */
  returnPlace: string | null;
}

export interface SupplementRequestData extends FormHeader {
  kind: "supplement_request";
  requestedAt: string;
  requestedBy: string | null;
  /** The form's items to correct (labels) and the documents to bring (names). */
  fields: string[];
  documents: string[];
  note: string;
  justification: string | null;
  respondBy: string | null;
}

export interface RefusalData extends FormHeader {
  kind: "refusal";
  refusedAt: string;
  reasons: RefusalReason[];
  text: string;
  legalBasis: string;
  officialName: string | null;
}

export interface ApologyData extends FormHeader {
  kind: "apology";
  apologizedAt: string;
  receivedAt: string;
  dueAt: string | null;
  newDueAt: string | null;
  reason: string;
  officialName: string | null;
}

export type StepResultCode = "early" | "on_time" | "late";

export interface ControlSheetRow {
  seq: number;
  name: string;
  /** Null: the applicant (the submission). */
  fromUnit: string | null;
  toUnit: string;
  at: string;
  dueAt: string | null;
  endedAt: string | null;
  giver: string | null;
  receiver: string | null;
  result: StepResultCode | null;
  outcome: string | null;
}

export interface ControlSheetData extends FormHeader {
  kind: "control_sheet";
  receivedAt: string;
  acceptedAt: string | null;
  dueAt: string | null;
  steps: ControlSheetRow[];
}

export type IssuedFormData = ReceiptData | SupplementRequestData | RefusalData | ApologyData | ControlSheetData;

// ---------------------------------------------------------------------------------------------------------------
// Reading what the engine stored
// ---------------------------------------------------------------------------------------------------------------

const isString = (v: unknown): v is string => typeof v === "string";

/** A refusal's note_params ({ reasons, text, legalBasis }); unknown reason codes are dropped. */
export function parseRefusalParams(value: unknown): { reasons: RefusalReason[]; text: string; legalBasis: string } {
  const o = (value && typeof value === "object" ? value : {}) as Record<string, unknown>;
  const reasons = Array.isArray(o.reasons) ? o.reasons.filter((r): r is RefusalReason => (REFUSAL_REASONS as readonly unknown[]).includes(r)) : [];
  return { reasons: [...new Set(reasons)], text: isString(o.text) ? o.text : "", legalBasis: isString(o.legalBasis) ? o.legalBasis : "" };
}

/** An apology's note_params ({ reason, newDueAt }). */
export function parseApologyParams(value: unknown): { reason: string; newDueAt: string | null } {
  const o = (value && typeof value === "object" ? value : {}) as Record<string, unknown>;
  const newDueAt = isString(o.newDueAt) && !Number.isNaN(Date.parse(o.newDueAt)) ? o.newDueAt : null;
  return { reason: isString(o.reason) ? o.reason : "", newDueAt };
}

/** A JSON array column (text on SQLite, jsonb on PostgreSQL); anything else is empty. */
export function jsonArray(value: unknown): unknown[] {
  let v = value;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      return [];
    }
  }
  return Array.isArray(v) ? v : [];
}

/**
 * The label of a form field path ("fullName", "children.1.name", "children[1].name") in the form's own texts (a
 * shared "form." key through `shared`); a path that names no field is shown as it is.
 */
export function fieldLabel(form: Pick<FormDefinition, "sections" | "texts"> | null | undefined, path: string, shared: (key: string) => string): string {
  if (!form) return path;
  const text = (key: string) => form.texts?.vi?.[key] ?? (key.startsWith("form.") ? shared(key) : key);
  const parts = path.split(/[.[\]]+/).filter(Boolean);
  const top = form.sections.flatMap((s) => s.fields).find((f) => f.name === parts[0]);
  if (!top) return path;
  const labels = [text(top.labelKey)];
  if (top.type === "group") {
    const rest = parts.slice(1);
    const index = rest.find((p) => /^\d+$/.test(p));
    const subName = rest.find((p) => !/^\d+$/.test(p));
    if (index !== undefined) labels[0] = `${labels[0]} ${Number(index) + 1}`;
    const sub = subName ? (top.fields as Field[]).find((f) => f.name === subName) : undefined;
    if (sub) labels.push(text(sub.labelKey));
    else if (subName) labels.push(subName);
  }
  return labels.join(" – ");
}

interface OfferingLike {
  receivers: { codes?: readonly string[]; kinds?: readonly string[] };
  channels: readonly { channel: string; feeMode: string; timeLimit: unknown }[];
}

/** The channel of the offering that serves an agency (by its code or kind) for the dossier's channel. */
export function channelOf(offerings: readonly OfferingLike[], agency: { code: string; kind: string }, channel: string) {
  const offering = offerings.find((o) => o.receivers.codes?.includes(agency.code) || o.receivers.kinds?.includes(agency.kind));
  const found = offering?.channels.find((c) => c.channel === channel) ?? null;
  return found ? { feeMode: found.feeMode as ReceiptData["feeMode"], timeLimit: found.timeLimit as TimeLimitLike } : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Code 39 (the dossier code's barcode on Mẫu 01, §2.2)
// ---------------------------------------------------------------------------------------------------------------

// Each character is 9 elements, bar and space alternating from a bar, 3 of them wide. The five bars follow the digits'
// cycle (1…9, 0) and the one wide space marks the group of ten: digits, A–J, K–T, U–Z and "-", ".", " ", "*".
const CODE39_BARS = ["10001", "01001", "11000", "00101", "10100", "01100", "00011", "10010", "01010", "00110"];
const CODE39_GROUPS: readonly [string, string][] = [
  ["1234567890", "0100"],
  ["ABCDEFGHIJ", "0010"],
  ["KLMNOPQRST", "0001"],
  ["UVWXYZ-. *", "1000"],
];

/** Character → 9 elements, "1" wide, "0" narrow (bar, space, bar, … bar). */
export const CODE39: Readonly<Record<string, string>> = Object.fromEntries(
  CODE39_GROUPS.flatMap(([chars, spaces]) =>
    [...chars].map((c, i) => {
      const bars = CODE39_BARS[i]!;
      let elements = "";
      for (let e = 0; e < 5; e++) elements += bars[e]! + (e < 4 ? spaces[e]! : "");
      return [c, elements];
    }),
  ),
);

/**
 * The modules of a Code 39 barcode of `text` between start and stop characters ("*"): true = dark. A narrow element is
 * one module, a wide one three; characters are separated by one narrow space. Throws on a character Code 39 lacks.
 */
export function code39Modules(text: string): boolean[] {
  const out: boolean[] = [];
  const chars = `*${text.toUpperCase()}*`;
  [...chars].forEach((c, index) => {
    const elements = CODE39[c];
    if (!elements || (c === "*" && index > 0 && index < chars.length - 1)) throw new RangeError(`Not a Code 39 character: ${c}`);
    [...elements].forEach((wide, e) => {
      for (let m = 0; m < (wide === "1" ? 3 : 1); m++) out.push(e % 2 === 0);
    });
    if (index < chars.length - 1) out.push(false);
  });
  return out;
}
