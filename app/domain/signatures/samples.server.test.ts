import { describe, expect, it } from "vitest";
import { sample } from "./fixtures/load.server";
import { X509Certificate } from "node:crypto";
import { EMPTY_TRUST_STORE, certificatesFromFile, trustStoreFrom } from "./trust-store.server";
import { verifyPdf } from "./verify.server";

// Six signed files made by other projects (fixtures/samples/PROVENANCE.md): each gets the verdict its provenance
// table states.
const codes = (s: { reasons: { code: string }[] }) => s.reasons.map((r) => r.code);

describe("signed files from other projects", () => {
  it("pyhanko-ski-signer-id.pdf: intact, signer found by subject key identifier, valid with the pyHanko test root (revocation not checked)", async () => {
    const trust = trustStoreFrom(certificatesFromFile(sample("pyhanko-testing-ca-root.pem")));
    const report = await verifyPdf(sample("pyhanko-ski-signer-id.pdf"), { trust, at: new Date("2021-06-01T00:00:00Z"), requireRevocation: false });
    expect(report.verdict).toBe("TOTAL-PASSED");
    const s = report.signatures[0]!;
    expect(s.signer?.commonName).toBe("Alice");
    expect(s.algorithm).toMatchObject({ digest: "SHA-256", signature: "RSA PKCS#1 v1.5 (SHA-256)" });
    expect(s.chain.map((c) => c.subject.replace(/^.*CN=([^,]+).*$/, "$1"))).toEqual(["Alice", "Intermediate CA", "Root CA"]);
    expect(codes(s).every((c) => c === "REVOCATION_NOT_CHECKED")).toBe(true);
    // Without that root it is not trusted; after Alice's certificate expired (2022), it is not valid now either.
    expect((await verifyPdf(sample("pyhanko-ski-signer-id.pdf"), { trust: EMPTY_TRUST_STORE, at: new Date("2021-06-01T00:00:00Z"), requireRevocation: false })).verdict).toBe("INDETERMINATE");
  });

  it("pyhanko-adobe-two-signatures.pdf: two intact signatures with timestamps, the first followed by a revision the second covers; not trusted", async () => {
    const report = await verifyPdf(sample("pyhanko-adobe-two-signatures.pdf"), { trust: EMPTY_TRUST_STORE });
    expect(report.signatures).toHaveLength(2);
    const [first, second] = report.signatures;
    for (const s of [first!, second!]) {
      expect(s.verdict).toBe("INDETERMINATE");
      expect(s.signer?.commonName).toBe("Lord Testerino");
      expect(codes(s)).toContain("CHAIN_NO_TRUSTED_ANCHOR");
      expect(codes(s)).not.toContain("DIGEST_MISMATCH");
      expect(codes(s)).not.toContain("SIGNATURE_INVALID");
      expect(s.timestamp).toBeDefined();
    }
    expect(first!.coverage).toMatchObject({ laterChanges: "signed-later" });
    expect(second!.coverage).toMatchObject({ laterChanges: "none", coversWholeFile: true });
    expect(codes(first!)).not.toContain("MODIFIED_AFTER_SIGNING");
  });

  it("digitorus-hello-hsm-valid.pdf: intact, time-stamped, not trusted without the Adobe root; valid at the timestamp's time with it", async () => {
    const untrusted = await verifyPdf(sample("digitorus-hello-hsm-valid.pdf"), { trust: EMPTY_TRUST_STORE });
    const s = untrusted.signatures[0]!;
    expect(s.verdict).toBe("INDETERMINATE");
    expect(s.algorithm).toMatchObject({ digest: "SHA-256", signature: "RSA PKCS#1 v1.5 (SHA-256)" });
    expect(s.reasons.find((r) => r.code === "CHAIN_NO_TRUSTED_ANCHOR")!.params!.subject).toContain("GlobalSign Primary SHA256 CA for Adobe");
    expect(s.timestamp?.trusted).toBe(false);
    expect(codes(s)).not.toContain("DIGEST_MISMATCH");
    // The Adobe Root CA travels in the timestamp token; as an explicitly configured anchor (never because the file
    // brings it), and judged around 2012, the signature is valid at the timestamp's time with the archived CRLs.
    const tokenRoot = adobeRootFromSample();
    const trust = trustStoreFrom([tokenRoot], { allAnchors: true });
    const then = await verifyPdf(sample("digitorus-hello-hsm-valid.pdf"), { trust, at: new Date("2012-08-25T00:00:00Z") });
    const t = then.signatures[0]!;
    expect(t.verdict, JSON.stringify(t.reasons)).toBe("TOTAL-PASSED");
    expect(t.validationTimeSource).toBe("signature-timestamp");
    expect(t.validationTime.slice(0, 16)).toBe("2012-08-24T10:22");
    expect(t.chain.slice(0, 3).every((c) => c.revocation.status === "good" && c.revocation.source === "crl")).toBe(true);
    // Today the certificates have expired and the TSA is no longer trusted: not confirmed.
    expect((await verifyPdf(sample("digitorus-hello-hsm-valid.pdf"), { trust, at: new Date("2026-01-01T00:00:00Z") })).verdict).toBe("INDETERMINATE");
  });

  it("digitorus-sigmodified-TAMPERED.pdf: the content digest does not match", async () => {
    const report = await verifyPdf(sample("digitorus-sigmodified-TAMPERED.pdf"), { trust: EMPTY_TRUST_STORE });
    expect(report.verdict).toBe("TOTAL-FAILED");
    expect(codes(report.signatures[0]!)).toEqual(["DIGEST_MISMATCH"]);
  });

  it("pyhanko-tail-uncovered-INVALID.pdf: the signature verifies but the tail is covered by none: modified after signing", async () => {
    const report = await verifyPdf(sample("pyhanko-tail-uncovered-INVALID.pdf"), { trust: EMPTY_TRUST_STORE });
    const s = report.signatures[0]!;
    expect(s.verdict).toBe("TOTAL-FAILED");
    expect(codes(s)).toContain("MODIFIED_AFTER_SIGNING");
    expect(codes(s)).not.toContain("DIGEST_MISMATCH");
    expect(codes(s)).not.toContain("SIGNATURE_INVALID");
    expect(s.coverage).toMatchObject({ laterChanges: "unsigned", coversWholeFile: false });
  });

  it("pyhanko-testing-ca-root.pem: a test anchor (C=BE, O=Example Inc, CN=Root CA)", () => {
    const [der] = certificatesFromFile(sample("pyhanko-testing-ca-root.pem"));
    expect(new X509Certificate(der!).subject).toContain("CN=Root CA");
  });
});

/** The "Adobe Root CA" certificate carried inside the sample's timestamp token. */
function adobeRootFromSample(): Buffer {
  const pdf = sample("digitorus-hello-hsm-valid.pdf");
  const m = /\/Contents\s*<([0-9A-Fa-f]+)>/.exec(pdf.toString("latin1"))!;
  const cms = Buffer.from(m[1]!, "hex");
  // Certificates are SEQUENCEs: look for each 30 82 LL LL and keep the one whose subject is Adobe Root CA.
  for (let i = 0; i < cms.length - 4; i++) {
    if (cms[i] !== 0x30 || cms[i + 1] !== 0x82) continue;
    const der = cms.subarray(i, i + 4 + cms.readUInt16BE(i + 2));
    try {
      const c = new X509Certificate(der);
      if (c.subject.includes("CN=Adobe Root CA") && c.issuer.includes("CN=Adobe Root CA")) return Buffer.from(der);
    } catch {
      // not a certificate
    }
  }
  throw new Error("Adobe Root CA not found in the sample");
}
