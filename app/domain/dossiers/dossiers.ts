// Dossiers (issue 5, items 4 and 5): statuses, the dossier code and the rules of tracking and withdrawal. Pure and
// isomorphic; the use cases are in dossiers.server.ts, the queries in dossiers.repo.server.ts.
// Decision: docs/decisions/0014-dossiers.md.

import type { SignatureSummary } from "../files/signature-summary";

/** The DVCQG status codes (shared/domain/vn-egov.md §2.3); their names are texts of the "dossiers" namespace. */
export const DOSSIER_STATUSES = {
  submitted: 1, // Mới đăng ký
  accepted: 2, // Được tiếp nhận
  refused: 3, // Không được tiếp nhận
  processing: 4, // Đang xử lý
  supplementRequested: 5, // Yêu cầu bổ sung giấy tờ
  financialObligation: 6, // Yêu cầu thực hiện nghĩa vụ tài chính
  withdrawn: 7, // Công dân yêu cầu rút hồ sơ
  stopped: 8, // Dừng xử lý
  resultReady: 9, // Đã xử lý xong
  returned: 10, // Đã trả kết quả
} as const;

export type DossierStatus = (typeof DOSSIER_STATUSES)[keyof typeof DOSSIER_STATUSES];
export const STATUS_CODES: readonly DossierStatus[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

export function isDossierStatus(value: unknown): value is DossierStatus {
  return typeof value === "number" && (STATUS_CODES as readonly number[]).includes(value);
}

/** Terminal statuses: nothing follows them (refused, withdrawn, returned; "stopped" ends processing too). */
export const TERMINAL_STATUSES: readonly DossierStatus[] = [3, 7, 8, 10];

/**
 * Statuses from which the owner may withdraw (→ 7). §2.3 allows "any non-terminal → 7"; we leave out 9 (the result
 * is signed and waiting to be collected: there is nothing left to withdraw, the result exists). Decision 0014.
 */
export const WITHDRAWABLE_STATUSES: readonly DossierStatus[] = [1, 2, 4, 5, 6];

export function canWithdraw(status: number): boolean {
  return (WITHDRAWABLE_STATUSES as readonly number[]).includes(status);
}

/** The acceptance deadline of an online dossier: 8 working hours after submission (§2.4; TH-system's value). */
export const ACCEPTANCE_WORKING_HOURS_DEFAULT = 8;

// ---------------------------------------------------------------------------------------------------------------
// The dossier code: {agency code}-{yyMMdd}-{NNNN} (§2.9), the sequence per agency per day in Vietnam time
// ---------------------------------------------------------------------------------------------------------------

const OFFSET_MS = 7 * 60 * 60_000;

/** yyMMdd of the day an instant falls on in Vietnam (UTC+7, no daylight saving time). */
export function codeDay(at: Date): string {
  const local = new Date(at.getTime() + OFFSET_MS).toISOString();
  return `${local.slice(2, 4)}${local.slice(5, 7)}${local.slice(8, 10)}`;
}

/** The largest sequence number a day may reach for one agency (four digits). */
export const MAX_DAILY_SEQUENCE = 9999;

export class SequenceExhaustedError extends Error {
  constructor() {
    super("More than 9999 dossiers in one day for one agency");
  }
}

/** The code of the n-th dossier of a day at an agency: zero-padded to 4 digits (§2.9). */
export function dossierCode(agencyCode: string, day: string, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`Not a sequence number: ${sequence}`);
  if (sequence > MAX_DAILY_SEQUENCE) throw new SequenceExhaustedError();
  if (!/^\d{6}$/.test(day)) throw new RangeError(`Not a yyMMdd day: ${day}`);
  return `${agencyCode}-${day}-${String(sequence).padStart(4, "0")}`;
}

/** An agency code (000.00.00.H22) followed by -yyMMdd-NNNN. */
export const DOSSIER_CODE_PATTERN = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4}$/;

/** A code as typed by a person: spaces removed, upper case; null when it cannot be a dossier code. */
export function normaliseDossierCode(value: string): string | null {
  const code = value.replace(/\s+/g, "").toUpperCase();
  return DOSSIER_CODE_PATTERN.test(code) ? code : null;
}

// ---------------------------------------------------------------------------------------------------------------
// What the pages show (view models: instants as ISO strings)
// ---------------------------------------------------------------------------------------------------------------

export interface TimelineEntry {
  at: string;
  statusFrom: DossierStatus | null;
  status: DossierStatus;
  /** The unit that acted (the receiving agency for a submission); null when the applicant acted alone. */
  unit: string | null;
  byApplicant: boolean;
  /** An i18n key of the "dossiers" namespace (history.*). */
  noteKey: string | null;
  clock: "pause" | "resume" | null;
  /** The e-mails and text messages that reported this change, one per message (no addresses): see notices.ts. */
  deliveries?: TimelineDelivery[];
}

export interface TimelineDelivery {
  channel: "email" | "sms";
  status: "queued" | "sent" | "retrying" | "failed";
}

export interface TrackedDossier {
  code: string;
  procedureName: string;
  agencyName: string | null;
  status: DossierStatus;
  receivedAt: string;
  acceptanceDueAt: string | null;
  dueAt: string | null;
  timeline: TimelineEntry[];
}

export interface DossierView extends TrackedDossier {
  procedureCode: string;
  applicant: DossierApplicant;
  /** The files as filed, each with the verdict on its digital signature given when it was uploaded. */
  documents: { name: string; files: { name: string; sizeBytes: number; signature?: SignatureSummary }[] }[];
  canWithdraw: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Tracking: the second factor
// ---------------------------------------------------------------------------------------------------------------

export interface DossierApplicant {
  fullName: string;
  cccd: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
}

const digits = (value: string | null) => (value ?? "").replace(/\D/g, "");

/**
 * Does the second factor match the applicant: the last 4 digits of the CCCD or of the phone number? Compares every
 * candidate in full (no early exit), so that which one matched does not show in the time taken.
 */
export function secondFactorMatches(applicant: Pick<DossierApplicant, "cccd" | "phone">, factor: string): boolean {
  const given = digits(factor);
  if (given.length !== 4) return false;
  let matched = false;
  for (const candidate of [digits(applicant.cccd), digits(applicant.phone)]) {
    if (candidate.length < 4) continue;
    const tail = candidate.slice(-4);
    let diff = 0;
    for (let i = 0; i < 4; i++) diff |= tail.charCodeAt(i) ^ given.charCodeAt(i);
    matched = matched || diff === 0;
  }
  return matched;
}

// ---------------------------------------------------------------------------------------------------------------
// Documents: what a submission must bring
// ---------------------------------------------------------------------------------------------------------------

export interface VersionDocument {
  name: string;
  required: boolean;
  case?: string;
  fileTypes: readonly string[];
  maxSizeMb: number;
}

export interface SubmittedDocument {
  documentIndex: number;
  fileIds: readonly string[];
}

/** The most files one document of a dossier may hold. */
export const MAX_FILES_PER_DOCUMENT = 10;

export type DocumentProblem =
  | { documentIndex: number; problem: "unknownDocument" | "tooManyFiles" | "duplicateDocument" | "missing" | "duplicateFile" };

/**
 * The documents of a submission against the version's list: each index known and given once, at most 10 files
 * each, no file twice, every required document (of the chosen case, or of every case) present. Pure: whether the
 * files exist and belong to the applicant is checked in the query.
 */
export function documentProblems(list: readonly VersionDocument[], submitted: readonly SubmittedDocument[], caseCode?: string | null): DocumentProblem[] {
  const problems: DocumentProblem[] = [];
  const seenIndexes = new Set<number>();
  const seenFiles = new Set<string>();
  for (const d of submitted) {
    if (!Number.isInteger(d.documentIndex) || d.documentIndex < 0 || d.documentIndex >= list.length) {
      problems.push({ documentIndex: d.documentIndex, problem: "unknownDocument" });
      continue;
    }
    if (seenIndexes.has(d.documentIndex)) {
      problems.push({ documentIndex: d.documentIndex, problem: "duplicateDocument" });
      continue;
    }
    seenIndexes.add(d.documentIndex);
    if (d.fileIds.length > MAX_FILES_PER_DOCUMENT) problems.push({ documentIndex: d.documentIndex, problem: "tooManyFiles" });
    for (const id of d.fileIds) {
      if (seenFiles.has(id)) problems.push({ documentIndex: d.documentIndex, problem: "duplicateFile" });
      seenFiles.add(id);
    }
  }
  list.forEach((doc, index) => {
    const applies = !doc.case || doc.case === caseCode;
    if (!doc.required || !applies) return;
    const given = submitted.find((d) => d.documentIndex === index);
    if (!given || given.fileIds.length === 0) problems.push({ documentIndex: index, problem: "missing" });
  });
  return problems;
}
