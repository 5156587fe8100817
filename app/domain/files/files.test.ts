import { describe, expect, it } from "vitest";
import { bytesSource, cleanFileName, contentDisposition, detectFileType, formatFileSize } from "./files";
import { macroDocm, tinyDocx, tinyExe, tinyJpeg, tinyOdt, tinyPdf, tinyPng, tinyXlsx, xrefStreamPdf, zip } from "./fixtures";

const detect = (bytes: Uint8Array) => detectFileType(bytesSource(bytes));
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const text = (b: Uint8Array) => String.fromCharCode(...b);

describe("file type from content", () => {
  it("recognises a PDF with an xref table and one with an xref stream", async () => {
    expect(await detect(tinyPdf())).toEqual({ ok: true, mediaType: "application/pdf" });
    expect(await detect(xrefStreamPdf())).toEqual({ ok: true, mediaType: "application/pdf" });
  });

  it("recognises PNG and JPEG", async () => {
    expect(await detect(tinyPng())).toEqual({ ok: true, mediaType: "image/png" });
    expect(await detect(tinyJpeg())).toEqual({ ok: true, mediaType: "image/jpeg" });
  });

  it("tells DOCX, XLSX and ODT apart by what is inside the ZIP", async () => {
    expect(await detect(tinyDocx())).toEqual({ ok: true, mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" });
    expect(await detect(tinyXlsx())).toEqual({ ok: true, mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
    expect(await detect(tinyOdt())).toEqual({ ok: true, mediaType: "application/vnd.oasis.opendocument.text" });
  });

  it("refuses a plain ZIP archive, a macro-enabled document and a damaged ZIP", async () => {
    expect(await detect(zip([{ name: "a.txt", data: "xin chào" }]))).toEqual({ ok: false, error: "type" });
    expect(await detect(macroDocm())).toEqual({ ok: false, error: "type" });
    const docx = tinyDocx();
    expect(await detect(docx.subarray(0, docx.byteLength - 30))).toEqual({ ok: false, error: "corruptOffice" });
  });

  it("refuses a program whatever its name, an empty file and unknown bytes", async () => {
    expect(await detect(tinyExe())).toEqual({ ok: false, error: "type" });
    expect(await detect(latin1("\x7fELF\x02\x01\x01"))).toEqual({ ok: false, error: "type" });
    expect(await detect(new Uint8Array())).toEqual({ ok: false, error: "empty" });
    expect(await detect(latin1("Xin chào, đây là văn bản"))).toEqual({ ok: false, error: "type" });
    // An exe whose first bytes were replaced by "%PDF-" is still not a PDF.
    const fake = tinyExe();
    fake.set(latin1("%PDF-1.4\n"), 0);
    expect(await detect(fake)).toEqual({ ok: false, error: "corruptPdf" });
  });

  it("refuses a truncated PDF and PDFs whose end is damaged", async () => {
    const pdf = tinyPdf("Giay khai sinh", 5000);
    expect(await detect(pdf.subarray(0, Math.floor(pdf.byteLength / 2)))).toEqual({ ok: false, error: "corruptPdf" });
    expect(await detect(pdf.subarray(0, pdf.byteLength - 7))).toEqual({ ok: false, error: "corruptPdf" }); // "%%EOF\n" cut
    // startxref pointing into the middle of an object.
    const wrongOffset = latin1(text(pdf).replace(/startxref\n(\d+)/, (_, n: string) => `startxref\n${Number(n) - 40}`));
    expect(await detect(wrongOffset)).toEqual({ ok: false, error: "corruptPdf" });
    // startxref past the end of the file.
    const pastEnd = latin1(text(pdf).replace(/startxref\n(\d+)/, "startxref\n99999999"));
    expect(await detect(pastEnd)).toEqual({ ok: false, error: "corruptPdf" });
    // Only the header.
    expect(await detect(latin1("%PDF-1.7\n"))).toEqual({ ok: false, error: "corruptPdf" });
    // The same file intact is accepted (the cases above fail for the damage, not the file).
    expect(await detect(pdf)).toEqual({ ok: true, mediaType: "application/pdf" });
  });

  it("accepts a JPEG with data after its end (as phones write them) but not a bare SOI", async () => {
    expect(await detect(new Uint8Array([...tinyJpeg(), ...new Uint8Array(4096).fill(7)]))).toEqual({ ok: true, mediaType: "image/jpeg" });
    expect(await detect(new Uint8Array([0xff, 0xd8, 0xff, 0x00, 0x00]))).toEqual({ ok: false, error: "type" });
  });

  it("accepts a PDF with NUL padding after %%EOF, not with other bytes after it", async () => {
    const pdf = tinyPdf();
    expect(await detect(new Uint8Array([...pdf, 0, 0, 0, 0]))).toEqual({ ok: true, mediaType: "application/pdf" });
    expect(await detect(new Uint8Array([...pdf, ...latin1("MZ garbage")]))).toEqual({ ok: false, error: "corruptPdf" });
  });

  it("accepts a PNG only with its IHDR and IEND chunks", async () => {
    const png = tinyPng();
    expect(await detect(png.subarray(0, png.byteLength - 12))).toEqual({ ok: false, error: "type" });
  });
});

describe("showing files", () => {
  it("formats sizes the Vietnamese way (decimal comma) and the English way", () => {
    expect(formatFileSize(850, "vi")).toBe("850 B");
    expect(formatFileSize(12_500, "vi")).toBe("12,5 kB");
    expect(formatFileSize(3_200_000, "vi")).toBe("3,2 MB");
    expect(formatFileSize(3_200_000, "en")).toBe("3.2 MB");
  });

  it("keeps only a clean base name", () => {
    expect(cleanFileName("C:\\Users\\an\\Giấy khai sinh.pdf")).toBe("Giấy khai sinh.pdf");
    expect(cleanFileName("../../etc/passwd")).toBe("passwd");
    expect(cleanFileName('a"b\u0000c.png')).toBe("abc.png");
    expect(cleanFileName("")).toBe("tep");
    expect(cleanFileName("hoa-don\u202Efdp.exe")).toBe("hoa-donfdp.exe");
  });

  it("encodes the download name as RFC 5987 says, with an ASCII fallback", () => {
    expect(contentDisposition("Giấy khai sinh (bản sao).pdf")).toBe(
      `attachment; filename="Giay khai sinh (ban sao).pdf"; filename*=UTF-8''Gi%E1%BA%A5y%20khai%20sinh%20%28b%E1%BA%A3n%20sao%29.pdf`,
    );
    expect(contentDisposition('Đơn "mới".pdf')).toContain(`filename="Don _moi_.pdf"`);
  });
});
