import { createHash } from "node:crypto";
import { basename } from "node:path";
import type { Kysely, Transaction } from "kysely";
import { z } from "zod";
import type { Database, OnlineLevel } from "../../../db/schema";
import { recordAudit } from "../../platform/audit.server";
import { newId } from "../../platform/ids.server";
import type { FileStorage } from "../../platform/storage.server";
import type { AgencyAt } from "../agencies/agencies";
import { findAgenciesValidOn, findAgencyIdByCode } from "../agencies/agencies.repo.server";
import { stableStringify } from "../shared/stable-json";
import { catalogSchema, type CatalogFile, type ProcedureInput } from "./catalog.schema";
import {
  bumpCatalogRevision,
  findAllCurrentContents,
  findCatalogFile,
  findCurrentIndexRows,
  findCurrentVersionByCode,
  findFields,
  findLatestVersion,
  findOffersOfAgency,
  findOfferingsOfVersion,
  findProcedureByCode,
  getCatalogRevision,
  insertCatalogFile,
  insertOfferings,
  insertProcedure,
  insertVersion,
  maxVersionNumber,
  parseJsonColumn,
  upsertField,
} from "./catalog.repo.server";
import { bestOnlineLevel, GOVERNMENT_LEVELS, LIFE_EVENTS, ONLINE_LEVELS, type GovernmentLevel, type LifeEvent } from "./procedures";
import { countByOnlineLevel, foldEntryTexts, indexEntries, searchCatalog, type CatalogEntry } from "./search";

type Db = Kysely<Database>;

// ---------------------------------------------------------------------------------------------------------------
// Import

export interface ImportIssue {
  /** The procedure's code when the issue is inside one. */
  code: string | null;
  /** JSON path, e.g. procedures[3].offerings[0].channels[1].timeLimit.amount */
  path: string;
  message: string;
}

export type ImportResult =
  | { ok: true; created: number; changed: number; unchanged: number }
  | { ok: false; issues: ImportIssue[] };

/** A template as stored in a version's content: the file is kept by content hash. */
export interface StoredTemplate {
  file: string;
  title?: string;
  sha256: string;
  fileName: string;
  size: number;
}

export type ProcedureContent = Omit<ProcedureInput, "documents"> & {
  documents: (Omit<ProcedureInput["documents"][number], "template"> & { template?: StoredTemplate })[];
};

class ImportRefused extends Error {
  constructor(readonly issues: ImportIssue[]) {
    super("import refused");
  }
}

export function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, part) => (typeof part === "number" ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), "");
}

const MEDIA_TYPES: Record<string, string> = {
  pdf: "application/pdf",
  rtf: "application/rtf",
  doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  odt: "application/vnd.oasis.opendocument.text",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

export function searchTextOf(p: ProcedureInput, fieldName: string): string {
  const f = foldEntryTexts({
    code: p.code,
    localCode: p.localCode,
    name: p.name,
    keywords: p.keywords,
    rest: [fieldName, p.result.name, p.purpose, p.applicantsText ?? ""],
  });
  return [f.code, f.name, f.keywords, f.rest].join("\n");
}

export function resolveOfferings(
  p: ProcedureInput,
  index: number,
  agencies: AgencyAt[],
): { rows: { agencyId: string; deciderId: string; onlineLevel: OnlineLevel }[]; issues: ImportIssue[] } {
  const byCode = new Map(agencies.map((a) => [a.code, a]));
  const byId = new Map(agencies.map((a) => [a.id, a]));
  const issues: ImportIssue[] = [];
  const rows = new Map<string, { agencyId: string; deciderId: string; onlineLevel: OnlineLevel }>();
  p.offerings.forEach((o, oi) => {
    const base = `procedures[${index}].offerings[${oi}]`;
    const receivers: AgencyAt[] = [];
    o.receivers.codes?.forEach((code, ci) => {
      const agency = byCode.get(code);
      if (agency) receivers.push(agency);
      else issues.push({ code: p.code, path: `${base}.receivers.codes[${ci}]`, message: "catalog.errors.unknownAgency" });
    });
    for (const kind of o.receivers.kinds ?? []) receivers.push(...agencies.filter((a) => a.kind === kind));
    let fixedDecider: AgencyAt | undefined;
    if (typeof o.decider === "object") {
      fixedDecider = byCode.get(o.decider.code);
      if (!fixedDecider) issues.push({ code: p.code, path: `${base}.decider.code`, message: "catalog.errors.unknownAgency" });
    }
    for (const receiver of receivers) {
      const decider =
        o.decider === "receiver" ? receiver : o.decider === "parent" ? (receiver.parentId ? byId.get(receiver.parentId) : undefined) : fixedDecider;
      if (!decider) {
        if (o.decider === "parent") issues.push({ code: p.code, path: `${base}.decider`, message: "catalog.errors.noParent" });
        continue;
      }
      if (rows.has(receiver.id)) {
        issues.push({ code: p.code, path: `${base}.receivers`, message: "catalog.errors.agencyTwice" });
        continue;
      }
      rows.set(receiver.id, { agencyId: receiver.id, deciderId: decider.id, onlineLevel: o.onlineLevel });
    }
  });
  return { rows: [...rows.values()], issues };
}

/**
 * Import a catalog file. Idempotent: a procedure whose content (templates included) did not change is left
 * alone; a changed one becomes a new published version from its validFrom. All or nothing.
 */
export async function importCatalog(
  db: Db,
  storage: FileStorage,
  raw: unknown,
  options: { readFile: (relativePath: string) => Promise<Uint8Array>; actorId?: string | null; now?: Date },
): Promise<ImportResult> {
  const parsed = catalogSchema.safeParse(raw);
  if (!parsed.success) {
    const procedures = (raw as { procedures?: { code?: unknown }[] } | null)?.procedures;
    return {
      ok: false,
      issues: parsed.error.issues.map((issue) => {
        const index = issue.path[0] === "procedures" && typeof issue.path[1] === "number" ? issue.path[1] : null;
        const code = index !== null ? procedures?.[index]?.code : undefined;
        return { code: typeof code === "string" ? code : null, path: jsonPath(issue.path), message: issue.message };
      }),
    };
  }
  const catalog: CatalogFile = parsed.data;
  const now = (options.now ?? new Date()).toISOString();

  // Files first: a template is stored (by content hash) before any row refers to it.
  const issues: ImportIssue[] = [];
  const contents: ProcedureContent[] = [];
  for (const [pi, p] of catalog.procedures.entries()) {
    const documents: ProcedureContent["documents"] = [];
    for (const [di, d] of p.documents.entries()) {
      if (!d.template) {
        documents.push({ ...d, template: undefined });
        continue;
      }
      let bytes: Uint8Array;
      try {
        bytes = await options.readFile(d.template.file);
      } catch {
        issues.push({ code: p.code, path: `procedures[${pi}].documents[${di}].template.file`, message: "catalog.errors.templateMissing" });
        continue;
      }
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      if (!(await findCatalogFile(db, sha256))) {
        const stored = await storage.put(bytes);
        const ext = d.template.file.split(".").pop()!.toLowerCase();
        await insertCatalogFile(db, {
          sha256,
          storage_key: stored.key,
          file_name: basename(d.template.file),
          media_type: MEDIA_TYPES[ext] ?? "application/octet-stream",
          size: stored.size,
          created_at: now,
        });
      }
      documents.push({ ...d, template: { ...d.template, sha256, fileName: basename(d.template.file), size: bytes.byteLength } });
    }
    contents.push({ ...p, documents });
  }
  if (issues.length > 0) return { ok: false, issues };

  try {
    return await db.transaction().execute(async (trx) => {
      for (const field of catalog.fields) await upsertField(trx, field);
      const fieldNames = new Map(catalog.fields.map((f) => [f.code, f.name]));
      const agenciesOn = new Map<string, AgencyAt[]>();
      let created = 0;
      let changed = 0;
      let unchanged = 0;
      const problems: ImportIssue[] = [];
      for (const [pi, content] of contents.entries()) {
        if (!agenciesOn.has(content.validFrom)) agenciesOn.set(content.validFrom, await findAgenciesValidOn(trx, content.validFrom));
        const offerings = resolveOfferings(content, pi, agenciesOn.get(content.validFrom)!);
        if (offerings.issues.length > 0) {
          problems.push(...offerings.issues);
          continue;
        }
        const hash = createHash("sha256").update(stableStringify(content)).digest("hex");
        let procedure = await findProcedureByCode(trx, content.code);
        if (procedure) {
          const latest = await findLatestVersion(trx, procedure.id, "published");
          if (latest?.content_hash === hash) {
            unchanged += 1;
            continue;
          }
          changed += 1;
        } else {
          procedure = { id: newId(), code: content.code };
          await insertProcedure(trx, { ...procedure, created_at: now });
          created += 1;
        }
        await publishVersion(trx, {
          procedureId: procedure.id,
          content,
          hash,
          fieldName: fieldNames.get(content.field) ?? content.field,
          offerings: offerings.rows,
          now,
          actorId: options.actorId ?? null,
        });
      }
      if (problems.length > 0) throw new ImportRefused(problems);
      if (created + changed > 0) {
        await bumpCatalogRevision(trx, now);
        await recordAudit(trx, {
          actor: { type: options.actorId ? "official" : "system", id: options.actorId ?? null },
          action: "catalog.imported",
          details: { created, changed, unchanged },
        });
      }
      return { ok: true as const, created, changed, unchanged };
    });
  } catch (error) {
    if (error instanceof ImportRefused) return { ok: false, issues: error.issues };
    throw error;
  }
}

/** The columns of a published version that derive from its content (shared with publishing a draft). */
export function publishedVersionColumns(content: ProcedureContent, hash: string, fieldName: string) {
  return {
    valid_from: content.validFrom,
    name: content.name,
    field_code: content.field,
    levels: `,${content.levels.join(",")},`,
    life_events: `,${content.lifeEvents.join(",")},`,
    best_online_level: bestOnlineLevel(content.offerings.map((o) => o.onlineLevel)),
    status: content.status,
    search_text: searchTextOf(content, fieldName),
    content: JSON.stringify(content),
    content_hash: hash,
  };
}

async function publishVersion(
  trx: Transaction<Database>,
  input: {
    procedureId: string;
    content: ProcedureContent;
    hash: string;
    fieldName: string;
    offerings: { agencyId: string; deciderId: string; onlineLevel: OnlineLevel }[];
    now: string;
    actorId: string | null;
  },
) {
  const { content } = input;
  const versionId = newId();
  await insertVersion(trx, {
    id: versionId,
    procedure_id: input.procedureId,
    version: (await maxVersionNumber(trx, input.procedureId)) + 1,
    state: "published",
    published_at: input.now,
    ...publishedVersionColumns(content, input.hash, input.fieldName),
    created_at: input.now,
    created_by: input.actorId,
  });
  await insertOfferings(
    trx,
    input.offerings.map((o) => ({ id: newId(), version_id: versionId, agency_id: o.agencyId, decider_id: o.deciderId, online_level: o.onlineLevel })),
  );
}

/** The current catalog in the exchange format (templates named by their stored file names). */
export async function exportCatalog(db: Db, date: string): Promise<CatalogFile> {
  const rows = await findAllCurrentContents(db, date);
  const procedures = rows.map((r) => {
    const content = parseJsonColumn<ProcedureContent>(r.content);
    return {
      ...content,
      documents: content.documents.map((d) =>
        d.template ? { ...d, template: { file: d.template.file, ...(d.template.title ? { title: d.template.title } : {}) } } : d,
      ),
    } as ProcedureInput;
  });
  const fields = (await findFields(db)).filter((f) => procedures.some((p) => p.field === f.code));
  return { format: "cong-dich-vu-cong/catalog@1", fields, procedures };
}

// ---------------------------------------------------------------------------------------------------------------
// The in-memory index of current versions, refreshed when the catalog's revision changes (any process may publish)

interface IndexCache {
  revision: number;
  date: string;
  entries: CatalogEntry[];
  counts: Record<OnlineLevel, number>;
  fields: { code: string; name: string }[];
  /** What each agency offers in this revision, filled on first use. */
  agencyOffers: Map<string, { name: string; offers: Map<string, OnlineLevel> } | null>;
}
const caches = new WeakMap<object, IndexCache>();

export async function catalogIndex(db: Db, date: string): Promise<IndexCache> {
  const revision = await getCatalogRevision(db);
  const cached = caches.get(db);
  if (cached && cached.revision === revision && cached.date === date) return cached;
  const rows = await findCurrentIndexRows(db, date);
  const entries: CatalogEntry[] = rows.map((r) => {
    const [code = "", name = "", keywords = "", rest = ""] = r.searchText.split("\n");
    return {
      versionId: r.versionId,
      code: r.code,
      name: r.name,
      fieldCode: r.fieldCode,
      levels: r.levels.split(",").filter(Boolean) as GovernmentLevel[],
      lifeEvents: r.lifeEvents.split(",").filter(Boolean) as LifeEvent[],
      bestOnlineLevel: r.bestOnlineLevel,
      folded: { code, name, keywords, rest },
    };
  });
  indexEntries(entries);
  const used = new Set(entries.map((e) => e.fieldCode));
  const fields = (await findFields(db)).filter((f) => used.has(f.code));
  const fresh: IndexCache = { revision, date, entries, counts: countByOnlineLevel(entries), fields, agencyOffers: new Map() };
  caches.set(db, fresh);
  return fresh;
}

// ---------------------------------------------------------------------------------------------------------------
// Public catalog search

const PAGE_SIZE = 20;

/** Query-string parameters; anything unknown or malformed is ignored rather than refused. */
export const catalogQuerySchema = z.object({
  q: z.string().max(10_000).catch("").transform((s) => s.slice(0, 200)),
  field: z.string().regex(/^[a-z0-9-]{2,60}$/).optional().catch(undefined),
  agency: z.string().regex(/^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/).optional().catch(undefined),
  level: z.enum(GOVERNMENT_LEVELS).optional().catch(undefined),
  online: z.enum(ONLINE_LEVELS).optional().catch(undefined),
  event: z.enum(LIFE_EVENTS).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
export type CatalogQuery = z.infer<typeof catalogQuerySchema>;

export function parseCatalogQuery(params: URLSearchParams): CatalogQuery {
  const raw: Record<string, string> = {};
  for (const key of ["q", "field", "agency", "level", "online", "event", "page"]) {
    const value = params.get(key);
    if (value !== null && value !== "") raw[key] = value;
  }
  return catalogQuerySchema.parse(raw);
}

export async function searchProcedures(db: Db, query: CatalogQuery, date: string) {
  const index = await catalogIndex(db, date);
  const field = index.fields.some((f) => f.code === query.field) ? query.field : undefined;
  let agencyOffers: Map<string, OnlineLevel> | undefined;
  let agency: { code: string; name: string } | undefined;
  if (query.agency) {
    if (!index.agencyOffers.has(query.agency)) {
      const agencyId = await findAgencyIdByCode(db, query.agency);
      const version = agencyId ? (await findAgenciesValidOn(db, date)).find((a) => a.id === agencyId) : undefined;
      index.agencyOffers.set(query.agency, agencyId && version ? { name: version.name, offers: await findOffersOfAgency(db, agencyId) } : null);
    }
    const known = index.agencyOffers.get(query.agency);
    if (known) {
      agencyOffers = known.offers;
      agency = { code: query.agency, name: known.name };
    }
  }
  const ranked = searchCatalog(index.entries, query.q, {
    field,
    level: query.level,
    onlineLevel: query.online,
    lifeEvent: query.event,
    agencyOffers,
  });
  const pages = Math.max(1, Math.ceil(ranked.length / PAGE_SIZE));
  const page = Math.min(query.page, pages);
  const results = ranked.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((r) => ({
    code: r.entry.code,
    name: r.entry.name,
    fieldCode: r.entry.fieldCode,
    levels: r.entry.levels,
    onlineLevel: r.onlineLevel,
  }));
  return {
    query: { ...query, field, agency: agency?.code, page },
    agency,
    total: ranked.length,
    page,
    pages,
    results,
    counts: index.counts,
    fields: index.fields,
    revision: index.revision,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// One procedure's public page

export async function procedurePage(db: Db, code: string, date: string) {
  if (!/^\d\.\d{6}$/.test(code)) return null;
  const version = await findCurrentVersionByCode(db, code, date);
  if (!version) return null;
  const content = parseJsonColumn<ProcedureContent>(version.content);
  const offerings = await findOfferingsOfVersion(db, version.id, date);
  const fields = await findFields(db);
  return {
    version: { number: version.version, validFrom: version.valid_from, publishedAt: version.published_at },
    content,
    fieldName: fields.find((f) => f.code === content.field)?.name ?? content.field,
    bestOnlineLevel: bestOnlineLevel(offerings.map((o) => o.onlineLevel)),
    offerings: offerings.map((o) => ({ code: o.code, name: o.name, kind: o.kind, onlineLevel: o.onlineLevel })),
    channelGroups: channelGroups(content, offerings),
  };
}

/**
 * Time limits and fees as the public page shows them: one group per distinct set of channels, with the levels of
 * government and (when few) the agencies it applies to. Most procedures have one group; a procedure offered by
 * districts and communes on different terms has one per level.
 */
export function channelGroups(
  content: Pick<ProcedureContent, "offerings">,
  agencies: readonly { code: string; name: string; kind: string; level: string }[],
) {
  const groups: { channels: ProcedureContent["offerings"][number]["channels"]; levels: string[]; agencies: string[]; key: string }[] = [];
  for (const offering of content.offerings) {
    const key = stableStringify(offering.channels);
    const served = agencies.filter((a) => offering.receivers.codes?.includes(a.code) || (offering.receivers.kinds as readonly string[] | undefined)?.includes(a.kind));
    const group = groups.find((g) => g.key === key) ?? groups[groups.push({ channels: offering.channels, levels: [], agencies: [], key }) - 1]!;
    for (const a of served) {
      if (!group.levels.includes(a.level)) group.levels.push(a.level);
      if (!group.agencies.includes(a.name)) group.agencies.push(a.name);
    }
  }
  return groups.map(({ channels, levels, agencies: names }) => ({ channels, levels, agencies: names.length <= 3 ? names : [] }));
}

/** A template file of a current procedure version, if that version lists it. */
export async function procedureTemplate(db: Db, code: string, sha256: string, date: string) {
  const page = await procedurePage(db, code, date);
  const template = page?.content.documents.find((d) => d.template?.sha256 === sha256)?.template;
  if (!template) return null;
  const file = await findCatalogFile(db, sha256);
  return file ? { ...file, fileName: template.fileName } : null;
}
