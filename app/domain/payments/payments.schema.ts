import { z } from "zod";

// The payments' forms (issue 9). Messages are i18n keys of the "payments" namespace.

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "payments:errors.notFound");

/** The applicant chooses how to pay a request. */
export const paySchema = z.object({
  requestId: uuid,
  method: z.enum(["vnpay", "vietqr"], { message: "payments:errors.chooseMethod" }),
});

/** An officer records money taken at the counter. */
export const counterSchema = z.object({
  requestId: uuid,
  note: z.string().trim().max(500, "payments:errors.noteTooLong").optional().transform((v) => (v ? v : null)),
  confirm: z.literal("yes", { message: "payments:errors.confirmCounter" }),
});

/** A refund: which payment and why (required, kept in the audit trail). */
export const refundSchema = z.object({
  reference: z.string().regex(/^PAY\d{6}[0-9A-Z]{7}$/, "payments:errors.notFound"),
  reason: z.string().trim().min(5, "payments:errors.reasonRequired").max(2000, "payments:errors.reasonTooLong"),
});

/** One fee line of a pay-later request, as an official enters it. */
export const requestLineSchema = z.object({
  name: z.string().trim().min(1, "payments:errors.lineName").max(200, "payments:errors.lineName"),
  kind: z.enum(["phi", "le_phi"], { message: "payments:errors.lineKind" }),
  amount: z.coerce.number({ message: "payments:errors.lineAmount" }).int("payments:errors.lineAmount").min(0, "payments:errors.lineAmount").max(10_000_000_000, "payments:errors.lineAmount"),
});

/** An exempt applicant: the legal basis and the proof the officer saw (required, audited). */
export const waiveSchema = z.object({
  requestId: uuid,
  basis: z.string().trim().min(5, "payments:errors.basisRequired").max(2000, "payments:errors.reasonTooLong"),
});
