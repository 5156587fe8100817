import { describe, expect, it } from "vitest";
import { jdOfInstant, jdToJde, lunationNear, newMoonInstant, sunApparentLongitude } from "./astronomy";
import { addDays, dayNumber } from "./days";
import { lunarMonthsAround, lunarNewYear, lunarToSolar, solarToLunar } from "./lunar";

// The lunar dates of Tết (mùng 1 tháng Giêng) and of the Hùng Kings' commemoration (10 tháng 3) for 2000–2050, checked
// against a published table.
//
// Source of the table (transcribed by hand into PUBLISHED below, never computed by this code):
//   - Chinese calendar (UTC+8): Hong Kong Observatory, "Gregorian-Lunar Calendar Conversion Table" 1901–2100,
//     https://www.hko.gov.hk/en/gts/time/conversion.htm — as tabulated in python-holidays,
//     holidays/calendars/chinese.py, LUNAR_NEW_YEAR_DATES and HUNG_KINGS_DATES (github.com/vacanza/holidays, MIT);
//   - Vietnamese calendar (UTC+7): the same file's VIETNAMESE_CALENDAR_LUNAR_NEW_YEAR_DATES and
//     VIETNAMESE_CALENDAR_HUNG_KINGS_DATES, the years in which Vietnam's calendar differs from China's, which agree with
//     Hồ Ngọc Đức's Vietnamese calendar (https://www.informatik.uni-leipzig.de/~duc/amlich/).
// Independent confirmations of the known differences:
//   - 1968: North Vietnam's new calendar put Tết on 29 January, the South (UTC+8) on 30 January — H. Aslaksen,
//     "The Mathematics of the Chinese Calendar" (2010), on the Tết Offensive;
//   - 1985: Tết on 21 January in Vietnam, 20 February in China (a leap month placed differently);
//   - 2007: the new moon of 17 February fell at 23:14 in Vietnam (00:14 on the 18th in China): Tết Đinh Hợi was 17
//     February in Vietnam; calendars printed from Chinese almanacs said the 18th — Trần Tiến Bình (national calendar
//     office), reported in "Wrong calendar due to Chinese book translation", scienceinfo.net;
//   - 2030 and 2053: Vietnam celebrates Tết a day before China — "Why is the Vietnamese and Chinese New Year a day
//     different?", scienceinfo.net; the Hong Kong Observatory's blog (3 May 2013) also lists 2030 as a year where
//     almanacs disagree.

type Row = [year: number, tetVn: string, tetCn: string, hungVn: string, hungCn: string];
const sameInBoth = (year: number, tet: string, hung: string): Row => [year, tet, tet, hung, hung];

// prettier-ignore
const PUBLISHED: Row[] = [
  sameInBoth(2000, "02-05", "04-14"), sameInBoth(2001, "01-24", "04-03"), sameInBoth(2002, "02-12", "04-22"),
  sameInBoth(2003, "02-01", "04-11"), sameInBoth(2004, "01-22", "04-28"), sameInBoth(2005, "02-09", "04-18"),
  sameInBoth(2006, "01-29", "04-07"), [2007, "02-17", "02-18", "04-26", "04-26"], sameInBoth(2008, "02-07", "04-15"),
  [2009, "01-26", "01-26", "04-04", "04-05"], sameInBoth(2010, "02-14", "04-23"), sameInBoth(2011, "02-03", "04-12"),
  sameInBoth(2012, "01-23", "03-31"), sameInBoth(2013, "02-10", "04-19"), sameInBoth(2014, "01-31", "04-09"),
  sameInBoth(2015, "02-19", "04-28"), sameInBoth(2016, "02-08", "04-16"), sameInBoth(2017, "01-28", "04-06"),
  sameInBoth(2018, "02-16", "04-25"), sameInBoth(2019, "02-05", "04-14"), sameInBoth(2020, "01-25", "04-02"),
  sameInBoth(2021, "02-12", "04-21"), sameInBoth(2022, "02-01", "04-10"), sameInBoth(2023, "01-22", "04-29"),
  sameInBoth(2024, "02-10", "04-18"), sameInBoth(2025, "01-29", "04-07"), sameInBoth(2026, "02-17", "04-26"),
  sameInBoth(2027, "02-06", "04-16"), sameInBoth(2028, "01-26", "04-04"), sameInBoth(2029, "02-13", "04-23"),
  [2030, "02-02", "02-03", "04-12", "04-12"], sameInBoth(2031, "01-23", "04-01"), sameInBoth(2032, "02-11", "04-19"),
  sameInBoth(2033, "01-31", "04-09"), sameInBoth(2034, "02-19", "04-28"), sameInBoth(2035, "02-08", "04-17"),
  sameInBoth(2036, "01-28", "04-06"), [2037, "02-15", "02-15", "04-24", "04-25"], [2038, "02-04", "02-04", "04-13", "04-14"],
  sameInBoth(2039, "01-24", "04-03"), sameInBoth(2040, "02-12", "04-20"), sameInBoth(2041, "02-01", "04-10"),
  sameInBoth(2042, "01-22", "04-29"), sameInBoth(2043, "02-10", "04-19"), sameInBoth(2044, "01-30", "04-07"),
  sameInBoth(2045, "02-17", "04-26"), sameInBoth(2046, "02-06", "04-15"), sameInBoth(2047, "01-26", "04-04"),
  sameInBoth(2048, "02-14", "04-22"), sameInBoth(2049, "02-02", "04-11"), sameInBoth(2050, "01-23", "04-01"),
];

const hungKings = (year: number, timeZone: number) => lunarToSolar({ year, month: 3, day: 10, leap: false }, timeZone);

describe("the published table itself", () => {
  it("covers every year from 2000 to 2050 once", () => {
    expect(PUBLISHED.map((r) => r[0])).toEqual(Array.from({ length: 51 }, (_, i) => 2000 + i));
  });
});

describe("Tết and the Hùng Kings' day, 2000–2050, in the Vietnamese calendar (UTC+7)", () => {
  it.each(PUBLISHED)("%i: Tết %s, Hùng Kings %s", (year, tetVn, _tetCn, hungVn) => {
    expect(lunarNewYear(year)).toBe(`${year}-${tetVn}`);
    expect(hungKings(year, 7)).toBe(`${year}-${hungVn}`);
  });
});

describe("the same engine at UTC+8 reproduces the Hong Kong Observatory's Chinese calendar", () => {
  it.each(PUBLISHED)("%i", (year, _tetVn, tetCn, _hungVn, hungCn) => {
    expect(lunarNewYear(year, 8)).toBe(`${year}-${tetCn}`);
    expect(hungKings(year, 8)).toBe(`${year}-${hungCn}`);
  });
});

describe("the years Vietnam and China differ", () => {
  it("differ in 2000–2050 exactly where the table says: Tết 2007 and 2030, Hùng Kings 2009, 2037 and 2038", () => {
    const tet = PUBLISHED.filter((r) => lunarNewYear(r[0], 7) !== lunarNewYear(r[0], 8)).map((r) => r[0]);
    const hung = PUBLISHED.filter((r) => hungKings(r[0], 7) !== hungKings(r[0], 8)).map((r) => r[0]);
    expect(tet).toEqual([2007, 2030]);
    expect(hung).toEqual([2009, 2037, 2038]);
  });

  it.each([
    [1968, "1968-01-29", "1968-01-30"],
    [1985, "1985-01-21", "1985-02-20"],
    [2007, "2007-02-17", "2007-02-18"],
    [2030, "2030-02-02", "2030-02-03"],
    [2053, "2053-02-18", "2053-02-19"],
  ])("Tết %i: %s in Vietnam, %s in China", (year, vn, cn) => {
    expect(lunarNewYear(year, 7)).toBe(vn);
    expect(lunarNewYear(year, 8)).toBe(cn);
  });

  it("2007: the new moon fell at 23:14 in Hà Nội on 17 February, 00:14 in Beijing on the 18th", () => {
    const instant = newMoonInstant(lunationNear(jdOfInstant(Date.parse("2007-02-17T12:00:00Z"))));
    expect(new Date(instant).toISOString().slice(0, 16)).toBe("2007-02-17T16:14");
  });

  it("1985: Vietnam's lunar year Ất Sửu began a month before China's", () => {
    expect(solarToLunar("1985-01-21")).toEqual({ year: 1985, month: 1, day: 1, leap: false });
    expect(solarToLunar("1985-01-21", 8).year).toBe(1984);
  });
});

describe("the lunisolar rules", () => {
  it("put the winter solstice in the 11th month and 12 or 13 months between two 11th months", () => {
    for (let year = 2000; year <= 2050; year++) {
      const months = lunarMonthsAround(year);
      expect(months[0]!.month).toBe(11);
      expect([12, 13]).toContain(months.length);
      expect(months.filter((m) => m.leap)).toHaveLength(months.length === 13 ? 1 : 0);
      for (const m of months) expect([29, 30]).toContain(m.length);
    }
  });

  it("make the leap month one without a major solar term (the Sun does not cross a multiple of 30°)", () => {
    for (let year = 2000; year <= 2050; year++) {
      const leap = lunarMonthsAround(year).find((m) => m.leap);
      if (!leap) continue;
      const sector = (iso: string) => Math.floor(sunApparentLongitude(jdToJde(jdOfInstant(Date.parse(`${iso}T00:00:00+07:00`)))) / 30);
      expect(sector(leap.start), `${year}`).toBe(sector(addDays(leap.start, leap.length)));
    }
  });

  it("place the 2033 leap month after the 11th month (the “2033 problem”), so that Tết 2034 is 19 February", () => {
    const leap = lunarMonthsAround(2034).find((m) => m.leap);
    expect(leap).toEqual({ month: 11, leap: true, year: 2033, start: "2033-12-22", length: 29 });
    expect(lunarNewYear(2034)).toBe("2034-02-19");
  });

  it("convert every day from 2000 to 2050 to a lunar date and back", () => {
    let previous = solarToLunar("1999-12-31");
    for (let day = dayNumber("2000-01-01"); day <= dayNumber("2050-12-31"); day++) {
      const iso = addDays("1970-01-01", day);
      const lunar = solarToLunar(iso);
      expect(lunarToSolar(lunar)).toBe(iso);
      // Each day is the next lunar day, or the first of the next month.
      if (lunar.day !== 1) expect({ ...lunar, day: lunar.day - 1 }).toEqual(previous);
      else expect(previous.day === 29 || previous.day === 30).toBe(true);
      previous = lunar;
    }
  });

  it("refuses dates that do not exist", () => {
    expect(() => lunarToSolar({ year: 2024, month: 3, day: 10, leap: true })).toThrow(RangeError);
    expect(() => lunarToSolar({ year: 2024, month: 1, day: 31, leap: false })).toThrow(RangeError);
    expect(() => lunarNewYear(1700)).toThrow(RangeError);
  });
});
