// The catalog counts (full / partial / information-only services per agency) summed over the agency tree for the
// statistics page: one row per child of the selected node (the province's departments and districts by default),
// each counting its whole subtree, and a row for the node itself when it offers services of its own. A province has
// hundreds of communes: a row each would bury the table. Pure.

import type { CatalogCounts } from "./report";

export interface TreeNode {
  id: string;
  name: string;
  parentId: string | null;
}

export function catalogByNode(catalog: readonly CatalogCounts[], agencies: readonly TreeNode[], nodeId: string | null): CatalogCounts[] {
  const known = new Set(agencies.map((a) => a.id));
  const parentOf = new Map(agencies.map((a) => [a.id, a.parentId && known.has(a.parentId) ? a.parentId : null]));
  const tops = agencies.filter((a) => parentOf.get(a.id) === null);
  // The province: its single top node (the provincial People's Committee) stands for it.
  const root = nodeId ?? (tops.length === 1 ? tops[0]!.id : null);
  const rowOf = (id: string): string | null => {
    let cur: string | null = id;
    for (let guard = 0; cur !== null && guard < 50; guard++) {
      if (cur === root) return cur;
      const parent: string | null = parentOf.get(cur) ?? null;
      if (parent === root) return cur;
      cur = parent;
    }
    return null;
  };
  const names = new Map(agencies.map((a) => [a.id, a.name]));
  const out = new Map<string, CatalogCounts>();
  for (const c of catalog) {
    const row = known.has(c.agencyId) ? rowOf(c.agencyId) : null;
    if (row === null) continue;
    const acc = out.get(row) ?? { agencyId: row, agencyName: names.get(row) ?? row, full: 0, partial: 0, info: 0 };
    acc.full += c.full;
    acc.partial += c.partial;
    acc.info += c.info;
    out.set(row, acc);
  }
  return [...out.values()].sort((a, b) => (a.agencyId === root ? -1 : b.agencyId === root ? 1 : a.agencyName.localeCompare(b.agencyName, "vi")));
}
