import { describe, expect, it } from "vitest";
import { eidDoneHref, eidStartHref, safeReturnTo } from "./return-to";

describe("safeReturnTo", () => {
  it("falls back to the caller's page when the value is not a safe path", () => {
    expect(safeReturnTo("https://evil.example/", "/account")).toBe("/account");
    expect(safeReturnTo("/sign-in/code", "/account")).toBe("/account");
    expect(safeReturnTo("/procedures", "/account")).toBe("/procedures");
  });

  it.each(["/", "/procedures", "/procedures?q=khai+sinh&online=FULL", "/procedures/1.001193", "/dossiers/track?code=H02.1-2025-000001"])(
    "keeps the portal path %s",
    (path) => expect(safeReturnTo(path)).toBe(path),
  );

  it.each([
    ["another site", "https://evil.example/"],
    ["a protocol-relative address", "//evil.example/x"],
    ["a backslash trick", "/\\evil.example"],
    ["a script", "javascript:alert(1)"],
    ["a relative path", "procedures"],
    ["a sign-in page (no loop)", "/sign-in"],
    ["the eID callback", "/sign-in/vneid/callback?code=x"],
    ["markup", "/x\"><script>"],
    ["nothing", null],
    ["a list", ["/procedures"]],
    ["an overlong path", `/${"a".repeat(300)}`],
  ])("refuses %s", (_what, value) => expect(safeReturnTo(value)).toBe("/"));
});

describe("eidStartHref", () => {
  it("carries the return path only when there is one", () => {
    expect(eidStartHref("/")).toBe("/sign-in/vneid");
    expect(eidStartHref("/procedures?q=a&b=c")).toBe("/sign-in/vneid?returnTo=%2Fprocedures%3Fq%3Da%26b%3Dc");
    expect(eidStartHref("https://evil.example")).toBe("/sign-in/vneid");
  });
});

describe("eidDoneHref", () => {
  it("goes on to the return path only when there is a safe one", () => {
    expect(eidDoneHref("/")).toBe("/sign-in/vneid/done");
    expect(eidDoneHref("/procedures")).toBe("/sign-in/vneid/done?returnTo=%2Fprocedures");
    expect(eidDoneHref("//evil.example")).toBe("/sign-in/vneid/done");
    expect(eidDoneHref("/sign-in/vneid/link")).toBe("/sign-in/vneid/done");
  });
});
