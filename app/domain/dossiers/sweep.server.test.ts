import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { engines } from "../../../db/testing";
import { applyAction } from "./back-office.server";
import { capturingServices, dossierRow, fileAndMove, NOW, officialAt, provinceDatabase, realServices } from "./back-office.fixture.server";
import type { OfficialAlertInput } from "./back-office.seams";
import { officialNotifications } from "./notices.server";
import { pdfText } from "./pdf-text.test-helper";
import { rolesHoldingStep, runSweep, type SweepReport } from "./sweep.server";

// The back office's timers on both databases (issue 6): each kind of work once, nothing on a second pass, two passes at
// once doing everything once, a failed alert leaving no mark, an expired supplementation closed by the engine.

// NOW (Tuesday 1 December 2026, 09:00 in Hà Giang) is the sweep's clock.
const HOUR = 3_600_000;
const from = (hours: number) => new Date(NOW.getTime() + hours * HOUR).toISOString();
const EMPTY: Omit<SweepReport, "failures"> = { warned: 0, flaggedOverdue: 0, apologyPrompts: 0, supplementsExpired: 0, unaddressed: 0 };

it("knows which official roles hold a step", () => {
  expect(rolesHoldingStep("receive")).toEqual(["receiving_officer"]);
  expect(rolesHoldingStep("return")).toEqual(["receiving_officer"]);
  expect(rolesHoldingStep("handle")).toEqual(["handler"]);
  expect(rolesHoldingStep("cooperate")).toEqual(["handler"]);
  expect(rolesHoldingStep("approve")).toEqual(["approver"]);
});

describe.each(engines)("sweep on %s", (engine) => {
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers) await close();
  });

  /** A fresh province with the catalog, officials at the receiving and deciding agencies, and recording services. */
  async function world(options: { failAlertFor?: Set<string>; realAlerts?: boolean; real?: boolean } = {}) {
    const p = await provinceDatabase(engine);
    closers.push(p.close);
    const { db } = p;
    const services = capturingServices(options);
    const { alerts, forms, notices } = services;
    // With `real`, the sweep runs with the real forms and notices (the recording services are left unused).
    const real = options.real ? await realServices(p.dir) : null;

    const receiver = await officialAt(db, p.centre, ["receiving_officer"]);
    const handlers = [await officialAt(db, p.justice, ["handler"]), await officialAt(db, p.justice, ["handler"])];
    const approver = await officialAt(db, p.justice, ["approver"]);
    // Someone who must never hear of these dossiers: a handler of the receiving agency.
    await officialAt(db, p.centre, ["handler"]);

    const dossier = (id: string) => dossierRow(db, id);

    /** A dossier submitted two days before NOW; accepted by the receiver (status 2), forwarded to the handlers (4)… */
    async function make(to: "accepted" | "handling" | "supplementing") {
      const { id } = await fileAndMove(p, services, to, { receiver, handler: handlers[0]! }, { filed: new Date(NOW.getTime() - 49 * HOUR), moved: new Date(NOW.getTime() - 48 * HOUR) });
      // Nothing is due soon unless the test says so.
      await setDue(id, { step: from(240), dossier: from(240) });
      return id;
    }

    /** Test fixture: move the open step's and the dossier's deadlines (no status is written). */
    async function setDue(id: string, due: { step?: string; dossier?: string }) {
      const d = await dossier(id);
      if (due.step !== undefined) {
        await db.updateTable("dossier_steps").set({ due_at: due.step }).where("id", "=", d.step_id!).execute();
        await db.updateTable("dossiers").set({ step_due_at: due.step }).where("id", "=", id).execute();
      }
      if (due.dossier !== undefined) await db.updateTable("dossiers").set({ due_at: due.dossier }).where("id", "=", id).execute();
    }
    const openStep = async (id: string) => db.selectFrom("dossier_steps").selectAll().where("id", "=", (await dossier(id)).step_id!).executeTakeFirstOrThrow();
    const sweep = (o: { now?: Date; batch?: number } = {}) => runSweep(db, real?.services ?? services, {}, { now: o.now ?? NOW, batch: o.batch });

    return { db, readBlob: real?.readBlob, alerts, forms, notices, receiver, handlers, approver, centre: p.centre, justice: p.justice, make, setDue, dossier, openStep, sweep };
  }
  type World = Awaited<ReturnType<typeof world>>;

  /** The four situations, one dossier each, and a few that must be left alone. */
  async function scenario(w: World) {
    const dueSoon = await w.make("handling");
    await w.setDue(dueSoon, { step: from(2) });
    const overdue = await w.make("accepted"); // held by the receiver who accepted it
    await w.setDue(overdue, { step: from(-1) });
    const late = await w.make("handling");
    await w.setDue(late, { dossier: from(3) });
    const expired = await w.make("supplementing");
    await w.db.updateTable("dossier_supplements").set({ respond_by: from(-1) }).where("dossier_id", "=", expired).execute();
    // Left alone: a step due in 26 h; a supplementation still within its period (its step past due: the clock is
    // stopped); a dossier already rescheduled by an apology letter.
    const later = await w.make("handling");
    await w.setDue(later, { step: from(26) });
    const waiting = await w.make("supplementing");
    await w.db.updateTable("dossier_supplements").set({ respond_by: from(1) }).where("dossier_id", "=", waiting).execute();
    await w.setDue(waiting, { step: from(-5), dossier: from(-5) });
    const rescheduled = await w.make("handling");
    await w.setDue(rescheduled, { dossier: from(-2) });
    await w.db.updateTable("dossiers").set({ rescheduled_due_at: from(72) }).where("id", "=", rescheduled).execute();
    return { dueSoon, overdue, late, expired, later, waiting, rescheduled };
  }

  it("warns, flags, prompts the apology and closes each once, to the officials concerned, and nothing on a second pass", async () => {
    const w = await world();
    const d = await scenario(w);
    const handlerIds = w.handlers.map((h) => h.userId).sort();

    expect(await w.sweep()).toEqual({ warned: 1, flaggedOverdue: 1, apologyPrompts: 1, supplementsExpired: 1, unaddressed: 0, failures: [] });
    const byKind = (kind: OfficialAlertInput["kind"]) => w.alerts.filter((a) => a.kind === kind).map((a) => ({ dossierId: a.dossierId, userIds: [...a.userIds].sort() }));
    // Nobody holds the handle step: every handler of the deciding agency (not the receiving agency's handler).
    expect(byKind("stepDueSoon")).toEqual([{ dossierId: d.dueSoon, userIds: handlerIds }]);
    // The receive step is held by the official who accepted it: only them.
    expect(byKind("stepOverdue")).toEqual([{ dossierId: d.overdue, userIds: [w.receiver.userId] }]);
    expect(byKind("apologyNeeded")).toEqual([{ dossierId: d.late, userIds: handlerIds }]);
    expect(w.alerts.every((a) => a.now === NOW)).toBe(true);

    expect(await w.openStep(d.dueSoon)).toMatchObject({ warned_at: NOW.toISOString(), overdue_at: null });
    expect(await w.openStep(d.overdue)).toMatchObject({ overdue_at: NOW.toISOString(), warned_at: null });
    expect(await w.dossier(d.late)).toMatchObject({ apology_prompted_at: NOW.toISOString(), status: 4, rescheduled_due_at: null });
    expect(await w.openStep(d.later)).toMatchObject({ warned_at: null, overdue_at: null });
    expect(await w.openStep(d.waiting)).toMatchObject({ warned_at: null, overdue_at: null });
    expect(await w.dossier(d.waiting)).toMatchObject({ status: 5, apology_prompted_at: null });
    expect(await w.dossier(d.rescheduled)).toMatchObject({ apology_prompted_at: null });

    // The expired supplementation: refused by the engine as the system, with its history row, form and notice.
    expect(await w.dossier(d.expired)).toMatchObject({ status: 3, waiting_for: null, step_id: null, paused_at: null, assignee_id: null });
    const history = await w.db.selectFrom("dossier_events").selectAll().where("dossier_id", "=", d.expired).orderBy("at").orderBy("id").execute();
    expect(history.at(-1)).toMatchObject({ status_from: 5, status_to: 3, actor_type: "system", actor_id: null, note_key: "history.supplementExpired", at: NOW.toISOString() });
    expect(JSON.parse(history.at(-1)!.note_params!)).toMatchObject({ reasons: ["supplementMissed"] });
    expect(await w.db.selectFrom("dossier_supplements").select("closed").where("dossier_id", "=", d.expired).executeTakeFirstOrThrow()).toEqual({ closed: "expired" });
    expect(w.forms.filter((f) => f.dossierId === d.expired && f.kind === "refusal")).toMatchObject([{ actorId: null, eventId: history.at(-1)!.id }]);
    expect(w.notices.filter((n) => n.dossierId === d.expired).at(-1)).toMatchObject({ kind: "refused", eventId: history.at(-1)!.id });

    // Nothing is done twice: the same instant, and half an hour later (the warned step is not warned again).
    const count = w.alerts.length;
    expect(await w.sweep()).toEqual({ ...EMPTY, failures: [] });
    expect(await w.sweep({ now: new Date(NOW.getTime() + HOUR / 2) })).toEqual({ ...EMPTY, failures: [] });
    expect(w.alerts).toHaveLength(count);

    // Time passes: the warned step becomes overdue (flagged once), the step due in 26 h is warned; the supplementation
    // still within its period has run out three hours later.
    const next = await w.sweep({ now: new Date(NOW.getTime() + 3 * HOUR) });
    expect(next).toMatchObject({ warned: 1, flaggedOverdue: 1, supplementsExpired: 1, apologyPrompts: 0, failures: [] });
    expect(w.alerts.slice(count).map((a) => [a.kind, a.dossierId])).toEqual([
      ["stepOverdue", d.dueSoon],
      ["stepDueSoon", d.later],
    ]);
    expect(await w.dossier(d.waiting)).toMatchObject({ status: 3 });
  });

  it("two sweeps at once: every alert and every closure happens once", async () => {
    const w = await world();
    const d = await scenario(w);
    // More than a batch of each, so the passes interleave.
    const more = [];
    for (let i = 0; i < 3; i++) {
      const id = await w.make("handling");
      await w.setDue(id, { step: from(-2 - i), dossier: from(1 + i) });
      more.push(id);
    }
    const [a, b] = await Promise.all([w.sweep({ batch: 2 }), w.sweep({ batch: 2 })]);
    expect(a.failures).toEqual([]);
    expect(b.failures).toEqual([]);
    const total = (k: "warned" | "flaggedOverdue" | "apologyPrompts" | "supplementsExpired") => a[k] + b[k];
    expect({ warned: total("warned"), flaggedOverdue: total("flaggedOverdue"), apologyPrompts: total("apologyPrompts"), supplementsExpired: total("supplementsExpired") }).toEqual({
      warned: 1,
      flaggedOverdue: 1 + more.length,
      apologyPrompts: 1 + more.length,
      supplementsExpired: 1,
    });
    const seen = w.alerts.map((x) => `${x.kind}:${x.dossierId}`);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(2 + 2 * more.length + 1);
    // In-app rows: one per official and alert.
    const rows = await w.db.selectFrom("notifications").select(["kind", "dossier_id", "user_id"]).where("kind", "in", ["stepDueSoon", "stepOverdue", "apologyNeeded"]).execute();
    expect(new Set(rows.map((r) => `${r.kind}:${r.dossier_id}:${r.user_id}`)).size).toBe(rows.length);
    // The engine closed the dossier once: one history row, one refusal form, one notice.
    const closures = await w.db.selectFrom("dossier_events").select("id").where("dossier_id", "=", d.expired).where("note_key", "=", "history.supplementExpired").execute();
    expect(closures).toHaveLength(1);
    expect(w.forms.filter((f) => f.dossierId === d.expired && f.kind === "refusal")).toHaveLength(1);
    expect(w.notices.filter((n) => n.dossierId === d.expired && n.kind === "refused")).toHaveLength(1);
  });

  it("an alert that fails leaves no mark: the next sweep alerts; an official writes the apology letter once prompted", async () => {
    const failing = new Set<string>();
    const w = await world({ failAlertFor: failing });
    const late = await w.make("handling");
    await w.setDue(late, { dossier: from(-1), step: from(-1) });
    failing.add(late);
    const first = await w.sweep();
    expect(first).toMatchObject({ flaggedOverdue: 0, apologyPrompts: 0 });
    expect(first.failures.map((f) => [f.kind, f.id, f.message])).toEqual([
      ["overdue", (await w.openStep(late)).id, "alerts unavailable"],
      ["apology", late, "alerts unavailable"],
    ]);
    expect(await w.openStep(late)).toMatchObject({ overdue_at: null });
    expect(await w.dossier(late)).toMatchObject({ apology_prompted_at: null });
    const alertRows = () => w.db.selectFrom("notifications").select("kind").where("dossier_id", "=", late).where("kind", "in", ["stepOverdue", "apologyNeeded"]).execute();
    expect(await alertRows()).toEqual([]);

    failing.clear();
    expect(await w.sweep()).toMatchObject({ flaggedOverdue: 1, apologyPrompts: 1, failures: [] });
    expect(await alertRows()).toHaveLength(4); // two handlers, two alerts
    const prompt = w.alerts.find((a) => a.kind === "apologyNeeded" && a.dossierId === late)!;
    expect([...prompt.userIds].sort()).toEqual(w.handlers.map((h) => h.userId).sort());

    // The prompted official writes the letter through the engine's `apologize` action: the dossier is rescheduled and
    // is not prompted again.
    const handler = w.handlers[0]!;
    const version = (await w.dossier(late)).version;
    const apology = await applyAction(w.db, { issueForm: async () => "f", notifyApplicant: async () => {}, alertOfficials: async () => {}, signResult: async () => ({ ok: false, reason: "signingUnavailable" }) }, {}, {
      actor: handler,
      dossier: { id: late },
      action: "apologize",
      version,
      params: { reason: "Cần xác minh thêm", newDueAt: from(72) },
      now: NOW,
    });
    expect(apology).toMatchObject({ ok: true, status: 4 });
    expect(await w.dossier(late)).toMatchObject({ rescheduled_due_at: from(72) });
    expect(await w.sweep({ now: new Date(NOW.getTime() + 2 * HOUR) })).toEqual({ ...EMPTY, failures: [] });
  });

  it("the officials see the sweep's alerts among their notifications (notices.server's alertOfficials)", async () => {
    const w = await world({ realAlerts: true });
    const late = await w.make("handling");
    await w.setDue(late, { dossier: from(-1), step: from(-1) });
    expect(await w.sweep()).toMatchObject({ flaggedOverdue: 1, apologyPrompts: 1, failures: [] });
    const code = (await w.dossier(late)).code;
    for (const handler of w.handlers) {
      const seen = await officialNotifications(w.db, handler.userId);
      expect(seen.map((n) => [n.kind, n.code, n.unread]).sort()).toEqual([
        ["office.apologyNeeded", code, true],
        ["office.stepOverdue", code, true],
      ]);
    }
    expect(await officialNotifications(w.db, w.receiver.userId)).toEqual([]);
  });

  it("with the real forms and notices: the expired supplementation's refusal (Mẫu 03) is stored and the applicant is told", async () => {
    const w = await world({ real: true });
    const expired = await w.make("supplementing");
    await w.db.updateTable("dossier_supplements").set({ respond_by: from(-1) }).where("dossier_id", "=", expired).execute();
    expect(await w.sweep()).toMatchObject({ supplementsExpired: 1, failures: [] });
    const { code } = await w.dossier(expired);
    const event = await w.db.selectFrom("dossier_events").select("id").where("dossier_id", "=", expired).where("note_key", "=", "history.supplementExpired").executeTakeFirstOrThrow();
    const refusal = await w.db.selectFrom("dossier_issued_documents").selectAll().where("dossier_id", "=", expired).where("kind", "=", "refusal").executeTakeFirstOrThrow();
    expect(refusal).toMatchObject({ event_id: event.id, audience: "applicant", created_by: null });
    expect(pdfText(await w.readBlob!(refusal.sha256))).toContain(code);
    expect(await w.db.selectFrom("mail_outbox").select("id").where("dossier_event_id", "=", event.id).execute()).not.toEqual([]);
    expect(await w.db.selectFrom("sms_outbox").select("id").where("dossier_event_id", "=", event.id).execute()).toHaveLength(1);
    expect(await w.sweep()).toEqual({ ...EMPTY, failures: [] });
  });

  it("a dossier with nobody to alert is marked and counted", async () => {
    const w = await world();
    const id = await w.make("handling");
    await w.setDue(id, { step: from(5) });
    await w.db.deleteFrom("official_roles").where("agency_id", "=", w.justice).where("role", "=", "handler").execute();
    expect(await w.sweep()).toMatchObject({ warned: 1, unaddressed: 1, failures: [] });
    expect(w.alerts).toEqual([]);
    expect(await w.openStep(id)).toMatchObject({ warned_at: NOW.toISOString() });
  });

  it.runIf(engine === "sqlite")("reads the apology candidates through the partial index", async () => {
    const w = await world();
    const plan = await sql<{ detail: string }>`explain query plan select d.id from dossiers as d where d.status in (2, 4, 6) and d.rescheduled_due_at is null and d.apology_prompted_at is null and d.due_at is not null and d.due_at <= ${from(24)} order by d.due_at`.execute(w.db);
    expect(plan.rows.map((r) => r.detail).join(" ")).toContain("dossiers_apology_due");
  });
});
