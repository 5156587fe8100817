import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buffer } from "node:stream/consumers";
import { afterAll, describe, expect, it } from "vitest";
import { engines, migratedDatabase } from "../../../db/testing";
import { seedProvince } from "../../../db/seed/seed";
import { newId } from "../../platform/ids.server";
import { createFileStorage } from "../../platform/storage.server";
import { findCatalogFile } from "./catalog.repo.server";
import { importCatalog, procedurePage, procedureTemplate, type ProcedureContent } from "./catalog.server";
import { fixtureCatalog, fixtureTemplates } from "./catalog.fixture";
import { applyCaseIntent, checkTemplateFile, putCase } from "./drafts.documents";
import { draftTemplateFile, putDocument, saveDraftDocument } from "./drafts.documents.server";
import type { DraftDocument } from "./drafts.schema";
import { getDraft, publishDraft, startDraft, updateDraft } from "./drafts.server";

const dir = await mkdtemp(join(tmpdir(), "draft-documents-"));
afterAll(() => rm(dir, { recursive: true, force: true }));
const storage = createFileStorage(dir);
const readFile = async (path: string) => {
  const bytes = fixtureTemplates[path];
  if (!bytes) throw new Error("missing");
  return bytes;
};
const TODAY = "2026-11-29";
const actorId = newId();
const pdf = new TextEncoder().encode(`%PDF-1.4\n% Tờ khai ${"x".repeat(100)}\n%%EOF\n`);
const checked = (fileName: string, bytes: Uint8Array) => {
  const result = checkTemplateFile({ fileName, bytes, tooLarge: false });
  if (!result.ok) throw new Error(result.message);
  return result.value;
};
const documentOf = (name: string, extra: Partial<DraftDocument> = {}): DraftDocument => ({
  name,
  originals: 1,
  certifiedCopies: 0,
  photocopies: 0,
  required: true,
  fileTypes: ["pdf"],
  maxSizeMb: 5,
  signatureRequired: false,
  ...extra,
});

describe("putting a document into a draft's content", () => {
  const template = { file: "templates/a.rtf", title: "Mẫu A", sha256: "a".repeat(64), fileName: "a.rtf", size: 10 };
  const content = {
    cases: [{ code: "qua-han", name: "Quá hạn" }],
    documents: [{ ...documentOf("Tờ khai"), code: "TK01", case: "qua-han", note: "Ghi chú", template }],
  } as unknown as ProcedureContent;

  it("keeps what the editor does not show and the template unless told otherwise", () => {
    const kept = putDocument(content, 0, documentOf("Tờ khai (sửa)"), { kind: "keep", title: "Mẫu mới" }).documents[0];
    expect(kept).toEqual({ ...documentOf("Tờ khai (sửa)"), code: "TK01", template: { ...template, title: "Mẫu mới" } });
    // Emptied title, case and note are gone, not kept.
    expect(putDocument(content, 0, documentOf("Tờ khai"), { kind: "keep" }).documents[0]?.template).toEqual({ ...template, title: undefined });
    expect(putDocument(content, 0, documentOf("Tờ khai"), { kind: "remove" }).documents[0]).not.toHaveProperty("template");
    const other = { ...template, sha256: "b".repeat(64), fileName: "b.pdf", file: "templates/b.pdf" };
    expect(putDocument(content, 0, documentOf("Tờ khai", { case: "qua-han" }), { kind: "set", template: other }).documents[0]).toMatchObject({ case: "qua-han", template: other });
  });

  it("adds a new document at the end, without a template unless one is set", () => {
    const added = putDocument(content, "new", documentOf("Giấy mới"), { kind: "keep", title: "Không dùng" });
    expect(added.documents).toHaveLength(2);
    expect(added.documents[1]).toEqual(documentOf("Giấy mới"));
  });
});

describe.each(engines)("a draft's documents, templates and cases on %s", (engine) => {
  it("stores an uploaded template before the draft refers to it; once published, the public page serves it", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await seedProvince(db);
      expect(await importCatalog(db, storage, fixtureCatalog(), { readFile })).toMatchObject({ ok: true });
      const started = await startDraft(db, { code: "1.001193", actorId });
      if (!started.ok) throw new Error("no draft");
      const draftId = started.draftId;
      const before = (await getDraft(db, draftId))!.content.documents[0]!.template!;

      // Replace the first document's template with a PDF.
      const file = checked("Tờ khai khai sinh.pdf", pdf);
      expect(await saveDraftDocument(db, storage, { draftId, index: 0, document: documentOf("Tờ khai đăng ký khai sinh"), template: { kind: "replace", title: "Tờ khai (PDF)", file } })).toEqual({ ok: true });
      const template = (await getDraft(db, draftId))!.content.documents[0]!.template!;
      expect(template).toMatchObject({ file: "templates/to-khai-khai-sinh.pdf", fileName: "to-khai-khai-sinh.pdf", title: "Tờ khai (PDF)", size: pdf.byteLength });
      expect(template.sha256).not.toBe(before.sha256);
      const row = await findCatalogFile(db, template.sha256);
      expect(row).toMatchObject({ media_type: "application/pdf", file_name: "to-khai-khai-sinh.pdf" });
      expect(Number(row!.size)).toBe(pdf.byteLength);
      expect(new Uint8Array(await buffer(storage.read(row!.storage_key)))).toEqual(pdf);
      // The draft's file is there for the administration, not yet for the public.
      expect(await draftTemplateFile(db, draftId, 0)).toMatchObject({ storageKey: row!.storage_key, fileName: "to-khai-khai-sinh.pdf" });
      expect(await draftTemplateFile(db, draftId, 1)).toBeNull();
      expect(await procedureTemplate(db, "1.001193", template.sha256, TODAY)).toBeNull();

      // The same bytes again (for the second document) are stored once.
      expect(await saveDraftDocument(db, storage, { draftId, index: 1, document: documentOf("Giấy chứng sinh"), template: { kind: "replace", file } })).toEqual({ ok: true });
      const second = (await getDraft(db, draftId))!.content.documents[1]!.template!;
      expect(second.sha256).toBe(template.sha256);
      expect(second).not.toHaveProperty("title");
      expect((await findCatalogFile(db, template.sha256))!.storage_key).toBe(row!.storage_key);

      // A case, with the second document in it.
      await updateDraft(db, draftId, (c) => ({ ...c, cases: putCase(c.cases, "new", "Trẻ sinh ra ở nước ngoài") }));
      const code = (await getDraft(db, draftId))!.content.cases[0]!.code;
      expect(code).toBe("tre-sinh-ra-o-nuoc-ngoai");
      expect(await saveDraftDocument(db, storage, { draftId, index: 1, document: documentOf("Giấy chứng sinh", { case: code }), template: { kind: "keep" } })).toEqual({ ok: true });
      const draft = (await getDraft(db, draftId))!;
      expect(applyCaseIntent(draft.content, { action: "remove", index: 0 })).toMatchObject({ ok: false });
      expect(draft.content.documents[1]!.template?.sha256).toBe(template.sha256);

      expect(await publishDraft(db, draftId, { actorId })).toMatchObject({ ok: true, version: 2 });
      const page = await procedurePage(db, "1.001193", TODAY);
      expect(page?.content.cases).toEqual([{ code, name: "Trẻ sinh ra ở nước ngoài" }]);
      expect(page?.content.documents[1]).toMatchObject({ case: code, template: { sha256: template.sha256 } });
      const served = await procedureTemplate(db, "1.001193", template.sha256, TODAY);
      expect(served).toMatchObject({ fileName: "to-khai-khai-sinh.pdf", media_type: "application/pdf" });
      expect(new Uint8Array(await buffer(storage.read(served!.storage_key)))).toEqual(pdf);
      // The imported template is no longer the current version's.
      expect(await procedureTemplate(db, "1.001193", before.sha256, TODAY)).toBeNull();

      // A published version is not changed, and its file is not stored again.
      expect(await saveDraftDocument(db, storage, { draftId, index: 0, document: documentOf("X"), template: { kind: "remove" } })).toEqual({ ok: false, reason: "notDraft" });
      expect(await saveDraftDocument(db, storage, { draftId: newId(), index: 0, document: documentOf("X"), template: { kind: "remove" } })).toEqual({ ok: false, reason: "notFound" });
    } finally {
      await close();
    }
  });

  it("removes a template from a draft and publishes the document without it", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await seedProvince(db);
      expect(await importCatalog(db, storage, fixtureCatalog(), { readFile })).toMatchObject({ ok: true });
      const started = await startDraft(db, { code: "1.001193", actorId });
      if (!started.ok) throw new Error("no draft");
      expect(await saveDraftDocument(db, storage, { draftId: started.draftId, index: 0, document: documentOf("Tờ khai"), template: { kind: "remove" } })).toEqual({ ok: true });
      expect(await draftTemplateFile(db, started.draftId, 0)).toBeNull();
      expect(await publishDraft(db, started.draftId, { actorId })).toMatchObject({ ok: true });
      expect((await procedurePage(db, "1.001193", TODAY))?.content.documents.every((d) => !d.template)).toBe(true);
    } finally {
      await close();
    }
  });
});
