import { describe, expect, it } from "vitest";
import { formatShortCode, generateShortCode, isValidShortCode, normalizeShortCode, SHORT_CODE_ALPHABET } from "./short-code";

describe("short codes", () => {
  it("are twelve characters of the unambiguous alphabet in groups of four, and valid", () => {
    for (let i = 0; i < 500; i++) {
      const code = generateShortCode();
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      expect(code).not.toMatch(/[ILOU]/);
      expect(isValidShortCode(code)).toBe(true);
    }
  });

  it("do not repeat (55 random bits)", () => {
    const codes = new Set(Array.from({ length: 5000 }, () => generateShortCode()));
    expect(codes.size).toBe(5000);
  });

  it("read what people type: lower case, spaces, no hyphens, O for 0, I and L for 1", () => {
    const code = generateShortCode(() => Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    expect(code.slice(0, 12)).toBe("0123-4567-89");
    const plain = code.replace(/-/g, "");
    expect(normalizeShortCode(code.toLowerCase())).toBe(plain);
    expect(normalizeShortCode(` ${plain.slice(0, 6)} ${plain.slice(6)} `)).toBe(plain);
    expect(normalizeShortCode(code.replace("0", "O").replace("1", "l"))).toBe(plain);
    expect(normalizeShortCode(code.replace("0", "o").replace("1", "I"))).toBe(plain);
  });

  it("catch every single mistyped character and refuse wrong lengths and foreign characters", () => {
    for (let n = 0; n < 50; n++) {
      const code = generateShortCode().replace(/-/g, "");
      for (let i = 0; i < code.length; i++) {
        for (const c of SHORT_CODE_ALPHABET) {
          if (c === code[i]) continue;
          const typo = code.slice(0, i) + c + code.slice(i + 1);
          expect(isValidShortCode(typo), `${code} → ${typo}`).toBe(false);
        }
      }
    }
    const code = generateShortCode();
    expect(isValidShortCode(code.slice(0, -1))).toBe(false);
    expect(isValidShortCode(code + "0")).toBe(false);
    expect(isValidShortCode(code.replace(/^./, "U"))).toBe(false);
    expect(isValidShortCode("")).toBe(false);
    expect(isValidShortCode("ĐĐĐĐ-ĐĐĐĐ-ĐĐĐĐ")).toBe(false);
  });

  it("format in groups of four", () => {
    expect(formatShortCode("0123456789AB")).toBe("0123-4567-89AB");
  });
});
