import { execFileSync, spawnSync } from "node:child_process";
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { issueCertificate, type IssuedCertificate } from "./issuing.server";
import { OID } from "./oids";
import { nodeSigningKey, type SignatureAlgorithm, type SigningKey } from "./signing-key.server";

// Test helpers of the signing side: a temporary folder, OpenSSL as the independent checker, and a small PKI
// (root → intermediate → leaves) generated once per test file.

export function tempDir(): { dir: string; file: (name: string, content?: string | Uint8Array) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "signing-test-"));
  return {
    dir,
    file: (name, content) => {
      const path = join(dir, name);
      if (content !== undefined) writeFileSync(path, content);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Run openssl; returns its exit status and both outputs (never throws on a refusal). */
export function openssl(args: string[], input?: Uint8Array): { status: number; stdout: string; stderr: string } {
  const r = spawnSync("openssl", args, { input, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status ?? -1, stdout: r.stdout?.toString("utf8") ?? "", stderr: r.stderr?.toString("utf8") ?? "" };
}

export const hasTool = (name: string): boolean => {
  try {
    execFileSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};

export type KeyKind = "rsa" | "p256" | "p384" | "ed25519";

export function generateKey(kind: KeyKind): KeyObject {
  switch (kind) {
    case "rsa":
      return generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    case "p256":
      return generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
    case "p384":
      return generateKeyPairSync("ec", { namedCurve: "P-384" }).privateKey;
    case "ed25519":
      return generateKeyPairSync("ed25519").privateKey;
  }
}

export interface TestIdentity {
  key: KeyObject;
  signingKey: SigningKey;
  certificate: IssuedCertificate;
}

export interface TestPki {
  root: TestIdentity;
  intermediate: TestIdentity;
  /** A document-signing leaf under the intermediate. */
  leaf: (kind: KeyKind, algorithm?: SignatureAlgorithm, name?: string) => Promise<TestIdentity>;
}

const YEAR = 365 * 24 * 3600 * 1000;

export async function testPki(rootKind: KeyKind = "rsa", intermediateKind: KeyKind = "rsa"): Promise<TestPki> {
  const now = Date.now();
  const notBefore = new Date(now - 24 * 3600 * 1000);
  const rootKey = generateKey(rootKind);
  const rootSigning = nodeSigningKey(rootKey);
  const root = await issueCertificate({
    subject: { country: "VN", organization: "Cổng Dịch vụ công (kiểm thử)", commonName: "CA gốc kiểm thử — Hà Giang" },
    publicKey: rootKey,
    selfSignKey: rootSigning,
    notBefore,
    notAfter: new Date(now + 10 * YEAR),
    ca: { pathLength: 1 },
    keyUsage: ["keyCertSign", "cRLSign"],
  });
  const intermediateKey = generateKey(intermediateKind);
  const intermediate = await issueCertificate({
    subject: { country: "VN", organization: "Cổng Dịch vụ công (kiểm thử)", commonName: "CA trung gian kiểm thử" },
    publicKey: intermediateKey,
    issuer: { key: rootSigning, certificate: root.der },
    notBefore,
    notAfter: new Date(now + 5 * YEAR),
    ca: { pathLength: 0 },
    keyUsage: ["keyCertSign", "cRLSign"],
    crlDistributionPoints: ["http://127.0.0.1/crl/root.crl"],
  });
  const intermediateSigning = nodeSigningKey(intermediateKey);
  return {
    root: { key: rootKey, signingKey: rootSigning, certificate: root },
    intermediate: { key: intermediateKey, signingKey: intermediateSigning, certificate: intermediate },
    leaf: async (kind, algorithm, name = "Sở Tư pháp tỉnh Hà Giang") => {
      const key = generateKey(kind);
      const certificate = await issueCertificate({
        subject: { country: "VN", stateOrProvince: "Hà Giang", organization: "Ủy ban nhân dân tỉnh Hà Giang", commonName: name, userId: "MST:0100000000" },
        publicKey: key,
        issuer: { key: intermediateSigning, certificate: intermediate.der },
        notBefore,
        notAfter: new Date(now + 2 * YEAR),
        keyUsage: ["digitalSignature", "nonRepudiation"],
        extendedKeyUsage: [OID.documentSigning, OID.emailProtection],
        crlDistributionPoints: ["http://127.0.0.1/crl/intermediate.crl"],
      });
      return { key, signingKey: nodeSigningKey(key, algorithm), certificate };
    },
  };
}

/** Every signature of a PDF as a verifier sees it: its ByteRange, the signed bytes and the CMS (DER, padding cut). */
export function pdfSignatures(pdf: Buffer): { byteRange: number[]; signed: Buffer; cms: Buffer }[] {
  const text = pdf.toString("latin1");
  return [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)].map((m) => {
    const [a, b, c, d] = m.slice(1, 5).map(Number) as [number, number, number, number];
    const hex = text.slice(b + 1, c - 1);
    const der = Buffer.from(hex, "hex");
    // The DER SEQUENCE's own length says where the CMS ends (the rest is the zero padding).
    const lenByte = der[1]!;
    const total = lenByte < 0x80 ? 2 + lenByte : 2 + (lenByte & 0x7f) + der.subarray(2, 2 + (lenByte & 0x7f)).reduce((acc, x) => acc * 256 + x, 0);
    return { byteRange: [a, b, c, d], signed: Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]), cms: der.subarray(0, total) };
  });
}
