import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import type { FileStorage } from "../../platform/storage.server";
import { findCatalogFile, insertCatalogFile } from "./catalog.repo.server";
import type { ProcedureContent, StoredTemplate } from "./catalog.server";
import type { CheckedTemplate, TemplateEdit } from "./drafts.documents";
import type { DraftDocument } from "./drafts.schema";
import { getDraft, updateDraft, type SaveDraftResult } from "./drafts.server";

// A draft's documents with their template files: an uploaded template is stored like an imported one (once, by
// its SHA-256, the file written before the row that names it, and the row before the draft that refers to it).

type Db = Kysely<Database>;

/** The same edit once the new file is stored (the draft then refers to it by hash). */
export type StoredTemplateEdit = { kind: "keep"; title?: string } | { kind: "remove" } | { kind: "set"; template: StoredTemplate };

type ContentDocument = ProcedureContent["documents"][number];

function templateAfter(existing: StoredTemplate | undefined, edit: StoredTemplateEdit): StoredTemplate | undefined {
  if (edit.kind === "remove") return undefined;
  if (edit.kind === "set") return edit.template;
  if (!existing) return undefined;
  const { title: _old, ...rest } = existing;
  return edit.title ? { ...rest, title: edit.title } : rest;
}

/**
 * Put one document (new when `index` is "new") into the content. Properties the editor does not show (code,
 * replacedByResultCode) stay as they were; the case and the note are what the form says, even when emptied.
 */
export function putDocument(content: ProcedureContent, index: number | "new", document: DraftDocument, edit: StoredTemplateEdit): ProcedureContent {
  const { template: _ignored, ...fields } = document;
  const merge = (existing: ContentDocument | undefined): ContentDocument => {
    const next: ContentDocument = { ...existing, ...fields, case: fields.case, note: fields.note, template: templateAfter(existing?.template, edit) };
    return Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined)) as ContentDocument;
  };
  if (index === "new") return { ...content, documents: [...content.documents, merge(undefined)] };
  return { ...content, documents: content.documents.map((d, i) => (i === index ? merge(d) : d)) };
}


/** Store a checked template file (unless the same bytes are stored already) and describe it for a document. */
export async function storeTemplate(db: Db, storage: FileStorage, file: CheckedTemplate, options: { title?: string; now?: Date } = {}): Promise<StoredTemplate> {
  const sha256 = createHash("sha256").update(file.bytes).digest("hex");
  if (!(await findCatalogFile(db, sha256))) {
    const stored = await storage.put(file.bytes);
    await insertCatalogFile(db, {
      sha256,
      storage_key: stored.key,
      file_name: file.fileName,
      media_type: file.mediaType,
      size: stored.size,
      created_at: (options.now ?? new Date()).toISOString(),
    });
  }
  return { file: file.file, ...(options.title ? { title: options.title } : {}), sha256, fileName: file.fileName, size: file.bytes.byteLength };
}

/** Save one document of a draft (index "new" adds it) with what its editor says about the template. */
export async function saveDraftDocument(
  db: Db,
  storage: FileStorage,
  input: { draftId: string; index: number | "new"; document: DraftDocument; template: TemplateEdit; now?: Date },
): Promise<SaveDraftResult> {
  const draft = await getDraft(db, input.draftId);
  if (!draft) return { ok: false, reason: "notFound" };
  if (draft.state !== "draft") return { ok: false, reason: "notDraft" };
  const edit: StoredTemplateEdit =
    input.template.kind === "replace"
      ? { kind: "set", template: await storeTemplate(db, storage, input.template.file, { title: input.template.title, now: input.now }) }
      : input.template;
  return updateDraft(db, input.draftId, (content) => putDocument(content, input.index, input.document, edit));
}

/** The template file of a draft's document, for the administration to download (drafts are not public). */
export async function draftTemplateFile(db: Db, draftId: string, index: number) {
  const draft = await getDraft(db, draftId);
  const template = draft?.content.documents[index]?.template;
  if (!template) return null;
  const file = await findCatalogFile(db, template.sha256);
  return file ? { storageKey: file.storage_key, mediaType: file.media_type, size: Number(file.size), fileName: template.fileName } : null;
}
