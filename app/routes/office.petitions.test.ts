import type { AppLoadContext } from "@remix-run/node";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { OfficialRole } from "../../db/schema";
import { seedProvince } from "../../db/seed/seed";
import { engines, migratedDatabase } from "../../db/testing";
import { seedStatutoryCalendar } from "../domain/calendar/calendar.server";
import { DEFAULT_PETITION_SETTINGS } from "../domain/petitions/petitions";
import { submitSchema } from "../domain/petitions/petitions.schema";
import { submitPetition } from "../domain/petitions/petitions.server";
import { fixtureCatalog, fixtureTemplates } from "../domain/procedures/catalog.fixture";
import { importCatalog } from "../domain/procedures/catalog.server";
import { engineOf } from "../platform/db.server";
import { newId } from "../platform/ids.server";
import { createLogger } from "../platform/logger.server";
import { POLICIES } from "../platform/rate-limit.server";
import { createDatabaseSessionStorage } from "../platform/session.server";
import { createFileStorage } from "../platform/storage.server";
import { loader as queueLoader } from "./office.petitions";
import { action as act, loader as itemLoader } from "./office.petitions.$code";
import { action as rulesAction, loader as rulesLoader } from "./office.petitions.rules";

// The officials' petition routes answering what the use cases say (issue 8): a stale version is a 409 with nothing
// changed, a forged code and another agency's handler a 404, bad input and a forged target agency a 400 with the
// fields' errors; the item goes router → handler → leader (returned once, then approved) through plain POSTs; the
// routing rules are the routing officer's only, and suggest the target agency first.

const NOW = new Date();
const root = await mkdtemp(join(tmpdir(), "petition-routes-"));
afterAll(() => rm(root, { recursive: true, force: true }));

async function outcome(run: () => Promise<unknown>): Promise<{ status: number; body?: unknown; location: string | null }> {
  let result: unknown;
  try {
    result = await run();
  } catch (error) {
    result = error;
  }
  if (result instanceof Response) return { status: result.status, location: result.headers.get("Location") };
  const init = (result as { init?: { status?: number } }).init;
  return { status: init?.status ?? 200, body: (result as { data?: unknown }).data ?? result, location: null };
}

describe.each(engines)("the officials' petition routes on %s", (engine) => {
  it("refuse forged codes, other agencies, stale versions and bad input; take an item from the router to the leader", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await seedProvince(db);
      await seedStatutoryCalendar(db, { fromYear: NOW.getUTCFullYear() - 1, toYear: NOW.getUTCFullYear() + 2, t: (key: string) => key, now: NOW });
      const readFile = async (path: string) => fixtureTemplates[path] ?? new Uint8Array();
      expect((await importCatalog(db, createFileStorage(join(root, `${engine}-catalog`)), fixtureCatalog(), { readFile })).ok).toBe(true);
      const sessionStorage = createDatabaseSessionStorage(db, { secrets: ["s".repeat(32)], secure: false });
      const context = {
        db,
        engine: engineOf(db),
        logger: createLogger("silent"),
        sessionStorage,
        requestId: "r",
        clientIp: null,
        origin: "http://portal.test",
      } as unknown as AppLoadContext;
      const agency = (c: string) =>
        db
          .selectFrom("agencies")
          .select("id")
          .where("code", "=", c)
          .executeTakeFirstOrThrow()
          .then((r) => r.id);
      const [control, justice, home] = await Promise.all([agency("000.00.01.H22"), agency("000.00.03.H22"), agency("000.00.02.H22")]);
      const at = NOW.toISOString();
      const official = async (agencyId: string, role: OfficialRole) => {
        const id = newId();
        await db
          .insertInto("users")
          .values({
            id,
            kind: "official",
            status: "active",
            full_name: `Cán bộ ${role}`,
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
        const session = await sessionStorage.getSession();
        session.set("userId", id);
        session.set("secondFactorAt", at);
        return (await sessionStorage.commitSession(session)).split(";")[0]!;
      };
      const router = await official(control, "petition_handler");
      const handler = await official(justice, "petition_handler");
      const leader = await official(justice, "approver");
      const stranger = await official(home, "petition_handler");

      const submitted = await submitPetition(db, { notify: async () => {} }, DEFAULT_PETITION_SETTINGS, {
        sender: { userId: null, organisationId: null },
        petition: submitSchema.parse({
          kind: "regulation",
          title: "Giấy tờ trùng lặp khi đăng ký khai sinh",
          content: "Xã yêu cầu bản sao giấy chứng sinh dù tôi đã nộp bản chính. Đề nghị xem lại quy định.",
          procedureCode: "1.001193",
          contactName: "Lò Thị Mai",
          contactAddress: "Thôn Nà Thác, xã Phương Thiện",
          contactPhone: "0912345678",
          contactEmail: "lo.thi.mai@example.vn",
          publishConsent: "on",
        }),
        fileIds: [],
        ip: "203.0.113.9",
        policy: { ...POLICIES.publicFormIp, free: 1000 },
        now: NOW,
      });
      if (!submitted.ok) throw new Error(JSON.stringify(submitted));
      const code = submitted.code;
      const row = () => db.selectFrom("petitions").selectAll().where("code", "=", code).executeTakeFirstOrThrow();
      const before = await row();

      const post = (cookie: string, c: string, fields: Record<string, string>) =>
        outcome(() =>
          act({
            request: new Request(`http://portal.test/office/petitions/${c}`, {
              method: "POST",
              headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
              body: new URLSearchParams(fields).toString(),
            }),
            params: { code: c },
            context,
          } as never)
        );
      const page = (cookie: string, c: string) =>
        outcome(() =>
          itemLoader({
            request: new Request(`http://portal.test/office/petitions/${c}`, { headers: { Cookie: cookie } }),
            params: { code: c },
            context,
          } as never)
        );
      const view = async (cookie: string) => ((await page(cookie, code)).body as { view: { version: number; actions: string[]; status: string } }).view;

      // What may not be seen: a forged code, a malformed one, an item another agency (or nobody there) handles.
      const forged = code.replace(/\d{4}$/, "9999");
      expect((await post(router, forged, { intent: "forward", version: "1", targetAgencyId: justice })).status).toBe(404);
      expect((await page(router, forged)).status).toBe(404);
      expect((await page(router, "khong-phai-ma")).status).toBe(404);
      expect((await page(handler, code)).status).toBe(404);
      expect((await post(handler, code, { intent: "requestReassign", version: "1", reason: "Không thuộc thẩm quyền" })).status).toBe(404);
      // Stale, bad input, a forged target agency, an unknown action: nothing changes.
      expect(await post(router, code, { intent: "forward", version: "0", targetAgencyId: justice })).toMatchObject({
        status: 409,
        body: { conflict: "stale", errors: [{ field: "form", message: "petitions:errors.stale" }] },
      });
      expect(await post(router, code, { intent: "forward", version: "1", targetAgencyId: "" })).toMatchObject({
        status: 400,
        body: { intent: "forward", errors: [{ field: "targetAgencyId", message: "petitions:errors.target" }] },
      });
      expect(await post(router, code, { intent: "forward", version: "1", targetAgencyId: newId() })).toMatchObject({
        status: 400,
        body: { errors: [{ field: "targetAgencyId", message: "petitions:errors.target" }] },
      });
      expect(await post(router, code, { intent: "close", version: "1", reason: "duplicate", text: "" })).toMatchObject({
        status: 400,
        body: {
          intent: "close",
          errors: [
            { field: "text", message: "petitions:errors.text" },
            { field: "duplicateOf", message: "petitions:errors.duplicateOf" },
          ],
        },
      });
      expect(
        await post(router, code, { intent: "close", version: "1", reason: "duplicate", text: "Đã có trả lời", duplicateOf: "PAKN-000101-0001" })
      ).toMatchObject({ status: 400, body: { errors: [{ field: "duplicateOf" }] } });
      expect(await post(router, code, { intent: "nonsense", version: "1" })).toMatchObject({
        status: 400,
        body: { errors: [{ field: "form", message: "petitions-office:errors.badRequest" }] },
      });
      // The leader of the agency cannot forward: not the routing officer (and not on the item yet): 404.
      expect((await post(leader, code, { intent: "forward", version: "1", targetAgencyId: justice })).status).toBe(404);
      expect(await row()).toEqual(before);

      // The routing officer's queue: the new item, due for forwarding, on track.
      const queue = (cookie: string) =>
        outcome(() =>
          queueLoader({ request: new Request("http://portal.test/office/petitions", { headers: { Cookie: cookie } }), params: {}, context } as never)
        );
      expect(await queue(router)).toMatchObject({
        body: { queue: { router: true, routing: [{ code, status: "received", deadline: "onTrack", dueAt: before.forward_due_at }], agency: [] } },
      });
      expect(await view(router)).toMatchObject({ version: 1, actions: ["forward", "close", "hide"] });

      // Forwarded → the handler drafts → the leader returns it → drafted again → approved.
      expect(
        await post(router, code, { intent: "forward", version: "1", targetAgencyId: justice, field: "Hộ tịch", note: "Đề nghị Sở Tư pháp trả lời" })
      ).toMatchObject({ status: 302, location: `/office/petitions/${code}` });
      expect(await queue(handler)).toMatchObject({
        body: { queue: { router: false, routing: [], agency: [{ code, status: "forwarded", deadline: "onTrack" }] } },
      });
      expect(await view(handler)).toMatchObject({ version: 2, status: "forwarded", actions: ["requestReassign", "draft", "extend"] });
      expect((await post(stranger, code, { intent: "draft", version: "2", body: "Trả lời của cơ quan khác, đủ dài để hợp lệ." })).status).toBe(404);
      expect(await post(handler, code, { intent: "draft", version: "2", body: "Ngắn" })).toMatchObject({
        status: 400,
        body: { errors: [{ field: "body", message: "petitions:errors.text" }] },
      });
      expect(await post(handler, code, { intent: "draft", version: "2", body: "Sở Tư pháp trả lời: bản sao giấy chứng sinh không bắt buộc." })).toMatchObject({
        status: 302,
      });
      // The handler cannot approve its own draft (not a leader): 403.
      expect((await post(handler, code, { intent: "approve", version: "3" })).status).toBe(403);
      expect(await view(leader)).toMatchObject({ version: 3, status: "drafted", actions: ["approve", "return"] });
      expect(await post(leader, code, { intent: "return", version: "3", note: "" })).toMatchObject({
        status: 400,
        body: { errors: [{ field: "note", message: "petitions:errors.reason" }] },
      });
      expect(await post(leader, code, { intent: "return", version: "3", note: "Trích dẫn căn cứ pháp lý." })).toMatchObject({ status: 302 });
      expect(await post(leader, code, { intent: "approve", version: "3" })).toMatchObject({ status: 409, body: { conflict: "stale" } });
      expect(
        await post(handler, code, { intent: "draft", version: "4", body: "Theo Luật Hộ tịch 2014, bản sao giấy chứng sinh không bắt buộc." })
      ).toMatchObject({ status: 302 });
      expect(await post(leader, code, { intent: "approve", version: "5" })).toMatchObject({ status: 302, location: `/office/petitions/${code}` });
      expect(await row()).toMatchObject({ status: "answered", version: 6, handling_agency_id: justice, field: "Hộ tịch" });
      const events = await db.selectFrom("petition_events").select("action").where("petition_id", "=", before.id).orderBy("at").orderBy("id").execute();
      expect(events.map((e) => e.action)).toEqual(["submitted", "forwarded", "drafted", "returned", "drafted", "answered"]);
      // The submitter's mail is in the outbox.
      const mail = await db.selectFrom("mail_outbox").select(["to_address", "subject"]).execute();
      expect(mail.some((m) => m.to_address === "lo.thi.mai@example.vn" && m.subject.includes(code))).toBe(true);
    } finally {
      await close();
    }
  });

  it("keep the routing rules for the routing officer only, and suggest the rule's agency first", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await seedProvince(db);
      await seedStatutoryCalendar(db, { fromYear: NOW.getUTCFullYear() - 1, toYear: NOW.getUTCFullYear() + 2, t: (key: string) => key, now: NOW });
      const readFile = async (path: string) => fixtureTemplates[path] ?? new Uint8Array();
      expect((await importCatalog(db, createFileStorage(join(root, `${engine}-catalog-2`)), fixtureCatalog(), { readFile })).ok).toBe(true);
      const sessionStorage = createDatabaseSessionStorage(db, { secrets: ["s".repeat(32)], secure: false });
      const context = {
        db,
        engine: engineOf(db),
        logger: createLogger("silent"),
        sessionStorage,
        requestId: "r",
        clientIp: null,
        origin: "http://portal.test",
      } as unknown as AppLoadContext;
      const agency = (c: string) =>
        db
          .selectFrom("agencies")
          .select("id")
          .where("code", "=", c)
          .executeTakeFirstOrThrow()
          .then((r) => r.id);
      const [control, justice] = await Promise.all([agency("000.00.01.H22"), agency("000.00.03.H22")]);
      const at = NOW.toISOString();
      const official = async (agencyId: string, role: OfficialRole) => {
        const id = newId();
        await db
          .insertInto("users")
          .values({
            id,
            kind: "official",
            status: "active",
            full_name: "Cán bộ",
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
        const session = await sessionStorage.getSession();
        session.set("userId", id);
        session.set("secondFactorAt", at);
        return (await sessionStorage.commitSession(session)).split(";")[0]!;
      };
      const router = await official(control, "petition_handler");
      const handler = await official(justice, "petition_handler");
      const get = (cookie: string) =>
        outcome(() =>
          rulesLoader({ request: new Request("http://portal.test/office/petitions/rules", { headers: { Cookie: cookie } }), params: {}, context } as never)
        );
      const post = (cookie: string, fields: Record<string, string>) =>
        outcome(() =>
          rulesAction({
            request: new Request("http://portal.test/office/petitions/rules", {
              method: "POST",
              headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
              body: new URLSearchParams(fields).toString(),
            }),
            params: {},
            context,
          } as never)
        );

      expect((await get(handler)).status).toBe(403);
      expect((await post(handler, { intent: "add", procedureCode: "1.001193", targetAgencyId: justice })).status).toBe(403);
      expect((await post(handler, { intent: "add" })).status).toBe(403);
      expect(await get(router)).toMatchObject({ status: 200, body: { rules: [] } });
      expect(await post(router, { intent: "add", targetAgencyId: justice })).toMatchObject({
        status: 400,
        body: { errors: [{ field: "procedureCode", message: "petitions-office:rules.errors.criteria" }] },
      });
      expect(await post(router, { intent: "add", procedureCode: "9.999999", adminUnitCode: "999", targetAgencyId: newId() })).toMatchObject({
        status: 400,
        body: { errors: [{ field: "procedureCode" }, { field: "adminUnitCode" }, { field: "targetAgencyId" }] },
      });
      expect(await post(router, { intent: "add", procedureCode: "1.001193", targetAgencyId: justice })).toMatchObject({
        status: 302,
        location: "/office/petitions/rules",
      });
      const listed = (await get(router)).body as { rules: { id: string; procedure: { code: string }; targetAgency: string }[] };
      expect(listed.rules).toMatchObject([{ procedure: { code: "1.001193" }, targetAgency: "Sở Tư pháp" }]);

      // A new item about that procedure: Sở Tư pháp comes first in the forward list, marked suggested.
      const submitted = await submitPetition(db, { notify: async () => {} }, DEFAULT_PETITION_SETTINGS, {
        sender: { userId: null, organisationId: null },
        petition: submitSchema.parse({
          kind: "proposal",
          title: "Kiến nghị rút gọn hồ sơ",
          content: "Đề nghị bỏ yêu cầu bản sao giấy chứng sinh khi đăng ký khai sinh.",
          proposal: "Bỏ bản sao.",
          procedureCode: "1.001193",
          contactName: "Lò Văn Sáng",
          contactAddress: "Xã Phương Thiện",
          contactEmail: "sang@example.vn",
        }),
        fileIds: [],
        ip: "203.0.113.10",
        policy: { ...POLICIES.publicFormIp, free: 1000 },
        now: NOW,
      });
      if (!submitted.ok) throw new Error(JSON.stringify(submitted));
      const item = (
        await outcome(() =>
          itemLoader({
            request: new Request(`http://portal.test/office/petitions/${submitted.code}`, { headers: { Cookie: router } }),
            params: { code: submitted.code },
            context,
          } as never)
        )
      ).body as {
        targets: { id: string; suggested: boolean }[];
      };
      expect(item.targets[0]).toEqual(expect.objectContaining({ id: justice, suggested: true }));
      expect(item.targets.filter((t) => t.suggested)).toHaveLength(1);

      expect((await post(handler, { intent: `delete:${listed.rules[0]!.id}` })).status).toBe(403);
      expect((await post(router, { intent: `delete:${newId()}` })).status).toBe(404);
      expect(await post(router, { intent: `delete:${listed.rules[0]!.id}` })).toMatchObject({ status: 302 });
      expect(await get(router)).toMatchObject({ body: { rules: [] } });
    } finally {
      await close();
    }
  });
});
