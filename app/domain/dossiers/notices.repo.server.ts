// The notices' queries (Kysely; the same SQL on SQLite and PostgreSQL): what a notice says about a dossier, who
// receives it, the in-app rows, and the delivery of the e-mail and SMS rows linked to history rows.
import type { Insertable, Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";

type Handle = Kysely<Database> | Transaction<Database>;

/** The dossier as a notice describes it (its state after the transition). */
export async function findDossierForNotice(db: Handle, dossierId: string) {
  return db
    .selectFrom("dossiers as d")
    .innerJoin("procedure_versions as v", "v.id", "d.procedure_version_id")
    .innerJoin("users as u", "u.id", "d.owner_user_id")
    .select([
      "d.id",
      "d.code",
      "d.status",
      "u.kind as ownerKind",
      "d.owner_user_id as ownerUserId",
      "d.owner_organisation_id as ownerOrganisationId",
      "d.applicant",
      "d.agency_id as agencyId",
      "d.current_agency_id as currentAgencyId",
      "d.due_at as dueAt",
      "d.rescheduled_due_at as rescheduledDueAt",
      "d.return_channel as returnChannel",
      "v.name as procedureName",
      "v.content",
    ])
    .where("d.id", "=", dossierId)
    .executeTakeFirst();
}

export async function findEventForNotice(db: Handle, dossierId: string, eventId: string) {
  return db
    .selectFrom("dossier_events")
    .select(["id", "at", "agency_id as agencyId", "note_params as noteParams"])
    .where("id", "=", eventId)
    .where("dossier_id", "=", dossierId)
    .executeTakeFirst();
}

/** The latest supplementation request of a dossier. */
export async function findLatestSupplement(db: Handle, dossierId: string) {
  return db
    .selectFrom("dossier_supplements")
    .select(["fields", "documents", "note", "respond_by as respondBy"])
    .where("dossier_id", "=", dossierId)
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
}

export interface MailContact {
  name: string;
  email: string;
}

/** The owning account's confirmed address (none when unconfirmed or the account is disabled). */
export async function findConfirmedContact(db: Handle, userId: string): Promise<MailContact[]> {
  const rows = await db
    .selectFrom("users")
    .select(["full_name as name", "email"])
    .where("id", "=", userId)
    .where("status", "=", "active")
    .where("email", "is not", null)
    .where("email_verified_at", "is not", null)
    .execute();
  return rows.map((r) => ({ name: r.name, email: r.email! }));
}

/** Every current representative of an organisation with a confirmed address (first added first). */
export async function findRepresentativeContacts(db: Handle, organisationId: string): Promise<MailContact[]> {
  const rows = await db
    .selectFrom("representatives as r")
    .innerJoin("users as u", "u.id", "r.user_id")
    .select(["u.full_name as name", "u.email"])
    .where("r.organisation_id", "=", organisationId)
    .where("u.status", "=", "active")
    .where("u.email", "is not", null)
    .where("u.email_verified_at", "is not", null)
    .orderBy("r.created_at")
    .orderBy("u.id")
    .execute();
  return rows.map((r) => ({ name: r.name, email: r.email! }));
}

export async function insertNotifications(db: Handle, rows: Insertable<Database["notifications"]>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto("notifications").values(rows).execute();
}

/** A user's own notifications (not an organisation's), newest first. */
export async function findUserNotifications(db: Handle, userId: string, kindPrefix: string, limit: number) {
  return db
    .selectFrom("notifications as n")
    .leftJoin("dossiers as d", "d.id", "n.dossier_id")
    .select(["n.id", "n.kind", "n.created_at as createdAt", "n.read_at as readAt", "d.code"])
    .where("n.user_id", "=", userId)
    .where("n.organisation_id", "is", null)
    .where("n.kind", "like", `${kindPrefix}%`)
    .orderBy("n.created_at", "desc")
    .orderBy("n.id", "desc")
    .limit(limit)
    .execute();
}

export async function markUserNotificationsRead(db: Handle, userId: string, kindPrefix: string, at: string): Promise<number> {
  const result = await db
    .updateTable("notifications")
    .set({ read_at: at })
    .where("user_id", "=", userId)
    .where("organisation_id", "is", null)
    .where("kind", "like", `${kindPrefix}%`)
    .where("read_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface OutboxDeliveryRow {
  eventId: string;
  channel: "email" | "sms";
  attempts: number;
  sentAt: string | null;
  lastError: string | null;
}

/** The e-mail and SMS rows reporting these history rows (no addresses: only what the status needs). */
export async function findDeliveries(db: Handle, eventIds: readonly string[]): Promise<OutboxDeliveryRow[]> {
  if (eventIds.length === 0) return [];
  const ids = [...eventIds];
  const [mails, texts] = await Promise.all([
    db
      .selectFrom("mail_outbox")
      .select(["dossier_event_id as eventId", "attempts", "sent_at as sentAt", "last_error as lastError"])
      .where("dossier_event_id", "in", ids)
      .orderBy("created_at")
      .orderBy("id")
      .execute(),
    db
      .selectFrom("sms_outbox")
      .select(["dossier_event_id as eventId", "attempts", "sent_at as sentAt", "last_error as lastError"])
      .where("dossier_event_id", "in", ids)
      .orderBy("created_at")
      .orderBy("id")
      .execute(),
  ]);
  return [
    ...mails.map((r) => ({ eventId: r.eventId!, channel: "email" as const, attempts: Number(r.attempts), sentAt: r.sentAt, lastError: r.lastError })),
    ...texts.map((r) => ({ eventId: r.eventId!, channel: "sms" as const, attempts: Number(r.attempts), sentAt: r.sentAt, lastError: r.lastError })),
  ];
}
