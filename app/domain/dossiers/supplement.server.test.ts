import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedProvince } from "../../../db/seed/seed";
import { engines, migratedDatabase } from "../../../db/testing";
import type { Db } from "../../platform/db.server";
import { newId } from "../../platform/ids.server";
import { createFileStorage } from "../../platform/storage.server";
import type { Actor } from "../access/permissions";
import { seedStatutoryCalendar } from "../calendar/calendar.server";
import { importCatalog } from "../procedures/catalog.server";
import { fixtureCatalog, fixtureTemplates } from "../procedures/catalog.fixture";
import { applyAction } from "./back-office.server";
import type { BackOfficeServices } from "./back-office.seams";
import { myDossier, submitDossier } from "./dossiers.server";
import { issueName, resubmitSupplement, supplementPage } from "./supplement.server";

// The applicant's side of a supplementation request on both databases (issue 6): the page shows only what was
// flagged, the answer goes through the engine (due date moved, only flagged items accepted), owners only, status 5 only.

const dir = await mkdtemp(join(tmpdir(), "supplement-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

// Tuesday 1 December 2026, 09:00 in Hà Giang.
const NOW = new Date("2026-12-01T02:00:00Z");
const at = (iso: string) => new Date(iso);

it("names an engine field as the page's input", () => {
  expect(issueName("answers.fullName")).toBe("fullName");
  expect(issueName("answers.members.0.name")).toBe("members[0].name");
  expect(issueName("answers.address.district")).toBe("address.district");
  expect(issueName("documents[2]")).toBe("doc-2");
  expect(issueName("form")).toBe("");
});

describe.each(engines)("supplementation by the applicant on %s", (engine) => {
  let db: Db;
  let close: () => Promise<void>;
  let versionId: string;
  let centre: string;
  let justice: string;
  const services: BackOfficeServices = {
    async issueForm() {
      return "x";
    },
    async notifyApplicant() {},
    async alertOfficials() {},
    // The result "signed" keeps the uploaded file's hash (signing itself: approve-signing.server.test.ts).
    async signResult(input) {
      return { ok: true, sha256: input.result.sha256, sizeBytes: input.result.sizeBytes, code: "TEST00000001", signerSubject: "CN=Thử nghiệm", signedAt: input.now };
    },
  };

  const user = async (kind: "citizen" | "official") => {
    const id = newId();
    const t = NOW.toISOString();
    await db
      .insertInto("users")
      .values({ id, kind, status: "active", full_name: "Lò Thị Mai", cccd: null, birth_date: null, email: `${id}@example.vn`, phone: null, password_hash: null, email_verified_at: t, eid_verified_at: null, eid_issuer: null, eid_subject: null, totp_secret: null, totp_confirmed_at: null, totp_last_step: null, created_at: t, updated_at: t })
      .execute();
    return id;
  };
  const citizen = (userId: string, organisationId?: string) => ({ kind: "citizen" as const, userId, actingFor: organisationId ? { organisationId, name: "Công ty", taxCode: "0100109106" } : null });
  const official = async (agencyId: string, role: "receiving_officer" | "handler"): Promise<Actor> => ({ kind: "official", userId: await user("official"), roles: [{ agencyId, role }] });
  const file = async (ownerUserId: string, opts: { name?: string; mediaType?: string; organisationId?: string } = {}) => {
    const id = newId();
    await db
      .insertInto("files")
      .values({ id, sha256: "a".repeat(64), size_bytes: 1000, media_type: opts.mediaType ?? "application/pdf", original_name: opts.name ?? "to-khai.pdf", owner_user_id: ownerUserId, owner_organisation_id: opts.organisationId ?? null, source: "upload", signature_status: "not_checked", created_at: NOW.toISOString(), deleted_at: null })
      .execute();
    return id;
  };
  const dossier = (code: string) => db.selectFrom("dossiers").selectAll().where("code", "=", code).executeTakeFirstOrThrow();

  /** A judicial-record dossier accepted and at the handle step, then a supplementation request (fields, documents). */
  async function waiting(flag: { fields?: string[]; documents?: number[] }, opts: { organisationId?: string; answers?: Record<string, string> } = {}) {
    const owner = await user("citizen");
    const actor = citizen(owner, opts.organisationId);
    const submitted = await submitDossier(
      db,
      { async sendSubmittedMail() {} },
      { baseUrl: "http://portal.test" },
      {
        actor,
        procedureVersionId: versionId,
        agencyId: centre,
        applicant: { fullName: "Lò Thị Mai", cccd: "002190012345", phone: "0912345678", email: "", address: "Hà Giang" },
        answers: { fullName: "Lò Thị Mai", idNumber: "002190012345", ...opts.answers },
        documents: [{ documentIndex: 0, fileIds: [await file(owner, { name: "cu.pdf", organisationId: opts.organisationId })] }],
        idempotencyKey: newId(),
        now: NOW,
      },
    );
    if (!submitted.ok) throw new Error(JSON.stringify(submitted));
    const code = submitted.code;
    const receiver = await official(centre, "receiving_officer");
    const handler = await official(justice, "handler");
    const act = async (a: Actor, action: "accept" | "forward" | "requestSupplement", params: unknown, now: Date) =>
      applyAction(db, services, {}, { actor: a, dossier: { code }, action, version: (await dossier(code)).version, params, now });
    expect(await act(receiver, "accept", {}, NOW)).toMatchObject({ ok: true });
    expect(await act(receiver, "forward", {}, NOW)).toMatchObject({ ok: true });
    expect(await act(handler, "requestSupplement", { ...flag, note: "Tờ khai thiếu chữ ký; họ tên viết sai" }, at("2026-12-02T02:00:00Z"))).toMatchObject({ ok: true, status: 5 });
    return { owner, actor, code };
  }

  beforeAll(async () => {
    ({ db, close } = await migratedDatabase(engine));
    await seedProvince(db);
    await seedStatutoryCalendar(db, { fromYear: 2026, toYear: 2028, t: (key: string) => key, now: NOW });
    const readFile = async (path: string) => fixtureTemplates[path] ?? new Uint8Array();
    // The judicial record's form here also asks for a date that may not be in the past when it is given (the seed
    // catalog has such fields, e.g. "ngày dự kiến hoàn thành").
    const catalog = fixtureCatalog();
    const judicial = catalog.procedures.find((p) => p.code === "2.000488")!;
    judicial.form = structuredClone(judicial.form);
    judicial.form.sections[0]!.fields.push({ type: "date", name: "ngayMongMuon", labelKey: "f.fullName", min: "today" } as never);
    expect((await importCatalog(db, createFileStorage(dir), catalog, { readFile })).ok).toBe(true);
    versionId = (await db.selectFrom("procedure_versions as v").innerJoin("procedures as p", "p.id", "v.procedure_id").select("v.id").where("p.code", "=", "2.000488").executeTakeFirstOrThrow()).id;
    const code = (c: string) => db.selectFrom("agencies").select("id").where("code", "=", c).executeTakeFirstOrThrow().then((r) => r.id);
    centre = await code("000.01.01.H22");
    justice = await code("000.00.03.H22");
  });
  afterAll(() => close());

  it("shows the owner only the flagged fields and documents, with the current answers and files and the wallet's fitting files", async () => {
    const { owner, actor, code } = await waiting({ fields: ["fullName"], documents: [0] });
    const image = await file(owner, { name: "anh.jpg", mediaType: "image/jpeg" });
    const result = await supplementPage(db, { actor, code });
    if (!result.ok) throw new Error(result.reason);
    const page = result.page;
    expect(page.request).toMatchObject({ note: "Tờ khai thiếu chữ ký; họ tên viết sai", fields: [{ name: "fullName", labelKey: "f.fullName" }], documents: [{ index: 0, name: "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp" }] });
    expect(page.request.respondBy).toEqual(expect.any(String));
    expect(page.form.sections.flatMap((s) => s.fields.map((f) => f.name))).toEqual(["fullName"]);
    expect(page.values).toEqual({ fullName: "Lò Thị Mai" });
    expect(page.version).toBe((await dossier(code)).version);
    expect(page.documents).toHaveLength(1);
    expect(page.documents[0]!.files.map((f) => f.name)).toEqual(["cu.pdf"]);
    // A JPEG does not fit a PDF-only document.
    expect(page.documents[0]!.choices.map((f) => f.id)).not.toContain(image);
    expect(page.documents[0]!.choices.map((f) => f.name)).toContain("cu.pdf");

    // The dossier page says what is asked, by when, and only that.
    const view = await myDossier(db, { actor, code });
    expect(view).toMatchObject({ status: 5, supplement: { note: "Tờ khai thiếu chữ ký; họ tên viết sai", fields: [{ name: "fullName" }], documents: [{ index: 0 }] }, rescheduledDueAt: null });
  });

  it("takes a replaced document and a corrected field, resumes the clock and moves the due date", async () => {
    const { owner, actor, code } = await waiting({ fields: ["fullName"], documents: [0] });
    const before = await dossier(code);
    const replacement = await file(owner, { name: "moi.pdf" });
    const answer = { actor, code, version: before.version, answers: { fullName: "Lò Thị Hoa" }, documents: [{ documentIndex: 0, fileIds: [replacement] }], now: at("2026-12-03T02:00:00Z") };
    const result = await resubmitSupplement(db, services, {}, answer);
    expect(result).toMatchObject({ ok: true, code, status: 4 });
    const after = await dossier(code);
    expect(after).toMatchObject({ status: 4, paused_at: null });
    // Paused one working day (Wednesday 09:00 to Thursday 09:00): the due date moved by it.
    expect(Date.parse(after.due_at!)).toBeGreaterThan(Date.parse(before.due_at!));
    expect(result.ok && result.dueAt).toBe(after.due_at);
    expect(JSON.parse(after.answers)).toEqual({ fullName: "Lò Thị Hoa", idNumber: "002190012345" });
    expect((await db.selectFrom("dossier_documents").select("file_id").where("dossier_id", "=", after.id).execute()).map((r) => r.file_id)).toEqual([replacement]);
    // Answered: no more request on the dossier page, and the page itself is closed.
    expect(await myDossier(db, { actor, code })).toMatchObject({ status: 4, supplement: null });
    expect(await supplementPage(db, { actor, code })).toEqual({ ok: false, reason: "notWaiting" });
    // The same answer again: the dossier no longer waits.
    expect(await resubmitSupplement(db, services, {}, { ...answer, version: after.version })).toMatchObject({ ok: false, status: 409, message: "dossiers:supplement.errors.notWaiting" });
  });

  it("keeps an unflagged date that was not in the past when filed; a flagged date is checked against today", async () => {
    // Filed on 01/12 with a wished date of 02/12; the answer comes on 10/12, when 02/12 has passed.
    const filed = await waiting({ fields: ["fullName"] }, { answers: { ngayMongMuon: "2026-12-02" } });
    const later = at("2026-12-10T02:00:00Z");
    const base = { actor: filed.actor, code: filed.code, documents: [], now: later };
    expect(await resubmitSupplement(db, services, {}, { ...base, version: (await dossier(filed.code)).version, answers: { fullName: "Lò Thị Hoa" } })).toMatchObject({ ok: true, status: 4 });
    expect(JSON.parse((await dossier(filed.code)).answers)).toMatchObject({ fullName: "Lò Thị Hoa", ngayMongMuon: "2026-12-02" });
    // When the agency flags the date itself, the new one may not be in the past.
    const flagged = await waiting({ fields: ["ngayMongMuon"] }, { answers: { ngayMongMuon: "2026-12-02" } });
    const again = { actor: flagged.actor, code: flagged.code, documents: [], now: later, version: (await dossier(flagged.code)).version };
    expect(await resubmitSupplement(db, services, {}, { ...again, answers: { ngayMongMuon: "2026-12-03" } })).toMatchObject({ ok: false, status: 400, issues: [{ name: "ngayMongMuon", message: "form.errors.dateTooEarly" }] });
    expect(await resubmitSupplement(db, services, {}, { ...again, answers: { ngayMongMuon: "2026-12-11" } })).toMatchObject({ ok: true, status: 4 });
  });

  it("refuses a field that was not flagged, a missing flagged document, a bad answer and a stale version, changing nothing", async () => {
    const { owner, actor, code } = await waiting({ fields: ["fullName"], documents: [0] });
    const before = await dossier(code);
    const replacement = await file(owner);
    const documents = [{ documentIndex: 0, fileIds: [replacement] }];
    const base = { actor, code, version: before.version, documents, now: at("2026-12-03T02:00:00Z") };
    expect(await resubmitSupplement(db, services, {}, { ...base, answers: { fullName: "Lò Thị Hoa", idNumber: "001190012345" } })).toMatchObject({ ok: false, status: 400, message: "dossiers:supplement.errors.notFlagged" });
    expect(await resubmitSupplement(db, services, {}, { ...base, answers: { fullName: "Lò Thị Hoa" }, documents: [] })).toMatchObject({
      ok: false,
      status: 400,
      issues: [{ name: "doc-0", message: "dossiers:errors.documentMissing" }],
    });
    // A flagged field left empty is required again.
    expect(await resubmitSupplement(db, services, {}, { ...base, answers: {} })).toMatchObject({ ok: false, status: 400, issues: [{ name: "fullName", message: "form.errors.required" }] });
    // Somebody else's file is not found.
    const stranger = await user("citizen");
    expect(await resubmitSupplement(db, services, {}, { ...base, answers: { fullName: "Lò Thị Hoa" }, documents: [{ documentIndex: 0, fileIds: [await file(stranger)] }] })).toMatchObject({
      ok: false,
      issues: [{ name: "doc-0", message: "dossiers:errors.fileNotFound" }],
    });
    expect(await resubmitSupplement(db, services, {}, { ...base, version: before.version - 1, answers: { fullName: "Lò Thị Hoa" } })).toMatchObject({ ok: false, status: 409, message: "dossiers:supplement.errors.stale" });
    expect(await dossier(code)).toEqual(before);
    void owner;
  });

  it("is the owner's only: another citizen gets 404; a business's dossier is every representative's acting for it", async () => {
    const { code } = await waiting({ documents: [0] });
    const stranger = citizen(await user("citizen"));
    expect(await supplementPage(db, { actor: stranger, code })).toEqual({ ok: false, reason: "notFound" });
    expect(await resubmitSupplement(db, services, {}, { actor: stranger, code, version: (await dossier(code)).version, answers: {}, documents: [] })).toMatchObject({ ok: false, status: 404 });

    const orgId = newId();
    await db.insertInto("organisations").values({ id: orgId, tax_code: `01${String(Date.now()).slice(-8)}`, name: "Công ty TNHH Thử", address: null, created_at: NOW.toISOString() }).execute();
    const business = await waiting({ documents: [0] }, { organisationId: orgId });
    const colleague = await user("citizen");
    const asColleague = citizen(colleague, orgId);
    expect(await supplementPage(db, { actor: asColleague, code: business.code })).toMatchObject({ ok: true });
    // The same person on their own behalf does not see it.
    expect(await supplementPage(db, { actor: citizen(business.owner), code: business.code })).toEqual({ ok: false, reason: "notFound" });
    const fileOfBusiness = await file(colleague, { organisationId: orgId });
    expect(
      await resubmitSupplement(db, services, {}, { actor: asColleague, code: business.code, version: (await dossier(business.code)).version, answers: {}, documents: [{ documentIndex: 0, fileIds: [fileOfBusiness] }], now: at("2026-12-03T02:00:00Z") }),
    ).toMatchObject({ ok: true, status: 4 });
  });

  it("shows the owner a new appointment beside the due date, then where the result is (online: the wallet)", async () => {
    const { actor, code } = await waiting({ documents: [0] });
    const owner = actor.userId;
    expect(await resubmitSupplement(db, services, {}, { actor, code, version: (await dossier(code)).version, answers: {}, documents: [{ documentIndex: 0, fileIds: [await file(owner)] }], now: at("2026-12-03T02:00:00Z") })).toMatchObject({ ok: true });
    const handler = await official(justice, "handler");
    const act = async (a: Actor, action: "apologize" | "forward" | "approve" | "returnResult", params: unknown, now: Date) =>
      applyAction(db, services, {}, { actor: a, dossier: { code }, action, version: (await dossier(code)).version, params, now });
    const due = (await dossier(code)).due_at!;
    const late = new Date(Date.parse(due) - 3_600_000);
    expect(await act(handler, "apologize", { reason: "Cần xác minh thêm", newDueAt: "2026-12-31T10:00:00.000Z" }, late)).toMatchObject({ ok: true });
    expect(await myDossier(db, { actor, code })).toMatchObject({ status: 4, dueAt: due, rescheduledDueAt: "2026-12-31T10:00:00.000Z", returnChannel: null });

    const approver: Actor = { kind: "official", userId: await user("official"), roles: [{ agencyId: justice, role: "approver" }] };
    const receiver: Actor = { kind: "official", userId: await user("official"), roles: [{ agencyId: centre, role: "receiving_officer" }] };
    expect(await act(handler, "forward", {}, late)).toMatchObject({ ok: true });
    expect(await act(approver, "approve", { result: { sha256: "c".repeat(64), sizeBytes: 10, mediaType: "application/pdf", fileName: "phieu.pdf" } }, late)).toMatchObject({ ok: true, status: 9 });
    expect(await myDossier(db, { actor, code })).toMatchObject({ status: 9, resultReadyAt: late.toISOString(), returnChannel: null });
    expect(await act(receiver, "returnResult", { channel: "online" }, late)).toMatchObject({ ok: true, status: 10 });
    expect(await myDossier(db, { actor, code })).toMatchObject({ status: 10, returnChannel: "online", returnedAt: late.toISOString() });
  });

  it("refuses a dossier that does not wait for the applicant (status other than 5)", async () => {
    const owner = await user("citizen");
    const submitted = await submitDossier(
      db,
      { async sendSubmittedMail() {} },
      { baseUrl: "http://portal.test" },
      {
        actor: citizen(owner),
        procedureVersionId: versionId,
        agencyId: centre,
        applicant: { fullName: "Lò Thị Mai", cccd: "002190012345", phone: "0912345678", email: "", address: "Hà Giang" },
        answers: { fullName: "Lò Thị Mai", idNumber: "002190012345" },
        documents: [{ documentIndex: 0, fileIds: [await file(owner)] }],
        idempotencyKey: newId(),
        now: NOW,
      },
    );
    if (!submitted.ok) throw new Error("not submitted");
    const code = submitted.code;
    expect(await supplementPage(db, { actor: citizen(owner), code })).toEqual({ ok: false, reason: "notWaiting" });
    expect(await resubmitSupplement(db, services, {}, { actor: citizen(owner), code, version: 1, answers: {}, documents: [{ documentIndex: 0, fileIds: [await file(owner)] }] })).toMatchObject({ ok: false, status: 409, message: "dossiers:supplement.errors.notWaiting" });
    expect(await myDossier(db, { actor: citizen(owner), code })).toMatchObject({ status: 1, supplement: null, version: 1 });
    expect((await dossier(code)).status).toBe(1);
  });
});
