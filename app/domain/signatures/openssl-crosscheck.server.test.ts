import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AT, FIXTURES, documentBytes, fixture, testCrls, testOptions } from "./fixtures/load.server";
import { verifyDetached, verifyPdf } from "./verify.server";

// An independent opinion: `openssl cms -verify` on the same CMS, at the same time, with the same root and CRLs
// (-crl_check_all) and its S/MIME signing purpose (key usage and extended key usage, like ours). Where OpenSSL has a
// verdict it must agree with ours, except for the differences listed below, each on purpose.
const dir = mkdtempSync(join(tmpdir(), "sig-crosscheck-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// openssl cms reads CRLs from the CA file (it has no -CRLfile).
const caFile = join(dir, "ca-and-crls.pem");
writeFileSync(caFile, fixture("pki/root.pem").toString() + testCrls().map((der) => `-----BEGIN X509 CRL-----\n${der.toString("base64").match(/.{1,64}/g)!.join("\n")}\n-----END X509 CRL-----\n`).join(""));
const contentFile = join(dir, "document.txt");
writeFileSync(contentFile, documentBytes());

function opensslAccepts(cms: Buffer, content: string, at: Date): boolean {
  const file = join(dir, "sig.der");
  writeFileSync(file, cms);
  try {
    execFileSync(
      "openssl",
      ["cms", "-verify", "-binary", "-inform", "DER", "-in", file, "-content", content, "-CAfile", caFile, "-crl_check_all", "-attime", String(Math.floor(at.getTime() / 1000)), "-out", "/dev/null"],
      { stdio: "pipe" },
    );
    return true;
  } catch (e) {
    if (process.env.DEBUG_XCHECK) console.warn(String((e as { stderr?: Buffer }).stderr));
    return false;
  }
}

/** Where the two disagree on purpose (or OpenSSL 3.0 has no verdict). */
const DIFFERENT: Record<string, string> = {
  "ed25519.p7s": "OpenSSL 3.0 cannot verify Ed25519 in CMS (eddsa_digest_signverify_init: invalid digest)",
  "brainpool-plain.p7s": "OpenSSL does not know BSI plain r‖s ECDSA",
  "unsorted-signed-sorted.p7s": "OpenSSL hashes the stored order only; DSS and pyHanko also accept the DER-sorted order, as we do",
  "pss-mgf1-sha1.p7s": "node:crypto cannot check a PSS signature whose MGF1 hash differs: we say INDETERMINATE, OpenSSL accepts",
  "rsa-sha1.p7s": "policy: SHA-1 is no longer accepted (Circular 15/2025); OpenSSL accepts it",
  "weak-key.p7s": "policy: RSA below 2048 bits is refused; OpenSSL accepts it",
  "digest-quirk.p7s": "OpenSSL refuses a signature OID in digestAlgorithm; real files carry it (research note §3, step 4), we accept it with a warning",
  "revoked-later-timestamped.p7s":
    "OpenSSL counts a listed certificate as revoked whatever the date; revoked after a trusted time of signing still passes (ETSI EN 319 102-1)",
};

describe("cross-check with openssl cms -verify", () => {
  const files = readdirSync(join(FIXTURES, "cms")).filter((f) => f.endsWith(".p7s"));

  it.each(files)("%s", async (file) => {
    const report = await verifyDetached(fixture(`cms/${file}`), documentBytes(), testOptions());
    const ours = report.verdict === "TOTAL-PASSED";
    // A verified timestamp moves our validation time; OpenSSL ignores timestamps, so ask it at the same time.
    const at = new Date(report.signatures[0]?.validationTime ?? AT);
    const theirs = opensslAccepts(fixture(`cms/${file}`), contentFile, at);
    if (DIFFERENT[file]) {
      expect(ours === theirs, `expected to differ: ${DIFFERENT[file]}`).toBe(false);
      return;
    }
    expect(theirs, `ours: ${report.verdict} ${JSON.stringify(report.signatures[0]?.reasons.map((r) => r.code))}`).toBe(ours);
  });

  // The PDFs' CMS, over their byte ranges (OpenSSL knows nothing of PDF structure: only intact signatures compared).
  it.each(["valid-rsa", "valid-cades-pss", "valid-p256", "valid-noattr", "valid-timestamped", "tampered-byte", "tampered-signature", "expired", "revoked", "untrusted", "two-signatures"])(
    "%s.pdf",
    async (name) => {
      const bytes = fixture(`pdf/${name}.pdf`);
      const report = await verifyPdf(bytes, testOptions());
      const text = bytes.toString("latin1");
      const ranges = [...text.matchAll(/\/ByteRange \[0 (\d+)\s+(\d+)\s+(\d+)\s*\]/g)].map((m) => [0, Number(m[1]), Number(m[2]), Number(m[3])] as const);
      expect(ranges).toHaveLength(report.signatures.length);
      ranges.forEach(([a, b, c, d], i) => {
        const content = join(dir, `ranges-${i}.bin`);
        writeFileSync(content, Buffer.concat([bytes.subarray(a, a + b), bytes.subarray(c, c + d)]));
        const der = Buffer.from(text.slice(a + b + 1, c - 1).replace(/(00)+$/, ""), "hex");
        const s = report.signatures[i]!;
        const intactAndTrusted = s.reasons.every((r) => r.level !== "failed" && r.level !== "indeterminate" && r.code !== "MODIFIED_AFTER_SIGNING");
        expect(opensslAccepts(der, content, new Date(s.validationTime)), `${name} #${i + 1}: ${JSON.stringify(s.reasons.map((r) => r.code))}`).toBe(intactAndTrusted);
      });
    },
  );
});
