import { sql, type Insertable, type Kysely, type Transaction, type Updateable } from "kysely";
import type { Database } from "../../../db/schema";

// The back-office engine's queries (Kysely only; the same SQL on SQLite and PostgreSQL).

type Handle = Kysely<Database> | Transaction<Database>;

/** The dossier with what the state machine needs: its version's content (the workflow), its open step. */
export async function findDossierForAction(db: Handle, by: { id: string } | { code: string }) {
  let q = db
    .selectFrom("dossiers as d")
    .innerJoin("procedure_versions as v", "v.id", "d.procedure_version_id")
    .leftJoin("dossier_steps as s", "s.id", "d.step_id")
    .select([
      "d.id",
      "d.code",
      "d.agency_id as agencyId",
      "d.current_agency_id as currentAgencyId",
      "d.procedure_version_id as versionId",
      "d.owner_user_id as ownerUserId",
      "d.owner_organisation_id as ownerOrganisationId",
      "d.applicant",
      "d.answers",
      "d.channel",
      "d.status",
      "d.received_at as receivedAt",
      "d.accepted_at as acceptedAt",
      "d.acceptance_due_at as acceptanceDueAt",
      "d.due_at as dueAt",
      "d.step_id as stepId",
      "d.step_index as stepIndex",
      "d.step_due_at as stepDueAt",
      "d.waiting_for as waitingFor",
      "d.assignee_id as assigneeId",
      "d.paused_at as pausedAt",
      "d.supplement_count as supplementCount",
      "d.resume_status as resumeStatus",
      "d.rescheduled_due_at as rescheduledDueAt",
      "d.version",
      "v.content",
      "v.name as procedureName",
      "s.role as stepRole",
      "s.seq as stepSeq",
      "s.agency_id as stepAgencyId",
      "s.from_agency_id as stepFromAgencyId",
      "s.started_at as stepStartedAt",
      "s.due_at as openStepDueAt",
      "s.handled_by as stepHandledBy",
    ]);
  q = "id" in by ? q.where("d.id", "=", by.id) : q.where("d.code", "=", by.code);
  return q.executeTakeFirst();
}
export type DossierForAction = NonNullable<Awaited<ReturnType<typeof findDossierForAction>>>;

/** The deciding agency of the offering the dossier was filed under (null: the receiving agency decides). */
export async function findDeciderAgency(db: Handle, versionId: string, agencyId: string): Promise<string | null> {
  const row = await db
    .selectFrom("procedure_offerings")
    .select("decider_id")
    .where("version_id", "=", versionId)
    .where("agency_id", "=", agencyId)
    .executeTakeFirst();
  return row?.decider_id ?? null;
}

export async function findAgencyCodeAndKind(db: Handle, agencyId: string, date: string) {
  return db
    .selectFrom("agencies as ag")
    .innerJoin("agency_versions as a", (j) =>
      j
        .onRef("a.agency_id", "=", "ag.id")
        .on("a.valid_from", "<=", date)
        .on((eb) => eb.or([eb("a.valid_to", "is", null), eb("a.valid_to", ">", date)])),
    )
    .select(["ag.id", "ag.code", "a.kind", "a.name"])
    .where("ag.id", "=", agencyId)
    .executeTakeFirst();
}

/**
 * Compare-and-set: the dossier changes only if nobody changed it since `fromVersion` was read. On PostgreSQL a
 * concurrent writer waits for the row lock, then finds the version moved and updates nothing.
 */
export async function updateDossierIfVersion(trx: Transaction<Database>, id: string, fromVersion: number, values: Updateable<Database["dossiers"]>): Promise<boolean> {
  const result = await trx
    .updateTable("dossiers")
    .set({ ...values, version: sql<number>`version + 1` })
    .where("id", "=", id)
    .where("version", "=", fromVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function closeStep(trx: Transaction<Database>, id: string, values: Pick<Updateable<Database["dossier_steps"]>, "ended_at" | "result" | "outcome" | "handled_by">) {
  await trx.updateTable("dossier_steps").set(values).where("id", "=", id).where("ended_at", "is", null).execute();
}

/**
 * The open step's deadline moved (the clock resumed after a supplementation): the sweep's marks (warned, overdue)
 * were about the old one and are cleared, so the sweep warns and flags against the new one.
 */
export async function moveStepDue(trx: Transaction<Database>, id: string, dueAt: string) {
  await trx.updateTable("dossier_steps").set({ due_at: dueAt, warned_at: null, overdue_at: null }).where("id", "=", id).where("ended_at", "is", null).execute();
}

export async function insertStep(trx: Transaction<Database>, row: Insertable<Database["dossier_steps"]>) {
  await trx.insertInto("dossier_steps").values(row).execute();
}

export async function lastStepSeq(db: Handle, dossierId: string): Promise<number> {
  const row = await db.selectFrom("dossier_steps").select((eb) => eb.fn.max("seq").as("seq")).where("dossier_id", "=", dossierId).executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/** The most recent step at a workflow index (to reopen it on transferBack). */
export async function findStep(db: Handle, id: string) {
  return db.selectFrom("dossier_steps").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The last workflow step (not a co-operation step) before the open one: where a transferred dossier returns. */
export async function lastWorkflowStepBefore(db: Handle, dossierId: string, seq: number) {
  return db
    .selectFrom("dossier_steps")
    .selectAll()
    .where("dossier_id", "=", dossierId)
    .where("seq", "<", seq)
    .where("role", "!=", "cooperate")
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
}

export async function insertEvent(trx: Transaction<Database>, row: Insertable<Database["dossier_events"]>) {
  await trx.insertInto("dossier_events").values(row).execute();
}

export async function insertSupplement(trx: Transaction<Database>, row: Insertable<Database["dossier_supplements"]>) {
  await trx.insertInto("dossier_supplements").values(row).execute();
}

export async function findOpenSupplement(db: Handle, dossierId: string) {
  return db
    .selectFrom("dossier_supplements")
    .selectAll()
    .where("dossier_id", "=", dossierId)
    .where("closed", "is", null)
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
}

export async function closeSupplement(trx: Transaction<Database>, id: string, values: Pick<Updateable<Database["dossier_supplements"]>, "closed" | "answered_at" | "paused_minutes">) {
  await trx.updateTable("dossier_supplements").set(values).where("id", "=", id).where("closed", "is", null).execute();
}

export async function supplementCount(db: Handle, dossierId: string): Promise<number> {
  const row = await db.selectFrom("dossier_supplements").select((eb) => eb.fn.countAll<number>().as("n")).where("dossier_id", "=", dossierId).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function updateAnswers(trx: Transaction<Database>, id: string, answers: string) {
  await trx.updateTable("dossiers").set({ answers }).where("id", "=", id).execute();
}

export async function replaceDocumentFiles(trx: Transaction<Database>, dossierId: string, documentIndex: number, rows: Insertable<Database["dossier_documents"]>[]) {
  await trx.deleteFrom("dossier_documents").where("dossier_id", "=", dossierId).where("document_index", "=", documentIndex).execute();
  if (rows.length > 0) await trx.insertInto("dossier_documents").values(rows).execute();
}

export async function insertIssuedDocument(trx: Transaction<Database>, row: Insertable<Database["dossier_issued_documents"]>) {
  await trx.insertInto("dossier_issued_documents").values(row).execute();
}

export async function findIssuedResult(db: Handle, dossierId: string) {
  return db
    .selectFrom("dossier_issued_documents")
    .selectAll()
    .where("dossier_id", "=", dossierId)
    .where("kind", "=", "result")
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
}

export async function insertWalletFile(trx: Transaction<Database>, row: Insertable<Database["files"]>) {
  await trx.insertInto("files").values(row).execute();
}

export async function insertNote(trx: Handle, row: Insertable<Database["dossier_notes"]>) {
  await trx.insertInto("dossier_notes").values(row).execute();
}

/** Whether an agency exists and is in force on a date (a transfer's target). */
export async function agencyInForce(db: Handle, agencyId: string, date: string): Promise<boolean> {
  return !!(await findAgencyCodeAndKind(db, agencyId, date));
}

/** What the portal signed for an agency (the public verification page finds it by code or by hash). */
export async function insertResultSignature(trx: Handle, row: Database["result_signatures"]) {
  await trx.insertInto("result_signatures").values(row).execute();
}

/** An agency's code and its name on a day (YYYY-MM-DD): who signs a result. */
export async function agencyForSigning(db: Handle, agencyId: string, day: string) {
  const row = await db
    .selectFrom("agencies as a")
    .innerJoin("agency_versions as v", "v.agency_id", "a.id")
    .select(["a.code", "v.name"])
    .where("a.id", "=", agencyId)
    .where("v.valid_from", "<=", day)
    .orderBy("v.valid_from", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? { code: row.code, name: row.name } : undefined;
}
