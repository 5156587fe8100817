import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { agenciesFor, can, type Actor } from "../access/permissions";
import type { FormDefinition } from "../forms/form-definition";
import { parseJsonColumn } from "../procedures/catalog.repo.server";
import type { ProcedureContent } from "../procedures/catalog.server";
import { foldForSearch } from "../shared/search";
import { applyActionInTransaction, type EngineSettings } from "./back-office.server";
import type { BackOfficeServices } from "./back-office.seams";
import { MAX_FILES_PER_DOCUMENT, type DossierApplicant, type DossierStatus, type SubmittedDocument } from "./dossiers";
import { idempotencyKeySchema } from "./dossiers.schema";
import { checkFiling, createDossier, FilingRefused, runFiling, type FieldError, type SubmitResult } from "./dossiers.server";
import { findOfferedVersions, findOfficerFiles, findReceipt, findReceivedDossier } from "./counter.repo.server";

// Filing at the counter (issue 6; shared/domain/vn-egov.md §2.4): a receiving officer files a dossier for a walk-in
// citizen, scanning the paper documents, and the dossier is accepted on the spot (1→2 by the engine, Mẫu 01 issued
// with the appointment date) in the transaction that creates it.
//
// Decision (the lead's record): the dossier is owned by the officer's account (owner_user_id = the officer, no
// organisation), channel "in_person", the walk-in applicant's details in the applicant JSON (name, CCCD, phone,
// e-mail, address). The citizen follows it on the public tracking page with the code and the last 4 digits of the
// CCCD or phone, and collects the result at the counter. The scans are files owned by the officer (source "upload").

type Db = Kysely<Database>;
type Official = Extract<Actor, { kind: "official" }>;

const RECEIVE = "receive:dossier:agency" as const;

export const counterErrors = {
  notYourAgency: "counter:errors.notYourAgency",
  notChecked: "counter:errors.notChecked",
  notAccepted: "counter:errors.notAccepted",
} as const;

/** The agencies where the actor may receive dossiers (none for anyone but an official with the role). */
export function receivingAgencies(actor: Actor): string[] {
  return actor.kind === "official" ? agenciesFor(actor, RECEIVE) : [];
}

// ---------------------------------------------------------------------------------------------------------------
// Choosing the procedure
// ---------------------------------------------------------------------------------------------------------------

export interface CounterProcedure {
  versionId: string;
  code: string;
  name: string;
  agencyId: string;
  agencyName: string;
}

/**
 * The procedures the officer's agencies take in person (an in_person channel in the offering that serves the agency),
 * in their version in force; filtered by a search (code or name, without diacritics), sorted by name.
 */
export async function counterProcedures(db: Db, input: { actor: Actor; query?: string; now?: Date }): Promise<CounterProcedure[]> {
  const date = (input.now ?? new Date()).toISOString().slice(0, 10);
  const rows = await findOfferedVersions(db, receivingAgencies(input.actor), date);
  // The version in force per procedure and agency: the latest start, then the highest number.
  const current = new Map<string, (typeof rows)[number]>();
  for (const row of rows) {
    const key = `${row.code}\n${row.agencyId}`;
    const seen = current.get(key);
    if (!seen || row.validFrom > seen.validFrom || (row.validFrom === seen.validFrom && row.version > seen.version)) current.set(key, row);
  }
  const tokens = foldForSearch(input.query ?? "").split(/\s+/).filter(Boolean);
  const out: CounterProcedure[] = [];
  for (const row of current.values()) {
    const content = parseJsonColumn<ProcedureContent>(row.content);
    if (!inPersonChannel(content, { code: row.agencyCode, kind: row.agencyKind })) continue;
    const haystack = foldForSearch(`${row.code} ${row.name}`);
    if (!tokens.every((t) => haystack.includes(t))) continue;
    out.push({ versionId: row.versionId, code: row.code, name: row.name, agencyId: row.agencyId, agencyName: row.agencyName });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name, "vi") || a.agencyName.localeCompare(b.agencyName, "vi"));
}

function inPersonChannel(content: ProcedureContent, agency: { code: string; kind: string }) {
  const offering = content.offerings.find((o) => o.receivers.codes?.includes(agency.code) || (o.receivers.kinds as readonly string[] | undefined)?.includes(agency.kind));
  return offering?.channels.find((c) => c.channel === "in_person") ?? null;
}

export interface CounterDocument {
  index: number;
  name: string;
  required: boolean;
  case: string | null;
  fileTypes: readonly string[];
  maxSizeMb: number;
  maxFiles: number;
}

export interface CounterForm extends CounterProcedure {
  form: FormDefinition;
  documents: CounterDocument[];
  cases: { code: string; name: string }[];
}

/**
 * What the counter's form needs for one procedure at one of the officer's agencies (the first that takes it in
 * person when none is given); null when none of them does.
 */
export async function counterForm(db: Db, input: { actor: Actor; code: string; agencyId?: string | null; now?: Date }): Promise<CounterForm | null> {
  const list = await counterProcedures(db, { actor: input.actor, now: input.now });
  const found = list.find((p) => p.code === input.code && (!input.agencyId || p.agencyId === input.agencyId));
  if (!found) return null;
  const date = (input.now ?? new Date()).toISOString().slice(0, 10);
  const row = (await findOfferedVersions(db, [found.agencyId], date)).find((r) => r.versionId === found.versionId)!;
  const content = parseJsonColumn<ProcedureContent>(row.content);
  return {
    ...found,
    form: content.form as FormDefinition,
    documents: content.documents.map((d, index) => ({
      index,
      name: d.name,
      required: d.required,
      case: d.case ?? null,
      fileTypes: d.fileTypes,
      maxSizeMb: d.maxSizeMb,
      maxFiles: MAX_FILES_PER_DOCUMENT,
    })),
    cases: (content.cases ?? []).map((c) => ({ code: c.code, name: c.name })),
  };
}

/** The officer's own scans among `ids` (to show what a form already holds); anybody else's id is left out. */
export async function counterFiles(db: Db, input: { actor: Actor; ids: readonly string[] }) {
  if (input.actor.kind !== "official") return [];
  const rows = await findOfficerFiles(db, input.actor.userId, input.ids);
  return rows.map((r) => ({ id: r.id, name: r.name, sizeBytes: Number(r.sizeBytes), mediaType: r.mediaType }));
}

// ---------------------------------------------------------------------------------------------------------------
// Filing
// ---------------------------------------------------------------------------------------------------------------

export interface CounterInput {
  actor: Actor;
  procedureVersionId: string;
  agencyId: string;
  /** The walk-in applicant: name, and a CCCD or a phone (the tracking page's second factor); e-mail, address. */
  applicant: unknown;
  answers: unknown;
  /** Files the officer just uploaded (scans), by document. */
  documents: readonly SubmittedDocument[];
  caseCode?: string | null;
  /** The officer ticked "Tôi đã kiểm tra hồ sơ đầy đủ, hợp lệ" (§2.4: in person, the officer checks the dossier). */
  checked: boolean;
  idempotencyKey: string;
  now?: Date;
}

export type CounterResult = SubmitResult;

export type CounterSettings = EngineSettings;

const refuse = (status: 400 | 403 | 404, errors: FieldError[]): CounterResult => ({ ok: false, status, errors });

/**
 * File a dossier at the counter and accept it at once, in one transaction: the same checks as an online submission
 * (applicant, answers with the version's compiled form, documents: required ones present, the officer's own files, of
 * the types and sizes accepted), the dossier at status 1 (channel in_person, code from the agency's sequence, the
 * history row "submitted at the counter"), then the engine's accept (1→2: due date from the working calendar, the
 * receive step, Mẫu 01 through services.issueForm). Anything refused, by the checks or the engine, leaves nothing.
 * The same idempotency key (per officer) gives back the dossier it made the first time.
 */
export async function fileAtCounter(db: Db, services: BackOfficeServices, settings: CounterSettings, input: CounterInput): Promise<CounterResult> {
  const actor = input.actor;
  if (actor.kind !== "official" || !can(actor, RECEIVE, { agencyId: input.agencyId })) {
    return refuse(403, [{ field: "agencyId", message: counterErrors.notYourAgency }]);
  }
  const key = idempotencyKeySchema.safeParse(input.idempotencyKey);
  if (!key.success) return refuse(400, [{ field: "form", message: key.error.issues[0]!.message }]);
  const officer: Official = actor;
  const owner = { userId: officer.userId, organisationId: null };
  const now = input.now ?? new Date();

  return runFiling(db, officer.userId, key.data, async (trx): Promise<CounterResult> => {
    const checked = await checkFiling(trx, input, "in_person", owner, now);
    const notChecked: FieldError[] = input.checked ? [] : [{ field: "checked", message: counterErrors.notChecked }];
    if (!checked.ok) {
      const result = checked.result;
      return !result.ok && result.status === 400 && result.errors.every((e) => e.field !== "agencyId") ? { ...result, errors: [...result.errors, ...notChecked] } : result;
    }
    if (notChecked.length > 0) return refuse(400, notChecked);
    const created = await createDossier(trx, settings, checked.filing, {
      owner,
      by: { type: "official", id: officer.userId },
      channel: "in_person",
      idempotencyKey: key.data,
      noteKey: "history.submittedAtCounter",
      now,
    });
    const accepted = await applyActionInTransaction(trx, services, settings, { actor: officer, dossier: { id: created.id }, action: "accept", version: 1, params: {}, now });
    if (!accepted.ok) {
      throw new FilingRefused(refuse(accepted.status === 403 || accepted.status === 404 ? accepted.status : 400, [{ field: "form", message: accepted.message || counterErrors.notAccepted }]));
    }
    return { ok: true, dossierId: created.id, code: created.code, created: true };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// After filing: the receipt
// ---------------------------------------------------------------------------------------------------------------

export interface CounterReceipt {
  code: string;
  procedureName: string;
  applicantName: string;
  status: DossierStatus;
  receivedAt: string;
  acceptedAt: string | null;
  /** The appointment date (ngày hẹn trả kết quả). */
  dueAt: string | null;
  /** The issued Mẫu 01, when the form issuer recorded it (its download: /office/dossiers/:code/documents/:id). */
  receiptId: string | null;
}

/** A dossier received by one of the officer's agencies, with its receipt; null for anything else. */
export async function counterReceipt(db: Db, input: { actor: Actor; code: string }): Promise<CounterReceipt | null> {
  const row = await findReceivedDossier(db, receivingAgencies(input.actor), input.code);
  if (!row) return null;
  const receipt = await findReceipt(db, row.id);
  return {
    code: row.code,
    procedureName: row.procedureName,
    applicantName: parseJsonColumn<DossierApplicant>(row.applicant).fullName,
    status: row.status as DossierStatus,
    receivedAt: row.receivedAt,
    acceptedAt: row.acceptedAt ?? null,
    dueAt: row.dueAt,
    receiptId: receipt?.id ?? null,
  };
}
