// RFC 3161 time-stamp tokens: a SignedData whose content is a TSTInfo. A token is trusted when its signature
// verifies, its message imprint matches the data (a signature's value, or a PDF's byte ranges for a document
// timestamp), and its TSA certificate (extended key usage timeStamping) chains to the trust store.
import { Der, TAG, algorithm, isUniversal, octets, oid, sequence, smallInteger, time } from "./asn1.server";
import { HASH_LABELS, WEAK_HASHES, digestAlgorithm, type HashName } from "./algorithms.server";
import { formatName, type Certificate } from "./certificate.server";
import { validateCertificate, type Evidence } from "./chain.server";
import { CmsError, Content, checkSignerInfo, parseSignedData } from "./cms.server";
import type { Context } from "./context.server";
import { OID } from "./oids";
import { reason, type ChainEntry, type Reason, type TimestampSummary } from "./verification";

export interface TimestampCheck {
  genTime?: Date;
  tsa?: Certificate;
  /** Imprint and signature verified (the token is what it claims). */
  intact: boolean;
  /** Intact, and its TSA is trusted now. */
  trusted: boolean;
  imprintHash?: HashName;
  /** Problems of the token itself (integrity, structure). */
  integrityReasons: Reason[];
  /** Problems with trusting the TSA (chain, revocation, purpose). */
  trustReasons: Reason[];
  chain: ChainEntry[];
  signatureLabel?: string;
  /** The token's own signer outcome (for reporting a document timestamp as a signature). */
  claimedSigningTime?: Date;
}

interface TstInfo {
  imprintHash: HashName | undefined;
  imprintOid: string;
  hashedMessage: Buffer;
  genTime: Date;
}

function parseTstInfo(bytes: Buffer): TstInfo {
  const f = sequence(new Der(bytes).root, "TSTInfo");
  if (smallInteger(f[0], "version") !== 1) throw new CmsError("CMS_MALFORMED", { detail: "TSTInfo version" });
  oid(f[1], "policy");
  const [alg, hashed] = sequence(f[2], "MessageImprint");
  const imprintOid = algorithm(alg).oid;
  const d = digestAlgorithm(imprintOid);
  if (!isUniversal(f[3], TAG.integer)) throw new CmsError("CMS_MALFORMED", { detail: "TSTInfo serialNumber" });
  return { imprintHash: d && !d.quirk ? d.hash : undefined, imprintOid, hashedMessage: octets(hashed), genTime: time(f[4], "genTime") };
}

/**
 * Verifies a token over data. The TSA is judged at the caller's time (ctx.now): a token whose authority is no
 * longer trusted does not prove a time (long-term proof needs archived evidence, see decision 0018).
 */
export async function verifyTimestampToken(token: Buffer, data: Content, ctx: Context, outerEvidence: Evidence): Promise<TimestampCheck> {
  const result: TimestampCheck = { intact: false, trusted: false, integrityReasons: [], trustReasons: [], chain: [] };
  const fail = (r: Reason) => {
    result.integrityReasons.push(r);
    return result;
  };
  let sd;
  try {
    sd = parseSignedData(token);
  } catch (error) {
    if (error instanceof CmsError) return fail(reason(error.code, error.params));
    throw error;
  }
  if (sd.eContentType !== OID.tstInfo || !sd.eContent) return fail(reason("CMS_MALFORMED", { detail: "not a time-stamp token" }));
  if (sd.signerInfos.length !== 1) return fail(reason("CMS_MALFORMED", { detail: "time-stamp token signers" }));
  let info: TstInfo;
  try {
    info = parseTstInfo(sd.eContent);
  } catch (error) {
    return fail(error instanceof CmsError ? reason(error.code, error.params) : reason("CMS_MALFORMED", { detail: error instanceof Error ? error.message : "TSTInfo" }));
  }
  result.genTime = info.genTime;
  const signer = checkSignerInfo(sd, sd.signerInfos[0]!, new Content([sd.eContent]), ctx.trust.intermediates);
  result.signatureLabel = signer.signatureLabel;
  result.claimedSigningTime = signer.claimedSigningTime;
  if (signer.signer) result.tsa = signer.signer;
  result.integrityReasons.push(...signer.reasons);
  if (!info.imprintHash) result.integrityReasons.push(reason("ALGORITHM_UNSUPPORTED", { algorithm: info.imprintOid }));
  else {
    result.imprintHash = info.imprintHash;
    if (!data.digest(info.imprintHash).equals(info.hashedMessage)) result.integrityReasons.push(reason("DIGEST_MISMATCH"));
    if (WEAK_HASHES.has(info.imprintHash)) result.integrityReasons.push(reason("WEAK_ALGORITHM", { algorithm: HASH_LABELS[info.imprintHash] }));
  }
  result.intact = signer.intact && result.integrityReasons.every((r) => r.level !== "failed");
  if (!result.tsa || !result.intact) return result;
  const evidence: Evidence = {
    crls: [...sd.crls, ...signer.archival.crls, ...outerEvidence.crls],
    ocsps: [...sd.ocsps, ...signer.archival.ocsps, ...outerEvidence.ocsps],
  };
  const chain = await validateCertificate(result.tsa, sd.certificates, ctx.now, "timestamping", evidence, ctx);
  result.chain = chain.entries;
  result.trustReasons = chain.reasons;
  const blocking = (r: Reason) => r.level === "failed" || r.level === "indeterminate";
  result.trusted = !result.integrityReasons.some(blocking) && !chain.reasons.some(blocking);
  return result;
}

export function timestampSummary(check: TimestampCheck): TimestampSummary | undefined {
  if (!check.genTime) return undefined;
  return {
    time: check.genTime.toISOString(),
    ...(check.tsa ? { authority: formatName(check.tsa.subject) } : {}),
    trusted: check.trusted,
    ...(check.imprintHash ? { digestAlgorithm: HASH_LABELS[check.imprintHash] } : {}),
    chain: check.chain,
    reasons: [...check.integrityReasons, ...check.trustReasons],
  };
}
