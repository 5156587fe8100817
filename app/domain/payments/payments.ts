// Payments of fees and charges (issue 9; shared/domain/payments.md §0, §5): one payment request per obligation (a
// dossier's fees), many gateway attempts for it. Both state machines in one place, pure and isomorphic. Only the
// gateway's server-to-server callback and reconciliation move money state; the browser's return page only shows it.

export const REQUEST_STATES = ["created", "pending", "paid", "failed", "expired", "cancelled", "refunded"] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

export const ATTEMPT_STATES = ["created", "pending", "paid", "failed", "expired", "cancelled", "refunded"] as const;
export type AttemptState = (typeof ATTEMPT_STATES)[number];

/** What can happen to an attempt, and who may make it happen. */
export type AttemptEvent =
  | "redirected" // the citizen was sent to the gateway, or shown the QR (created → pending)
  | "confirmedPaid" // the signed callback or reconciliation says paid
  | "confirmedFailed" // the signed callback or reconciliation says not paid
  | "timedOut" // past its expiry and reconciliation confirms nothing was taken
  | "cancelled" // the citizen or an officer gave it up before paying
  | "refunded"; // the money went back (refund through the gateway, or by hand)

/** Who may cause an event: the gateway's signed callback, reconciliation, the citizen's browser, an officer. */
export type EventSource = "callback" | "reconciliation" | "browser" | "officer" | "system";

const MONEY_SOURCES: readonly EventSource[] = ["callback", "reconciliation"];

interface Rule {
  from: readonly AttemptState[];
  to: AttemptState;
  by: readonly EventSource[];
}

/**
 * The attempt's transitions. A success reported after the attempt failed or expired is still recorded as paid ("late"):
 * money taken is money taken. Nothing a browser sends can mark an attempt paid or failed.
 */
export const ATTEMPT_RULES: Record<AttemptEvent, Rule> = {
  redirected: { from: ["created"], to: "pending", by: ["browser", "system"] },
  confirmedPaid: { from: ["created", "pending", "failed", "expired"], to: "paid", by: MONEY_SOURCES },
  confirmedFailed: { from: ["created", "pending"], to: "failed", by: MONEY_SOURCES },
  timedOut: { from: ["created", "pending"], to: "expired", by: ["reconciliation", "system"] },
  cancelled: { from: ["created", "pending"], to: "cancelled", by: ["browser", "officer", "system"] },
  refunded: { from: ["paid"], to: "refunded", by: ["officer", "reconciliation", "callback"] },
};

export type AttemptOutcome = { ok: true; to: AttemptState; late: boolean } | { ok: false; reason: "notAllowedFrom" | "notAllowedBy" | "already" };

/** Where an event takes an attempt. A repeated confirmation (a replayed callback) is "already": no double credit. */
export function applyAttemptEvent(state: AttemptState, event: AttemptEvent, source: EventSource): AttemptOutcome {
  const rule = ATTEMPT_RULES[event];
  if (!rule.by.includes(source)) return { ok: false, reason: "notAllowedBy" };
  if (state === rule.to) return { ok: false, reason: "already" };
  if (!rule.from.includes(state)) return { ok: false, reason: "notAllowedFrom" };
  return { ok: true, to: rule.to, late: event === "confirmedPaid" && (state === "failed" || state === "expired") };
}

/**
 * The request's state from its attempts and its own decisions: paid as soon as one attempt is paid (a second paid
 * attempt is a duplicate to refund); cancelled or refunded as decided; otherwise pending while an attempt is open,
 * failed or expired as the latest attempt ended, created before any attempt.
 */
export function requestStateOf(attempts: readonly { state: AttemptState; createdAt: string }[], decided: "cancelled" | "refunded" | null): RequestState {
  if (decided) return decided;
  if (attempts.some((a) => a.state === "paid")) return "paid";
  if (attempts.some((a) => a.state === "pending" || a.state === "created")) return "pending";
  const latest = [...attempts].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))[0];
  if (!latest) return "created";
  if (latest.state === "refunded") return "refunded";
  return latest.state === "expired" ? "expired" : latest.state === "cancelled" ? "created" : "failed";
}

/** Paid attempts beyond the first: money taken twice for one obligation, each to refund. */
export function duplicatePayments<T extends { state: AttemptState; paidAt: string | null }>(attempts: readonly T[]): T[] {
  const paid = attempts.filter((a) => a.state === "paid").sort((a, b) => ((a.paidAt ?? "") < (b.paidAt ?? "") ? -1 : 1));
  return paid.slice(1);
}
