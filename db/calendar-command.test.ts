import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { planCalendarCommand, runCalendarCommand } from "./calendar-command";
import { seedCalendar } from "./seed/calendar";
import { engines, freshDatabase, migratedDatabase } from "./testing";

const root = fileURLToPath(new URL("..", import.meta.url));

describe("the calendar command's arguments", () => {
  it.each([
    [[], /Usage:/],
    [["weekdays"], /Unknown command "weekdays"/],
    [["due", "2026-03-02T14:00", "5"], /due takes three arguments/],
    [["due", "tomorrow", "5", "working_days"], /start: Enter a date and time like 2026-03-02T14:00/],
    [["due", "2026-02-30T14:00", "5", "working_days"], /start: Enter a date and time/],
    [["due", "2026-03-02T14:00", "five", "working_days"], /amount: Enter a positive time limit/],
    [["due", "2026-03-02T14:00", "0.3", "working_days"], /amount: Enter a positive time limit/],
    [["due", "2026-03-02T14:00", "2", "same_day"], /amount: Enter a positive time limit/],
    [["due", "2026-03-02T14:00", "5", "weeks"], /unit: The unit must be working_days, calendar_days, working_hours or same_day/],
    [["holidays"], /year: Enter a year from 2000 to 2099/],
    [["holidays", "1999"], /year: Enter a year from 2000 to 2099/],
    [["holidays", "twenty"], /year: Enter a year from 2000 to 2099/],
  ])("%j → exit 2 with a message", async (args, message) => {
    const plan = await planCalendarCommand(args);
    expect(plan.kind).toBe("bad");
    if (plan.kind !== "bad") return;
    expect(plan.result.code).toBe(2);
    expect(plan.result.stderr).toMatch(message);
    expect(plan.result.stderr).toContain("npm run -s calendar -- due <ISO start> <amount> <unit>");
    expect(plan.result.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it("reads a start without an offset as Vietnam time", async () => {
    const plan = await planCalendarCommand(["due", "2026-03-02T14:00", "1.5", "working_days"]);
    expect(plan).toEqual({ kind: "due", receivedAt: new Date("2026-03-02T07:00:00Z"), amount: 1.5, unit: "working_days" });
  });
});

describe.each(engines)("the calendar command on %s", (engine) => {
  it("prints a due date and a year's dates as JSON", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await seedCalendar(db);
      const due = await runCalendarCommand(db, ["due", "2024-02-08T15:00", "2", "working_days"]);
      expect(due.code).toBe(0);
      expect(JSON.parse(due.stdout)).toEqual({
        receivedAt: "2024-02-08T15:00:00+07:00",
        countsFrom: "2024-02-08T15:00:00+07:00",
        due: "2024-02-19T15:00:00+07:00",
        amount: 2,
        unit: "working_days",
        yearsWithoutHolidays: [],
      });
      const sameDay = JSON.parse((await runCalendarCommand(db, ["due", "2024-03-04T14:59", "1", "same_day"])).stdout) as { due: string };
      expect(sameDay.due).toBe("2024-03-04T17:00:00+07:00");

      const holidays = await runCalendarCommand(db, ["holidays", "2025"]);
      expect(holidays.code).toBe(0);
      const parsed = JSON.parse(holidays.stdout) as { year: number; days: { date: string; kind: string; name: string; source: string }[] };
      expect(parsed.year).toBe(2025);
      expect(parsed.days.map((d) => d.date)).toEqual([
        "2025-01-01", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-02-01", "2025-02-03",
        "2025-04-07", "2025-04-30", "2025-05-01", "2025-09-01", "2025-09-02",
      ]);
      expect(parsed.days[6]).toEqual({ date: "2025-02-03", kind: "non_working", name: "Nghỉ bù Tết Nguyên đán", source: "seed" });

      const late = await runCalendarCommand(db, ["due", "2060-03-01T09:00", "1", "working_days"]);
      expect(late.stderr).toMatch(/no non-working dates for 2060/);
    } finally {
      await close();
    }
  });

  it("says what to do on a database without the calendar", async () => {
    const { db, close } = await freshDatabase(engine);
    try {
      const result = await runCalendarCommand(db, ["holidays", "2026"]);
      expect(result).toEqual({ code: 1, stdout: "", stderr: "The database has no working calendar yet: run npm run db:migrate, then npm run db:seed.\n" });
    } finally {
      await close();
    }
  });
});

describe("npm run -s calendar", () => {
  it("exits with 2 and a message, not a stack trace, on bad input", async () => {
    const run = promisify(execFile);
    const error = await run("npx", ["tsx", "db/calendar-cli.ts", "due", "2026-13-01", "1", "same_day"], { cwd: root, env: { ...process.env, DATABASE_URL: ":memory:" } }).catch(
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(error).toMatchObject({ code: 2, stdout: "" });
    expect((error as { stderr: string }).stderr).toMatch(/^start: Enter a date and time/);
    expect((error as { stderr: string }).stderr).not.toMatch(/Error|\n\s+at /);
  }, 30_000);
});
