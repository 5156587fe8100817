import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { newId } from "../../platform/ids.server";
import { consume, type RateLimitPolicy } from "../../platform/rate-limit.server";
import type { Actor } from "../access/permissions";
import { computeDueDate } from "../calendar/calendar.server";
import { compileFormSchema, type FormValues } from "../forms/compile";
import { summariseStored } from "../files/signature-summary";
import { foldForSearch } from "../shared/search";
import { parseJsonColumn } from "../procedures/catalog.repo.server";
import type { ProcedureContent } from "../procedures/catalog.server";
import {
  ACCEPTANCE_WORKING_HOURS_DEFAULT,
  canWithdraw,
  codeDay,
  documentProblems,
  dossierCode,
  secondFactorMatches,
  SequenceExhaustedError,
  type DossierApplicant,
  type DossierStatus,
  type SubmittedDocument,
  type DossierView,
  type TimelineDelivery,
  type TimelineEntry,
  type TrackedDossier,
} from "./dossiers";
import { deliveriesOfEvents } from "./notices.server";
import {
  countOwnedDossiers,
  findAgencyName,
  findAttachableFiles,
  findDossierByIdempotencyKey,
  findDossierDocuments,
  findDossierEvents,
  findDossierForTracking,
  findOfferingAgency,
  findOwnedDossier,
  findUserContact,
  findVersionForFiling,
  insertDossier,
  insertDossierDocuments,
  insertDossierEvent,
  insertNotification,
  listOwnedDossiers,
  nextCodeSequence,
  type DossierOwner,
  findNotifications,
  markNotificationsRead,
} from "./dossiers.repo.server";
import { applicantSchema, dossierErrors, idempotencyKeySchema } from "./dossiers.schema";
import { applyAction, type EngineSettings } from "./back-office.server";
import { feeSummary } from "../filing/filing";
import { openPayFirstRequest, paymentLinesOf } from "../payments/payments.server";
import type { BackOfficeServices } from "./back-office.seams";
import { dossierProgress, type DossierProgressView } from "./supplement.server";

// The dossiers' use cases (issue 5, items 4 and 5; docs/decisions/0014-dossiers.md): submit, withdraw, track, and the
// owner's list and view. Each write is one transaction; ownership is in every query.

type Db = Kysely<Database>;
type Trx = Transaction<Database>;
type CitizenActor = Extract<Actor, { kind: "citizen" }>;

/** The e-mail a submission sends to the filing account's confirmed address (queued in the same transaction). */
export interface DossierSubmittedMail {
  to: string;
  name: string;
  code: string;
  procedure: string;
  agency: string;
  receivedAt: string;
  acceptanceDueAt: string | null;
  dueAt: string | null;
  /** The dossier's page in "my dossiers". */
  link: string;
  /** The submission's history row: the e-mail's delivery shows on the timeline. */
  eventId?: string;
}

export interface DossierServices {
  sendSubmittedMail(trx: Trx, mail: DossierSubmittedMail): Promise<void>;
}

export interface DossierSettings {
  /** Working hours the one-stop unit has to accept an online dossier (ACCEPTANCE_WORKING_HOURS_DEFAULT: 8). */
  acceptanceWorkingHours?: number;
  /** The site's origin, for links in e-mails. */
  baseUrl: string;
}

export interface FieldError {
  /** "procedureVersionId", "agencyId", "applicant.cccd", "answers.fullName", "documents[1]", "form"… */
  field: string;
  message: string;
  params?: Record<string, unknown>;
}

/** `paymentDue`: a pay-first procedure's fees wait to be paid (the applicant goes to the payment page). */
export type SubmitResult = { ok: true; dossierId: string; code: string; created: boolean; paymentDue?: boolean } | { ok: false; status: 400 | 403 | 404; errors: FieldError[] };

export interface SubmitInput {
  actor: Actor;
  procedureVersionId: string;
  agencyId: string;
  applicant: unknown;
  answers: unknown;
  documents: readonly SubmittedDocument[];
  idempotencyKey: string;
  /** The procedure's case (trường hợp), when it has cases. */
  caseCode?: string | null;
  now?: Date;
}

const MEDIA_TYPES: Record<string, readonly string[]> = {
  // A PDF slot also takes detached signatures of PDFs ("x.pdf.p7s", issue 7).
  pdf: ["application/pdf", "application/pkcs7-signature"],
  jpg: ["image/jpeg"],
  png: ["image/png"],
  docx: ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
  doc: ["application/msword"],
  xlsx: ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
  xml: ["application/xml", "text/xml"],
  zip: ["application/zip"],
};

const refuse = (status: 400 | 403 | 404, errors: FieldError[]): SubmitResult => ({ ok: false, status, errors });

const ownerOf = (actor: CitizenActor): DossierOwner => ({ userId: actor.userId, organisationId: actor.actingFor?.organisationId ?? null });

/** The offering of the content that serves an agency (by its code or its kind), and its channel of that kind. */
function channelFor(content: ProcedureContent, agency: { code: string; kind: string }, kind: FilingChannel) {
  const offering = content.offerings.find((o) => o.receivers.codes?.includes(agency.code) || (o.receivers.kinds as readonly string[] | undefined)?.includes(agency.kind));
  return offering?.channels.find((c) => c.channel === kind) ?? null;
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return !!e && (e.code === "23505" || e.code === "SQLITE_CONSTRAINT_UNIQUE" || (typeof e.message === "string" && /UNIQUE constraint failed/.test(e.message)));
}

/** The channels a dossier can be filed through here: online by the applicant, in person at the counter (issue 6). */
export type FilingChannel = "online" | "in_person";

/** Thrown inside a filing's transaction to roll everything back and answer with `result`. */
export class FilingRefused extends Error {
  constructor(readonly result: SubmitResult) {
    super("filing refused");
  }
}

/**
 * A filing's transaction with its idempotency discipline: the same key (per owning account) gives back the dossier it
 * made the first time, also when two requests with it race (the unique index lets one in); a full day's sequence
 * and a FilingRefused thrown by `work` roll back and become the answer.
 */
export async function runFiling(db: Db, ownerUserId: string, key: string, work: (trx: Trx) => Promise<SubmitResult>): Promise<SubmitResult> {
  try {
    return await db.transaction().execute(async (trx): Promise<SubmitResult> => {
      const existing = await findDossierByIdempotencyKey(trx, ownerUserId, key);
      if (existing) return { ok: true, dossierId: existing.id, code: existing.code, created: false };
      return work(trx);
    });
  } catch (error) {
    if (error instanceof FilingRefused) return error.result;
    if (error instanceof SequenceExhaustedError) return refuse(400, [{ field: "form", message: dossierErrors.sequenceExhausted }]);
    if (isUniqueViolation(error)) {
      const existing = await findDossierByIdempotencyKey(db, ownerUserId, key);
      if (existing) return { ok: true, dossierId: existing.id, code: existing.code, created: false };
    }
    throw error;
  }
}

export interface FilingRequest {
  procedureVersionId: string;
  agencyId: string;
  applicant: unknown;
  answers: unknown;
  documents: readonly SubmittedDocument[];
  caseCode?: string | null;
}

/** A filing that passed every check, ready to become a dossier. */
export interface CheckedFiling {
  version: NonNullable<Awaited<ReturnType<typeof findVersionForFiling>>>;
  content: ProcedureContent;
  agency: NonNullable<Awaited<ReturnType<typeof findOfferingAgency>>>;
  channel: NonNullable<ReturnType<typeof channelFor>>;
  applicant: DossierApplicant;
  answers: FormValues;
  documents: readonly SubmittedDocument[];
}

/**
 * Check a filing in the transaction: the version in force, the agency offering it through the channel, the applicant,
 * the answers with the compiled form of THAT version, the case, the documents against its list (files of the owner
 * only, of the types and sizes the document accepts). Every problem is listed by field.
 */
export async function checkFiling(trx: Trx, input: FilingRequest, channelKind: FilingChannel, owner: DossierOwner, now: Date): Promise<{ ok: true; filing: CheckedFiling } | { ok: false; result: SubmitResult }> {
  const no = (status: 400 | 403 | 404, errors: FieldError[]) => ({ ok: false as const, result: refuse(status, errors) });
  const date = now.toISOString().slice(0, 10);
  const version = await findVersionForFiling(trx, input.procedureVersionId);
  if (!version || version.state !== "published" || version.status !== "in_force") {
    return no(404, [{ field: "procedureVersionId", message: dossierErrors.unknownProcedure }]);
  }
  const content = parseJsonColumn<ProcedureContent>(version.content);
  const agency = await findOfferingAgency(trx, version.id, input.agencyId, date);
  if (!agency) return no(400, [{ field: "agencyId", message: dossierErrors.notOffered }]);
  const channel = channelFor(content, agency, channelKind);
  if (channelKind === "online" && (agency.onlineLevel === "INFO" || !channel)) return no(400, [{ field: "agencyId", message: dossierErrors.notOnline }]);
  if (!channel) return no(400, [{ field: "agencyId", message: dossierErrors.notInPerson }]);

  const errors: FieldError[] = [];
  const applicant = applicantSchema.safeParse(input.applicant);
  if (!applicant.success) {
    const seen = new Set<string>();
    for (const issue of applicant.error.issues) {
      const field = `applicant.${String(issue.path[0] ?? "fullName")}`;
      if (!seen.has(field)) errors.push({ field, message: issue.message });
      seen.add(field);
    }
  }
  const answers = compileFormSchema(content.form, { today: todayOf(now) }).safeParse(input.answers ?? {});
  if (!answers.success) {
    const seen = new Set<string>();
    for (const issue of answers.error.issues) {
      const field = `answers.${issue.path.join(".")}`;
      if (seen.has(field)) continue;
      seen.add(field);
      const params = (issue as { params?: Record<string, unknown> }).params;
      errors.push({ field, message: issue.message, ...(params ? { params } : {}) });
    }
  }
  // A procedure with cases (trường hợp) needs one of them: it decides which documents are required.
  const caseCode = input.caseCode ?? null;
  const cases = content.cases ?? [];
  if ((cases.length > 0 || caseCode !== null) && !cases.some((c) => c.code === caseCode)) {
    errors.push({ field: "caseCode", message: dossierErrors.caseUnknown });
  } else {
    errors.push(...(await checkDocuments(trx, content, input.documents, caseCode, owner)));
  }
  if (errors.length > 0 || !applicant.success || !answers.success) return no(400, errors);
  return { ok: true, filing: { version, content, agency, channel, applicant: applicant.data, answers: answers.data, documents: input.documents } };
}

/**
 * Create a checked filing's dossier at status 1 in the caller's transaction: the deadlines from the working calendar,
 * the code from the agency's sequence of the day, its documents and the first history row.
 */
export async function createDossier(
  trx: Trx,
  settings: Pick<DossierSettings, "acceptanceWorkingHours">,
  filing: CheckedFiling,
  input: { owner: DossierOwner; by: { type: "citizen" | "official"; id: string }; channel: FilingChannel; idempotencyKey: string; noteKey: string; now: Date },
): Promise<{ id: string; code: string; acceptanceDueAt: string | null; dueAt: string | null; eventId: string }> {
  const { version, content, agency, channel, now } = { ...filing, now: input.now };
  const at = now.toISOString();
  // Deadlines first (reads only), then the sequence: on PostgreSQL its row stays locked until the commit. A dossier
  // filed at the counter is accepted on the spot: it has no acceptance deadline.
  const acceptance =
    input.channel === "online"
      ? await computeDueDate(trx, { receivedAt: now, amount: settings.acceptanceWorkingHours ?? ACCEPTANCE_WORKING_HOURS_DEFAULT, unit: "working_hours" })
      : null;
  const limit = channel.timeLimit;
  const due =
    limit.unit === "none" ? null : await computeDueDate(trx, { receivedAt: now, amount: limit.unit === "same_day" ? 1 : limit.amount, unit: limit.unit });
  const acceptanceDueAt = acceptance ? new Date(acceptance.due).toISOString() : null;
  const dueAt = due ? new Date(due.due).toISOString() : null;

  const day = codeDay(now);
  const code = dossierCode(agency.code, day, await nextCodeSequence(trx, agency.id, day));
  const id = newId(now.getTime());
  await insertDossier(trx, {
    id,
    code,
    agency_id: agency.id,
    procedure_id: version.procedureId,
    procedure_code: version.code,
    procedure_version_id: version.id,
    owner_user_id: input.owner.userId,
    owner_organisation_id: input.owner.organisationId,
    applicant: JSON.stringify(filing.applicant),
    answers: JSON.stringify(filing.answers),
    channel: input.channel,
    status: 1,
    received_at: at,
    acceptance_due_at: acceptanceDueAt,
    due_at: dueAt,
    version: 1,
    idempotency_key: input.idempotencyKey,
    created_at: at,
    updated_at: at,
    // Waiting for the one-stop unit of the receiving agency, by the acceptance deadline (back office, issue 6).
    current_agency_id: agency.id,
    waiting_for: "receiving_officer",
    step_due_at: acceptanceDueAt,
    supplement_count: 0,
    applicant_search: foldForSearch(filing.applicant.fullName).slice(0, 300),
  });
  await insertDossierDocuments(
    trx,
    filing.documents.flatMap((d) =>
      d.fileIds.map((fileId, position) => ({
        id: newId(now.getTime()),
        dossier_id: id,
        document_index: d.documentIndex,
        document_name: content.documents[d.documentIndex]!.name,
        file_id: fileId,
        position,
      })),
    ),
  );
  const eventId = newId(now.getTime());
  await insertDossierEvent(trx, {
    id: eventId,
    dossier_id: id,
    at,
    status_from: null,
    status_to: 1,
    actor_type: input.by.type,
    actor_id: input.by.id,
    agency_id: agency.id,
    note_key: input.noteKey,
    note_params: null,
    clock: null,
  });
  return { id, code, acceptanceDueAt, dueAt, eventId };
}

/**
 * Submit a dossier (status 1, Mới đăng ký) in one transaction: the answers checked with the compiled form of THAT
 * version, the documents against its list (files of the owner only), the code from the agency's sequence of the day,
 * the acceptance deadline and the due date from the working calendar, the first history row, an in-app notification
 * and, when the account has a confirmed address, an e-mail. The same idempotency key (per account) gives back the
 * dossier it made the first time.
 */
/**
 * The code of the dossier that a submission with this idempotency key made for the owner, if any (a second click on
 * "submit" after the first one went through, when the draft is already gone).
 */
export async function submittedDossierCode(db: Db, owner: { userId: string }, idempotencyKey: string): Promise<string | null> {
  const key = idempotencyKeySchema.safeParse(idempotencyKey);
  if (!key.success) return null;
  return (await findDossierByIdempotencyKey(db, owner.userId, key.data))?.code ?? null;
}

export async function submitDossier(db: Db, services: DossierServices, settings: DossierSettings, input: SubmitInput): Promise<SubmitResult> {
  const actor = input.actor;
  if (actor.kind !== "citizen") return refuse(403, [{ field: "form", message: dossierErrors.notCitizen }]);
  const key = idempotencyKeySchema.safeParse(input.idempotencyKey);
  if (!key.success) return refuse(400, [{ field: "form", message: dossierErrors.idempotencyKey }]);
  const owner = ownerOf(actor);
  const now = input.now ?? new Date();
  const at = now.toISOString();

  return runFiling(db, actor.userId, key.data, async (trx): Promise<SubmitResult> => {
    const checked = await checkFiling(trx, input, "online", owner, now);
    if (!checked.ok) return checked.result;
    const { version, agency } = checked.filing;
    const { id, code, acceptanceDueAt, dueAt, eventId } = await createDossier(trx, settings, checked.filing, {
      owner,
      by: { type: "citizen", id: actor.userId },
      channel: "online",
      idempotencyKey: key.data,
      noteKey: "history.submitted",
      now,
    });
    // Pay first (thu trước): the fees as the catalog computes them from THIS version's offering and the answers (never
    // from the browser); the dossier waits for them at status 1 (issue 9).
    const offering = checked.filing.content.offerings.find((o) => o.channels.includes(checked.filing.channel));
    const fees = offering ? feeSummary(offering, checked.filing.answers, "online") : null;
    const paymentDue =
      fees?.feeMode === "pay_first" && fees.total > 0
        ? (await openPayFirstRequest(trx, { dossierId: id, payerName: checked.filing.applicant.fullName, lines: paymentLinesOf(fees.lines), now })) !== null
        : false;
    await insertNotification(trx, {
      id: newId(now.getTime()),
      user_id: actor.userId,
      organisation_id: owner.organisationId,
      kind: "dossier.submitted",
      dossier_id: id,
      created_at: at,
      read_at: null,
    });
    const contact = await findUserContact(trx, actor.userId);
    if (contact?.email && contact.emailVerifiedAt) {
      await services.sendSubmittedMail(trx, {
        to: contact.email,
        name: contact.fullName,
        code,
        procedure: version.name,
        agency: agency.name,
        receivedAt: at,
        acceptanceDueAt,
        dueAt,
        link: `${settings.baseUrl}/my/dossiers/${encodeURIComponent(code)}`,
        eventId,
      });
    }
    // (A repeated submission answers with the dossier only: its page shows the fees to pay.)
    return { ok: true, dossierId: id, code, created: true, ...(paymentDue ? { paymentDue } : {}) };
  });
}

function todayOf(now: Date): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

async function checkDocuments(trx: Trx, content: ProcedureContent, documents: readonly SubmittedDocument[], caseCode: string | null, owner: DossierOwner): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const messages = {
    unknownDocument: dossierErrors.documentUnknown,
    missing: dossierErrors.documentMissing,
    tooManyFiles: dossierErrors.documentTooManyFiles,
    duplicateDocument: dossierErrors.documentDuplicate,
    duplicateFile: dossierErrors.documentDuplicate,
  } as const;
  for (const p of documentProblems(content.documents, documents, caseCode)) {
    errors.push({ field: `documents[${p.documentIndex}]`, message: messages[p.problem], params: { name: content.documents[p.documentIndex]?.name ?? "" } });
  }
  if (errors.length > 0) return errors;
  return checkDocumentFiles(trx, content, documents, owner);
}

/** The files given for documents: the owner's, of a type and size the document accepts. */
export async function checkDocumentFiles(trx: Db | Trx, content: ProcedureContent, documents: readonly SubmittedDocument[], owner: DossierOwner): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const ids = documents.flatMap((d) => d.fileIds);
  const files = new Map((await findAttachableFiles(trx, ids, owner)).map((f) => [f.id, f]));
  for (const d of documents) {
    const doc = content.documents[d.documentIndex]!;
    const allowed = doc.fileTypes.flatMap((t) => MEDIA_TYPES[t] ?? []);
    for (const fileId of d.fileIds) {
      const file = files.get(fileId);
      const field = `documents[${d.documentIndex}]`;
      if (!file) errors.push({ field, message: dossierErrors.fileNotFound, params: { name: doc.name } });
      else if (!allowed.includes(file.mediaType)) errors.push({ field, message: dossierErrors.fileType, params: { name: doc.name, file: file.originalName, types: doc.fileTypes.join(", ") } });
      else if (Number(file.sizeBytes) > doc.maxSizeMb * 1024 * 1024) errors.push({ field, message: dossierErrors.fileTooLarge, params: { name: doc.name, file: file.originalName, max: doc.maxSizeMb } });
    }
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------------------------
// Withdrawal (status 7) by the owner
// ---------------------------------------------------------------------------------------------------------------

export type WithdrawResult = { ok: true } | { ok: false; status: 400 | 403 | 404 | 409; message: string };

/**
 * The owner withdraws a dossier while its status allows (status 7), through the back-office engine (applyAction
 * "withdraw": ownership, the status and the version the owner saw are checked there; it writes the history row and
 * notifies the applicant).
 */
export async function withdrawDossier(
  db: Db,
  services: BackOfficeServices,
  settings: EngineSettings,
  input: { actor: CitizenActor; code: string; version: number; now?: Date },
): Promise<WithdrawResult> {
  const result = await applyAction(db, services, settings, { actor: input.actor, dossier: { code: input.code }, action: "withdraw", version: input.version, params: {}, now: input.now });
  if (result.ok) return { ok: true };
  if (result.status === 404) return { ok: false, status: 404, message: "dossiers:errors.notFound" };
  if (result.message === "dossiers:actions.errors.stale") return { ok: false, status: 409, message: dossierErrors.changed };
  if (result.message === "dossiers:actions.errors.notAllowedNow") return { ok: false, status: 409, message: dossierErrors.notWithdrawable };
  return { ok: false, status: result.status, message: result.message };
}

// ---------------------------------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------------------------------

/** The history; with `deliveries`, each row also tells how its e-mails and text messages went (the owner's view). */
async function timelineOf(db: Db, dossierId: string, options: { deliveries?: boolean } = {}): Promise<TimelineEntry[]> {
  const events = await findDossierEvents(db, dossierId);
  const deliveries = options.deliveries ? await deliveriesOfEvents(db, events.map((e) => e.id)) : new Map<string, TimelineDelivery[]>();
  return events.map((e) => ({
    at: e.at,
    statusFrom: (e.statusFrom ?? null) as DossierStatus | null,
    status: e.statusTo as DossierStatus,
    unit: e.agencyName ?? null,
    byApplicant: e.actorType === "citizen",
    noteKey: e.noteKey,
    clock: e.clock,
    ...(deliveries.has(e.id) ? { deliveries: deliveries.get(e.id) } : {}),
  }));
}

export type TrackResult = { ok: true; dossier: TrackedDossier } | { ok: false; reason: "notFound" } | { ok: false; reason: "rateLimited"; retryAfterMs: number };

const NO_APPLICANT = { cccd: "000000000000", phone: null };

/**
 * The public lookup: a code and the last 4 digits of the applicant's CCCD or phone. Every lookup from an address
 * counts against its limit (found or not), and an unknown code and a wrong factor give the same answer.
 */
export async function trackDossier(db: Db, input: { code: string; factor: string; ip: string; policy: RateLimitPolicy; now?: Date }): Promise<TrackResult> {
  const now = input.now ?? new Date();
  const limit = await consume(db, `track:ip:${input.ip}`, input.policy, now);
  if (!limit.allowed) return { ok: false, reason: "rateLimited", retryAfterMs: limit.retryAfterMs };
  const row = await findDossierForTracking(db, input.code);
  const applicant = row ? parseJsonColumn<DossierApplicant>(row.applicant) : NO_APPLICANT;
  // The comparison runs for an unknown code too (against a dummy), so both answers take the same path.
  const matches = secondFactorMatches(applicant, input.factor);
  if (!row || !matches) return { ok: false, reason: "notFound" };
  return {
    ok: true,
    dossier: {
      code: row.code,
      procedureName: row.procedureName,
      agencyName: await findAgencyName(db, row.agencyId, now.toISOString().slice(0, 10)),
      status: row.status as DossierStatus,
      receivedAt: row.receivedAt,
      acceptanceDueAt: row.acceptanceDueAt,
      dueAt: row.dueAt,
      timeline: await timelineOf(db, row.id),
    },
  };
}

export const MY_DOSSIERS_PAGE_SIZE = 20;

export interface DossierSummary {
  code: string;
  procedureName: string;
  status: DossierStatus;
  receivedAt: string;
  dueAt: string | null;
}

/** "My dossiers": the account's own, or, acting for an organisation, everything filed for it; newest first. */
export async function myDossiers(db: Db, input: { actor: CitizenActor; status: number | null; page: number }) {
  const owner = ownerOf(input.actor);
  const total = await countOwnedDossiers(db, owner, input.status);
  const pages = Math.max(1, Math.ceil(total / MY_DOSSIERS_PAGE_SIZE));
  const page = Math.min(input.page, pages);
  const rows = await listOwnedDossiers(db, owner, input.status, MY_DOSSIERS_PAGE_SIZE, (page - 1) * MY_DOSSIERS_PAGE_SIZE);
  const items: DossierSummary[] = rows.map((r) => ({ code: r.code, procedureName: r.procedureName, status: r.status as DossierStatus, receivedAt: r.receivedAt, dueAt: r.dueAt }));
  return { items, total, page, pages, status: input.status };
}

export const NOTIFICATIONS_SHOWN = 10;

export interface NotificationView {
  id: string;
  /** "dossier.submitted", "dossier.withdrawn", … (an i18n key under dossiers:notifications.kinds). */
  kind: string;
  code: string | null;
  createdAt: string;
  unread: boolean;
}

/** The latest in-app notifications of the account, or of the business it acts for. */
export async function myNotifications(db: Db, input: { actor: CitizenActor }): Promise<NotificationView[]> {
  const rows = await findNotifications(db, ownerOf(input.actor), NOTIFICATIONS_SHOWN);
  return rows.map((r) => ({ id: r.id, kind: r.kind, code: r.code ?? null, createdAt: r.createdAt, unread: r.readAt === null }));
}

export async function markMyNotificationsRead(db: Db, input: { actor: CitizenActor; now?: Date }): Promise<number> {
  return markNotificationsRead(db, ownerOf(input.actor), (input.now ?? new Date()).toISOString());
}

/** The owner's full view of a dossier; null when it is not theirs (or does not exist). */
export async function myDossier(db: Db, input: { actor: CitizenActor; code: string; now?: Date }): Promise<(DossierView & DossierProgressView) | null> {
  const row = await findOwnedDossier(db, ownerOf(input.actor), input.code);
  if (!row) return null;
  const files = await findDossierDocuments(db, row.id);
  const byIndex = new Map<number, DossierView["documents"][number]>();
  for (const f of files) {
    const doc = byIndex.get(f.documentIndex) ?? { name: f.documentName, files: [] };
    doc.files.push({ name: f.fileName, sizeBytes: Number(f.sizeBytes), signature: summariseStored(f.signatureStatus, f.signatureReport) });
    byIndex.set(f.documentIndex, doc);
  }
  const documents = [...byIndex.values()];
  return {
    code: row.code,
    procedureCode: row.procedureCode,
    procedureName: row.procedureName,
    agencyName: await findAgencyName(db, row.agencyId, (input.now ?? new Date()).toISOString().slice(0, 10)),
    status: row.status as DossierStatus,
    receivedAt: row.receivedAt,
    acceptanceDueAt: row.acceptanceDueAt,
    dueAt: row.dueAt,
    applicant: parseJsonColumn<DossierApplicant>(row.applicant),
    documents,
    timeline: await timelineOf(db, row.id, { deliveries: true }),
    canWithdraw: canWithdraw(row.status),
    // Issue 6: the version (withdrawal), a supplementation request, a new appointment, the result's availability.
    ...(await dossierProgress(db, row.id)),
  };
}
