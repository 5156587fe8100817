// The public verification page (issue 7, part 6): anyone enters the short code printed on a result, or uploads a
// PDF, and learns whether it is an authentic, unmodified document the portal issued, and the verifier's verdict on
// every signature it carries (computed now, against the effective trust store).
//
//   lookUpCode       a short code → what the portal issued under it, and the verdict on the stored signed bytes
//   checkDocument    uploaded bytes → whether their SHA-256 is that of a signed result, and the verdict on them
//   signedDocument   a short code → the exact signed bytes, for download
//
// Every call is limited per address (found or not, like the public tracking page): a code cannot be guessed by
// volume. What is shown is what the portal published on the document itself (its name, the agency, the date, the
// signer's certificate subject, the procedure): never the applicant. Bad input is an answer, never an exception.
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import type { Db } from "../../platform/db.server";
import { consume, type RateLimitPolicy } from "../../platform/rate-limit.server";
import { MAX_VERIFY_BYTES, type IssuedDocument } from "./public-verification";
import { agencyNameOn, issuedResultByCode, issuedResultBySha256, type IssuedResultRow } from "./public-verification.repo.server";
import { formatShortCode, normalizeShortCode } from "./short-code";
import type { VerificationReport } from "./verification";

export { MAX_VERIFY_BYTES, type IssuedDocument };

export interface PublicVerificationDeps {
  db: Db;
  /** Where the signed results' bytes are (the blob store). */
  blobs: { open(sha256: string): Readable; exists(sha256: string): Promise<boolean> };
  /** The verifier with the options of now (verifyPdf with verificationOptions). */
  verify(pdf: Uint8Array): Promise<VerificationReport>;
  /** The per-address limit, and the caller's address. */
  limit: { policy: RateLimitPolicy; ip: string };
  now?: () => Date;
}

export type Limited = { ok: false; reason: "rateLimited"; retryAfterMs: number };

export type CodeLookup =
  | { ok: true; document: IssuedDocument; report: VerificationReport | null }
  | { ok: false; reason: "invalidCode" | "notFound" }
  | Limited;

export type DocumentCheck =
  | { ok: true; sha256: string; found: boolean; document: IssuedDocument | null; report: VerificationReport }
  | { ok: false; reason: "notPdf" }
  | Limited;

const RATE_KEY = (ip: string) => `verify:ip:${ip}`;

async function limited(deps: PublicVerificationDeps): Promise<Limited | null> {
  const decision = await consume(deps.db, RATE_KEY(deps.limit.ip), deps.limit.policy, deps.now?.() ?? new Date());
  return decision.allowed ? null : { ok: false, reason: "rateLimited", retryAfterMs: decision.retryAfterMs };
}

/** The calendar date in Vietnam (UTC+7) of an instant, YYYY-MM-DD. */
function vietnamDate(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso.slice(0, 10) : new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);
}

async function describe(db: Db, row: IssuedResultRow): Promise<IssuedDocument> {
  return {
    code: formatShortCode(row.code),
    documentName: row.documentName,
    agencyName: (await agencyNameOn(db, row.agencyId, vietnamDate(row.signedAt))) ?? "",
    signedAt: row.signedAt,
    signerSubject: row.signerSubject,
    procedureName: row.procedureName,
    sha256: row.sha256,
  };
}

async function readAll(stream: Readable, maxBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += b.length;
    if (size > maxBytes) {
      stream.destroy();
      return null;
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/** The stored signed bytes of a result, or null when they are missing (or no longer hash to the recorded value). */
async function storedBytes(deps: PublicVerificationDeps, sha256: string): Promise<Buffer | null> {
  if (!(await deps.blobs.exists(sha256))) return null;
  const bytes = await readAll(deps.blobs.open(sha256), MAX_VERIFY_BYTES);
  if (!bytes || createHash("sha256").update(bytes).digest("hex") !== sha256) return null;
  return bytes;
}

export async function lookUpCode(deps: PublicVerificationDeps, input: { code: string }): Promise<CodeLookup> {
  const code = normalizeShortCode(input.code.slice(0, 60));
  if (!code) return { ok: false, reason: "invalidCode" };
  const stop = await limited(deps);
  if (stop) return stop;
  const row = await issuedResultByCode(deps.db, code);
  if (!row) return { ok: false, reason: "notFound" };
  const bytes = await storedBytes(deps, row.sha256);
  return { ok: true, document: await describe(deps.db, row), report: bytes ? await deps.verify(bytes) : null };
}

/** Whether the bytes look like a PDF: the header within the first kilobyte, as readers accept it. */
export function looksLikePdf(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 1024)).includes("%PDF-");
}

export async function checkDocument(deps: PublicVerificationDeps, input: { bytes: Uint8Array }): Promise<DocumentCheck> {
  const stop = await limited(deps);
  if (stop) return stop;
  if (!looksLikePdf(input.bytes)) return { ok: false, reason: "notPdf" };
  const sha256 = createHash("sha256").update(input.bytes).digest("hex");
  const row = await issuedResultBySha256(deps.db, sha256);
  const report = await deps.verify(input.bytes);
  const document = row ? await describe(deps.db, row) : null;
  return { ok: true, sha256, found: document !== null, document, report };
}

export type SignedDocument = { ok: true; fileName: string; bytes: Buffer } | { ok: false; reason: "invalidCode" | "notFound" } | Limited;

/** The exact signed file of a code, for download (the same limit as a look-up). */
export async function signedDocument(deps: Omit<PublicVerificationDeps, "verify">, input: { code: string }): Promise<SignedDocument> {
  const code = normalizeShortCode(input.code.slice(0, 60));
  if (!code) return { ok: false, reason: "invalidCode" };
  const stop = await limited(deps as PublicVerificationDeps);
  if (stop) return stop;
  const row = await issuedResultByCode(deps.db, code);
  if (!row) return { ok: false, reason: "notFound" };
  const bytes = await storedBytes(deps as PublicVerificationDeps, row.sha256);
  if (!bytes) return { ok: false, reason: "notFound" };
  return { ok: true, fileName: `${formatShortCode(row.code)}.pdf`, bytes };
}
