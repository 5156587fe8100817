import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createServerI18n } from "~/platform/i18n.server";
import { identityErrors } from "./errors";

const root = join(import.meta.dirname, "..", "..", "..", "locales");
const load = (lng: string) => JSON.parse(readFileSync(join(root, lng, "identity.json"), "utf8")) as { errors: Record<string, string> };

describe("identity error keys", () => {
  it("each names a text in the identity namespace, in Vietnamese and English", () => {
    for (const [name, key] of Object.entries(identityErrors)) {
      expect(key).toBe(`identity:errors.${name}`);
      for (const lng of ["vi", "en"]) expect(load(lng).errors[name], `${lng} ${name}`).toMatch(/\S/);
    }
  });

  it("have no text without a key (no dead texts)", () => {
    expect(Object.keys(load("vi").errors).sort()).toEqual(Object.keys(identityErrors).sort());
  });

  it("say the real limits of the password policy", () => {
    expect(load("vi").errors.passwordTooShort).toContain("8");
    expect(load("vi").errors.passwordTooLong).toContain("128");
  });

  it("resolve through the server's i18n, whatever namespace t() is bound to", async () => {
    const vi = await createServerI18n("vi", ["identity"]);
    expect(vi.t(identityErrors.passwordTooShort)).toBe("Mật khẩu phải có ít nhất 8 ký tự");
    expect(vi.getFixedT("vi", "forms")(identityErrors.cccdFormat)).toBe("Số định danh cá nhân phải gồm đúng 12 chữ số");
    const en = await createServerI18n("en", ["identity"]);
    expect(en.t(identityErrors.taxCodeChecksum)).toBe("Check the tax code: its last digit does not match the first 9 digits");
  });
});
