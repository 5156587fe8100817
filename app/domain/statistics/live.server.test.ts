import { CompiledQuery, type KyselyPlugin, type RootOperationNode } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engines } from "../../../db/testing";
import type { Engine } from "../../platform/db.server";
import { insertCitizen, insertDossier, insertOfficial, NOW, provinceDatabase, type FixtureDossier, type Province } from "../dossiers/back-office.fixture.server";
import { liveView, liveViewFor } from "./live.server";

// The leaders' live view on both databases (issue 10, item 4): a hand-made set of dossiers around the tests' clock
// (Tuesday 1 December 2026, 09:00 in Hà Giang; the Vietnamese day began at 2026-11-30T17:00Z) whose right figures are
// worked out below, and the scope: the agencies where the official holds read:statistics:agency and every agency under
// them (the provincial People's Committee's office 000.00.01.H22 is the parent of the service centre 000.01.01.H22).

const at = (h: number) => new Date(NOW.getTime() + h * 3_600_000).toISOString();

describe.each(engines)("the live view on %s", (engine: Engine) => {
  let p: Province;
  let office: { id: string; code: string };
  let centre: { id: string; code: string };
  let justice: { id: string; code: string };
  let owner: string;
  const codes: Record<string, string> = {};

  beforeAll(async () => {
    p = await provinceDatabase(engine);
    const agency = (code: string) => p.db.selectFrom("agencies").select(["id", "code"]).where("code", "=", code).executeTakeFirstOrThrow();
    [office, centre, justice] = await Promise.all([agency("000.00.01.H22"), agency("000.01.01.H22"), agency("000.00.03.H22")]);
    owner = await insertCitizen(p.db);
    const make = async (name: string, d: Partial<FixtureDossier> & { acceptedAt?: string | null }) => {
      const { acceptedAt, ...rest } = d;
      const row = await insertDossier(p.db, { agency: centre, version: p.record, owner, ...rest });
      if (acceptedAt !== undefined) await p.db.updateTable("dossiers").set({ accepted_at: acceptedAt }).where("id", "=", row.id).execute();
      codes[name] = row.code;
    };
    // The centre (a child of the office).
    await make("A", { status: 4, dueAt: at(-50), acceptedAt: at(-300) }); // overdue by 2 days 2 hours
    await make("B", { status: 2, dueAt: at(-1), acceptedAt: at(-200) }); // overdue by 1 hour
    await make("C", { status: 4, dueAt: at(3), acceptedAt: "2026-11-30T18:00:00.000Z", channel: "online" }); // due soon; accepted at 01:00 today
    await make("D", { status: 4, dueAt: at(23.99), acceptedAt: "2026-12-01T01:00:00.000Z", channel: "in_person" }); // due soon; accepted today
    await make("E", { status: 2, dueAt: at(24), acceptedAt: "2026-12-01T01:30:00.000Z", channel: "post" }); // due at exactly now + 24 h: due soon
    await make("F", { status: 4, dueAt: at(25), acceptedAt: "2026-11-30T16:59:59.000Z", channel: "online" }); // later; accepted 23:59 yesterday
    await make("G", { status: 5, dueAt: at(-10), acceptedAt: at(-100), waitingFor: "applicant" }); // waiting for the applicant (not overdue)
    await make("H", { status: 6, dueAt: at(5), acceptedAt: at(-100), waitingFor: "payment" }); // waiting for a payment (not due soon)
    await make("I", { status: 10, dueAt: at(-500), acceptedAt: at(-600) }); // returned long ago
    await make("J", { status: 1, dueAt: null, acceptedAt: null }); // submitted, not accepted
    await make("K", { status: 9, dueAt: at(-2), acceptedAt: "2026-12-01T00:00:00.000Z", channel: "online" }); // accepted today, result ready: intake only
    await make("L", { status: 4, dueAt: at(0), acceptedAt: at(-100) }); // due right now: overdue by 0
    // The office itself.
    await make("O", { agency: office, status: 4, dueAt: at(-0.5), acceptedAt: "2026-12-01T00:30:00.000Z", channel: "in_person" });
    // The justice department: another branch of the tree.
    await make("M", { agency: justice, status: 4, dueAt: at(-72), acceptedAt: at(-400) });
    await make("N", { agency: justice, status: 2, dueAt: at(10), acceptedAt: "2026-12-01T01:45:00.000Z", channel: "online" });
  }, 60_000);
  afterAll(() => p.close());

  it("counts today's intake, the due soon, the overdue and the waiting of an agency and those under it", async () => {
    const view = await liveView(p.db, { agencyIds: new Set([office.id]), now: NOW });
    expect(view.at).toBe(NOW.toISOString());
    expect(view.agencyCount).toBe(2);
    // Intake today: C (online), D (in person), E (post), K (online), O (in person); F was accepted yesterday.
    expect(view.totals.intake).toEqual({ online: 2, in_person: 2, post: 1, total: 5 });
    // In progress (2, 4): A B C D E F L at the centre, O at the office.
    expect(view.totals.inProgress).toBe(8);
    expect(view.totals.overdue).toBe(4); // A, B, L, O
    expect(view.totals.dueSoon).toBe(3); // C, D, E
    expect(view.totals.waitingApplicant).toBe(1); // G
    expect(view.totals.waitingPayment).toBe(1); // H
    expect(view.agencies.map((a) => [a.agencyId, a.overdue, a.dueSoon, a.inProgress, a.intake.total])).toEqual([
      [centre.id, 3, 3, 7, 4],
      [office.id, 1, 0, 1, 1],
    ]);
    expect(view.agencies[0]!.agencyName).toBe("TTPVHCC");
    expect(view.mostOverdue.map((d) => d.code)).toEqual([codes.A, codes.B, codes.O, codes.L]);
    expect(view.mostOverdue[0]).toMatchObject({ procedureCode: "2.000488", agencyId: centre.id, ms: 50 * 3_600_000 });
    expect(view.mostOverdue[0]!.procedureName).not.toBe("");
    expect(view.mostOverdue.at(-1)!.ms).toBe(0);
    expect(view.dueSoon.map((d) => [d.code, d.ms])).toEqual([
      [codes.C, 3 * 3_600_000],
      [codes.D, Math.round(23.99 * 3_600_000)],
      [codes.E, 24 * 3_600_000],
    ]);
    // Nothing of the justice department.
    const seen = [...view.mostOverdue, ...view.dueSoon].map((d) => d.code);
    expect(seen).not.toContain(codes.M);
    expect(view.agencies.some((a) => a.agencyId === justice.id)).toBe(false);
  });

  it("reads the whole province with 'all', and one agency alone without the agencies above it", async () => {
    const all = await liveView(p.db, { agencyIds: "all", now: NOW });
    expect(all.totals.overdue).toBe(5);
    expect(all.totals.intake.total).toBe(6);
    expect(all.mostOverdue[0]!.code).toBe(codes.M);
    const centreOnly = await liveView(p.db, { agencyIds: new Set([centre.id]), now: NOW });
    expect(centreOnly.agencyCount).toBe(1);
    expect(centreOnly.totals.overdue).toBe(3);
    expect(centreOnly.totals.intake.total).toBe(4);
    expect(centreOnly.mostOverdue.map((d) => d.code)).not.toContain(codes.O);
    const none = await liveView(p.db, { agencyIds: new Set(), now: NOW });
    expect(none.agencies).toEqual([]);
    expect(none.totals.overdue).toBe(0);
  });

  it("gives an official the agencies where they hold read:statistics:agency and those under them, nothing else", async () => {
    const leader = await insertOfficial(p.db, "Lãnh đạo Văn phòng", [{ agencyId: office.id, role: "approver" }]);
    const seen = await liveViewFor(p.db, { actor: leader.actor, now: NOW });
    expect(seen.ok && seen.view.totals.overdue).toBe(4);
    // The office's leader sees the figures of the agencies under it; only its own dossiers are theirs to open.
    if (!seen.ok) throw new Error("expected a view");
    for (const d of seen.view.mostOverdue) expect(d.canOpen).toBe(d.agencyId === office.id);
    expect(seen.view.mostOverdue.some((d) => !d.canOpen)).toBe(true);
    // An approver of the justice department who only handles at the centre sees the department, nothing of the centre.
    const mixed = await insertOfficial(p.db, "Cán bộ hai nơi", [
      { agencyId: justice.id, role: "approver" },
      { agencyId: centre.id, role: "handler" },
    ]);
    const theirs = await liveViewFor(p.db, { actor: mixed.actor, now: NOW });
    if (!theirs.ok) throw new Error("expected a view");
    expect(theirs.view.agencies.map((a) => a.agencyId)).toEqual([justice.id]);
    expect(theirs.view.totals).toMatchObject({ overdue: 1, dueSoon: 1, inProgress: 2 });
    expect(theirs.view.mostOverdue.map((d) => d.code)).toEqual([codes.M]);
    // A handler only, a citizen: no live view at all.
    const handler = await insertOfficial(p.db, "Chuyên viên", [{ agencyId: centre.id, role: "handler" }]);
    expect(await liveViewFor(p.db, { actor: handler.actor, now: NOW })).toEqual({ ok: false, reason: "forbidden" });
    expect(await liveViewFor(p.db, { actor: { kind: "citizen", userId: owner, actingFor: null }, now: NOW })).toEqual({ ok: false, reason: "forbidden" });
  });

  it.runIf(engine === "sqlite")("reads dossiers through the live indexes only (no scan of the table)", async () => {
    const nodes: RootOperationNode[] = [];
    const capture: KyselyPlugin = {
      transformQuery: (args) => (nodes.push(args.node), args.node),
      transformResult: async (args) => args.result,
    };
    await liveView(p.db.withPlugin(capture), { agencyIds: new Set([office.id]), now: NOW });
    const executor = p.db.getExecutor();
    const plans: string[] = [];
    const seen = new Set<string>();
    for (const node of nodes) {
      const compiled = executor.compileQuery(node, { queryId: "live" });
      if (!/from "dossiers"/.test(compiled.sql) || seen.has(compiled.sql)) continue;
      seen.add(compiled.sql);
      const plan = await p.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]));
      plans.push(plan.rows.map((r) => r.detail).join(" | "));
    }
    // Four statements (two with their page as a subquery, captured on its own too).
    expect(plans.length).toBeGreaterThanOrEqual(4);
    for (const plan of plans) expect(plan).not.toMatch(/SCAN (d|dossiers)\b(?! USING)/);
    expect(plans.find((plan) => plan.includes("dossiers_live_intake"))).toContain("dossiers_live_intake (agency_id=? AND accepted_at>? AND accepted_at<?)");
    expect(plans.join(" ")).toContain("dossiers_live_open");
    expect(plans.join(" ")).toContain("dossiers_live_intake");
  });
});
