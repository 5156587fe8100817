import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkPasswordPolicy, commonPasswordsFile, loadCommonPasswords, parseCommonPasswords } from "./password-list.server";

describe("the shipped list of common passwords", () => {
  const list = loadCommonPasswords();

  it("is found and has at least 2,000 entries", () => {
    expect(commonPasswordsFile()).toMatch(/common-passwords\.txt$/);
    expect(list.size).toBeGreaterThanOrEqual(2000);
  });

  it("is read once", () => {
    expect(loadCommonPasswords()).toBe(list);
  });

  it("holds the top breach passwords and Vietnamese ones", () => {
    for (const p of ["123456", "password", "12345678", "qwerty", "iloveyou", "111111", "abc123", "1qaz2wsx", "p@ssw0rd", "letmein", "monkey", "dragon"]) {
      expect(list.has(p), p).toBe(true);
    }
    for (const p of ["matkhau", "matkhau123", "anhyeuem", "emyeuanh", "123456a@", "hanoi", "vietnam", "saigon", "dichvucong", "hagiang", "aa@123456"]) {
      expect(list.has(p), p).toBe(true);
    }
  });

  it("is written lower case without diacritics, one entry a line, no duplicates", () => {
    const lines = readFileSync(commonPasswordsFile(), "utf8").split("\n").filter((l) => l !== "" && !l.startsWith("#"));
    expect(new Set(lines).size).toBe(lines.length);
    for (const line of lines) {
      expect(line, line).toBe(line.trim());
      expect(line, line).toMatch(/^[\x21-\x7e]+$/);
      expect(line, line).toBe(line.toLowerCase());
    }
  });

  it("drives the policy", () => {
    expect(checkPasswordPolicy("Matkhau@2025")).toEqual({ ok: false, reason: "common" });
    expect(checkPasswordPolicy("Qwerty123!")).toEqual({ ok: false, reason: "common" });
    expect(checkPasswordPolicy("Aa@123456")).toEqual({ ok: false, reason: "common" });
    expect(checkPasswordPolicy("iloveyou3000")).toEqual({ ok: false, reason: "common" });
    expect(checkPasswordPolicy("Princess1")).toEqual({ ok: false, reason: "common" });
    expect(checkPasswordPolicy("88888888")).toEqual({ ok: false, reason: "common" });
    expect(checkPasswordPolicy("01011990")).toEqual({ ok: false, reason: "common" });
    expect(checkPasswordPolicy("Trần Văn Bình 1980", ["Trần Văn Bình"])).toEqual({ ok: false, reason: "context" });
    expect(checkPasswordPolicy("ruộng bậc thang hoàng su phì")).toEqual({ ok: true });
    expect(checkPasswordPolicy("cau-may-dong-van-9")).toEqual({ ok: true });
  });
});

describe("parseCommonPasswords", () => {
  it("skips comments and blanks, folds entries, reads a given file", () => {
    expect([...parseCommonPasswords("# a comment\n\nMật Khẩu\r\nABC\n  spaced  \n")]).toEqual(["mat khau", "abc", "spaced"]);
    const dir = mkdtempSync(join(tmpdir(), "pw-"));
    const file = join(dir, "list.txt");
    writeFileSync(file, "Zebra\n");
    expect([...loadCommonPasswords(file)]).toEqual(["zebra"]);
  });
});
