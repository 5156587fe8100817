import type { AppLoadContext } from "@remix-run/node";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engines, migratedDatabase } from "../../db/testing";
import { seedProvince } from "../../db/seed/seed";
import { can, type Actor, type Permission } from "../domain/access/permissions";
import { engineOf } from "../platform/db.server";
import { newId } from "../platform/ids.server";
import { createLogger } from "../platform/logger.server";
import { rateLimitPolicies } from "../platform/rate-limit.server";
import { createDatabaseSessionStorage } from "../platform/session.server";
import { createDiskBlobStore } from "../platform/blob-store.server";
import { createFileStorage } from "../platform/storage.server";
import { ROUTE_ACCESS, type Audience } from "./access";

// The route × role matrix (issue 4): every route of app/routes.ts is called as each kind of visitor — anonymous, a
// citizen, a business representative acting for the business, an official of agency A, an official of agency B and
// an administrator (system and catalog) — and what it answers must be what app/routes/access.ts says.

const routeFiles = async () => {
  const source = await readFile(new URL("../routes.ts", import.meta.url), "utf8");
  return [...source.matchAll(/(?:route|index)\((?:"[^"]*",\s*)?"(routes\/[^"]+)"\)/g)].map((m) => m[1]!);
};

describe("the access table", () => {
  it("has exactly one entry for every route (a new route without an entry fails here)", async () => {
    const files = await routeFiles();
    expect(files.length).toBeGreaterThan(30);
    expect(files.filter((f) => !(f in ROUTE_ACCESS)), "routes missing from app/routes/access.ts").toEqual([]);
    expect(Object.keys(ROUTE_ACCESS).filter((f) => !files.includes(f)), "entries of routes that no longer exist").toEqual([]);
  });
});

type Role = "anonymous" | "citizen" | "business" | "officialA" | "officialB" | "admin";
const ROLES: Role[] = ["anonymous", "citizen", "business", "officialA", "officialB", "admin"];
type Outcome = "allowed" | "signIn" | "forbidden" | "notFound" | "noAction";

async function outcomeOf(run: () => Promise<unknown>): Promise<Outcome> {
  let result: unknown;
  try {
    result = await run();
  } catch (thrown) {
    result = thrown;
    if (!(thrown instanceof Response) && !(thrown && typeof thrown === "object" && "type" in thrown && (thrown as { type: string }).type === "DataWithResponseInit")) {
      throw thrown; // a crash (a 500 for the visitor)
    }
  }
  const status =
    result instanceof Response
      ? result.status
      : result && typeof result === "object" && "init" in result
        ? ((result as { init?: { status?: number } }).init?.status ?? 200)
        : 200;
  const location = result instanceof Response ? (result.headers.get("Location") ?? "") : "";
  if (status >= 300 && status < 400 && /^\/sign-in/.test(location)) return "signIn";
  if (status === 403) return "forbidden";
  if (status === 404) return "notFound";
  if (status >= 500) throw new Error(`status ${status}`);
  return "allowed";
}

function expected(audience: Audience, role: Role, actor: Actor): Outcome[] {
  if (audience === "none") return ["noAction"];
  if (audience === "public") return ["allowed", "notFound"];
  if (audience === "midSignIn") return ["signIn"];
  if (audience === "signedIn") return role === "anonymous" ? ["signIn"] : ["allowed"];
  if (role === "anonymous") return ["signIn"];
  // Past the guard a record may still not exist (404): what matters is that the guard let the holder through.
  const held = "anyPermission" in audience ? audience.anyPermission.some((p) => can(actor, p as Permission)) : can(actor, audience.permission as Permission);
  return held ? ["allowed", "notFound"] : ["forbidden"];
}

describe.each(engines)("every route for every role on %s", (engine) => {
  let close: () => Promise<void>;
  let context: AppLoadContext;
  // Sessions are made afresh for every route: signing out (one of the routes) ends them.
  let cookiesFor: () => Promise<Record<Role, string>>;
  const actors = {} as Record<Role, Actor>;
  let dir: string;

  beforeAll(async () => {
    const opened = await migratedDatabase(engine);
    close = opened.close;
    const db = opened.db;
    await seedProvince(db);
    dir = await mkdtemp(join(tmpdir(), "access-"));
    const sessionStorage = createDatabaseSessionStorage(db, { secrets: ["s".repeat(32)], secure: false });
    context = {
      db,
      engine: engineOf(db),
      logger: createLogger("silent"),
      storage: createFileStorage(dir),
      blobs: createDiskBlobStore(dir),
      sessionStorage,
      nonce: "n",
      requestId: "r",
      version: "test",
      clientIp: "192.0.2.1",
      origin: "http://portal.test",
      secretKey: new Uint8Array(32),
      rateLimits: rateLimitPolicies(),
    } as AppLoadContext;

    const agencies = await db.selectFrom("agencies").select(["id", "code"]).orderBy("code").limit(2).execute();
    const [agencyA, agencyB] = agencies as unknown as [{ id: string }, { id: string }];
    const now = new Date().toISOString();
    const user = async (kind: "citizen" | "official", n: number) => {
      const id = newId();
      await db
        .insertInto("users")
        .values({
          id,
          kind,
          status: "active",
          full_name: `Người thử ${n}`,
          cccd: `0021900${String(10000 + n)}`,
          birth_date: "1990-01-01",
          email: `u${n}@example.vn`,
          phone: null,
          password_hash: null,
          email_verified_at: now,
          eid_verified_at: null,
          totp_secret: null,
          totp_confirmed_at: kind === "official" ? now : null,
          totp_last_step: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      return id;
    };
    const role = async (userId: string, agencyId: string, r: "handler" | "system_admin" | "catalog_admin") =>
      db.insertInto("official_roles").values({ id: newId(), user_id: userId, agency_id: agencyId, role: r, granted_at: now, granted_by: null }).execute();
    const sessionFor = async (userId: string, extra: Record<string, string> = {}) => {
      const session = await sessionStorage.getSession();
      session.set("userId", userId);
      for (const [k, v] of Object.entries(extra)) session.set(k as "actingFor", v);
      return (await sessionStorage.commitSession(session)).split(";")[0]!;
    };

    const citizen = await user("citizen", 1);
    const representative = await user("citizen", 2);
    const orgId = newId();
    await db.insertInto("organisations").values({ id: orgId, tax_code: "0100109106", name: "Công ty thử", address: null, created_at: now }).execute();
    await db.insertInto("representatives").values({ organisation_id: orgId, user_id: representative, role: "legal_representative", created_at: now }).execute();
    const officialA = await user("official", 3);
    await role(officialA, agencyA.id, "handler");
    const officialB = await user("official", 4);
    await role(officialB, agencyB.id, "handler");
    const admin = await user("official", 5);
    await role(admin, agencyA.id, "system_admin");
    await role(admin, agencyA.id, "catalog_admin");

    cookiesFor = async () => ({
      anonymous: "",
      citizen: await sessionFor(citizen),
      business: await sessionFor(representative, { actingFor: orgId }),
      officialA: await sessionFor(officialA, { secondFactorAt: now }),
      officialB: await sessionFor(officialB, { secondFactorAt: now }),
      admin: await sessionFor(admin, { secondFactorAt: now }),
    });
    actors.anonymous = { kind: "anonymous" };
    actors.citizen = { kind: "citizen", userId: citizen, actingFor: null };
    actors.business = { kind: "citizen", userId: representative, actingFor: { organisationId: orgId, name: "Công ty thử", taxCode: "0100109106" } };
    actors.officialA = { kind: "official", userId: officialA, roles: [{ agencyId: agencyA.id, role: "handler" }] };
    actors.officialB = { kind: "official", userId: officialB, roles: [{ agencyId: agencyB.id, role: "handler" }] };
    actors.admin = {
      kind: "official",
      userId: admin,
      roles: [
        { agencyId: agencyA.id, role: "system_admin" },
        { agencyId: agencyA.id, role: "catalog_admin" },
      ],
    };
  }, 60_000);

  afterAll(async () => {
    await close?.();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const entries = Object.entries(ROUTE_ACCESS);
  it.each(entries)("%s answers each role as the table says", async (file, access) => {
    const mod = (await import(/* @vite-ignore */ `./${file.replace(/^routes\//, "")}`)) as {
      loader?: (args: unknown) => Promise<unknown>;
      action?: (args: unknown) => Promise<unknown>;
    };
    const params = access.params ?? {};
    const path = `http://portal.test/${file}`;
    const seen: string[] = [];
    for (const role of ROLES) {
      const cookies = await cookiesFor();
      const headers = new Headers(cookies[role] ? { Cookie: cookies[role] } : {});
      const get = mod.loader ? await outcomeOf(() => mod.loader!({ request: new Request(path, { headers }), params, context })) : "allowed";
      const postHeaders = new Headers(headers);
      postHeaders.set("Content-Type", "application/x-www-form-urlencoded");
      const post = mod.action
        ? await outcomeOf(() => mod.action!({ request: new Request(path, { method: "POST", headers: postHeaders, body: "" }), params, context }))
        : "noAction";
      const wantGet = expected(access.get, role, actors[role]);
      const wantPost = expected(access.post, role, actors[role]);
      if (!wantGet.includes(get)) seen.push(`GET as ${role}: ${get}, expected ${wantGet.join("|")}`);
      if (!wantPost.includes(post)) seen.push(`POST as ${role}: ${post}, expected ${wantPost.join("|")}`);
    }
    expect(seen).toEqual([]);
  });
});
