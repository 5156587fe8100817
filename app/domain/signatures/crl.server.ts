// Certificate revocation lists (RFC 5280 §5): parsed with forge.asn1, signature checked with the issuer's key over
// tbsCertList as stored. forge has no CRL support ("not yet implemented"), node:crypto none at all.
import { createHash } from "node:crypto";
import { Der, TAG, algorithm, bitString, boolean, children, enumerated, integerHex, isContext, isUniversal, octets, oid, sequence, time, type Node } from "./asn1.server";
import { verifySignedStructure } from "./algorithms.server";
import { distributionPointUris, type Certificate } from "./certificate.server";
import { OID } from "./oids";

export const CRL_REASONS = [
  "unspecified",
  "keyCompromise",
  "cACompromise",
  "affiliationChanged",
  "superseded",
  "cessationOfOperation",
  "certificateHold",
  "unused",
  "removeFromCRL",
  "privilegeWithdrawn",
  "aACompromise",
] as const;

export interface RevokedEntry {
  date: Date;
  reason?: string;
}

export interface Crl {
  der: Buffer;
  /** SHA-256 of the DER, to recognise the same list from several sources. */
  id: string;
  issuerDer: Buffer;
  thisUpdate: Date;
  nextUpdate?: Date;
  sigAlg: { oid: string; params?: Node };
  tbs: Buffer;
  signature: Buffer;
  isDelta: boolean;
  /** Unsupported critical extensions (of the list or of an entry): such a list is not used. */
  unsupportedCritical: string[];
  /** The issuing distribution point's scope, when the list has one. */
  scope?: { uris: string[]; onlyUserCerts: boolean; onlyCaCerts: boolean; partialReasons: boolean; indirect: boolean };
  revoked: Map<string, RevokedEntry>;
}

export class CrlError extends Error {
  override name = "CrlError";
}

/** Parses a DER CRL; throws CrlError when it cannot be used. */
export function parseCrl(der: Buffer): Crl {
  try {
    const doc = new Der(der);
    const [tbsNode, sigAlgNode, sigNode] = sequence(doc.root, "CertificateList");
    const fields = sequence(tbsNode, "TBSCertList");
    let i = 0;
    if (isUniversal(fields[0], TAG.integer)) i++;
    i++; // signature
    const issuerNode = fields[i++]!;
    sequence(issuerNode, "issuer");
    const thisUpdate = time(fields[i++], "thisUpdate");
    let nextUpdate: Date | undefined;
    const maybeNext = fields[i];
    if (maybeNext && (isUniversal(maybeNext, TAG.utcTime) || isUniversal(maybeNext, TAG.generalizedTime))) {
      nextUpdate = time(maybeNext, "nextUpdate");
      i++;
    }
    const revoked = new Map<string, RevokedEntry>();
    const unsupportedCritical: string[] = [];
    if (isUniversal(fields[i], TAG.sequence)) {
      for (const entry of sequence(fields[i++], "revokedCertificates")) {
        const parts = sequence(entry, "revoked entry");
        const serial = integerHex(parts[0], "userCertificate");
        const e: RevokedEntry = { date: time(parts[1], "revocationDate") };
        if (parts[2]) {
          for (const ext of sequence(parts[2], "crlEntryExtensions")) {
            const p = sequence(ext, "Extension");
            const id = oid(p[0]);
            const critical = isUniversal(p[1], TAG.boolean) ? boolean(p[1]) : false;
            if (id === OID.cRLReason) {
              const code = enumerated(new Der(octets(p[p.length - 1])).root, "reasonCode");
              e.reason = CRL_REASONS[code] ?? String(code);
            } else if (critical) unsupportedCritical.push(id);
          }
        }
        revoked.set(serial, e);
      }
    }
    let isDelta = false;
    let scope: Crl["scope"];
    if (isContext(fields[i], 0)) {
      for (const ext of sequence(children(fields[i])[0], "crlExtensions")) {
        const p = sequence(ext, "Extension");
        const id = oid(p[0]);
        const critical = isUniversal(p[1], TAG.boolean) ? boolean(p[1]) : false;
        const value = octets(p[p.length - 1]);
        if (id === OID.deltaCRLIndicator) isDelta = true;
        else if (id === OID.issuingDistributionPoint) scope = readIdp(new Der(value).root);
        else if (critical && id !== OID.cRLNumber && id !== OID.authorityKeyIdentifier) unsupportedCritical.push(id);
      }
    }
    const sigAlg = algorithm(sigAlgNode, "signatureAlgorithm");
    const { unused, bytes } = bitString(sigNode, "signatureValue");
    if (unused !== 0) throw new CrlError("signature with unused bits");
    return {
      der,
      id: createHash("sha256").update(der).digest("hex"),
      issuerDer: Buffer.from(doc.raw(issuerNode)),
      thisUpdate,
      nextUpdate,
      sigAlg,
      tbs: Buffer.from(doc.raw(tbsNode!)),
      signature: Buffer.from(bytes),
      isDelta,
      unsupportedCritical,
      scope,
      revoked,
    };
  } catch (error) {
    if (error instanceof CrlError) throw error;
    throw new CrlError(error instanceof Error ? error.message : "unreadable CRL");
  }
}

function readIdp(node: Node): NonNullable<Crl["scope"]> {
  const scope = { uris: [] as string[], onlyUserCerts: false, onlyCaCerts: false, partialReasons: false, indirect: false };
  for (const f of sequence(node, "IssuingDistributionPoint")) {
    const flag = () => typeof f.value === "string" && f.value !== "\u0000";
    if (isContext(f, 0)) scope.uris = distributionPointUris(f);
    else if (isContext(f, 1)) scope.onlyUserCerts = flag();
    else if (isContext(f, 2)) scope.onlyCaCerts = flag();
    else if (isContext(f, 3)) scope.partialReasons = true;
    else if (isContext(f, 4)) scope.indirect = flag();
  }
  return scope;
}

/** Why a list cannot say anything about cert (signed by issuer), or undefined when it can. */
export function crlUnusableFor(crl: Crl, cert: Certificate, issuer: Certificate): string | undefined {
  if (!crl.issuerDer.equals(cert.issuerDer)) return "issuer";
  if (crl.isDelta) return "delta";
  if (crl.unsupportedCritical.length > 0) return "critical-extension";
  const s = crl.scope;
  if (s) {
    if (s.indirect || s.partialReasons) return "scope";
    const isCa = cert.basicConstraints?.ca === true;
    if ((s.onlyUserCerts && isCa) || (s.onlyCaCerts && !isCa)) return "scope";
    if (s.uris.length > 0 && !s.uris.some((u) => cert.crlDistributionPoints.includes(u))) return "scope";
  }
  if (issuer.keyUsage && !issuer.keyUsage.has("cRLSign")) return "issuer-key-usage";
  if (!crlSignedBy(crl, issuer)) return "signature";
  return undefined;
}

const signatureChecks = new Map<string, boolean>();

/** Whether issuer's key signed the list (remembered: the same lists come with every upload). */
function crlSignedBy(crl: Crl, issuer: Certificate): boolean {
  const key = `${crl.id}>${issuer.fingerprint256}`;
  let ok = signatureChecks.get(key);
  if (ok === undefined) {
    ok = verifySignedStructure(crl.sigAlg, issuer, crl.tbs, crl.signature).ok === true;
    signatureChecks.set(key, ok);
    if (signatureChecks.size > 1024) signatureChecks.delete(signatureChecks.keys().next().value!);
  }
  return ok;
}
