import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServerI18n } from "../../platform/i18n.server";
import type { CmsSigner } from "./cms-build.server";
import { IncrementalUpdate, PdfDict, PdfError, PdfFile, type PdfName, PdfRef, PdfStream, PdfString, serialize, type PdfValue } from "./pdf-incremental.server";
import { resultMarks, verificationUrl } from "./result-marks.server";
import { generateShortCode } from "./short-code";
import { signPdf } from "./sign-pdf.server";
import { hasTool, openssl, pdfSignatures, tempDir, testPki } from "./signing.fixture.server";

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** A PDF written by hand: objects in order, a classic cross-reference table, offsets computed. */
function handMadePdf(objects: string[], trailerExtra = ""): Buffer {
  let body = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, "latin1"));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, "latin1");
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` + offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("");
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

describe("reading PDF objects", () => {
  it("reads strings, names, numbers, references, arrays and dictionaries, comments included, and writes them back", () => {
    const pdf = handMadePdf([
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] % a comment
         /Str (a (nested) \\(escaped\\) line\\nbreak \\053 oct\\
continued) /Hex <48 65 6c 6C 6f 2> /Name /A#20B /Neg -1.5 /Pair [1 0 R 5 6] /Bool true /Nil null >>`,
    ]);
    const file = new PdfFile(pdf);
    expect(file.xrefKind).toBe("table");
    const page = file.pages()[0]!.dict;
    expect((page.get("Str") as PdfString).bytes.toString("latin1")).toBe("a (nested) (escaped) line\nbreak + octcontinued");
    expect((page.get("Hex") as PdfString).bytes).toEqual(Buffer.from("Hello ", "latin1"));
    expect((page.get("Name") as PdfName).name).toBe("A B");
    expect(page.get("Neg")).toBe(-1.5);
    const pair = page.get("Pair") as PdfValue[];
    expect(pair[0]).toBeInstanceOf(PdfRef);
    expect(pair.slice(1)).toEqual([5, 6]);
    expect(page.get("Bool")).toBe(true);
    expect(page.get("Nil")).toBeNull();
    // Written back and read again: the same values.
    const again = new PdfFile(handMadePdf(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", serialize(page)]));
    const copy = again.pages()[0]!.dict;
    for (const key of ["Str", "Hex"]) expect((copy.get(key) as PdfString).bytes).toEqual((page.get(key) as PdfString).bytes);
    expect((copy.get("Name") as PdfName).name).toBe("A B");
    expect(serialize(copy.get("Pair")!)).toBe("[1 0 R 5 6]");
  });

  it("writes text strings in PDFDocEncoding when ASCII, else UTF-16BE with a byte order mark", () => {
    expect(serialize(PdfString.text("Signature1"))).toBe("(Signature1)");
    expect(serialize(PdfString.text("Hà"))).toBe("<feff004800e0>");
  });

  it("refuses what is not a PDF or has a broken cross-reference", () => {
    expect(() => new PdfFile(Buffer.from("hello"))).toThrow(PdfError);
    const pdf = handMadePdf(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"]);
    const broken = Buffer.from(pdf.toString("latin1").replace(/startxref\n\d+/, "startxref\n3"), "latin1");
    expect(() => new PdfFile(broken)).toThrow(PdfError);
  });

  it("writes an update whose classic table entries are 20 bytes and whose /Prev chains back", () => {
    const pdf = handMadePdf(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"]);
    const file = new PdfFile(pdf);
    const update = new IncrementalUpdate(file);
    const ref = update.add(new PdfStream(new PdfDict(), Buffer.from("q Q")));
    update.set(file.catalogRef, file.catalog().clone().set("Extra", ref));
    const { bytes, offsets } = update.build();
    const text = bytes.toString("latin1", pdf.length);
    const entries = /xref\n([\s\S]*?)trailer/.exec(text)![1]!.split("\n").filter((l) => / n\r$/.test(l));
    expect(entries).toHaveLength(2);
    for (const e of entries) expect(Buffer.byteLength(e + "\n")).toBe(20);
    expect(bytes.toString("latin1", offsets.get(ref.num)!).startsWith(`${ref.num} 0 obj\n`)).toBe(true);
    const reread = new PdfFile(bytes);
    expect((reread.catalog().get("Extra") as PdfRef).num).toBe(ref.num);
    expect((reread.getObject(ref.num) as PdfStream).data.toString()).toBe("q Q");
  });
});

describe("signing hand-made PDFs with the less common shapes", () => {
  let signer: CmsSigner;
  let root: string;
  beforeAll(async () => {
    const pki = await testPki("p256", "p256");
    const leaf = await pki.leaf("p256");
    signer = { key: leaf.signingKey, certificate: leaf.certificate.der, chain: [pki.intermediate.certificate.der] };
    root = tmp.file("root.pem", pki.root.certificate.pem);
  });

  it("keeps an existing AcroForm (inline) with an indirect /Fields array, an indirect /Annots array, inherited resources and a /Contents array", async () => {
    const pdf = handMadePdf([
      "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields 7 0 R /DA (/Helv 0 Tf 0 g) >> >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> >>",
      "<< /Type /Page /Parent 2 0 R /Contents [5 0 R 6 0 R] /Annots 8 0 R >>",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
      "<< /Length 29 >>\nstream\nBT /F1 24 Tf 72 720 Td 1 0 0\nendstream",
      "<< /Length 26 >>\nstream\nrg (Ket qua) Tj ET 2 0 0 2\nendstream",
      "[9 0 R]",
      "[9 0 R]",
      "<< /Type /Annot /Subtype /Widget /FT /Tx /T (Signature1) /Rect [72 600 272 620] /P 3 0 R >>",
    ]);
    const code = generateShortCode();
    const t = (await createServerI18n("vi", ["signing"])).getFixedT("vi");
    const marks = await resultMarks({ url: verificationUrl("https://dichvucong.hagiang.gov.vn", code), code, t });
    const signed = await signPdf(pdf, { signer, marks });
    expect(signed.fieldName).toBe("Signature2"); // "Signature1" is taken by the text field
    const file = new PdfFile(signed.pdf);
    const acro = file.resolveDict(file.catalog().get("AcroForm"))!;
    expect(acro.get("DA")).toBeInstanceOf(PdfString); // kept
    expect((file.resolve(acro.get("Fields")) as PdfValue[]).length).toBe(2);
    expect(file.catalog().get("AcroForm")).toBeInstanceOf(PdfRef); // the inline AcroForm became an object of the update
    expect(file.pages()[0]!.dict.get("Annots")).toBeInstanceOf(PdfRef); // the indirect array was rewritten in place
    expect((file.resolve(file.pages()[0]!.dict.get("Annots")) as PdfValue[]).length).toBe(2);
    // The page got its own resources: the inherited font plus the marks' form XObject.
    const resources = file.resolveDict(file.pages()[0]!.dict.get("Resources"))!;
    expect(file.resolveDict(resources.get("Font"))!.has("F1")).toBe(true);
    expect(file.resolveDict(resources.get("XObject"))!.has("PortalMark")).toBe(true);
    const contents = file.pages()[0]!.dict.get("Contents") as PdfRef[];
    expect(contents.map((r) => r.num).slice(1, 3)).toEqual([5, 6]);

    const [sig] = pdfSignatures(signed.pdf);
    const r = openssl(["cms", "-verify", "-binary", "-inform", "DER", "-in", tmp.file("h.p7s", sig!.cms), "-content", tmp.file("h.bin", sig!.signed), "-CAfile", root, "-purpose", "any", "-out", "/dev/null"]);
    expect(r.status, r.stderr).toBe(0);
    if (hasTool("qpdf")) {
      const out = execFileSync("qpdf", ["--check", tmp.file("h.pdf", signed.pdf)]).toString();
      expect(out).toContain("No syntax or stream encoding errors found");
    }
    if (hasTool("pdftotext")) {
      const text = execFileSync("pdftotext", [tmp.file("h2.pdf", signed.pdf), "-"]).toString();
      expect(text).toContain("Ket qua");
      expect(text).toContain(`Mã tra cứu: ${code}`);
    }
  });
});
