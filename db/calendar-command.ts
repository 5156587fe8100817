// The working calendar's commands (db/calendar-cli.ts is the entry point; this part is tested without a process):
//   due <ISO start> <amount> <unit>   the due date of a time limit, as JSON
//   holidays <year>                   the year's non-working and extra working dates, as JSON
// Bad input gives a clear message and exit code 2; nothing here prints a stack trace.
import { createInstance, type TFunction } from "i18next";
import type { Kysely } from "kysely";
import type { Database } from "./schema";
import { calendarYearSchema, dueArgumentsSchema } from "../app/domain/calendar/calendar.schema";
import { calendarDaysOfYear, computeDueDate } from "../app/domain/calendar/calendar.server";
import { DUE_UNITS, type DueUnit } from "../app/domain/calendar/working-time";
import { pendingMigrations } from "./migrate";
import enCalendar from "../locales/en/calendar.json" with { type: "json" };

export const USAGE = [
  "Usage:",
  "  npm run -s calendar -- due <ISO start> <amount> <unit>",
  "  npm run -s calendar -- holidays <year>",
  `Units: ${DUE_UNITS.join(", ")}. A start without an offset is Vietnam time, e.g. 2026-03-02T14:00.`,
  "Examples:",
  "  npm run -s calendar -- due 2026-03-02T14:00 5 working_days",
  "  npm run -s calendar -- due 2026-03-02T15:10+07:00 1 same_day",
  "  npm run -s calendar -- holidays 2026",
].join("\n");

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

let english: TFunction | undefined;
async function messages(): Promise<TFunction> {
  if (!english) {
    const i18n = createInstance();
    await i18n.init({ lng: "en", ns: ["calendar"], defaultNS: "calendar", interpolation: { escapeValue: false }, resources: { en: { calendar: enCalendar } } });
    english = i18n.getFixedT("en", "calendar");
  }
  return english;
}

const bad = async (lines: string[]): Promise<CommandResult> => ({ code: 2, stdout: "", stderr: `${lines.join("\n")}\n\n${USAGE}\n` });

/** What the arguments ask for, before any database is opened: a plan, or the answer to bad input. */
export async function planCalendarCommand(args: readonly string[]): Promise<
  { kind: "due"; receivedAt: Date; amount: number; unit: DueUnit } | { kind: "holidays"; year: number } | { kind: "bad"; result: CommandResult }
> {
  const t = await messages();
  const [command, ...rest] = args;
  if (command === "due") {
    if (rest.length !== 3) return { kind: "bad", result: await bad(["due takes three arguments: the start, the amount and the unit."]) };
    const parsed = dueArgumentsSchema.safeParse({ start: rest[0], amount: rest[1], unit: rest[2] });
    if (!parsed.success) {
      const lines = [...new Map(parsed.error.issues.map((i) => [String(i.path[0]), `${String(i.path[0])}: ${t(i.message.replace(/^calendar:/, ""))}`])).values()];
      return { kind: "bad", result: await bad(lines) };
    }
    return { kind: "due", receivedAt: parsed.data.start, amount: parsed.data.amount, unit: parsed.data.unit };
  }
  if (command === "holidays") {
    const year = rest.length === 1 && /^\d{4}$/.test(rest[0]!) ? calendarYearSchema.safeParse(rest[0]) : null;
    if (!year?.success) return { kind: "bad", result: await bad([`year: ${t("errors.year")}`]) };
    return { kind: "holidays", year: year.data };
  }
  return { kind: "bad", result: await bad(command ? [`Unknown command "${command}".`] : []) };
}

/** Run a command on an open database (the plan must not be "bad"). */
export async function runCalendarCommand(db: Kysely<Database>, args: readonly string[]): Promise<CommandResult> {
  const plan = await planCalendarCommand(args);
  if (plan.kind === "bad") return plan.result;
  if ((await pendingMigrations(db)).includes("20261130T0200_calendar")) {
    return { code: 1, stdout: "", stderr: "The database has no working calendar yet: run npm run db:migrate, then npm run db:seed.\n" };
  }
  if (plan.kind === "due") {
    const result = await computeDueDate(db, { receivedAt: plan.receivedAt, amount: plan.amount, unit: plan.unit });
    const warning = result.yearsWithoutHolidays.length
      ? `Warning: the calendar has no non-working dates for ${result.yearsWithoutHolidays.join(", ")}; only weekends were skipped there.\n`
      : "";
    return { code: 0, stdout: `${JSON.stringify(result, null, 2)}\n`, stderr: warning };
  }
  const days = await calendarDaysOfYear(db, plan.year);
  return { code: 0, stdout: `${JSON.stringify({ year: plan.year, days }, null, 2)}\n`, stderr: "" };
}
