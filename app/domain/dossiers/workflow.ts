// The dossier state machine (issue 6, item 1; shared/domain/vn-egov.md §2.3; docs/decisions/0016-back-office.md).
//
// ONE table: every action that changes a dossier, the statuses it starts from, the status it leads to, who may take
// it, the guards that must hold and the effects it has (history row, step, clock, document, notice). The engine in
// back-office.server.ts is the only writer of a dossier's status and reads nothing but this table to decide. Pure and
// isomorphic: the officials' page asks `availableActions` which buttons to show.

import type { Permission } from "../access/permissions";
import type { WorkflowRole } from "../procedures/procedures";
import type { DossierStatus } from "./dossiers";

export const DOSSIER_ACTIONS = [
  "accept",
  "refuse",
  "requestSupplement",
  "resubmit",
  "forward",
  "sendBack",
  "transfer",
  "transferBack",
  "requestPayment",
  "confirmPayment",
  "stop",
  "approve",
  "returnResult",
  "apologize",
  "withdraw",
  "expireSupplement",
] as const;
export type DossierAction = (typeof DOSSIER_ACTIONS)[number];

/**
 * Who may take an action: an official holding a permission in the dossier's current agency; the official holding the
 * permission of the open step's role there ("stepHolder": the receiving officer at a receive step, a handler at a
 * handle step, an approver at an approve step…); the applicant; the sweep.
 */
export type Taker = { kind: "official"; permission: Permission } | { kind: "stepHolder" } | { kind: "applicant" } | { kind: "system" };

/** Whose move it is once the action is done (the queue reads it); "step" = the role of the step the dossier is in. */
export type WaitingFor = "receiving_officer" | "handler" | "approver" | "applicant" | "payment" | null;

export type StepEffect =
  /** Open the workflow's first step (receive) at the receiving agency, held by the official who acted. */
  | "open"
  /** Close the open step and open the next one of the workflow. */
  | "next"
  /** Close the open step and open the previous one (trả lại). */
  | "previous"
  /** Close the open step and open a co-operation step at another agency (liên thông). */
  | "transfer"
  /** Close the co-operation step and reopen the step the dossier left from. */
  | "transferBack"
  /** Close the open step and open the "return" step at the receiving agency (or none when the workflow has none). */
  | "toReturn"
  /** Close the open step; nothing follows. */
  | "close"
  /** The step stays as it is. */
  | "keep";

export type ClockEffect = "start" | "pause" | "resume" | null;

/** The notices of the "dossiers:notices" texts (in-app, e-mail, SMS), one per event the applicant must hear about. */
export const NOTICE_KINDS = ["accepted", "refused", "supplementRequested", "resultReady", "apology", "returned", "stopped", "withdrawn", "paymentRequested"] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export type IssuedKind = "receipt" | "supplement_request" | "refusal" | "apology" | "control_sheet" | "result";

export type GuardName =
  /** The open step is the one where the decision is taken (role approve; or, with no approve step, the last before return). */
  | "atDecisionStep"
  /** There is a next workflow step that is neither the decision (approve) nor the return step. */
  | "hasNextStep"
  | "hasPreviousStep"
  /** The dossier is at a co-operating agency (liên thông) and can go back to the one that sent it. */
  | "atCooperatingAgency"
  /** The dossier is not at a co-operating agency (it is transferred from its own steps only). */
  | "notAtCooperatingAgency"
  /** A second supplementation request needs a justification (§2.5: once, fully). */
  | "supplementJustified"
  /** The apology letter: the dossier is overdue or due within 24 hours, and none was sent before (once). */
  | "apologyDue"
  /** The supplementation period the applicant was given is over. */
  | "supplementExpired"
  /** The procedure has a time limit, so there is something to be late for. */
  | "hasDueDate"
  /** A pay-first dossier is not accepted before its fees are paid (issue 9; shared/domain/payments.md §5.4). */
  | "notAwaitingPayment";

export interface TransitionRule {
  action: DossierAction;
  from: readonly DossierStatus[];
  /** "same": the status does not change; "resume": the status before the supplementation request. */
  to: DossierStatus | "same" | "resume";
  takers: readonly Taker[];
  guards: readonly GuardName[];
  effects: {
    /** The history row's text (dossiers:history.*). Every transition writes exactly one history row. */
    history: string;
    step: StepEffect;
    clock: ClockEffect;
    waitingFor: WaitingFor | "step" | "resume";
    notice: NoticeKind | null;
    document: IssuedKind | null;
  };
}

const receiver: Taker = { kind: "official", permission: "receive:dossier:agency" };
const approver: Taker = { kind: "official", permission: "approve:dossier:agency" };
const returner: Taker = { kind: "official", permission: "return:dossier:agency" };
const stepHolder: Taker = { kind: "stepHolder" };
const applicant: Taker = { kind: "applicant" };
const system: Taker = { kind: "system" };

/** The transitions (§2.3 minimum set, as the actions name them). */
export const TRANSITIONS: readonly TransitionRule[] = [
  {
    action: "accept",
    from: [1],
    to: 2,
    takers: [receiver],
    guards: ["notAwaitingPayment"],
    effects: { history: "history.accepted", step: "open", clock: "start", waitingFor: "receiving_officer", notice: "accepted", document: "receipt" },
  },
  {
    action: "refuse",
    from: [1],
    to: 3,
    takers: [receiver],
    guards: [],
    effects: { history: "history.refused", step: "close", clock: null, waitingFor: null, notice: "refused", document: "refusal" },
  },
  {
    // At intake (1) by the one-stop unit; after acceptance (2, 4) by whoever holds the step. Only an accepted
    // dossier's clock runs, so only then does it pause (§2.4: at intake nothing is counted).
    action: "requestSupplement",
    from: [1, 2, 4],
    to: 5,
    takers: [receiver, stepHolder],
    guards: ["supplementJustified"],
    effects: { history: "history.supplementRequested", step: "keep", clock: "pause", waitingFor: "applicant", notice: "supplementRequested", document: "supplement_request" },
  },
  {
    action: "resubmit",
    from: [5],
    to: "resume",
    takers: [applicant],
    guards: [],
    effects: { history: "history.resubmitted", step: "keep", clock: "resume", waitingFor: "resume", notice: null, document: null },
  },
  {
    // From the one-stop unit to the first processing step (2→4), and from step to step (4→4).
    action: "forward",
    from: [2, 4],
    to: 4,
    takers: [stepHolder],
    guards: ["hasNextStep", "notAtCooperatingAgency"],
    effects: { history: "history.forwarded", step: "next", clock: null, waitingFor: "step", notice: null, document: null },
  },
  {
    action: "sendBack",
    from: [4],
    to: 4,
    takers: [stepHolder],
    guards: ["hasPreviousStep", "notAtCooperatingAgency"],
    effects: { history: "history.sentBack", step: "previous", clock: null, waitingFor: "step", notice: null, document: null },
  },
  {
    action: "transfer",
    from: [4],
    to: 4,
    takers: [stepHolder],
    guards: ["notAtCooperatingAgency"],
    effects: { history: "history.transferred", step: "transfer", clock: null, waitingFor: "handler", notice: null, document: null },
  },
  {
    action: "transferBack",
    from: [4],
    to: 4,
    takers: [stepHolder],
    guards: ["atCooperatingAgency"],
    effects: { history: "history.transferredBack", step: "transferBack", clock: null, waitingFor: "step", notice: null, document: null },
  },
  {
    // Fees or taxes to pay before processing goes on (status 6). The clock stands still while the applicant pays unless
    // the province says otherwise (EngineSettings.paymentPausesClock; shared/domain/payments.md §5.4). The payment
    // itself (app/domain/payments) takes the dossier back to 4 as the system.
    action: "requestPayment",
    from: [4],
    to: 6,
    takers: [stepHolder],
    guards: ["notAtCooperatingAgency"],
    effects: { history: "history.paymentRequested", step: "keep", clock: "pause", waitingFor: "payment", notice: "paymentRequested", document: null },
  },
  {
    action: "confirmPayment",
    from: [6],
    to: 4,
    takers: [system],
    guards: [],
    effects: { history: "history.paymentConfirmed", step: "keep", clock: "resume", waitingFor: "step", notice: null, document: null },
  },
  {
    action: "stop",
    from: [4],
    to: 8,
    takers: [approver],
    guards: [],
    effects: { history: "history.stopped", step: "close", clock: null, waitingFor: null, notice: "stopped", document: null },
  },
  {
    action: "approve",
    from: [4],
    to: 9,
    takers: [stepHolder],
    guards: ["atDecisionStep", "notAtCooperatingAgency"],
    effects: { history: "history.approved", step: "toReturn", clock: null, waitingFor: "receiving_officer", notice: "resultReady", document: "result" },
  },
  {
    action: "returnResult",
    from: [9],
    to: 10,
    takers: [returner],
    guards: [],
    effects: { history: "history.returned", step: "close", clock: null, waitingFor: null, notice: "returned", document: null },
  },
  {
    // The apology letter (Mẫu 04) with a new appointment; the due date of the statistics does not move (§2.7).
    action: "apologize",
    from: [2, 4, 6],
    to: "same",
    takers: [stepHolder],
    guards: ["hasDueDate", "apologyDue"],
    effects: { history: "history.apologized", step: "keep", clock: null, waitingFor: "step", notice: "apology", document: "apology" },
  },
  {
    action: "withdraw",
    from: [1, 2, 4, 5, 6],
    to: 7,
    takers: [applicant],
    guards: [],
    effects: { history: "history.withdrawn", step: "close", clock: null, waitingFor: null, notice: "withdrawn", document: null },
  },
  {
    // The applicant did not answer a supplementation request in time: not accepted (§2.3: 5→3).
    action: "expireSupplement",
    from: [5],
    to: 3,
    takers: [system, receiver],
    guards: ["supplementExpired"],
    effects: { history: "history.supplementExpired", step: "close", clock: null, waitingFor: null, notice: "refused", document: "refusal" },
  },
];

export function rulesFor(action: DossierAction): readonly TransitionRule[] {
  return TRANSITIONS.filter((t) => t.action === action);
}

/** The rule of an action from a status, if the table has one. */
export function ruleFor(action: DossierAction, status: DossierStatus): TransitionRule | null {
  return TRANSITIONS.find((t) => t.action === action && t.from.includes(status)) ?? null;
}

// ---------------------------------------------------------------------------------------------------------------
// The dossier as the guards see it
// ---------------------------------------------------------------------------------------------------------------

export interface WorkflowStepDef {
  role: WorkflowRole;
  name: string;
  hours: number;
}

export interface DossierSnapshot {
  status: DossierStatus;
  /** The procedure version's workflow. */
  workflow: readonly WorkflowStepDef[];
  /** The open step's place in the workflow; null before acceptance or during a co-operation step. */
  stepIndex: number | null;
  /** The open step is a co-operation step at another agency. */
  atCooperatingAgency: boolean;
  dueAt: string | null;
  rescheduledDueAt: string | null;
  supplementCount: number;
  /** The open supplementation request's deadline for the applicant. */
  supplementRespondBy: string | null;
  /** A pay-first dossier waiting for its fees (waiting_for "payment" at status 1). */
  awaitingPayment?: boolean;
}

export interface ActionInput {
  justification?: string | null;
}

/** The index of the step where the decision is taken: the approve step, or the last one before the return steps. */
export function decisionStepIndex(workflow: readonly WorkflowStepDef[]): number {
  const approve = workflow.findIndex((s) => s.role === "approve");
  if (approve >= 0) return approve;
  let last = workflow.length - 1;
  while (last > 0 && workflow[last]!.role === "return") last--;
  return last;
}

/** The return step after the decision, if the workflow has one. */
export function returnStepIndex(workflow: readonly WorkflowStepDef[]): number | null {
  const from = decisionStepIndex(workflow);
  const index = workflow.findIndex((s, i) => i > from && s.role === "return");
  return index >= 0 ? index : null;
}

const HOUR = 3_600_000;

export function guardHolds(guard: GuardName, d: DossierSnapshot, input: ActionInput, now: Date): boolean {
  switch (guard) {
    case "atDecisionStep":
      return d.stepIndex !== null && d.stepIndex === decisionStepIndex(d.workflow);
    case "hasNextStep":
      // Forwarding never skips the decision: the step after the current one must come before it or be it.
      return d.stepIndex !== null && d.stepIndex < decisionStepIndex(d.workflow);
    case "hasPreviousStep":
      return d.stepIndex !== null && d.stepIndex > 0 && d.stepIndex <= decisionStepIndex(d.workflow);
    case "atCooperatingAgency":
      return d.atCooperatingAgency;
    case "notAtCooperatingAgency":
      return !d.atCooperatingAgency;
    case "supplementJustified":
      return d.supplementCount === 0 || (input.justification ?? "").trim().length > 0;
    case "apologyDue":
      return d.rescheduledDueAt === null && d.dueAt !== null && Date.parse(d.dueAt) - now.getTime() <= 24 * HOUR;
    case "supplementExpired":
      return d.supplementRespondBy !== null && Date.parse(d.supplementRespondBy) < now.getTime();
    case "hasDueDate":
      return d.dueAt !== null;
    case "notAwaitingPayment":
      return d.awaitingPayment !== true;
  }
}

/** The guards of a rule that fail now (empty: the rule may be applied). */
export function failedGuards(rule: TransitionRule, d: DossierSnapshot, input: ActionInput, now: Date): GuardName[] {
  return rule.guards.filter((g) => !guardHolds(g, d, input, now));
}

/** The permission that holding a step of this role needs. */
export function stepPermission(role: WorkflowRole | "cooperate"): Permission {
  if (role === "receive") return "receive:dossier:agency";
  if (role === "return") return "return:dossier:agency";
  if (role === "approve") return "approve:dossier:agency";
  return "handle:dossier:agency";
}

/**
 * The permissions that let an official take the rule's action on this dossier: the takers' own, and for a step holder
 * the permission of the open step's role (none when no step is open).
 */
export function takerPermissions(rule: TransitionRule, openStepRole: WorkflowRole | "cooperate" | null): Permission[] {
  return rule.takers.flatMap((t) => (t.kind === "official" ? [t.permission] : t.kind === "stepHolder" && openStepRole ? [stepPermission(openStepRole)] : []));
}

/** The role of the open step (a co-operation step, a workflow step, or none before acceptance). */
export function openStepRole(d: DossierSnapshot): WorkflowRole | "cooperate" | null {
  if (d.atCooperatingAgency) return "cooperate";
  return d.stepIndex === null ? null : (d.workflow[d.stepIndex]?.role ?? null);
}

/**
 * The actions an official may take on the dossier now: rules from its status whose guards hold (with no input: a
 * second supplementation request shows, and asks for its justification) and whose taker permission the official holds
 * in the dossier's current agency (`held` tells).
 */
export function availableActions(d: DossierSnapshot, held: (permission: Permission) => boolean, now: Date): DossierAction[] {
  const out: DossierAction[] = [];
  for (const rule of TRANSITIONS) {
    if (!rule.from.includes(d.status)) continue;
    if (!takerPermissions(rule, openStepRole(d)).some(held)) continue;
    const failed = failedGuards(rule, d, { justification: "x" }, now);
    if (failed.length === 0 && !out.includes(rule.action)) out.push(rule.action);
  }
  return out;
}

/** The official role whose permission a workflow step's work needs (who the queue shows it to). */
export function roleOfStep(role: WorkflowRole | "cooperate"): Exclude<WaitingFor, "applicant" | "payment" | null> {
  if (role === "receive" || role === "return") return "receiving_officer";
  if (role === "approve") return "approver";
  return "handler";
}

// ---------------------------------------------------------------------------------------------------------------
// Reasons (Mẫu 03 refusals, stops) and return channels: codes here, texts in dossiers:reasons.*
// ---------------------------------------------------------------------------------------------------------------

/** §2.4: typical refusal reasons. */
export const REFUSAL_REASONS = ["notCompetent", "notEligible", "notApplicable", "invalidDocuments", "supplementMissed", "other"] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export const STOP_REASONS = ["ineligibleOnAppraisal", "legalSuspension", "applicantRequest", "other"] as const;
export type StopReason = (typeof STOP_REASONS)[number];

export const RETURN_CHANNELS = ["online", "counter", "post"] as const;
export type ReturnChannel = (typeof RETURN_CHANNELS)[number];

/** Working days the applicant has to answer a supplementation request when the official sets none. [mem]: config. */
export const SUPPLEMENT_RESPONSE_WORKING_DAYS_DEFAULT = 15;
