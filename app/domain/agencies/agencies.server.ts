import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { recordAudit } from "../../platform/audit.server";
import { newId } from "../../platform/ids.server";
import { can, type OfficialRole } from "../access/permissions";
import { officialActorOf } from "../officials/officials.server";
import { bumpCatalogRevision, findProceduresOfferedBy } from "../procedures/catalog.repo.server";
import { todayInVietnam } from "../shared/format";
import { foldForSearch, searchTokens } from "../shared/search";
import {
  buildAgencyTree,
  changedFields,
  provinceSuffixOf,
  subtreeOf,
  type AgencyAt,
  type AgencyDetails,
  type AgencyKind,
  type AgencyLevel,
  type AgencyNode,
} from "./agencies";
import type { AgencyDetailsInput, AgencyFormField, NewAgencyInput } from "./agencies.schema";
import {
  agencyCodeTaken,
  closeOpenVersion,
  countOfficialsByAgency,
  deleteVersion,
  findAgenciesValidOn,
  findAgencyById,
  findAgencyEvents,
  findAgencyIdByCode,
  findNameOn,
  findOfficialsAt,
  findVersionOn,
  findVersionsOf,
  insertAgency,
  insertVersion,
  updateVersion,
} from "./agencies.repo.server";

export interface AgencyDirectory {
  date: string;
  province: AgencyNode[];
  districts: AgencyNode[];
  total: number;
}

/** The agency directory as it stood on a date: provincial agencies, then each district with its communes. */
export async function agencyDirectoryOn(db: Kysely<Database>, date: string): Promise<AgencyDirectory> {
  const agencies = await findAgenciesValidOn(db, date);
  const roots = buildAgencyTree(agencies);
  const province: AgencyNode[] = [];
  const districts: AgencyNode[] = [];
  const visit = (nodes: AgencyNode[]) => {
    for (const node of nodes) {
      if (node.kind === "district_ppc") districts.push(node);
      else if (node.level === "province") {
        province.push({ ...node, children: [] });
        visit(node.children);
      }
    }
  };
  visit(roots);
  districts.sort((a, b) => (a.adminUnitCode ?? "").localeCompare(b.adminUnitCode ?? ""));
  return { date, province, districts, total: agencies.length };
}

type ReorganiseError = "unknown-agency" | "not-open" | "date-not-after-start";
export type ReorganiseResult = { ok: true } | { ok: false; error: ReorganiseError };

/** Thrown inside a transaction so that nothing of a refused change is kept. */
class Refused extends Error {
  constructor(readonly reason: ReorganiseError) {
    super(reason);
  }
}

async function inTransaction(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<void>): Promise<ReorganiseResult> {
  try {
    await db.transaction().execute(work);
    return { ok: true };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, error: error.reason };
    throw error;
  }
}

/**
 * A new version of an agency from a date (rename, move to another parent): the open version ends the day
 * the new one starts, so the tree on any date has exactly one version of each agency.
 */
export async function changeAgencyFrom(
  db: Kysely<Database>,
  input: {
    code: string;
    validFrom: string;
    changes: Partial<Pick<AgencyAt, "name" | "shortName" | "parentId" | "kind" | "level" | "adminUnitCode">>;
    actorId: string | null;
  },
): Promise<ReorganiseResult> {
  return inTransaction(db, async (trx) => {
    const agencyId = await findAgencyIdByCode(trx, input.code);
    if (!agencyId) throw new Refused("unknown-agency");
    const versions = await findVersionsOf(trx, agencyId);
    const open = versions.find((v) => v.valid_to === null);
    if (!open) throw new Refused("not-open");
    if (input.validFrom <= open.valid_from) throw new Refused("date-not-after-start");
    await closeOpenVersion(trx, agencyId, input.validFrom, null);
    const c = input.changes;
    await insertVersion(trx, {
      ...open,
      id: newId(),
      name: c.name ?? open.name,
      short_name: c.shortName !== undefined ? c.shortName : open.short_name,
      parent_id: c.parentId !== undefined ? c.parentId : open.parent_id,
      kind: c.kind ?? open.kind,
      level: c.level ?? open.level,
      admin_unit_code: c.adminUnitCode !== undefined ? c.adminUnitCode : open.admin_unit_code,
      valid_from: input.validFrom,
      valid_to: null,
      successor_id: null,
      created_at: new Date().toISOString(),
    });
    await recordAudit(trx, {
      actor: { type: input.actorId ? "official" : "system", id: input.actorId },
      action: "agency.changed",
      entity: { type: "agency", id: agencyId },
      details: { validFrom: input.validFrom, changes: c },
    });
  });
}

/** Merge agencies into a successor from a date: the absorbed ones end there and point at the successor. */
export async function mergeAgenciesFrom(
  db: Kysely<Database>,
  input: { codes: string[]; successorCode: string; validFrom: string; actorId: string | null },
): Promise<ReorganiseResult> {
  return inTransaction(db, async (trx) => {
    const successorId = await findAgencyIdByCode(trx, input.successorCode);
    if (!successorId) throw new Refused("unknown-agency");
    for (const code of input.codes) {
      const id = await findAgencyIdByCode(trx, code);
      if (!id) throw new Refused("unknown-agency");
      const closed = await closeOpenVersion(trx, id, input.validFrom, successorId);
      if (closed !== 1) throw new Refused("not-open");
      await recordAudit(trx, {
        actor: { type: input.actorId ? "official" : "system", id: input.actorId },
        action: "agency.merged",
        entity: { type: "agency", id },
        details: { into: input.successorCode, validFrom: input.validFrom },
      });
    }
  });
}

/** Agencies valid on a date, as choices for a filter: provincial first, then by code. */
export async function agencyChoicesOn(db: Kysely<Database>, date: string) {
  const agencies = await findAgenciesValidOn(db, date);
  const order = (a: AgencyAt) => (a.level === "province" ? 0 : a.level === "district" ? 1 : 2);
  return agencies
    .filter((a) => a.kind !== "district_ppc")
    .sort((a, b) => order(a) - order(b) || a.code.localeCompare(b.code))
    .map((a) => ({ code: a.code, name: a.name }));
}

// ---------------------------------------------------------------------------------------------------------------
// Administration (system administrators, "manage:agency:any")
//
// The tree is versioned by day: a change made today closes the version in force (valid_to = today) and opens a new
// one from today, so the directory and the catalog show the new details from today and the old ones for earlier
// dates. A second change on the same day corrects today's version (one version per agency per day, as the schema
// requires); the audit trail keeps every change with the values it replaced (docs/decisions/0011).
// ---------------------------------------------------------------------------------------------------------------

export const MANAGE_AGENCIES = "manage:agency:any" as const;
export const AGENCY_PAGE_SIZE = 50;

async function mayManageAgencies(db: Kysely<Database> | Transaction<Database>, actorUserId: string) {
  const actor = await officialActorOf(db, actorUserId);
  return actor && can(actor, MANAGE_AGENCIES) ? actor : null;
}

const LEVEL_ORDER: Record<AgencyLevel, number> = { province: 0, district: 1, commune: 2 };
const byLevelThenCode = (a: AgencyAt, b: AgencyAt) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.code.localeCompare(b.code);

export interface AgencyListRow {
  id: string;
  code: string;
  name: string;
  shortName: string | null;
  kind: AgencyKind;
  level: AgencyLevel;
  parentName: string | null;
  officials: number;
}

/** The agencies in force today, searched by name, short name or code, a page at a time, with their officials' count. */
export async function agencyAdminList(
  db: Kysely<Database>,
  input: { actorUserId: string; q?: string; page?: number; now?: Date },
): Promise<{ ok: true; date: string; rows: AgencyListRow[]; total: number; page: number; pages: number } | { ok: false; reason: "forbidden" }> {
  if (!(await mayManageAgencies(db, input.actorUserId))) return { ok: false, reason: "forbidden" };
  const date = todayInVietnam(input.now);
  const agencies = (await findAgenciesValidOn(db, date)).sort(byLevelThenCode);
  const names = new Map(agencies.map((a) => [a.id, a.name]));
  const tokens = searchTokens(input.q ?? "");
  const matching = tokens.length === 0 ? agencies : agencies.filter((a) => {
    const text = foldForSearch(`${a.name} ${a.shortName ?? ""} ${a.code}`);
    return tokens.every((t) => text.includes(t));
  });
  const counts = await countOfficialsByAgency(db);
  const pages = Math.max(1, Math.ceil(matching.length / AGENCY_PAGE_SIZE));
  const page = Math.min(Math.max(1, input.page ?? 1), pages);
  const rows = matching.slice((page - 1) * AGENCY_PAGE_SIZE, page * AGENCY_PAGE_SIZE).map((a) => ({
    id: a.id,
    code: a.code,
    name: a.name,
    shortName: a.shortName,
    kind: a.kind,
    level: a.level,
    parentName: a.parentId ? (names.get(a.parentId) ?? null) : null,
    officials: counts.get(a.id) ?? 0,
  }));
  return { ok: true, date, rows, total: matching.length, page, pages };
}

/** Every agency in force on a date as a choice (parent, successor): provincial first, then by code. */
export async function agencyOptionsOn(db: Kysely<Database>, date: string): Promise<{ code: string; name: string }[]> {
  return (await findAgenciesValidOn(db, date)).sort(byLevelThenCode).map((a) => ({ code: a.code, name: a.name }));
}

type AgencyErrors = Partial<Record<AgencyFormField, string>>;
export type AgencyFormResult =
  | { ok: true; agencyId: string; corrected: boolean }
  | { ok: false; reason: "forbidden" | "notFound" | "ended" | "unchanged" }
  | { ok: false; reason: "invalid"; errors: AgencyErrors };

/** The checks that need the tree in force today: the parent, a single Provincial People's Committee, unique names. */
function checkDetails(agencies: readonly AgencyAt[], input: AgencyDetailsInput, selfId: string | null) {
  const errors: AgencyErrors = {};
  let parent: AgencyAt | undefined;
  if (input.parent === "") {
    if (input.kind !== "ppc") errors.parent = "agencies-admin:errors.parentRequired";
  } else {
    parent = agencies.find((a) => a.code === input.parent);
    if (!parent) errors.parent = "agencies-admin:errors.parentUnknown";
    else if (selfId && subtreeOf(agencies, selfId).has(parent.id)) errors.parent = "agencies-admin:errors.parentCycle";
  }
  if (input.kind === "ppc" && agencies.some((a) => a.kind === "ppc" && a.id !== selfId)) errors.kind = "agencies-admin:errors.ppcTaken";
  const name = foldForSearch(input.name);
  if (agencies.some((a) => a.id !== selfId && foldForSearch(a.name) === name)) errors.name = "agencies-admin:errors.nameTaken";
  return { errors, parent };
}

const detailsOfVersion = (v: Database["agency_versions"]): AgencyDetails => ({
  name: v.name,
  shortName: v.short_name,
  kind: v.kind,
  level: v.level,
  parentId: v.parent_id,
  address: v.address,
  phone: v.phone,
  email: v.email,
});

const columnsOf = (d: AgencyDetails) => ({
  name: d.name,
  short_name: d.shortName,
  kind: d.kind,
  level: d.level,
  parent_id: d.parentId,
  address: d.address,
  phone: d.phone,
  email: d.email,
});

/**
 * Create an agency, in force from today. Its code (Decision 20/2020/QĐ-TTg, e.g. 000.00.25.H22) is unique forever
 * and ends with the province's own code (that of the Provincial People's Committee).
 */
export async function createAgency(
  db: Kysely<Database>,
  input: { actorUserId: string; agency: NewAgencyInput; ip?: string | null; now?: Date },
): Promise<AgencyFormResult> {
  const now = input.now ?? new Date();
  const actor = await mayManageAgencies(db, input.actorUserId);
  if (!actor) return { ok: false, reason: "forbidden" };
  const date = todayInVietnam(now);
  return db.transaction().execute(async (trx): Promise<AgencyFormResult> => {
    const agencies = await findAgenciesValidOn(trx, date);
    const { errors, parent } = checkDetails(agencies, input.agency, null);
    const ppc = agencies.find((a) => a.kind === "ppc");
    const suffix = ppc ? provinceSuffixOf(ppc.code) : null;
    if (suffix && provinceSuffixOf(input.agency.code) !== suffix) errors.code = "agencies-admin:errors.codeProvince";
    else if (await agencyCodeTaken(trx, input.agency.code)) errors.code = "agencies-admin:errors.codeTaken";
    if (Object.keys(errors).length > 0) return { ok: false, reason: "invalid", errors };
    const at = now.toISOString();
    const id = newId();
    const details: AgencyDetails = { ...input.agency, parentId: parent?.id ?? null };
    await insertAgency(trx, { id, code: input.agency.code, created_at: at });
    await insertVersion(trx, {
      id: newId(),
      agency_id: id,
      ...columnsOf(details),
      // The administrative unit served follows the parent's (the province for a department, the district…).
      admin_unit_code: parent?.adminUnitCode ?? null,
      valid_from: date,
      valid_to: null,
      successor_id: null,
      created_at: at,
    });
    await bumpCatalogRevision(trx, at);
    await recordAudit(trx, {
      actor: { type: "official", id: actor.userId },
      action: "agency.created",
      entity: { type: "agency", id },
      ip: input.ip ?? null,
      details: { code: input.agency.code, validFrom: date, after: details },
      at: now,
    });
    return { ok: true, agencyId: id, corrected: false };
  });
}

/**
 * Change an agency's details from today: the version in force is closed today and a new one starts (a version
 * that itself started today is corrected instead). The code never changes.
 */
export async function editAgency(
  db: Kysely<Database>,
  input: { actorUserId: string; agencyId: string; agency: AgencyDetailsInput; ip?: string | null; now?: Date },
): Promise<AgencyFormResult> {
  const now = input.now ?? new Date();
  const actor = await mayManageAgencies(db, input.actorUserId);
  if (!actor) return { ok: false, reason: "forbidden" };
  const date = todayInVietnam(now);
  return db.transaction().execute(async (trx): Promise<AgencyFormResult> => {
    const agency = await findAgencyById(trx, input.agencyId);
    if (!agency) return { ok: false, reason: "notFound" };
    const current = await findVersionOn(trx, agency.id, date);
    if (!current) return { ok: false, reason: "ended" };
    const agencies = await findAgenciesValidOn(trx, date);
    const { errors, parent } = checkDetails(agencies, input.agency, agency.id);
    if (Object.keys(errors).length > 0) return { ok: false, reason: "invalid", errors };
    const before = detailsOfVersion(current);
    const after: AgencyDetails = { ...input.agency, parentId: parent?.id ?? null };
    const fields = changedFields(before, after);
    if (fields.length === 0) return { ok: false, reason: "unchanged" };
    const at = now.toISOString();
    const adminUnitCode = after.parentId !== before.parentId && parent ? parent.adminUnitCode : current.admin_unit_code;
    const corrected = current.valid_from === date;
    if (corrected) {
      await updateVersion(trx, current.id, { ...columnsOf(after), admin_unit_code: adminUnitCode });
    } else {
      await updateVersion(trx, current.id, { valid_to: date, successor_id: null });
      await insertVersion(trx, {
        id: newId(),
        agency_id: agency.id,
        ...columnsOf(after),
        admin_unit_code: adminUnitCode,
        valid_from: date,
        // A later version already planned (a reorganisation from a future date) still starts when it was to.
        valid_to: current.valid_to,
        successor_id: current.successor_id,
        created_at: at,
      });
    }
    await bumpCatalogRevision(trx, at);
    const pick = (d: AgencyDetails) => Object.fromEntries(fields.map((f) => [f, d[f]]));
    await recordAudit(trx, {
      actor: { type: "official", id: actor.userId },
      action: "agency.changed",
      entity: { type: "agency", id: agency.id },
      ip: input.ip ?? null,
      details: { validFrom: date, fields, before: pick(before), after: pick(after), corrected },
      at: now,
    });
    return { ok: true, agencyId: agency.id, corrected };
  });
}

export interface DissolveBlockers {
  officials: { id: string; fullName: string; roles: OfficialRole[] }[];
  procedures: { code: string; name: string }[];
  agencies: { id: string; code: string; name: string }[];
}

export type DissolveResult =
  | { ok: true }
  | { ok: false; reason: "forbidden" | "notFound" | "ended" }
  | { ok: false; reason: "inUse"; blockers: DissolveBlockers }
  | { ok: false; reason: "invalid"; errors: { successor: string } };

/** What keeps an agency from being dissolved today: officials with roles there, procedures it offers, agencies under it. */
async function blockersOf(trx: Kysely<Database> | Transaction<Database>, agencyId: string, date: string): Promise<DissolveBlockers> {
  const officials = new Map<string, DissolveBlockers["officials"][number]>();
  for (const row of await findOfficialsAt(trx, agencyId)) {
    const official = officials.get(row.id) ?? { id: row.id, fullName: row.fullName, roles: [] };
    official.roles.push(row.role);
    officials.set(row.id, official);
  }
  const agencies = (await findAgenciesValidOn(trx, date))
    .filter((a) => a.parentId === agencyId)
    .sort(byLevelThenCode)
    .map((a) => ({ id: a.id, code: a.code, name: a.name }));
  return { officials: [...officials.values()], procedures: await findProceduresOfferedBy(trx, agencyId, date), agencies };
}

const blocked = (b: DissolveBlockers) => b.officials.length > 0 || b.procedures.length > 0 || b.agencies.length > 0;

/**
 * Dissolve an agency, or merge it into a successor, from today: its version in force ends today (pointing at the
 * successor) and it leaves the directory, the catalog and every choice of agency. Refused while officials hold
 * roles there, procedures are offered by it, or agencies sit under it: each is named so that it can be moved first.
 */
export async function dissolveAgency(
  db: Kysely<Database>,
  input: { actorUserId: string; agencyId: string; successor: string; ip?: string | null; now?: Date },
): Promise<DissolveResult> {
  const now = input.now ?? new Date();
  const actor = await mayManageAgencies(db, input.actorUserId);
  if (!actor) return { ok: false, reason: "forbidden" };
  const date = todayInVietnam(now);
  return db.transaction().execute(async (trx): Promise<DissolveResult> => {
    const agency = await findAgencyById(trx, input.agencyId);
    if (!agency) return { ok: false, reason: "notFound" };
    const current = await findVersionOn(trx, agency.id, date);
    if (!current) return { ok: false, reason: "ended" };
    const blockers = await blockersOf(trx, agency.id, date);
    if (blocked(blockers)) return { ok: false, reason: "inUse", blockers };
    let successor: AgencyAt | undefined;
    if (input.successor) {
      successor = (await findAgenciesValidOn(trx, date)).find((a) => a.code === input.successor);
      if (!successor) return { ok: false, reason: "invalid", errors: { successor: "agencies-admin:errors.successorUnknown" } };
      if (successor.id === agency.id) return { ok: false, reason: "invalid", errors: { successor: "agencies-admin:errors.successorSelf" } };
    }
    const versions = await findVersionsOf(trx, agency.id);
    // Versions planned after today never come into force.
    const planned = versions.filter((v) => v.valid_from > date);
    for (const v of planned) await deleteVersion(trx, v.id);
    if (current.valid_from < date) {
      await updateVersion(trx, current.id, { valid_to: date, successor_id: successor?.id ?? null });
    } else {
      // A version that started today would last no day at all: it goes (the audit trail keeps what it said), and
      // the version before it, which ends today, points at the successor.
      await deleteVersion(trx, current.id);
      const previous = versions.find((v) => v.valid_to === date);
      if (previous) await updateVersion(trx, previous.id, { successor_id: successor?.id ?? null });
    }
    const at = now.toISOString();
    await bumpCatalogRevision(trx, at);
    await recordAudit(trx, {
      actor: { type: "official", id: actor.userId },
      action: "agency.dissolved",
      entity: { type: "agency", id: agency.id },
      ip: input.ip ?? null,
      details: {
        validTo: date,
        successor: successor?.code ?? null,
        removedVersions: planned.length + (current.valid_from < date ? 0 : 1),
        last: detailsOfVersion(current),
      },
      at: now,
    });
    return { ok: true };
  });
}

export interface AgencyVersionView extends AgencyDetails {
  validFrom: string;
  validTo: string | null;
  parentName: string | null;
  successorName: string | null;
}

export interface AgencyChange {
  at: string;
  action: "agency.created" | "agency.changed" | "agency.dissolved" | "agency.merged";
  by: string | null;
  /** The fields changed (agency.changed). */
  fields: string[];
  corrected: boolean;
  successor: string | null;
}

export interface AgencyAdminPage {
  id: string;
  code: string;
  /** Today's name, else the last one it had (from its versions, or from the audit trail when none is left). */
  name: string;
  date: string;
  /** The version in force today with its parent's code, or null when the agency has ended. */
  current: (AgencyVersionView & { parentCode: string | null }) | null;
  /** When it ended (null when no version is left) and into which agency; null while in force. */
  ended: { validTo: string | null; successor: { id: string; code: string; name: string } | null } | null;
  /** Every version, newest first. */
  versions: AgencyVersionView[];
  changes: AgencyChange[];
  officials: DissolveBlockers["officials"];
  procedures: DissolveBlockers["procedures"];
  agencies: DissolveBlockers["agencies"];
}

const detailsOfAudit = (value: unknown): Record<string, unknown> => {
  const parsed = typeof value === "string" ? (JSON.parse(value) as unknown) : value;
  return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
};

/** One agency for its administration page: today's details, every version, the changes made, and what uses it. */
export async function agencyAdminPage(
  db: Kysely<Database>,
  input: { actorUserId: string; agencyId: string; now?: Date },
): Promise<{ ok: true; page: AgencyAdminPage } | { ok: false; reason: "forbidden" | "notFound" }> {
  if (!(await mayManageAgencies(db, input.actorUserId))) return { ok: false, reason: "forbidden" };
  if (!/^[\w-]{1,64}$/.test(input.agencyId)) return { ok: false, reason: "notFound" };
  const agency = await findAgencyById(db, input.agencyId);
  if (!agency) return { ok: false, reason: "notFound" };
  const date = todayInVietnam(input.now);
  const rows = await findVersionsOf(db, agency.id);
  const versions: AgencyVersionView[] = [];
  for (const v of [...rows].reverse()) {
    versions.push({
      ...detailsOfVersion(v),
      validFrom: v.valid_from,
      validTo: v.valid_to,
      parentName: v.parent_id ? await findNameOn(db, v.parent_id, v.valid_from) : null,
      successorName: v.successor_id ? await findNameOn(db, v.successor_id, v.valid_to ?? date) : null,
    });
  }
  const currentRow = await findVersionOn(db, agency.id, date);
  const current = currentRow ? versions.find((v) => v.validFrom === currentRow.valid_from) : undefined;
  const parent = currentRow?.parent_id ? await findAgencyById(db, currentRow.parent_id) : undefined;
  const events = await findAgencyEvents(db, agency.id);
  const lastDissolved = detailsOfAudit(events.filter((e) => e.action === "agency.dissolved").at(-1)?.details);
  const lastName = (lastDissolved.last as { name?: unknown } | undefined)?.name;
  let ended: AgencyAdminPage["ended"] = null;
  if (!currentRow) {
    const last = rows.at(-1);
    // Without any version left (dissolved the day it was created), the audit trail names the successor.
    const successorId = last ? last.successor_id : typeof lastDissolved.successor === "string" ? await findAgencyIdByCode(db, lastDissolved.successor) : null;
    const successor = successorId ? await findAgencyById(db, successorId) : undefined;
    ended = {
      validTo: last?.valid_to ?? null,
      successor: successor ? { id: successor.id, code: successor.code, name: (await findNameOn(db, successor.id, date)) ?? successor.code } : null,
    };
  }
  const changes = events.map((e): AgencyChange => {
    const d = detailsOfAudit(e.details);
    return {
      at: e.occurredAt,
      action: e.action as AgencyChange["action"],
      by: e.actorName ?? null,
      fields: Array.isArray(d.fields) ? d.fields.filter((f): f is string => typeof f === "string") : [],
      corrected: d.corrected === true,
      successor: typeof d.successor === "string" ? d.successor : typeof d.into === "string" ? d.into : null,
    };
  });
  const uses = await blockersOf(db, agency.id, date);
  return {
    ok: true,
    page: {
      id: agency.id,
      code: agency.code,
      name: current?.name ?? versions[0]?.name ?? (typeof lastName === "string" ? lastName : agency.code),
      date,
      current: current ? { ...current, parentCode: parent?.code ?? null } : null,
      ended,
      versions,
      changes: changes.reverse(),
      ...uses,
    },
  };
}
