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
