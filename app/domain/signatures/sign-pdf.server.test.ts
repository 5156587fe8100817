import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServerI18n } from "../../platform/i18n.server";
import { confirmationPdf } from "../dossiers/confirmation.server";
import type { DossierView } from "../dossiers/dossiers";
import type { CmsSigner } from "./cms-build.server";
import { PdfError, PdfFile, type PdfStream } from "./pdf-incremental.server";
import { MARK_HEIGHT, resultMarks, verificationUrl } from "./result-marks.server";
import { tinyPdf } from "../files/fixtures";
import { generateShortCode } from "./short-code";
import { pdfDate, signPdf } from "./sign-pdf.server";
import type { SignatureAlgorithm } from "./signing-key.server";
import { hasTool, openssl, pdfSignatures, tempDir, testPki, type KeyKind, type TestPki } from "./signing.fixture.server";

const tmp = tempDir();
let pki: TestPki;
let rootFile: string;
const signers = new Map<string, CmsSigner>();
beforeAll(async () => {
  pki = await testPki("rsa", "rsa");
  rootFile = tmp.file("root.pem", pki.root.certificate.pem);
});
afterAll(() => tmp.cleanup());

const QPDF = hasTool("qpdf");
const PDFTOTEXT = hasTool("pdftotext");

async function signer(kind: KeyKind, algorithm?: SignatureAlgorithm): Promise<CmsSigner> {
  const id = `${kind}:${JSON.stringify(algorithm ?? null)}`;
  let s = signers.get(id);
  if (!s) {
    const leaf = await pki.leaf(kind, algorithm, "Sở Tư pháp tỉnh Hà Giang");
    s = { key: leaf.signingKey, certificate: leaf.certificate.der, chain: [pki.intermediate.certificate.der] };
    signers.set(id, s);
  }
  return s;
}

let fileCount = 0;
/** OpenSSL's verdict on every signature of the file, each over its own byte ranges. */
function opensslVerdicts(pdf: Buffer): { status: number; stderr: string; byteRange: number[] }[] {
  return pdfSignatures(pdf).map((s) => {
    const n = fileCount++;
    const r = openssl(["cms", "-verify", "-binary", "-inform", "DER", "-in", tmp.file(`s${n}.p7s`, s.cms), "-content", tmp.file(`s${n}.bin`, s.signed), "-CAfile", rootFile, "-purpose", "any", "-out", "/dev/null"]);
    return { status: r.status, stderr: r.stderr, byteRange: s.byteRange };
  });
}

function qpdfCheck(pdf: Buffer): void {
  if (!QPDF) return;
  const r = execFileSyncSafe("qpdf", ["--check", tmp.file(`q${fileCount++}.pdf`, pdf)]);
  expect(r.status, r.output).toBe(0);
  expect(r.output).toContain("No syntax or stream encoding errors found");
  expect(r.output).not.toMatch(/WARNING/i);
}

function pdftotext(pdf: Buffer): string {
  return execFileSync("pdftotext", ["-layout", tmp.file(`t${fileCount++}.pdf`, pdf), "-"]).toString("utf8");
}

function execFileSyncSafe(cmd: string, args: string[]): { status: number; output: string } {
  try {
    return { status: 0, output: execFileSync(cmd, args, { stdio: ["ignore", "pipe", "pipe"] }).toString("utf8") };
  } catch (error) {
    const e = error as { status: number; stdout?: Buffer; stderr?: Buffer };
    return { status: e.status, output: `${e.stdout?.toString() ?? ""}${e.stderr?.toString() ?? ""}` };
  }
}

async function simplePdf(text = "Quyet dinh ve viec cap giay phep"): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4" });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  doc.fontSize(14).text(text);
  doc.addPage().text("Trang 2");
  doc.end();
  return done;
}

const agency = { name: "Sở Tư pháp tỉnh Hà Giang", reason: "Phê duyệt kết quả giải quyết thủ tục hành chính", location: "Hà Giang, Việt Nam" };

describe("signing a PDF as PAdES by an incremental update", () => {
  it("appends one update to pdfkit's output and OpenSSL verifies the RSA-PSS CMS over the exact ByteRange", async () => {
    const original = await simplePdf();
    const signed = await signPdf(original, { signer: await signer("rsa"), ...agency, signingTime: new Date("2026-12-01T02:05:09Z") });
    const pdf = signed.pdf;
    // The original bytes are untouched: the update only appends.
    expect(pdf.subarray(0, original.length).equals(original)).toBe(true);
    // The ByteRange covers the whole file except the /Contents hex string, delimiters included in the gap.
    const [a, b, c, d] = signed.byteRange;
    expect(a).toBe(0);
    expect(c + d).toBe(pdf.length);
    expect(pdf[b]).toBe(0x3c); // "<"
    expect(pdf[c - 1]).toBe(0x3e); // ">"
    expect(c - b - 2).toBe(32768);
    expect(pdf.toString("latin1", b - 10, b)).toBe("/Contents ");
    expect(/^[0-9a-f]+$/.test(pdf.toString("latin1", b + 1, c - 1))).toBe(true);

    const text = pdf.toString("latin1", original.length);
    expect(text).toMatch(new RegExp(`/ByteRange \\[0 ${b} ${c} ${d}\\] *\\n`));
    expect(text).toContain("/Type /Sig");
    expect(text).toContain("/Filter /Adobe.PPKLite");
    expect(text).toContain("/SubFilter /ETSI.CAdES.detached");
    expect(text).toContain("/M (D:20261201090509+07'00')");
    expect(text).toContain("/FT /Sig");
    expect(text).toContain("/SigFlags 3");
    expect(text).toMatch(/\/T \(Signature1\)/);
    expect(text).toMatch(/\/Name <feff/); // UTF-16BE text string for Vietnamese
    // One revision added: one more startxref, and its /Prev is the original's cross-reference.
    expect(pdf.toString("latin1").match(/startxref/g)).toHaveLength(2);
    const originalXref = /startxref\s+(\d+)/.exec(original.toString("latin1").slice(original.toString("latin1").lastIndexOf("startxref")))![1];
    expect(text).toContain(`/Prev ${originalXref}`);

    const [verdict] = opensslVerdicts(pdf);
    expect(verdict!.status, verdict!.stderr).toBe(0);
    expect(verdict!.stderr).toContain("Verification successful");
    const printed = openssl(["cms", "-cmsout", "-print", "-inform", "DER", "-in", tmp.file("pss.p7s", signed.cms)]).stdout;
    expect(printed).toContain("algorithm: rsassaPss");

    // Our own reader sees the signature field on page 1 through the new revision.
    const reread = new PdfFile(pdf);
    const acro = reread.resolveDict(reread.catalog().get("AcroForm"))!;
    expect(acro.get("SigFlags")).toBe(3);
    const page = reread.pages()[0]!.dict;
    expect((reread.resolve(page.get("Annots")) as unknown[]).length).toBe(1);
    expect(reread.pages()).toHaveLength(2);
    qpdfCheck(pdf);
    if (PDFTOTEXT) expect(pdftotext(pdf)).toContain("Quyet dinh ve viec cap giay phep");
  });

  for (const [label, kind, algorithm, printed] of [
    ["RSA PKCS#1 v1.5", "rsa", { name: "RSA-PKCS1", hash: "sha256" }, "sha256WithRSAEncryption"],
    ["ECDSA P-256", "p256", undefined, "ecdsa-with-SHA256"],
    ["ECDSA P-384", "p384", undefined, "ecdsa-with-SHA384"],
  ] as const) {
    it(`signs with ${label} and OpenSSL verifies`, async () => {
      const signed = await signPdf(await simplePdf(), { signer: await signer(kind, algorithm as SignatureAlgorithm | undefined), ...agency });
      const [verdict] = opensslVerdicts(signed.pdf);
      expect(verdict!.status, verdict!.stderr).toBe(0);
      expect(openssl(["cms", "-cmsout", "-print", "-inform", "DER", "-in", tmp.file(`${kind}-alg.p7s`, signed.cms)]).stdout).toContain(`algorithm: ${printed}`);
      qpdfCheck(signed.pdf);
    });
  }

  it("signs twice: the second signature is another update and BOTH verify with OpenSSL over their own ranges", async () => {
    const original = await simplePdf();
    const first = await signPdf(original, { signer: await signer("rsa"), ...agency });
    const second = await signPdf(first.pdf, { signer: await signer("p256"), name: "Trung tâm Phục vụ hành chính công tỉnh Hà Giang" });
    expect(second.pdf.subarray(0, first.pdf.length).equals(first.pdf)).toBe(true);
    expect(second.fieldName).toBe("Signature2");
    const verdicts = opensslVerdicts(second.pdf);
    expect(verdicts).toHaveLength(2);
    for (const v of verdicts) expect(v.status, v.stderr).toBe(0);
    // The first signature covers exactly the first revision; the second the whole file.
    expect(verdicts[0]!.byteRange[2]! + verdicts[0]!.byteRange[3]!).toBe(first.pdf.length);
    expect(verdicts[1]!.byteRange[2]! + verdicts[1]!.byteRange[3]!).toBe(second.pdf.length);
    // Both fields are in the AcroForm and both widgets on page 1.
    const reread = new PdfFile(second.pdf);
    const fields = reread.resolve(reread.resolveDict(reread.catalog().get("AcroForm"))!.get("Fields")) as unknown[];
    expect(fields).toHaveLength(2);
    expect(reread.resolve(reread.pages()[0]!.dict.get("Annots")) as unknown[]).toHaveLength(2);
    qpdfCheck(second.pdf);
  });

  it("can fail: a flipped byte in a signed range makes OpenSSL refuse, and a change in the second revision leaves the first signature valid", async () => {
    const first = await signPdf(await simplePdf(), { signer: await signer("rsa"), ...agency });
    const second = await signPdf(first.pdf, { signer: await signer("rsa"), ...agency });

    const early = Buffer.from(second.pdf);
    const at = early.indexOf("Quyet dinh", 0, "latin1");
    const pos = at >= 0 ? at : 200;
    early[pos] = early[pos]! ^ 0x01;
    const earlyVerdicts = opensslVerdicts(early);
    expect(earlyVerdicts.map((v) => v.status !== 0)).toEqual([true, true]);
    expect(earlyVerdicts[0]!.stderr).toMatch(/content verify error|digest failure/i);

    const late = Buffer.from(second.pdf);
    const inSecond = late.indexOf("/Type /Sig", first.pdf.length, "latin1") + 1; // in the second revision, outside /Contents
    late[inSecond] = late[inSecond]! ^ 0x01;
    const lateVerdicts = opensslVerdicts(late);
    expect(lateVerdicts[0]!.status).toBe(0);
    expect(lateVerdicts[1]!.status).not.toBe(0);

    // A tampered CMS (one bit of the signature value) is refused as well.
    const tamperedSig = Buffer.from(first.pdf);
    const hexEnd = first.byteRange[1] + 1 + first.cms.length * 2 - 4;
    tamperedSig[hexEnd] = tamperedSig[hexEnd] === 0x30 ? 0x31 : 0x30;
    expect(opensslVerdicts(tamperedSig)[0]!.status).not.toBe(0);
  });

  it("signs the project's own confirmation PDF (pdfkit, Be Vietnam Pro) with the result marks drawn on page 1 under the signature", async () => {
    const i18n = await createServerI18n("vi", ["dossiers", "signing"]);
    const en = await createServerI18n("en", ["signing"]);
    const t = i18n.getFixedT("vi");
    const original = await confirmationPdf(dossier, { origin: "https://dichvucong.hagiang.gov.vn", t: i18n.getFixedT("vi", "dossiers"), now: new Date("2026-12-01T03:00:00Z") });
    const code = generateShortCode();
    const url = verificationUrl("https://dichvucong.hagiang.gov.vn", code);
    expect(url).toBe(`https://dichvucong.hagiang.gov.vn/verify?code=${code}`);
    const marks = await resultMarks({ url, code, t, tEn: en.getFixedT("en") });
    const signed = await signPdf(original, { signer: await signer("rsa"), ...agency, marks });
    expect(signed.pdf.subarray(0, original.length).equals(original)).toBe(true);
    const [verdict] = opensslVerdicts(signed.pdf);
    expect(verdict!.status, verdict!.stderr).toBe(0);
    // The marks are in the signed revision (before the signature's end), drawn by a form XObject from page 1's content.
    const reread = new PdfFile(signed.pdf);
    const page = reread.pages()[0]!.dict;
    const contents = reread.resolve(page.get("Contents")) as unknown[];
    expect(contents.length).toBeGreaterThanOrEqual(3);
    const last = reread.resolve(contents[contents.length - 1] as never) as PdfStream;
    expect(last.data.toString("latin1")).toMatch(/^Q\nq 1 0 0 1 36 8 cm \/PortalMark Do Q\n$/);
    const first = reread.resolve(contents[0] as never) as PdfStream;
    expect(first.data.toString("latin1")).toBe("q\n");
    qpdfCheck(signed.pdf);
    if (PDFTOTEXT) {
      const text = pdftotext(signed.pdf);
      expect(text).toContain(`Mã tra cứu: ${code}`);
      expect(text).toContain("dichvucong.hagiang.gov.vn/verify");
      expect(text).toContain("Quét mã QR");
      expect(text).toContain("Scan the QR code");
      expect(text).toContain("GIẤY XÁC NHẬN NỘP HỒ SƠ TRỰC TUYẾN"); // the page's own text is still there
      // A long public address: the code and the address are still printed whole (the stamp's box clips).
      const longOrigin = "https://dich-vu-cong-truc-tuyen.hagiang.gov.vn:8443";
      const longMarks = await resultMarks({ url: verificationUrl(longOrigin, code), code, t, tEn: en.getFixedT("en") });
      const longText = pdftotext((await signPdf(original, { signer: await signer("rsa"), ...agency, marks: longMarks })).pdf).replace(/\s+/g, " ");
      expect(longText).toContain(code);
      expect(longText.replace(/ /g, "")).toContain("dich-vu-cong-truc-tuyen.hagiang.gov.vn:8443/verify");
      // A page narrower than the stamp (a small scanned slip): the stamp is scaled down inside the page, never cut.
      const small = Buffer.from(tinyPdf("Giay bien nhan"));
      const smallText = pdftotext((await signPdf(small, { signer: await signer("rsa"), ...agency, marks })).pdf);
      expect(smallText).toContain(code);
    }
    if (hasTool("pdftoppm")) {
      // Rendered by Poppler, the page shows the verification URL's QR code where the stamp goes (36, 8 from the
      // lower-left corner, 50 pt square): every module's centre is dark exactly where the QR matrix says.
      const modules = QRCode.create(url, { errorCorrectionLevel: "M" }).modules;
      const scale = 4; // 288 dpi
      const m = MARK_HEIGHT / (modules.size + 4);
      const top = (841.89 - 8 - MARK_HEIGHT) * scale;
      const pgm = execFileSync("pdftoppm", ["-f", "1", "-l", "1", "-r", "288", "-gray", "-x", String(36 * scale), "-y", String(Math.floor(top)), "-W", String(MARK_HEIGHT * scale + 2), "-H", String(MARK_HEIGHT * scale + 2), tmp.file(`render${fileCount++}.pdf`, signed.pdf)]);
      const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.toString("latin1", 0, 32))!;
      const width = Number(header[1]);
      const pixels = pgm.subarray(header[0].length);
      const mismatches: string[] = [];
      for (let r = 0; r < modules.size; r++) {
        for (let c = 0; c < modules.size; c++) {
          const x = Math.round((c + 2.5) * m * scale);
          const y = Math.round((r + 2.5) * m * scale + (top - Math.floor(top)));
          if (pixels[y * width + x]! < 128 !== Boolean(modules.get(r, c))) mismatches.push(`${r},${c}`);
        }
      }
      expect(mismatches).toEqual([]);
    }
  });

  it("reads a PDF with a cross-reference stream and object streams and continues it with a cross-reference stream, twice", async () => {
    const original = readFileSync(join(import.meta.dirname, "signing-fixtures", "xref-stream.pdf"));
    const file = new PdfFile(original);
    expect(file.xrefKind).toBe("stream");
    expect(file.pages()).toHaveLength(2);
    const first = await signPdf(original, { signer: await signer("rsa"), ...agency });
    const added = first.pdf.toString("latin1", original.length);
    expect(added).toContain("/Type /XRef");
    expect(added).not.toMatch(/^xref$/m);
    expect(new PdfFile(first.pdf).xrefKind).toBe("stream");
    const second = await signPdf(first.pdf, { signer: await signer("p384"), ...agency });
    expect(second.pdf.toString("latin1", first.pdf.length)).toContain("/Type /XRef");
    const verdicts = opensslVerdicts(second.pdf);
    expect(verdicts).toHaveLength(2);
    for (const v of verdicts) expect(v.status, v.stderr).toBe(0);
    qpdfCheck(first.pdf);
    qpdfCheck(second.pdf);
    if (QPDF) {
      // qpdf reads our cross-reference stream: the signature field is object-numbered after the original's.
      const xref = execFileSync("qpdf", ["--show-xref", tmp.file(`x${fileCount++}.pdf`, second.pdf)]).toString();
      expect(xref).toMatch(/uncompressed; offset = \d+/);
    }
  });

  it.skipIf(!QPDF)("signs the confirmation PDF after qpdf rewrote it with object streams (fonts and pages compressed)", async () => {
    const i18n = await createServerI18n("vi", ["dossiers", "signing"]);
    const original = await confirmationPdf(dossier, { origin: "https://dichvucong.hagiang.gov.vn", t: i18n.getFixedT("vi", "dossiers") });
    const input = tmp.file("conf-in.pdf", original);
    const output = tmp.file("conf-objstm.pdf");
    execFileSync("qpdf", ["--object-streams=generate", input, output]);
    const rewritten = readFileSync(output);
    expect(new PdfFile(rewritten).xrefKind).toBe("stream");
    const code = generateShortCode();
    const marks = await resultMarks({ url: verificationUrl("https://dichvucong.hagiang.gov.vn", code), code, t: i18n.getFixedT("vi") });
    const signed = await signPdf(rewritten, { signer: await signer("p256"), ...agency, marks });
    expect(opensslVerdicts(signed.pdf)[0]!.status).toBe(0);
    qpdfCheck(signed.pdf);
    if (PDFTOTEXT) expect(pdftotext(signed.pdf)).toContain(`Mã tra cứu: ${code}`);
  });

  it("refuses what it cannot sign: not a PDF, an encrypted PDF, a /Contents too small for the CMS", async () => {
    const s = await signer("rsa");
    await expect(signPdf(Buffer.from("hello"), { signer: s })).rejects.toBeInstanceOf(PdfError);
    const pdf = await simplePdf();
    const encrypted = Buffer.concat([pdf, Buffer.from(`\nxref\n0 1\n0000000000 65535 f\r\ntrailer\n<< /Size 20 /Root 1 0 R /Encrypt 5 0 R /Prev ${/startxref\s+(\d+)/.exec(pdf.toString("latin1").slice(-64))![1]} >>\nstartxref\n${pdf.length + 1}\n%%EOF\n`, "latin1")]);
    await expect(signPdf(encrypted, { signer: s })).rejects.toThrow(/Encrypted/);
    await expect(signPdf(pdf, { signer: s, contentsLength: 4096 })).rejects.toThrow(/raise contentsLength/);
    await expect(signPdf(pdf, { signer: s, contentsLength: 4097 })).rejects.toThrow(/even/);
  });

  it("writes /M as a PDF date in Vietnam time", () => {
    expect(pdfDate(new Date("2026-12-31T18:30:00Z"))).toBe("D:20270101013000+07'00'");
  });
});

const dossier: DossierView = {
  code: "000.01.01.H22-261201-0007",
  procedureCode: "1.001193",
  procedureName: "Đăng ký khai sinh",
  agencyName: "UBND xã Phương Độ",
  status: 1,
  receivedAt: "2026-12-01T02:05:00.000Z",
  acceptanceDueAt: "2026-12-02T02:05:00.000Z",
  dueAt: "2026-12-01T10:00:00.000Z",
  applicant: { fullName: "Lò Thị Mai", cccd: "002190012345", phone: "0912345678", email: null, address: "Thôn Lùng Tám, huyện Quản Bạ" },
  documents: [{ name: "Tờ khai đăng ký khai sinh", files: [{ name: "to-khai.pdf", sizeBytes: 1000 }] }],
  timeline: [],
  canWithdraw: true,
};
