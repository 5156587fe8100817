// The province's agencies as a tree that changes over time (units merge, move and are renamed).
// Pure types and rules; no IO.

import type { AgencyKind, AgencyLevel } from "../../../db/schema";

export type { AgencyKind, AgencyLevel };

/** Every kind of agency, in the order the directory shows them. */
export const AGENCY_KINDS = [
  "ppc",
  "office",
  "service_centre",
  "department",
  "board",
  "inspectorate",
  "vertical",
  "district_ppc",
  "district_one_stop",
  "commune_ppc",
] as const satisfies readonly AgencyKind[];

export interface AgencyAt {
  id: string;
  code: string;
  name: string;
  shortName: string | null;
  kind: AgencyKind;
  level: AgencyLevel;
  parentId: string | null;
  adminUnitCode: string | null;
  validFrom: string;
  validTo: string | null;
}

export interface AgencyNode extends AgencyAt {
  children: AgencyNode[];
}

/** A period [from, to) contains a date; dates are YYYY-MM-DD strings, so string order is date order. */
export function isValidOn(period: { validFrom: string; validTo: string | null }, date: string): boolean {
  return period.validFrom <= date && (period.validTo === null || date < period.validTo);
}

/** Two periods overlap when each starts before the other ends. */
export function periodsOverlap(
  a: { validFrom: string; validTo: string | null },
  b: { validFrom: string; validTo: string | null },
): boolean {
  const aEndsAfterBStarts = a.validTo === null || a.validTo > b.validFrom;
  const bEndsAfterAStarts = b.validTo === null || b.validTo > a.validFrom;
  return aEndsAfterBStarts && bEndsAfterAStarts;
}

const KIND_ORDER: Record<AgencyKind, number> = {
  ppc: 0,
  office: 1,
  service_centre: 2,
  department: 3,
  inspectorate: 4,
  board: 5,
  vertical: 6,
  district_ppc: 7,
  district_one_stop: 8,
  commune_ppc: 9,
};

/**
 * Build the tree from the agencies valid on one date. An agency whose parent is not valid that day is
 * kept as a root rather than lost, so a half-finished reorganisation is still visible.
 */
export function buildAgencyTree(agencies: AgencyAt[]): AgencyNode[] {
  const nodes = new Map<string, AgencyNode>();
  for (const agency of agencies) nodes.set(agency.id, { ...agency, children: [] });
  const roots: AgencyNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: AgencyNode[]) => {
    list.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.code.localeCompare(b.code));
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

/** The identifier code format of Decision 20/2020/QĐ-TTg: 000.00.00.H22, level-1 code last. */
export const AGENCY_CODE_PATTERN = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;

/** Every level of government an agency can belong to. */
export const AGENCY_LEVELS = ["province", "district", "commune"] as const satisfies readonly AgencyLevel[];

/** The level-1 code at the end of an agency code ("H22" for Hà Giang), or null for a malformed code. */
export function provinceSuffixOf(code: string): string | null {
  return AGENCY_CODE_PATTERN.test(code) ? code.slice(code.lastIndexOf(".") + 1) : null;
}

/** The agency and every agency below it in the tree (to refuse making an agency its own ancestor). */
export function subtreeOf(agencies: readonly Pick<AgencyAt, "id" | "parentId">[], id: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const a of agencies) if (a.parentId) children.set(a.parentId, [...(children.get(a.parentId) ?? []), a.id]);
  const out = new Set<string>([id]);
  const queue = [id];
  while (queue.length > 0) {
    for (const child of children.get(queue.pop()!) ?? []) {
      if (!out.has(child)) {
        out.add(child);
        queue.push(child);
      }
    }
  }
  return out;
}

/** The details an administrator edits (everything but the code, which never changes). */
export interface AgencyDetails {
  name: string;
  shortName: string | null;
  kind: AgencyKind;
  level: AgencyLevel;
  parentId: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
}

export const AGENCY_DETAIL_FIELDS = ["name", "shortName", "kind", "level", "parentId", "address", "phone", "email"] as const satisfies readonly (keyof AgencyDetails)[];

/** The fields whose values differ between two versions of an agency's details. */
export function changedFields(before: AgencyDetails, after: AgencyDetails): (keyof AgencyDetails)[] {
  return AGENCY_DETAIL_FIELDS.filter((field) => before[field] !== after[field]);
}

/** The last day a period ending (exclusively) on `validTo` covers: the day before, YYYY-MM-DD. */
export function lastDayBefore(validTo: string): string {
  const day = new Date(`${validTo}T00:00:00.000Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}
