import { describe, expect, it } from "vitest";
import { addDays, dayNumber, formatTimeOfDay, formatVietnamIso, isIsoDate, isoOfDay, parseInstant, parseTimeOfDay, weekdayOf } from "./days";

describe("civil dates", () => {
  it.each([
    ["2024-02-29", true],
    ["2023-02-29", false],
    ["2024-13-01", false],
    ["2024-04-31", false],
    ["24-04-01", false],
    ["2024-4-1", false],
  ])("%s is a date: %s", (value, ok) => {
    expect(isIsoDate(value)).toBe(ok);
  });

  it("count days and weekdays (ISO: Monday 1 … Sunday 7)", () => {
    expect(dayNumber("1970-01-01")).toBe(0);
    expect(isoOfDay(dayNumber("2024-02-28") + 2)).toBe("2024-03-01");
    expect(addDays("2024-12-31", 1)).toBe("2025-01-01");
    expect(weekdayOf("2024-03-04")).toBe(1);
    expect(weekdayOf("2024-03-10")).toBe(7);
    expect(weekdayOf("1969-12-31")).toBe(3);
  });

  it("read and write times of day", () => {
    expect(parseTimeOfDay("07:00")).toBe(420);
    expect(parseTimeOfDay("7:05")).toBe(425);
    expect(parseTimeOfDay("24:00")).toBe(1440);
    expect(parseTimeOfDay("24:01")).toBeNull();
    expect(parseTimeOfDay("12:60")).toBeNull();
    expect(parseTimeOfDay("noon")).toBeNull();
    expect(formatTimeOfDay(810)).toBe("13:30");
  });
});

describe("instants in Vietnam time", () => {
  it.each([
    ["2026-03-02T14:05", "2026-03-02T07:05:00.000Z"],
    ["2026-03-02 14:05:30", "2026-03-02T07:05:30.000Z"],
    ["2026-03-02T07:05:00Z", "2026-03-02T07:05:00.000Z"],
    ["2026-03-02T14:05+07:00", "2026-03-02T07:05:00.000Z"],
    ["2026-03-02T09:05:00.250+0200", "2026-03-02T07:05:00.250Z"],
    ["2026-03-02", "2026-03-01T17:00:00.000Z"],
  ])("%s is %s", (text, iso) => {
    expect(new Date(parseInstant(text)!).toISOString()).toBe(iso);
  });

  it.each(["", "2026-02-30T10:00", "2026-03-02T25:00", "2026-03-02T10:00+15:00", "tomorrow", "2026-03-02T10"])("refuses %j", (text) => {
    expect(parseInstant(text)).toBeNull();
  });

  it("writes an instant with Vietnam's offset", () => {
    expect(formatVietnamIso(Date.parse("2026-03-02T10:00:00Z"))).toBe("2026-03-02T17:00:00+07:00");
    expect(formatVietnamIso(Date.parse("2026-03-02T18:30:00.5Z"))).toBe("2026-03-03T01:30:00.500+07:00");
  });
});
