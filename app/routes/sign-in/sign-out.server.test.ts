import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { engines, migratedDatabase } from "../../../db/testing";
import { engineOf } from "~/platform/db.server";
import { createLogger } from "~/platform/logger.server";
import type { EidEndSessionRequest, EidEndSessionResult, OidcClient } from "~/platform/oidc.server";
import { createDatabaseSessionStorage, type SessionData } from "~/platform/session.server";
import { providerSignOutOf, signOut } from "./sign-out.server";

// Signing out, with and without eID, and what /signed-out then says about VNeID. The provider is a stand-in object
// here (the real exchange with an OpenID Connect provider is tested in app/platform/oidc.server.test.ts).

const ORIGIN = "https://dichvucong.hagiang.gov.vn";
const ISSUER = "https://sso.vneid.test";

async function setUp(engine: (typeof engines)[number]) {
  const opened = await migratedDatabase(engine);
  const sessionStorage = createDatabaseSessionStorage(opened.db, { secrets: ["s".repeat(32)], secure: true });
  const context = {
    db: opened.db,
    engine: engineOf(opened.db),
    logger: createLogger("silent"),
    sessionStorage,
    requestId: "req-1",
    clientIp: null,
    origin: ORIGIN,
  } as unknown as AppLoadContext;
  /** A signed-in session's cookie (name=value). */
  const sessionWith = async (data: Partial<SessionData>) => {
    const session = await sessionStorage.getSession();
    for (const [key, value] of Object.entries(data)) session.set(key as keyof SessionData, value as never);
    return (await sessionStorage.commitSession(session)).split(";")[0]!;
  };
  const request = (path: string, cookie: string | null, init: RequestInit = {}) =>
    new Request(`${ORIGIN}${path}`, { ...init, headers: cookie ? { Cookie: cookie, "Accept-Language": "vi" } : { "Accept-Language": "vi" } });
  const sessionRows = async () => (await opened.db.selectFrom("sessions").select(["id", "user_id"]).execute()).length;
  return { ...opened, context, sessionWith, request, sessionRows };
}

function fakeClient(answer: EidEndSessionResult, issuer = ISSUER) {
  const asked: EidEndSessionRequest[] = [];
  const client: OidcClient = {
    issuer,
    beginSignIn: () => Promise.reject(new Error("not used")),
    completeSignIn: () => Promise.reject(new Error("not used")),
    endSessionUrl: async (request) => {
      asked.push(request);
      return answer;
    },
  };
  return { client, asked };
}

const cookieOf = (response: Response) => (response.headers.get("Set-Cookie") ?? "").split(";")[0]!;

describe.each(engines)("signing out on %s", (engine) => {
  it("ends a password session and lands on /signed-out, which says nothing about VNeID", async () => {
    const { close, context, sessionWith, request, sessionRows } = await setUp(engine);
    try {
      const cookie = await sessionWith({ userId: "u1" });
      const { client, asked } = fakeClient({ ok: true, url: `${ISSUER}/session/end` });
      const response = await signOut({ request: request("/sign-out", cookie, { method: "POST" }), context }, client);
      expect(response.status).toBe(303);
      expect(response.headers.get("Location")).toBe("/signed-out");
      expect(response.headers.get("Set-Cookie")).toMatch(/^__session=;.*Expires=Thu, 01 Jan 1970/);
      expect(asked).toEqual([]);
      expect(await sessionRows()).toBe(0);
      expect(await providerSignOutOf({ request: request("/signed-out", null), context })).toEqual({ provider: "none", cookie: null });
    } finally {
      await close();
    }
  });

  it("ends an eID session here, then sends the browser to the provider's sign-out, which comes back with the state", async () => {
    const { close, context, sessionWith, request, sessionRows } = await setUp(engine);
    try {
      const cookie = await sessionWith({ userId: "u1", eid: { issuer: `${ISSUER}/`, idToken: "id.token.jwt" } });
      const { client, asked } = fakeClient({ ok: true, url: `${ISSUER}/session/end?id_token_hint=id.token.jwt` });
      const response = await signOut({ request: request("/sign-out", cookie, { method: "POST" }), context }, client);
      expect(response.status).toBe(303);
      expect(response.headers.get("Location")).toBe(`${ISSUER}/session/end?id_token_hint=id.token.jwt`);
      expect(asked).toEqual([{ idTokenHint: "id.token.jwt", postLogoutRedirectUri: `${ORIGIN}/signed-out`, state: expect.stringMatching(/^[\w-]{32}$/), uiLocales: "vi" }]);
      // The signed-in session is gone; a new anonymous one remembers the state for /signed-out.
      const rows = await context.db.selectFrom("sessions").select(["user_id", "data"]).execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]!.user_id).toBeNull();
      expect(rows[0]!.data).not.toContain("id.token.jwt");
      const next = cookieOf(response);
      expect(next).not.toBe(cookie);
      expect(await context.sessionStorage.getSession(cookie).then((s) => s.get("userId"))).toBeUndefined();

      const state = asked[0]!.state;
      const back = await providerSignOutOf({ request: request(`/signed-out?state=${state}`, next), context });
      expect(back.provider).toBe("done");
      // Used up: a reload says nothing more.
      expect((await providerSignOutOf({ request: request(`/signed-out?state=${state}`, next), context })).provider).toBe("none");
      expect(await sessionRows()).toBe(1);
    } finally {
      await close();
    }
  });

  it("says the visitor may still be signed in at VNeID when the return carries another state, or none", async () => {
    const { close, context, sessionWith, request } = await setUp(engine);
    try {
      for (const query of ["?state=forged", "", "?state=a&state=b"]) {
        const cookie = await sessionWith({ userId: "u1", eid: { issuer: ISSUER, idToken: "t" } });
        const { client } = fakeClient({ ok: true, url: `${ISSUER}/session/end` });
        const next = cookieOf(await signOut({ request: request("/sign-out", cookie, { method: "POST" }), context }, client));
        expect((await providerSignOutOf({ request: request(`/signed-out${query}`, next), context })).provider, query).toBe("uncertain");
      }
    } finally {
      await close();
    }
  });

  it.each([
    ["the provider is unreachable", fakeClient({ ok: false, reason: "unreachable", detail: "ECONNREFUSED" }).client],
    ["the provider has no end-session endpoint", fakeClient({ ok: false, reason: "notSupported", detail: "none" }).client],
    ["the configured provider changed since the sign-in", fakeClient({ ok: true, url: "https://other.example/end" }, "https://other.example").client],
    ["eID sign-in is off now", null],
  ])("still ends the session when %s, and /signed-out says VNeID may still be signed in", async (_, client) => {
    const { close, context, sessionWith, request, sessionRows } = await setUp(engine);
    try {
      const cookie = await sessionWith({ userId: "u1", eid: { issuer: ISSUER, idToken: "t" } });
      const response = await signOut({ request: request("/sign-out", cookie, { method: "POST" }), context }, client);
      expect(response.status).toBe(303);
      expect(response.headers.get("Location")).toBe("/signed-out");
      expect(await context.sessionStorage.getSession(cookie).then((s) => s.get("userId"))).toBeUndefined();
      expect(await sessionRows()).toBe(1); // only the anonymous one carrying the note
      const page = await providerSignOutOf({ request: request("/signed-out", cookieOf(response)), context });
      expect(page.provider).toBe("uncertain");
    } finally {
      await close();
    }
  });
});
