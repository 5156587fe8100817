import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedProvince } from "../../../db/seed/seed";
import { engines, migratedDatabase } from "../../../db/testing";
import type { Db } from "../../platform/db.server";
import { createFileStorage } from "../../platform/storage.server";
import { importCatalog } from "../procedures/catalog.server";
import { fixtureCatalog, fixtureTemplates } from "../procedures/catalog.fixture";
import type { QueueFilter } from "./queue";
import { insertCitizen, insertDossier, insertOfficial, type FixtureDossier } from "./back-office.fixture.server";
import { assignDossiers, officeQueue } from "./queue.server";

// The officials' queue and claim/assign on both databases (issue 6).

const dir = await mkdtemp(join(tmpdir(), "queue-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

const NOW = new Date("2026-12-01T02:00:00Z");
const hours = (h: number) => new Date(NOW.getTime() + h * 3_600_000).toISOString();
const filter = (f: Partial<QueueFilter> = {}): QueueFilter => ({ tab: "waiting", page: 1, ...f });

describe.each(engines)("the officials' queue on %s", (engine) => {
  let db: Db;
  let close: () => Promise<void>;
  let a: { id: string; code: string };
  let b: { id: string; code: string };
  let birth: { id: string; procedureId: string; code: string };
  let record: { id: string; procedureId: string; code: string };
  let owner: string;

  beforeAll(async () => {
    ({ db, close } = await migratedDatabase(engine));
    await seedProvince(db);
    const readFile = async (path: string) => fixtureTemplates[path] ?? new Uint8Array();
    expect((await importCatalog(db, createFileStorage(dir), fixtureCatalog(), { readFile })).ok).toBe(true);
    const versions = await db.selectFrom("procedure_versions as v").innerJoin("procedures as p", "p.id", "v.procedure_id").select(["v.id", "v.procedure_id as procedureId", "p.code"]).execute();
    birth = versions.find((v) => v.code === "1.001193")!;
    record = versions.find((v) => v.code === "2.000488")!;
    const agencies = await db.selectFrom("agencies").select(["id", "code"]).orderBy("code").limit(2).execute();
    [a, b] = [agencies[0]!, agencies[1]!];
    owner = await insertCitizen(db);
  });
  afterAll(() => close());

  const dossier = (d: Partial<FixtureDossier> = {}) => insertDossier(db, { agency: a, version: birth, owner, ...d });

  it("shows only dossiers waiting for my role in my agencies, by step deadline (none last), with flags and counts", async () => {
    const handler = await insertOfficial(db, "Cán bộ Xử Lý", [{ agencyId: a.id, role: "handler" }]);
    const other = await insertOfficial(db, "Cán bộ Khác", [{ agencyId: a.id, role: "handler" }]);
    const late = await dossier({ waitingFor: "handler", stepDueAt: hours(-2), status: 4 });
    const soon = await dossier({ waitingFor: "handler", stepDueAt: hours(5), status: 4 });
    const later = await dossier({ waitingFor: "handler", stepDueAt: hours(72), status: 4, dueAt: hours(-1) });
    const noDue = await dossier({ waitingFor: "handler", stepDueAt: null, status: 4 });
    const mineHeld = await dossier({ waitingFor: "handler", stepDueAt: hours(48), status: 4, assigneeId: handler.id });
    // Not in my queue: other role, other agency, someone else holds it, paused, finished.
    await dossier({ waitingFor: "approver", stepDueAt: hours(1), status: 4 });
    await dossier({ agency: b, waitingFor: "handler", stepDueAt: hours(1), status: 4 });
    await dossier({ waitingFor: "handler", stepDueAt: hours(1), status: 4, assigneeId: other.id });
    const paused = await dossier({ waitingFor: "applicant", stepDueAt: null, status: 5, pausedAt: hours(-24) });
    await dossier({ waitingFor: null, status: 10 });

    const r = await officeQueue(db, { actor: handler.actor, filter: filter(), now: NOW });
    if (!r.ok) throw new Error("refused");
    expect(r.view.rows.map((x) => x.code)).toEqual([late.code, soon.code, mineHeld.code, later.code, noDue.code]);
    expect(r.view.rows.map((x) => x.flags)).toEqual([["overdue"], ["dueSoon"], [], ["overdue"], []]);
    expect(r.view.rows.map((x) => x.claimable)).toEqual([true, true, false, true, true]);
    expect(r.view.rows[0]).toMatchObject({ procedureName: "Đăng ký khai sinh", applicantName: "Lò Thị Mai", assignee: null });
    expect(r.view.rows[2]!.assignee).toEqual({ id: handler.id, fullName: "Cán bộ Xử Lý" });
    expect(r.view.rows[0]!.assignable).toEqual([{ id: other.id, fullName: "Cán bộ Khác" }]);
    expect(r.view.counts.waiting).toEqual({ n: 5, capped: false });
    expect(r.view.counts.held).toEqual({ n: 1, capped: false });
    expect(r.view.counts.paused).toEqual({ n: 1, capped: false });
    expect(r.view.counts.all.n).toBe(9);
    expect(r.view.total).toEqual({ n: 5, capped: false });

    const held = await officeQueue(db, { actor: handler.actor, filter: filter({ tab: "held" }), now: NOW });
    expect(held.ok && held.view.rows.map((x) => x.code)).toEqual([mineHeld.code]);
    const p = await officeQueue(db, { actor: handler.actor, filter: filter({ tab: "paused" }), now: NOW });
    expect(p.ok && p.view.rows.map((x) => [x.code, x.flags])).toEqual([[paused.code, ["paused"]]]);

    // A citizen, or an official without a queue role, has no queue.
    expect(await officeQueue(db, { actor: { kind: "citizen", userId: owner, actingFor: null }, filter: filter(), now: NOW })).toEqual({ ok: false, reason: "forbidden" });
    const admin = await insertOfficial(db, "Quản trị", [{ agencyId: a.id, role: "system_admin" }]);
    expect(await officeQueue(db, { actor: admin.actor, filter: filter(), now: NOW })).toEqual({ ok: false, reason: "forbidden" });
  });

  it("filters by procedure, status, channel, received dates and text (code prefix, name without diacritics); pages of 20", async () => {
    const officer = await insertOfficial(db, "Một Cửa", [{ agencyId: b.id, role: "receiving_officer" }]);
    const x = (d: Partial<FixtureDossier>) => dossier({ agency: b, waitingFor: "receiving_officer", ...d });
    const hoa = await x({ applicant: "Nguyễn Thị Hoà", version: record, receivedAt: "2026-11-20T03:00:00.000Z", channel: "in_person" });
    const duc = await x({ applicant: "Đặng Văn Đức", receivedAt: "2026-11-25T17:30:00.000Z" }); // 00:30 on 26/11 in Vietnam
    const q = async (f: Partial<QueueFilter>) => {
      const r = await officeQueue(db, { actor: officer.actor, filter: filter(f), now: NOW });
      if (!r.ok) throw new Error("refused");
      return r.view.rows.map((row) => row.code).sort();
    };
    expect(await q({})).toEqual([hoa.code, duc.code].sort());
    expect(await q({ procedure: "2.000488" })).toEqual([hoa.code]);
    expect(await q({ channel: "in_person" })).toEqual([hoa.code]);
    expect(await q({ status: 2 })).toEqual([]);
    expect(await q({ from: "2026-11-26", to: "2026-11-26" })).toEqual([duc.code]);
    expect(await q({ to: "2026-11-25" })).toEqual([hoa.code]);
    expect(await q({ q: "duc" })).toEqual([duc.code]);
    expect(await q({ q: "NGUYỄN hoà" })).toEqual([hoa.code]);
    expect(await q({ q: hoa.code.toLowerCase() })).toEqual([hoa.code]);
    expect(await q({ q: b.code })).toEqual([hoa.code, duc.code].sort());
    expect(await q({ q: "100%_" })).toEqual([]);

    for (let i = 0; i < 21; i++) await x({ applicant: "Trang Số", stepDueAt: hours(100 + i) });
    const first = await officeQueue(db, { actor: officer.actor, filter: filter({ q: "trang so" }), now: NOW });
    const second = await officeQueue(db, { actor: officer.actor, filter: filter({ q: "trang so", page: 2 }), now: NOW });
    if (!first.ok || !second.ok) throw new Error("refused");
    expect([first.view.rows.length, first.view.hasNext, second.view.rows.length, second.view.hasNext]).toEqual([20, true, 1, false]);
    // The page counts what matches; the tab's label counts the whole tab.
    expect(first.view.total).toEqual({ n: 21, capped: false });
    expect(first.view.counts.waiting).toEqual({ n: 23, capped: false });
    expect(second.view.rows[0]!.stepDueAt).toBe(hours(120));
  });

  it("claims, assigns to a colleague of the same agency and role, refuses anything else and changes nothing then", async () => {
    const me = await insertOfficial(db, "Tôi", [{ agencyId: a.id, role: "approver" }]);
    const peer = await insertOfficial(db, "Đồng Nghiệp", [{ agencyId: a.id, role: "approver" }]);
    const elsewhere = await insertOfficial(db, "Cơ Quan Khác", [{ agencyId: b.id, role: "approver" }]);
    const wrongRole = await insertOfficial(db, "Vai Trò Khác", [{ agencyId: a.id, role: "handler" }]);
    const d1 = await dossier({ waitingFor: "approver", status: 4 });
    const before = await db.selectFrom("dossiers").selectAll().where("id", "=", d1.id).executeTakeFirstOrThrow();

    // A colleague of another agency, or of another role: refused, nothing changes.
    for (const who of [elsewhere.id, wrongRole.id]) {
      const r = await assignDossiers(db, { actor: me.actor, items: [d1], assigneeId: who, now: NOW });
      expect(r).toEqual({ ok: true, result: { assigned: [], refused: [{ id: d1.id, code: d1.code, reason: "assigneeNotEligible" }] } });
    }
    expect(await db.selectFrom("dossiers").selectAll().where("id", "=", d1.id).executeTakeFirstOrThrow()).toEqual(before);

    // Claim.
    expect(await assignDossiers(db, { actor: me.actor, items: [d1], assigneeId: me.id, now: NOW })).toEqual({ ok: true, result: { assigned: [{ id: d1.id, code: d1.code }], refused: [] } });
    const claimed = await db.selectFrom("dossiers").selectAll().where("id", "=", d1.id).executeTakeFirstOrThrow();
    expect(claimed).toEqual({ ...before, assignee_id: me.id, version: 2, updated_at: NOW.toISOString() });
    const audit = await db.selectFrom("audit_events").select(["action", "actor_id", "entity_id"]).where("entity_id", "=", d1.id).execute();
    expect(audit).toEqual([{ action: "dossier.claimed", actor_id: me.id, entity_id: d1.id }]);

    // The page still showed version 1: stale, nothing changes.
    const stale = await assignDossiers(db, { actor: me.actor, items: [d1], assigneeId: peer.id, now: NOW });
    expect(stale).toEqual({ ok: true, result: { assigned: [], refused: [{ id: d1.id, code: d1.code, reason: "stale" }] } });
    expect(await db.selectFrom("dossiers").selectAll().where("id", "=", d1.id).executeTakeFirstOrThrow()).toEqual(claimed);

    // With the current version: given to the peer; then it is no longer mine to give.
    expect((await assignDossiers(db, { actor: me.actor, items: [{ id: d1.id, version: 2 }], assigneeId: peer.id, now: NOW })).ok).toBe(true);
    expect((await db.selectFrom("dossiers").select(["assignee_id", "version", "status"]).where("id", "=", d1.id).executeTakeFirstOrThrow())).toEqual({ assignee_id: peer.id, version: 3, status: 4 });
    const gone = await assignDossiers(db, { actor: me.actor, items: [{ id: d1.id, version: 3 }], assigneeId: me.id, now: NOW });
    expect(gone.ok && gone.result.refused).toEqual([{ id: d1.id, code: d1.code, reason: "notInQueue" }]);
    // An official of another agency cannot even see why.
    const outsider = await assignDossiers(db, { actor: elsewhere.actor, items: [{ id: d1.id, version: 3 }], assigneeId: elsewhere.id, now: NOW });
    expect(outsider.ok && outsider.result.refused).toEqual([{ id: d1.id, code: null, reason: "notInQueue" }]);
  });

  it("bulk assigns what it can and lists what it could not", async () => {
    const me = await insertOfficial(db, "Trưởng Nhóm", [{ agencyId: b.id, role: "handler" }]);
    const peer = await insertOfficial(db, "Thành Viên", [{ agencyId: b.id, role: "handler" }]);
    const ok1 = await dossier({ agency: b, waitingFor: "handler", status: 4 });
    const ok2 = await dossier({ agency: b, waitingFor: "handler", status: 4 });
    const moved = await dossier({ agency: b, waitingFor: "approver", status: 4 });
    const staleOne = await dossier({ agency: b, waitingFor: "handler", status: 4 });
    await db.updateTable("dossiers").set({ version: 2 }).where("id", "=", staleOne.id).execute();
    const r = await assignDossiers(db, { actor: me.actor, items: [ok1, moved, staleOne, ok2], assigneeId: peer.id, now: NOW });
    expect(r).toEqual({
      ok: true,
      result: {
        assigned: [{ id: ok1.id, code: ok1.code }, { id: ok2.id, code: ok2.code }],
        refused: [
          { id: moved.id, code: moved.code, reason: "notInQueue" },
          { id: staleOne.id, code: staleOne.code, reason: "stale" },
        ],
      },
    });
    const rows = await db.selectFrom("dossiers").select(["id", "assignee_id", "version"]).where("id", "in", [ok1.id, ok2.id, moved.id, staleOne.id]).execute();
    expect(new Map(rows.map((x) => [x.id, [x.assignee_id, x.version]]))).toEqual(
      new Map([
        [ok1.id, [peer.id, 2]],
        [ok2.id, [peer.id, 2]],
        [moved.id, [null, 1]],
        [staleOne.id, [null, 2]],
      ]),
    );
  });
});
