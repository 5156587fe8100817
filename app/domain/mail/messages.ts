// The portal's e-mails (pure): subject, plain text and simple accessible HTML, built from the texts of the
// "mail" namespace. Both bodies come from the same blocks, so they always say the same thing. Every text and
// parameter is escaped in the HTML (i18next does not escape: interpolation.escapeValue is off).
import type { TFunction } from "i18next";
import { formatDate, formatDateTime, formatTimestamp, formatVnd } from "../shared/format";

export type MailLanguage = "vi" | "en";

/** The translation function of the recipient's language (the "mail" namespace must be loaded), and that language. */
export interface MailLocale {
  t: TFunction;
  lang: MailLanguage;
}

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

type Block =
  | { kind: "paragraph"; text: string }
  | { kind: "action"; label: string; href: string }
  | { kind: "list"; intro: string; items: string[] };

interface Draft {
  subject: string;
  heading: string;
  name?: string;
  blocks: Block[];
}

/** Confirm the e-mail address given at registration. */
export function verifyEmailMail(locale: MailLocale, params: { link: string; validHours: number; name?: string }): MailContent {
  const tr = translator(locale);
  return render(locale, {
    subject: tr("verify.subject"),
    heading: tr("verify.heading"),
    name: params.name,
    blocks: [
      { kind: "paragraph", text: tr("verify.intro") },
      { kind: "action", label: tr("verify.action"), href: httpLink(params.link) },
      { kind: "paragraph", text: tr("verify.validity", { count: wholeNumber(params.validHours) }) },
      { kind: "paragraph", text: tr("verify.notYou") },
    ],
  });
}

/**
 * Someone tried to register with an address (or a CCCD) that already has an account: the owner is told, with the
 * ways back in; the registration page itself said only "check your e-mail" (no account enumeration).
 */
export function alreadyRegisteredMail(locale: MailLocale, params: { signInLink: string; resetLink: string; name?: string }): MailContent {
  const tr = translator(locale);
  return render(locale, {
    subject: tr("alreadyRegistered.subject"),
    heading: tr("alreadyRegistered.heading"),
    name: params.name,
    blocks: [
      { kind: "paragraph", text: tr("alreadyRegistered.intro") },
      { kind: "action", label: tr("alreadyRegistered.signIn"), href: httpLink(params.signInLink) },
      { kind: "paragraph", text: tr("alreadyRegistered.forgot") },
      { kind: "action", label: tr("alreadyRegistered.reset"), href: httpLink(params.resetLink) },
      { kind: "paragraph", text: tr("alreadyRegistered.notYou") },
    ],
  });
}

/** A password-reset link, valid for a number of minutes. */
export function resetPasswordMail(locale: MailLocale, params: { link: string; validMinutes: number; name?: string }): MailContent {
  const tr = translator(locale);
  return render(locale, {
    subject: tr("reset.subject"),
    heading: tr("reset.heading"),
    name: params.name,
    blocks: [
      { kind: "paragraph", text: tr("reset.intro") },
      { kind: "action", label: tr("reset.action"), href: httpLink(params.link) },
      { kind: "paragraph", text: tr("reset.validity", { count: wholeNumber(params.validMinutes) }) },
      { kind: "paragraph", text: tr("reset.notYou") },
    ],
  });
}

/** The account is locked after too many failed sign-ins: when it unlocks, and how to choose a new password. */
export function accountLockedMail(
  locale: MailLocale,
  params: { unlocksAt: Date | string; resetLink: string; name?: string },
): MailContent {
  const tr = translator(locale);
  return render(locale, {
    subject: tr("locked.subject"),
    heading: tr("locked.heading"),
    name: params.name,
    blocks: [
      { kind: "paragraph", text: tr("locked.intro") },
      { kind: "paragraph", text: tr("locked.unlocks", { time: formatDateTime(params.unlocksAt, locale.lang) }) },
      { kind: "paragraph", text: tr("locked.resetAdvice") },
      { kind: "action", label: tr("locked.action"), href: httpLink(params.resetLink) },
    ],
  });
}

/**
 * The account registered with this address was closed: the national-eID holder of the CCCD it was registered with
 * did not recognise it (when, why, what it means, and the way in for someone who mistyped their own CCCD).
 */
export function accountClosedByEidHolderMail(locale: MailLocale, params: { at: Date | string; signInLink: string; name?: string }): MailContent {
  const tr = translator(locale);
  return render(locale, {
    subject: tr("closedByEidHolder.subject"),
    heading: tr("closedByEidHolder.heading"),
    name: params.name,
    blocks: [
      { kind: "paragraph", text: tr("closedByEidHolder.intro", { time: formatDateTime(params.at, locale.lang) }) },
      { kind: "paragraph", text: tr("closedByEidHolder.reason") },
      { kind: "paragraph", text: tr("closedByEidHolder.consequences") },
      { kind: "paragraph", text: tr("closedByEidHolder.mistake") },
      { kind: "action", label: tr("closedByEidHolder.action"), href: httpLink(params.signInLink) },
    ],
  });
}

/** An official is invited to an agency with roles (their names, already in the recipient's language). */
export function invitationMail(
  locale: MailLocale,
  params: { link: string; agency: string; roles: string[]; validDays: number; invitedBy?: string; name?: string },
): MailContent {
  const tr = translator(locale);
  const blocks: Block[] = [{ kind: "paragraph", text: tr("invitation.intro", { agency: params.agency }) }];
  if (params.invitedBy) blocks.push({ kind: "paragraph", text: tr("invitation.invitedBy", { name: params.invitedBy }) });
  if (params.roles.length > 0) blocks.push({ kind: "list", intro: tr("invitation.roles"), items: params.roles });
  blocks.push(
    { kind: "action", label: tr("invitation.action"), href: httpLink(params.link) },
    { kind: "paragraph", text: tr("invitation.validity", { count: wholeNumber(params.validDays) }) },
    { kind: "paragraph", text: tr("invitation.notYou") },
  );
  return render(locale, {
    subject: tr("invitation.subject", { agency: params.agency }),
    heading: tr("invitation.heading"),
    name: params.name,
    blocks,
  });
}

/** For information: the account was signed in to with the national eID (VNeID). */
export function eidSignInMail(
  locale: MailLocale,
  params: { at: Date | string; activityLink?: string; name?: string },
): MailContent {
  const tr = translator(locale);
  const blocks: Block[] = [
    { kind: "paragraph", text: tr("eidSignIn.intro", { time: formatDateTime(params.at, locale.lang) }) },
    { kind: "paragraph", text: tr("eidSignIn.info") },
    { kind: "paragraph", text: tr("eidSignIn.notYou") },
  ];
  if (params.activityLink) blocks.push({ kind: "action", label: tr("eidSignIn.action"), href: httpLink(params.activityLink) });
  return render(locale, { subject: tr("eidSignIn.subject"), heading: tr("eidSignIn.heading"), name: params.name, blocks });
}

export type RepresentationChange = "added" | "addedOther" | "removed";

export interface RepresentationNotice {
  /** added: to the person added; addedOther: to the organisation's other representatives; removed: to the person removed. */
  change: RepresentationChange;
  organisation: string;
  taxCode: string;
  /** The person added or removed. */
  person: string;
  /** Their role (for "removed", the role they had). */
  role: "legal_representative" | "authorised";
  /** Who made the change. */
  by: string;
  at: Date | string;
  /** The "my organisations" page. */
  link: string;
  /** The recipient. */
  name?: string;
}

/**
 * A representative of an organisation was added or removed. Somebody else made the change, so the recipient's
 * language is not known: the message is in every language given, Vietnamese first.
 */
export function representationMail(locales: readonly [MailLocale, ...MailLocale[]], params: RepresentationNotice): MailContent {
  const drafts = locales.map((locale): [MailLocale, Draft] => {
    const tr = translator(locale);
    const key = `representation.${params.change}`;
    const role = tr(`representation.roles.${params.role}`);
    const names = { organisation: oneLine(params.organisation), person: oneLine(params.person), by: oneLine(params.by), role };
    const details = [
      tr("representation.organisation", names),
      tr("representation.taxCode", { taxCode: params.taxCode }),
      ...(params.change === "addedOther" ? [tr("representation.person", names)] : []),
      tr(params.change === "removed" ? "representation.formerRole" : "representation.role", { role }),
      tr("representation.by", names),
      tr("representation.at", { time: formatTimestamp(params.at) }),
    ];
    return [
      locale,
      {
        subject: tr(`${key}.subject`, names),
        heading: tr(`${key}.heading`),
        name: params.name,
        blocks: [
          { kind: "paragraph", text: tr(`${key}.intro`, names) },
          { kind: "list", intro: tr("representation.details"), items: details },
          { kind: "paragraph", text: tr(`${key}.meaning`) },
          { kind: "paragraph", text: tr(`${key}.notExpected`) },
          { kind: "action", label: tr("representation.action"), href: httpLink(params.link) },
        ],
      },
    ];
  });
  return renderSections(drafts as [[MailLocale, Draft], ...[MailLocale, Draft][]]);
}

// ---- Rendering -----------------------------------------------------------------------------------

export interface DossierSubmittedNotice {
  code: string;
  procedure: string;
  agency: string;
  receivedAt: string;
  acceptanceDueAt: string | null;
  dueAt: string | null;
  /** The dossier's page in "my dossiers". */
  link: string;
  name?: string;
}

/** A dossier was submitted online: its code, what happens next and by when (issue 5, item 4). */
export function dossierSubmittedMail(locales: readonly [MailLocale, ...MailLocale[]], params: DossierSubmittedNotice): MailContent {
  const drafts = locales.map((locale): [MailLocale, Draft] => {
    const tr = translator(locale);
    const details = [
      tr("dossierSubmitted.code", { code: params.code }),
      tr("dossierSubmitted.procedure", { procedure: oneLine(params.procedure) }),
      tr("dossierSubmitted.agency", { agency: oneLine(params.agency) }),
      tr("dossierSubmitted.receivedAt", { time: formatTimestamp(params.receivedAt) }),
      ...(params.acceptanceDueAt ? [tr("dossierSubmitted.acceptanceDueAt", { time: formatTimestamp(params.acceptanceDueAt) })] : []),
      ...(params.dueAt ? [tr("dossierSubmitted.dueAt", { time: formatTimestamp(params.dueAt) })] : []),
    ];
    return [
      locale,
      {
        subject: tr("dossierSubmitted.subject", { code: params.code }),
        heading: tr("dossierSubmitted.heading"),
        name: params.name,
        blocks: [
          { kind: "paragraph", text: tr("dossierSubmitted.intro") },
          { kind: "list", intro: tr("dossierSubmitted.details"), items: details },
          { kind: "paragraph", text: tr("dossierSubmitted.next") },
          { kind: "action", label: tr("dossierSubmitted.action"), href: httpLink(params.link) },
        ],
      },
    ];
  });
  return renderSections(drafts as [[MailLocale, Draft], ...[MailLocale, Draft][]]);
}

/** A petition's mail (issue 8): to the submitter (received, answered, closed) or to officials (forwarded, reminder, escalated). */
export interface PetitionMailNotice {
  kind: "received" | "answered" | "closed" | "reminder" | "escalated" | "forwarded";
  code: string;
  title: string;
  body?: string;
  dueAt?: string;
  link: string;
}

export function petitionMail(locales: readonly [MailLocale, ...MailLocale[]], params: PetitionMailNotice): MailContent {
  const drafts = locales.map((locale): [MailLocale, Draft] => {
    const tr = translator(locale);
    const k = `petition.${params.kind}`;
    const details = [tr("petition.code", { code: params.code }), tr("petition.title", { title: oneLine(params.title) }), ...(params.dueAt ? [tr(`${k}.due`, { time: formatTimestamp(params.dueAt) })] : [])];
    const blocks: Block[] = [
      { kind: "paragraph", text: tr(`${k}.intro`) },
      { kind: "list", intro: tr("petition.details"), items: details },
    ];
    if (params.body) blocks.push({ kind: "paragraph", text: tr(`${k}.bodyIntro`) }, ...params.body.split(/\n{2,}/).map((text): Block => ({ kind: "paragraph", text })));
    blocks.push({ kind: "action", label: tr(`${k}.action`), href: httpLink(params.link) });
    return [locale, { subject: tr(`${k}.subject`, { code: params.code }), heading: tr(`${k}.heading`), blocks }];
  });
  return renderSections(drafts as [[MailLocale, Draft], ...[MailLocale, Draft][]]);
}

function translator({ t }: MailLocale) {
  return (key: string, options?: Record<string, unknown>): string => String(t(`mail:${key}`, options ?? {}));
}

/** Only absolute http(s) links go into a message (no javascript:, no relative paths). */
function httpLink(link: string): string {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new RangeError(`Not an absolute link: ${link}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new RangeError(`Not an http(s) link: ${link}`);
  return link;
}

function wholeNumber(value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`Expected a positive whole number: ${value}`);
  return value;
}

/** One line: a parameter with a line break must not reach the Subject header. */
const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const STYLE = {
  body: "margin:0;padding:0;background:#ffffff;color:#0b0c0c;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5",
  frame: "max-width:600px;margin:0 auto;padding:24px 16px",
  site: "margin:0 0 24px;padding-bottom:8px;border-bottom:6px solid #1d70b8;font-size:19px;font-weight:bold",
  h1: "margin:0 0 16px;font-size:24px;line-height:1.25",
  p: "margin:0 0 16px",
  button:
    "display:inline-block;padding:10px 16px;background:#00703c;color:#ffffff;font-weight:bold;text-decoration:none;border-bottom:2px solid #002d18",
  link: "color:#1d70b8;word-break:break-all",
  footer: "margin:24px 0 0;padding-top:16px;border-top:1px solid #b1b4b6;color:#505a5f;font-size:14px",
  section: "margin:32px 0 0;padding-top:16px;border-top:1px solid #b1b4b6",
};

function render(locale: MailLocale, draft: Draft): MailContent {
  return renderSections([[locale, draft]]);
}

/**
 * One message, one section per language (the first language's subject, site name and page language; the others
 * follow under a rule, each marked with its language).
 */
function renderSections(sections: readonly [[MailLocale, Draft], ...[MailLocale, Draft][]]): MailContent {
  const [[first, firstDraft]] = sections;
  const trFirst = translator(first);
  const text: string[] = [];
  const html: string[] = [
    "<!DOCTYPE html>",
    `<html lang="${first.lang}">`,
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(oneLine(firstDraft.subject))}</title>`,
    "</head>",
    `<body style="${STYLE.body}">`,
    `<div style="${STYLE.frame}">`,
    `<p style="${STYLE.site}">${escapeHtml(trFirst("layout.site"))}</p>`,
  ];
  const footer: string[] = [];
  sections.forEach(([locale, draft], index) => {
    const tr = translator(locale);
    const greeting = draft.name?.trim() ? tr("layout.greeting", { name: oneLine(draft.name) }) : tr("layout.greetingNoName");
    if (index > 0) {
      text.push("----------------------------------------", "");
      html.push(`<div lang="${locale.lang}" style="${STYLE.section}">`, `<h2 style="${STYLE.h1}">${escapeHtml(draft.heading)}</h2>`);
    } else {
      html.push(`<h1 style="${STYLE.h1}">${escapeHtml(draft.heading)}</h1>`);
    }
    text.push(greeting, "");
    html.push(`<p style="${STYLE.p}">${escapeHtml(greeting)}</p>`);
    for (const block of draft.blocks) {
      if (block.kind === "paragraph") {
        text.push(block.text, "");
        html.push(`<p style="${STYLE.p}">${escapeHtml(block.text)}</p>`);
      } else if (block.kind === "list") {
        text.push(block.intro, ...block.items.map((item) => `- ${oneLine(item)}`), "");
        html.push(
          `<p style="${STYLE.p}">${escapeHtml(block.intro)}</p>`,
          `<ul style="${STYLE.p}">${block.items.map((item) => `<li>${escapeHtml(oneLine(item))}</li>`).join("")}</ul>`,
        );
      } else {
        const href = escapeHtml(block.href);
        text.push(`${block.label}:`, block.href, "");
        html.push(
          `<p style="${STYLE.p}"><a href="${href}" style="${STYLE.button}">${escapeHtml(block.label)}</a></p>`,
          `<p style="${STYLE.p}">${escapeHtml(tr("layout.linkFallback"))}<br><a href="${href}" style="${STYLE.link}">${href}</a></p>`,
        );
      }
    }
    if (index > 0) html.push("</div>");
    footer.push(...(index > 0 ? [tr("layout.site")] : []), tr("layout.automatic"), tr("layout.support"));
  });
  text.push("-- ", trFirst("layout.site"), ...footer);
  html.push(
    `<div style="${STYLE.footer}">${footer.map((line) => `<p style="margin:0 0 8px">${escapeHtml(line)}</p>`).join("")}</div>`,
    "</div>",
    "</body>",
    "</html>",
  );
  return { subject: oneLine(firstDraft.subject), text: text.join("\n"), html: html.join("\n") };
}

// ---- Dossier notices (issue 6): one builder per notice kind, every language given (Vietnamese first) ----------

/** What every dossier notice says: which dossier, which procedure, at which agency, and its page. */
export interface DossierNoticeBase {
  code: string;
  procedure: string;
  /** The agency handling it (null when unknown). */
  agency: string | null;
  /** When it happened (the history row's time). */
  at: string;
  /** The dossier's page in "my dossiers". */
  link: string;
  /** The recipient. */
  name?: string;
}

export type NoticeReturnChannel = "online" | "counter" | "post";

export interface DossierAcceptedNotice extends DossierNoticeBase {
  /** The appointment to return the result (null: no time limit). */
  dueAt: string | null;
}
export interface DossierRefusedNotice extends DossierNoticeBase {
  /** Reason codes (REFUSAL_REASONS; unknown ones are left out). */
  reasons: readonly string[];
  /** The official's explanation. */
  text: string | null;
  legalBasis: string | null;
}
export interface DossierSupplementNotice extends DossierNoticeBase {
  /** What the official wrote. */
  note: string;
  /** The names of the documents to give again or add. */
  documents: readonly string[];
  /** How many answers of the form to correct. */
  fieldCount: number;
  respondBy: string | null;
}
export interface DossierResultReadyNotice extends DossierNoticeBase {
  channel: NoticeReturnChannel | null;
}
export interface DossierApologyNotice extends DossierNoticeBase {
  reason: string | null;
  newDueAt: string | null;
}
export interface DossierReturnedNotice extends DossierNoticeBase {
  channel: NoticeReturnChannel | null;
  trackingNote: string | null;
  /** The rating link (issue 10; /rate/<token>, no sign-in) and the days it stays valid. */
  rate?: { link: string; days: number } | null;
}
export interface DossierStoppedNotice extends DossierNoticeBase {
  /** Reason codes (STOP_REASONS; unknown ones are left out). */
  reasons: readonly string[];
  text: string | null;
}
export type DossierWithdrawnNotice = DossierNoticeBase;
export interface DossierPaymentNotice extends DossierNoticeBase {
  /** VND, when the official gave an amount. */
  amount: number | null;
  description: string | null;
}

/** A notice of any kind, tagged with its NoticeKind (app/domain/dossiers/workflow.ts). */
export type DossierNotice =
  | ({ kind: "accepted" } & DossierAcceptedNotice)
  | ({ kind: "refused" } & DossierRefusedNotice)
  | ({ kind: "supplementRequested" } & DossierSupplementNotice)
  | ({ kind: "resultReady" } & DossierResultReadyNotice)
  | ({ kind: "apology" } & DossierApologyNotice)
  | ({ kind: "returned" } & DossierReturnedNotice)
  | ({ kind: "stopped" } & DossierStoppedNotice)
  | ({ kind: "withdrawn" } & DossierWithdrawnNotice)
  | ({ kind: "paymentRequested" } & DossierPaymentNotice);

type Locales = readonly [MailLocale, ...MailLocale[]];
type Tr = ReturnType<typeof translator>;

const REFUSAL_CODES = ["notCompetent", "notEligible", "notApplicable", "invalidDocuments", "supplementMissed", "other"];
const STOP_CODES = ["ineligibleOnAppraisal", "legalSuspension", "applicantRequest", "other"];

/**
 * The shape shared by the notices: the subject with the code, a heading, what happened, the dossier's details, the
 * kind's own blocks (reasons, what to fix…), what the applicant must do now, and the link to the dossier's page.
 */
function dossierNotice(locales: Locales, key: string, params: DossierNoticeBase, own: (tr: Tr, locale: MailLocale) => { details?: string[]; blocks?: Block[] }): MailContent {
  const drafts = locales.map((locale): [MailLocale, Draft] => {
    const tr = translator(locale);
    const extra = own(tr, locale);
    const details = [
      tr("dossierNotice.code", { code: params.code }),
      tr("dossierNotice.procedure", { procedure: oneLine(params.procedure) }),
      ...(params.agency ? [tr("dossierNotice.agency", { agency: oneLine(params.agency) })] : []),
      tr("dossierNotice.at", { time: formatTimestamp(params.at) }),
      ...(extra.details ?? []),
    ];
    return [
      locale,
      {
        subject: tr(`dossierNotice.${key}.subject`, { code: params.code }),
        heading: tr(`dossierNotice.${key}.heading`),
        name: params.name,
        blocks: [
          { kind: "paragraph", text: tr(`dossierNotice.${key}.intro`) },
          { kind: "list", intro: tr("dossierNotice.details"), items: details },
          ...(extra.blocks ?? []),
          { kind: "paragraph", text: tr(`dossierNotice.${key}.next`) },
          { kind: "action", label: tr("dossierNotice.action"), href: httpLink(params.link) },
        ],
      },
    ];
  });
  return renderSections(drafts as [[MailLocale, Draft], ...[MailLocale, Draft][]]);
}

const nonEmpty = (text: string | null | undefined): text is string => typeof text === "string" && text.trim() !== "";

/** The one-stop unit accepted the dossier: the appointment to return the result. */
export function dossierAcceptedMail(locales: Locales, params: DossierAcceptedNotice): MailContent {
  return dossierNotice(locales, "accepted", params, (tr) => ({
    details: [params.dueAt ? tr("dossierNotice.dueAt", { time: formatTimestamp(params.dueAt) }) : tr("dossierNotice.noDueAt")],
  }));
}

/** The dossier was not accepted (Mẫu 03): the reasons, the explanation and the legal basis. */
export function dossierRefusedMail(locales: Locales, params: DossierRefusedNotice): MailContent {
  return dossierNotice(locales, "refused", params, (tr) => {
    const reasons = params.reasons.filter((r) => REFUSAL_CODES.includes(r)).map((r) => tr(`dossierNotice.refusalReasons.${r}`));
    const blocks: Block[] = [];
    if (reasons.length > 0) blocks.push({ kind: "list", intro: tr("dossierNotice.reasons"), items: reasons });
    if (nonEmpty(params.text)) blocks.push({ kind: "paragraph", text: tr("dossierNotice.explanation", { text: params.text.trim() }) });
    if (nonEmpty(params.legalBasis)) blocks.push({ kind: "paragraph", text: tr("dossierNotice.legalBasis", { text: params.legalBasis.trim() }) });
    return { blocks };
  });
}

/** The agency asks for more (Mẫu 02): what to fix, why, and by when. */
export function dossierSupplementRequestedMail(locales: Locales, params: DossierSupplementNotice): MailContent {
  return dossierNotice(locales, "supplementRequested", params, (tr) => {
    const blocks: Block[] = [];
    if (nonEmpty(params.note)) blocks.push({ kind: "paragraph", text: tr("dossierNotice.supplementNote", { text: params.note.trim() }) });
    const items = [...params.documents.map(oneLine), ...(params.fieldCount > 0 ? [tr("dossierNotice.supplementFields", { count: params.fieldCount })] : [])];
    if (items.length > 0) blocks.push({ kind: "list", intro: tr("dossierNotice.supplementItems"), items });
    return {
      details: params.respondBy ? [tr("dossierNotice.respondBy", { time: formatTimestamp(params.respondBy) })] : [],
      blocks,
    };
  });
}

/** The result is signed: how the applicant gets it (online, at the counter, by post). */
export function dossierResultReadyMail(locales: Locales, params: DossierResultReadyNotice): MailContent {
  return dossierNotice(locales, "resultReady", params, (tr) => ({
    blocks: [{ kind: "paragraph", text: tr(`dossierNotice.channels.${params.channel ?? "any"}`) }],
  }));
}

/** The apology letter (Mẫu 04): the dossier will be late, why, and the new appointment. */
export function dossierApologyMail(locales: Locales, params: DossierApologyNotice): MailContent {
  return dossierNotice(locales, "apology", params, (tr) => ({
    details: params.newDueAt ? [tr("dossierNotice.newDueAt", { time: formatTimestamp(params.newDueAt) })] : [],
    blocks: nonEmpty(params.reason) ? [{ kind: "paragraph", text: tr("dossierNotice.apologyReason", { text: params.reason.trim() }) }] : [],
  }));
}

/** The result was handed over (or posted, with its tracking note). */
export function dossierReturnedMail(locales: Locales, params: DossierReturnedNotice): MailContent {
  return dossierNotice(locales, "returned", params, (tr) => ({
    details: [
      ...(params.channel ? [tr("dossierNotice.returnChannel", { channel: tr(`dossierNotice.channelNames.${params.channel}`) })] : []),
      ...(nonEmpty(params.trackingNote) ? [tr("dossierNotice.trackingNote", { text: params.trackingNote })] : []),
    ],
    blocks: params.rate
      ? [
          { kind: "paragraph", text: tr("dossierNotice.rate", { days: params.rate.days }) },
          { kind: "action", label: tr("dossierNotice.rateAction"), href: httpLink(params.rate.link) },
        ]
      : [],
  }));
}

/** Processing was stopped: the reasons. */
export function dossierStoppedMail(locales: Locales, params: DossierStoppedNotice): MailContent {
  return dossierNotice(locales, "stopped", params, (tr) => {
    const reasons = params.reasons.filter((r) => STOP_CODES.includes(r)).map((r) => tr(`dossierNotice.stopReasons.${r}`));
    const blocks: Block[] = [];
    if (reasons.length > 0) blocks.push({ kind: "list", intro: tr("dossierNotice.reasons"), items: reasons });
    if (nonEmpty(params.text)) blocks.push({ kind: "paragraph", text: tr("dossierNotice.explanation", { text: params.text.trim() }) });
    return { blocks };
  });
}

/** The withdrawal is recorded. */
export function dossierWithdrawnMail(locales: Locales, params: DossierWithdrawnNotice): MailContent {
  return dossierNotice(locales, "withdrawn", params, () => ({}));
}

/** Fees or taxes to pay before processing goes on. */
export function dossierPaymentRequestedMail(locales: Locales, params: DossierPaymentNotice): MailContent {
  return dossierNotice(locales, "paymentRequested", params, (tr, locale) => ({
    details: params.amount !== null && Number.isSafeInteger(params.amount) ? [tr("dossierNotice.amount", { amount: formatVnd(params.amount, locale.lang) })] : [],
    blocks: nonEmpty(params.description) ? [{ kind: "paragraph", text: tr("dossierNotice.explanation", { text: params.description.trim() }) }] : [],
  }));
}

/** The notice's e-mail, whatever its kind. */
export function dossierNoticeMail(locales: Locales, notice: DossierNotice): MailContent {
  switch (notice.kind) {
    case "accepted":
      return dossierAcceptedMail(locales, notice);
    case "refused":
      return dossierRefusedMail(locales, notice);
    case "supplementRequested":
      return dossierSupplementRequestedMail(locales, notice);
    case "resultReady":
      return dossierResultReadyMail(locales, notice);
    case "apology":
      return dossierApologyMail(locales, notice);
    case "returned":
      return dossierReturnedMail(locales, notice);
    case "stopped":
      return dossierStoppedMail(locales, notice);
    case "withdrawn":
      return dossierWithdrawnMail(locales, notice);
    case "paymentRequested":
      return dossierPaymentRequestedMail(locales, notice);
  }
}

/**
 * The notice's text message (SMS), in the language given (Vietnamese for the portal): the code, what happened, the
 * date that matters (appointment, deadline), and where to look (the site's address, not the full link: a message must
 * stay short). Kept WITH diacritics — SMS in Vietnam is often written without them to fit 160 GSM characters, but a
 * message from the province should be proper Vietnamese — so it travels as UCS-2 (70 characters a segment); the texts
 * are kept short (about 100–150 characters, 2–3 segments) and the details are in the e-mail and on the dossier's page.
 */
export function dossierNoticeSms(locale: MailLocale, notice: { kind: DossierNotice["kind"]; code: string; link: string; date?: string | null; rateLink?: string | null }): string {
  const tr = translator(locale);
  // The result returned (issue 10): the rating link in full (it is the message's point; about 110 characters).
  if (notice.kind === "returned" && notice.rateLink) return oneLine(tr("dossierNoticeSms.returnedWithRating", { code: notice.code, link: httpLink(notice.rateLink) }));
  const site = new URL(httpLink(notice.link)).host;
  const key = notice.date ? `dossierNoticeSms.${notice.kind}WithDate` : `dossierNoticeSms.${notice.kind}`;
  return oneLine(tr(key, { code: notice.code, date: notice.date ? formatDate(notice.date) : "", site }));
}
