import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import type { Actor } from "../access/permissions";
import { listWallet } from "../files/files.server";
import { toFormInput } from "../filing/filing";
import { fileFits } from "../filing/filing.server";
import { topLevelFields, type Field, type FormDefinition, type FormSection, type FormTexts } from "../forms/form-definition";
import { parseJsonColumn } from "../procedures/catalog.repo.server";
import type { ProcedureContent } from "../procedures/catalog.server";
import { applyAction, type EngineSettings } from "./back-office.server";
import { findOpenSupplement } from "./back-office.repo.server";
import type { BackOfficeServices } from "./back-office.seams";
import type { DossierStatus } from "./dossiers";
import type { DossierOwner } from "./dossiers.repo.server";
import { findDossierFiles, findDossierProgress, findOwnedDossierForSupplement } from "./supplement.repo.server";

// The applicant's side of a supplementation request (issue 6): what the dossier page says while the agency waits for
// the applicant (status 5), the page that shows ONLY the flagged fields and documents, and the answer, which the
// back-office engine applies (applyAction "resubmit": it checks again that only flagged items change, validates the
// merged answers with the version's form and the files, resumes the clock and moves the due date).

type Db = Kysely<Database>;
type CitizenActor = Extract<Actor, { kind: "citizen" }>;

const ownerOf = (actor: CitizenActor): DossierOwner => ({ userId: actor.userId, organisationId: actor.actingFor?.organisationId ?? null });

/** The agency's request as the applicant sees it: why, by when, and exactly what. */
export interface SupplementRequestView {
  note: string;
  requestedAt: string;
  /** ISO instant; the page shows the day (dd/mm/yyyy). */
  respondBy: string | null;
  /** The flagged fields, labelled with the form's own texts (`texts`). */
  fields: { name: string; labelKey: string }[];
  documents: { index: number; name: string }[];
  texts: FormTexts | undefined;
}

/** What the owner's dossier page shows beyond the filing view (issue 6). */
export interface DossierProgressView {
  /** The dossier's version, for the forms that change it (withdrawal). */
  version: number;
  /** The new appointment of an apology letter (Mẫu 04), beside the original due date. */
  rescheduledDueAt: string | null;
  resultReadyAt: string | null;
  returnedAt: string | null;
  returnChannel: "online" | "counter" | "post" | null;
  /** The open request while the agency waits for the applicant (status 5). */
  supplement: SupplementRequestView | null;
}

function requestView(content: ProcedureContent, row: { note: string; requested_at: string; respond_by: string | null; fields: string; documents: string }): SupplementRequestView {
  const flaggedFields = new Set(parseJsonColumn<string[]>(row.fields));
  const flaggedDocs = parseJsonColumn<number[]>(row.documents);
  const form = content.form as FormDefinition;
  return {
    note: row.note,
    requestedAt: row.requested_at,
    respondBy: row.respond_by,
    fields: topLevelFields(form)
      .filter((f) => flaggedFields.has(f.name))
      .map((f) => ({ name: f.name, labelKey: f.labelKey })),
    documents: [...flaggedDocs].sort((a, b) => a - b).map((index) => ({ index, name: content.documents[index]?.name ?? "" })),
    texts: form.texts,
  };
}

/**
 * The back-office side of the owner's dossier page. Call it only for a dossier found by its owner (myDossier does):
 * it reads by id.
 */
export async function dossierProgress(db: Db, dossierId: string): Promise<DossierProgressView> {
  const row = await findDossierProgress(db, dossierId);
  if (!row) return { version: 0, rescheduledDueAt: null, resultReadyAt: null, returnedAt: null, returnChannel: null, supplement: null };
  const open = row.status === 5 ? await findOpenSupplement(db, dossierId) : undefined;
  return {
    version: row.version,
    rescheduledDueAt: row.rescheduledDueAt ?? null,
    resultReadyAt: row.resultReadyAt ?? null,
    returnedAt: row.returnedAt ?? null,
    returnChannel: row.returnChannel ?? null,
    supplement: open ? requestView(parseJsonColumn<ProcedureContent>(row.content), open) : null,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The supplementation page
// ---------------------------------------------------------------------------------------------------------------

export interface SupplementFile {
  id: string;
  name: string;
  sizeBytes: number;
  createdAt: string;
}

export interface SupplementDocument {
  index: number;
  name: string;
  fileTypes: string[];
  maxSizeMb: number;
  /** The files the dossier has for it now. */
  files: SupplementFile[];
  /** The owner's wallet files that fit it (type and size), newest first; the current files among them. */
  choices: SupplementFile[];
}

export interface SupplementPage {
  code: string;
  procedureName: string;
  version: number;
  dueAt: string | null;
  request: SupplementRequestView;
  /** The form's sections cut down to the flagged fields (sections with none left out), and the form's texts. */
  form: { sections: FormSection[]; texts: FormTexts | undefined };
  /** Every top-level field of the form (display conditions may look at other fields). */
  allFields: Field[];
  /** The flagged fields' current answers, as the inputs hold them. */
  values: Record<string, unknown>;
  documents: SupplementDocument[];
}

export type SupplementPageResult = { ok: true; page: SupplementPage } | { ok: false; reason: "notFound" | "notWaiting" };

/** The supplementation page: the owner's dossier only, while it waits for the applicant (status 5). */
export async function supplementPage(db: Db, input: { actor: CitizenActor; code: string }): Promise<SupplementPageResult> {
  const owner = ownerOf(input.actor);
  const row = await findOwnedDossierForSupplement(db, owner, input.code);
  if (!row) return { ok: false, reason: "notFound" };
  const open = row.status === 5 ? await findOpenSupplement(db, row.id) : undefined;
  if (!open) return { ok: false, reason: "notWaiting" };
  const content = parseJsonColumn<ProcedureContent>(row.content);
  const form = content.form as FormDefinition;
  const request = requestView(content, open);
  const flagged = new Set(request.fields.map((f) => f.name));
  const answers = parseJsonColumn<Record<string, unknown>>(row.answers);
  const attached = request.documents.length > 0 ? await findDossierFiles(db, row.id) : [];
  const wallet = request.documents.length > 0 ? await listWallet(db, owner) : [];
  const file = (f: { id: string; name: string; sizeBytes: number; createdAt: string }): SupplementFile => ({ id: f.id, name: f.name, sizeBytes: f.sizeBytes, createdAt: f.createdAt });
  return {
    ok: true,
    page: {
      code: row.code,
      procedureName: row.procedureName,
      version: row.version,
      dueAt: row.dueAt,
      request,
      form: {
        sections: form.sections.map((s) => ({ ...s, fields: s.fields.filter((f) => flagged.has(f.name)) })).filter((s) => s.fields.length > 0),
        texts: form.texts,
      },
      allFields: topLevelFields(form),
      values: toFormInput(Object.fromEntries(Object.entries(answers).filter(([k]) => flagged.has(k)))),
      documents: request.documents.map(({ index }) => {
        const doc = content.documents[index]!;
        return {
          index,
          name: doc.name,
          fileTypes: [...doc.fileTypes],
          maxSizeMb: doc.maxSizeMb,
          files: attached.filter((f) => f.documentIndex === index).map(file),
          choices: wallet.filter((f) => fileFits(f, doc) === "ok").map(file),
        };
      }),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The answer
// ---------------------------------------------------------------------------------------------------------------

/** An issue by input name (a field's, "doc-<index>" for a document, "" for the whole form) with an i18n key. */
export interface SupplementIssue {
  name: string;
  message: string;
  params?: Record<string, unknown>;
}

export interface ResubmitInput {
  actor: CitizenActor;
  code: string;
  /** The dossier's version the applicant saw. */
  version: number;
  /** The posted values of the flagged fields, nested by input name (a flagged field left out counts as emptied). */
  answers: Record<string, unknown>;
  /** The files of each flagged document (replacing the current ones). */
  documents: { documentIndex: number; fileIds: string[] }[];
  now?: Date;
}

export type ResubmitResult =
  | { ok: true; code: string; status: DossierStatus; dueAt: string | null }
  | { ok: false; status: 400 | 403 | 404 | 409; message: string; issues: SupplementIssue[] };

/** The engine's messages for the applicant, in this page's words (namespace "dossiers"). */
export const supplementErrors = {
  notWaiting: "dossiers:supplement.errors.notWaiting",
  stale: "dossiers:supplement.errors.stale",
  notFlagged: "dossiers:supplement.errors.notFlagged",
  invalid: "dossiers:supplement.errors.invalid",
  forbidden: "dossiers:supplement.errors.forbidden",
  notFound: "dossiers:errors.notFound",
} as const;

const ENGINE_MESSAGES: Record<string, string> = {
  "dossiers:actions.errors.stale": supplementErrors.stale,
  "dossiers:actions.errors.notAllowedNow": supplementErrors.notWaiting,
  "dossiers:actions.errors.notFlagged": supplementErrors.notFlagged,
  "dossiers:actions.errors.invalid": supplementErrors.invalid,
  "dossiers:actions.errors.forbidden": supplementErrors.forbidden,
  "dossiers:errors.notFound": supplementErrors.notFound,
};

/** An engine field ("answers.members.0.name", "documents[1]", "form") as the page's input name. */
export function issueName(field: string): string {
  const doc = /^documents\[(\d+)\]/.exec(field);
  if (doc) return `doc-${doc[1]}`;
  if (!field.startsWith("answers.")) return "";
  return field
    .slice("answers.".length)
    .split(".")
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), "");
}

/**
 * The applicant answers the request: the flagged fields' new values and the flagged documents' files, through the
 * engine (one transaction; ownership, the status, the version and what was flagged are checked there). Refusals come
 * back as issues by input name; the message of a refusal of the whole form is in the applicant's words.
 */
export async function resubmitSupplement(db: Db, services: BackOfficeServices, settings: EngineSettings, input: ResubmitInput): Promise<ResubmitResult> {
  const owner = ownerOf(input.actor);
  const row = await findOwnedDossierForSupplement(db, owner, input.code);
  if (!row) return { ok: false, status: 404, message: supplementErrors.notFound, issues: [] };
  const open = row.status === 5 ? await findOpenSupplement(db, row.id) : undefined;
  if (!open) return { ok: false, status: 409, message: supplementErrors.notWaiting, issues: [] };
  // A flagged field the form did not send (a list with nothing ticked) was emptied: it replaces the saved value.
  const flagged = parseJsonColumn<string[]>(open.fields);
  const answers: Record<string, unknown> = { ...Object.fromEntries(flagged.map((name) => [name, ""])), ...input.answers };
  const result = await applyAction(db, services, settings, {
    actor: input.actor,
    dossier: { code: input.code },
    action: "resubmit",
    version: input.version,
    params: { answers, documents: input.documents },
    now: input.now,
  });
  if (result.ok) {
    const after = await findOwnedDossierForSupplement(db, owner, input.code);
    return { ok: true, code: result.code, status: result.status, dueAt: after?.dueAt ?? null };
  }
  const issues: SupplementIssue[] = (result.errors ?? [])
    .filter((e) => e.field !== "form")
    .map((e) => ({ name: issueName(e.field), message: e.message, ...(e.params ? { params: e.params } : {}) }));
  const message = ENGINE_MESSAGES[result.message] ?? result.message;
  const formIssue = (result.errors ?? []).find((e) => e.field === "form");
  return { ok: false, status: result.status, message: formIssue ? (ENGINE_MESSAGES[formIssue.message] ?? formIssue.message) : message, issues };
}
