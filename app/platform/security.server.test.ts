import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, createNonce, isCrossSiteMutation, securityHeaders } from "./security.server";

describe("content security policy", () => {
  it("allows the application's own script files and inline scripts carrying this response's nonce, and no inline styles in production", () => {
    const csp = contentSecurityPolicy("abc");
    expect(csp).toContain("script-src 'self' 'nonce-abc'");
    expect(csp).toContain("style-src 'self';");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
  });

  it("allows no inline script at all on a page without a nonce", () => {
    expect(contentSecurityPolicy(null)).toContain("script-src 'self';");
  });

  it("gives a new nonce to every response", () => {
    const a = createNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(createNonce()).not.toBe(a);
  });

  it("lets forms lead only to this site, and to the eID provider's origin when it is configured", () => {
    expect(contentSecurityPolicy("n")).toContain("form-action 'self';");
    const withEid = securityHeaders("n", { formActionOrigins: ["https://sso.vneid.gov.vn"] })["Content-Security-Policy"];
    expect(withEid).toContain("form-action 'self' https://sso.vneid.gov.vn;");
    expect(contentSecurityPolicy(null, { formActionOrigins: ["http://127.0.0.1:3400"] })).toContain("form-action 'self' http://127.0.0.1:3400;");
  });

  it("sends HSTS only over HTTPS", () => {
    expect(securityHeaders("n", { https: false })["Strict-Transport-Security"]).toBeUndefined();
    expect(securityHeaders("n", { https: true })["Strict-Transport-Security"]).toContain("max-age=31536000");
  });
});

describe("isCrossSiteMutation", () => {
  const site = "https://dichvucong.hagiang.gov.vn";
  it("lets reads and same-origin posts through", () => {
    expect(isCrossSiteMutation("GET", { origin: "https://evil.example" }, site)).toBe(false);
    expect(isCrossSiteMutation("POST", { origin: site, secFetchSite: "same-origin" }, site)).toBe(false);
    expect(isCrossSiteMutation("POST", {}, site)).toBe(false);
  });
  it("refuses posts from another origin or site", () => {
    expect(isCrossSiteMutation("POST", { origin: "https://evil.example" }, site)).toBe(true);
    expect(isCrossSiteMutation("POST", { secFetchSite: "cross-site" }, site)).toBe(true);
    expect(isCrossSiteMutation("DELETE", { secFetchSite: "same-site" }, site)).toBe(true);
    expect(isCrossSiteMutation("POST", { origin: "null" }, site)).toBe(true);
    expect(isCrossSiteMutation("POST", { origin: "http://dichvucong.hagiang.gov.vn" }, site)).toBe(true);
  });
});
