// Notices (issue 6): telling the applicant what happened to a dossier — in the portal (notifications), by e-mail and
// by SMS through the outboxes — and warning officials (in-app). Called by the back-office engine INSIDE the
// transition's transaction, right after the history row: every row written here commits or rolls back with the
// change it reports, and the outbox workers deliver later with retries (a mail server outage loses nothing).
// The outboxes and the mail texts are the platform's: they come in through NoticeOutboxes (wired in
// app/platform/dossier-services.server.ts, backOfficeNotices()).
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { newId } from "../../platform/ids.server";
import { dossierNoticeMail, dossierNoticeSms, type DossierNotice, type DossierNoticeBase, type MailLocale, type NoticeReturnChannel } from "../mail/messages";
import { parseJsonColumn } from "../procedures/catalog.repo.server";
import type { NoticeInput, OfficialAlertInput } from "./back-office.seams";
import type { DossierApplicant, TimelineDelivery } from "./dossiers";
import { findAgencyName } from "./dossiers.repo.server";
import { deliveriesByEvent } from "./notices";
import { smsNumber } from "../shared/phone";
import {
  findConfirmedContact,
  findDeliveries,
  findDossierForNotice,
  findEventForNotice,
  findLatestSupplement,
  findRepresentativeContacts,
  findUserNotifications,
  insertNotifications,
  markUserNotificationsRead,
  type MailContact,
} from "./notices.repo.server";

type Trx = Transaction<Database> | Kysely<Database>;
type Db = Kysely<Database>;

/** Where notices go out: the platform's outboxes and mail texts. */
export interface NoticeOutboxes {
  /** The "mail" texts of the languages a notice is written in, Vietnamese first (the recipient's is unknown). */
  locales(): Promise<readonly [MailLocale, ...MailLocale[]]>;
  /** Queue an e-mail in the transaction. */
  enqueueMail(trx: Trx, message: { to: string; subject: string; text: string; html: string; dossierEventId: string }, now: Date): Promise<unknown>;
  /** Queue a text message in the transaction. */
  enqueueSms(trx: Trx, message: { to: string; body: string; dossierEventId: string }, now: Date): Promise<unknown>;
}

export interface NoticeSettings {
  /** The site's public origin, for the link to the dossier's page. */
  baseUrl: string;
  /** The rating link sent with the result-returned notice (issue 10), and the days it stays valid; unset: none. */
  rating?: { link(dossierId: string, now: Date): string; days: number };
}

/** What a notice queued (tests, logs): counts only, no addresses. */
export interface NoticeReport {
  notifications: number;
  emails: number;
  sms: number;
}

export class NoticeTargetMissingError extends Error {
  constructor(what: string) {
    super(`Notice for a ${what} that does not exist`);
    this.name = "NoticeTargetMissingError";
  }
}

/**
 * Tell the applicant: one in-app notification (kind `dossier.<kind>`, for the owning account, and for an organisation
 * seen by all its representatives acting for it), an e-mail to each confirmed address of the owner (for an
 * organisation: of each of its current representatives) and to the applicant's address in the dossier when it is a
 * different one, and an SMS to the applicant's phone when the dossier has one. E-mail and SMS rows carry the history
 * row's id (eventId): the dossier's timeline shows their delivery.
 */
export async function notifyApplicant(trx: Trx, outboxes: NoticeOutboxes, settings: NoticeSettings, input: NoticeInput): Promise<NoticeReport> {
  const dossier = await findDossierForNotice(trx, input.dossierId);
  if (!dossier) throw new NoticeTargetMissingError("dossier");
  const event = await findEventForNotice(trx, input.dossierId, input.eventId);
  if (!event) throw new NoticeTargetMissingError("history row");
  const at = input.now.toISOString();

  // A dossier filed at the counter is held by the receiving officer's account (decision 0016): the walk-in applicant
  // is told only at the contacts given in the dossier, with the public tracking page as the link.
  const atCounter = dossier.ownerKind === "official";
  if (!atCounter) {
    await insertNotifications(trx, [
      {
        id: newId(input.now.getTime()),
        user_id: dossier.ownerUserId,
        organisation_id: dossier.ownerOrganisationId,
        kind: `dossier.${input.kind}`,
        dossier_id: dossier.id,
        created_at: at,
        read_at: null,
      },
    ]);
  }

  const applicant = parseJsonColumn<Partial<DossierApplicant>>(dossier.applicant);
  const accounts = atCounter ? [] : dossier.ownerOrganisationId ? await findRepresentativeContacts(trx, dossier.ownerOrganisationId) : await findConfirmedContact(trx, dossier.ownerUserId);
  const recipients = mailRecipients(accounts, applicant);
  const agencyId = event.agencyId ?? dossier.currentAgencyId ?? dossier.agencyId;
  const base: DossierNoticeBase = {
    code: dossier.code,
    procedure: dossier.procedureName,
    agency: await findAgencyName(trx, agencyId, at.slice(0, 10)),
    at: event.at,
    link: atCounter
      ? `${settings.baseUrl.replace(/\/+$/, "")}/dossiers/track?code=${encodeURIComponent(dossier.code)}`
      : `${settings.baseUrl.replace(/\/+$/, "")}/my/dossiers/${encodeURIComponent(dossier.code)}`,
  };
  const rating = input.kind === "returned" && settings.rating ? { link: settings.rating.link(dossier.id, input.now), days: settings.rating.days } : null;
  const notice = await noticeOf(trx, input.kind, base, dossier, parseParams(event.noteParams), rating);
  const locales = await outboxes.locales();

  for (const recipient of recipients) {
    const content = dossierNoticeMail(locales, { ...notice, name: recipient.name } as DossierNotice);
    await outboxes.enqueueMail(trx, { to: recipient.email, subject: content.subject, text: content.text, html: content.html, dossierEventId: event.id }, input.now);
  }
  // A number the SMS outbox would refuse (an old dossier's free text) must not fail the engine's transition: no SMS.
  const phone = smsNumber(applicant.phone);
  if (phone) {
    const body = dossierNoticeSms(locales[0], { kind: input.kind, code: dossier.code, link: base.link, date: smsDate(notice), rateLink: rating?.link ?? null });
    await outboxes.enqueueSms(trx, { to: phone, body, dossierEventId: event.id }, input.now);
  }
  return { notifications: atCounter ? 0 : 1, emails: recipients.length, sms: phone ? 1 : 0 };
}

/** The confirmed addresses, then the applicant's own when it is another one (compared without case). */
function mailRecipients(confirmed: readonly MailContact[], applicant: Partial<DossierApplicant>): MailContact[] {
  const out: MailContact[] = [];
  const seen = new Set<string>();
  const add = (contact: MailContact) => {
    const key = contact.email.trim().toLowerCase();
    if (key === "" || seen.has(key)) return;
    seen.add(key);
    out.push({ name: contact.name, email: contact.email.trim() });
  };
  confirmed.forEach(add);
  if (applicant.email) add({ name: applicant.fullName ?? "", email: applicant.email });
  return out;
}

type NoticeDossier = NonNullable<Awaited<ReturnType<typeof findDossierForNotice>>>;
type Params = Record<string, unknown>;

function parseParams(value: unknown): Params {
  if (value === null || value === undefined) return {};
  try {
    const parsed = parseJsonColumn<unknown>(value);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Params) : {};
  } catch {
    return {};
  }
}

const text = (value: unknown): string | null => (typeof value === "string" && value.trim() !== "" ? value : null);
const codes = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : typeof value === "string" ? [value] : []);
const channel = (value: unknown): NoticeReturnChannel | null => (value === "online" || value === "counter" || value === "post" ? value : null);

/** The facts of each kind: from the dossier's new state, the history row's note_params and the latest request. */
async function noticeOf(trx: Trx, kind: NoticeInput["kind"], base: DossierNoticeBase, dossier: NoticeDossier, params: Params, rate: { link: string; days: number } | null): Promise<DossierNotice> {
  switch (kind) {
    case "accepted":
      return { kind, ...base, dueAt: dossier.rescheduledDueAt ?? dossier.dueAt };
    case "refused":
      return { kind, ...base, reasons: codes(params.reasons), text: text(params.text), legalBasis: text(params.legalBasis) };
    case "supplementRequested": {
      const request = await findLatestSupplement(trx, dossier.id);
      const documents = request ? parseJsonColumn<unknown>(request.documents) : [];
      const fields = request ? parseJsonColumn<unknown>(request.fields) : [];
      const list = parseJsonColumn<{ documents?: { name: string }[] }>(dossier.content).documents ?? [];
      const names = Array.isArray(documents) ? documents.flatMap((i) => (typeof i === "number" && list[i] ? [list[i].name] : [])) : [];
      return { kind, ...base, note: request?.note ?? "", documents: names, fieldCount: Array.isArray(fields) ? fields.length : 0, respondBy: request?.respondBy ?? null };
    }
    case "resultReady":
      return { kind, ...base, channel: channel(dossier.returnChannel) };
    case "apology":
      return { kind, ...base, reason: text(params.reason), newDueAt: text(params.newDueAt) ?? dossier.rescheduledDueAt };
    case "returned":
      return { kind, ...base, channel: channel(params.channel) ?? channel(dossier.returnChannel), trackingNote: text(params.trackingNote), rate };
    case "stopped":
      return { kind, ...base, reasons: [...codes(params.reasons), ...codes(params.reason)], text: text(params.text) };
    case "withdrawn":
      return { kind, ...base };
    case "paymentRequested":
      return { kind, ...base, amount: Number.isSafeInteger(params.amount) ? (params.amount as number) : null, description: text(params.description) ?? text(params.text) };
  }
}

/** The date an SMS gives: the appointment, the deadline to supplement, the new appointment. */
function smsDate(notice: DossierNotice): string | null {
  if (notice.kind === "accepted") return notice.dueAt;
  if (notice.kind === "supplementRequested") return notice.respondBy;
  if (notice.kind === "apology") return notice.newDueAt;
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Officials
// ---------------------------------------------------------------------------------------------------------------

/** Warn officials (the sweep): one in-app notification each, kind `office.<kind>`, once per user id. */
export async function alertOfficials(trx: Trx, input: OfficialAlertInput): Promise<number> {
  const at = input.now.toISOString();
  const users = [...new Set(input.userIds)];
  await insertNotifications(
    trx,
    users.map((userId) => ({ id: newId(input.now.getTime()), user_id: userId, organisation_id: null, kind: `office.${input.kind}`, dossier_id: input.dossierId, created_at: at, read_at: null })),
  );
  return users.length;
}

export const OFFICIAL_NOTIFICATIONS_SHOWN = 20;

export interface OfficialNotificationView {
  id: string;
  /** "office.stepDueSoon", "office.stepOverdue", "office.apologyNeeded" (an i18n key under dossiers:notifications.kinds). */
  kind: string;
  code: string | null;
  createdAt: string;
  unread: boolean;
}

/** An official's latest warnings (for the officials' queue page), newest first. */
export async function officialNotifications(db: Db, userId: string, limit: number = OFFICIAL_NOTIFICATIONS_SHOWN): Promise<OfficialNotificationView[]> {
  const rows = await findUserNotifications(db, userId, "office.", limit);
  return rows.map((r) => ({ id: r.id, kind: r.kind, code: r.code ?? null, createdAt: r.createdAt, unread: r.readAt === null }));
}

export async function markOfficialNotificationsRead(db: Db, userId: string, now: Date = new Date()): Promise<number> {
  return markUserNotificationsRead(db, userId, "office.", now.toISOString());
}

// ---------------------------------------------------------------------------------------------------------------
// Delivery on the timeline
// ---------------------------------------------------------------------------------------------------------------

/** How the e-mails and text messages of these history rows went, by history row id. */
export async function deliveriesOfEvents(db: Db, eventIds: readonly string[]): Promise<Map<string, TimelineDelivery[]>> {
  return deliveriesByEvent(await findDeliveries(db, eventIds));
}
