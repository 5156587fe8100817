import { describe, expect, it } from "vitest";
import { calendarYearSchema, dueArgumentsSchema, isoFromParts, readDayForm, readOfficeHoursForm } from "./calendar.schema";

const formOf = (entries: [string, string][]) => {
  const form = new FormData();
  for (const [k, v] of entries) form.append(k, v);
  return form;
};

describe("the calendar's forms", () => {
  it.each([
    [["27", "4", "2026"], "2026-04-27"],
    [[" 1 ", "01", "2031"], "2031-01-01"],
    [["29", "2", "2025"], null],
    [["", "4", "2026"], null],
    [["27", "4", "26"], null],
    [["x", "4", "2026"], null],
  ] as const)("reads the date boxes %j as %s", ([d, m, y], iso) => {
    expect(isoFromParts(d, m, y)).toBe(iso);
  });

  it("reads a day to add, keeping what was typed", () => {
    const { values, parsed } = readDayForm(formOf([["date-day", "10"], ["date-month", "3"], ["date-year", "2031"], ["kind", "non_working"], ["name", "  Nghỉ hoán đổi  "]]));
    expect(values).toEqual({ day: "10", month: "3", year: "2031", kind: "non_working", name: "  Nghỉ hoán đổi  " });
    expect(parsed.success && parsed.data).toEqual({ date: "2031-03-10", kind: "non_working", name: "Nghỉ hoán đổi" });
  });

  it("gives one message per field for an empty or wrong form", () => {
    const empty = readDayForm(formOf([]));
    expect(empty.parsed.success).toBe(false);
    expect(empty.parsed.error?.issues.map((i) => [i.path[0], i.message])).toEqual([
      ["date", "calendar:errors.date"],
      ["kind", "calendar:errors.kind"],
      ["name", "calendar:errors.name"],
    ]);
    const wrong = readDayForm(formOf([["date-day", "1"], ["date-month", "1"], ["date-year", "1999"], ["kind", "holiday"], ["name", "x".repeat(201)]]));
    expect(wrong.parsed.error?.issues.map((i) => [i.path[0], i.message])).toEqual([
      ["date", "calendar:errors.dateRange"],
      ["kind", "calendar:errors.kind"],
      ["name", "calendar:errors.name"],
    ]);
  });

  it("reads a year to show", () => {
    expect(calendarYearSchema.safeParse("2031").data).toBe(2031);
    for (const bad of ["1999", "2100", "20x1", "", "2031.5"]) expect(calendarYearSchema.safeParse(bad).success, bad).toBe(false);
  });

  it("reads a new timetable of office hours", () => {
    const { parsed } = readOfficeHoursForm(
      formOf([
        ["validFrom-day", "15"], ["validFrom-month", "4"], ["validFrom-year", "2031"],
        ["morningStart", "7:30"], ["morningEnd", "11:30"], ["afternoonStart", "13:30"], ["afternoonEnd", "17:30"],
        ["weekdays", "1"], ["weekdays", "2"], ["weekdays", "3"], ["weekdays", "4"], ["weekdays", "5"], ["weekdays", "6"],
        ["cutoff", "15:30"],
      ]),
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const sessions = [{ start: 450, end: 690 }, { start: 810, end: 1050 }];
    expect(parsed.value).toEqual({ validFrom: "2031-04-15", week: { 1: sessions, 2: sessions, 3: sessions, 4: sessions, 5: sessions, 6: sessions, 7: [] }, sameDayCutoff: 930 });
  });

  it("accepts a single session and refuses times out of order, overlapping or half given", () => {
    const base: [string, string][] = [["validFrom-day", "1"], ["validFrom-month", "10"], ["validFrom-year", "2031"], ["weekdays", "1"], ["cutoff", "15:00"]];
    const one = readOfficeHoursForm(formOf([...base, ["morningStart", "07:00"], ["morningEnd", "12:00"], ["afternoonStart", ""], ["afternoonEnd", ""]]));
    expect(one.parsed.ok && one.parsed.value.week[1]).toEqual([{ start: 420, end: 720 }]);
    const problems = (entries: [string, string][]) => {
      const r = readOfficeHoursForm(formOf([...base, ...entries]));
      return r.parsed.ok ? [] : r.parsed.issues.map((i) => [i.path[0], i.message]);
    };
    expect(problems([["morningStart", "11:00"], ["morningEnd", "07:00"], ["afternoonStart", ""], ["afternoonEnd", ""]])).toEqual([["morningEnd", "calendar:errors.order"]]);
    expect(problems([["morningStart", "07:00"], ["morningEnd", "12:00"], ["afternoonStart", "11:00"], ["afternoonEnd", "17:00"]])).toEqual([["afternoonStart", "calendar:errors.overlap"]]);
    expect(problems([["morningStart", "07:00"], ["morningEnd", "11:30"], ["afternoonStart", "13:30"], ["afternoonEnd", ""]])).toEqual([["afternoonEnd", "calendar:errors.afternoonBoth"]]);
    expect(problems([["morningStart", "7h"], ["morningEnd", "11:30"], ["afternoonStart", ""], ["afternoonEnd", "25:00"]])).toEqual([
      ["morningStart", "calendar:errors.time"],
      ["afternoonEnd", "calendar:errors.time"],
    ]);
    const noDays = readOfficeHoursForm(formOf([["validFrom-day", "1"], ["validFrom-month", "10"], ["validFrom-year", "2031"], ["morningStart", "07:00"], ["morningEnd", "11:00"], ["cutoff", "3pm"]]));
    expect(noDays.parsed.ok ? [] : noDays.parsed.issues.map((i) => i.path[0])).toEqual(["weekdays", "cutoff"]);
  });
});

describe("the command's arguments", () => {
  it("reads an instant, an amount and a unit", () => {
    expect(dueArgumentsSchema.parse({ start: "2026-03-02T14:00", amount: "0.5", unit: "working_days" })).toEqual({
      start: new Date("2026-03-02T07:00:00Z"),
      amount: 0.5,
      unit: "working_days",
    });
  });

  it.each([
    [{ start: "2026-03-02", amount: "-1", unit: "working_days" }, "amount"],
    [{ start: "2026-03-02", amount: "1e3", unit: "working_hours" }, "amount"],
    [{ start: "2026-03-02", amount: "1.5", unit: "calendar_days" }, "amount"],
    [{ start: "2026-03-02", amount: "1", unit: "days" }, "unit"],
    [{ start: "yesterday", amount: "1", unit: "same_day" }, "start"],
  ])("refuses %j (%s)", (input, field) => {
    const parsed = dueArgumentsSchema.safeParse(input);
    expect(parsed.error?.issues.map((i) => i.path[0])).toEqual([field]);
  });
});
