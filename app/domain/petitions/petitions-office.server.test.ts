import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { OfficialRole } from "../../../db/schema";
import { seedProvince } from "../../../db/seed/seed";
import { engines, migratedDatabase } from "../../../db/testing";
import type { Db } from "../../platform/db.server";
import { newId } from "../../platform/ids.server";
import { POLICIES } from "../../platform/rate-limit.server";
import { createFileStorage } from "../../platform/storage.server";
import type { Actor } from "../access/permissions";
import { seedStatutoryCalendar } from "../calendar/calendar.server";
import { fixtureCatalog, fixtureTemplates } from "../procedures/catalog.fixture";
import { importCatalog } from "../procedures/catalog.server";
import { DEFAULT_PETITION_SETTINGS } from "./petitions";
import { ruleSchema } from "./petitions-office.schema";
import { addRoutingRule, forwardTargets, isRoutingOfficer, officeQueue, removeRoutingRule, routingRulesView } from "./petitions-office.server";
import { submitSchema } from "./petitions.schema";
import { actOnPetition, officialPetition, submitPetition } from "./petitions.server";

// The officials' queue and routing rules (issue 8) on both databases: where each item stands against the due instant
// of its step (on track, due soon within the reminder hours, overdue), the routing officer's reassign requests marked,
// the agency's items in progress, the rules' suggestions first, and the rules kept by the routing officers only.

const root = await mkdtemp(join(tmpdir(), "petitions-office-"));
afterAll(() => rm(root, { recursive: true, force: true }));

/** Monday 03/03/2031 09:00 in Vietnam. */
const MONDAY = new Date("2031-03-03T02:00:00.000Z");
const settings = DEFAULT_PETITION_SETTINGS;
const none = { notify: async () => {} };

async function province(db: Db, engine: string) {
  await seedProvince(db);
  await seedStatutoryCalendar(db, { fromYear: 2030, toYear: 2032, t: (key: string) => key, now: MONDAY });
  const readFile = async (path: string) => fixtureTemplates[path] ?? new Uint8Array();
  expect((await importCatalog(db, createFileStorage(join(root, engine)), fixtureCatalog(), { readFile })).ok).toBe(true);
  const agency = async (code: string) => (await db.selectFrom("agencies").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
  const [control, justice, home] = [await agency("000.00.01.H22"), await agency("000.00.03.H22"), await agency("000.00.02.H22")];
  const official = async (agencyId: string, role: OfficialRole): Promise<Actor> => {
    const id = newId();
    const at = MONDAY.toISOString();
    await db
      .insertInto("users")
      .values({
        id,
        kind: "official",
        status: "active",
        full_name: role,
        cccd: null,
        birth_date: null,
        email: `${id}@hagiang.gov.vn`,
        phone: null,
        password_hash: null,
        email_verified_at: at,
        eid_verified_at: null,
        eid_issuer: null,
        eid_subject: null,
        totp_secret: null,
        totp_confirmed_at: at,
        totp_last_step: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await db.insertInto("official_roles").values({ id: newId(), user_id: id, agency_id: agencyId, role, granted_at: at, granted_by: null }).execute();
    return { kind: "official", userId: id, roles: [{ agencyId, role }] };
  };
  return {
    control,
    justice,
    home,
    router: await official(control, "petition_handler"),
    handler: await official(justice, "petition_handler"),
    leader: await official(justice, "approver"),
  };
}

async function submit(db: Db, title: string, agencyId: string | null, now: Date) {
  const sent = await submitPetition(db, none, settings, {
    sender: { userId: null, organisationId: null },
    petition: submitSchema.parse({
      kind: "regulation",
      title,
      content: "Xã yêu cầu bản sao giấy chứng sinh dù đã có bản chính khi đăng ký khai sinh.",
      procedureCode: "1.001193",
      ...(agencyId ? { agencyId } : {}),
      contactName: "Lò Thị Mai",
      contactAddress: "Xã Phương Thiện",
      contactEmail: "mai@example.vn",
    }),
    fileIds: [],
    ip: "203.0.113.1",
    policy: { ...POLICIES.publicFormIp, free: 1000 },
    now,
  });
  if (!sent.ok) throw new Error(JSON.stringify(sent));
  return sent.code;
}

describe.each(engines)("the officials' petition queue and rules on %s", (engine) => {
  it("tags items on track, due soon and overdue, marks reassign requests, and keeps the agency's items in progress", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const p = await province(db, engine);
      const first = await submit(db, "Phản ánh thứ nhất về khai sinh", null, MONDAY);
      const second = await submit(db, "Phản ánh thứ hai về khai sinh", null, new Date(MONDAY.getTime() + 3_600_000));
      const firstRow = await db.selectFrom("petitions").selectAll().where("code", "=", first).executeTakeFirstOrThrow();
      const due = Date.parse(firstRow.forward_due_at);

      let queue = await officeQueue(db, settings, p.router, MONDAY);
      expect(queue).toMatchObject({ router: true, agency: [] });
      expect(queue.routing.map((r) => [r.code, r.deadline, r.dueAt])).toEqual([
        [first, "onTrack", firstRow.forward_due_at],
        [second, "onTrack", expect.any(String)],
      ]);
      // Within the reminder hours of the due instant: due soon; past it: overdue (the second item an hour later).
      queue = await officeQueue(db, settings, p.router, new Date(due - (settings.reminderHours - 1) * 3_600_000));
      expect(queue.routing.map((r) => r.deadline)).toEqual(["dueSoon", "dueSoon"]);
      queue = await officeQueue(db, settings, p.router, new Date(due + 60_000));
      expect(queue.routing.map((r) => r.deadline)).toEqual(["overdue", "dueSoon"]);
      // Other officials have no routing list; the agency's lists are empty before anything is forwarded.
      expect(await officeQueue(db, settings, p.handler, MONDAY)).toEqual({ router: false, routing: [], agency: [] });
      expect(await isRoutingOfficer(db, settings, p.leader)).toBe(false);

      // Forwarded: the agency's handler and leader see it with the answer due date; the handler sends it back.
      const forwardedAt = new Date(MONDAY.getTime() + 2 * 3_600_000);
      expect(
        await actOnPetition(db, none, settings, {
          actor: p.router,
          code: first,
          version: 1,
          params: { action: "forward", targetAgencyId: p.justice },
          now: forwardedAt,
        })
      ).toEqual({ ok: true, code: first });
      const forwarded = await db.selectFrom("petitions").selectAll().where("code", "=", first).executeTakeFirstOrThrow();
      for (const actor of [p.handler, p.leader])
        expect((await officeQueue(db, settings, actor, forwardedAt)).agency).toMatchObject([
          { code: first, status: "forwarded", dueAt: forwarded.answer_due_at, deadline: "onTrack", agency: "Sở Tư pháp" },
        ]);
      expect((await officeQueue(db, settings, p.router, forwardedAt)).routing.map((r) => r.code)).toEqual([second]);
      expect(
        await actOnPetition(db, none, settings, {
          actor: p.handler,
          code: first,
          version: 2,
          params: { action: "requestReassign", reason: "Thuộc thẩm quyền của Sở Nội vụ" },
          now: forwardedAt,
        })
      ).toEqual({ ok: true, code: first });
      queue = await officeQueue(db, settings, p.router, forwardedAt);
      expect(queue.routing.map((r) => [r.code, r.reassignRequested])).toEqual([
        [first, true],
        [second, false],
      ]);
      expect((await officeQueue(db, settings, p.handler, forwardedAt)).agency).toEqual([]);
      // Sent back, the handler no longer sees it at all; the routing officer sees why.
      expect(await officialPetition(db, settings, p.handler, first, forwardedAt)).toBeNull();
      expect(await officialPetition(db, settings, p.router, first, forwardedAt)).toMatchObject({
        status: "received",
        reassignReason: "Thuộc thẩm quyền của Sở Nội vụ",
        actions: ["forward", "close", "hide"],
      });
    } finally {
      await close();
    }
  });

  it("keeps routing rules for the routing officer, and puts their agencies first, marked suggested", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const p = await province(db, engine);
      const rule = ruleSchema.parse({ procedureCode: "1.001193", field: "", concernedAgencyId: "", adminUnitCode: "", targetAgencyId: p.home });
      expect(await addRoutingRule(db, settings, p.handler, rule, MONDAY)).toMatchObject({ ok: false, status: 403 });
      expect(await routingRulesView(db, settings, p.leader, MONDAY)).toBeNull();
      expect(ruleSchema.safeParse({ targetAgencyId: p.home }).success).toBe(false);
      const added = await addRoutingRule(db, settings, p.router, rule, MONDAY);
      if (!added.ok) throw new Error(JSON.stringify(added));
      expect(await routingRulesView(db, settings, p.router, MONDAY)).toMatchObject([
        { id: added.id, procedure: { code: "1.001193" }, field: null, targetAgency: "Sở Nội vụ" },
      ]);

      // An item about the procedure, concerning Sở Tư pháp: the rule's agency first, then the agency concerned.
      const code = await submit(db, "Phản ánh có quy tắc gợi ý", p.justice, MONDAY);
      const view = (await officialPetition(db, settings, p.router, code, MONDAY))!;
      expect(view.suggestedAgencyIds).toEqual([p.home, p.justice]);
      const targets = await forwardTargets(db, view.suggestedAgencyIds, MONDAY);
      expect(targets.slice(0, 3).map((t) => [t.id, t.suggested])).toEqual([
        [p.home, true],
        [p.justice, true],
        [expect.any(String), false],
      ]);
      expect(targets.some((t) => t.id === p.control)).toBe(true);

      expect(await removeRoutingRule(db, settings, p.handler, added.id)).toMatchObject({ ok: false, status: 403 });
      expect(await removeRoutingRule(db, settings, p.router, "not-an-id")).toMatchObject({ ok: false, status: 404 });
      expect(await removeRoutingRule(db, settings, p.router, added.id)).toEqual({ ok: true });
      expect(await routingRulesView(db, settings, p.router, MONDAY)).toEqual([]);
    } finally {
      await close();
    }
  });
});
