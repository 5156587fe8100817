// Working time and appointment dates (shared/domain/vn-egov.md §2.10; isomorphic, pure, no I/O).
//
// A working calendar is data: office hours (sessions per weekday, each version valid from a date, so that summer and
// winter hours can change) and two tables of dates an administrator maintains: non-working dates (holidays,
// compensatory days, days off by decision) and extra working dates (a Saturday worked in exchange for a day off).
// Instants are epoch milliseconds or Dates; days are Vietnam's civil days (UTC+7, no daylight saving time).
//
// The rules:
//   - a receipt outside working time counts from the start of the next working period (before opening → opening;
//     at lunch → the afternoon session; after closing, at the weekend or on a holiday → the next working morning);
//   - working_days: 8 working hours each (half days allowed), added within sessions;
//   - working_hours: added within sessions;
//   - calendar_days: whole days added to the time of receipt; a due date on a non-working day rolls forward to the
//     next working day (same time of day, or the next working period);
//   - same_day: received before the cut-off (15:00 by default) → due at closing time that day; otherwise at
//     closing time on the next working day;
//   - a paused clock (the citizen is supplementing the dossier) moves the due date, on resumption, by the working
//     time that elapsed while it was paused.

import {
  MINUTE_MS,
  WEEKDAYS,
  formatTimeOfDay,
  isoOfDay,
  vietnamDayOf,
  vietnamInstant,
  vietnamMidnight,
  weekdayOfDay,
  dayNumber,
  type Weekday,
} from "./days";

export const DUE_UNITS = ["working_days", "calendar_days", "working_hours", "same_day"] as const;
export type DueUnit = (typeof DUE_UNITS)[number];
export const CALENDAR_DAY_KINDS = ["non_working", "extra_working"] as const;
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

/** A session of office hours, minutes after local midnight: 07:00–11:30 is { start: 420, end: 690 }. */
export interface Session {
  start: number;
  end: number;
}

export interface OfficeHours {
  /** In force from this date (YYYY-MM-DD) until the next version's. */
  validFrom: string;
  /** Sessions of each ISO weekday (1 = Monday … 7 = Sunday), in order, not overlapping; none on a rest day. */
  week: Readonly<Record<Weekday, readonly Session[]>>;
  /** The same-day cut-off, minutes after midnight (15:00 = 900). */
  sameDayCutoff: number;
}

export interface WorkingCalendar {
  /** Versions of office hours, any order. Before the first version, the first applies. */
  officeHours: readonly OfficeHours[];
  /** YYYY-MM-DD dates that are not worked although their weekday is. */
  nonWorking: ReadonlySet<string>;
  /** YYYY-MM-DD dates that are worked although their weekday is a rest day (with a normal weekday's hours). */
  extraWorking: ReadonlySet<string>;
  /** The dates the tables were loaded for (inclusive): computing beyond them is refused, not guessed. */
  covers: { from: string; to: string };
  /** Working hours in one working day (8). */
  hoursPerWorkingDay?: number;
}

/** The civil service's default (TH-system's): Monday–Friday 07:00–11:30 and 13:30–17:00, same-day cut-off 15:00. */
export const DEFAULT_SESSIONS: readonly Session[] = [
  { start: 7 * 60, end: 11 * 60 + 30 },
  { start: 13 * 60 + 30, end: 17 * 60 },
];
export const DEFAULT_CUTOFF = 15 * 60;
export const DEFAULT_OFFICE_HOURS: OfficeHours = {
  validFrom: "2000-01-01",
  week: { 1: DEFAULT_SESSIONS, 2: DEFAULT_SESSIONS, 3: DEFAULT_SESSIONS, 4: DEFAULT_SESSIONS, 5: DEFAULT_SESSIONS, 6: [], 7: [] },
  sameDayCutoff: DEFAULT_CUTOFF,
};
export const HOURS_PER_WORKING_DAY = 8;

/** A computation needed a date outside the loaded tables (the caller loads more and tries again). */
export class OutsideCalendarError extends Error {
  constructor(readonly date: string) {
    super(`The working calendar is not loaded for ${date}`);
    this.name = "OutsideCalendarError";
  }
}

/** The calendar has no working time at all within ten years of a date (office hours without sessions). */
export class NoWorkingTimeError extends Error {
  constructor(readonly from: string) {
    super(`No working time within ten years after ${from}`);
    this.name = "NoWorkingTimeError";
  }
}

const SEARCH_DAYS = 3653;

/** Problems with office hours as entered: overlapping or empty sessions, a cut-off outside the day. */
export function officeHoursProblems(hours: Pick<OfficeHours, "week" | "sameDayCutoff">): string[] {
  const problems: string[] = [];
  for (const weekday of WEEKDAYS) {
    const sessions = hours.week[weekday];
    sessions.forEach((s, i) => {
      if (!(Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.end <= 1440 && s.start < s.end)) problems.push(`session:${weekday}:${i}`);
      const previous = sessions[i - 1];
      if (previous && s.start < previous.end) problems.push(`overlap:${weekday}:${i}`);
    });
  }
  if (WEEKDAYS.every((d) => hours.week[d].length === 0)) problems.push("noSessions");
  if (!(Number.isInteger(hours.sameDayCutoff) && hours.sameDayCutoff >= 0 && hours.sameDayCutoff <= 1440)) problems.push("cutoff");
  return problems;
}

function checkCovered(calendar: WorkingCalendar, day: number): void {
  const iso = isoOfDay(day);
  if (iso < calendar.covers.from || iso > calendar.covers.to) throw new OutsideCalendarError(iso);
}

/** The office hours in force on a day. */
export function officeHoursOn(calendar: Pick<WorkingCalendar, "officeHours">, iso: string): OfficeHours {
  const versions = [...calendar.officeHours].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  if (versions.length === 0) throw new NoWorkingTimeError(iso);
  let current = versions[0]!;
  for (const v of versions) if (v.validFrom <= iso) current = v;
  return current;
}

function sessionsOfDay(calendar: WorkingCalendar, day: number): readonly Session[] {
  checkCovered(calendar, day);
  const iso = isoOfDay(day);
  if (calendar.nonWorking.has(iso)) return [];
  const hours = officeHoursOn(calendar, iso);
  const own = hours.week[weekdayOfDay(day)];
  if (own.length > 0) return own;
  if (!calendar.extraWorking.has(iso)) return [];
  // An extra working day keeps a normal weekday's hours: those of the first weekday (from Monday) that has any.
  return WEEKDAYS.map((d) => hours.week[d]).find((s) => s.length > 0) ?? [];
}

/** Is the date (YYYY-MM-DD) a working day? */
export function isWorkingDay(calendar: WorkingCalendar, iso: string): boolean {
  return sessionsOfDay(calendar, dayNumber(iso)).length > 0;
}

/** The working sessions of a date as "07:00–11:30" pairs (empty on a non-working day). */
export function workingSessions(calendar: WorkingCalendar, iso: string): { start: string; end: string }[] {
  return sessionsOfDay(calendar, dayNumber(iso)).map((s) => ({ start: formatTimeOfDay(s.start), end: formatTimeOfDay(s.end) }));
}

/** Absolute [start, end) instants of the day's sessions. */
function periods(calendar: WorkingCalendar, day: number): [number, number][] {
  return sessionsOfDay(calendar, day).map((s) => [vietnamInstant(day, s.start), vietnamInstant(day, s.end)]);
}

/** The first working day strictly after a day. */
function nextWorkingDay(calendar: WorkingCalendar, day: number): number {
  for (let d = day + 1; d <= day + SEARCH_DAYS; d++) if (periods(calendar, d).length > 0) return d;
  throw new NoWorkingTimeError(isoOfDay(day));
}

/**
 * Where working time resumes from an instant: the instant itself inside a session, else the start of the next
 * session (a session's closing instant belongs to the next one: a receipt at 17:00 counts from the next morning).
 */
export function nextWorkingInstant(calendar: WorkingCalendar, at: Date | number): Date {
  return new Date(nextWorking(calendar, +at));
}

function nextWorking(calendar: WorkingCalendar, t: number): number {
  const first = vietnamDayOf(t);
  for (let day = first; day <= first + SEARCH_DAYS; day++) {
    for (const [start, end] of periods(calendar, day)) if (t < end) return Math.max(t, start);
  }
  throw new NoWorkingTimeError(isoOfDay(first));
}

/** The instant `minutes` of working time after `from` (from the next working period when `from` is outside one). */
export function addWorkingTime(calendar: WorkingCalendar, from: Date | number, minutes: number): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`Working time must be zero or more minutes, not ${minutes}`);
  return new Date(addWorking(calendar, +from, Math.round(minutes * MINUTE_MS)));
}

function addWorking(calendar: WorkingCalendar, from: number, ms: number): number {
  let t = nextWorking(calendar, from);
  let remaining = ms;
  const first = vietnamDayOf(t);
  for (let day = first; day <= first + SEARCH_DAYS * 10; day++) {
    for (const [start, end] of periods(calendar, day)) {
      if (end <= t) continue;
      const begin = Math.max(t, start);
      if (remaining <= end - begin) return begin + remaining;
      remaining -= end - begin;
      t = end;
    }
  }
  throw new NoWorkingTimeError(isoOfDay(first));
}

/** Working time (minutes, fractional when instants have seconds) between two instants; 0 when `to` is not later. */
export function workingMinutesBetween(calendar: WorkingCalendar, from: Date | number, to: Date | number): number {
  const a = +from;
  const b = +to;
  if (b <= a) return 0;
  let total = 0;
  for (let day = vietnamDayOf(a); day <= vietnamDayOf(b); day++) {
    for (const [start, end] of periods(calendar, day)) total += Math.max(0, Math.min(b, end) - Math.max(a, start));
  }
  return total / MINUTE_MS;
}

export interface DueInput {
  receivedAt: Date | number;
  amount: number;
  unit: DueUnit;
}

export interface DueResult {
  /** Where the clock starts: the receipt, or the next working period when received outside one. */
  countsFrom: Date;
  due: Date;
}

/** Is the amount acceptable for the unit? (Half working days; whole calendar days; same_day takes 1.) */
export function amountProblem(amount: number, unit: DueUnit): "amount" | null {
  if (!Number.isFinite(amount) || amount <= 0) return "amount";
  if (unit === "working_days" && !Number.isInteger(amount * 2)) return "amount";
  if (unit === "calendar_days" && !Number.isInteger(amount)) return "amount";
  if (unit === "working_hours" && !Number.isInteger(Math.round(amount * 60 * 1000) / 1000)) return "amount";
  if (unit === "same_day" && amount !== 1) return "amount";
  return null;
}

/** The due date (ngày hẹn trả) of a time limit counted from a receipt. */
export function dueDate(calendar: WorkingCalendar, input: DueInput): DueResult {
  if (amountProblem(input.amount, input.unit)) throw new RangeError(`Not an amount of ${input.unit}: ${input.amount}`);
  const countsFrom = nextWorking(calendar, +input.receivedAt);
  const hoursPerDay = calendar.hoursPerWorkingDay ?? HOURS_PER_WORKING_DAY;
  let due: number;
  switch (input.unit) {
    case "working_hours":
      due = addWorking(calendar, countsFrom, Math.round(input.amount * 60) * MINUTE_MS);
      break;
    case "working_days":
      due = addWorking(calendar, countsFrom, input.amount * hoursPerDay * 60 * MINUTE_MS);
      break;
    case "calendar_days": {
      const start = vietnamDayOf(countsFrom);
      const timeOfDay = countsFrom - vietnamMidnight(start);
      let day = start + input.amount;
      if (periods(calendar, day).length === 0) day = nextWorkingDay(calendar, day);
      due = nextWorking(calendar, vietnamMidnight(day) + timeOfDay);
      break;
    }
    case "same_day": {
      const day = vietnamDayOf(countsFrom);
      const cutoff = officeHoursOn(calendar, isoOfDay(day)).sameDayCutoff;
      const dueDay = countsFrom < vietnamInstant(day, cutoff) ? day : nextWorkingDay(calendar, day);
      due = closingOf(calendar, dueDay);
      break;
    }
  }
  return { countsFrom: new Date(countsFrom), due: new Date(due) };
}

/** The end of the day's last session. */
function closingOf(calendar: WorkingCalendar, day: number): number {
  const p = periods(calendar, day);
  return p[p.length - 1]![1];
}

// ---------------------------------------------------------------------------------------------------------------
// Pausing and resuming a clock
// ---------------------------------------------------------------------------------------------------------------

export interface Clock {
  due: Date;
  /** When the clock was paused (supplementation requested), or null while it runs. */
  pausedAt: Date | null;
}

export class ClockStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ClockStateError";
  }
}

/** Pause a running clock: the pause's start is recorded; the due date stays until it resumes. */
export function pauseClock(clock: Clock, at: Date | number): Clock {
  if (clock.pausedAt) throw new ClockStateError("The clock is already paused");
  return { due: clock.due, pausedAt: new Date(+at) };
}

/**
 * Resume a paused clock: the due date moves by the working time that elapsed while it was paused (nothing when the
 * pause lay wholly outside working time, a weekend say). Returns the running clock and the working minutes paused.
 */
export function resumeClock(calendar: WorkingCalendar, clock: Clock, at: Date | number): { clock: Clock; pausedMinutes: number } {
  if (!clock.pausedAt) throw new ClockStateError("The clock is not paused");
  if (+at < +clock.pausedAt) throw new ClockStateError("A clock cannot resume before it was paused");
  const pausedMs = Math.round(workingMinutesBetween(calendar, clock.pausedAt, at) * MINUTE_MS);
  const due = pausedMs === 0 ? +clock.due : addWorking(calendar, +clock.due, pausedMs);
  return { clock: { due: new Date(due), pausedAt: null }, pausedMinutes: pausedMs / MINUTE_MS };
}

/** The years (inclusive) a computation from `from` may need to look at, with generous room. */
export function yearsToLoad(receivedAt: Date | number, amount: number, unit: DueUnit): { from: number; to: number } {
  const year = Number(isoOfDay(vietnamDayOf(+receivedAt)).slice(0, 4));
  const days = unit === "calendar_days" ? amount : unit === "working_days" ? amount * 2 : unit === "working_hours" ? (amount / 8) * 2 : 7;
  return { from: year, to: year + 1 + Math.ceil(days / 365) };
}

