// Vietnamese phone numbers where a text message can be sent: one rule for the notices that choose to send one
// (app/domain/dossiers/notices.server.ts) and the SMS outbox that refuses what it cannot send
// (app/platform/sms-outbox.server.ts). Forms that collect a number check it more strictly (accounts, form fields).

const SMS_NUMBER = /^(?:0|\+84)\d{9,10}$/;

/** The number without spaces, dots and dashes when a text message can be sent to it, else null. */
export function smsNumber(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const compact = raw.replace(/[\s.-]/g, "");
  return SMS_NUMBER.test(compact) ? compact : null;
}
