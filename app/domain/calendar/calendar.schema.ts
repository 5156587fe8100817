import { z } from "zod";
import { isIsoDate, parseInstant, parseTimeOfDay, WEEKDAYS, type Weekday } from "./days";
import { amountProblem, CALENDAR_DAY_KINDS, DUE_UNITS, type DueUnit, type OfficeHours, type Session } from "./working-time";

// The calendar's forms and command arguments (isomorphic). Messages are i18n keys of the "calendar" namespace.

export const calendarErrors = {
  date: "calendar:errors.date",
  dateRange: "calendar:errors.dateRange",
  kind: "calendar:errors.kind",
  name: "calendar:errors.name",
  alreadyListed: "calendar:errors.alreadyListed",
  notRestDay: "calendar:errors.notRestDay",
  notListed: "calendar:errors.notListed",
  year: "calendar:errors.year",
  validFrom: "calendar:errors.validFrom",
  validFromTaken: "calendar:errors.validFromTaken",
  time: "calendar:errors.time",
  order: "calendar:errors.order",
  overlap: "calendar:errors.overlap",
  afternoonBoth: "calendar:errors.afternoonBoth",
  weekdays: "calendar:errors.weekdays",
  cutoff: "calendar:errors.cutoff",
  lastVersion: "calendar:errors.lastVersion",
  hoursNotFound: "calendar:errors.hoursNotFound",
  instant: "calendar:errors.instant",
  amount: "calendar:errors.amount",
  unit: "calendar:errors.unit",
} as const;

/** The years administrators maintain (the seed fills 2000–2050). */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2099;

type FormLike = { get(name: string): unknown; getAll(name: string): unknown[] };
const str = (form: FormLike, name: string, max = 300) => {
  const v = form.get(name);
  return typeof v === "string" ? v.slice(0, max) : "";
};

/** A date typed in the three GOV.UK boxes (day, month, year) as YYYY-MM-DD, or null when it is not a real date. */
export function isoFromParts(day: string, month: string, year: string): string | null {
  const [d, m, y] = [day.trim(), month.trim(), year.trim()];
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return null;
  const iso = `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
  return isIsoDate(iso) ? iso : null;
}

const inYears = (iso: string) => iso >= `${FIRST_YEAR}-01-01` && iso <= `${LAST_YEAR}-12-31`;

/** A calendar date an administrator may enter: real, and within the years maintained. */
export const calendarDateSchema = z
  .string({ error: calendarErrors.date })
  .refine(isIsoDate, calendarErrors.date)
  .refine(inYears, calendarErrors.dateRange);

/** The year shown on the calendar page (?year=2027). */
export const calendarYearSchema = z.coerce
  .number({ error: calendarErrors.year })
  .int(calendarErrors.year)
  .min(FIRST_YEAR, calendarErrors.year)
  .max(LAST_YEAR, calendarErrors.year);

export const calendarDaySchema = z.object({
  date: calendarDateSchema,
  kind: z.enum(CALENDAR_DAY_KINDS, { error: calendarErrors.kind }),
  name: z.string({ error: calendarErrors.name }).trim().min(1, calendarErrors.name).max(200, calendarErrors.name),
});
export type CalendarDayInput = z.output<typeof calendarDaySchema>;

export interface DayFormValues {
  day: string;
  month: string;
  year: string;
  kind: string;
  name: string;
}

/** The "add a day" form: the values as typed (to show again) and the parsed input. */
export function readDayForm(form: FormLike) {
  const values: DayFormValues = {
    day: str(form, "date-day", 10),
    month: str(form, "date-month", 10),
    year: str(form, "date-year", 10),
    kind: str(form, "kind", 20),
    name: str(form, "name", 300),
  };
  const date = isoFromParts(values.day, values.month, values.year);
  const parsed = calendarDaySchema.safeParse({ date: date ?? undefined, kind: values.kind || undefined, name: values.name });
  return { values, parsed };
}

/** The "remove" buttons post a date. */
export const removeDaySchema = z.object({ date: calendarDateSchema });

// ---------------------------------------------------------------------------------------------------------------
// Office hours
// ---------------------------------------------------------------------------------------------------------------

const timeOfDay = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .refine((v) => parseTimeOfDay(v) !== null, message)
    .transform((v) => parseTimeOfDay(v)!);

const optionalTime = z
  .string()
  .trim()
  .refine((v) => v === "" || parseTimeOfDay(v) !== null, calendarErrors.time)
  .transform((v) => (v === "" ? null : parseTimeOfDay(v)));

export const officeHoursSchema = z.object({
  validFrom: z.string({ error: calendarErrors.validFrom }).refine(isIsoDate, calendarErrors.validFrom).refine(inYears, calendarErrors.dateRange),
  morningStart: timeOfDay(calendarErrors.time),
  morningEnd: timeOfDay(calendarErrors.time),
  afternoonStart: optionalTime,
  afternoonEnd: optionalTime,
  weekdays: z
    .array(z.enum(["1", "2", "3", "4", "5", "6", "7"], { error: calendarErrors.weekdays }), { error: calendarErrors.weekdays })
    .min(1, calendarErrors.weekdays),
  cutoff: timeOfDay(calendarErrors.cutoff),
});

type Issue = { path: PropertyKey[]; message: string };

/** The checks between fields, once each field is valid: sessions in order, not overlapping, both ends given. */
function sessionIssues(v: z.output<typeof officeHoursSchema>): Issue[] {
  const issues: Issue[] = [];
  if (v.morningEnd <= v.morningStart) issues.push({ path: ["morningEnd"], message: calendarErrors.order });
  if ((v.afternoonStart === null) !== (v.afternoonEnd === null)) {
    issues.push({ path: [v.afternoonStart === null ? "afternoonStart" : "afternoonEnd"], message: calendarErrors.afternoonBoth });
  } else if (v.afternoonStart !== null && v.afternoonEnd !== null) {
    if (v.afternoonEnd <= v.afternoonStart) issues.push({ path: ["afternoonEnd"], message: calendarErrors.order });
    else if (v.afternoonStart < v.morningEnd) issues.push({ path: ["afternoonStart"], message: calendarErrors.overlap });
  }
  return issues;
}

export interface OfficeHoursFormValues {
  day: string;
  month: string;
  year: string;
  morningStart: string;
  morningEnd: string;
  afternoonStart: string;
  afternoonEnd: string;
  weekdays: string[];
  cutoff: string;
}

/** The "new timetable" form: the values as typed and the parsed office hours. */
export function readOfficeHoursForm(form: FormLike) {
  const values: OfficeHoursFormValues = {
    day: str(form, "validFrom-day", 10),
    month: str(form, "validFrom-month", 10),
    year: str(form, "validFrom-year", 10),
    morningStart: str(form, "morningStart", 10),
    morningEnd: str(form, "morningEnd", 10),
    afternoonStart: str(form, "afternoonStart", 10),
    afternoonEnd: str(form, "afternoonEnd", 10),
    weekdays: form.getAll("weekdays").filter((v): v is string => typeof v === "string").slice(0, 7),
    cutoff: str(form, "cutoff", 10),
  };
  const validFrom = isoFromParts(values.day, values.month, values.year);
  const parsed = officeHoursSchema.safeParse({ ...values, validFrom: validFrom ?? undefined });
  if (!parsed.success) return { values, parsed: { ok: false as const, issues: parsed.error.issues as Issue[] } };
  const v = parsed.data;
  const issues = sessionIssues(v);
  if (issues.length > 0) return { values, parsed: { ok: false as const, issues } };
  const sessions: Session[] = [{ start: v.morningStart, end: v.morningEnd }];
  if (v.afternoonStart !== null && v.afternoonEnd !== null) sessions.push({ start: v.afternoonStart, end: v.afternoonEnd });
  const chosen = new Set(v.weekdays.map(Number));
  const week = Object.fromEntries(WEEKDAYS.map((d) => [d, chosen.has(d) ? sessions : []])) as Record<Weekday, Session[]>;
  const hours: OfficeHours = { validFrom: v.validFrom, week, sameDayCutoff: v.cutoff };
  return { values, parsed: { ok: true as const, value: hours } };
}

export const removeOfficeHoursSchema = z.object({ validFrom: z.string().refine(isIsoDate, calendarErrors.hoursNotFound) });

// ---------------------------------------------------------------------------------------------------------------
// The command line's "due" arguments
// ---------------------------------------------------------------------------------------------------------------

const dueFields = z.object({
  start: z
    .string({ error: calendarErrors.instant })
    .refine((v) => parseInstant(v) !== null, calendarErrors.instant)
    .transform((v) => new Date(parseInstant(v)!)),
  amount: z
    .string({ error: calendarErrors.amount })
    .trim()
    .regex(/^\d+(\.\d+)?$/, calendarErrors.amount)
    .transform(Number),
  unit: z.enum(DUE_UNITS, { error: calendarErrors.unit }),
});

/** The command's start, amount and unit; the amount must suit the unit (half working days, whole calendar days…). */
export const dueArgumentsSchema = dueFields.check((ctx) => {
  if (ctx.issues.length === 0 && amountProblem(ctx.value.amount, ctx.value.unit as DueUnit)) {
    ctx.issues.push({ code: "custom", path: ["amount"], message: calendarErrors.amount, input: ctx.value.amount });
  }
});
