// Test support for the officials' queue: rows written straight into a migrated database (no engine yet moves
// dossiers between steps). Agencies come from seedProvince, procedures from the catalog fixture; officials, their roles
// and dossiers are inserted here with the columns the queue reads.
import type { Insertable } from "kysely";
import type { Database, OfficialRole, WaitingFor } from "../../../db/schema";
import type { Db } from "../../platform/db.server";
import { newId } from "../../platform/ids.server";
import type { Actor } from "../access/permissions";
import { foldForSearch } from "../shared/search";

export async function insertOfficial(db: Db, fullName: string, roles: { agencyId: string; role: OfficialRole }[], opts: { status?: "active" | "disabled" } = {}) {
  const id = newId();
  const at = new Date("2026-11-01T00:00:00Z").toISOString();
  await db
    .insertInto("users")
    .values({ id, kind: "official", status: opts.status ?? "active", full_name: fullName, cccd: null, birth_date: null, email: `${id}@example.gov.vn`, phone: null, password_hash: null, email_verified_at: at, eid_verified_at: null, eid_issuer: null, eid_subject: null, totp_secret: null, totp_confirmed_at: null, totp_last_step: null, created_at: at, updated_at: at })
    .execute();
  for (const r of roles) {
    await db.insertInto("official_roles").values({ id: newId(), user_id: id, agency_id: r.agencyId, role: r.role, granted_at: at, granted_by: null }).execute();
  }
  const actor: Actor = { kind: "official", userId: id, roles };
  return { id, actor };
}

export async function insertCitizen(db: Db) {
  const id = newId();
  const at = new Date("2026-11-01T00:00:00Z").toISOString();
  await db
    .insertInto("users")
    .values({ id, kind: "citizen", status: "active", full_name: "Người nộp", cccd: null, birth_date: null, email: `${id}@example.vn`, phone: null, password_hash: null, email_verified_at: at, eid_verified_at: null, eid_issuer: null, eid_subject: null, totp_secret: null, totp_confirmed_at: null, totp_last_step: null, created_at: at, updated_at: at })
    .execute();
  return id;
}

let sequence = 0;

export interface FixtureDossier {
  agency: { id: string; code: string };
  version: { id: string; procedureId: string; code: string };
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
