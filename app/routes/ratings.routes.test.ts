import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engines } from "../../db/testing";
import { act, capturingServices, fileOnline, insertCitizen, NOW, officialAt, provinceDatabase, type OfficialActor, type Province } from "../domain/dossiers/back-office.fixture.server";
import { ratingLinkToken } from "../domain/ratings/rating-link.server";
import { engineOf } from "../platform/db.server";
import { createLogger } from "../platform/logger.server";
import { ratingLinkKeys } from "../platform/rating-services.server";
import { createDatabaseSessionStorage } from "../platform/session.server";
import { action as myAction, loader as myLoader } from "./my.dossiers.$code.rating";
import { action as kioskAction, loader as kioskLoader } from "./office.counter.$code.rating";
import { action as linkAction, loader as linkLoader } from "./rate.$token";

// The rating pages' routes (issue 10): plain POSTs as a browser without JavaScript sends them; the errors come back
// with what was entered; a good rating redirects to the page again; a dossier that is not theirs, a bad or expired
// link, another agency's officer are refused.

async function outcome(run: () => Promise<unknown>): Promise<{ status: number; body?: unknown; headers: Headers }> {
  let result: unknown;
  try {
    result = await run();
  } catch (error) {
    result = error;
  }
  if (result instanceof Response) return { status: result.status, headers: result.headers, body: await result.clone().text().catch(() => undefined) };
  const init = (result as { init?: { status?: number; headers?: HeadersInit } } | null)?.init;
  const body = init ? (result as { data?: unknown }).data : result;
  return { status: init?.status ?? 200, body, headers: new Headers(init?.headers) };
}

describe.each(engines)("the rating routes on %s", (engine) => {
  let p: Province;
  let context: AppLoadContext;
  let receiver: OfficialActor;
  const secret = new Uint8Array(32).fill(3);
  const services = capturingServices();
  const sessionCookie = async (userId: string, official = false) => {
    const session = await context.sessionStorage.getSession();
    session.set("userId", userId);
    if (official) session.set("secondFactorAt", new Date().toISOString());
    return (await context.sessionStorage.commitSession(session)).split(";")[0]!;
  };
  beforeAll(async () => {
    p = await provinceDatabase(engine);
    const sessionStorage = createDatabaseSessionStorage(p.db, { secrets: ["s".repeat(32)], secure: false });
    context = { db: p.db, engine: engineOf(p.db), logger: createLogger("silent"), sessionStorage, requestId: "r", clientIp: "127.0.0.1", origin: "http://portal.test", secretKey: secret } as unknown as AppLoadContext;
    receiver = await officialAt(p.db, p.centre, ["receiving_officer"]);
  });
  afterAll(() => p.close());

  async function returned() {
    const handler = await officialAt(p.db, p.justice, ["handler"]);
    const approver = await officialAt(p.db, p.justice, ["approver"]);
    const d = await fileOnline(p);
    for (const [actor, action, params, when] of [
      [receiver, "accept", {}, NOW],
      [receiver, "forward", {}, NOW],
      [handler, "forward", {}, new Date("2026-12-02T03:00:00Z")],
      [approver, "approve", { result: { sha256: "c".repeat(64), sizeBytes: 10, mediaType: "application/pdf", fileName: "ket-qua.pdf" } }, new Date("2026-12-03T03:00:00Z")],
      [receiver, "returnResult", { channel: "counter" }, new Date("2026-12-04T04:00:00Z")],
    ] as const) {
      const r = await act(p.db, services, actor, d.id, action, params, when);
      if (!r.ok) throw new Error(JSON.stringify(r));
    }
    return d;
  }
  const post = (url: string, cookie: string | null, fields: Record<string, string>) =>
    new Request(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://portal.test", ...(cookie ? { Cookie: cookie } : {}) }, body: new URLSearchParams(fields).toString() });
  const get = (url: string, cookie: string | null) => new Request(url, { headers: cookie ? { Cookie: cookie } : {} });

  it("on the portal: the errors of a form without JavaScript, then the rating and its feedback case", async () => {
    const d = await returned();
    const cookie = await sessionCookie(d.owner);
    const url = `http://portal.test/my/dossiers/${d.code}/rating`;
    const args = (request: Request) => ({ request, context, params: { code: d.code } });
    expect(await outcome(() => myLoader(args(get(url, cookie))))).toMatchObject({ status: 200, body: { page: { code: d.code, rateable: true, rating: null } } });
    expect(await outcome(() => myAction(args(post(url, cookie, {}))))).toMatchObject({ status: 400, body: { errors: [{ field: "level", message: "ratings:errors.level" }] } });
    expect(await outcome(() => myAction(args(post(url, cookie, { level: "unsatisfied", reason: "", "criterion-attitude": "unsatisfied" }))))).toMatchObject({
      status: 400,
      body: { errors: [{ field: "reason", message: "ratings:errors.reason" }], values: { level: "unsatisfied", criteria: { attitude: "unsatisfied" } } },
    });
    const done = await outcome(() => myAction(args(post(url, cookie, { level: "unsatisfied", reason: "Cán bộ hẹn nhiều lần.", "criterion-attitude": "unsatisfied" }))));
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe(`/my/dossiers/${d.code}/rating?done=rated`);
    const page = await outcome(() => myLoader(args(get(`${url}?done=rated`, cookie))));
    expect(page).toMatchObject({ status: 200, body: { done: "rated", page: { rating: { level: "unsatisfied", reason: "Cán bộ hẹn nhiều lần.", criteria: { attitude: "unsatisfied" }, petitionCode: expect.stringMatching(/^PAKN-/) } } } });
    // Another citizen: the dossier does not exist for them.
    const stranger = await sessionCookie(await insertCitizen(p.db, "Người khác"));
    expect((await outcome(() => myLoader(args(get(url, stranger))))).status).toBe(404);
    expect((await outcome(() => myAction(args(post(url, stranger, { level: "satisfied" }))))).status).toBe(404);
  });

  it("by the link: no account needed; a tampered or expired link is refused", async () => {
    const d = await returned();
    const token = ratingLinkToken(ratingLinkKeys(secret).sign, d.id, new Date(Date.now() + 86_400_000));
    const url = `http://portal.test/rate/${token}`;
    expect(await outcome(() => linkLoader({ request: get(url, null), context, params: { token } }))).toMatchObject({ status: 200, body: { page: { code: d.code, rating: null } } });
    expect(await outcome(() => linkAction({ request: post(url, null, { level: "unsatisfied" }), context, params: { token } }))).toMatchObject({ status: 400, body: { errors: [{ field: "reason" }] } });
    const done = await outcome(() => linkAction({ request: post(url, null, { level: "very_satisfied" }), context, params: { token } }));
    expect(done.status).toBe(302);
    expect(await p.db.selectFrom("dossier_ratings").select(["level", "channel"]).where("dossier_id", "=", d.id).executeTakeFirst()).toEqual({ level: "very_satisfied", channel: "link" });
    const tampered = token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA");
    expect(await outcome(() => linkLoader({ request: get(url, null), context, params: { token: tampered } }))).toMatchObject({ status: 404, body: { reason: "invalid" } });
    expect(await outcome(() => linkAction({ request: post(url, null, { level: "satisfied" }), context, params: { token: tampered } }))).toMatchObject({ status: 404 });
    const expired = ratingLinkToken(ratingLinkKeys(secret).sign, d.id, new Date(Date.now() - 1000));
    expect(await outcome(() => linkLoader({ request: get(url, null), context, params: { token: expired } }))).toMatchObject({ status: 410, body: { reason: "expired" } });
  });

  it("at the kiosk: the returning officer's agency only; a thank-you after", async () => {
    const d = await returned();
    const officer = await sessionCookie(receiver.userId, true);
    const url = `http://portal.test/office/counter/${d.code}/rating`;
    const args = (request: Request) => ({ request, context, params: { code: d.code } });
    expect(await outcome(() => kioskLoader(args(get(url, officer))))).toMatchObject({ status: 200, body: { page: { code: d.code, rateable: true, level: null }, done: false } });
    expect(await outcome(() => kioskAction(args(post(url, officer, { level: "unsatisfied", reason: "" }))))).toMatchObject({ status: 400, body: { errors: [{ field: "reason" }] } });
    const done = await outcome(() => kioskAction(args(post(url, officer, { level: "satisfied", reason: "" }))));
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe(`/office/counter/${d.code}/rating?done=1`);
    expect(await p.db.selectFrom("dossier_ratings").select(["level", "channel"]).where("dossier_id", "=", d.id).executeTakeFirst()).toEqual({ level: "satisfied", channel: "kiosk" });
    const elsewhere = await officialAt(p.db, p.other, ["receiving_officer"]);
    const other = await sessionCookie(elsewhere.userId, true);
    expect((await outcome(() => kioskLoader(args(get(url, other))))).status).toBe(404);
  });
});
