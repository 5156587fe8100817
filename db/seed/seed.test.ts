import { describe, expect, it } from "vitest";
import { engines, migratedDatabase } from "../testing";
import adminUnits from "./data/admin-units.json" with { type: "json" };
import { provinceRows, seedProvince } from "./seed";

describe("the demo province (pure)", () => {
  it("has Hà Giang's 11 district-level units and 193 commune-level units with GSO codes", () => {
    expect(adminUnits.districts.map((d) => d.code)).toEqual([
      "024", "026", "027", "028", "029", "030", "031", "032", "033", "034", "035",
    ]);
    const communes = adminUnits.districts.flatMap((d) => d.communes);
    expect(communes).toHaveLength(193);
    expect(new Set(communes.map((c) => c.code)).size).toBe(193);
    for (const c of communes) expect(c.code).toMatch(/^\d{5}$/);
    expect(adminUnits.districts.find((d) => d.code === "026")?.communes.find((c) => c.code === "00715")?.name).toBe("Lũng Cú");
  });

  it("gives every agency a unique identifier code in the 000.00.00.H22 form", () => {
    const { agencies } = provinceRows();
    const codes = agencies.map((a) => a.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^\d{3}\.\d{2}\.\d{2}\.H22$/);
    expect(agencies.filter((a) => a.kind === "district_ppc")).toHaveLength(11);
    expect(agencies.filter((a) => a.kind === "district_one_stop")).toHaveLength(11);
    expect(agencies.filter((a) => a.kind === "commune_ppc")).toHaveLength(193);
    expect(agencies.find((a) => a.code === "000.00.00.H22")?.name).toBe("Ủy ban nhân dân tỉnh Hà Giang");
    expect(agencies.find((a) => a.admin_unit_code === "00715")?.name).toBe("Ủy ban nhân dân xã Lũng Cú");
  });
});

describe.each(engines)("seeding on %s", (engine) => {
  it("writes the province once, and a second run changes nothing", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const first = await seedProvince(db);
      expect(first).toEqual({ adminUnits: 1 + 11 + 193, agencies: 1 + 20 + 1 + 11 * 2 + 193 });
      await db.updateTable("agency_versions").set({ phone: "0219 0000000" }).where("name", "=", "Sở Tư pháp").execute();
      expect(await seedProvince(db)).toEqual({ adminUnits: 0, agencies: 0 });
      const stp = await db.selectFrom("agency_versions").select("phone").where("name", "=", "Sở Tư pháp").executeTakeFirstOrThrow();
      expect(stp.phone).toBe("0219 0000000");
      const versions = await db.selectFrom("agency_versions").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      expect(Number(versions.n)).toBe(first.agencies);
    } finally {
      await close();
    }
  });
});
