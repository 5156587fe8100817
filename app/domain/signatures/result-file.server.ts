// Signing an approved result for the back office (issue 7, part 5): the uploaded PDF is read from the blob store,
// given a fresh short code and the QR code to the public verification page, signed as PAdES for the deciding agency
// (sign.server.ts), and the signed bytes are stored under their own SHA-256 before anything refers to them. The
// engine (app/domain/dossiers/back-office.server.ts) records the signed file and its code in the approval's
// transaction. What cannot be signed is an answer, never an exception: no signing identity for the agency, or a PDF
// that cannot take an incremental update (encrypted, damaged).
import { Readable } from "node:stream";
import type { ResultToSign, SignedResultFile } from "../dossiers/back-office.seams";
import { SigningConfigError } from "./agency-keys.server";
import { PdfError } from "./pdf-incremental.server";
import { verificationUrl } from "./result-marks.server";
import { generateShortCode, normalizeShortCode } from "./short-code";
import type { ResultSigner } from "./sign.server";
import { readBlob, type BlobReader } from "./trust-config.server";

/** What this needs of the blob store (app/platform/blob-store.server.ts's BlobStore has it). */
export interface BlobWriter extends BlobReader {
  stage(chunks: AsyncIterable<Uint8Array>, options: { maxBytes: number }): Promise<{ sha256: string; size: number; commit(): Promise<void>; discard(): Promise<void> }>;
}

export interface ResultFileSignerDeps {
  blobs: BlobWriter;
  signer: ResultSigner;
  /** The site's public origin (PUBLIC_URL): the QR code and the printed address lead to `${origin}/verify?code=…`. */
  origin: string;
  /** The agency's code and name on the day (the signature's /Name). */
  agency(agencyId: string, at: Date): Promise<{ code: string; name: string } | undefined>;
  /** Short codes (tests may fix them). */
  newCode?: () => string;
}

/** Signed results are at most this large (the approve form's limit is below it). */
const MAX_SIGNED_BYTES = 64 * 1024 * 1024;

export function createResultFileSigner(deps: ResultFileSignerDeps) {
  return async function signResult(input: ResultToSign): Promise<SignedResultFile> {
    const agency = await deps.agency(input.agencyId, input.now);
    if (!agency) return { ok: false, reason: "signingUnavailable" };
    // Stored and looked up without dashes (normalizeShortCode); printed grouped (sign.server.ts formats it).
    const code = normalizeShortCode((deps.newCode ?? generateShortCode)());
    if (!code) throw new Error("The short code generator gave an invalid code.");
    let signed;
    try {
      const pdf = await readBlob(deps.blobs, input.result.sha256);
      signed = await deps.signer.sign({ pdf, agency, marks: { code, url: verificationUrl(deps.origin, code) } });
    } catch (error) {
      if (error instanceof SigningConfigError) return { ok: false, reason: "signingUnavailable" };
      if (error instanceof PdfError) return { ok: false, reason: "resultUnsignable" };
      throw error;
    }
    const staged = await deps.blobs.stage(Readable.from([signed.pdf]), { maxBytes: MAX_SIGNED_BYTES });
    await staged.commit();
    return { ok: true, sha256: staged.sha256, sizeBytes: staged.size, code, signerSubject: signed.signerSubject, signedAt: signed.signedAt };
  };
}
