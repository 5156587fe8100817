import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { newReference } from "./reference";
import {
  MAX_STATEMENT_ERRORS,
  MAX_STATEMENT_ROWS,
  STATEMENT_ERRORS,
  matchStatement,
  parseStatementAmount,
  parseStatementCsv,
  parseStatementDate,
  type StatementLine,
  type StatementParse,
} from "./statement";

const at = new Date("2026-11-29T02:00:00Z");
const REF_A = newReference(at, () => Uint8Array.from([1, 2, 3, 4, 5]));
const REF_B = newReference(at, () => Uint8Array.from([9, 8, 7, 6, 5]));
const REF_C = newReference(at, () => Uint8Array.from([200, 100, 50, 25, 12])); // well-formed, not one of ours

function lines(result: StatementParse): StatementLine[] {
  if (!result.ok) throw new Error(`expected lines, got ${JSON.stringify(result.errors)}`);
  return result.lines;
}
function errors(result: StatementParse) {
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.lines)}`);
  return result.errors;
}

describe("parseStatementCsv on real layouts", () => {
  it("reads a Vietcombank-style export: BOM, ';', CRLF, title rows above the header, debits and the total row skipped", () => {
    const csv =
      "\uFEFFSAO KÊ TÀI KHOẢN;;;;;\r\n" +
      "Số tài khoản: 1234567890123;;;;;\r\n" +
      ";;;;;\r\n" +
      "STT;Ngày giao dịch;Số tham chiếu;Số tiền ghi nợ;Số tiền ghi có;Mô tả\r\n" +
      `1;29/11/2026 09:35:12;5213 - 71234;;50.000;MBVCB.4412.DVC ${REF_A} LE PHI HS 000.00.12.H22-261129-0001.CT tu 0011004 NGUYEN VAN A\r\n` +
      "2;29/11/2026;5213 - 71235;15.000;;Phi SMS Banking\r\n" +
      `3;30/11/2026 08:01;5213 - 71240;;1.250.500;"IBFT ${REF_B}; nop phi"\r\n` +
      ";Tổng cộng;;15.000;1.300.500;\r\n";
    expect(lines(parseStatementCsv(csv))).toEqual([
      { row: 5, bookedOn: "2026-11-29", amount: 50000, description: `MBVCB.4412.DVC ${REF_A} LE PHI HS 000.00.12.H22-261129-0001.CT tu 0011004 NGUYEN VAN A`, bankRef: "5213 - 71234" },
      { row: 7, bookedOn: "2026-11-30", amount: 1250500, description: `IBFT ${REF_B}; nop phi`, bankRef: "5213 - 71240" },
    ]);
  });

  it("reads a BIDV-style English export with ',' and quoted amounts and no reference column", () => {
    const csv =
      "Transaction Date,Debit,Credit,Balance,Description\n" +
      `2026-11-29,,"50,000.00","12,050,000.00","${REF_A} LE PHI HS H22-261129-0001"\n` +
      `2026-11-29 10:12:00,"20,000.00",,"12,030,000.00",ATM withdrawal\n`;
    expect(lines(parseStatementCsv(csv))).toEqual([{ row: 2, bookedOn: "2026-11-29", amount: 50000, description: `${REF_A} LE PHI HS H22-261129-0001`, bankRef: null }]);
  });

  it("keeps a quoted description with commas, line breaks and doubled quotes as one row", () => {
    const csv =
      "Date,Reference,Amount,Description\r\n" +
      `01/12/2026,FT2633512345,50000 VND,"Chuyen tien ""DVC""\r\n${REF_A}, le phi"\r\n` +
      "01/12/2026,FT2633512346,50000,plain\r\n";
    const got = lines(parseStatementCsv(csv));
    expect(got).toEqual([
      { row: 2, bookedOn: "2026-12-01", amount: 50000, description: `Chuyen tien "DVC"\r\n${REF_A}, le phi`, bankRef: "FT2633512345" },
      { row: 3, bookedOn: "2026-12-01", amount: 50000, description: "plain", bankRef: "FT2633512346" },
    ]);
  });

  it("finds columns by name whatever the case and diacritics, in any order, and ';' inside quotes does not confuse sniffing", () => {
    const csv = 'DIEN GIAI;ngay gd;GHI CÓ (VND);Số bút toán\n"a;b";5/1/2026;"50.000,00";BT1\n';
    expect(lines(parseStatementCsv(csv))).toEqual([{ row: 2, bookedOn: "2026-01-05", amount: 50000, description: "a;b", bankRef: "BT1" }]);
    const other = "Nội dung,Ngày hiệu lực,Có,Mã GD\nx,2026-02-28,50000,M1\n";
    expect(lines(parseStatementCsv(other))).toEqual([{ row: 2, bookedOn: "2026-02-28", amount: 50000, description: "x", bankRef: "M1" }]);
  });

  it("reads a file saved by Excel from a fixture on disk (UTF-8 BOM, CRLF)", () => {
    const csv = readFileSync(join(import.meta.dirname, "statement.fixture.csv"), "utf8");
    const got = lines(parseStatementCsv(csv));
    expect(got.map((l) => [l.row, l.bookedOn, l.amount, l.bankRef])).toEqual([
      [2, "2026-11-29", 50000, "0011FT26333001"],
      [4, "2026-11-30", 200000, "0011FT26334002"],
    ]);
    expect(got[0]!.description).toContain("PAY");
  });
});

describe("parseStatementCsv errors", () => {
  it("reports an empty file, and a header with no lines", () => {
    expect(errors(parseStatementCsv(""))).toEqual([{ row: 1, key: STATEMENT_ERRORS.empty }]);
    expect(errors(parseStatementCsv("\uFEFF \r\n\r\n"))).toEqual([{ row: 1, key: STATEMENT_ERRORS.empty }]);
    expect(errors(parseStatementCsv("Date,Credit,Description\r\n,,\r\n"))).toEqual([{ row: 2, key: STATEMENT_ERRORS.empty }]);
  });

  it("reports each missing column", () => {
    expect(errors(parseStatementCsv("Foo;Bar\n1;2\n"))).toEqual([
      { row: 1, key: STATEMENT_ERRORS.missingDate },
      { row: 1, key: STATEMENT_ERRORS.missingCredit },
      { row: 1, key: STATEMENT_ERRORS.missingDescription },
    ]);
    expect(errors(parseStatementCsv("Date,Credit\n01/12/2026,50000\n"))).toEqual([{ row: 1, key: STATEMENT_ERRORS.missingDescription }]);
    expect(errors(parseStatementCsv("Ngày giao dịch;Nội dung\n01/12/2026;x\n"))).toEqual([{ row: 1, key: STATEMENT_ERRORS.missingCredit }]);
  });

  it("reports bad dates and bad amounts with their rows and values, all of them", () => {
    const csv = [
      "Date,Credit,Description",
      "31/02/2026,50000,a", // no 31 February
      "2026-13-01,50000,b",
      "yesterday,50000,c",
      "01/12/2026,\"50.000,50\",d", // fractional đồng
      "01/12/2026,-50000,e", // negative
      "01/12/2026,(50.000),f",
      "01/12/2026,abc,g",
      ",50000,h", // a credit without a date
      "01/12/2026,50000,fine",
    ].join("\n");
    expect(errors(parseStatementCsv(csv))).toEqual([
      { row: 2, key: STATEMENT_ERRORS.badDate, params: { row: 2, value: "31/02/2026" } },
      { row: 3, key: STATEMENT_ERRORS.badDate, params: { row: 3, value: "2026-13-01" } },
      { row: 4, key: STATEMENT_ERRORS.badDate, params: { row: 4, value: "yesterday" } },
      { row: 5, key: STATEMENT_ERRORS.badAmount, params: { row: 5, value: "50.000,50" } },
      { row: 6, key: STATEMENT_ERRORS.badAmount, params: { row: 6, value: "-50000" } },
      { row: 7, key: STATEMENT_ERRORS.badAmount, params: { row: 7, value: "(50.000)" } },
      { row: 8, key: STATEMENT_ERRORS.badAmount, params: { row: 8, value: "abc" } },
      { row: 9, key: STATEMENT_ERRORS.badDate, params: { row: 9, value: "" } },
    ]);
  });

  it("lists at most MAX_STATEMENT_ERRORS errors and says how many more", () => {
    const csv = ["Date,Credit,Description", ...Array.from({ length: 30 }, () => "bad,50000,x")].join("\n");
    const got = errors(parseStatementCsv(csv));
    expect(got).toHaveLength(MAX_STATEMENT_ERRORS + 1);
    expect(got.at(-1)).toEqual({ row: MAX_STATEMENT_ERRORS + 2, key: STATEMENT_ERRORS.moreErrors, params: { count: 30 - MAX_STATEMENT_ERRORS } });
  });

  it("refuses more than 10,000 rows (and takes exactly 10,000)", () => {
    const row = "01/12/2026,50000,x";
    const atCap = ["Date,Credit,Description", ...Array.from({ length: MAX_STATEMENT_ROWS }, () => row)].join("\n");
    expect(lines(parseStatementCsv(atCap))).toHaveLength(MAX_STATEMENT_ROWS);
    const over = `${atCap}\n${row}`;
    expect(errors(parseStatementCsv(over))).toEqual([{ row: MAX_STATEMENT_ROWS + 2, key: STATEMENT_ERRORS.tooManyRows, params: { max: MAX_STATEMENT_ROWS, count: MAX_STATEMENT_ROWS + 1 } }]);
  });

  it("never throws on odd input", () => {
    for (const text of ['"', '"unterminated\n,,', ";;;\n;;;", "\r\r\r", "a,b\n\"x\"y,z", "\u0000\u0001", "Date,Credit,Description\n\"01/12/2026\",\"50000\",\"x"]) {
      expect(() => parseStatementCsv(text)).not.toThrow();
    }
  });
});

describe("statement cells", () => {
  it.each([
    ["50.000", 50000],
    ["50,000", 50000],
    ["50000", 50000],
    ["50.000,00", 50000],
    ["50,000.00", 50000],
    ["50000 VND", 50000],
    ["50.000 đ", 50000],
    ["50.000 ₫", 50000],
    ["VND 50,000", 50000],
    ["+50.000", 50000],
    ["1.250.500", 1250500],
    ["1,250,500.00", 1250500],
    ["50000,00", 50000],
    ["50000.0", 50000],
    ["1 250 500", 1250500],
    ["", 0],
    ["0", 0],
    ["-", 0],
  ])("reads the amount %j as %d", (cell, expected) => {
    expect(parseStatementAmount(cell)).toBe(expected);
  });

  it.each(["50.000,5", "50,000.50", "1,5", "-50.000", "(50.000)", "5O.000", "50.00.0", "1.2345", "1,234.567,00", "12,34,567", "9".repeat(20)])("refuses the amount %j", (cell) => {
    expect(parseStatementAmount(cell)).toBeNull();
  });

  it.each([
    ["29/11/2026", "2026-11-29"],
    ["29/11/2026 09:35", "2026-11-29"],
    ["29/11/2026 09:35:12", "2026-11-29"],
    ["1/2/2026", "2026-02-01"],
    ["29-11-2026", "2026-11-29"],
    ["2026-11-29", "2026-11-29"],
    ["2026-11-29 23:59:59", "2026-11-29"],
    ["29/02/2028", "2028-02-29"],
  ])("reads the date %j as %s", (cell, expected) => {
    expect(parseStatementDate(cell)).toBe(expected);
  });

  it.each(["29/02/2026", "11/29/2026 ", "2026/11/29", "29/11/26", "00/11/2026", "29/11/2026 9h35", ""])("refuses the date %j", (cell) => {
    expect(parseStatementDate(cell)).toBeNull();
  });
});

describe("matchStatement", () => {
  const line = (description: string, amount = 50000, bankRef: string | null = null, row = 2): StatementLine => ({ row, bookedOn: "2026-11-29", amount, description, bankRef });
  const attempts = [
    { reference: REF_A, amount: 50000, state: "pending" },
    { reference: REF_B, amount: 100000, state: "paid" },
  ];

  it("classifies every kind of line", () => {
    const result = matchStatement(
      [
        line(`DVC ${REF_A.toLowerCase().replace(/(.{6})/, "$1 ")}`, 40000, "T2"), // our reference, other amount: needs review
        line(`MBVCB.1.DVC ${REF_A} LE PHI`, 50000, "T1"), // matched
        line(`DVC ${REF_C}`, 50000, "T3"), // well-formed, not ours
        line("NGUYEN VAN A CHUYEN TIEN LE PHI", 50000, "T4"), // no reference: suspense
        line(`${REF_A} ${REF_B}`, 50000, "T5"), // two of ours
        line(`${REF_B}`, 100000, "T6"), // the attempt is already paid: a duplicate transfer
        line(`${REF_A}`, 50000, "T1"), // the bank reference of the matched line again
      ],
      attempts,
    );
    expect(result.map((m) => [m.class, m.reference, m.expected])).toEqual([
      ["amountDiffers", REF_A, 50000],
      ["matched", REF_A, 50000],
      ["unknownReference", null, null],
      ["noReference", null, null],
      ["ambiguous", null, null],
      ["alreadyPaid", REF_B, 100000],
      ["alreadyImported", null, null],
    ]);
    expect(result[2]!.references).toEqual([REF_C]);
    expect(result[4]!.references.sort()).toEqual([REF_A, REF_B].sort());
  });

  it("calls a second transfer for one attempt in the same statement alreadyPaid, and a refunded attempt's too", () => {
    const result = matchStatement([line(REF_A, 50000, "X1"), line(REF_A, 50000, "X2")], [...attempts, { reference: REF_C, amount: 50000, state: "refunded" }]);
    expect(result.map((m) => m.class)).toEqual(["matched", "alreadyPaid"]);
    expect(matchStatement([line(REF_C)], [{ reference: REF_C, amount: 50000, state: "refunded" }])[0]!.class).toBe("alreadyPaid");
  });

  it("calls a line whose bank reference was imported before alreadyImported, and lines without bank references are never", () => {
    const result = matchStatement([line(REF_A, 50000, "OLD"), line(REF_A, 50000, null)], attempts, new Set(["OLD"]));
    expect(result.map((m) => m.class)).toEqual(["alreadyImported", "matched"]);
  });

  it("matches late payments on expired or failed attempts (money taken is money taken)", () => {
    expect(matchStatement([line(REF_A)], [{ reference: REF_A, amount: 50000, state: "expired" }])[0]!.class).toBe("matched");
  });

  it("does not take a mistyped reference (bad check character) for ours", () => {
    const typo = REF_A.slice(0, -1) + (REF_A.endsWith("0") ? "1" : "0");
    expect(matchStatement([line(typo)], attempts)[0]!.class).toBe("noReference");
  });
});

describe("statement error texts", () => {
  it.each(["vi", "en"])("exist in %s for every error key, with the row where a row's error has one", (lng) => {
    const texts = JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "..", "locales", lng, "payments.json"), "utf8")) as { statement: { errors: Record<string, string> } };
    for (const key of Object.values(STATEMENT_ERRORS)) {
      const name = key.replace("payments:statement.errors.", "");
      expect(texts.statement.errors[name], key).toBeTruthy();
    }
    expect(texts.statement.errors.badDate).toContain("{{row}}");
    expect(texts.statement.errors.badAmount).toContain("{{value}}");
  });
});
