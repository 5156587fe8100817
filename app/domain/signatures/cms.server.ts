// CMS SignedData (RFC 5652): parsed with forge.asn1, each SignerInfo checked with node:crypto. This module answers
// "is this signature intact, and who made it?"; trust (chain, time, revocation) is chain.server.ts's question.
import { createHash } from "node:crypto";
import { Asn1Error, Der, TAG, algorithm, children, integerHex, isContext, isUniversal, octets, oid, sequence, set, smallInteger, time, type Node } from "./asn1.server";
import { HASH_LABELS, WEAK_HASHES, digestAlgorithm, keyIsWeak, newHash, verifySignatureValue, type HashName } from "./algorithms.server";
import { namesEqual, nameAttributes, parseCertificates, type Certificate } from "./certificate.server";
import { LIMITS, LimitError } from "./context.server";
import { OID } from "./oids";
import { reason, type Reason, type ReasonCode, type ReasonParams } from "./verification";

export class CmsError extends Error {
  override name = "CmsError";
  constructor(
    readonly code: ReasonCode,
    readonly params?: ReasonParams,
  ) {
    super(code);
  }
}

/** The signed content, as parts (a PDF's byte ranges are two views of the file, never copied), hashed once per algorithm. */
export class Content {
  private readonly digests = new Map<HashName, Buffer>();
  constructor(readonly parts: readonly Uint8Array[]) {}
  digest(hash: HashName): Buffer {
    let d = this.digests.get(hash);
    if (!d) {
      const h = newHash(hash);
      for (const p of this.parts) h.update(p);
      d = h.digest();
      this.digests.set(hash, d);
    }
    return d;
  }
}

export interface SignedData {
  doc: Der;
  eContentType: string;
  eContent?: Buffer;
  certificates: Certificate[];
  unreadableCertificates: number;
  crls: Buffer[];
  ocsps: Buffer[];
  signerInfos: Node[];
}

/** Parses a ContentInfo holding SignedData. Padding after it (a PDF's zero-filled /Contents) is allowed when asked. */
export function parseSignedData(der: Buffer, options: { allowTrailing?: boolean } = {}): SignedData {
  if (der.length > LIMITS.maxCmsBytes) throw new LimitError("signature size");
  let doc: Der;
  try {
    doc = new Der(der, options);
  } catch (error) {
    throw new CmsError("CMS_MALFORMED", { detail: error instanceof Error ? error.message : "unreadable" });
  }
  try {
    const [typeNode, explicit] = sequence(doc.root, "ContentInfo");
    if (oid(typeNode, "contentType") !== OID.signedData) throw new CmsError("CMS_NOT_SIGNED_DATA");
    if (!isContext(explicit, 0)) throw new Asn1Error("content missing");
    const fields = sequence(children(explicit)[0], "SignedData");
    let i = 0;
    smallInteger(fields[i++], "version");
    set(fields[i++], "digestAlgorithms");
    const encap = sequence(fields[i++], "EncapsulatedContentInfo");
    const eContentType = oid(encap[0], "eContentType");
    let eContent: Buffer | undefined;
    if (encap[1]) {
      if (!isContext(encap[1], 0)) throw new Asn1Error("eContent: bad tag");
      eContent = octets(children(encap[1])[0], "eContent");
    }
    const certDers: Buffer[] = [];
    const crls: Buffer[] = [];
    const ocsps: Buffer[] = [];
    if (isContext(fields[i], 0)) {
      for (const c of children(fields[i++])) {
        if (isUniversal(c, TAG.sequence)) certDers.push(Buffer.from(doc.raw(c)));
      }
    }
    if (isContext(fields[i], 1)) {
      for (const r of children(fields[i++])) {
        if (isUniversal(r, TAG.sequence)) crls.push(Buffer.from(doc.raw(r)));
        else if (isContext(r, 1)) {
          // OtherRevocationInfoFormat: an OCSP response (RFC 5940)
          const [format, info] = children(r);
          if (oid(format) === OID.riOcspResponse && info) ocsps.push(Buffer.from(doc.raw(info)));
        }
      }
    }
    const signerInfos = set(fields[i++], "signerInfos");
    if (certDers.length > LIMITS.maxCertificatesPerCms) throw new LimitError("certificates in a signature");
    if (signerInfos.length > LIMITS.maxSignersPerCms) throw new LimitError("signers in a signature");
    const { certificates, unreadable } = parseCertificates(certDers);
    return { doc, eContentType, eContent, certificates, unreadableCertificates: unreadable, crls, ocsps, signerInfos };
  } catch (error) {
    if (error instanceof CmsError || error instanceof LimitError) throw error;
    throw new CmsError("CMS_MALFORMED", { detail: error instanceof Error ? error.message : "unreadable" });
  }
}

export interface SignerOutcome {
  reasons: Reason[];
  signer?: Certificate;
  digest?: HashName;
  signatureLabel?: string;
  /** The signature value octets (what a signature timestamp's imprint covers). */
  signatureValue: Buffer;
  /** Both the content digest and the signature value verified. */
  intact: boolean;
  claimedSigningTime?: Date;
  timestampTokens: Buffer[];
  /** CRLs and OCSP responses of the adbe-revocationInfoArchival signed attribute. */
  archival: { crls: Buffer[]; ocsps: Buffer[] };
}

interface Attribute {
  type: string;
  values: Node[];
}

function attributes(node: Node): Attribute[] {
  return children(node, "attributes").map((a) => {
    const [type, values] = sequence(a, "Attribute");
    return { type: oid(type, "attrType"), values: set(values, "attrValues") };
  });
}

/** The signer's certificate among candidates, by issuer and serial number or by subject key identifier. */
function findSigner(sd: SignedData, sid: Node, candidates: readonly Certificate[]): Certificate | undefined {
  if (isContext(sid, 0)) {
    const ski = octets(sid, "subjectKeyIdentifier", 0);
    return candidates.find((c) => c.subjectKeyId?.equals(ski)) ?? candidates.find((c) => createHash("sha1").update(c.publicKeyBits).digest().equals(ski));
  }
  const [issuer, serial] = sequence(sid, "IssuerAndSerialNumber");
  const issuerDer = sd.doc.raw(issuer!);
  const serialHex = integerHex(serial, "serialNumber");
  const attrs = nameAttributes(issuer!);
  return candidates.find((c) => c.serialHex === serialHex && (c.issuerDer.equals(issuerDer) || namesEqual(c.issuer, attrs)));
}

function essCertMatches(attr: Attribute, signer: Certificate, v2: boolean): boolean {
  const certs = sequence(sequence(attr.values[0], "SigningCertificate")[0], "certs");
  const first = sequence(certs[0], "ESSCertID");
  let hash: HashName = v2 ? "sha256" : "sha1";
  let k = 0;
  if (v2 && isUniversal(first[0], TAG.sequence)) {
    const d = digestAlgorithm(algorithm(first[k++]).oid);
    if (!d) return false;
    hash = d.hash;
  }
  const expected = octets(first[k], "certHash");
  return newHash(hash).update(signer.der).digest().equals(expected);
}

/**
 * Checks one SignerInfo of sd against the content (null: detached and not supplied). extraCertificates are tried
 * when the signer's certificate is not in the CMS (the trust store's).
 */
export function checkSignerInfo(sd: SignedData, node: Node, content: Content | null, extraCertificates: readonly Certificate[] = []): SignerOutcome {
  const reasons: Reason[] = [];
  const out: SignerOutcome = { reasons, signatureValue: Buffer.alloc(0), intact: false, timestampTokens: [], archival: { crls: [], ocsps: [] } };
  try {
    const f = sequence(node, "SignerInfo");
    let i = 0;
    smallInteger(f[i++], "version");
    const sid = f[i++]!;
    const digestAlg = algorithm(f[i++], "digestAlgorithm");
    const signedAttrsNode = isContext(f[i], 0) ? f[i++] : undefined;
    const sigAlg = algorithm(f[i++], "signatureAlgorithm");
    out.signatureValue = octets(f[i++], "signature");
    const unsignedNode = isContext(f[i], 1) ? f[i++] : undefined;

    // Unsigned attributes first: they do not depend on the rest (timestamps are judged by the caller).
    if (unsignedNode) {
      for (const a of attributes(unsignedNode)) {
        if (a.type === OID.signatureTimeStampToken) out.timestampTokens.push(...a.values.map((v) => Buffer.from(sd.doc.raw(v))));
      }
    }

    const signer = findSigner(sd, sid, [...sd.certificates, ...extraCertificates]);
    if (signer) out.signer = signer;
    else {
      reasons.push(reason("SIGNER_CERTIFICATE_NOT_FOUND"));
      if (sd.unreadableCertificates > 0) reasons.push(reason("CERT_UNREADABLE"));
    }

    const digest = digestAlgorithm(digestAlg.oid);
    if (!digest) {
      reasons.push(reason("ALGORITHM_UNSUPPORTED", { algorithm: digestAlg.oid }));
      return out;
    }
    out.digest = digest.hash;
    if (digest.quirk) reasons.push(reason("DIGEST_ALGORITHM_QUIRK", { algorithm: digestAlg.oid }));
    if (WEAK_HASHES.has(digest.hash)) reasons.push(reason("WEAK_ALGORITHM", { algorithm: HASH_LABELS[digest.hash] }));

    let digestOk = true;
    let signedBytes: Uint8Array[] | undefined;
    let sortedSet: Buffer | undefined;
    if (signedAttrsNode) {
      const attrs = attributes(signedAttrsNode);
      const byType = (t: string) => attrs.filter((a) => a.type === t);
      const ct = byType(OID.contentType);
      if (ct.length !== 1 || ct[0]!.values.length !== 1) reasons.push(reason("CONTENT_TYPE_ATTRIBUTE", { detail: ct.length === 0 ? "missing" : "multiple" }));
      else if (oid(ct[0]!.values[0]) !== sd.eContentType) reasons.push(reason("CONTENT_TYPE_ATTRIBUTE", { detail: "mismatch" }));
      const md = byType(OID.messageDigest);
      if (md.length !== 1 || md[0]!.values.length !== 1) {
        reasons.push(reason("MESSAGE_DIGEST_ATTRIBUTE", { detail: md.length === 0 ? "missing" : "multiple" }));
        digestOk = false;
      } else if (!content) {
        reasons.push(reason("DETACHED_CONTENT_MISSING"));
        digestOk = false;
      } else if (!octets(md[0]!.values[0], "messageDigest").equals(content.digest(digest.hash))) {
        reasons.push(reason("DIGEST_MISMATCH"));
        digestOk = false;
      }
      const st = byType(OID.signingTime)[0]?.values[0];
      if (st) {
        try {
          out.claimedSigningTime = time(st, "signingTime");
        } catch {
          // A claim we cannot read is not shown.
        }
      }
      const protection = byType(OID.cmsAlgorithmProtection)[0]?.values[0];
      if (protection) {
        const p = sequence(protection, "CMSAlgorithmProtection");
        const dOk = algorithm(p[0]).oid === digestAlg.oid;
        const s = p.find((n) => isContext(n, 1));
        const sOk = !s || oid(children(s)[0]) === sigAlg.oid;
        if (!dOk || !sOk) reasons.push(reason("ALGORITHM_PROTECTION_MISMATCH"));
      }
      if (signer) {
        const v2 = byType(OID.signingCertificateV2)[0];
        const v1 = byType(OID.signingCertificate)[0];
        try {
          if ((v2 && !essCertMatches(v2, signer, true)) || (!v2 && v1 && !essCertMatches(v1, signer, false))) reasons.push(reason("SIGNING_CERTIFICATE_MISMATCH"));
        } catch {
          reasons.push(reason("SIGNING_CERTIFICATE_MISMATCH"));
        }
      }
      const archival = byType(OID.adbeRevocationInfoArchival)[0]?.values[0];
      if (archival) {
        try {
          for (const part of sequence(archival, "RevocationInfoArchival")) {
            const items = isContext(part, 0) || isContext(part, 1) ? sequence(children(part)[0]) : [];
            for (const item of items.slice(0, LIMITS.maxRevocationItems)) (isContext(part, 0) ? out.archival.crls : out.archival.ocsps).push(Buffer.from(sd.doc.raw(item)));
          }
        } catch {
          // Unreadable archived revocation data is simply not used.
        }
      }
      signedBytes = [sd.doc.asSet(signedAttrsNode)];
      if (children(signedAttrsNode).length > 1) {
        const sorted = sd.doc.asSortedSet(signedAttrsNode);
        if (!sorted.equals(signedBytes[0] as Buffer)) sortedSet = sorted;
      }
    } else {
      // Without signed attributes the signature covers the content itself, which only id-data may be.
      if (sd.eContentType !== OID.data) reasons.push(reason("SIGNED_ATTRIBUTES_REQUIRED"));
      if (!content) {
        reasons.push(reason("DETACHED_CONTENT_MISSING"));
        digestOk = false;
      } else signedBytes = [...content.parts];
    }

    if (!signer || !signedBytes) return out;
    if (keyIsWeak(signer)) reasons.push(reason("WEAK_KEY", { key: `${signer.key.type.toUpperCase()} ${signer.key.bits ?? "?"}` }));
    let check = verifySignatureValue(sigAlg, digest.hash, signer, signedBytes, out.signatureValue);
    if (check.ok === false && sortedSet) {
      const sorted = verifySignatureValue(sigAlg, digest.hash, signer, [sortedSet], out.signatureValue);
      if (sorted.ok) {
        check = sorted;
        reasons.push(reason("SIGNED_ATTRIBUTES_SORTED"));
      }
    }
    out.signatureLabel = check.label;
    reasons.push(...check.reasons);
    if (check.hash && check.hash !== digest.hash && WEAK_HASHES.has(check.hash)) reasons.push(reason("WEAK_ALGORITHM", { algorithm: HASH_LABELS[check.hash] }));
    if (check.ok === false && !check.reasons.some((r) => r.level === "failed")) reasons.push(reason("SIGNATURE_INVALID"));
    out.intact = check.ok === true && digestOk;
    return out;
  } catch (error) {
    if (error instanceof LimitError) throw error;
    reasons.push(reason("CMS_MALFORMED", { detail: error instanceof Error ? error.message : "unreadable" }));
    out.intact = false;
    return out;
  }
}
