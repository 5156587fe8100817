import type { AppLoadContext } from "@remix-run/node";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { seedProvince } from "../../db/seed/seed";
import { engines, migratedDatabase } from "../../db/testing";
import { seedStatutoryCalendar } from "../domain/calendar/calendar.server";
import type { BackOfficeServices } from "../domain/dossiers/back-office.seams";
import { tinyJpeg, tinyPdf } from "../domain/files/fixtures";
import { fixtureCatalog, fixtureTemplates } from "../domain/procedures/catalog.fixture";
import { importCatalog } from "../domain/procedures/catalog.server";
import { createDiskBlobStore } from "../platform/blob-store.server";
import { engineOf } from "../platform/db.server";
import { newId } from "../platform/ids.server";
import { createLogger } from "../platform/logger.server";
import { createDatabaseSessionStorage } from "../platform/session.server";
import { createFileStorage } from "../platform/storage.server";

// The counter's pages (issue 6) with a real multipart POST: a refused filing keeps what was typed and the scans
// already stored; the second post files and accepts the dossier and sends the officer to the receipt.

// The form issuer and the notices are being wired elsewhere: a double that records the receipt like the real one.
vi.mock("../platform/back-office-services.server", () => ({
  backOfficeServices: (): BackOfficeServices => ({
    async issueForm(trx, input) {
      const id = newId();
      await trx
        .insertInto("dossier_issued_documents")
        .values({ id, dossier_id: input.dossierId, kind: input.kind, event_id: input.eventId, sha256: "b".repeat(64), size_bytes: 1, media_type: "application/pdf", file_name: "mau-01.pdf", audience: "applicant", created_by: input.actorId, created_at: input.now.toISOString() })
        .execute();
      return id;
    },
    async notifyApplicant() {},
    async alertOfficials() {},
    async signResult() {
      return { ok: false, reason: "signingUnavailable" };
    },
  }),
  backOfficeSettings: () => ({}),
}));

const { action, loader } = await import("./office.counter.$code");
const { loader: listLoader } = await import("./office.counter");

const root = await mkdtemp(join(tmpdir(), "counter-routes-"));
afterAll(() => rm(root, { recursive: true, force: true }));

async function outcome(run: () => Promise<unknown>): Promise<{ status: number; body?: unknown; headers: Headers }> {
  let result: unknown;
  try {
    result = await run();
  } catch (error) {
    result = error;
  }
  if (result instanceof Response) return { status: result.status, headers: result.headers };
  const init = (result as { init?: { status?: number; headers?: HeadersInit } } | null)?.init;
  return { status: init?.status ?? 200, body: init ? (result as { data?: unknown }).data : result, headers: new Headers(init?.headers) };
}

describe.each(engines)("the counter's pages on %s", (engine) => {
  it("keeps what was typed and the stored scans on an error, then files, accepts and shows the receipt", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await seedProvince(db);
      const now = new Date();
      await seedStatutoryCalendar(db, { fromYear: now.getUTCFullYear() - 1, toYear: now.getUTCFullYear() + 1, t: (key: string) => key, now });
      const readFile = async (path: string) => fixtureTemplates[path] ?? new Uint8Array();
      expect((await importCatalog(db, createFileStorage(join(root, engine, "catalog")), fixtureCatalog(), { readFile })).ok).toBe(true);
      const version = await db.selectFrom("procedure_versions as v").innerJoin("procedures as p", "p.id", "v.procedure_id").select("v.id").where("p.code", "=", "1.001193").executeTakeFirstOrThrow();
      const commune = await db.selectFrom("procedure_offerings").select("agency_id").where("version_id", "=", version.id).orderBy("agency_id").executeTakeFirstOrThrow();

      const sessionStorage = createDatabaseSessionStorage(db, { secrets: ["s".repeat(32)], secure: false });
      const context = { db, engine: engineOf(db), logger: createLogger("silent"), sessionStorage, blobs: createDiskBlobStore(join(root, engine, "blobs")), requestId: "r", clientIp: null, origin: "http://portal.test" } as unknown as AppLoadContext;
      const officer = newId();
      const at = now.toISOString();
      await db
        .insertInto("users")
        .values({ id: officer, kind: "official", status: "active", full_name: "Nguyễn Văn Cán", cccd: null, birth_date: null, email: `${officer}@example.vn`, phone: null, password_hash: null, email_verified_at: at, eid_verified_at: null, totp_secret: null, totp_confirmed_at: at, totp_last_step: null, created_at: at, updated_at: at })
        .execute();
      await db.insertInto("official_roles").values({ id: newId(), user_id: officer, agency_id: commune.agency_id, role: "receiving_officer", granted_at: at, granted_by: null }).execute();
      const session = await sessionStorage.getSession();
      session.set("userId", officer);
      session.set("secondFactorAt", at);
      const cookie = (await sessionStorage.commitSession(session)).split(";")[0]!;
      const url = `http://portal.test/office/counter/1.001193?agency=${commune.agency_id}`;
      const params = { code: "1.001193" };

      const page = (await loader({ request: new Request(url, { headers: { Cookie: cookie } }), params, context } as never)) as { found: { documents: unknown[] }; idempotencyKey: string };
      expect(page.found.documents).toHaveLength(2);

      // First post: no name, one scan for the first document only, the box not ticked.
      const first = new FormData();
      first.append("c-key", page.idempotencyKey);
      first.append("c-cccd", "002190012345");
      first.append("fullName", "Lò Thị Mai");
      first.append("idNumber", "002190012345");
      first.append("doc-0", new Blob([new Uint8Array(tinyPdf())], { type: "application/pdf" }), "to-khai.pdf");
      const refused = await outcome(() => action({ request: new Request(url, { method: "POST", headers: { Cookie: cookie }, body: first }), params, context } as never));
      expect(refused.status).toBe(400);
      const body = refused.body as { errors: { field: string }[]; applicant: Record<string, string>; answers: Record<string, string>; kept: Record<number, { id: string; name: string }[]>; idempotencyKey: string };
      expect(body.errors.map((e) => e.field)).toEqual(["applicant.fullName", "documents[1]", "checked"]);
      expect(body.applicant).toMatchObject({ cccd: "002190012345" });
      expect(body.answers).toMatchObject({ fullName: "Lò Thị Mai", idNumber: "002190012345" });
      expect(body.kept[0]).toEqual([expect.objectContaining({ name: "to-khai.pdf" })]);
      expect(body.idempotencyKey).toBe(page.idempotencyKey);
      const stored = await db.selectFrom("files").select(["owner_user_id", "source"]).execute();
      expect(stored).toEqual([{ owner_user_id: officer, source: "upload" }]);

      // Second post: the kept scan by its id, a new one for the second document, everything filled, checked.
      const second = new FormData();
      second.append("c-key", body.idempotencyKey);
      second.append("c-file-0", body.kept[0]![0]!.id);
      second.append("c-fullName", "Lò Thị Mai");
      second.append("c-cccd", "002190012345");
      second.append("fullName", "Lò Thị Mai");
      second.append("idNumber", "002190012345");
      second.append("doc-1", new Blob([new Uint8Array(tinyJpeg())], { type: "image/jpeg" }), "giay-chung-sinh.jpg");
      second.append("c-checked", "yes");
      const filed = await outcome(() => action({ request: new Request(url, { method: "POST", headers: { Cookie: cookie }, body: second }), params, context } as never));
      expect(filed.status).toBe(302);
      const location = filed.headers.get("Location")!;
      expect(location).toMatch(/^\/office\/counter\?filed=/);
      const dossier = await db.selectFrom("dossiers").select(["code", "status", "channel", "owner_user_id"]).executeTakeFirstOrThrow();
      expect(dossier).toMatchObject({ status: 2, channel: "in_person", owner_user_id: officer });
      expect(await db.selectFrom("dossier_documents").select("file_id").execute()).toHaveLength(2);

      const receipt = (await listLoader({ request: new Request(`http://portal.test${location}`, { headers: { Cookie: cookie } }), params: {}, context } as never)) as { filed: { code: string; receiptId: string | null } | null };
      expect(receipt.filed).toMatchObject({ code: dossier.code, receiptId: expect.any(String) });
    } finally {
      await close();
    }
  });
});
