// The verifier's entry points (issue 7, part 1). They never throw: malformed, hostile or oversized input ends as
// TOTAL-FAILED or INDETERMINATE with a reason, within a time limit. Callers pass the trust store, their trusted time
// (the upload time) and any CRLs they hold; nothing here needs the database.
//
//   verifyPdf(bytes, options)                  every signature and document timestamp of a PDF
//   verifyDetached(p7s, content, options)      a CMS signature (.p7s) beside any file, or one carrying its content
//   verifyFile(bytes, options)                 either, by looking at the bytes
import { assessCms } from "./assess.server";
import { Content } from "./cms.server";
import { LIMITS, LimitError, TimeLimitError, createContext, type Context, type VerifyOptions } from "./context.server";
import { verifyPdfSignatures } from "./pdf-verify.server";
import { reason, summarise, type Reason, type SignatureReport, type VerificationReport } from "./verification";

export type { CrlQuery, CrlSource, VerifyOptions } from "./context.server";
export type { OcspOptions } from "./ocsp.server";

function view(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Runs a verification, turning every escape (limits, time, bugs) into a reason on the file. */
async function guarded(kind: VerificationReport["kind"], bytes: Uint8Array, options: VerifyOptions, run: (ctx: Context) => Promise<{ signatures: SignatureReport[]; reasons: Reason[] }>): Promise<VerificationReport> {
  const now = options.at ?? new Date();
  const max = options.maxBytes ?? LIMITS.maxFileBytes;
  if (bytes.length > max) return summarise(kind, bytes.length, now, [], [reason("INPUT_TOO_LARGE", { limit: max })]);
  try {
    const ctx = createContext({ ...options, at: now });
    const { signatures, reasons } = await run(ctx);
    return summarise(kind, bytes.length, now, signatures, reasons);
  } catch (error) {
    const r =
      error instanceof TimeLimitError
        ? reason("TIME_LIMIT_EXCEEDED", { ms: options.timeLimitMs ?? 20_000 })
        : error instanceof LimitError
          ? reason("LIMIT_EXCEEDED", { what: error.what })
          : reason("INTERNAL_ERROR", { detail: error instanceof Error ? error.message.slice(0, 200) : String(error).slice(0, 200) });
    return summarise(kind, bytes.length, now, [], [r]);
  }
}

/** Every signature and document timestamp of a PDF. */
export function verifyPdf(pdf: Uint8Array, options: VerifyOptions): Promise<VerificationReport> {
  return guarded("pdf", pdf, options, async (ctx) => {
    const buf = view(pdf);
    if (buf.subarray(0, 1024).indexOf("%PDF-", 0, "latin1") < 0) return { signatures: [], reasons: [reason("UNRECOGNISED_FORMAT")] };
    return verifyPdfSignatures(buf, ctx);
  });
}

/** The DER of a CMS file: binary, or PEM/Base64 armoured ("-----BEGIN PKCS7-----", "-----BEGIN CMS-----"). */
export function cmsBytes(bytes: Buffer): Buffer | undefined {
  if (bytes[0] === 0x30) return bytes;
  const text = bytes.subarray(0, Math.min(bytes.length, LIMITS.maxCmsBytes * 2)).toString("latin1");
  const pem = /-----BEGIN (?:PKCS7|CMS|SIGNATURE)-----([A-Za-z0-9+/=\s]+)-----END (?:PKCS7|CMS|SIGNATURE)-----/.exec(text);
  const body = pem ? pem[1]! : /^[A-Za-z0-9+/=\s]+$/.test(text) ? text : undefined;
  if (!body) return undefined;
  const der = Buffer.from(body.replace(/\s+/g, ""), "base64");
  return der[0] === 0x30 ? der : undefined;
}

/**
 * A CMS signature: detached beside content (null when the caller does not have it: INDETERMINATE), or carrying
 * its content itself (then content, when given, must be the same bytes).
 */
export function verifyDetached(signature: Uint8Array, content: Uint8Array | null, options: VerifyOptions): Promise<VerificationReport> {
  return guarded("cms", signature, options, async (ctx) => {
    const der = cmsBytes(view(signature));
    if (!der) return { signatures: [], reasons: [reason("UNRECOGNISED_FORMAT")] };
    const signatures = await assessCms(der, { content: content ? new Content([view(content)]) : null, base: { index: 1 } }, ctx);
    return { signatures, reasons: [] };
  });
}

/** A PDF (by its header) or a CMS signature. */
export function verifyFile(bytes: Uint8Array, options: VerifyOptions & { detachedContent?: Uint8Array | null }): Promise<VerificationReport> {
  const head = view(bytes).subarray(0, 1024);
  if (head.indexOf("%PDF-", 0, "latin1") >= 0) return verifyPdf(bytes, options);
  return verifyDetached(bytes, options.detachedContent ?? null, options);
}
