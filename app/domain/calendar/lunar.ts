// The Vietnamese lunisolar calendar (âm lịch), computed astronomically for Vietnam's time zone (UTC+7, the 105°E
// meridian, official since 1967 in the North and 1975 in the whole country). The rules are those of the Chinese
// calendar since 1645, applied in Vietnam's time zone, as set out by Hồ Ngọc Đức ("Thuật toán tính âm lịch",
// https://www.informatik.uni-leipzig.de/~duc/amlich/calrules_vn.html):
//   1. a month starts on the day (local time) that contains the new moon (sóc);
//   2. the winter solstice (Đông chí, solar longitude 270°) always falls in the 11th month;
//   3. when 13 new moons start months between one 11th month and the next, the first month after the 11th month
//      that contains no major solar term (trung khí: the Sun's longitude a multiple of 30°) is the leap month and
//      repeats the number of the month before it.
// Because the day boundary is an hour earlier than China's (UTC+8), a new moon between 16:00 and 17:00 UT starts a
// month one day earlier in Vietnam: Tết 1985, 2007, 2030 and 2053, for instance, differ (see lunar.test.ts).
// Pure functions, no I/O; the time zone is a parameter so that the tests can also reproduce the Chinese calendar.

import { jdToJde, lunationNear, newMoonInstant, solarLongitudeInstant, sunApparentLongitude, jdeToJd, UNIX_EPOCH_JD } from "./astronomy";
import { DAY_MS, dayNumber, dayNumberOf, isoOfDay } from "./days";

/** Vietnam's standard time, hours east of Greenwich. */
export const VIETNAM_TIME_ZONE = 7;

export interface LunarMonth {
  /** 1–12 (11 and 12 are the months of the winter before the lunar new year). */
  month: number;
  leap: boolean;
  /** The lunar year the month belongs to (month 11 and 12 before Tết belong to the previous one). */
  year: number;
  /** Its first day (mùng 1), YYYY-MM-DD. */
  start: string;
  /** 29 or 30. */
  length: number;
}

export interface LunarDate {
  year: number;
  month: number;
  day: number;
  leap: boolean;
}

const DAY_HOURS = 24;

/** The day (number of days since 1970-01-01, local civil date) containing an instant, in a time zone. */
function localDay(instantMs: number, timeZone: number): number {
  return Math.floor((instantMs + (timeZone * 3_600_000)) / DAY_MS);
}

/** The local day on which new moon k falls. */
function newMoonDay(k: number, timeZone: number): number {
  return localDay(newMoonInstant(k), timeZone);
}

/** The JDE of 00:00 local time on a day. */
function localMidnightJde(day: number, timeZone: number): number {
  return jdToJde(day + UNIX_EPOCH_JD - timeZone / DAY_HOURS);
}

/** Which 30° sector of longitude (0–11) the Sun is in at the start of a local day. */
function sunSector(day: number, timeZone: number): number {
  return Math.floor(sunApparentLongitude(localMidnightJde(day, timeZone)) / 30);
}

/** The local day of the winter solstice of a Gregorian year. */
function winterSolsticeDay(year: number, timeZone: number): number {
  const estimate = jdToJde(dayNumberOf(year, 12, 21) + UNIX_EPOCH_JD);
  const jd = jdeToJd(solarLongitudeInstant(270, estimate));
  return localDay((jd - UNIX_EPOCH_JD) * DAY_MS, timeZone);
}

/** The lunation number of the new moon that starts the month containing a local day. */
function lunationOfMonthContaining(day: number, timeZone: number): number {
  let k = lunationNear(day + UNIX_EPOCH_JD);
  while (newMoonDay(k, timeZone) > day) k--;
  while (newMoonDay(k + 1, timeZone) <= day) k++;
  return k;
}

const yearCache = new Map<string, readonly LunarMonth[]>();

/**
 * The months of the lunar year whose new year (Tết) falls in the Gregorian year `year`, from the 11th month of the
 * previous lunar year (which contains the December solstice of year − 1) up to, not including, the next 11th month.
 */
export function lunarMonthsAround(year: number, timeZone: number = VIETNAM_TIME_ZONE): readonly LunarMonth[] {
  if (!Number.isInteger(year) || year < 1800 || year > 2199) throw new RangeError(`The lunar calendar is computed for 1800–2199, not ${year}`);
  const key = `${year}:${timeZone}`;
  const cached = yearCache.get(key);
  if (cached) return cached;
  const kFrom = lunationOfMonthContaining(winterSolsticeDay(year - 1, timeZone), timeZone);
  const kTo = lunationOfMonthContaining(winterSolsticeDay(year, timeZone), timeZone);
  const starts: number[] = [];
  for (let k = kFrom; k <= kTo; k++) starts.push(newMoonDay(k, timeZone));
  const count = kTo - kFrom; // 12, or 13 in a leap year
  let leapIndex = -1;
  if (count === 13) {
    for (let i = 1; i < count; i++) {
      if (sunSector(starts[i]!, timeZone) === sunSector(starts[i + 1]!, timeZone)) {
        leapIndex = i;
        break;
      }
    }
  }
  const months: LunarMonth[] = [];
  let number = 11;
  // Months 11 and 12 (and a leap 11 or 12) belong to the lunar year that started in year − 1.
  let newYearReached = false;
  for (let i = 0; i < count; i++) {
    const leap = i === leapIndex;
    if (i > 0 && !leap) number = (number % 12) + 1;
    if (number === 1) newYearReached = true;
    months.push({ month: number, leap, year: newYearReached ? year : year - 1, start: isoOfDay(starts[i]!), length: starts[i + 1]! - starts[i]! });
  }
  yearCache.set(key, months);
  return months;
}

/** Mùng 1 Tết: the first day of the lunar year that begins in the Gregorian year `year`, YYYY-MM-DD. */
export function lunarNewYear(year: number, timeZone: number = VIETNAM_TIME_ZONE): string {
  return lunarToSolar({ year, month: 1, day: 1, leap: false }, timeZone);
}

/** The Gregorian date of a lunar date (the lunar year is the one whose Tết falls in that Gregorian year). */
export function lunarToSolar(date: LunarDate, timeZone: number = VIETNAM_TIME_ZONE): string {
  // Months 11 and 12 of lunar year Y lie in the list of Y + 1 (they come before its Tết).
  const list = date.month >= 11 ? lunarMonthsAround(date.year + 1, timeZone) : lunarMonthsAround(date.year, timeZone);
  const month = list.find((m) => m.year === date.year && m.month === date.month && m.leap === date.leap);
  if (!month) throw new RangeError(`No ${date.leap ? "leap " : ""}month ${date.month} in lunar year ${date.year}`);
  if (!Number.isInteger(date.day) || date.day < 1 || date.day > month.length) {
    throw new RangeError(`Lunar month ${date.month} of ${date.year} has ${month.length} days, not ${date.day}`);
  }
  return isoOfDay(dayNumber(month.start) + date.day - 1);
}

/** The lunar date of a Gregorian date (YYYY-MM-DD). */
export function solarToLunar(iso: string, timeZone: number = VIETNAM_TIME_ZONE): LunarDate {
  const day = dayNumber(iso);
  const year = Number(iso.slice(0, 4));
  for (const y of [year, year + 1]) {
    const months = lunarMonthsAround(y, timeZone);
    for (let i = months.length - 1; i >= 0; i--) {
      const m = months[i]!;
      const start = dayNumber(m.start);
      if (day >= start && day < start + m.length) return { year: m.year, month: m.month, day: day - start + 1, leap: m.leap };
    }
  }
  throw new RangeError(`No lunar date found for ${iso}`);
}
