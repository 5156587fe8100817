import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OfficialRole } from "../../../db/schema";
import { seedProvince } from "../../../db/seed/seed";
import { engines, migratedDatabase } from "../../../db/testing";
import type { Db } from "../../platform/db.server";
import { newId } from "../../platform/ids.server";
import { createFileStorage } from "../../platform/storage.server";
import type { Actor } from "../access/permissions";
import { seedStatutoryCalendar } from "../calendar/calendar.server";
import { fixtureCatalog, fixtureTemplates } from "../procedures/catalog.fixture";
import { importCatalog } from "../procedures/catalog.server";
import type { BackOfficeServices, IssueFormInput, NoticeInput } from "./back-office.seams";
import { POLICIES } from "../../platform/rate-limit.server";
import { trackDossier } from "./dossiers.server";
import { counterFiles, counterForm, counterProcedures, counterReceipt, fileAtCounter, type CounterInput } from "./counter.server";

// Filing at the counter on both databases (issue 6): a receiving officer files a walk-in citizen's dossier, which
// is accepted at once (Mẫu 01 issued with the appointment date); other agencies, procedures not taken in person,
// bad input and a second click are refused or answered with the first dossier.

const dir = await mkdtemp(join(tmpdir(), "counter-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

// Tuesday 1 December 2026, 09:00 in Hà Giang.
const NOW = new Date("2026-12-01T02:00:00Z");

describe.each(engines)("the counter on %s", (engine) => {
  let db: Db;
  let close: () => Promise<void>;
  let birth: string; // 1.001193: communes, online and in person, same day
  let record: string; // 2.000488: 000.01.01.H22, online only
  let commune: { id: string; code: string };
  let otherCommune: { id: string };
  let department: { id: string };
  const forms: IssueFormInput[] = [];
  const notices: NoticeInput[] = [];
  const services: BackOfficeServices = {
    async issueForm(trx, input) {
      forms.push(input);
      const id = newId();
      await trx
        .insertInto("dossier_issued_documents")
        .values({ id, dossier_id: input.dossierId, kind: input.kind, event_id: input.eventId, sha256: "b".repeat(64), size_bytes: 1, media_type: "application/pdf", file_name: `${input.kind}.pdf`, audience: "applicant", created_by: input.actorId, created_at: input.now.toISOString() })
        .execute();
      return id;
    },
    async notifyApplicant(_trx, input) {
      notices.push(input);
    },
    async alertOfficials() {},
    // Counter filing never approves: nothing to sign.
    async signResult() {
      return { ok: false, reason: "signingUnavailable" };
    },
  };

  const user = async () => {
    const id = newId();
    const t = NOW.toISOString();
    await db
      .insertInto("users")
      .values({ id, kind: "official", status: "active", full_name: "Nguyễn Văn Cán", cccd: null, birth_date: null, email: `${id}@example.vn`, phone: null, password_hash: null, email_verified_at: t, eid_verified_at: null, eid_issuer: null, eid_subject: null, totp_secret: null, totp_confirmed_at: null, totp_last_step: null, created_at: t, updated_at: t })
      .execute();
    return id;
  };
  const official = async (agencyId: string, ...roles: OfficialRole[]): Promise<Actor & { kind: "official" }> => ({ kind: "official", userId: await user(), roles: roles.map((role) => ({ agencyId, role })) });
  const scan = async (ownerUserId: string, opts: { mediaType?: string; size?: number } = {}) => {
    const id = newId();
    await db
      .insertInto("files")
      .values({ id, sha256: "a".repeat(64), size_bytes: opts.size ?? 1000, media_type: opts.mediaType ?? "application/pdf", original_name: "scan.pdf", owner_user_id: ownerUserId, owner_organisation_id: null, source: "upload", signature_status: "not_checked", created_at: NOW.toISOString(), deleted_at: null })
      .execute();
    return id;
  };
  const applicant = { fullName: "Lò Thị Mai", cccd: "002190012345", phone: "0912345678", email: "", address: "Thôn Nà Lầu, xã Thuận Hòa" };
  async function input(officer: Actor & { kind: "official" }, overrides: Partial<CounterInput> = {}): Promise<CounterInput> {
    return {
      actor: officer,
      procedureVersionId: birth,
      agencyId: commune.id,
      applicant,
      answers: { fullName: "Lò Thị Mai", idNumber: "002190012345" },
      documents: [
        { documentIndex: 0, fileIds: [await scan(officer.userId)] },
        { documentIndex: 1, fileIds: [await scan(officer.userId), await scan(officer.userId, { mediaType: "image/jpeg" })] },
      ],
      checked: true,
      idempotencyKey: newId(),
      now: NOW,
      ...overrides,
    };
  }
  const count = async () => Number((await db.selectFrom("dossiers").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    ({ db, close } = await migratedDatabase(engine));
    await seedProvince(db);
    await seedStatutoryCalendar(db, { fromYear: 2026, toYear: 2028, t: (key: string) => key, now: NOW });
    const readFile = async (path: string) => fixtureTemplates[path] ?? new Uint8Array();
    expect((await importCatalog(db, createFileStorage(dir), fixtureCatalog(), { readFile })).ok).toBe(true);
    const versions = await db.selectFrom("procedure_versions as v").innerJoin("procedures as p", "p.id", "v.procedure_id").select(["v.id", "p.code"]).execute();
    birth = versions.find((v) => v.code === "1.001193")!.id;
    record = versions.find((v) => v.code === "2.000488")!.id;
    const communes = await db
      .selectFrom("procedure_offerings as o")
      .innerJoin("agencies as a", "a.id", "o.agency_id")
      .select(["a.id", "a.code"])
      .where("o.version_id", "=", birth)
      .orderBy("a.code")
      .limit(2)
      .execute();
    commune = communes[0]!;
    otherCommune = communes[1]!;
    department = await db.selectFrom("agencies").select(["id"]).where("code", "=", "000.01.01.H22").executeTakeFirstOrThrow();
  });
  afterAll(() => close());

  it("files an in-person dossier owned by the officer and accepts it at once: due date from the calendar, Mẫu 01, history", async () => {
    const officer = await official(commune.id, "receiving_officer");
    const before = forms.length;
    const result = await fileAtCounter(db, services, {}, await input(officer));
    expect(result).toMatchObject({ ok: true, created: true, code: `${commune.code}-261201-0001` });
    const id = result.ok ? result.dossierId : "";
    const row = await db.selectFrom("dossiers").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    // Same-day procedure received before 15:00: 17:00 today.
    expect(row).toMatchObject({
      status: 2,
      channel: "in_person",
      owner_user_id: officer.userId,
      owner_organisation_id: null,
      received_at: NOW.toISOString(),
      accepted_at: NOW.toISOString(),
      acceptance_due_at: null,
      due_at: "2026-12-01T10:00:00.000Z",
      waiting_for: "receiving_officer",
      assignee_id: officer.userId,
      step_index: 0,
      version: 2,
    });
    expect(JSON.parse(row.applicant)).toEqual({ ...applicant, email: null });
    const events = await db.selectFrom("dossier_events").select(["status_from", "status_to", "note_key", "actor_type", "actor_id"]).where("dossier_id", "=", id).orderBy("at").orderBy("id").execute();
    expect(events).toEqual([
      { status_from: null, status_to: 1, note_key: "history.submittedAtCounter", actor_type: "official", actor_id: officer.userId },
      { status_from: 1, status_to: 2, note_key: "history.accepted", actor_type: "official", actor_id: officer.userId },
    ]);
    expect(forms.slice(before)).toEqual([expect.objectContaining({ dossierId: id, kind: "receipt", actorId: officer.userId })]);
    expect(await db.selectFrom("dossier_documents").select(["document_index", "position"]).where("dossier_id", "=", id).orderBy("document_index").orderBy("position").execute()).toEqual([
      { document_index: 0, position: 0 },
      { document_index: 1, position: 0 },
      { document_index: 1, position: 1 },
    ]);
    // No in-app notification to the officer's account: the applicant has the paper receipt.
    expect(await db.selectFrom("notifications").select("id").where("dossier_id", "=", id).execute()).toEqual([]);

    // The receipt panel: the appointment date and the issued Mẫu 01; not for another agency's officer.
    const receipt = await counterReceipt(db, { actor: officer, code: row.code });
    expect(receipt).toMatchObject({ code: row.code, status: 2, dueAt: "2026-12-01T10:00:00.000Z", applicantName: "Lò Thị Mai", procedureName: "Đăng ký khai sinh" });
    expect(receipt?.receiptId).toEqual(expect.any(String));
    expect(await counterReceipt(db, { actor: await official(otherCommune.id, "receiving_officer"), code: row.code })).toBeNull();

    // The citizen follows it on the public tracking page with the code and the last 4 digits of the CCCD or phone.
    const track = (factor: string) => trackDossier(db, { code: row.code, factor, ip: `192.0.2.${engine === "sqlite" ? 7 : 8}`, policy: POLICIES.dossierTrackingIp, now: NOW });
    expect(await track("2345")).toMatchObject({ ok: true, dossier: { code: row.code, status: 2, dueAt: "2026-12-01T10:00:00.000Z" } });
    expect(await track("5678")).toMatchObject({ ok: true });
    expect(await track("1111")).toEqual({ ok: false, reason: "notFound" });
  });

  it("counts the appointment on the working calendar: received on a Friday after 15:00, due on Monday", async () => {
    const officer = await official(commune.id, "receiving_officer");
    // Friday 4 December 2026, 16:00 in Hà Giang.
    const result = await fileAtCounter(db, services, {}, await input(officer, { now: new Date("2026-12-04T09:00:00Z") }));
    expect(result.ok).toBe(true);
    const row = await db.selectFrom("dossiers").select(["due_at", "status"]).where("id", "=", result.ok ? result.dossierId : "").executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 2, due_at: "2026-12-07T10:00:00.000Z" });
  });

  it("refuses an officer of another agency, a non-receiving role and a citizen, with nothing written", async () => {
    const before = await count();
    const elsewhere = await official(otherCommune.id, "receiving_officer");
    const handler = await official(commune.id, "handler", "approver");
    expect(await fileAtCounter(db, services, {}, await input(elsewhere))).toMatchObject({ ok: false, status: 403, errors: [{ field: "agencyId", message: "counter:errors.notYourAgency" }] });
    expect(await fileAtCounter(db, services, {}, await input(handler))).toMatchObject({ ok: false, status: 403 });
    expect(await fileAtCounter(db, services, {}, { ...(await input(handler)), actor: { kind: "citizen", userId: newId(), actingFor: null } })).toMatchObject({ ok: false, status: 403 });
    expect(await count()).toBe(before);
  });

  it("refuses a procedure the agency does not take in person", async () => {
    const officer = await official(department.id, "receiving_officer");
    const before = await count();
    const result = await fileAtCounter(db, services, {}, await input(officer, { procedureVersionId: record, agencyId: department.id, documents: [{ documentIndex: 0, fileIds: [await scan(officer.userId)] }] }));
    expect(result).toEqual({ ok: false, status: 400, errors: [{ field: "agencyId", message: "dossiers:errors.notInPerson" }] });
    expect(await count()).toBe(before);
    // Nor is it offered on the counter's list.
    expect(await counterProcedures(db, { actor: officer })).toEqual([]);
    expect(await counterForm(db, { actor: officer, code: "2.000488" })).toBeNull();
  });

  it("lists every problem by field: applicant, answers, documents (missing, someone else's scan, type, size), the check box", async () => {
    const officer = await official(commune.id, "receiving_officer");
    const colleague = await official(commune.id, "receiving_officer");
    const before = await count();
    const result = await fileAtCounter(
      db,
      services,
      {},
      await input(officer, {
        applicant: { fullName: "", cccd: "", phone: "" },
        answers: { fullName: "", idNumber: "123" },
        documents: [{ documentIndex: 1, fileIds: [await scan(officer.userId)] }],
        checked: false,
      }),
    );
    expect(result).toEqual({
      ok: false,
      status: 400,
      errors: [
        { field: "applicant.fullName", message: "dossiers:errors.applicantName" },
        { field: "applicant.cccd", message: "dossiers:errors.applicantContact" },
        { field: "answers.fullName", message: "form.errors.required" },
        { field: "answers.idNumber", message: "form.errors.cccdLength" },
        { field: "documents[0]", message: "dossiers:errors.documentMissing", params: { name: "Tờ khai đăng ký khai sinh" } },
        { field: "checked", message: "counter:errors.notChecked" },
      ],
    });
    const files = await fileAtCounter(
      db,
      services,
      {},
      await input(officer, {
        documents: [
          { documentIndex: 0, fileIds: [await scan(colleague.userId), await scan(officer.userId, { mediaType: "image/png" })] },
          { documentIndex: 1, fileIds: [await scan(officer.userId, { size: 6 * 1024 * 1024 })] },
        ],
      }),
    );
    expect(files).toMatchObject({
      ok: false,
      status: 400,
      errors: [
        { field: "documents[0]", message: "dossiers:errors.fileNotFound" },
        { field: "documents[0]", message: "dossiers:errors.fileType" },
        { field: "documents[1]", message: "dossiers:errors.fileTooLarge" },
      ],
    });
    // The check box alone.
    expect(await fileAtCounter(db, services, {}, await input(officer, { checked: false }))).toEqual({ ok: false, status: 400, errors: [{ field: "checked", message: "counter:errors.notChecked" }] });
    expect(await count()).toBe(before);
  });

  it("makes one dossier of the same idempotency key twice, also at the same time", async () => {
    const officer = await official(commune.id, "receiving_officer");
    const before = forms.length;
    const first = await input(officer, { now: new Date("2026-12-02T02:00:00Z") });
    const a = await fileAtCounter(db, services, {}, first);
    const b = await fileAtCounter(db, services, {}, first);
    expect(a).toMatchObject({ ok: true, created: true });
    expect(b).toEqual({ ...a, created: false });
    const second = await input(officer, { now: new Date("2026-12-02T03:00:00Z") });
    const results = await Promise.all(Array.from({ length: 4 }, () => fileAtCounter(db, services, {}, second)));
    expect(results.filter((r) => r.ok && r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => (r.ok ? r.code : "refused"))).size).toBe(1);
    expect(await db.selectFrom("dossiers").select("id").where("owner_user_id", "=", officer.userId).execute()).toHaveLength(2);
    expect(forms.length - before).toBe(2);
  });

  it("leaves nothing when the engine cannot accept (the form issuer fails)", async () => {
    const officer = await official(commune.id, "receiving_officer");
    const before = await count();
    const failing: BackOfficeServices = { ...services, issueForm: async () => Promise.reject(new Error("not wired")) };
    await expect(fileAtCounter(db, failing, {}, await input(officer, { now: new Date("2026-12-03T02:00:00Z") }))).rejects.toThrow("not wired");
    expect(await count()).toBe(before);
    expect(await db.selectFrom("dossier_code_sequences").select("last_value").where("agency_id", "=", commune.id).where("day", "=", "261203").executeTakeFirst()).toBeUndefined();
  });

  it("lists the procedures taken in person at the officer's agencies, searchable without diacritics; shows the officer's own scans only", async () => {
    const officer = await official(commune.id, "receiving_officer");
    expect(await counterProcedures(db, { actor: officer })).toEqual([{ versionId: birth, code: "1.001193", name: "Đăng ký khai sinh", agencyId: commune.id, agencyName: expect.any(String) }]);
    expect(await counterProcedures(db, { actor: officer, query: "khai sinh" })).toHaveLength(1);
    expect(await counterProcedures(db, { actor: officer, query: "ly lich" })).toEqual([]);
    expect(await counterProcedures(db, { actor: await official(commune.id, "handler") })).toEqual([]);
    const form = await counterForm(db, { actor: officer, code: "1.001193" });
    expect(form).toMatchObject({ versionId: birth, agencyId: commune.id, documents: [{ index: 0, required: true, fileTypes: ["pdf"] }, { index: 1, fileTypes: ["pdf", "jpg"] }] });
    expect(form?.form.sections).toHaveLength(1);
    const mine = await scan(officer.userId);
    const theirs = await scan((await official(commune.id, "receiving_officer")).userId);
    expect((await counterFiles(db, { actor: officer, ids: [mine, theirs] })).map((f) => f.id)).toEqual([mine]);
  });
});
