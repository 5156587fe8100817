import { describe, expect, it } from "vitest";
import vi from "../../../locales/vi/calendar.json" with { type: "json" };
import en from "../../../locales/en/calendar.json" with { type: "json" };
import { weekdayOf } from "./days";
import { statutoryDayName, statutoryHolidays, statutoryRegime, type Translate } from "./holidays";

const translator =
  (resources: Record<string, unknown>): Translate =>
  (key, values = {}) => {
    const text = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], resources);
    if (typeof text !== "string") throw new Error(`missing ${key}`);
    return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name]));
  };
const tVi = translator(vi);
const tEn = translator(en);

/** "2024-02-10 Tết Nguyên đán (mùng 1)" lines, for readable expectations. */
const lines = (year: number) => statutoryHolidays(year).map((d) => `${d.date} ${statutoryDayName(d, tVi)}`);

describe("the statutory holidays of a year", () => {
  it("2024 (Labour Code 2019): 11 days, Tết across the edge of two lunar years, two compensatory days for its weekend", () => {
    expect(lines(2024)).toEqual([
      "2024-01-01 Tết Dương lịch",
      // Tết Giáp Thìn: the last day of Quý Mão (29 tháng Chạp, a Friday) and mùng 1–4; mùng 1 and 2 are a weekend.
      "2024-02-09 Tết Nguyên đán (ngày cuối năm Âm lịch)",
      "2024-02-10 Tết Nguyên đán (mùng 1)",
      "2024-02-11 Tết Nguyên đán (mùng 2)",
      "2024-02-12 Tết Nguyên đán (mùng 3)",
      "2024-02-13 Tết Nguyên đán (mùng 4)",
      "2024-02-14 Nghỉ bù Tết Nguyên đán",
      "2024-02-15 Nghỉ bù Tết Nguyên đán",
      "2024-04-18 Giỗ Tổ Hùng Vương (10/3 Âm lịch)",
      "2024-04-30 Ngày Chiến thắng (30/4)",
      "2024-05-01 Ngày Quốc tế Lao động (1/5)",
      "2024-09-02 Quốc khánh (2/9)",
      "2024-09-03 Quốc khánh (ngày liền kề)",
    ]);
  });

  it("2022: holidays on weekends give the next working days off (1 Jan, Hùng Kings on a Sunday, 30/4–1/5 on a weekend)", () => {
    expect(lines(2022)).toEqual([
      "2022-01-01 Tết Dương lịch",
      "2022-01-03 Nghỉ bù Tết Dương lịch",
      "2022-01-31 Tết Nguyên đán (ngày cuối năm Âm lịch)",
      "2022-02-01 Tết Nguyên đán (mùng 1)",
      "2022-02-02 Tết Nguyên đán (mùng 2)",
      "2022-02-03 Tết Nguyên đán (mùng 3)",
      "2022-02-04 Tết Nguyên đán (mùng 4)",
      "2022-04-10 Giỗ Tổ Hùng Vương (10/3 Âm lịch)",
      "2022-04-11 Nghỉ bù Giỗ Tổ Hùng Vương (10/3 Âm lịch)",
      "2022-04-30 Ngày Chiến thắng (30/4)",
      "2022-05-01 Ngày Quốc tế Lao động (1/5)",
      "2022-05-02 Nghỉ bù Ngày Chiến thắng (30/4)",
      "2022-05-03 Nghỉ bù Ngày Quốc tế Lao động (1/5)",
      "2022-09-01 Quốc khánh (ngày liền kề)",
      "2022-09-02 Quốc khánh (2/9)",
    ]);
  });

  it("2023: a run of holidays over a weekend pushes each compensation past the run (29/4–1/5 → 2 and 3 May)", () => {
    const days = lines(2023).filter((l) => l.startsWith("2023-04") || l.startsWith("2023-05") || l.startsWith("2023-09"));
    expect(days).toEqual([
      "2023-04-29 Giỗ Tổ Hùng Vương (10/3 Âm lịch)",
      "2023-04-30 Ngày Chiến thắng (30/4)",
      "2023-05-01 Ngày Quốc tế Lao động (1/5)",
      "2023-05-02 Nghỉ bù Giỗ Tổ Hùng Vương (10/3 Âm lịch)",
      "2023-05-03 Nghỉ bù Ngày Chiến thắng (30/4)",
      // 2 September on a Saturday: the adjacent day is Friday 1st, the compensatory day Monday 4th.
      "2023-09-01 Quốc khánh (ngày liền kề)",
      "2023-09-02 Quốc khánh (2/9)",
      "2023-09-04 Nghỉ bù Quốc khánh (2/9)",
    ]);
  });

  it.each([
    [2024, "2024-09-03"], // Monday → Tuesday 3rd
    [2025, "2025-09-01"], // Tuesday → Monday 1st
    [2026, "2026-09-03"], // Wednesday → Thursday 3rd
    [2021, "2021-09-03"], // Thursday → Friday 3rd
    [2022, "2022-09-01"], // Friday → Thursday 1st
    [2023, "2023-09-01"], // Saturday → Friday 1st
    [2029, "2029-09-03"], // Sunday → Monday 3rd (and Tuesday 4th for the Sunday)
  ])("%i: the day joined to 2 September is %s", (year, adjacent) => {
    const day = statutoryHolidays(year).find((d) => d.reasons.some((r) => r.adjacent));
    expect(day?.date).toBe(adjacent);
  });

  it.each([
    [2005, "Bộ luật Lao động 1994, Điều 73", 8],
    [2010, "Bộ luật Lao động 1994, Điều 73 (sửa đổi 2007)", 9],
    [2013, "Bộ luật Lao động 1994, Điều 73 (sửa đổi 2007)", 9],
    [2014, "Bộ luật Lao động 2012, Điều 115", 10],
    [2020, "Bộ luật Lao động 2012, Điều 115", 10],
    [2021, "Bộ luật Lao động 2019, Điều 112", 11],
    [2050, "Bộ luật Lao động 2019, Điều 112", 11],
  ])("%i follows %s: %i days of holiday", (year, law, count) => {
    expect(statutoryRegime(year).law).toBe(law);
    const holidays = statutoryHolidays(year).flatMap((d) => d.reasons).filter((r) => !r.compensatory);
    expect(holidays).toHaveLength(count);
  });

  it("2005: Tết of 4 days (the last day of the year and mùng 1–3), no Hùng Kings' day yet", () => {
    expect(lines(2005).filter((l) => l.includes("Tết Nguyên đán") || l.includes("Hùng"))).toEqual([
      "2005-02-08 Tết Nguyên đán (ngày cuối năm Âm lịch)",
      "2005-02-09 Tết Nguyên đán (mùng 1)",
      "2005-02-10 Tết Nguyên đán (mùng 2)",
      "2005-02-11 Tết Nguyên đán (mùng 3)",
    ]);
  });

  it("every year 2000–2050: one row per date, compensatory days only on weekdays that are not holidays, one per weekend holiday", () => {
    for (let year = 2000; year <= 2050; year++) {
      const days = statutoryHolidays(year);
      expect(new Set(days.map((d) => d.date)).size, `${year}`).toBe(days.length);
      expect([...days.map((d) => d.date)].sort(), `${year} sorted`).toEqual(days.map((d) => d.date));
      const reasons = days.flatMap((d) => d.reasons.map((r) => ({ ...r, date: d.date })));
      const weekendHolidays = reasons.filter((r) => !r.compensatory && weekdayOf(r.date) >= 6);
      const compensations = reasons.filter((r) => r.compensatory);
      expect(compensations, `${year}`).toHaveLength(weekendHolidays.length);
      for (const c of compensations) {
        expect(weekdayOf(c.date), `${year} ${c.date}`).toBeLessThan(6);
        expect(days.find((d) => d.date === c.date)?.reasons, `${year} ${c.date}`).toHaveLength(1);
      }
      // No two holidays coincide in these years.
      for (const d of days) expect(d.reasons, `${year} ${d.date}`).toHaveLength(1);
    }
  });

  it("names the days in English too", () => {
    expect(statutoryHolidays(2024).slice(0, 3).map((d) => statutoryDayName(d, tEn))).toEqual([
      "New Year's Day",
      "Lunar New Year (last day of the lunar year)",
      "Lunar New Year (day 1)",
    ]);
  });

  it("refuses years outside what it knows", () => {
    expect(() => statutoryHolidays(1990)).toThrow(RangeError);
    expect(() => statutoryHolidays(2024.5)).toThrow(RangeError);
  });
});
