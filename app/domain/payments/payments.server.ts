import type { Kysely, Transaction } from "kysely";
import type { Database, PaymentStateColumn } from "../../../db/schema";
import { can, type Actor } from "../access/permissions";
import { computeDueDate } from "../calendar/calendar.server";
import { newId } from "../../platform/ids.server";
import { recordAudit } from "../../platform/audit.server";
import type { BlobStore } from "../../platform/blob-store.server";
import { applyActionInTransaction, type EngineSettings } from "../dossiers/back-office.server";
import type { BackOfficeServices } from "../dossiers/back-office.seams";
import { parseJsonColumn } from "../procedures/catalog.repo.server";
import { amountInWords } from "./amount-words";
import { feeKindOf } from "./fees";
import { applyAttemptEvent, type AttemptEvent, type AttemptState, type EventSource, type RequestState } from "./payments";
import * as repo from "./payments.repo.server";
import { newReference } from "./reference";
import type { ReceiptDocument } from "./receipt-pdf.server";
import type { PaymentNotice } from "./notice-pdf.server";
import { vietQrPayload } from "./vietqr";
import {
  messageChecksum,
  paymentUrl,
  QUERYDR_REQUEST_FIELDS,
  QUERYDR_RESPONSE_FIELDS,
  REFUND_REQUEST_FIELDS,
  REFUND_RESPONSE_FIELDS,
  verifyMessage,
  verifySignature,
  vnpayTimestamp,
  parseVnpayTimestamp,
  type VnpParams,
} from "./vnpay.server";

// Payments of fees and charges (issue 9; shared/domain/payments.md; docs/decisions/0020-payments.md). One request per
// obligation, many attempts; the providers (VNPay, VietQR transfer, the counter) behind one interface. Money state moves
// in `settle` only, and `settle` is reached only from the gateway's signed callback, from reconciliation (querydr, a
// bank statement) or from an officer recording money taken at the counter. The browser's return page reads.

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

// ---------------------------------------------------------------------------------------------------------------
// Settings and services
// ---------------------------------------------------------------------------------------------------------------

export interface VnpaySettings {
  tmnCode: string;
  hashSecret: string;
  /** The gateway's vpcpay.html. */
  payUrl: string;
  /** The merchant web API (querydr, refund). */
  apiUrl: string;
  /** How long a payment window stays open (vnp_ExpireDate = create + this). */
  expiryMinutes: number;
}

export interface VietQrSettings {
  bankBin: string;
  bankName: string;
  account: string;
  accountName: string;
  /** How long a transfer is awaited before the attempt is given up (a later statement line still counts). */
  expiryHours: number;
}

export interface ReceiptSettings {
  typeName: string;
  templateSymbol: string;
  /** The series' letters; the series is `${letters}-${yy}E` (the year's last two digits, E for electronic). */
  seriesLetters: string;
  collector: { name: string; taxCode: string | null; address: string | null };
}

export interface PaymentSettings {
  /** The portal's public origin (return URL, links). */
  origin: string;
  vnpay: VnpaySettings | null;
  vietqr: VietQrSettings | null;
  receipt: ReceiptSettings;
  /** The server's own address (querydr and refund carry it). */
  serverIp: string;
  /** Working days an applicant has to pay what an official requested. */
  payLaterWorkingDays: number;
  /** Working hours the one-stop unit has to accept a pay-first dossier once it is paid. */
  acceptanceWorkingHours: number;
  /** Whether the processing clock stands still while the applicant pays (status 6). */
  pausesClock: boolean;
}

export interface PaymentServices {
  /** POST a JSON message to the VNPay merchant API and return the parsed JSON answer (throws on a transport error). */
  vnpayApi(url: string, body: Record<string, string>): Promise<unknown>;
  random(n: number): Uint8Array;
  blobs: BlobStore;
  /** Draw a receipt's PDF (pdfkit; texts in Vietnamese). */
  renderReceipt(document: ReceiptDocument): Promise<Buffer>;
  /** The back office's engine (a pay-later payment moves the dossier 6 → 4 through it). */
  backOffice: { services: BackOfficeServices; settings: EngineSettings };
}

export interface PaymentDeps {
  settings: PaymentSettings;
  services: PaymentServices;
}

// ---------------------------------------------------------------------------------------------------------------
// Lines and views
// ---------------------------------------------------------------------------------------------------------------

export type FeeKind = "phi" | "le_phi";
export interface PaymentLine {
  name: string;
  kind: FeeKind;
  quantity: number;
  amount: number;
}

export type ProviderId = "vnpay" | "vietqr" | "counter";

export interface AttemptView {
  id: string;
  reference: string;
  provider: ProviderId;
  amount: number;
  state: AttemptState;
  late: boolean;
  reviewReason: string | null;
  providerTxnNo: string | null;
  bankCode: string | null;
  responseCode: string | null;
  createdAt: string;
  expiresAt: string;
  paidAt: string | null;
  refundedAt: string | null;
  refundReason: string | null;
  refundMethod: "gateway" | "manual" | null;
}

export interface ReceiptView {
  id: string;
  kind: FeeKind;
  templateSymbol: string;
  series: string;
  number: number;
  amount: number;
  issuedAt: string;
  status: "issued" | "cancelled";
  fileId: string | null;
}

export interface RequestView {
  id: string;
  mode: "pay_first" | "pay_later";
  state: RequestState;
  lines: PaymentLine[];
  total: number;
  note: string | null;
  payBy: string | null;
  requestedAt: string;
  paidAt: string | null;
  cancelReason: string | null;
  /** The legal basis when the request was waived for an exempt applicant. */
  waivedBasis: string | null;
  attempts: AttemptView[];
  receipts: ReceiptView[];
  /** Whether the applicant can pay it now (open, and the dossier waits for it). */
  payable: boolean;
}

const LINE_KINDS: readonly FeeKind[] = ["phi", "le_phi"];

function linesOf(text: string): PaymentLine[] {
  const raw = parseJsonColumn<unknown>(text);
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((l): PaymentLine[] => {
    const o = l as Partial<PaymentLine>;
    return typeof o.name === "string" && typeof o.amount === "number" && LINE_KINDS.includes(o.kind as FeeKind)
      ? [{ name: o.name, kind: o.kind as FeeKind, quantity: typeof o.quantity === "number" ? o.quantity : 1, amount: o.amount }]
      : [];
  });
}

function attemptView(a: repo.AttemptRow): AttemptView {
  return {
    id: a.id,
    reference: a.reference,
    provider: a.provider,
    amount: Number(a.amount),
    state: a.state,
    late: a.late === 1,
    reviewReason: a.review_reason,
    providerTxnNo: a.provider_txn_no,
    bankCode: a.bank_code,
    responseCode: a.response_code,
    createdAt: a.created_at,
    expiresAt: a.expires_at,
    paidAt: a.paid_at,
    refundedAt: a.refunded_at,
    refundReason: a.refund_reason,
    refundMethod: a.refund_method,
  };
}

function receiptView(r: repo.ReceiptRow): ReceiptView {
  return { id: r.id, kind: r.kind, templateSymbol: r.template_symbol, series: r.series, number: r.number, amount: Number(r.amount), issuedAt: r.issued_at, status: r.status, fileId: r.file_id };
}

/** The dossier statuses in which each mode's request waits for the applicant's money. */
function dossierWaitsFor(mode: "pay_first" | "pay_later", status: number): boolean {
  return mode === "pay_first" ? status === 1 : status === 6;
}

const OPEN_REQUEST: readonly RequestState[] = ["created", "pending", "failed", "expired"];

async function requestViews(db: Db | Trx, dossier: { dossierId: string; dossierStatus: number }): Promise<RequestView[]> {
  const requests = await repo.requestsOfDossier(db, dossier.dossierId);
  const ids = requests.map((r) => r.id);
  const [attempts, receipts] = await Promise.all([repo.attemptsOfRequests(db, ids), repo.receiptsOfRequests(db, ids)]);
  return requests.map((r) => ({
    id: r.id,
    mode: r.mode,
    state: r.state,
    lines: linesOf(r.lines),
    total: Number(r.total),
    note: r.note,
    payBy: r.pay_by,
    requestedAt: r.requested_at,
    paidAt: r.paid_at,
    cancelReason: r.cancel_reason?.startsWith(WAIVED_PREFIX) ? null : r.cancel_reason,
    waivedBasis: r.cancel_reason?.startsWith(WAIVED_PREFIX) ? r.cancel_reason.slice(WAIVED_PREFIX.length) : null,
    attempts: attempts.filter((a) => a.request_id === r.id).map(attemptView),
    receipts: receipts.filter((x) => x.request_id === r.id).map(receiptView),
    payable: OPEN_REQUEST.includes(r.state) && dossierWaitsFor(r.mode, dossier.dossierStatus),
  }));
}

type DossierRow = NonNullable<Awaited<ReturnType<typeof repo.findDossierForPayment>>>;

/** Whether a citizen owns the dossier (their own, or the organisation's they act for). */
function ownsDossier(actor: Actor, d: DossierRow): boolean {
  if (actor.kind !== "citizen") return false;
  return actor.actingFor ? d.ownerOrganisationId === actor.actingFor.organisationId : d.ownerUserId === actor.userId && d.ownerOrganisationId === null;
}

/** Whether the actor holds a payment permission in one of the dossier's agencies (where it was filed, where it is now). */
function holdsForDossier(actor: Actor, d: DossierRow, permission: "read:payment:agency" | "collect:payment:agency" | "refund:payment:agency"): boolean {
  return [d.agencyId, d.currentAgencyId].some((agencyId) => !!agencyId && can(actor, permission, { agencyId }));
}

function officialSees(actor: Actor, d: DossierRow): boolean {
  return holdsForDossier(actor, d, "read:payment:agency");
}

/** The dossier's request, locked, when it can still be settled (paid, waived): else the refusal to answer. */
async function lockOpenRequest(trx: Trx, d: DossierRow, requestId: string): Promise<repo.RequestRow | PaymentFailure> {
  const request = await repo.lockRequest(trx, requestId);
  if (!request || request.dossier_id !== d.dossierId) return failure(404, paymentErrors.notFound);
  if (request.state === "paid" || request.state === "refunded") return failure(409, paymentErrors.alreadyPaid);
  if (!OPEN_REQUEST.includes(request.state)) return failure(409, paymentErrors.notPayable);
  return request;
}

function payerNameOf(applicantJson: string): string {
  const a = parseJsonColumn<{ fullName?: string; organisation?: { name?: string } }>(applicantJson);
  return a.organisation?.name ?? a.fullName ?? "";
}

// ---------------------------------------------------------------------------------------------------------------
// Creating requests
// ---------------------------------------------------------------------------------------------------------------

/** The lines of a request from a fee summary's lines (phí and lệ phí told apart by name). */
export function paymentLinesOf(lines: readonly { name: string; quantity: number; amount: number }[]): PaymentLine[] {
  return lines.filter((l) => l.amount > 0).map((l) => ({ name: l.name, kind: feeKindOf(l.name), quantity: l.quantity, amount: l.amount }));
}

/**
 * A pay-first dossier's request, opened in the submission's transaction: the dossier stays at status 1 and waits for
 * the payment (waiting_for "payment"); it counts as submitted when paid.
 */
export async function openPayFirstRequest(trx: Trx, input: { dossierId: string; payerName: string; lines: PaymentLine[]; now: Date }): Promise<string | null> {
  const total = input.lines.reduce((s, l) => s + l.amount, 0);
  if (total <= 0) return null;
  const at = input.now.toISOString();
  const id = newId(input.now.getTime());
  await repo.insertRequest(trx, {
    id,
    dossier_id: input.dossierId,
    mode: "pay_first",
    state: "created",
    lines: JSON.stringify(input.lines),
    total,
    payer_name: input.payerName.slice(0, 200),
    note: null,
    pay_by: null,
    requested_at: at,
    requested_by: null,
    paid_at: null,
    paid_attempt_id: null,
    cancelled_at: null,
    cancelled_by: null,
    cancel_reason: null,
    version: 1,
    updated_at: at,
  });
  await repo.updateDossierForPayment(trx, input.dossierId, { waiting_for: "payment", updated_at: at });
  return id;
}

export type PaymentFailure = { ok: false; status: 400 | 403 | 404 | 409 | 503; message: string; field?: string };
const failure = (status: PaymentFailure["status"], message: string, field?: string): PaymentFailure => ({ ok: false, status, message, ...(field ? { field } : {}) });

export const paymentErrors = {
  notFound: "payments:errors.notFound",
  notPayable: "payments:errors.notPayable",
  alreadyPaid: "payments:errors.alreadyPaid",
  providerOff: "payments:errors.providerOff",
  gatewayDown: "payments:errors.gatewayDown",
  forbidden: "payments:errors.forbidden",
  noLines: "payments:errors.noLines",
  stale: "payments:errors.stale",
  refundNotAllowed: "payments:errors.refundNotAllowed",
  refundRefused: "payments:errors.refundRefused",
  notPaid: "payments:errors.notPaid",
  basisRequired: "payments:errors.basisRequired",
} as const;

/**
 * Pay later (thu sau): the official holding the step asks for the fees (4 → 6 through the engine, which writes the
 * history and tells the applicant) and the request is opened in the same transaction.
 */
export async function requestDossierPayment(
  db: Db,
  deps: PaymentDeps,
  input: { actor: Actor; code: string; version: number; lines: PaymentLine[]; note: string | null; now?: Date },
): Promise<{ ok: true; requestId: string } | PaymentFailure | { ok: false; engine: { status: 400 | 403 | 404 | 409; message: string } }> {
  const now = input.now ?? new Date();
  const lines = input.lines.filter((l) => l.amount > 0);
  const total = lines.reduce((s, l) => s + l.amount, 0);
  if (lines.length === 0 || total <= 0) return failure(400, paymentErrors.noLines, "lines");
  const at = now.toISOString();
  try {
    return await db.transaction().execute(async (trx) => {
      const result = await applyActionInTransaction(trx, deps.services.backOffice.services, deps.services.backOffice.settings, {
        actor: input.actor as Exclude<Actor, { kind: "anonymous" }>,
        dossier: { code: input.code },
        action: "requestPayment",
        version: input.version,
        params: { note: input.note ?? undefined, amount: total, description: lines.map((l) => l.name).join("; ").slice(0, 2000) },
        now,
      });
      if (!result.ok) throw new EngineRefusal({ status: result.status, message: result.message });
      const dossier = await repo.findDossierForPayment(trx, input.code);
      const payBy = await computeDueDate(trx, { receivedAt: now, amount: deps.settings.payLaterWorkingDays, unit: "working_days" });
      const id = newId(now.getTime());
      await repo.insertRequest(trx, {
        id,
        dossier_id: dossier!.dossierId,
        mode: "pay_later",
        state: "created",
        lines: JSON.stringify(lines),
        total,
        payer_name: payerNameOf(dossier!.applicant).slice(0, 200),
        note: input.note,
        pay_by: new Date(payBy.due).toISOString(),
        requested_at: at,
        requested_by: input.actor.kind === "official" ? input.actor.userId : null,
        paid_at: null,
        paid_attempt_id: null,
        cancelled_at: null,
        cancelled_by: null,
        cancel_reason: null,
        version: 1,
        updated_at: at,
      });
      return { ok: true as const, requestId: id };
    });
  } catch (error) {
    if (error instanceof EngineRefusal) return { ok: false, engine: error.result };
    throw error;
  }
}

class EngineRefusal extends Error {
  constructor(readonly result: { status: 400 | 403 | 404 | 409; message: string }) {
    super("refused");
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The applicant's payment page
// ---------------------------------------------------------------------------------------------------------------

export interface PaymentPage {
  dossier: { id: string; code: string; status: number; version: number; payerName: string };
  requests: RequestView[];
  providers: { vnpay: boolean; vietqr: boolean };
  /** The open VietQR transfer to show (QR payload and the account), when the applicant chose it. */
  transfer: TransferView | null;
}

export interface TransferView {
  reference: string;
  amount: number;
  payload: string;
  purpose: string;
  bankName: string;
  account: string;
  accountName: string;
  expiresAt: string;
}

function transferOf(settings: VietQrSettings, attempt: { reference: string; amount: number; expiresAt: string }, dossierCode: string): TransferView {
  const purpose = transferPurpose(attempt.reference, dossierCode);
  return {
    reference: attempt.reference,
    amount: attempt.amount,
    payload: vietQrPayload({ bankBin: settings.bankBin, account: settings.account, amount: attempt.amount, bill: attempt.reference, purpose }),
    purpose,
    bankName: settings.bankName,
    account: settings.account,
    accountName: settings.accountName,
    expiresAt: attempt.expiresAt,
  };
}

/** The transfer's description: the reference first (what the statement shows), then the dossier, ASCII only. */
export function transferPurpose(reference: string, dossierCode: string): string {
  return `${reference} LE PHI HS ${dossierCode}`.slice(0, 70);
}

/** What the applicant sees about paying for their dossier (null when it is not theirs: a 404). */
export async function paymentPage(db: Db, settings: PaymentSettings, input: { actor: Actor; code: string; now?: Date }): Promise<PaymentPage | null> {
  const d = await repo.findDossierForPayment(db, input.code);
  if (!d || !ownsDossier(input.actor, d)) return null;
  const requests = await requestViews(db, d);
  const now = (input.now ?? new Date()).toISOString();
  const openTransfer = requests
    .flatMap((r) => (r.payable ? r.attempts : []))
    .filter((a) => a.provider === "vietqr" && (a.state === "pending" || a.state === "created") && a.expiresAt > now)
    .at(-1);
  return {
    dossier: { id: d.dossierId, code: d.dossierCode, status: d.dossierStatus, version: d.dossierVersion, payerName: payerNameOf(d.applicant) },
    requests,
    providers: { vnpay: !!settings.vnpay, vietqr: !!settings.vietqr },
    transfer: openTransfer && settings.vietqr ? transferOf(settings.vietqr, openTransfer, d.dossierCode) : null,
  };
}

/** The open transfer's notice (giấy báo nộp phí) for the PDF: null when the applicant has no open transfer. */
export async function transferNotice(db: Db, settings: PaymentSettings, input: { actor: Actor; code: string; now?: Date }): Promise<PaymentNotice | null> {
  const page = await paymentPage(db, settings, input);
  if (!page?.transfer || !settings.vietqr) return null;
  const request = page.requests.find((r) => r.attempts.some((a) => a.reference === page.transfer!.reference));
  const d = await repo.findDossierForPayment(db, input.code);
  if (!request || !d) return null;
  const applicant = parseJsonColumn<{ cccd?: string; address?: string; organisation?: { taxCode?: string; address?: string } }>(d.applicant);
  return {
    payer: { name: page.dossier.payerName, idNumber: applicant.organisation?.taxCode ?? applicant.cccd ?? null, address: applicant.organisation?.address ?? applicant.address ?? null },
    dossierCode: d.dossierCode,
    procedureName: await procedureNameOf(db, d.procedureVersionId),
    lines: request.lines.map((l) => ({ name: l.name, quantity: l.quantity, amount: l.amount })),
    total: page.transfer.amount,
    beneficiary: { accountName: settings.vietqr.accountName, account: settings.vietqr.account, bankName: settings.vietqr.bankName, bankBin: settings.vietqr.bankBin },
    reference: page.transfer.reference,
    purpose: page.transfer.purpose,
    deadline: page.transfer.expiresAt,
  };
}

/** What the officials see of a dossier's payments (null when they may not). */
export async function officialPayments(db: Db, input: { actor: Actor; code: string }) {
  const d = await repo.findDossierForPayment(db, input.code);
  if (!d || !officialSees(input.actor, d)) return null;
  return {
    dossier: { id: d.dossierId, code: d.dossierCode, status: d.dossierStatus, version: d.dossierVersion, payerName: payerNameOf(d.applicant) },
    requests: await requestViews(db, d),
    mayCollect: holdsForDossier(input.actor, d, "collect:payment:agency"),
    mayRefund: holdsForDossier(input.actor, d, "refund:payment:agency"),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Starting a payment
// ---------------------------------------------------------------------------------------------------------------

export type StartResult = { ok: true; kind: "redirect"; url: string; reference: string } | { ok: true; kind: "transfer"; reference: string } | PaymentFailure;

/** The signed payment URL of a VNPay attempt (the same URL again for the same open attempt: two tabs pay one order). */
function vnpayUrlOf(settings: PaymentSettings, vnpay: VnpaySettings, a: { reference: string; amount: number; providerCreated: string; expiresAt: string; ip: string }, dossierCode: string, locale: "vn" | "en") {
  const params: VnpParams = {
    vnp_Version: "2.1.0",
    vnp_Command: "pay",
    vnp_TmnCode: vnpay.tmnCode,
    vnp_Amount: String(a.amount * 100),
    vnp_CurrCode: "VND",
    vnp_TxnRef: a.reference,
    vnp_OrderInfo: `Thanh toan phi le phi ho so ${dossierCode}`,
    vnp_OrderType: "other",
    vnp_Locale: locale,
    vnp_ReturnUrl: `${settings.origin}/payments/vnpay/return`,
    vnp_IpAddr: a.ip,
    vnp_CreateDate: a.providerCreated,
    vnp_ExpireDate: vnpayTimestamp(new Date(a.expiresAt)),
  };
  return paymentUrl(vnpay.payUrl, params, vnpay.hashSecret);
}

/**
 * Start paying a request: VNPay (an attempt and the signed redirect; an open, unexpired VNPay attempt of the same
 * request is reused, so two tabs pay one order) or a VietQR transfer (an attempt whose reference goes in the transfer's
 * description; the QR is shown on the payment page). A paid request is not paid again.
 */
export async function startPayment(
  db: Db,
  deps: PaymentDeps,
  input: { actor: Actor; code: string; requestId: string; provider: "vnpay" | "vietqr"; ip: string; locale: "vi" | "en"; now?: Date },
): Promise<StartResult> {
  const now = input.now ?? new Date();
  const { settings } = deps;
  if (input.provider === "vnpay" && !settings.vnpay) return failure(503, paymentErrors.providerOff);
  if (input.provider === "vietqr" && !settings.vietqr) return failure(503, paymentErrors.providerOff);
  return db.transaction().execute(async (trx): Promise<StartResult> => {
    const d = await repo.findDossierForPayment(trx, input.code);
    if (!d || !ownsDossier(input.actor, d)) return failure(404, paymentErrors.notFound);
    const request = await repo.lockRequest(trx, input.requestId);
    if (!request || request.dossier_id !== d.dossierId) return failure(404, paymentErrors.notFound);
    if (request.state === "paid" || request.state === "refunded") return failure(409, paymentErrors.alreadyPaid);
    if (!OPEN_REQUEST.includes(request.state) || !dossierWaitsFor(request.mode, d.dossierStatus)) return failure(409, paymentErrors.notPayable);
    const total = Number(request.total);
    const attempts = await repo.attemptsOfRequests(trx, [request.id]);
    const soon = new Date(now.getTime() + 60_000).toISOString();
    const open = attempts.filter((a) => a.provider === input.provider && (a.state === "pending" || a.state === "created") && a.expires_at > soon && Number(a.amount) === total).at(-1);
    const ip = input.ip || "127.0.0.1";
    if (input.provider === "vnpay") {
      const vnpay = settings.vnpay!;
      const locale = input.locale === "en" ? "en" : "vn";
      if (open) {
        const url = vnpayUrlOf(settings, vnpay, { reference: open.reference, amount: total, providerCreated: open.provider_created!, expiresAt: open.expires_at, ip: open.payer_ip ?? ip }, d.dossierCode, locale);
        return { ok: true, kind: "redirect", url, reference: open.reference };
      }
      const reference = newReference(now, deps.services.random);
      const expiresAt = new Date(now.getTime() + vnpay.expiryMinutes * 60_000);
      // vnp_ExpireDate has a resolution of seconds: the stored expiry is the one the gateway is told.
      expiresAt.setUTCMilliseconds(0);
      const providerCreated = vnpayTimestamp(now);
      await insertAttemptRow(trx, { request: request.id, reference, provider: "vnpay", amount: total, now, expiresAt, providerCreated, ip, createdBy: null });
      await refreshRequest(trx, request.id, now);
      const url = vnpayUrlOf(settings, vnpay, { reference, amount: total, providerCreated, expiresAt: expiresAt.toISOString(), ip }, d.dossierCode, locale);
      return { ok: true, kind: "redirect", url, reference };
    }
    if (open) return { ok: true, kind: "transfer", reference: open.reference };
    const reference = newReference(now, deps.services.random);
    const expiresAt = new Date(now.getTime() + settings.vietqr!.expiryHours * 3_600_000);
    await insertAttemptRow(trx, { request: request.id, reference, provider: "vietqr", amount: total, now, expiresAt, providerCreated: null, ip, createdBy: null });
    await refreshRequest(trx, request.id, now);
    return { ok: true, kind: "transfer", reference };
  });
}

async function insertAttemptRow(
  trx: Trx,
  a: { request: string; reference: string; provider: ProviderId; amount: number; now: Date; expiresAt: Date; providerCreated: string | null; ip: string | null; createdBy: string | null; state?: PaymentStateColumn },
) {
  const id = newId(a.now.getTime());
  await repo.insertAttempt(trx, {
    id,
    request_id: a.request,
    reference: a.reference,
    provider: a.provider,
    amount: a.amount,
    // Sent to the gateway or shown as a QR at once: pending.
    state: a.state ?? "pending",
    late: 0,
    review_reason: null,
    reviewed_at: null,
    reviewed_by: null,
    provider_txn_no: null,
    bank_code: null,
    response_code: null,
    provider_paid_at: null,
    created_at: a.now.toISOString(),
    provider_created: a.providerCreated,
    expires_at: a.expiresAt.toISOString(),
    payer_ip: a.ip,
    created_by: a.createdBy,
    paid_at: null,
    ended_at: null,
    last_checked_at: null,
    checks: 0,
    refunded_at: null,
    refunded_by: null,
    refund_reason: null,
    refund_method: null,
    version: 1,
  });
  return id;
}

// ---------------------------------------------------------------------------------------------------------------
// Settling: the one place money state moves
// ---------------------------------------------------------------------------------------------------------------

interface Confirmation {
  paid: boolean;
  source: EventSource;
  providerTxnNo: string | null;
  bankCode: string | null;
  responseCode: string | null;
  providerPaidAt: string | null;
}

type SettleOutcome = "recorded" | "already" | "notAllowed";

/** The request's state from its own decision and its attempts (a paid attempt under review does not pay it). */
async function refreshRequest(trx: Trx, requestId: string, now: Date): Promise<repo.RequestRow> {
  const request = (await repo.lockRequest(trx, requestId))!;
  const attempts = await repo.attemptsOfRequests(trx, [requestId]);
  let state: RequestState;
  const paidAttempt = request.paid_attempt_id ? attempts.find((a) => a.id === request.paid_attempt_id) : undefined;
  if (request.cancelled_at) state = "cancelled";
  else if (paidAttempt?.state === "paid") state = "paid";
  else if (paidAttempt?.state === "refunded") state = "refunded";
  else if (attempts.some((a) => a.state === "pending" || a.state === "created")) state = "pending";
  else {
    const latest = attempts.filter((a) => a.state !== "cancelled").at(-1);
    state = !latest ? "created" : latest.state === "expired" ? "expired" : latest.state === "failed" ? "failed" : "created";
  }
  if (state !== request.state) await repo.updateRequest(trx, requestId, { state, updated_at: now.toISOString() });
  return { ...request, state };
}

/**
 * Record what the gateway, reconciliation or the counter says about an attempt, in the caller's transaction. A paid
 * attempt pays its request (and issues the receipts, and moves the dossier on) unless the request is already paid by
 * another attempt (a duplicate: to refund), was cancelled (to refund) or now asks for another amount (to review).
 */
async function settle(trx: Trx, deps: PaymentDeps, attempt: repo.AttemptRow, c: Confirmation, now: Date): Promise<SettleOutcome> {
  const event: AttemptEvent = c.paid ? "confirmedPaid" : "confirmedFailed";
  const step = applyAttemptEvent(attempt.state, event, c.source);
  if (!step.ok) return step.reason === "already" ? "already" : "notAllowed";
  const at = now.toISOString();
  const moved = await repo.updateAttempt(trx, attempt.id, attempt.version, {
    state: step.to,
    late: step.late ? 1 : attempt.late,
    provider_txn_no: c.providerTxnNo ?? attempt.provider_txn_no,
    bank_code: c.bankCode ?? attempt.bank_code,
    response_code: c.responseCode ?? attempt.response_code,
    provider_paid_at: c.paid ? c.providerPaidAt : attempt.provider_paid_at,
    paid_at: c.paid ? at : null,
    ended_at: at,
  });
  if (!moved) return "already";
  if (!c.paid) {
    await refreshRequest(trx, attempt.request_id, now);
    return "recorded";
  }
  const request = (await repo.lockRequest(trx, attempt.request_id))!;
  const review =
    request.paid_attempt_id && request.paid_attempt_id !== attempt.id
      ? "duplicate"
      : request.cancelled_at
        ? "requestCancelled"
        : Number(request.total) !== Number(attempt.amount)
          ? "amountDiffers"
          : null;
  if (review) {
    await repo.updateAttempt(trx, attempt.id, attempt.version + 1, { review_reason: review });
    await refreshRequest(trx, request.id, now);
    return "recorded";
  }
  await repo.updateRequest(trx, request.id, { state: "paid", paid_at: at, paid_attempt_id: attempt.id, updated_at: at });
  await issueReceipts(trx, deps.settings, request, { ...attempt, provider_txn_no: c.providerTxnNo ?? attempt.provider_txn_no }, now);
  await moveDossierOnPayment(trx, deps, request, attempt, now);
  return "recorded";
}

/**
 * The dossier once its fees are settled (paid, or waived for an exempt applicant): pay-first → counted from now
 * (acceptance deadline); pay-later 6 → 4 through the engine. The applicant is told in-app.
 */
async function moveDossierOnPayment(
  trx: Trx,
  deps: PaymentDeps,
  request: repo.RequestRow,
  attempt: Pick<repo.AttemptRow, "amount" | "provider" | "reference"> | null,
  now: Date,
  waivedBasis: string | null = null,
) {
  const d = await repo.findDossierForPaymentById(trx, request.dossier_id);
  if (!d) return;
  const at = now.toISOString();
  const params = JSON.stringify(attempt ? { amount: Number(attempt.amount), provider: attempt.provider, reference: attempt.reference } : { basis: waivedBasis });
  if (request.mode === "pay_first" && d.dossierStatus === 1) {
    const due = await computeDueDate(trx, { receivedAt: now, amount: deps.settings.acceptanceWorkingHours, unit: "working_hours" });
    const dueAt = new Date(due.due).toISOString();
    await repo.updateDossierForPayment(trx, d.dossierId, { waiting_for: "receiving_officer", acceptance_due_at: dueAt, step_due_at: dueAt, updated_at: at });
    await repo.insertDossierEvent(trx, {
      id: newId(now.getTime()),
      dossier_id: d.dossierId,
      at,
      status_from: 1,
      status_to: 1,
      actor_type: "system",
      actor_id: null,
      agency_id: d.agencyId,
      note_key: attempt ? "history.paidFirst" : "history.feesWaived",
      note_params: params,
      clock: null,
    });
  } else if (request.mode === "pay_later" && d.dossierStatus === 6) {
    const result = await applyActionInTransaction(trx, deps.services.backOffice.services, deps.services.backOffice.settings, {
      actor: { kind: "system" },
      dossier: { id: d.dossierId },
      action: "confirmPayment",
      version: null,
      params: {},
      now,
    });
    // The engine refuses only if the dossier left status 6 meanwhile; the payment stays recorded either way.
    if (!result.ok) return;
  }
  await repo.insertNotification(trx, {
    id: newId(now.getTime()),
    user_id: d.ownerUserId,
    organisation_id: d.ownerOrganisationId,
    kind: attempt ? "dossier.paymentReceived" : "dossier.feesWaived",
    dossier_id: d.dossierId,
    created_at: at,
    read_at: null,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Receipts
// ---------------------------------------------------------------------------------------------------------------

/** The series of a year: letters, the year's last two digits (Vietnam time), E for electronic. */
export function receiptSeries(letters: string, at: Date): string {
  const year = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Ho_Chi_Minh", year: "2-digit" }).format(at);
  return `${letters}-${year}E`;
}

/** One receipt per fee kind (phí and lệ phí apart), numbered in the transaction (gap-free, restarting each year). */
async function issueReceipts(trx: Trx, settings: PaymentSettings, request: repo.RequestRow, attempt: repo.AttemptRow, now: Date) {
  const lines = linesOf(request.lines);
  const d = await repo.findDossierForPaymentById(trx, request.dossier_id);
  const procedure = d ? await procedureNameOf(trx, d.procedureVersionId) : "";
  const applicant = d ? parseJsonColumn<{ fullName?: string; cccd?: string; address?: string; organisation?: { name?: string; taxCode?: string; address?: string } }>(d.applicant) : {};
  const series = receiptSeries(settings.receipt.seriesLetters, now);
  for (const kind of LINE_KINDS) {
    const ofKind = lines.filter((l) => l.kind === kind);
    const amount = ofKind.reduce((s, l) => s + l.amount, 0);
    if (amount <= 0) continue;
    const number = await repo.nextReceiptNumber(trx, settings.receipt.templateSymbol, series);
    const document: ReceiptDocument = {
      typeName: settings.receipt.typeName,
      templateSymbol: settings.receipt.templateSymbol,
      series,
      number,
      issuedAt: now.toISOString(),
      kind,
      collector: settings.receipt.collector,
      payer: {
        name: applicant.organisation?.name ?? applicant.fullName ?? request.payer_name,
        idNumber: applicant.organisation?.taxCode ?? applicant.cccd ?? null,
        address: applicant.organisation?.address ?? applicant.address ?? null,
      },
      dossierCode: d?.dossierCode ?? "",
      procedureName: procedure,
      lines: ofKind.map((l) => ({ name: l.name, quantity: l.quantity, amount: l.amount })),
      total: amount,
      method: attempt.provider,
      providerTxnNo: attempt.provider_txn_no,
      reference: attempt.reference,
      status: "issued",
    };
    await repo.insertReceipt(trx, {
      id: newId(now.getTime()),
      request_id: request.id,
      attempt_id: attempt.id,
      kind,
      template_symbol: settings.receipt.templateSymbol,
      series,
      number,
      amount,
      issued_at: now.toISOString(),
      status: "issued",
      document: JSON.stringify(document),
      file_id: null,
      cancelled_at: null,
      cancelled_by: null,
      cancel_reason: null,
    });
  }
}

async function procedureNameOf(db: Db | Trx, versionId: string): Promise<string> {
  const row = await db.selectFrom("procedure_versions").select("name").where("id", "=", versionId).executeTakeFirst();
  return row?.name ?? "";
}

/** The receipt's content as issued (what its PDF is drawn from), with the amount in words. */
export function receiptDocumentOf(row: repo.ReceiptRow): ReceiptDocument & { amountInWords: string } {
  const doc = parseJsonColumn<ReceiptDocument>(row.document);
  return { ...doc, status: row.status, amountInWords: amountInWords(doc.total) };
}

/**
 * Put each issued receipt's PDF in the payer's wallet (after the payment's transaction: the bytes are stored first,
 * then the row that refers to them). Safe to run again: a receipt that has its file is left alone.
 */
export async function fileReceipts(db: Db, deps: PaymentDeps, now = new Date(), limit = 50): Promise<number> {
  const pending = await repo.receiptsWithoutFile(db, limit);
  let filed = 0;
  for (const receipt of pending) {
    const document = parseJsonColumn<ReceiptDocument>(receipt.document);
    const pdf = await deps.services.renderReceipt(document);
    const staged = await deps.services.blobs.stage(
      (async function* () {
        yield pdf;
      })(),
      { maxBytes: 20 * 1024 * 1024 },
    );
    await staged.commit();
    const request = await repo.findRequest(db, receipt.request_id);
    const d = request ? await repo.findDossierForPaymentById(db, request.dossier_id) : undefined;
    if (!d) continue;
    await db.transaction().execute(async (trx) => {
      const fileId = newId(now.getTime());
      await repo.insertWalletFile(trx, {
        id: fileId,
        sha256: staged.sha256,
        size_bytes: staged.size,
        media_type: "application/pdf",
        original_name: `bien-lai-${receipt.series}-${String(receipt.number).padStart(7, "0")}.pdf`,
        owner_user_id: d.ownerUserId,
        owner_organisation_id: d.ownerOrganisationId,
        source: "result",
        signature_status: "not_checked",
        created_at: now.toISOString(),
        deleted_at: null,
      });
      // Two sweeps at once: the second finds the file set and rolls its own row back.
      if (!(await repo.setReceiptFile(trx, receipt.id, fileId))) throw new AlreadyFiled();
    }).then(
      () => filed++,
      (error: unknown) => {
        if (!(error instanceof AlreadyFiled)) throw error;
      },
    );
  }
  return filed;
}

class AlreadyFiled extends Error {}

/** A receipt the actor may read: the payer (owner of the dossier) or an official of its agency. */
export async function receiptFor(db: Db, input: { actor: Actor; code: string; id: string }) {
  const d = await repo.findDossierForPayment(db, input.code);
  if (!d || !(ownsDossier(input.actor, d) || officialSees(input.actor, d))) return null;
  const receipt = await repo.findReceipt(db, input.id);
  if (!receipt) return null;
  const request = await repo.findRequest(db, receipt.request_id);
  if (!request || request.dossier_id !== d.dossierId) return null;
  return receiptDocumentOf(receipt);
}

// ---------------------------------------------------------------------------------------------------------------
// VNPay: IPN, return page, reconciliation, refund
// ---------------------------------------------------------------------------------------------------------------

export interface IpnAnswer {
  RspCode: "00" | "01" | "02" | "04" | "97" | "99";
  Message: string;
}

const IPN_MESSAGES: Record<IpnAnswer["RspCode"], string> = {
  "00": "Confirm Success",
  "01": "Order not found",
  "02": "Order already confirmed",
  "04": "Invalid amount",
  "97": "Invalid signature",
  "99": "Unknown error",
};
const answer = (code: IpnAnswer["RspCode"]): IpnAnswer => ({ RspCode: code, Message: IPN_MESSAGES[code] });

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return !!e && (e.code === "23505" || e.code === "SQLITE_CONSTRAINT_UNIQUE" || (typeof e.message === "string" && /UNIQUE constraint failed/.test(e.message)));
}

/**
 * VNPay's IPN (server to server), in the documented order: signature (97), order (01), amount (04), already confirmed
 * (02), then the outcome recorded (00, for a failure too); anything unexpected is 99 (VNPay retries). Every call is
 * stored raw before it is looked at.
 */
export async function handleVnpayIpn(db: Db, deps: PaymentDeps, input: { params: VnpParams; ip: string | null; now?: Date }): Promise<IpnAnswer> {
  const now = input.now ?? new Date();
  const vnpay = deps.settings.vnpay;
  const p = input.params;
  const signatureOk = !!vnpay && verifySignature(p, vnpay.hashSecret);
  const callbackId = newId(now.getTime());
  try {
    await repo.insertCallback(db, {
      id: callbackId,
      provider: "vnpay",
      kind: "ipn",
      received_at: now.toISOString(),
      source_ip: input.ip,
      raw: new URLSearchParams(p).toString().slice(0, 8000),
      signature_ok: signatureOk ? 1 : 0,
      reference: (p.vnp_TxnRef ?? "").slice(0, 40) || null,
      outcome: null,
    });
  } catch {
    return answer("99");
  }
  const result = await processIpn(db, deps, p, signatureOk, now).catch((error: unknown) => (isUniqueViolation(error) ? answer("02") : answer("99")));
  await repo.setCallbackOutcome(db, callbackId, result.RspCode).catch(() => undefined);
  // The receipts issued just now go into the payer's wallet at once (the sweep retries whatever fails here).
  if (result.RspCode === "00") await fileReceipts(db, deps, now, 5).catch(() => undefined);
  return result;
}

async function processIpn(db: Db, deps: PaymentDeps, p: VnpParams, signatureOk: boolean, now: Date): Promise<IpnAnswer> {
  const vnpay = deps.settings.vnpay;
  if (!vnpay || !signatureOk) return answer("97");
  if (p.vnp_TmnCode !== vnpay.tmnCode) return answer("01");
  return db.transaction().execute(async (trx): Promise<IpnAnswer> => {
    const attempt = await repo.lockAttemptByReference(trx, p.vnp_TxnRef ?? "");
    if (!attempt || attempt.provider !== "vnpay") return answer("01");
    if (!/^\d+$/.test(p.vnp_Amount ?? "") || Number(p.vnp_Amount) !== Number(attempt.amount) * 100) {
      if (attempt.review_reason === null) await repo.updateAttempt(trx, attempt.id, attempt.version, { review_reason: "amountDiffers" });
      return answer("04");
    }
    if (attempt.state === "paid" || attempt.state === "refunded") return answer("02");
    const paid = p.vnp_ResponseCode === "00" && p.vnp_TransactionStatus === "00";
    const outcome = await settle(
      trx,
      deps,
      attempt,
      {
        paid,
        source: "callback",
        providerTxnNo: p.vnp_TransactionNo && p.vnp_TransactionNo !== "0" ? p.vnp_TransactionNo : null,
        bankCode: p.vnp_BankCode || null,
        responseCode: p.vnp_ResponseCode ?? null,
        providerPaidAt: p.vnp_PayDate ? (parseVnpayTimestamp(p.vnp_PayDate)?.toISOString() ?? null) : null,
      },
      now,
    );
    // Code 07 (debited, suspected fraud) is money taken that an officer must look at.
    if (p.vnp_ResponseCode === "07") await repo.updateAttempt(trx, attempt.id, (await repo.findAttempt(trx, attempt.id))!.version, { review_reason: "suspectedFraud" });
    return outcome === "recorded" ? answer("00") : answer("02");
  });
}

export interface ReturnView {
  signatureOk: boolean;
  dossierCode: string | null;
  reference: string | null;
  state: AttemptState | null;
  /** What the gateway told the browser (a hint only: the state above is ours). */
  responseCode: string | null;
  amount: number | null;
}

/**
 * The browser's return from VNPay: shows OUR state of the attempt (the query proves nothing: anyone holding a return
 * URL can replay it). An attempt still pending two minutes after it was made is asked about (querydr), which is
 * reconciliation, not the browser, moving money state.
 */
export async function vnpayReturn(db: Db, deps: PaymentDeps, input: { params: VnpParams; ip: string | null; now?: Date }): Promise<ReturnView> {
  const now = input.now ?? new Date();
  const vnpay = deps.settings.vnpay;
  const signatureOk = !!vnpay && verifySignature(input.params, vnpay.hashSecret);
  const reference = input.params.vnp_TxnRef ?? null;
  let attempt = signatureOk && reference ? await repo.findAttemptByReference(db, reference) : undefined;
  if (!attempt || attempt.provider !== "vnpay") {
    return { signatureOk, dossierCode: null, reference: signatureOk ? reference : null, state: null, responseCode: null, amount: null };
  }
  if ((attempt.state === "pending" || attempt.state === "created") && now.getTime() - Date.parse(attempt.created_at) > 2 * 60_000) {
    await reconcileAttempt(db, deps, attempt.reference, now).catch(() => undefined);
    attempt = (await repo.findAttemptByReference(db, attempt.reference))!;
  }
  const request = await repo.findRequest(db, attempt.request_id);
  const d = request ? await repo.findDossierForPaymentById(db, request.dossier_id) : undefined;
  return {
    signatureOk,
    dossierCode: d?.dossierCode ?? null,
    reference: attempt.reference,
    state: attempt.state,
    responseCode: input.params.vnp_ResponseCode ?? null,
    amount: Number(attempt.amount),
  };
}

/** The state of an attempt, for the return page's polling (the owner only). */
export async function attemptStateFor(db: Db, input: { actor: Actor; reference: string }) {
  const attempt = await repo.findAttemptByReference(db, input.reference);
  if (!attempt) return null;
  const request = await repo.findRequest(db, attempt.request_id);
  const d = request ? await repo.findDossierForPaymentById(db, request.dossier_id) : undefined;
  if (!d || !ownsDossier(input.actor, d)) return null;
  return { state: attempt.state, dossierCode: d.dossierCode };
}

type QueryResult = { kind: "paid" | "failed" | "open" | "notFound"; message: Record<string, string> } | { kind: "error"; reason: string };

function requestId(deps: PaymentDeps): string {
  return Buffer.from(deps.services.random(12)).toString("hex");
}

async function querydr(deps: PaymentDeps, attempt: repo.AttemptRow, now: Date): Promise<QueryResult> {
  const vnpay = deps.settings.vnpay;
  if (!vnpay) return { kind: "error", reason: "providerOff" };
  const message: Record<string, string> = {
    vnp_RequestId: requestId(deps),
    vnp_Version: "2.1.0",
    vnp_Command: "querydr",
    vnp_TmnCode: vnpay.tmnCode,
    vnp_TxnRef: attempt.reference,
    vnp_OrderInfo: `Doi soat giao dich ${attempt.reference}`,
    vnp_TransactionDate: attempt.provider_created ?? vnpayTimestamp(new Date(attempt.created_at)),
    vnp_CreateDate: vnpayTimestamp(now),
    vnp_IpAddr: deps.settings.serverIp,
  };
  message.vnp_SecureHash = messageChecksum(QUERYDR_REQUEST_FIELDS, message, vnpay.hashSecret);
  let raw: unknown;
  try {
    raw = await deps.services.vnpayApi(vnpay.apiUrl, message);
  } catch (error) {
    return { kind: "error", reason: `transport: ${String((error as Error).message ?? error)}` };
  }
  const response = Object.fromEntries(Object.entries((raw ?? {}) as Record<string, unknown>).map(([k, v]) => [k, v == null ? "" : String(v)]));
  if (response.vnp_ResponseCode === "91") return { kind: "notFound", message: response };
  if (!verifyMessage(QUERYDR_RESPONSE_FIELDS, response, vnpay.hashSecret)) return { kind: "error", reason: "badChecksum" };
  if (response.vnp_ResponseCode !== "00") return { kind: "error", reason: `response ${response.vnp_ResponseCode}` };
  if (response.vnp_TxnRef !== attempt.reference) return { kind: "error", reason: "otherOrder" };
  if (response.vnp_TransactionStatus === "00") {
    if (Number(response.vnp_Amount) !== Number(attempt.amount) * 100) return { kind: "error", reason: "amountDiffers" };
    return { kind: "paid", message: response };
  }
  if (response.vnp_TransactionStatus === "01") return { kind: "open", message: response };
  return { kind: "failed", message: response };
}

/**
 * Reconcile one VNPay attempt (its IPN never came, or the return page waited): ask the gateway (querydr) and record
 * the answer as reconciliation. Past its expiry plus 15 minutes, an order the gateway does not know or never completed
 * is expired. Returns what was concluded.
 */
export async function reconcileAttempt(db: Db, deps: PaymentDeps, reference: string, now = new Date()): Promise<"paid" | "failed" | "expired" | "open" | "unchanged" | "error"> {
  const attempt = await repo.findAttemptByReference(db, reference);
  if (!attempt || attempt.provider !== "vnpay" || !deps.settings.vnpay) return "unchanged";
  const result = await querydr(deps, attempt, now);
  await repo.insertCallback(db, {
    id: newId(now.getTime()),
    provider: "vnpay",
    kind: "querydr",
    received_at: now.toISOString(),
    source_ip: null,
    raw: result.kind === "error" ? result.reason : new URLSearchParams(result.message).toString().slice(0, 8000),
    signature_ok: result.kind === "error" ? 0 : 1,
    reference,
    outcome: result.kind,
  });
  return db.transaction().execute(async (trx) => {
    const fresh = (await repo.lockAttemptByReference(trx, reference))!;
    await repo.updateAttempt(trx, fresh.id, fresh.version, { last_checked_at: now.toISOString(), checks: fresh.checks + 1 });
    const current = (await repo.findAttempt(trx, fresh.id))!;
    if (result.kind === "error") return "error" as const;
    if (result.kind === "paid" || result.kind === "failed") {
      const m = result.message;
      const outcome = await settle(
        trx,
        deps,
        current,
        {
          paid: result.kind === "paid",
          source: "reconciliation",
          providerTxnNo: m.vnp_TransactionNo && m.vnp_TransactionNo !== "0" ? m.vnp_TransactionNo : null,
          bankCode: m.vnp_BankCode || null,
          responseCode: m.vnp_TransactionStatus ?? null,
          providerPaidAt: m.vnp_PayDate ? (parseVnpayTimestamp(m.vnp_PayDate)?.toISOString() ?? null) : null,
        },
        now,
      );
      return outcome === "recorded" ? result.kind : ("unchanged" as const);
    }
    const graceOver = now.getTime() > Date.parse(current.expires_at) + 15 * 60_000;
    if (graceOver && (current.state === "pending" || current.state === "created")) {
      const step = applyAttemptEvent(current.state, "timedOut", "reconciliation");
      if (step.ok) {
        await repo.updateAttempt(trx, current.id, current.version, { state: "expired", ended_at: now.toISOString() });
        await refreshRequest(trx, current.request_id, now);
        return "expired" as const;
      }
    }
    return "open" as const;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// VietQR transfers: a bank statement's line is their reconciliation
// ---------------------------------------------------------------------------------------------------------------

/**
 * A statement line that matched a VietQR attempt (its reference, its amount): the transfer is paid, as reconciliation,
 * in the caller's transaction (the statement's import). A transfer made after its window closed is paid "late".
 */
export async function settleTransfer(
  trx: Trx,
  deps: PaymentDeps,
  input: { reference: string; amount: number; bankRef: string | null; bookedOn: string; now: Date },
): Promise<SettleOutcome | "notFound" | "amountDiffers"> {
  const attempt = await repo.lockAttemptByReference(trx, input.reference);
  if (!attempt || attempt.provider !== "vietqr") return "notFound";
  if (Number(attempt.amount) !== input.amount) {
    if (attempt.review_reason === null) await repo.updateAttempt(trx, attempt.id, attempt.version, { review_reason: "amountDiffers" });
    return "amountDiffers";
  }
  return settle(
    trx,
    deps,
    attempt,
    { paid: true, source: "reconciliation", providerTxnNo: input.bankRef, bankCode: null, responseCode: null, providerPaidAt: new Date(`${input.bookedOn}T00:00:00+07:00`).toISOString() },
    input.now,
  );
}

/** An officer has looked at an attempt flagged for review (another amount, a duplicate, suspected fraud) and says what was done. */
export async function markAttemptReviewed(trx: Trx, input: { reference: string; by: string; now: Date }): Promise<boolean> {
  const attempt = await repo.lockAttemptByReference(trx, input.reference);
  if (!attempt || !attempt.review_reason || attempt.reviewed_at) return false;
  return repo.updateAttempt(trx, attempt.id, attempt.version, { reviewed_at: input.now.toISOString(), reviewed_by: input.by });
}

// ---------------------------------------------------------------------------------------------------------------
// The counter, refunds, cancellation
// ---------------------------------------------------------------------------------------------------------------

/**
 * Money taken at the counter (cash or card on the one-stop unit's terminal), recorded by an officer who may collect
 * in the dossier's agency: an attempt born paid, the request paid, receipts issued, the dossier moved on, audited.
 */
export async function recordCounterPayment(
  db: Db,
  deps: PaymentDeps,
  input: { actor: Actor; code: string; requestId: string; note: string | null; ip?: string | null; now?: Date },
): Promise<{ ok: true; reference: string } | PaymentFailure> {
  const now = input.now ?? new Date();
  const result = await counterPaymentTransaction(db, deps, input, now);
  if (result.ok) await fileReceipts(db, deps, now, 5).catch(() => undefined);
  return result;
}

async function counterPaymentTransaction(
  db: Db,
  deps: PaymentDeps,
  input: { actor: Actor; code: string; requestId: string; note: string | null; ip?: string | null },
  now: Date,
): Promise<{ ok: true; reference: string } | PaymentFailure> {
  const actor = input.actor;
  if (actor.kind !== "official") return failure(403, paymentErrors.forbidden);
  return db.transaction().execute(async (trx) => {
    const d = await repo.findDossierForPayment(trx, input.code);
    if (!d || !officialSees(actor, d)) return failure(404, paymentErrors.notFound);
    if (!holdsForDossier(actor, d, "collect:payment:agency")) return failure(403, paymentErrors.forbidden);
    const request = await lockOpenRequest(trx, d, input.requestId);
    if ("ok" in request) return request;
    const reference = newReference(now, deps.services.random);
    const id = await insertAttemptRow(trx, {
      request: request.id,
      reference,
      provider: "counter",
      amount: Number(request.total),
      now,
      expiresAt: now,
      providerCreated: null,
      ip: input.ip ?? null,
      createdBy: actor.userId,
      state: "created",
    });
    const attempt = (await repo.findAttempt(trx, id))!;
    // The officer is the witness of the money: the counter's record is this attempt's reconciliation.
    await settle(trx, deps, attempt, { paid: true, source: "reconciliation", providerTxnNo: null, bankCode: null, responseCode: null, providerPaidAt: now.toISOString() }, now);
    await recordAudit(trx, {
      actor: { type: "official", id: actor.userId },
      action: "payment.counter",
      entity: { type: "payment_request", id: request.id },
      ip: input.ip ?? null,
      details: { dossier: d.dossierCode, reference, amount: Number(request.total), note: input.note },
      at: now,
    });
    return { ok: true as const, reference };
  });
}

/** The reason kept on a request waived for an exempt applicant: "exempt|" and the legal basis the officer gave. */
export const WAIVED_PREFIX = "exempt|";

/**
 * An exempt applicant (the catalog line's exemptions: "Người có công với cách mạng"…): an officer who may collect in
 * the dossier's agency waives the open request with the basis and the proof seen. Its open attempts are cancelled, the
 * request is cancelled with the basis as its reason (a distinct reason, so that the statistics count exemptions apart
 * from payments), the dossier moves on as if paid, and it is audited. No receipt is issued.
 */
export async function waiveRequest(
  db: Db,
  deps: PaymentDeps,
  input: { actor: Actor; code: string; requestId: string; basis: string; ip?: string | null; now?: Date },
): Promise<{ ok: true } | PaymentFailure> {
  const now = input.now ?? new Date();
  const actor = input.actor;
  if (actor.kind !== "official") return failure(403, paymentErrors.forbidden);
  const basis = input.basis.trim();
  if (basis.length < 5) return failure(400, paymentErrors.basisRequired, "basis");
  return db.transaction().execute(async (trx) => {
    const d = await repo.findDossierForPayment(trx, input.code);
    if (!d || !officialSees(actor, d)) return failure(404, paymentErrors.notFound);
    if (!holdsForDossier(actor, d, "collect:payment:agency")) return failure(403, paymentErrors.forbidden);
    const request = await lockOpenRequest(trx, d, input.requestId);
    if ("ok" in request) return request;
    const at = now.toISOString();
    for (const a of await repo.attemptsOfRequests(trx, [request.id])) {
      if (a.state === "pending" || a.state === "created") await repo.updateAttempt(trx, a.id, a.version, { state: "cancelled", ended_at: at });
    }
    await repo.updateRequest(trx, request.id, { state: "cancelled", cancelled_at: at, cancelled_by: actor.userId, cancel_reason: `${WAIVED_PREFIX}${basis}`.slice(0, 2000), updated_at: at });
    await moveDossierOnPayment(trx, deps, request, null, now, basis);
    await recordAudit(trx, {
      actor: { type: "official", id: actor.userId },
      action: "payment.waive",
      entity: { type: "payment_request", id: request.id },
      ip: input.ip ?? null,
      details: { dossier: d.dossierCode, amount: Number(request.total), basis },
      at: now,
    });
    return { ok: true as const };
  });
}

/**
 * Refund a paid attempt (a duplicate payment, a dossier that ended unpaid-for, a fee taken wrongly): through VNPay's
 * refund API for a VNPay payment ("gateway"), otherwise recorded as done by hand ("manual": a transfer back, cash).
 * A reason is required; the refund is audited; the request follows (refunded when its paying attempt is).
 */
export async function refundPayment(
  db: Db,
  deps: PaymentDeps,
  input: { actor: Actor; code: string; reference: string; reason: string; ip?: string | null; now?: Date },
): Promise<{ ok: true; method: "gateway" | "manual" } | PaymentFailure> {
  const now = input.now ?? new Date();
  const actor = input.actor;
  if (actor.kind !== "official") return failure(403, paymentErrors.forbidden);
  const d = await repo.findDossierForPayment(db, input.code);
  if (!d || !officialSees(actor, d)) return failure(404, paymentErrors.notFound);
  if (!holdsForDossier(actor, d, "refund:payment:agency")) return failure(403, paymentErrors.forbidden);
  const attempt = await repo.findAttemptByReference(db, input.reference);
  const request = attempt ? await repo.findRequest(db, attempt.request_id) : undefined;
  if (!attempt || !request || request.dossier_id !== d.dossierId) return failure(404, paymentErrors.notFound);
  return refundAttempt(db, deps, attempt, { by: actor.userId, dossierCode: d.dossierCode, reason: input.reason, ip: input.ip ?? null, now });
}

async function refundAttempt(
  db: Db,
  deps: PaymentDeps,
  attempt: repo.AttemptRow,
  input: { by: string | null; dossierCode: string; reason: string; ip: string | null; now: Date },
): Promise<{ ok: true; method: "gateway" | "manual" } | PaymentFailure> {
  const { now } = input;
  const allowed = applyAttemptEvent(attempt.state, "refunded", "officer");
  if (!allowed.ok) return failure(409, allowed.reason === "already" ? paymentErrors.refundNotAllowed : paymentErrors.notPaid);
  let method: "gateway" | "manual" = "manual";
  let gatewayAnswer: Record<string, string> | null = null;
  if (attempt.provider === "vnpay" && deps.settings.vnpay && attempt.provider_txn_no) {
    const vnpay = deps.settings.vnpay;
    const message: Record<string, string> = {
      vnp_RequestId: requestId(deps),
      vnp_Version: "2.1.0",
      vnp_Command: "refund",
      vnp_TmnCode: vnpay.tmnCode,
      vnp_TransactionType: "02",
      vnp_TxnRef: attempt.reference,
      vnp_Amount: String(Number(attempt.amount) * 100),
      vnp_TransactionNo: attempt.provider_txn_no,
      vnp_TransactionDate: attempt.provider_created ?? vnpayTimestamp(new Date(attempt.created_at)),
      vnp_CreateBy: input.by ?? "system",
      vnp_CreateDate: vnpayTimestamp(now),
      vnp_IpAddr: deps.settings.serverIp,
      vnp_OrderInfo: `Hoan tien giao dich ${attempt.reference}`,
    };
    message.vnp_SecureHash = messageChecksum(REFUND_REQUEST_FIELDS, message, vnpay.hashSecret);
    let raw: unknown;
    try {
      raw = await deps.services.vnpayApi(vnpay.apiUrl, message);
    } catch {
      return failure(503, paymentErrors.gatewayDown);
    }
    gatewayAnswer = Object.fromEntries(Object.entries((raw ?? {}) as Record<string, unknown>).map(([k, v]) => [k, v == null ? "" : String(v)]));
    const checksumOk = verifyMessage(REFUND_RESPONSE_FIELDS, gatewayAnswer, vnpay.hashSecret);
    await repo.insertCallback(db, {
      id: newId(now.getTime()),
      provider: "vnpay",
      kind: "refund",
      received_at: now.toISOString(),
      source_ip: null,
      raw: new URLSearchParams(gatewayAnswer).toString().slice(0, 8000),
      signature_ok: checksumOk ? 1 : 0,
      reference: attempt.reference,
      outcome: gatewayAnswer.vnp_ResponseCode ?? null,
    });
    if (!checksumOk || gatewayAnswer.vnp_ResponseCode !== "00") return failure(409, paymentErrors.refundRefused);
    method = "gateway";
  }
  return db.transaction().execute(async (trx) => {
    const fresh = (await repo.lockAttemptByReference(trx, attempt.reference))!;
    const step = applyAttemptEvent(fresh.state, "refunded", "officer");
    if (!step.ok) return failure(409, paymentErrors.stale);
    const at = now.toISOString();
    await repo.updateAttempt(trx, fresh.id, fresh.version, { state: "refunded", refunded_at: at, refunded_by: input.by, refund_reason: input.reason, refund_method: method, ended_at: at });
    await refreshRequest(trx, fresh.request_id, now);
    // The refunded payment's receipts are cancelled with the same reason (Decree 123: cancelled, not deleted).
    for (const r of await repo.receiptsOfRequests(trx, [fresh.request_id])) {
      if (r.attempt_id === fresh.id && r.status === "issued") await repo.updateReceipt(trx, r.id, { status: "cancelled", cancelled_at: at, cancelled_by: input.by, cancel_reason: input.reason });
    }
    await recordAudit(trx, {
      actor: input.by ? { type: "official", id: input.by } : { type: "system" },
      action: "payment.refund",
      entity: { type: "payment_attempt", id: fresh.id },
      ip: input.ip,
      details: { dossier: input.dossierCode, reference: fresh.reference, amount: Number(fresh.amount), reason: input.reason, method, gateway: gatewayAnswer?.vnp_ResponseCode ?? null },
      at: now,
    });
    return { ok: true as const, method };
  });
}

/** Paid VNPay attempts that must go back (a second payment of a paid request; a payment of a cancelled request). */
async function refundDuplicates(db: Db, deps: PaymentDeps, now: Date): Promise<number> {
  if (!deps.settings.vnpay) return 0;
  let refunded = 0;
  for (const a of await repo.attemptsToRefund(db, 20)) {
    const request = await repo.findRequest(db, a.request_id);
    const d = request ? await repo.findDossierForPaymentById(db, request.dossier_id) : undefined;
    if (!d) continue;
    const reason = a.review_reason === "duplicate" ? "payments:refund.reasons.duplicate" : "payments:refund.reasons.requestCancelled";
    const r = await refundAttempt(db, deps, a, { by: null, dossierCode: d.dossierCode, reason, ip: null, now });
    if (r.ok) refunded++;
  }
  return refunded;
}

// ---------------------------------------------------------------------------------------------------------------
// The sweep
// ---------------------------------------------------------------------------------------------------------------

/**
 * What runs in the background: ask VNPay about attempts whose IPN has not come (after 15 minutes, then hourly, for up
 * to three days); give up VietQR transfers past their window (a statement line can still pay them, late); cancel the
 * unpaid requests of dossiers that ended (refused, withdrawn, stopped); put issued receipts into the payers' wallets.
 */
export async function sweepPayments(db: Db, deps: PaymentDeps, now = new Date()) {
  const out = { checked: 0, settled: 0, expired: 0, cancelled: 0, refunded: 0, filed: 0 };
  if (deps.settings.vnpay) {
    const due = await repo.attemptsToCheck(db, {
      provider: "vnpay",
      createdBefore: new Date(now.getTime() - 15 * 60_000).toISOString(),
      createdAfter: new Date(now.getTime() - 3 * 24 * 3_600_000).toISOString(),
      checkedBefore: new Date(now.getTime() - 3_600_000).toISOString(),
      limit: 50,
    });
    for (const a of due) {
      out.checked++;
      const r = await reconcileAttempt(db, deps, a.reference, now);
      if (r === "paid" || r === "failed") out.settled++;
      if (r === "expired") out.expired++;
    }
  }
  for (const a of await repo.openAttemptsExpiredBefore(db, "vietqr", now.toISOString(), 100)) {
    await db.transaction().execute(async (trx) => {
      const fresh = (await repo.lockAttemptByReference(trx, a.reference))!;
      const step = applyAttemptEvent(fresh.state, "timedOut", "system");
      if (!step.ok) return;
      await repo.updateAttempt(trx, fresh.id, fresh.version, { state: "expired", ended_at: now.toISOString() });
      await refreshRequest(trx, fresh.request_id, now);
      out.expired++;
    });
  }
  for (const r of await repo.requestsOfEndedDossiers(db, 100)) {
    await db.transaction().execute(async (trx) => {
      const request = await repo.lockRequest(trx, r.id);
      if (!request || !OPEN_REQUEST.includes(request.state)) return;
      const at = now.toISOString();
      for (const a of await repo.attemptsOfRequests(trx, [request.id])) {
        if (a.state === "pending" || a.state === "created") await repo.updateAttempt(trx, a.id, a.version, { state: "cancelled", ended_at: at });
      }
      await repo.updateRequest(trx, request.id, { state: "cancelled", cancelled_at: at, cancel_reason: `dossierStatus${r.status}`, updated_at: at });
      out.cancelled++;
    });
  }
  out.refunded = await refundDuplicates(db, deps, now);
  out.filed = await fileReceipts(db, deps, now);
  return out;
}

export { settle as settleForTests };
