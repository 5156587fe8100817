// X.509 certificates for the verifier: node:crypto's X509Certificate for the key, the fingerprint and the
// signature check, forge.asn1 for everything Node does not expose (key usage bits, basic constraints and path
// length, extended key usage, key identifiers, critical extensions, the raw issuer and subject names).
import { createHash, X509Certificate, type KeyObject } from "node:crypto";
import { Der, CLASS, TAG, algorithm, bitString, boolean, children, integerHex, isContext, isUniversal, octets, oid, sequence, set, smallInteger, text, time, type Node } from "./asn1.server";
import { OID } from "./oids";
import type { HolderIdentifier, NameAttribute, SignerSummary } from "./verification";

export const KEY_USAGE_BITS = [
  "digitalSignature",
  "nonRepudiation",
  "keyEncipherment",
  "dataEncipherment",
  "keyAgreement",
  "keyCertSign",
  "cRLSign",
  "encipherOnly",
  "decipherOnly",
] as const;
export type KeyUsage = (typeof KEY_USAGE_BITS)[number];

/** Extensions the verifier understands, or that need no processing when critical (policies are not enforced). */
const KNOWN_EXTENSIONS = new Set<string>([
  OID.keyUsage,
  OID.basicConstraints,
  OID.extKeyUsage,
  OID.subjectKeyIdentifier,
  OID.authorityKeyIdentifier,
  OID.subjectAltName,
  OID.issuerAltName,
  OID.cRLDistributionPoints,
  OID.authorityInfoAccess,
  OID.certificatePolicies,
  OID.policyMappings,
  OID.policyConstraints,
  OID.inhibitAnyPolicy,
  OID.qcStatements,
  OID.ocspNoCheck,
]);

const SHORT_NAMES: Record<string, string> = {
  [OID.commonName]: "CN",
  [OID.countryName]: "C",
  [OID.localityName]: "L",
  [OID.stateOrProvinceName]: "ST",
  [OID.organizationName]: "O",
  [OID.organizationalUnitName]: "OU",
  [OID.serialNumber]: "SERIALNUMBER",
  [OID.userId]: "UID",
  [OID.surname]: "SN",
  [OID.givenName]: "GN",
  [OID.title]: "T",
  [OID.description]: "DESCRIPTION",
  [OID.streetAddress]: "STREET",
  [OID.emailAddress]: "E",
  [OID.organizationIdentifier]: "ORGANIZATIONIDENTIFIER",
};

export interface KeyInfo {
  type: "rsa" | "rsa-pss" | "ec" | "ed25519" | "ed448" | "other";
  bits?: number;
  curve?: string;
}

export interface Certificate {
  der: Buffer;
  x509: X509Certificate;
  publicKey: KeyObject;
  key: KeyInfo;
  /** "AB:CD:…", as X509Certificate gives it. */
  fingerprint256: string;
  serialHex: string;
  issuerDer: Buffer;
  subjectDer: Buffer;
  issuer: NameAttribute[];
  subject: NameAttribute[];
  notBefore: Date;
  notAfter: Date;
  signatureAlgorithm: string;
  /** The subjectPublicKey BIT STRING's bytes (OCSP key hashes, responder ids). */
  publicKeyBits: Buffer;
  selfIssued: boolean;
  keyUsage?: ReadonlySet<KeyUsage>;
  basicConstraints?: { ca: boolean; pathLen?: number };
  extKeyUsage?: readonly string[];
  subjectKeyId?: Buffer;
  authorityKeyId?: Buffer;
  unknownCritical: readonly string[];
  crlDistributionPoints: readonly string[];
  ocspUrls: readonly string[];
  ocspNoCheck: boolean;
}

export class CertificateError extends Error {
  override name = "CertificateError";
}

/** Control characters (which could forge lines in a report) become spaces. */
export function withoutControls(s: string): string {
  let out = "";
  for (const ch of s) out += ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f ? " " : ch;
  return out.trim();
}

/** Reads a name (RDNSequence) into attributes, in order. */
export function nameAttributes(node: Node): NameAttribute[] {
  const out: NameAttribute[] = [];
  for (const rdn of sequence(node, "Name")) {
    for (const atv of set(rdn, "RDN")) {
      const [type, value] = sequence(atv, "AttributeTypeAndValue");
      const id = oid(type, "attribute type");
      out.push({ type: SHORT_NAMES[id] ?? id, value: withoutControls(text(value)) });
    }
  }
  return out;
}

/** "CN=…, O=…, C=VN" in the certificate's order. */
export function formatName(attributes: readonly NameAttribute[]): string {
  return attributes.map((a) => `${a.type}=${a.value}`).join(", ");
}

const ID_KINDS = ["MST", "CCCD", "CMND", "HC", "BHXH", "MNS", "CMT", "CC", "DDCN", "PID"];

/**
 * Vietnamese holder identifiers: CAs put "MST:0101234567" (tax code), "CCCD:…", "CMND:…", "HC:…" into the UID
 * (0.9.2342.19200300.100.1.1) attribute, sometimes into SERIALNUMBER or OU; one value may hold several, separated
 * by commas or semicolons.
 */
export function holderIdentifiers(attributes: readonly NameAttribute[]): HolderIdentifier[] {
  const out: HolderIdentifier[] = [];
  for (const a of attributes) {
    if (a.type !== "UID" && a.type !== "SERIALNUMBER" && a.type !== "OU") continue;
    for (const part of a.value.split(/[;,]/)) {
      const m = /^\s*([A-Za-z]{2,6})\s*[:=]\s*([0-9A-Za-z][0-9A-Za-z-]{4,19})\s*$/.exec(part);
      if (m && ID_KINDS.includes(m[1]!.toUpperCase())) out.push({ kind: m[1]!.toUpperCase(), value: m[2]! });
    }
  }
  return out;
}

function keyInfo(key: KeyObject): KeyInfo {
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  if (type === "rsa" || type === "rsa-pss") return { type, bits: details.modulusLength };
  if (type === "ec") {
    const curve = details.namedCurve;
    const bits = curve ? Number(/(\d{3})/.exec(curve)?.[1] ?? 0) || undefined : undefined;
    return { type, curve, bits };
  }
  if (type === "ed25519" || type === "ed448") return { type };
  return { type: "other" };
}

const CURVE_NAMES: Record<string, string> = { prime256v1: "P-256", secp384r1: "P-384", secp521r1: "P-521" };

export function describeKey(k: KeyInfo): string {
  switch (k.type) {
    case "rsa":
    case "rsa-pss":
      return `${k.type === "rsa" ? "RSA" : "RSA-PSS"} ${k.bits ?? "?"}`;
    case "ec":
      return `EC ${CURVE_NAMES[k.curve ?? ""] ?? k.curve ?? "?"}`;
    case "ed25519":
      return "Ed25519";
    case "ed448":
      return "Ed448";
    default:
      return "?";
  }
}

function generalNameUris(node: Node): string[] {
  // GeneralNames: uniformResourceIdentifier is [6] IMPLICIT IA5String.
  return children(node, "GeneralNames")
    .filter((g) => isContext(g, 6) && typeof g.value === "string")
    .map((g) => Buffer.from(g.value as string, "latin1").toString("latin1"));
}

/** URIs of a CRLDistributionPoints (or an IDP's distributionPoint fullName). */
export function distributionPointUris(dpName: Node | undefined): string[] {
  // DistributionPointName ::= CHOICE { fullName [0] GeneralNames, nameRelativeToCRLIssuer [1] }
  if (!dpName) return [];
  const inner = children(dpName)[0];
  if (!isContext(inner, 0)) return [];
  return generalNameUris(inner);
}

/**
 * Parsed certificates by SHA-256 of their DER (the same CA certificates arrive with every upload). Parsing is
 * deterministic, so a cached result is the same as a fresh one; the cache is bounded.
 */
const parsedCache = new Map<string, Certificate | CertificateError>();
const PARSED_CACHE_SIZE = 512;

/** Parses one DER certificate; throws CertificateError when it cannot be used. */
export function parseCertificate(der: Buffer): Certificate {
  const key = createHash("sha256").update(der).digest("base64");
  const cached = parsedCache.get(key);
  if (cached) {
    parsedCache.delete(key);
    parsedCache.set(key, cached);
    if (cached instanceof CertificateError) throw cached;
    return cached;
  }
  let result: Certificate | CertificateError;
  try {
    result = parseCertificateUncached(Buffer.from(der));
  } catch (error) {
    result = error instanceof CertificateError ? error : new CertificateError(error instanceof Error ? error.message : "unreadable certificate");
  }
  parsedCache.set(key, result);
  if (parsedCache.size > PARSED_CACHE_SIZE) parsedCache.delete(parsedCache.keys().next().value!);
  if (result instanceof CertificateError) throw result;
  return result;
}

function parseCertificateUncached(der: Buffer): Certificate {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(der);
  } catch (error) {
    throw new CertificateError(error instanceof Error ? error.message : "unreadable certificate");
  }
  try {
    const doc = new Der(der);
    const [tbs, sigAlg] = sequence(doc.root, "Certificate");
    const fields = sequence(tbs, "TBSCertificate");
    let i = 0;
    if (isContext(fields[0], 0)) i++; // version
    const serialHex = integerHex(fields[i++], "serialNumber");
    i++; // signature
    const issuerNode = fields[i++]!;
    const [nb, na] = sequence(fields[i++], "Validity");
    const subjectNode = fields[i++]!;
    const spki = sequence(fields[i++], "SubjectPublicKeyInfo");
    const publicKeyBits = Buffer.from(bitString(spki[1], "subjectPublicKey").bytes);
    let extensions: Node[] = [];
    for (; i < fields.length; i++) {
      const f = fields[i]!;
      if (isContext(f, 3)) extensions = sequence(children(f)[0], "Extensions");
    }
    const issuerDer = Buffer.from(doc.raw(issuerNode));
    const subjectDer = Buffer.from(doc.raw(subjectNode));
    const publicKey = x509.publicKey;
    const cert: Certificate = {
      der,
      x509,
      publicKey,
      key: keyInfo(publicKey),
      fingerprint256: x509.fingerprint256,
      serialHex,
      issuerDer,
      subjectDer,
      issuer: nameAttributes(issuerNode),
      subject: nameAttributes(subjectNode),
      notBefore: time(nb, "notBefore"),
      notAfter: time(na, "notAfter"),
      signatureAlgorithm: algorithm(sigAlg).oid,
      publicKeyBits,
      selfIssued: issuerDer.equals(subjectDer),
      unknownCritical: [],
      crlDistributionPoints: [],
      ocspUrls: [],
      ocspNoCheck: false,
    };
    const seen = new Set<string>();
    const unknownCritical: string[] = [];
    for (const ext of extensions) {
      const parts = sequence(ext, "Extension");
      const id = oid(parts[0], "extnID");
      const critical = isUniversal(parts[1], TAG.boolean) ? boolean(parts[1]) : false;
      const value = octets(parts[parts.length - 1], "extnValue");
      if (seen.has(id)) throw new CertificateError(`duplicate extension ${id}`);
      seen.add(id);
      if (critical && !KNOWN_EXTENSIONS.has(id)) unknownCritical.push(id);
      readExtension(cert, id, value);
    }
    cert.unknownCritical = unknownCritical;
    return cert;
  } catch (error) {
    if (error instanceof CertificateError) throw error;
    throw new CertificateError(error instanceof Error ? error.message : "unreadable certificate");
  }
}

function readExtension(cert: Certificate, id: string, value: Buffer): void {
  const node = () => new Der(value).root;
  switch (id) {
    case OID.keyUsage: {
      const { bytes } = bitString(node(), "keyUsage");
      const set = new Set<KeyUsage>();
      KEY_USAGE_BITS.forEach((name, bit) => {
        const byte = bytes[bit >> 3];
        if (byte !== undefined && byte & (0x80 >> (bit & 7))) set.add(name);
      });
      cert.keyUsage = set;
      break;
    }
    case OID.basicConstraints: {
      const parts = sequence(node(), "basicConstraints");
      let k = 0;
      const ca = isUniversal(parts[0], TAG.boolean) ? boolean(parts[k++]) : false;
      const pathLen = parts[k] ? smallInteger(parts[k], "pathLenConstraint") : undefined;
      cert.basicConstraints = pathLen === undefined ? { ca } : { ca, pathLen };
      break;
    }
    case OID.extKeyUsage:
      cert.extKeyUsage = sequence(node(), "extKeyUsage").map((n) => oid(n, "KeyPurposeId"));
      break;
    case OID.subjectKeyIdentifier:
      cert.subjectKeyId = octets(node(), "subjectKeyIdentifier");
      break;
    case OID.authorityKeyIdentifier: {
      const first = sequence(node(), "authorityKeyIdentifier")[0];
      if (isContext(first, 0) && typeof first.value === "string") cert.authorityKeyId = Buffer.from(first.value, "latin1");
      break;
    }
    case OID.cRLDistributionPoints: {
      const uris: string[] = [];
      for (const dp of sequence(node(), "cRLDistributionPoints")) {
        const first = sequence(dp, "DistributionPoint")[0];
        if (isContext(first, 0)) uris.push(...distributionPointUris(first));
      }
      cert.crlDistributionPoints = uris;
      break;
    }
    case OID.authorityInfoAccess: {
      const urls: string[] = [];
      for (const ad of sequence(node(), "authorityInfoAccess")) {
        const [method, location] = sequence(ad, "AccessDescription");
        if (oid(method) === OID.accessOcsp && isContext(location, 6) && typeof location.value === "string") urls.push(location.value);
      }
      cert.ocspUrls = urls;
      break;
    }
    case OID.ocspNoCheck:
      cert.ocspNoCheck = true;
      break;
    default:
      break;
  }
}

/** Parses what can be parsed; the rest is counted, not fatal (a CMS may carry certificates we cannot read). */
export function parseCertificates(ders: readonly Buffer[]): { certificates: Certificate[]; unreadable: number } {
  const certificates: Certificate[] = [];
  let unreadable = 0;
  const seen = new Set<string>();
  for (const der of ders) {
    try {
      const cert = parseCertificate(der);
      if (seen.has(cert.fingerprint256)) continue;
      seen.add(cert.fingerprint256);
      certificates.push(cert);
    } catch {
      unreadable++;
    }
  }
  return { certificates, unreadable };
}

const issuedCache = new Map<string, boolean>();

/** Whether issuer's key signed cert (names must match; the signature is checked, not only names). Remembered. */
export function issued(issuer: Certificate, cert: Certificate): boolean {
  if (!cert.issuerDer.equals(issuer.subjectDer) && !namesEqual(cert.issuer, issuer.subject)) return false;
  if (cert.authorityKeyId && issuer.subjectKeyId && !cert.authorityKeyId.equals(issuer.subjectKeyId)) return false;
  const key = `${issuer.fingerprint256}>${cert.fingerprint256}`;
  let ok = issuedCache.get(key);
  if (ok === undefined) {
    try {
      ok = cert.x509.verify(issuer.publicKey);
    } catch {
      ok = false;
    }
    issuedCache.set(key, ok);
    if (issuedCache.size > 4096) issuedCache.delete(issuedCache.keys().next().value!);
  }
  return ok;
}

/** Name comparison tolerant of string type differences (PrintableString vs UTF8String), case-insensitive. */
export function namesEqual(a: readonly NameAttribute[], b: readonly NameAttribute[]): boolean {
  if (a.length !== b.length) return false;
  const norm = (s: string) => s.normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase();
  return a.every((x, i) => x.type === b[i]!.type && norm(x.value) === norm(b[i]!.value));
}

/** SHA-256 fingerprint of DER bytes, in X509Certificate's "AB:CD:…" form. */
export function fingerprintOf(der: Buffer): string {
  return createHash("sha256").update(der).digest("hex").toUpperCase().match(/../g)!.join(":");
}

export function signerSummary(cert: Certificate): SignerSummary {
  const cn = cert.subject.find((a) => a.type === "CN")?.value;
  return {
    subject: formatName(cert.subject),
    attributes: cert.subject,
    ...(cn ? { commonName: cn } : {}),
    identifiers: holderIdentifiers(cert.subject),
    issuer: formatName(cert.issuer),
    serialNumber: cert.serialHex,
    fingerprint256: cert.fingerprint256,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    key: describeKey(cert.key),
  };
}

export function isCertificateNode(node: Node): boolean {
  return node.tagClass === CLASS.universal && node.type === TAG.sequence;
}
