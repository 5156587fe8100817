import { z } from "zod";
import { documentSchema, legalBasisSchema, offeringSchema, procedureSchema, workflowStepSchema } from "./catalog.schema";
import { CHANNELS, type Channel } from "./procedures";
import { draftIssues, linesOf, type DraftIssue } from "./drafts";
import { checkTemplateFile, putCase, type DraftCase, type TemplateEdit, type UploadedFile } from "./drafts.documents";

// The editors' forms of the catalog administration: each reads its plain HTML form (no JavaScript needed) into
// the part of the catalog format it edits and checks it with that part's schema from catalog.schema.ts.

type FormLike = { get(name: string): unknown; getAll(name: string): unknown[] };

const str = (form: FormLike, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};
const optionalText = (form: FormLike, name: string) => str(form, name).trim() || undefined;
const strings = (form: FormLike, name: string) => form.getAll(name).filter((v): v is string => typeof v === "string");
/** A number typed in a box ("" → undefined; "1,5" → 1.5; anything else → NaN so that the schema refuses it). */
const num = (form: FormLike, name: string) => {
  const v = str(form, name).trim().replace(",", ".");
  return v === "" ? undefined : /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : Number.NaN;
};

export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: DraftIssue[] };

function check<S extends z.ZodType>(schema: S, raw: unknown, base: PropertyKey[] = []): Parsed<z.infer<S>> {
  const parsed = schema.safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, issues: draftIssues(parsed.error.issues, base) };
}

// ---------------------------------------------------------------------------------------------------------------
// General information

const S = procedureSchema.shape;
export const detailsSchema = z.object({
  name: S.name,
  purpose: S.purpose,
  conditions: S.conditions,
  steps: S.steps,
  result: S.result,
  keywords: S.keywords,
  field: S.field,
  levels: S.levels,
  lifeEvents: S.lifeEvents,
  applicants: S.applicants,
  validFrom: S.validFrom,
  status: S.status,
});
export type DraftDetails = z.infer<typeof detailsSchema>;

export function readDetails(form: FormLike, resultCode?: string): { raw: Record<string, unknown>; parsed: Parsed<DraftDetails> } {
  const raw = {
    name: str(form, "name"),
    purpose: str(form, "purpose"),
    conditions: optionalText(form, "conditions"),
    steps: str(form, "steps"),
    result: { ...(resultCode ? { code: resultCode } : {}), name: str(form, "result") },
    keywords: linesOf(form.get("keywords")),
    field: str(form, "field"),
    levels: strings(form, "levels"),
    lifeEvents: strings(form, "lifeEvents"),
    applicants: strings(form, "applicants"),
    validFrom: str(form, "validFrom").trim(),
    status: str(form, "status"),
  };
  return { raw, parsed: check(detailsSchema, raw) };
}

// ---------------------------------------------------------------------------------------------------------------
// One document

export type DraftDocument = z.infer<typeof documentSchema>;

/**
 * The document's fields; `case` is the chosen case's code ("" = every case), checked against the draft's cases
 * when they are given. The template is read apart (readTemplate): its file comes from the upload.
 */
export function readDocument(form: FormLike, options: { cases?: readonly string[] } = {}): { raw: Record<string, unknown>; parsed: Parsed<DraftDocument> } {
  const ticked = strings(form, "options");
  const kase = str(form, "case").trim() || undefined;
  const raw = {
    name: str(form, "name"),
    case: kase,
    originals: num(form, "originals") ?? 0,
    certifiedCopies: num(form, "certifiedCopies") ?? 0,
    photocopies: num(form, "photocopies") ?? 0,
    required: ticked.includes("required"),
    signatureRequired: ticked.includes("signatureRequired"),
    fileTypes: strings(form, "fileTypes"),
    maxSizeMb: num(form, "maxSizeMb") ?? 10,
    note: optionalText(form, "note"),
  };
  const parsed = check(documentSchema, raw);
  if (kase && options.cases && !options.cases.includes(kase)) {
    const issue = { path: "case", message: "catalog.errors.unknownCase" };
    return { raw, parsed: parsed.ok ? { ok: false, issues: [issue] } : { ok: false, issues: [...parsed.issues, issue] } };
  }
  return { raw, parsed };
}

const templateTitleSchema = documentSchema.shape.template.unwrap().shape.title;

/**
 * The template part of a document's editor: a title, a new file (checked by its content), or "remove the
 * template". Choosing a file and ticking "remove" together is refused rather than guessed.
 */
export function readTemplate(form: FormLike, upload: UploadedFile | null, hasTemplate: boolean): { raw: { templateTitle: string; removeTemplate: boolean }; parsed: Parsed<TemplateEdit> } {
  const raw = { templateTitle: str(form, "templateTitle"), removeTemplate: str(form, "removeTemplate") === "yes" };
  const issues: DraftIssue[] = [];
  const title = check(templateTitleSchema, raw.templateTitle.trim() || undefined, ["templateTitle"]);
  if (!title.ok) issues.push(...title.issues);
  const chosen = upload && (upload.fileName !== "" || upload.bytes.byteLength > 0 || upload.tooLarge) ? upload : null;
  const file = chosen ? checkTemplateFile(chosen) : null;
  if (file && !file.ok) issues.push({ path: "template", message: file.message });
  if (chosen && raw.removeTemplate) issues.push({ path: "template", message: "documents.errors.templateRemoveAndUpload" });
  if (!chosen && !hasTemplate && raw.templateTitle.trim()) issues.push({ path: "template", message: "documents.errors.templateTitleWithoutFile" });
  if (issues.length > 0 || !title.ok) return { raw, parsed: { ok: false, issues } };
  if (raw.removeTemplate) return { raw, parsed: { ok: true, value: { kind: "remove" } } };
  if (file?.ok) return { raw, parsed: { ok: true, value: { kind: "replace", title: title.value, file: file.value } } };
  return { raw, parsed: { ok: true, value: { kind: "keep", title: title.value } } };
}

// ---------------------------------------------------------------------------------------------------------------
// One case (trường hợp): its name; a new one gets a code made from the name (drafts.documents.ts)

const casesSchema = procedureSchema.shape.cases;

/** The case's name, checked together with the list it makes (at most 20 cases). */
export function readCase(form: FormLike, cases: readonly DraftCase[], index: number | "new"): { raw: { name: string }; parsed: Parsed<{ name: string }> } {
  const raw = { name: str(form, "name") };
  const next = putCase(cases, index, raw.name);
  const parsed = casesSchema.safeParse(next);
  if (parsed.success) return { raw, parsed: { ok: true, value: { name: raw.name.trim() } } };
  const position = index === "new" ? next.length - 1 : index;
  // Only this case's name and the list's length are the editor's business (other cases were checked when saved).
  const issues = draftIssues(parsed.error.issues).flatMap((i) =>
    i.path === `[${position}].name` ? [{ ...i, path: "name" }] : i.path === "" ? [{ path: "name", message: "cases.errors.tooMany" }] : [],
  );
  return { raw, parsed: issues.length > 0 ? { ok: false, issues } : { ok: true, value: { name: raw.name.trim() } } };
}

// ---------------------------------------------------------------------------------------------------------------
// One legal text

export type DraftLegalBasis = z.infer<typeof legalBasisSchema>;

export function readLegalBasis(form: FormLike): { raw: Record<string, unknown>; parsed: Parsed<DraftLegalBasis> } {
  const raw = {
    number: str(form, "number"),
    title: str(form, "title"),
    date: str(form, "date").trim(),
    issuer: str(form, "issuer"),
    url: optionalText(form, "url"),
  };
  return { raw, parsed: check(legalBasisSchema, raw) };
}

// ---------------------------------------------------------------------------------------------------------------
// Workflow steps (edited together: role-0, name-0, hours-0, role-1, …)

export type DraftWorkflowStep = z.infer<typeof workflowStepSchema>;
export const workflowSchema = z.array(workflowStepSchema).min(1, "catalog.errors.zod.too_small").max(20);

/** The rows as typed (for re-rendering) and, when every row is valid, the steps. */
export function readWorkflow(form: FormLike): { rows: { role: string; name: string; hours: string }[]; parsed: Parsed<DraftWorkflowStep[]> } {
  const count = Math.min(20, Number(str(form, "count")) || 0);
  const rows = Array.from({ length: count }, (_, i) => ({ role: str(form, `role-${i}`), name: str(form, `name-${i}`), hours: str(form, `hours-${i}`) }));
  const raw = rows.map((r, i) => ({ role: r.role, name: r.name, hours: num(form, `hours-${i}`) }));
  return { rows, parsed: check(workflowSchema, raw, ["workflow"]) };
}

// ---------------------------------------------------------------------------------------------------------------
// One offering: receivers, decider, online level and up to one row per channel (time limit, fee mode); each
// channel's fees have their own pages (drafts.fees.ts)

export type DraftOffering = z.infer<typeof offeringSchema>;

function readChannel(form: FormLike, channel: Channel): unknown {
  const unit = str(form, `${channel}-unit`);
  const amount = num(form, `${channel}-amount`);
  const timeLimit = unit === "same_day" ? { unit, cutoff: str(form, `${channel}-cutoff`).trim() || "15:00" } : unit === "none" ? { unit } : { unit, amount };
  return { channel, timeLimit, feeMode: str(form, `${channel}-feeMode`), fees: [] };
}

export function readOffering(form: FormLike, fixedDecider?: { code: string }): { raw: Record<string, unknown>; parsed: Parsed<DraftOffering> } {
  const codes = linesOf(form.get("codes"));
  const kinds = strings(form, "kinds");
  const offered = strings(form, "channels").filter((c): c is Channel => (CHANNELS as readonly string[]).includes(c));
  const deciderValue = str(form, "decider");
  const raw = {
    receivers: { ...(codes.length ? { codes } : {}), ...(kinds.length ? { kinds } : {}) },
    decider: deciderValue === "fixed" && fixedDecider ? fixedDecider : deciderValue,
    onlineLevel: str(form, "onlineLevel"),
    channels: offered.map((c) => readChannel(form, c)),
  };
  return { raw, parsed: check(offeringSchema, raw) };
}

/**
 * The edited offering over the stored one: the offering's form does not carry fees (they are edited per channel
 * on their own pages), so a channel that stays keeps its fees; a newly offered channel has none yet.
 */
export function mergeOffering(existing: DraftOffering | undefined, edited: DraftOffering): DraftOffering {
  if (!existing) return edited;
  return {
    ...edited,
    channels: edited.channels.map((channel) => ({ ...channel, fees: existing.channels.find((c) => c.channel === channel.channel)?.fees ?? [] })),
  };
}
