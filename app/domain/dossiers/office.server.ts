import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../../../db/schema";
import { newId } from "../../platform/ids.server";
import { agenciesFor, type Actor } from "../access/permissions";
import { findAgenciesValidOn } from "../agencies/agencies.repo.server";
import { answerRows, type AnswerSection } from "../filing/filing";
import type { FormValues } from "../forms/compile";
import type { FormDefinition } from "../forms/form-definition";
import { parseJsonColumn } from "../procedures/catalog.repo.server";
import type { ProcedureContent } from "../procedures/catalog.server";
import { findDossierForAction } from "./back-office.repo.server";
import { heldIn, snapshotOf } from "./back-office.server";
import type { DossierStatus } from "./dossiers";
import { NOTE_MAX, type OfficialAction } from "./office";
import {
  findAgencyNames,
  findDossierExtras,
  findDossierFile,
  findDossierFiles,
  findEvents,
  findIssuedDocuments,
  findNotes,
  findOpenSupplementRequest,
  findSteps,
  findVisibleDossierId,
  insertNoteRow,
} from "./office.repo.server";
import { availableActions, type WorkflowStepDef } from "./workflow";

// The officials' view of one dossier (issue 6, the back office): everything an official of an agency that has to do
// with it needs to act (summary and deadlines, the applicant, the answers, the files, the control sheet, the history,
// the open supplementation request, the internal notes, the documents issued) and the actions the official may take
// now. Internal notes are written here (not a transition of the state machine) and never reach the applicant's pages.

type Db = Kysely<Database>;
type Official = Extract<Actor, { kind: "official" }>;

const HOUR_MS = 3_600_000;
/** The statuses in which the dossier's clock runs (refused, withdrawn, stopped, done, returned: nothing to be late for). */
const RUNNING: readonly DossierStatus[] = [1, 2, 4, 6];

export interface OfficialDossierView {
  code: string;
  procedureCode: string;
  procedureName: string;
  status: DossierStatus;
  channel: string;
  agencyName: string | null;
  currentAgencyId: string;
  currentAgencyName: string | null;
  receivedAt: string;
  acceptanceDueAt: string | null;
  acceptedAt: string | null;
  dueAt: string | null;
  stepDueAt: string | null;
  rescheduledDueAt: string | null;
  pausedAt: string | null;
  resultReadyAt: string | null;
  returnedAt: string | null;
  returnChannel: string | null;
  flags: { overdue: boolean; dueSoon: boolean; paused: boolean };
  /** Every field of the applicant's JSON (name, CCCD, phone, e-mail, address, and whatever else was recorded). */
  applicant: Record<string, unknown>;
  form: FormDefinition;
  answers: AnswerSection[];
  /** The form's top-level fields (name and label key), for the supplementation request's checkboxes. */
  fields: { name: string; labelKey: string }[];
  documents: { index: number; name: string; files: { id: string; name: string; sizeBytes: number; mediaType: string }[] }[];
  /** The procedure's documents (thành phần hồ sơ), by index: what a supplementation request may flag. */
  procedureDocuments: { index: number; name: string }[];
  currentStep: { index: number | null; name: string; role: string } | null;
  /** The workflow step a "forward" leads to. */
  nextStepName: string | null;
  previousStepName: string | null;
  steps: {
    seq: number;
    name: string;
    role: string;
    agency: string | null;
    fromAgency: string | null;
    handedBy: string | null;
    handledBy: string | null;
    startedAt: string;
    dueAt: string | null;
    endedAt: string | null;
    result: "early" | "on_time" | "late" | null;
    outcome: string | null;
  }[];
  history: {
    id: string;
    at: string;
    statusFrom: DossierStatus | null;
    status: DossierStatus;
    actor: "citizen" | "official" | "system";
    actorName: string | null;
    unit: string | null;
    noteKey: string | null;
    params: Record<string, unknown>;
    clock: "pause" | "resume" | null;
  }[];
  supplement: { seq: number; requestedAt: string; fields: { name: string; labelKey: string }[]; documents: string[]; note: string; justification: string | null; respondBy: string | null } | null;
  supplementCount: number;
  notes: { id: string; at: string; author: string; agency: string | null; body: string }[];
  issued: { id: string; kind: string; fileName: string; sizeBytes: number; createdAt: string; audience: string }[];
  /** The dossier's version as read: every action form posts it back (a stale one is refused). */
  version: number;
  actions: OfficialAction[];
}

/** What an action's page (/office/dossiers/:code/:action) shows of the dossier: the part of its view the form needs. */
export function actionPageDossier(view: OfficialDossierView) {
  return {
    code: view.code,
    version: view.version,
    procedureName: view.procedureName,
    status: view.status,
    dueAt: view.dueAt,
    rescheduledDueAt: view.rescheduledDueAt,
    currentAgencyName: view.currentAgencyName,
    currentStepName: view.currentStep?.name ?? null,
    nextStepName: view.nextStepName,
    previousStepName: view.previousStepName,
    supplementCount: view.supplementCount,
    fields: view.fields,
    texts: view.form.texts,
    procedureDocuments: view.procedureDocuments,
  };
}

/** The agencies whose dossiers the official may read. */
const readableAgencies = (actor: Official) => agenciesFor(actor, "read:dossier:agency");

/** The officials' view of a dossier; null when it does not exist or is not one of the official's agencies'. */
export async function officialDossierView(db: Db, input: { actor: Actor; code: string; now?: Date }): Promise<OfficialDossierView | null> {
  if (input.actor.kind !== "official") return null;
  const actor = input.actor;
  const now = input.now ?? new Date();
  const today = now.toISOString().slice(0, 10);
  const id = await findVisibleDossierId(db, input.code, readableAgencies(actor));
  if (!id) return null;
  const row = await findDossierForAction(db, { id });
  if (!row) return null;
  const [extras, files, stepRows, events, supplementRow, noteRows, issued] = await Promise.all([
    findDossierExtras(db, id),
    findDossierFiles(db, id),
    findSteps(db, id),
    findEvents(db, id),
    findOpenSupplementRequest(db, id),
    findNotes(db, id),
    findIssuedDocuments(db, id),
  ]);
  const content = parseJsonColumn<ProcedureContent>(row.content);
  const workflow = content.workflow as WorkflowStepDef[];
  const status = row.status as DossierStatus;
  const names = await findAgencyNames(
    db,
    [row.agencyId, row.currentAgencyId, ...stepRows.flatMap((s) => [s.agencyId, s.fromAgencyId]), ...events.map((e) => e.agencyId), ...noteRows.map((n) => n.agencyId)].filter((a): a is string => !!a),
    today,
  );
  const nameOf = (agencyId: string | null | undefined) => (agencyId ? (names.get(agencyId) ?? null) : null);

  const snapshot = snapshotOf(row, workflow, status === 5 ? (supplementRow?.respondBy ?? null) : null);
  const currentAgency = row.currentAgencyId ?? row.agencyId;
  const actions = availableActions(snapshot, heldIn(actor, currentAgency), now) as OfficialAction[];

  const fields = content.form.sections.flatMap((s) => s.fields).map((f) => ({ name: f.name, labelKey: f.labelKey }));
  const byIndex = new Map<number, OfficialDossierView["documents"][number]>();
  for (const f of files) {
    const doc = byIndex.get(f.documentIndex) ?? { index: f.documentIndex, name: f.documentName, files: [] };
    doc.files.push({ id: f.fileId, name: f.fileName, sizeBytes: Number(f.sizeBytes), mediaType: f.mediaType });
    byIndex.set(f.documentIndex, doc);
  }

  const deadline = status === 1 ? row.acceptanceDueAt : (row.rescheduledDueAt ?? row.dueAt);
  const running = RUNNING.includes(status) && !row.pausedAt && !!deadline;
  const left = deadline ? Date.parse(deadline) - now.getTime() : Number.POSITIVE_INFINITY;
  const stepIndex = snapshot.stepIndex;
  const currentStep = row.stepId ? { index: row.stepIndex ?? null, name: stepRows.find((s) => s.id === row.stepId)?.name ?? "", role: row.stepRole ?? "" } : null;

  const supplementFields = supplementRow ? parseJsonColumn<string[]>(supplementRow.fields) : [];
  const supplementDocs = supplementRow ? parseJsonColumn<number[]>(supplementRow.documents) : [];

  return {
    code: row.code,
    procedureCode: extras.procedureCode,
    procedureName: extras.procedureName,
    status,
    channel: row.channel,
    agencyName: nameOf(row.agencyId),
    currentAgencyId: currentAgency,
    currentAgencyName: nameOf(currentAgency),
    receivedAt: row.receivedAt,
    acceptanceDueAt: row.acceptanceDueAt,
    acceptedAt: row.acceptedAt ?? null,
    dueAt: row.dueAt,
    stepDueAt: row.stepDueAt ?? null,
    rescheduledDueAt: row.rescheduledDueAt ?? null,
    pausedAt: row.pausedAt ?? null,
    resultReadyAt: extras.resultReadyAt ?? null,
    returnedAt: extras.returnedAt ?? null,
    returnChannel: extras.returnChannel ?? null,
    flags: { overdue: running && left < 0, dueSoon: running && left >= 0 && left <= 24 * HOUR_MS, paused: !!row.pausedAt },
    applicant: parseJsonColumn<Record<string, unknown>>(row.applicant),
    form: content.form,
    answers: answerRows(content.form, parseJsonColumn<FormValues>(row.answers)),
    fields,
    documents: [...byIndex.values()],
    procedureDocuments: content.documents.map((d, index) => ({ index, name: d.name })),
    currentStep,
    nextStepName: stepIndex !== null ? (workflow[stepIndex + 1]?.name ?? null) : null,
    previousStepName: stepIndex !== null && stepIndex > 0 ? (workflow[stepIndex - 1]?.name ?? null) : null,
    steps: stepRows.map((s) => ({
      seq: s.seq,
      name: s.name,
      role: s.role,
      agency: nameOf(s.agencyId),
      fromAgency: nameOf(s.fromAgencyId),
      handedBy: s.handedBy ?? null,
      handledBy: s.handledBy ?? null,
      startedAt: s.startedAt,
      dueAt: s.dueAt,
      endedAt: s.endedAt,
      result: s.result,
      outcome: s.outcome,
    })),
    history: events.map((e) => ({
      id: e.id,
      at: e.at,
      statusFrom: (e.statusFrom ?? null) as DossierStatus | null,
      status: e.statusTo as DossierStatus,
      actor: e.actorType,
      actorName: e.actorType === "official" ? (e.actorName ?? null) : null,
      unit: nameOf(e.agencyId),
      noteKey: e.noteKey,
      params: e.noteParams ? parseJsonColumn<Record<string, unknown>>(e.noteParams) : {},
      clock: e.clock,
    })),
    supplement: supplementRow
      ? {
          seq: supplementRow.seq,
          requestedAt: supplementRow.requestedAt,
          fields: supplementFields.map((name) => ({ name, labelKey: fields.find((f) => f.name === name)?.labelKey ?? name })),
          documents: supplementDocs.map((i) => content.documents[i]?.name ?? String(i)),
          note: supplementRow.note,
          justification: supplementRow.justification,
          respondBy: supplementRow.respondBy,
        }
      : null,
    supplementCount: row.supplementCount ?? 0,
    notes: noteRows.map((n) => ({ id: n.id, at: n.at, author: n.author, agency: nameOf(n.agencyId), body: n.body })),
    issued: issued.map((d) => ({ id: d.id, kind: d.kind, fileName: d.fileName, sizeBytes: Number(d.sizeBytes), createdAt: d.createdAt, audience: d.audience })),
    version: row.version,
    actions,
  };
}

export const noteSchema = z.object({
  body: z.string({ error: "dossiers:actions.errors.required" }).trim().min(1, { error: "dossiers:actions.errors.required" }).max(NOTE_MAX, { error: "dossiers:actions.errors.tooLong" }),
});

export type AddNoteResult = { ok: true } | { ok: false; status: 400 | 404; message: string };

/**
 * An internal note on the dossier by an official of one of its agencies (not a transition: the status, the version
 * and the history do not change). Recorded with the agency the dossier is at, when the official belongs to it.
 */
export async function addNote(db: Db, input: { actor: Actor; code: string; body: unknown; now?: Date }): Promise<AddNoteResult> {
  if (input.actor.kind !== "official") return { ok: false, status: 404, message: "dossiers:errors.notFound" };
  const actor = input.actor;
  const parsed = noteSchema.safeParse({ body: input.body });
  const agencies = readableAgencies(actor);
  const id = await findVisibleDossierId(db, input.code, agencies);
  if (!id) return { ok: false, status: 404, message: "dossiers:errors.notFound" };
  if (!parsed.success) return { ok: false, status: 400, message: parsed.error.issues[0]?.message ?? "dossiers:actions.errors.required" };
  const now = input.now ?? new Date();
  const row = await findDossierForAction(db, { id });
  const current = row?.currentAgencyId ?? row?.agencyId ?? null;
  const agencyId = current && agencies.includes(current) ? current : (agencies.find((a) => a === row?.agencyId) ?? agencies[0] ?? null);
  await insertNoteRow(db, { id: newId(now.getTime()), dossier_id: id, author_id: actor.userId, agency_id: agencyId, at: now.toISOString(), body: parsed.data.body });
  return { ok: true };
}

/** A file of the dossier's documents, for an official who may see the dossier (else null: a 404). */
export async function dossierFileForOfficial(db: Db, input: { actor: Actor; code: string; fileId: string }) {
  if (input.actor.kind !== "official") return null;
  const id = await findVisibleDossierId(db, input.code, readableAgencies(input.actor));
  if (!id) return null;
  const file = await findDossierFile(db, id, input.fileId);
  return file ? { sha256: file.sha256, sizeBytes: Number(file.sizeBytes), mediaType: file.mediaType, name: file.name } : null;
}

/** The agencies a dossier may be transferred to (liên thông): those in force today, except the one it is at. */
export async function transferTargets(db: Db, input: { exceptAgencyId?: string | null; now?: Date }) {
  const today = (input.now ?? new Date()).toISOString().slice(0, 10);
  const agencies = await findAgenciesValidOn(db, today);
  return agencies
    .filter((a) => a.kind !== "district_ppc" && a.id !== input.exceptAgencyId)
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((a) => ({ id: a.id, code: a.code, name: a.name }));
}

/** Whether the official may see the dossier at all (before reading an upload meant for it). */
export async function officialSeesDossier(db: Db, input: { actor: Actor; code: string }): Promise<boolean> {
  if (input.actor.kind !== "official") return false;
  return !!(await findVisibleDossierId(db, input.code, readableAgencies(input.actor)));
}
