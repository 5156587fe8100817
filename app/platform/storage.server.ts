import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { newId } from "./ids.server";

// File storage for uploads and issued documents. A file is fully written and flushed to disk under a key
// that we generate (never the client's file name) before any database row may reference it.

export class FileTooLargeError extends Error {
  override name = "FileTooLargeError";
  constructor(readonly limit: number) {
    super(`File larger than ${limit} bytes`);
  }
}

export interface StoredFile {
  key: string;
  size: number;
  sha256: string;
}

export interface FileStorage {
  put(content: AsyncIterable<Uint8Array> | Uint8Array, options?: { maxBytes?: number }): Promise<StoredFile>;
  read(key: string): Readable;
  size(key: string): Promise<number | null>;
  remove(key: string): Promise<void>;
}

const KEY_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function createFileStorage(root: string): FileStorage {
  const pathOf = (key: string) => {
    if (!KEY_PATTERN.test(key)) throw new Error("Invalid storage key");
    return join(root, key.slice(0, 2), key.slice(2, 4), key);
  };

  return {
    async put(content, options = {}) {
      const key = newId();
      const finalPath = pathOf(key);
      const dir = join(root, key.slice(0, 2), key.slice(2, 4));
      await mkdir(dir, { recursive: true });
      const tmpPath = `${finalPath}.partial`;
      const handle = await open(tmpPath, "wx");
      const hash = createHash("sha256");
      let size = 0;
      try {
        const chunks = content instanceof Uint8Array ? [content] : content;
        for await (const chunk of chunks) {
          size += chunk.byteLength;
          if (options.maxBytes !== undefined && size > options.maxBytes) throw new FileTooLargeError(options.maxBytes);
          hash.update(chunk);
          await handle.write(chunk);
        }
        await handle.sync();
      } catch (error) {
        await handle.close();
        await rm(tmpPath, { force: true });
        throw error;
      }
      await handle.close();
      await rename(tmpPath, finalPath);
      return { key, size, sha256: hash.digest("hex") };
    },
    read(key) {
      return createReadStream(pathOf(key));
    },
    async size(key) {
      try {
        return (await stat(pathOf(key))).size;
      } catch {
        return null;
      }
    },
    async remove(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}
