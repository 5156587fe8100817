import type { Kysely, Transaction } from "kysely";
import type { Database, FileSource } from "../../../db/schema";

// The files table: uploads and issued results, whose bytes live in the blob store under their SHA-256. Kysely only;
// every function takes the db or a transaction first, and every read or change of a wallet takes its owner: a
// citizen's own files (no organisation), or an organisation's files (whoever of its representatives uploaded them).

type Handle = Kysely<Database> | Transaction<Database>;

/** Whose wallet: the account's own, or the organisation's the account acts for. */
export interface WalletOwner {
  userId: string;
  organisationId: string | null;
}

export interface NewFileRow {
  id: string;
  sha256: string;
  sizeBytes: number;
  mediaType: string;
  originalName: string;
  owner: WalletOwner;
  source: FileSource;
  createdAt: string;
  /** Default "not_checked". */
  signatureStatus?: "not_checked" | "none" | "passed" | "failed" | "indeterminate";
}

export async function insertFiles(db: Handle, rows: readonly NewFileRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto("files")
    .values(
      rows.map((r) => ({
        id: r.id,
        sha256: r.sha256,
        size_bytes: r.sizeBytes,
        media_type: r.mediaType,
        original_name: r.originalName,
        owner_user_id: r.owner.userId,
        owner_organisation_id: r.owner.organisationId,
        source: r.source,
        signature_status: r.signatureStatus ?? ("not_checked" as const),
        created_at: r.createdAt,
      })),
    )
    .execute();
}

const COLUMNS = [
  "id",
  "sha256",
  "size_bytes as sizeBytes",
  "media_type as mediaType",
  "original_name as originalName",
  "source",
  "signature_status as signatureStatus",
  "created_at as createdAt",
] as const;

/** The files in the owner's wallet (not removed), newest first. */
export async function walletFiles(db: Handle, owner: WalletOwner, limit = 500) {
  let query = db.selectFrom("files").select(COLUMNS).where("deleted_at", "is", null);
  query = owner.organisationId
    ? query.where("owner_organisation_id", "=", owner.organisationId)
    : query.where("owner_user_id", "=", owner.userId).where("owner_organisation_id", "is", null);
  const rows = await query.orderBy("created_at", "desc").orderBy("id", "desc").limit(limit).execute();
  return rows.map((r) => ({ ...r, sizeBytes: Number(r.sizeBytes) }));
}

/** One file of the owner's wallet (not removed), or undefined: someone else's file is indistinguishable from none. */
export async function walletFile(db: Handle, owner: WalletOwner, id: string) {
  let query = db.selectFrom("files").select(COLUMNS).where("id", "=", id).where("deleted_at", "is", null);
  query = owner.organisationId
    ? query.where("owner_organisation_id", "=", owner.organisationId)
    : query.where("owner_user_id", "=", owner.userId).where("owner_organisation_id", "is", null);
  const row = await query.executeTakeFirst();
  return row ? { ...row, sizeBytes: Number(row.sizeBytes) } : undefined;
}

/** Marks a file of the owner's wallet removed; false when there is no such file (or it was removed already). */
export async function softDeleteFile(db: Handle, owner: WalletOwner, id: string, at: string): Promise<boolean> {
  let query = db.updateTable("files").set({ deleted_at: at }).where("id", "=", id).where("deleted_at", "is", null);
  query = owner.organisationId
    ? query.where("owner_organisation_id", "=", owner.organisationId)
    : query.where("owner_user_id", "=", owner.userId).where("owner_organisation_id", "is", null);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Of the given content addresses, those that some row (removed or not) still refers to. */
export async function referencedContent(db: Handle, sha256s: readonly string[]): Promise<Set<string>> {
  if (sha256s.length === 0) return new Set();
  const rows = await db.selectFrom("files").select("sha256").distinct().where("sha256", "in", [...sha256s]).execute();
  return new Set(rows.map((r) => r.sha256));
}

export interface NewSignatureReportRow {
  fileId: string;
  verdict: "none" | "passed" | "failed" | "indeterminate";
  /** JSON of the VerificationReport. */
  report: string;
  verifiedAt: string;
}

export async function insertSignatureReports(db: Handle, rows: readonly NewSignatureReportRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto("signature_reports")
    .values(rows.map((r) => ({ file_id: r.fileId, verdict: r.verdict, report: r.report, verified_at: r.verifiedAt })))
    .execute();
}

/** The stored reports of the given files (file id → report JSON and verdict). */
export async function signatureReportsOf(db: Handle, fileIds: readonly string[]) {
  if (fileIds.length === 0) return new Map<string, { verdict: NewSignatureReportRow["verdict"]; report: string; verifiedAt: string }>();
  const rows = await db.selectFrom("signature_reports").select(["file_id", "verdict", "report", "verified_at"]).where("file_id", "in", [...fileIds]).execute();
  return new Map(rows.map((r) => [r.file_id, { verdict: r.verdict, report: r.report, verifiedAt: r.verified_at }]));
}
