import { z } from "zod";
import { isDay } from "./reconciliation";

// The reconciliation pages' forms (issue 9). Messages are i18n keys of the "payments-office" namespace.

const E = (name: string) => `payments-office:errors.${name}`;
export const PROVIDERS = ["vnpay", "vietqr", "counter"] as const;

const part = z.string().trim().regex(/^\d{1,4}$/, E("badDay"));

/** The report's GET form: a GOV.UK date input (day, month, year) and the provider. */
export const reportQuerySchema = z
  .object({
    "day-day": part,
    "day-month": part,
    "day-year": z.string().trim().regex(/^\d{4}$/, E("badDay")),
    provider: z.enum(PROVIDERS, { message: E("badProvider") }),
  })
  .transform((v, ctx) => {
    const day = `${v["day-year"]}-${v["day-month"].padStart(2, "0")}-${v["day-day"].padStart(2, "0")}`;
    if (!isDay(day)) {
      ctx.addIssue({ code: "custom", message: E("badDay"), path: ["day-day"] });
      return z.NEVER;
    }
    return { day, provider: v.provider };
  });

/** "Hỏi cổng thanh toán": the day shown. */
export const askSchema = z.object({
  intent: z.literal("ask", { message: E("malformed") }),
  day: z.string().refine(isDay, E("badDay")),
});

/** "Đánh dấu đã xử lý" on an item of the review queue. */
export const resolveSchema = z.object({
  kind: z.enum(["attempt", "line"], { message: E("notFound") }),
  id: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, E("notFound")),
  note: z.string().trim().min(1, E("noteRequired")).max(2000, E("noteTooLong")),
});

/** The largest statement file accepted (a month of a busy account is well under this). */
export const STATEMENT_MAX_BYTES = 2_000_000;
