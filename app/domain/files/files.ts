// Uploaded files (issue 5, items 3 and 6): what a file is, decided from its bytes (never from its name or the type the
// browser sent), and how it is shown. Pure: the bytes come through a ByteSource that the caller backs with a file,
// a buffer or an object store. No I/O here.

/** Random access to a file's bytes: `read` returns at most `length` bytes from `offset` (fewer at the end). */
export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.byteLength, read: async (offset, length) => bytes.subarray(offset, Math.min(bytes.byteLength, offset + length)) };
}

/** The types the portal accepts, read from the content. */
export const ACCEPTED_TYPES = {
  "application/pdf": { extension: "pdf", label: "PDF" },
  "image/jpeg": { extension: "jpg", label: "JPEG" },
  "image/png": { extension: "png", label: "PNG" },
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": { extension: "docx", label: "DOCX" },
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { extension: "xlsx", label: "XLSX" },
  "application/vnd.oasis.opendocument.text": { extension: "odt", label: "ODT" },
  // A detached CMS signature (issue 7): binary DER or PEM armoured, beside the file it signs ("x.pdf.p7s").
  "application/pkcs7-signature": { extension: "p7s", label: "P7S" },
} as const;
export type AcceptedType = keyof typeof ACCEPTED_TYPES;

export function isAcceptedType(value: string): value is AcceptedType {
  return Object.hasOwn(ACCEPTED_TYPES, value);
}

/** What refused a file: each maps to the i18n key `files:errors.<code>`. */
export type FileErrorCode =
  | "noFile"
  | "empty"
  | "tooLarge"
  | "requestTooLarge"
  | "tooMany"
  | "type"
  | "corruptPdf"
  | "corruptOffice"
  | "malformed";

export type Detection = { ok: true; mediaType: AcceptedType } | { ok: false; error: Extract<FileErrorCode, "empty" | "type" | "corruptPdf" | "corruptOffice"> };

const ascii = (bytes: Uint8Array) => {
  let out = "";
  for (const b of bytes) out += String.fromCharCode(b);
  return out;
};
const startsWith = (bytes: Uint8Array, prefix: readonly number[]) => prefix.every((b, i) => bytes[i] === b);

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const ZIP = [0x50, 0x4b, 0x03, 0x04];

/** The file's type from its content, with a structural check of PDFs and office documents. */
export async function detectFileType(source: ByteSource): Promise<Detection> {
  if (source.size === 0) return { ok: false, error: "empty" };
  const head = await source.read(0, 64);
  // Programs (Windows "MZ", ELF) and anything unrecognised: refused whatever the name says.
  if (startsWith(head, [0x4d, 0x5a]) || startsWith(head, [0x7f, 0x45, 0x4c, 0x46])) return { ok: false, error: "type" };
  if (ascii(head.subarray(0, 5)) === "%PDF-") return (await pdfIsWellFormed(source)) ? { ok: true, mediaType: "application/pdf" } : { ok: false, error: "corruptPdf" };
  if (startsWith(head, PNG)) return pngIsWellFormed(source);
  if (startsWith(head, JPEG)) {
    // SOI, then a marker that may open a JPEG (APPn, DQT, SOFn, DHT, COM). The end is not checked: cameras and
    // phones often append data after the image's EOI.
    const marker = head[3] ?? 0;
    const opens = (marker >= 0xe0 && marker <= 0xef) || (marker >= 0xc0 && marker <= 0xcf) || marker === 0xdb || marker === 0xfe;
    return opens && source.size > 4 ? { ok: true, mediaType: "image/jpeg" } : { ok: false, error: "type" };
  }
  if (startsWith(head, ZIP)) return officeType(source);
  if (isCmsSignedData(head)) return { ok: true, mediaType: "application/pkcs7-signature" };
  return { ok: false, error: "type" };
}

const SIGNED_DATA_OID = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];

/** A CMS SignedData: DER (a SEQUENCE whose first element is the signedData OID) or PEM ("-----BEGIN PKCS7-----"). */
function isCmsSignedData(head: Uint8Array): boolean {
  const text = ascii(head);
  if (/^-----BEGIN (PKCS7|CMS)-----/.test(text)) return true;
  if (head[0] !== 0x30) return false;
  // The SEQUENCE's length: short form, or long form with 1 to 4 length bytes.
  const first = head[1] ?? 0;
  const at = first < 0x80 ? 2 : 2 + (first & 0x7f);
  if (first === 0x80 || (first & 0x7f) > 4) return false;
  return SIGNED_DATA_OID.every((b, i) => head[at + i] === b);
}

async function pngIsWellFormed(source: ByteSource): Promise<Detection> {
  // Signature, then an IHDR chunk of 13 bytes first, and the IEND chunk last.
  const head = await source.read(8, 8);
  const tail = await source.read(Math.max(0, source.size - 12), 12);
  const ok = ascii(head.subarray(4, 8)) === "IHDR" && ascii(tail.subarray(4, 8)) === "IEND";
  return ok ? { ok: true, mediaType: "image/png" } : { ok: false, error: "type" };
}

/**
 * A PDF must start with its header, end (give or take trailing whitespace) with %%EOF, and its last `startxref` must
 * point at a cross-reference table (`xref` … `trailer <<`) or a cross-reference stream (`N G obj << /Type /XRef`).
 * A truncated upload loses its end and fails here; so does a file whose end was damaged.
 */
export async function pdfIsWellFormed(source: ByteSource): Promise<boolean> {
  const header = ascii(await source.read(0, 16));
  if (!/^%PDF-[12]\.\d/.test(header)) return false;
  const tailStart = Math.max(0, source.size - 2048);
  const tail = ascii(await source.read(tailStart, 2048));
  const eof = tail.lastIndexOf("%%EOF");
  // Only whitespace (or the NUL padding some scanners add) may follow the last %%EOF.
  if (eof < 0 || tail.slice(eof + 5).replace(/\0/g, "").trim() !== "") return false;
  const match = /startxref\s+(\d+)\s*$/.exec(tail.slice(0, eof));
  if (!match) return false;
  const offset = Number(match[1]);
  const startxrefAt = tailStart + (match.index ?? 0);
  if (!Number.isSafeInteger(offset) || offset < 9 || offset >= startxrefAt) return false;
  const section = ascii(await source.read(offset, 4096));
  if (/^\s*xref\s/.test(section)) {
    // The classic table: entries, then the trailer dictionary before startxref.
    const between = ascii(await source.read(offset, Math.min(startxrefAt - offset, 1024 * 1024)));
    return /\btrailer\s*<</.test(between) || /\btrailer\s*<</.test(tail);
  }
  return /^\s*\d+\s+\d+\s+obj\s*<<[\s\S]*?\/Type\s*\/XRef\b/.test(section);
}

// ZIP containers: DOCX and XLSX say what they are in [Content_Types].xml; an OpenDocument file starts with an
// uncompressed "mimetype" entry. Anything else in a ZIP (an archive, a macro-enabled document) is refused.
const OOXML_MAIN: Record<string, AcceptedType> = {
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};
const ODF: Record<string, AcceptedType> = { "application/vnd.oasis.opendocument.text": "application/vnd.oasis.opendocument.text" };

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
}

const u16 = (b: Uint8Array, at: number) => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, at: number) => (u16(b, at) + u16(b, at + 2) * 0x10000) >>> 0;

async function zipEntries(source: ByteSource): Promise<ZipEntry[] | null> {
  // The end-of-central-directory record is in the last 22 + 65535 bytes.
  const span = Math.min(source.size, 22 + 65535);
  const end = await source.read(source.size - span, span);
  let eocd = -1;
  for (let i = end.length - 22; i >= 0; i--) {
    if (u32(end, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = u16(end, eocd + 10);
  const cdSize = u32(end, eocd + 12);
  const cdOffset = u32(end, eocd + 16);
  if (cdSize > 4 * 1024 * 1024 || cdOffset + cdSize > source.size) return null;
  const cd = await source.read(cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > cd.length || u32(cd, at) !== 0x02014b50) return null;
    const nameLength = u16(cd, at + 28);
    const name = new TextDecoder().decode(cd.subarray(at + 46, at + 46 + nameLength));
    entries.push({ name, method: u16(cd, at + 10), compressedSize: u32(cd, at + 20), localOffset: u32(cd, at + 42) });
    at += 46 + nameLength + u16(cd, at + 30) + u16(cd, at + 32);
  }
  return entries;
}

async function entryText(source: ByteSource, entry: ZipEntry, maxBytes: number): Promise<string | null> {
  const local = await source.read(entry.localOffset, 30);
  if (u32(local, 0) !== 0x04034b50) return null;
  const dataAt = entry.localOffset + 30 + u16(local, 26) + u16(local, 28);
  if (entry.compressedSize > maxBytes || dataAt + entry.compressedSize > source.size) return null;
  const data = await source.read(dataAt, entry.compressedSize);
  if (entry.method === 0) return new TextDecoder().decode(data);
  if (entry.method !== 8) return null;
  try {
    const stream = new Blob([new Uint8Array(data)]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    const text = await new Response(stream).text();
    return text.length > maxBytes * 20 ? null : text;
  } catch {
    return null;
  }
}

async function officeType(source: ByteSource): Promise<Detection> {
  const entries = await zipEntries(source);
  if (!entries) return { ok: false, error: "corruptOffice" };
  const first = entries.reduce<ZipEntry | undefined>((a, e) => (a === undefined || e.localOffset < a.localOffset ? e : a), undefined);
  if (first?.name === "mimetype" && first.method === 0) {
    const mimetype = (await entryText(source, first, 200))?.trim() ?? "";
    const type = ODF[mimetype];
    return type ? { ok: true, mediaType: type } : { ok: false, error: "type" };
  }
  const types = entries.find((e) => e.name === "[Content_Types].xml");
  if (!types) return { ok: false, error: "type" };
  const xml = await entryText(source, types, 256 * 1024);
  if (xml === null) return { ok: false, error: "corruptOffice" };
  for (const [main, type] of Object.entries(OOXML_MAIN)) {
    if (xml.includes(`ContentType="${main}"`)) return { ok: true, mediaType: type };
  }
  return { ok: false, error: "type" };
}

/** The base name the browser sent, made safe to show and to store: no path, no control characters, ≤ 255 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? "";
  // Control characters, quotes, and the bidirectional overrides that can make "gpj.exe" read as "exe.jpg".
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"\u202a-\u202e\u2066-\u2069]/g, "").normalize("NFC").trim();
  return [...cleaned].slice(0, 200).join("") || "tep";
}

/** "850 B", "12,5 kB", "3,2 MB" (Vietnamese decimal comma) or with a point in English; 1 kB = 1000 B. */
export function formatFileSize(bytes: number, lang: "vi" | "en"): string {
  const locale = lang === "vi" ? "vi-VN" : "en-GB";
  const fmt = (n: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n);
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1000 * 1000) return `${fmt(bytes / 1000)} kB`;
  return `${fmt(bytes / 1000 / 1000)} MB`;
}

/**
 * A Content-Disposition header for a download under the original name: an ASCII fallback and the UTF-8 name
 * encoded as RFC 5987 / RFC 6266 say (`filename*=UTF-8''…`).
 */
export function contentDisposition(name: string, disposition: "attachment" | "inline" = "attachment"): string {
  const fallback = name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .replace(/[^\x20-\x7e]/g, "_")
    .replace(/["\\%]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * The document wallet's upload form: up to 5 files at once in the field "file", each at most 10 MB, together at
 * most 20 MB (plus room for the form's own bytes).
 */
export const WALLET_UPLOAD = { field: "file", maxFileBytes: 10_000_000, maxFiles: 5, maxTotalBytes: 20_000_000 } as const;
