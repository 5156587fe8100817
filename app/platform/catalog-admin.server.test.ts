import { afterEach, describe, expect, it } from "vitest";
import { catalogAdminPasswordMatches, requireCatalogAdminEnabled, safeAdminReturnTo } from "./catalog-admin.server";

describe("catalog administration access", () => {
  const saved = process.env.CATALOG_ADMIN_PASSWORD;
  afterEach(() => {
    if (saved === undefined) delete process.env.CATALOG_ADMIN_PASSWORD;
    else process.env.CATALOG_ADMIN_PASSWORD = saved;
  });

  it("is switched off (404 with a reason) without a password", async () => {
    delete process.env.CATALOG_ADMIN_PASSWORD;
    let thrown: unknown;
    try {
      requireCatalogAdminEnabled();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ init: { status: 404 }, data: { reason: "catalogAdminDisabled" } });
    expect(catalogAdminPasswordMatches("")).toBe(false);
  });

  it("accepts the configured password only", () => {
    process.env.CATALOG_ADMIN_PASSWORD = "correct horse battery staple";
    expect(() => requireCatalogAdminEnabled()).not.toThrow();
    expect(catalogAdminPasswordMatches("correct horse battery staple")).toBe(true);
    expect(catalogAdminPasswordMatches("correct horse battery stapl")).toBe(false);
    expect(catalogAdminPasswordMatches("")).toBe(false);
  });

  it("returns only to pages of the administration", () => {
    expect(safeAdminReturnTo("/admin/catalog/1.001193")).toBe("/admin/catalog/1.001193");
    expect(safeAdminReturnTo("//evil.example/admin/")).toBe("/admin/catalog");
    expect(safeAdminReturnTo("https://evil.example")).toBe("/admin/catalog");
    expect(safeAdminReturnTo("/admin/sign-in")).toBe("/admin/catalog");
    expect(safeAdminReturnTo(null)).toBe("/admin/catalog");
  });
});
