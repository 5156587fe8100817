// The trust store: anchors (matched by SHA-256 fingerprint) and intermediates offered to path building. The
// default is the Vietnamese roots and intermediates in ./trust (README there); callers pass their own (tests, the
// command's --trust, later the administrators' list).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCertificate, type Certificate } from "./certificate.server";

export interface TrustStore {
  anchors: readonly Certificate[];
  intermediates: readonly Certificate[];
}

export const EMPTY_TRUST_STORE: TrustStore = { anchors: [], intermediates: [] };

const PEM_BLOCK = /-----BEGIN (?:X509 |TRUSTED )?CERTIFICATE-----([A-Za-z0-9+/=\s]+?)-----END (?:X509 |TRUSTED )?CERTIFICATE-----/g;

/** The DER certificates of a PEM text (several blocks allowed); a DER file is returned as is. */
export function certificatesFromFile(bytes: Buffer): Buffer[] {
  const text = bytes.toString("latin1");
  const blocks = [...text.matchAll(PEM_BLOCK)].map((m) => Buffer.from(m[1]!.replace(/\s+/g, ""), "base64"));
  if (blocks.length > 0) return blocks;
  return bytes[0] === 0x30 ? [bytes] : [];
}

/**
 * A store from certificates: self-issued ones become anchors unless `allAnchors` (every given certificate is an
 * anchor: the command's --trust, an administrator's explicit choice); the others are intermediates.
 */
export function trustStoreFrom(ders: readonly Buffer[], options: { allAnchors?: boolean } = {}): TrustStore {
  const anchors: Certificate[] = [];
  const intermediates: Certificate[] = [];
  const seen = new Set<string>();
  for (const der of ders) {
    const cert = parseCertificate(der);
    if (seen.has(cert.fingerprint256)) continue;
    seen.add(cert.fingerprint256);
    (options.allAnchors || cert.selfIssued ? anchors : intermediates).push(cert);
  }
  return { anchors, intermediates };
}

/** Two stores as one (duplicates dropped; a certificate that is an anchor in either stays an anchor). */
export function mergeTrustStores(...stores: TrustStore[]): TrustStore {
  const anchors = new Map<string, Certificate>();
  const intermediates = new Map<string, Certificate>();
  for (const s of stores) for (const c of s.anchors) anchors.set(c.fingerprint256, c);
  for (const s of stores) for (const c of s.intermediates) if (!anchors.has(c.fingerprint256)) intermediates.set(c.fingerprint256, c);
  return { anchors: [...anchors.values()], intermediates: [...intermediates.values()] };
}

/** Every .pem/.crt/.cer file of a directory. */
export function loadTrustStoreFromDir(dir: string): TrustStore {
  const files = readdirSync(dir)
    .filter((f) => /\.(pem|crt|cer|der)$/i.test(f))
    .sort();
  return trustStoreFrom(files.flatMap((f) => certificatesFromFile(readFileSync(join(dir, f)))));
}

/**
 * Where the shipped certificates are: beside this module when it runs from source (tests, tsx), else under the
 * working directory (the server bundle in build/ is started from the project's root).
 */
export function defaultTrustDir(): string {
  const candidates = [fileURLToPath(new URL("./trust", import.meta.url)), join(process.cwd(), "app", "domain", "signatures", "trust")];
  return candidates.find((dir) => existsSync(join(dir, "README.md"))) ?? (candidates.at(-1) as string);
}

let cached: TrustStore | undefined;

/** The shipped Vietnamese anchors and intermediates, read once. */
export function defaultTrustStore(): TrustStore {
  cached ??= loadTrustStoreFromDir(defaultTrustDir());
  return cached;
}
