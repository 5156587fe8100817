// The mail outbox table (to move into db/schema.ts with its migration).
// Timestamps are ISO 8601 text in UTC (Date.toISOString()), so they compare as text on both engines.

export interface MailOutboxTable {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  created_at: string;
  /** Delivery attempts started so far (default 0). */
  attempts: number;
  /** When the next attempt is due; also the lease of an attempt in progress. */
  next_attempt_at: string;
  /** Set once the SMTP server has accepted the message. */
  sent_at: string | null;
  /** The most recent failure, kept after the outbox gives up. */
  last_error: string | null;
}
