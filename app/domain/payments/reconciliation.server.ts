import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { agenciesFor, can, type Actor } from "../access/permissions";
import { newId } from "../../platform/ids.server";
import { recordAudit } from "../../platform/audit.server";
import { parseJsonColumn } from "../procedures/catalog.repo.server";
import { fileReceipts, markAttemptReviewed, reconcileAttempt, settleTransfer, type FeeKind, type PaymentDeps, type ProviderId } from "./payments.server";
import * as repo from "./payments.repo.server";
import * as recon from "./reconciliation.repo.server";
import { isDay, LINE_CLASSES, vietnamDayWindow, type LineClass } from "./reconciliation";
import { referencesIn } from "./reference";
import { matchStatement, parseStatementCsv, type StatementError } from "./statement";

// The officials' reconciliation (đối soát; issue 9, shared/domain/payments.md §3 and §5.3): bank statements imported and
// matched to VietQR transfers (a matched line pays its attempt, as reconciliation, in the import's transaction), the
// daily report per provider in the buckets of §5.3, VNPay asked (querydr) about the day's payments it has not confirmed,
// and the review queue (attempts flagged by a gateway or a statement, statement lines nobody matched).

type Db = Kysely<Database>;

export type ReconFailure = { ok: false; status: 400 | 403 | 404 | 409 | 503; message: string; field?: string };
const failure = (status: ReconFailure["status"], message: string, field?: string): ReconFailure => ({ ok: false, status, message, ...(field ? { field } : {}) });

const K = (name: string) => `payments-office:errors.${name}`;
export const reconErrors = {
  forbidden: K("forbidden"),
  notFound: K("notFound"),
  duplicateFile: K("duplicateFile"),
  badDay: K("badDay"),
  noteRequired: K("noteRequired"),
  alreadyResolved: K("alreadyResolved"),
  providerOff: K("providerOff"),
} as const;

type Official = Extract<Actor, { kind: "official" }>;
const isOfficial = (actor: Actor): actor is Official => actor.kind === "official";

/** Whether the actor may collect (import statements, resolve review items, ask the gateway) anywhere. */
export function mayCollect(actor: Actor): boolean {
  return isOfficial(actor) && agenciesFor(actor, "collect:payment:agency").length > 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Statement import
// ---------------------------------------------------------------------------------------------------------------

export { LINE_CLASSES, type LineClass };

export interface ImportedLine {
  row: number;
  bookedOn: string;
  amount: number;
  description: string;
  bankRef: string | null;
  class: LineClass;
  reference: string | null;
  expected: number | null;
}

export type ImportResult =
  | { ok: true; importId: string; counts: Record<LineClass, number>; lines: ImportedLine[] }
  | { ok: false; status: 400; errors: StatementError[] }
  | ReconFailure;

/**
 * A bank statement (CSV text) read, matched to VietQR transfers and recorded in one transaction: the import, each
 * credit line with its class (and its attempt, when one was found), each matched line paying its transfer (receipts
 * issued, the dossier moved on) and each line with another amount flagging its transfer for review. The same file
 * (by its SHA-256) is imported once.
 */
export async function importStatement(
  db: Db,
  deps: PaymentDeps,
  input: { actor: Actor; fileName: string; text: string; ip?: string | null; now?: Date },
): Promise<ImportResult> {
  const now = input.now ?? new Date();
  const actor = input.actor;
  if (!isOfficial(actor) || !mayCollect(actor)) return failure(403, reconErrors.forbidden);
  const parsed = parseStatementCsv(input.text);
  if (!parsed.ok) return { ok: false, status: 400, errors: parsed.errors };
  const sha256 = createHash("sha256").update(input.text, "utf8").digest("hex");
  if (await recon.statementImportBySha(db, sha256)) return failure(409, reconErrors.duplicateFile, "file");

  const bankRefs = parsed.lines.flatMap((l) => (l.bankRef ? [l.bankRef] : []));
  const seen = await repo.knownBankRefs(db, bankRefs);
  const references = [...new Set(parsed.lines.flatMap((l) => referencesIn(l.description)))];
  // Only transfers are paid by a statement: another provider's reference in a description is not ours to match.
  const attempts = (await repo.attemptsByReferences(db, references)).filter((a) => a.provider === "vietqr");
  const attemptIds = new Map(attempts.map((a) => [a.reference, a.id]));
  const matches = matchStatement(
    parsed.lines,
    attempts.map((a) => ({ reference: a.reference, amount: Number(a.amount), state: a.state })),
    seen,
  );

  const importId = newId(now.getTime());
  const result = await db.transaction().execute(async (trx) => {
    // Two officers uploading one file at once: the second finds the first's import here.
    if (await recon.statementImportBySha(trx, sha256)) return null;
    await repo.insertStatementImport(trx, {
      id: importId,
      imported_at: now.toISOString(),
      imported_by: actor.userId,
      file_name: input.fileName.slice(0, 255) || "statement.csv",
      sha256,
      line_count: parsed.lines.length,
    });
    const lines: ImportedLine[] = [];
    for (const m of matches) {
      let cls: LineClass = m.class;
      if (m.reference && (cls === "matched" || cls === "amountDiffers")) {
        const outcome = await settleTransfer(trx, deps, { reference: m.reference, amount: m.line.amount, bankRef: m.line.bankRef, bookedOn: m.line.bookedOn, now });
        // "already": paid meanwhile; "notAllowed": a cancelled transfer; either way money to give back.
        cls = outcome === "recorded" ? "matched" : outcome === "amountDiffers" ? "amountDiffers" : outcome === "notFound" ? "unknownReference" : "alreadyPaid";
      }
      lines.push({ row: m.line.row, bookedOn: m.line.bookedOn, amount: m.line.amount, description: m.line.description, bankRef: m.line.bankRef, class: cls, reference: m.reference, expected: m.expected });
    }
    await repo.insertStatementLines(
      trx,
      lines.map((l) => ({
        id: newId(now.getTime()),
        import_id: importId,
        row_number: l.row,
        booked_on: l.bookedOn,
        amount: l.amount,
        description: l.description.slice(0, 1000),
        bank_ref: l.bankRef ? l.bankRef.slice(0, 100) : null,
        match: l.class,
        attempt_id: l.reference ? (attemptIds.get(l.reference) ?? null) : null,
        resolved_at: null,
        resolved_by: null,
        resolution: null,
      })),
    );
    const counts = Object.fromEntries(LINE_CLASSES.map((c) => [c, lines.filter((l) => l.class === c).length])) as Record<LineClass, number>;
    await recordAudit(trx, {
      actor: { type: "official", id: actor.userId },
      action: "payment.statementImport",
      entity: { type: "statement_import", id: importId },
      ip: input.ip ?? null,
      details: { fileName: input.fileName.slice(0, 255), sha256, lines: lines.length, counts },
      at: now,
    });
    return { counts, lines };
  });
  if (!result) return failure(409, reconErrors.duplicateFile, "file");
  // The receipts' PDFs into the payers' wallets now (the sweep would do it later, and will if this fails).
  if (result.counts.matched > 0) await fileReceipts(db, deps, now).catch(() => 0);
  return { ok: true, importId, counts: result.counts, lines: result.lines };
}

// ---------------------------------------------------------------------------------------------------------------
// The daily report
// ---------------------------------------------------------------------------------------------------------------

export const VNPAY_BUCKETS = ["matched", "portalOnly", "providerOnly", "amountDiffers", "open", "failed"] as const;
export const VIETQR_BUCKETS = ["matched", "statementOnly", "amountDiffers", "open"] as const;
export const COUNTER_BUCKETS = ["counter"] as const;
export type Bucket = (typeof VNPAY_BUCKETS)[number] | (typeof VIETQR_BUCKETS)[number] | (typeof COUNTER_BUCKETS)[number];

export interface ReportItem {
  dossierCode: string | null;
  reference: string | null;
  amount: number;
  /** What the portal expected, where it differs from the amount (a statement line of another amount). */
  expected: number | null;
  state: string | null;
  createdAt: string | null;
  paidAt: string | null;
  /** Statement lines: the booking day, the description, the bank's reference and the class. */
  bookedOn: string | null;
  description: string | null;
  bankRef: string | null;
  lineClass: string | null;
  /** Counter payments: the officer who took the money. */
  officer: string | null;
  reviewReason: string | null;
}

export interface Totals {
  total: number;
  phi: number;
  lePhi: number;
  count: number;
}

export interface ReconciliationReport {
  provider: ProviderId;
  day: string;
  buckets: { name: Bucket; items: ReportItem[] }[];
  /** What was paid that day in the portal, per provider, split phí / lệ phí. */
  totals: Record<ProviderId, Totals>;
  /** Attempts VNPay could be asked about (no gateway confirmation yet), when the actor may ask. */
  askable: number;
}

/** Split an amount by the request's lines: phí and lệ phí as the lines say (all lệ phí when the lines say nothing). */
function split(linesText: string | null, amount: number): { phi: number; lePhi: number } {
  const raw = linesText ? parseJsonColumn<unknown>(linesText) : null;
  const lines = Array.isArray(raw) ? (raw as { kind?: FeeKind; amount?: number }[]) : [];
  const phi = lines.filter((l) => l.kind === "phi").reduce((s, l) => s + (typeof l.amount === "number" ? l.amount : 0), 0);
  const all = lines.reduce((s, l) => s + (typeof l.amount === "number" ? l.amount : 0), 0);
  if (all <= 0) return { phi: 0, lePhi: amount };
  const p = all === amount ? phi : Math.round((phi * amount) / all);
  return { phi: p, lePhi: amount - p };
}

type DayAttempt = Awaited<ReturnType<typeof repo.attemptsForDay>>[number];

const emptyItem: ReportItem = { dossierCode: null, reference: null, amount: 0, expected: null, state: null, createdAt: null, paidAt: null, bookedOn: null, description: null, bankRef: null, lineClass: null, officer: null, reviewReason: null };

function attemptItem(a: DayAttempt, extra: Partial<ReportItem> = {}): ReportItem {
  return { ...emptyItem, dossierCode: a.dossierCode, reference: a.reference, amount: Number(a.amount), state: a.state, createdAt: a.created_at, paidAt: a.paid_at, reviewReason: a.review_reason, ...extra };
}

const inWindow = (at: string | null, w: { from: string; to: string }) => !!at && at >= w.from && at < w.to;
const PAID = new Set(["paid", "refunded"]);

/** Whether a stored callback is VNPay saying the order was paid: a signed IPN saying 00/00, or a querydr concluding "paid". */
function gatewaySaysPaid(c: Database["payment_callbacks"]): boolean {
  if (c.signature_ok !== 1) return false;
  if (c.kind === "querydr") return c.outcome === "paid";
  if (c.kind !== "ipn") return false;
  const p = new URLSearchParams(c.raw);
  return p.get("vnp_ResponseCode") === "00" && p.get("vnp_TransactionStatus") === "00";
}

async function vnpayItems(db: Db, attempts: DayAttempt[]) {
  const callbacks = await repo.callbacksFor(
    db,
    attempts.map((a) => a.reference),
    ["ipn", "querydr"],
  );
  const confirmed = new Set(callbacks.filter(gatewaySaysPaid).flatMap((c) => (c.reference ? [c.reference] : [])));
  return attempts.map((a): { bucket: (typeof VNPAY_BUCKETS)[number]; attempt: DayAttempt } => {
    const paidHere = PAID.has(a.state);
    const paidThere = confirmed.has(a.reference);
    if (a.review_reason === "amountDiffers") return { bucket: "amountDiffers", attempt: a };
    if (paidHere) return { bucket: paidThere ? "matched" : "portalOnly", attempt: a };
    if (paidThere) return { bucket: "providerOnly", attempt: a };
    if (a.state === "pending" || a.state === "created") return { bucket: "open", attempt: a };
    return { bucket: "failed", attempt: a };
  });
}

function totalsOf(attempts: DayAttempt[], w: { from: string; to: string }): Totals {
  const out: Totals = { total: 0, phi: 0, lePhi: 0, count: 0 };
  for (const a of attempts) {
    if (a.state !== "paid" || !inWindow(a.paid_at, w) || a.review_reason === "amountDiffers") continue;
    const s = split(a.requestLines, Number(a.amount));
    out.total += Number(a.amount);
    out.phi += s.phi;
    out.lePhi += s.lePhi;
    out.count++;
  }
  return out;
}

/** What transfers paid on a booking day: the matched statement lines of the visible agencies' dossiers. */
function transferTotals(lines: Awaited<ReturnType<typeof recon.statementLinesOfDay>>, visible: ReadonlySet<string>): Totals {
  const out: Totals = { total: 0, phi: 0, lePhi: 0, count: 0 };
  for (const l of lines) {
    if (l.match !== "matched" || !l.agencyId || !visible.has(l.agencyId)) continue;
    const s = split(l.requestLines, Number(l.amount));
    out.total += Number(l.amount);
    out.phi += s.phi;
    out.lePhi += s.lePhi;
    out.count++;
  }
  return out;
}

/**
 * The day's reconciliation for one provider, over the dossiers of the agencies where the actor may read payments:
 * VNPay's attempts by what the portal and the gateway (signed IPN, querydr) say; VietQR's statement lines booked that
 * day against the transfers; the counter's payments with the officer who took them. Totals per provider, phí / lệ phí.
 */
export async function reconciliationReport(
  db: Db,
  deps: PaymentDeps,
  input: { actor: Actor; provider: ProviderId; day: string },
): Promise<{ ok: true; report: ReconciliationReport } | ReconFailure> {
  const actor = input.actor;
  if (!isOfficial(actor)) return failure(403, reconErrors.forbidden);
  const agencyIds = agenciesFor(actor, "read:payment:agency");
  if (agencyIds.length === 0) return failure(403, reconErrors.forbidden);
  if (!isDay(input.day)) return failure(400, reconErrors.badDay, "day");
  const w = vietnamDayWindow(input.day);
  const visible = new Set(agencyIds);
  const all = {
    vnpay: await repo.attemptsForDay(db, { provider: "vnpay", ...w, agencyIds }),
    vietqr: await repo.attemptsForDay(db, { provider: "vietqr", ...w, agencyIds }),
    counter: await repo.attemptsForDay(db, { provider: "counter", ...w, agencyIds }),
  };
  // A transfer is paid when its statement is imported (a day or more later): its day is the statement's booking day.
  const lines = await recon.statementLinesOfDay(db, input.day);
  const totals = { vnpay: totalsOf(all.vnpay, w), vietqr: transferTotals(lines, visible), counter: totalsOf(all.counter, w) };
  const buckets = new Map<Bucket, ReportItem[]>();
  const put = (b: Bucket, item: ReportItem) => buckets.set(b, [...(buckets.get(b) ?? []), item]);
  let askable = 0;

  if (input.provider === "vnpay") {
    for (const b of VNPAY_BUCKETS) buckets.set(b, []);
    for (const { bucket, attempt } of await vnpayItems(db, all.vnpay)) {
      put(bucket, attemptItem(attempt));
      if (bucket === "portalOnly" || bucket === "open") askable++;
    }
    if (!mayCollect(actor) || !deps.settings.vnpay) askable = 0;
  } else if (input.provider === "vietqr") {
    for (const b of VIETQR_BUCKETS) buckets.set(b, []);
    const seeUnmatched = mayCollect(actor);
    for (const l of lines) {
      // A line matched to a transfer is its dossier's agency's; a line nobody matched, the collectors'.
      if (l.agencyId ? !visible.has(l.agencyId) : !seeUnmatched) continue;
      const item: ReportItem = {
        ...emptyItem,
        dossierCode: l.dossierCode,
        reference: l.reference,
        amount: Number(l.amount),
        expected: l.attemptAmount !== null && Number(l.attemptAmount) !== Number(l.amount) ? Number(l.attemptAmount) : null,
        state: l.attemptState,
        createdAt: l.attemptCreatedAt,
        paidAt: l.attemptPaidAt,
        bookedOn: l.bookedOn,
        description: l.description,
        bankRef: l.bankRef,
        lineClass: l.match,
      };
      put(l.match === "matched" ? "matched" : l.match === "amountDiffers" ? "amountDiffers" : "statementOnly", item);
    }
    for (const a of all.vietqr) if (a.state === "pending" || a.state === "created") put("open", attemptItem(a));
  } else {
    buckets.set("counter", []);
    const names = await recon.userNames(
      db,
      all.counter.flatMap((a) => (a.created_by ? [a.created_by] : [])),
    );
    for (const a of all.counter) if (PAID.has(a.state) && inWindow(a.paid_at, w)) put("counter", attemptItem(a, { officer: a.created_by ? (names.get(a.created_by) ?? null) : null }));
  }
  return {
    ok: true,
    report: { provider: input.provider, day: input.day, buckets: [...buckets].map(([name, items]) => ({ name, items })), totals, askable },
  };
}

export interface AskResult {
  reference: string;
  dossierCode: string;
  before: string;
  outcome: "paid" | "failed" | "expired" | "open" | "unchanged" | "error";
}

/**
 * Ask VNPay (querydr) about the day's attempts it has not confirmed (paid in the portal without a gateway confirmation,
 * or still open), each recorded as reconciliation; at most 50 at a time. Returns each attempt's outcome.
 */
export async function askGateway(db: Db, deps: PaymentDeps, input: { actor: Actor; day: string; ip?: string | null; now?: Date }): Promise<{ ok: true; results: AskResult[] } | ReconFailure> {
  const now = input.now ?? new Date();
  const actor = input.actor;
  if (!isOfficial(actor) || !mayCollect(actor)) return failure(403, reconErrors.forbidden);
  if (!isDay(input.day)) return failure(400, reconErrors.badDay, "day");
  if (!deps.settings.vnpay) return failure(409, reconErrors.providerOff);
  const agencyIds = agenciesFor(actor, "collect:payment:agency");
  const attempts = await repo.attemptsForDay(db, { provider: "vnpay", ...vietnamDayWindow(input.day), agencyIds });
  const todo = (await vnpayItems(db, attempts)).filter((x) => x.bucket === "portalOnly" || x.bucket === "open").slice(0, 50);
  const results: AskResult[] = [];
  for (const { attempt, bucket } of todo) {
    const outcome = await reconcileAttempt(db, deps, attempt.reference, now).catch(() => "error" as const);
    results.push({ reference: attempt.reference, dossierCode: attempt.dossierCode, before: bucket, outcome });
  }
  await recordAudit(db, {
    actor: { type: "official", id: actor.userId },
    action: "payment.askGateway",
    ip: input.ip ?? null,
    details: { day: input.day, asked: results.length, outcomes: results.map((r) => `${r.reference}:${r.outcome}`) },
    at: now,
  });
  return { ok: true, results };
}

// ---------------------------------------------------------------------------------------------------------------
// The review queue
// ---------------------------------------------------------------------------------------------------------------

export interface ReviewAttempt {
  kind: "attempt";
  id: string;
  dossierCode: string;
  reference: string;
  provider: ProviderId;
  amount: number;
  requestTotal: number;
  state: string;
  reason: string;
  createdAt: string;
  paidAt: string | null;
  mayResolve: boolean;
}

export interface ReviewLine {
  kind: "line";
  id: string;
  bookedOn: string;
  amount: number;
  description: string;
  bankRef: string | null;
  match: string;
  reference: string | null;
  dossierCode: string | null;
  mayResolve: boolean;
}

const QUEUE_LIMIT = 200;

/** What waits for an officer: attempts flagged and not reviewed, and statement lines not matched and not resolved. */
export async function reviewQueue(db: Db, input: { actor: Actor }): Promise<{ ok: true; attempts: ReviewAttempt[]; lines: ReviewLine[] } | ReconFailure> {
  const actor = input.actor;
  if (!isOfficial(actor)) return failure(403, reconErrors.forbidden);
  const agencyIds = agenciesFor(actor, "read:payment:agency");
  if (agencyIds.length === 0) return failure(403, reconErrors.forbidden);
  const visible = new Set(agencyIds);
  const collector = mayCollect(actor);
  const attempts = (await recon.attemptsToReview(db, agencyIds, QUEUE_LIMIT)).map(
    (a): ReviewAttempt => ({
      kind: "attempt",
      id: a.id,
      dossierCode: a.dossierCode,
      reference: a.reference,
      provider: a.provider,
      amount: Number(a.amount),
      requestTotal: Number(a.requestTotal),
      state: a.state,
      reason: a.reviewReason ?? "",
      createdAt: a.createdAt,
      paidAt: a.paidAt,
      mayResolve: can(actor, "collect:payment:agency", { agencyId: a.agencyId }),
    }),
  );
  const lines = (await recon.unresolvedLines(db, QUEUE_LIMIT))
    .filter((l) => (l.agencyId ? visible.has(l.agencyId) : collector))
    .map(
      (l): ReviewLine => ({
        kind: "line",
        id: l.id,
        bookedOn: l.bookedOn,
        amount: Number(l.amount),
        description: l.description,
        bankRef: l.bankRef,
        match: l.match,
        reference: l.reference,
        dossierCode: l.dossierCode,
        mayResolve: l.agencyId ? can(actor, "collect:payment:agency", { agencyId: l.agencyId }) : collector,
      }),
    );
  return { ok: true, attempts, lines };
}

/** An officer says what was done about a flagged attempt or an unmatched statement line (a note is required; audited). */
export async function resolveReviewItem(
  db: Db,
  input: { actor: Actor; kind: "attempt" | "line"; id: string; note: string; ip?: string | null; now?: Date },
): Promise<{ ok: true } | ReconFailure> {
  const now = input.now ?? new Date();
  const actor = input.actor;
  if (!isOfficial(actor) || !mayCollect(actor)) return failure(403, reconErrors.forbidden);
  const note = input.note.trim();
  if (note.length === 0) return failure(400, reconErrors.noteRequired, "note");
  if (input.kind === "attempt") {
    const a = await recon.attemptWithDossier(db, input.id);
    if (!a || !can(actor, "read:payment:agency", { agencyId: a.agencyId })) return failure(404, reconErrors.notFound);
    if (!can(actor, "collect:payment:agency", { agencyId: a.agencyId })) return failure(403, reconErrors.forbidden);
    return db.transaction().execute(async (trx) => {
      if (!(await markAttemptReviewed(trx, { reference: a.reference, by: actor.userId, now }))) return failure(409, reconErrors.alreadyResolved);
      await recordAudit(trx, {
        actor: { type: "official", id: actor.userId },
        action: "payment.reviewResolved",
        entity: { type: "payment_attempt", id: a.id },
        ip: input.ip ?? null,
        details: { dossier: a.dossierCode, reference: a.reference, reason: a.reviewReason, note: note.slice(0, 2000) },
        at: now,
      });
      return { ok: true as const };
    });
  }
  const l = await recon.lineWithAttempt(db, input.id);
  if (!l || (l.agencyId && !can(actor, "read:payment:agency", { agencyId: l.agencyId }))) return failure(404, reconErrors.notFound);
  if (l.agencyId && !can(actor, "collect:payment:agency", { agencyId: l.agencyId })) return failure(403, reconErrors.forbidden);
  if (l.match === "matched") return failure(409, reconErrors.alreadyResolved);
  return db.transaction().execute(async (trx) => {
    if (!(await repo.resolveStatementLine(trx, l.id, { resolved_at: now.toISOString(), resolved_by: actor.userId, resolution: note.slice(0, 2000) }))) return failure(409, reconErrors.alreadyResolved);
    await recordAudit(trx, {
      actor: { type: "official", id: actor.userId },
      action: "payment.statementLineResolved",
      entity: { type: "statement_line", id: l.id },
      ip: input.ip ?? null,
      details: { bookedOn: l.bookedOn, amount: Number(l.amount), bankRef: l.bankRef, match: l.match, note: note.slice(0, 2000) },
      at: now,
    });
    return { ok: true as const };
  });
}
