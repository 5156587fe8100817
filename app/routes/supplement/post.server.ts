import { parseWithZod } from "@conform-to/zod/v4";
import type { AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import type { SupplementDocument, SupplementIssue } from "~/domain/dossiers/supplement.server";
import { storeUploads, type WalletOwner } from "~/domain/files/files.server";
import { signatureChecker } from "~/platform/signature-services.server";
import { formatFileSize } from "~/domain/shared/format";
import { readUploads } from "~/platform/uploads.server";
import { filesInput, uploadInput, VERSION_INPUT } from "./inputs";

// Reading the supplementation form (one multipart POST that works without JavaScript): the flagged fields' values,
// for each flagged document the wallet files ticked and the files uploaded (streamed into the owner's wallet, like
// filing's uploads, all or nothing). The page's own inputs: ./inputs.ts.

/** Files one upload control takes at once. */
const MAX_FILES_PER_UPLOAD = 5;

export interface SupplementPost {
  version: number | null;
  /** The posted values not of the page's own inputs, nested by input name (as parseWithZod's payload). */
  answers: Record<string, unknown>;
  /** Per flagged document: the wallet files ticked and the files just uploaded (now in the wallet too). */
  fileIds: Record<number, string[]>;
  /** Upload refusals (by "doc-<index>", or "" for the whole request); nothing was uploaded when there are any. */
  issues: SupplementIssue[];
  /** A limit was passed while reading: the rest of the body was not read, the answer must close the connection. */
  stoppedReading: boolean;
}

function toFormData(text: Record<string, string[]>): FormData {
  const form = new FormData();
  for (const [name, values] of Object.entries(text)) for (const v of values) form.append(name, v);
  return form;
}

export async function readSupplementPost(request: Request, context: AppLoadContext, owner: WalletOwner, documents: readonly SupplementDocument[], lang: "vi" | "en"): Promise<SupplementPost> {
  const limitOf = (doc: SupplementDocument) => doc.maxSizeMb * 1024 * 1024;
  const fieldIndex = new Map(documents.map((d) => [uploadInput(d.index), d.index]));
  const totalBytes = documents.reduce((sum, d) => sum + limitOf(d) * MAX_FILES_PER_UPLOAD, 0) + 1024 * 1024;
  const params = (doc: SupplementDocument | undefined) => {
    const limit = doc ? limitOf(doc) : Math.max(0, ...documents.map(limitOf));
    return { limit: formatFileSize(limit, lang), total: formatFileSize(totalBytes, lang), count: MAX_FILES_PER_UPLOAD };
  };
  const issues: SupplementIssue[] = [];
  let text: Record<string, string[]> = {};
  let stoppedReading = false;
  const uploaded: Record<number, string[]> = {};

  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data/i.test(contentType)) {
    // A form posted without its file inputs (urlencoded): the text only.
    const form = await request.formData().catch(() => new FormData());
    for (const [name, value] of form.entries()) if (typeof value === "string") (text[name] ??= []).push(value);
  } else {
    const read = await readUploads(
      request,
      { files: Object.fromEntries(documents.map((d) => [uploadInput(d.index), { maxBytes: limitOf(d), maxFiles: MAX_FILES_PER_UPLOAD }])), maxRequestBytes: totalBytes },
      context.blobs,
    );
    text = read.text;
    if (!read.ok) {
      stoppedReading = read.error === "tooLarge" || read.error === "requestTooLarge";
      const index = read.field ? fieldIndex.get(read.field) : undefined;
      const doc = documents.find((d) => d.index === index);
      issues.push({ name: index !== undefined ? `doc-${index}` : "", message: `files:errors.${read.error}`, params: params(doc) });
    } else if (read.files.length > 0 || Object.keys(read.errors).length > 0) {
      const stored = read.files.length > 0 ? await storeUploads(context.db, context.blobs, { owner, uploads: read.files, errors: read.errors, signatures: signatureChecker(context) }) : { ok: false as const, errors: read.errors };
      if (!stored.ok) {
        for (const [field, code] of Object.entries(stored.errors)) {
          const index = fieldIndex.get(field);
          issues.push({ name: index !== undefined ? `doc-${index}` : "", message: `files:errors.${code}`, params: params(documents.find((d) => d.index === index)) });
        }
      } else {
        for (const [field, files] of Object.entries(stored.files)) {
          const index = fieldIndex.get(field);
          if (index !== undefined) uploaded[index] = files.map((f) => f.id);
        }
      }
    }
  }

  const payload = (parseWithZod(toFormData(text), { schema: z.unknown() }).payload ?? {}) as Record<string, unknown>;
  const answers = Object.fromEntries(Object.entries(payload).filter(([name]) => !name.startsWith("_")));
  const version = /^\d{1,9}$/.test(text[VERSION_INPUT]?.[0] ?? "") ? Number(text[VERSION_INPUT]![0]) : null;
  const fileIds: Record<number, string[]> = {};
  for (const doc of documents) {
    const ticked = (text[filesInput(doc.index)] ?? []).filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    const ids = [...new Set([...ticked, ...(uploaded[doc.index] ?? [])])].slice(0, 10);
    if (ids.length > 0) fileIds[doc.index] = ids;
  }
  return { version, answers, fileIds, issues, stoppedReading };
}
