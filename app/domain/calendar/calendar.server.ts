import type { Kysely } from "kysely";
import type { CalendarDayKind, Database } from "../../../db/schema";
import { recordAudit } from "../../platform/audit.server";
import { can, type Actor } from "../access/permissions";
import { calendarErrors } from "./calendar.schema";
import {
  calendarDayRow,
  calendarDaysBetween,
  countOfficeHours,
  deleteOfficeHours,
  insertMissingCalendarDays,
  insertOfficeHours,
  markCalendarDayRemoved,
  officeHoursExists,
  officeHoursRows,
  putAdminCalendarDay,
  yearsWithNonWorkingDays,
  type CalendarDayRow,
  type OfficeHoursRow,
} from "./calendar.repo.server";
import { statutoryDayName, statutoryHolidays, type Translate } from "./holidays";
import { formatTimeOfDay, formatVietnamIso, parseTimeOfDay, weekdayOf, WEEKDAYS, type Weekday } from "./days";
import {
  DEFAULT_OFFICE_HOURS,
  dueDate,
  officeHoursOn,
  officeHoursProblems,
  OutsideCalendarError,
  yearsToLoad,
  type DueUnit,
  type OfficeHours,
  type Session,
  type WorkingCalendar,
} from "./working-time";

// The working-time calendar's use cases (issue 5, item 1): load the calendar of a range of years into the pure model
// (working-time.ts), compute due dates from it, and let system administrators maintain it (audited).

type Db = Kysely<Database>;

export const MANAGE_CALENDAR = "manage:calendar:any" as const;

// ---------------------------------------------------------------------------------------------------------------
// Loading the model
// ---------------------------------------------------------------------------------------------------------------

function toOfficeHours(row: OfficeHoursRow): OfficeHours {
  const week = Object.fromEntries(WEEKDAYS.map((d) => [d, [] as Session[]])) as Record<Weekday, Session[]>;
  for (const s of row.sessions) {
    const start = parseTimeOfDay(s.startsAt);
    const end = parseTimeOfDay(s.endsAt);
    if (start === null || end === null || !(s.weekday >= 1 && s.weekday <= 7)) continue;
    week[s.weekday as Weekday].push({ start, end });
  }
  for (const d of WEEKDAYS) week[d].sort((a, b) => a.start - b.start);
  return { validFrom: row.validFrom, week, sameDayCutoff: parseTimeOfDay(row.sameDayCutoff) ?? DEFAULT_OFFICE_HOURS.sameDayCutoff };
}

function toOfficeHoursRow(hours: OfficeHours): OfficeHoursRow {
  return {
    validFrom: hours.validFrom,
    sameDayCutoff: formatTimeOfDay(hours.sameDayCutoff),
    sessions: WEEKDAYS.flatMap((weekday) => hours.week[weekday].map((s) => ({ weekday, startsAt: formatTimeOfDay(s.start), endsAt: formatTimeOfDay(s.end) }))),
  };
}

/** The office hours as stored; the civil service's default when none are (a database that was never seeded). */
async function loadOfficeHours(db: Db): Promise<OfficeHours[]> {
  const rows = await officeHoursRows(db);
  return rows.length > 0 ? rows.map(toOfficeHours) : [DEFAULT_OFFICE_HOURS];
}

/** The working calendar of whole years (inclusive), ready for the pure functions of working-time.ts. */
export async function loadWorkingCalendar(db: Db, fromYear: number, toYear: number): Promise<WorkingCalendar> {
  const from = `${fromYear}-01-01`;
  const to = `${toYear}-12-31`;
  const [days, officeHours] = await Promise.all([calendarDaysBetween(db, from, to), loadOfficeHours(db)]);
  return {
    officeHours,
    nonWorking: new Set(days.filter((d) => d.kind === "non_working").map((d) => d.date)),
    extraWorking: new Set(days.filter((d) => d.kind === "extra_working").map((d) => d.date)),
    covers: { from, to },
  };
}

export interface DueComputation {
  receivedAt: string;
  countsFrom: string;
  due: string;
  amount: number;
  unit: DueUnit;
  /** Years the computation crossed that have no non-working date at all (never seeded or maintained). */
  yearsWithoutHolidays: number[];
}

const LAST_COMPUTABLE_YEAR = 2199;

/** The due date of a time limit from a receipt, on the database's calendar (instants written in Vietnam time). */
export async function computeDueDate(db: Db, input: { receivedAt: Date; amount: number; unit: DueUnit }): Promise<DueComputation> {
  const span = yearsToLoad(input.receivedAt, input.amount, input.unit);
  let to = Math.min(span.to, LAST_COMPUTABLE_YEAR);
  for (;;) {
    const calendar = await loadWorkingCalendar(db, span.from, to);
    try {
      const result = dueDate(calendar, input);
      const lastYear = Number(formatVietnamIso(+result.due).slice(0, 4));
      const firstYear = Number(formatVietnamIso(+result.countsFrom).slice(0, 4));
      const withHolidays = await yearsWithNonWorkingDays(db, firstYear, lastYear);
      const yearsWithoutHolidays: number[] = [];
      for (let y = firstYear; y <= lastYear; y++) if (!withHolidays.has(y)) yearsWithoutHolidays.push(y);
      return {
        receivedAt: formatVietnamIso(+input.receivedAt),
        countsFrom: formatVietnamIso(+result.countsFrom),
        due: formatVietnamIso(+result.due),
        amount: input.amount,
        unit: input.unit,
        yearsWithoutHolidays,
      };
    } catch (error) {
      if (!(error instanceof OutsideCalendarError) || to >= LAST_COMPUTABLE_YEAR) throw error;
      to = Math.min(LAST_COMPUTABLE_YEAR, to + Math.max(2, to - span.from + 1));
    }
  }
}

/** The calendar's dates of a year (non-working and extra working), in date order. */
export async function calendarDaysOfYear(db: Db, year: number): Promise<CalendarDayRow[]> {
  return calendarDaysBetween(db, `${year}-01-01`, `${year}-12-31`);
}

// ---------------------------------------------------------------------------------------------------------------
// What the administration pages show
// ---------------------------------------------------------------------------------------------------------------

export interface CalendarDayView extends CalendarDayRow {
  weekday: Weekday;
}

export interface OfficeHoursView {
  validFrom: string;
  cutoff: string;
  days: { weekday: Weekday; sessions: { start: string; end: string }[] }[];
}

export interface CalendarYearView {
  year: number;
  nonWorking: CalendarDayView[];
  extraWorking: CalendarDayView[];
  officeHours: OfficeHoursView[];
}

function officeHoursView(hours: OfficeHours): OfficeHoursView {
  return {
    validFrom: hours.validFrom,
    cutoff: formatTimeOfDay(hours.sameDayCutoff),
    days: WEEKDAYS.map((weekday) => ({ weekday, sessions: hours.week[weekday].map((s) => ({ start: formatTimeOfDay(s.start), end: formatTimeOfDay(s.end) })) })),
  };
}

/** The office hours, newest first. */
export async function officeHoursList(db: Db): Promise<OfficeHoursView[]> {
  return (await loadOfficeHours(db)).map(officeHoursView).sort((a, b) => b.validFrom.localeCompare(a.validFrom));
}

export async function calendarYearView(db: Db, year: number): Promise<CalendarYearView> {
  const days = (await calendarDaysOfYear(db, year)).map((d) => ({ ...d, weekday: weekdayOf(d.date) }));
  return {
    year,
    nonWorking: days.filter((d) => d.kind === "non_working"),
    extraWorking: days.filter((d) => d.kind === "extra_working"),
    officeHours: await officeHoursList(db),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Administration (audited)
// ---------------------------------------------------------------------------------------------------------------

export type DayField = "date" | "kind" | "name";
export type CalendarChangeResult<F extends string> =
  | { ok: true }
  | { ok: false; reason: "forbidden" }
  | { ok: false; reason: "invalid"; errors: Partial<Record<F, string>> };

function administrator(actor: Actor): string | null {
  return actor.kind === "official" && can(actor, MANAGE_CALENDAR) ? actor.userId : null;
}

/**
 * Put a date in the calendar: a non-working date (a day off on a weekday) or an extra working date (a weekly rest
 * day worked). A date already in the calendar must be removed first; an extra working date must be a rest day.
 */
export async function addCalendarDay(
  db: Db,
  input: { actor: Actor; date: string; kind: CalendarDayKind; name: string; ip?: string | null; now?: Date },
): Promise<CalendarChangeResult<DayField>> {
  const userId = administrator(input.actor);
  if (!userId) return { ok: false, reason: "forbidden" };
  const now = input.now ?? new Date();
  if (input.kind === "extra_working") {
    const hours = officeHoursOn({ officeHours: await loadOfficeHours(db) }, input.date);
    if (hours.week[weekdayOf(input.date)].length > 0) return { ok: false, reason: "invalid", errors: { date: calendarErrors.notRestDay } };
  }
  return db.transaction().execute(async (trx): Promise<CalendarChangeResult<DayField>> => {
    const existing = await calendarDayRow(trx, input.date);
    if (existing && existing.removed_at === null) return { ok: false, reason: "invalid", errors: { date: calendarErrors.alreadyListed } };
    await putAdminCalendarDay(trx, { date: input.date, kind: input.kind, name: input.name, createdBy: userId, at: now.toISOString() });
    await recordAudit(trx, {
      actor: { type: "official", id: userId },
      action: "calendar.dayAdded",
      entity: { type: "calendar_day", id: input.date },
      ip: input.ip ?? null,
      details: { kind: input.kind, name: input.name },
      at: now,
    });
    return { ok: true };
  });
}

/** Take a date out of the calendar (kept as a tombstone, so that seeding again does not bring it back). */
export async function removeCalendarDay(db: Db, input: { actor: Actor; date: string; ip?: string | null; now?: Date }): Promise<CalendarChangeResult<"date">> {
  const userId = administrator(input.actor);
  if (!userId) return { ok: false, reason: "forbidden" };
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx): Promise<CalendarChangeResult<"date">> => {
    const existing = await calendarDayRow(trx, input.date);
    if (!existing || !(await markCalendarDayRemoved(trx, input.date, userId, now.toISOString()))) {
      return { ok: false, reason: "invalid", errors: { date: calendarErrors.notListed } };
    }
    await recordAudit(trx, {
      actor: { type: "official", id: userId },
      action: "calendar.dayRemoved",
      entity: { type: "calendar_day", id: input.date },
      ip: input.ip ?? null,
      details: { kind: existing.kind, name: existing.name, source: existing.source },
      at: now,
    });
    return { ok: true };
  });
}

export type OfficeHoursField = "validFrom";

/** Add a version of the office hours, in force from its date. */
export async function addOfficeHours(db: Db, input: { actor: Actor; hours: OfficeHours; ip?: string | null; now?: Date }): Promise<CalendarChangeResult<OfficeHoursField>> {
  const userId = administrator(input.actor);
  if (!userId) return { ok: false, reason: "forbidden" };
  if (officeHoursProblems(input.hours).length > 0) throw new RangeError(`Invalid office hours: ${officeHoursProblems(input.hours).join(", ")}`);
  const now = input.now ?? new Date();
  const row = toOfficeHoursRow(input.hours);
  return db.transaction().execute(async (trx): Promise<CalendarChangeResult<OfficeHoursField>> => {
    if (await officeHoursExists(trx, row.validFrom)) return { ok: false, reason: "invalid", errors: { validFrom: calendarErrors.validFromTaken } };
    await insertOfficeHours(trx, { ...row, createdBy: userId, at: now.toISOString() });
    await recordAudit(trx, {
      actor: { type: "official", id: userId },
      action: "calendar.officeHoursAdded",
      entity: { type: "office_hours", id: row.validFrom },
      ip: input.ip ?? null,
      details: { sameDayCutoff: row.sameDayCutoff, sessions: row.sessions },
      at: now,
    });
    return { ok: true };
  });
}

/** Remove a version of the office hours; the last one cannot be removed. */
export async function removeOfficeHours(db: Db, input: { actor: Actor; validFrom: string; ip?: string | null; now?: Date }): Promise<CalendarChangeResult<OfficeHoursField>> {
  const userId = administrator(input.actor);
  if (!userId) return { ok: false, reason: "forbidden" };
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx): Promise<CalendarChangeResult<OfficeHoursField>> => {
    if (!(await officeHoursExists(trx, input.validFrom))) return { ok: false, reason: "invalid", errors: { validFrom: calendarErrors.hoursNotFound } };
    if ((await countOfficeHours(trx)) <= 1) return { ok: false, reason: "invalid", errors: { validFrom: calendarErrors.lastVersion } };
    await deleteOfficeHours(trx, input.validFrom);
    await recordAudit(trx, {
      actor: { type: "official", id: userId },
      action: "calendar.officeHoursRemoved",
      entity: { type: "office_hours", id: input.validFrom },
      ip: input.ip ?? null,
      at: now,
    });
    return { ok: true };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The seed
// ---------------------------------------------------------------------------------------------------------------

/**
 * Seed the statutory holidays (with their compensatory days) of a range of years, and the default office hours when
 * there are none. Idempotent: a date already present — or removed by an administrator (its tombstone stays) — is
 * left alone. Returns how many dates were new and whether office hours were written.
 */
export async function seedStatutoryCalendar(
  db: Db,
  input: { fromYear: number; toYear: number; t: Translate; now?: Date },
): Promise<{ days: number; officeHours: boolean }> {
  const at = (input.now ?? new Date()).toISOString();
  const rows: Parameters<typeof insertMissingCalendarDays>[1][number][] = [];
  for (let year = input.fromYear; year <= input.toYear; year++) {
    for (const day of statutoryHolidays(year)) {
      rows.push({ date: day.date, kind: "non_working" as const, name: statutoryDayName(day, input.t), source: "seed" as const, createdBy: null, at });
    }
  }
  return db.transaction().execute(async (trx) => {
    const days = await insertMissingCalendarDays(trx, rows);
    const writeHours = (await countOfficeHours(trx)) === 0;
    if (writeHours) await insertOfficeHours(trx, { ...toOfficeHoursRow(DEFAULT_OFFICE_HOURS), createdBy: null, at });
    return { days, officeHours: writeHours };
  });
}
