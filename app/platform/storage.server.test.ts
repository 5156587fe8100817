import { createHash } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { text } from "node:stream/consumers";
import { afterAll, describe, expect, it } from "vitest";
import { createFileStorage, FileTooLargeError } from "./storage.server";

const root = await mkdtemp(join(tmpdir(), "storage-test-"));
afterAll(() => rm(root, { recursive: true, force: true }));

async function* pieces(...parts: string[]) {
  for (const p of parts) yield new TextEncoder().encode(p);
}

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

describe("file storage", () => {
  it("stores a stream under a generated key with its size and SHA-256", async () => {
    const storage = createFileStorage(root);
    const stored = await storage.put(pieces("Tờ khai ", "đăng ký khai sinh"));
    expect(stored.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(stored.size).toBe(Buffer.byteLength("Tờ khai đăng ký khai sinh"));
    expect(stored.sha256).toBe(createHash("sha256").update("Tờ khai đăng ký khai sinh").digest("hex"));
    expect(await text(storage.read(stored.key))).toBe("Tờ khai đăng ký khai sinh");
    expect(await storage.size(stored.key)).toBe(stored.size);
    await storage.remove(stored.key);
    expect(await storage.size(stored.key)).toBeNull();
  });

  it("refuses a file over the limit and leaves nothing behind", async () => {
    const dir = await mkdtemp(join(tmpdir(), "storage-limit-"));
    const storage = createFileStorage(dir);
    await expect(storage.put(pieces("12345", "67890"), { maxBytes: 8 })).rejects.toBeInstanceOf(FileTooLargeError);
    expect(await allFiles(dir)).toEqual([]);
    await rm(dir, { recursive: true, force: true });
  });

  it("never accepts a key that could leave its folder", () => {
    const storage = createFileStorage(root);
    expect(() => storage.read("../../etc/passwd")).toThrow("Invalid storage key");
  });
});
