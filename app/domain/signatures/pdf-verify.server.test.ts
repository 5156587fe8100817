import { describe, expect, it } from "vitest";
import { fixture, testOptions } from "./fixtures/load.server";
import { verifyFile, verifyPdf } from "./verify.server";
import type { ReasonCode, SignatureReport, Verdict } from "./verification";

// Signed PDFs made by make-fixtures.ts: the placeholder and byte range written by the script, the ranges signed by
// `openssl cms -sign -binary`, incremental updates and attack shapes written or edited byte by byte.
const pdf = (name: string) => fixture(`pdf/${name}.pdf`);
const codes = (s: SignatureReport) => s.reasons.map((r) => r.code);

const ONE_SIGNATURE: [file: string, verdict: Verdict, expected: ReasonCode[]][] = [
  ["valid-rsa", "TOTAL-PASSED", []],
  ["valid-cades-pss", "TOTAL-PASSED", []],
  ["valid-p256", "TOTAL-PASSED", []],
  ["valid-noattr", "TOTAL-PASSED", []],
  ["valid-timestamped", "TOTAL-PASSED", ["TIMESTAMP_USED"]],
  ["expired-timestamped", "TOTAL-PASSED", ["TIMESTAMP_USED"]],
  ["expired", "INDETERMINATE", ["CERT_EXPIRED"]],
  ["revoked", "TOTAL-FAILED", ["CERT_REVOKED"]],
  ["untrusted", "INDETERMINATE", ["CHAIN_NO_TRUSTED_ANCHOR"]],
  ["sha1-subfilter", "INDETERMINATE", ["WEAK_ALGORITHM"]],
  ["unsupported-subfilter", "INDETERMINATE", ["SUBFILTER_UNSUPPORTED"]],
  ["tampered-byte", "TOTAL-FAILED", ["DIGEST_MISMATCH"]],
  ["tampered-signature", "TOTAL-FAILED", ["SIGNATURE_INVALID"]],
  // Incremental updates after the signature: content, or even an unreferenced object, is a modification;
  // validation data alone is not.
  ["appended-update", "TOTAL-FAILED", ["MODIFIED_AFTER_SIGNING"]],
  ["appended-unreferenced-object", "TOTAL-FAILED", ["MODIFIED_AFTER_SIGNING"]],
  ["dss-tail", "TOTAL-PASSED", ["LTV_DATA_ADDED"]],
  ["dss-tail-with-change", "TOTAL-FAILED", ["MODIFIED_AFTER_SIGNING"]],
  // Attack shapes (Mladenov et al. 2019: universal signature forgery, incremental saving, signature wrapping).
  ["attack-byterange-not-from-start", "TOTAL-FAILED", ["BYTERANGE_NOT_FROM_START"]],
  ["attack-byterange-beyond-eof", "TOTAL-FAILED", ["BYTERANGE_OUT_OF_FILE"]],
  ["attack-byterange-malformed", "TOTAL-FAILED", ["BYTERANGE_MALFORMED"]],
  ["attack-gap-not-contents", "TOTAL-FAILED", ["BYTERANGE_GAP_NOT_CONTENTS"]],
  ["attack-byterange-in-gap", "TOTAL-FAILED", ["BYTERANGE_INSIDE_GAP", "BYTERANGE_GAP_NOT_CONTENTS"]],
  ["attack-econtent-in-detached", "TOTAL-FAILED", ["CMS_ECONTENT_NOT_ALLOWED"]],
  ["attack-empty-contents", "TOTAL-FAILED", ["CONTENTS_EMPTY"]],
  ["attack-no-byterange", "TOTAL-FAILED", ["SIGNATURE_DICTIONARY_INVALID"]],
];

describe("PDF signatures", () => {
  it.each(ONE_SIGNATURE)("%s.pdf → %s %j", async (file, verdict, expected) => {
    const report = await verifyPdf(pdf(file), testOptions());
    expect(report.kind).toBe("pdf");
    expect(report.signatures).toHaveLength(1);
    const s = report.signatures[0]!;
    expect(s.verdict, JSON.stringify(s.reasons)).toBe(verdict);
    for (const code of expected) expect(codes(s)).toContain(code);
    expect(report.verdict).toBe(verdict);
    expect(report.allPassed).toBe(verdict === "TOTAL-PASSED");
  });

  it("reports the signed revision, the field, the claimed time with its offset, and what the signer wrote", async () => {
    const s = (await verifyPdf(pdf("valid-rsa"), testOptions())).signatures[0]!;
    const length = pdf("valid-rsa").length;
    expect(s.coverage).toMatchObject({ signedLength: length, fileLength: length, revision: 1, revisions: 1, coversWholeFile: true, laterChanges: "none" });
    expect(s.coverage!.byteRange[0]).toBe(0);
    expect(s.fieldName).toBe("Chu ky 1");
    expect(s.subFilter).toBe("adbe.pkcs7.detached");
    expect(s.claimedTime).toBe("2026-01-01T05:00:00.000Z"); // D:20260101120000+07'00'
    expect(s.claimedTimeSource).toBe("pdf-m");
    expect(s.details).toEqual({ reason: "Xac nhan" });

    const appended = (await verifyPdf(pdf("appended-update"), testOptions())).signatures[0]!;
    expect(appended.coverage).toMatchObject({ revision: 1, revisions: 2, coversWholeFile: false, laterChanges: "unsigned" });
    expect(appended.coverage!.signedLength).toBeLessThan(appended.coverage!.fileLength);
    expect(appended.reasons.find((r) => r.code === "MODIFIED_AFTER_SIGNING")!.params).toEqual({ signedLength: appended.coverage!.signedLength, fileLength: appended.coverage!.fileLength });
  });

  it("verifies two signatures: the first signs revision 1, the second covers the update that added it", async () => {
    const report = await verifyPdf(pdf("two-signatures"), testOptions());
    expect(report.verdict).toBe("TOTAL-PASSED");
    const [first, second] = report.signatures;
    expect(first!.fieldName).toBe("Chu ky 1");
    expect(first!.coverage).toMatchObject({ revision: 1, revisions: 2, laterChanges: "signed-later" });
    expect(first!.reasons.find((r) => r.code === "LATER_CHANGES_SIGNED")!.params).toEqual({ signature: 2 });
    expect(second!.fieldName).toBe("Chu ky 2");
    expect(second!.subFilter).toBe("ETSI.CAdES.detached");
    expect(second!.algorithm?.signature).toMatch(/^ECDSA/);
    expect(second!.coverage).toMatchObject({ revision: 2, revisions: 2, coversWholeFile: true, laterChanges: "none" });
  });

  it("takes revocation data from the document's /DSS", async () => {
    const report = await verifyPdf(pdf("dss-tail"), testOptions({ crls: [] }));
    expect(report.verdict).toBe("TOTAL-PASSED");
    expect(report.signatures[0]!.chain.slice(0, 2).map((c) => c.revocation)).toEqual([
      { status: "good", source: "crl" },
      { status: "good", source: "crl" },
    ]);
    expect((await verifyPdf(pdf("valid-rsa"), testOptions({ crls: [] }))).verdict).toBe("INDETERMINATE");
  });

  it("uses a trusted document timestamp as proof of existence for the signature it covers", async () => {
    const report = await verifyPdf(pdf("doc-timestamp"), testOptions());
    expect(report.verdict).toBe("TOTAL-PASSED");
    const [signature, timestamp] = report.signatures;
    expect(timestamp!.kind).toBe("document-timestamp");
    expect(timestamp!.subFilter).toBe("ETSI.RFC3161");
    expect(timestamp!.signer?.commonName).toBe("Test TSA");
    expect(signature!.coverage!.laterChanges).toBe("ltv-only");
    expect(signature!.validationTimeSource).toBe("document-timestamp");
    expect(signature!.validationTime).toBe(timestamp!.timestamp!.time);
    expect(codes(signature!)).toEqual(expect.arrayContaining(["DOCUMENT_TIMESTAMP_USED", "LTV_DATA_ADDED"]));
    const later = await verifyPdf(pdf("doc-timestamp-then-dss"), testOptions());
    expect(later.signatures.map((s) => [s.verdict, s.coverage!.laterChanges])).toEqual([
      ["TOTAL-PASSED", "ltv-only"],
      ["TOTAL-PASSED", "ltv-only"],
    ]);
  });

  it("does not let a document timestamp cover a content change made before it", async () => {
    const report = await verifyPdf(pdf("change-then-doc-timestamp"), testOptions());
    const [signature, timestamp] = report.signatures;
    expect(signature!.verdict).toBe("TOTAL-FAILED");
    expect(codes(signature!)).toContain("MODIFIED_AFTER_SIGNING");
    expect(timestamp!.verdict).toBe("TOTAL-PASSED");
    expect(report.verdict).toBe("TOTAL-FAILED");
  });

  it("flags a copied signature dictionary sharing the byte range, on both signatures", async () => {
    const report = await verifyPdf(pdf("attack-shared-byterange"), testOptions());
    expect(report.signatures).toHaveLength(2);
    for (const s of report.signatures) {
      expect(codes(s)).toContain("BYTERANGE_SHARED");
      expect(s.verdict).toBe("TOTAL-FAILED");
    }
  });

  it("flags a hidden signature dictionary (no field refers to it) whose range overlaps the first revision", async () => {
    const report = await verifyPdf(pdf("attack-overlap-unreferenced"), testOptions());
    const hidden = report.signatures.find((s) => codes(s).includes("SIGNATURE_NOT_REFERENCED"));
    expect(hidden).toBeDefined();
    expect(codes(hidden!)).toContain("BYTERANGE_OVERLAP");
    expect(report.verdict).toBe("TOTAL-FAILED");
  });

  it("says when a PDF has no signature, or is not a PDF", async () => {
    const plain = Buffer.from("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\nxref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \ntrailer << /Size 3 /Root 1 0 R >>\nstartxref\n109\n%%EOF\n");
    const none = await verifyPdf(plain, testOptions());
    expect(none).toMatchObject({ verdict: "INDETERMINATE", allPassed: false, signatures: [] });
    expect(none.reasons.map((r) => r.code)).toEqual(["NO_SIGNATURE_FOUND"]);
    const notPdf = await verifyPdf(Buffer.from("hello"), testOptions());
    expect(notPdf.reasons.map((r) => r.code)).toEqual(["UNRECOGNISED_FORMAT"]);
    expect((await verifyFile(pdf("valid-rsa"), testOptions())).kind).toBe("pdf");
  });

  it("stops at the size and time limits with a reason, never an exception", async () => {
    const big = await verifyPdf(pdf("valid-rsa"), testOptions({ maxBytes: 1000 }));
    expect(big.reasons.map((r) => r.code)).toEqual(["INPUT_TOO_LARGE"]);
    const slow = await verifyPdf(pdf("valid-rsa"), testOptions({ timeLimitMs: 0 }));
    expect(slow.verdict).toBe("INDETERMINATE");
    expect(slow.reasons.map((r) => r.code)).toEqual(["TIME_LIMIT_EXCEEDED"]);
  });
});
