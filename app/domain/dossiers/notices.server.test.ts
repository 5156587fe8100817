import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedProvince } from "../../../db/seed/seed";
import { engines, migratedDatabase } from "../../../db/testing";
import type { Db } from "../../platform/db.server";
import { backOfficeNotices, noticeOutboxes } from "../../platform/dossier-services.server";
import { newId } from "../../platform/ids.server";
import type { Mailer } from "../../platform/mail.server";
import { deliverDueMail } from "../../platform/mail-outbox.server";
import { createLogger } from "../../platform/logger.server";
import { createLoggingSmsProvider } from "../../platform/sms.server";
import { deliverDueSms } from "../../platform/sms-outbox.server";
import { createFileStorage } from "../../platform/storage.server";
import type { Actor } from "../access/permissions";
import { importCatalog } from "../procedures/catalog.server";
import { fixtureCatalog, fixtureTemplates } from "../procedures/catalog.fixture";
import { myDossier, myNotifications, submitDossier, type DossierServices } from "./dossiers.server";
import { alertOfficials, markOfficialNotificationsRead, notifyApplicant, officialNotifications } from "./notices.server";
import type { NoticeKind } from "./workflow";

// Notices on both databases (issue 6): the in-app row, the e-mail and SMS rows linked to the history row, who gets
// an e-mail, organisations, officials' warnings, and the delivery status on the owner's timeline.

const dir = await mkdtemp(join(tmpdir(), "notices-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

const NOW = new Date("2026-12-01T02:00:00Z");
const LATER = new Date("2026-12-02T03:00:00Z");
const SETTINGS = { baseUrl: "http://portal.test" };
const noMail: DossierServices = { async sendSubmittedMail() {} };
const silent = createLogger("silent");

describe.each(engines)("notices on %s", (engine) => {
  let db: Db;
  let close: () => Promise<void>;
  let versionId: string;
  let communeId: string;

  const user = async (opts: { verified?: boolean; email?: string } = {}) => {
    const id = newId();
    const at = NOW.toISOString();
    await db
      .insertInto("users")
      .values({ id, kind: "citizen", status: "active", full_name: "Lò Thị Mai", cccd: null, birth_date: "1990-06-12", email: opts.email ?? `${id}@example.vn`, phone: null, password_hash: null, email_verified_at: opts.verified === false ? null : at, eid_verified_at: null, eid_issuer: null, eid_subject: null, totp_secret: null, totp_confirmed_at: null, totp_last_step: null, created_at: at, updated_at: at })
      .execute();
    return id;
  };
  const file = async (ownerUserId: string, organisationId: string | null, mediaType = "application/pdf") => {
    const id = newId();
    await db
      .insertInto("files")
      .values({ id, sha256: "a".repeat(64), size_bytes: 1000, media_type: mediaType, original_name: "to-khai.pdf", owner_user_id: ownerUserId, owner_organisation_id: organisationId, source: "upload", signature_status: "not_checked", created_at: NOW.toISOString(), deleted_at: null })
      .execute();
    return id;
  };
  const citizen = (userId: string, organisationId?: string): Extract<Actor, { kind: "citizen" }> => ({ kind: "citizen", userId, actingFor: organisationId ? { organisationId, name: "Công ty", taxCode: "0100109106" } : null });

  /** A submitted dossier (status 1) of the user, or of the organisation the user acts for. */
  async function dossier(userId: string, applicant: { phone?: string; email?: string; cccd?: string }, organisationId?: string) {
    const result = await submitDossier(db, noMail, SETTINGS, {
      actor: citizen(userId, organisationId),
      procedureVersionId: versionId,
      agencyId: communeId,
      applicant: { fullName: "Lò Văn Páo", cccd: applicant.cccd ?? "002190012345", phone: applicant.phone ?? "", email: applicant.email ?? "", address: "" },
      answers: { fullName: "Lò Thị Mai", idNumber: "002190012345" },
      documents: [
        { documentIndex: 0, fileIds: [await file(userId, organisationId ?? null)] },
        { documentIndex: 1, fileIds: [await file(userId, organisationId ?? null, "image/jpeg")] },
      ],
      idempotencyKey: newId(),
      now: NOW,
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return { id: result.dossierId, code: result.code };
  }

  /** What the engine does before calling notifyApplicant: the history row (the dossier's new state set by the test). */
  async function event(dossierId: string, statusTo: number, noteParams: unknown = null) {
    const id = newId();
    await db
      .insertInto("dossier_events")
      .values({ id, dossier_id: dossierId, at: LATER.toISOString(), status_from: 1, status_to: statusTo, actor_type: "official", actor_id: null, agency_id: communeId, note_key: null, note_params: noteParams === null ? null : JSON.stringify(noteParams), clock: null })
      .execute();
    return id;
  }

  const notify = (dossierId: string, eventId: string, kind: NoticeKind) => db.transaction().execute((trx) => notifyApplicant(trx, noticeOutboxes, SETTINGS, { dossierId, eventId, kind, now: LATER }));
  const mailsOf = (eventId: string) => db.selectFrom("mail_outbox").selectAll().where("dossier_event_id", "=", eventId).orderBy("to_address").execute();
  const smsOf = (eventId: string) => db.selectFrom("sms_outbox").selectAll().where("dossier_event_id", "=", eventId).execute();

  beforeAll(async () => {
    ({ db, close } = await migratedDatabase(engine));
    await seedProvince(db);
    const readFile = async (path: string) => fixtureTemplates[path] ?? new Uint8Array();
    expect((await importCatalog(db, createFileStorage(dir), fixtureCatalog(), { readFile })).ok).toBe(true);
    const versions = await db.selectFrom("procedure_versions as v").innerJoin("procedures as p", "p.id", "v.procedure_id").select(["v.id", "p.code"]).execute();
    versionId = versions.find((v) => v.code === "1.001193")!.id;
    const offering = await db.selectFrom("procedure_offerings as o").innerJoin("agencies as a", "a.id", "o.agency_id").select(["a.id"]).where("o.version_id", "=", versionId).orderBy("a.code").executeTakeFirstOrThrow();
    communeId = offering.id;
  });
  afterAll(() => close());

  it("an acceptance: the in-app row, an e-mail to the account and one to the applicant's other address, an SMS, all linked to the history row", async () => {
    const owner = await user();
    // The dossier's schema lower-cases the address it is given.
    const d = await dossier(owner, { phone: "0912345678", email: "Pao.Lo@Example.vn" });
    await db.updateTable("dossiers").set({ status: 2, due_at: "2026-12-15T10:00:00.000Z" }).where("id", "=", d.id).execute();
    const eventId = await event(d.id, 2);
    await notify(d.id, eventId, "accepted");

    expect(await db.selectFrom("notifications").select(["user_id", "organisation_id", "kind", "created_at"]).where("dossier_id", "=", d.id).where("kind", "=", "dossier.accepted").execute()).toEqual([
      { user_id: owner, organisation_id: null, kind: "dossier.accepted", created_at: LATER.toISOString() },
    ]);
    const mails = await mailsOf(eventId);
    expect(mails.map((m) => m.to_address).sort()).toEqual([`${owner}@example.vn`, "pao.lo@example.vn"].sort());
    for (const m of mails) {
      expect(m).toMatchObject({ subject: `Hồ sơ ${d.code} đã được tiếp nhận`, attempts: 0, sent_at: null, created_at: LATER.toISOString() });
      expect(m.text_body).toContain("Ngày hẹn trả kết quả: 15/12/2026 17:00");
      expect(m.text_body).toContain(`http://portal.test/my/dossiers/${d.code}`);
      expect(m.text_body).toContain(`Dossier code: ${d.code}`);
    }
    expect(mails.find((m) => m.to_address === "pao.lo@example.vn")!.text_body.startsWith("Xin chào Lò Văn Páo,")).toBe(true);
    const texts = await smsOf(eventId);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatchObject({ to_phone: "0912345678", attempts: 0, sent_at: null });
    expect(texts[0]!.body).toBe(`Hồ sơ ${d.code} đã được tiếp nhận, hẹn trả kết quả 15/12/2026. Chi tiết: portal.test`);
    // The owner sees it in "my dossiers".
    expect(await myNotifications(db, { actor: citizen(owner) })).toMatchObject([{ kind: "dossier.accepted", code: d.code, unread: true }, { kind: "dossier.submitted" }]);
  });

  it("a dossier filed at the counter (held by the officer's account): only the walk-in applicant's contacts, with the tracking page", async () => {
    const officer = await user();
    const d = await dossier(officer, { phone: "0912345678", email: "walkin@example.vn" });
    await db.updateTable("users").set({ kind: "official" }).where("id", "=", officer).execute();
    await db.updateTable("dossiers").set({ status: 2, channel: "in_person", due_at: "2026-12-15T10:00:00.000Z" }).where("id", "=", d.id).execute();
    const eventId = await event(d.id, 2);
    await notify(d.id, eventId, "accepted");
    expect(await db.selectFrom("notifications").select("kind").where("dossier_id", "=", d.id).where("kind", "=", "dossier.accepted").execute()).toEqual([]);
    const mails = await mailsOf(eventId);
    expect(mails.map((m) => m.to_address)).toEqual(["walkin@example.vn"]);
    expect(mails[0]!.text_body).toContain(`http://portal.test/dossiers/track?code=${encodeURIComponent(d.code)}`);
    expect(await smsOf(eventId)).toHaveLength(1);
  });

  it("no e-mail when the account's address is not confirmed and the dossier gives none; no SMS without a phone", async () => {
    const owner = await user({ verified: false });
    const d = await dossier(owner, { phone: "0987654321" });
    const eventId = await event(d.id, 3, { reasons: ["invalidDocuments"], text: "Ảnh mờ", legalBasis: null });
    await notify(d.id, eventId, "refused");
    expect(await mailsOf(eventId)).toEqual([]);
    expect((await smsOf(eventId)).map((s) => s.body)).toEqual([`Hồ sơ ${d.code} không được tiếp nhận. Xem lý do tại portal.test`]);
    expect(await db.selectFrom("notifications").select("kind").where("dossier_id", "=", d.id).where("kind", "=", "dossier.refused").execute()).toHaveLength(1);

    // A number the SMS outbox would refuse (free text in an old dossier) gives no SMS and does not fail the notice.
    await db.updateTable("dossiers").set({ applicant: JSON.stringify({ fullName: "Lò Văn Páo", cccd: null, phone: "gọi 112", email: null, address: null }) }).where("id", "=", d.id).execute();
    const oddEvent = await event(d.id, 3);
    await notify(d.id, oddEvent, "refused");
    expect(await smsOf(oddEvent)).toEqual([]);

    const other = await user({ verified: false });
    const quiet = await dossier(other, {});
    const quietEvent = await event(quiet.id, 3);
    await notify(quiet.id, quietEvent, "refused");
    expect(await mailsOf(quietEvent)).toEqual([]);
    expect(await smsOf(quietEvent)).toEqual([]);
  });

  it("the same address twice (the account's and the applicant's, in another case) gets one e-mail, with the refusal's reasons", async () => {
    const owner = await user({ email: `mai.${newId()}@example.vn` });
    const address = (await db.selectFrom("users").select("email").where("id", "=", owner).executeTakeFirstOrThrow()).email!;
    const d = await dossier(owner, { email: address.toUpperCase() });
    const eventId = await event(d.id, 3, { reasons: ["invalidDocuments", "other"], text: "Giấy chứng sinh <b>mờ</b>", legalBasis: "Điều 16" });
    await notify(d.id, eventId, "refused");
    const mails = await mailsOf(eventId);
    expect(mails.map((m) => m.to_address)).toEqual([address]);
    expect(mails[0]!.text_body).toContain("- Giấy tờ trong hồ sơ không hợp lệ");
    expect(mails[0]!.text_body).toContain("Nội dung: Giấy chứng sinh <b>mờ</b>");
    expect(mails[0]!.html_body).toContain("Giấy chứng sinh &lt;b&gt;mờ&lt;/b&gt;");
    expect(mails[0]!.text_body).toContain("Căn cứ pháp lý: Điều 16");
  });

  it("a supplementation request says what to fix (from the latest request) and by when", async () => {
    const owner = await user();
    const d = await dossier(owner, { phone: "0912345678" });
    const official = await user();
    for (const [seq, note] of [[1, "Yêu cầu cũ"], [2, "Bổ sung bản chụp rõ Giấy chứng sinh"]] as const) {
      await db
        .insertInto("dossier_supplements")
        .values({ id: newId(), dossier_id: d.id, seq, requested_at: LATER.toISOString(), requested_by: official, agency_id: communeId, status_at_request: 2, fields: JSON.stringify(["child.fullName"]), documents: JSON.stringify([1]), note, justification: null, respond_by: "2026-12-20T10:00:00.000Z", answered_at: null, paused_minutes: null, closed: null })
        .execute();
    }
    const eventId = await event(d.id, 5);
    await notify(d.id, eventId, "supplementRequested");
    const [mail] = await mailsOf(eventId);
    expect(mail!.text_body).toContain("Nội dung yêu cầu: Bổ sung bản chụp rõ Giấy chứng sinh");
    expect(mail!.text_body).not.toContain("Yêu cầu cũ");
    expect(mail!.text_body).toContain("- Giấy chứng sinh");
    expect(mail!.text_body).toContain("- 1 thông tin trên tờ khai");
    expect(mail!.text_body).toContain("Hạn bổ sung: 20/12/2026 17:00");
    expect((await smsOf(eventId))[0]!.body).toContain("cần bổ sung trước 20/12/2026");
  });

  it("an organisation's dossier: one in-app row for the organisation, an e-mail to each representative with a confirmed address", async () => {
    const [a, b, unconfirmed] = [await user(), await user(), await user({ verified: false })];
    const orgId = newId();
    await db.insertInto("organisations").values({ id: orgId, tax_code: `02${String(Date.now()).slice(-8)}`, name: "Công ty TNHH Thử", address: null, created_at: NOW.toISOString() }).execute();
    await db
      .insertInto("representatives")
      .values([a, b, unconfirmed].map((user_id, i) => ({ organisation_id: orgId, user_id, role: i === 0 ? ("legal_representative" as const) : ("authorised" as const), created_at: new Date(NOW.getTime() + i).toISOString() })))
      .execute();
    const d = await dossier(a, {}, orgId);
    const eventId = await event(d.id, 9);
    await db.updateTable("dossiers").set({ status: 9, return_channel: "online" }).where("id", "=", d.id).execute();
    await notify(d.id, eventId, "resultReady");
    expect(await db.selectFrom("notifications").select(["user_id", "organisation_id"]).where("dossier_id", "=", d.id).where("kind", "=", "dossier.resultReady").execute()).toEqual([{ user_id: a, organisation_id: orgId }]);
    const mails = await mailsOf(eventId);
    expect(mails.map((m) => m.to_address).sort()).toEqual([`${a}@example.vn`, `${b}@example.vn`].sort());
    expect(mails[0]!.text_body).toContain("Bạn có thể tải kết quả trên trang hồ sơ.");
    // Every representative acting for it sees the notification; acting for themselves they do not.
    expect(await myNotifications(db, { actor: citizen(b, orgId) })).toMatchObject([{ kind: "dossier.resultReady", code: d.code }, { kind: "dossier.submitted" }]);
    expect((await myNotifications(db, { actor: citizen(b) })).some((n) => n.code === d.code)).toBe(false);
  });

  it("written in the engine's transaction: rolled back with it", async () => {
    const owner = await user();
    const d = await dossier(owner, { phone: "0912345678" });
    const eventId = await event(d.id, 2);
    const notices = backOfficeNotices(SETTINGS);
    await expect(
      db.transaction().execute(async (trx) => {
        await notices.notifyApplicant(trx, { dossierId: d.id, eventId, kind: "accepted", now: LATER });
        throw new Error("the transition failed after the notice");
      }),
    ).rejects.toThrow("the transition failed");
    expect(await mailsOf(eventId)).toEqual([]);
    expect(await smsOf(eventId)).toEqual([]);
    expect(await db.selectFrom("notifications").select("id").where("dossier_id", "=", d.id).where("kind", "=", "dossier.accepted").execute()).toEqual([]);
    // An unknown history row is the engine's mistake: it fails loudly.
    await expect(db.transaction().execute((trx) => notices.notifyApplicant(trx, { dossierId: d.id, eventId: newId(), kind: "accepted", now: LATER }))).rejects.toThrow("history row");
  });

  it("warns officials in-app, once each, and lists an official's warnings", async () => {
    const owner = await user();
    const d = await dossier(owner, {});
    const [h, k] = [await user(), await user()];
    await db.transaction().execute((trx) => backOfficeNotices(SETTINGS).alertOfficials(trx, { dossierId: d.id, userIds: [h, k, h], kind: "stepDueSoon", now: LATER }));
    await alertOfficials(db, { dossierId: d.id, userIds: [h], kind: "stepOverdue", now: new Date(LATER.getTime() + 1000) });
    expect(await officialNotifications(db, h)).toMatchObject([
      { kind: "office.stepOverdue", code: d.code, unread: true },
      { kind: "office.stepDueSoon", code: d.code, unread: true },
    ]);
    expect(await officialNotifications(db, k)).toHaveLength(1);
    expect(await markOfficialNotificationsRead(db, h, LATER)).toBe(2);
    expect((await officialNotifications(db, h)).every((n) => !n.unread)).toBe(true);
    // Not mixed into the account's dossier notifications of the owner.
    expect((await myNotifications(db, { actor: citizen(owner) })).map((n) => n.kind)).toEqual(["dossier.submitted"]);
  });

  it("a mail server outage loses nothing: the e-mail stays queued and the owner's timeline says 'retrying'; the SMS goes", async () => {
    const owner = await user();
    const d = await dossier(owner, { phone: "0912345678" });
    const eventId = await event(d.id, 2);
    await notify(d.id, eventId, "accepted");
    const down: Mailer = {
      async send() {
        throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:25"), { code: "ECONNREFUSED" });
      },
      close() {},
    };
    const before = await myDossier(db, { actor: citizen(owner), code: d.code, now: LATER });
    expect(before!.timeline.find((e) => e.status === 2)!.deliveries).toEqual([
      { channel: "email", status: "queued" },
      { channel: "sms", status: "queued" },
    ]);
    const report = await deliverDueMail(db, down, { now: LATER, batch: 100 });
    expect(report.failed.length).toBeGreaterThan(0);
    const [mail] = await mailsOf(eventId);
    expect(mail).toMatchObject({ sent_at: null, attempts: 1 });
    expect(mail!.last_error).toContain("ECONNREFUSED");
    await deliverDueSms(db, createLoggingSmsProvider(silent), { now: LATER, batch: 100 });
    const after = await myDossier(db, { actor: citizen(owner), code: d.code, now: LATER });
    const row = after!.timeline.find((e) => e.status === 2)!;
    expect(row.deliveries).toEqual([
      { channel: "email", status: "retrying" },
      { channel: "sms", status: "sent" },
    ]);
    // No address in the view model; the submission row has no delivery (its mail was not linked).
    expect(JSON.stringify(after!.timeline)).not.toContain("@");
    expect(JSON.stringify(after!.timeline)).not.toContain("0912345678");
    expect(after!.timeline.find((e) => e.status === 1)!.deliveries).toBeUndefined();
  });
});
