import type { SubmitDraft } from "./seams";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { engines, migratedDatabase } from "../../../db/testing";
import { seedProvince } from "../../../db/seed/seed";
import type { Db } from "../../platform/db.server";
import { newId } from "../../platform/ids.server";
import { createFileStorage } from "../../platform/storage.server";
import { importCatalog } from "../procedures/catalog.server";
import { fixtureCatalog, fixtureTemplates } from "../procedures/catalog.fixture";
import { applicantFormSchema } from "./filing";
import {
  acknowledgeFees,
  attachFiles,
  declare,
  documentsPage,
  listDrafts,
  loadDraft,
  saveApplicant,
  saveSection,
  startDraft,
  startPage,
  submitDraft,
  missingSignatures,
  walletDraftDocuments,
} from "./filing.server";
import { deleteExpiredDrafts } from "./filing.repo.server";

const dir = await mkdtemp(join(tmpdir(), "filing-"));
afterAll(() => rm(dir, { recursive: true, force: true }));
const storage = createFileStorage(dir);
const readFile = async (path: string) => fixtureTemplates[path] ?? Promise.reject(new Error("missing"));
const now = new Date("2026-11-30T03:00:00Z");
const later = (days: number) => new Date(now.getTime() + days * 86_400_000);

async function citizen(db: Db, n: number) {
  const id = newId();
  const at = now.toISOString();
  await db
    .insertInto("users")
    .values({ id, kind: "citizen", status: "active", full_name: `Công dân ${n}`, cccd: `00219001234${n}`, birth_date: "1990-01-01", email: `c${n}@example.vn`, phone: null, password_hash: null, email_verified_at: at, eid_verified_at: null, totp_secret: null, totp_confirmed_at: null, totp_last_step: null, created_at: at, updated_at: at })
    .execute();
  return id;
}

async function setUp(db: Db, catalog = fixtureCatalog()) {
  await seedProvince(db);
  expect(await importCatalog(db, storage, catalog, { readFile, now })).toMatchObject({ ok: true });
  const page = (await startPage(db, "1.001193", now))!;
  return { page, agencyId: page.agencies[0]!.id };
}

const applicant = applicantFormSchema.parse({ fullName: "Lò Thị Mai", cccd: "002190012345", phone: "0912345678", email: "", address: "Thôn Nậm Ai, Hà Giang" });


/** A SubmitDraft that creates nothing (the real one is app/platform/filing-services.server.ts). */
const previewSubmission: SubmitDraft = { submit: async () => ({ kind: "refused", error: "test" }) };

describe.each(engines)("filing drafts on %s", (engine) => {
  it("fixes the procedure version at creation, and refuses a version that is not the current one or an agency that does not take it", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const { page, agencyId } = await setUp(db);
      const owner = { userId: await citizen(db, 1), organisationId: null };
      const started = await startDraft(db, owner, { code: "1.001193", versionId: page.versionId, agencyId }, now);
      expect(started).toMatchObject({ ok: true });
      const draftId = (started as { draftId: string }).draftId;

      // A new version is published: the draft keeps the one it started on.
      const changed = fixtureCatalog();
      changed.procedures[0]!.name = "Đăng ký khai sinh (mới)";
      changed.procedures[0]!.validFrom = "2026-01-01";
      expect(await importCatalog(db, storage, changed, { readFile, now })).toMatchObject({ ok: true, changed: 1 });
      const draft = await loadDraft(db, owner, draftId, now);
      expect(draft?.procedure).toMatchObject({ versionId: page.versionId, name: "Đăng ký khai sinh", versionNumber: 1 });
      expect((await startPage(db, "1.001193", now))?.versionId).not.toBe(page.versionId);

      // Tampered: an old or unknown version is not found; an agency that does not take the procedure is refused.
      expect(await startDraft(db, owner, { code: "1.001193", versionId: page.versionId, agencyId }, now)).toBeNull();
      expect(await startDraft(db, owner, { code: "1.001193", versionId: newId(), agencyId }, now)).toBeNull();
      const current = (await startPage(db, "1.001193", now))!;
      const province = await db.selectFrom("agencies").select("id").where("code", "=", "000.00.00.H22").executeTakeFirst();
      expect(await startDraft(db, owner, { code: "1.001193", versionId: current.versionId, agencyId: province?.id ?? newId() }, now)).toEqual({ ok: false, reason: "agency" });
      expect(await startDraft(db, owner, { code: "1.001193", versionId: current.versionId, agencyId: "not-an-id" }, now)).toEqual({ ok: false, reason: "agency" });
      expect(await startDraft(db, owner, { code: "9.999999", versionId: current.versionId, agencyId }, now)).toBeNull();
    } finally {
      await close();
    }
  });

  it("keeps each draft to its owner: another citizen, or the same citizen acting for a business, does not find it", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const { page, agencyId } = await setUp(db);
      const mai = await citizen(db, 1);
      const lan = await citizen(db, 2);
      const orgId = newId();
      await db.insertInto("organisations").values({ id: orgId, tax_code: "0100109106", name: "HTX Chè", address: null, created_at: now.toISOString() }).execute();
      const mine = { userId: mai, organisationId: null };
      const theirs = { userId: lan, organisationId: null };
      const business = { userId: mai, organisationId: orgId };
      const colleague = { userId: lan, organisationId: orgId };
      const own = (await startDraft(db, mine, { code: "1.001193", versionId: page.versionId, agencyId }, now)) as { draftId: string };
      const forBusiness = (await startDraft(db, business, { code: "1.001193", versionId: page.versionId, agencyId }, now)) as { draftId: string };

      expect(await loadDraft(db, theirs, own.draftId, now)).toBeNull();
      expect(await loadDraft(db, business, own.draftId, now)).toBeNull();
      expect(await loadDraft(db, mine, forBusiness.draftId, now)).toBeNull();
      // Every representative acting for the business sees the business's draft.
      expect((await loadDraft(db, colleague, forBusiness.draftId, now))?.id).toBe(forBusiness.draftId);
      expect((await listDrafts(db, mine, now)).map((d) => d.id)).toEqual([own.draftId]);
      expect((await listDrafts(db, theirs, now)).map((d) => d.id)).toEqual([]);
      expect((await listDrafts(db, colleague, now)).map((d) => d.id)).toEqual([forBusiness.draftId]);
      // Filed for the business: the applicant names it (from the membership, not the form).
      expect(await saveApplicant(db, colleague, forBusiness.draftId, 1, applicant, { name: "HTX Chè", taxCode: "0100109106" }, now)).toEqual({ ok: true });
      expect((await loadDraft(db, business, forBusiness.draftId, now))?.state.applicant).toMatchObject({ kind: "organisation", organisation: { name: "HTX Chè", taxCode: "0100109106" } });
      // A foreign draft cannot be changed either.
      expect(await saveApplicant(db, theirs, own.draftId, 1, applicant, null, now)).toBeNull();
      expect(await loadDraft(db, mine, "not-a-uuid", now)).toBeNull();
    } finally {
      await close();
    }
  });

  it("saves only on the version the page was built from; a missing required field saves nothing; no declaration before every step", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const { page, agencyId } = await setUp(db);
      const owner = { userId: await citizen(db, 1), organisationId: null };
      const { draftId } = (await startDraft(db, owner, { code: "1.001193", versionId: page.versionId, agencyId }, now)) as { draftId: string };
      expect(await saveApplicant(db, owner, draftId, 1, applicant, null, now)).toEqual({ ok: true });
      // A second tab still on version 1.
      expect(await saveApplicant(db, owner, draftId, 1, { ...applicant, fullName: "Người khác" }, null, now)).toEqual({ ok: false, reason: "conflict" });
      expect((await loadDraft(db, owner, draftId, now))?.state.applicant?.fullName).toBe("Lò Thị Mai");

      // A missing required field: the section's issue, nothing saved.
      expect(await saveSection(db, owner, draftId, 2, 0, { fullName: "", idNumber: "002190012345" }, now)).toEqual({
        ok: false,
        reason: "invalid",
        issues: [{ name: "fullName", message: "form.errors.required" }],
      });
      expect(await saveSection(db, owner, draftId, 2, 0, { fullName: "Lò Thị Mai", idNumber: "002190012345" }, now)).toEqual({ ok: true });
      const draft = (await loadDraft(db, owner, draftId, now))!;
      expect(draft.version).toBe(3);
      expect(draft.state.answers.values).toEqual({ fullName: "Lò Thị Mai", idNumber: "002190012345" });
      expect(draft.tasks.find((t) => t.key === "section:0")?.status).toBe("completed");

      // The declaration cannot be given before every step is done.
      expect(await declare(db, owner, draftId, 3, true, now)).toMatchObject({ ok: false, reason: "invalid", issues: [{ message: "errors.notReady" }] });
      expect(await submitDraft(db, previewSubmission, owner, draftId, 3, now)).toEqual({ ok: false, reason: "notReady" });
    } finally {
      await close();
    }
  });

  it("attaches only files of the owner's wallet that fit the document, and reaches the submit seam once complete", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const { page, agencyId } = await setUp(db);
      const mai = await citizen(db, 1);
      const lan = await citizen(db, 2);
      const owner = { userId: mai, organisationId: null };
      const file = async (userId: string, mediaType: string, size = 1000) => {
        const id = newId();
        await db
          .insertInto("files")
          .values({ id, sha256: "a".repeat(64), size_bytes: size, media_type: mediaType, original_name: `${id}.bin`, owner_user_id: userId, owner_organisation_id: null, source: "upload", signature_status: "not_checked", created_at: now.toISOString(), deleted_at: null })
          .execute();
        return id;
      };
      const pdf = await file(mai, "application/pdf");
      const jpg = await file(mai, "image/jpeg");
      const big = await file(mai, "application/pdf", 6 * 1024 * 1024);
      const foreign = await file(lan, "application/pdf");
      const services = walletDraftDocuments(db, async () => ({ ok: false, error: "files:errors.noFile" }));
      const { draftId } = (await startDraft(db, owner, { code: "1.001193", versionId: page.versionId, agencyId }, now)) as { draftId: string };

      expect(await attachFiles(db, services, owner, draftId, 1, 0, [foreign], now)).toMatchObject({ ok: false, issues: [{ message: "errors.fileUnknown" }] });
      expect(await attachFiles(db, services, owner, draftId, 1, 0, [jpg], now)).toMatchObject({ ok: false, issues: [{ message: "errors.fileType" }] });
      expect(await attachFiles(db, services, owner, draftId, 1, 0, [big], now)).toMatchObject({ ok: false, issues: [{ message: "errors.fileSize" }] });
      expect(await attachFiles(db, services, owner, draftId, 1, 0, [pdf], now)).toEqual({ ok: true });
      expect(await attachFiles(db, services, owner, draftId, 2, 1, [jpg], now)).toEqual({ ok: true });
      // A file attached to one document is refused on another (the dossier takes each file once).
      expect(await attachFiles(db, services, owner, draftId, 3, 1, [pdf], now)).toMatchObject({ ok: false, issues: [{ message: "errors.fileAttachedElsewhere" }] });
      let draft = (await loadDraft(db, owner, draftId, now))!;
      const listed = await documentsPage(db, services, owner, draft);
      expect(listed.documents.map((d) => d.files.map((f) => f.id))).toEqual([[pdf], [jpg]]);
      // The wallet offers only the files that fit (never another owner's).
      expect(listed.documents[0]!.choices.map((f) => f.id).sort()).toEqual([pdf].sort());

      expect(await saveApplicant(db, owner, draftId, 3, applicant, null, now)).toEqual({ ok: true });
      expect(await saveSection(db, owner, draftId, 4, 0, { fullName: "Lò Thị Mai", idNumber: "002190012345" }, now)).toEqual({ ok: true });
      draft = (await loadDraft(db, owner, draftId, now))!;
      expect(draft.tasks.find((t) => t.key === "fees")?.status).toBe("notStarted");
      expect(await acknowledgeFees(db, owner, draftId, 5, now)).toEqual({ ok: true });
      expect(await declare(db, owner, draftId, 6, false, now)).toMatchObject({ ok: false, issues: [{ message: "errors.declaration" }] });
      expect(await declare(db, owner, draftId, 6, true, now)).toEqual({ ok: true });
      // Any change withdraws the declaration: what was declared is what is submitted.
      expect(await saveApplicant(db, owner, draftId, 7, { ...applicant, phone: "0987654321" }, null, now)).toEqual({ ok: true });
      expect((await loadDraft(db, owner, draftId, now))?.state.declarationAt).toBeNull();
      expect(await submitDraft(db, previewSubmission, owner, draftId, 8, now)).toEqual({ ok: false, reason: "notReady" });
      expect(await declare(db, owner, draftId, 8, true, now)).toEqual({ ok: true });
      const submitted: unknown[] = [];
      const result = await submitDraft(db, { submit: async (input) => (submitted.push(input), { kind: "refused" as const, error: "test" }) }, owner, draftId, 9, now);
      expect(result).toEqual({ ok: true, outcome: { kind: "refused", error: "test" } });
      expect(submitted).toMatchObject([{ draftId, idempotencyKey: draftId, procedureVersionId: page.versionId, agencyId, documents: [{ index: 0, fileIds: [pdf] }, { index: 1, fileIds: [jpg] }] }]);
      // Not submitted: the draft stays. A submitted one is deleted.
      expect(await loadDraft(db, owner, draftId, now)).not.toBeNull();
      await submitDraft(db, { submit: async () => ({ kind: "submitted", dossierCode: "X", redirectTo: "/x" }) }, owner, draftId, 9, now);
      expect(await loadDraft(db, owner, draftId, now)).toBeNull();
    } finally {
      await close();
    }
  });

  it("takes only files whose signature passed on a document that requires one, and checks again at submission", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const catalog = fixtureCatalog();
      catalog.procedures[0]!.documents[0]!.signatureRequired = true;
      const { page, agencyId } = await setUp(db, catalog);
      const owner = { userId: await citizen(db, 1), organisationId: null };
      const file = async (status: "passed" | "failed" | "none", mediaType = "application/pdf") => {
        const id = newId();
        const report = status === "failed" ? JSON.stringify({ kind: "pdf", verdict: "TOTAL-FAILED", signatures: [{ kind: "signature", verdict: "TOTAL-FAILED", reasons: [{ code: "DIGEST_MISMATCH", level: "failed" }] }], reasons: [] }) : null;
        await db
          .insertInto("files")
          .values({ id, sha256: "b".repeat(64), size_bytes: 1000, media_type: mediaType, original_name: `${status}.pdf`, owner_user_id: owner.userId, owner_organisation_id: null, source: "upload", signature_status: status, created_at: now.toISOString(), deleted_at: null })
          .execute();
        if (report) await db.insertInto("signature_reports").values({ file_id: id, verdict: status, report, verified_at: now.toISOString() }).execute();
        return id;
      };
      const failed = await file("failed");
      const unsigned = await file("none");
      const signed = await file("passed");
      const jpg = await file("none", "image/jpeg");
      const services = walletDraftDocuments(db, async () => ({ ok: false, error: "files:errors.noFile" }));
      const { draftId } = (await startDraft(db, owner, { code: "1.001193", versionId: page.versionId, agencyId }, now)) as { draftId: string };
      // A tampered signature is refused on the document with the verifier's reason; a file without one is refused too.
      expect(await attachFiles(db, services, owner, draftId, 1, 0, [failed], now)).toEqual({
        ok: false,
        reason: "invalid",
        issues: [{ name: "doc-0", message: "errors.signatureRefused", params: { file: "failed.pdf", signature: { status: "failed", reason: { code: "DIGEST_MISMATCH", level: "failed" } } } }],
      });
      expect(await attachFiles(db, services, owner, draftId, 1, 0, [signed, unsigned], now)).toMatchObject({ ok: false, issues: [{ message: "errors.signatureRefused", params: { file: "none.pdf", signature: { status: "none" } } }] });
      // A document that does not require a signature takes files without one.
      expect(await attachFiles(db, services, owner, draftId, 1, 1, [jpg], now)).toEqual({ ok: true });
      expect(await attachFiles(db, services, owner, draftId, 2, 0, [signed], now)).toEqual({ ok: true });
      expect(await saveApplicant(db, owner, draftId, 3, applicant, null, now)).toEqual({ ok: true });
      expect(await saveSection(db, owner, draftId, 4, 0, { fullName: "Lò Thị Mai", idNumber: "002190012345" }, now)).toEqual({ ok: true });
      expect(await acknowledgeFees(db, owner, draftId, 5, now)).toEqual({ ok: true });
      expect(await declare(db, owner, draftId, 6, true, now)).toEqual({ ok: true });
      let draft = (await loadDraft(db, owner, draftId, now))!;
      expect(draft.documents[0]!.signatureRequired).toBe(true);
      expect(await missingSignatures(services, owner, draft)).toEqual([]);
      // The submission checks again: a file whose verdict is no longer a pass (as for a file attached before the
      // procedure required a signature) stops it.
      await db.updateTable("files").set({ signature_status: "failed" }).where("id", "=", signed).execute();
      draft = (await loadDraft(db, owner, draftId, now))!;
      expect((await missingSignatures(services, owner, draft)).map((d) => d.index)).toEqual([0]);
      const submitted: unknown[] = [];
      const submitter: SubmitDraft = { submit: async (input) => (submitted.push(input), { kind: "submitted", dossierCode: "X", redirectTo: "/x" }) };
      expect(await submitDraft(db, submitter, owner, draftId, 7, now, services)).toEqual({ ok: false, reason: "signatureMissing", documents: [draft.documents[0]!.name] });
      expect(submitted).toEqual([]);
      await db.updateTable("files").set({ signature_status: "passed" }).where("id", "=", signed).execute();
      expect(await submitDraft(db, submitter, owner, draftId, 7, now, services)).toMatchObject({ ok: true, outcome: { kind: "submitted" } });
      expect(submitted).toHaveLength(1);
    } finally {
      await close();
    }
  });

  it("lets a draft expire 30 days after its last change", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const { page, agencyId } = await setUp(db);
      const owner = { userId: await citizen(db, 1), organisationId: null };
      const { draftId } = (await startDraft(db, owner, { code: "1.001193", versionId: page.versionId, agencyId }, now)) as { draftId: string };
      expect((await loadDraft(db, owner, draftId, later(29)))?.expiresAt).toBe(later(30).toISOString());
      // A change on day 20 moves the expiry to day 50.
      expect(await saveApplicant(db, owner, draftId, 1, applicant, null, later(20))).toEqual({ ok: true });
      expect(await loadDraft(db, owner, draftId, later(45))).not.toBeNull();
      expect(await loadDraft(db, owner, draftId, later(50))).toBeNull();
      expect(await listDrafts(db, owner, later(50))).toEqual([]);
      expect(await deleteExpiredDrafts(db, later(49).toISOString())).toBe(0);
      expect(await deleteExpiredDrafts(db, later(50).toISOString())).toBe(1);
    } finally {
      await close();
    }
  });
});
