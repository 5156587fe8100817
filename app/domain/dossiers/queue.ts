// The officials' queue (issue 6, "Hồ sơ cần xử lý"): the tabs, the filters of its GET form, the flags of a row and
// the bulk form's values. Pure and isomorphic; the queries are in queue.repo.server.ts, the use cases in queue.server.ts.

import { z } from "zod";
import type { DossierChannel } from "../../../db/schema";
import type { Actor, OfficialRole } from "../access/permissions";
import { foldForSearch } from "../shared/search";
import { isDossierStatus, type DossierStatus } from "./dossiers";

export const QUEUE_TABS = ["waiting", "held", "paused", "all"] as const;
export type QueueTab = (typeof QUEUE_TABS)[number];

/** The roles a dossier can wait for inside an agency (`waiting_for`); the others are the applicant and payment. */
export const QUEUE_ROLES = ["receiving_officer", "handler", "approver"] as const satisfies readonly OfficialRole[];
export type QueueRole = (typeof QUEUE_ROLES)[number];
/** Waiting outside the agency: a supplementation (status 5) or a payment (status 6). */
export const PAUSED_WAITING = ["applicant", "payment"] as const;

export const QUEUE_PAGE_SIZE = 20;
/** Counts stop here: a tab with more shows "1000+" (a count never reads more than this many index entries). */
export const COUNT_CAP = 1000;
export const CHANNELS = ["online", "in_person", "post"] as const satisfies readonly DossierChannel[];

/** "Due soon": the step's deadline falls within this many milliseconds. */
export const DUE_SOON_MS = 24 * 3_600_000;

const VN_OFFSET_MS = 7 * 3_600_000;

/** dd/mm/yyyy (a real calendar date) → YYYY-MM-DD, else null. */
export function parseVietnameseDate(value: string): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value.trim());
  if (!m) return null;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 2000 || year > 2100 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${m[3]}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The first instant (UTC ISO) of a Vietnamese calendar day, YYYY-MM-DD. */
export function startOfVietnameseDay(day: string, plusDays = 0): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + plusDays) - VN_OFFSET_MS).toISOString();
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .catch(undefined)
    .transform((v) => (v ? v : undefined));

/** The GET form as sent (strings); unknown values are dropped, bad dates are reported. */
const rawFilterSchema = z.object({
  tab: z.enum(QUEUE_TABS).catch("waiting").default("waiting"),
  procedure: optionalText(30),
  status: optionalText(2),
  channel: z.enum(CHANNELS).optional().catch(undefined),
  from: optionalText(20),
  to: optionalText(20),
  q: optionalText(100),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

export type DateField = "from" | "to";

export interface QueueFilter {
  tab: QueueTab;
  procedure?: string;
  status?: DossierStatus;
  channel?: (typeof CHANNELS)[number];
  /** YYYY-MM-DD (Vietnam), inclusive. */
  from?: string;
  to?: string;
  q?: string;
  page: number;
}

export interface ParsedQueueFilter {
  filter: QueueFilter;
  /** What the official typed (the form shows it back). */
  values: { tab: QueueTab; procedure: string; status: string; channel: string; from: string; to: string; q: string };
  /** i18n keys of the date fields that could not be read (the filter then ignores them). */
  errors: Partial<Record<DateField, string>>;
}

/** The filters of the queue's GET form: never throws; unreadable dates come back as errors and are not applied. */
export function parseQueueFilter(params: URLSearchParams): ParsedQueueFilter {
  const raw = rawFilterSchema.parse(Object.fromEntries(params));
  const errors: Partial<Record<DateField, string>> = {};
  const filter: QueueFilter = { tab: raw.tab, page: raw.page };
  if (raw.procedure && /^[0-9A-Za-z._-]+$/.test(raw.procedure)) filter.procedure = raw.procedure;
  const status = raw.status ? Number(raw.status) : NaN;
  if (isDossierStatus(status)) filter.status = status;
  if (raw.channel) filter.channel = raw.channel;
  for (const field of ["from", "to"] as const) {
    const value = raw[field];
    if (!value) continue;
    const day = parseVietnameseDate(value);
    if (day) filter[field] = day;
    else errors[field] = "office:errors.date";
  }
  if (filter.from && filter.to && filter.from > filter.to) errors.to = "office:errors.dateOrder";
  if (errors.to === "office:errors.dateOrder") delete filter.to;
  if (raw.q && foldForSearch(raw.q)) filter.q = raw.q;
  return {
    filter,
    values: { tab: raw.tab, procedure: raw.procedure ?? "", status: raw.status ?? "", channel: raw.channel ?? "", from: raw.from ?? "", to: raw.to ?? "", q: raw.q ?? "" },
    errors,
  };
}

/** What a text search looks for: a code prefix (upper case, as codes are written) and the folded name's words. */
export function searchTerms(q: string): { codePrefix: string | null; nameTokens: string[] } {
  const trimmed = q.trim();
  const codePrefix = /\d/.test(trimmed) && /^[0-9A-Za-z.-]+$/.test(trimmed) ? trimmed.toUpperCase() : null;
  const nameTokens = foldForSearch(trimmed)
    .split(" ")
    .filter((t) => t.length > 0)
    .map((t) => t.slice(0, 40))
    .slice(0, 6);
  return { codePrefix, nameTokens: codePrefix ? [] : nameTokens };
}

/** The agencies where an official holds each queue role (empty lists for anyone else). */
export function queueScopeOf(actor: Actor): { byRole: Record<QueueRole, string[]>; readAgencies: string[] } {
  const byRole: Record<QueueRole, string[]> = { receiving_officer: [], handler: [], approver: [] };
  const read = new Set<string>();
  if (actor.kind !== "official") return { byRole, readAgencies: [] };
  for (const { agencyId, role } of actor.roles) {
    if ((QUEUE_ROLES as readonly string[]).includes(role)) {
      const list = byRole[role as QueueRole];
      if (!list.includes(agencyId)) list.push(agencyId);
      // Each of the three roles grants read:dossier:agency (permissions.ts).
      read.add(agencyId);
    }
  }
  return { byRole, readAgencies: [...read] };
}

export type QueueFlag = "overdue" | "dueSoon" | "paused";

/** The flags of a row: overdue (the step's or the dossier's deadline has passed), due within 24 h, paused. */
export function queueFlags(row: { status: number; stepDueAt: string | null; dueAt: string | null; pausedAt: string | null }, now: Date): QueueFlag[] {
  const flags: QueueFlag[] = [];
  const t = now.getTime();
  const paused = row.pausedAt != null || row.status === 5 || row.status === 6;
  const step = row.stepDueAt ? Date.parse(row.stepDueAt) : NaN;
  const due = row.dueAt ? Date.parse(row.dueAt) : NaN;
  // A finished dossier is late or not for the statistics; the queue only flags what is still open.
  const open = ![3, 7, 8, 10].includes(row.status);
  if (open && ((!Number.isNaN(step) && step < t) || (!Number.isNaN(due) && due < t))) flags.push("overdue");
  else if (open && !Number.isNaN(step) && step - t <= DUE_SOON_MS) flags.push("dueSoon");
  if (paused) flags.push("paused");
  return flags;
}

/** A selected row of the bulk form: "<dossier id>:<version>". */
export function parseSelection(value: string): { id: string; version: number } | null {
  const m = /^([0-9a-f-]{36}):(\d{1,9})$/i.exec(value);
  return m ? { id: m[1]!.toLowerCase(), version: Number(m[2]) } : null;
}

export const selectionValue = (id: string, version: number) => `${id}:${version}`;
