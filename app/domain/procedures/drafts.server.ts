import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, OnlineLevel } from "../../../db/schema";
import { recordAudit } from "../../platform/audit.server";
import { newId } from "../../platform/ids.server";
import { findAgenciesValidOn } from "../agencies/agencies.repo.server";
import { stableStringify } from "../shared/stable-json";
import { procedureSchema } from "./catalog.schema";
import { publishedVersionColumns, resolveOfferings, type ProcedureContent } from "./catalog.server";
import {
  bumpCatalogRevision,
  findFields,
  findProcedureByCode,
  insertOfferings,
  insertProcedure,
  insertVersion,
  maxVersionNumber,
  parseJsonColumn,
} from "./catalog.repo.server";
import { draftIssues, type DraftIssue } from "./drafts";
import {
  countVersions,
  deleteDraftRow,
  deleteProcedureRow,
  fieldExists,
  findDraftOfProcedure,
  findLatestPublished,
  findProceduresWithVersions,
  findVersionWithProcedure,
  markDraftPublished,
  updateDraftRow,
} from "./drafts.repo.server";

// The catalog administration: officials edit a draft version of a procedure and publish it. Published versions
// are never changed; publishing turns the draft row into the newest published version (in force from validFrom).

type Db = Kysely<Database>;

export interface AdminProcedureRow {
  code: string;
  /** The version in force on the date, or else the latest published one; null before the first publication. */
  current: { name: string; version: number; onlineLevel: OnlineLevel; validFrom: string } | null;
  draft: { id: string; version: number; name: string } | null;
}

export async function listProceduresForAdmin(db: Db, date: string): Promise<AdminProcedureRow[]> {
  const { procedures, versions } = await findProceduresWithVersions(db);
  return procedures.map((p) => {
    const own = versions.filter((v) => v.procedureId === p.id);
    const published = own.filter((v) => v.state === "published");
    const inForce = published
      .filter((v) => v.validFrom <= date)
      .sort((a, b) => (a.validFrom === b.validFrom ? b.version - a.version : a.validFrom < b.validFrom ? 1 : -1))[0];
    const current = inForce ?? published.sort((a, b) => b.version - a.version)[0];
    const draft = own.find((v) => v.state === "draft");
    return {
      code: p.code,
      current: current ? { name: current.name, version: current.version, onlineLevel: current.bestOnlineLevel, validFrom: current.validFrom } : null,
      draft: draft ? { id: draft.id, version: draft.version, name: draft.name } : null,
    };
  });
}

/** The fields (lĩnh vực) a procedure can belong to. */
export async function listCatalogFields(db: Db) {
  return findFields(db);
}

/** One procedure for the administration: its row of the list. */
export async function procedureForAdmin(db: Db, code: string, date: string): Promise<AdminProcedureRow | null> {
  return (await listProceduresForAdmin(db, date)).find((r) => r.code === code) ?? null;
}

export type StartDraftResult = { ok: true; draftId: string; existing: boolean } | { ok: false; reason: "notFound" };

/**
 * A draft of a procedure, copied from its latest published version (the one in force, or one already scheduled
 * for a later date, which is newer still). When a draft exists already, that one is returned.
 */
export async function startDraft(db: Db, input: { code: string; actorId: string; now?: Date }): Promise<StartDraftResult> {
  const now = (input.now ?? new Date()).toISOString();
  return db.transaction().execute(async (trx) => {
    const procedure = await findProcedureByCode(trx, input.code);
    if (!procedure) return { ok: false as const, reason: "notFound" as const };
    const existing = await findDraftOfProcedure(trx, procedure.id);
    if (existing) return { ok: true as const, draftId: existing.id, existing: true };
    const latest = await findLatestPublished(trx, procedure.id);
    if (!latest) return { ok: false as const, reason: "notFound" as const };
    const content = parseJsonColumn<ProcedureContent>(latest.content);
    const draftId = newId();
    await insertDraft(trx, { id: draftId, procedureId: procedure.id, content, now, actorId: input.actorId });
    await recordAudit(trx, {
      actor: { type: "official", id: input.actorId },
      action: "catalog.draftStarted",
      entity: { type: "procedure_version", id: draftId },
      details: { code: input.code, from: latest.version },
    });
    return { ok: true as const, draftId, existing: false };
  });
}

async function insertDraft(
  trx: Parameters<typeof insertVersion>[0],
  input: { id: string; procedureId: string; content: ProcedureContent; now: string; actorId: string },
) {
  const { content } = input;
  await insertVersion(trx, {
    id: input.id,
    procedure_id: input.procedureId,
    version: (await maxVersionNumber(trx, input.procedureId)) + 1,
    state: "draft",
    valid_from: content.validFrom,
    published_at: null,
    name: content.name,
    field_code: content.field,
    levels: `,${content.levels.join(",")},`,
    life_events: `,${content.lifeEvents.join(",")},`,
    best_online_level: "INFO",
    status: content.status,
    // Filled in on publication; drafts are never searched.
    search_text: "",
    content: JSON.stringify(content),
    content_hash: "",
    created_at: input.now,
    created_by: input.actorId,
  });
}

export const newProcedureSchemaKeys = {
  codeInUse: "catalog.errors.codeInUse",
  unknownField: "catalog.errors.unknownField",
} as const;

export type CreateProcedureResult = { ok: true; draftId: string } | { ok: false; issues: DraftIssue[] };

/** A new procedure code with a first draft: a skeleton to fill in (it is not valid until it is completed). */
export async function createProcedureDraft(
  db: Db,
  input: { code: string; name: string; field: string; actorId: string; today: string; now?: Date },
): Promise<CreateProcedureResult> {
  const parsed = procedureSchema.shape.code.safeParse(input.code);
  const name = procedureSchema.shape.name.safeParse(input.name);
  const issues: DraftIssue[] = [];
  if (!parsed.success) issues.push(...draftIssues(parsed.error.issues, ["code"]));
  if (!name.success) issues.push(...draftIssues(name.error.issues, ["name"]));
  if (issues.length > 0) return { ok: false, issues };
  const now = (input.now ?? new Date()).toISOString();
  return db.transaction().execute(async (trx) => {
    if (!(await fieldExists(trx, input.field))) return { ok: false as const, issues: [{ path: "field", message: newProcedureSchemaKeys.unknownField }] };
    if (await findProcedureByCode(trx, input.code)) return { ok: false as const, issues: [{ path: "code", message: newProcedureSchemaKeys.codeInUse }] };
    const procedureId = newId();
    await insertProcedure(trx, { id: procedureId, code: input.code, created_at: now });
    const content = {
      code: input.code,
      name: input.name.trim(),
      field: input.field,
      levels: [],
      lifeEvents: [],
      applicants: [],
      purpose: "",
      steps: "",
      legalBasis: [],
      result: { name: "" },
      keywords: [],
      status: "in_force",
      validFrom: input.today,
      cases: [],
      documents: [],
      offerings: [],
      form: { version: 1, sections: [], texts: { vi: {} } },
      workflow: [],
    } as unknown as ProcedureContent;
    const draftId = newId();
    await insertDraft(trx, { id: draftId, procedureId, content, now, actorId: input.actorId });
    await recordAudit(trx, {
      actor: { type: "official", id: input.actorId },
      action: "catalog.procedureCreated",
      entity: { type: "procedure_version", id: draftId },
      details: { code: input.code },
    });
    return { ok: true as const, draftId };
  });
}

export interface Draft {
  id: string;
  procedureId: string;
  code: string;
  version: number;
  state: "draft" | "published";
  content: ProcedureContent;
  fields: { code: string; name: string }[];
  /** Changes whenever the draft is saved: an editor's form carries it, so that a save over newer work is refused. */
  token: string;
  /** The stored content as it is (for compare-and-set). */
  stored: string;
}

/** A content column as text: as stored on SQLite; on PostgreSQL (jsonb) in the database's own key order. */
function storedText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** The token of a stored draft content. */
export function draftToken(stored: string): string {
  return createHash("sha256").update(stored).digest("base64url").slice(0, 22);
}

export async function getDraft(db: Db, draftId: string): Promise<Draft | null> {
  if (!/^[0-9a-f-]{36}$/.test(draftId)) return null;
  const row = await findVersionWithProcedure(db, draftId);
  if (!row) return null;
  return {
    id: row.id,
    procedureId: row.procedureId,
    code: row.code,
    version: row.version,
    state: row.state,
    content: parseJsonColumn<ProcedureContent>(row.content),
    fields: await findFields(db),
    token: draftToken(storedText(row.content)),
    stored: storedText(row.content),
  };
}

export type SaveDraftResult = { ok: true } | { ok: false; reason: "notFound" | "notDraft" | "changed" };

/**
 * Store a draft's content as it is (validity is checked part by part while editing, and in full on publication).
 * With `expected`, only if nobody saved the draft since that content was read.
 */
export async function saveDraft(db: Db, draftId: string, content: ProcedureContent, expected?: string): Promise<SaveDraftResult> {
  const row = await findVersionWithProcedure(db, draftId);
  if (!row) return { ok: false, reason: "notFound" };
  if (row.state !== "draft") return { ok: false, reason: "notDraft" };
  // The code is the procedure's; a draft cannot move to another one.
  const stored = { ...content, code: row.code };
  const saved = await updateDraftRow(
    db,
    draftId,
    {
      content: JSON.stringify(stored),
      name: (stored.name || "").slice(0, 500) || "—",
      valid_from: /^\d{4}-\d{2}-\d{2}$/.test(stored.validFrom) ? stored.validFrom : "0000-00-00",
    },
    expected,
  );
  if (saved) return { ok: true };
  return expected !== undefined ? { ok: false, reason: "changed" } : { ok: false, reason: "notDraft" };
}

/**
 * Read, change and store a draft's content in one step (each editor's change is a pure function). Two officials
 * saving at the same moment cannot overwrite each other: the write happens only over the content that was read
 * (the other one is told "changed"). `token`, when given, is the draft as the official's page showed it.
 */
export async function updateDraft(
  db: Db,
  draftId: string,
  change: (content: ProcedureContent) => ProcedureContent,
  token?: string,
): Promise<SaveDraftResult> {
  const draft = await getDraft(db, draftId);
  if (!draft) return { ok: false, reason: "notFound" };
  if (draft.state !== "draft") return { ok: false, reason: "notDraft" };
  if (token !== undefined && token !== draft.token) return { ok: false, reason: "changed" };
  return saveDraft(db, draftId, change(draft.content), draft.stored);
}

export async function discardDraft(db: Db, draftId: string, input: { actorId: string }): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await findVersionWithProcedure(trx, draftId);
    if (!row || row.state !== "draft") return false;
    await deleteDraftRow(trx, draftId);
    // A procedure created here and never published disappears with its only draft.
    if ((await countVersions(trx, row.procedureId)) === 0) await deleteProcedureRow(trx, row.procedureId);
    await recordAudit(trx, {
      actor: { type: "official", id: input.actorId },
      action: "catalog.draftDiscarded",
      entity: { type: "procedure_version", id: draftId },
      details: { code: row.code, version: row.version },
    });
    return true;
  });
}

/** Everything that keeps a draft from being published (empty when it can be). */
export function checkDraft(content: ProcedureContent): { issues: DraftIssue[]; value?: ProcedureContent } {
  const parsed = procedureSchema.safeParse(content);
  if (!parsed.success) return { issues: draftIssues(parsed.error.issues) };
  // The schema knows templates as {file, title}; keep the stored file (hash, name, size) each document refers to.
  const documents = parsed.data.documents.map((d, i) => {
    const stored = content.documents[i]?.template;
    return stored && d.template ? { ...d, template: stored } : { ...d, template: undefined };
  });
  return { issues: [], value: { ...parsed.data, documents } as ProcedureContent };
}

export type PublishResult = { ok: true; version: number; code: string } | { ok: false; issues: DraftIssue[] } | { ok: false; reason: "notFound" | "notDraft" };

class PublishRefused extends Error {
  constructor(readonly issues: DraftIssue[]) {
    super("publication refused");
  }
}

/** Publish a draft: all or nothing. On refusal the issues say what to fix and nothing changes. */
export async function publishDraft(db: Db, draftId: string, input: { actorId: string; now?: Date }): Promise<PublishResult> {
  const now = (input.now ?? new Date()).toISOString();
  const draft = await getDraft(db, draftId);
  if (!draft) return { ok: false, reason: "notFound" };
  if (draft.state !== "draft") return { ok: false, reason: "notDraft" };
  const checked = checkDraft({ ...draft.content, code: draft.code });
  if (!checked.value) return { ok: false, issues: checked.issues };
  const content = checked.value;
  try {
    return await db.transaction().execute(async (trx) => {
      // A version published since the draft was started (by an import) would be silently overridden or shadowed.
      if ((await maxVersionNumber(trx, draft.procedureId)) > draft.version) throw new PublishRefused([{ path: "", message: "catalog.errors.staleDraft" }]);
      if (!(await fieldExists(trx, content.field))) throw new PublishRefused([{ path: "field", message: "catalog.errors.unknownField" }]);
      const agencies = await findAgenciesValidOn(trx, content.validFrom);
      const offerings = resolveOfferings(content, 0, agencies);
      if (offerings.issues.length > 0) {
        throw new PublishRefused(offerings.issues.map((i) => ({ path: i.path.replace(/^procedures\[0\]\./, ""), message: i.message })));
      }
      const hash = createHash("sha256").update(stableStringify(content)).digest("hex");
      const fieldName = (await findFields(trx)).find((f) => f.code === content.field)?.name ?? content.field;
      const published = await markDraftPublished(trx, draftId, { published_at: now, ...publishedVersionColumns(content, hash, fieldName) });
      if (!published) throw new PublishRefused([{ path: "", message: "catalog.errors.notDraft" }]);
      await insertOfferings(
        trx,
        offerings.rows.map((o) => ({ id: newId(), version_id: draftId, agency_id: o.agencyId, decider_id: o.deciderId, online_level: o.onlineLevel })),
      );
      await bumpCatalogRevision(trx, now);
      await recordAudit(trx, {
        actor: { type: "official", id: input.actorId },
        action: "catalog.published",
        entity: { type: "procedure_version", id: draftId },
        details: { code: draft.code, version: draft.version, validFrom: content.validFrom },
      });
      return { ok: true as const, version: draft.version, code: draft.code };
    });
  } catch (error) {
    if (error instanceof PublishRefused) return { ok: false, issues: error.issues };
    throw error;
  }
}
