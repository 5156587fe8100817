// Vietnam's statutory public holidays for a year, as the seed of the working-time calendar (isomorphic, pure).
//
// The law in force decides which days (shared/domain/vn-egov.md §2.10):
//   - Labour Code 1994, Art. 73 (from 1995): 1 January; Tết, 4 days; 30 April; 1 May; 2 September.
//   - Law 84/2007/QH11 amending it (from 2007): + the Hùng Kings' commemoration, 10th day of the 3rd lunar month.
//   - Labour Code 2012, Art. 115 (from 1 May 2013, so from Tết 2014): Tết, 5 days.
//   - Labour Code 2019, Art. 112 (from 2021): 2 September and one adjacent day (11 days a year in all).
// When a holiday falls on a weekly rest day (Saturday or Sunday: the civil service's 40-hour week), a compensatory
// day follows on the next working day (Art. 111 of the 2019 Code and its predecessors).
//
// The Prime Minister decides each year which days make up Tết and which day joins 2 September, and the government
// often swaps working days to make a longer break. The generator only seeds a sensible default — Tết from the last
// day of the old lunar year, 2 September joined to the adjacent working day nearer the weekend — and administrators
// enter each year's announcement (extra working Saturdays, moved days) in the calendar table
// (docs/decisions/0012-working-time-calendar.md).

import { dayNumber, dayNumberOf, isoOfDay, weekdayOfDay } from "./days";
import { lunarNewYear, lunarToSolar, VIETNAM_TIME_ZONE } from "./lunar";

export const HOLIDAY_KEYS = ["newYear", "tet", "hungKings", "reunification", "labour", "nationalDay"] as const;
export type HolidayKey = (typeof HOLIDAY_KEYS)[number];

export interface HolidayReason {
  holiday: HolidayKey;
  /** A compensatory day (nghỉ bù) for this holiday having fallen on a weekly rest day. */
  compensatory: boolean;
  /** Tết only: 0 = the last day of the old lunar year, 1–4 = mùng 1–4. */
  tetDay?: number;
  /** 2 September only: the adjacent day added by the 2019 Labour Code. */
  adjacent?: boolean;
}

export interface StatutoryDay {
  date: string;
  /** Usually one; two holidays on the same date (possible in principle) share a row. */
  reasons: HolidayReason[];
}

export interface StatutoryRegime {
  law: string;
  tetDays: 4 | 5;
  hungKings: boolean;
  nationalDayDays: 1 | 2;
}

/** The first and last years the generator seeds (the lunar calendar is computed for 1800–2199). */
export const FIRST_STATUTORY_YEAR = 1995;
export const LAST_STATUTORY_YEAR = 2198;

export function statutoryRegime(year: number): StatutoryRegime {
  if (!Number.isInteger(year) || year < FIRST_STATUTORY_YEAR || year > LAST_STATUTORY_YEAR) {
    throw new RangeError(`Statutory holidays are generated for ${FIRST_STATUTORY_YEAR}–${LAST_STATUTORY_YEAR}, not ${year}`);
  }
  if (year >= 2021) return { law: "Bộ luật Lao động 2019, Điều 112", tetDays: 5, hungKings: true, nationalDayDays: 2 };
  if (year >= 2014) return { law: "Bộ luật Lao động 2012, Điều 115", tetDays: 5, hungKings: true, nationalDayDays: 1 };
  if (year >= 2007) return { law: "Bộ luật Lao động 1994, Điều 73 (sửa đổi 2007)", tetDays: 4, hungKings: true, nationalDayDays: 1 };
  return { law: "Bộ luật Lao động 1994, Điều 73", tetDays: 4, hungKings: false, nationalDayDays: 1 };
}

const isWeekend = (day: number) => weekdayOfDay(day) >= 6;

/** The day joined to 2 September: the adjacent working day, the one next to the weekend when there is a choice. */
function nationalDayAdjacent(year: number): number {
  const day = dayNumberOf(year, 9, 2);
  // Monday → Tuesday 3rd; Tuesday → Monday 1st; Wednesday → Thursday 3rd; Thursday → Friday 3rd; Friday → Thursday
  // 1st; Saturday → Friday 1st; Sunday → Monday 3rd.
  const before = new Set([2, 5, 6]);
  return before.has(weekdayOfDay(day)) ? day - 1 : day + 1;
}

/** The statutory public holidays of a year with their compensatory days, by date. */
export function statutoryHolidays(year: number): StatutoryDay[] {
  const regime = statutoryRegime(year);
  const holidays: { day: number; reason: HolidayReason }[] = [];
  const add = (day: number, reason: HolidayReason) => holidays.push({ day, reason });

  add(dayNumberOf(year, 1, 1), { holiday: "newYear", compensatory: false });
  const tet = dayNumber(lunarNewYear(year, VIETNAM_TIME_ZONE));
  // The last day of the old year (29 or 30 tháng Chạp), then mùng 1, 2, 3 (and 4 since 2014).
  for (let i = 0; i < regime.tetDays; i++) add(tet - 1 + i, { holiday: "tet", compensatory: false, tetDay: i });
  if (regime.hungKings) add(dayNumber(lunarToSolar({ year, month: 3, day: 10, leap: false }, VIETNAM_TIME_ZONE)), { holiday: "hungKings", compensatory: false });
  add(dayNumberOf(year, 4, 30), { holiday: "reunification", compensatory: false });
  add(dayNumberOf(year, 5, 1), { holiday: "labour", compensatory: false });
  add(dayNumberOf(year, 9, 2), { holiday: "nationalDay", compensatory: false });
  if (regime.nationalDayDays === 2) add(nationalDayAdjacent(year), { holiday: "nationalDay", compensatory: false, adjacent: true });
  holidays.sort((a, b) => a.day - b.day);

  // Each holiday on a Saturday or Sunday gives the next working day off: not a weekend day, not a holiday, not a
  // compensatory day already given (taken in date order, so a run of holidays pushes its compensations after it).
  const taken = new Set(holidays.map((h) => h.day));
  const compensations: { day: number; reason: HolidayReason }[] = [];
  for (const h of holidays) {
    if (!isWeekend(h.day)) continue;
    let day = h.day + 1;
    while (isWeekend(day) || taken.has(day)) day++;
    taken.add(day);
    compensations.push({ day, reason: { ...h.reason, compensatory: true } });
  }

  const byDay = new Map<number, HolidayReason[]>();
  for (const { day, reason } of [...holidays, ...compensations].sort((a, b) => a.day - b.day)) {
    byDay.set(day, [...(byDay.get(day) ?? []), reason]);
  }
  return [...byDay].map(([day, reasons]) => ({ date: isoOfDay(day), reasons }));
}

/** A translation function: key (of the "calendar" namespace) and values → text. */
export type Translate = (key: string, values?: Record<string, string | number>) => string;

/** The name of a statutory day in the language of `t`, e.g. "Tết Nguyên đán (mùng 1)", "Nghỉ bù Quốc khánh". */
export function statutoryDayName(day: StatutoryDay, t: Translate): string {
  return day.reasons.map((r) => reasonName(r, t)).join("; ");
}

function reasonName(reason: HolidayReason, t: Translate): string {
  let name: string;
  if (reason.holiday === "tet") name = reason.tetDay === 0 ? t("holidays.tetEve") : t("holidays.tetDay", { day: reason.tetDay ?? 1 });
  else if (reason.holiday === "nationalDay" && reason.adjacent) name = t("holidays.nationalDayAdjacent");
  else name = t(`holidays.${reason.holiday}`);
  return reason.compensatory ? t("holidays.compensatory", { holiday: reason.holiday === "tet" ? t("holidays.tet") : name }) : name;
}
