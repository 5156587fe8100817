import { describe, expect, it } from "vitest";
import { identityErrors } from "./errors";
import {
  checkPassword,
  contextTokens,
  foldText,
  isBasedOnContext,
  isCommonPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordErrorKey,
  passwordLength,
} from "./password";

const common = new Set(["password", "123456", "12345678", "matkhau", "anhyeuem", "iloveyou", "123456a@", "qwerty"]);
const check = (p: string, context?: readonly (string | null | undefined)[]) => checkPassword(p, { commonPasswords: common, context });

describe("length", () => {
  it("counts code points after NFC, spaces included", () => {
    expect(passwordLength("abcdefgh")).toBe(8);
    expect(passwordLength("mật khẩu")).toBe(8);
    expect(passwordLength("ma\u0323\u0302t kha\u0302\u0309u")).toBe(8); // decomposed accents
    expect(passwordLength("🙂🙂🙂🙂")).toBe(4); // astral characters count once, not as UTF-16 pairs
  });

  it("refuses fewer than 8 and more than 128 characters", () => {
    expect(PASSWORD_MIN_LENGTH).toBe(8);
    expect(PASSWORD_MAX_LENGTH).toBe(128);
    expect(check("Ab1!xyz")).toEqual({ ok: false, reason: "tooShort" });
    expect(check("")).toEqual({ ok: false, reason: "tooShort" });
    expect(check("🙂🙂🙂🙂🙂🙂🙂")).toEqual({ ok: false, reason: "tooShort" }); // 14 UTF-16 units, 7 characters
    expect(check("ma\u0323\u0302t kha")).toEqual({ ok: false, reason: "tooShort" }); // 10 units, 7 after NFC
    expect(check("tung bung xuan ve")).toEqual({ ok: true });
    expect(check("🙂🙂🙂🙂🙂🙂🙂🙂")).toEqual({ ok: true });
    expect(check("x".repeat(128))).toEqual({ ok: true });
    expect(check("x".repeat(129))).toEqual({ ok: false, reason: "tooLong" });
    expect(check("ộ".repeat(128))).toEqual({ ok: true }); // 128 characters, 256+ UTF-16 units decomposed
  });

  it("has no composition rules", () => {
    for (const p of ["correct horse battery staple", "nuixanhmaytrang", "đồng văn cao nguyên đá", "ALLCAPSLETTERS"]) {
      expect(check(p), p).toEqual({ ok: true });
    }
  });
});

describe("common passwords", () => {
  it.each([
    "password",
    "PASSWORD",
    "Password1",
    "Password2024!",
    "password!!!",
    "12345678",
    "12345678!",
    "matkhau123",
    "MatKhau@2025",
    "mật khẩu 123",
    "Mật Khẩu",
    "anhyeuem2024",
    "ANHYEUEM!",
    "123456a@",
    "iloveyou",
    "qwerty123456",
  ])("refuses %j", (p) => {
    expect(check(p)).toEqual({ ok: false, reason: "common" });
  });

  it.each(["passwordless login", "1password", "my password", "qwertyui", "matkhaucuatoi", "anh yeu em nhieu", "12345679"])(
    "accepts %j (not a list entry, even stripped)",
    (p) => {
      expect(check(p)).toEqual({ ok: true });
    },
  );

  it("does not strip a password made only of digits and symbols to nothing", () => {
    const list = new Set(["", "password"]);
    expect(isCommonPassword("20242025!!", list)).toBe(false);
  });
});

describe("context", () => {
  const me = ["Nguyễn Thị Hồng Nhung", "nhung.nguyen95@example.com", "002303012345"];

  it("folds Vietnamese text", () => {
    expect(foldText("Đặng Thị Ánh")).toBe("dang thi anh");
    expect(foldText("MẬT KHẨU")).toBe("mat khau");
  });

  it("derives tokens of 4 characters or more from names and e-mail local parts", () => {
    expect(contextTokens("Nguyễn Thị Hồng Nhung").sort()).toEqual(
      ["hong", "hongnhung", "nguyen", "nguyenthi", "nguyenthihong", "nguyenthihongnhung", "nhung", "thihong", "thihongnhung"].sort(),
    );
    expect(contextTokens("nhung.nguyen95@example.com").sort()).toEqual(["nguyen", "nguyen95", "nhung", "nhungnguyen95"].sort());
    expect(contextTokens("Lê Văn An").sort()).toEqual(["levan", "levanan", "vanan"]);
    expect(contextTokens("002303012345")).toEqual(["002303012345"]);
  });

  it.each([
    "Nhung@1995", // given name + 5
    "nguyenthihongnhung",
    "Nguyễn Thị Hồng Nhung",
    "hongnhung1995",
    "nhung.nguyen95",
    "002303012345",
    "03012345", // the last 8 digits of the personal identification number
    "CCCD002303012345",
    "dichvucong@2025",
    "HaGiang2024!",
    "Hà Giang 1234",
    "congdichvucong",
    "vneid12345",
  ])("refuses %j for Nguyễn Thị Hồng Nhung", (p) => {
    expect(check(p, me)).toEqual({ ok: false, reason: "context" });
  });

  it.each(["toi yeu ha giang vao dong", "Nhung thích hoa tam giác mạch", "nguyen van binh 1975", "hagiang la que huong toi"])(
    "accepts %j: the context word is only part of it",
    (p) => {
      expect(check(p, me)).toEqual({ ok: true });
    },
  );

  it("skips missing values and short tokens", () => {
    expect(check("an123456789", ["Lê Văn An", null, undefined, ""])).toEqual({ ok: true });
    expect(check("levanan1990", ["Lê Văn An"])).toEqual({ ok: false, reason: "context" });
    expect(isBasedOnContext("!!!!!!!!", ["abc"])).toBe(false);
  });

  it("always includes the service's own words", () => {
    expect(check("dichvucong2025")).toEqual({ ok: false, reason: "context" });
    expect(check("hagiang123!")).toEqual({ ok: false, reason: "context" });
  });
});

describe("error keys", () => {
  it("maps every reason", () => {
    expect(passwordErrorKey("tooShort")).toBe(identityErrors.passwordTooShort);
    expect(passwordErrorKey("tooLong")).toBe(identityErrors.passwordTooLong);
    expect(passwordErrorKey("common")).toBe(identityErrors.passwordCommon);
    expect(passwordErrorKey("context")).toBe(identityErrors.passwordContext);
  });
});
