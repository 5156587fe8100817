import { createHash, X509Certificate } from "node:crypto";
import {
  der,
  explicit,
  hashAlgorithmId,
  hashOf,
  implicitConstructed,
  integer,
  octets,
  oid,
  raw,
  seq,
  setOf,
  signatureAlgorithmId,
  sortDer,
  type HashName,
  type Node,
} from "./der-build.server";
import { certificateParts } from "./issuing.server";
import { OID } from "./oids";
import type { SigningKey } from "./signing-key.server";
import type { TimestampAuthority } from "./tsa-client.server";

// A CAdES signature (CMS SignedData, RFC 5652) over detached content, as PAdES baseline B-B wants it inside a PDF
// (ETSI EN 319 142-1 §5.3; shared/domain/signatures.md §6):
// - signed attributes: contentType (id-data), messageDigest and ESS signingCertificateV2; no signingTime (the PDF's /M
//   carries the claimed time), written as a DER SET (sorted);
// - the SignerInfo signature made by a SigningKey — node:crypto, an HSM or a remote signing API (one async call);
// - the signer's certificate and its intermediates embedded;
// - B-T: when a TSA is given, an RFC 3161 token over the signature value as the unsigned signatureTimeStampToken.

export interface CmsSigner {
  key: SigningKey;
  /** The signer's certificate (DER). */
  certificate: Buffer;
  /** The intermediates up to (not necessarily including) the root, DER. */
  chain: Buffer[];
}

export interface CmsBuildOptions {
  /** The detached content's digest, made with `contentDigestAlgorithm(signer.key)`. */
  contentDigest: Buffer;
  /** Add a signature timestamp (PAdES B-T) from this authority. */
  timestamp?: TimestampAuthority;
}

/** The hash of the detached content and of messageDigest: the signature algorithm's own (SHA-512 for Ed25519). */
export const contentDigestAlgorithm = (key: SigningKey): HashName => hashOf(key.algorithm);

const attribute = (type: string, value: Node): Node => seq([oid(type), setOf([value])]);

/** ESS signingCertificateV2 (RFC 5035): the signer certificate's SHA-256 and its issuer and serial. */
export function signingCertificateV2(certificate: Buffer): Node {
  const parts = certificateParts(certificate);
  const hash = createHash("sha256").update(certificate).digest();
  // ESSCertIDv2 { hashAlgorithm DEFAULT sha256 (so absent in DER), certHash, issuerSerial { issuer GeneralNames
  // { directoryName [4] Name }, serialNumber } }
  const issuerSerial = seq([seq([explicit(4, raw(parts.issuer))]), integer(parts.serial)]);
  return seq([seq([seq([octets(hash), issuerSerial])])]);
}

/** The signed attributes, in DER order. */
export function signedAttributes(certificate: Buffer, contentDigest: Buffer): Node[] {
  return sortDer([
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.messageDigest, octets(contentDigest)),
    attribute(OID.signingCertificateV2, signingCertificateV2(certificate)),
  ]);
}

/** Build the DER ContentInfo of a detached CAdES SignedData. */
export async function buildCadesDetached(signer: CmsSigner, options: CmsBuildOptions): Promise<Buffer> {
  const hash = contentDigestAlgorithm(signer.key);
  const expectedLength = createHash(hash).digest().length;
  if (options.contentDigest.length !== expectedLength) {
    throw new Error(`The content digest must be a ${hash} digest (${expectedLength} bytes).`);
  }
  checkKeyMatchesCertificate(signer);
  const parts = certificateParts(signer.certificate);
  const attrs = signedAttributes(signer.certificate, options.contentDigest);
  // What is signed is the attributes' DER as a SET OF (tag 0x31), not the [0] IMPLICIT form stored in SignerInfo.
  const toBeSigned = der(setOf(attrs));
  const signature = Buffer.from(await signer.key.sign(toBeSigned));

  const signerInfoFields: Node[] = [
    integer(1), // version 1: sid is issuerAndSerialNumber
    seq([raw(parts.issuer), integer(parts.serial)]),
    hashAlgorithmId(hash),
    implicitConstructed(0, attrs),
    signatureAlgorithmId(signer.key.algorithm),
    octets(signature),
  ];
  if (options.timestamp) {
    const token = await options.timestamp.stamp(signature);
    signerInfoFields.push(implicitConstructed(1, [attribute(OID.signatureTimeStampToken, raw(token.token))]));
  }

  const certificates = uniqueCertificates([signer.certificate, ...signer.chain]);
  const signedData = seq([
    integer(1), // version 1: no attribute certificates, id-data, issuerAndSerialNumber sids
    setOf([hashAlgorithmId(hash)]),
    seq([oid(OID.data)]), // detached: no eContent
    implicitConstructed(0, sortDer(certificates.map((c) => raw(c)))),
    setOf([seq(signerInfoFields)]),
  ]);
  return der(seq([oid(OID.signedData), explicit(0, signedData)]));
}

function uniqueCertificates(list: Buffer[]): Buffer[] {
  const seen = new Set<string>();
  return list.filter((c) => {
    const key = c.toString("base64");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A signer whose key belongs to another certificate would produce signatures nobody can verify: refuse early. */
function checkKeyMatchesCertificate(signer: CmsSigner): void {
  const cert = new X509Certificate(signer.certificate);
  const type = cert.publicKey.asymmetricKeyType;
  const name = signer.key.algorithm.name;
  const fits = ((name === "RSA-PSS" || name === "RSA-PKCS1") && (type === "rsa" || type === "rsa-pss")) || (name === "ECDSA" && type === "ec") || (name === "Ed25519" && type === "ed25519");
  if (!fits) throw new Error(`The signing certificate holds a ${type ?? "unknown"} key, which cannot sign with ${name}.`);
}
