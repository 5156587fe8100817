import { describe, expect, it } from "vitest";
import { accumulate, buildFact, emptyRollup, bucketOf, contributions, diffContributions, newRollupDelta, timeliness, type Fact, type RawDossier } from "./contributions";
import { figuresOf, percentileOfHistogram, rangeParts } from "./statistics.server";

const base: Fact = {
  dossierId: "d1",
  code: "X-1",
  agencyId: "a",
  branchId: "b",
  procedureCode: "p",
  fieldCode: "f",
  channel: "online",
  onlineLevel: "FULL",
  status: 4,
  acceptedDay: "2026-10-05",
  originalDueDay: "2026-10-10",
  dueDay: "2026-10-10",
  resultDay: null,
  endedDay: null,
  waiting: [],
  withFees: false,
  paidOnline: false,
  digitised: false,
  reused: false,
  resultElectronic: false,
  resolutionDays: null,
  ratingLevel: null,
  ratingDay: null,
  src: { dossierVersion: 1, dossierUpdatedAt: "t", ratingUpdatedAt: null, paymentUpdatedAt: null },
};

/** The stock of a column at the end of day t: the sum of its deltas on days ≤ t. */
const stockAt = (fact: Fact, column: string, day: string) => contributions(fact).filter((c) => c.column === column && c.day <= day).reduce((a, c) => a + c.delta, 0);
const flowIn = (fact: Fact, column: string, from: string, to: string) => contributions(fact).filter((c) => c.column === column && c.day >= from && c.day <= to).reduce((a, c) => a + c.delta, 0);

describe("contributions", () => {
  it("counts a received dossier on its accepted day and keeps it open until it ends", () => {
    expect(flowIn(base, "received_online", "2026-10-05", "2026-10-05")).toBe(1);
    expect(stockAt(base, "open_delta", "2026-10-04")).toBe(0);
    expect(stockAt(base, "open_delta", "2026-10-05")).toBe(1);
    const ended = { ...base, status: 9, endedDay: "2026-10-09", resultDay: "2026-10-09", resolutionDays: 4 };
    expect(stockAt(ended, "open_delta", "2026-10-08")).toBe(1);
    expect(stockAt(ended, "open_delta", "2026-10-09")).toBe(0);
    expect(flowIn(ended, "resolved_early", "2026-10-01", "2026-10-31")).toBe(1);
    expect(flowIn(ended, "resolution_days_sum", "2026-10-01", "2026-10-31")).toBe(4);
    expect(flowIn(ended, "bucket:4", "2026-10-01", "2026-10-31")).toBe(1);
  });

  it("is overdue from the day after the due day while open, and never when it ended by the due day", () => {
    expect(stockAt(base, "overdue_delta", "2026-10-10")).toBe(0);
    expect(stockAt(base, "overdue_delta", "2026-10-11")).toBe(1);
    const late = { ...base, status: 9, endedDay: "2026-10-14", resultDay: "2026-10-14" };
    expect(stockAt(late, "overdue_delta", "2026-10-13")).toBe(1);
    expect(stockAt(late, "overdue_delta", "2026-10-14")).toBe(0);
    const onTime = { ...base, status: 9, endedDay: "2026-10-10", resultDay: "2026-10-10" };
    expect(contributions(onTime).some((c) => c.column === "overdue_delta")).toBe(false);
    const noDue = { ...base, dueDay: null };
    expect(contributions(noDue).some((c) => c.column === "overdue_delta")).toBe(false);
  });

  it("waits from the pause day to the resume day", () => {
    const w = { ...base, waiting: [{ kind: "supplement" as const, from: "2026-10-06", to: "2026-10-08" }, { kind: "payment" as const, from: "2026-10-09", to: null }] };
    expect(stockAt(w, "waiting_supplement_delta", "2026-10-05")).toBe(0);
    expect(stockAt(w, "waiting_supplement_delta", "2026-10-07")).toBe(1);
    expect(stockAt(w, "waiting_supplement_delta", "2026-10-08")).toBe(0);
    expect(stockAt(w, "waiting_payment_delta", "2026-12-31")).toBe(1);
  });

  it("classifies by calendar date against the due day", () => {
    expect(timeliness("2026-10-09", "2026-10-10")).toBe("early");
    expect(timeliness("2026-10-10", "2026-10-10")).toBe("on_time");
    expect(timeliness("2026-10-11", "2026-10-10")).toBe("late");
    expect(timeliness("2026-10-11", null)).toBe("on_time");
    expect(bucketOf(75)).toBe(61);
  });

  it("diffs contributions: a change applies only new − old, and the same fact gives nothing", () => {
    expect(diffContributions(contributions(base), contributions(base))).toEqual([]);
    const moved = { ...base, channel: "post" as const };
    const diff = diffContributions(contributions(base), contributions(moved));
    expect(diff.find((c) => c.column === "received_online")?.delta).toBe(-1);
    expect(diff.find((c) => c.column === "received_post")?.delta).toBe(1);
    const daily = newRollupDelta();
    const monthly = newRollupDelta();
    accumulate(daily, monthly, contributions(base));
    // One row in each cube.
    const month = [...monthly.rows.values()];
    expect(month.map((r) => r.cube).sort()).toEqual(["agency", "agency_field", "all", "branch", "channel", "field", "procedure"]);
    expect(month.find((r) => r.cube === "agency")!.dims).toBe(["a", "", "", "", "online", "FULL"].join("\u0001"));
    expect(month.find((r) => r.cube === "branch")!.dims).toBe(["", "b", "", "", "", ""].join("\u0001"));
    expect(month[0]!.values).toMatchObject({ received_online: 1, open_delta: 1, overdue_delta: 1 });
  });
});

describe("buildFact", () => {
  const raw: RawDossier = {
    id: "d",
    code: "X",
    agencyId: "a",
    branchId: "b",
    procedureCode: "p",
    fieldCode: "f",
    onlineLevel: "PARTIAL",
    channel: "in_person",
    status: 10,
    acceptedAt: null,
    dueAt: "2026-10-20T03:00:00Z",
    resultReadyAt: null,
    version: 5,
    updatedAt: "2026-10-21T03:00:00Z",
    events: [
      { at: "2026-10-05T02:00:00Z", statusFrom: null, statusTo: 1 },
      { at: "2026-10-05T18:00:00Z", statusFrom: 1, statusTo: 2, dueAt: "2026-10-15T03:00:00Z" },
      { at: "2026-10-07T03:00:00Z", statusFrom: 2, statusTo: 5 },
      { at: "2026-10-09T03:00:00Z", statusFrom: 5, statusTo: 4 },
      { at: "2026-10-19T20:00:00Z", statusFrom: 4, statusTo: 9 },
      { at: "2026-10-21T03:00:00Z", statusFrom: 9, statusTo: 10 },
    ],
    payments: [{ state: "paid", total: 10, paidProvider: "vietqr", updatedAt: "x" }],
    documents: 2,
    reusedDocuments: 0,
    electronicResult: true,
    rating: null,
  };

  it("takes the days in Vietnam time and the accepted day from the history when the column is empty", () => {
    const fact = buildFact(raw, () => 7, "now")!;
    // 18:00Z on 5/10 is 01:00 on 6/10 in Vietnam.
    expect(fact).toMatchObject({ acceptedDay: "2026-10-06", originalDueDay: "2026-10-15", dueDay: "2026-10-20", resultDay: "2026-10-20", endedDay: "2026-10-20" });
    expect(fact.waiting).toEqual([{ kind: "supplement", from: "2026-10-07", to: "2026-10-09" }]);
    expect(fact).toMatchObject({ withFees: true, paidOnline: true, digitised: true, reused: false, resultElectronic: true, resolutionDays: 7 });
  });

  it("leaves out dossiers never accepted", () => {
    expect(buildFact({ ...raw, status: 3, events: raw.events.slice(0, 1) }, () => 0, "now")).toBeNull();
    expect(buildFact({ ...raw, status: 1, events: raw.events.slice(0, 1) }, () => 0, "now")).toBeNull();
  });
});

describe("periods", () => {
  it("splits a range into whole months and edge days", () => {
    expect(rangeParts("2026-01-01", "2026-12-31")).toEqual({ months: { from: "2026-01", to: "2026-12" }, days: [] });
    expect(rangeParts("2026-01-15", "2026-03-10")).toEqual({ months: { from: "2026-02", to: "2026-02" }, days: [{ from: "2026-01-15", to: "2026-01-31" }, { from: "2026-03-01", to: "2026-03-10" }] });
    expect(rangeParts("2026-01-15", "2026-01-20")).toEqual({ months: null, days: [{ from: "2026-01-15", to: "2026-01-20" }] });
    expect(rangeParts("2026-01-15", "2026-02-03")).toEqual({ months: null, days: [{ from: "2026-01-15", to: "2026-01-31" }, { from: "2026-02-01", to: "2026-02-03" }] });
    expect(rangeParts("2024-02-01", "2024-02-29")).toEqual({ months: { from: "2024-02", to: "2024-02" }, days: [] });
    expect(rangeParts("2026-02-01", "2026-01-01")).toEqual({ months: null, days: [] });
  });

  it("reads the 90th percentile from the histogram", () => {
    expect(percentileOfHistogram(new Map([[4, 2], [5, 1], [13, 1]]), 0.9)).toBe(13);
    expect(percentileOfHistogram(new Map([[2, 10]]), 0.9)).toBe(2);
    expect(percentileOfHistogram(new Map(), 0.9)).toBeNull();
  });

  it("computes the figures from the stocks at the start and the flows", () => {
    const zero = { open_delta: 0, overdue_delta: 0, waiting_supplement_delta: 0, waiting_payment_delta: 0 };
    const f = figuresOf({ ...zero, open_delta: 3 }, { ...emptyRollup(), received_online: 2, open_delta: 1, overdue_delta: 1, resolved_late: 1 });
    expect(f).toMatchObject({ carriedOver: 3, received: 2, inProgress: 4, inProgressOverdue: 1, inProgressWithinLimit: 3, resolved: 1, resolvedLate: 1 });
  });
});
