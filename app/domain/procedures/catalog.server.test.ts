import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { text } from "node:stream/consumers";
import { afterAll, describe, expect, it } from "vitest";
import { engines, migratedDatabase } from "../../../db/testing";
import { seedProvince } from "../../../db/seed/seed";
import { createFileStorage } from "../../platform/storage.server";
import { catalogIndex, exportCatalog, importCatalog, parseCatalogQuery, procedurePage, procedureTemplate, searchProcedures } from "./catalog.server";
import { fixtureCatalog, fixtureTemplates } from "./catalog.fixture";

const dir = await mkdtemp(join(tmpdir(), "catalog-"));
afterAll(() => rm(dir, { recursive: true, force: true }));
const storage = createFileStorage(dir);
const readFile = async (path: string) => {
  const bytes = fixtureTemplates[path];
  if (!bytes) throw new Error("missing");
  return bytes;
};
const TODAY = "2026-11-29";
const query = (q: string) => parseCatalogQuery(new URLSearchParams(q));

describe.each(engines)("the procedure catalog on %s", (engine) => {
  it("imports once, then changes nothing on a second import; a changed procedure becomes a new version", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await seedProvince(db);
      expect(await importCatalog(db, storage, fixtureCatalog(), { readFile })).toEqual({ ok: true, created: 2, changed: 0, unchanged: 0 });
      expect(await importCatalog(db, storage, fixtureCatalog(), { readFile })).toEqual({ ok: true, created: 0, changed: 0, unchanged: 2 });

      const page = await procedurePage(db, "1.001193", TODAY);
      expect(page?.version.number).toBe(1);
      expect(page?.offerings).toHaveLength(193);
      expect(page?.bestOnlineLevel).toBe("FULL");

      const changed = fixtureCatalog();
      changed.procedures[0]!.name = "Đăng ký khai sinh (trong nước)";
      changed.procedures[0]!.validFrom = "2026-01-01";
      expect(await importCatalog(db, storage, changed, { readFile })).toEqual({ ok: true, created: 0, changed: 1, unchanged: 1 });
      expect((await procedurePage(db, "1.001193", TODAY))?.content.name).toBe("Đăng ký khai sinh (trong nước)");
      expect((await procedurePage(db, "1.001193", TODAY))?.version.number).toBe(2);
      // Earlier dates still see the version then in force.
      expect((await procedurePage(db, "1.001193", "2025-06-01"))?.content.name).toBe("Đăng ký khai sinh");

      // Export gives back what was imported (for the versions in force).
      const exported = await exportCatalog(db, TODAY);
      expect(exported.procedures.map((p) => p.code)).toEqual(["1.001193", "2.000488"]);
      expect(exported.procedures[0]!.documents[0]!.template).toEqual({ file: "templates/to-khai-khai-sinh.rtf", title: "Mẫu tờ khai đăng ký khai sinh" });
      expect(await importCatalog(db, storage, exported, { readFile })).toMatchObject({ ok: true, changed: 0, created: 0 });
    } finally {
      await close();
    }
  });

  it("refuses an invalid catalog naming the procedure code and the JSON path, and keeps nothing", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await seedProvince(db);
      const bad = fixtureCatalog();
      (bad.procedures[1]!.offerings[0]!.channels[0]!.timeLimit as { amount: number }).amount = -3;
      const result = await importCatalog(db, storage, bad, { readFile });
      expect(result.ok).toBe(false);
      expect(!result.ok && result.issues[0]).toMatchObject({ code: "2.000488", path: "procedures[1].offerings[0].channels[0].timeLimit.amount" });

      const unknownAgency = fixtureCatalog();
      unknownAgency.procedures[1]!.offerings[0]!.receivers = { codes: ["000.00.77.H22"] };
      const refused = await importCatalog(db, storage, unknownAgency, { readFile });
      expect(refused).toEqual({
        ok: false,
        issues: [{ code: "2.000488", path: "procedures[1].offerings[0].receivers.codes[0]", message: "catalog.errors.unknownAgency" }],
      });
      expect((await catalogIndex(db, TODAY)).entries).toHaveLength(0);

      const missingTemplate = await importCatalog(db, storage, fixtureCatalog(), { readFile: async () => Promise.reject(new Error("x")) });
      expect(missingTemplate).toMatchObject({ ok: false, issues: [{ code: "1.001193", path: "procedures[0].documents[0].template.file" }] });
    } finally {
      await close();
    }
  });

  it("searches the same way on both engines, with filters, counts and bad input", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await seedProvince(db);
      await importCatalog(db, storage, fixtureCatalog(), { readFile });
      for (const q of ["q=dang+ky+khai+sinh", "q=%C4%90%C4%82NG+K%C3%9D+KHAI+SINH", "q=1.001193", "q=tr%E1%BA%BB+em"]) {
        expect((await searchProcedures(db, query(q), TODAY)).results[0]?.code, q).toBe("1.001193");
      }
      expect((await searchProcedures(db, query("q=lltp"), TODAY)).results[0]?.code).toBe("2.000488");

      const centre = await searchProcedures(db, query("agency=000.01.01.H22"), TODAY);
      expect(centre.results.map((r) => [r.code, r.onlineLevel])).toEqual([["2.000488", "PARTIAL"]]);
      expect(centre.agency?.name).toBe("Trung tâm Phục vụ hành chính công tỉnh Hà Giang");
      const commune = await searchProcedures(db, query("agency=000.01.26.H22&online=FULL"), TODAY);
      expect(commune.results.map((r) => r.code)).toEqual(["1.001193"]);
      const all = await searchProcedures(db, query(""), TODAY);
      expect(all.counts).toEqual({ FULL: 1, PARTIAL: 1, INFO: 0 });
      expect(all.fields.map((f) => f.code).sort()).toEqual(["ho-tich", "ly-lich-tu-phap"]);

      for (const q of ["q=", `q=${"x".repeat(500)}`, "q=%22*%3A(", "field=nope&level=galaxy&online=MAX&event=x&page=-4&agency=1'--", "page=99999"]) {
        const result = await searchProcedures(db, query(q), TODAY);
        expect(result.page, q).toBeGreaterThanOrEqual(1);
      }
      expect((await searchProcedures(db, query("field=nope&level=galaxy"), TODAY)).total).toBe(2);
    } finally {
      await close();
    }
  });

  it("serves a template only for a procedure that lists it", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await seedProvince(db);
      await importCatalog(db, storage, fixtureCatalog(), { readFile });
      const page = await procedurePage(db, "1.001193", TODAY);
      const sha = page!.content.documents[0]!.template!.sha256;
      const file = await procedureTemplate(db, "1.001193", sha, TODAY);
      expect(file).toMatchObject({ fileName: "to-khai-khai-sinh.rtf", media_type: "application/rtf" });
      expect(await text(storage.read(file!.storage_key))).toContain("rtf1");
      expect(await procedureTemplate(db, "2.000488", sha, TODAY)).toBeNull();
      expect(await procedurePage(db, "9.999999", TODAY)).toBeNull();
      expect(await procedurePage(db, "'; drop table x", TODAY)).toBeNull();
    } finally {
      await close();
    }
  });
});
