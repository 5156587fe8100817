import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";

// Reading a form with file uploads (multipart/form-data) without trusting its sizes: each expected file is kept
// in memory up to its own limit, and a larger one is read to its end and dropped (marked `tooLarge`) so that the
// fields after it still arrive and the page can answer with an inline error. Text fields have a limit of their
// own, and the whole body one more (checked on Content-Length before reading, and while reading).

export interface UploadedFile {
  /** The name the browser sent (base name only); "" when the file input was left empty. */
  fileName: string;
  /** Empty when `tooLarge`. */
  bytes: Uint8Array;
  tooLarge: boolean;
}

export interface MultipartLimits {
  /** The file inputs to keep, each with its largest size in bytes; files of other inputs are ignored. */
  files: Record<string, number>;
  /** The largest request body; beyond it the form is not read at all. */
  maxBodyBytes: number;
  /** The largest text field (default 64 KiB). */
  maxTextBytes?: number;
}

export type MultipartForm =
  | { ok: true; form: FormData; files: Map<string, UploadedFile> }
  | { ok: false; reason: "tooLarge" | "malformed" };

class BodyTooLarge extends Error {}

export async function readMultipartForm(request: Request, limits: MultipartLimits): Promise<MultipartForm> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limits.maxBodyBytes) return { ok: false, reason: "tooLarge" };
  const maxText = limits.maxTextBytes ?? 64 * 1024;
  // A form posted without a file input (or by a script) may come urlencoded: read it as usual.
  if (!/^multipart\/form-data\s*;/i.test(request.headers.get("content-type") ?? "")) {
    try {
      return { ok: true, form: await request.formData(), files: new Map() };
    } catch {
      return { ok: false, reason: "malformed" };
    }
  }
  const files = new Map<string, UploadedFile>();
  let total = 0;
  const handler: UploadHandler = async ({ name, filename, data }) => {
    const isFile = filename !== undefined;
    const limit = isFile ? limits.files[name] : maxText;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      total += chunk.byteLength;
      if (total > limits.maxBodyBytes) throw new BodyTooLarge();
      size += chunk.byteLength;
      if (limit !== undefined && size <= limit) chunks.push(chunk);
    }
    if (!isFile) {
      if (size > maxText) throw new BodyTooLarge();
      return new TextDecoder().decode(Buffer.concat(chunks));
    }
    if (limit === undefined) return undefined;
    const tooLarge = size > limit;
    files.set(name, { fileName: filename ?? "", bytes: tooLarge ? new Uint8Array() : new Uint8Array(Buffer.concat(chunks)), tooLarge });
    return undefined;
  };
  try {
    const form = await unstable_parseMultipartFormData(request, handler);
    return { ok: true, form, files };
  } catch (error) {
    return { ok: false, reason: error instanceof BodyTooLarge ? "tooLarge" : "malformed" };
  }
}
