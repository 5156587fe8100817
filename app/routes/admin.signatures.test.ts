import type { AppLoadContext } from "@remix-run/node";
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { engines, migratedDatabase } from "../../db/testing";
import { issueCertificate, issueCrl } from "../domain/signatures/issuing.server";
import { nodeSigningKey } from "../domain/signatures/signing-key.server";
import { createDiskBlobStore } from "../platform/blob-store.server";
import { engineOf } from "../platform/db.server";
import { newId } from "../platform/ids.server";
import { createLogger } from "../platform/logger.server";
import { createDatabaseSessionStorage } from "../platform/session.server";
import { action } from "./admin.signatures";
import { action as remove } from "./admin.signatures.remove.$fingerprint";

// The trust store's routes mapping the use cases' outcomes to answers: multipart uploads of a certificate and a CRL
// (translated errors with 400, a file over the limit with 413), restore and removal as plain forms, 403 for an
// official without the permission.

const root = await mkdtemp(join(tmpdir(), "trust-routes-"));
afterAll(() => rm(root, { recursive: true, force: true }));

async function setUp(engine: (typeof engines)[number]) {
  const opened = await migratedDatabase(engine);
  const sessionStorage = createDatabaseSessionStorage(opened.db, { secrets: ["s".repeat(32)], secure: false });
  const blobs = createDiskBlobStore(join(root, engine));
  const context = { db: opened.db, engine: engineOf(opened.db), logger: createLogger("silent"), sessionStorage, blobs, requestId: "r", clientIp: null, origin: "http://portal.test" } as unknown as AppLoadContext;
  const at = new Date().toISOString();
  const agencyId = newId();
  await opened.db.insertInto("agencies").values({ id: agencyId, code: "000.00.01.H22", created_at: at }).execute();
  const official = async (role: "system_admin" | "handler") => {
    const id = newId();
    await opened.db
      .insertInto("users")
      .values({ id, kind: "official", status: "active", full_name: "Vàng Văn Sính", cccd: null, birth_date: null, email: `${id}@hagiang.gov.vn`, phone: null, password_hash: null, email_verified_at: at, eid_verified_at: null, totp_secret: null, totp_confirmed_at: at, totp_last_step: null, created_at: at, updated_at: at })
      .execute();
    await opened.db.insertInto("official_roles").values({ id: newId(), user_id: id, agency_id: agencyId, role, granted_at: at, granted_by: null }).execute();
    const session = await sessionStorage.getSession();
    session.set("userId", id);
    session.set("secondFactorAt", at);
    return (await sessionStorage.commitSession(session)).split(";")[0]!;
  };
  return { ...opened, context, official };
}

const multipart = (cookie: string, fields: Record<string, string>, file?: { field: string; bytes: Uint8Array }) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append(file.field, new Blob([new Uint8Array(file.bytes)]), "tep.pem");
  return new Request("http://portal.test/admin/signatures", { method: "POST", headers: { Cookie: cookie }, body: form });
};

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

describe.each(engines)("the trust store's routes on %s", (engine) => {
  it("adds a certificate and its CRL from uploads, refuses bad files with translated errors, removes and restores", async () => {
    const { db, close, context, official } = await setUp(engine);
    try {
      const cookie = await official("system_admin");
      const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
      const key = nodeSigningKey(privateKey);
      const now = Date.now();
      const cert = await issueCertificate({ subject: { country: "VN", commonName: "CA thử nghiệm tuyến" }, publicKey: privateKey, selfSignKey: key, notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 365 * 86_400_000), ca: {}, keyUsage: ["keyCertSign", "cRLSign"] });
      const crl = await issueCrl({ issuer: { key, certificate: cert.der }, thisUpdate: new Date(now - 3_600_000), nextUpdate: new Date(now + 86_400_000), number: 1, revoked: [] });
      const run = (request: Request) => outcome(() => action({ request, params: {}, context } as never));

      expect(await run(multipart(cookie, { intent: "add" }))).toMatchObject({ status: 400, body: { errors: { certificate: "errors.noFile", role: "errors.roleRequired" } } });
      expect(await run(multipart(cookie, { intent: "add", role: "anchor" }, { field: "certificate", bytes: Buffer.from("rác") }))).toMatchObject({ status: 400, body: { errors: { certificate: "errors.notCertificate" } } });
      const big = await run(multipart(cookie, { intent: "add", role: "anchor" }, { field: "certificate", bytes: new Uint8Array(70_000) }));
      expect(big).toMatchObject({ status: 413, body: { errors: { certificate: "errors.tooLarge" } } });
      expect(await run(multipart(cookie, { intent: "crl" }, { field: "crl", bytes: crl.der }))).toMatchObject({ status: 400, body: { errors: { crl: "errors.issuerUnknown" } } });

      const added = await run(multipart(cookie, { intent: "add", role: "anchor", note: "Thử" }, { field: "certificate", bytes: Buffer.from(cert.pem) }));
      expect(added.status).toBe(302);
      expect(added.headers.get("Location")).toBe("/admin/signatures#store");
      const crlAdded = await run(multipart(cookie, { intent: "crl" }, { field: "crl", bytes: crl.der }));
      expect(crlAdded.headers.get("Location")).toBe("/admin/signatures#crls");
      expect(await db.selectFrom("crls").select("revoked_count").execute()).toHaveLength(1);

      const fingerprint = cert.x509.fingerprint256.replace(/:/g, "").toLowerCase();
      const removeRequest = (note: string) => new Request(`http://portal.test/admin/signatures/remove/${fingerprint}`, { method: "POST", headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ note }) });
      expect(await outcome(() => remove({ request: removeRequest(""), params: { fingerprint }, context } as never))).toMatchObject({ status: 400, body: { error: "errors.noteRequired" } });
      expect((await outcome(() => remove({ request: removeRequest("Hết dùng"), params: { fingerprint }, context } as never))).headers.get("Location")).toBe("/admin/signatures#removed");
      const restore = new Request("http://portal.test/admin/signatures", { method: "POST", headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ intent: "restore", fingerprint }) });
      expect((await run(restore)).headers.get("Location")).toBe("/admin/signatures#store");
      expect((await db.selectFrom("trust_store_changes").select("action").orderBy("changed_at").orderBy("id").execute()).map((r) => r.action)).toEqual(["add", "remove", "add"]);

      const handler = await official("handler");
      expect(await run(multipart(handler, { intent: "add", role: "anchor" }, { field: "certificate", bytes: Buffer.from(cert.pem) }))).toMatchObject({ status: 403 });
    } finally {
      await close();
    }
  });
});
