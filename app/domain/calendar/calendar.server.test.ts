import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { engines, migratedDatabase } from "../../../db/testing";
import { SEEDED_YEARS, seedCalendar } from "../../../db/seed/calendar";
import type { Actor } from "../access/permissions";
import { auditTrailFor } from "../../platform/audit.server";
import {
  addCalendarDay,
  addOfficeHours,
  calendarDaysOfYear,
  calendarYearView,
  computeDueDate,
  loadWorkingCalendar,
  removeCalendarDay,
  removeOfficeHours,
} from "./calendar.server";
import { statutoryHolidays } from "./holidays";
import { DEFAULT_OFFICE_HOURS, isWorkingDay, type OfficeHours } from "./working-time";

const admin: Actor = { kind: "official", userId: "00000000-0000-7000-8000-00000000000a", roles: [{ agencyId: "agency", role: "system_admin" }] };
const handler: Actor = { kind: "official", userId: "00000000-0000-7000-8000-00000000000b", roles: [{ agencyId: "agency", role: "handler" }] };
const citizen: Actor = { kind: "citizen", userId: "00000000-0000-7000-8000-00000000000c", actingFor: null };
const received = (text: string) => new Date(text);

describe.each(engines)("the working calendar on %s", (engine) => {
  it("is seeded with the statutory holidays of 2000–2050 once; a second run and a removed date change nothing", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      let expected = 0;
      for (let y = SEEDED_YEARS.from; y <= SEEDED_YEARS.to; y++) expected += statutoryHolidays(y).length;
      expect(await seedCalendar(db)).toEqual({ days: expected, officeHours: true });
      expect(await calendarDaysOfYear(db, 2024)).toContainEqual({ date: "2024-02-10", kind: "non_working", name: "Tết Nguyên đán (mùng 1)", source: "seed" });
      expect((await calendarDaysOfYear(db, 2022)).find((d) => d.date === "2022-05-03")?.name).toBe("Nghỉ bù Ngày Quốc tế Lao động (1/5)");

      expect(await removeCalendarDay(db, { actor: admin, date: "2024-09-03" })).toEqual({ ok: true });
      expect(await seedCalendar(db)).toEqual({ days: 0, officeHours: false });
      expect((await calendarDaysOfYear(db, 2024)).map((d) => d.date)).not.toContain("2024-09-03");
      const hours = await db.selectFrom("calendar_office_sessions").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      expect(Number(hours.n)).toBe(10);
    } finally {
      await close();
    }
  });

  it("computes due dates on the stored calendar, across New Year's Day and Tết", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await seedCalendar(db);
      expect(await computeDueDate(db, { receivedAt: received("2024-12-30T10:00:00+07:00"), amount: 20, unit: "working_days" })).toEqual({
        receivedAt: "2024-12-30T10:00:00+07:00",
        countsFrom: "2024-12-30T10:00:00+07:00",
        due: "2025-02-04T10:00:00+07:00",
        amount: 20,
        unit: "working_days",
        yearsWithoutHolidays: [],
      });
      const sameDay = await computeDueDate(db, { receivedAt: received("2024-04-29T15:10:00+07:00"), amount: 1, unit: "same_day" });
      expect(sameDay.due).toBe("2024-05-02T17:00:00+07:00");
      // Beyond the seeded years the calendar has only weekends: the result says so.
      const late = await computeDueDate(db, { receivedAt: received("2052-03-04T09:00:00+07:00"), amount: 3, unit: "working_days" });
      expect(late.yearsWithoutHolidays).toEqual([2052]);
    } finally {
      await close();
    }
  });

  it("lets a system administrator add and remove dates, audited; refuses duplicates and weekday 'extra working days'", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await seedCalendar(db);
      const now = new Date("2026-11-30T03:00:00Z");
      // A provincial day off on Monday 10/3/2031 and the Saturday 15/3/2031 worked in exchange.
      expect(await addCalendarDay(db, { actor: admin, date: "2031-03-10", kind: "non_working", name: "Nghỉ hoán đổi", ip: "192.0.2.1", now })).toEqual({ ok: true });
      expect(await addCalendarDay(db, { actor: admin, date: "2031-03-15", kind: "extra_working", name: "Làm bù cho thứ Hai 10/3", now })).toEqual({ ok: true });
      const calendar = await loadWorkingCalendar(db, 2031, 2031);
      expect(isWorkingDay(calendar, "2031-03-10")).toBe(false);
      expect(isWorkingDay(calendar, "2031-03-15")).toBe(true);
      const due = await computeDueDate(db, { receivedAt: received("2031-03-07T16:00:00+07:00"), amount: 1, unit: "working_days" });
      expect(due.due).toBe("2031-03-11T16:00:00+07:00");

      expect(await addCalendarDay(db, { actor: admin, date: "2031-01-01", kind: "non_working", name: "x" })).toEqual({ ok: false, reason: "invalid", errors: { date: "calendar:errors.alreadyListed" } });
      expect(await addCalendarDay(db, { actor: admin, date: "2031-03-12", kind: "extra_working", name: "x" })).toEqual({ ok: false, reason: "invalid", errors: { date: "calendar:errors.notRestDay" } });
      expect(await addCalendarDay(db, { actor: handler, date: "2031-03-11", kind: "non_working", name: "x" })).toEqual({ ok: false, reason: "forbidden" });
      expect(await addCalendarDay(db, { actor: citizen, date: "2031-03-11", kind: "non_working", name: "x" })).toEqual({ ok: false, reason: "forbidden" });

      expect(await removeCalendarDay(db, { actor: admin, date: "2031-03-15", now })).toEqual({ ok: true });
      expect(await removeCalendarDay(db, { actor: admin, date: "2031-03-15", now })).toEqual({ ok: false, reason: "invalid", errors: { date: "calendar:errors.notListed" } });
      expect(await removeCalendarDay(db, { actor: handler, date: "2031-03-10" })).toEqual({ ok: false, reason: "forbidden" });
      // A removed date can be added again (as the administrator's).
      expect(await addCalendarDay(db, { actor: admin, date: "2031-03-15", kind: "extra_working", name: "Làm bù", now })).toEqual({ ok: true });

      const view = await calendarYearView(db, 2031);
      expect(view.extraWorking).toEqual([{ date: "2031-03-15", kind: "extra_working", name: "Làm bù", source: "admin", weekday: 6 }]);
      expect(view.nonWorking.find((d) => d.date === "2031-03-10")).toEqual({ date: "2031-03-10", kind: "non_working", name: "Nghỉ hoán đổi", source: "admin", weekday: 1 });

      const trail = await auditTrailFor(db, "calendar_day", "2031-03-15");
      expect(trail.map((e) => e.action)).toEqual(["calendar.dayAdded", "calendar.dayRemoved", "calendar.dayAdded"]);
      expect(trail[0]).toMatchObject({ actor_type: "official", actor_id: admin.kind === "official" ? admin.userId : "", details: { kind: "extra_working", name: "Làm bù cho thứ Hai 10/3" } });
      expect((await auditTrailFor(db, "calendar_day", "2031-03-10"))[0]).toMatchObject({ ip: "192.0.2.1" });
    } finally {
      await close();
    }
  });

  it("keeps versions of the office hours: summer hours from a date, never none", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await seedCalendar(db);
      const sessions = [
        { start: 7 * 60 + 30, end: 11 * 60 + 30 },
        { start: 13 * 60 + 30, end: 17 * 60 + 30 },
      ];
      const summer: OfficeHours = { validFrom: "2031-04-15", week: { 1: sessions, 2: sessions, 3: sessions, 4: sessions, 5: sessions, 6: [], 7: [] }, sameDayCutoff: 15 * 60 + 30 };
      expect(await addOfficeHours(db, { actor: admin, hours: summer })).toEqual({ ok: true });
      expect(await addOfficeHours(db, { actor: admin, hours: summer })).toEqual({ ok: false, reason: "invalid", errors: { validFrom: "calendar:errors.validFromTaken" } });
      expect(await addOfficeHours(db, { actor: handler, hours: summer })).toEqual({ ok: false, reason: "forbidden" });
      const view = await calendarYearView(db, 2031);
      expect(view.officeHours.map((h) => [h.validFrom, h.cutoff])).toEqual([
        ["2031-04-15", "15:30"],
        ["2000-01-01", "15:00"],
      ]);
      expect(view.officeHours[0]!.days[0]).toEqual({ weekday: 1, sessions: [{ start: "07:30", end: "11:30" }, { start: "13:30", end: "17:30" }] });
      expect((await computeDueDate(db, { receivedAt: received("2031-04-15T07:10:00+07:00"), amount: 1, unit: "working_hours" })).due).toBe("2031-04-15T08:30:00+07:00");
      expect((await computeDueDate(db, { receivedAt: received("2031-04-14T07:10:00+07:00"), amount: 1, unit: "working_hours" })).due).toBe("2031-04-14T08:10:00+07:00");

      expect(await removeOfficeHours(db, { actor: admin, validFrom: "2000-01-01" })).toEqual({ ok: true });
      expect(await removeOfficeHours(db, { actor: admin, validFrom: "2031-04-15" })).toEqual({ ok: false, reason: "invalid", errors: { validFrom: "calendar:errors.lastVersion" } });
      expect(await removeOfficeHours(db, { actor: admin, validFrom: "2001-01-01" })).toEqual({ ok: false, reason: "invalid", errors: { validFrom: "calendar:errors.hoursNotFound" } });
      // Before its first version, the earliest office hours apply.
      expect((await computeDueDate(db, { receivedAt: received("2030-04-15T07:10:00+07:00"), amount: 1, unit: "working_hours" })).due).toBe("2030-04-15T08:30:00+07:00");
      expect((await auditTrailFor(db, "office_hours", "2000-01-01")).map((e) => e.action)).toEqual(["calendar.officeHoursRemoved"]);
      await expect(addOfficeHours(db, { actor: admin, hours: { ...DEFAULT_OFFICE_HOURS, validFrom: "2032-01-01", sameDayCutoff: 9999 } })).rejects.toThrow(RangeError);
    } finally {
      await close();
    }
  });

  it("falls back to the default office hours on a database that was never seeded", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const calendar = await loadWorkingCalendar(db, 2024, 2024);
      expect(calendar.officeHours).toEqual([DEFAULT_OFFICE_HOURS]);
      expect((await calendarYearView(db, 2024)).nonWorking).toEqual([]);
    } finally {
      await close();
    }
  });

  it("has tables that refuse what the model cannot mean", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await expect(sql`insert into calendar_days (date, kind, name, source, created_at) values ('2024-01-02', 'holiday', 'x', 'seed', 'now')`.execute(db)).rejects.toThrow();
      await expect(sql`insert into calendar_days (date, kind, name, source, created_at) values ('2024-01-02', 'non_working', 'x', 'someone', 'now')`.execute(db)).rejects.toThrow();
      await sql`insert into calendar_office_hours (valid_from, same_day_cutoff, created_at) values ('2024-01-01', '15:00', 'now')`.execute(db);
      await expect(sql`insert into calendar_office_sessions (valid_from, weekday, starts_at, ends_at) values ('2024-01-01', 8, '07:00', '11:00')`.execute(db)).rejects.toThrow();
      await expect(sql`insert into calendar_office_sessions (valid_from, weekday, starts_at, ends_at) values ('2024-01-01', 1, '11:00', '07:00')`.execute(db)).rejects.toThrow();
      await expect(sql`insert into calendar_office_sessions (valid_from, weekday, starts_at, ends_at) values ('2023-01-01', 1, '07:00', '11:00')`.execute(db)).rejects.toThrow();
    } finally {
      await close();
    }
  });
});
