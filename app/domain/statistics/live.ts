// The leaders' live view (issue 10, item 4: the "operations centre" of the seed article): today's intake, the dossiers
// due within 24 h, the overdue ones by agency, what waits for the applicant or a payment. Pure and isomorphic: the
// shapes, the agency tree's scope, how long a dossier is overdue and the bar chart's geometry. The queries are in
// live.repo.server.ts, the use case in live.server.ts.
//
// Definitions (shared/domain/vn-egov.md §3.1), read at one instant `now` rather than for a period:
//   in progress      status 2 (accepted) or 4 (in processing);
//   overdue          in progress and due_at ≤ now (the original appointment: a rescheduled date does not hide it);
//   due within 24 h  in progress and now < due_at ≤ now + 24 h;
//   waiting          status 5 (for the applicant's supplementation) or 6 (for a payment);
//   today's intake   accepted (accepted_at) since 00:00 today in Vietnam, by channel.
// Every figure is of the dossiers' responsible agency (dossiers.agency_id), as the statistics are.

import type { DossierChannel } from "../../../db/schema";

export const LIVE_CHANNELS = ["online", "in_person", "post"] as const satisfies readonly DossierChannel[];
export type LiveChannel = (typeof LIVE_CHANNELS)[number];

/** Statuses of a dossier in progress (§3.1), and those waiting outside the agency. */
export const IN_PROGRESS_STATUSES = [2, 4] as const;
export const WAITING_APPLICANT_STATUS = 5;
export const WAITING_PAYMENT_STATUS = 6;
export const OPEN_STATUSES = [...IN_PROGRESS_STATUSES, WAITING_APPLICANT_STATUS, WAITING_PAYMENT_STATUS] as const;

/** "Due soon": the deadline falls within this many milliseconds of now. */
export const LIVE_DUE_SOON_MS = 24 * 3_600_000;
/** How many of the most overdue (and of the soonest due) dossiers the view lists. */
export const LIVE_LIST_SIZE = 10;
/** How many agencies the bar chart draws (the table beside it lists the same ones). */
export const LIVE_CHART_AGENCIES = 10;
/** The page asks for fresh figures this often while it is visible (JavaScript on). */
export const LIVE_REFRESH_MS = 30_000;

export interface LiveAgencyRow {
  agencyId: string;
  agencyName: string;
  /** Accepted today, by channel, and their sum. */
  intake: Record<LiveChannel, number> & { total: number };
  inProgress: number;
  overdue: number;
  dueSoon: number;
  waitingApplicant: number;
  waitingPayment: number;
}

export interface LiveDossier {
  code: string;
  procedureCode: string;
  procedureName: string;
  agencyId: string;
  agencyName: string;
  /** ISO instant of the (original) due date. */
  dueAt: string;
  /** Overdue: how long past the due date; due soon: how long until it (ms, ≥ 0). */
  ms: number;
  /** The viewer may open the dossier (read:dossier:agency in its agency): a leader sees the figures of the agencies under theirs, not always their dossiers. */
  canOpen: boolean;
}

export interface LiveView {
  /** When the figures were read (ISO instant). */
  at: string;
  /** The agencies covered (the official's own and every agency under them), or the whole province. */
  agencyCount: number;
  totals: Omit<LiveAgencyRow, "agencyId" | "agencyName">;
  /** Agencies with at least one figure not zero, most overdue first (then most intake, then name). */
  agencies: LiveAgencyRow[];
  /** The most overdue dossiers (longest past their due date first), at most LIVE_LIST_SIZE. */
  mostOverdue: LiveDossier[];
  /** The dossiers due soonest within 24 h, at most LIVE_LIST_SIZE. */
  dueSoon: LiveDossier[];
}

export interface AgencyNode {
  agencyId: string;
  parentId: string | null;
}

/**
 * The roots and every agency under them in the tree (parent links of the versions valid now). A cycle in the data
 * cannot loop: an agency is visited once.
 */
export function subtreeOf(roots: Iterable<string>, nodes: readonly AgencyNode[]): Set<string> {
  const children = new Map<string, string[]>();
  for (const n of nodes) {
    if (!n.parentId) continue;
    const list = children.get(n.parentId) ?? [];
    list.push(n.agencyId);
    children.set(n.parentId, list);
  }
  const out = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    for (const child of children.get(id) ?? []) stack.push(child);
  }
  return out;
}

/** A duration as whole days, hours and minutes (for "quá hạn 2 ngày 3 giờ"). */
export function splitDuration(ms: number): { days: number; hours: number; minutes: number } {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  return { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60), minutes: minutes % 60 };
}

export const emptyAgencyFigures = (): Omit<LiveAgencyRow, "agencyId" | "agencyName"> => ({
  intake: { online: 0, in_person: 0, post: 0, total: 0 },
  inProgress: 0,
  overdue: 0,
  dueSoon: 0,
  waitingApplicant: 0,
  waitingPayment: 0,
});

export const hasFigures = (r: Omit<LiveAgencyRow, "agencyId" | "agencyName">) =>
  r.intake.total + r.inProgress + r.overdue + r.dueSoon + r.waitingApplicant + r.waitingPayment > 0;

/** Most overdue first, then most accepted today, then by name (Vietnamese collation). */
export function byOverdue(a: LiveAgencyRow, b: LiveAgencyRow): number {
  return b.overdue - a.overdue || b.intake.total - a.intake.total || a.agencyName.localeCompare(b.agencyName, "vi") || a.agencyId.localeCompare(b.agencyId);
}

export interface Bar {
  label: string;
  value: number;
  /** Baseline of the label (above its bar), top of the bar, the bar's width (in the chart's units). */
  labelY: number;
  y: number;
  width: number;
}

export interface BarChart {
  width: number;
  height: number;
  barHeight: number;
  bars: Bar[];
}

/**
 * The geometry of a horizontal bar chart (server-rendered SVG) that reads on a small phone as on a wall screen: one
 * row per value, its label on a line of its own above the bar (so long agency names are not cut), the bar from the
 * left edge scaled to the largest value, the value right of the bar.
 */
export function barChart(rows: readonly { label: string; value: number }[], opts: { width?: number; rowHeight?: number } = {}): BarChart {
  const width = opts.width ?? 400;
  const rowHeight = opts.rowHeight ?? 46;
  const barHeight = 18;
  const valueRoom = 44;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const span = width - valueRoom;
  const bars = rows.map((r, i) => ({
    label: r.label,
    value: r.value,
    labelY: i * rowHeight + 16,
    y: i * rowHeight + 22,
    width: r.value > 0 ? Math.max(2, Math.round((r.value / max) * span)) : 0,
  }));
  return { width, height: Math.max(rowHeight, rows.length * rowHeight) + 4, barHeight, bars };
}
