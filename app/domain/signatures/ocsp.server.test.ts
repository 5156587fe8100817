import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, documentBytes, fixture, testTrust } from "./fixtures/load.server";
import { buildOcspRequest, checkOcspResponse, queryOcsp } from "./ocsp.server";
import { parseCertificate } from "./certificate.server";
import { certificatesFromFile } from "./trust-store.server";
import { verifyDetached } from "./verify.server";

// A real OCSP responder: `openssl ocsp -index` over the test intermediate CA's database (fixtures/generated/pki/ca),
// started here on a free port and stopped at the end. A second one signs with a certificate that lacks the
// OCSPSigning purpose, which the client must refuse.
const pki = (f: string) => join(FIXTURES, "pki", f);
const cert = (name: string) => parseCertificate(certificatesFromFile(fixture(`pki/${name}.pem`))[0]!);
const responders: ChildProcess[] = [];

/** Starts `openssl ocsp` on a free port; resolves once it says it is waiting for clients. */
async function startResponder(signer: string, key: string): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = 40_000 + Math.floor(Math.random() * 20_000);
    const child = spawn("openssl", ["ocsp", "-index", pki("ca/inter-rsa/index.txt"), "-port", String(port), "-rsigner", pki(signer), "-rkey", pki(key), "-CA", pki("inter-rsa.pem"), "-ndays", "1"], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    responders.push(child);
    const ready = await new Promise<boolean>((resolve) => {
      let text = "";
      const timer = setTimeout(() => resolve(false), 5000);
      child.stderr!.on("data", (d: Buffer) => {
        text += d.toString();
        if (text.includes("waiting for OCSP client connections")) {
          clearTimeout(timer);
          resolve(true);
        }
      });
      child.on("exit", () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    if (ready) return `http://127.0.0.1:${port}/`;
    child.kill();
  }
  throw new Error("the OCSP responder did not start");
}

let url = "";
let wrongUrl = "";
beforeAll(async () => {
  url = await startResponder("ocsp.pem", "ocsp.key");
  wrongUrl = await startResponder("leaf-rsa.pem", "leaf-rsa.key");
}, 30_000);
afterAll(() => {
  for (const child of responders) child.kill();
});

// The responder answers with today's times, so these checks run at the real current time. The intermediate's own
// status comes from the root's CRL (the responder speaks for the intermediate's certificates only).
const options = (extra: object = {}) => ({ trust: testTrust(), crls: [fixture("pki/root.crl")], ocsp: { responderUrl: url }, ...extra });

describe("OCSP against a local openssl responder", () => {
  it("asks with a nonce and accepts a good answer signed by the delegated responder", async () => {
    const result = await queryOcsp(url, cert("leaf-rsa"), cert("inter-rsa"));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.answer.status).toBe("good");
    const report = await verifyDetached(fixture("cms/rsa.p7s"), documentBytes(), options());
    expect(report.verdict, JSON.stringify(report.signatures[0]!.reasons)).toBe("TOTAL-PASSED");
    expect(report.signatures[0]!.chain[0]!.revocation).toEqual({ status: "good", source: "ocsp" });
  });

  it("learns a revocation from the responder", async () => {
    const report = await verifyDetached(fixture("cms/revoked.p7s"), documentBytes(), options());
    expect(report.verdict).toBe("TOTAL-FAILED");
    const revoked = report.signatures[0]!.reasons.find((r) => r.code === "CERT_REVOKED")!;
    expect(revoked.params).toMatchObject({ date: "2025-01-01T00:00:00.000Z", reason: "keyCompromise" });
    expect(report.signatures[0]!.chain[0]!.revocation).toMatchObject({ status: "revoked", source: "ocsp" });
  });

  it("refuses an answer signed by a certificate without the OCSPSigning purpose", async () => {
    const result = await queryOcsp(wrongUrl, cert("leaf-rsa"), cert("inter-rsa"));
    expect(result).toMatchObject({ ok: false, detail: "responder lacks the OCSPSigning purpose" });
    const report = await verifyDetached(fixture("cms/rsa.p7s"), documentBytes(), options({ ocsp: { responderUrl: wrongUrl } }));
    expect(report.verdict).toBe("INDETERMINATE");
    expect(report.signatures[0]!.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(["OCSP_FAILED", "REVOCATION_UNKNOWN"]));
  });

  it("refuses an answer about another certificate, or with another nonce", async () => {
    const result = await queryOcsp(url, cert("leaf-rsa"), cert("inter-rsa"));
    if (!result.ok || !result.der) throw new Error("no answer");
    expect(checkOcspResponse(result.der, cert("leaf-p256"), cert("inter-rsa")).ok).toBe(false);
    expect(checkOcspResponse(result.der, cert("leaf-rsa"), cert("inter-rsa"), Buffer.alloc(16, 7))).toMatchObject({ ok: false, detail: "nonce mismatch" });
    expect(buildOcspRequest(cert("leaf-rsa"), cert("inter-rsa"))[0]).toBe(0x30);
  });

  it("reports an unreachable responder without hanging", async () => {
    const started = Date.now();
    const report = await verifyDetached(fixture("cms/rsa.p7s"), documentBytes(), options({ ocsp: { responderUrl: "http://127.0.0.1:9/", timeoutMs: 2000 } }));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(report.signatures[0]!.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(["OCSP_FAILED", "REVOCATION_UNKNOWN"]));
  });
});
