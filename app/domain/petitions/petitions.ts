// Feedback and petitions (phản ánh, kiến nghị; issue 8; shared/domain/vn-egov.md §5). Pure and isomorphic: the kinds,
// the statuses and which action moves an item from which status, the code, the second factor of the public look-up,
// and what the public page hides. The use cases are in petitions.server.ts, the queries in petitions.repo.server.ts.
// Decision: docs/decisions/0019-petitions.md.
//
// The life of an item (DIGIT's routing officer / handler split, FixMyStreet's public closures):
//   received ──forward──▶ forwarded ──draft──▶ drafted ──approve──▶ answered ──reopen (unsatisfied, 5 working days)──▶ forwarded
//      │  ▲                   │  │                │
//      │  └─requestReassign───┘  └─extend (once)  └─return (with a note)──▶ forwarded
//      └─close (outside scope → where to go; duplicate → the existing answer; insufficient contact; abusive) ──▶ closed
// Hiding (moderation) is beside the status: a hidden item is never public, whatever its status.

import type { PetitionCloseReason, PetitionKind, PetitionStatus } from "../../../db/schema";

export type { PetitionCloseReason, PetitionKind, PetitionStatus };

export const PETITION_KINDS = ["regulation", "conduct", "proposal"] as const satisfies readonly PetitionKind[];
export const PETITION_STATUSES = ["received", "forwarded", "drafted", "answered", "closed"] as const satisfies readonly PetitionStatus[];
export const CLOSE_REASONS = ["outside_scope", "duplicate", "insufficient_contact", "abusive"] as const satisfies readonly PetitionCloseReason[];

/** Who acts: the control unit's routing officer, the handling agency's petition handler or leader, the submitter. */
export type PetitionRole = "router" | "handler" | "leader" | "submitter";

export type PetitionAction = "forward" | "close" | "requestReassign" | "draft" | "extend" | "approve" | "return" | "rate" | "reopen";

/** Each action: who may take it, from which statuses, and the status it leads to (null: unchanged). */
export const TRANSITIONS: Record<
  PetitionAction,
  {
    by: PetitionRole;
    from: readonly PetitionStatus[];
    to: PetitionStatus | null;
  }
> = {
  forward: { by: "router", from: ["received"], to: "forwarded" },
  close: { by: "router", from: ["received"], to: "closed" },
  requestReassign: { by: "handler", from: ["forwarded"], to: "received" },
  draft: { by: "handler", from: ["forwarded"], to: "drafted" },
  extend: { by: "handler", from: ["forwarded", "drafted"], to: null },
  approve: { by: "leader", from: ["drafted"], to: "answered" },
  return: { by: "leader", from: ["drafted"], to: "forwarded" },
  rate: { by: "submitter", from: ["answered"], to: null },
  reopen: { by: "submitter", from: ["answered"], to: "forwarded" },
};

export function allowedFrom(action: PetitionAction, status: PetitionStatus): boolean {
  return TRANSITIONS[action].from.includes(status);
}

/** The settings (PETITION_* in the configuration; the legal figures are unconfirmed, so they are settings). */
export interface PetitionSettings {
  /** Working days the control unit has to forward (or close) an item after receipt. */
  forwardWorkingDays: number;
  /** Working days the agency has to answer after the item reached it. */
  answerWorkingDays: number;
  /** Working days one extension adds. */
  extensionWorkingDays: number;
  /** Working days after the answer within which an unsatisfied submitter may reopen it. */
  reopenWorkingDays: number;
  /** The reminder goes this many hours before the answer is due. */
  reminderHours: number;
  /** The agency code of the provincial control unit (its petition handlers are the routing officers). */
  controlUnitCode: string;
}

export const DEFAULT_PETITION_SETTINGS: PetitionSettings = {
  forwardWorkingDays: 5,
  answerWorkingDays: 10,
  extensionWorkingDays: 10,
  reopenWorkingDays: 5,
  reminderHours: 24,
  controlUnitCode: "000.00.01.H22",
};

/** PAKN-{yyMMdd}-{NNNN}: the day in Vietnam time and the day's sequence number. */
export function petitionCode(day: string, sequence: number): string {
  return `PAKN-${day}-${String(sequence).padStart(4, "0")}`;
}

export const PETITION_CODE = /^PAKN-\d{6}-\d{4,6}$/;

export function normalizePetitionCode(input: string): string | null {
  const code = input.trim().toUpperCase().replace(/\s+/g, "");
  return PETITION_CODE.test(code) ? code : null;
}

const digits = (s: string | null | undefined) => (s ?? "").replace(/\D/g, "");

/**
 * The public look-up's second factor, as for dossiers: the last four digits of the phone number given, or, for an
 * item sent with an e-mail address only, that address. Compared in constant time for the digits.
 */
export function petitionFactorMatches(contact: { phone: string | null; email: string | null }, factor: string): boolean {
  const phone = digits(contact.phone);
  const given = factor.trim();
  if (phone.length >= 4) {
    const want = phone.slice(-4);
    const got = digits(given);
    if (got.length !== 4) return false;
    let diff = 0;
    for (let i = 0; i < 4; i++) diff |= want.charCodeAt(i) ^ got.charCodeAt(i);
    return diff === 0;
  }
  return Boolean(contact.email) && given.toLowerCase() === contact.email!.toLowerCase();
}

// ---------------------------------------------------------------------------------------------------------------
// What the public page hides

/** Replaces each digit but the last three of a number with "•". */
function maskDigits(run: string): string {
  let seen = 0;
  const total = digits(run).length;
  return run.replace(/\d/g, (d) => (++seen <= total - 3 ? "•" : d));
}

/**
 * Masks what looks like a phone number or an identity number in a public text: runs of 9 to 12 digits, with spaces,
 * dots or dashes between groups, or a leading +84. The last three digits stay, so a reader can tell numbers apart.
 */
export function maskNumbers(text: string): string {
  return text.replace(/(?:\+84[\s.-]?)?\d(?:[\s.-]?\d){8,11}(?!\d)/g, (run) => maskDigits(run));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Hides a name (every occurrence, any case) in a public text, with `hidden` in its place. */
export function hideName(text: string, name: string, hidden: string): string {
  const trimmed = name.trim();
  if (trimmed.length < 2) return text;
  return text.replace(new RegExp(escapeRegExp(trimmed.normalize("NFC")), "giu"), hidden);
}

/** A text as the public sees it: numbers masked, and the submitter's name hidden unless they agreed to show it. */
export function redact(text: string, submitter: { name: string; showName: boolean }, hidden: string): string {
  const masked = maskNumbers(text.normalize("NFC"));
  return submitter.showName ? masked : hideName(masked, submitter.name, hidden);
}

// ---------------------------------------------------------------------------------------------------------------
// Deadlines

export type DeadlineState = "none" | "onTrack" | "dueSoon" | "overdue";

/** Where an item stands against a due instant (`dueSoonHours` before it is "due soon"). */
export function deadlineState(dueAt: string | null, now: Date, dueSoonHours: number): DeadlineState {
  if (!dueAt) return "none";
  const due = Date.parse(dueAt);
  if (now.getTime() > due) return "overdue";
  if (now.getTime() >= due - dueSoonHours * 3_600_000) return "dueSoon";
  return "onTrack";
}

/** Answered on time: at or before the due instant in force when the answer was approved (an extension counts). */
export function answeredOnTime(answeredAt: string, dueAt: string | null): boolean {
  return dueAt !== null && Date.parse(answeredAt) <= Date.parse(dueAt);
}
