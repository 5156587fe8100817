import { createHash } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buffer } from "node:stream/consumers";
import { afterAll, describe, expect, it } from "vitest";
import { engines, migratedDatabase } from "../../../db/testing";
import { createDiskBlobStore, type BlobStore } from "../../platform/blob-store.server";
import type { Db } from "../../platform/db.server";
import type { StagedUpload } from "../../platform/uploads.server";
import { tinyExe, tinyPdf, tinyPng } from "./fixtures";
import { listWallet, openWalletFile, removeFromWallet, storeUploads, sweepUnreferenced, walletOwnerOf } from "./files.server";

// The wallet's use cases on both databases: storing (content checked, bytes before rows, all or nothing), listing,
// downloading and removing, each within the owner's wallet only (own files, or the organisation's when acting for it).

const root = await mkdtemp(join(tmpdir(), "files-test-"));
afterAll(() => rm(root, { recursive: true, force: true }));
const now = new Date("2026-12-01T03:00:00Z");

async function user(db: Db, id: string, cccd: string) {
  const at = now.toISOString();
  await db
    .insertInto("users")
    .values({ id, kind: "citizen", status: "active", full_name: `Người ${id}`, cccd, birth_date: "1990-01-01", email: `${id}@example.vn`, phone: null, password_hash: null, email_verified_at: at, eid_verified_at: null, totp_secret: null, totp_confirmed_at: null, totp_last_step: null, created_at: at, updated_at: at })
    .execute();
}

async function stage(store: BlobStore, field: string, fileName: string, bytes: Uint8Array): Promise<StagedUpload> {
  async function* once() {
    yield bytes;
  }
  return { field, fileName, blob: await store.stage(once(), { maxBytes: 10_000_000 }) };
}

const stagingOf = async (dir: string) => readdir(join(dir, ".staging")).catch(() => []);

describe("whose wallet", () => {
  it("is the citizen's own, or the organisation's they act for; officials have none", () => {
    expect(walletOwnerOf({ kind: "citizen", userId: "u", actingFor: null })).toEqual({ userId: "u", organisationId: null });
    expect(walletOwnerOf({ kind: "citizen", userId: "u", actingFor: { organisationId: "o", name: "C", taxCode: "1" } })).toEqual({ userId: "u", organisationId: "o" });
    expect(walletOwnerOf({ kind: "official", userId: "u", roles: [] })).toBeNull();
  });
});

describe.each(engines)("the document wallet on %s", (engine) => {
  it("stores checked files (bytes first, identical content once), lists, downloads and removes them for their owner only", async () => {
    const { db, close } = await migratedDatabase(engine);
    const dir = join(root, `${engine}-store`);
    const store = createDiskBlobStore(dir);
    try {
      await user(db, "u-an", "002190000001");
      await user(db, "u-binh", "002190000002");
      await db.insertInto("organisations").values({ id: "org-1", tax_code: "0100109106", name: "Công ty thử", address: null, created_at: now.toISOString() }).execute();
      const an = { userId: "u-an", organisationId: null };
      const binh = { userId: "u-binh", organisationId: null };
      const anForOrg = { userId: "u-an", organisationId: "org-1" };
      const binhForOrg = { userId: "u-binh", organisationId: "org-1" };

      const pdf = tinyPdf("Giay khai sinh");
      const stored = await storeUploads(db, store, { owner: an, uploads: [await stage(store, "file", "Giấy khai sinh.pdf", pdf), await stage(store, "file", "ảnh.png", tinyPng())], now });
      if (!stored.ok) throw new Error(JSON.stringify(stored.errors));
      expect(stored.files.file!.map((f) => [f.name, f.mediaType, f.sizeBytes, f.signatureStatus])).toEqual([
        ["Giấy khai sinh.pdf", "application/pdf", pdf.byteLength, "not_checked"],
        ["ảnh.png", "image/png", tinyPng().byteLength, "not_checked"],
      ]);
      // The same PDF for the organisation: a second row, the same bytes.
      const forOrg = await storeUploads(db, store, { owner: anForOrg, uploads: [await stage(store, "file", "ban sao.pdf", pdf)], now: new Date(now.getTime() + 1000) });
      expect(forOrg.ok).toBe(true);
      const sha = createHash("sha256").update(pdf).digest("hex");
      expect(await db.selectFrom("files").select("sha256").where("sha256", "=", sha).execute()).toHaveLength(2);
      const onDisk = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
      expect(onDisk.filter((n) => n === sha)).toHaveLength(1);
      expect(await stagingOf(dir)).toEqual([]);

      // Lists: own files only as oneself; the organisation's files for each of its representatives.
      expect((await listWallet(db, an)).map((f) => f.name).sort()).toEqual(["Giấy khai sinh.pdf", "ảnh.png"]);
      expect(await listWallet(db, binh)).toEqual([]);
      expect((await listWallet(db, binhForOrg)).map((f) => f.name)).toEqual(["ban sao.pdf"]);

      const pdfId = stored.files.file![0]!.id;
      const opened = await openWalletFile(db, store, an, pdfId);
      expect(opened).toMatchObject({ name: "Giấy khai sinh.pdf", mediaType: "application/pdf", sizeBytes: pdf.byteLength });
      expect(new Uint8Array(await buffer(opened!.content()))).toEqual(pdf);
      // Someone else's file, and a file of the organisation's wallet from one's own: not found.
      expect(await openWalletFile(db, store, binh, pdfId)).toBeNull();
      expect(await openWalletFile(db, store, anForOrg, pdfId)).toBeNull();
      expect(await openWalletFile(db, store, an, "not-an-id")).toBeNull();

      // Removing: only the owner; afterwards neither listed nor downloadable; the bytes stay (the org's row uses them).
      expect(await removeFromWallet(db, binh, pdfId, now)).toBe(false);
      expect(await removeFromWallet(db, an, pdfId, now)).toBe(true);
      expect(await removeFromWallet(db, an, pdfId, now)).toBe(false);
      expect((await listWallet(db, an)).map((f) => f.name)).toEqual(["ảnh.png"]);
      expect(await openWalletFile(db, store, an, pdfId)).toBeNull();
      expect(await store.exists(sha)).toBe(true);
      expect(await sweepUnreferenced(db, store, [sha])).toEqual([]);
    } finally {
      await close();
    }
  });

  it("stores nothing when one file is refused (type by content, an empty file reported by the reader), and leaves no staged bytes", async () => {
    const { db, close } = await migratedDatabase(engine);
    const dir = join(root, `${engine}-refused`);
    const store = createDiskBlobStore(dir);
    try {
      await user(db, "u-an", "002190000001");
      const owner = { userId: "u-an", organisationId: null };
      const exe = await storeUploads(db, store, { owner, uploads: [await stage(store, "a", "ok.png", tinyPng()), await stage(store, "b", "hoa-don.pdf", tinyExe())], now });
      expect(exe).toEqual({ ok: false, errors: { b: "type" } });
      const pdf = tinyPdf("x", 3000);
      const corrupt = await storeUploads(db, store, { owner, uploads: [await stage(store, "a", "hong.pdf", pdf.subarray(0, 1000))], errors: { c: "empty" }, now });
      expect(corrupt).toEqual({ ok: false, errors: { a: "corruptPdf", c: "empty" } });
      expect(await db.selectFrom("files").select("id").execute()).toEqual([]);
      expect(await stagingOf(dir)).toEqual([]);
      const onDisk = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
      expect(onDisk).toEqual([]);
    } finally {
      await close();
    }
  });

  it("keeps the bytes when writing the row fails, and the sweep removes content no row refers to", async () => {
    const { db, close } = await migratedDatabase(engine);
    const dir = join(root, `${engine}-orphan`);
    const store = createDiskBlobStore(dir);
    try {
      // No such user: the foreign key refuses the row after the bytes were stored.
      const png = tinyPng();
      await expect(storeUploads(db, store, { owner: { userId: "nobody", organisationId: null }, uploads: [await stage(store, "f", "a.png", png)], now })).rejects.toThrow();
      const sha = createHash("sha256").update(png).digest("hex");
      expect(await db.selectFrom("files").select("id").execute()).toEqual([]);
      expect(await store.exists(sha)).toBe(true);
      expect(await sweepUnreferenced(db, store, [sha])).toEqual([sha]);
      expect(await store.exists(sha)).toBe(false);
    } finally {
      await close();
    }
  });
});
