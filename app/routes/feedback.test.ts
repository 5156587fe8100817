import type { AppLoadContext } from "@remix-run/node";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { seedProvince } from "../../db/seed/seed";
import { engines, migratedDatabase } from "../../db/testing";
import { fixtureCatalog, fixtureTemplates } from "../domain/procedures/catalog.fixture";
import { importCatalog } from "../domain/procedures/catalog.server";
import { petitionErrors } from "../domain/petitions/petitions.schema";
import { engineOf } from "../platform/db.server";
import { createLogger } from "../platform/logger.server";
import { POLICIES } from "../platform/rate-limit.server";
import { createDatabaseSessionStorage } from "../platform/session.server";
import { createFileStorage } from "../platform/storage.server";
import { action as submit } from "./feedback";
import { loader as answerPage } from "./feedback.answers.$code";
import { action as track } from "./feedback.track";

// The public petitions' routes (issue 8): bad input is a translated error and never a 500 — an oversized content, a
// forged agency id, a malformed code, a wrong second factor (the same "not found" as an unknown code, also when
// rating), too many look-ups (429); a robot filling the honeypot sends nothing; an unpublished item has no public page.

const root = await mkdtemp(join(tmpdir(), "feedback-routes-"));
afterAll(() => rm(root, { recursive: true, force: true }));

async function outcome(run: () => Promise<unknown>): Promise<{ status: number; body?: any; headers: Headers }> {
  let result: unknown;
  try {
    result = await run();
  } catch (error) {
    result = error;
  }
  if (result instanceof Response) return { status: result.status, headers: result.headers };
  const init = (result as { init?: { status?: number; headers?: HeadersInit } }).init;
  return {
    status: init?.status ?? 200,
    body: (result as { data?: unknown }).data ?? result,
    headers: new Headers(init?.headers),
  };
}

const post = (path: string, fields: Record<string, string>) => {
  const body = new URLSearchParams(fields);
  return new Request(`http://portal.test${path}`, {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      "Accept-Language": "vi",
    },
  });
};

const valid = {
  kind: "regulation",
  title: "<script>alert(1)</script> Thời hạn không đúng",
  content: "Tôi nộp hồ sơ đăng ký khai sinh nhưng quá hạn vẫn chưa có kết quả.",
  procedureCode: "1.001193",
  contactName: "Lò Thị Mai",
  contactAddress: "Thôn Nà Sài, xã Phương Thiện",
  contactPhone: "0912345678",
};

describe.each(engines)("the public petitions' routes on %s", (engine) => {
  it("answer bad input with translated errors, never a 500", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await seedProvince(db);
      const readFile = async (path: string) => fixtureTemplates[path] ?? new Uint8Array();
      expect((await importCatalog(db, createFileStorage(join(root, engine)), fixtureCatalog(), { readFile })).ok).toBe(true);
      const sessionStorage = createDatabaseSessionStorage(db, {
        secrets: ["s".repeat(32)],
        secure: false,
      });
      const context = (rateLimits = POLICIES) =>
        ({
          db,
          engine: engineOf(db),
          logger: createLogger("silent"),
          sessionStorage,
          requestId: "r",
          clientIp: `10.0.0.${Math.floor(Math.random() * 250)}`,
          origin: "http://portal.test",
          rateLimits,
        } as unknown as AppLoadContext);
      const args = (request: Request, ctx = context(), params = {}) => ({
        request,
        context: ctx,
        params,
      });

      // Sending: oversized content, a forged agency, the honeypot, then a good one (script tags are kept as text).
      const long = await outcome(() => submit(args(post("/feedback", { ...valid, content: "x".repeat(10_001) }))));
      expect(long.status).toBe(400);
      expect(long.body.errors.content).toBe(petitionErrors.contentTooLong);
      const forged = await outcome(() =>
        submit(
          args(
            post("/feedback", {
              ...valid,
              agencyId: "00000000-0000-7000-8000-000000000000",
            })
          )
        )
      );
      expect(forged.status).toBe(400);
      expect(forged.body.errors.agencyId).toBe(petitionErrors.agency);
      const notUuid = await outcome(() => submit(args(post("/feedback", { ...valid, agencyId: "1 OR 1=1" }))));
      expect(notUuid.status).toBe(400);
      expect(notUuid.body.errors.agencyId).toBe(petitionErrors.agency);
      const robot = await outcome(() => submit(args(post("/feedback", { ...valid, website: "http://spam.example" }))));
      expect(robot.headers.get("Location")).toBe("/feedback/sent");
      expect(await db.selectFrom("petitions").select("id").execute()).toEqual([]);
      const sent = await outcome(() => submit(args(post("/feedback", valid))));
      expect(sent.status).toBe(302);
      const code = /code=(PAKN-\d{6}-\d{4})$/.exec(sent.headers.get("Location") ?? "")?.[1];
      expect(code).toBeDefined();
      expect((await db.selectFrom("petitions").select("title").where("code", "=", code!).executeTakeFirstOrThrow()).title).toBe(valid.title);

      // Looking up: malformed code, wrong factor, the right one, rating with a wrong factor, too many.
      const malformed = await outcome(() => track(args(post("/feedback/track", { code: "PAKN-x", factor: "5678" }))));
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors.code).toBe(petitionErrors.trackCode);
      const wrong = await outcome(() => track(args(post("/feedback/track", { code: code!, factor: "1234" }))));
      expect(wrong.status).toBe(404);
      expect(wrong.body.errors.code).toBe(petitionErrors.trackNotFound);
      expect(wrong.body.petition).toBeNull();
      const unknown = await outcome(() =>
        track(
          args(
            post("/feedback/track", {
              code: "PAKN-000101-9999",
              factor: "5678",
            })
          )
        )
      );
      expect(unknown.status).toBe(404);
      expect(unknown.body.errors).toEqual(wrong.body.errors);
      const right = await outcome(() =>
        track(
          args(
            post("/feedback/track", {
              code: code!.toLowerCase(),
              factor: "5678",
            })
          )
        )
      );
      expect(right.status).toBe(200);
      expect(right.body.petition.status).toBe("received");
      const rateWrong = await outcome(() =>
        track(
          args(
            post("/feedback/track", {
              intent: "rate",
              code: code!,
              factor: "1234",
              rating: "satisfied",
            })
          )
        )
      );
      expect(rateWrong.status).toBe(404);
      const rateEarly = await outcome(() =>
        track(
          args(
            post("/feedback/track", {
              intent: "rate",
              code: code!,
              factor: "5678",
              rating: "satisfied",
            })
          )
        )
      );
      expect(rateEarly.status).toBe(409);
      expect(rateEarly.body.rateErrors.rating).toBe(petitionErrors.notAllowedNow);
      expect((await db.selectFrom("petitions").select("rating").where("code", "=", code!).executeTakeFirstOrThrow()).rating).toBeNull();
      const strict = context({
        ...POLICIES,
        dossierTrackingIp: {
          free: 1,
          windowMs: 60_000,
          baseDelayMs: 60_000,
          maxDelayMs: 60_000,
          blockAfter: 1000,
          blockMs: 60_000,
        },
      });
      expect((await outcome(() => track(args(post("/feedback/track", { code: code!, factor: "5678" }), strict)))).status).toBe(200);
      const limited = await outcome(() => track(args(post("/feedback/track", { code: code!, factor: "5678" }), strict)));
      expect(limited.status).toBe(429);
      expect(limited.body.errors.code).toBe(petitionErrors.rateLimited);

      // Not answered, not published: no public page.
      const hidden = await outcome(() => answerPage(args(new Request(`http://portal.test/feedback/answers/${code}`), context(), { code: code! })));
      expect(hidden.status).toBe(404);
      const nonsense = await outcome(() => answerPage(args(new Request("http://portal.test/feedback/answers/x"), context(), { code: "<script>" })));
      expect(nonsense.status).toBe(404);
    } finally {
      await close();
    }
  });
});
