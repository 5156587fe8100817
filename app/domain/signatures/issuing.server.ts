import { createHash, createPublicKey, randomBytes, X509Certificate, type KeyObject } from "node:crypto";
import forge from "node-forge";
import {
  bits,
  bool,
  buf,
  der,
  explicit,
  ia5,
  implicitConstructed,
  implicitPrimitive,
  integer,
  minimalUnsigned,
  octets,
  oid,
  parse,
  printable,
  raw,
  seq,
  setOf,
  signatureAlgorithmId,
  time,
  utf8,
  type Node,
} from "./der-build.server";
import { OID } from "./oids";
import type { SigningKey } from "./signing-key.server";

// Issuing X.509 v3 certificates and v2 CRLs (RFC 5280): the TBS structure built with forge.asn1, the signature made by
// a SigningKey (node:crypto, or an HSM), so RSA (PKCS#1 v1.5 or PSS), ECDSA and Ed25519 issuers and subjects all work
// (forge's pki makes RSA certificates only). For the development demo agency CA (agency-keys.server.ts) and tests;
// a production agency's certificate comes from its CA.

/** A distinguished name; written in the order C, ST, L, O, OU, CN, serialNumber, UID. Text is UTF-8 (Vietnamese). */
export interface NameFields {
  country?: string;
  stateOrProvince?: string;
  locality?: string;
  organization?: string;
  organizationalUnit?: string | string[];
  commonName?: string;
  serialNumber?: string;
  /** Vietnamese certificates put the holder's identifier here, e.g. "MST:0100109106" or "CCCD:001090000000". */
  userId?: string;
}

export type KeyUsage =
  | "digitalSignature"
  | "nonRepudiation"
  | "keyEncipherment"
  | "dataEncipherment"
  | "keyAgreement"
  | "keyCertSign"
  | "cRLSign"
  | "encipherOnly"
  | "decipherOnly";

const KEY_USAGE_BIT: Record<KeyUsage, number> = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
  encipherOnly: 7,
  decipherOnly: 8,
};

/** Who signs a certificate or CRL: a key and the issuer's certificate (absent for a self-signed certificate). */
export interface Issuer {
  key: SigningKey;
  certificate: Buffer;
}

export interface CertificateRequest {
  subject: NameFields;
  /** The subject's public key (a private KeyObject gives its public half). */
  publicKey: KeyObject;
  /** The issuer; omitted → self-signed with `selfSignKey`. */
  issuer?: Issuer;
  selfSignKey?: SigningKey;
  /** Default: 16 random bytes, positive and minimal (pitfall 2 of shared/domain/signatures.md). */
  serial?: bigint | Uint8Array;
  notBefore: Date;
  notAfter: Date;
  /** A CA certificate (basicConstraints cA=TRUE, critical), with an optional path length constraint. */
  ca?: { pathLength?: number };
  keyUsage: KeyUsage[];
  /** Extended key usages by OID (e.g. OID.documentSigning). */
  extendedKeyUsage?: string[];
  /** Mark the EKU extension critical (a TSA certificate's timeStamping EKU must be, RFC 3161 §2.3). */
  extendedKeyUsageCritical?: boolean;
  /** URLs of the CRL distribution point. */
  crlDistributionPoints?: string[];
  /** Write the (non-critical, empty) basicConstraints on end-entity certificates too. Default true. */
  endEntityBasicConstraints?: boolean;
}

export interface IssuedCertificate {
  der: Buffer;
  pem: string;
  x509: X509Certificate;
}

export function nameNode(fields: NameFields): Node {
  const rdns: Node[] = [];
  const add = (type: string, value: Node) => rdns.push(setOf([seq([oid(type), value])]));
  if (fields.country !== undefined) {
    if (!/^[A-Z]{2}$/.test(fields.country)) throw new Error("The country is a two-letter code.");
    add(OID.countryName, printable(fields.country));
  }
  if (fields.stateOrProvince !== undefined) add(OID.stateOrProvinceName, utf8(fields.stateOrProvince));
  if (fields.locality !== undefined) add(OID.localityName, utf8(fields.locality));
  if (fields.organization !== undefined) add(OID.organizationName, utf8(fields.organization));
  for (const ou of [fields.organizationalUnit ?? []].flat()) add(OID.organizationalUnitName, utf8(ou));
  if (fields.commonName !== undefined) add(OID.commonName, utf8(fields.commonName));
  if (fields.serialNumber !== undefined) add(OID.serialNumber, printable(fields.serialNumber));
  if (fields.userId !== undefined) add(OID.userId, utf8(fields.userId));
  if (rdns.length === 0) throw new Error("A name needs at least one attribute.");
  return seq(rdns);
}

/** A random positive serial of `bytes` bytes, never zero, minimal in DER. */
export function randomSerial(bytes = 16): Buffer {
  const b = randomBytes(bytes);
  b[0] = (b[0]! & 0x7f) | 0x01; // positive, and not starting with 00 (so the encoding is exactly `bytes` long)
  return minimalUnsigned(b);
}

/** The SubjectKeyIdentifier of a public key: SHA-1 of the subjectPublicKey BIT STRING's bytes (RFC 5280 §4.2.1.2 (1)). */
export function keyIdentifier(key: KeyObject): Buffer {
  const publicKey = key.type === "private" ? createPublicKey(key) : key;
  const spki = parse(publicKey.export({ type: "spki", format: "der" }));
  const bitString = (spki.value as Node[])[1]!;
  return createHash("sha1").update(buf((bitString.value as string).slice(1))).digest();
}

// ---------------------------------------------------------------------------------------------------------------
// Reading back the few parts of a certificate the signer needs
// ---------------------------------------------------------------------------------------------------------------

export interface CertificateParts {
  /** DER of the subject and issuer Names, byte for byte as in the certificate. */
  subject: Buffer;
  issuer: Buffer;
  /** The serial's INTEGER content bytes. */
  serial: Buffer;
  /** The SubjectKeyIdentifier extension's value, if present. */
  subjectKeyId: Buffer | null;
}

export function certificateParts(certificate: Uint8Array): CertificateParts {
  const cert = parse(certificate);
  const tbs = (cert.value as Node[])[0]!.value as Node[];
  const hasVersion = tbs[0]!.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && tbs[0]!.type === 0;
  const at = (i: number) => tbs[hasVersion ? i + 1 : i]!;
  let subjectKeyId: Buffer | null = null;
  const extensions = tbs.find((n) => n.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && n.type === 3);
  if (extensions) {
    for (const ext of ((extensions.value as Node[])[0]!.value as Node[])) {
      const parts = ext.value as Node[];
      if (forge.asn1.derToOid(parts[0]!.value as string) === OID.subjectKeyIdentifier) {
        const inner = parse(buf(parts[parts.length - 1]!.value as string));
        subjectKeyId = buf(inner.value as string);
      }
    }
  }
  return { serial: buf(at(0).value as string), issuer: der(at(2)), subject: der(at(4)), subjectKeyId };
}

// ---------------------------------------------------------------------------------------------------------------
// Certificates
// ---------------------------------------------------------------------------------------------------------------

const extension = (type: string, critical: boolean, value: Node): Node =>
  seq([oid(type), ...(critical ? [bool(true)] : []), octets(der(value))]);

function keyUsageBits(usages: KeyUsage[]): Node {
  let value = 0;
  let highest = -1;
  for (const u of new Set(usages)) {
    value |= 1 << (15 - KEY_USAGE_BIT[u]);
    highest = Math.max(highest, KEY_USAGE_BIT[u]);
  }
  if (highest < 0) throw new Error("A certificate needs at least one key usage.");
  // Named bits: trailing zero bits are dropped (X.690 §11.2.2).
  const byteCount = highest >= 8 ? 2 : 1;
  const unused = byteCount * 8 - 1 - highest;
  const bytes = byteCount === 2 ? [value >> 8, value & 0xff] : [value >> 8];
  return forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.BITSTRING, false, String.fromCharCode(unused, ...bytes));
}

export function distributionPoints(urls: string[]): Node {
  // DistributionPoint { distributionPoint [0] { fullName [0] GeneralNames { uniformResourceIdentifier [6] } } }
  return seq(urls.map((url) => seq([implicitConstructed(0, [implicitConstructed(0, [implicitPrimitive(6, ia5(url).value as string)])])])));
}

/** Issue an X.509 v3 certificate. */
export async function issueCertificate(request: CertificateRequest): Promise<IssuedCertificate> {
  const signer = request.issuer?.key ?? request.selfSignKey;
  if (!signer) throw new Error("A certificate needs an issuer or a key to sign itself.");
  if (request.notAfter <= request.notBefore) throw new Error("notAfter must be after notBefore.");
  const publicKey = request.publicKey.type === "private" ? createPublicKey(request.publicKey) : request.publicKey;
  const spki = raw(publicKey.export({ type: "spki", format: "der" }));
  const subject = nameNode(request.subject);
  const issuerParts = request.issuer ? certificateParts(request.issuer.certificate) : null;
  const issuerName = issuerParts ? raw(issuerParts.subject) : subject;
  const ski = keyIdentifier(publicKey);
  const aki = issuerParts ? (issuerParts.subjectKeyId ?? keyIdentifier(new X509Certificate(request.issuer!.certificate).publicKey)) : ski;

  const extensions: Node[] = [];
  if (request.ca) {
    const constraints: Node[] = [bool(true)];
    if (request.ca.pathLength !== undefined) constraints.push(integer(request.ca.pathLength));
    extensions.push(extension(OID.basicConstraints, true, seq(constraints)));
  } else if (request.endEntityBasicConstraints !== false) {
    extensions.push(extension(OID.basicConstraints, false, seq([])));
  }
  extensions.push(extension(OID.keyUsage, true, keyUsageBits(request.keyUsage)));
  if (request.extendedKeyUsage?.length) {
    extensions.push(extension(OID.extKeyUsage, request.extendedKeyUsageCritical === true, seq(request.extendedKeyUsage.map(oid))));
  }
  extensions.push(extension(OID.subjectKeyIdentifier, false, octets(ski)));
  extensions.push(extension(OID.authorityKeyIdentifier, false, seq([implicitPrimitive(0, octets(aki).value as string)])));
  if (request.crlDistributionPoints?.length) {
    extensions.push(extension(OID.cRLDistributionPoints, false, distributionPoints(request.crlDistributionPoints)));
  }

  const algorithmId = signatureAlgorithmId(signer.algorithm);
  const tbs = seq([
    explicit(0, integer(2)), // v3
    integer(request.serial ?? randomSerial()),
    algorithmId,
    issuerName,
    seq([time(request.notBefore), time(request.notAfter)]),
    subject,
    spki,
    explicit(3, seq(extensions)),
  ]);
  const signature = await signer.sign(der(tbs));
  const certificate = der(seq([tbs, signatureAlgorithmId(signer.algorithm), bits(signature)]));
  return { der: certificate, pem: toPem(certificate, "CERTIFICATE"), x509: new X509Certificate(certificate) };
}

// ---------------------------------------------------------------------------------------------------------------
// CRLs
// ---------------------------------------------------------------------------------------------------------------

/** CRLReason (RFC 5280 §5.3.1). "unspecified" is written as no reasonCode at all, as the RFC asks. */
export const CRL_REASONS = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  removeFromCRL: 8,
  privilegeWithdrawn: 9,
  aACompromise: 10,
} as const;
export type CrlReason = keyof typeof CRL_REASONS;

export interface RevokedEntry {
  serial: bigint | Uint8Array;
  date: Date;
  reason?: CrlReason;
}

export interface CrlRequest {
  issuer: Issuer;
  thisUpdate: Date;
  nextUpdate: Date;
  /** The CRL number, increasing with each CRL of this issuer. */
  number: bigint | number;
  revoked: RevokedEntry[];
}

export interface IssuedCrl {
  der: Buffer;
  pem: string;
}

/** Issue a v2 CRL signed by the issuer's key, with authorityKeyIdentifier and cRLNumber. */
export async function issueCrl(request: CrlRequest): Promise<IssuedCrl> {
  const issuer = certificateParts(request.issuer.certificate);
  const aki = issuer.subjectKeyId ?? keyIdentifier(new X509Certificate(request.issuer.certificate).publicKey);
  const algorithmId = signatureAlgorithmId(request.issuer.key.algorithm);
  const entries = request.revoked.map((r) => {
    const fields: Node[] = [integer(r.serial), time(r.date)];
    const reason = CRL_REASONS[r.reason ?? "unspecified"];
    if (reason !== 0) {
      const enumerated = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.ENUMERATED, false, String.fromCharCode(reason));
      fields.push(seq([extension(OID.cRLReason, false, enumerated)]));
    }
    return seq(fields);
  });
  const tbs = seq([
    integer(1), // v2
    algorithmId,
    raw(issuer.subject),
    time(request.thisUpdate),
    time(request.nextUpdate),
    ...(entries.length > 0 ? [seq(entries)] : []),
    explicit(0, seq([
      extension(OID.authorityKeyIdentifier, false, seq([implicitPrimitive(0, octets(aki).value as string)])),
      extension(OID.cRLNumber, false, integer(request.number)),
    ])),
  ]);
  const signature = await request.issuer.key.sign(der(tbs));
  const crl = der(seq([tbs, signatureAlgorithmId(request.issuer.key.algorithm), bits(signature)]));
  return { der: crl, pem: toPem(crl, "X509 CRL") };
}

export function toPem(bytes: Uint8Array, label: string): string {
  const b64 = Buffer.from(bytes).toString("base64").replace(/.{64}/g, "$&\n").replace(/\n$/, "");
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** Every DER block of a PEM text with the given label (certificates of a chain file, in order). */
export function fromPem(text: string, label = "CERTIFICATE"): Buffer[] {
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, "g");
  return [...text.matchAll(re)].map((m) => Buffer.from(m[1]!.replace(/\s+/g, ""), "base64"));
}
