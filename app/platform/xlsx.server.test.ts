import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { columnName, crc32, escapeXml, sheetName, unzip, xlsx, zip } from "./xlsx.server";

// The .xlsx writer: a real ZIP (Debian's unzip tests it), the parts Excel requires, numbers as numbers, strings as
// inline strings, a bold frozen header row, one sheet per breakdown with names Excel accepts.

const hasUnzip = (() => {
  try {
    execFileSync("unzip", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

describe("xlsx writer", () => {
  it("computes the CRC-32 of the standard check value and names columns like Excel", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual(["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
  });

  it("escapes XML and drops characters XML forbids; sheet names are shortened, cleaned and unique", () => {
    expect(escapeXml(`a<b>&"c'\u0001`)).toBe("a&lt;b&gt;&amp;&quot;c&apos;");
    expect(sheetName("Theo cơ quan: Sở/Ban [2026]?", new Set())).toBe("Theo cơ quan  Sở Ban  2026");
    expect(sheetName("x".repeat(40), new Set())).toHaveLength(31);
    expect(sheetName("Tháng", new Set(["tháng"]))).toBe("Tháng 2");
  });

  it("round-trips stored and deflated entries through its own reader", async () => {
    const big = new TextEncoder().encode("Hồ sơ ".repeat(1000));
    const files = await unzip(zip([{ name: "a.txt", data: new Uint8Array([1, 2, 3]) }, { name: "thư mục/b.txt", data: big }]));
    expect([...files.keys()]).toEqual(["a.txt", "thư mục/b.txt"]);
    expect([...files.get("a.txt")!]).toEqual([1, 2, 3]);
    expect(files.get("thư mục/b.txt")!.toString("utf8")).toBe("Hồ sơ ".repeat(1000));
  });

  it("writes a workbook with the parts Excel needs, one sheet per breakdown, numbers as numbers, strings inline", async () => {
    const book = xlsx(
      [
        { name: "Tổng hợp", header: ["Chỉ tiêu", "Giá trị"], rows: [["Tiếp nhận", 120], ["Tỉ lệ đúng hạn", 0.925], ["Ghi chú", "<&>"], ["Trống", null]] },
        { name: "Theo tháng", header: ["Tháng", "Tiếp nhận"], rows: [["2026-01", 10]] },
      ],
      { title: "Thống kê", created: new Date("2026-11-30T10:00:00Z") },
    );
    expect(book.subarray(0, 4).toString("hex")).toBe("504b0304");
    const files = await unzip(book);
    for (const part of ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "docProps/core.xml"]) {
      expect(files.has(part), part).toBe(true);
    }
    const types = files.get("[Content_Types].xml")!.toString();
    expect(types).toContain('PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"');
    expect(types).toContain('PartName="/xl/worksheets/sheet2.xml"');
    const workbook = files.get("xl/workbook.xml")!.toString();
    expect(workbook).toContain('<sheet name="Tổng hợp" sheetId="1" r:id="rId1"/>');
    expect(workbook).toContain('<sheet name="Theo tháng" sheetId="2" r:id="rId2"/>');
    expect(files.get("xl/_rels/workbook.xml.rels")!.toString()).toContain('Target="worksheets/sheet2.xml"');
    const sheet = files.get("xl/worksheets/sheet1.xml")!.toString();
    expect(sheet).toContain('<c r="A1" s="1" t="inlineStr"><is><t xml:space="preserve">Chỉ tiêu</t></is></c>');
    expect(sheet).toContain('<c r="B2"><v>120</v></c>');
    expect(sheet).toContain('<c r="B3"><v>0.925</v></c>');
    expect(sheet).toContain("&lt;&amp;&gt;");
    expect(sheet).toContain('<row r="5"><c r="A5" t="inlineStr"><is><t xml:space="preserve">Trống</t></is></c></row>');
    expect(sheet).toContain('state="frozen"');
    expect(() => xlsx([])).toThrow();
  });

  it.runIf(hasUnzip)("is a ZIP archive that Debian's unzip tests without error", () => {
    const dir = mkdtempSync(join(tmpdir(), "xlsx-"));
    try {
      const file = join(dir, "t.xlsx");
      writeFileSync(file, xlsx([{ name: "A", header: ["x"], rows: [[1], ["y".repeat(500)]] }]));
      const out = execFileSync("unzip", ["-t", file]).toString();
      expect(out).toContain("No errors detected");
      expect(execFileSync("unzip", ["-p", file, "xl/worksheets/sheet1.xml"]).toString()).toContain("<v>1</v>");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
