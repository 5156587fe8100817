import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { engines } from "../../db/testing";
import { insertCitizen, insertDossier, insertOfficial, provinceDatabase, type OfficialActor } from "../domain/dossiers/back-office.fixture.server";
import type { LiveView } from "../domain/statistics/live";
import { engineOf } from "../platform/db.server";
import { createLogger } from "../platform/logger.server";
import { createDatabaseSessionStorage } from "../platform/session.server";
import { loader } from "./office.live";

// The leaders' live view through its loader (issue 10): a visitor is asked to sign in, a handler (no
// read:statistics:agency) gets 403, the centre's approver gets the figures of the centre (its overdue dossier) and
// nothing of another agency, never cached.

async function outcome(run: () => Promise<unknown>): Promise<{ status: number; body?: unknown; headers: Headers }> {
  let result: unknown;
  try {
    result = await run();
  } catch (error) {
    result = error;
  }
  if (result instanceof Response) return { status: result.status, headers: result.headers };
  if (result instanceof Error) throw result;
  const init = (result as { init?: { status?: number; headers?: HeadersInit } }).init;
  return { status: init?.status ?? 200, body: (result as { data?: unknown }).data ?? result, headers: new Headers(init?.headers) };
}

describe.each(engines)("the live view's route on %s", (engine) => {
  it("asks a visitor to sign in, refuses a handler, shows an approver their agencies' overdue dossiers", async () => {
    const p = await provinceDatabase(engine);
    const { db } = p;
    try {
      const sessionStorage = createDatabaseSessionStorage(db, { secrets: ["s".repeat(32)], secure: false });
      const context = { db, engine: engineOf(db), logger: createLogger("silent"), sessionStorage, requestId: "r", clientIp: "203.0.113.9", origin: "http://portal.test" } as unknown as AppLoadContext;
      const signIn = async (official: { id: string; actor: OfficialActor }) => {
        const session = await sessionStorage.getSession();
        session.set("userId", official.id);
        session.set("secondFactorAt", new Date().toISOString());
        return (await sessionStorage.commitSession(session)).split(";")[0]!;
      };
      const get = (cookie: string | null) =>
        outcome(() => loader({ request: new Request("http://portal.test/office/live", { headers: cookie ? { Cookie: cookie } : {} }), params: {}, context } as never));

      const centre = await db.selectFrom("agencies").select(["id", "code"]).where("id", "=", p.centre).executeTakeFirstOrThrow();
      const justice = await db.selectFrom("agencies").select(["id", "code"]).where("id", "=", p.justice).executeTakeFirstOrThrow();
      const owner = await insertCitizen(db);
      const late = await insertDossier(db, { agency: centre, version: p.record, owner, status: 4, dueAt: new Date(Date.now() - 3 * 86_400_000).toISOString() });
      const elsewhere = await insertDossier(db, { agency: justice, version: p.record, owner, status: 4, dueAt: new Date(Date.now() - 86_400_000).toISOString() });

      const visitor = await get(null);
      expect([302, 303]).toContain(visitor.status);
      expect(visitor.headers.get("Location")).toMatch(/^\/sign-in|\/dang-nhap|login/);

      const handler = await signIn(await insertOfficial(db, "Trần Thị Xử", [{ agencyId: p.centre, role: "handler" }]));
      expect((await get(handler)).status).toBe(403);

      const approver = await signIn(await insertOfficial(db, "Lê Văn Duyệt", [{ agencyId: p.centre, role: "approver" }]));
      const page = await get(approver);
      expect(page.status).toBe(200);
      expect(page.headers.get("Cache-Control")).toBe("no-store");
      const { view } = page.body as { view: LiveView };
      expect(view.totals.overdue).toBe(1);
      expect(view.mostOverdue.map((d) => d.code)).toEqual([late.code]);
      expect(view.mostOverdue.map((d) => d.code)).not.toContain(elsewhere.code);
    } finally {
      await p.close();
    }
  }, 60_000);
});
