import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { engines, migratedDatabase } from "../../../db/testing";
import { engineOf } from "~/platform/db.server";
import { newId } from "~/platform/ids.server";
import { createLogger } from "~/platform/logger.server";
import type { EidIdentity } from "~/platform/oidc.server";
import { createDatabaseSessionStorage } from "~/platform/session.server";
import { linkEidAccount } from "./eid-link.server";

// What the eID callback answers once the provider has vouched for someone: a new session that remembers the ID token
// (for signing out at the provider), or a page that refuses, leaving the visitor's session as it was.

const ISSUER = "http://127.0.0.1:3400";
const identity: EidIdentity = {
  issuer: ISSUER,
  subject: "thunghiem-0001",
  cccd: "002188004217",
  fullName: "Hoàng Thị Lan",
  birthDate: "1988-04-17",
  address: "Hà Giang",
  level: "level2",
};

async function setUp(engine: (typeof engines)[number]) {
  const opened = await migratedDatabase(engine);
  const sessionStorage = createDatabaseSessionStorage(opened.db, { secrets: ["s".repeat(32)], secure: false });
  const context = { db: opened.db, engine: engineOf(opened.db), logger: createLogger("silent"), sessionStorage, requestId: "req-7", clientIp: null, origin: "http://portal.test" } as unknown as AppLoadContext;
  return { ...opened, context, sessionStorage };
}

describe.each(engines)("the eID callback's answer on %s", (engine) => {
  it("signs the citizen in with a fresh session that keeps the provider and the ID token", async () => {
    const { db, close, context, sessionStorage } = await setUp(engine);
    try {
      const response = await linkEidAccount(
        { request: new Request("http://portal.test/sign-in/vneid/callback"), context },
        { identity, issuer: ISSUER, idToken: "id.token.jwt" },
        { returnTo: "/procedures", keepSession: () => Promise.reject(new Error("not used")) },
      );
      if (!(response instanceof Response)) throw new Error("expected a redirect");
      expect(response.headers.get("Location")).toBe("/sign-in/vneid/done?returnTo=%2Fprocedures");
      const session = await sessionStorage.getSession(response.headers.get("Set-Cookie"));
      const user = await db.selectFrom("users").select(["id", "eid_subject"]).executeTakeFirstOrThrow();
      expect(session.get("userId")).toBe(user.id);
      expect(session.get("eid")).toEqual({ issuer: ISSUER, idToken: "id.token.jwt" });
      expect(user.eid_subject).toBe(identity.subject);
    } finally {
      await close();
    }
  });

  it("refuses an official's account with a page (403) and keeps the visitor's session as it was", async () => {
    const { db, close, context } = await setUp(engine);
    try {
      const at = new Date().toISOString();
      await db
        .insertInto("users")
        .values({ id: newId(), kind: "official", status: "active", full_name: "Cán bộ", cccd: identity.cccd, birth_date: null, email: "cb@hagiang.gov.vn", phone: null, password_hash: "x", email_verified_at: at, eid_verified_at: null, totp_secret: null, totp_confirmed_at: at, totp_last_step: null, created_at: at, updated_at: at })
        .execute();
      const answer = await linkEidAccount(
        { request: new Request("http://portal.test/sign-in/vneid/callback", { headers: { "Accept-Language": "vi" } }), context },
        { identity, issuer: ISSUER, idToken: "id.token.jwt" },
        { returnTo: "/", keepSession: async () => "__session=kept; Path=/" },
      );
      expect(answer).not.toBeInstanceOf(Response);
      const refused = answer as unknown as { data: unknown; init: { status: number; headers: Record<string, string> } };
      expect(refused.init.status).toBe(403);
      expect(refused.init.headers).toEqual({ "Set-Cookie": "__session=kept; Path=/" });
      expect(refused.data).toEqual({ page: "refused", reason: "official", requestId: "req-7", title: "Tài khoản cán bộ không đăng nhập bằng định danh điện tử" });
      expect(await db.selectFrom("sessions").select("id").execute()).toEqual([]);
      const audit = await db.selectFrom("audit_events").select(["action", "request_id"]).execute();
      expect(audit).toEqual([{ action: "account.eidSignInRefused", request_id: "req-7" }]);
    } finally {
      await close();
    }
  });
});
