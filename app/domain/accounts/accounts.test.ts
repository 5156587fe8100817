import { describe, expect, it } from "vitest";
import { maskEmail } from "./accounts";

describe("a masked e-mail address", () => {
  it("keeps the first character of the name and the domain", () => {
    expect(maskEmail("lan.hoang@example.vn")).toBe("l***@example.vn");
    expect(maskEmail("a@hagiang.gov.vn")).toBe("a***@hagiang.gov.vn");
    // The name's length is not given away.
    expect(maskEmail("lien.ket.1764512345678@example.vn")).toBe("l***@example.vn");
  });

  it("keeps a whole first character, and says nothing for what is not an address", () => {
    expect(maskEmail("đức@example.vn")).toBe("đ***@example.vn");
    expect(maskEmail("😀x@example.vn")).toBe("😀***@example.vn");
    expect(maskEmail("@example.vn")).toBeNull();
    expect(maskEmail("lan@")).toBeNull();
    expect(maskEmail("lan")).toBeNull();
  });
});
