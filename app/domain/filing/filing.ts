// Online filing (issue 5, item 2): the pure rules of a draft (isomorphic, no IO). What the task list shows, how one
// section of the procedure's form is checked against what was saved before (conditions may look at earlier
// sections), what the fees come to for the chosen offering and the answers, and the rows of "check your answers".
//
// Decisions (docs/decisions/0015-filing-drafts.md):
// - Filing for someone else (ủy quyền) is allowed where the procedure's dossier lists an authorisation document
//   (a document whose name speaks of "ủy quyền"); that document is then required of a draft filed on behalf.
// - A per-unit fee (copy, page, person, contract) takes its quantity from the form's number field named in
//   FEE_QUANTITY_FIELDS when the form has one that is shown and filled; otherwise one unit, marked as an estimate the
//   agency confirms.
// - Any change to the applicant, the answers or the documents withdraws the declaration and the fees' confirmation:
//   what was declared is exactly what is submitted.

import { z } from "zod";
import { compileFormSchema, visibleFields, type FieldValue, type FormValues } from "../forms/compile";
import { topLevelFields, type Field, type FormDefinition, type FormSection } from "../forms/form-definition";
import { normalizePhone, parseCccd } from "../forms/validators";
import type { ProcedureInput as ProcedureContent } from "../procedures/catalog.schema";
import { feeFor, type Channel, type Fee, type FeeMode, type TimeLimit } from "../procedures/procedures";

/** Drafts are kept this long after their last change, then deleted. */
export const DRAFT_TTL_DAYS = 30;

export function draftExpiry(now: Date): string {
  return new Date(now.getTime() + DRAFT_TTL_DAYS * 86_400_000).toISOString();
}

// ---------------------------------------------------------------------------------------------------------------
// The draft's parts

export interface Applicant {
  kind: "citizen" | "organisation";
  fullName: string;
  cccd: string;
  phone: string;
  email: string;
  address: string;
  /** When filed for an organisation the citizen acts for. */
  organisation?: { name: string; taxCode: string };
}

export interface OnBehalfOf {
  fullName: string;
  cccd: string;
  relationship: string;
}

export interface Answers {
  values: FormValues;
  /** Ids of the sections the applicant has saved. */
  sections: string[];
  /** Whether the applicant went past the fees summary since the last change. */
  feesSeen: boolean;
}

export interface DraftDocumentsState {
  /** The case (trường hợp) chosen, for procedures whose documents depend on it. */
  case: string | null;
  /** File ids (rows of `files`) by document index of the version's content. */
  files: Record<string, string[]>;
}

export const emptyAnswers = (): Answers => ({ values: {}, sections: [], feesSeen: false });
export const emptyDocuments = (): DraftDocumentsState => ({ case: null, files: {} });

export interface DraftState {
  applicant: Applicant | null;
  onBehalfOf: OnBehalfOf | null;
  answers: Answers;
  documents: DraftDocumentsState;
  declarationAt: string | null;
}

/** Reads JSON read back from the database defensively (a malformed value counts as empty). */
export function readAnswers(value: unknown): Answers {
  const v = (value ?? {}) as Partial<Answers>;
  return {
    values: v.values && typeof v.values === "object" ? v.values : {},
    sections: Array.isArray(v.sections) ? v.sections.filter((s): s is string => typeof s === "string") : [],
    feesSeen: v.feesSeen === true,
  };
}
export function readDocuments(value: unknown): DraftDocumentsState {
  const v = (value ?? {}) as Partial<DraftDocumentsState>;
  const files: Record<string, string[]> = {};
  for (const [k, ids] of Object.entries(v.files ?? {})) if (Array.isArray(ids)) files[k] = ids.filter((i): i is string => typeof i === "string");
  return { case: typeof v.case === "string" ? v.case : null, files };
}

// ---------------------------------------------------------------------------------------------------------------
// Filing on someone's behalf, documents that apply

const AUTHORISATION = /[uủ]y quyền|uỷ quyền/iu;

export function isAuthorisationDocument(doc: { name: string }): boolean {
  return AUTHORISATION.test(doc.name.normalize("NFC"));
}

/** Whether the procedure lets an applicant file for someone else (see the decision at the top). */
export function onBehalfAllowed(content: Pick<ProcedureContent, "documents">): boolean {
  return content.documents.some(isAuthorisationDocument);
}

export interface ApplicableDocument {
  /** Index in the version's documents. */
  index: number;
  name: string;
  required: boolean;
  originals: number;
  certifiedCopies: number;
  photocopies: number;
  fileTypes: string[];
  maxSizeMb: number;
  note?: string;
  /** The procedure requires a file with a valid digital signature (issue 7). */
  signatureRequired: boolean;
}

/**
 * The documents that require a digital signature but have no attached file whose signature passed at upload
 * (`signatureOf` gives an attached file's status; unknown files count as unsigned).
 */
export function documentsMissingSignature(
  documents: readonly ApplicableDocument[],
  files: Readonly<Record<string, readonly string[]>>,
  signatureOf: (fileId: string) => string | undefined,
): ApplicableDocument[] {
  return documents.filter((d) => d.signatureRequired && !(files[String(d.index)] ?? []).some((id) => signatureOf(id) === "passed"));
}

/** The documents of the chosen case (and those of every case); the authorisation is required when filing on behalf. */
export function applicableDocuments(content: Pick<ProcedureContent, "documents" | "cases">, state: Pick<DraftState, "documents" | "onBehalfOf">): ApplicableDocument[] {
  const chosen = state.documents.case;
  return content.documents
    .map((d, index) => ({ d, index }))
    .filter(({ d }) => !d.case || d.case === chosen)
    .map(({ d, index }) => ({
      index,
      name: d.name,
      required: d.required || (state.onBehalfOf !== null && isAuthorisationDocument(d)),
      originals: d.originals,
      certifiedCopies: d.certifiedCopies,
      photocopies: d.photocopies,
      fileTypes: d.fileTypes,
      maxSizeMb: d.maxSizeMb,
      ...(d.note ? { note: d.note } : {}),
      signatureRequired: d.signatureRequired ?? false,
    }));
}

// ---------------------------------------------------------------------------------------------------------------
// Sections

export interface SectionIssue {
  /** The input's name ("hoTen", "noiCuTru.district", "thanhVien[0].soCccd"). */
  name: string;
  message: string;
  params?: Record<string, unknown>;
}

export type SectionResult = { ok: true; values: FormValues } | { ok: false; issues: SectionIssue[] };

/** An issue path as an input name, the way Conform names inputs. */
export function inputName(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, part) => (typeof part === "number" ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), "");
}

function relaxField(field: Field): Field {
  if (field.type === "group") {
    const { minItems: _min, ...rest } = field;
    return { ...rest, required: false, fields: field.fields.map((f) => ({ ...f, required: false })) };
  }
  return { ...field, required: false };
}

/** The definition with only section `index` binding: every other field optional (it is only there for conditions). */
function relaxedDefinition(def: FormDefinition, index: number): FormDefinition {
  return { ...def, sections: def.sections.map((s, i) => (i === index ? s : { ...s, fields: s.fields.map(relaxField) })) };
}

const pick = (values: Record<string, unknown>, names: ReadonlySet<string>) =>
  Object.fromEntries(Object.entries(values).filter(([k]) => names.has(k)));

/**
 * Check section `index` of the form with the values entered for it (`input`, as the posted form nests them), seen
 * together with the values saved for the earlier sections (a condition may look back at them). Hidden fields are
 * neither required nor kept. Returns the section's validated values, or its issues by input name.
 */
export function checkSection(def: FormDefinition, saved: FormValues, index: number, input: Record<string, unknown>, options?: { today?: string }): SectionResult {
  const section = def.sections[index];
  if (!section) return { ok: false, issues: [{ name: "", message: "form.errors.invalid" }] };
  const own = new Set(section.fields.map((f) => f.name));
  const earlier = new Set(def.sections.slice(0, index).flatMap((s) => s.fields.map((f) => f.name)));
  const schema = compileFormSchema(relaxedDefinition(def, index), options);
  let context = pick(saved, earlier);
  for (let attempt = 0; attempt < 2; attempt++) {
    const result = schema.safeParse({ ...context, ...pick(input, own) });
    if (result.success) return { ok: true, values: pick(result.data, own) as FormValues };
    const issues: SectionIssue[] = [];
    const stale = new Set<string>();
    for (const issue of result.error.issues) {
      const top = String(issue.path[0] ?? "");
      if (own.has(top)) {
        const params = (issue as { params?: Record<string, unknown> }).params;
        issues.push({ name: inputName(issue.path), message: issue.message, ...(params ? { params } : {}) });
      } else stale.add(top);
    }
    if (issues.length > 0) return { ok: false, issues };
    // Only an earlier answer no longer passes (e.g. a date limit that moved with today): leave it out and retry.
    context = Object.fromEntries(Object.entries(context).filter(([k]) => !stale.has(k)));
  }
  return { ok: false, issues: [{ name: "", message: "form.errors.invalid" }] };
}

/** The values after saving a section: the section's replaced, and fields hidden by the new answers dropped. */
export function mergeSection(def: FormDefinition, saved: FormValues, index: number, sectionValues: FormValues): FormValues {
  const own = new Set(def.sections[index]?.fields.map((f) => f.name) ?? []);
  const merged: FormValues = { ...Object.fromEntries(Object.entries(saved).filter(([k]) => !own.has(k))), ...sectionValues };
  const shown = new Set(visibleFields(def, merged));
  return Object.fromEntries(Object.entries(merged).filter(([k]) => shown.has(k)));
}

/** Whether the saved values of a section pass as they are now (a change elsewhere may have made a field required). */
export function sectionComplete(def: FormDefinition, answers: Answers, index: number, options?: { today?: string }): boolean {
  const section = def.sections[index];
  if (!section || !answers.sections.includes(section.id)) return false;
  return checkSection(def, answers.values, index, answers.values, options).ok;
}

// ---------------------------------------------------------------------------------------------------------------
// Fees

/** Where a per-unit fee's quantity comes from: the first of these number fields that the form shows and has. */
export const FEE_QUANTITY_FIELDS: Record<Exclude<Fee["per"], "case">, readonly string[]> = {
  copy: ["soBan", "soLuong", "soBanSao"],
  page: ["soTrang"],
  person: ["soNguoi", "soNhanKhau"],
  contract: ["soHopDong"],
};

export interface FeeLine {
  name: string;
  per: Fee["per"];
  quantity: number;
  /** The form field the quantity was read from; null: one unit, an estimate the agency confirms. */
  quantityField: string | null;
  amount: number;
  exemptions: string[];
  note?: string;
}

export interface FeeSummary {
  channel: Channel;
  feeMode: FeeMode;
  timeLimit: TimeLimit;
  lines: FeeLine[];
  total: number;
  /** Some line assumed one unit. */
  estimated: boolean;
}

type Offering = ProcedureContent["offerings"][number];

/** The content's offering that serves this agency (by code, else by kind), as the catalog resolves offerings. */
export function offeringFor(content: Pick<ProcedureContent, "offerings">, agency: { code: string; kind: string }): Offering | null {
  return (
    content.offerings.find((o) => o.receivers.codes?.includes(agency.code)) ??
    content.offerings.find((o) => (o.receivers.kinds as readonly string[] | undefined)?.includes(agency.kind)) ??
    null
  );
}

/** The fees of filing online with this offering, for these answers; null when the offering has no online channel. */
export function feeSummary(offering: Offering, values: FormValues, channel: Channel = "online"): FeeSummary | null {
  const terms = offering.channels.find((c) => c.channel === channel);
  if (!terms) return null;
  let estimated = false;
  const lines = (terms.feeMode === "free" ? [] : terms.fees).map((fee): FeeLine => {
    let quantity = 1;
    let quantityField: string | null = null;
    if (fee.per !== "case") {
      const name = FEE_QUANTITY_FIELDS[fee.per].find((n) => typeof values[n] === "number");
      if (name) {
        quantity = Math.max(1, Math.floor(values[name] as number));
        quantityField = name;
      } else estimated = true;
    }
    return { name: fee.name, per: fee.per, quantity, quantityField, amount: feeFor(fee, quantity), exemptions: fee.exemptions ?? [], ...(fee.note ? { note: fee.note } : {}) };
  });
  return { channel, feeMode: terms.feeMode, timeLimit: terms.timeLimit, lines, total: lines.reduce((s, l) => s + l.amount, 0), estimated };
}

// ---------------------------------------------------------------------------------------------------------------
// The task list

export type TaskStatus = "completed" | "inProgress" | "notStarted" | "cannotStart";

export type TaskKey = "applicant" | `section:${number}` | "documents" | "fees" | "check" | "declaration" | "submit";

export interface Task {
  key: TaskKey;
  status: TaskStatus;
  /** The path under /filing/:id ("applicant", "section/2", …). */
  path: string;
  /** The section's title key (of the form's texts) for form sections. */
  titleKey?: string;
}

export interface DraftView extends DraftState {
  form: FormDefinition;
  content: Pick<ProcedureContent, "documents" | "cases">;
}

export function documentsStatus(view: DraftView): TaskStatus {
  const { content, documents } = view;
  const hasFiles = Object.values(documents.files).some((ids) => ids.length > 0);
  const caseMissing = content.cases.length > 0 && !content.cases.some((c) => c.code === documents.case);
  const missing = applicableDocuments(content, view).some((d) => d.required && (documents.files[String(d.index)]?.length ?? 0) === 0);
  if (!caseMissing && !missing) return "completed";
  return hasFiles || documents.case !== null ? "inProgress" : "notStarted";
}

/** Every step with its status, in order. */
export function taskList(view: DraftView, options?: { today?: string }): Task[] {
  const tasks: Task[] = [];
  tasks.push({ key: "applicant", path: "applicant", status: view.applicant ? "completed" : "notStarted" });
  view.form.sections.forEach((section: FormSection, i) => {
    const own = section.fields.map((f) => f.name);
    const status: TaskStatus = sectionComplete(view.form, view.answers, i, options)
      ? "completed"
      : view.answers.sections.includes(section.id) || own.some((n) => n in view.answers.values)
        ? "inProgress"
        : "notStarted";
    tasks.push({ key: `section:${i}`, path: `section/${i + 1}`, status, titleKey: section.titleKey });
  });
  tasks.push({ key: "documents", path: "documents", status: documentsStatus(view) });
  const filled = tasks.every((t) => t.status === "completed");
  tasks.push({ key: "fees", path: "fees", status: !filled ? "cannotStart" : view.answers.feesSeen ? "completed" : "notStarted" });
  const ready = filled && view.answers.feesSeen;
  tasks.push({ key: "check", path: "check", status: !ready ? "cannotStart" : view.declarationAt ? "completed" : "notStarted" });
  tasks.push({ key: "declaration", path: "declaration", status: !ready ? "cannotStart" : view.declarationAt ? "completed" : "notStarted" });
  tasks.push({ key: "submit", path: "submit", status: ready && view.declarationAt ? "notStarted" : "cannotStart" });
  return tasks;
}

/** Whether everything before the given step is complete (a page further on is refused until then). */
export function canOpen(tasks: readonly Task[], key: TaskKey): boolean {
  return tasks.find((t) => t.key === key)?.status !== "cannotStart";
}

export function readyToSubmit(tasks: readonly Task[]): boolean {
  return tasks.filter((t) => t.key !== "submit").every((t) => t.status === "completed");
}

// ---------------------------------------------------------------------------------------------------------------
// Check your answers

export interface AnswerRow {
  field: Field;
  value: FieldValue | undefined;
  /** The change link: /filing/:id/section/:n with the field's control. */
  path: string;
}

export interface AnswerSection {
  index: number;
  titleKey: string;
  rows: AnswerRow[];
}

/** The shown fields of every section with their saved values (an empty optional field is shown as not given). */
export function answerRows(def: FormDefinition, values: FormValues): AnswerSection[] {
  const shown = new Set(visibleFields(def, values));
  return def.sections.map((section, i) => ({
    index: i,
    titleKey: section.titleKey,
    rows: section.fields
      .filter((f) => shown.has(f.name))
      .map((field) => ({ field, value: values[field.name], path: `section/${i + 1}#f-${field.name}` })),
  }));
}

export { topLevelFields };

// ---------------------------------------------------------------------------------------------------------------
// The applicant step's form (messages: keys of the "filing" namespace)

const required = (max: number) => z.string().trim().min(1, "errors.required").max(max, "errors.tooLong");
/** A personal identification number: 12 digits whose province, century and birth year make sense. */
const cccd = () =>
  z
    .string()
    .transform((v) => v.replace(/\s+/g, ""))
    .refine((v) => /^\d{12}$/.test(v) && parseCccd(v) !== null, "errors.cccd");

export const applicantFormSchema = z
  .object({
    fullName: required(100),
    cccd: cccd(),
    phone: z
      .string()
      .transform((v) => normalizePhone(v) ?? "")
      .refine((v) => v !== "", "errors.phone"),
    email: z.union([z.literal(""), z.email("errors.email")]).default(""),
    address: required(300),
    forWhom: z.enum(["self", "other"], { error: "errors.forWhom" }).default("self"),
    otherFullName: z.string().trim().max(100, "errors.tooLong").default(""),
    otherCccd: z.string().trim().default(""),
    otherRelationship: z.string().trim().max(100, "errors.tooLong").default(""),
  })
  .superRefine((v, ctx) => {
    if (v.forWhom !== "other") return;
    if (!v.otherFullName) ctx.addIssue({ code: "custom", path: ["otherFullName"], message: "errors.required" });
    if (!/^\d{12}$/.test(v.otherCccd) || parseCccd(v.otherCccd) === null) ctx.addIssue({ code: "custom", path: ["otherCccd"], message: "errors.cccd" });
    if (!v.otherRelationship) ctx.addIssue({ code: "custom", path: ["otherRelationship"], message: "errors.required" });
  });
export type ApplicantForm = z.infer<typeof applicantFormSchema>;

/** Saved values as the form's inputs hold them (yes/no as "yes"/"no", numbers as text), to fill a section again. */
export function toFormInput(values: Record<string, unknown>): Record<string, unknown> {
  const one = (v: unknown): unknown => {
    if (typeof v === "boolean") return v ? "yes" : "no";
    if (typeof v === "number") return String(v);
    if (Array.isArray(v)) return v.map((item) => (item && typeof item === "object" && !Array.isArray(item) ? toFormInput(item as Record<string, unknown>) : one(item)));
    return v;
  };
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, one(v)]));
}
