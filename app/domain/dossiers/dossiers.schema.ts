import { z } from "zod";
import { emailSchema, phoneSchema } from "../accounts/accounts.schema";
import { cccdSchema } from "../identity/cccd";
import { STATUS_CODES } from "./dossiers";

// Input schemas of the dossiers' pages and use cases. Messages are i18n keys.

export const dossierErrors = {
  unknownProcedure: "dossiers:errors.unknownProcedure",
  notOffered: "dossiers:errors.notOffered",
  notOnline: "dossiers:errors.notOnline",
  notInPerson: "dossiers:errors.notInPerson",
  notCitizen: "dossiers:errors.notCitizen",
  applicantName: "dossiers:errors.applicantName",
  applicantContact: "dossiers:errors.applicantContact",
  address: "dossiers:errors.address",
  caseUnknown: "dossiers:errors.caseUnknown",
  idempotencyKey: "dossiers:errors.idempotencyKey",
  documentUnknown: "dossiers:errors.documentUnknown",
  documentMissing: "dossiers:errors.documentMissing",
  documentTooManyFiles: "dossiers:errors.documentTooManyFiles",
  documentDuplicate: "dossiers:errors.documentDuplicate",
  fileNotFound: "dossiers:errors.fileNotFound",
  fileType: "dossiers:errors.fileType",
  fileTooLarge: "dossiers:errors.fileTooLarge",
  sequenceExhausted: "dossiers:errors.sequenceExhausted",
  notWithdrawable: "dossiers:errors.notWithdrawable",
  changed: "dossiers:errors.changed",
  trackCode: "dossiers:errors.trackCode",
  trackFactor: "dossiers:errors.trackFactor",
  trackNotFound: "dossiers:errors.trackNotFound",
  trackRateLimited: "dossiers:errors.trackRateLimited",
} as const;

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

/** The applicant (người nộp): a name, and a CCCD or a phone number (one of them is the tracking page's second factor). */
export const applicantSchema = z
  .object({
    fullName: z.string({ error: dossierErrors.applicantName }).trim().min(1, dossierErrors.applicantName).max(200, dossierErrors.applicantName),
    cccd: optional(cccdSchema),
    phone: optional(phoneSchema),
    email: optional(emailSchema),
    address: optional(z.string().trim().max(500, dossierErrors.address)),
  })
  .superRefine((a, ctx) => {
    if (!a.cccd && !a.phone) ctx.addIssue({ code: "custom", message: dossierErrors.applicantContact, path: ["cccd"] });
  })
  .transform((a) => ({ fullName: a.fullName, cccd: a.cccd ?? null, phone: a.phone ?? null, email: a.email ?? null, address: a.address ?? null }));

/** A client-made key, the same for every retry of one submission (a UUID from the filing page). */
export const idempotencyKeySchema = z.string().regex(/^[A-Za-z0-9_-]{8,100}$/, dossierErrors.idempotencyKey);

/** The public lookup: a dossier code and the last 4 digits of the applicant's CCCD or phone. */
export const trackSchema = z.object({
  code: z
    .string({ error: dossierErrors.trackCode })
    .transform((v) => v.replace(/\s+/g, "").toUpperCase())
    .pipe(z.string().min(1, dossierErrors.trackCode).max(40, dossierErrors.trackCode).regex(/^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4}$/, dossierErrors.trackCode)),
  factor: z
    .string({ error: dossierErrors.trackFactor })
    .transform((v) => v.replace(/\s+/g, ""))
    .pipe(z.string().regex(/^\d{4}$/, dossierErrors.trackFactor)),
});

/** ?status=1..10 on "my dossiers" (anything else: every status), ?page=n. */
export const myDossiersQuerySchema = z.object({
  status: z.coerce
    .number()
    .int()
    .refine((n) => (STATUS_CODES as readonly number[]).includes(n))
    .nullable()
    .catch(null),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
