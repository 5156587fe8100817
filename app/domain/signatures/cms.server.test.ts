import { describe, expect, it } from "vitest";
import { AT, documentBytes, fixture, testOptions, testTrust } from "./fixtures/load.server";
import { verifyDetached } from "./verify.server";
import type { ReasonCode, Verdict } from "./verification";

// Detached CMS signatures (.p7s) over generated/document.txt, made by make-fixtures.ts with OpenSSL 3 (a few built
// or re-signed with node:crypto where OpenSSL cannot: Ed25519, plain r‖s ECDSA, unsorted attributes, RSA-PSS with an
// RSA-PSS key). Judged at the fixture time with the test root as the only anchor and the test CRLs.
const CASES: [file: string, verdict: Verdict, codes: ReasonCode[], algorithm?: RegExp][] = [
  ["rsa", "TOTAL-PASSED", [], /^RSA PKCS#1 v1\.5 \(SHA-256\)$/],
  ["rsa-attached", "TOTAL-PASSED", []],
  ["rsa-noattr", "TOTAL-PASSED", []],
  ["ski", "TOTAL-PASSED", []],
  ["cades-pss", "TOTAL-PASSED", [], /^RSASSA-PSS \(SHA-256\)$/],
  ["pss-rsa-key", "TOTAL-PASSED", [], /^RSASSA-PSS \(SHA-256\)$/],
  ["pss-mgf1-sha1", "INDETERMINATE", ["PSS_MGF1_HASH_DIFFERS"]],
  ["pss-key-rsaencryption-oid", "TOTAL-FAILED", ["ALGORITHM_KEY_MISMATCH"]],
  ["p256", "TOTAL-PASSED", [], /^ECDSA \(SHA-256\) prime256v1$/],
  ["brainpool", "TOTAL-PASSED", [], /^ECDSA \(SHA-256\) brainpoolP256r1$/],
  ["brainpool-plain", "TOTAL-PASSED", [], /^ECDSA plain r‖s \(SHA-256\) brainpoolP256r1$/],
  ["ed25519", "TOTAL-PASSED", [], /^Ed25519$/],
  ["unsorted-signed-sorted", "TOTAL-PASSED", ["SIGNED_ATTRIBUTES_SORTED"]],
  ["unsorted-signed-stored", "TOTAL-PASSED", []],
  ["digest-quirk", "TOTAL-PASSED", ["DIGEST_ALGORITHM_QUIRK"]],
  ["tampered-signature", "TOTAL-FAILED", ["SIGNATURE_INVALID"]],
  ["revoked", "TOTAL-FAILED", ["CERT_REVOKED"]],
  ["revoked-later", "TOTAL-FAILED", ["CERT_REVOKED"]],
  ["revoked-later-timestamped", "TOTAL-PASSED", ["TIMESTAMP_USED", "CERT_REVOKED_AFTER_SIGNING"]],
  ["expired", "INDETERMINATE", ["CERT_EXPIRED"]],
  ["expired-timestamped", "TOTAL-PASSED", ["TIMESTAMP_USED"]],
  ["timestamped", "TOTAL-PASSED", ["TIMESTAMP_USED"]],
  ["timestamp-wrong-imprint", "TOTAL-PASSED", ["TIMESTAMP_INVALID"]],
  ["timestamp-not-tsa", "TOTAL-PASSED", ["TIMESTAMP_UNTRUSTED"]],
  ["wrong-ku", "INDETERMINATE", ["CERT_KEY_USAGE"]],
  ["wrong-eku", "INDETERMINATE", ["CERT_EXTENDED_KEY_USAGE"]],
  ["weak-key", "INDETERMINATE", ["WEAK_KEY"]],
  ["rsa-sha1", "INDETERMINATE", ["WEAK_ALGORITHM"]],
  ["untrusted", "INDETERMINATE", ["CHAIN_NO_TRUSTED_ANCHOR"]],
  ["certification-loop", "INDETERMINATE", ["CHAIN_NO_TRUSTED_ANCHOR"]],
  ["rsa-with-crls", "TOTAL-PASSED", []],
  ["rsa-nocerts", "INDETERMINATE", ["SIGNER_CERTIFICATE_NOT_FOUND"]],
  ["unknown-critical-extension", "INDETERMINATE", ["CERT_UNKNOWN_CRITICAL_EXTENSION"]],
  ["path-length", "INDETERMINATE", ["CERT_PATH_LENGTH"]],
  // The "CA" is a leaf without cRLSign: its list cannot be used either.
  ["issuer-not-ca", "INDETERMINATE", ["CERT_NOT_CA", "CERT_PATH_LENGTH", "REVOCATION_UNKNOWN"]],
];

describe("detached CMS signatures", () => {
  it.each(CASES)("%s.p7s → %s %j", async (file, verdict, codes, algorithm) => {
    const report = await verifyDetached(fixture(`cms/${file}.p7s`), documentBytes(), testOptions());
    expect(report.kind).toBe("cms");
    expect(report.signatures).toHaveLength(1);
    const s = report.signatures[0]!;
    expect(s.verdict, JSON.stringify(s.reasons)).toBe(verdict);
    expect(report.verdict).toBe(verdict);
    expect(report.allPassed).toBe(verdict === "TOTAL-PASSED");
    // The expected codes are there, and nothing else weighs on the verdict.
    const weighing = s.reasons.filter((r) => r.level === "failed" || r.level === "indeterminate").map((r) => r.code);
    for (const code of codes) expect(s.reasons.map((r) => r.code)).toContain(code);
    for (const code of weighing) expect(codes).toContain(code);
    if (algorithm) expect(s.algorithm?.signature).toMatch(algorithm);
  });

  it("names the signer with the Vietnamese identifier of the UID attribute, and shows the chain to the anchor", async () => {
    const report = await verifyDetached(fixture("cms/rsa.p7s"), documentBytes(), testOptions());
    const s = report.signatures[0]!;
    expect(s.signer).toMatchObject({ commonName: "Nguyễn Văn An", identifiers: [{ kind: "CCCD", value: "001099012345" }], key: "RSA 2048" });
    expect(s.chain.map((c) => [c.subject.replace(/^.*CN=/, ""), c.anchor, c.revocation.status])).toEqual([
      ["Nguyễn Văn An, UID=CCCD:001099012345", false, "good"],
      ["Test Intermediate RSA", false, "good"],
      ["Test Root CA", true, "anchor"],
    ]);
    expect(s.chain[2]!.fingerprint256).toBe(testTrust().anchors[0]!.fingerprint256);
    expect(s.validationTime).toBe(AT.toISOString());
    expect(s.validationTimeSource).toBe("caller");
    expect(s.claimedTimeSource).toBe("signing-time-attribute");
    const pss = (await verifyDetached(fixture("cms/cades-pss.p7s"), documentBytes(), testOptions())).signatures[0]!;
    expect(pss.signer?.identifiers).toEqual([{ kind: "MST", value: "0101234567" }]);
    expect(pss.algorithm?.key).toBe("RSA-PSS 2048");
  });

  it("uses a verified timestamp as the validation time, and never the claimed signing time", async () => {
    const s = (await verifyDetached(fixture("cms/expired-timestamped.p7s"), documentBytes(), testOptions())).signatures[0]!;
    expect(s.validationTimeSource).toBe("signature-timestamp");
    expect(s.timestamp).toMatchObject({ trusted: true, authority: expect.stringContaining("Test TSA"), digestAlgorithm: "SHA-256" });
    expect(new Date(s.validationTime).getTime()).toBeLessThan(AT.getTime());
    expect(s.validationTime).toBe(s.timestamp!.time);
    // Without the timestamp the same certificate is expired at the caller's time.
    const plain = (await verifyDetached(fixture("cms/expired.p7s"), documentBytes(), testOptions())).signatures[0]!;
    expect(plain.validationTimeSource).toBe("caller");
    expect(plain.claimedTime).toBeDefined();
  });

  it("fails a changed document, and is indeterminate without it", async () => {
    const changed = Buffer.from(documentBytes());
    changed[0]! ^= 1;
    const failed = await verifyDetached(fixture("cms/rsa.p7s"), changed, testOptions());
    expect(failed.signatures[0]!.reasons.map((r) => r.code)).toEqual(["DIGEST_MISMATCH"]);
    expect(failed.verdict).toBe("TOTAL-FAILED");
    const missing = await verifyDetached(fixture("cms/rsa.p7s"), null, testOptions());
    expect(missing.verdict).toBe("INDETERMINATE");
    expect(missing.signatures[0]!.reasons.map((r) => r.code)).toContain("DETACHED_CONTENT_MISSING");
    // A signature carrying its content needs no file, and refuses a different one.
    expect((await verifyDetached(fixture("cms/rsa-attached.p7s"), null, testOptions())).verdict).toBe("TOTAL-PASSED");
    expect((await verifyDetached(fixture("cms/rsa-attached.p7s"), changed, testOptions())).signatures[0]!.reasons.map((r) => r.code)).toContain("DETACHED_CONTENT_DIFFERS");
  });

  it("reads PEM-armoured signatures", async () => {
    const pem = `-----BEGIN PKCS7-----\n${fixture("cms/rsa.p7s").toString("base64").replace(/.{64}/g, "$&\n")}\n-----END PKCS7-----\n`;
    expect((await verifyDetached(Buffer.from(pem), documentBytes(), testOptions())).verdict).toBe("TOTAL-PASSED");
  });

  it("trusts no root that the file brings, and accepts one given as an anchor", async () => {
    const untrusted = await verifyDetached(fixture("cms/untrusted.p7s"), documentBytes(), testOptions());
    expect(untrusted.signatures[0]!.chain.some((c) => c.anchor)).toBe(false);
    expect(untrusted.signatures[0]!.chain.at(-1)!.subject).toContain("Untrusted Root CA");
    const { trustStoreFrom, certificatesFromFile, mergeTrustStores } = await import("./trust-store.server");
    const trust = mergeTrustStores(testTrust(), trustStoreFrom(certificatesFromFile(fixture("pki/untrusted-root.pem"))));
    expect((await verifyDetached(fixture("cms/untrusted.p7s"), documentBytes(), testOptions({ trust }))).verdict).toBe("TOTAL-PASSED");
  });

  it("needs revocation information for every certificate below the anchor, unless told otherwise", async () => {
    const noCrl = await verifyDetached(fixture("cms/rsa.p7s"), documentBytes(), testOptions({ crls: [] }));
    expect(noCrl.verdict).toBe("INDETERMINATE");
    expect(noCrl.signatures[0]!.reasons.filter((r) => r.code === "REVOCATION_UNKNOWN")).toHaveLength(2);
    const relaxed = await verifyDetached(fixture("cms/rsa.p7s"), documentBytes(), testOptions({ crls: [], requireRevocation: false }));
    expect(relaxed.verdict).toBe("TOTAL-PASSED");
    expect(relaxed.signatures[0]!.reasons.map((r) => r.code)).toEqual(["REVOCATION_NOT_CHECKED", "REVOCATION_NOT_CHECKED"]);
    // A CRL source is asked about each certificate, by issuer name and distribution point.
    const asked: string[] = [];
    const source = (q: { distributionPoints: readonly string[]; serialNumber: string }) => {
      asked.push(q.distributionPoints.join(",") || q.serialNumber);
      return testOptions().crls as Buffer[];
    };
    expect((await verifyDetached(fixture("cms/rsa.p7s"), documentBytes(), testOptions({ crls: source }))).verdict).toBe("TOTAL-PASSED");
    expect(asked).toContain("http://crl.test.invalid/inter.crl");
  });

  it("takes CRLs from the SignedData itself", async () => {
    const report = await verifyDetached(fixture("cms/rsa-with-crls.p7s"), documentBytes(), testOptions({ crls: [] }));
    expect(report.verdict).toBe("TOTAL-PASSED");
    expect(report.signatures[0]!.chain.slice(0, 2).map((c) => c.revocation.source)).toEqual(["crl", "crl"]);
  });

  it("ends path building in a certification loop", async () => {
    const s = (await verifyDetached(fixture("cms/certification-loop.p7s"), documentBytes(), testOptions())).signatures[0]!;
    expect(s.chain.map((c) => c.subject.replace(/^.*CN=/, ""))).toEqual(["Signer under a certification loop", "Loop CA B", "Loop CA A"]);
  });

  it("does not accept a stale CRL as proof that a certificate is not revoked, but a stale one still proves revocation", async () => {
    const late = new Date("2049-06-01T00:00:00Z"); // after the CRLs' nextUpdate, before the certificates expire
    const stale = await verifyDetached(fixture("cms/rsa.p7s"), documentBytes(), testOptions({ at: late }));
    expect(stale.signatures[0]!.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(["CRL_REJECTED", "REVOCATION_UNKNOWN"]));
    const revoked = await verifyDetached(fixture("cms/revoked.p7s"), documentBytes(), testOptions({ at: late }));
    expect(revoked.verdict).toBe("TOTAL-FAILED");
  });

  it("rejects a CRL whose signature does not verify", async () => {
    const crls = testOptions().crls as Buffer[];
    const broken = crls.map((c) => {
      const copy = Buffer.from(c);
      copy[copy.length - 5]! ^= 0xff;
      return copy;
    });
    const report = await verifyDetached(fixture("cms/revoked.p7s"), documentBytes(), testOptions({ crls: broken }));
    const codes = report.signatures[0]!.reasons.map((r) => r.code);
    expect(codes).toContain("CRL_REJECTED");
    expect(codes).not.toContain("CERT_REVOKED");
    expect(report.verdict).toBe("INDETERMINATE");
  });
});
