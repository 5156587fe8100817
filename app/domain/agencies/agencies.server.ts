import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { recordAudit } from "../../platform/audit.server";
import { newId } from "../../platform/ids.server";
import { buildAgencyTree, type AgencyAt, type AgencyNode } from "./agencies";
import {
  closeOpenVersion,
  findAgenciesValidOn,
  findAgencyIdByCode,
  findVersionsOf,
  insertVersion,
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
