import { z } from "zod";
import { emailSchema, phoneSchema } from "../accounts/accounts.schema";
import { CLOSE_REASONS, PETITION_KINDS, normalizePetitionCode } from "./petitions";

// Input schemas of the petitions' pages and use cases (issue 8). Messages are i18n keys of the "petitions" namespace.

export const petitionErrors = {
  kind: "petitions:errors.kind",
  title: "petitions:errors.title",
  content: "petitions:errors.content",
  contentTooLong: "petitions:errors.contentTooLong",
  proposal: "petitions:errors.proposal",
  procedure: "petitions:errors.procedure",
  agency: "petitions:errors.agency",
  dossierCode: "petitions:errors.dossierCode",
  name: "petitions:errors.name",
  address: "petitions:errors.address",
  contact: "petitions:errors.contact",
  consent: "petitions:errors.consent",
  text: "petitions:errors.text",
  reason: "petitions:errors.reason",
  closeReason: "petitions:errors.closeReason",
  duplicateOf: "petitions:errors.duplicateOf",
  target: "petitions:errors.target",
  rating: "petitions:errors.rating",
  ratingReason: "petitions:errors.ratingReason",
  trackCode: "petitions:errors.trackCode",
  trackFactor: "petitions:errors.trackFactor",
  trackNotFound: "petitions:errors.trackNotFound",
  rateLimited: "petitions:errors.rateLimited",
  stale: "petitions:errors.stale",
  notAllowedNow: "petitions:errors.notAllowedNow",
  alreadyExtended: "petitions:errors.alreadyExtended",
  reopenWindow: "petitions:errors.reopenWindow",
  notSubmitter: "petitions:errors.notSubmitter",
  files: "petitions:errors.files",
} as const;

/** Longest content accepted (characters): a page of the portal, not a book; longer texts go as attachments. */
export const MAX_CONTENT = 10_000;
export const MAX_TITLE = 200;

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());
const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true || v === "1", z.boolean());
const text = (min: number, max: number, message: string, tooLong = message) =>
  z
    .string({ error: message })
    .transform((s) => s.replace(/\r\n?/g, "\n").trim())
    .pipe(z.string().min(min, message).max(max, tooLong));

/** The public form: what the item says, what it concerns, who sends it and what they consent to. */
export const submitSchema = z
  .object({
    kind: z.enum(PETITION_KINDS, { error: petitionErrors.kind }),
    title: text(5, MAX_TITLE, petitionErrors.title),
    content: text(20, MAX_CONTENT, petitionErrors.content, petitionErrors.contentTooLong),
    proposal: optional(text(1, 5_000, petitionErrors.proposal)),
    procedureCode: optional(
      z
        .string()
        .trim()
        .max(20, petitionErrors.procedure)
        .regex(/^[0-9A-Za-z.\-_]+$/, petitionErrors.procedure)
    ),
    agencyId: optional(z.string().trim().uuid(petitionErrors.agency)),
    dossierCode: optional(
      z
        .string()
        .transform((v) => v.replace(/\s+/g, "").toUpperCase())
        .pipe(
          z
            .string()
            .max(40, petitionErrors.dossierCode)
            .regex(/^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4}$/, petitionErrors.dossierCode)
        )
    ),
    contactName: text(2, 200, petitionErrors.name),
    contactAddress: text(5, 500, petitionErrors.address),
    contactPhone: optional(phoneSchema),
    contactEmail: optional(emailSchema),
    publishConsent: checkbox,
    showName: checkbox,
  })
  .superRefine((v, ctx) => {
    if (!v.contactPhone && !v.contactEmail)
      ctx.addIssue({
        code: "custom",
        message: petitionErrors.contact,
        path: ["contactPhone"],
      });
    if (v.kind === "proposal" && !v.proposal)
      ctx.addIssue({
        code: "custom",
        message: petitionErrors.proposal,
        path: ["proposal"],
      });
    if (v.showName && !v.publishConsent)
      ctx.addIssue({
        code: "custom",
        message: petitionErrors.consent,
        path: ["showName"],
      });
  })
  .transform((v) => ({
    kind: v.kind,
    title: v.title,
    content: v.content,
    proposal: v.proposal ?? null,
    procedureCode: v.procedureCode ?? null,
    agencyId: v.agencyId ?? null,
    dossierCode: v.dossierCode ?? null,
    contactName: v.contactName,
    contactAddress: v.contactAddress,
    contactPhone: v.contactPhone ?? null,
    contactEmail: v.contactEmail ?? null,
    publishConsent: v.publishConsent,
    showName: v.showName,
  }));
export type SubmitInput = z.output<typeof submitSchema>;

const code = z
  .string({ error: petitionErrors.trackCode })
  .transform((v, ctx) => normalizePetitionCode(v) ?? (ctx.addIssue({ code: "custom", message: petitionErrors.trackCode }), z.NEVER));

/** The public look-up: the code and the second factor (last four digits of the phone, or the e-mail address). */
export const trackSchema = z.object({
  code,
  factor: z.string({ error: petitionErrors.trackFactor }).trim().min(4, petitionErrors.trackFactor).max(254, petitionErrors.trackFactor),
});

const version = z.coerce.number().int().min(0);
const reason = text(5, 2_000, petitionErrors.reason);

/** The officials' actions, each with what it needs. */
export const actionSchemas = {
  forward: z.object({
    version,
    targetAgencyId: z.string({ error: petitionErrors.target }).uuid(petitionErrors.target),
    field: optional(text(1, 200, petitionErrors.text)),
    note: optional(text(1, 2_000, petitionErrors.text)),
  }),
  close: z
    .object({
      version,
      reason: z.enum(CLOSE_REASONS, { error: petitionErrors.closeReason }),
      text: text(5, 2_000, petitionErrors.text),
      duplicateOf: optional(code),
    })
    .superRefine((v, ctx) => {
      if (v.reason === "duplicate" && !v.duplicateOf)
        ctx.addIssue({
          code: "custom",
          message: petitionErrors.duplicateOf,
          path: ["duplicateOf"],
        });
    }),
  requestReassign: z.object({ version, reason }),
  draft: z.object({
    version,
    body: text(20, MAX_CONTENT, petitionErrors.text, petitionErrors.contentTooLong),
  }),
  extend: z.object({ version, reason }),
  approve: z.object({ version }),
  return: z.object({ version, note: reason }),
  hide: z.object({ version, reason }),
  revise: z.object({
    version,
    part: z.enum(["title", "content", "answer"], {
      error: petitionErrors.text,
    }),
    body: text(5, MAX_CONTENT, petitionErrors.text, petitionErrors.contentTooLong),
    reason,
  }),
} as const;
export type OfficialPetitionAction = keyof typeof actionSchemas;

/** The submitter's rating: satisfied, or not satisfied with a reason; and whether to reopen. */
export const rateSchema = z
  .object({
    rating: z.enum(["satisfied", "unsatisfied"], {
      error: petitionErrors.rating,
    }),
    reason: optional(text(5, 2_000, petitionErrors.ratingReason)),
    reopen: checkbox,
  })
  .superRefine((v, ctx) => {
    if (v.rating === "unsatisfied" && !v.reason)
      ctx.addIssue({
        code: "custom",
        message: petitionErrors.ratingReason,
        path: ["reason"],
      });
  })
  .transform((v) => ({
    rating: v.rating,
    reason: v.reason ?? null,
    reopen: v.rating === "unsatisfied" && v.reopen,
  }));
