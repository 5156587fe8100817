import { describe, expect, it } from "vitest";
import vi from "../../../locales/vi/admin.json" with { type: "json" };
import en from "../../../locales/en/admin.json" with { type: "json" };
import { documentSchema } from "./catalog.schema";
import {
  applyCaseIntent,
  caseCodeFor,
  checkTemplateFile,
  contentMatches,
  documentsOfCase,
  putCase,
  safeTemplateName,
  TEMPLATE_ACCEPT,
  TEMPLATE_MAX_BYTES,
  TEMPLATE_TYPES,
} from "./drafts.documents";

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...p].map((c) => c.charCodeAt(0)) : p)));
const SAMPLES = {
  pdf: bytes("%PDF-1.7\n%âãÏÓ\n1 0 obj"),
  rtf: bytes("{\\rtf1\\ansi\\deff0 Tờ khai}"),
  doc: bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], "\0\0\0"),
  docx: bytes("PK\x03\x04\x14\0\x06\0", "[Content_Types].xml", "...", "PK\x01\x02", "word/document.xml"),
  xlsx: bytes("PK\x03\x04\x14\0\x06\0", "[Content_Types].xml", "...", "PK\x01\x02", "xl/workbook.xml"),
  odt: bytes("PK\x03\x04\x0a\0\0\0\0\0", "mimetypeapplication/vnd.oasis.opendocument.text", "PK\x03\x04"),
} as const;

describe("template files", () => {
  it("are the formats the catalog format allows for templates", () => {
    const pattern = documentSchema.shape.template.unwrap().shape.file;
    for (const type of TEMPLATE_TYPES) expect(pattern.safeParse(`templates/mau.${type}`).success, type).toBe(true);
    expect(pattern.safeParse("templates/mau.xls").success).toBe(false);
    expect(TEMPLATE_ACCEPT).toContain(".docx");
    expect(TEMPLATE_ACCEPT).toContain("application/pdf");
  });

  it("are recognised by their content, and each content only as its own type", () => {
    for (const type of TEMPLATE_TYPES) {
      for (const [other, sample] of Object.entries(SAMPLES)) expect(contentMatches(type, sample), `${type} ← ${other}`).toBe(type === other);
    }
    // A ZIP that is not a text document (e.g. an archive renamed .docx).
    expect(contentMatches("docx", bytes("PK\x03\x04", "photos/1.jpg"))).toBe(false);
    expect(contentMatches("pdf", bytes("%PD"))).toBe(false);
  });

  it("get a safe ASCII name from the name the browser sent", () => {
    expect(safeTemplateName("Tờ khai đăng ký (mẫu 01).DOCX")).toEqual({ stem: "to-khai-dang-ky-mau-01", extension: "docx" });
    expect(safeTemplateName("C:\\Users\\cb\\Đơn đề nghị.pdf")).toEqual({ stem: "don-de-nghi", extension: "pdf" });
    expect(safeTemplateName("../../etc/passwd")).toEqual({ stem: "passwd", extension: "" });
    expect(safeTemplateName("???.rtf")).toEqual({ stem: "mau", extension: "rtf" });
    expect(safeTemplateName(`${"a".repeat(200)}.pdf`).stem).toHaveLength(80);
    expect(safeTemplateName(`${"mẫu ".repeat(30)}.pdf`).stem).toBe(Array(20).fill("mau").join("-"));
  });

  it("are checked for size, type and content; a good one gets its path in the exchange format", () => {
    expect(checkTemplateFile({ fileName: "Đơn.pdf", bytes: SAMPLES.pdf, tooLarge: false })).toMatchObject({
      ok: true,
      value: { fileName: "don.pdf", file: "templates/don.pdf", type: "pdf", mediaType: "application/pdf" },
    });
    const checked = checkTemplateFile({ fileName: "Đơn.pdf", bytes: SAMPLES.pdf, tooLarge: false });
    expect(checked.ok && documentSchema.shape.template.safeParse({ file: checked.value.file }).success).toBe(true);
    expect(checkTemplateFile({ fileName: "lon.pdf", bytes: new Uint8Array(TEMPLATE_MAX_BYTES + 1), tooLarge: false })).toEqual({ ok: false, message: "documents.errors.templateTooLarge" });
    expect(checkTemplateFile({ fileName: "bang.xls", bytes: SAMPLES.doc, tooLarge: false })).toEqual({ ok: false, message: "documents.errors.templateType" });
    expect(checkTemplateFile({ fileName: "to-khai", bytes: SAMPLES.rtf, tooLarge: false })).toEqual({ ok: false, message: "documents.errors.templateType" });
    expect(checkTemplateFile({ fileName: "to-khai.docx", bytes: SAMPLES.doc, tooLarge: false })).toEqual({ ok: false, message: "documents.errors.templateContent" });
  });

  it("have the limit that the texts announce", () => {
    expect(TEMPLATE_MAX_BYTES).toBe(5 * 1024 * 1024);
    for (const texts of [vi, en]) {
      expect(texts.documents.templateFileHint).toContain("5 MB");
      expect(texts.documents.errors.templateTooLarge).toContain("5 MB");
    }
  });
});

describe("cases", () => {
  const content = {
    cases: [
      { code: "dung-han", name: "Đúng hạn" },
      { code: "qua-han", name: "Quá hạn" },
    ],
    documents: [{ name: "Tờ khai" }, { name: "Văn bản cam đoan", case: "qua-han" }],
  };

  it("get a code from the name, unique and at most 40 characters", () => {
    expect(caseCodeFor("Đăng ký khai sinh quá hạn", [])).toBe("dang-ky-khai-sinh-qua-han");
    expect(caseCodeFor("Quá hạn", ["qua-han"])).toBe("qua-han-2");
    expect(caseCodeFor("Quá hạn", ["qua-han", "qua-han-2"])).toBe("qua-han-3");
    expect(caseCodeFor("—", [])).toBe("truong-hop");
    // Cut between words.
    const long = caseCodeFor("Đăng ký lại khai sinh khi bản chính bị mất", []);
    expect(long).toBe("dang-ky-lai-khai-sinh-khi-ban-chinh-bi");
    expect(caseCodeFor("a".repeat(50), [])).toBe("a".repeat(40));
    expect(caseCodeFor("Đăng ký lại khai sinh khi bản chính bị mất", [long])).toBe("dang-ky-lai-khai-sinh-khi-ban-chinh-bi-2");
  });

  it("are added with a new code and renamed keeping theirs", () => {
    expect(putCase(content.cases, "new", " Quá hạn ")).toEqual([...content.cases, { code: "qua-han-2", name: "Quá hạn" }]);
    expect(putCase(content.cases, 1, "Đăng ký quá hạn")).toEqual([content.cases[0], { code: "qua-han", name: "Đăng ký quá hạn" }]);
  });

  it("move, and are removed only when no document belongs to them", () => {
    expect(applyCaseIntent(content, { action: "move-down", index: 0 })).toMatchObject({ ok: true, content: { cases: [{ code: "qua-han" }, { code: "dung-han" }] } });
    expect(applyCaseIntent(content, { action: "remove", index: 0 })).toMatchObject({ ok: true, content: { cases: [{ code: "qua-han" }], documents: content.documents } });
    expect(documentsOfCase(content, "qua-han")).toBe(1);
    expect(applyCaseIntent(content, { action: "remove", index: 1 })).toEqual({ ok: false, issues: [{ path: "cases[1]", message: "cases.errors.inUse" }] });
    expect(applyCaseIntent(content, { action: "remove", index: 5 })).toBeNull();
    expect(applyCaseIntent(content, { action: "rename", index: 0 })).toBeNull();
    expect(applyCaseIntent(content, { action: "remove", index: null })).toBeNull();
  });
});
