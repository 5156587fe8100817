import forge from "node-forge";
import { OID } from "./oids";

// Small DER builders over forge.asn1 for the signing side (certificates, CRLs, CMS, timestamp requests). forge works on
// "binary strings" (one char per byte); these helpers take and give Buffers at the edges.

const { asn1 } = forge;
export type Node = forge.asn1.Asn1;
const U = asn1.Class.UNIVERSAL;
const T = asn1.Type;

export const bin = (b: Uint8Array): string => Buffer.from(b).toString("binary");
export const buf = (s: string): Buffer => Buffer.from(s, "binary");

/** The DER bytes of a node. */
export const der = (node: Node): Buffer => buf(asn1.toDer(node).getBytes());

// @types/node-forge knows only the old boolean `strict` argument; forge 1.x takes these options.
const fromDer = asn1.fromDer as unknown as (bytes: string, options: { parseAllBytes: boolean; decodeBitStrings: boolean }) => Node;

/**
 * A node standing for already-encoded DER (a certificate, a SubjectPublicKeyInfo, a Name): parsed without decoding
 * BIT STRINGs, so that toDer gives the same bytes back (checked).
 */
export function raw(bytes: Uint8Array): Node {
  const node = fromDer(bin(bytes), { parseAllBytes: true, decodeBitStrings: false });
  if (!der(node).equals(Buffer.from(bytes))) throw new Error("The ASN.1 value is not in DER form.");
  return node;
}

/** Parse DER (trailing bytes allowed, BIT STRINGs left opaque). */
export const parse = (bytes: Uint8Array): Node => fromDer(bin(bytes), { parseAllBytes: false, decodeBitStrings: false });

export const seq = (items: Node[]): Node => asn1.create(U, T.SEQUENCE, true, items);
/** A SET OF in DER order (its elements sorted by their encodings, X.690 §11.6). */
export const setOf = (items: Node[]): Node => asn1.create(U, T.SET, true, sortDer(items));
export const oid = (value: string): Node => asn1.create(U, T.OID, false, asn1.oidToDer(value).getBytes());
export const nul = (): Node => asn1.create(U, T.NULL, false, "");
export const bool = (value: boolean): Node => asn1.create(U, T.BOOLEAN, false, value ? "\xff" : "\x00");
export const octets = (value: Uint8Array): Node => asn1.create(U, T.OCTETSTRING, false, bin(value));
export const utf8 = (value: string): Node => asn1.create(U, T.UTF8, false, forge.util.encodeUtf8(value));
export const printable = (value: string): Node => asn1.create(U, T.PRINTABLESTRING, false, value);
export const ia5 = (value: string): Node => asn1.create(U, T.IA5STRING, false, value);
/** A BIT STRING holding whole bytes (signatures, public keys). */
export const bits = (value: Uint8Array): Node => asn1.create(U, T.BITSTRING, false, "\x00" + bin(value));
/** [n] EXPLICIT. */
export const explicit = (n: number, inner: Node): Node => asn1.create(asn1.Class.CONTEXT_SPECIFIC, n, true, [inner]);
/** [n] IMPLICIT over a constructed value (its children). */
export const implicitConstructed = (n: number, items: Node[]): Node => asn1.create(asn1.Class.CONTEXT_SPECIFIC, n, true, items);
/** [n] IMPLICIT over a primitive value (its content bytes). */
export const implicitPrimitive = (n: number, content: string): Node => asn1.create(asn1.Class.CONTEXT_SPECIFIC, n, false, content);

/** An INTEGER from a non-negative bigint or from unsigned big-endian bytes, in its minimal DER form (never a needless 00). */
export function integer(value: bigint | number | Uint8Array): Node {
  return asn1.create(U, T.INTEGER, false, bin(minimalUnsigned(value)));
}

/** The minimal two's-complement encoding of a non-negative number. */
export function minimalUnsigned(value: bigint | number | Uint8Array): Buffer {
  let bytes: Buffer;
  if (value instanceof Uint8Array) {
    bytes = Buffer.from(value);
  } else {
    let n = BigInt(value);
    if (n < 0n) throw new Error("Negative integers are not used here.");
    const out: number[] = [];
    do {
      out.unshift(Number(n & 0xffn));
      n >>= 8n;
    } while (n > 0n);
    bytes = Buffer.from(out);
  }
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  bytes = bytes.subarray(start);
  if (bytes.length === 0) bytes = Buffer.from([0]);
  return (bytes[0]! & 0x80) !== 0 ? Buffer.concat([Buffer.from([0]), bytes]) : Buffer.from(bytes);
}

/** UTCTime up to 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5); whole seconds. */
export function time(date: Date): Node {
  const year = date.getUTCFullYear();
  if (year >= 1950 && year < 2050) return asn1.create(U, T.UTCTIME, false, asn1.dateToUtcTime(date));
  return asn1.create(U, T.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(date));
}

export function sortDer(items: Node[]): Node[] {
  return items
    .map((node) => ({ node, bytes: der(node) }))
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes))
    .map((x) => x.node);
}

// ---------------------------------------------------------------------------------------------------------------
// Algorithms
// ---------------------------------------------------------------------------------------------------------------

export type HashName = "sha256" | "sha384" | "sha512";

const HASH_OID: Record<HashName, string> = { sha256: OID.sha256, sha384: OID.sha384, sha512: OID.sha512 };
const HASH_LENGTH: Record<HashName, number> = { sha256: 32, sha384: 48, sha512: 64 };
export const hashLength = (hash: HashName): number => HASH_LENGTH[hash];

/**
 * How a signature is made. RSA-PSS uses MGF1 with the same hash and, unless given, a salt as long as the hash
 * (RFC 4055 §3.1; what Node and OpenSSL verify with when the parameters say so).
 */
export type SignatureAlgorithm =
  | { name: "RSA-PSS"; hash: HashName; saltLength?: number }
  | { name: "RSA-PKCS1"; hash: HashName }
  | { name: "ECDSA"; hash: HashName }
  | { name: "Ed25519" };

/** A digest AlgorithmIdentifier: parameters absent (RFC 5754 §2). */
export const hashAlgorithmId = (hash: HashName): Node => seq([oid(HASH_OID[hash])]);

/** The hash a signature algorithm uses over its input (Ed25519: SHA-512 for the CMS message digest, RFC 8419 §3.1). */
export const hashOf = (alg: SignatureAlgorithm): HashName => (alg.name === "Ed25519" ? "sha512" : alg.hash);

const RSA_PKCS1_OID: Record<HashName, string> = {
  sha256: OID.sha256WithRSAEncryption,
  sha384: OID.sha384WithRSAEncryption,
  sha512: OID.sha512WithRSAEncryption,
};
const ECDSA_OID: Record<HashName, string> = { sha256: OID.ecdsaWithSHA256, sha384: OID.ecdsaWithSHA384, sha512: OID.ecdsaWithSHA512 };

export const pssSaltLength = (alg: { hash: HashName; saltLength?: number }): number => alg.saltLength ?? HASH_LENGTH[alg.hash];

/** The signature AlgorithmIdentifier (certificates, CRLs and SignerInfo.signatureAlgorithm). */
export function signatureAlgorithmId(alg: SignatureAlgorithm): Node {
  switch (alg.name) {
    case "RSA-PKCS1":
      return seq([oid(RSA_PKCS1_OID[alg.hash]), nul()]);
    case "RSA-PSS": {
      // RSASSA-PSS-params (RFC 4055 §3.1): hash and MGF1 hash with NULL parameters, as OpenSSL writes them.
      const hashId = seq([oid(HASH_OID[alg.hash]), nul()]);
      return seq([
        oid(OID.rsassaPss),
        seq([explicit(0, hashId), explicit(1, seq([oid(OID.mgf1), seq([oid(HASH_OID[alg.hash]), nul()])])), explicit(2, integer(pssSaltLength(alg)))]),
      ]);
    }
    case "ECDSA":
      return seq([oid(ECDSA_OID[alg.hash])]);
    case "Ed25519":
      return seq([oid(OID.ed25519)]);
  }
}
