import { z } from "zod";
import { REFUSAL_REASONS, RETURN_CHANNELS, STOP_REASONS, type DossierAction } from "./workflow";

// What each action takes (issue 6, item 4): the same schemas parse the officials' forms (routes) and are checked
// again by the engine. Messages are keys of the "dossiers" namespace.

const text = (max: number) =>
  z
    .string({ error: "dossiers:actions.errors.required" })
    .trim()
    .min(1, { error: "dossiers:actions.errors.required" })
    .max(max, { error: "dossiers:actions.errors.tooLong" });
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: "dossiers:actions.errors.tooLong" })
    .optional()
    .transform((v) => (v ? v : undefined));
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const actionParamSchemas = {
  accept: z.object({}),
  refuse: z.object({
    reasons: z.array(z.enum(REFUSAL_REASONS), { error: "dossiers:actions.errors.reasons" }).min(1, { error: "dossiers:actions.errors.reasons" }),
    text: text(2000),
    legalBasis: text(500),
  }),
  requestSupplement: z
    .object({
      fields: z.array(z.string().max(100)).max(100).default([]),
      documents: z.array(z.number().int().min(0).max(100)).max(60).default([]),
      note: text(4000),
      justification: optionalText(2000),
      respondWithinDays: z.number({ error: "dossiers:actions.errors.days" }).int({ error: "dossiers:actions.errors.days" }).min(1, { error: "dossiers:actions.errors.days" }).max(90, { error: "dossiers:actions.errors.days" }).optional(),
    })
    .refine((v) => v.fields.length + v.documents.length > 0, { error: "dossiers:actions.errors.nothingFlagged", path: ["items"] }),
  resubmit: z.object({
    answers: z.record(z.string(), z.unknown()).default({}),
    documents: z.array(z.object({ documentIndex: z.number().int().min(0), fileIds: z.array(z.string().max(36)).max(10) })).default([]),
  }),
  forward: z.object({ note: optionalText(2000) }),
  sendBack: z.object({ note: text(2000) }),
  transfer: z.object({ agencyId: z.string({ error: "dossiers:actions.errors.agency" }).min(1, { error: "dossiers:actions.errors.agency" }).max(36), note: optionalText(2000), hours: z.number().positive().max(2000).optional() }),
  transferBack: z.object({ note: optionalText(2000) }),
  // The amount is the payment request's total (app/domain/payments opens the request in the same transaction).
  requestPayment: z.object({ note: optionalText(2000), amount: z.number().int().positive().max(100_000_000_000), description: optionalText(2000) }),
  confirmPayment: z.object({}),
  stop: z.object({ reason: z.enum(STOP_REASONS, { error: "dossiers:actions.errors.reason" }), text: text(2000) }),
  approve: z.object({
    result: z.object({ sha256, sizeBytes: z.number().int().positive(), mediaType: z.string().max(100), fileName: z.string().min(1).max(255) }, { error: "dossiers:actions.errors.result" }),
    number: optionalText(60),
  }),
  returnResult: z
    .object({ channel: z.enum(RETURN_CHANNELS, { error: "dossiers:actions.errors.channel" }), trackingNote: optionalText(500) })
    .refine((v) => v.channel !== "post" || !!v.trackingNote, { error: "dossiers:actions.errors.trackingNote", path: ["trackingNote"] }),
  apologize: z.object({
    reason: text(2000),
    newDueAt: z.iso.datetime({ offset: true, error: "dossiers:actions.errors.newDueAt" }),
  }),
  withdraw: z.object({}),
  expireSupplement: z.object({}),
} satisfies Record<DossierAction, z.ZodType>;

export type ActionParams<A extends DossierAction> = z.output<(typeof actionParamSchemas)[A]>;

export const actionErrors = {
  notFound: "dossiers:errors.notFound",
  forbidden: "dossiers:actions.errors.forbidden",
  notAllowedNow: "dossiers:actions.errors.notAllowedNow",
  stale: "dossiers:actions.errors.stale",
  guard: (g: string) => `dossiers:actions.guards.${g}`,
  invalid: "dossiers:actions.errors.invalid",
  unknownFlagged: "dossiers:actions.errors.unknownFlagged",
  notFlagged: "dossiers:actions.errors.notFlagged",
  newDueAt: "dossiers:actions.errors.newDueAtTooEarly",
  agency: "dossiers:actions.errors.agency",
  resultMissing: "dossiers:actions.errors.result",
  signingUnavailable: "dossiers:actions.errors.signingUnavailable",
  resultUnsignable: "dossiers:actions.errors.resultUnsignable",
} as const;
