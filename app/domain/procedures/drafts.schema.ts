import { z } from "zod";
import { documentSchema, legalBasisSchema, offeringSchema, procedureSchema, workflowStepSchema } from "./catalog.schema";
import { CHANNELS, type Channel } from "./procedures";
import { draftIssues, linesOf, type DraftIssue } from "./drafts";

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

export function readDocument(form: FormLike): { raw: Record<string, unknown>; parsed: Parsed<DraftDocument> } {
  const options = strings(form, "options");
  const raw = {
    name: str(form, "name"),
    originals: num(form, "originals") ?? 0,
    certifiedCopies: num(form, "certifiedCopies") ?? 0,
    photocopies: num(form, "photocopies") ?? 0,
    required: options.includes("required"),
    signatureRequired: options.includes("signatureRequired"),
    fileTypes: strings(form, "fileTypes"),
    maxSizeMb: num(form, "maxSizeMb") ?? 10,
    note: optionalText(form, "note"),
  };
  return { raw, parsed: check(documentSchema, raw) };
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
