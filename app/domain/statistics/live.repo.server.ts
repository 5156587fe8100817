import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool, type Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { IN_PROGRESS_STATUSES, OPEN_STATUSES, WAITING_APPLICANT_STATUS, WAITING_PAYMENT_STATUS } from "./live";

// The leaders' live view (Kysely only): read straight from the dossiers table, since open dossiers are a small set and
// today's acceptances fewer still. The scope is always in the query (a list of agencies, or the whole province).
//
// Indexes (migration 20261203T1020_live_indexes), both led by the agency: every query names its agencies (the whole
// province is the list of the tree's agencies), each one a seek:
//  - dossiers_live_open (agency_id, status, due_at): the open statuses (2, 4, 5, 6) are equality seeks under each
//    agency, so the counts never read the millions of returned dossiers (status 10); the most overdue and the soonest
//    due are a range of due_at under each (agency, status) pair;
//  - dossiers_live_intake (agency_id, accepted_at, channel): today's acceptances, a short range under each agency.

type Handle = Kysely<Database> | Transaction<Database>;
type Eb = ExpressionBuilder<Database & { d: Database["dossiers"] }, "d">;
/** The agencies whose dossiers are read (never empty in a query: an empty scope reads nothing). */
export type LiveScope = readonly string[];

function inScope(eb: Eb, scope: LiveScope): Expression<SqlBool> {
  if (scope.length === 0) return sql<SqlBool>`1 = 0`;
  return eb("d.agency_id", "in", [...scope]);
}

/** The agency tree as it stands on a day (YYYY-MM-DD): each agency's version valid then, with its parent and name. */
export async function agencyTreeOn(db: Handle, date: string) {
  return db
    .selectFrom("agency_versions")
    .select(["agency_id as agencyId", "parent_id as parentId", "name", "short_name as shortName"])
    .where("valid_from", "<=", date)
    .where((eb) => eb.or([eb("valid_to", "is", null), eb("valid_to", ">", date)]))
    .execute();
}

/** Dossiers accepted in [from, to) (ISO instants), counted by agency and channel. */
export async function intakeBetween(db: Handle, scope: LiveScope, from: string, to: string) {
  const rows = await db
    .selectFrom("dossiers as d")
    .select(["d.agency_id as agencyId", "d.channel", (eb) => eb.fn.countAll().as("n")])
    .where("d.accepted_at", ">=", from)
    .where("d.accepted_at", "<", to)
    .where((eb) => inScope(eb, scope))
    .groupBy(["d.agency_id", "d.channel"])
    .execute();
  return rows.map((r) => ({ agencyId: r.agencyId, channel: r.channel, n: Number(r.n) }));
}

/**
 * The open dossiers by agency: in progress, overdue (due ≤ now), due within the window (now < due ≤ soon), waiting
 * for the applicant (5) and for a payment (6). One statement, from dossiers_live_open's entries.
 */
export async function openByAgency(db: Handle, scope: LiveScope, now: string, soon: string) {
  const inProgress = sql.raw(`d.status in (${IN_PROGRESS_STATUSES.join(", ")})`);
  const rows = await db
    .selectFrom("dossiers as d")
    .select([
      "d.agency_id as agencyId",
      sql<number>`sum(case when ${inProgress} then 1 else 0 end)`.as("inProgress"),
      sql<number>`sum(case when ${inProgress} and d.due_at <= ${now} then 1 else 0 end)`.as("overdue"),
      sql<number>`sum(case when ${inProgress} and d.due_at > ${now} and d.due_at <= ${soon} then 1 else 0 end)`.as("dueSoon"),
      sql<number>`sum(case when d.status = ${sql.lit(WAITING_APPLICANT_STATUS)} then 1 else 0 end)`.as("waitingApplicant"),
      sql<number>`sum(case when d.status = ${sql.lit(WAITING_PAYMENT_STATUS)} then 1 else 0 end)`.as("waitingPayment"),
    ])
    .where("d.status", "in", [...OPEN_STATUSES])
    .where((eb) => inScope(eb, scope))
    .groupBy("d.agency_id")
    .execute();
  return rows.map((r) => ({
    agencyId: r.agencyId,
    inProgress: Number(r.inProgress),
    overdue: Number(r.overdue),
    dueSoon: Number(r.dueSoon),
    waitingApplicant: Number(r.waitingApplicant),
    waitingPayment: Number(r.waitingPayment),
  }));
}

/**
 * Dossiers in progress whose due date is in (after, until], soonest first (for the most overdue: after = none, until =
 * now; for the due soon: after = now, until = now + 24 h). At most `limit`, with the procedure's name.
 */
export async function inProgressDueBetween(db: Handle, scope: LiveScope, range: { after: string | null; until: string }, limit: number) {
  const page = db
    .selectFrom("dossiers as d")
    .select(["d.id", "d.due_at"])
    .where("d.status", "in", [...IN_PROGRESS_STATUSES])
    .where("d.due_at", "is not", null)
    .where("d.due_at", "<=", range.until)
    .where((eb) => (range.after ? eb("d.due_at", ">", range.after) : sql<SqlBool>`1 = 1`))
    .where((eb) => inScope(eb, scope))
    .orderBy("d.due_at")
    .orderBy("d.id")
    .limit(limit)
    .as("p");
  return db
    .selectFrom(page)
    .innerJoin("dossiers as r", "r.id", "p.id")
    .leftJoin("procedure_versions as v", "v.id", "r.procedure_version_id")
    .select(["r.code", "r.agency_id as agencyId", "r.procedure_code as procedureCode", "v.name as procedureName", "r.due_at as dueAt"])
    .orderBy("p.due_at")
    .orderBy("p.id")
    .execute();
}
