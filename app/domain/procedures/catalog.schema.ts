import { z } from "zod";
import { AGENCY_KINDS } from "../agencies/agencies";
import { formDefinitionSchema } from "../forms/form-definition";
import {
  APPLICANT_KINDS,
  CHANNELS,
  FEE_MODES,
  GOVERNMENT_LEVELS,
  LIFE_EVENTS,
  ONLINE_LEVELS,
  PROCEDURE_STATUSES,
  WORKFLOW_ROLES,
  workingHoursOf,
} from "./procedures";

// The catalog exchange format (docs/catalog-format.md): what `npm run catalog:import` reads and
// `catalog:export` writes, and what the seed is written in. Messages are i18n keys (catalog.errors.*).


const text = (max: number) => z.string().trim().min(1, "catalog.errors.required").max(max, "catalog.errors.tooLong");
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "catalog.errors.date");
const vnd = z.number().int("catalog.errors.wholeDong").min(0, "catalog.errors.negative").max(1e12);

export const timeLimitSchema = z.discriminatedUnion("unit", [
  z.object({ unit: z.literal("working_days"), amount: z.number().positive().max(365).multipleOf(0.5) }),
  z.object({ unit: z.literal("calendar_days"), amount: z.number().int().positive().max(730) }),
  z.object({ unit: z.literal("working_hours"), amount: z.number().int().positive().max(2000) }),
  z.object({ unit: z.literal("same_day"), cutoff: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).default("15:00") }),
  z.object({ unit: z.literal("none") }),
]);

export const feeSchema = z.object({
  name: text(200),
  amount: vnd,
  per: z.enum(["case", "copy", "page", "contract", "person"]).default("case"),
  tiers: z.array(z.object({ fromUnit: z.number().int().min(1), amount: vnd })).max(10).optional(),
  cap: vnd.optional(),
  exemptions: z.array(text(500)).max(20).optional(),
  note: text(1000).optional(),
});

export const channelSchema = z.object({
  channel: z.enum(CHANNELS),
  timeLimit: timeLimitSchema,
  feeMode: z.enum(FEE_MODES),
  fees: z.array(feeSchema).max(20).default([]),
});

const agencySelector = z
  .object({
    codes: z.array(z.string().regex(/^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/, "catalog.errors.agencyCode")).max(500).optional(),
    kinds: z.array(z.enum(AGENCY_KINDS)).max(10).optional(),
  })
  .refine((s) => (s.codes?.length ?? 0) + (s.kinds?.length ?? 0) > 0, "catalog.errors.noAgency");

export const offeringSchema = z
  .object({
    receivers: agencySelector,
    /** Who decides: the receiving agency itself, its parent (e.g. the district for a commune), or a named agency. */
    decider: z.union([z.enum(["receiver", "parent"]), z.object({ code: z.string() })]).default("receiver"),
    onlineLevel: z.enum(ONLINE_LEVELS),
    channels: z.array(channelSchema).min(1, "catalog.errors.noChannel").max(3),
  })
  .superRefine((o, ctx) => {
    const seen = new Set<string>();
    o.channels.forEach((c, i) => {
      if (seen.has(c.channel)) ctx.addIssue({ code: "custom", message: "catalog.errors.duplicateChannel", path: ["channels", i, "channel"] });
      seen.add(c.channel);
    });
    const online = o.channels.some((c) => c.channel === "online");
    if (o.onlineLevel !== "INFO" && !online) {
      ctx.addIssue({ code: "custom", message: "catalog.errors.onlineLevelWithoutOnlineChannel", path: ["onlineLevel"] });
    }
    if (o.onlineLevel === "INFO" && online) {
      ctx.addIssue({ code: "custom", message: "catalog.errors.onlineChannelAtInfoLevel", path: ["channels"] });
    }
  });

export const documentSchema = z.object({
  code: z.string().regex(/^[A-Za-z0-9._-]{1,40}$/).optional(),
  name: text(500),
  /** The case (trường hợp) this document belongs to; absent = every case. */
  case: z.string().regex(/^[a-z0-9-]{1,40}$/).optional(),
  originals: z.number().int().min(0).max(20).default(0),
  certifiedCopies: z.number().int().min(0).max(20).default(0),
  photocopies: z.number().int().min(0).max(20).default(0),
  required: z.boolean().default(true),
  fileTypes: z.array(z.enum(["pdf", "jpg", "png", "docx", "doc", "xlsx", "xml", "zip"])).min(1).default(["pdf", "jpg", "png"]),
  maxSizeMb: z.number().positive().max(100).default(10),
  signatureRequired: z.boolean().default(false),
  /** A template file to download, relative to the catalog file. */
  template: z.object({ file: z.string().regex(/^[\w./-]+\.(pdf|docx|doc|rtf|odt|xlsx)$/), title: text(300).optional() }).optional(),
  /** An earlier result that replaces this document (once-only principle). */
  replacedByResultCode: z.string().max(40).optional(),
  note: text(1000).optional(),
});

export const legalBasisSchema = z.object({
  number: text(100),
  title: text(500),
  date: isoDate,
  issuer: text(200),
  url: z.url().optional(),
});

export const workflowStepSchema = z.object({
  role: z.enum(WORKFLOW_ROLES),
  name: text(200),
  hours: z.number().positive().max(5000),
});

export const procedureSchema = z
  .object({
    code: z.string().regex(/^\d\.\d{6}$/, "catalog.errors.procedureCode"),
    localCode: z.string().max(60).optional(),
    name: text(500),
    field: z.string().regex(/^[a-z0-9-]{2,60}$/),
    levels: z.array(z.enum(GOVERNMENT_LEVELS)).min(1),
    lifeEvents: z.array(z.enum(LIFE_EVENTS)).max(5).default([]),
    applicants: z.array(z.enum(APPLICANT_KINDS)).min(1),
    applicantsText: text(2000).optional(),
    purpose: text(2000),
    conditions: text(5000).optional(),
    steps: text(10000),
    legalBasis: z.array(legalBasisSchema).min(1, "catalog.errors.noLegalBasis").max(40),
    result: z.object({ code: z.string().max(40).optional(), name: text(500) }),
    keywords: z.array(text(100)).max(30).default([]),
    status: z.enum(PROCEDURE_STATUSES).default("in_force"),
    validFrom: isoDate,
    cases: z.array(z.object({ code: z.string().regex(/^[a-z0-9-]{1,40}$/), name: text(500) })).max(20).default([]),
    documents: z.array(documentSchema).max(60),
    offerings: z.array(offeringSchema).min(1, "catalog.errors.noOffering").max(20),
    form: formDefinitionSchema,
    workflow: z.array(workflowStepSchema).min(1).max(20),
  })
  .superRefine((p, ctx) => {
    const cases = new Set(p.cases.map((c) => c.code));
    p.documents.forEach((d, i) => {
      if (d.case && !cases.has(d.case)) ctx.addIssue({ code: "custom", message: "catalog.errors.unknownCase", path: ["documents", i, "case"] });
    });
    // The workflow's shares may not exceed the shortest time limit that has working hours.
    const limits = p.offerings.flatMap((o) => o.channels.map((c) => workingHoursOf(c.timeLimit))).filter((h): h is number => h !== null);
    const total = p.workflow.reduce((sum, s) => sum + s.hours, 0);
    if (limits.length > 0 && total > Math.min(...limits) + 1e-9) {
      ctx.addIssue({ code: "custom", message: "catalog.errors.workflowTooLong", path: ["workflow"] });
    }
    if (p.workflow[0]?.role !== "receive") ctx.addIssue({ code: "custom", message: "catalog.errors.workflowStart", path: ["workflow", 0, "role"] });
  });

export const catalogSchema = z
  .object({
    format: z.literal("cong-dich-vu-cong/catalog@1"),
    fields: z.array(z.object({ code: z.string().regex(/^[a-z0-9-]{2,60}$/), name: text(200) })).min(1),
    procedures: z.array(procedureSchema),
  })
  .superRefine((c, ctx) => {
    const fields = new Set(c.fields.map((f) => f.code));
    const codes = new Set<string>();
    c.procedures.forEach((p, i) => {
      if (!fields.has(p.field)) ctx.addIssue({ code: "custom", message: "catalog.errors.unknownField", path: ["procedures", i, "field"] });
      if (codes.has(p.code)) ctx.addIssue({ code: "custom", message: "catalog.errors.duplicateProcedure", path: ["procedures", i, "code"] });
      codes.add(p.code);
    });
  });

export type CatalogFile = z.infer<typeof catalogSchema>;
export type ProcedureInput = z.infer<typeof procedureSchema>;
export type ProcedureDocument = z.infer<typeof documentSchema>;
export type Offering = z.infer<typeof offeringSchema>;
