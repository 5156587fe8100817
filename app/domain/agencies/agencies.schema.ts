import { z } from "zod";
import { AGENCY_CODE_PATTERN, AGENCY_KINDS, AGENCY_LEVELS } from "./agencies";

// The administrators' agency forms (isomorphic). Messages are i18n keys of the "agencies-admin" namespace.

const required = (max: number, missing: string, tooLong: string) => z.string({ error: missing }).trim().min(1, missing).max(max, tooLong);
/** An optional text: empty becomes null. */
const optional = (max: number, tooLong: string) =>
  z
    .string()
    .trim()
    .max(max, tooLong)
    .optional()
    .transform((v) => (v ? v : null));

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** A telephone number as offices write it: digits with spaces, dots, dashes, brackets, an optional +; 8–15 digits. */
const PHONE = /^\+?[\d\s().-]+$/;

const detailsShape = {
  name: required(300, "agencies-admin:errors.nameRequired", "agencies-admin:errors.nameTooLong"),
  shortName: optional(100, "agencies-admin:errors.shortNameTooLong"),
  kind: z.enum(AGENCY_KINDS, { error: "agencies-admin:errors.kindRequired" }),
  level: z.enum(AGENCY_LEVELS, { error: "agencies-admin:errors.levelRequired" }),
  /** The parent agency's code ("" for none: only the Provincial People's Committee). */
  parent: z
    .string()
    .trim()
    .optional()
    .transform((v) => v ?? "")
    .refine((v) => v === "" || AGENCY_CODE_PATTERN.test(v), "agencies-admin:errors.parentUnknown"),
  address: optional(300, "agencies-admin:errors.addressTooLong"),
  phone: optional(30, "agencies-admin:errors.phoneFormat").refine((v) => v === null || (PHONE.test(v) && /^(\D*\d){8,15}\D*$/.test(v)), "agencies-admin:errors.phoneFormat"),
  email: optional(254, "agencies-admin:errors.emailFormat")
    .transform((v) => (v ? v.toLowerCase() : null))
    .refine((v) => v === null || EMAIL.test(v), "agencies-admin:errors.emailFormat"),
};

/** Only the Provincial People's Committee has no parent: said with the other fields' problems, not after them. */
const parentRequired = {
  path: ["parent"],
  message: "agencies-admin:errors.parentRequired",
  // Checked even when other fields are wrong, so that the error summary lists every problem at once.
  when: () => true,
};
const hasParentIfNeeded = (v: { parent?: unknown; kind?: unknown } | undefined) => !v || v.parent !== "" || v.kind === "ppc";

export const agencyDetailsSchema = z.object(detailsShape).refine(hasParentIfNeeded, parentRequired);
export type AgencyDetailsInput = z.output<typeof agencyDetailsSchema>;

export const newAgencySchema = z
  .object({
    code: z
      .string({ error: "agencies-admin:errors.codeRequired" })
      .trim()
      .toUpperCase()
      .min(1, "agencies-admin:errors.codeRequired")
      .regex(AGENCY_CODE_PATTERN, "agencies-admin:errors.codeFormat"),
    ...detailsShape,
  })
  .refine(hasParentIfNeeded, parentRequired);
export type NewAgencyInput = z.output<typeof newAgencySchema>;

/** Dissolving: the successor's code, if the agency's work goes to another ("" for none). */
export const dissolveSchema = z.object({
  successor: z
    .string()
    .trim()
    .optional()
    .transform((v) => v ?? "")
    .refine((v) => v === "" || AGENCY_CODE_PATTERN.test(v), "agencies-admin:errors.successorUnknown"),
});

/** The list's search (a GET form): unknown values are ignored. */
export const agencySearchSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1000).optional().catch(undefined),
});

export const AGENCY_FORM_FIELDS = ["code", "name", "shortName", "kind", "level", "parent", "address", "phone", "email"] as const;
export type AgencyFormField = (typeof AGENCY_FORM_FIELDS)[number];
