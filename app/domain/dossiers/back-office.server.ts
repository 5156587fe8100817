import type { Kysely, Transaction } from "kysely";
import type { Database, WaitingFor as WaitingForColumn } from "../../../db/schema";
import { newId } from "../../platform/ids.server";
import { can, type Actor, type Permission } from "../access/permissions";
import { computeDueDate, loadWorkingCalendar } from "../calendar/calendar.server";
import { resumeClock, workingMinutesBetween } from "../calendar/working-time";
import { compileFormSchema, type FormValues } from "../forms/compile";
import { topLevelFields } from "../forms/form-definition";
import { parseJsonColumn } from "../procedures/catalog.repo.server";
import type { ProcedureContent } from "../procedures/catalog.server";
import type { WorkflowRole } from "../procedures/procedures";
import type { BackOfficeServices } from "./back-office.seams";
import {
  agencyInForce,
  closeStep,
  closeSupplement,
  findDeciderAgency,
  findIssuedResult,
  findDossierForAction,
  findAgencyCodeAndKind,
  findOpenSupplement,
  insertEvent,
  insertIssuedDocument,
  insertResultSignature,
  insertStep,
  insertSupplement,
  insertWalletFile,
  lastStepSeq,
  lastWorkflowStepBefore,
  moveStepDue,
  replaceDocumentFiles,
  updateAnswers,
  updateDossierIfVersion,
  type DossierForAction,
} from "./back-office.repo.server";
import { actionErrors, actionParamSchemas, type ActionParams } from "./back-office.schema";
import { checkDocumentFiles, type FieldError } from "./dossiers.server";
import { TERMINAL_STATUSES, type DossierStatus } from "./dossiers";
import {
  decisionStepIndex,
  failedGuards,
  openStepRole,
  returnStepIndex,
  roleOfStep,
  ruleFor,
  SUPPLEMENT_RESPONSE_WORKING_DAYS_DEFAULT,
  takerPermissions,
  type DossierAction,
  type DossierSnapshot,
  type TransitionRule,
  type WorkflowStepDef,
} from "./workflow";

// The back-office engine (issue 6, item 1; docs/decisions/0016-back-office.md): the ONLY code that changes a dossier's
// status. One call = one transaction = one rule of workflow.ts applied: who may, from which status, guards, then the
// effects in order (dossier row by compare-and-set on its version, steps, the history row, the action's own rows, the
// document, the notice). Two officials acting on the same dossier at once: one commits, the other's compare-and-set
// finds the version moved and nothing of its work is kept.

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

export type EngineActor = Actor | { kind: "system" };

export interface ApplyInput<A extends DossierAction = DossierAction> {
  actor: EngineActor;
  dossier: { id: string } | { code: string };
  action: A;
  /** The dossier's version the actor saw (officials and applicants); the sweep passes null. */
  version: number | null;
  params: unknown;
  now?: Date;
}

export type ApplyResult =
  | { ok: true; status: DossierStatus; eventId: string; code: string }
  | { ok: false; status: 400 | 403 | 404 | 409; message: string; errors?: FieldError[] };

export interface EngineSettings {
  /** Working hours the one-stop unit has to accept an online dossier after a supplementation at intake. */
  acceptanceWorkingHours?: number;
  /** Whether the processing clock stands still while the applicant pays what was requested (status 6; default yes). */
  paymentPausesClock?: boolean;
}

const fail = (status: 400 | 403 | 404 | 409, message: string, errors?: FieldError[]): ApplyResult => ({ ok: false, status, message, errors });

/** An error that rolls the transaction back and becomes the result. */
class Refusal extends Error {
  constructor(readonly result: ApplyResult) {
    super("refused");
  }
}

export function snapshotOf(row: DossierForAction, workflow: readonly WorkflowStepDef[], supplementRespondBy: string | null): DossierSnapshot {
  return {
    status: row.status as DossierStatus,
    workflow,
    stepIndex: row.stepRole === "cooperate" ? null : (row.stepIndex ?? null),
    atCooperatingAgency: row.stepRole === "cooperate",
    dueAt: row.dueAt,
    rescheduledDueAt: row.rescheduledDueAt,
    supplementCount: row.supplementCount ?? 0,
    supplementRespondBy,
    awaitingPayment: row.status === 1 && row.waitingFor === "payment",
  };
}

/** May this official take this rule's action on this dossier (the permission in the dossier's current agency)? */
function officialMay(actor: Extract<Actor, { kind: "official" }>, rule: TransitionRule, row: DossierForAction, snapshot: DossierSnapshot): boolean {
  const agencyId = row.currentAgencyId ?? row.agencyId;
  return takerPermissions(rule, openStepRole(snapshot)).some((p) => can(actor, p, { agencyId }));
}

/** Whether the actor may see the dossier at all (else it is a 404: its existence is not revealed). */
function maySee(actor: EngineActor, row: DossierForAction): boolean {
  if (actor.kind === "system") return true;
  if (actor.kind === "anonymous") return false;
  if (actor.kind === "citizen") {
    return actor.actingFor ? row.ownerOrganisationId === actor.actingFor.organisationId : row.ownerUserId === actor.userId && row.ownerOrganisationId === null;
  }
  const agencies = [row.agencyId, row.currentAgencyId].filter((a): a is string => !!a);
  return agencies.some((agencyId) => can(actor, "read:dossier:agency", { agencyId }));
}

function takerAllows(actor: EngineActor, rule: TransitionRule, row: DossierForAction, snapshot: DossierSnapshot): boolean {
  if (actor.kind === "system") return rule.takers.some((t) => t.kind === "system");
  if (actor.kind === "citizen") return rule.takers.some((t) => t.kind === "applicant");
  if (actor.kind === "official") return officialMay(actor, rule, row, snapshot);
  return false;
}

const HOUR_MS = 3_600_000;

function stepResult(endedAt: Date, dueAt: string | null): "early" | "on_time" | "late" | null {
  if (!dueAt) return "on_time";
  const due = Date.parse(dueAt);
  // By calendar day in Vietnam, as the statistics compare (shared/domain/vn-egov.md §3.1).
  const day = (ms: number) => new Date(ms + 7 * HOUR_MS).toISOString().slice(0, 10);
  if (day(endedAt.getTime()) < day(due)) return "early";
  if (day(endedAt.getTime()) === day(due)) return "on_time";
  return "late";
}

/** The channel of the offering the dossier was filed under, for its time limit. */
function channelOf(content: ProcedureContent, agency: { code: string; kind: string }, channel: string) {
  const offering = content.offerings.find((o) => o.receivers.codes?.includes(agency.code) || (o.receivers.kinds as readonly string[] | undefined)?.includes(agency.kind));
  return offering?.channels.find((c) => c.channel === channel) ?? offering?.channels.find((c) => c.channel === "online") ?? offering?.channels[0] ?? null;
}

async function addWorkingHours(trx: Trx, from: Date, hours: number): Promise<string> {
  const due = await computeDueDate(trx, { receivedAt: from, amount: hours, unit: "working_hours" });
  return new Date(due.due).toISOString();
}

/** Apply one action of the state machine. Never throws for bad input, a stale version or a forbidden action. */
export async function applyAction(db: Db, services: BackOfficeServices, settings: EngineSettings, input: ApplyInput): Promise<ApplyResult> {
  const now = input.now ?? new Date();
  const parsed = actionParamSchemas[input.action]?.safeParse(input.params ?? {});
  if (!parsed) return fail(400, actionErrors.invalid);
  if (!parsed.success) {
    return fail(
      400,
      actionErrors.invalid,
      parsed.error.issues.map((i) => ({ field: i.path.join(".") || "form", message: i.message })),
    );
  }
  let data: unknown = parsed.data;
  if (input.action === "approve") {
    // The result is signed before the transaction, and only for an actor the engine would let approve now (the
    // transaction checks everything again: a race still ends in the one clear "stale" message).
    const signed = await signApprovedResult(db, services, input, data as ActionParams<"approve">, now);
    if (!signed.ok) return signed.result;
    data = signed.params;
  }
  try {
    return await db.transaction().execute((trx) => apply(trx, services, settings, input, data, now));
  } catch (error) {
    if (error instanceof Refusal) return error.result;
    throw error;
  }
}

/** The approved result as signed: the params the transaction records (the signed file and its code). */
type SignedApproval = ActionParams<"approve"> & { signature?: { code: string; signerSubject: string; signedAt: string; agencyId: string } };

async function signApprovedResult(
  db: Db,
  services: BackOfficeServices,
  input: ApplyInput,
  params: ActionParams<"approve">,
  now: Date,
): Promise<{ ok: true; params: SignedApproval } | { ok: false; result: ApplyResult }> {
  const row = await findDossierForAction(db, input.dossier);
  if (!row || !maySee(input.actor, row)) return { ok: false, result: fail(404, actionErrors.notFound) };
  if (input.version !== row.version) return { ok: false, result: fail(409, actionErrors.stale) };
  const status = row.status as DossierStatus;
  const rule = ruleFor("approve", status);
  if (!rule) return { ok: false, result: fail(409, actionErrors.notAllowedNow) };
  const content = parseJsonColumn<ProcedureContent>(row.content);
  const snapshot = snapshotOf(row, content.workflow as WorkflowStepDef[], null);
  if (!takerAllows(input.actor, rule, row, snapshot)) return { ok: false, result: fail(403, actionErrors.forbidden) };
  const failed = failedGuards(rule, snapshot, params as { justification?: string | null }, now);
  if (failed.length > 0) return { ok: false, result: fail(409, actionErrors.guard(failed[0]!)) };
  const agencyId = row.currentAgencyId ?? row.agencyId;
  const signed = await services.signResult({ dossierId: row.id, dossierCode: row.code, agencyId, result: params.result, now });
  if (!signed.ok) return { ok: false, result: fail(409, signed.reason === "signingUnavailable" ? actionErrors.signingUnavailable : actionErrors.resultUnsignable, [{ field: "result", message: signed.reason === "signingUnavailable" ? actionErrors.signingUnavailable : actionErrors.resultUnsignable }]) };
  return {
    ok: true,
    params: {
      ...params,
      result: { ...params.result, sha256: signed.sha256, sizeBytes: signed.sizeBytes, mediaType: "application/pdf" },
      signature: { code: signed.code, signerSubject: signed.signerSubject, signedAt: signed.signedAt.toISOString(), agencyId },
    },
  };
}

/**
 * The same, inside the caller's transaction (a dossier filed at the counter is accepted in the transaction that
 * creates it). On a refusal nothing must be kept: the caller rolls its transaction back when `ok` is false.
 */
export async function applyActionInTransaction(trx: Trx, services: BackOfficeServices, settings: EngineSettings, input: ApplyInput): Promise<ApplyResult> {
  const now = input.now ?? new Date();
  const parsed = actionParamSchemas[input.action]?.safeParse(input.params ?? {});
  if (!parsed?.success) return fail(400, actionErrors.invalid);
  try {
    return await apply(trx, services, settings, input, parsed.data, now);
  } catch (error) {
    if (error instanceof Refusal) return error.result;
    throw error;
  }
}

async function apply(trx: Trx, services: BackOfficeServices, settings: EngineSettings, input: ApplyInput, params: unknown, now: Date): Promise<ApplyResult> {
  const at = now.toISOString();
  const actor = input.actor;
  const row = await findDossierForAction(trx, input.dossier);
  if (!row || !maySee(actor, row)) return fail(404, actionErrors.notFound);
  // What the actor saw is not what is there any more: somebody acted first (the one clear message for a race).
  if (actor.kind !== "system" && input.version !== row.version) return fail(409, actionErrors.stale);
  const content = parseJsonColumn<ProcedureContent>(row.content);
  const workflow = content.workflow as WorkflowStepDef[];
  const status = row.status as DossierStatus;
  const rule = ruleFor(input.action, status);
  if (!rule) return fail(409, actionErrors.notAllowedNow);
  const openSupplement = status === 5 ? await findOpenSupplement(trx, row.id) : undefined;
  const snapshot = snapshotOf(row, workflow, openSupplement?.respond_by ?? null);
  if (!takerAllows(actor, rule, row, snapshot)) return fail(403, actionErrors.forbidden);
  const failed = failedGuards(rule, snapshot, params as { justification?: string | null }, now);
  if (failed.length > 0) {
    const g = failed[0]!;
    return fail(g === "supplementJustified" ? 400 : 409, actionErrors.guard(g), g === "supplementJustified" ? [{ field: "justification", message: actionErrors.guard(g) }] : undefined);
  }

  const actorId = actor.kind === "official" || actor.kind === "citizen" ? actor.userId : null;
  const actorType = actor.kind === "official" ? "official" : actor.kind === "citizen" ? "citizen" : "system";
  const today = at.slice(0, 10);
  const receiving = row.agencyId;
  const decider = (await findDeciderAgency(trx, row.versionId, receiving)) ?? receiving;
  const agencyOfRole = (role: WorkflowRole) => (role === "receive" || role === "return" ? receiving : decider);

  // ---- The new state of the dossier row -------------------------------------------------------------------------
  let newStatus: DossierStatus = rule.to === "same" ? status : rule.to === "resume" ? ((row.resumeStatus ?? 4) as DossierStatus) : rule.to;
  const set: Parameters<typeof updateDossierIfVersion>[3] = { status: newStatus, updated_at: at };
  let noteParams: Record<string, unknown> | null = null;
  let clockMark: "pause" | "resume" | null = null;

  // Step bookkeeping: which step closes, which opens.
  const seq = await lastStepSeq(trx, row.id);
  let openStep: { index: number | null; role: WorkflowRole | "cooperate"; name: string; agencyId: string; fromAgencyId: string | null; hours: number | null } | null = null;
  let closeOutcome: string | null = null;

  const stepDef = (index: number) => {
    const def = workflow[index];
    if (!def) throw new Refusal(fail(409, actionErrors.notAllowedNow));
    return def;
  };

  switch (rule.effects.step) {
    case "open": {
      const def = stepDef(0);
      openStep = { index: 0, role: def.role, name: def.name, agencyId: receiving, fromAgencyId: null, hours: def.hours };
      break;
    }
    case "next": {
      const index = (row.stepIndex ?? -1) + 1;
      const def = stepDef(index);
      openStep = { index, role: def.role, name: def.name, agencyId: agencyOfRole(def.role), fromAgencyId: row.currentAgencyId, hours: def.hours };
      closeOutcome = input.action;
      break;
    }
    case "previous": {
      const index = (row.stepIndex ?? 1) - 1;
      const def = stepDef(index);
      openStep = { index, role: def.role, name: def.name, agencyId: agencyOfRole(def.role), fromAgencyId: row.currentAgencyId, hours: def.hours };
      closeOutcome = input.action;
      break;
    }
    case "transfer": {
      const p = params as ActionParams<"transfer">;
      if (p.agencyId === row.currentAgencyId || !(await agencyInForce(trx, p.agencyId, today))) {
        return fail(400, actionErrors.agency, [{ field: "agencyId", message: actionErrors.agency }]);
      }
      openStep = { index: null, role: "cooperate", name: "", agencyId: p.agencyId, fromAgencyId: row.currentAgencyId, hours: p.hours ?? null };
      closeOutcome = input.action;
      break;
    }
    case "transferBack": {
      const back = await lastWorkflowStepBefore(trx, row.id, row.stepSeq ?? seq);
      if (!back || back.step_index === null) return fail(409, actionErrors.notAllowedNow);
      const def = stepDef(back.step_index);
      openStep = { index: back.step_index, role: def.role, name: def.name, agencyId: back.agency_id, fromAgencyId: row.currentAgencyId, hours: def.hours };
      closeOutcome = input.action;
      break;
    }
    case "toReturn": {
      const index = returnStepIndex(workflow);
      if (index !== null) {
        const def = stepDef(index);
        openStep = { index, role: def.role, name: def.name, agencyId: receiving, fromAgencyId: row.currentAgencyId, hours: def.hours };
      }
      closeOutcome = input.action;
      break;
    }
    case "close":
      closeOutcome = input.action;
      break;
    case "keep":
      break;
  }

  // The co-operation step's name is the co-operating agency's (for Mẫu 05).
  if (openStep && openStep.role === "cooperate") {
    openStep.name = (await findAgencyCodeAndKind(trx, openStep.agencyId, today))?.name ?? "";
  }

  const newStepId = openStep ? newId(now.getTime()) : null;
  let stepDueAt: string | null = row.stepDueAt;
  if (openStep) {
    stepDueAt = openStep.hours !== null ? await addWorkingHours(trx, now, openStep.hours) : null;
    set.step_id = newStepId;
    set.step_index = openStep.index;
    set.step_due_at = stepDueAt;
    set.current_agency_id = openStep.agencyId;
    // The official who hands over keeps nothing; the one who accepts holds the receive step.
    set.assignee_id = input.action === "accept" && actorId ? actorId : null;
  } else if (closeOutcome) {
    set.step_id = null;
    set.step_due_at = null;
    if (rule.effects.step === "close") set.assignee_id = null;
  }

  // Whose move it is next.
  const waiting = rule.effects.waitingFor;
  let waitingFor: WaitingForColumn | null;
  if (waiting === "step") {
    const role = openStep ? openStep.role : openStepRole(snapshot);
    waitingFor = role ? roleOfStep(role) : "receiving_officer";
  } else if (waiting === "resume") {
    waitingFor = null; // set below from the resumed status
  } else {
    waitingFor = waiting;
  }

  // ---- Action-specific state -------------------------------------------------------------------------------------
  switch (input.action) {
    case "accept": {
      set.accepted_at = at;
      const agency = await findAgencyCodeAndKind(trx, receiving, today);
      const channel = agency ? channelOf(content, agency, row.channel) : null;
      const limit = channel?.timeLimit;
      if (limit && limit.unit !== "none") {
        const due = await computeDueDate(trx, { receivedAt: now, amount: limit.unit === "same_day" ? 1 : limit.amount, unit: limit.unit });
        set.due_at = new Date(due.due).toISOString();
      } else {
        set.due_at = null;
      }
      noteParams = { dueAt: set.due_at };
      break;
    }
    case "refuse":
    case "stop": {
      noteParams = params as Record<string, unknown>;
      set.assignee_id = null;
      break;
    }
    case "requestSupplement": {
      const p = params as ActionParams<"requestSupplement">;
      const fieldNames = new Set(topLevelFields(content.form).map((f) => f.name));
      const unknownField = p.fields.find((f) => !fieldNames.has(f));
      const unknownDoc = p.documents.find((d) => d >= content.documents.length);
      if (unknownField !== undefined || unknownDoc !== undefined) return fail(400, actionErrors.unknownFlagged, [{ field: "items", message: actionErrors.unknownFlagged }]);
      const count = (row.supplementCount ?? 0) + 1;
      set.supplement_count = count;
      set.resume_status = status;
      // The clock runs only once the dossier was accepted (§2.4, §2.5).
      if (row.acceptedAt) {
        set.paused_at = at;
        clockMark = "pause";
      }
      const respondBy = await computeDueDate(trx, { receivedAt: now, amount: p.respondWithinDays ?? SUPPLEMENT_RESPONSE_WORKING_DAYS_DEFAULT, unit: "working_days" });
      await insertSupplement(trx, {
        id: newId(now.getTime()),
        dossier_id: row.id,
        seq: count,
        requested_at: at,
        requested_by: actorId!,
        agency_id: row.currentAgencyId ?? receiving,
        status_at_request: status,
        fields: JSON.stringify(p.fields),
        documents: JSON.stringify(p.documents),
        note: p.note,
        justification: p.justification ?? null,
        respond_by: new Date(respondBy.due).toISOString(),
        answered_at: null,
        paused_minutes: null,
        closed: null,
      });
      noteParams = { count, fields: p.fields.length, documents: p.documents.length };
      break;
    }
    case "resubmit": {
      const p = params as ActionParams<"resubmit">;
      if (!openSupplement) return fail(409, actionErrors.notAllowedNow);
      const flaggedFields = new Set(parseJsonColumn<string[]>(openSupplement.fields));
      const flaggedDocs = new Set(parseJsonColumn<number[]>(openSupplement.documents));
      const changedFields = Object.keys(p.answers);
      if (changedFields.some((f) => !flaggedFields.has(f)) || p.documents.some((d) => !flaggedDocs.has(d.documentIndex))) {
        return fail(400, actionErrors.notFlagged, [{ field: "form", message: actionErrors.notFlagged }]);
      }
      // The answers: the flagged fields replaced, the whole checked again with the version's form. Rules about "today"
      // (a date not in the past, not in the future) hold for the new answers today; an answer the agency did not flag
      // was checked on the day the dossier was filed and is not refused now because that day has passed.
      const merged = { ...parseJsonColumn<Record<string, unknown>>(row.answers), ...p.answers };
      const vietnamDay = (at: Date) => new Date(at.getTime() + 7 * HOUR_MS).toISOString().slice(0, 10);
      let answers = compileFormSchema(content.form, { today: vietnamDay(now) }).safeParse(merged);
      if (!answers.success && answers.error.issues.every((issue) => !changedFields.includes(String(issue.path[0])))) {
        const asFiled = compileFormSchema(content.form, { today: vietnamDay(new Date(row.receivedAt)) }).safeParse(merged);
        if (asFiled.success) answers = asFiled;
      }
      if (!answers.success) {
        const seen = new Set<string>();
        const errors: FieldError[] = [];
        for (const issue of answers.error.issues) {
          const field = `answers.${issue.path.join(".")}`;
          if (seen.has(field)) continue;
          seen.add(field);
          errors.push({ field, message: issue.message });
        }
        return fail(400, actionErrors.invalid, errors);
      }
      // Every flagged document comes back with at least one file (the ones not given keep their files only if
      // they were not flagged).
      const owner = { userId: row.ownerUserId, organisationId: row.ownerOrganisationId };
      const docErrors = await checkDocumentFiles(trx, content, p.documents, owner);
      const missing = [...flaggedDocs].filter((i) => !p.documents.some((d) => d.documentIndex === i && d.fileIds.length > 0));
      for (const i of missing) docErrors.push({ field: `documents[${i}]`, message: "dossiers:errors.documentMissing", params: { name: content.documents[i]?.name ?? "" } });
      if (docErrors.length > 0) return fail(400, actionErrors.invalid, docErrors);
      await updateAnswers(trx, row.id, JSON.stringify(answers.data satisfies FormValues));
      for (const d of p.documents) {
        await replaceDocumentFiles(
          trx,
          row.id,
          d.documentIndex,
          d.fileIds.map((fileId, position) => ({
            id: newId(now.getTime()),
            dossier_id: row.id,
            document_index: d.documentIndex,
            document_name: content.documents[d.documentIndex]!.name,
            file_id: fileId,
            position,
          })),
        );
      }
      // The clock resumes: the due dates move by the working time it stood still (§2.5).
      let pausedMinutes = 0;
      if (row.pausedAt) {
        // A clock set back (a resubmission stamped before the pause) resumes with nothing paused, never fails.
        const from = new Date(Math.min(Date.parse(row.pausedAt), now.getTime()));
        const calendar = await loadWorkingCalendar(trx, from.getUTCFullYear() - 1, now.getUTCFullYear() + 2);
        pausedMinutes = Math.round(workingMinutesBetween(calendar, from, now));
        if (row.dueAt) set.due_at = resumeClock(calendar, { due: new Date(row.dueAt), pausedAt: from }, now).clock.due.toISOString();
        if (row.stepDueAt) set.step_due_at = resumeClock(calendar, { due: new Date(row.stepDueAt), pausedAt: from }, now).clock.due.toISOString();
        // The open step's own deadline moves with it (the sweep and the control sheet's early/late read it).
        if (row.stepId && set.step_due_at) await moveStepDue(trx, row.stepId, set.step_due_at);
        set.paused_at = null;
        clockMark = "resume";
      } else if (newStatus === 1) {
        // Supplemented at intake: the one-stop unit's acceptance deadline counts again from now.
        const due = await addWorkingHours(trx, now, settings.acceptanceWorkingHours ?? 8);
        set.acceptance_due_at = due;
        set.step_due_at = due;
      }
      await closeSupplement(trx, openSupplement.id, { closed: "answered", answered_at: at, paused_minutes: pausedMinutes });
      set.resume_status = null;
      newStatus = (row.resumeStatus ?? 4) as DossierStatus;
      set.status = newStatus;
      waitingFor = newStatus === 1 || newStatus === 2 ? "receiving_officer" : row.stepRole ? roleOfStep(row.stepRole as WorkflowRole | "cooperate") : "handler";
      noteParams = { pausedMinutes, dueAt: set.due_at ?? row.dueAt };
      break;
    }
    case "requestPayment": {
      const p = params as ActionParams<"requestPayment">;
      if (settings.paymentPausesClock !== false && row.acceptedAt) {
        set.paused_at = at;
        clockMark = "pause";
      }
      noteParams = { amount: p.amount, ...(p.description ? { description: p.description } : {}), ...(p.note ? { note: p.note } : {}) };
      break;
    }
    case "transfer":
    case "transferBack":
    case "forward":
    case "sendBack": {
      const note = (params as { note?: string }).note;
      const toAgency = openStep ? await findAgencyCodeAndKind(trx, openStep.agencyId, today) : null;
      noteParams = { ...(note ? { note } : {}), ...(openStep ? { step: openStep.name, agency: toAgency?.name ?? null } : {}) };
      break;
    }
    case "approve": {
      const p = params as ActionParams<"approve">;
      set.result_ready_at = at;
      noteParams = p.number ? { number: p.number } : null;
      break;
    }
    case "returnResult": {
      const p = params as ActionParams<"returnResult">;
      set.returned_at = at;
      set.return_channel = p.channel;
      noteParams = { channel: p.channel, ...(p.trackingNote ? { trackingNote: p.trackingNote } : {}) };
      break;
    }
    case "apologize": {
      const p = params as ActionParams<"apologize">;
      const newDue = Date.parse(p.newDueAt);
      if (!(newDue > now.getTime()) || (row.dueAt && !(newDue > Date.parse(row.dueAt)))) {
        return fail(400, actionErrors.newDueAt, [{ field: "newDueAt", message: actionErrors.newDueAt }]);
      }
      set.rescheduled_due_at = new Date(newDue).toISOString();
      noteParams = { reason: p.reason, newDueAt: new Date(newDue).toISOString() };
      break;
    }
    case "withdraw":
    case "expireSupplement": {
      if (openSupplement) await closeSupplement(trx, openSupplement.id, { closed: input.action === "withdraw" ? "withdrawn" : "expired", answered_at: null, paused_minutes: null });
      if (input.action === "expireSupplement") noteParams = { reasons: ["supplementMissed"], text: "", legalBasis: "" };
      set.paused_at = null;
      set.resume_status = null;
      set.assignee_id = null;
      break;
    }
    case "confirmPayment": {
      if (row.pausedAt) {
        const from = new Date(Math.min(Date.parse(row.pausedAt), now.getTime()));
        const calendar = await loadWorkingCalendar(trx, from.getUTCFullYear() - 1, now.getUTCFullYear() + 2);
        const pausedMinutes = Math.round(workingMinutesBetween(calendar, from, now));
        if (row.dueAt) set.due_at = resumeClock(calendar, { due: new Date(row.dueAt), pausedAt: from }, now).clock.due.toISOString();
        if (row.stepDueAt) set.step_due_at = resumeClock(calendar, { due: new Date(row.stepDueAt), pausedAt: from }, now).clock.due.toISOString();
        if (row.stepId && set.step_due_at) await moveStepDue(trx, row.stepId, set.step_due_at);
        set.paused_at = null;
        clockMark = "resume";
        noteParams = { pausedMinutes, dueAt: set.due_at ?? row.dueAt };
      }
      break;
    }
  }
  set.waiting_for = waitingFor;

  // ---- Writes: the dossier first (compare-and-set), then everything that hangs off it --------------------------------
  if (!(await updateDossierIfVersion(trx, row.id, row.version, set))) throw new Refusal(fail(409, actionErrors.stale));

  if (closeOutcome && row.stepId) {
    await closeStep(trx, row.stepId, { ended_at: at, result: stepResult(now, row.openStepDueAt ?? null), outcome: closeOutcome, handled_by: row.stepHandledBy ?? actorId });
  }
  if (openStep && newStepId) {
    await insertStep(trx, {
      id: newStepId,
      dossier_id: row.id,
      seq: seq + 1,
      step_index: openStep.index,
      name: openStep.name,
      role: openStep.role,
      agency_id: openStep.agencyId,
      from_agency_id: openStep.fromAgencyId,
      handed_by: actorId,
      handled_by: input.action === "accept" ? actorId : null,
      started_at: at,
      due_at: stepDueAt,
      ended_at: null,
      result: null,
      outcome: null,
      warned_at: null,
      overdue_at: null,
    });
  }

  const eventId = newId(now.getTime());
  await insertEvent(trx, {
    id: eventId,
    dossier_id: row.id,
    at,
    status_from: status,
    status_to: newStatus,
    actor_type: actorType,
    actor_id: actorId,
    agency_id: actor.kind === "official" ? (row.currentAgencyId ?? receiving) : actor.kind === "system" ? null : null,
    note_key: rule.effects.history,
    note_params: noteParams ? JSON.stringify(noteParams) : null,
    clock: clockMark,
    step_id: newStepId ?? row.stepId ?? null,
  });

  if (input.action === "approve") {
    const p = params as SignedApproval;
    const issuedId = newId(now.getTime());
    await insertIssuedDocument(trx, {
      id: issuedId,
      dossier_id: row.id,
      kind: "result",
      event_id: eventId,
      sha256: p.result.sha256,
      size_bytes: p.result.sizeBytes,
      media_type: p.result.mediaType,
      file_name: p.result.fileName,
      audience: "applicant",
      created_by: actorId,
      created_at: at,
    });
    if (p.signature) {
      await insertResultSignature(trx, {
        code: p.signature.code,
        dossier_id: row.id,
        issued_document_id: issuedId,
        agency_id: p.signature.agencyId,
        sha256: p.result.sha256,
        document_name: p.result.fileName,
        signer_subject: p.signature.signerSubject,
        signed_at: p.signature.signedAt,
      });
    }
  }
  if (input.action === "returnResult" && (params as ActionParams<"returnResult">).channel === "online") {
    await deliverResultToWallet(trx, row, now);
  }
  if (rule.effects.document && rule.effects.document !== "result") {
    await services.issueForm(trx, { dossierId: row.id, kind: rule.effects.document, eventId, actorId, now });
  }
  // The control sheet (Mẫu 05) is closed with the dossier: once it ends after having been accepted, the sheet of all
  // its hand-overs is stored with it (officials may also print the sheet so far from the dossier's page).
  if (TERMINAL_STATUSES.includes(newStatus) && (row.acceptedAt || set.accepted_at)) {
    await services.issueForm(trx, { dossierId: row.id, kind: "control_sheet", eventId, actorId, now });
  }
  if (rule.effects.notice) await services.notifyApplicant(trx, { dossierId: row.id, eventId, kind: rule.effects.notice, now });
  return { ok: true, status: newStatus, eventId, code: row.code };
}

/** The result goes into the applicant's document wallet (kho dữ liệu), as a file they own (source "result"). */
async function deliverResultToWallet(trx: Trx, row: DossierForAction, now: Date) {
  const result = await findIssuedResult(trx, row.id);
  if (!result) throw new Refusal(fail(409, actionErrors.resultMissing));
  await insertWalletFile(trx, {
    id: newId(now.getTime()),
    sha256: result.sha256,
    size_bytes: result.size_bytes,
    media_type: result.media_type,
    original_name: result.file_name,
    owner_user_id: row.ownerUserId,
    owner_organisation_id: row.ownerOrganisationId,
    source: "result",
    signature_status: "not_checked",
    created_at: now.toISOString(),
    deleted_at: null,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Reading what an official may do now (the dossier page's buttons)
// ---------------------------------------------------------------------------------------------------------------

export { decisionStepIndex };

/** The permission check the pages use to list actions: whether the official holds it in the dossier's current agency. */
export function heldIn(actor: EngineActor, agencyId: string) {
  return (permission: Permission) => actor.kind === "official" && can(actor, permission, { agencyId });
}
