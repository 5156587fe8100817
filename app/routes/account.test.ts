import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { engines, migratedDatabase } from "../../db/testing";
import { engineOf } from "../platform/db.server";
import { newId } from "../platform/ids.server";
import { createLogger } from "../platform/logger.server";
import { createDatabaseSessionStorage } from "../platform/session.server";
import { action, loader } from "./account";

// /account's "Hủy liên kết với VNeID": a plain POST that unlinks an account a password opens, and refuses (400, with
// the reason for the error summary) one that eID alone opens.

async function setUp(engine: (typeof engines)[number]) {
  const opened = await migratedDatabase(engine);
  const sessionStorage = createDatabaseSessionStorage(opened.db, { secrets: ["s".repeat(32)], secure: false });
  const context = { db: opened.db, engine: engineOf(opened.db), logger: createLogger("silent"), sessionStorage, requestId: "r", clientIp: null, origin: "http://portal.test" } as unknown as AppLoadContext;
  const citizen = async (passwordHash: string | null) => {
    const id = newId();
    const at = new Date().toISOString();
    await opened.db
      .insertInto("users")
      .values({ id, kind: "citizen", status: "active", full_name: "Lù Thị Mỷ", cccd: `00230200${String(Math.floor(Math.random() * 1e4)).padStart(4, "0")}`, birth_date: "2002-06-25", email: `${id}@example.vn`, phone: null, password_hash: passwordHash, email_verified_at: at, eid_verified_at: at, eid_issuer: "http://127.0.0.1:3400", eid_subject: id, totp_secret: null, totp_confirmed_at: null, totp_last_step: null, created_at: at, updated_at: at })
      .execute();
    const session = await sessionStorage.getSession();
    session.set("userId", id);
    return { id, cookie: (await sessionStorage.commitSession(session)).split(";")[0]! };
  };
  const post = (cookie: string, body: string) =>
    new Request("http://portal.test/account", { method: "POST", headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" }, body });
  const linked = async (id: string) => (await opened.db.selectFrom("users").select("eid_subject").where("id", "=", id).executeTakeFirstOrThrow()).eid_subject !== null;
  return { ...opened, context, citizen, post, linked };
}

async function thrown(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return await run();
  } catch (error) {
    return error;
  }
}

describe.each(engines)("unlinking VNeID from /account on %s", (engine) => {
  it("unlinks an account that has a password, and says so on the page", async () => {
    const { close, context, citizen, post, linked } = await setUp(engine);
    try {
      const { id, cookie } = await citizen("argon2-hash");
      const answer = await thrown(() => action({ request: post(cookie, "intent=unlink-eid"), context, params: {} }));
      expect(answer).toBeInstanceOf(Response);
      expect((answer as Response).headers.get("Location")).toBe("/account");
      expect(await linked(id)).toBe(false);
      const page = (await loader({ request: new Request("http://portal.test/account", { headers: { Cookie: cookie } }), context, params: {} })) as unknown as {
        data: { flash: unknown; profile: { eidLink: unknown } };
      };
      expect(page.data.flash).toEqual({ kind: "success", messageKey: "account:eidLink.unlinked" });
      expect(page.data.profile.eidLink).toBeNull();
      // A second click (another tab) changes nothing and is no error.
      const again = await thrown(() => action({ request: post(cookie, "intent=unlink-eid"), context, params: {} }));
      expect((again as Response).headers.get("Location")).toBe("/account");
    } finally {
      await close();
    }
  });

  it("refuses to unlink an account that eID alone opens, with the reason for the error summary", async () => {
    const { close, context, citizen, post, linked } = await setUp(engine);
    try {
      const { id, cookie } = await citizen(null);
      const answer = (await action({ request: post(cookie, "intent=unlink-eid"), context, params: {} })) as unknown as { data: unknown; init: { status: number } };
      expect(answer.init.status).toBe(400);
      expect(answer.data).toEqual({ error: "account:eidLink.errors.noPassword" });
      expect(await linked(id)).toBe(true);
    } finally {
      await close();
    }
  });
});
