import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { newId } from "../../platform/ids.server";
import type { Actor } from "../access/permissions";
import { profileOf } from "../accounts/accounts.server";
import type { FormValues } from "../forms/compile";
import type { FormDefinition } from "../forms/form-definition";
import { findCurrentVersionByCode, findOfferingsOfVersion } from "../procedures/catalog.repo.server";
import type { ProcedureContent } from "../procedures/catalog.server";
import { todayInVietnam } from "../shared/format";
import { stableStringify } from "../shared/stable-json";
import {
  applicableDocuments,
  checkSection,
  draftExpiry,
  emptyAnswers,
  emptyDocuments,
  feeSummary,
  mergeSection,
  offeringFor,
  onBehalfAllowed,
  readAnswers,
  readDocuments,
  readyToSubmit,
  taskList,
  type Answers,
  type Applicant,
  type ApplicantForm,
  type DraftDocumentsState,
  type OnBehalfOf,
  type SectionIssue,
  documentsMissingSignature,
  type ApplicableDocument,
} from "./filing";
import {
  deleteExpiredDrafts,
  deleteOwnDraft,
  findAgencyOn,
  findOnlineOffering,
  findOwnDraft,
  findWalletFiles,
  insertDraft,
  listOwnDrafts,
  readJson,
  updateOwnDraft,
  type DraftPatch,
} from "./filing.repo.server";
import { summariseStored } from "../files/signature-summary";
import type { DraftDocuments, DraftOwner, SubmitDraft, SubmitOutcome, WalletFile } from "./seams";

// Filing use cases (issue 5, item 2). Every one takes the owner and finds the draft through it: a foreign or expired
// draft is null (the route answers 404). Every change checks the version the page was built from (optimistic
// concurrency: another tab or device may have saved in between) and moves the expiry 30 days on.

type Db = Kysely<Database>;

export type Change<T = object> = ({ ok: true } & T) | { ok: false; reason: "conflict" } | { ok: false; reason: "invalid"; issues: SectionIssue[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The owner a citizen files as: the organisation acted for, or themself. Officials do not file. */
export function ownerOf(actor: Actor): DraftOwner | null {
  if (actor.kind !== "citizen") return null;
  return { userId: actor.userId, organisationId: actor.actingFor?.organisationId ?? null };
}

// ---------------------------------------------------------------------------------------------------------------
// Start

/** The start page: the procedure's current version and the agencies that take it online; null: no online filing. */
export async function startPage(db: Db, code: string, now = new Date()) {
  if (!/^\d\.\d{6}$/.test(code)) return null;
  const date = todayInVietnam(now);
  const version = await findCurrentVersionByCode(db, code, date);
  if (!version || version.status !== "in_force") return null;
  const content = readJson(version.content) as ProcedureContent;
  const agencies = (await findOfferingsOfVersion(db, version.id, date))
    .filter((o) => o.onlineLevel !== "INFO")
    .map((o) => ({ id: o.agencyId, code: o.code, name: o.name }))
    .sort((a, b) => a.name.localeCompare(b.name, "vi"));
  if (agencies.length === 0) return null;
  return { code, name: content.name, versionId: version.id, agencies, onBehalfAllowed: onBehalfAllowed(content), documents: content.documents.length, sections: content.form.sections.length };
}

export type StartResult = { ok: true; draftId: string } | { ok: false; reason: "agency" } | null;

/**
 * Create a draft on the version the start page showed (fixed from now on). A version that is not the procedure's
 * current one, or an agency that does not take it online, is refused (null: 404 for a tampered version id).
 */
export async function startDraft(db: Db, owner: DraftOwner, input: { code: string; versionId: string; agencyId: string }, now = new Date()): Promise<StartResult> {
  const page = await startPage(db, input.code, now);
  if (!page || page.versionId !== input.versionId) return null;
  const agencyId = page.agencies.length === 1 ? page.agencies[0]!.id : input.agencyId;
  if (!UUID.test(agencyId) || !(await findOnlineOffering(db, page.versionId, agencyId))) return { ok: false, reason: "agency" };
  const id = newId();
  const at = now.toISOString();
  // Expired drafts go when new ones come (an indexed delete; nothing else reads them).
  await deleteExpiredDrafts(db, at);
  await insertDraft(db, {
    id,
    owner_user_id: owner.userId,
    owner_organisation_id: owner.organisationId,
    procedure_version_id: page.versionId,
    agency_id: agencyId,
    applicant: null,
    on_behalf_of: null,
    answers: JSON.stringify(emptyAnswers()),
    documents: JSON.stringify(emptyDocuments()),
    declaration_at: null,
    expires_at: draftExpiry(now),
    version: 1,
    created_at: at,
    updated_at: at,
  });
  return { ok: true, draftId: id };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

export async function loadDraft(db: Db, owner: DraftOwner, id: string, now = new Date()) {
  if (!UUID.test(id)) return null;
  const row = await findOwnDraft(db, owner, id, now.toISOString());
  if (!row) return null;
  const content = readJson(row.content) as ProcedureContent;
  const agency = (await findAgencyOn(db, row.agency_id, todayInVietnam(now))) ?? { id: row.agency_id, code: row.agencyCode, name: row.agencyCode, kind: "" };
  const state = {
    applicant: (readJson(row.applicant) ?? null) as Applicant | null,
    onBehalfOf: (readJson(row.on_behalf_of) ?? null) as OnBehalfOf | null,
    answers: readAnswers(readJson(row.answers)),
    documents: readDocuments(readJson(row.documents)),
    declarationAt: row.declaration_at,
  };
  const form: FormDefinition = content.form;
  const view = { ...state, form, content };
  const offering = offeringFor(content, agency);
  return {
    id: row.id,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    expiresAt: row.expires_at,
    procedure: { code: row.procedureCode, name: row.procedureName, versionId: row.procedure_version_id, versionNumber: row.versionNumber },
    agency: { id: agency.id, code: agency.code, name: agency.name, kind: agency.kind },
    content,
    form,
    state,
    tasks: taskList(view, { today: todayInVietnam(now) }),
    documents: applicableDocuments(content, state),
    onBehalfAllowed: onBehalfAllowed(content),
    fees: offering ? feeSummary(offering, state.answers.values) : null,
  };
}
export type LoadedDraft = NonNullable<Awaited<ReturnType<typeof loadDraft>>>;

export async function listDrafts(db: Db, owner: DraftOwner, now = new Date()) {
  const rows = await listOwnDrafts(db, owner, now.toISOString());
  const date = todayInVietnam(now);
  return Promise.all(rows.map(async (r) => ({ ...r, agencyName: (await findAgencyOn(db, r.agencyId, date))?.name ?? "" })));
}

/** What the applicant step shows first: what was saved, else the account's (or the organisation's) details. */
export async function applicantDefaults(db: Db, actor: Actor, draft: LoadedDraft) {
  if (draft.state.applicant) return { ...draft.state.applicant, onBehalfOf: draft.state.onBehalfOf };
  const profile = actor.kind === "citizen" ? await profileOf(db, actor.userId) : null;
  const organisation = actor.kind === "citizen" ? actor.actingFor : null;
  const applicant: Applicant = {
    kind: organisation ? "organisation" : "citizen",
    fullName: profile?.fullName ?? "",
    cccd: profile?.cccd ?? "",
    phone: profile?.phone ?? "",
    email: profile?.email ?? "",
    address: "",
    ...(organisation ? { organisation: { name: organisation.name, taxCode: organisation.taxCode } } : {}),
  };
  return { ...applicant, onBehalfOf: null };
}

// ---------------------------------------------------------------------------------------------------------------
// Changes

/** Apply a change to the owner's draft at `version`; null when it is not theirs (or expired). */
async function change<T extends object>(
  db: Db,
  owner: DraftOwner,
  id: string,
  version: number,
  now: Date,
  make: (draft: LoadedDraft) => Promise<{ patch: Omit<DraftPatch, "updated_at" | "expires_at">; result?: T } | { issues: SectionIssue[] }>,
): Promise<Change<T> | null> {
  const draft = await loadDraft(db, owner, id, now);
  if (!draft) return null;
  if (draft.version !== version) return { ok: false, reason: "conflict" };
  const made = await make(draft);
  if ("issues" in made) return { ok: false, reason: "invalid", issues: made.issues };
  const saved = await updateOwnDraft(db, owner, id, version, { ...made.patch, updated_at: now.toISOString(), expires_at: draftExpiry(now) });
  if (!saved) return { ok: false, reason: "conflict" };
  return { ok: true, ...(made.result ?? ({} as T)) };
}


/** Save the applicant step; the organisation acted for comes from the guard's actor, never from the form. */
export async function saveApplicant(
  db: Db,
  owner: DraftOwner,
  id: string,
  version: number,
  form: ApplicantForm,
  organisation: { name: string; taxCode: string } | null,
  now = new Date(),
) {
  return change(db, owner, id, version, now, async (draft) => {
    const applicant: Applicant = {
      kind: organisation ? "organisation" : "citizen",
      fullName: form.fullName,
      cccd: form.cccd,
      phone: form.phone,
      email: form.email,
      address: form.address,
      ...(organisation ? { organisation } : {}),
    };
    const onBehalfOf: OnBehalfOf | null =
      draft.onBehalfAllowed && form.forWhom === "other" ? { fullName: form.otherFullName, cccd: form.otherCccd, relationship: form.otherRelationship } : null;
    return {
      patch: {
        applicant: JSON.stringify(applicant),
        on_behalf_of: onBehalfOf ? JSON.stringify(onBehalfOf) : null,
        declaration_at: null,
      },
    };
  });
}

/** Save one section (1-based `n` in the URL; `index` here is 0-based) from the posted values. */
export async function saveSection(db: Db, owner: DraftOwner, id: string, version: number, index: number, input: Record<string, unknown>, now = new Date()) {
  return change(db, owner, id, version, now, async (draft) => {
    const section = draft.form.sections[index];
    if (!section) return { issues: [{ name: "", message: "form.errors.invalid" }] };
    const checked = checkSection(draft.form, draft.state.answers.values, index, input, { today: todayInVietnam(now) });
    if (!checked.ok) return { issues: checked.issues };
    const values: FormValues = mergeSection(draft.form, draft.state.answers.values, index, checked.values);
    const sections = [...new Set([...draft.state.answers.sections, section.id])];
    // Fees that depend on the answers must be seen again when they changed; the declaration is given again anyway.
    const offering = offeringFor(draft.content, draft.agency);
    const fees = offering ? feeSummary(offering, values) : null;
    const feesSeen = draft.state.answers.feesSeen && stableStringify(fees) === stableStringify(draft.fees);
    const answers: Answers = { values, sections, feesSeen };
    return { patch: { answers: JSON.stringify(answers), declaration_at: null } };
  });
}

function documentsPatch(documents: DraftDocumentsState) {
  return { documents: JSON.stringify(documents), declaration_at: null };
}

export async function chooseCase(db: Db, owner: DraftOwner, id: string, version: number, caseCode: string, now = new Date()) {
  return change(db, owner, id, version, now, async (draft) => {
    if (!draft.content.cases.some((c) => c.code === caseCode)) return { issues: [{ name: "case", message: "errors.case" }] };
    // Files of documents that belong to another case go with the case.
    const keep = new Set(draft.content.documents.map((d, i) => (!d.case || d.case === caseCode ? String(i) : null)).filter(Boolean));
    const files = Object.fromEntries(Object.entries(draft.state.documents.files).filter(([k]) => keep.has(k)));
    return { patch: documentsPatch({ case: caseCode, files }) };
  });
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

/** Whether a file (its type read from the content) fits the document's accepted types and size. */
export function fileFits(file: Pick<WalletFile, "mediaType" | "sizeBytes">, doc: { fileTypes: readonly string[]; maxSizeMb: number }): "ok" | "errors.fileType" | "errors.fileSize" {
  if (!doc.fileTypes.some((t) => MEDIA_TYPES[t]?.includes(file.mediaType))) return "errors.fileType";
  if (file.sizeBytes > doc.maxSizeMb * 1024 * 1024) return "errors.fileSize";
  return "ok";
}

/** At most this many files per document. */
export const MAX_FILES_PER_DOCUMENT = 10;

/** Attach files of the owner's wallet to document `index` (already attached ones stay once). */
export async function attachFiles(db: Db, services: Pick<DraftDocuments, "resolve">, owner: DraftOwner, id: string, version: number, index: number, fileIds: readonly string[], now = new Date()) {
  return change(db, owner, id, version, now, async (draft) => {
    const doc = draft.documents.find((d) => d.index === index);
    const name = `doc-${index}`;
    if (!doc) return { issues: [{ name, message: "errors.document" }] };
    if (fileIds.length === 0) return { issues: [{ name, message: "errors.noFileChosen" }] };
    const files = await services.resolve(owner, fileIds);
    if (files.length !== new Set(fileIds).size) return { issues: [{ name, message: "errors.fileUnknown" }] };
    for (const file of files) {
      const fit = fileFits(file, doc);
      if (fit !== "ok") return { issues: [{ name, message: fit, params: { file: file.name, size: doc.maxSizeMb, types: doc.fileTypes.join(", ").toUpperCase() } }] };
    }
    // A document that must be digitally signed takes only files whose signature passed when they were stored (a
    // tampered, revoked or untrusted signature is refused here, with the verifier's reason, not at submission).
    if (doc.signatureRequired) {
      const unsigned = files.find((f) => f.signature?.status !== "passed");
      if (unsigned) return { issues: [{ name, message: "errors.signatureRefused", params: { file: unsigned.name, signature: unsigned.signature ?? { status: "not_checked" } } }] };
    }
    // One file belongs to one document (the dossier refuses a file attached twice): say so here, on the document.
    const elsewhere = files.find((f) => Object.entries(draft.state.documents.files).some(([other, ids]) => other !== String(index) && ids.includes(f.id)));
    if (elsewhere) return { issues: [{ name, message: "errors.fileAttachedElsewhere", params: { file: elsewhere.name } }] };
    const current = draft.state.documents.files[String(index)] ?? [];
    const next = [...new Set([...current, ...files.map((f) => f.id)])];
    if (next.length > MAX_FILES_PER_DOCUMENT) return { issues: [{ name, message: "errors.tooManyFiles", params: { max: MAX_FILES_PER_DOCUMENT } }] };
    return { patch: documentsPatch({ ...draft.state.documents, files: { ...draft.state.documents.files, [String(index)]: next } }) };
  });
}

export async function detachFile(db: Db, owner: DraftOwner, id: string, version: number, index: number, fileId: string, now = new Date()) {
  return change(db, owner, id, version, now, async (draft) => {
    const files = { ...draft.state.documents.files, [String(index)]: (draft.state.documents.files[String(index)] ?? []).filter((f) => f !== fileId) };
    return { patch: documentsPatch({ ...draft.state.documents, files }) };
  });
}

/** The documents page: the applicable documents with their attached files, and the wallet to choose from. */
export async function documentsPage(db: Db, services: Pick<DraftDocuments, "available" | "resolve">, owner: DraftOwner, draft: LoadedDraft) {
  const attachedIds = Object.values(draft.state.documents.files).flat();
  const attached = new Map((await services.resolve(owner, attachedIds)).map((f) => [f.id, f]));
  const wallet = await services.available(owner);
  return {
    documents: draft.documents.map((d) => ({
      ...d,
      files: (draft.state.documents.files[String(d.index)] ?? []).map((fid) => attached.get(fid)).filter((f): f is WalletFile => Boolean(f)),
      choices: wallet.filter((f) => fileFits(f, d) === "ok"),
    })),
  };
}

export async function acknowledgeFees(db: Db, owner: DraftOwner, id: string, version: number, now = new Date()) {
  return change(db, owner, id, version, now, async (draft) => ({
    patch: { answers: JSON.stringify({ ...draft.state.answers, feesSeen: true }) },
  }));
}

export async function declare(db: Db, owner: DraftOwner, id: string, version: number, agreed: boolean, now = new Date()) {
  return change(db, owner, id, version, now, async (draft) => {
    if (!agreed) return { issues: [{ name: "declaration", message: "errors.declaration" }] };
    const before = draft.tasks.filter((t) => t.key !== "check" && t.key !== "declaration" && t.key !== "submit");
    if (!before.every((t) => t.status === "completed")) return { issues: [{ name: "declaration", message: "errors.notReady" }] };
    return { patch: { declaration_at: now.toISOString() } };
  });
}

export type SubmitResult = { ok: true; outcome: SubmitOutcome } | { ok: false; reason: "conflict" | "notReady" } | { ok: false; reason: "signatureMissing"; documents: string[] };

/** The draft's documents that require a digital signature and have no attached file whose signature passed. */
export async function missingSignatures(services: Pick<DraftDocuments, "resolve">, owner: DraftOwner, draft: Pick<LoadedDraft, "documents" | "state">): Promise<ApplicableDocument[]> {
  if (!draft.documents.some((d) => d.signatureRequired)) return [];
  const ids = draft.documents.filter((d) => d.signatureRequired).flatMap((d) => draft.state.documents.files[String(d.index)] ?? []);
  const resolved = new Map((await services.resolve(owner, ids)).map((f) => [f.id, f.signature?.status]));
  return documentsMissingSignature(draft.documents, draft.state.documents.files, (id) => resolved.get(id));
}

/**
 * Submit a complete, declared draft through the SubmitDraft seam; a submitted draft is deleted. A document that
 * requires a digital signature must have a file whose signature passed at upload (checked through `documents`).
 */
export async function submitDraft(db: Db, submitter: SubmitDraft, owner: DraftOwner, id: string, version: number, now = new Date(), documents?: Pick<DraftDocuments, "resolve">): Promise<SubmitResult | null> {
  const draft = await loadDraft(db, owner, id, now);
  if (!draft) return null;
  if (draft.version !== version) return { ok: false, reason: "conflict" };
  if (!readyToSubmit(draft.tasks) || !draft.state.applicant || !draft.state.declarationAt) return { ok: false, reason: "notReady" };
  if (documents) {
    const unsigned = await missingSignatures(documents, owner, draft);
    if (unsigned.length > 0) return { ok: false, reason: "signatureMissing", documents: unsigned.map((d) => d.name) };
  }
  const outcome = await submitter.submit(submissionOf(draft, owner));
  if (outcome.kind === "submitted") await deleteOwnDraft(db, owner, id);
  return { ok: true, outcome };
}

/** What a complete draft submits (the seam's input; shown on the submit page). */
export function submissionOf(draft: LoadedDraft, owner: DraftOwner) {
  return {
    draftId: draft.id,
    // One draft makes at most one dossier: a double click, a retried request or a second tab all submit this key.
    idempotencyKey: draft.id,
    owner,
    procedureVersionId: draft.procedure.versionId,
    procedureCode: draft.procedure.code,
    agencyId: draft.agency.id,
    applicant: draft.state.applicant!,
    onBehalfOf: draft.state.onBehalfOf,
    values: draft.state.answers.values,
    caseCode: draft.state.documents.case,
    documents: draft.documents.map((d) => ({ index: d.index, name: d.name, fileIds: draft.state.documents.files[String(d.index)] ?? [] })).filter((d) => d.fileIds.length > 0),
    fees: draft.fees,
    declarationAt: draft.state.declarationAt!,
  };
}

export async function discardDraft(db: Db, owner: DraftOwner, id: string) {
  if (!UUID.test(id)) return false;
  return deleteOwnDraft(db, owner, id);
}

// ---------------------------------------------------------------------------------------------------------------
// The seams' implementations for now

function walletFileOf(r: Awaited<ReturnType<typeof findWalletFiles>>[number]): WalletFile {
  return { id: r.id, name: r.name, mediaType: r.mediaType, sizeBytes: Number(r.sizeBytes), createdAt: r.createdAt, signature: summariseStored(r.signatureStatus, r.signatureReport) };
}

/** DraftDocuments over the owner's wallet; uploads are received by `receiveUpload` (streamed into storage). */
export function walletDraftDocuments(db: Db, receiveUpload: DraftDocuments["receiveUpload"]): DraftDocuments {
  return {
    available: (owner) => findWalletFiles(db, owner).then((rows) => rows.map(walletFileOf)),
    resolve: (owner, ids) => findWalletFiles(db, owner, ids.filter((i) => UUID.test(i))).then((rows) => rows.map(walletFileOf)),
    receiveUpload,
  };
}

