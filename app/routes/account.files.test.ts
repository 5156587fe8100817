import type { AppLoadContext } from "@remix-run/node";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { engines, migratedDatabase } from "../../db/testing";
import { tinyExe, tinyPdf } from "../domain/files/fixtures";
import { createDiskBlobStore } from "../platform/blob-store.server";
import { engineOf } from "../platform/db.server";
import { newId } from "../platform/ids.server";
import { createLogger } from "../platform/logger.server";
import { createDatabaseSessionStorage } from "../platform/session.server";
import { action } from "./account.files";
import { action as remove, loader as download } from "./account.files.$id";

// The wallet's routes mapping the use cases' outcomes to answers: a translated error with 400, a limit passed while
// streaming with 413 and the connection closed, a redirect after storing; a download with its headers; removal.

const root = await mkdtemp(join(tmpdir(), "wallet-routes-"));
afterAll(() => rm(root, { recursive: true, force: true }));

async function setUp(engine: (typeof engines)[number]) {
  const opened = await migratedDatabase(engine);
  const sessionStorage = createDatabaseSessionStorage(opened.db, { secrets: ["s".repeat(32)], secure: false });
  const blobs = createDiskBlobStore(join(root, engine));
  const context = { db: opened.db, engine: engineOf(opened.db), logger: createLogger("silent"), sessionStorage, blobs, requestId: "r", clientIp: null, origin: "http://portal.test" } as unknown as AppLoadContext;
  const id = newId();
  const at = new Date().toISOString();
  await opened.db
    .insertInto("users")
    .values({ id, kind: "citizen", status: "active", full_name: "Sùng Thị Mai", cccd: "002302001234", birth_date: "2002-06-25", email: `${id}@example.vn`, phone: null, password_hash: null, email_verified_at: at, eid_verified_at: null, totp_secret: null, totp_confirmed_at: null, totp_last_step: null, created_at: at, updated_at: at })
    .execute();
  const session = await sessionStorage.getSession();
  session.set("userId", id);
  const cookie = (await sessionStorage.commitSession(session)).split(";")[0]!;
  const upload = (fileName: string, bytes: Uint8Array) => {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(bytes)]), fileName);
    return new Request("http://portal.test/account/files", { method: "POST", headers: { Cookie: cookie }, body: form });
  };
  return { ...opened, context, cookie, upload };
}

async function outcome(run: () => Promise<unknown>): Promise<{ status: number; body?: unknown; headers: Headers }> {
  let result: unknown;
  try {
    result = await run();
  } catch (error) {
    result = error;
  }
  if (result instanceof Response) return { status: result.status, headers: result.headers };
  const init = (result as { init?: { status?: number; headers?: HeadersInit } }).init;
  return { status: init?.status ?? 200, body: (result as { data?: unknown }).data, headers: new Headers(init?.headers) };
}

describe.each(engines)("the wallet's routes on %s", (engine) => {
  it("answers refused uploads with their translated error and stores a good one", async () => {
    const { db, close, context, upload, cookie } = await setUp(engine);
    try {
      expect(await outcome(() => action({ request: upload("hoa-don.pdf", tinyExe()), params: {}, context } as never))).toMatchObject({ status: 400, body: { error: "files:errors.type" } });
      const pdf = tinyPdf();
      expect(await outcome(() => action({ request: upload("hong.pdf", pdf.subarray(0, 200)), params: {}, context } as never))).toMatchObject({ status: 400, body: { error: "files:errors.corruptPdf" } });
      expect(await outcome(() => action({ request: upload("rong.pdf", new Uint8Array()), params: {}, context } as never))).toMatchObject({ status: 400, body: { error: "files:errors.empty" } });
      const big = await outcome(() => action({ request: upload("lon.pdf", new Uint8Array(10_000_001)), params: {}, context } as never));
      expect(big).toMatchObject({ status: 413, body: { error: "files:errors.tooLarge" } });
      expect(big.headers.get("Connection")).toBe("close");
      expect(await db.selectFrom("files").select("id").execute()).toEqual([]);

      const stored = await outcome(() => action({ request: upload("Giấy khai sinh.pdf", pdf), params: {}, context } as never));
      expect(stored.status).toBe(303);
      expect(stored.headers.get("Location")).toBe("/account/files");
      const row = await db.selectFrom("files").select(["id", "original_name", "media_type"]).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ original_name: "Giấy khai sinh.pdf", media_type: "application/pdf" });

      const file = (await download({ request: new Request(`http://portal.test/account/files/${row.id}`, { headers: { Cookie: cookie } }), params: { id: row.id }, context } as never)) as Response;
      expect(file.headers.get("Content-Type")).toBe("application/pdf");
      expect(file.headers.get("Content-Disposition")).toBe(`attachment; filename="Giay khai sinh.pdf"; filename*=UTF-8''Gi%E1%BA%A5y%20khai%20sinh.pdf`);
      expect(file.headers.get("Cache-Control")).toBe("private, no-store");
      expect(new Uint8Array(await file.arrayBuffer())).toEqual(pdf);

      const removeRequest = new Request(`http://portal.test/account/files/${row.id}`, { method: "POST", headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" }, body: "intent=remove" });
      expect((await outcome(() => remove({ request: removeRequest, params: { id: row.id }, context } as never))).status).toBe(303);
      expect((await outcome(() => download({ request: new Request(`http://portal.test/account/files/${row.id}`, { headers: { Cookie: cookie } }), params: { id: row.id }, context } as never))).status).toBe(404);
    } finally {
      await close();
    }
  });
});
