import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { engines, migratedDatabase } from "../../../db/testing";
import { seedProvince } from "../../../db/seed/seed";
import { newId } from "../../platform/ids.server";
import { createFileStorage } from "../../platform/storage.server";
import { catalogIndex, importCatalog, procedurePage } from "./catalog.server";
import { fixtureCatalog, fixtureTemplates } from "./catalog.fixture";
import { createProcedureDraft, discardDraft, getDraft, listProceduresForAdmin, publishDraft, saveDraft, startDraft, updateDraft } from "./drafts.server";

const dir = await mkdtemp(join(tmpdir(), "drafts-"));
afterAll(() => rm(dir, { recursive: true, force: true }));
const storage = createFileStorage(dir);
const readFile = async (path: string) => {
  const bytes = fixtureTemplates[path];
  if (!bytes) throw new Error("missing");
  return bytes;
};
const TODAY = "2026-11-29";
const actorId = newId();

async function withCatalog(engine: (typeof engines)[number], run: (db: Awaited<ReturnType<typeof migratedDatabase>>["db"]) => Promise<void>) {
  const { db, close } = await migratedDatabase(engine);
  try {
    await seedProvince(db);
    expect(await importCatalog(db, storage, fixtureCatalog(), { readFile })).toMatchObject({ ok: true, created: 2 });
    await run(db);
  } finally {
    await close();
  }
}

describe.each(engines)("catalog drafts on %s", (engine) => {
  it("refuses a save over work saved since the page was shown, and lets only one of two simultaneous saves win", async () => {
    await withCatalog(engine, async (db) => {
      const started = await startDraft(db, { code: "1.001193", actorId });
      if (!started.ok) throw new Error("no draft");
      const shown = (await getDraft(db, started.draftId))!;
      // Another official saves first.
      expect(await updateDraft(db, shown.id, (c) => ({ ...c, purpose: "Bản của người thứ nhất" }), shown.token)).toEqual({ ok: true });
      // The first page's token is stale now: refused, nothing overwritten.
      expect(await updateDraft(db, shown.id, (c) => ({ ...c, purpose: "Bản cũ" }), shown.token)).toEqual({ ok: false, reason: "changed" });
      const now = (await getDraft(db, shown.id))!;
      expect(now.content.purpose).toBe("Bản của người thứ nhất");
      expect(now.token).not.toBe(shown.token);
      // Two saves over the same read: compare-and-set lets exactly one through.
      const results = await Promise.all([
        saveDraft(db, now.id, { ...now.content, purpose: "A" }, now.stored),
        saveDraft(db, now.id, { ...now.content, purpose: "B" }, now.stored),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: "changed" }]);
    });
  });

  it("starts a draft, edits its name, publishes it as version 2; the public page shows it", async () => {
    await withCatalog(engine, async (db) => {
      const started = await startDraft(db, { code: "1.001193", actorId });
      expect(started).toMatchObject({ ok: true, existing: false });
      if (!started.ok) throw new Error("no draft");
      const again = await startDraft(db, { code: "1.001193", actorId });
      expect(again).toEqual({ ok: true, draftId: started.draftId, existing: true });

      const draft = await getDraft(db, started.draftId);
      expect(draft).toMatchObject({ code: "1.001193", version: 2, state: "draft" });
      // Invisible until published.
      expect((await procedurePage(db, "1.001193", TODAY))?.version.number).toBe(1);
      expect((await listProceduresForAdmin(db, TODAY)).find((r) => r.code === "1.001193")).toMatchObject({
        current: { version: 1, onlineLevel: "FULL" },
        draft: { id: started.draftId, version: 2 },
      });

      expect(await updateDraft(db, started.draftId, (c) => ({ ...c, name: "Đăng ký khai sinh (đã sửa)" }))).toEqual({ ok: true });
      const revision = (await catalogIndex(db, TODAY)).revision;
      expect(await publishDraft(db, started.draftId, { actorId })).toEqual({ ok: true, version: 2, code: "1.001193" });

      const page = await procedurePage(db, "1.001193", TODAY);
      expect(page?.content.name).toBe("Đăng ký khai sinh (đã sửa)");
      expect(page?.version.number).toBe(2);
      expect(page?.offerings).toHaveLength(193);
      // The stored template travels with its document.
      expect(page?.content.documents[0]?.template?.sha256).toMatch(/^[0-9a-f]{64}$/);
      const index = await catalogIndex(db, TODAY);
      expect(index.revision).toBe(revision + 1);
      expect(index.entries.find((e) => e.code === "1.001193")?.name).toBe("Đăng ký khai sinh (đã sửa)");

      // Published versions are immutable.
      expect(await saveDraft(db, started.draftId, { ...page!.content, name: "Khác" })).toEqual({ ok: false, reason: "notDraft" });
      expect(await publishDraft(db, started.draftId, { actorId })).toEqual({ ok: false, reason: "notDraft" });
      expect(await discardDraft(db, started.draftId, { actorId })).toBe(false);
      expect((await procedurePage(db, "1.001193", TODAY))?.content.name).toBe("Đăng ký khai sinh (đã sửa)");

      // The next draft is version 3.
      const next = await startDraft(db, { code: "1.001193", actorId });
      expect(next.ok && (await getDraft(db, next.draftId))?.version).toBe(3);
    });
  });

  it("refuses to publish an invalid draft with issues and changes nothing", async () => {
    await withCatalog(engine, async (db) => {
      const started = await startDraft(db, { code: "2.000488", actorId });
      if (!started.ok) throw new Error("no draft");
      await updateDraft(db, started.draftId, (c) => ({
        ...c,
        name: " ",
        legalBasis: [],
        workflow: [{ role: "handle", name: "Xử lý", hours: 1 }],
        offerings: [{ ...c.offerings[0]!, receivers: { codes: ["999.99.99.H22"] } }],
      }));
      const revision = (await catalogIndex(db, TODAY)).revision;
      const result = await publishDraft(db, started.draftId, { actorId });
      expect(result.ok).toBe(false);
      const issues = "issues" in result ? result.issues : [];
      expect(issues).toEqual(
        expect.arrayContaining([
          { path: "name", message: "catalog.errors.required" },
          { path: "legalBasis", message: "catalog.errors.noLegalBasis" },
          { path: "workflow[0].role", message: "catalog.errors.workflowStart" },
        ]),
      );
      expect((await getDraft(db, started.draftId))?.state).toBe("draft");
      expect((await catalogIndex(db, TODAY)).revision).toBe(revision);
      expect((await procedurePage(db, "2.000488", TODAY))?.version.number).toBe(1);

      // Valid in itself but naming an unknown agency: refused by the agency resolution.
      await updateDraft(db, started.draftId, (c) => ({
        ...c,
        name: "Cấp Phiếu lý lịch tư pháp",
        legalBasis: [{ number: "28/2009/QH12", title: "Luật Lý lịch tư pháp", date: "2009-06-17", issuer: "Quốc hội" }],
        workflow: [{ role: "receive", name: "Tiếp nhận", hours: 1 }],
      }));
      expect(await publishDraft(db, started.draftId, { actorId })).toEqual({
        ok: false,
        issues: [{ path: "offerings[0].receivers.codes[0]", message: "catalog.errors.unknownAgency" }],
      });
      expect((await getDraft(db, started.draftId))?.state).toBe("draft");
      expect(await discardDraft(db, started.draftId, { actorId })).toBe(true);
      expect(await getDraft(db, started.draftId)).toBeNull();
    });
  });

  it("refuses to publish a draft when a newer version was imported meanwhile", async () => {
    await withCatalog(engine, async (db) => {
      const started = await startDraft(db, { code: "1.001193", actorId });
      if (!started.ok) throw new Error("no draft");
      const changed = fixtureCatalog();
      changed.procedures[0]!.name = "Đăng ký khai sinh (nhập lại)";
      expect(await importCatalog(db, storage, changed, { readFile })).toMatchObject({ ok: true, changed: 1 });
      expect(await publishDraft(db, started.draftId, { actorId })).toEqual({ ok: false, issues: [{ path: "", message: "catalog.errors.staleDraft" }] });
      expect((await procedurePage(db, "1.001193", TODAY))?.content.name).toBe("Đăng ký khai sinh (nhập lại)");
    });
  });

  it("creates a new procedure draft, refusing a code in use", async () => {
    await withCatalog(engine, async (db) => {
      expect(await createProcedureDraft(db, { code: "1.001193", name: "X", field: "ho-tich", actorId, today: TODAY })).toEqual({
        ok: false,
        issues: [{ path: "code", message: "catalog.errors.codeInUse" }],
      });
      expect(await createProcedureDraft(db, { code: "abc", name: "X", field: "ho-tich", actorId, today: TODAY })).toMatchObject({ ok: false });
      const created = await createProcedureDraft(db, { code: "1.999999", name: "Thủ tục mới", field: "ho-tich", actorId, today: TODAY });
      if (!created.ok) throw new Error("not created");
      expect((await listProceduresForAdmin(db, TODAY)).find((r) => r.code === "1.999999")).toMatchObject({ current: null, draft: { version: 1 } });
      const refused = await publishDraft(db, created.draftId, { actorId });
      expect(refused.ok).toBe(false);
      expect(await procedurePage(db, "1.999999", TODAY)).toBeNull();
      expect(await discardDraft(db, created.draftId, { actorId })).toBe(true);
      expect((await listProceduresForAdmin(db, TODAY)).some((r) => r.code === "1.999999")).toBe(false);
    });
  });
});
