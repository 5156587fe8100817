import { describe, expect, it } from "vitest";
import { compilePattern } from "./form-definition";
import { isSafePattern } from "./patterns";

describe("isSafePattern", () => {
  it("accepts the patterns forms need, with fixed counts or a separator inside repetitions", () => {
    for (const pattern of [
      "^[0-9]{6,20}$",
      "^Hộ kinh doanh .+",
      "^[A-Z0-9]{6,20}$",
      "\\d{3}",
      "\\p{Lu}\\d+",
      "[\\p{L}]+(?: [\\p{L}]+)*",
      "(?:\\d+,)*\\d+",
      "(\\d{3}\\.)+",
      "((ab)*c)+",
      "(?:\\d|\\s)+",
      "(ab)?c+",
      "[(+]*\\d+",
      "\\(\\d+\\)",
      "a{2}b{1,3}",
      "(?<code>[A-Z]{2})-\\d+",
      "(?=\\d)\\d+",
      "\\u{1F600}+",
    ]) {
      expect(compilePattern(pattern), pattern).not.toBeNull();
      expect(isSafePattern(pattern), pattern).toBe(true);
    }
  });

  it("refuses nested quantifiers at any depth", () => {
    for (const pattern of [
      "(a+)+",
      "(a*)*b",
      "(?:\\d+)*$",
      "(?:a|b?)+",
      "((ab)*c?)+",
      "(x\\w*)*",
      "(?:[a-z]{1,3}){2,}",
      "^(\\w+\\s?)*$",
      "(.*,)*x",
      "(a)(?:\\1b?)+",
    ]) {
      expect(compilePattern(pattern), pattern).not.toBeNull();
      expect(isSafePattern(pattern), pattern).toBe(false);
    }
  });

  it("does not loop on sources that do not compile", () => {
    for (const pattern of ["(?<", "\\k<", "a)(b", "[", "\\p{", "(", ")"]) expect(typeof isSafePattern(pattern)).toBe("boolean");
  });

  it("keeps a refused pattern's worst case out of reach: the accepted separator form runs fast on a hostile value", () => {
    const safe = compilePattern("[\\p{L}]+(?: [\\p{L}]+)*")!;
    const started = performance.now();
    expect(safe.test(`${"a ".repeat(500)}!`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
