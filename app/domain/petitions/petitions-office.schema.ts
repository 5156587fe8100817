import { z } from "zod";

// The officials' petition pages' own forms (issue 8): the routing rules. Messages are i18n keys of the
// "petitions-office" namespace. The actions on an item use actionSchemas (petitions.schema.ts).

export const ruleErrors = {
  procedure: "petitions-office:rules.errors.procedure",
  field: "petitions-office:rules.errors.field",
  concernedAgency: "petitions-office:rules.errors.concernedAgency",
  adminUnit: "petitions-office:rules.errors.adminUnit",
  target: "petitions-office:rules.errors.target",
  criteria: "petitions-office:rules.errors.criteria",
  notFound: "petitions-office:rules.errors.notFound",
} as const;

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

/** A routing rule: any criteria set (at least one) → the agency that handles matching items. */
export const ruleSchema = z
  .object({
    procedureCode: optional(
      z
        .string()
        .trim()
        .max(20, ruleErrors.procedure)
        .regex(/^[0-9A-Za-z.\-_]+$/, ruleErrors.procedure)
    ),
    field: optional(z.string().trim().min(1).max(200, ruleErrors.field)),
    concernedAgencyId: optional(z.string().trim().uuid(ruleErrors.concernedAgency)),
    adminUnitCode: optional(
      z
        .string()
        .trim()
        .max(10, ruleErrors.adminUnit)
        .regex(/^\d{1,10}$/, ruleErrors.adminUnit)
    ),
    targetAgencyId: z.string({ error: ruleErrors.target }).trim().uuid(ruleErrors.target),
  })
  .superRefine((v, ctx) => {
    if (!v.procedureCode && !v.field && !v.concernedAgencyId && !v.adminUnitCode)
      ctx.addIssue({
        code: "custom",
        message: ruleErrors.criteria,
        path: ["procedureCode"],
      });
  })
  .transform((v) => ({
    procedureCode: v.procedureCode ?? null,
    field: v.field ?? null,
    concernedAgencyId: v.concernedAgencyId ?? null,
    adminUnitCode: v.adminUnitCode ?? null,
    targetAgencyId: v.targetAgencyId,
  }));
export type RuleInput = z.output<typeof ruleSchema>;
