import { join } from "node:path";
import PDFDocument from "pdfkit";
import { afterAll, describe, expect, it } from "vitest";
import { createServerI18n } from "../../platform/i18n.server";
import { createAgencyKeyStore, signingConfig } from "./agency-keys.server";
import { verificationUrl } from "./result-marks.server";
import { generateShortCode } from "./short-code";
import { createResultSigner } from "./sign.server";
import { generateKey, hasTool, openssl, pdfSignatures, tempDir } from "./signing.fixture.server";
import { execFileSync } from "node:child_process";

const tmp = tempDir();
afterAll(() => tmp.cleanup());

async function resultPdf(): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4" });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  doc.text("Giay phep (ket qua giai quyet thu tuc hanh chinh)");
  doc.end();
  return done;
}

describe("signing a result document (the approval flow's call)", () => {
  it("signs with the agency's demo key, draws the code and QR code, and a second agency's signature is appended; OpenSSL verifies both against the demo root", async () => {
    const vi = (await createServerI18n("vi", ["signing"])).getFixedT("vi");
    const en = (await createServerI18n("en", ["signing"])).getFixedT("en");
    const keys = createAgencyKeyStore(signingConfig({ NODE_ENV: "test", DATA_DIR: join(tmp.dir, "data"), SIGNING_RSA_PADDING: "pss" }), { t: vi, province: "Hà Giang", generateKey: () => generateKey("rsa") });
    const signer = createResultSigner({ keys, t: vi, tEn: en, province: "Hà Giang", now: () => new Date("2026-12-01T02:00:00Z") });
    const code = generateShortCode().toLowerCase().replace(/-/g, " ");
    const department = { code: "000.00.02.H22", name: "Sở Nội vụ tỉnh Hà Giang" };
    const first = await signer.sign({ pdf: await resultPdf(), agency: department, marks: { code, url: verificationUrl("https://dichvucong.hagiang.gov.vn", code) } });
    expect(first.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(first.demo).toBe(true);
    expect(first.sha256).toMatch(/^[0-9a-f]{64}$/);
    const text = first.pdf.toString("latin1");
    expect(text).toContain("/M (D:20261201090000+07'00')");
    expect(text).toContain("/SubFilter /ETSI.CAdES.detached");

    const second = await signer.sign({ pdf: first.pdf, agency: { code: "000.00.00.H22", name: "Ủy ban nhân dân tỉnh Hà Giang" } });
    expect(second.code).toBeNull();
    expect(second.pdf.subarray(0, first.pdf.length).equals(first.pdf)).toBe(true);
    const root = tmp.file("demo-root.pem", (await keys.demoRootPem())!);
    const sigs = pdfSignatures(second.pdf);
    expect(sigs).toHaveLength(2);
    sigs.forEach((s, i) => {
      const r = openssl(["cms", "-verify", "-binary", "-inform", "DER", "-in", tmp.file(`r${i}.p7s`, s.cms), "-content", tmp.file(`r${i}.bin`, s.signed), "-CAfile", root, "-purpose", "any", "-out", "/dev/null"]);
      expect(r.status, r.stderr).toBe(0);
    });
    // The demo leaf's EKU (documentSigning + emailProtection) passes OpenSSL's default S/MIME signing purpose too.
    const strict = openssl(["cms", "-verify", "-binary", "-inform", "DER", "-in", tmp.file("strict.p7s", sigs[0]!.cms), "-content", tmp.file("strict.bin", sigs[0]!.signed), "-CAfile", root, "-out", "/dev/null"]);
    expect(strict.status, strict.stderr).toBe(0);
    if (hasTool("pdftotext")) {
      const extracted = execFileSync("pdftotext", [tmp.file("result.pdf", second.pdf), "-"]).toString("utf8");
      expect(extracted).toContain(`Mã tra cứu: ${first.code}`);
    }
    await expect(signer.sign({ pdf: first.pdf, agency: department, marks: { code: "ABCD", url: "https://x.vn/verify?code=ABCD" } })).rejects.toThrow(/not a valid short code/);
  });
});
