import type { Kysely } from "kysely";
import type { Database, OfficialRole, StepRole } from "../../../db/schema";
import { OFFICIAL_ROLES, rolePermissions } from "../access/permissions";
import type { BackOfficeServices, OfficialAlertInput } from "./back-office.seams";
import { applyAction, type EngineSettings } from "./back-office.server";
import {
  findOfficialsWithRoles,
  markApologyPrompted,
  markStep,
  selectApologyCandidates,
  selectExpiredSupplements,
  selectOpenStepsDue,
} from "./sweep.repo.server";
import { stepPermission } from "./workflow";

// The back office's timers (issue 6; run by the server every SWEEP_INTERVAL_MS and by `npm run jobs`):
//   - warn the officials concerned 24 h before an open step's deadline (once: dossier_steps.warned_at);
//   - flag an open step whose deadline passed (once: dossier_steps.overdue_at);
//   - prompt the officials to write the apology letter (Mẫu 04, the `apologize` action) of a dossier in progress due
//     within 24 h or overdue and not rescheduled yet (once: dossiers.apology_prompted_at);
//   - close a dossier whose supplementation period ran out (the engine's `expireSupplement`, 5 → 3, as the system).
// Each mark and its alert are one transaction: the mark is a conditional UPDATE, and only the sweep whose UPDATE
// changed the row alerts, so two sweeps at once (the server and a worker, two servers) alert once. The closure is
// the engine's own compare-and-set on the dossier's version: the second sweep gets a 409 and skips. Work goes in
// batches, each item in its own short transaction, so a backlog never holds a long one.

type Db = Kysely<Database>;

const HOUR_MS = 3_600_000;
export const SWEEP_WARN_BEFORE_MS = 24 * HOUR_MS;
export const SWEEP_BATCH_DEFAULT = 200;

export interface SweepOptions {
  now: Date;
  /** Rows taken per query (default 200). */
  batch?: number;
  /** How long before a step's deadline the officials are warned (default 24 h). */
  warnBeforeMs?: number;
  /** Batches per kind at most in one sweep (default 50): the next sweep goes on. */
  maxRounds?: number;
}

export interface SweepFailure {
  kind: "warn" | "overdue" | "apology" | "expire";
  id: string;
  message: string;
}

export interface SweepReport {
  /** Steps whose officials were warned 24 h before the deadline. */
  warned: number;
  /** Steps flagged overdue. */
  flaggedOverdue: number;
  /** Dossiers whose officials were prompted to write the apology letter. */
  apologyPrompts: number;
  /** Dossiers closed as refused (status 3) because the supplementation period ran out. */
  supplementsExpired: number;
  /** Marks set with nobody to alert (no assignee, nobody holding the role in the agency). */
  unaddressed: number;
  /** Items left for the next sweep (an alert or the engine failed); their transaction was rolled back. */
  failures: SweepFailure[];
  /** Petitions (issue 8): reminders before their due time, and escalations once overdue (app/domain/petitions). */
  petitionsReminded?: number;
  petitionsEscalated?: number;
  /** Payments (issue 9): VNPay attempts asked about, settled, expired; requests cancelled; duplicates refunded; receipts filed. */
  paymentsChecked?: number;
  paymentsSettled?: number;
  paymentsExpired?: number;
  paymentsCancelled?: number;
  paymentsRefunded?: number;
  receiptsFiled?: number;
  /** Statistics (issue 10): dossiers whose facts changed and were added into the rollups (app/domain/statistics). */
  statisticsChanged?: number;
}

/** The official roles whose permissions let an official hold a step of this role (workflow.ts stepPermission). */
export function rolesHoldingStep(role: StepRole): OfficialRole[] {
  const permission = stepPermission(role);
  return OFFICIAL_ROLES.filter((r) => rolePermissions(r).includes(permission));
}

/** Who hears about a step or a dossier: the official holding it, else everyone holding the step's role in the agency. */
async function recipients(db: Parameters<typeof findOfficialsWithRoles>[0], target: { assigneeId: string | null; role: StepRole; agencyId: string }): Promise<string[]> {
  if (target.assigneeId) return [target.assigneeId];
  return findOfficialsWithRoles(db, target.agencyId, rolesHoldingStep(target.role));
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Take rows batch after batch until a batch is short, a batch brings nothing new (rows that failed before), or
 * maxRounds batches were taken. `handle` returns whether this sweep did the work (false: another sweep did).
 */
async function drain<T>(
  select: (exclude: readonly string[]) => Promise<T[]>,
  idOf: (row: T) => string,
  handle: (row: T) => Promise<boolean>,
  options: { batch: number; maxRounds: number; kind: SweepFailure["kind"]; failures: SweepFailure[] },
): Promise<number> {
  let done = 0;
  const seen = new Set<string>();
  const failed: string[] = [];
  for (let round = 0; round < options.maxRounds; round++) {
    const rows = await select(failed);
    const fresh = rows.filter((r) => !seen.has(idOf(r)));
    for (const row of fresh) {
      const id = idOf(row);
      seen.add(id);
      try {
        if (await handle(row)) done += 1;
      } catch (error) {
        failed.push(id);
        options.failures.push({ kind: options.kind, id, message: messageOf(error) });
      }
    }
    if (rows.length < options.batch || fresh.length === 0) break;
  }
  return done;
}

/** One pass of the back office's timers. Safe to run concurrently with itself. */
export async function runSweep(db: Db, services: BackOfficeServices, settings: EngineSettings, options: SweepOptions): Promise<SweepReport> {
  const now = options.now;
  const at = now.toISOString();
  const batch = Math.max(1, options.batch ?? SWEEP_BATCH_DEFAULT);
  const maxRounds = options.maxRounds ?? 50;
  const soon = new Date(now.getTime() + (options.warnBeforeMs ?? SWEEP_WARN_BEFORE_MS)).toISOString();
  const report: SweepReport = { warned: 0, flaggedOverdue: 0, apologyPrompts: 0, supplementsExpired: 0, unaddressed: 0, failures: [] };
  const common = { batch, maxRounds, failures: report.failures };

  /** Mark, then alert, in one transaction; false when another sweep marked it first. */
  const markAndAlert = (mark: (trx: Db) => Promise<boolean>, target: { assigneeId: string | null; role: StepRole; agencyId: string }, alert: Omit<OfficialAlertInput, "userIds" | "now">) =>
    db.transaction().execute(async (trx) => {
      if (!(await mark(trx))) return false;
      const userIds = await recipients(trx, target);
      if (userIds.length === 0) report.unaddressed += 1;
      else await services.alertOfficials(trx, { ...alert, userIds, now });
      return true;
    });

  // 1. Supplementation periods that ran out: the engine closes the dossier as refused (its own transaction).
  report.supplementsExpired = await drain(
    (exclude) => selectExpiredSupplements(db, at, batch, exclude),
    (id) => id,
    async (id) => {
      const result = await applyAction(db, services, settings, { actor: { kind: "system" }, dossier: { id }, action: "expireSupplement", version: null, params: {}, now });
      if (result.ok) return true;
      // Another sweep (or the applicant's answer, or an official) got there first.
      if (result.status === 409) return false;
      throw new Error(`expireSupplement refused (${result.status}): ${result.message}`);
    },
    { ...common, kind: "expire" },
  );

  // 2. Steps past their deadline.
  report.flaggedOverdue = await drain(
    () => selectOpenStepsDue(db, "overdue_at", { after: null, until: at }, batch),
    (s) => s.stepId,
    (s) => markAndAlert((trx) => markStep(trx, s.stepId, "overdue_at", at), s, { dossierId: s.dossierId, kind: "stepOverdue" }),
    { ...common, kind: "overdue" },
  );

  // 3. Steps due within 24 hours.
  report.warned = await drain(
    () => selectOpenStepsDue(db, "warned_at", { after: at, until: soon }, batch),
    (s) => s.stepId,
    (s) => markAndAlert((trx) => markStep(trx, s.stepId, "warned_at", at), s, { dossierId: s.dossierId, kind: "stepDueSoon" }),
    { ...common, kind: "warn" },
  );

  // 4. Dossiers due within 24 hours or overdue: the apology letter is to be written (once).
  report.apologyPrompts = await drain(
    () => selectApologyCandidates(db, soon, batch),
    (d) => d.dossierId,
    (d) =>
      markAndAlert(
        (trx) => markApologyPrompted(trx, d.dossierId, at),
        // The apology is the step holder's action: the official holding the open step's role where the dossier is.
        { assigneeId: d.assigneeId, role: d.stepRole ?? "receive", agencyId: d.agencyId },
        { dossierId: d.dossierId, kind: "apologyNeeded" },
      ),
    { ...common, kind: "apology" },
  );

  return report;
}

/** Whether the report says anything happened (the worker logs only then). */
export function sweepDidSomething(report: SweepReport): boolean {
  return report.warned + report.flaggedOverdue + report.apologyPrompts + report.supplementsExpired + report.unaddressed + (report.petitionsReminded ?? 0) + (report.petitionsEscalated ?? 0) + (report.paymentsSettled ?? 0) + (report.paymentsExpired ?? 0) + (report.paymentsCancelled ?? 0) + (report.paymentsRefunded ?? 0) + (report.receiptsFiled ?? 0) + report.failures.length > 0;
}
