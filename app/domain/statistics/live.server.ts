import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { permissionsOf, type Actor } from "../access/permissions";
import { startOfVietnameseDay } from "../dossiers/queue";
import { todayInVietnam } from "../shared/format";
import {
  byOverdue,
  emptyAgencyFigures,
  hasFigures,
  LIVE_CHANNELS,
  LIVE_DUE_SOON_MS,
  LIVE_LIST_SIZE,
  subtreeOf,
  type LiveAgencyRow,
  type LiveChannel,
  type LiveDossier,
  type LiveView,
} from "./live";
import { agencyTreeOn, inProgressDueBetween, intakeBetween, openByAgency, type LiveScope } from "./live.repo.server";

// The leaders' live view (issue 10, item 4): the figures of live.ts read at one instant for the agencies of an
// official's scope. Nothing is cached or rolled up: open dossiers are few and the queries read index entries
// (live.repo.server.ts).

type Db = Kysely<Database>;

/** The permission that opens the live view (the approver role: an agency's leaders). */
export const LIVE_PERMISSION = "read:statistics:agency" as const;

/**
 * The live view of these agencies and every agency under them in the tree as it stands today ("all": the province).
 * An empty set gives an empty view.
 */
export async function liveView(db: Db, input: { agencyIds: ReadonlySet<string> | "all"; now: Date }): Promise<LiveView> {
  const { now } = input;
  const today = todayInVietnam(now);
  const tree = await agencyTreeOn(db, today);
  // The whole province: every agency of today's tree (the indexes are led by the agency, so a list is what they serve).
  const scope: LiveScope = input.agencyIds === "all" ? tree.map((a) => a.agencyId) : [...subtreeOf(input.agencyIds, tree)];
  const at = now.toISOString();
  const soon = new Date(now.getTime() + LIVE_DUE_SOON_MS).toISOString();
  const [intake, open, overdueRows, soonRows] = await Promise.all([
    intakeBetween(db, scope, startOfVietnameseDay(today), startOfVietnameseDay(today, 1)),
    openByAgency(db, scope, at, soon),
    inProgressDueBetween(db, scope, { after: null, until: at }, LIVE_LIST_SIZE),
    inProgressDueBetween(db, scope, { after: at, until: soon }, LIVE_LIST_SIZE),
  ]);
  const names = new Map(tree.map((a) => [a.agencyId, a.shortName ?? a.name]));
  const nameOf = (id: string) => names.get(id) ?? id;
  const rows = new Map<string, LiveAgencyRow>();
  const rowOf = (agencyId: string) => {
    let row = rows.get(agencyId);
    if (!row) rows.set(agencyId, (row = { agencyId, agencyName: nameOf(agencyId), ...emptyAgencyFigures() }));
    return row;
  };
  for (const r of intake) {
    if (!(LIVE_CHANNELS as readonly string[]).includes(r.channel)) continue;
    const row = rowOf(r.agencyId);
    row.intake[r.channel as LiveChannel] += r.n;
    row.intake.total += r.n;
  }
  for (const r of open) Object.assign(rowOf(r.agencyId), { inProgress: r.inProgress, overdue: r.overdue, dueSoon: r.dueSoon, waitingApplicant: r.waitingApplicant, waitingPayment: r.waitingPayment });
  const agencies = [...rows.values()].filter(hasFigures).sort(byOverdue);
  const totals = emptyAgencyFigures();
  for (const r of agencies) {
    for (const c of LIVE_CHANNELS) totals.intake[c] += r.intake[c];
    totals.intake.total += r.intake.total;
    totals.inProgress += r.inProgress;
    totals.overdue += r.overdue;
    totals.dueSoon += r.dueSoon;
    totals.waitingApplicant += r.waitingApplicant;
    totals.waitingPayment += r.waitingPayment;
  }
  const dossier = (r: (typeof overdueRows)[number]): LiveDossier => ({
    code: r.code,
    procedureCode: r.procedureCode,
    procedureName: r.procedureName ?? r.procedureCode,
    agencyId: r.agencyId,
    agencyName: nameOf(r.agencyId),
    dueAt: r.dueAt ?? at,
    ms: Math.abs(now.getTime() - new Date(r.dueAt ?? at).getTime()),
    canOpen: true,
  });
  return {
    at,
    agencyCount: scope.length,
    totals,
    agencies,
    mostOverdue: overdueRows.map(dossier),
    dueSoon: soonRows.map(dossier),
  };
}

/** The agencies whose live view the actor may see (those where they hold the permission); null: none. */
export function liveRootsOf(actor: Actor): ReadonlySet<string> | "all" | null {
  const held = permissionsOf(actor).get(LIVE_PERMISSION);
  if (!held || (held !== "all" && held.size === 0)) return null;
  return held;
}

/** The live view for an official: their agencies where they hold the permission and every agency under them. */
export async function liveViewFor(db: Db, input: { actor: Actor; now: Date }): Promise<{ ok: true; view: LiveView } | { ok: false; reason: "forbidden" }> {
  const roots = liveRootsOf(input.actor);
  if (!roots) return { ok: false, reason: "forbidden" };
  const view = await liveView(db, { agencyIds: roots, now: input.now });
  const readable = permissionsOf(input.actor).get("read:dossier:agency");
  const canOpen = (agencyId: string) => readable === "all" || (readable?.has(agencyId) ?? false);
  const mark = (d: LiveDossier): LiveDossier => ({ ...d, canOpen: canOpen(d.agencyId) });
  return { ok: true, view: { ...view, mostOverdue: view.mostOverdue.map(mark), dueSoon: view.dueSoon.map(mark) } };
}
