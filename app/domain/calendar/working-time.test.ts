import { describe, expect, it } from "vitest";
import { formatVietnamIso, parseInstant } from "./days";
import { statutoryHolidays } from "./holidays";
import {
  ClockStateError,
  DEFAULT_OFFICE_HOURS,
  NoWorkingTimeError,
  OutsideCalendarError,
  addWorkingTime,
  amountProblem,
  dueDate,
  isWorkingDay,
  nextWorkingInstant,
  officeHoursProblems,
  pauseClock,
  resumeClock,
  workingMinutesBetween,
  workingSessions,
  yearsToLoad,
  type DueUnit,
  type OfficeHours,
  type WorkingCalendar,
} from "./working-time";

// Instants are written in Vietnam time ("2024-03-04 09:00"); results are compared as "2024-03-04T09:00:00+07:00".
// 4 March 2024 is a Monday; March 2024 has no holiday.

function at(text: string): number {
  const t = parseInstant(text);
  if (t === null) throw new Error(`bad instant ${text}`);
  return t;
}
const vn = (d: Date) => formatVietnamIso(+d);

/** The statutory calendar of 2021–2026 (as the seed writes it), plus extra dates. */
function calendar(options: { nonWorking?: string[]; extraWorking?: string[]; officeHours?: OfficeHours[]; from?: string; to?: string } = {}): WorkingCalendar {
  const holidays: string[] = [];
  for (let year = 2021; year <= 2026; year++) holidays.push(...statutoryHolidays(year).map((d) => d.date));
  return {
    officeHours: options.officeHours ?? [DEFAULT_OFFICE_HOURS],
    nonWorking: new Set([...holidays, ...(options.nonWorking ?? [])]),
    extraWorking: new Set(options.extraWorking ?? []),
    covers: { from: options.from ?? "2021-01-01", to: options.to ?? "2026-12-31" },
  };
}
const standard = calendar();

describe("a receipt outside office hours counts from the next working period", () => {
  it.each([
    ["inside the morning session", "2024-03-04 09:00", "2024-03-04T09:00:00+07:00"],
    ["before opening", "2024-03-04 06:30", "2024-03-04T07:00:00+07:00"],
    ["at opening", "2024-03-04 07:00", "2024-03-04T07:00:00+07:00"],
    ["at the start of lunch", "2024-03-04 11:30", "2024-03-04T13:30:00+07:00"],
    ["during lunch", "2024-03-04 12:15", "2024-03-04T13:30:00+07:00"],
    ["a minute before closing", "2024-03-04 16:59", "2024-03-04T16:59:00+07:00"],
    ["at closing", "2024-03-04 17:00", "2024-03-05T07:00:00+07:00"],
    ["on Friday evening (online)", "2024-03-08 20:00", "2024-03-11T07:00:00+07:00"],
    ["on a Saturday", "2024-03-09 10:00", "2024-03-11T07:00:00+07:00"],
    ["on a holiday (30/4, then 1/5)", "2024-04-30 09:00", "2024-05-02T07:00:00+07:00"],
    ["the evening before Tết (then Tết and its compensatory days)", "2024-02-08 17:30", "2024-02-16T07:00:00+07:00"],
    ["given in UTC", "2024-03-04T00:30:00Z", "2024-03-04T07:30:00+07:00"],
    ["with seconds", "2024-03-04 11:29:30", "2024-03-04T11:29:30+07:00"],
  ])("%s: %s → %s", (_label, received, expected) => {
    expect(vn(nextWorkingInstant(standard, at(received)))).toBe(expected);
  });
});

type DueCase = [label: string, received: string, amount: number, unit: DueUnit, due: string];

describe("due dates", () => {
  const cases: DueCase[] = [
    // Working hours: across lunch, across a weekend, across both.
    ["hours across lunch", "2024-03-04 10:00", 4, "working_hours", "2024-03-04T16:00:00+07:00"],
    ["hours across a weekend", "2024-03-08 15:00", 8, "working_hours", "2024-03-11T15:00:00+07:00"],
    ["hours across lunch and a weekend", "2024-03-08 11:00", 8, "working_hours", "2024-03-11T11:00:00+07:00"],
    ["hours from lunch time", "2024-03-04 12:00", 1, "working_hours", "2024-03-04T14:30:00+07:00"],
    ["hours ending at the start of lunch stay in the morning", "2024-03-04 07:00", 4.5, "working_hours", "2024-03-04T11:30:00+07:00"],
    ["hours ending at closing time", "2024-03-04 13:30", 3.5, "working_hours", "2024-03-04T17:00:00+07:00"],
    ["a quarter of an hour", "2024-03-04 07:00", 0.25, "working_hours", "2024-03-04T07:15:00+07:00"],
    ["8 hours for an online dossier sent on Saturday night", "2024-03-09 22:00", 8, "working_hours", "2024-03-11T17:00:00+07:00"],
    // Working days: 8 working hours each, half days allowed.
    ["one working day from opening", "2024-03-04 07:00", 1, "working_days", "2024-03-04T17:00:00+07:00"],
    ["one working day from mid-morning", "2024-03-04 09:00", 1, "working_days", "2024-03-05T09:00:00+07:00"],
    ["half a day", "2024-03-04 07:00", 0.5, "working_days", "2024-03-04T11:00:00+07:00"],
    ["half a day from the afternoon", "2024-03-04 14:00", 0.5, "working_days", "2024-03-05T08:00:00+07:00"],
    ["a day and a half", "2024-03-04 07:00", 1.5, "working_days", "2024-03-05T11:00:00+07:00"],
    ["five working days", "2024-03-04 08:00", 5, "working_days", "2024-03-11T08:00:00+07:00"],
    // A holiday falling on a weekend: 30/4 and 1/5/2022 were Saturday and Sunday; 2 and 3 May were compensatory days.
    ["a holiday falling on a weekend", "2022-04-29 16:00", 1, "working_days", "2022-05-04T16:00:00+07:00"],
    // Tết across the edges of two years: from 30/12/2024, over New Year's Day and Tết Ất Tỵ (28/1–1/2/2025, with
    // mùng 4 on a Saturday compensated on Monday 3/2).
    ["Tết across the edges of two years", "2024-12-30 10:00", 20, "working_days", "2025-02-04T10:00:00+07:00"],
    ["two working days from the last afternoon before Tết", "2024-02-08 15:00", 2, "working_days", "2024-02-19T15:00:00+07:00"],
    // Calendar days: whole days, rolled forward off non-working days.
    ["calendar days landing on a Saturday", "2024-03-07 10:00", 2, "calendar_days", "2024-03-11T10:00:00+07:00"],
    ["a week of calendar days", "2024-03-04 10:00", 7, "calendar_days", "2024-03-11T10:00:00+07:00"],
    ["calendar days from a receipt on Friday evening", "2024-03-08 18:00", 3, "calendar_days", "2024-03-14T07:00:00+07:00"],
    ["calendar days landing on 30/4", "2024-04-25 09:00", 5, "calendar_days", "2024-05-02T09:00:00+07:00"],
    ["calendar days landing in Tết", "2025-01-20 14:00", 10, "calendar_days", "2025-02-04T14:00:00+07:00"],
    // Same day: before 15:00 → closing time that day; otherwise closing time the next working day.
    ["same day, a minute before the cut-off", "2024-03-04 14:59", 1, "same_day", "2024-03-04T17:00:00+07:00"],
    ["same day, at the cut-off", "2024-03-04 15:00", 1, "same_day", "2024-03-05T17:00:00+07:00"],
    ["same day, late afternoon", "2024-03-04 16:30", 1, "same_day", "2024-03-05T17:00:00+07:00"],
    ["same day, before opening", "2024-03-04 06:30", 1, "same_day", "2024-03-04T17:00:00+07:00"],
    ["same day, at lunch", "2024-03-04 12:00", 1, "same_day", "2024-03-04T17:00:00+07:00"],
    ["same day, Friday after the cut-off", "2024-03-08 15:30", 1, "same_day", "2024-03-11T17:00:00+07:00"],
    ["same day, on a Saturday", "2024-03-09 10:00", 1, "same_day", "2024-03-11T17:00:00+07:00"],
    ["same day, after the cut-off before two holidays", "2024-04-29 15:10", 1, "same_day", "2024-05-02T17:00:00+07:00"],
  ];

  it.each(cases)("%s: %s + %s %s → %s", (_label, received, amount, unit, expected) => {
    expect(vn(dueDate(standard, { receivedAt: at(received), amount, unit }).due)).toBe(expected);
  });

  it("report where the clock starts", () => {
    const result = dueDate(standard, { receivedAt: at("2024-03-09 10:00"), amount: 1, unit: "working_days" });
    expect(vn(result.countsFrom)).toBe("2024-03-11T07:00:00+07:00");
    expect(vn(result.due)).toBe("2024-03-11T17:00:00+07:00");
  });

  it("count an extra working Saturday and skip a weekday an administrator made non-working", () => {
    const cal = calendar({ nonWorking: ["2024-03-07"], extraWorking: ["2024-03-09"] });
    expect(isWorkingDay(cal, "2024-03-07")).toBe(false);
    expect(isWorkingDay(cal, "2024-03-09")).toBe(true);
    expect(workingSessions(cal, "2024-03-09")).toEqual([
      { start: "07:00", end: "11:30" },
      { start: "13:30", end: "17:00" },
    ]);
    expect(vn(dueDate(cal, { receivedAt: at("2024-03-06 16:00"), amount: 2, unit: "working_days" }).due)).toBe("2024-03-09T16:00:00+07:00");
  });

  it("follow the office hours in force on each day (summer hours from 15/4/2024, cut-off 15:30)", () => {
    const summerSessions = [
      { start: 7 * 60 + 30, end: 11 * 60 + 30 },
      { start: 13 * 60 + 30, end: 17 * 60 + 30 },
    ];
    const summer: OfficeHours = {
      validFrom: "2024-04-15",
      week: { 1: summerSessions, 2: summerSessions, 3: summerSessions, 4: summerSessions, 5: summerSessions, 6: [], 7: [] },
      sameDayCutoff: 15 * 60 + 30,
    };
    const cal = calendar({ officeHours: [summer, DEFAULT_OFFICE_HOURS] });
    expect(vn(nextWorkingInstant(cal, at("2024-04-12 07:10")))).toBe("2024-04-12T07:10:00+07:00");
    expect(vn(nextWorkingInstant(cal, at("2024-04-15 07:10")))).toBe("2024-04-15T07:30:00+07:00");
    expect(vn(dueDate(cal, { receivedAt: at("2024-04-12 16:00"), amount: 2, unit: "working_hours" }).due)).toBe("2024-04-15T08:30:00+07:00");
    expect(vn(dueDate(cal, { receivedAt: at("2024-04-15 15:15"), amount: 1, unit: "same_day" }).due)).toBe("2024-04-15T17:30:00+07:00");
    expect(vn(dueDate(cal, { receivedAt: at("2024-04-12 15:15"), amount: 1, unit: "same_day" }).due)).toBe("2024-04-15T17:30:00+07:00");
  });

  it("take the configured hours per working day", () => {
    const cal = { ...standard, hoursPerWorkingDay: 7 };
    expect(vn(dueDate(cal, { receivedAt: at("2024-03-04 07:00"), amount: 1, unit: "working_days" }).due)).toBe("2024-03-04T16:00:00+07:00");
  });
});

describe("pausing and resuming a clock", () => {
  it("a clock paused across a holiday moves the due date by the working time paused", () => {
    // Paused Monday 29/4/2024 at 16:00 (1 h left that day), 30/4 and 1/5 are holidays, resumed Thursday 2/5 at 08:30.
    const paused = pauseClock({ due: new Date(at("2024-05-06 10:00")), pausedAt: null }, at("2024-04-29 16:00"));
    expect(paused.pausedAt?.toISOString()).toBe("2024-04-29T09:00:00.000Z");
    expect(vn(paused.due)).toBe("2024-05-06T10:00:00+07:00");
    const { clock, pausedMinutes } = resumeClock(standard, paused, at("2024-05-02 08:30"));
    expect(pausedMinutes).toBe(150);
    expect(clock.pausedAt).toBeNull();
    expect(vn(clock.due)).toBe("2024-05-06T14:30:00+07:00");
  });

  it("a clock paused across Tết counts only the working hours on either side", () => {
    const paused = pauseClock({ due: new Date(at("2024-02-20 16:00")), pausedAt: null }, at("2024-02-08 16:00"));
    const { clock, pausedMinutes } = resumeClock(standard, paused, at("2024-02-16 09:00"));
    expect(pausedMinutes).toBe(180);
    expect(vn(clock.due)).toBe("2024-02-21T09:00:00+07:00");
  });

  it("a pause wholly outside working time (a weekend) leaves the due date", () => {
    const paused = pauseClock({ due: new Date(at("2024-03-12 10:00")), pausedAt: null }, at("2024-03-08 17:30"));
    const { clock, pausedMinutes } = resumeClock(standard, paused, at("2024-03-11 06:45"));
    expect(pausedMinutes).toBe(0);
    expect(vn(clock.due)).toBe("2024-03-12T10:00:00+07:00");
  });

  it("a due date at closing time moves into the next working day", () => {
    const paused = pauseClock({ due: new Date(at("2024-03-04 17:00")), pausedAt: null }, at("2024-03-04 09:00"));
    expect(vn(resumeClock(standard, paused, at("2024-03-04 10:00")).clock.due)).toBe("2024-03-05T08:00:00+07:00");
  });

  it("refuses to pause twice, to resume a running clock or to resume before the pause", () => {
    const running = { due: new Date(at("2024-03-12 10:00")), pausedAt: null };
    const paused = pauseClock(running, at("2024-03-05 10:00"));
    expect(() => pauseClock(paused, at("2024-03-05 11:00"))).toThrow(ClockStateError);
    expect(() => resumeClock(standard, running, at("2024-03-05 11:00"))).toThrow(ClockStateError);
    expect(() => resumeClock(standard, paused, at("2024-03-05 09:00"))).toThrow(ClockStateError);
  });
});

describe("working time between instants and added to one", () => {
  it.each([
    ["2024-03-04 10:00", "2024-03-05 10:00", 480],
    ["2024-03-04 11:00", "2024-03-04 14:00", 60],
    ["2024-03-08 16:00", "2024-03-11 08:00", 120],
    ["2024-04-29 16:00", "2024-05-02 08:30", 150],
    ["2024-03-05 10:00", "2024-03-04 10:00", 0],
  ])("%s → %s: %i minutes", (from, to, minutes) => {
    expect(workingMinutesBetween(standard, at(from), at(to))).toBe(minutes);
  });

  it("adds zero minutes as a normalisation and refuses negative time", () => {
    expect(vn(addWorkingTime(standard, at("2024-03-04 12:00"), 0))).toBe("2024-03-04T13:30:00+07:00");
    expect(() => addWorkingTime(standard, at("2024-03-04 12:00"), -1)).toThrow(RangeError);
  });
});

describe("limits of the model", () => {
  it("refuses to compute beyond the loaded dates rather than ignore holidays it does not know", () => {
    const cal = calendar({ from: "2024-01-01", to: "2024-12-31" });
    expect(() => dueDate(cal, { receivedAt: at("2024-12-31 16:00"), amount: 2, unit: "working_days" })).toThrow(OutsideCalendarError);
    try {
      dueDate(cal, { receivedAt: at("2024-12-31 16:00"), amount: 2, unit: "working_days" });
    } catch (error) {
      expect((error as OutsideCalendarError).date).toBe("2025-01-01");
    }
  });

  it("stops when there is no working time at all", () => {
    const closed: OfficeHours = { validFrom: "2000-01-01", week: { 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: [] }, sameDayCutoff: 900 };
    expect(officeHoursProblems(closed)).toEqual(["noSessions"]);
    const cal = calendar({ officeHours: [closed], from: "2000-01-01", to: "2099-12-31" });
    expect(() => nextWorkingInstant(cal, at("2024-03-04 09:00"))).toThrow(NoWorkingTimeError);
  });

  it("finds problems in office hours as entered", () => {
    const bad: OfficeHours = {
      validFrom: "2024-01-01",
      week: { ...DEFAULT_OFFICE_HOURS.week, 1: [{ start: 600, end: 500 }], 2: [{ start: 420, end: 700 }, { start: 690, end: 1000 }] },
      sameDayCutoff: 2000,
    };
    expect(officeHoursProblems(bad)).toEqual(["session:1:0", "overlap:2:1", "cutoff"]);
    expect(officeHoursProblems(DEFAULT_OFFICE_HOURS)).toEqual([]);
  });

  it.each([
    [0, "working_days"],
    [-1, "working_hours"],
    [0.3, "working_days"],
    [1.5, "calendar_days"],
    [2, "same_day"],
    [0.001, "working_hours"],
    [Number.NaN, "working_hours"],
  ] as const)("refuses the amount %s of %s", (amount, unit) => {
    expect(amountProblem(amount, unit)).toBe("amount");
    expect(() => dueDate(standard, { receivedAt: at("2024-03-04 09:00"), amount, unit })).toThrow(RangeError);
  });

  it("says which years a computation needs", () => {
    expect(yearsToLoad(at("2024-12-30 10:00"), 20, "working_days")).toEqual({ from: 2024, to: 2026 });
    expect(yearsToLoad(at("2024-03-04 10:00"), 1, "same_day")).toEqual({ from: 2024, to: 2026 });
    expect(yearsToLoad(at("2024-03-04 10:00"), 800, "calendar_days")).toEqual({ from: 2024, to: 2028 });
  });
});
