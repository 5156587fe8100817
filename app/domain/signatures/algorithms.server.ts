// Digest and signature algorithms: from OIDs to node:crypto calls, with the quirks real files have (a signature
// OID in digestAlgorithm, RSASSA-PSS parameters, plain r‖s ECDSA) and the policy's minimums.
import { createHash, createVerify, verify as cryptoVerify, constants, type Hash, type KeyObject } from "node:crypto";
import { Asn1Error, isContext, sequence, smallInteger, children, algorithm as algorithmId, type Node } from "./asn1.server";
import type { Certificate } from "./certificate.server";
import { describeKey } from "./certificate.server";
import { OID } from "./oids";
import { reason, type Reason } from "./verification";

export type HashName = "md5" | "sha1" | "sha224" | "sha256" | "sha384" | "sha512" | "sha3-256" | "sha3-384" | "sha3-512" | "shake256";

const DIGESTS: Record<string, HashName> = {
  [OID.md5]: "md5",
  [OID.sha1]: "sha1",
  [OID.sha224]: "sha224",
  [OID.sha256]: "sha256",
  [OID.sha384]: "sha384",
  [OID.sha512]: "sha512",
  [OID.sha3_256]: "sha3-256",
  [OID.sha3_384]: "sha3-384",
  [OID.sha3_512]: "sha3-512",
  [OID.shake256]: "shake256",
  [OID.shake256Len]: "shake256",
};

type Scheme = "rsa" | "ecdsa" | "ecdsa-plain" | "ed25519" | "ed448" | "pss";

/** Signature OIDs: the scheme and the hash they name (undefined: the digestAlgorithm's). */
const SIGNATURES: Record<string, { scheme: Scheme; hash?: HashName }> = {
  [OID.rsaEncryption]: { scheme: "rsa" },
  [OID.md5WithRSAEncryption]: { scheme: "rsa", hash: "md5" },
  [OID.sha1WithRSAEncryption]: { scheme: "rsa", hash: "sha1" },
  [OID.sha224WithRSAEncryption]: { scheme: "rsa", hash: "sha224" },
  [OID.sha256WithRSAEncryption]: { scheme: "rsa", hash: "sha256" },
  [OID.sha384WithRSAEncryption]: { scheme: "rsa", hash: "sha384" },
  [OID.sha512WithRSAEncryption]: { scheme: "rsa", hash: "sha512" },
  [OID.sha3_256WithRSAEncryption]: { scheme: "rsa", hash: "sha3-256" },
  [OID.sha3_384WithRSAEncryption]: { scheme: "rsa", hash: "sha3-384" },
  [OID.sha3_512WithRSAEncryption]: { scheme: "rsa", hash: "sha3-512" },
  [OID.rsassaPss]: { scheme: "pss" },
  [OID.ecPublicKey]: { scheme: "ecdsa" },
  [OID.ecdsaWithSHA1]: { scheme: "ecdsa", hash: "sha1" },
  [OID.ecdsaWithSHA224]: { scheme: "ecdsa", hash: "sha224" },
  [OID.ecdsaWithSHA256]: { scheme: "ecdsa", hash: "sha256" },
  [OID.ecdsaWithSHA384]: { scheme: "ecdsa", hash: "sha384" },
  [OID.ecdsaWithSHA512]: { scheme: "ecdsa", hash: "sha512" },
  [OID.ecdsaWithSHA3_256]: { scheme: "ecdsa", hash: "sha3-256" },
  [OID.ecdsaWithSHA3_384]: { scheme: "ecdsa", hash: "sha3-384" },
  [OID.ecdsaWithSHA3_512]: { scheme: "ecdsa", hash: "sha3-512" },
  [OID.ecdsaPlainSHA1]: { scheme: "ecdsa-plain", hash: "sha1" },
  [OID.ecdsaPlainSHA224]: { scheme: "ecdsa-plain", hash: "sha224" },
  [OID.ecdsaPlainSHA256]: { scheme: "ecdsa-plain", hash: "sha256" },
  [OID.ecdsaPlainSHA384]: { scheme: "ecdsa-plain", hash: "sha384" },
  [OID.ecdsaPlainSHA512]: { scheme: "ecdsa-plain", hash: "sha512" },
  [OID.ed25519]: { scheme: "ed25519" },
  [OID.ed448]: { scheme: "ed448" },
};

export const HASH_LABELS: Record<HashName, string> = {
  md5: "MD5",
  sha1: "SHA-1",
  sha224: "SHA-224",
  sha256: "SHA-256",
  sha384: "SHA-384",
  sha512: "SHA-512",
  "sha3-256": "SHA3-256",
  "sha3-384": "SHA3-384",
  "sha3-512": "SHA3-512",
  shake256: "SHAKE256",
};

/** Hashes the policy no longer accepts for signatures (Circular 15/2025: SHA-2 or SHA-3 families). */
export const WEAK_HASHES: ReadonlySet<HashName> = new Set(["md5", "sha1"]);

export function newHash(name: HashName): Hash {
  return name === "shake256" ? createHash("shake256", { outputLength: 64 }) : createHash(name);
}

export function hashBytes(name: HashName, parts: readonly Uint8Array[]): Buffer {
  const h = newHash(name);
  for (const p of parts) h.update(p);
  return h.digest();
}

/**
 * The hash a digestAlgorithm names. Some producers put a signature OID there (sha256WithRSAEncryption): its hash
 * is used, with a warning.
 */
export function digestAlgorithm(id: string): { hash: HashName; quirk: boolean } | undefined {
  const direct = DIGESTS[id];
  if (direct) return { hash: direct, quirk: false };
  const viaSignature = SIGNATURES[id]?.hash;
  return viaSignature ? { hash: viaSignature, quirk: true } : undefined;
}

interface PssParams {
  hash: HashName;
  mgfHash: HashName;
  saltLength: number;
}

/** RSASSA-PSS-params (RFC 4055): [0] hash (SHA-1), [1] MGF1 with its hash (SHA-1), [2] salt length (20), [3] trailer (1). */
export function pssParams(params: Node | undefined): PssParams {
  const out: PssParams = { hash: "sha1", mgfHash: "sha1", saltLength: 20 };
  if (!params) return out;
  for (const field of sequence(params, "RSASSA-PSS-params")) {
    const inner = children(field)[0];
    if (isContext(field, 0)) {
      const h = DIGESTS[algorithmId(inner, "hashAlgorithm").oid];
      if (!h) throw new Asn1Error("PSS hash unsupported");
      out.hash = h;
    } else if (isContext(field, 1)) {
      const mgf = algorithmId(inner, "maskGenAlgorithm");
      if (mgf.oid !== OID.mgf1) throw new Asn1Error("PSS mask generation unsupported");
      const h = DIGESTS[algorithmId(mgf.params, "MGF1 hash").oid];
      if (!h) throw new Asn1Error("PSS MGF1 hash unsupported");
      out.mgfHash = h;
    } else if (isContext(field, 2)) {
      out.saltLength = smallInteger(inner, "saltLength");
    } else if (isContext(field, 3)) {
      if (smallInteger(inner, "trailerField") !== 1) throw new Asn1Error("PSS trailer unsupported");
    } else throw new Asn1Error("PSS parameters unexpected");
  }
  return out;
}

export interface SignatureCheck {
  /** true: verified; false: the value does not match; undefined: could not be checked (see reasons). */
  ok: boolean | undefined;
  /** The hash the signature was computed with (over signed attributes or content). */
  hash?: HashName;
  /** "RSASSA-PSS (SHA-256)", "ECDSA", … */
  label: string;
  reasons: Reason[];
}

/** The hash a SignerInfo's signature is computed with: PSS names its own; others use the digestAlgorithm. */
export function signatureHash(sigAlg: { oid: string; params?: Node }, digestHash: HashName): HashName | undefined {
  const spec = SIGNATURES[sigAlg.oid];
  if (!spec) return undefined;
  if (spec.scheme === "pss") {
    try {
      return pssParams(sigAlg.params).hash;
    } catch {
      return undefined;
    }
  }
  if (spec.scheme === "ed25519") return undefined;
  return digestHash;
}

function labelOf(scheme: Scheme, hash: HashName | undefined, key: KeyObject): string {
  const h = hash ? ` (${HASH_LABELS[hash]})` : "";
  const curve = key.asymmetricKeyDetails?.namedCurve;
  switch (scheme) {
    case "rsa":
      return `RSA PKCS#1 v1.5${h}`;
    case "pss":
      return `RSASSA-PSS${h}`;
    case "ecdsa":
      return `ECDSA${h}${curve ? ` ${curve}` : ""}`;
    case "ecdsa-plain":
      return `ECDSA plain r‖s${h}${curve ? ` ${curve}` : ""}`;
    case "ed25519":
      return "Ed25519";
    case "ed448":
      return "Ed448";
  }
}

/**
 * Verifies a signature value over data (one buffer, or the parts of the signed content) with a certificate's key.
 * digestHash is the SignerInfo's digestAlgorithm; signedWithAttributes tells whether data is the DER of the signed
 * attributes (Ed25519 and Ed448 sign the data itself, RFC 8419).
 */
export function verifySignatureValue(
  sigAlg: { oid: string; params?: Node },
  digestHash: HashName,
  cert: Certificate,
  data: readonly Uint8Array[],
  signature: Buffer,
): SignatureCheck {
  const spec = SIGNATURES[sigAlg.oid];
  const key = cert.publicKey;
  if (!spec) return { ok: undefined, label: sigAlg.oid, reasons: [reason("ALGORITHM_UNSUPPORTED", { algorithm: sigAlg.oid })] };
  const reasons: Reason[] = [];
  const keyType = key.asymmetricKeyType;
  const expected: Record<Scheme, string[]> = {
    rsa: ["rsa"],
    pss: ["rsa", "rsa-pss"],
    ecdsa: ["ec"],
    "ecdsa-plain": ["ec"],
    ed25519: ["ed25519"],
    ed448: ["ed448"],
  };
  if (!keyType || !expected[spec.scheme].includes(keyType)) {
    return { ok: false, label: labelOf(spec.scheme, undefined, key), reasons: [reason("ALGORITHM_KEY_MISMATCH", { algorithm: sigAlg.oid, key: describeKey(cert.key) })] };
  }
  let hash: HashName | undefined = digestHash;
  try {
    switch (spec.scheme) {
      case "rsa":
      case "ecdsa":
      case "ecdsa-plain": {
        if (spec.hash && spec.hash !== digestHash) {
          // DSS refuses this; OpenSSL hashes with digestAlgorithm and accepts. We check as OpenSSL does, and say so.
          reasons.push(reason("ALGORITHM_HASH_MISMATCH", { signatureHash: HASH_LABELS[spec.hash], digestHash: HASH_LABELS[digestHash] }));
        }
        if (digestHash === "shake256") return { ok: undefined, label: labelOf(spec.scheme, hash, key), reasons: [reason("ALGORITHM_UNSUPPORTED", { algorithm: "SHAKE256" })] };
        const ok =
          spec.scheme === "rsa"
            ? streamVerify(digestHash, data, { key, padding: constants.RSA_PKCS1_PADDING }, signature)
            : streamVerify(digestHash, data, { key, dsaEncoding: spec.scheme === "ecdsa" ? "der" : "ieee-p1363" }, signature);
        return { ok, hash, label: labelOf(spec.scheme, hash, key), reasons };
      }
      case "pss": {
        let params: PssParams;
        try {
          params = pssParams(sigAlg.params);
        } catch {
          return { ok: false, label: "RSASSA-PSS", reasons: [reason("PSS_PARAMETERS_INVALID")] };
        }
        hash = params.hash;
        if (params.mgfHash !== params.hash) {
          return {
            ok: undefined,
            hash,
            label: labelOf("pss", hash, key),
            reasons: [reason("PSS_MGF1_HASH_DIFFERS", { hash: HASH_LABELS[params.hash], mgfHash: HASH_LABELS[params.mgfHash] })],
          };
        }
        if (hash === "shake256") return { ok: undefined, label: "RSASSA-PSS", reasons: [reason("ALGORITHM_UNSUPPORTED", { algorithm: "RSASSA-PSS SHAKE256" })] };
        const ok = streamVerify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: params.saltLength }, signature);
        return { ok, hash, label: labelOf("pss", hash, key), reasons };
      }
      case "ed25519":
        return { ok: cryptoVerify(null, joined(data), key, signature), hash: digestHash, label: "Ed25519", reasons };
      case "ed448":
        return { ok: cryptoVerify(null, joined(data), key, signature), hash: digestHash, label: "Ed448", reasons };
    }
  } catch {
    // A malformed signature value (bad DER, wrong length) or a key node:crypto refuses: the value does not verify.
    return { ok: false, hash, label: labelOf(spec.scheme, hash, key), reasons };
  }
}

/** Hashes the parts as they are (no copy of a large signed content) while verifying. */
function streamVerify(hash: HashName, parts: readonly Uint8Array[], key: Parameters<ReturnType<typeof createVerify>["verify"]>[0], signature: Buffer): boolean {
  const v = createVerify(hash);
  for (const p of parts) v.update(p);
  return v.verify(key, signature);
}

function joined(parts: readonly Uint8Array[]): Buffer {
  return parts.length === 1 ? Buffer.from(parts[0]!.buffer, parts[0]!.byteOffset, parts[0]!.byteLength) : Buffer.concat(parts);
}

/** The policy's minimum key sizes (Circular 15/2025: RSA ≥ 2048, ECDSA ≥ 256). */
export function keyIsWeak(cert: Certificate): boolean {
  const k = cert.key;
  if (k.type === "rsa" || k.type === "rsa-pss") return (k.bits ?? 0) < 2048;
  if (k.type === "ec") return (k.bits ?? 0) < 256;
  return false;
}

/** Whether a certificate's own signature uses a hash the policy rejects. */
export function certificateSignatureIsWeak(cert: Certificate): boolean {
  const spec = SIGNATURES[cert.signatureAlgorithm];
  return spec?.hash !== undefined && WEAK_HASHES.has(spec.hash);
}

/**
 * Verifies the signature of a certificate, CRL or OCSP response (the OID names the hash, or PSS parameters do) over
 * its to-be-signed bytes as stored.
 */
export function verifySignedStructure(sigAlg: { oid: string; params?: Node }, signer: Certificate, tbs: Buffer, signature: Buffer): SignatureCheck {
  const spec = SIGNATURES[sigAlg.oid];
  if (!spec || (spec.scheme !== "pss" && spec.scheme !== "ed25519" && spec.scheme !== "ed448" && !spec.hash)) {
    return { ok: undefined, label: sigAlg.oid, reasons: [reason("ALGORITHM_UNSUPPORTED", { algorithm: sigAlg.oid })] };
  }
  return verifySignatureValue(sigAlg, spec.hash ?? "sha256", signer, [tbs], signature);
}

/** The hash a signature algorithm OID names, for weak-algorithm checks. */
export function hashOfSignatureAlgorithm(id: string): HashName | undefined {
  return SIGNATURES[id]?.hash;
}
