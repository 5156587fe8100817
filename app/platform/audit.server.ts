import type { Kysely, Transaction } from "kysely";
import type { ActorType, Database } from "../../db/schema";
import { newId } from "./ids.server";

// The audit trail: who did what to which record, appended in the same transaction as the change itself.

export interface AuditEvent {
  actor: { type: ActorType; id?: string | null };
  action: string;
  entity?: { type: string; id: string };
  requestId?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
  at?: Date;
}

export async function recordAudit(db: Kysely<Database> | Transaction<Database>, event: AuditEvent): Promise<string> {
  const id = newId();
  await db
    .insertInto("audit_events")
    .values({
      id,
      occurred_at: (event.at ?? new Date()).toISOString(),
      actor_type: event.actor.type,
      actor_id: event.actor.id ?? null,
      action: event.action,
      entity_type: event.entity?.type ?? null,
      entity_id: event.entity?.id ?? null,
      request_id: event.requestId ?? null,
      ip: event.ip ?? null,
      details: event.details ? JSON.stringify(event.details) : null,
    })
    .execute();
  return id;
}

export async function auditTrailFor(db: Kysely<Database>, entityType: string, entityId: string) {
  const rows = await db
    .selectFrom("audit_events")
    .selectAll()
    .where("entity_type", "=", entityType)
    .where("entity_id", "=", entityId)
    .orderBy("occurred_at")
    .orderBy("id")
    .execute();
  return rows.map((row) => ({
    ...row,
    details: row.details == null ? null : typeof row.details === "string" ? (JSON.parse(row.details) as unknown) : (row.details as unknown),
  }));
}
