import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import type { ByteSource } from "../domain/files/files";

// Content-addressed storage of uploaded and issued files (docs/decisions/0013-uploads-and-storage.md). The key of a
// file is the SHA-256 of its bytes, so identical content is stored once and a key can never point at other bytes.
//
// The interface is what an S3-compatible store must provide to replace the disk:
//   stage(chunks, { maxBytes })  receive a stream into a private temporary place, hashing and counting as it comes;
//                                throws BlobTooLargeError as soon as more than maxBytes arrived (the rest is not read).
//     → StagedBlob: sha256 and size known; `read` gives random access for checking the content (magic bytes, the
//       PDF's trailer, a ZIP's directory); `commit()` makes it durable under its content address (a no-op when that
//       content is already stored); `discard()` forgets the temporary copy. One of the two must be called.
//   open(sha256)    a readable stream of stored content (for downloads);
//   exists(sha256)  whether content is stored;
//   remove(sha256)  deletes stored content: only for a sweep that has checked no row refers to it.
// On S3: stage to a local temporary file (or a multipart upload under a temporary key), commit = PutObject / CopyObject
// to the content key with If-None-Match: *; open = GetObject.

export class BlobTooLargeError extends Error {
  override name = "BlobTooLargeError";
  readonly code = "BLOB_TOO_LARGE";
  constructor(readonly limit: number) {
    super(`More than ${limit} bytes`);
  }
}

/**
 * Whether an error is the store's "too large". Not `instanceof`: the production server creates the store from the
 * composition root while the routes come from the built bundle, so the class can exist twice.
 */
export function isBlobTooLarge(error: unknown): error is BlobTooLargeError {
  return error instanceof Error && (error as { code?: unknown }).code === "BLOB_TOO_LARGE";
}

export interface StagedBlob extends ByteSource {
  readonly sha256: string;
  readonly size: number;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

export interface BlobStore {
  stage(chunks: AsyncIterable<Uint8Array>, options: { maxBytes: number }): Promise<StagedBlob>;
  open(sha256: string): Readable;
  exists(sha256: string): Promise<boolean>;
  remove(sha256: string): Promise<void>;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** Files under `root/ab/cd/<sha256>`; temporary files under `root/.staging/`, fsynced, then renamed into place. */
export function createDiskBlobStore(root: string): BlobStore {
  const staging = join(root, ".staging");
  const pathOf = (sha256: string) => {
    if (!SHA256.test(sha256)) throw new Error("Invalid content address");
    return join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };

  return {
    async stage(chunks, { maxBytes }) {
      await mkdir(staging, { recursive: true });
      const tmpPath = join(staging, `${Date.now()}-${randomBytes(8).toString("hex")}`);
      const handle = await open(tmpPath, "wx+");
      const hash = createHash("sha256");
      let size = 0;
      try {
        for await (const chunk of chunks) {
          size += chunk.byteLength;
          if (size > maxBytes) throw new BlobTooLargeError(maxBytes);
          hash.update(chunk);
          await handle.write(chunk);
        }
        await handle.sync();
      } catch (error) {
        await handle.close();
        await rm(tmpPath, { force: true });
        throw error;
      }
      const sha256 = hash.digest("hex");
      let settled = false;
      return {
        sha256,
        size,
        async read(offset, length) {
          const start = Math.max(0, Math.min(offset, size));
          const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - start)));
          if (buffer.byteLength === 0) return new Uint8Array();
          const { bytesRead } = await handle.read(buffer, 0, buffer.byteLength, start);
          return new Uint8Array(buffer.buffer, buffer.byteOffset, bytesRead);
        },
        async commit() {
          if (settled) return;
          settled = true;
          await handle.close();
          const finalPath = pathOf(sha256);
          if (await present(finalPath)) {
            // The same content is already stored: keep that copy.
            await rm(tmpPath, { force: true });
            return;
          }
          await mkdir(join(root, sha256.slice(0, 2), sha256.slice(2, 4)), { recursive: true });
          await rename(tmpPath, finalPath);
          await syncDirectory(join(root, sha256.slice(0, 2), sha256.slice(2, 4)));
        },
        async discard() {
          if (settled) return;
          settled = true;
          await handle.close();
          await rm(tmpPath, { force: true });
        },
      };
    },
    open(sha256) {
      return createReadStream(pathOf(sha256));
    },
    async exists(sha256) {
      return present(pathOf(sha256));
    },
    async remove(sha256) {
      await rm(pathOf(sha256), { force: true });
    },
  };
}

async function present(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Makes a rename durable (the directory entry), where the platform allows it. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not supported on every platform (Windows): the file itself was fsynced.
  }
}
