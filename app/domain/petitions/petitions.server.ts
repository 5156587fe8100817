import type { Transaction } from "kysely";
import type { Database, PetitionStatus } from "../../../db/schema";
import type { Db } from "../../platform/db.server";
import { findAgencyNames } from "../dossiers/office.repo.server";
import { newId } from "../../platform/ids.server";
import { consume, type RateLimitPolicy } from "../../platform/rate-limit.server";
import { can, type Actor } from "../access/permissions";
import { computeDueDate } from "../calendar/calendar.server";
import { codeDay } from "../dossiers/dossiers";
import { foldForSearch } from "../shared/search";
import { TRANSITIONS, allowedFrom, answeredOnTime, petitionCode, petitionFactorMatches, redact, type PetitionAction, type PetitionSettings } from "./petitions";
import { petitionErrors, type SubmitInput } from "./petitions.schema";
import {
  agencyExists,
  agencyIdByCode,
    answersOf,
  decideAnswer,
  districtOfAgency,
  eventsOf,
  filesOf,
  findPetitionByCode,
  insertAnswer,
  insertPetition,
  insertPetitionEvent,
  insertPetitionFiles,
  insertRevision,
  latestAnswer,
  listPetitions,
  listPublished,
  lockPetition,
  matchingRules,
  nextPetitionSequence,
  officialEmails,
  openPetitionsDueBefore,
  ownFiles,
  petitionCounts,
  procedureDeciders,
  procedureExists,
  procedureNames,
  revisionsOf,
  updatePetition,
  type PetitionRow,
} from "./petitions.repo.server";

// The petitions' use cases (issue 8): submitting, the public look-up, routing, answering, approving, the
// submitter's rating and reopening, moderation, the public list and page, the sweep, and the numbers.
// Decision: docs/decisions/0019-petitions.md.

type Trx = Transaction<Database>;

/** What the use cases send: mail to the submitter or to officials (the platform renders and queues it). */
export interface PetitionNotice {
  kind: "received" | "answered" | "closed" | "reminder" | "escalated" | "forwarded";
  to: string;
  code: string;
  title: string;
  /** The answer (for "answered"), the reason (for "closed"). */
  body?: string;
  dueAt?: string;
}

export interface PetitionServices {
  notify(trx: Trx, notice: PetitionNotice, now: Date): Promise<void>;
}

export type Fail = {
  ok: false;
  status: 400 | 403 | 404 | 409;
  errors: {
    field: string;
    message: string;
    params?: Record<string, unknown>;
  }[];
};
const fail = (status: Fail["status"], field: string, message: string, params?: Record<string, unknown>): Fail => ({
  ok: false,
  status,
  errors: [{ field, message, ...(params ? { params } : {}) }],
});

/** `workingDays` of working time after `from`, as a UTC instant (stored so: the sweep compares instants as text). */
async function dueAfter(db: Db | Trx, from: Date, workingDays: number): Promise<string> {
  const { due } = await computeDueDate(db as Db, { receivedAt: from, amount: workingDays, unit: "working_days" });
  return new Date(due).toISOString();
}

// ---------------------------------------------------------------------------------------------------------------
// Submitting

export interface Sender {
  /** The signed-in account (null: sent without signing in), and the organisation it acts for. */
  userId: string | null;
  organisationId: string | null;
}

export async function submitPetition(
  db: Db,
  services: PetitionServices,
  settings: PetitionSettings,
  input: {
    sender: Sender;
    petition: SubmitInput;
    fileIds: readonly string[];
    ip: string;
    policy: RateLimitPolicy;
    now?: Date;
  }
): Promise<{ ok: true; code: string } | Fail | { ok: false; status: 429; retryAfterMs: number }> {
  const now = input.now ?? new Date();
  const p = input.petition;
  if (p.procedureCode && !(await procedureExists(db, p.procedureCode))) return fail(400, "procedureCode", petitionErrors.procedure);
  if (p.agencyId && !(await agencyExists(db, p.agencyId))) return fail(400, "agencyId", petitionErrors.agency);
  const fileIds = [...new Set(input.fileIds)].slice(0, 10);
  if (fileIds.length > 0) {
    if (!input.sender.userId) return fail(400, "files", petitionErrors.files);
    const owned = await ownFiles(
      db,
      {
        userId: input.sender.userId,
        organisationId: input.sender.organisationId,
      },
      fileIds
    );
    if (owned.length !== fileIds.length) return fail(400, "files", petitionErrors.files);
  }
  const limit = await consume(db, `petition:ip:${input.ip}`, input.policy, now);
  if (!limit.allowed) return { ok: false, status: 429, retryAfterMs: limit.retryAfterMs };
  const forwardDue = await dueAfter(db, now, settings.forwardWorkingDays);
  // The district the item concerns (routing rules may name one): the concerned agency's.
  const district = p.agencyId ? await districtOfAgency(db, p.agencyId, now.toISOString().slice(0, 10)) : null;
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const day = codeDay(now);
    const code = petitionCode(day, await nextPetitionSequence(trx, day));
    const id = newId(now.getTime());
    await insertPetition(trx, {
      id,
      code,
      kind: p.kind,
      title: p.title,
      content: p.content,
      proposal: p.proposal,
      procedure_code: p.procedureCode,
      concerned_agency_id: p.agencyId,
      dossier_code: p.dossierCode,
      submitter_user_id: input.sender.userId,
      submitter_organisation_id: input.sender.organisationId,
      contact_name: p.contactName,
      contact_address: p.contactAddress,
      contact_phone: p.contactPhone,
      contact_email: p.contactEmail,
      publish_consent: p.publishConsent ? 1 : 0,
      show_name: p.showName ? 1 : 0,
      status: "received",
      admin_unit_code: district,
      received_at: at,
      forward_due_at: forwardDue,
      search: foldForSearch(`${p.title} ${p.content}`),
      version: 1,
      updated_at: at,
    });
    await insertPetitionFiles(
      trx,
      fileIds.map((fileId, position) => ({
        petition_id: id,
        file_id: fileId,
        position,
      }))
    );
    await insertPetitionEvent(trx, {
      id: newId(now.getTime()),
      petition_id: id,
      at,
      actor_user_id: input.sender.userId,
      action: "submitted",
      status_from: null,
      status_to: "received",
      agency_id: null,
      note: null,
    });
    if (p.contactEmail)
      await services.notify(
        trx,
        {
          kind: "received",
          to: p.contactEmail,
          code,
          title: p.title,
          dueAt: forwardDue,
        },
        now
      );
    return { ok: true as const, code };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Views

export interface PetitionView {
  code: string;
  kind: PetitionRow["kind"];
  status: PetitionStatus;
  title: string;
  content: string;
  proposal: string | null;
  procedure: { code: string; name: string } | null;
  concernedAgency: string | null;
  handlingAgency: string | null;
  dossierCode: string | null;
  receivedAt: string;
  forwardDueAt: string;
  forwardedAt: string | null;
  answerDueAt: string | null;
  originalAnswerDueAt: string | null;
  extendedAt: string | null;
  extensionReason: string | null;
  answeredAt: string | null;
  answeredOnTime: boolean | null;
  answer: string | null;
  closeReason: PetitionRow["close_reason"];
  closeText: string | null;
  duplicateOf: string | null;
  rating: PetitionRow["rating"];
  ratingReason: string | null;
  reopenedAt: string | null;
  /** Until when the submitter may reopen (null: not now). */
  reopenUntil: string | null;
  /** The attachments' names and sizes (the files stay in the sender's wallet). */
  attachments: { name: string; sizeBytes: number }[];
  version: number;
}

async function viewOf(db: Db, row: PetitionRow, settings: PetitionSettings, now: Date): Promise<PetitionView> {
  const date = now.toISOString().slice(0, 10);
  const names = await findAgencyNames(db, [row.concerned_agency_id ?? "", row.handling_agency_id ?? ""], date);
  const procedures = row.procedure_code ? await procedureNames(db, [row.procedure_code]) : new Map<string, string>();
  const answers = await answersOf(db, row.id);
  const approved = answers.filter((a) => a.decision === "approved").at(-1);
  const revisions = await revisionsOf(db, row.id);
  const answerText = revisions.filter((r) => r.part === "answer").at(-1)?.body ?? approved?.body ?? null;
  const reopenUntil =
    row.status === "answered" && row.answered_at && row.rating !== "satisfied"
      ? await dueAfter(db, new Date(row.answered_at), settings.reopenWorkingDays)
      : null;
  return {
    code: row.code,
    kind: row.kind,
    status: row.status,
    title: row.title,
    content: row.content,
    proposal: row.proposal,
    procedure: row.procedure_code
      ? {
          code: row.procedure_code,
          name: procedures.get(row.procedure_code) ?? row.procedure_code,
        }
      : null,
    concernedAgency: row.concerned_agency_id ? names.get(row.concerned_agency_id) ?? null : null,
    handlingAgency: row.handling_agency_id ? names.get(row.handling_agency_id) ?? null : null,
    dossierCode: row.dossier_code,
    receivedAt: row.received_at,
    forwardDueAt: row.forward_due_at,
    forwardedAt: row.forwarded_at,
    answerDueAt: row.answer_due_at,
    originalAnswerDueAt: row.original_answer_due_at,
    extendedAt: row.extended_at,
    extensionReason: row.extension_reason,
    answeredAt: row.answered_at,
    answeredOnTime: row.answered_on_time === null ? null : row.answered_on_time === 1,
    answer: row.status === "answered" ? answerText : null,
    closeReason: row.close_reason,
    closeText: row.close_text,
    duplicateOf: row.duplicate_of,
    rating: row.rating,
    ratingReason: row.rating_reason,
    reopenedAt: row.reopened_at,
    reopenUntil: reopenUntil && Date.parse(reopenUntil) > now.getTime() ? reopenUntil : null,
    attachments: (await filesOf(db, row.id)).map((f) => ({ name: f.name, sizeBytes: Number(f.sizeBytes) })),
    version: row.version,
  };
}

/** The public look-up with the second factor (rate limited per address, found or not, as for dossiers). */
export async function trackPetition(
  db: Db,
  settings: PetitionSettings,
  input: {
    code: string;
    factor: string;
    ip: string;
    policy: RateLimitPolicy;
    now?: Date;
  }
): Promise<{ ok: true; petition: PetitionView } | { ok: false; reason: "notFound" } | { ok: false; reason: "rateLimited"; retryAfterMs: number }> {
  const now = input.now ?? new Date();
  const limit = await consume(db, `petition-track:ip:${input.ip}`, input.policy, now);
  if (!limit.allowed)
    return {
      ok: false,
      reason: "rateLimited",
      retryAfterMs: limit.retryAfterMs,
    };
  const row = await findPetitionByCode(db, input.code);
  const matches = petitionFactorMatches(
    {
      // An unknown code is compared with a dummy phone all the same (the same work either way); a known one with
      // its own contact, so that an item sent with an e-mail address only is found by that address.
      phone: row ? row.contact_phone : "0000000000",
      email: row ? row.contact_email : null,
    },
    input.factor
  );
  if (!row || !matches) return { ok: false, reason: "notFound" };
  return { ok: true, petition: await viewOf(db, row, settings, now) };
}

/** The submitter's own items (signed in). */
export async function myPetitions(db: Db, sender: { userId: string; organisationId: string | null }) {
  let q = db.selectFrom("petitions").select(["code", "title", "status", "received_at as receivedAt", "answered_at as answeredAt"]);
  q = sender.organisationId
    ? q.where("submitter_organisation_id", "=", sender.organisationId)
    : q.where("submitter_user_id", "=", sender.userId).where("submitter_organisation_id", "is", null);
  return q.orderBy("received_at", "desc").limit(100).execute();
}

/** One of the submitter's own items; null when it is not theirs. */
export async function myPetition(
  db: Db,
  settings: PetitionSettings,
  sender: { userId: string; organisationId: string | null },
  code: string,
  now = new Date()
) {
  const row = await findPetitionByCode(db, code);
  if (!row || !isSubmitter(row, sender)) return null;
  return viewOf(db, row, settings, now);
}

function isSubmitter(row: PetitionRow, sender: { userId: string; organisationId: string | null }): boolean {
  if (sender.organisationId) return row.submitter_organisation_id === sender.organisationId;
  return row.submitter_user_id === sender.userId && row.submitter_organisation_id === null;
}

// ---------------------------------------------------------------------------------------------------------------
// Officials

/** How an official relates to an item: routing officer (the control unit's petition handler), handler, leader. */
export async function rolesOn(
  db: Db,
  settings: PetitionSettings,
  actor: Actor,
  row: Pick<PetitionRow, "handling_agency_id">
): Promise<Set<"router" | "handler" | "leader" | "moderator">> {
  const out = new Set<"router" | "handler" | "leader" | "moderator">();
  if (actor.kind !== "official") return out;
  const controlUnit = await agencyIdByCode(db, settings.controlUnitCode);
  if (controlUnit && can(actor, "answer:petition:agency", { agencyId: controlUnit })) {
    out.add("router");
    out.add("moderator");
  }
  if (row.handling_agency_id && can(actor, "answer:petition:agency", { agencyId: row.handling_agency_id })) out.add("handler");
  if (row.handling_agency_id && can(actor, "approve:petition:agency", { agencyId: row.handling_agency_id })) out.add("leader");
  return out;
}

export interface OfficialPetitionView extends PetitionView {
  contact: {
    name: string;
    address: string;
    phone: string | null;
    email: string | null;
  };
  publishConsent: boolean;
  showName: boolean;
  hiddenAt: string | null;
  hiddenReason: string | null;
  reassignRequestedAt: string | null;
  reassignReason: string | null;
  field: string | null;
  handlingAgencyId: string | null;
  concernedAgencyId: string | null;
  draft: {
    body: string;
    draftedAt: string;
    decision: "approved" | "returned" | null;
    decisionNote: string | null;
  } | null;
  files: { id: string; name: string; sizeBytes: number; mediaType: string }[];
  history: Awaited<ReturnType<typeof eventsOf>>;
  suggestedAgencyIds: string[];
  roles: ("router" | "handler" | "leader" | "moderator")[];
  actions: string[];
}

/**
 * Where the routing officer should send an item, best first: the routing rules that match it; the agency that
 * decides the procedure it concerns (for the agency the submitter named, or when the procedure has at most three
 * deciding agencies); the agency the submitter named.
 */
export async function suggestedAgencies(db: Db, row: Pick<PetitionRow, "procedure_code" | "field" | "concerned_agency_id" | "admin_unit_code">): Promise<string[]> {
  const rules = (await matchingRules(db, row)).map((r) => r.target_agency_id);
  const offerings = row.procedure_code ? await procedureDeciders(db, row.procedure_code) : [];
  const named = offerings.filter((o) => o.agencyId === row.concerned_agency_id || o.deciderId === row.concerned_agency_id).map((o) => o.deciderId);
  const deciders = [...new Set(offerings.map((o) => o.deciderId))];
  return [...new Set([...rules, ...named, ...(deciders.length <= 3 ? deciders : []), ...(row.concerned_agency_id ? [row.concerned_agency_id] : [])])];
}

/** An item as officials see it (null: not theirs to see). */
export async function officialPetition(db: Db, settings: PetitionSettings, actor: Actor, code: string, now = new Date()): Promise<OfficialPetitionView | null> {
  const row = await findPetitionByCode(db, code);
  if (!row) return null;
  const roles = await rolesOn(db, settings, actor, row);
  if (roles.size === 0) return null;
  const view = await viewOf(db, row, settings, now);
  const draft = await latestAnswer(db, row.id);
  const suggested = row.status === "received" ? await suggestedAgencies(db, row) : [];
  const actions: string[] = [];
  for (const [name, t] of Object.entries(TRANSITIONS) as [PetitionAction, (typeof TRANSITIONS)[PetitionAction]][]) {
    if (t.by === "submitter" || !roles.has(t.by) || !allowedFrom(name, row.status)) continue;
    if (name === "extend" && row.extended_at) continue;
    actions.push(name);
  }
  if (roles.has("moderator") && !row.hidden_at) actions.push("hide");
  if (roles.has("moderator") && row.published_at) actions.push("revise");
  return {
    ...view,
    answer: view.answer ?? null,
    contact: {
      name: row.contact_name,
      address: row.contact_address,
      phone: row.contact_phone,
      email: row.contact_email,
    },
    publishConsent: row.publish_consent === 1,
    showName: row.show_name === 1,
    hiddenAt: row.hidden_at,
    hiddenReason: row.hidden_reason,
    reassignRequestedAt: row.reassign_requested_at,
    reassignReason: row.reassign_reason,
    field: row.field,
    handlingAgencyId: row.handling_agency_id,
    concernedAgencyId: row.concerned_agency_id,
    draft: draft
      ? {
          body: draft.body,
          draftedAt: draft.drafted_at,
          decision: draft.decision,
          decisionNote: draft.decision_note,
        }
      : null,
    files: (await filesOf(db, row.id)).map((f) => ({
      id: f.id,
      name: f.name,
      sizeBytes: Number(f.sizeBytes),
      mediaType: f.mediaType,
    })),
    history: await eventsOf(db, row.id),
    suggestedAgencyIds: suggested,
    roles: [...roles],
    actions,
  };
}

/** One attachment of an item, for an official who has a role on it (null: not theirs, or not this item's file). */
export async function petitionFileForOfficial(db: Db, settings: PetitionSettings, actor: Actor, code: string, fileId: string) {
  const row = await findPetitionByCode(db, code);
  if (!row || (await rolesOn(db, settings, actor, row)).size === 0) return null;
  return (await filesOf(db, row.id)).find((f) => f.id === fileId) ?? null;
}

/** The officials' queue: the routing officer's new items and reassign requests; an agency's items in progress. */
export async function petitionQueue(db: Db, settings: PetitionSettings, actor: Actor, page = 0) {
  if (actor.kind !== "official") return { routing: [], agency: [] };
  const controlUnit = await agencyIdByCode(db, settings.controlUnitCode);
  const routes = controlUnit ? can(actor, "answer:petition:agency", { agencyId: controlUnit }) : false;
  const agencies = [...new Set(actor.roles.filter((r) => r.role === "petition_handler" || r.role === "approver").map((r) => r.agencyId))];
  const [routing, agency] = await Promise.all([
    routes
      ? listPetitions(db, {
          statuses: ["received"],
          limit: 50,
          offset: page * 50,
        })
      : Promise.resolve([]),
    listPetitions(db, {
      statuses: ["forwarded", "drafted"],
      handlingAgencyIds: agencies,
      limit: 50,
      offset: page * 50,
    }),
  ]);
  return { routing, agency };
}

type ActionParams =
  | {
      action: "forward";
      targetAgencyId: string;
      field?: string | undefined;
      note?: string | undefined;
    }
  | {
      action: "close";
      reason: NonNullable<PetitionRow["close_reason"]>;
      text: string;
      duplicateOf?: string | undefined;
    }
  | { action: "requestReassign"; reason: string }
  | { action: "draft"; body: string }
  | { action: "extend"; reason: string }
  | { action: "approve" }
  | { action: "return"; note: string }
  | { action: "hide"; reason: string }
  | {
      action: "revise";
      part: "title" | "content" | "answer";
      body: string;
      reason: string;
    };

/** An official's action on an item: the role and the status are checked again in the transaction, with the version shown. */
export async function actOnPetition(
  db: Db,
  services: PetitionServices,
  settings: PetitionSettings,
  input: {
    actor: Actor;
    code: string;
    version: number;
    params: ActionParams;
    now?: Date;
  }
): Promise<{ ok: true; code: string } | Fail> {
  const now = input.now ?? new Date();
  const at = now.toISOString();
  if (input.actor.kind !== "official") return fail(403, "form", petitionErrors.notAllowedNow);
  const actorId = input.actor.userId;
  const params = input.params;
  // What needs the calendar or other rows is read before the transaction.
  if (params.action === "forward" && !(await agencyExists(db, params.targetAgencyId))) return fail(400, "targetAgencyId", petitionErrors.target);
  if (params.action === "close" && params.duplicateOf) {
    const original = await findPetitionByCode(db, params.duplicateOf);
    if (!original || !original.published_at || original.hidden_at) return fail(400, "duplicateOf", petitionErrors.duplicateOf);
  }
  const answerDue = params.action === "forward" ? await dueAfter(db, now, settings.answerWorkingDays) : null;
  const before = await findPetitionByCode(db, input.code);
  if (!before) return fail(404, "form", petitionErrors.notAllowedNow);
  // Who the official is on this item (an item they have no role on does not exist for them).
  const roles = await rolesOn(db, settings, input.actor, before);
  if (roles.size === 0) return fail(404, "form", petitionErrors.notAllowedNow);
  const extendedDue =
    params.action === "extend" && before.answer_due_at ? await dueAfter(db, new Date(before.answer_due_at), settings.extensionWorkingDays) : null;

  return db.transaction().execute(async (trx) => {
    const row = await lockPetition(trx, input.code);
    if (!row) return fail(404, "form", petitionErrors.notAllowedNow);
    if (row.version !== input.version) return fail(409, "form", petitionErrors.stale);
    const role = params.action === "hide" || params.action === "revise" ? "moderator" : TRANSITIONS[params.action].by;
    if (role === "submitter" || !roles.has(role))
      return fail(403, "form", petitionErrors.notAllowedNow);
    if (params.action !== "hide" && params.action !== "revise" && !allowedFrom(params.action, row.status))
      return fail(409, "form", petitionErrors.notAllowedNow);
    const event = (action: string, to: PetitionStatus | null, note: string | null, agencyId: string | null = row.handling_agency_id) =>
      insertPetitionEvent(trx, {
        id: newId(now.getTime()),
        petition_id: row.id,
        at,
        actor_user_id: actorId,
        action,
        status_from: row.status,
        status_to: to ?? row.status,
        agency_id: agencyId,
        note,
      });
    const update = async (patch: Parameters<typeof updatePetition>[3]) => {
      if (
        !(await updatePetition(trx, row.id, row.version, {
          ...patch,
          updated_at: at,
        }))
      )
        throw new Error("petition changed in its transaction");
    };
    switch (params.action) {
      case "forward":
        await update({
          status: "forwarded",
          handling_agency_id: params.targetAgencyId,
          field: params.field ?? row.field,
          forwarded_at: row.forwarded_at ?? at,
          answer_due_at: answerDue,
          original_answer_due_at: row.original_answer_due_at ?? answerDue,
          reassign_requested_at: null,
          reassign_reason: null,
          reminded_at: null,
          escalated_at: null,
        });
        await event("forwarded", "forwarded", params.note ?? null, params.targetAgencyId);
        for (const to of await officialEmails(trx, params.targetAgencyId, "petition_handler"))
          await services.notify(
            trx,
            {
              kind: "forwarded",
              to,
              code: row.code,
              title: row.title,
              dueAt: answerDue ?? undefined,
            },
            now
          );
        break;
      case "close":
        await update({
          status: "closed",
          closed_at: at,
          close_reason: params.reason,
          close_text: params.text,
          duplicate_of: params.duplicateOf ?? null,
        });
        await event("closed", "closed", params.text);
        if (row.contact_email)
          await services.notify(
            trx,
            {
              kind: "closed",
              to: row.contact_email,
              code: row.code,
              title: row.title,
              body: params.text,
            },
            now
          );
        break;
      case "requestReassign":
        await update({
          status: "received",
          reassign_requested_at: at,
          reassign_reason: params.reason,
          handling_agency_id: null,
        });
        await event("reassignRequested", "received", params.reason);
        break;
      case "draft":
        await insertAnswer(trx, {
          id: newId(now.getTime()),
          petition_id: row.id,
          body: params.body,
          drafted_by: actorId,
          drafted_at: at,
          decision: null,
          decided_by: null,
          decided_at: null,
          decision_note: null,
        });
        await update({ status: "drafted" });
        await event("drafted", "drafted", null);
        break;
      case "extend":
        if (row.extended_at) return fail(409, "form", petitionErrors.alreadyExtended);
        await update({
          extended_at: at,
          extension_reason: params.reason,
          answer_due_at: extendedDue,
          reminded_at: null,
          escalated_at: null,
        });
        await event("extended", null, params.reason);
        break;
      case "approve": {
        const draft = await latestAnswer(trx, row.id);
        if (!draft || draft.decision !== null) return fail(409, "form", petitionErrors.notAllowedNow);
        await decideAnswer(trx, draft.id, {
          decision: "approved",
          decided_by: actorId,
          decided_at: at,
          decision_note: null,
        });
        const onTime = answeredOnTime(at, row.answer_due_at);
        const publish = row.publish_consent === 1 && !row.hidden_at;
        await update({
          status: "answered",
          answered_at: at,
          answered_on_time: onTime ? 1 : 0,
          published_at: publish ? row.published_at ?? at : row.published_at,
        });
        await event("answered", "answered", null);
        if (row.contact_email)
          await services.notify(
            trx,
            {
              kind: "answered",
              to: row.contact_email,
              code: row.code,
              title: row.title,
              body: draft.body,
            },
            now
          );
        break;
      }
      case "return": {
        const draft = await latestAnswer(trx, row.id);
        if (!draft || draft.decision !== null) return fail(409, "form", petitionErrors.notAllowedNow);
        await decideAnswer(trx, draft.id, {
          decision: "returned",
          decided_by: actorId,
          decided_at: at,
          decision_note: params.note,
        });
        await update({ status: "forwarded" });
        await event("returned", "forwarded", params.note);
        break;
      }
      case "hide":
        if (row.hidden_at) return fail(409, "form", petitionErrors.notAllowedNow);
        await update({ hidden_at: at, hidden_reason: params.reason });
        await event("hidden", null, params.reason);
        break;
      case "revise":
        if (!row.published_at) return fail(409, "form", petitionErrors.notAllowedNow);
        await insertRevision(trx, {
          id: newId(now.getTime()),
          petition_id: row.id,
          part: params.part,
          body: params.body,
          reason: params.reason,
          revised_by: actorId,
          revised_at: at,
        });
        await update({
          ...(params.part === "title" || params.part === "content"
            ? {
                search: foldForSearch(`${params.part === "title" ? params.body : row.title} ${params.part === "content" ? params.body : row.content}`),
              }
            : {}),
        });
        await event("revised", null, params.reason);
        break;
    }
    return { ok: true as const, code: row.code };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The submitter: rating and reopening

/** Rating (and, when not satisfied, reopening within the window) by the submitter: signed in, or with the second factor. */
export async function ratePetition(
  db: Db,
  settings: PetitionSettings,
  input: {
    code: string;
    proof: { sender: { userId: string; organisationId: string | null } } | { factor: string };
    rating: "satisfied" | "unsatisfied";
    reason: string | null;
    reopen: boolean;
    now?: Date;
  }
): Promise<{ ok: true; reopened: boolean } | Fail> {
  const now = input.now ?? new Date();
  const at = now.toISOString();
  const before = await findPetitionByCode(db, input.code);
  const proven =
    before &&
    ("sender" in input.proof
      ? isSubmitter(before, input.proof.sender)
      : petitionFactorMatches({ phone: before.contact_phone, email: before.contact_email }, input.proof.factor));
  if (!before || !proven) return fail(404, "form", petitionErrors.notSubmitter);
  if (before.status !== "answered" || !before.answered_at) return fail(409, "form", petitionErrors.notAllowedNow);
  const reopenUntil = await dueAfter(db, new Date(before.answered_at), settings.reopenWorkingDays);
  if (input.reopen && now.getTime() > Date.parse(reopenUntil)) return fail(409, "reopen", petitionErrors.reopenWindow);
  const newDue = input.reopen ? await dueAfter(db, now, settings.answerWorkingDays) : null;
  return db.transaction().execute(async (trx) => {
    const row = await lockPetition(trx, input.code);
    if (!row || row.version !== before.version) return fail(409, "form", petitionErrors.stale);
    const actor = "sender" in input.proof ? input.proof.sender.userId : null;
    await updatePetition(trx, row.id, row.version, {
      rating: input.rating,
      rating_reason: input.reason,
      rated_at: at,
      updated_at: at,
      ...(input.reopen
        ? {
            status: "forwarded" as const,
            reopened_at: at,
            answer_due_at: newDue,
            answered_at: null,
            answered_on_time: null,
            reminded_at: null,
            escalated_at: null,
          }
        : {}),
    });
    await insertPetitionEvent(trx, {
      id: newId(now.getTime()),
      petition_id: row.id,
      at,
      actor_user_id: actor,
      action: "rated",
      status_from: row.status,
      status_to: row.status,
      agency_id: row.handling_agency_id,
      note: input.reason,
    });
    if (input.reopen)
      await insertPetitionEvent(trx, {
        id: newId(now.getTime() + 1),
        petition_id: row.id,
        at,
        actor_user_id: actor,
        action: "reopened",
        status_from: "answered",
        status_to: "forwarded",
        agency_id: row.handling_agency_id,
        note: input.reason,
      });
    return { ok: true as const, reopened: input.reopen };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The public side

export interface PublishedSummary {
  code: string;
  kind: PetitionRow["kind"];
  title: string;
  excerpt: string;
  agency: string | null;
  procedure: { code: string; name: string } | null;
  field: string | null;
  receivedAt: string;
  answeredAt: string | null;
  onTime: boolean | null;
}

export async function publishedPetitions(
  db: Db,
  filter: {
    search?: string;
    procedureCode?: string;
    agencyId?: string;
    field?: string;
    page: number;
    pageSize?: number;
  },
  hidden: string,
  now = new Date()
) {
  const size = filter.pageSize ?? 20;
  const { rows, total } = await listPublished(db, {
    search: filter.search ? foldForSearch(filter.search) : undefined,
    procedureCode: filter.procedureCode,
    agencyId: filter.agencyId,
    field: filter.field,
    limit: size,
    offset: filter.page * size,
  });
  const names = await findAgencyNames(
    db,
    rows.map((r) => r.handling_agency_id ?? ""),
    now.toISOString().slice(0, 10)
  );
  const procedures = await procedureNames(
    db,
    rows.map((r) => r.procedure_code ?? "")
  );
  const items: PublishedSummary[] = rows.map((r) => {
    const submitter = { name: r.contact_name, showName: r.show_name === 1 };
    const content = redact(r.content, submitter, hidden);
    return {
      code: r.code,
      kind: r.kind,
      title: redact(r.title, submitter, hidden),
      excerpt: content.length > 240 ? `${content.slice(0, 240)}…` : content,
      agency: r.handling_agency_id ? names.get(r.handling_agency_id) ?? null : null,
      procedure: r.procedure_code
        ? {
            code: r.procedure_code,
            name: procedures.get(r.procedure_code) ?? r.procedure_code,
          }
        : null,
      field: r.field,
      receivedAt: r.received_at,
      answeredAt: r.answered_at,
      onTime: r.answered_on_time === null ? null : r.answered_on_time === 1,
    };
  });
  return { items, total, page: filter.page, pageSize: size };
}

export interface PublicPetition {
  code: string;
  kind: PetitionRow["kind"];
  title: string;
  content: string;
  proposal: string | null;
  /** The submitter's name when they agreed to show it; otherwise null. */
  submitterName: string | null;
  agency: string | null;
  procedure: { code: string; name: string } | null;
  field: string | null;
  receivedAt: string;
  answeredAt: string | null;
  answerDueAt: string | null;
  onTime: boolean | null;
  answer: string | null;
  edited: {
    part: "title" | "content" | "answer";
    at: string;
    reason: string;
  }[];
  rating: PetitionRow["rating"];
}

/** A published answer page: personal data redacted, the latest text of each part, and whether it was edited. */
export async function publicPetition(db: Db, code: string, hidden: string, now = new Date()): Promise<PublicPetition | null> {
  const row = await findPetitionByCode(db, code);
  if (!row || !row.published_at || row.hidden_at) return null;
  const submitter = { name: row.contact_name, showName: row.show_name === 1 };
  const revisions = await revisionsOf(db, row.id);
  const latest = (part: "title" | "content" | "answer") => revisions.filter((r) => r.part === part).at(-1)?.body;
  const approved = (await answersOf(db, row.id)).filter((a) => a.decision === "approved").at(-1);
  const names = await findAgencyNames(db, [row.handling_agency_id ?? ""], now.toISOString().slice(0, 10));
  const procedures = row.procedure_code ? await procedureNames(db, [row.procedure_code]) : new Map<string, string>();
  const answer = latest("answer") ?? approved?.body ?? null;
  return {
    code: row.code,
    kind: row.kind,
    title: redact(latest("title") ?? row.title, submitter, hidden),
    content: redact(latest("content") ?? row.content, submitter, hidden),
    proposal: row.proposal ? redact(row.proposal, submitter, hidden) : null,
    submitterName: submitter.showName ? row.contact_name : null,
    agency: row.handling_agency_id ? names.get(row.handling_agency_id) ?? null : null,
    procedure: row.procedure_code
      ? {
          code: row.procedure_code,
          name: procedures.get(row.procedure_code) ?? row.procedure_code,
        }
      : null,
    field: row.field,
    receivedAt: row.received_at,
    answeredAt: row.answered_at,
    answerDueAt: row.answer_due_at,
    onTime: row.answered_on_time === null ? null : row.answered_on_time === 1,
    answer: answer ? redact(answer, submitter, hidden) : null,
    edited: revisions.map((r) => ({
      part: r.part,
      at: r.revised_at,
      reason: r.reason,
    })),
    rating: row.rating,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The sweep: reminders before the due instant, escalation once overdue

export interface PetitionSweepReport {
  reminded: number;
  escalated: number;
}

export async function sweepPetitions(db: Db, services: PetitionServices, settings: PetitionSettings, now = new Date()): Promise<PetitionSweepReport> {
  const report = { reminded: 0, escalated: 0 };
  const horizon = new Date(now.getTime() + settings.reminderHours * 3_600_000).toISOString();
  const controlUnit = await agencyIdByCode(db, settings.controlUnitCode);
  for (const row of await openPetitionsDueBefore(db, horizon)) {
    const dueAt = row.status === "received" ? row.forward_due_at : row.answer_due_at;
    if (!dueAt) continue;
    const overdue = Date.parse(dueAt) < now.getTime();
    if (overdue && row.escalated_at) continue;
    if (!overdue && row.reminded_at) continue;
    await db.transaction().execute(async (trx) => {
      const current = await lockPetition(trx, row.code);
      if (!current || current.version !== row.version) return;
      const at = now.toISOString();
      if (!overdue) {
        // Before the due instant: the people who must act now.
        const recipients =
          row.status === "received"
            ? controlUnit
              ? await officialEmails(trx, controlUnit, "petition_handler")
              : []
            : await officialEmails(trx, row.handling_agency_id!, row.status === "drafted" ? "approver" : "petition_handler");
        for (const to of recipients) await services.notify(trx, { kind: "reminder", to, code: row.code, title: row.title, dueAt }, now);
        await updatePetition(trx, row.id, row.version, {
          reminded_at: at,
          updated_at: at,
        });
        await insertPetitionEvent(trx, {
          id: newId(now.getTime()),
          petition_id: row.id,
          at,
          actor_user_id: null,
          action: "reminded",
          status_from: row.status,
          status_to: row.status,
          agency_id: row.handling_agency_id,
          note: null,
        });
        report.reminded++;
        return;
      }
      // Overdue: the agency's leaders and the control unit.
      const leaders = row.handling_agency_id ? await officialEmails(trx, row.handling_agency_id, "approver") : [];
      const control = controlUnit ? await officialEmails(trx, controlUnit, "petition_handler") : [];
      for (const to of new Set([...leaders, ...control])) await services.notify(trx, { kind: "escalated", to, code: row.code, title: row.title, dueAt }, now);
      await updatePetition(trx, row.id, row.version, {
        escalated_at: at,
        updated_at: at,
      });
      await insertPetitionEvent(trx, {
        id: newId(now.getTime()),
        petition_id: row.id,
        at,
        actor_user_id: null,
        action: "escalated",
        status_from: row.status,
        status_to: row.status,
        agency_id: row.handling_agency_id,
        note: null,
      });
      report.escalated++;
    });
  }
  return report;
}

// ---------------------------------------------------------------------------------------------------------------
// The numbers (for the statistics page, issue 10)

export interface PetitionFigures {
  received: number;
  forwarded: number;
  answeredOnTime: number;
  answeredLate: number;
  pending: number;
  closed: number;
  satisfied: number;
  unsatisfied: number;
}

const ZERO: PetitionFigures = { received: 0, forwarded: 0, answeredOnTime: 0, answeredLate: 0, pending: 0, closed: 0, satisfied: 0, unsatisfied: 0 };

/**
 * Items received in [from, to): counts per handling agency (null: not forwarded yet, or closed by the control unit)
 * and for the province. "On time" is against the due time in force when the answer was approved (an extension counts);
 * satisfaction is satisfied / rated.
 */
export async function petitionNumbers(db: Db, period: { from: string; to: string }) {
  const rows = await petitionCounts(db, period.from, period.to);
  const byAgency = rows.map((r) => ({
    agencyId: r.agencyId,
    figures: {
      received: Number(r.received),
      forwarded: Number(r.forwarded ?? 0),
      answeredOnTime: Number(r.answeredOnTime ?? 0),
      answeredLate: Number(r.answeredLate ?? 0),
      pending: Number(r.pending ?? 0),
      closed: Number(r.closed ?? 0),
      satisfied: Number(r.satisfied ?? 0),
      unsatisfied: Number(r.unsatisfied ?? 0),
    },
  }));
  const total = byAgency.reduce<PetitionFigures>((sum, a) => {
    const out = { ...sum };
    for (const k of Object.keys(ZERO) as (keyof PetitionFigures)[]) out[k] += a.figures[k];
    return out;
  }, ZERO);
  const rated = total.satisfied + total.unsatisfied;
  const answered = total.answeredOnTime + total.answeredLate;
  return { byAgency, total, onTimeShare: answered > 0 ? total.answeredOnTime / answered : null, satisfaction: rated > 0 ? total.satisfied / rated : null };
}
