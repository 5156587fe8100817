import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Database, OfficialRole } from "../../../db/schema";
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
import { insertRoutingRule } from "./petitions.repo.server";
import { submitSchema } from "./petitions.schema";
import {
  actOnPetition,
  petitionNumbers,
  officialPetition,
  petitionQueue,
  publicPetition,
  publishedPetitions,
  ratePetition,
  submitPetition,
  sweepPetitions,
  trackPetition,
  type PetitionNotice,
  type PetitionServices,
} from "./petitions.server";

// The petitions' use cases on both databases (issue 8): the whole life of an item with its deadlines counted in
// working time across a holiday, the public page's redaction, who may do what, and the sweep's reminders and
// escalation. The dates are worked out by hand from the calendar: office hours 07:30–11:30 and 13:30–17:00
// (8 working hours a day), Monday to Friday, and one holiday the test adds (Wednesday 05/03/2031).

const root = await mkdtemp(join(tmpdir(), "petitions-"));
afterAll(() => rm(root, { recursive: true, force: true }));

/** Monday 03/03/2031 09:00 in Vietnam. */
const MONDAY = new Date("2031-03-03T02:00:00.000Z");
const at = (iso: string) => new Date(iso);
const HIDDEN = "[ẩn danh]";
const policy = { ...POLICIES.publicFormIp, free: 1000 };

function recorder(): PetitionServices & { sent: PetitionNotice[] } {
  const sent: PetitionNotice[] = [];
  return { sent, notify: async (_trx, notice) => void sent.push(notice) };
}

async function province(db: Db, engine: string) {
  await seedProvince(db);
  await seedStatutoryCalendar(db, { fromYear: 2030, toYear: 2032, t: (key: string) => key, now: MONDAY });
  // The holiday of the test (an administrator's day off by decision).
  await db
    .insertInto("calendar_days")
    .values({
      date: "2031-03-05",
      kind: "non_working",
      name: "Nghỉ theo quyết định",
      source: "admin",
      created_by: null,
      created_at: MONDAY.toISOString(),
      removed_at: null,
    } as Database["calendar_days"])
    .execute();
  const readFile = async (path: string) => fixtureTemplates[path] ?? new Uint8Array();
  expect((await importCatalog(db, createFileStorage(join(root, engine)), fixtureCatalog(), { readFile })).ok).toBe(true);
  const agency = async (code: string) => (await db.selectFrom("agencies").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
  const control = await agency("000.00.01.H22");
  const justice = await agency("000.00.03.H22");
  const other = await agency("000.00.02.H22");
  const user = async (kind: "citizen" | "official", email: string) => {
    const id = newId();
    const now = MONDAY.toISOString();
    await db
      .insertInto("users")
      .values({
        id,
        kind,
        status: "active",
        full_name: email,
        cccd: null,
        birth_date: null,
        email,
        phone: null,
        password_hash: null,
        email_verified_at: now,
        eid_verified_at: null,
        eid_issuer: null,
        eid_subject: null,
        totp_secret: null,
        totp_confirmed_at: null,
        totp_last_step: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return id;
  };
  const official = async (email: string, roles: [string, OfficialRole][]): Promise<Actor> => {
    const id = await user("official", email);
    for (const [agencyId, role] of roles)
      await db
        .insertInto("official_roles")
        .values({ id: newId(), user_id: id, agency_id: agencyId, role, granted_at: MONDAY.toISOString(), granted_by: null })
        .execute();
    return { kind: "official", userId: id, roles: roles.map(([agencyId, role]) => ({ agencyId, role })) };
  };
  return {
    control,
    justice,
    other,
    citizen: await user("citizen", "lo.thi.mai@example.vn"),
    stranger: await user("citizen", "nguoi.khac@example.vn"),
    router: await official("dieu.phoi@hagiang.gov.vn", [[control, "petition_handler"]]),
    handler: await official("chuyen.vien@stp.hagiang.gov.vn", [[justice, "petition_handler"]]),
    leader: await official("lanh.dao@stp.hagiang.gov.vn", [[justice, "approver"]]),
    otherHandler: await official("chuyen.vien@snv.hagiang.gov.vn", [[other, "petition_handler"]]),
  };
}

const form = (overrides: Record<string, unknown> = {}) =>
  submitSchema.parse({
    kind: "regulation",
    title: "Thủ tục đăng ký khai sinh yêu cầu giấy tờ trùng lặp",
    content:
      "Tôi là Lò Thị Mai, số điện thoại 0912 345 678, CCCD 002190012345. Khi nộp hồ sơ khai sinh cho con, xã yêu cầu bản sao giấy chứng sinh dù đã có bản chính.",
    procedureCode: "1.001193",
    contactName: "Lò Thị Mai",
    contactAddress: "Thôn Nà Thác, xã Phương Thiện, thành phố Hà Giang",
    contactPhone: "0912345678",
    contactEmail: "lo.thi.mai@example.vn",
    publishConsent: "on",
    ...overrides,
  });

describe.each(engines)("petitions on %s", (engine) => {
  it("goes from receipt to a published answer on time, with deadlines in working time across a holiday", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const p = await province(db, engine);
      const services = recorder();
      const settings = DEFAULT_PETITION_SETTINGS;
      const submitted = await submitPetition(db, services, settings, {
        sender: { userId: p.citizen, organisationId: null },
        petition: form(),
        fileIds: [],
        ip: "203.0.113.1",
        policy,
        now: MONDAY,
      });
      expect(submitted).toEqual({ ok: true, code: "PAKN-310303-0001" });
      const code = "PAKN-310303-0001";
      // Five working days from Monday 09:00, Wednesday off: Tuesday 11/03 09:00.
      let view = (await officialPetition(db, settings, p.router, code, MONDAY))!;
      expect(view).toMatchObject({ status: "received", forwardDueAt: "2031-03-11T02:00:00.000Z", actions: ["forward", "close", "hide"] });
      expect(services.sent).toMatchObject([{ kind: "received", to: "lo.thi.mai@example.vn", code }]);
      // The handler of another agency and a citizen see nothing; the agency's handler nothing before it is forwarded.
      expect(await officialPetition(db, settings, p.handler, code, MONDAY)).toBeNull();
      expect(await officialPetition(db, settings, { kind: "citizen", userId: p.citizen, actingFor: null }, code, MONDAY)).toBeNull();
      expect((await petitionQueue(db, settings, p.router)).routing.map((r) => r.code)).toEqual([code]);

      // Forwarded on Monday 10/03 09:00: ten working days to answer, to Monday 24/03 09:00.
      const forwardedAt = at("2031-03-10T02:00:00.000Z");
      expect(
        await actOnPetition(db, services, settings, {
          actor: p.router,
          code,
          version: 1,
          params: { action: "forward", targetAgencyId: p.justice, field: "Hộ tịch" },
          now: forwardedAt,
        })
      ).toEqual({ ok: true, code });
      view = (await officialPetition(db, settings, p.handler, code, forwardedAt))!;
      expect(view).toMatchObject({
        status: "forwarded",
        answerDueAt: "2031-03-24T02:00:00.000Z",
        originalAnswerDueAt: "2031-03-24T02:00:00.000Z",
        field: "Hộ tịch",
        roles: ["handler"],
        actions: ["requestReassign", "draft", "extend"],
      });
      expect((await petitionQueue(db, settings, p.handler)).agency.map((r) => r.code)).toEqual([code]);
      expect(await officialPetition(db, settings, p.otherHandler, code, forwardedAt)).toBeNull();
      // A stale version changes nothing.
      expect(
        await actOnPetition(db, services, settings, {
          actor: p.handler,
          code,
          version: 1,
          params: { action: "draft", body: "Trả lời ".repeat(5) },
          now: forwardedAt,
        })
      ).toMatchObject({ ok: false, status: 409 });
      // The handler of another agency cannot act on it; the leader cannot draft.
      expect(
        await actOnPetition(db, services, settings, {
          actor: p.otherHandler,
          code,
          version: 2,
          params: { action: "draft", body: "Trả lời ".repeat(5) },
          now: forwardedAt,
        })
      ).toMatchObject({ ok: false, status: 404 });
      expect(
        await actOnPetition(db, services, settings, {
          actor: p.leader,
          code,
          version: 2,
          params: { action: "draft", body: "Trả lời ".repeat(5) },
          now: forwardedAt,
        })
      ).toMatchObject({ ok: false, status: 403 });

      // The handler drafts; the leader returns it once with a note; the handler drafts again; the leader approves.
      const answer = "Theo Luật Hộ tịch, người đi đăng ký khai sinh chỉ nộp bản chính giấy chứng sinh. Ủy ban nhân dân xã đã được nhắc nhở.";
      expect(
        await actOnPetition(db, services, settings, {
          actor: p.handler,
          code,
          version: 2,
          params: { action: "draft", body: "Bản nháp đầu tiên chưa đủ căn cứ pháp lý." },
          now: at("2031-03-12T02:00:00.000Z"),
        })
      ).toMatchObject({ ok: true });
      expect(
        await actOnPetition(db, services, settings, {
          actor: p.leader,
          code,
          version: 3,
          params: { action: "return", note: "Cần dẫn điều khoản của Luật Hộ tịch." },
          now: at("2031-03-13T02:00:00.000Z"),
        })
      ).toMatchObject({ ok: true });
      view = (await officialPetition(db, settings, p.handler, code, forwardedAt))!;
      expect(view).toMatchObject({ status: "forwarded", draft: { decision: "returned", decisionNote: "Cần dẫn điều khoản của Luật Hộ tịch." } });
      expect(
        await actOnPetition(db, services, settings, {
          actor: p.handler,
          code,
          version: 4,
          params: { action: "draft", body: answer },
          now: at("2031-03-14T02:00:00.000Z"),
        })
      ).toMatchObject({ ok: true });
      const answeredAt = at("2031-03-17T03:00:00.000Z");
      expect(await actOnPetition(db, services, settings, { actor: p.leader, code, version: 5, params: { action: "approve" }, now: answeredAt })).toMatchObject({
        ok: true,
      });
      expect(services.sent.at(-1)).toMatchObject({ kind: "answered", to: "lo.thi.mai@example.vn", code, body: answer });

      // The submitter's look-up: the code with the last four digits of the phone; anything else is "not found".
      const track = (factor: string) => trackPetition(db, settings, { code, factor, ip: "203.0.113.2", policy: POLICIES.dossierTrackingIp, now: answeredAt });
      expect(await track("5678")).toMatchObject({ ok: true, petition: { status: "answered", answer, answeredOnTime: true, handlingAgency: "Sở Tư pháp" } });
      expect(await track("1234")).toEqual({ ok: false, reason: "notFound" });
      expect(await track("lo.thi.mai@example.vn")).toEqual({ ok: false, reason: "notFound" });

      // Published (consent given): the name hidden, the phone and the CCCD masked; the list finds it without diacritics.
      const page = (await publicPetition(db, code, HIDDEN, answeredAt))!;
      expect(page.submitterName).toBeNull();
      expect(page.content).toBe(
        "Tôi là [ẩn danh], số điện thoại •••• ••• 678, CCCD •••••••••345. Khi nộp hồ sơ khai sinh cho con, xã yêu cầu bản sao giấy chứng sinh dù đã có bản chính."
      );
      expect(page).toMatchObject({ answer, onTime: true, agency: "Sở Tư pháp", field: "Hộ tịch", edited: [] });
      expect((await publishedPetitions(db, { search: "giay chung sinh", page: 0 }, HIDDEN, answeredAt)).items.map((i) => i.code)).toEqual([code]);
      expect((await publishedPetitions(db, { procedureCode: "1.001193", page: 0 }, HIDDEN, answeredAt)).total).toBe(1);
      expect((await publishedPetitions(db, { procedureCode: "2.000488", page: 0 }, HIDDEN, answeredAt)).total).toBe(0);

      // Moderation: an edit to the published answer is kept and shown as edited.
      expect(
        await actOnPetition(db, services, settings, {
          actor: p.router,
          code,
          version: 6,
          params: { action: "revise", part: "answer", body: `${answer} (Sửa lỗi chính tả.)`, reason: "Sửa lỗi chính tả" },
          now: answeredAt,
        })
      ).toMatchObject({ ok: true });
      expect((await publicPetition(db, code, HIDDEN, answeredAt))!).toMatchObject({
        answer: `${answer} (Sửa lỗi chính tả.)`,
        edited: [{ part: "answer", reason: "Sửa lỗi chính tả" }],
      });

      // A rating by someone else is refused as "not found"; the submitter rates it.
      expect(
        await ratePetition(db, settings, {
          code,
          proof: { sender: { userId: p.stranger, organisationId: null } },
          rating: "satisfied",
          reason: null,
          reopen: false,
          now: answeredAt,
        })
      ).toMatchObject({ ok: false, status: 404 });
      expect(
        await ratePetition(db, settings, { code, proof: { factor: "0000" }, rating: "satisfied", reason: null, reopen: false, now: answeredAt })
      ).toMatchObject({ ok: false, status: 404 });
      expect(
        await ratePetition(db, settings, {
          code,
          proof: { sender: { userId: p.citizen, organisationId: null } },
          rating: "satisfied",
          reason: null,
          reopen: false,
          now: answeredAt,
        })
      ).toEqual({ ok: true, reopened: false });

      // Hidden by the moderator: gone from the public side.
      expect(
        await actOnPetition(db, services, settings, {
          actor: p.router,
          code,
          version: 8,
          params: { action: "hide", reason: "Nội dung có lời lẽ xúc phạm" },
          now: answeredAt,
        })
      ).toMatchObject({ ok: true });
      expect(await publicPetition(db, code, HIDDEN, answeredAt)).toBeNull();
      expect((await publishedPetitions(db, { page: 0 }, HIDDEN, answeredAt)).total).toBe(0);
    } finally {
      await close();
    }
  });

  it("reopens an unsatisfying answer within five working days only, extends once, and closes with a public reason", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const p = await province(db, engine);
      const services = recorder();
      const settings = DEFAULT_PETITION_SETTINGS;
      const send = async (now: Date, overrides: Record<string, unknown> = {}) => {
        const r = await submitPetition(db, services, settings, {
          sender: { userId: null, organisationId: null },
          petition: form(overrides),
          fileIds: [],
          ip: "203.0.113.3",
          policy,
          now,
        });
        if (!r.ok) throw new Error(JSON.stringify(r));
        return r.code;
      };
      const code = await send(MONDAY, { contactPhone: "", publishConsent: "" });
      await actOnPetition(db, services, settings, { actor: p.router, code, version: 1, params: { action: "forward", targetAgencyId: p.justice }, now: MONDAY });
      // Forwarded on Monday 03/03 09:00: due ten working days later, Wednesday 05/03 off, on Tuesday 18/03 09:00. One
      // extension adds ten working days, Tuesday 01/04 off (Hùng Kings' day, 10/3 lunar): Wednesday 02/04 09:00.
      expect(
        await actOnPetition(db, services, settings, {
          actor: p.handler,
          code,
          version: 2,
          params: { action: "extend", reason: "Cần xin ý kiến Bộ Tư pháp." },
          now: MONDAY,
        })
      ).toMatchObject({ ok: true });
      let view = (await officialPetition(db, settings, p.handler, code, MONDAY))!;
      expect(view).toMatchObject({
        answerDueAt: "2031-04-02T02:00:00.000Z",
        originalAnswerDueAt: "2031-03-18T02:00:00.000Z",
        extensionReason: "Cần xin ý kiến Bộ Tư pháp.",
      });
      expect(view.actions).not.toContain("extend");
      expect(
        await actOnPetition(db, services, settings, { actor: p.handler, code, version: 3, params: { action: "extend", reason: "Lần nữa." }, now: MONDAY })
      ).toMatchObject({ ok: false, status: 409 });
      await actOnPetition(db, services, settings, {
        actor: p.handler,
        code,
        version: 3,
        params: { action: "draft", body: "Trả lời đủ dài để gửi đi." },
        now: MONDAY,
      });
      // Answered on Monday 31/03 09:00: after the original due date, within the extension — on time.
      const answeredAt = at("2031-03-31T02:00:00.000Z");
      await actOnPetition(db, services, settings, { actor: p.leader, code, version: 4, params: { action: "approve" }, now: answeredAt });
      view = (await officialPetition(db, settings, p.handler, code, answeredAt))!;
      expect(view).toMatchObject({ status: "answered", answeredOnTime: true });
      // Without consent it is not published.
      expect(await publicPetition(db, code, HIDDEN, answeredAt)).toBeNull();
      // The e-mail address is the second factor when no phone was given. Reopening: five working days from Monday
      // 31/03 09:00, Tuesday 01/04 off, is Tuesday 08/04 09:00.
      const late = at("2031-04-08T03:00:00.000Z");
      expect(
        await ratePetition(db, settings, {
          code,
          proof: { factor: "LO.THI.MAI@example.vn" },
          rating: "unsatisfied",
          reason: "Chưa trả lời đúng câu hỏi.",
          reopen: true,
          now: late,
        })
      ).toMatchObject({ ok: false, status: 409, errors: [{ message: "petitions:errors.reopenWindow" }] });
      const inTime = at("2031-04-07T02:00:00.000Z");
      expect(
        await ratePetition(db, settings, {
          code,
          proof: { factor: "lo.thi.mai@example.vn" },
          rating: "unsatisfied",
          reason: "Chưa trả lời đúng câu hỏi.",
          reopen: true,
          now: inTime,
        })
      ).toEqual({ ok: true, reopened: true });
      view = (await officialPetition(db, settings, p.handler, code, inTime))!;
      expect(view).toMatchObject({ status: "forwarded", rating: "unsatisfied", reopenedAt: inTime.toISOString(), answerDueAt: "2031-04-21T02:00:00.000Z" });

      // Closed as a duplicate of a published answer: the code must be a published, visible one.
      const second = await send(MONDAY);
      expect(
        await actOnPetition(db, services, settings, {
          actor: p.router,
          code: second,
          version: 1,
          params: { action: "close", reason: "duplicate", text: "Đã được trả lời.", duplicateOf: code },
          now: MONDAY,
        })
      ).toMatchObject({ ok: false, status: 400, errors: [{ field: "duplicateOf" }] });
      expect(
        await actOnPetition(db, services, settings, {
          actor: p.router,
          code: second,
          version: 1,
          params: { action: "close", reason: "outside_scope", text: "Đây là khiếu nại: gửi Ban Tiếp công dân tỉnh." },
          now: MONDAY,
        })
      ).toMatchObject({ ok: true });
      expect(services.sent.at(-1)).toMatchObject({ kind: "closed", body: "Đây là khiếu nại: gửi Ban Tiếp công dân tỉnh." });
      // A forged agency id is refused with a message.
      const third = await send(MONDAY);
      // Suggestions: a routing rule first, then the agency deciding the procedure (2.000488 is decided by Sở Tư pháp).
      await insertRoutingRule(db, { id: newId(), procedure_code: "1.001193", field: null, concerned_agency_id: null, admin_unit_code: null, target_agency_id: p.other, created_by: null, created_at: MONDAY.toISOString() });
      expect((await officialPetition(db, settings, p.router, third, MONDAY))!.suggestedAgencyIds[0]).toBe(p.other);
      // A commune named as the agency concerned: the item is in its district, and a district rule matches it.
      const commune = await db.selectFrom("agency_versions as a").innerJoin("admin_units as u", "u.code", "a.admin_unit_code").select(["a.agency_id", "u.parent_code"]).where("a.level", "=", "commune").executeTakeFirstOrThrow();
      const communal = await send(MONDAY, { agencyId: commune.agency_id, procedureCode: "" });
      expect((await db.selectFrom("petitions").select("admin_unit_code").where("code", "=", communal).executeTakeFirstOrThrow()).admin_unit_code).toBe(commune.parent_code);
      await insertRoutingRule(db, { id: newId(), procedure_code: null, field: null, concerned_agency_id: null, admin_unit_code: commune.parent_code, target_agency_id: p.justice, created_by: null, created_at: MONDAY.toISOString() });
      expect((await officialPetition(db, settings, p.router, communal, MONDAY))!.suggestedAgencyIds).toEqual([p.justice, commune.agency_id]);
      const fourth = await send(MONDAY, { procedureCode: "2.000488" });
      expect((await officialPetition(db, settings, p.router, fourth, MONDAY))!.suggestedAgencyIds).toEqual([p.justice]);
      expect(
        await actOnPetition(db, services, settings, {
          actor: p.router,
          code: third,
          version: 1,
          params: { action: "forward", targetAgencyId: newId() },
          now: MONDAY,
        })
      ).toMatchObject({ ok: false, status: 400, errors: [{ field: "targetAgencyId" }] });
      expect(
        await submitPetition(db, services, settings, {
          sender: { userId: null, organisationId: null },
          petition: { ...form(), agencyId: newId() },
          fileIds: [],
          ip: "203.0.113.3",
          policy,
          now: MONDAY,
        })
      ).toMatchObject({ ok: false, status: 400, errors: [{ field: "agencyId" }] });
      // Reassignment goes back to the routing officer.
      await actOnPetition(db, services, settings, {
        actor: p.router,
        code: third,
        version: 1,
        params: { action: "forward", targetAgencyId: p.justice },
        now: MONDAY,
      });
      expect(
        await actOnPetition(db, services, settings, {
          actor: p.handler,
          code: third,
          version: 2,
          params: { action: "requestReassign", reason: "Thuộc thẩm quyền của Sở Nội vụ." },
          now: MONDAY,
        })
      ).toMatchObject({ ok: true });
      expect((await officialPetition(db, settings, p.router, third, MONDAY))!).toMatchObject({
        status: "received",
        reassignReason: "Thuộc thẩm quyền của Sở Nội vụ.",
      });
    } finally {
      await close();
    }
  });

  it("reminds before the due time and escalates once overdue, once each, when the sweep runs", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const p = await province(db, engine);
      const services = recorder();
      const settings = DEFAULT_PETITION_SETTINGS;
      const r = await submitPetition(db, services, settings, {
        sender: { userId: null, organisationId: null },
        petition: form(),
        fileIds: [],
        ip: "203.0.113.4",
        policy,
        now: MONDAY,
      });
      const code = (r as { code: string }).code;
      await actOnPetition(db, services, settings, { actor: p.router, code, version: 1, params: { action: "forward", targetAgencyId: p.justice }, now: MONDAY });
      services.sent.length = 0;
      // Due Tuesday 18/03 09:00 (Wednesday 05/03 off). Two days before: nothing. Within 24 hours: a reminder to the
      // handler, once.
      expect(await sweepPetitions(db, services, settings, at("2031-03-16T01:00:00.000Z"))).toEqual({ reminded: 0, escalated: 0 });
      expect(await sweepPetitions(db, services, settings, at("2031-03-17T03:00:00.000Z"))).toEqual({ reminded: 1, escalated: 0 });
      expect(await sweepPetitions(db, services, settings, at("2031-03-17T04:00:00.000Z"))).toEqual({ reminded: 0, escalated: 0 });
      expect(services.sent).toMatchObject([{ kind: "reminder", to: "chuyen.vien@stp.hagiang.gov.vn", code }]);
      // Overdue: the agency's leader and the control unit, once.
      expect(await sweepPetitions(db, services, settings, at("2031-03-18T03:00:00.000Z"))).toEqual({ reminded: 0, escalated: 1 });
      expect(await sweepPetitions(db, services, settings, at("2031-03-19T03:00:00.000Z"))).toEqual({ reminded: 0, escalated: 0 });
      expect(
        services.sent
          .slice(1)
          .map((n) => [n.kind, n.to])
          .sort()
      ).toEqual([
        ["escalated", "dieu.phoi@hagiang.gov.vn"],
        ["escalated", "lanh.dao@stp.hagiang.gov.vn"],
      ]);
      // Answered late: counted as late.
      await actOnPetition(db, services, settings, {
        actor: p.handler,
        code,
        version: 4,
        params: { action: "draft", body: "Trả lời muộn nhưng đầy đủ." },
        now: at("2031-03-19T03:00:00.000Z"),
      });
      await actOnPetition(db, services, settings, { actor: p.leader, code, version: 5, params: { action: "approve" }, now: at("2031-03-19T04:00:00.000Z") });
      expect((await officialPetition(db, settings, p.leader, code, MONDAY))!).toMatchObject({ status: "answered", answeredOnTime: false });
      // The numbers: one received and answered late, one more received and still with the control unit.
      await submitPetition(db, services, settings, { sender: { userId: null, organisationId: null }, petition: form(), fileIds: [], ip: "203.0.113.4", policy, now: MONDAY });
      const numbers = await petitionNumbers(db, { from: "2031-03-01T00:00:00.000Z", to: "2031-04-01T00:00:00.000Z" });
      expect(numbers.total).toEqual({ received: 2, forwarded: 1, answeredOnTime: 0, answeredLate: 1, pending: 1, closed: 0, satisfied: 0, unsatisfied: 0 });
      expect(numbers.byAgency.find((a) => a.agencyId === p.justice)!.figures).toMatchObject({ received: 1, answeredLate: 1 });
      expect(numbers).toMatchObject({ onTimeShare: 0, satisfaction: null });
      expect((await petitionNumbers(db, { from: "2031-04-01T00:00:00.000Z", to: "2031-05-01T00:00:00.000Z" })).total.received).toBe(0);
    } finally {
      await close();
    }
  });
});
