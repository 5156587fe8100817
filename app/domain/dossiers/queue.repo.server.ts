import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool, type Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { COUNT_CAP, PAUSED_WAITING, QUEUE_ROLES, searchTerms, startOfVietnameseDay, type QueueFilter, type QueueRole, type QueueTab } from "./queue";

// The officials' queue (Kysely only). Every query takes the agencies where the official holds each role and filters on
// them: a dossier outside those never comes back, and an assignment of one changes nothing.
//
// Indexes (migration 20261130T0630_queue_filters): dossiers_queue_wait (current_agency_id, waiting_for, assignee_id,
// step_due_at is null, step_due_at, id, + the filtered columns) serves "waiting" and "paused", dossiers_queue_all
// (current_agency_id, step_due_at is null, step_due_at, id, waiting_for, assignee_id, + the filtered columns) serves
// "all", dossiers_assignee serves "held". The filtered columns (status, channel, procedure_code, received_at, code,
// applicant_search) trail the index, so a page and its capped counts read index entries only, filters included. Every
// tab's rows are those of the official's agencies, so a filter only ever reads one agency's entries, never the table.

type Handle = Kysely<Database> | Transaction<Database>;
type Eb = ExpressionBuilder<Database & { d: Database["dossiers"] }, "d">;

export interface QueueScope {
  userId: string;
  byRole: Record<QueueRole, string[]>;
  readAgencies: string[];
}

/** Waiting for one of the official's roles in an agency where they hold it (and nobody else holds it, or they do). */
function waitingForMe(eb: Eb, scope: QueueScope): Expression<SqlBool> {
  const pairs = QUEUE_ROLES.filter((role) => scope.byRole[role].length > 0).map((role) =>
    eb.and([eb("d.waiting_for", "=", role), eb("d.current_agency_id", "in", scope.byRole[role])]),
  );
  if (pairs.length === 0) return sql<SqlBool>`1 = 0`;
  return eb.and([eb.or(pairs), eb.or([eb("d.assignee_id", "is", null), eb("d.assignee_id", "=", scope.userId)])]);
}

function inTab(eb: Eb, scope: QueueScope, tab: QueueTab): Expression<SqlBool> {
  if (scope.readAgencies.length === 0) return sql<SqlBool>`1 = 0`;
  switch (tab) {
    case "waiting":
      return waitingForMe(eb, scope);
    case "held":
      return eb.and([eb("d.assignee_id", "=", scope.userId), eb("d.current_agency_id", "in", scope.readAgencies)]);
    case "paused":
      return eb.and([eb("d.current_agency_id", "in", scope.readAgencies), eb("d.waiting_for", "in", [...PAUSED_WAITING])]);
    case "all":
      return eb("d.current_agency_id", "in", scope.readAgencies);
  }
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function matchesFilter(eb: Eb, filter: QueueFilter): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [];
  if (filter.procedure) parts.push(eb("d.procedure_code", "=", filter.procedure));
  if (filter.status !== undefined) parts.push(eb("d.status", "=", filter.status));
  if (filter.channel) parts.push(eb("d.channel", "=", filter.channel));
  if (filter.from) parts.push(eb("d.received_at", ">=", startOfVietnameseDay(filter.from)));
  if (filter.to) parts.push(eb("d.received_at", "<", startOfVietnameseDay(filter.to, 1)));
  if (filter.q) {
    const { codePrefix, nameTokens } = searchTerms(filter.q);
    if (codePrefix) parts.push(sql<SqlBool>`${sql.ref("d.code")} like ${`${escapeLike(codePrefix)}%`} escape '\\'`);
    for (const token of nameTokens) parts.push(sql<SqlBool>`${sql.ref("d.applicant_search")} like ${`%${escapeLike(token)}%`} escape '\\'`);
  }
  return eb.and(parts);
}

/**
 * One page of a tab: the dossiers' own columns with the procedure's and the holder's names, by step deadline (none
 * last), then id. One statement: the page's ids in order come from an index walk of dossiers_queue_all /
 * dossiers_queue_wait (migration 20261130T0630_queue_filters, filters read from the index entries), and only those
 * rows are then read, by primary key, with their two names.
 */
export async function queuePage(db: Handle, scope: QueueScope, filter: QueueFilter, limit: number, offset: number) {
  const page = db
    .selectFrom("dossiers as d")
    .select(["d.id", sql<number>`(d.step_due_at is null)`.as("undated"), "d.step_due_at"])
    .where((eb) => eb.and([inTab(eb, scope, filter.tab), matchesFilter(eb, filter)]))
    .orderBy(sql`(d.step_due_at is null)`)
    .orderBy("d.step_due_at")
    .orderBy("d.id")
    .limit(limit)
    .offset(offset)
    .as("p");
  return db
    .selectFrom(page)
    .innerJoin("dossiers as r", "r.id", "p.id")
    .leftJoin("procedure_versions as v", "v.id", "r.procedure_version_id")
    .leftJoin("users as u", "u.id", "r.assignee_id")
    .select([
      "r.id",
      "r.code",
      "r.version",
      "r.status",
      "r.channel",
      "r.procedure_version_id as versionId",
      "r.procedure_code as procedureCode",
      "v.name as procedureName",
      "r.applicant",
      "r.received_at as receivedAt",
      "r.step_due_at as stepDueAt",
      "r.due_at as dueAt",
      "r.paused_at as pausedAt",
      "r.current_agency_id as agencyId",
      "r.waiting_for as waitingFor",
      "r.assignee_id as assigneeId",
      "u.full_name as assigneeName",
    ])
    .orderBy("p.undated")
    .orderBy("p.step_due_at")
    .orderBy("p.id")
    .execute();
}

/** Whether a filter narrows the rows beyond the tab (status, channel, procedure, dates, text). */
export const narrows = (filter: QueueFilter) => Boolean(filter.procedure || filter.status !== undefined || filter.channel || filter.from || filter.to || filter.q);

/**
 * How many dossiers each tab holds (the tabs' labels: the tab alone, read from index entries only), and how many of
 * the shown tab match the filters (the page's count; read from the agency's rows when a filter narrows it). Each count
 * stops at COUNT_CAP + 1 (the page shows "1000+"). One statement.
 */
export async function queueCounts(db: Handle, scope: QueueScope, filter: QueueFilter): Promise<Record<QueueTab, number> & { matching: number }> {
  const capped = (tab: QueueTab, withFilter: boolean) =>
    db
      .selectFrom((qb) =>
        qb
          .selectFrom("dossiers as d")
          .select(sql<number>`1`.as("one"))
          .where((eb) => (withFilter ? eb.and([inTab(eb, scope, tab), matchesFilter(eb, filter)]) : inTab(eb, scope, tab)))
          .limit(COUNT_CAP + 1)
          .as("c"),
      )
      .select((eb) => eb.fn.countAll().as("n"));
  const filtered = narrows(filter);
  const row = await db
    .selectNoFrom([
      capped("waiting", false).as("waiting"),
      capped("held", false).as("held"),
      capped("paused", false).as("paused"),
      capped("all", false).as("all"),
      capped(filter.tab, filtered).as("matching"),
    ])
    .executeTakeFirstOrThrow();
  return { waiting: Number(row.waiting), held: Number(row.held), paused: Number(row.paused), all: Number(row.all), matching: Number(row.matching) };
}

/**
 * Active officials holding a queue role in one of these agencies: who a dossier can be given to (the use case keeps,
 * for each dossier, those holding the role it waits for in its agency).
 */
export async function colleaguesIn(db: Handle, agencyIds: string[]) {
  if (agencyIds.length === 0) return [];
  return db
    .selectFrom("official_roles as r")
    .innerJoin("users as u", "u.id", "r.user_id")
    .select(["u.id as userId", "u.full_name as fullName", "r.agency_id as agencyId", "r.role"])
    .where("r.agency_id", "in", agencyIds)
    .where("r.role", "in", [...QUEUE_ROLES])
    .where("u.kind", "=", "official")
    .where("u.status", "=", "active")
    .orderBy("u.full_name")
    .orderBy("u.id")
    .execute();
}

/** The agencies' names on a day (YYYY-MM-DD): their version valid then. */
export async function agencyNames(db: Handle, agencyIds: string[], date: string) {
  if (agencyIds.length === 0) return new Map<string, string>();
  const rows = await db
    .selectFrom("agency_versions")
    .select(["agency_id", "name", "valid_from"])
    .where("agency_id", "in", agencyIds)
    .where("valid_from", "<=", date)
    .orderBy("valid_from")
    .execute();
  // Later versions overwrite earlier ones: the one in force on the day wins.
  return new Map(rows.map((r) => [r.agency_id, r.name]));
}

/**
 * Give one dossier to an official: only while it waits for a role the acting official holds in its agency, is free or
 * held by the acting official, is at the version the page showed, and the new holder holds that same role there (an
 * active official). Bumps the version. Returns whether the row changed.
 */
export async function assignIfInQueue(trx: Handle, input: { scope: QueueScope; dossierId: string; version: number; assigneeId: string; now: string }): Promise<boolean> {
  const { scope } = input;
  const result = await trx
    .updateTable("dossiers as d")
    .set((eb) => ({ assignee_id: input.assigneeId, version: eb("d.version", "+", 1), updated_at: input.now }))
    .where("d.id", "=", input.dossierId)
    .where("d.version", "=", input.version)
    .where((eb) =>
      eb.and([
        waitingForMe(eb, scope),
        eb.exists(
          eb
            .selectFrom("official_roles as r")
            .innerJoin("users as u", "u.id", "r.user_id")
            .select(sql<number>`1`.as("one"))
            .where("r.user_id", "=", input.assigneeId)
            .whereRef("r.agency_id", "=", "d.current_agency_id")
            .whereRef("r.role", "=", "d.waiting_for")
            .where("u.kind", "=", "official")
            .where("u.status", "=", "active"),
        ),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Why an assignment did not happen: the dossier as it is now (only within the official's agencies). */
export async function dossierForExplanation(db: Handle, scope: QueueScope, dossierId: string) {
  if (scope.readAgencies.length === 0) return undefined;
  return db
    .selectFrom("dossiers as d")
    .select(["d.id", "d.code", "d.version", "d.current_agency_id as agencyId", "d.waiting_for as waitingFor", "d.assignee_id as assigneeId"])
    .where("d.id", "=", dossierId)
    .where("d.current_agency_id", "in", scope.readAgencies)
    .executeTakeFirst();
}
