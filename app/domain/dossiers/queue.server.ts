import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { recordAudit } from "../../platform/audit.server";
import type { Actor } from "../access/permissions";
import { todayInVietnam } from "../shared/format";
import type { DossierApplicant } from "./dossiers";
import { COUNT_CAP, QUEUE_PAGE_SIZE, QUEUE_ROLES, QUEUE_TABS, queueFlags, queueScopeOf, type QueueFilter, type QueueFlag, type QueueRole, type QueueTab } from "./queue";
import { agencyNames, assignIfInQueue, colleaguesIn, dossierForExplanation, queueCounts, queuePage, type QueueScope } from "./queue.repo.server";

// The officials' queue (issue 6): what waits for me, what I hold, what is paused, everything of my agencies; and
// taking a dossier (claim) or giving it to a colleague (assign). Neither changes a dossier's status: only
// back-office.server.ts does that.

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

function scopeOf(actor: Actor): QueueScope | null {
  if (actor.kind !== "official") return null;
  const { byRole, readAgencies } = queueScopeOf(actor);
  return { userId: actor.userId, byRole, readAgencies };
}

export interface QueueRow {
  id: string;
  code: string;
  version: number;
  status: number;
  channel: string;
  procedureCode: string;
  procedureName: string;
  applicantName: string;
  receivedAt: string;
  stepDueAt: string | null;
  agencyId: string | null;
  waitingFor: string | null;
  assignee: { id: string; fullName: string } | null;
  flags: QueueFlag[];
  /** The acting official may take it (it waits for their role in its agency and nobody holds it). */
  claimable: boolean;
  /** Colleagues who hold the role it waits for in its agency (the acting official excluded). */
  assignable: { id: string; fullName: string }[];
}

export interface QueueView {
  tab: QueueTab;
  /** Per tab: how many it holds (filters aside), capped (`capped` when there are more than COUNT_CAP). */
  counts: Record<QueueTab, { n: number; capped: boolean }>;
  /** How many of the shown tab match the filters, capped the same way. */
  total: { n: number; capped: boolean };
  rows: QueueRow[];
  page: number;
  hasNext: boolean;
  /** Everyone the acting official may give some dossier of their queue to (the bulk form's select). */
  colleagues: { id: string; fullName: string; agencyName: string; role: QueueRole }[];
}

function applicantName(json: string): string {
  try {
    return (JSON.parse(json) as Partial<DossierApplicant>).fullName ?? "";
  } catch {
    return "";
  }
}

/** The queue page for an official: one tab's page with its rows' flags, the counts of every tab, the colleagues. */
export async function officeQueue(db: Db, input: { actor: Actor; filter: QueueFilter; now: Date }): Promise<{ ok: true; view: QueueView } | { ok: false; reason: "forbidden" }> {
  const scope = scopeOf(input.actor);
  if (!scope || scope.readAgencies.length === 0) return { ok: false, reason: "forbidden" };
  const { filter } = input;
  // Independent reads side by side (PostgreSQL runs them on separate connections; SQLite one after the other).
  const [raw, countsByTab, roster, agencyName] = await Promise.all([
    queuePage(db, scope, filter, QUEUE_PAGE_SIZE + 1, (filter.page - 1) * QUEUE_PAGE_SIZE),
    queueCounts(db, scope, filter),
    colleaguesIn(db, scope.readAgencies),
    agencyNames(db, scope.readAgencies, todayInVietnam(input.now)),
  ]);
  const pageRows = raw.slice(0, QUEUE_PAGE_SIZE);
  const counts = {} as QueueView["counts"];
  const cap = (n: number) => ({ n: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP });
  for (const tab of QUEUE_TABS) counts[tab] = cap(countsByTab[tab]);
  const total = cap(countsByTab.matching);
  const mine = (agencyId: string | null, role: string | null) => agencyId != null && (QUEUE_ROLES as readonly string[]).includes(role ?? "") && scope.byRole[role as QueueRole].includes(agencyId);
  const rows: QueueRow[] = pageRows.map((r) => {
    const inMyQueue = mine(r.agencyId, r.waitingFor) && (r.assigneeId == null || r.assigneeId === scope.userId);
    return {
      id: r.id,
      code: r.code,
      version: r.version,
      status: r.status,
      channel: r.channel,
      procedureCode: r.procedureCode,
      procedureName: r.procedureName ?? r.procedureCode,
      applicantName: applicantName(r.applicant),
      receivedAt: r.receivedAt,
      stepDueAt: r.stepDueAt,
      agencyId: r.agencyId,
      waitingFor: r.waitingFor,
      assignee: r.assigneeId ? { id: r.assigneeId, fullName: r.assigneeName ?? "" } : null,
      flags: queueFlags(r, input.now),
      claimable: inMyQueue && r.assigneeId == null,
      assignable: inMyQueue
        ? uniqueById(roster.filter((c) => c.agencyId === r.agencyId && c.role === r.waitingFor && c.userId !== scope.userId).map((c) => ({ id: c.userId, fullName: c.fullName })))
        : [],
    };
  });
  const colleagues = roster
    .filter((c) => c.userId !== scope.userId && scope.byRole[c.role as QueueRole]?.includes(c.agencyId))
    .map((c) => ({ id: c.userId, fullName: c.fullName, agencyName: agencyName.get(c.agencyId) ?? "", role: c.role as QueueRole }));
  return { ok: true, view: { tab: filter.tab, counts, total, rows, page: filter.page, hasNext: raw.length > QUEUE_PAGE_SIZE, colleagues } };
}

function uniqueById<T extends { id: string }>(xs: T[]): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => (seen.has(x.id) ? false : (seen.add(x.id), true)));
}

export type AssignRefusal =
  /** The page was out of date: someone changed the dossier since (its version moved). */
  | "stale"
  /** It no longer waits for the acting official's role in one of their agencies, or someone else holds it. */
  | "notInQueue"
  /** The chosen colleague does not hold the role the dossier waits for in its agency. */
  | "assigneeNotEligible";

export interface AssignResult {
  assigned: { id: string; code: string }[];
  refused: { id: string; code: string | null; reason: AssignRefusal }[];
}

/**
 * Give dossiers to an official (the acting one: "Nhận xử lý"; a colleague: "Giao cho"), each in its own transaction
 * with an optimistic check of the version the page showed: one stale or moved dossier does not stop the others, and
 * nothing but the holder (and the version) changes. An audit row per dossier given.
 */
export async function assignDossiers(
  db: Db,
  input: { actor: Actor; items: readonly { id: string; version: number }[]; assigneeId: string; now: Date; ip?: string | null },
): Promise<{ ok: true; result: AssignResult } | { ok: false; reason: "forbidden" }> {
  const scope = scopeOf(input.actor);
  if (!scope || scope.readAgencies.length === 0) return { ok: false, reason: "forbidden" };
  const result: AssignResult = { assigned: [], refused: [] };
  const at = input.now.toISOString();
  const seen = new Set<string>();
  for (const item of input.items) {
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    const outcome = await db.transaction().execute(async (trx: Trx) => {
      const done = await assignIfInQueue(trx, { scope, dossierId: item.id, version: item.version, assigneeId: input.assigneeId, now: at });
      const row = await dossierForExplanation(trx, scope, item.id);
      if (done && row) {
        await recordAudit(trx, {
          actor: { type: "official", id: scope.userId },
          action: input.assigneeId === scope.userId ? "dossier.claimed" : "dossier.assigned",
          entity: { type: "dossier", id: item.id },
          ip: input.ip ?? null,
          details: { code: row.code, assignee: input.assigneeId, agency: row.agencyId, role: row.waitingFor, version: row.version },
          at: input.now,
        });
        return { ok: true as const, code: row.code };
      }
      return { ok: false as const, row };
    });
    if (outcome.ok) {
      result.assigned.push({ id: item.id, code: outcome.code });
      continue;
    }
    const row = outcome.row;
    const inQueue =
      row != null &&
      (QUEUE_ROLES as readonly string[]).includes(row.waitingFor ?? "") &&
      row.agencyId != null &&
      scope.byRole[row.waitingFor as QueueRole].includes(row.agencyId) &&
      (row.assigneeId == null || row.assigneeId === scope.userId);
    const reason: AssignRefusal = !row || !inQueue ? "notInQueue" : row.version !== item.version ? "stale" : "assigneeNotEligible";
    result.refused.push({ id: item.id, code: row?.code ?? null, reason });
  }
  return { ok: true, result };
}
