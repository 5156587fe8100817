import type { Readable } from "node:stream";
import type { Actor } from "../access/permissions";
import type { Db } from "../../platform/db.server";
import type { BlobStore } from "../../platform/blob-store.server";
import { newId } from "../../platform/ids.server";
import type { VerificationReport } from "../signatures/verification";
import type { StagedUpload } from "../../platform/uploads.server";
import { detectFileType, type AcceptedType, type FileErrorCode } from "./files";
import { summariseStored, type SignatureSummary } from "./signature-summary";
import { checkSignatures, type SignatureChecker, type SignatureOutcome } from "./signature-check.server";
import { insertFiles, insertSignatureReports, referencedContent, signatureReportsOf, softDeleteFile, walletFile, walletFiles, type NewFileRow, type WalletOwner } from "./files.repo.server";

// The document wallet (kho dữ liệu, issue 5 item 6) and the second half of every upload (item 3): checking what
// each staged file is, storing it under its content address, then recording it. See docs/decisions/0013.

export type { WalletOwner };

type SignedIn = Exclude<Actor, { kind: "anonymous" }>;

/** The wallet an actor works in: a citizen's own, or the organisation's they act for. Officials have none. */
export function walletOwnerOf(actor: SignedIn): WalletOwner | null {
  if (actor.kind !== "citizen") return null;
  return { userId: actor.userId, organisationId: actor.actingFor?.organisationId ?? null };
}

export interface WalletFile {
  id: string;
  name: string;
  mediaType: string;
  sizeBytes: number;
  source: "upload" | "result";
  signatureStatus: "not_checked" | "none" | "passed" | "failed" | "indeterminate";
  /** ISO instant. */
  createdAt: string;
  /** What the citizen is told about its signature (listWallet). */
  signature?: SignatureSummary;
  /** The verifier's report, when the upload was just verified (PDF, .p7s). */
  signatureReport?: VerificationReport | null;
}

export type StoreResult =
  | { ok: true; files: Record<string, WalletFile[]> }
  | { ok: false; errors: Record<string, FileErrorCode> };

/**
 * Stores the files read by readUploads (app/platform/uploads.server.ts) for their owner. All or nothing: each file's
 * type is read from its content (magic bytes, the PDF's structure); if any file (or the reading, `errors`) was
 * refused, every staged file is discarded and the errors are returned by field, and nothing is stored or recorded.
 * Otherwise the bytes are made durable first (content-addressed: identical content is kept once), then the rows are
 * written in one transaction.
 *
 * If writing the rows fails, the bytes stay: other rows may refer to the same content, and a concurrent upload of
 * the same bytes may be committing its own row, so deleting here could remove another owner's file. Content that no
 * row refers to is removed by sweepUnreferenced (run from a maintenance job, with a grace period).
 */
export async function storeUploads(
  db: Db,
  blobs: BlobStore,
  input: {
    owner: WalletOwner;
    uploads: readonly StagedUpload[];
    errors?: Record<string, FileErrorCode>;
    source?: "upload" | "result";
    now?: Date;
    /** Verifies each PDF and .p7s at the upload time (issue 7); without it the files stay "not_checked". */
    signatures?: SignatureChecker;
  },
): Promise<StoreResult> {
  const errors: Record<string, FileErrorCode> = { ...input.errors };
  const detected: { upload: StagedUpload; mediaType: AcceptedType }[] = [];
  try {
    for (const upload of input.uploads) {
      const detection = await detectFileType(upload.blob);
      if (detection.ok) detected.push({ upload, mediaType: detection.mediaType });
      else errors[upload.field] ??= detection.error;
    }
  } catch (error) {
    await Promise.all(input.uploads.map((u) => u.blob.discard()));
    throw error;
  }
  if (Object.keys(errors).length > 0) {
    await Promise.all(input.uploads.map((u) => u.blob.discard()));
    return { ok: false, errors };
  }
  const at = input.now ?? new Date();
  // Verified before the bytes are committed (the staged copy is readable); never refuses the upload.
  let outcomes: (SignatureOutcome | null)[] = detected.map(() => null);
  if (input.signatures) {
    try {
      outcomes = await checkSignatures(
        input.signatures,
        detected.map(({ upload, mediaType }) => ({ field: upload.field, fileName: upload.fileName, mediaType, bytes: upload.blob })),
        at,
      );
    } catch (error) {
      await Promise.all(input.uploads.map((u) => u.blob.discard()));
      throw error;
    }
  }
  try {
    for (const { upload } of detected) await upload.blob.commit();
  } catch (error) {
    await Promise.all(input.uploads.map((u) => u.blob.discard()));
    throw error;
  }
  const createdAt = at.toISOString();
  const rows: (NewFileRow & { field: string; outcome: SignatureOutcome | null })[] = detected.map(({ upload, mediaType }, i) => ({
    field: upload.field,
    id: newId(),
    sha256: upload.blob.sha256,
    sizeBytes: upload.blob.size,
    mediaType,
    originalName: upload.fileName,
    owner: input.owner,
    source: input.source ?? "upload",
    createdAt,
    signatureStatus: outcomes[i]?.status ?? "not_checked",
    outcome: outcomes[i] ?? null,
  }));
  const reports = rows.flatMap((r) =>
    r.outcome?.report ? [{ fileId: r.id, verdict: r.outcome.status, report: JSON.stringify(r.outcome.report), verifiedAt: createdAt } as const] : [],
  );
  await db.transaction().execute(async (trx) => {
    await insertFiles(trx, rows);
    await insertSignatureReports(trx, reports);
  });
  const files: Record<string, WalletFile[]> = {};
  for (const r of rows) {
    (files[r.field] ??= []).push({
      id: r.id,
      name: r.originalName,
      mediaType: r.mediaType,
      sizeBytes: r.sizeBytes,
      source: r.source,
      signatureStatus: r.signatureStatus ?? "not_checked",
      createdAt,
      signatureReport: r.outcome?.report ?? null,
    });
  }
  return { ok: true, files };
}

/** The owner's wallet, newest first. */
export async function listWallet(db: Db, owner: WalletOwner): Promise<WalletFile[]> {
  const rows = await walletFiles(db, owner);
  const reports = await signatureReportsOf(db, rows.filter((r) => r.signatureStatus !== "not_checked" && r.signatureStatus !== "none").map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    name: r.originalName,
    mediaType: r.mediaType,
    sizeBytes: r.sizeBytes,
    source: r.source,
    signatureStatus: r.signatureStatus,
    createdAt: r.createdAt,
    signature: summariseStored(r.signatureStatus, reports.get(r.id)?.report),
  }));
}

/** A file of the owner's wallet to download: its name, type, size and bytes; null when it is not theirs (a 404). */
export async function openWalletFile(
  db: Db,
  blobs: BlobStore,
  owner: WalletOwner,
  id: string,
): Promise<{ name: string; mediaType: string; sizeBytes: number; sha256: string; content: () => Readable } | null> {
  const row = await walletFile(db, owner, id);
  if (!row) return null;
  return { name: row.originalName, mediaType: row.mediaType, sizeBytes: row.sizeBytes, sha256: row.sha256, content: () => blobs.open(row.sha256) };
}

/** Removes a file from the owner's wallet (the row is kept, marked removed; a dossier that refers to it still can). */
export async function removeFromWallet(db: Db, owner: WalletOwner, id: string, now: Date = new Date()): Promise<boolean> {
  return softDeleteFile(db, owner, id, now.toISOString());
}

/**
 * Deletes stored content that no row refers to, among the candidates given (a maintenance job passes the store's
 * content addresses older than its grace period, so that an upload between commit and insert is never swept).
 */
export async function sweepUnreferenced(db: Db, blobs: BlobStore, candidates: readonly string[]): Promise<string[]> {
  const referenced = await referencedContent(db, candidates);
  const orphans = candidates.filter((sha) => !referenced.has(sha));
  for (const sha of orphans) await blobs.remove(sha);
  return orphans;
}

/**
 * The verifier's reports stored at upload for the given files (file id → report), for a page that has already
 * checked the reader may see those files (the office dossier page). Files without one are left out.
 */
export async function storedSignatureReports(db: Db, fileIds: readonly string[]): Promise<Record<string, VerificationReport>> {
  const rows = await signatureReportsOf(db, fileIds);
  const out: Record<string, VerificationReport> = {};
  for (const [id, row] of rows) {
    try {
      out[id] = JSON.parse(row.report) as VerificationReport;
    } catch {
      // An unreadable report is not shown.
    }
  }
  return out;
}
