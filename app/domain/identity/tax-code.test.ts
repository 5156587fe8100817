import { describe, expect, it } from "vitest";
import { identityErrors } from "./errors";
import { checkTaxCode, makeTaxCodeSchema, normaliseTaxCode, TAX_CODE_WEIGHTS, taxCodeCheckDigit, taxCodeErrorKey, taxCodeSchema } from "./tax-code";

/** The rule written out independently: Σ dᵢ·wᵢ; check = 10 − (Σ mod 11); none when that is 10. */
function remainder(firstNine: string): number {
  const weights = [31, 29, 23, 19, 17, 13, 7, 5, 3];
  return weights.reduce((acc, w, i) => acc + w * Number(firstNine.charAt(i)), 0) % 11;
}
function withCheck(firstNine: string): string {
  const r = remainder(firstNine);
  if (r === 0) throw new Error(`${firstNine} has no check digit`);
  return `${firstNine}${10 - r}`;
}

/**
 * Real tax codes published online: python-stdnum's test list (tests/test_vn_mst.doctest, "found online"), and
 * Viettel's 0100109106. Branch codes are written as there, with or without separators.
 */
const REAL_CODES = `
0100109106 0100112437 0100112437011 0100233488 0101245486 0102182292 0102278149 0102328512 0102638049
0102641429-066 0102721191-001 0102723382 0103131621 0103326250 0103581701 0105022466 0105330703 0105869220
0105958840 0106142205 0106713191 0106824279 0106897051 0106929352 0107338930 0107371744 0107408553 0107430703
0107526719 0107568451 0107959889 0107984081 0108024302 0108100828 0108200276 0108256430 0108747679 0108880215
0109120150 0109161862 0200747399 0201900138 0201909807 0201910834 0300533351 0301471348 0302082048 0302787672
0302971199 0303025606 0303104343 0303177976 0303217354 0303789707 0304436870 0304475742 0304541339 0305000124
0305060028 0305322160 0305338315 0305592294 0306404183 0308023320 0309485335 0310213840 0310350004 0311916028
0311592398 0311693854 0311892472 0311933841 0312687878-001 0312273838 0312386285 0312615305 0312971744
0313322647 0313511637 0313547048 0313752826 0313844499 0313883096 0314179100 0314390745 0314409058-002
0314425155 0314715626 0314797650 0314817730 0315406620 0315427476 0315469356 0315615423 0315641254 0315649013
0315675711 0316079077 0316095304 0316110224 0400129230 0400583250 0401443048 0401958914 0700790272 0900283167
1201480559 1300440846-008 1600255033-006 1600699712-004 1601223524 1801314923 2000102580 2000102580-001
2000102580-002 2000730546-015 2000961769-009 2100624710 2300376864 2500291713 2800886119 2901807716
3100104093-009 3200707377 3300273243-005 3301595028 3400416992-007 3500748818 3500865800 3600532315 3602404615
3603277021 3603718156 3700635642 3700751416 3701398754 3702499152 3702642596 3900260711 3900956516 3901166775
3901203321 4000107409 4001100318 4001170925 4200919944 4201783848 4401031161 4900224296 4900813164 5200327611
5200869050 5400478872 5500340437 5701424091 5800199577-002 5900705097 8037630690 8463763902
`
  .trim()
  .split(/\s+/);

describe("the check digit", () => {
  it("uses the weights 31 29 23 19 17 13 7 5 3", () => {
    expect(TAX_CODE_WEIGHTS).toEqual([31, 29, 23, 19, 17, 13, 7, 5, 3]);
    expect(taxCodeCheckDigit("010010910")).toBe(6); // 0100109106
    expect(taxCodeCheckDigit("031234567")).toBe(3);
  });

  it("is 10 − (Σ mod 11) for every remainder but 0, and none for 0", () => {
    const seen = new Set<number>();
    for (let n = 100_000_000; seen.size < 11; n += 7) {
      const nine = String(n);
      const r = remainder(nine);
      seen.add(r);
      expect(taxCodeCheckDigit(nine), nine).toBe(r === 0 ? null : 10 - r);
    }
    // Remainder 10 gives 0, remainder 1 gives 9.
    expect([...seen].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("refuses anything but 9 digits", () => {
    for (const v of ["", "01001091", "0100109106", "01001091a", " 10010910"]) expect(taxCodeCheckDigit(v), v).toBeNull();
  });

  it("confirms the rule on real codes: all valid, and none whose nine digits have remainder 0", () => {
    expect(REAL_CODES.length).toBeGreaterThan(150);
    const remainders = new Map<number, number>();
    for (const code of REAL_CODES) {
      expect(checkTaxCode(code), code).toMatchObject({ ok: true });
      const r = remainder(code.slice(0, 9));
      remainders.set(r, (remainders.get(r) ?? 0) + 1);
    }
    // The "map 10 to 0" variant some code uses would expect about a tenth of the codes here.
    expect(remainders.get(0)).toBeUndefined();
    // Remainders 1 (→ 9) and 10 (→ 0) do occur in real codes.
    expect(remainders.get(1)).toBeGreaterThan(0);
    expect(remainders.get(10)).toBeGreaterThan(0);
  });

  it("detects every single-digit typo in real codes", () => {
    for (const code of REAL_CODES.filter((c) => c.length === 10).slice(0, 40)) {
      for (let i = 0; i < 10; i++) {
        for (let d = 0; d <= 9; d++) {
          if (String(d) === code[i]) continue;
          const typo = code.slice(0, i) + d + code.slice(i + 1);
          expect(checkTaxCode(typo).ok, typo).toBe(false);
        }
      }
    }
  });
});

describe("checkTaxCode", () => {
  it.each([
    ["0100109106", "0100109106", "organisation"],
    [" 0100109106 ", "0100109106", "organisation"],
    ["0100 109 106", "0100109106", "organisation"],
    ["01.00.112.437", "0100112437", "organisation"],
    ["0100109106-001", "0100109106-001", "branch"],
    ["0100109106001", "0100109106-001", "branch"],
    ["0100109106 - 999", "0100109106-999", "branch"],
    ["0100109106\u2013001", "0100109106-001", "branch"], // en dash from a word processor
    ["0312 68 78 78 - 001", "0312687878-001", "branch"],
    [withCheck("510012345"), withCheck("510012345"), "organisation"],
  ] as const)("accepts %j as %s", (input, value, kind) => {
    expect(checkTaxCode(input)).toEqual({ ok: true, value, kind });
  });

  it.each([
    ["", "format"],
    ["010010910", "format"], // 9 digits
    ["01001091066", "format"], // 11 digits
    ["0100109106-01", "format"],
    ["0100109106-0001", "format"],
    ["0100109106--001", "format"],
    ["01OO109106", "format"],
    ["MST0100109106", "format"],
    ["0100000008", "format"], // serial 0000000
    ["002203012345", "format"], // 12 digits, personal numbers not accepted here
    ["0100109107", "checksum"],
    ["0100233480", "checksum"],
    ["0312345679", "checksum"],
    ["0100109107-001", "checksum"],
    ["0100109106-000", "branch"],
    ["0100109106000", "branch"],
  ] as const)("refuses %j: %s", (input, reason) => {
    expect(checkTaxCode(input)).toEqual({ ok: false, reason });
  });

  it("has no valid code when Σ mod 11 is 0", () => {
    let nine = "";
    for (let n = 100_000_000; nine === ""; n++) if (remainder(String(n)) === 0) nine = String(n);
    for (let d = 0; d <= 9; d++) expect(checkTaxCode(`${nine}${d}`), `${nine}${d}`).toEqual({ ok: false, reason: "checksum" });
  });

  it("accepts a personal identification number only when asked to", () => {
    const opts = { acceptPersonalId: true, currentYear: 2026 };
    expect(checkTaxCode("002 203 012 345", opts)).toEqual({ ok: true, value: "002203012345", kind: "personalId" });
    expect(checkTaxCode("002203012345", { currentYear: 2026 })).toEqual({ ok: false, reason: "format" });
    expect(checkTaxCode("003203012345", opts)).toEqual({ ok: false, reason: "personalId", personalIdReason: "province" });
    expect(checkTaxCode("002999012345", opts)).toEqual({ ok: false, reason: "personalId", personalIdReason: "birthYear" });
    // Organisations' codes are still accepted alongside.
    expect(checkTaxCode("0100109106", opts)).toMatchObject({ ok: true, kind: "organisation" });
    expect(checkTaxCode("12345", opts)).toEqual({ ok: false, reason: "format" });
  });

  it("normalises spaces, dots and dashes", () => {
    expect(normaliseTaxCode(" 0100.109.106 \u2212 001 ")).toBe("0100109106-001");
  });
});

describe("taxCodeSchema", () => {
  const message = (schema: typeof taxCodeSchema, v: unknown) => schema.safeParse(v).error?.issues[0]?.message;

  it("outputs the canonical form", () => {
    expect(taxCodeSchema.parse("0100109106001")).toBe("0100109106-001");
  });

  it("gives i18n keys as messages", () => {
    expect(message(taxCodeSchema, "12345")).toBe(identityErrors.taxCodeFormat);
    expect(message(taxCodeSchema, "0100109107")).toBe(identityErrors.taxCodeChecksum);
    expect(message(taxCodeSchema, "0100109106-000")).toBe(identityErrors.taxCodeBranch);
    expect(message(taxCodeSchema, "")).toBe(identityErrors.taxCodeRequired);
    expect(message(taxCodeSchema, null)).toBe(identityErrors.taxCodeRequired);
    expect(message(taxCodeSchema, "002203012345")).toBe(identityErrors.taxCodeFormat);
  });

  it("with acceptPersonalId, says so in its format message", () => {
    const personal = makeTaxCodeSchema({ acceptPersonalId: true, currentYear: 2026 });
    expect(personal.parse("002203012345")).toBe("002203012345");
    expect(message(personal, "12345")).toBe(identityErrors.taxCodeFormatOrPersonalId);
    expect(message(personal, "003203012345")).toBe(identityErrors.taxCodePersonalId);
  });

  it("maps every reason to a key", () => {
    expect(taxCodeErrorKey("format")).toBe(identityErrors.taxCodeFormat);
    expect(taxCodeErrorKey("format", { acceptPersonalId: true })).toBe(identityErrors.taxCodeFormatOrPersonalId);
    expect(taxCodeErrorKey("checksum")).toBe(identityErrors.taxCodeChecksum);
    expect(taxCodeErrorKey("branch")).toBe(identityErrors.taxCodeBranch);
    expect(taxCodeErrorKey("personalId")).toBe(identityErrors.taxCodePersonalId);
  });
});
