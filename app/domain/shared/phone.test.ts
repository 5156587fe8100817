import { describe, expect, it } from "vitest";
import { smsNumber } from "./phone";

describe("smsNumber", () => {
  it("keeps a Vietnamese number without its separators", () => {
    expect(smsNumber("0912 345.678")).toBe("0912345678");
    expect(smsNumber("+84-912-345-678")).toBe("+84912345678");
  });
  it("refuses what cannot receive a text message", () => {
    for (const raw of ["", null, undefined, "12345", "0912 34", "+1 212 555 0100", "09123456789012", "abc0912345678"]) expect(smsNumber(raw)).toBeNull();
  });
});
