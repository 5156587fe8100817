import { constants, createPublicKey, sign as cryptoSign, type KeyObject } from "node:crypto";
import { pssSaltLength, type SignatureAlgorithm } from "./der-build.server";

// The one private-key operation of signing, behind an interface: node:crypto here; a PKCS#11 HSM or a remote signing
// service (ký số từ xa) implements the same `sign` and nothing else changes. Used for certificates, CRLs and CMS.

export type { HashName, SignatureAlgorithm } from "./der-build.server";

export interface SigningKey {
  /** The algorithm `sign` applies (it decides the AlgorithmIdentifiers and, for CMS, the digest). */
  readonly algorithm: SignatureAlgorithm;
  /**
   * Sign the data to be signed (the DER of the signed attributes, or of a TBSCertificate): hash it with the
   * algorithm's hash and sign. RSA: the signature block; ECDSA: the DER Ecdsa-Sig-Value (r, s); Ed25519: 64 bytes.
   */
  sign(dataToBeSigned: Uint8Array): Promise<Uint8Array>;
}

export type RsaPadding = "pss" | "pkcs1";

/**
 * The algorithm a key signs with unless told otherwise: RSA → RSASSA-PSS with SHA-256 (Circular 15/2025/TT-BKHCN)
 * or PKCS#1 v1.5 when `rsaPadding` is "pkcs1"; P-256 → ECDSA SHA-256; P-384 → ECDSA SHA-384; P-521 → ECDSA SHA-512;
 * Ed25519 → Ed25519.
 */
export function defaultAlgorithm(key: KeyObject, rsaPadding: RsaPadding = "pss"): SignatureAlgorithm {
  const type = key.asymmetricKeyType;
  if (type === "rsa") return rsaPadding === "pss" ? { name: "RSA-PSS", hash: "sha256" } : { name: "RSA-PKCS1", hash: "sha256" };
  if (type === "ec") {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === "prime256v1") return { name: "ECDSA", hash: "sha256" };
    if (curve === "secp384r1") return { name: "ECDSA", hash: "sha384" };
    if (curve === "secp521r1") return { name: "ECDSA", hash: "sha512" };
    throw new Error(`Unsupported elliptic curve for signing: ${curve ?? "unknown"}.`);
  }
  if (type === "ed25519") return { name: "Ed25519" };
  throw new Error(`Unsupported key type for signing: ${type ?? "unknown"}.`);
}

/** Check that an algorithm fits a key (an RSA key cannot sign ECDSA…) and meets the minimums (RSA ≥ 2048). */
export function checkAlgorithmFits(key: KeyObject, alg: SignatureAlgorithm): void {
  const type = key.asymmetricKeyType;
  const ok =
    ((alg.name === "RSA-PSS" || alg.name === "RSA-PKCS1") && type === "rsa") ||
    (alg.name === "ECDSA" && type === "ec") ||
    (alg.name === "Ed25519" && type === "ed25519");
  if (!ok) throw new Error(`A ${type ?? "unknown"} key cannot sign with ${alg.name}.`);
  if (type === "rsa" && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    throw new Error("RSA keys shorter than 2048 bits are not allowed (Circular 15/2025/TT-BKHCN).");
  }
}

/** A SigningKey over a node:crypto private key. */
export function nodeSigningKey(privateKey: KeyObject, algorithm: SignatureAlgorithm = defaultAlgorithm(privateKey)): SigningKey {
  if (privateKey.type !== "private") throw new Error("A private key is needed to sign.");
  checkAlgorithmFits(privateKey, algorithm);
  return {
    algorithm,
    sign: async (data) => signSync(privateKey, algorithm, data),
  };
}

function signSync(key: KeyObject, alg: SignatureAlgorithm, data: Uint8Array): Buffer {
  switch (alg.name) {
    case "RSA-PSS":
      return cryptoSign(alg.hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: pssSaltLength(alg) });
    case "RSA-PKCS1":
      return cryptoSign(alg.hash, data, { key, padding: constants.RSA_PKCS1_PADDING });
    case "ECDSA":
      return cryptoSign(alg.hash, data, { key, dsaEncoding: "der" });
    case "Ed25519":
      return cryptoSign(null, data, key);
  }
}

/** The public key of a private key (to match a key with its certificate). */
export const publicKeyOf = (privateKey: KeyObject): KeyObject => createPublicKey(privateKey);
