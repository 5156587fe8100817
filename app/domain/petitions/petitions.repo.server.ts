import { sql, type Insertable, type Kysely, type Transaction, type Updateable } from "kysely";
import type { Database, PetitionStatus } from "../../../db/schema";
import { engineOf } from "../../platform/db.server";

// The petitions' queries (issue 8). Every function takes the database or the transaction first.

type Handle = Kysely<Database> | Transaction<Database>;
export type PetitionRow = Database["petitions"];

export async function nextPetitionSequence(trx: Transaction<Database>, day: string): Promise<number> {
  const row = await trx
    .insertInto("petition_code_sequences")
    .values({ day, last_value: 1 })
    .onConflict((oc) =>
      oc.column("day").doUpdateSet({
        last_value: sql<number>`petition_code_sequences.last_value + 1`,
      })
    )
    .returning("last_value")
    .executeTakeFirstOrThrow();
  return Number(row.last_value);
}

export async function insertPetition(trx: Transaction<Database>, row: Insertable<Database["petitions"]>) {
  await trx.insertInto("petitions").values(row).execute();
}

export async function insertPetitionFiles(trx: Transaction<Database>, rows: Database["petition_files"][]) {
  if (rows.length > 0) await trx.insertInto("petition_files").values(rows).execute();
}

export async function insertPetitionEvent(trx: Handle, row: Insertable<Database["petition_events"]>) {
  await trx.insertInto("petition_events").values(row).execute();
}

export async function findPetitionByCode(db: Handle, code: string) {
  return db.selectFrom("petitions").selectAll().where("code", "=", code).executeTakeFirst();
}

/** The row, locked for the change (PostgreSQL; SQLite's write transaction is already exclusive). */
export async function lockPetition(trx: Transaction<Database>, code: string) {
  const q = trx.selectFrom("petitions").selectAll().where("code", "=", code);
  return (engineOf(trx) === "postgres" ? q.forUpdate() : q).executeTakeFirst();
}

/** Applies a change only to the version read: 0 rows when someone changed it meanwhile. */
export async function updatePetition(trx: Transaction<Database>, id: string, version: number, patch: Updateable<Database["petitions"]>): Promise<boolean> {
  const r = await trx
    .updateTable("petitions")
    .set({ ...patch, version: version + 1 })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertAnswer(trx: Transaction<Database>, row: Database["petition_answers"]) {
  await trx.insertInto("petition_answers").values(row).execute();
}

/** The latest draft of an item (the one the leader decides on). */
export async function latestAnswer(db: Handle, petitionId: string) {
  return db
    .selectFrom("petition_answers")
    .selectAll()
    .where("petition_id", "=", petitionId)
    .orderBy("drafted_at", "desc")
    .orderBy("id", "desc")
    .executeTakeFirst();
}

export async function answersOf(db: Handle, petitionId: string) {
  return db.selectFrom("petition_answers").selectAll().where("petition_id", "=", petitionId).orderBy("drafted_at").orderBy("id").execute();
}

export async function decideAnswer(
  trx: Transaction<Database>,
  id: string,
  patch: Pick<Database["petition_answers"], "decision" | "decided_by" | "decided_at" | "decision_note">
) {
  await trx.updateTable("petition_answers").set(patch).where("id", "=", id).where("decision", "is", null).execute();
}

export async function insertRevision(trx: Transaction<Database>, row: Database["petition_revisions"]) {
  await trx.insertInto("petition_revisions").values(row).execute();
}

export async function revisionsOf(db: Handle, petitionId: string) {
  return db.selectFrom("petition_revisions").selectAll().where("petition_id", "=", petitionId).orderBy("revised_at").orderBy("id").execute();
}

export async function eventsOf(db: Handle, petitionId: string) {
  return db
    .selectFrom("petition_events as e")
    .leftJoin("users as u", "u.id", "e.actor_user_id")
    .select([
      "e.id",
      "e.at",
      "e.action",
      "e.status_from as statusFrom",
      "e.status_to as statusTo",
      "e.agency_id as agencyId",
      "e.note",
      "u.full_name as actorName",
    ])
    .where("e.petition_id", "=", petitionId)
    .orderBy("e.at")
    .orderBy("e.id")
    .execute();
}

export async function filesOf(db: Handle, petitionId: string) {
  return db
    .selectFrom("petition_files as pf")
    .innerJoin("files as f", "f.id", "pf.file_id")
    .select(["f.id", "f.original_name as name", "f.size_bytes as sizeBytes", "f.media_type as mediaType", "f.sha256"])
    .where("pf.petition_id", "=", petitionId)
    .orderBy("pf.position")
    .execute();
}

/** The wallet files of an owner among `ids` (attachments must be the sender's own). */
export async function ownFiles(db: Handle, owner: { userId: string; organisationId: string | null }, ids: readonly string[]) {
  if (ids.length === 0) return [];
  let q = db
    .selectFrom("files")
    .select(["id", "media_type as mediaType", "size_bytes as sizeBytes"])
    .where("id", "in", [...ids])
    .where("deleted_at", "is", null);
  q = owner.organisationId
    ? q.where("owner_organisation_id", "=", owner.organisationId)
    : q.where("owner_user_id", "=", owner.userId).where("owner_organisation_id", "is", null);
  return q.execute();
}

export async function agencyExists(db: Handle, id: string): Promise<boolean> {
  return Boolean(await db.selectFrom("agencies").select("id").where("id", "=", id).executeTakeFirst());
}

export async function agencyIdByCode(db: Handle, code: string): Promise<string | undefined> {
  return (await db.selectFrom("agencies").select("id").where("code", "=", code).executeTakeFirst())?.id;
}

export async function procedureExists(db: Handle, code: string): Promise<boolean> {
  return Boolean(await db.selectFrom("procedures").select("id").where("code", "=", code).executeTakeFirst());
}


export async function procedureNames(db: Handle, codes: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes.filter(Boolean))];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom("procedures as p")
    .innerJoin("procedure_versions as v", "v.procedure_id", "p.id")
    .select(["p.code", "v.name", "v.version"])
    .where("p.code", "in", unique)
    .orderBy("v.version", "desc")
    .execute();
  const out = new Map<string, string>();
  for (const r of rows) if (!out.has(r.code)) out.set(r.code, r.name);
  return out;
}

/** The routing rules that match an item (any rule whose set criteria all match). */
export async function matchingRules(db: Handle, item: Pick<PetitionRow, "procedure_code" | "field" | "concerned_agency_id" | "admin_unit_code">) {
  const rules = await db.selectFrom("petition_routing_rules").selectAll().execute();
  return rules.filter(
    (r) =>
      (r.procedure_code === null || r.procedure_code === item.procedure_code) &&
      (r.field === null || r.field === item.field) &&
      (r.concerned_agency_id === null || r.concerned_agency_id === item.concerned_agency_id) &&
      (r.admin_unit_code === null || r.admin_unit_code === item.admin_unit_code)
  );
}

export async function insertRoutingRule(db: Handle, row: Database["petition_routing_rules"]) {
  await db.insertInto("petition_routing_rules").values(row).execute();
}

export async function routingRules(db: Handle) {
  return db.selectFrom("petition_routing_rules").selectAll().orderBy("created_at").execute();
}

export async function deleteRoutingRule(db: Handle, id: string) {
  await db.deleteFrom("petition_routing_rules").where("id", "=", id).execute();
}

/** The district (admin unit of level 2) an agency serves on `date`: its own unit, or its commune's parent; null for the province. */
export async function districtOfAgency(db: Handle, agencyId: string, date: string): Promise<string | null> {
  const row = await db
    .selectFrom("agency_versions as a")
    .innerJoin("admin_units as u", "u.code", "a.admin_unit_code")
    .select(["u.code", "u.level", "u.parent_code"])
    .where("a.agency_id", "=", agencyId)
    .where("a.valid_from", "<=", date)
    .where((eb) => eb.or([eb("a.valid_to", "is", null), eb("a.valid_to", ">", date)]))
    .executeTakeFirst();
  if (!row) return null;
  if (Number(row.level) === 2) return row.code;
  if (Number(row.level) === 3) return row.parent_code;
  return null;
}

/** Who decides a procedure in its latest published version, offering by offering (agency that receives → decider). */
export async function procedureDeciders(db: Handle, code: string): Promise<{ agencyId: string; deciderId: string }[]> {
  const latest = await db
    .selectFrom("procedure_versions as v")
    .innerJoin("procedures as p", "p.id", "v.procedure_id")
    .select("v.id")
    .where("p.code", "=", code)
    .where("v.state", "=", "published")
    .orderBy("v.version", "desc")
    .executeTakeFirst();
  if (!latest) return [];
  const rows = await db.selectFrom("procedure_offerings").select(["agency_id", "decider_id"]).where("version_id", "=", latest.id).execute();
  return rows.map((r) => ({ agencyId: r.agency_id, deciderId: r.decider_id }));
}

export interface PetitionListFilter {
  statuses?: readonly PetitionStatus[];
  handlingAgencyIds?: readonly string[];
  limit: number;
  offset: number;
}

/** Items for an officials' queue, oldest due first. */
export async function listPetitions(db: Handle, filter: PetitionListFilter) {
  let q = db
    .selectFrom("petitions")
    .select([
      "id",
      "code",
      "kind",
      "title",
      "status",
      "received_at",
      "forward_due_at",
      "answer_due_at",
      "handling_agency_id",
      "concerned_agency_id",
      "procedure_code",
      "hidden_at",
      "reassign_requested_at",
      "extended_at",
    ]);
  if (filter.statuses) q = q.where("status", "in", [...filter.statuses]);
  if (filter.handlingAgencyIds) {
    if (filter.handlingAgencyIds.length === 0) return [];
    q = q.where("handling_agency_id", "in", [...filter.handlingAgencyIds]);
  }
  return q
    // The due instant of the step under way (an item sent back for reassignment keeps its old answer due date).
    .orderBy(sql`case when status = 'received' then forward_due_at else coalesce(answer_due_at, forward_due_at) end`)
    .orderBy("code")
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
}

export interface PublicListFilter {
  search?: string;
  procedureCode?: string;
  agencyId?: string;
  field?: string;
  limit: number;
  offset: number;
}

function publicQuery(db: Handle, filter: Omit<PublicListFilter, "limit" | "offset">) {
  let q = db.selectFrom("petitions").where("published_at", "is not", null).where("hidden_at", "is", null);
  if (filter.procedureCode) q = q.where("procedure_code", "=", filter.procedureCode);
  if (filter.agencyId) q = q.where("handling_agency_id", "=", filter.agencyId);
  if (filter.field) q = q.where("field", "=", filter.field);
  if (filter.search)
    for (const word of filter.search.split(/\s+/).filter(Boolean).slice(0, 8)) q = q.where("search", "like", `%${word.replace(/[%_\\]/g, "")}%`);
  return q;
}

/** Published, not hidden, newest first. */
export async function listPublished(db: Handle, filter: PublicListFilter) {
  const [rows, total] = await Promise.all([
    publicQuery(db, filter)
      .select([
        "id",
        "code",
        "kind",
        "title",
        "content",
        "contact_name",
        "show_name",
        "procedure_code",
        "handling_agency_id",
        "field",
        "received_at",
        "answered_at",
        "answered_on_time",
        "published_at",
      ])
      .orderBy("published_at", "desc")
      .orderBy("code", "desc")
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    publicQuery(db, filter)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** The fields used so far in published answers (the list's filter). */
export async function publishedFields(db: Handle) {
  const rows = await db
    .selectFrom("petitions")
    .select("field")
    .distinct()
    .where("published_at", "is not", null)
    .where("hidden_at", "is", null)
    .where("field", "is not", null)
    .orderBy("field")
    .execute();
  return rows.map((r) => r.field!).filter(Boolean);
}

/** Items the sweep looks at: not finished, by due instant. */
export async function openPetitionsDueBefore(db: Handle, before: string) {
  return db
    .selectFrom("petitions")
    .selectAll()
    .where("status", "in", ["received", "forwarded", "drafted"])
    .where((eb) =>
      eb.or([
        eb.and([eb("status", "=", "received"), eb("forward_due_at", "<=", before)]),
        eb.and([eb("status", "!=", "received"), eb("answer_due_at", "<=", before)]),
      ])
    )
    .orderBy("received_at")
    .limit(500)
    .execute();
}

/** The e-mail addresses of the officials holding `role` at `agencyId` (active accounts). */
export async function officialEmails(db: Handle, agencyId: string, role: Database["official_roles"]["role"]): Promise<string[]> {
  const rows = await db
    .selectFrom("official_roles as r")
    .innerJoin("users as u", "u.id", "r.user_id")
    .select("u.email")
    .where("r.agency_id", "=", agencyId)
    .where("r.role", "=", role)
    .where("u.status", "=", "active")
    .execute();
  return rows.map((r) => r.email).filter((e): e is string => Boolean(e));
}

/** Counts for the statistics (issue 10): per handling agency, items received in [from, to). */
export async function petitionCounts(db: Handle, from: string, to: string) {
  return db
    .selectFrom("petitions")
    .select((eb) => [
      "handling_agency_id as agencyId",
      eb.fn.countAll<number>().as("received"),
      eb.fn.sum<number>(sql`case when forwarded_at is not null then 1 else 0 end`).as("forwarded"),
      eb.fn.sum<number>(sql`case when answered_at is not null and answered_on_time = 1 then 1 else 0 end`).as("answeredOnTime"),
      eb.fn.sum<number>(sql`case when answered_at is not null and answered_on_time = 0 then 1 else 0 end`).as("answeredLate"),
      eb.fn.sum<number>(sql`case when status in ('received', 'forwarded', 'drafted') then 1 else 0 end`).as("pending"),
      eb.fn.sum<number>(sql`case when status = 'closed' then 1 else 0 end`).as("closed"),
      eb.fn.sum<number>(sql`case when rating = 'satisfied' then 1 else 0 end`).as("satisfied"),
      eb.fn.sum<number>(sql`case when rating = 'unsatisfied' then 1 else 0 end`).as("unsatisfied"),
    ])
    .where("received_at", ">=", from)
    .where("received_at", "<", to)
    .groupBy("handling_agency_id")
    .execute();
}
