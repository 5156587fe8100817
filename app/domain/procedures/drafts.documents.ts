import { foldForSearch } from "../shared/search";
import { moveItem, removeItem, type DraftIssue } from "./drafts";

// The documents part of a draft beyond one document's fields (isomorphic: the editor's pages use the limits):
// template files an official uploads (checked by their content, not only their name) and the cases
// (trường hợp) that documents may belong to.

// ---------------------------------------------------------------------------------------------------------------
// Template files

/** The template formats the catalog format allows (catalog.schema.ts, documents[].template.file). */
export const TEMPLATE_TYPES = ["pdf", "doc", "docx", "odt", "rtf", "xlsx"] as const;
export type TemplateType = (typeof TEMPLATE_TYPES)[number];

/** The largest template an official may upload (the texts in locales say "5 MB"). */
export const TEMPLATE_MAX_BYTES = 5 * 1024 * 1024;

export const TEMPLATE_MEDIA_TYPES: Record<TemplateType, string> = {
  pdf: "application/pdf",
  doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  odt: "application/vnd.oasis.opendocument.text",
  rtf: "application/rtf",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** The file input's `accept`: extensions and media types, so that the browser's file picker offers these only. */
export const TEMPLATE_ACCEPT = [...TEMPLATE_TYPES.map((t) => `.${t}`), ...Object.values(TEMPLATE_MEDIA_TYPES)].join(",");

/** A file as the upload reader gives it: its bytes, or only `tooLarge` when it was over the limit. */
export interface UploadedFile {
  fileName: string;
  bytes: Uint8Array;
  tooLarge: boolean;
}

/** A template file that passed the checks: a safe name, its path in the exchange format, its type and bytes. */
export interface CheckedTemplate {
  fileName: string;
  file: string;
  type: TemplateType;
  mediaType: string;
  bytes: Uint8Array;
}

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const OLE = Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1);
const ZIP = ascii("PK\x03\x04");

function startsWith(bytes: Uint8Array, prefix: Uint8Array, at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

function includes(bytes: Uint8Array, needle: Uint8Array): boolean {
  const first = needle[0];
  for (let i = bytes.indexOf(first!); i !== -1 && i <= bytes.length - needle.length; i = bytes.indexOf(first!, i + 1)) {
    if (startsWith(bytes, needle, i)) return true;
  }
  return false;
}

/**
 * Whether the bytes are a file of that type, by its signature: %PDF- for PDF, {\rtf for RTF, the OLE compound
 * file header for .doc, and for the zipped formats a ZIP header plus the part that makes it a text document
 * (word/ for .docx, xl/ for .xlsx, the OpenDocument text media type for .odt).
 */
export function contentMatches(type: TemplateType, bytes: Uint8Array): boolean {
  switch (type) {
    case "pdf":
      return startsWith(bytes, ascii("%PDF-"));
    case "rtf":
      return startsWith(bytes, ascii("{\\rtf"));
    case "doc":
      return startsWith(bytes, OLE);
    case "docx":
      return startsWith(bytes, ZIP) && includes(bytes, ascii("word/"));
    case "xlsx":
      return startsWith(bytes, ZIP) && includes(bytes, ascii("xl/"));
    case "odt":
      return startsWith(bytes, ZIP) && includes(bytes, ascii("application/vnd.oasis.opendocument.text"));
  }
}

/** ASCII words joined by "-", at most `max` characters, cut between words when it can be ("" when none are left). */
function slugOf(text: string, max: number): string {
  const slug = foldForSearch(text)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max + 1);
  const end = cut.lastIndexOf("-");
  return (end > 0 ? cut.slice(0, end) : slug.slice(0, max)).replace(/-+$/, "");
}

/** "Tờ khai đăng ký (mẫu 01).DOCX" → "to-khai-dang-ky-mau-01" and "docx" (ASCII, as the exchange format's paths are). */
export function safeTemplateName(fileName: string): { stem: string; extension: string } {
  const base = fileName.split(/[/\\]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  const extension = dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
  return { stem: slugOf(dot > 0 ? base.slice(0, dot) : base, 80) || "mau", extension };
}

/** Check an uploaded template: present, not too large, an allowed type, and content that is that type. */
export function checkTemplateFile(upload: UploadedFile): { ok: true; value: CheckedTemplate } | { ok: false; message: string } {
  if (upload.tooLarge || upload.bytes.byteLength > TEMPLATE_MAX_BYTES) return { ok: false, message: "documents.errors.templateTooLarge" };
  const { stem, extension } = safeTemplateName(upload.fileName);
  const type = TEMPLATE_TYPES.find((t) => t === extension);
  if (!type) return { ok: false, message: "documents.errors.templateType" };
  if (upload.bytes.byteLength === 0) return { ok: false, message: "documents.errors.templateEmpty" };
  if (!contentMatches(type, upload.bytes)) return { ok: false, message: "documents.errors.templateContent" };
  const fileName = `${stem}.${type}`;
  return { ok: true, value: { fileName, file: `templates/${fileName}`, type, mediaType: TEMPLATE_MEDIA_TYPES[type], bytes: upload.bytes } };
}

/** What to do with a document's template when its editor is saved. */
export type TemplateEdit =
  | { kind: "keep"; title?: string }
  | { kind: "remove" }
  | { kind: "replace"; title?: string; file: CheckedTemplate };

// ---------------------------------------------------------------------------------------------------------------
// Cases (trường hợp)

export interface DraftCase {
  code: string;
  name: string;
}

/**
 * A code for a new case from its name ("Đăng ký khai sinh quá hạn" → "dang-ky-khai-sinh-qua-han"), at most 40
 * characters and different from the codes in use (…-2, …-3). Renaming a case keeps its code: documents refer to it.
 */
export function caseCodeFor(name: string, taken: readonly string[]): string {
  const base = slugOf(name, 40) || "truong-hop";
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const code = `${slugOf(base, 40 - suffix.length)}${suffix}`;
    if (!used.has(code)) return code;
  }
}

/** Add a case (index "new") or rename one. */
export function putCase(cases: readonly DraftCase[], index: number | "new", name: string): DraftCase[] {
  const trimmed = name.trim();
  if (index === "new") return [...cases, { code: caseCodeFor(trimmed, cases.map((c) => c.code)), name: trimmed }];
  return cases.map((c, i) => (i === index ? { ...c, name: trimmed } : c));
}

/** What the cases' rules need of a draft's content. */
interface WithCases {
  cases: DraftCase[];
  documents: { case?: string }[];
}

/** How many documents belong to a case only. */
export function documentsOfCase(content: Pick<WithCases, "documents">, code: string): number {
  return content.documents.filter((d) => d.case === code).length;
}

export type CaseIntentResult<C> = { ok: true; content: C } | { ok: false; issues: DraftIssue[] };

/**
 * The cases list's buttons (move-up:2, move-down:2, remove:2); null for anything else. A case that documents
 * belong to is not removed: its documents would silently apply to every case, so the official first moves them
 * to another case (or to every case) in the document's editor.
 */
export function applyCaseIntent<C extends WithCases>(content: C, intent: { action: string; index: number | null }): CaseIntentResult<C> | null {
  const { action, index } = intent;
  if (index === null || index < 0 || index >= content.cases.length) return null;
  if (action === "move-up" || action === "move-down") {
    return { ok: true, content: { ...content, cases: moveItem(content.cases, index, action === "move-up" ? -1 : 1) } };
  }
  if (action !== "remove") return null;
  const code = content.cases[index]!.code;
  if (documentsOfCase(content, code) > 0) return { ok: false, issues: [{ path: `cases[${index}]`, message: "cases.errors.inUse" }] };
  return { ok: true, content: { ...content, cases: removeItem(content.cases, index) } };
}
