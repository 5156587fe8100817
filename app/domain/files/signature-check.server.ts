import type { VerifyOptions } from "../signatures/context.server";
import { reason, summarise, type VerificationReport } from "../signatures/verification";
import type { ByteSource } from "./files";
import type { SignatureStatus } from "./signature-summary";

// Issue 7, part 4: every uploaded PDF and .p7s is verified at upload, at the upload time, and its report is kept with
// the file. The verifier and what it runs against (the effective trust store, the CRL cache) are passed in: the
// platform gives the real ones (app/platform/signature-services.server.ts), tests a store with their own root.
// Verification never refuses an upload: whatever goes wrong ends as INDETERMINATE with the reason.

export type { SignatureStatus } from "./signature-summary";

export interface SignatureChecker {
  /** What a verification runs against, at the given (upload) time. */
  options(at: Date): Promise<VerifyOptions>;
  verifyPdf(pdf: Uint8Array, options: VerifyOptions): Promise<VerificationReport>;
  verifyDetached(signature: Uint8Array, content: Uint8Array | null, options: VerifyOptions): Promise<VerificationReport>;
}

/** One accepted upload as the check sees it: its slot (form field), name, type read from its content, and bytes. */
export interface UploadToCheck {
  field: string;
  fileName: string;
  mediaType: string;
  bytes: ByteSource;
}

export interface SignatureOutcome {
  status: Exclude<SignatureStatus, "not_checked">;
  /** The verifier's report; null when there is nothing to verify (an image, an office file). */
  report: VerificationReport | null;
}

export const PDF = "application/pdf";
export const P7S = "application/pkcs7-signature";

/** The status a report gives: a PDF without any signature has none; otherwise the verdict. */
export function statusOf(report: VerificationReport): SignatureOutcome["status"] {
  if (report.kind === "pdf" && report.signatures.length === 0 && report.reasons.some((r) => r.code === "NO_SIGNATURE_FOUND")) return "none";
  if (report.verdict === "TOTAL-PASSED" && report.allPassed) return "passed";
  if (report.verdict === "TOTAL-FAILED") return "failed";
  return "indeterminate";
}

async function allBytes(source: ByteSource): Promise<Uint8Array> {
  return source.read(0, source.size);
}

/**
 * The signature outcome of each upload, in order. A .p7s named "x.pdf.p7s" is verified over the file "x.pdf" of the
 * same slot when there is one, else as a detached signature without its content (INDETERMINATE, with the reason).
 */
export async function checkSignatures(checker: SignatureChecker, uploads: readonly UploadToCheck[], at: Date): Promise<SignatureOutcome[]> {
  const needed = uploads.some((u) => u.mediaType === PDF || u.mediaType === P7S);
  if (!needed) return uploads.map(() => ({ status: "none", report: null }));
  let options: VerifyOptions | null = null;
  let optionsFailure: string | null = null;
  try {
    options = { ...(await checker.options(at)), at };
  } catch (error) {
    optionsFailure = error instanceof Error ? error.message.slice(0, 200) : String(error).slice(0, 200);
  }
  const outcomes: SignatureOutcome[] = [];
  for (const upload of uploads) {
    if (upload.mediaType !== PDF && upload.mediaType !== P7S) {
      outcomes.push({ status: "none", report: null });
      continue;
    }
    const kind = upload.mediaType === PDF ? "pdf" : "cms";
    let report: VerificationReport;
    try {
      if (!options) throw new Error(optionsFailure ?? "no options");
      const bytes = await allBytes(upload.bytes);
      if (kind === "pdf") report = await checker.verifyPdf(bytes, options);
      else {
        const partner = pairedContent(upload, uploads);
        report = await checker.verifyDetached(bytes, partner ? await allBytes(partner.bytes) : null, options);
      }
    } catch (error) {
      const detail = error instanceof Error ? error.message.slice(0, 200) : String(error).slice(0, 200);
      report = summarise(kind, upload.bytes.size, at, [], [reason("INTERNAL_ERROR", { detail })]);
    }
    outcomes.push({ status: statusOf(report), report });
  }
  return outcomes;
}

/** The file a detached signature "x.pdf.p7s" signs: "x.pdf" in the same slot (names compared case-insensitively). */
export function pairedContent<T extends Pick<UploadToCheck, "field" | "fileName" | "mediaType">>(signature: T, uploads: readonly T[]): T | undefined {
  const name = signature.fileName.toLowerCase();
  if (!name.endsWith(".p7s")) return undefined;
  const target = name.slice(0, -4);
  return uploads.find((u) => u !== signature && u.field === signature.field && u.mediaType !== P7S && u.fileName.toLowerCase() === target);
}
