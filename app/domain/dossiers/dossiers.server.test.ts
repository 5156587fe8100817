import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedProvince } from "../../../db/seed/seed";
import { engines, migratedDatabase } from "../../../db/testing";
import type { Db } from "../../platform/db.server";
import { newId } from "../../platform/ids.server";
import { POLICIES } from "../../platform/rate-limit.server";
import { createFileStorage } from "../../platform/storage.server";
import type { Actor } from "../access/permissions";
import { importCatalog } from "../procedures/catalog.server";
import { fixtureCatalog, fixtureTemplates } from "../procedures/catalog.fixture";
import type { BackOfficeServices, NoticeInput } from "./back-office.seams";
import { markMyNotificationsRead, myDossier, myDossiers, myNotifications, submitDossier, trackDossier, withdrawDossier, type DossierServices, type DossierSubmittedMail, type SubmitInput } from "./dossiers.server";

// Submission, withdrawal, tracking and "my dossiers" on both databases (issue 5, items 4 and 5).

const dir = await mkdtemp(join(tmpdir(), "dossiers-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

// Tuesday 1 December 2026, 09:00 in Hà Giang.
const NOW = new Date("2026-12-01T02:00:00Z");
const SETTINGS = { baseUrl: "http://portal.test" };

describe.each(engines)("dossiers on %s", (engine) => {
  let db: Db;
  let close: () => Promise<void>;
  let birth: { versionId: string };
  let record: { versionId: string };
  let commune: { id: string; code: string };
  let department: { id: string; code: string };
  let otherCommune: { id: string };
  const mails: DossierSubmittedMail[] = [];
  const services: DossierServices = {
    async sendSubmittedMail(trx, mail) {
      mails.push(mail);
      // Written in the transaction: a rolled-back submission leaves no mail.
      await trx.insertInto("mail_outbox").values({ id: newId(), to_address: mail.to, subject: mail.code, text_body: "", html_body: null, created_at: "x", attempts: 0, next_attempt_at: "x", sent_at: null, last_error: null }).execute();
    },
  };

  // The back office's seams as test doubles: withdrawal goes through the engine, which notifies the applicant.
  const notices: NoticeInput[] = [];
  const backOffice: BackOfficeServices = {
    async issueForm() {
      return "x";
    },
    async notifyApplicant(_trx, input) {
      notices.push(input);
    },
    async alertOfficials() {},
    async signResult() {
      return { ok: false, reason: "signingUnavailable" };
    },
  };

  const user = async (opts: { verified?: boolean } = {}) => {
    const id = newId();
    const at = NOW.toISOString();
    await db
      .insertInto("users")
      .values({ id, kind: "citizen", status: "active", full_name: "Lò Thị Mai", cccd: null, birth_date: "1990-06-12", email: `${id}@example.vn`, phone: null, password_hash: null, email_verified_at: opts.verified === false ? null : at, eid_verified_at: null, eid_issuer: null, eid_subject: null, totp_secret: null, totp_confirmed_at: null, totp_last_step: null, created_at: at, updated_at: at })
      .execute();
    return id;
  };
  const file = async (ownerUserId: string, opts: { organisationId?: string; mediaType?: string; size?: number; deleted?: boolean } = {}) => {
    const id = newId();
    await db
      .insertInto("files")
      .values({ id, sha256: "a".repeat(64), size_bytes: opts.size ?? 1000, media_type: opts.mediaType ?? "application/pdf", original_name: "to-khai.pdf", owner_user_id: ownerUserId, owner_organisation_id: opts.organisationId ?? null, source: "upload", signature_status: "not_checked", created_at: NOW.toISOString(), deleted_at: opts.deleted ? NOW.toISOString() : null })
      .execute();
    return id;
  };
  const citizen = (userId: string, organisationId?: string): Actor => ({ kind: "citizen", userId, actingFor: organisationId ? { organisationId, name: "Công ty", taxCode: "0100109106" } : null });
  const applicant = { fullName: "Lò Thị Mai", cccd: "002190012345", phone: "0912345678", email: "", address: "Hà Giang" };
  const answers = { fullName: "Lò Thị Mai", idNumber: "002190012345" };
  async function birthInput(userId: string, overrides: Partial<SubmitInput> = {}): Promise<SubmitInput> {
    return {
      actor: citizen(userId),
      procedureVersionId: birth.versionId,
      agencyId: commune.id,
      applicant,
      answers,
      documents: [
        { documentIndex: 0, fileIds: [await file(userId)] },
        { documentIndex: 1, fileIds: [await file(userId, { mediaType: "image/jpeg" })] },
      ],
      idempotencyKey: newId(),
      now: NOW,
      ...overrides,
    };
  }

  beforeAll(async () => {
    ({ db, close } = await migratedDatabase(engine));
    await seedProvince(db);
    const readFile = async (path: string) => fixtureTemplates[path] ?? new Uint8Array();
    expect((await importCatalog(db, createFileStorage(dir), fixtureCatalog(), { readFile })).ok).toBe(true);
    const versions = await db.selectFrom("procedure_versions as v").innerJoin("procedures as p", "p.id", "v.procedure_id").select(["v.id", "p.code"]).execute();
    birth = { versionId: versions.find((v) => v.code === "1.001193")!.id };
    record = { versionId: versions.find((v) => v.code === "2.000488")!.id };
    const communes = await db
      .selectFrom("procedure_offerings as o")
      .innerJoin("agencies as a", "a.id", "o.agency_id")
      .select(["a.id", "a.code"])
      .where("o.version_id", "=", birth.versionId)
      .orderBy("a.code")
      .limit(2)
      .execute();
    commune = communes[0]!;
    otherCommune = communes[1]!;
    department = await db.selectFrom("agencies").select(["id", "code"]).where("code", "=", "000.01.01.H22").executeTakeFirstOrThrow();
  });
  afterAll(() => close());

  it("submits: status 1, the code of the agency's day, the deadlines from the calendar, history, notification, e-mail", async () => {
    const userId = await user();
    const result = await submitDossier(db, services, SETTINGS, await birthInput(userId));
    expect(result).toMatchObject({ ok: true, created: true, code: `${commune.code}-261201-0001` });
    const row = await db.selectFrom("dossiers").selectAll().where("code", "=", `${commune.code}-261201-0001`).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 1, channel: "online", owner_user_id: userId, owner_organisation_id: null, received_at: NOW.toISOString(), version: 1 });
    // 8 working hours from Tuesday 09:00: Wednesday 09:00. Same-day procedure received before 15:00: 17:00 today.
    expect(row.acceptance_due_at).toBe("2026-12-02T02:00:00.000Z");
    expect(row.due_at).toBe("2026-12-01T10:00:00.000Z");
    expect(JSON.parse(row.applicant)).toEqual({ fullName: "Lò Thị Mai", cccd: "002190012345", phone: "0912345678", email: null, address: "Hà Giang" });
    expect(await db.selectFrom("dossier_documents").select(["document_index", "document_name"]).where("dossier_id", "=", row.id).orderBy("document_index").execute()).toEqual([
      { document_index: 0, document_name: "Tờ khai đăng ký khai sinh" },
      { document_index: 1, document_name: "Giấy chứng sinh" },
    ]);
    expect(await db.selectFrom("dossier_events").select(["status_from", "status_to", "agency_id"]).where("dossier_id", "=", row.id).execute()).toEqual([{ status_from: null, status_to: 1, agency_id: commune.id }]);
    expect(await db.selectFrom("notifications").select(["user_id", "kind"]).where("dossier_id", "=", row.id).execute()).toEqual([{ user_id: userId, kind: "dossier.submitted" }]);
    expect(mails.at(-1)).toMatchObject({ to: `${userId}@example.vn`, code: row.code, procedure: "Đăng ký khai sinh", link: `http://portal.test/my/dossiers/${row.code}` });
    // The e-mail knows the history row it reports (its delivery shows on the timeline).
    const submitted = await db.selectFrom("dossier_events").select("id").where("dossier_id", "=", row.id).executeTakeFirstOrThrow();
    expect(mails.at(-1)!.eventId).toBe(submitted.id);

    // A second dossier the same day at the same agency: 0002; a working-days procedure: due in 10 working days.
    const second = await submitDossier(db, services, SETTINGS, await birthInput(userId));
    expect(second).toMatchObject({ ok: true, code: `${commune.code}-261201-0002` });
    const other = await submitDossier(db, services, SETTINGS, {
      ...(await birthInput(userId)),
      procedureVersionId: record.versionId,
      agencyId: department.id,
      documents: [{ documentIndex: 0, fileIds: [await file(userId)] }],
    });
    expect(other).toMatchObject({ ok: true, code: `${department.code}-261201-0001` });
    const otherRow = await db.selectFrom("dossiers").select("due_at").where("code", "=", `${department.code}-261201-0001`).executeTakeFirstOrThrow();
    expect(otherRow.due_at).toBe("2026-12-15T02:00:00.000Z");
  });

  it("sends no e-mail to an unconfirmed address (the in-app notification still)", async () => {
    const userId = await user({ verified: false });
    const before = mails.length;
    expect((await submitDossier(db, services, SETTINGS, await birthInput(userId))).ok).toBe(true);
    expect(mails.length).toBe(before);
    expect(await db.selectFrom("notifications").select("kind").where("user_id", "=", userId).execute()).toEqual([{ kind: "dossier.submitted" }]);
  });

  it("refuses, with a reason and nothing written: a tampered or unknown version, an agency that does not offer it, bad answers, bad documents, someone else's file", async () => {
    const userId = await user();
    const stranger = await user();
    const count = async () => Number((await db.selectFrom("dossiers").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
    const sequences = async () => db.selectFrom("dossier_code_sequences").selectAll().orderBy("agency_id").execute();
    const before = { dossiers: await count(), sequences: await sequences() };
    const cases: [Partial<SubmitInput>, unknown][] = [
      [{ procedureVersionId: "00000000-0000-7000-8000-000000000000" }, { status: 404, errors: [{ field: "procedureVersionId", message: "dossiers:errors.unknownProcedure" }] }],
      [{ procedureVersionId: "' or 1=1" }, { status: 404, errors: [{ field: "procedureVersionId", message: "dossiers:errors.unknownProcedure" }] }],
      [{ agencyId: department.id }, { status: 400, errors: [{ field: "agencyId", message: "dossiers:errors.notOffered" }] }],
      [{ answers: { fullName: "" , idNumber: "123" } }, { status: 400, errors: [{ field: "answers.fullName", message: "form.errors.required" }, { field: "answers.idNumber", message: "form.errors.cccdLength" }] }],
      [{ applicant: { fullName: "", cccd: "", phone: "" } }, { status: 400, errors: [{ field: "applicant.fullName", message: "dossiers:errors.applicantName" }, { field: "applicant.cccd", message: "dossiers:errors.applicantContact" }] }],
      [{ documents: [{ documentIndex: 0, fileIds: [await file(userId)] }] }, { status: 400, errors: [{ field: "documents[1]", message: "dossiers:errors.documentMissing" }] }],
      [{ documents: [{ documentIndex: 0, fileIds: [await file(stranger)] }, { documentIndex: 1, fileIds: [await file(userId)] }] }, { status: 400, errors: [{ field: "documents[0]", message: "dossiers:errors.fileNotFound" }] }],
      [{ documents: [{ documentIndex: 0, fileIds: [await file(userId, { deleted: true })] }, { documentIndex: 1, fileIds: [await file(userId)] }] }, { status: 400, errors: [{ field: "documents[0]", message: "dossiers:errors.fileNotFound" }] }],
      [{ documents: [{ documentIndex: 0, fileIds: [await file(userId, { mediaType: "image/png" })] }, { documentIndex: 1, fileIds: [await file(userId)] }] }, { status: 400, errors: [{ field: "documents[0]", message: "dossiers:errors.fileType" }] }],
      [{ documents: [{ documentIndex: 0, fileIds: [await file(userId, { size: 6 * 1024 * 1024 })] }, { documentIndex: 1, fileIds: [await file(userId)] }] }, { status: 400, errors: [{ field: "documents[0]", message: "dossiers:errors.fileTooLarge" }] }],
      [{ documents: [{ documentIndex: 0, fileIds: [await file(userId)] }, { documentIndex: 1, fileIds: [await file(userId)] }, { documentIndex: 7, fileIds: [await file(userId)] }] }, { status: 400, errors: [{ field: "documents[7]", message: "dossiers:errors.documentUnknown" }] }],
      [{ caseCode: "khong-co" }, { status: 400, errors: [{ field: "caseCode", message: "dossiers:errors.caseUnknown" }] }],
      [{ idempotencyKey: "x" }, { status: 400, errors: [{ field: "form", message: "dossiers:errors.idempotencyKey" }] }],
      [{ actor: { kind: "anonymous" } }, { status: 403 }],
    ];
    for (const [overrides, expected] of cases) {
      const result = await submitDossier(db, services, SETTINGS, { ...(await birthInput(userId)), ...overrides });
      expect(result, JSON.stringify(overrides)).toMatchObject({ ok: false, ...(expected as object) });
    }
    expect(await count()).toBe(before.dossiers);
    expect(await sequences()).toEqual(before.sequences);
  });

  it("gives 20 concurrent submissions at one agency unique, gapless codes", async () => {
    const userId = await user();
    const now = new Date("2026-12-03T03:00:00Z");
    const inputs = await Promise.all(Array.from({ length: 20 }, () => birthInput(userId, { now, agencyId: otherCommune.id })));
    const results = await Promise.all(inputs.map((input) => submitDossier(db, services, SETTINGS, input)));
    const codes = results.map((r) => (r.ok ? r.code : "refused")).sort();
    const agencyCode = (await db.selectFrom("agencies").select("code").where("id", "=", otherCommune.id).executeTakeFirstOrThrow()).code;
    expect(codes).toEqual(Array.from({ length: 20 }, (_, i) => `${agencyCode}-261203-${String(i + 1).padStart(4, "0")}`));
  });

  it("makes one dossier of a double click or a retried request (the same key, also at the same time)", async () => {
    const userId = await user();
    const input = await birthInput(userId, { now: new Date("2026-12-04T03:00:00Z") });
    const first = await submitDossier(db, services, SETTINGS, input);
    const again = await submitDossier(db, services, SETTINGS, input);
    expect(first).toMatchObject({ ok: true, created: true });
    expect(again).toEqual({ ...first, created: false });

    const concurrent = await birthInput(userId, { now: new Date("2026-12-04T04:00:00Z") });
    const results = await Promise.all(Array.from({ length: 5 }, () => submitDossier(db, services, SETTINGS, concurrent)));
    const made = results.filter((r) => r.ok && r.created);
    expect(made).toHaveLength(1);
    expect(new Set(results.map((r) => (r.ok ? r.code : "refused")))).toEqual(new Set([made[0]!.ok ? made[0]!.code : ""]));
    const rows = await db.selectFrom("dossiers").select("code").where("owner_user_id", "=", userId).execute();
    expect(rows).toHaveLength(2);
    // No gap in the day's codes: the losing attempts rolled their increments back.
    const day = await db.selectFrom("dossiers").select("code").where("agency_id", "=", commune.id).where("code", "like", `%-261204-%`).execute();
    expect(day.map((r) => r.code.slice(-4)).sort()).toEqual(["0001", "0002"]);
  });

  it("shows a business's dossiers to every representative acting for it, and not to them acting for themselves", async () => {
    const [a, b, stranger] = [await user(), await user(), await user()];
    const orgId = newId();
    await db.insertInto("organisations").values({ id: orgId, tax_code: `01${String(Date.now()).slice(-8)}`, name: "Công ty TNHH Thử", address: null, created_at: NOW.toISOString() }).execute();
    const filed = await submitDossier(db, services, SETTINGS, {
      ...(await birthInput(a)),
      actor: citizen(a, orgId),
      documents: [
        { documentIndex: 0, fileIds: [await file(a, { organisationId: orgId })] },
        { documentIndex: 1, fileIds: [await file(b, { organisationId: orgId })] },
      ],
    });
    expect(filed.ok).toBe(true);
    const code = filed.ok ? filed.code : "";
    const asB = { kind: "citizen" as const, userId: b, actingFor: { organisationId: orgId, name: "x", taxCode: "x" } };
    expect((await myDossiers(db, { actor: asB, status: null, page: 1 })).items.map((d) => d.code)).toEqual([code]);
    expect(await myDossier(db, { actor: asB, code })).toMatchObject({ code, status: 1, canWithdraw: true });
    expect((await myDossiers(db, { actor: { kind: "citizen", userId: b, actingFor: null }, status: null, page: 1 })).items).toEqual([]);
    expect(await myDossier(db, { actor: { kind: "citizen", userId: a, actingFor: null }, code })).toBeNull();
    expect(await myDossier(db, { actor: { kind: "citizen", userId: stranger, actingFor: null }, code })).toBeNull();

    // The in-app notification is the business's: every representative acting for it sees it, and reading it marks it
    // read for all of them; nobody sees it on their own behalf.
    expect(await myNotifications(db, { actor: asB })).toMatchObject([{ kind: "dossier.submitted", code, unread: true }]);
    expect(await myNotifications(db, { actor: { kind: "citizen", userId: b, actingFor: null } })).toEqual([]);
    expect(await myNotifications(db, { actor: { kind: "citizen", userId: stranger, actingFor: null } })).toEqual([]);
    expect(await markMyNotificationsRead(db, { actor: asB })).toBe(1);
    expect(await myNotifications(db, { actor: { kind: "citizen", userId: a, actingFor: { organisationId: orgId, name: "x", taxCode: "x" } } })).toMatchObject([{ code, unread: false }]);
    expect(await markMyNotificationsRead(db, { actor: asB })).toBe(0);
  });

  it("lists my dossiers by status, paginated, newest first; withdraws while allowed, once", async () => {
    const userId = await user();
    const stranger = await user();
    const codes: string[] = [];
    for (let i = 0; i < 22; i++) {
      const r = await submitDossier(db, services, SETTINGS, await birthInput(userId, { now: new Date(Date.UTC(2026, 11, 7, 2, i)) }));
      if (r.ok) codes.push(r.code);
    }
    const me = { kind: "citizen" as const, userId, actingFor: null };
    const first = await myDossiers(db, { actor: me, status: null, page: 1 });
    expect(first).toMatchObject({ total: 22, pages: 2, page: 1 });
    expect(first.items[0]!.code).toBe(codes.at(-1));
    expect((await myDossiers(db, { actor: me, status: null, page: 9 })).items.map((d) => d.code)).toEqual([codes[1], codes[0]]);

    // Through the back-office engine, with the version the owner saw (the withdraw form's hidden field).
    const version = async (code: string) => (await myDossier(db, { actor: me, code }))!.version;
    const v0 = await version(codes[0]!);
    expect(v0).toBe(1);
    expect(await withdrawDossier(db, backOffice, {}, { actor: { kind: "citizen", userId: stranger, actingFor: null }, code: codes[0]!, version: v0 })).toEqual({ ok: false, status: 404, message: "dossiers:errors.notFound" });
    expect(await withdrawDossier(db, backOffice, {}, { actor: me, code: codes[0]!, version: v0 + 1 })).toEqual({ ok: false, status: 409, message: "dossiers:errors.changed" });
    expect(await withdrawDossier(db, backOffice, {}, { actor: me, code: codes[0]!, version: v0, now: new Date("2026-12-07T05:00:00Z") })).toEqual({ ok: true });
    expect(notices.at(-1)).toMatchObject({ kind: "withdrawn" });
    // Once: the page it was withdrawn from is stale, and the fresh one offers no withdrawal.
    expect(await withdrawDossier(db, backOffice, {}, { actor: me, code: codes[0]!, version: v0 })).toEqual({ ok: false, status: 409, message: "dossiers:errors.changed" });
    expect(await withdrawDossier(db, backOffice, {}, { actor: me, code: codes[0]!, version: await version(codes[0]!) })).toEqual({ ok: false, status: 409, message: "dossiers:errors.notWithdrawable" });
    expect((await myDossiers(db, { actor: me, status: 7, page: 1 })).items.map((d) => d.code)).toEqual([codes[0]]);
    const view = await myDossier(db, { actor: me, code: codes[0]! });
    expect(view?.timeline.map((e) => [e.statusFrom, e.status, e.byApplicant])).toEqual([
      [null, 1, true],
      [1, 7, true],
    ]);
    expect(view?.canWithdraw).toBe(false);

    // A dossier whose status moved on to 9 (result ready) cannot be withdrawn any more.
    await db.updateTable("dossiers").set({ status: 9 }).where("code", "=", codes[1]!).execute();
    expect(await withdrawDossier(db, backOffice, {}, { actor: me, code: codes[1]!, version: await version(codes[1]!) })).toEqual({ ok: false, status: 409, message: "dossiers:errors.notWithdrawable" });
  });

  it("tracks by code and the last 4 digits of the CCCD or phone; the same answer for an unknown code and a wrong factor; limited per address", async () => {
    const userId = await user();
    const filed = await submitDossier(db, services, SETTINGS, await birthInput(userId, { now: new Date("2026-12-08T02:00:00Z") }));
    const code = filed.ok ? filed.code : "";
    const policy = { ...POLICIES.dossierTrackingIp, free: 5, blockAfter: 50 };
    const ip = `198.51.100.${engine === "sqlite" ? 1 : 2}`;
    const track = (c: string, factor: string, at = new Date("2026-12-08T03:00:00Z")) => trackDossier(db, { code: c, factor, ip, policy, now: at });
    const found = await track(code, "2345");
    expect(found).toMatchObject({ ok: true, dossier: { code, status: 1, procedureName: "Đăng ký khai sinh", dueAt: "2026-12-08T10:00:00.000Z" } });
    expect(found.ok && found.dossier.timeline).toEqual([expect.objectContaining({ status: 1, unit: expect.any(String) })]);
    expect(found.ok && JSON.stringify(found.dossier)).not.toContain("002190012345");
    expect(await track(code, "5678")).toMatchObject({ ok: true });
    const wrong = await track(code, "1111");
    const unknown = await track(`${code.slice(0, -4)}9999`, "2345");
    expect(wrong).toEqual({ ok: false, reason: "notFound" });
    expect(unknown).toEqual(wrong);
    expect(await track(code, "2345")).toMatchObject({ ok: true });
    // The 6th lookup of the window waits, found or not.
    expect(await track(code, "2345")).toMatchObject({ ok: false, reason: "rateLimited" });
    expect(await track(code, "1111")).toMatchObject({ ok: false, reason: "rateLimited" });
    expect(await trackDossier(db, { code, factor: "2345", ip: "203.0.113.9", policy, now: new Date("2026-12-08T03:00:00Z") })).toMatchObject({ ok: true });
  });
});
