// One signature from intact bytes to a verdict: the CMS check (cms.server.ts), the signature timestamp
// (timestamp.server.ts), the validation time T, the chain at T (chain.server.ts), and the report's words.
import { HASH_LABELS, hashBytes } from "./algorithms.server";
import { describeKey, signerSummary } from "./certificate.server";
import { NO_EVIDENCE, validateCertificate, type Evidence } from "./chain.server";
import { CmsError, Content, checkSignerInfo, parseSignedData } from "./cms.server";
import { LimitError, type Context } from "./context.server";
import { timestampSummary, verifyTimestampToken } from "./timestamp.server";
import { reason, verdictOf, type Reason, type SignatureReport } from "./verification";

export interface AssessOptions {
  content: Content | null;
  /** A PDF's /Contents is zero-padded after the DER. */
  allowTrailing?: boolean;
  /** PDF detached SubFilters: the CMS must not carry the content itself. */
  forbidEContent?: boolean;
  /** adbe.pkcs7.sha1: eContent is the SHA-1 of the byte ranges, and the signature covers eContent. */
  pdfSha1?: boolean;
  /** Revocation data found elsewhere in the document (/DSS). */
  evidence?: Evidence;
  /** Trusted times at which the signature is proven to exist (document timestamps covering it). */
  proofs?: readonly Date[];
  /** Fields of the report that the container knows (index, field name, coverage, /M…). */
  base: Pick<SignatureReport, "index"> & Partial<SignatureReport>;
}

type Base = AssessOptions["base"];

function finish(base: Base, ctx: Context, fields: Partial<SignatureReport>, reasons: Reason[]): SignatureReport {
  const all = [...(base.reasons ?? []), ...reasons];
  return {
    kind: "signature",
    validationTime: ctx.now.toISOString(),
    validationTimeSource: "caller",
    chain: [],
    ...base,
    ...fields,
    verdict: verdictOf(all),
    reasons: all,
  } as SignatureReport;
}

/** A report for a signature whose CMS could not be read at all. */
export function unreadableSignature(base: Base, ctx: Context, r?: Reason): SignatureReport {
  return finish(base, ctx, {}, r ? [r] : []);
}

/** Verifies a CMS signature (every SignerInfo becomes a report). */
export async function assessCms(der: Buffer, options: AssessOptions, ctx: Context): Promise<SignatureReport[]> {
  let sd;
  try {
    sd = parseSignedData(der, { allowTrailing: options.allowTrailing });
  } catch (error) {
    if (error instanceof CmsError) return [unreadableSignature(options.base, ctx, reason(error.code, error.params))];
    throw error;
  }
  const pre: Reason[] = [];
  if (options.allowTrailing && der.subarray(sd.doc.length).some((b) => b !== 0)) pre.push(reason("CONTENTS_TRAILING_DATA"));
  let content = options.content;
  if (options.pdfSha1) {
    // The document is bound to the signature by SHA-1 alone, which the policy no longer accepts.
    pre.push(reason("WEAK_ALGORITHM", { algorithm: "SHA-1" }));
    if (!sd.eContent) pre.push(reason("CMS_MALFORMED", { detail: "adbe.pkcs7.sha1 without content" }));
    else if (content && !hashBytes("sha1", content.parts).equals(sd.eContent)) pre.push(reason("DIGEST_MISMATCH"));
    content = sd.eContent ? new Content([sd.eContent]) : null;
  } else if (sd.eContent) {
    if (options.forbidEContent) pre.push(reason("CMS_ECONTENT_NOT_ALLOWED"));
    else if (content) {
      const h = "sha256";
      if (!content.digest(h).equals(hashBytes(h, [sd.eContent]))) pre.push(reason("DETACHED_CONTENT_DIFFERS"));
    }
    content = new Content([sd.eContent]);
  }
  if (sd.signerInfos.length === 0) return [finish(options.base, ctx, {}, [...pre, reason("CMS_NO_SIGNER")])];

  const reports: SignatureReport[] = [];
  for (const [n, node] of sd.signerInfos.entries()) {
    ctx.deadline.check();
    const base: Base = { ...options.base, index: options.base.index + n };
    const outcome = checkSignerInfo(sd, node, content, [...ctx.trust.intermediates, ...ctx.trust.anchors]);
    const reasons: Reason[] = [...pre, ...outcome.reasons];
    const evidence: Evidence = {
      crls: [...sd.crls, ...outcome.archival.crls, ...(options.evidence ?? NO_EVIDENCE).crls],
      ocsps: [...sd.ocsps, ...outcome.archival.ocsps, ...(options.evidence ?? NO_EVIDENCE).ocsps],
    };
    const fields: Partial<SignatureReport> = {};
    if (outcome.claimedSigningTime && !base.claimedTime) {
      fields.claimedTime = outcome.claimedSigningTime.toISOString();
      fields.claimedTimeSource = "signing-time-attribute";
    }
    if (outcome.signer) fields.signer = signerSummary(outcome.signer);
    if (outcome.digest) {
      fields.algorithm = {
        digest: HASH_LABELS[outcome.digest],
        signature: outcome.signatureLabel ?? "?",
        ...(outcome.signer ? { key: describeKey(outcome.signer.key) } : {}),
      };
    }

    // The validation time: the earliest trusted proof of existence, else the caller's time.
    let at = ctx.now;
    let source: SignatureReport["validationTimeSource"] = "caller";
    const token = outcome.timestampTokens[0];
    if (token && outcome.intact) {
      const ts = await verifyTimestampToken(token, new Content([outcome.signatureValue]), ctx, evidence);
      const summary = timestampSummary(ts);
      if (summary) fields.timestamp = summary;
      if (!ts.intact) reasons.push(reason("TIMESTAMP_INVALID", { detail: ts.integrityReasons.map((r) => r.code).join(", ") || "unreadable" }));
      else if (!ts.trusted) reasons.push(reason("TIMESTAMP_UNTRUSTED", { detail: ts.trustReasons.filter((r) => r.level !== "info").map((r) => r.code).join(", ") }));
      else if (ts.genTime && ts.genTime < at) {
        at = ts.genTime;
        source = "signature-timestamp";
        reasons.push(reason("TIMESTAMP_USED", { time: ts.genTime.toISOString() }));
      }
    }
    for (const proof of options.proofs ?? []) {
      if (proof < at) {
        at = proof;
        source = "document-timestamp";
        reasons.push(reason("DOCUMENT_TIMESTAMP_USED", { time: proof.toISOString() }));
      }
    }
    fields.validationTime = at.toISOString();
    fields.validationTimeSource = source;

    if (outcome.signer && outcome.intact) {
      const chain = await validateCertificate(outcome.signer, sd.certificates, at, "signing", evidence, ctx);
      fields.chain = chain.entries;
      reasons.push(...chain.reasons);
    }
    reports.push(finish(base, ctx, fields, reasons));
  }
  return reports;
}

/** A PDF document timestamp (ETSI.RFC3161): the token is the signature, its imprint covers the byte ranges. */
export async function assessDocumentTimestamp(der: Buffer, options: AssessOptions, ctx: Context): Promise<{ report: SignatureReport; trustedTime?: Date }> {
  const base: Base = { ...options.base, kind: "document-timestamp" };
  if (!options.content) return { report: unreadableSignature(base, ctx, reason("DETACHED_CONTENT_MISSING")) };
  let trimmed = der;
  const pre: Reason[] = [];
  try {
    const sd = parseSignedData(der, { allowTrailing: true });
    trimmed = der.subarray(0, sd.doc.length);
    if (der.subarray(sd.doc.length).some((b) => b !== 0)) pre.push(reason("CONTENTS_TRAILING_DATA"));
  } catch (error) {
    if (error instanceof CmsError) return { report: unreadableSignature(base, ctx, reason(error.code, error.params)) };
    if (error instanceof LimitError) throw error;
  }
  const ts = await verifyTimestampToken(Buffer.from(trimmed), options.content, ctx, options.evidence ?? NO_EVIDENCE);
  const fields: Partial<SignatureReport> = {};
  if (ts.tsa) fields.signer = signerSummary(ts.tsa);
  if (ts.imprintHash) fields.algorithm = { digest: HASH_LABELS[ts.imprintHash], signature: ts.signatureLabel ?? "?", ...(ts.tsa ? { key: describeKey(ts.tsa.key) } : {}) };
  const summary = timestampSummary(ts);
  if (summary) fields.timestamp = summary;
  fields.chain = ts.chain;
  if (ts.genTime) {
    fields.claimedTime = ts.genTime.toISOString();
    fields.claimedTimeSource = "signing-time-attribute";
  }
  const report = finish(base, ctx, fields, [...pre, ...ts.integrityReasons, ...ts.trustReasons]);
  return { report, ...(ts.trusted && report.verdict === "TOTAL-PASSED" && ts.genTime ? { trustedTime: ts.genTime } : {}) };
}
