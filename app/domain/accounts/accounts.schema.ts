import { z } from "zod";
import { makeCccdSchema, refineCccdBirthDate } from "../identity/cccd";

// The forms of citizen accounts (isomorphic: the same schema checks the browser's form and the action's input).
// Messages are i18n keys: "account:errors.*" here, "identity:errors.*" from the identity rules.

export const accountErrors = {
  fullName: "account:errors.fullName",
  email: "account:errors.email",
  phone: "account:errors.phone",
  birthDate: "account:errors.birthDate",
  birthDateFuture: "account:errors.birthDateFuture",
  password: "account:errors.password",
  consent: "account:errors.consent",
  identifier: "account:errors.identifier",
} as const;

const text = (max: number, message: string) => z.string({ error: message }).trim().min(1, message).max(max, message);

/** An e-mail address, lower-cased (addresses are compared case-insensitively). */
export const emailSchema = z
  .string({ error: accountErrors.email })
  .trim()
  .toLowerCase()
  .max(254, accountErrors.email)
  .pipe(z.email({ error: accountErrors.email }));

/** A Vietnamese phone number: 0 and 9 digits, or +84 and 9 digits (spaces, dots and dashes allowed); stored as 0xxxxxxxxx. */
export const phoneSchema = z
  .string({ error: accountErrors.phone })
  .transform((v) => v.replace(/[\s.-]/g, ""))
  .pipe(z.string().regex(/^(?:0|\+84)[35789]\d{8}$/, accountErrors.phone))
  .transform((v) => (v.startsWith("+84") ? `0${v.slice(3)}` : v));

/** A date typed as day, month and year (GOV.UK date input) → YYYY-MM-DD, not in the future. */
export function dateOfBirthSchema(today: string) {
  return z
    .object({ day: z.string().trim(), month: z.string().trim(), year: z.string().trim() })
    .transform((d, ctx) => {
      const [day, month, year] = [Number(d.day), Number(d.month), Number(d.year)];
      const valid =
        /^\d{1,2}$/.test(d.day) && /^\d{1,2}$/.test(d.month) && /^\d{4}$/.test(d.year) && year >= 1900 && month >= 1 && month <= 12 && day >= 1;
      const iso = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
      const real = valid && new Date(`${iso}T00:00:00Z`).toISOString().slice(0, 10) === iso;
      if (!real) {
        ctx.addIssue({ code: "custom", message: accountErrors.birthDate });
        return z.NEVER;
      }
      if (iso > today) {
        ctx.addIssue({ code: "custom", message: accountErrors.birthDateFuture });
        return z.NEVER;
      }
      return iso;
    });
}

/** Registration: the password's strength is checked by the use case (it needs the list of common passwords). */
export function registrationSchema(today: string) {
  return z
    .object({
      fullName: text(200, accountErrors.fullName),
      cccd: makeCccdSchema({ currentYear: Number(today.slice(0, 4)) }),
      birthDate: dateOfBirthSchema(today),
      email: emailSchema,
      phone: z.union([z.literal("").transform(() => null), phoneSchema]),
      password: z.string({ error: accountErrors.password }).min(1, accountErrors.password).max(1000, accountErrors.password),
      consent: z.literal("yes", { error: accountErrors.consent }),
    })
    .superRefine(refineCccdBirthDate("cccd", "birthDate"));
}
export type Registration = z.output<ReturnType<typeof registrationSchema>>;

/** Sign-in: an e-mail address or a 12-digit CCCD, and the password. */
export const signInSchema = z.object({
  identifier: text(254, accountErrors.identifier),
  password: z.string({ error: accountErrors.password }).min(1, accountErrors.password).max(1000, accountErrors.password),
});

/**
 * The eID holder's answer about an account registered with their CCCD (/sign-in/vneid/link): "mine", with that
 * account's password; or "not mine", confirmed with a tick (it closes that account).
 */
export const eidLinkChoiceSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("mine"),
    password: z.string({ error: "auth:eid.link.errors.password" }).min(1, "auth:eid.link.errors.password").max(1000, "auth:eid.link.errors.password"),
  }),
  z.object({ intent: z.literal("notMine"), confirm: z.literal("yes", { error: "auth:eid.link.errors.confirm" }) }),
]);

export const forgotPasswordSchema = z.object({ email: emailSchema });

export const newPasswordSchema = z.object({
  password: z.string({ error: accountErrors.password }).min(1, accountErrors.password).max(1000, accountErrors.password),
});

/** What an identifier typed at sign-in names. */
export function parseIdentifier(value: string): { email: string } | { cccd: string } | { phone: string } | null {
  const compact = value.replace(/\s+/g, "");
  if (/^\d{12}$/.test(compact)) return { cccd: compact };
  const phone = phoneSchema.safeParse(value);
  if (phone.success) return { phone: phone.data };
  const email = emailSchema.safeParse(value);
  return email.success ? { email: email.data } : null;
}
