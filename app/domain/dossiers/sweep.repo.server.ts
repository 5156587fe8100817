import { sql, type Kysely, type Transaction } from "kysely";
import type { Database, OfficialRole, StepRole } from "../../../db/schema";

// The sweep's queries (Kysely only; the same SQL on SQLite and PostgreSQL). Each "mark" is a conditional UPDATE that
// changes a row only if no other sweep marked it first: the caller alerts only when it changed one.

type Handle = Kysely<Database> | Transaction<Database>;

export interface OpenStepRow {
  stepId: string;
  dossierId: string;
  role: StepRole;
  agencyId: string;
  dueAt: string;
  /** The official holding the dossier, when this step is the dossier's open step. */
  assigneeId: string | null;
}

/**
 * Open steps (ended_at null) of dossiers whose clock runs (not waiting for a supplementation, status 5) with due_at in
 * (after, until] and the given mark not set, earliest first. Reads the dossier_steps_open index (ended_at, due_at).
 */
export async function selectOpenStepsDue(
  db: Handle,
  mark: "warned_at" | "overdue_at",
  range: { after: string | null; until: string },
  limit: number,
): Promise<OpenStepRow[]> {
  let q = db
    .selectFrom("dossier_steps as s")
    .innerJoin("dossiers as d", "d.id", "s.dossier_id")
    .select([
      "s.id as stepId",
      "s.dossier_id as dossierId",
      "s.role",
      "s.agency_id as agencyId",
      "s.due_at as dueAt",
      (eb) => eb.case().when("d.step_id", "=", eb.ref("s.id")).then(eb.ref("d.assignee_id")).else(null).end().as("assigneeId"),
    ])
    .where("s.ended_at", "is", null)
    .where("s.due_at", "is not", null)
    .where("s.due_at", "<=", range.until)
    .where(`s.${mark}`, "is", null)
    .where("d.status", "<>", 5);
  if (range.after !== null) q = q.where("s.due_at", ">", range.after);
  const rows = await q.orderBy("s.due_at").orderBy("s.id").limit(limit).execute();
  return rows.map((r) => ({ ...r, dueAt: r.dueAt!, assigneeId: r.assigneeId ?? null }));
}

/** Set the step's mark unless it is set already. True when this call set it. */
export async function markStep(db: Handle, stepId: string, mark: "warned_at" | "overdue_at", at: string): Promise<boolean> {
  const result = await db.updateTable("dossier_steps").set({ [mark]: at }).where("id", "=", stepId).where(mark, "is", null).where("ended_at", "is", null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface ApologyCandidateRow {
  dossierId: string;
  dueAt: string;
  agencyId: string;
  assigneeId: string | null;
  stepRole: StepRole | null;
}

// The condition of the partial index dossiers_apology_due (db/migrations/20261130T0620_sweep.ts), with literal values
// so that both databases match it.
const APOLOGY_CANDIDATES = sql<boolean>`d.status in (2, 4, 6) and d.rescheduled_due_at is null and d.apology_prompted_at is null and d.due_at is not null`;

/** Dossiers in progress, not rescheduled, not prompted yet, due at or before `until`, earliest first. */
export async function selectApologyCandidates(db: Handle, until: string, limit: number): Promise<ApologyCandidateRow[]> {
  const rows = await db
    .selectFrom("dossiers as d")
    .leftJoin("dossier_steps as s", "s.id", "d.step_id")
    .select(["d.id as dossierId", "d.due_at as dueAt", "d.current_agency_id", "d.agency_id", "d.assignee_id as assigneeId", "s.role as stepRole"])
    .where(APOLOGY_CANDIDATES)
    .where("d.due_at", "<=", until)
    .orderBy("d.due_at")
    .orderBy("d.id")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ dossierId: r.dossierId, dueAt: r.dueAt!, agencyId: r.current_agency_id ?? r.agency_id, assigneeId: r.assigneeId, stepRole: r.stepRole }));
}

/** Mark the dossier prompted, unless it is already (or was rescheduled meanwhile). True when this call marked it. */
export async function markApologyPrompted(db: Handle, dossierId: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable("dossiers")
    .set({ apology_prompted_at: at })
    .where("id", "=", dossierId)
    .where("apology_prompted_at", "is", null)
    .where("rescheduled_due_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Dossiers waiting for a supplementation whose open request's period ended before `now`, oldest deadline first. */
export async function selectExpiredSupplements(db: Handle, now: string, limit: number, exclude: readonly string[] = []): Promise<string[]> {
  let q = db
    .selectFrom("dossier_supplements as s")
    .innerJoin("dossiers as d", "d.id", "s.dossier_id")
    .select("d.id")
    .where("s.closed", "is", null)
    .where("s.respond_by", "<", now)
    .where("d.status", "=", 5);
  if (exclude.length > 0) q = q.where("d.id", "not in", exclude);
  const rows = await q.orderBy("s.respond_by").orderBy("s.id").limit(limit).execute();
  return rows.map((r) => r.id);
}

/** Active officials holding one of the roles in the agency. */
export async function findOfficialsWithRoles(db: Handle, agencyId: string, roles: readonly OfficialRole[]): Promise<string[]> {
  if (roles.length === 0) return [];
  const rows = await db
    .selectFrom("official_roles as r")
    .innerJoin("users as u", "u.id", "r.user_id")
    .select("r.user_id")
    .distinct()
    .where("r.agency_id", "=", agencyId)
    .where("r.role", "in", roles)
    .where("u.status", "=", "active")
    .where("u.kind", "=", "official")
    .orderBy("r.user_id")
    .execute();
  return rows.map((r) => r.user_id);
}
