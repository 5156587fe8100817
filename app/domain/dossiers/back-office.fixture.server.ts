// Test support for the back office (tests only: it opens test databases). One set-up for the tests of the officials'
// queue, the dossier page, the engine, the sweep and the pages drawn from a real dossier:
//
//   provinceDatabase(engine)     a migrated database with the province's agencies, the statutory calendar 2026–2028 and
//                                the fixture catalog; the two agencies of the judicial record procedure and one other
//   insertOfficial / officialAt  an official with roles in agencies (the rows the session and the sweep read)
//   insertCitizen, citizenActor  an applicant's account, and the actor it signs in as
//   fileOnline                   a dossier filed online through the real submission (one uploaded declaration)
//   fileAndMove                  …then accepted, forwarded to the deciding agency, or paused for supplementation
//   act, dossierRow              an action through the engine at the dossier's current version; the dossier's row
//   capturingServices            the engine's seams, keeping what they were asked to issue, notify and alert
//   realServices                 the real forms (PDFs in a blob store) and notices (in-app, e-mail and SMS outboxes)
//   insertDossier                a dossier row written straight, with the columns the queue reads (no engine)
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Insertable } from "kysely";
import type { Database, OfficialRole, WaitingFor } from "../../../db/schema";
// Test set-up reads the seed and the test databases of db/ (this module is imported by tests only).
// eslint-disable-next-line no-restricted-imports
import { seedProvince } from "../../../db/seed/seed";
// eslint-disable-next-line no-restricted-imports
import { migratedDatabase } from "../../../db/testing";
import { createDiskBlobStore, type BlobStore } from "../../platform/blob-store.server";
import type { Db, Engine } from "../../platform/db.server";
import { backOfficeNotices } from "../../platform/dossier-services.server";
import { createServerI18n } from "../../platform/i18n.server";
import { newId } from "../../platform/ids.server";
import { createFileStorage } from "../../platform/storage.server";
import type { Actor } from "../access/permissions";
import { seedStatutoryCalendar } from "../calendar/calendar.server";
import { fixtureCatalog, fixtureTemplates } from "../procedures/catalog.fixture";
import { importCatalog } from "../procedures/catalog.server";
import { foldForSearch } from "../shared/search";
import { applyAction, type ApplyInput, type ApplyResult, type EngineActor } from "./back-office.server";
import type { BackOfficeServices, IssueFormInput, NoticeInput, OfficialAlertInput, ResultToSign } from "./back-office.seams";
import { submitDossier } from "./dossiers.server";
import { createFormIssuer } from "./forms.server";
import { createAgencyKeyStore, signingConfig } from "../signatures/agency-keys.server";
import { createResultFileSigner } from "../signatures/result-file.server";
import { createResultSigner } from "../signatures/sign.server";
import { alertOfficials } from "./notices.server";

/** Tuesday 1 December 2026, 09:00 in Hà Giang: the tests' clock. */
export const NOW = new Date("2026-12-01T02:00:00Z");
/** When the fixture's accounts and files were created (before any test's clock). */
const CREATED = "2026-11-01T00:00:00.000Z";

export type OfficialActor = Extract<Actor, { kind: "official" }>;
export type CitizenActor = Extract<Actor, { kind: "citizen" }>;
export interface FixtureVersion {
  id: string;
  procedureId: string;
  code: string;
}

export interface Province {
  db: Db;
  engine: Engine;
  /** A folder of this database's own (the catalog's templates; room for a blob store), removed by close(). */
  dir: string;
  /** "Cấp Phiếu lý lịch tư pháp" (2.000488): filed at `centre`, decided by `justice` in 10 working days. */
  record: FixtureVersion;
  /** "Đăng ký khai sinh" (1.001193). */
  birth: FixtureVersion;
  /** 000.01.01.H22, the one-stop unit that receives the judicial record procedure. */
  centre: string;
  /** 000.00.03.H22, the agency that decides it. */
  justice: string;
  /** An agency with nothing to do with it. */
  other: string;
  close(): Promise<void>;
}

/** A migrated database with the province (agencies), the statutory calendar 2026–2028 and the fixture catalog. */
export async function provinceDatabase(engine: Engine): Promise<Province> {
  const dir = await mkdtemp(join(tmpdir(), "back-office-"));
  const { db, close } = await migratedDatabase(engine);
  await seedProvince(db);
  await seedStatutoryCalendar(db, { fromYear: 2026, toYear: 2028, t: (key: string) => key, now: NOW });
  const readFile = async (path: string) => fixtureTemplates[path] ?? new Uint8Array();
  const imported = await importCatalog(db, createFileStorage(dir), fixtureCatalog(), { readFile });
  if (!imported.ok) throw new Error(`the fixture catalog did not import: ${JSON.stringify(imported)}`);
  const versions = await db.selectFrom("procedure_versions as v").innerJoin("procedures as p", "p.id", "v.procedure_id").select(["v.id", "v.procedure_id as procedureId", "p.code"]).execute();
  const version = (code: string) => {
    const found = versions.find((v) => v.code === code);
    if (!found) throw new Error(`the fixture catalog has no procedure ${code}`);
    return found;
  };
  const agency = (code: string) => db.selectFrom("agencies").select("id").where("code", "=", code).executeTakeFirstOrThrow().then((r) => r.id);
  const centre = await agency("000.01.01.H22");
  const justice = await agency("000.00.03.H22");
  const other = (await db.selectFrom("agencies").select("id").where("id", "not in", [centre, justice]).executeTakeFirstOrThrow()).id;
  return {
    db,
    engine,
    dir,
    record: version("2.000488"),
    birth: version("1.001193"),
    centre,
    justice,
    other,
    async close() {
      await close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function insertUser(db: Db, kind: "citizen" | "official", fullName: string, status: "active" | "disabled" = "active") {
  const id = newId();
  const email = kind === "official" ? `${id}@example.gov.vn` : `${id}@example.vn`;
  await db
    .insertInto("users")
    .values({ id, kind, status, full_name: fullName, cccd: null, birth_date: null, email, phone: null, password_hash: null, email_verified_at: CREATED, eid_verified_at: null, eid_issuer: null, eid_subject: null, totp_secret: null, totp_confirmed_at: null, totp_last_step: null, created_at: CREATED, updated_at: CREATED })
    .execute();
  return id;
}

/** An official holding these roles (rows in official_roles, as an administrator grants them), and their actor. */
export async function insertOfficial(db: Db, fullName: string, roles: { agencyId: string; role: OfficialRole }[], opts: { status?: "active" | "disabled" } = {}) {
  const id = await insertUser(db, "official", fullName, opts.status);
  for (const r of roles) {
    await db.insertInto("official_roles").values({ id: newId(), user_id: id, agency_id: r.agencyId, role: r.role, granted_at: CREATED, granted_by: null }).execute();
  }
  const actor: OfficialActor = { kind: "official", userId: id, roles };
  return { id, actor };
}

/** An official of one agency with these roles, as the actor the session gives them. */
export async function officialAt(db: Db, agencyId: string, roles: OfficialRole[], fullName = "Nguyễn Văn Cán"): Promise<OfficialActor> {
  return (await insertOfficial(db, fullName, roles.map((role) => ({ agencyId, role })))).actor;
}

/** A citizen's account; returns its id. */
export function insertCitizen(db: Db, fullName = "Lò Thị Mai") {
  return insertUser(db, "citizen", fullName);
}

export const citizenActor = (userId: string): CitizenActor => ({ kind: "citizen", userId, actingFor: null });

/** A file in the owner's wallet: "to-khai.pdf", 1,234 bytes of PDF, sha256 "a"×64. Returns its id. */
export async function insertUpload(db: Db, ownerUserId: string) {
  const id = newId();
  await db
    .insertInto("files")
    .values({ id, sha256: "a".repeat(64), size_bytes: 1234, media_type: "application/pdf", original_name: "to-khai.pdf", owner_user_id: ownerUserId, owner_organisation_id: null, source: "upload", signature_status: "not_checked", created_at: CREATED, deleted_at: null })
    .execute();
  return id;
}

export interface FiledDossier {
  /** The applicant's account. */
  owner: string;
  id: string;
  code: string;
  /** The uploaded declaration (document 0). */
  fileId: string;
}

/**
 * A judicial record dossier filed online at the centre through the real submission (status 1): a new citizen,
 * applicant "Lò Thị Mai" (CCCD 002190012345, phone 0912345678, Hà Giang), the declaration uploaded (insertUpload).
 */
export async function fileOnline(p: Pick<Province, "db" | "record" | "centre">, opts: { now?: Date } = {}): Promise<FiledDossier> {
  const owner = await insertCitizen(p.db);
  const fileId = await insertUpload(p.db, owner);
  const result = await submitDossier(
    p.db,
    { async sendSubmittedMail() {} },
    { baseUrl: "http://portal.test" },
    {
      actor: citizenActor(owner),
      procedureVersionId: p.record.id,
      agencyId: p.centre,
      applicant: { fullName: "Lò Thị Mai", cccd: "002190012345", phone: "0912345678", email: "", address: "Hà Giang" },
      answers: { fullName: "Lò Thị Mai", idNumber: "002190012345" },
      documents: [{ documentIndex: 0, fileIds: [fileId] }],
      idempotencyKey: newId(),
      now: opts.now ?? NOW,
    },
  );
  if (!result.ok) throw new Error(JSON.stringify(result));
  return { owner, id: result.dossierId, code: result.code, fileId };
}

/** The dossier's row as stored. */
export const dossierRow = (db: Db, id: string) => db.selectFrom("dossiers").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

/** An action through the engine at the dossier's current version (as if the actor had just loaded its page). */
export async function act(db: Db, services: BackOfficeServices, actor: EngineActor, id: string, action: ApplyInput["action"], params: unknown = {}, now = NOW): Promise<ApplyResult> {
  const { version } = await dossierRow(db, id);
  return applyAction(db, services, {}, { actor, dossier: { id }, action, version, params, now });
}

/**
 * A dossier filed online at `filed`, then at `moved` taken as far as `to` (each action must succeed):
 * "accepted" by `receiver` (status 2, the receive step held by them); "handling": also forwarded to the deciding
 * agency (status 4, waiting for its handlers); "supplementing": then `handler` asks for the declaration again
 * (status 5, the clock paused).
 */
export async function fileAndMove(
  p: Pick<Province, "db" | "record" | "centre">,
  services: BackOfficeServices,
  to: "accepted" | "handling" | "supplementing",
  by: { receiver: OfficialActor; handler: OfficialActor },
  at: { filed: Date; moved: Date },
): Promise<FiledDossier> {
  const filed = await fileOnline(p, { now: at.filed });
  const step = async (actor: OfficialActor, action: ApplyInput["action"], params: unknown = {}) => {
    const result = await act(p.db, services, actor, filed.id, action, params, at.moved);
    if (!result.ok) throw new Error(`${action}: ${JSON.stringify(result)}`);
  };
  await step(by.receiver, "accept");
  if (to !== "accepted") await step(by.receiver, "forward");
  if (to === "supplementing") await step(by.handler, "requestSupplement", { documents: [0], note: "Tờ khai thiếu chữ ký" });
  return filed;
}

export interface CapturingServices extends BackOfficeServices {
  /** Every form asked for, with the id of the issued document written for it. */
  forms: (IssueFormInput & { id: string })[];
  notices: NoticeInput[];
  /** Every alert delivered (a failed one is not kept). */
  alerts: OfficialAlertInput[];
  /** Every result asked to be signed. */
  signed: ResultToSign[];
}

/**
 * The engine's seams for tests, keeping what they were asked for. Each writes in the transition's transaction like the
 * real one (so a rolled-back transition leaves no row): issueForm an issued document (sha256 "b"×64, "<kind>.pdf",
 * 2,048 bytes, no bytes stored); signResult answers a code per call and keeps the hash; alertOfficials one in-app notification per official, or with `realAlerts` the real
 * alertOfficials of notices.server. `failAlertFor`: dossiers whose alerts throw "alerts unavailable".
 */
export function capturingServices(opts: { failAlertFor?: ReadonlySet<string>; realAlerts?: boolean } = {}): CapturingServices {
  const forms: CapturingServices["forms"] = [];
  const notices: NoticeInput[] = [];
  const alerts: OfficialAlertInput[] = [];
  const signed: ResultToSign[] = [];
  return {
    forms,
    notices,
    alerts,
    signed,
    // The result "signed" keeps the uploaded file's hash (no bytes are stored here) and gets a code per call.
    async signResult(input) {
      signed.push(input);
      return { ok: true, sha256: input.result.sha256, sizeBytes: input.result.sizeBytes, code: `TEST${String(signed.length).padStart(8, "0")}`, signerSubject: "C=VN, CN=Cơ quan thử nghiệm", signedAt: input.now };
    },
    async issueForm(trx, input) {
      const id = newId();
      await trx
        .insertInto("dossier_issued_documents")
        .values({ id, dossier_id: input.dossierId, kind: input.kind, event_id: input.eventId, sha256: "b".repeat(64), size_bytes: 2048, media_type: "application/pdf", file_name: `${input.kind}.pdf`, audience: "applicant", created_by: input.actorId, created_at: input.now.toISOString() })
        .execute();
      forms.push({ ...input, id });
      return id;
    },
    async notifyApplicant(_trx, input) {
      notices.push(input);
    },
    async alertOfficials(trx, input) {
      if (opts.failAlertFor?.has(input.dossierId)) throw new Error("alerts unavailable");
      if (opts.realAlerts) await alertOfficials(trx, input);
      else {
        for (const userId of input.userIds) {
          await trx
            .insertInto("notifications")
            .values({ id: newId(), user_id: userId, organisation_id: null, kind: input.kind, dossier_id: input.dossierId, created_at: input.now.toISOString(), read_at: null })
            .execute();
        }
      }
      alerts.push(input);
    },
  };
}

/**
 * The real seams: the forms Mẫu 01–05 rendered into a blob store under `dir`, results signed by a demo agency CA made
 * under `dir` (DATA_DIR/signing-demo, as a development server does), and the notices (in-app, e-mail and SMS
 * outboxes) with links to http://portal.test. `readBlob` reads a stored document back.
 */
export async function realServices(dir: string): Promise<{ services: BackOfficeServices; blobs: BlobStore; readBlob(sha256: string): Promise<Buffer> }> {
  const blobs = createDiskBlobStore(join(dir, "blobs"));
  const t = (await createServerI18n("vi", ["dossiers", "procedures", "forms"])).getFixedT("vi", "dossiers");
  const forms = createFormIssuer({ blobs, origin: "http://portal.test", t });
  // Results are signed by the demo agency CA made under `dir` (as a development server does).
  const signingT = (await createServerI18n("vi", ["signing"])).getFixedT("vi", "signing");
  const keys = createAgencyKeyStore(signingConfig({ NODE_ENV: "test", DATA_DIR: dir, SIGNING_RSA_PADDING: "pss" }), { t: signingT, province: "Hà Giang" });
  const signResult = createResultFileSigner({
    blobs,
    signer: createResultSigner({ keys, t: signingT, province: "Hà Giang" }),
    origin: "http://portal.test",
    agency: async (agencyId) => ({ code: agencyId.slice(0, 8), name: "Cơ quan thử nghiệm" }),
  });
  return {
    services: { issueForm: (trx, input) => forms.issueForm(trx, input), signResult, ...backOfficeNotices({ baseUrl: "http://portal.test" }) },
    blobs,
    async readBlob(sha256) {
      const chunks: Buffer[] = [];
      for await (const chunk of blobs.open(sha256)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
  };
}

let sequence = 0;

export interface FixtureDossier {
  agency: { id: string; code: string };
  version: FixtureVersion;
  owner: string;
  applicant?: string;
  status?: number;
  waitingFor?: WaitingFor | null;
  assigneeId?: string | null;
  stepDueAt?: string | null;
  dueAt?: string | null;
  pausedAt?: string | null;
  receivedAt?: string;
  channel?: "online" | "in_person" | "post";
}

/** A dossier row written straight, with the columns the queue reads (no history, no steps: the engine is not run). */
export async function insertDossier(db: Db, d: FixtureDossier) {
  const id = newId();
  sequence += 1;
  const code = `${d.agency.code}-261130-${String(sequence).padStart(4, "0")}`;
  const received = d.receivedAt ?? "2026-11-30T02:00:00.000Z";
  const name = d.applicant ?? "Lò Thị Mai";
  const row: Insertable<Database["dossiers"]> = {
    id,
    code,
    agency_id: d.agency.id,
    procedure_id: d.version.procedureId,
    procedure_code: d.version.code,
    procedure_version_id: d.version.id,
    owner_user_id: d.owner,
    owner_organisation_id: null,
    applicant: JSON.stringify({ fullName: name, cccd: "002190012345", phone: "0912345678", email: null, address: "Hà Giang" }),
    answers: "{}",
    channel: d.channel ?? "online",
    status: d.status ?? 1,
    received_at: received,
    acceptance_due_at: null,
    due_at: d.dueAt ?? null,
    version: 1,
    idempotency_key: id,
    created_at: received,
    updated_at: received,
    current_agency_id: d.agency.id,
    waiting_for: d.waitingFor === undefined ? "receiving_officer" : d.waitingFor,
    assignee_id: d.assigneeId ?? null,
    step_due_at: d.stepDueAt ?? null,
    paused_at: d.pausedAt ?? null,
    supplement_count: 0,
    applicant_search: foldForSearch(name),
  };
  await db.insertInto("dossiers").values(row).execute();
  return { id, code, version: 1 };
}
