import { describe, expect, it } from "vitest";
import { isCalendarDay, presetPeriod, presetQueryString, readStatisticsQuery, statisticsQueryString } from "./statistics-query";

// The statistics filter in the URL: the GET form's date boxes and the compact links say the same filter; presets;
// errors name the box to fix and keep figures on the page (this year, the province).

const q = (s: string) => readStatisticsQuery(new URLSearchParams(s), "2026-11-30");

describe("the statistics filter in the URL", () => {
  it("defaults to this year up to today for the province", () => {
    expect(q("")).toEqual({
      ok: true,
      filter: { from: "2026-01-01", to: "2026-11-30", agencyId: null, field: null, procedureCode: null, channel: null, onlineLevel: null },
      values: { fromDay: "1", fromMonth: "1", fromYear: "2026", toDay: "30", toMonth: "11", toYear: "2026", agency: "", field: "", procedure: "", channel: "", level: "" },
    });
  });

  it("reads the form's boxes and the compact link the same way", () => {
    const form = q("from-day=1&from-month=3&from-year=2026&to-day=31&to-month=3&to-year=2026&agency=a1&field=HT&procedure=1.001193&channel=online&level=FULL");
    const link = q("from=2026-03-01&to=2026-03-31&agency=a1&field=HT&procedure=1.001193&channel=online&level=FULL");
    expect(form.filter).toEqual({ from: "2026-03-01", to: "2026-03-31", agencyId: "a1", field: "HT", procedureCode: "1.001193", channel: "online", onlineLevel: "FULL" });
    expect(link).toEqual(form);
    expect(statisticsQueryString(form.filter)).toBe("from=2026-03-01&to=2026-03-31&agency=a1&field=HT&procedure=1.001193&channel=online&level=FULL");
    expect(q(statisticsQueryString(form.filter)).filter).toEqual(form.filter);
  });

  it("presets: this year, last year, this quarter, this month; the preset link keeps the other choices", () => {
    expect(presetPeriod("thisYear", "2026-11-30")).toEqual({ from: "2026-01-01", to: "2026-11-30" });
    expect(presetPeriod("lastYear", "2026-11-30")).toEqual({ from: "2025-01-01", to: "2025-12-31" });
    expect(presetPeriod("thisQuarter", "2026-11-30")).toEqual({ from: "2026-10-01", to: "2026-11-30" });
    expect(presetPeriod("thisQuarter", "2026-02-03")).toEqual({ from: "2026-01-01", to: "2026-02-03" });
    expect(presetPeriod("thisMonth", "2026-11-30")).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(q("period=lastYear&channel=post").filter).toMatchObject({ from: "2025-01-01", to: "2025-12-31", channel: "post" });
    expect(presetQueryString({ from: "2026-01-01", to: "2026-11-30", agencyId: "a1", field: null, procedureCode: null, channel: null, onlineLevel: null }, "thisMonth", "2026-11-30")).toBe("from=2026-11-01&to=2026-11-30&agency=a1");
  });

  it("a wrong box gives an error naming it, and the default filter", () => {
    const bad = q("from-day=31&from-month=2&from-year=2026&to-day=1&to-month=3&to-year=2026");
    expect(bad).toMatchObject({ ok: false, errors: [{ field: "from-day", message: "statistics-pages:errors.badFrom" }], filter: { from: "2026-01-01", to: "2026-11-30" } });
    expect(bad.values).toMatchObject({ fromDay: "31", fromMonth: "2", fromYear: "2026" });
    expect(q("from=2026-05-01&to=2026-04-01")).toMatchObject({ ok: false, errors: [{ field: "to-day", message: "statistics-pages:errors.toBeforeFrom" }] });
    expect(q("from=2021-11-29&to=2026-11-30")).toMatchObject({ ok: false, errors: [{ field: "from-day", message: "statistics-pages:errors.tooLong" }] });
    expect(q("from=2021-11-30&to=2026-11-30")).toMatchObject({ ok: true });
    expect(q("channel=fax")).toMatchObject({ ok: false, errors: [{ field: "channel", message: "statistics-pages:errors.badChoice" }] });
    expect(q("agency=<script>")).toMatchObject({ ok: false, errors: [{ field: "agency" }] });
    expect(isCalendarDay("2026-02-29")).toBe(false);
    expect(isCalendarDay("2028-02-29")).toBe(true);
  });
});
