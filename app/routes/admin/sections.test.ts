import { describe, expect, it } from "vitest";
import { adminSectionsOf } from "./sections";

describe("the administration's sections", () => {
  it("offer each official only the parts their roles open", () => {
    const official = (...roles: ("catalog_admin" | "system_admin" | "handler")[]) => ({ kind: "official" as const, userId: "u", roles: roles.map((role) => ({ agencyId: "a", role })) });
    expect(adminSectionsOf(official("catalog_admin")).map((s) => s.key)).toEqual(["catalog"]);
    expect(adminSectionsOf(official("system_admin")).map((s) => s.key)).toEqual(["officials", "agencies", "calendar", "signatures"]);
    expect(adminSectionsOf(official("system_admin", "catalog_admin")).map((s) => s.key)).toEqual(["catalog", "officials", "agencies", "calendar", "signatures"]);
    expect(adminSectionsOf(official("handler"))).toEqual([]);
    expect(adminSectionsOf({ kind: "citizen", userId: "c", actingFor: null })).toEqual([]);
    expect(adminSectionsOf({ kind: "anonymous" })).toEqual([]);
  });
});
