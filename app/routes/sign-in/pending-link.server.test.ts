import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { engines, migratedDatabase } from "../../../db/testing";
import { formatDate } from "~/domain/shared/format";
import { engineOf } from "~/platform/db.server";
import { newId } from "~/platform/ids.server";
import { createLogger } from "~/platform/logger.server";
import type { EidIdentity } from "~/platform/oidc.server";
import { hashPassword } from "~/platform/password-hash.server";
import { createDatabaseSessionStorage, type SessionData } from "~/platform/session.server";
import { loader as doneLoader } from "../sign-in.vneid.done";
import { action, loader } from "../sign-in.vneid.link";
import { linkEidAccount } from "./eid-link.server";
import { EID_LINK_PENDING_MS } from "./pending-link.server";

// /sign-in/vneid/link as the browser meets it: the eID callback that finds an account registered with the person's
// CCCD (never verified by eID, opened by a password) keeps the verified identity in a fresh session and sends the
// person here; the page's two plain forms link the account with its password, or close it and make a new one.

const ISSUER = "http://127.0.0.1:3400";
const identity: EidIdentity = {
  issuer: ISSUER,
  subject: "thunghiem-0003",
  cccd: "002302006251",
  fullName: "Lù Thị Mỷ",
  birthDate: "2002-06-25",
  address: "Mèo Vạc, Hà Giang",
  level: "level2",
};
const PASSWORD = "chợ phiên Đồng Văn sáng chủ nhật";

async function setUp(engine: (typeof engines)[number]) {
  const opened = await migratedDatabase(engine);
  const sessionStorage = createDatabaseSessionStorage(opened.db, { secrets: ["s".repeat(32)], secure: false });
  const context = { db: opened.db, engine: engineOf(opened.db), logger: createLogger("silent"), sessionStorage, requestId: "req-9", clientIp: "203.0.113.9", origin: "http://portal.test" } as unknown as AppLoadContext;
  const accountId = newId();
  const at = "2026-11-20T03:00:00.000Z";
  await opened.db
    .insertInto("users")
    .values({ id: accountId, kind: "citizen", status: "active", full_name: "Người đăng ký", cccd: identity.cccd, birth_date: "2002-06-25", email: "lien.ket@example.vn", phone: null, password_hash: await hashPassword(PASSWORD), email_verified_at: at, eid_verified_at: null, totp_secret: null, totp_confirmed_at: null, totp_last_step: null, created_at: at, updated_at: at })
    .execute();
  /** The eID callback's answer: a redirect, and the cookie of the session it started. */
  const callback = async () => {
    const answer = await linkEidAccount(
      { request: new Request("http://portal.test/sign-in/vneid/callback"), context },
      { identity, issuer: ISSUER, idToken: "id.token.jwt" },
      { returnTo: "/procedures", keepSession: () => Promise.reject(new Error("not used")) },
    );
    if (!(answer instanceof Response)) throw new Error("expected a redirect");
    return { answer, cookie: answer.headers.get("Set-Cookie")!.split(";")[0]! };
  };
  const get = (cookie: string | null) => new Request("http://portal.test/sign-in/vneid/link", { headers: cookie ? { Cookie: cookie, "Accept-Language": "vi" } : {} });
  const post = (cookie: string, body: string) =>
    new Request("http://portal.test/sign-in/vneid/link", { method: "POST", headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" }, body });
  const user = (id: string) => opened.db.selectFrom("users").select(["status", "cccd", "eid_subject", "eid_verified_at"]).where("id", "=", id).executeTakeFirstOrThrow();
  return { ...opened, context, sessionStorage, accountId, callback, get, post, user };
}

async function answerOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return await run();
  } catch (thrown) {
    return thrown;
  }
}
const location = (answer: unknown) => (answer instanceof Response ? answer.headers.get("Location") : null);
type Reply = { data: unknown; init: { status: number; headers?: Record<string, string> } | null };

describe.each(engines)("the eID link page on %s", (engine) => {
  it("is where the callback sends the holder, with the identity waiting server-side for 10 minutes and nothing linked", async () => {
    const { close, context, sessionStorage, accountId, callback, get, user } = await setUp(engine);
    try {
      const before = Date.now();
      const { answer, cookie } = await callback();
      expect(answer.status).toBe(302);
      expect(location(answer)).toBe("/sign-in/vneid/link");
      expect(answer.headers.get("Cache-Control")).toBe("no-store");
      const session = await sessionStorage.getSession(cookie);
      expect(session.get("userId")).toBeUndefined();
      const pending = session.get("eidPendingLink")!;
      expect(pending).toMatchObject({ accountId, identity, issuer: ISSUER, idToken: "id.token.jwt", returnTo: "/procedures" });
      const left = new Date(pending.expiresAt).getTime() - before;
      expect(left).toBeGreaterThanOrEqual(EID_LINK_PENDING_MS);
      expect(left).toBeLessThan(EID_LINK_PENDING_MS + 5_000);
      expect(cookie).not.toContain(identity.cccd); // the cookie carries only the session id
      expect(await user(accountId)).toMatchObject({ eid_subject: null, eid_verified_at: null });

      const page = (await loader({ request: get(cookie), context, params: {} })) as unknown as Reply;
      expect(page.data).toEqual({ title: "Đã có tài khoản đăng ký bằng số định danh của bạn", name: identity.fullName, maskedEmail: "l***@example.vn", createdAt: formatDate("2026-11-20T03:00:00.000Z"), minutes: 10 });
      expect(page.init?.headers).toEqual({ "Cache-Control": "no-store" });
    } finally {
      await close();
    }
  });

  it("sends anyone without a pending link to sign in, and one whose link expired with a message", async () => {
    const { close, context, sessionStorage, get, post } = await setUp(engine);
    try {
      expect(location(await answerOf(() => loader({ request: get(null), context, params: {} })))).toBe("/sign-in");
      const session = await sessionStorage.getSession();
      session.set("userId", newId());
      const signedIn = (await sessionStorage.commitSession(session)).split(";")[0]!;
      expect(location(await answerOf(() => action({ request: post(signedIn, "intent=mine&password=x"), context, params: {} })))).toBe("/sign-in");

      const expired = await sessionStorage.getSession();
      const pending: SessionData["eidPendingLink"] = { accountId: newId(), identity, issuer: ISSUER, idToken: "t", returnTo: "/", expiresAt: new Date(Date.now() - 1).toISOString() };
      expired.set("eidPendingLink", pending);
      const cookie = (await sessionStorage.commitSession(expired)).split(";")[0]!;
      const answer = await answerOf(() => action({ request: post(cookie, "intent=notMine&confirm=yes"), context, params: {} }));
      expect(location(answer)).toBe("/sign-in");
      const after = await sessionStorage.getSession(cookie);
      expect(after.get("eidPendingLink")).toBeUndefined();
      expect(after.get("flash")).toEqual({ kind: "info", messageKey: "auth:eid.link.startAgain" });
    } finally {
      await close();
    }
  });

  it("asks for the password, says when it is wrong, and links and signs in with the right one", async () => {
    const { db, close, context, sessionStorage, accountId, callback, get, post, user } = await setUp(engine);
    try {
      const { cookie } = await callback();
      const empty = (await action({ request: post(cookie, "intent=mine&password="), context, params: {} })) as unknown as Reply;
      expect(empty.init?.status).toBe(400);
      expect(empty.data).toEqual({ intent: "mine", errors: { password: "auth:eid.link.errors.password" }, minutes: 0 });
      const wrong = (await action({ request: post(cookie, "intent=mine&password=sai"), context, params: {} })) as unknown as Reply;
      expect(wrong.init?.status).toBe(400);
      expect(wrong.data).toEqual({ intent: "mine", errors: { password: "auth:eid.link.errors.invalid" }, minutes: 0 });
      expect(await user(accountId)).toMatchObject({ eid_subject: null });
      // Counted as a failed password sign-in of the account and of the address.
      expect((await db.selectFrom("rate_limits").select("key").orderBy("key").execute()).map((r) => r.key)).toEqual([`signin:account:${accountId}`, "signin:ip:203.0.113.9"]);

      const done = await answerOf(() => action({ request: post(cookie, `intent=mine&password=${encodeURIComponent(PASSWORD)}`), context, params: {} }));
      expect(location(done)).toBe("/sign-in/vneid/done?returnTo=%2Fprocedures");
      const session = await sessionStorage.getSession((done as Response).headers.get("Set-Cookie"));
      expect(session.get("userId")).toBe(accountId);
      expect(session.get("eid")).toEqual({ issuer: ISSUER, idToken: "id.token.jwt" });
      expect(session.get("eidPendingLink")).toBeUndefined();
      expect(await user(accountId)).toMatchObject({ status: "active", eid_subject: identity.subject, eid_verified_at: expect.any(String) });
      // The pending session is used up.
      expect(location(await answerOf(() => loader({ request: get(cookie), context, params: {} })))).toBe("/sign-in");
    } finally {
      await close();
    }
  });

  it("closes the account on 'not mine' once ticked, mails its address, and signs the holder into a new account", async () => {
    const { db, close, context, sessionStorage, accountId, callback, post, user } = await setUp(engine);
    try {
      const { cookie } = await callback();
      const unticked = (await action({ request: post(cookie, "intent=notMine"), context, params: {} })) as unknown as Reply;
      expect(unticked.init?.status).toBe(400);
      expect(unticked.data).toEqual({ intent: "notMine", errors: { confirm: "auth:eid.link.errors.confirm" }, minutes: 0 });
      expect(await user(accountId)).toMatchObject({ status: "active", cccd: identity.cccd });
      // An unknown intent changes nothing and shows the page again.
      expect(location(await answerOf(() => action({ request: post(cookie, "intent=both"), context, params: {} })))).toBe("/sign-in/vneid/link");

      const done = await answerOf(() => action({ request: post(cookie, "intent=notMine&confirm=yes"), context, params: {} }));
      expect(location(done)).toBe("/sign-in/vneid/done?returnTo=%2Fprocedures");
      const setCookie = (done as Response).headers.get("Set-Cookie")!;
      const session = await sessionStorage.getSession(setCookie);
      const newAccount = session.get("userId")!;
      expect(newAccount).not.toBe(accountId);
      expect(await user(accountId)).toEqual({ status: "disabled", cccd: null, eid_subject: null, eid_verified_at: null });
      expect(await user(newAccount)).toMatchObject({ status: "active", cccd: identity.cccd, eid_subject: identity.subject });
      const outbox = await db.selectFrom("mail_outbox").select(["to_address", "subject"]).execute();
      expect(outbox).toEqual([{ to_address: "lien.ket@example.vn", subject: "Tài khoản của bạn trên Cổng Dịch vụ công đã bị đóng" }]);

      // The next page says what happened, once.
      const doneRequest = () => new Request("http://portal.test/sign-in/vneid/done?returnTo=%2Fprocedures", { headers: { Cookie: setCookie.split(";")[0]! } });
      const first = (await doneLoader({ request: doneRequest(), context, params: {} })) as unknown as Reply;
      expect(first.data).toMatchObject({ name: identity.fullName, flash: { kind: "success", messageKey: "auth:eid.link.notMineDone" } });
      const second = (await doneLoader({ request: doneRequest(), context, params: {} })) as unknown as Reply;
      expect(second.data).toMatchObject({ flash: null });
    } finally {
      await close();
    }
  });
});
