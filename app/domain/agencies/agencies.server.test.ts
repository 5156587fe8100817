import { describe, expect, it } from "vitest";
import { engines, migratedDatabase } from "../../../db/testing";
import { seedProvince } from "../../../db/seed/seed";
import { auditTrailFor } from "../../platform/audit.server";
import { agencyDirectoryOn, changeAgencyFrom, mergeAgenciesFrom } from "./agencies.server";
import { findAgenciesValidOn, findAgencyIdByCode } from "./agencies.repo.server";

describe.each(engines)("the agency tree over time on %s", (engine) => {
  it("lists the province, its 11 districts and each district's communes", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await seedProvince(db);
      const directory = await agencyDirectoryOn(db, "2024-05-01");
      expect(directory.total).toBe(237);
      expect(directory.province[0]?.code).toBe("000.00.00.H22");
      expect(directory.province.some((a) => a.kind === "service_centre")).toBe(true);
      expect(directory.districts).toHaveLength(11);
      const dongVan = directory.districts.find((d) => d.adminUnitCode === "026")!;
      expect(dongVan.name).toBe("Ủy ban nhân dân huyện Đồng Văn");
      expect(dongVan.children.filter((c) => c.kind === "commune_ppc")).toHaveLength(19);
      expect(dongVan.children.filter((c) => c.kind === "district_one_stop")).toHaveLength(1);
      expect((await agencyDirectoryOn(db, "2019-12-31")).total).toBe(0);
    } finally {
      await close();
    }
  });

  it("renames an agency from a date, keeping the old name for earlier dates", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await seedProvince(db);
      const result = await changeAgencyFrom(db, {
        code: "000.00.07.H22",
        validFrom: "2025-03-01",
        changes: { name: "Sở Nông nghiệp và Môi trường" },
        actorId: null,
      });
      expect(result).toEqual({ ok: true });
      const nameOn = async (date: string) =>
        (await findAgenciesValidOn(db, date)).find((a) => a.code === "000.00.07.H22")?.name;
      expect(await nameOn("2025-02-28")).toBe("Sở Nông nghiệp và Phát triển nông thôn");
      expect(await nameOn("2025-03-01")).toBe("Sở Nông nghiệp và Môi trường");
      const id = (await findAgencyIdByCode(db, "000.00.07.H22"))!;
      expect((await auditTrailFor(db, "agency", id)).map((e) => e.action)).toEqual(["agency.changed"]);

      expect(
        await changeAgencyFrom(db, { code: "000.00.07.H22", validFrom: "2025-03-01", changes: {}, actorId: null }),
      ).toEqual({ ok: false, error: "date-not-after-start" });
      expect(await changeAgencyFrom(db, { code: "000.00.77.H22", validFrom: "2026-01-01", changes: {}, actorId: null })).toEqual({
        ok: false,
        error: "unknown-agency",
      });
    } finally {
      await close();
    }
  });

  it("merges agencies into a successor, all or nothing", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await seedProvince(db);
      // Natural Resources and Environment merges into Agriculture on 01/03/2025.
      const ok = await mergeAgenciesFrom(db, {
        codes: ["000.00.10.H22"],
        successorCode: "000.00.07.H22",
        validFrom: "2025-03-01",
        actorId: null,
      });
      expect(ok).toEqual({ ok: true });
      const codesOn = async (date: string) => (await findAgenciesValidOn(db, date)).map((a) => a.code);
      expect(await codesOn("2025-02-28")).toContain("000.00.10.H22");
      expect(await codesOn("2025-03-01")).not.toContain("000.00.10.H22");

      // The second code is already closed: nothing of this merge may be kept.
      const refused = await mergeAgenciesFrom(db, {
        codes: ["000.00.09.H22", "000.00.10.H22"],
        successorCode: "000.00.07.H22",
        validFrom: "2025-06-01",
        actorId: null,
      });
      expect(refused).toEqual({ ok: false, error: "not-open" });
      expect(await codesOn("2025-07-01")).toContain("000.00.09.H22");
    } finally {
      await close();
    }
  });
});
