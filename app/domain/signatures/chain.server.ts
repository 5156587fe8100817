// Certificate paths: built from the signer's certificate through the document's certificates and the store's
// intermediates to an anchor of the trust store (matched by SHA-256 fingerprint, never a root the file brings),
// then judged at the validation time T: validity, critical extensions, CA constraints and path length, the leaf's
// key usage and extended key usage for its purpose, and revocation (CRLs from the file and the caller, stored OCSP
// answers, live OCSP when configured).
import { certificateSignatureIsWeak, hashOfSignatureAlgorithm, HASH_LABELS } from "./algorithms.server";
import { formatName, issued, namesEqual, type Certificate } from "./certificate.server";
import { LIMITS, LimitError, sha256Hex, type Context } from "./context.server";
import { CrlError, crlUnusableFor, parseCrl, type Crl } from "./crl.server";
import { checkOcspResponse, queryOcsp, type OcspCheck } from "./ocsp.server";
import { OID } from "./oids";
import { reason, type ChainEntry, type Reason, type RevocationStatus } from "./verification";

export type Purpose = "signing" | "timestamping";

/** Revocation data the document carries (CMS crls, adbe-revocationInfoArchival, the PDF's /DSS). */
export interface Evidence {
  crls: readonly Buffer[];
  ocsps: readonly Buffer[];
}

export const NO_EVIDENCE: Evidence = { crls: [], ocsps: [] };

export interface ChainResult {
  path: Certificate[];
  anchored: boolean;
  entries: ChainEntry[];
  reasons: Reason[];
}

/** Extended key usages accepted on a signer's certificate (when it has the extension at all). */
const SIGNING_EKUS = new Set<string>([OID.emailProtection, OID.documentSigning, OID.adobeAuthenticDocumentsTrust, OID.msDocumentSigning, OID.anyExtendedKeyUsage]);

/** Clock skew tolerated on revocation data's issue times. */
const SKEW_MS = 5 * 60_000;

const subjectOf = (c: Certificate) => formatName(c.subject);

function issuedCached(issuer: Certificate, cert: Certificate, ctx: Context): boolean {
  const key = `${issuer.fingerprint256}>${cert.fingerprint256}`;
  let ok = ctx.issuedCache.get(key);
  if (ok === undefined) {
    ok = issued(issuer, cert);
    ctx.issuedCache.set(key, ok);
  }
  return ok;
}

/** Complete paths to an anchor (at most a few), or the longest incomplete one. */
function buildPaths(leaf: Certificate, pool: readonly Certificate[], ctx: Context): { complete: Certificate[][]; longest: Certificate[]; tooLong: boolean } {
  const byIssuer = (cert: Certificate) => {
    ctx.deadline.check();
    const named = pool.filter((c) => c.subjectDer.equals(cert.issuerDer) || namesEqual(c.subject, cert.issuer));
    const found = named.filter((c) => c.fingerprint256 !== cert.fingerprint256 || cert.selfIssued).filter((c) => issuedCached(c, cert, ctx));
    // Anchors first: the shortest trusted path is the expected one.
    return found.sort((a, b) => Number(ctx.anchorFingerprints.has(b.fingerprint256)) - Number(ctx.anchorFingerprints.has(a.fingerprint256)));
  };
  const complete: Certificate[][] = [];
  let longest: Certificate[] = [leaf];
  let tooLong = false;
  let steps = 0;
  const walk = (path: Certificate[]) => {
    if (complete.length >= 4) return;
    if (++steps > LIMITS.maxPathSteps) throw new LimitError("certificate paths");
    const current = path[path.length - 1]!;
    if (ctx.anchorFingerprints.has(current.fingerprint256)) {
      complete.push(path);
      return;
    }
    if (path.length > longest.length) longest = path;
    if (path.length >= LIMITS.maxChainDepth) {
      tooLong = true;
      return;
    }
    for (const next of byIssuer(current)) {
      if (path.some((c) => c.fingerprint256 === next.fingerprint256)) continue; // loop guard
      walk([...path, next]);
    }
  };
  walk([leaf]);
  return { complete, longest, tooLong };
}

/** The checks that need no revocation data: validity at T, extensions, CA constraints, purpose, weak signatures. */
function structuralReasons(path: readonly Certificate[], anchored: boolean, at: Date, purpose: Purpose, ctx: Context): Reason[] {
  const reasons: Reason[] = [];
  let nonSelfIssuedBelow = 0;
  path.forEach((cert, i) => {
    const subject = subjectOf(cert);
    const isAnchor = anchored && i === path.length - 1;
    if (at < cert.notBefore) reasons.push(reason("CERT_NOT_YET_VALID", { subject, notBefore: cert.notBefore.toISOString(), at: at.toISOString() }));
    if (at > cert.notAfter) reasons.push(reason("CERT_EXPIRED", { subject, notAfter: cert.notAfter.toISOString(), at: at.toISOString() }));
    for (const id of cert.unknownCritical) reasons.push(reason("CERT_UNKNOWN_CRITICAL_EXTENSION", { subject, oid: id }));
    if (i > 0) {
      // An issuer: a CA allowed to sign certificates, within its path length.
      const bc = cert.basicConstraints;
      const notCa = isAnchor ? bc !== undefined && !bc.ca : !bc?.ca;
      if (notCa || (cert.keyUsage && !cert.keyUsage.has("keyCertSign"))) reasons.push(reason("CERT_NOT_CA", { subject }));
      if (bc?.pathLen !== undefined && nonSelfIssuedBelow > bc.pathLen) reasons.push(reason("CERT_PATH_LENGTH", { subject, pathLen: bc.pathLen }));
      if (!cert.selfIssued) nonSelfIssuedBelow++;
    }
    if (!isAnchor && certificateSignatureIsWeak(cert)) {
      const hash = hashOfSignatureAlgorithm(cert.signatureAlgorithm);
      reasons.push(reason("WEAK_ALGORITHM", { algorithm: hash ? HASH_LABELS[hash] : cert.signatureAlgorithm, subject }));
    }
    ctx.deadline.check();
  });
  const leaf = path[0]!;
  const subject = subjectOf(leaf);
  if (leaf.keyUsage && !leaf.keyUsage.has("digitalSignature") && !leaf.keyUsage.has("nonRepudiation")) reasons.push(reason("CERT_KEY_USAGE", { subject }));
  const eku = leaf.extKeyUsage;
  if (purpose === "signing" && eku && !eku.some((e) => SIGNING_EKUS.has(e))) reasons.push(reason("CERT_EXTENDED_KEY_USAGE", { subject }));
  if (purpose === "timestamping" && !eku?.includes(OID.timeStamping)) reasons.push(reason("CERT_EXTENDED_KEY_USAGE", { subject }));
  return reasons;
}

interface RevocationOutcome {
  status: RevocationStatus;
  source?: "crl" | "ocsp";
  date?: Date;
  reason?: string;
  reasons: Reason[];
}

/** Parsed CRLs shared by verifications (an administrator's cache holds large lists); bounded. */
const sharedCrls = new Map<string, Crl | null>();
const SHARED_CRLS = 64;

function parseCrlCached(der: Uint8Array, ctx: Context): Crl | null {
  if (der.length > LIMITS.maxCrlBytes) return null;
  const buf = Buffer.from(der.buffer, der.byteOffset, der.byteLength);
  const id = sha256Hex(buf);
  if (ctx.crlCache.has(id)) return ctx.crlCache.get(id)!;
  let crl: Crl | null | undefined = sharedCrls.get(id);
  if (crl === undefined) {
    crl = null;
    try {
      crl = parseCrl(Buffer.from(buf));
    } catch (error) {
      if (!(error instanceof CrlError)) throw error;
    }
    sharedCrls.set(id, crl);
    if (sharedCrls.size > SHARED_CRLS) sharedCrls.delete(sharedCrls.keys().next().value!);
  }
  ctx.crlCache.set(id, crl);
  return crl;
}

/** Whether revocation data issued at thisUpdate (valid until nextUpdate) speaks for time T, judged at now. */
function coversTime(thisUpdate: Date, nextUpdate: Date | undefined, at: Date, now: Date): boolean {
  if (thisUpdate.getTime() > now.getTime() + SKEW_MS) return false; // issued in the future
  if (thisUpdate.getTime() >= at.getTime()) return true; // issued after T: nothing was revoked before it
  return nextUpdate !== undefined && nextUpdate.getTime() >= at.getTime();
}

async function revocationOf(cert: Certificate, issuer: Certificate, at: Date, evidence: Evidence, ctx: Context): Promise<RevocationOutcome> {
  const reasons: Reason[] = [];
  const subject = subjectOf(cert);
  const sources: Uint8Array[] = [...evidence.crls];
  if (ctx.crlSource) {
    const given = await ctx.crlSource({ issuerDer: cert.issuerDer, distributionPoints: cert.crlDistributionPoints, serialNumber: cert.serialHex });
    sources.push(...given.slice(0, LIMITS.maxRevocationItems));
  }
  const usable: Crl[] = [];
  for (const der of sources.slice(0, LIMITS.maxRevocationItems * 2)) {
    ctx.deadline.check();
    const crl = parseCrlCached(der, ctx);
    if (!crl || !crl.issuerDer.equals(cert.issuerDer)) continue;
    const why = crlUnusableFor(crl, cert, issuer);
    if (why) {
      reasons.push(reason("CRL_REJECTED", { subject, detail: why }));
      continue;
    }
    usable.push(crl);
  }
  // A correctly signed list naming the certificate proves revocation whatever its age.
  for (const crl of usable) {
    const entry = crl.revoked.get(cert.serialHex);
    if (entry && entry.reason !== "removeFromCRL") return { status: "revoked", source: "crl", date: entry.date, reason: entry.reason, reasons };
  }
  const fresh = usable.filter((crl) => coversTime(crl.thisUpdate, crl.nextUpdate, at, ctx.now) && crl.thisUpdate <= cert.notAfter);
  if (fresh.length > 0) return { status: "good", source: "crl", reasons };
  for (const crl of usable) if (!fresh.includes(crl)) reasons.push(reason("CRL_REJECTED", { subject, detail: "stale" }));

  const fromOcsp = (check: OcspCheck, live: boolean): RevocationOutcome | undefined => {
    if (!check.ok) return undefined;
    const a = check.answer;
    if (a.status === "revoked") return { status: "revoked", source: "ocsp", date: a.revokedAt, reason: a.reason, reasons };
    if (a.status !== "good") return undefined;
    const ok = live
      ? a.thisUpdate.getTime() <= ctx.now.getTime() + SKEW_MS && (!a.nextUpdate || a.nextUpdate.getTime() >= ctx.now.getTime() - SKEW_MS)
      : coversTime(a.thisUpdate, a.nextUpdate, at, ctx.now);
    return ok ? { status: "good", source: "ocsp", reasons } : undefined;
  };
  for (const der of evidence.ocsps.slice(0, LIMITS.maxRevocationItems)) {
    ctx.deadline.check();
    const outcome = fromOcsp(checkOcspResponse(der, cert, issuer), false);
    if (outcome) return outcome;
  }
  if (ctx.ocsp) {
    const urls = ctx.ocsp.responderUrl ? [ctx.ocsp.responderUrl] : ctx.ocsp.useCertificateUrls ? cert.ocspUrls : [];
    for (const url of urls.slice(0, 2)) {
      const key = `${url} ${cert.fingerprint256}`;
      let pending = ctx.ocspCache.get(key) as Promise<OcspCheck> | undefined;
      if (!pending) {
        pending = queryOcsp(url, cert, issuer, { ...ctx.ocsp, timeoutMs: Math.min(ctx.ocsp.timeoutMs ?? 5000, Math.max(1, ctx.deadline.remaining())) });
        ctx.ocspCache.set(key, pending);
      }
      const check = await pending;
      const outcome = fromOcsp(check, true);
      if (outcome) return outcome;
      reasons.push(reason("OCSP_FAILED", { subject, detail: check.ok ? `status ${check.answer.status}` : check.detail }));
    }
  }
  return { status: ctx.requireRevocation ? "unknown" : "not-checked", reasons };
}

function entryOf(cert: Certificate, anchor: boolean, ctx: Context, revocation: ChainEntry["revocation"]): ChainEntry {
  const inStore = anchor || ctx.trust.intermediates.some((c) => c.fingerprint256 === cert.fingerprint256) || ctx.anchorFingerprints.has(cert.fingerprint256);
  return {
    subject: subjectOf(cert),
    issuer: formatName(cert.issuer),
    serialNumber: cert.serialHex,
    fingerprint256: cert.fingerprint256,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    anchor,
    source: inStore ? "trust-store" : "document",
    revocation,
  };
}

/**
 * Builds and judges the path of leaf at time `at` for a purpose. Reasons say what is wrong (none: the certificate
 * is trusted at `at`); entries describe the path from the leaf to the anchor (or as far as it goes).
 */
export async function validateCertificate(leaf: Certificate, documentCerts: readonly Certificate[], at: Date, purpose: Purpose, evidence: Evidence, ctx: Context): Promise<ChainResult> {
  const pool = [...documentCerts, ...ctx.trust.intermediates, ...ctx.trust.anchors];
  const { complete, longest, tooLong } = buildPaths(leaf, pool, ctx);
  if (complete.length === 0) {
    const top = longest[longest.length - 1]!;
    const reasons = [
      reason(tooLong ? "CHAIN_TOO_LONG" : "CHAIN_NO_TRUSTED_ANCHOR", { subject: subjectOf(top) }),
      ...structuralReasons(longest, false, at, purpose, ctx),
    ];
    return { path: longest, anchored: false, entries: longest.map((c) => entryOf(c, false, ctx, { status: "unknown" })), reasons };
  }
  // The first path without structural problems, else the first one.
  const judged = complete.map((path) => ({ path, reasons: structuralReasons(path, true, at, purpose, ctx) }));
  const chosen = judged.find((j) => j.reasons.every((r) => r.level !== "failed" && r.level !== "indeterminate")) ?? judged[0]!;
  const reasons = [...chosen.reasons];
  const entries: ChainEntry[] = [];
  const path = chosen.path;
  for (let i = 0; i < path.length; i++) {
    const cert = path[i]!;
    if (i === path.length - 1) {
      entries.push(entryOf(cert, true, ctx, { status: "anchor" }));
      break;
    }
    const outcome = await revocationOf(cert, path[i + 1]!, at, evidence, ctx);
    reasons.push(...outcome.reasons);
    const subject = subjectOf(cert);
    if (outcome.status === "revoked") {
      const date = outcome.date ?? new Date(0);
      reasons.push(
        date.getTime() <= at.getTime()
          ? reason("CERT_REVOKED", { subject, date: date.toISOString(), reason: outcome.reason ?? "unspecified" })
          : reason("CERT_REVOKED_AFTER_SIGNING", { subject, date: date.toISOString() }),
      );
    } else if (outcome.status === "unknown") reasons.push(reason("REVOCATION_UNKNOWN", { subject }));
    else if (outcome.status === "not-checked") reasons.push(reason("REVOCATION_NOT_CHECKED", { subject }));
    entries.push(
      entryOf(cert, false, ctx, {
        status: outcome.status,
        ...(outcome.source ? { source: outcome.source } : {}),
        ...(outcome.date ? { date: outcome.date.toISOString() } : {}),
        ...(outcome.reason ? { reason: outcome.reason } : {}),
      }),
    );
  }
  return { path, anchored: true, entries, reasons };
}
