import { describe, expect, it } from "vitest";
import { parseQueueFilter, parseSelection, parseVietnameseDate, queueFlags, queueScopeOf, searchTerms, startOfVietnameseDay } from "./queue";

const NOW = new Date("2026-12-01T02:00:00Z");
const at = (h: number) => new Date(NOW.getTime() + h * 3_600_000).toISOString();

describe("the queue's filters", () => {
  it("reads dd/mm/yyyy dates, real calendar days only", () => {
    expect(parseVietnameseDate("05/02/2026")).toBe("2026-02-05");
    expect(parseVietnameseDate(" 5/2/2026 ")).toBe("2026-02-05");
    expect(parseVietnameseDate("29/02/2028")).toBe("2028-02-29");
    for (const bad of ["29/02/2026", "31/04/2026", "2026-02-05", "05/13/2026", "05/02/26", "x"]) expect(parseVietnameseDate(bad)).toBeNull();
  });

  it("turns a Vietnamese day into the UTC instant it starts at", () => {
    expect(startOfVietnameseDay("2026-11-26")).toBe("2026-11-25T17:00:00.000Z");
    expect(startOfVietnameseDay("2026-12-31", 1)).toBe("2026-12-31T17:00:00.000Z");
  });

  it("keeps what it understands, drops unknown values and reports unreadable dates", () => {
    const p = parseQueueFilter(new URLSearchParams("tab=held&procedure=1.001193&status=4&channel=in_person&from=01/11/2026&to=30/11/2026&q=%20Lò%20Mai&page=3"));
    expect(p.filter).toEqual({ tab: "held", procedure: "1.001193", status: 4, channel: "in_person", from: "2026-11-01", to: "2026-11-30", q: "Lò Mai", page: 3 });
    expect(p.errors).toEqual({});
    const bad = parseQueueFilter(new URLSearchParams("tab=nope&status=11&channel=fax&from=31/02/2026&to=x&page=-1&procedure=a%27b"));
    expect(bad.filter).toEqual({ tab: "waiting", page: 1 });
    expect(bad.errors).toEqual({ from: "office:errors.date", to: "office:errors.date" });
    expect(bad.values.from).toBe("31/02/2026");
    const order = parseQueueFilter(new URLSearchParams("from=02/11/2026&to=01/11/2026"));
    expect(order.errors).toEqual({ to: "office:errors.dateOrder" });
    expect(order.filter).toEqual({ tab: "waiting", page: 1, from: "2026-11-02" });
    expect(parseQueueFilter(new URLSearchParams("q=%20...%20")).filter.q).toBeUndefined();
  });

  it("searches a code by prefix (upper case) and a name by its folded words", () => {
    expect(searchTerms("000.01.01.h22-2611")).toEqual({ codePrefix: "000.01.01.H22-2611", nameTokens: [] });
    expect(searchTerms("Đặng  VĂN đức")).toEqual({ codePrefix: null, nameTokens: ["dang", "van", "duc"] });
  });
});

describe("the queue's flags", () => {
  const row = (r: Partial<Parameters<typeof queueFlags>[0]>) => queueFlags({ status: 4, stepDueAt: null, dueAt: null, pausedAt: null, ...r }, NOW);
  it("flags overdue steps and dossiers, steps due within 24 hours, and paused dossiers", () => {
    expect(row({ stepDueAt: at(-1) })).toEqual(["overdue"]);
    expect(row({ stepDueAt: at(30), dueAt: at(-1) })).toEqual(["overdue"]);
    expect(row({ stepDueAt: at(24) })).toEqual(["dueSoon"]);
    expect(row({ stepDueAt: at(24.01) })).toEqual([]);
    expect(row({})).toEqual([]);
    expect(row({ status: 5, pausedAt: at(-3) })).toEqual(["paused"]);
    expect(row({ status: 6 })).toEqual(["paused"]);
    expect(row({ status: 10, dueAt: at(-100) })).toEqual([]);
  });
});

describe("the queue's scope and selections", () => {
  it("lists the agencies of each queue role and ignores other roles", () => {
    const scope = queueScopeOf({ kind: "official", userId: "u", roles: [{ agencyId: "a", role: "handler" }, { agencyId: "b", role: "approver" }, { agencyId: "a", role: "receiving_officer" }, { agencyId: "c", role: "catalog_admin" }] });
    expect(scope).toEqual({ byRole: { receiving_officer: ["a"], handler: ["a"], approver: ["b"] }, readAgencies: ["a", "b"] });
    expect(queueScopeOf({ kind: "citizen", userId: "u", actingFor: null }).readAgencies).toEqual([]);
  });

  it("reads '<id>:<version>' and nothing else", () => {
    expect(parseSelection("0192f0c4-0000-7000-8000-00000000000A:3")).toEqual({ id: "0192f0c4-0000-7000-8000-00000000000a", version: 3 });
    for (const bad of ["x:1", "0192f0c4-0000-7000-8000-000000000000", "0192f0c4-0000-7000-8000-000000000000:-1", "0192f0c4-0000-7000-8000-000000000000:1;drop"]) expect(parseSelection(bad)).toBeNull();
  });
});
