// Notices (issue 6): pure rules shared by the use cases (notices.server.ts) and the timeline (dossiers.server.ts).
import type { TimelineDelivery } from "./dossiers";

/**
 * Attempts after which an outbox gives up on a message: the outboxes' maxAttempts (DEFAULT_OUTBOX_SCHEDULE in
 * app/platform/outbox.server.ts, which the e-mail and SMS channels use; their tests keep them equal), repeated here
 * because the domain does not import the platform.
 */
export const OUTBOX_MAX_ATTEMPTS = 10;

/**
 * The delivery status of an outbox row: sent once sent_at is set; failed when the outbox gave up; retrying once an
 * attempt failed (its last error is kept); otherwise queued — including a first attempt under way (attempts counts
 * it from the moment a worker claims the row, before the server answered).
 */
export function deliveryStatus(row: { attempts: number; sentAt: string | null; lastError: string | null }, maxAttempts: number = OUTBOX_MAX_ATTEMPTS): TimelineDelivery["status"] {
  if (row.sentAt) return "sent";
  if (row.attempts >= maxAttempts) return "failed";
  if (row.attempts > 0 && row.lastError !== null) return "retrying";
  return "queued";
}

/** The deliveries of each history row: e-mails first, then text messages, in the order they were queued. */
export function deliveriesByEvent(rows: readonly { eventId: string; channel: "email" | "sms"; attempts: number; sentAt: string | null; lastError: string | null }[]): Map<string, TimelineDelivery[]> {
  const out = new Map<string, TimelineDelivery[]>();
  for (const channel of ["email", "sms"] as const) {
    for (const row of rows) {
      if (row.channel !== channel) continue;
      const list = out.get(row.eventId) ?? [];
      list.push({ channel, status: deliveryStatus(row) });
      out.set(row.eventId, list);
    }
  }
  return out;
}

/** The texts of a timeline row's deliveries, each (channel, status) once: "delivery.email.sent"… (dossiers namespace). */
export function deliveryKeys(deliveries: readonly TimelineDelivery[]): string[] {
  return [...new Set(deliveries.map((d) => `delivery.${d.channel}.${d.status}`))];
}
