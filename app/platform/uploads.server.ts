import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import type { FileErrorCode } from "../domain/files/files";
import { cleanFileName } from "../domain/files/files";
import { isBlobTooLarge, type BlobStore, type StagedBlob } from "./blob-store.server";

// Reading a multipart/form-data request whose files go straight to storage (docs/decisions/0013): each file part is
// streamed into the blob store's staging area as it arrives (never held whole in memory), hashed and counted on the
// way. Limits are enforced while reading: the moment a file passes its field's limit, or the body passes the
// request's limit, reading stops, what was staged is discarded and the caller answers at once (the rest of the body
// is drained in the background, up to a cap, so that the browser can read the answer).
//
// This is the reading half of an upload; the other half is the use case that checks each staged file's content and
// records it (storeUploads in app/domain/files/files.server.ts). A route (the wallet, a filing step) does:
//
//   const read = await readUploads(request, { files: { document: { maxBytes: 10_000_000, maxFiles: 5 } }, maxRequestBytes: 30_000_000 }, context.blobs);
//   if (!read.ok) → answer 400 with files:errors.<read.error> on read.field (or the form)
//   const stored = await storeUploads(context.db, context.blobs, { actor, uploads: read.files, errors: read.errors });
//   stored.files: the rows written, by field; stored.errors: { field → FileErrorCode } (empty, type, corruptPdf…)
//
// Every staged file is either committed by storeUploads or discarded, also on errors.

export interface UploadFieldLimit {
  /** The largest file accepted in this field, in bytes. */
  maxBytes: number;
  /** How many files the field takes (default 1). */
  maxFiles?: number;
}

export interface UploadLimits {
  /** The file inputs to accept; file parts of other names are read past and ignored. */
  files: Record<string, UploadFieldLimit>;
  /** The largest request body (all files and fields together). */
  maxRequestBytes: number;
  /** The largest text field (default 64 KiB). */
  maxTextBytes?: number;
  /** How many parts the body may have (default 200). */
  maxParts?: number;
}

export interface StagedUpload {
  field: string;
  /** The base name the browser sent, cleaned (cleanFileName). */
  fileName: string;
  blob: StagedBlob;
}

export type UploadRead =
  | {
      ok: true;
      /** Text fields, each with its values in order. */
      text: Record<string, string[]>;
      /** The non-empty files received, in order, staged (not yet stored). */
      files: StagedUpload[];
      /** Files refused while reading but without stopping (a 0-byte file, one file too many): by field. */
      errors: Record<string, FileErrorCode>;
    }
  | {
      ok: false;
      /** tooLarge (a file over its field's limit), requestTooLarge, malformed (not a multipart form, a field too long). */
      error: Extract<FileErrorCode, "tooLarge" | "requestTooLarge" | "malformed">;
      /** The file field that passed its limit, when it was one. */
      field: string | null;
      /** The text fields read before stopping. */
      text: Record<string, string[]>;
    };

class Stop extends Error {
  constructor(
    readonly error: Extract<FileErrorCode, "tooLarge" | "requestTooLarge" | "malformed">,
    readonly field: string | null,
  ) {
    super(error);
  }
}

/** How much of an over-limit body is still read (and thrown away) after answering, so the browser sees the answer. */
const DRAIN_MAX_BYTES = 64 * 1024 * 1024;
const DRAIN_MAX_MS = 60_000;

export async function readUploads(request: Request, limits: UploadLimits, store: BlobStore): Promise<UploadRead> {
  const text: Record<string, string[]> = {};
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;\s*boundary=/i.test(contentType) || !request.body) {
    return { ok: false, error: "malformed", field: null, text };
  }
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limits.maxRequestBytes) {
    drain(request.body.getReader());
    return { ok: false, error: "requestTooLarge", field: null, text };
  }
  const maxText = limits.maxTextBytes ?? 64 * 1024;
  const maxParts = limits.maxParts ?? 200;
  const files: StagedUpload[] = [];
  const errors: Record<string, FileErrorCode> = {};
  const counts: Record<string, number> = {};
  let total = 0;
  let parts = 0;

  // Counts every byte of the body's parts against the request's limit.
  async function* counted(data: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
    for await (const chunk of data) {
      total += chunk.byteLength;
      if (total > limits.maxRequestBytes) throw new Stop("requestTooLarge", null);
      yield chunk;
    }
  }
  const skip = async (data: AsyncIterable<Uint8Array>) => {
    for await (const chunk of counted(data)) void chunk;
  };

  const handler: UploadHandler = async ({ name, filename, data }) => {
    parts += 1;
    if (parts > maxParts) throw new Stop("malformed", null);
    if (filename === undefined) {
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of counted(data)) {
        size += chunk.byteLength;
        if (size > maxText) throw new Stop("malformed", null);
        chunks.push(chunk);
      }
      (text[name] ??= []).push(new TextDecoder().decode(Buffer.concat(chunks)));
      return undefined;
    }
    const limit = limits.files[name];
    // A file input left empty sends a part with no name and no bytes.
    if (!limit || filename === "") {
      await skip(data);
      return undefined;
    }
    counts[name] = (counts[name] ?? 0) + 1;
    if (counts[name] > (limit.maxFiles ?? 1)) {
      errors[name] ??= "tooMany";
      await skip(data);
      return undefined;
    }
    let blob: StagedBlob;
    try {
      blob = await store.stage(counted(data), { maxBytes: limit.maxBytes });
    } catch (error) {
      if (isBlobTooLarge(error)) throw new Stop("tooLarge", name);
      throw error;
    }
    if (blob.size === 0) {
      await blob.discard();
      errors[name] ??= "empty";
      return undefined;
    }
    files.push({ field: name, fileName: cleanFileName(filename), blob });
    return undefined;
  };

  // The parser reads through a stream of our own over the body's reader, so that when it stops part-way (and keeps
  // its lock on that stream) the rest of the body can still be drained from the reader.
  const reader = request.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
  });
  const own = new Request(request.url, { method: "POST", headers: request.headers, body, duplex: "half" } as RequestInit);
  try {
    await unstable_parseMultipartFormData(own, handler);
    return { ok: true, text, files, errors };
  } catch (error) {
    await Promise.all(files.map((f) => f.blob.discard()));
    drain(reader);
    if (error instanceof Stop) return { ok: false, error: error.error, field: error.field, text };
    // A body that is not valid multipart, or a client that went away.
    return { ok: false, error: "malformed", field: null, text };
  }
}

/** Reads and discards the rest of a body we stopped reading, in the background, then gives up on it. */
function drain(reader: ReadableStreamDefaultReader<Uint8Array>): void {
  const started = Date.now();
  let seen = 0;
  const pump = async (): Promise<void> => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      seen += value.byteLength;
      if (seen > DRAIN_MAX_BYTES || Date.now() - started > DRAIN_MAX_MS) {
        await reader.cancel();
        return;
      }
    }
  };
  pump().catch(() => undefined);
}
