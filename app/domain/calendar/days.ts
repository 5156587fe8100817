// Civil dates and instants in Vietnam (isomorphic, no I/O). Vietnam keeps UTC+7 all year (no daylight saving time
// since 1975), so local time is a fixed offset and every computation here is exact integer arithmetic on epoch
// milliseconds; nothing depends on the machine's time zone.

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
/** Asia/Ho_Chi_Minh: UTC+7, fixed. */
export const VIETNAM_OFFSET_MINUTES = 7 * 60;
const OFFSET_MS = VIETNAM_OFFSET_MINUTES * MINUTE_MS;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Is this a real calendar date written YYYY-MM-DD (years 1000–9999)? */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1000 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Days since 1970-01-01 of a civil date (any calendar day, independent of time zones). */
export function dayNumber(iso: string): number {
  const m = ISO_DATE.exec(iso);
  if (!m || !isIsoDate(iso)) throw new RangeError(`Not a date: ${iso}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

export function dayNumberOf(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** The civil date of a day number, YYYY-MM-DD. */
export function isoOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return isoOfDay(dayNumber(iso) + days);
}

export function weekdayOfDay(day: number): Weekday {
  // 1970-01-01 was a Thursday (ISO weekday 4).
  return (((((day + 3) % 7) + 7) % 7) + 1) as Weekday;
}

export function weekdayOf(iso: string): Weekday {
  return weekdayOfDay(dayNumber(iso));
}

/** The day (in Vietnam) an instant falls on, as a day number. */
export function vietnamDayOf(instantMs: number): number {
  return Math.floor((instantMs + OFFSET_MS) / DAY_MS);
}

/** The instant of 00:00 in Vietnam on a day. */
export function vietnamMidnight(day: number): number {
  return day * DAY_MS - OFFSET_MS;
}

/** The instant of a day (number) and a time of day in minutes after midnight, in Vietnam. */
export function vietnamInstant(day: number, minuteOfDay: number): number {
  return vietnamMidnight(day) + minuteOfDay * MINUTE_MS;
}

/** "2026-03-02T14:05:00+07:00": an instant written in Vietnam time (seconds kept, milliseconds when present). */
export function formatVietnamIso(instantMs: number): string {
  const local = new Date(instantMs + OFFSET_MS).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ, shifted
  const ms = local.slice(20, 23);
  return `${local.slice(0, 19)}${ms === "000" ? "" : `.${ms}`}+07:00`;
}

/** "07:00" → 420; null for anything that is not a time of day HH:MM (00:00–24:00). */
export function parseTimeOfDay(value: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min > 0)) return null;
  return h * 60 + min;
}

/** 420 → "07:00". */
export function formatTimeOfDay(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

const INSTANT =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * An instant typed by a person or a command: "2026-03-02T14:05", "2026-03-02 14:05:30", "2026-03-02T07:05:00Z",
 * "2026-03-02T14:05+07:00" or a bare date (its midnight). Without an offset the time is Vietnam's. Null when it is
 * not a real date and time.
 */
export function parseInstant(value: string): number | null {
  const m = INSTANT.exec(value.trim());
  if (!m) return null;
  const [, date, hh = "00", mm = "00", ss = "00", frac = "0", zone] = m;
  if (!isIsoDate(date!)) return null;
  const h = Number(hh);
  const min = Number(mm);
  const s = Number(ss);
  if (h > 23 || min > 59 || s > 59) return null;
  let offsetMinutes = VIETNAM_OFFSET_MINUTES;
  if (zone === "Z") offsetMinutes = 0;
  else if (zone) {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    const zh = Number(z[2]);
    const zm = Number(z[3]);
    if (zh > 14 || zm > 59) return null;
    offsetMinutes = (z[1] === "-" ? -1 : 1) * (zh * 60 + zm);
  }
  const ms = Number(frac.padEnd(3, "0"));
  return dayNumber(date!) * DAY_MS + ((h * 60 + min - offsetMinutes) * 60 + s) * 1000 + ms;
}
