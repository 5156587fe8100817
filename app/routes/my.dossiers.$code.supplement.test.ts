import type { AppLoadContext } from "@remix-run/node";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { seedProvince } from "../../db/seed/seed";
import { engines, migratedDatabase } from "../../db/testing";
import { seedStatutoryCalendar } from "../domain/calendar/calendar.server";
import { applyAction } from "../domain/dossiers/back-office.server";
import { submitDossier } from "../domain/dossiers/dossiers.server";
import { tinyPdf } from "../domain/files/fixtures";
import { importCatalog } from "../domain/procedures/catalog.server";
import { fixtureCatalog, fixtureTemplates } from "../domain/procedures/catalog.fixture";
import { createDiskBlobStore } from "../platform/blob-store.server";
import { engineOf } from "../platform/db.server";
import { newId } from "../platform/ids.server";
import { createLogger } from "../platform/logger.server";
import { createDatabaseSessionStorage } from "../platform/session.server";
import { createFileStorage } from "../platform/storage.server";
import { action, loader } from "./my.dossiers.$code.supplement";

// The supplementation page's route: one multipart POST with the flagged field and a replacement upload; a refusal
// keeps the values and the uploaded file (in the wallet, its id ticked again); the answer redirects to the dossier.

const root = await mkdtemp(join(tmpdir(), "supplement-route-"));
afterAll(() => rm(root, { recursive: true, force: true }));

// The route answers at the real time: the request was made a few days before it.
const NOW = new Date(Date.now() - 3 * 86_400_000);

async function outcome(run: () => Promise<unknown>): Promise<{ status: number; body?: unknown; headers: Headers }> {
  let result: unknown;
  try {
    result = await run();
  } catch (error) {
    result = error;
  }
  if (result instanceof Response) return { status: result.status, headers: result.headers };
  const init = (result as { init?: { status?: number; headers?: HeadersInit } } | null)?.init;
  const body = init ? (result as { data?: unknown }).data : result;
  return { status: init?.status ?? 200, body, headers: new Headers(init?.headers) };
}

describe.each(engines)("the supplementation route on %s", (engine) => {
  it("keeps what was entered on a refusal, then sends the supplement and goes back to the dossier", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await seedProvince(db);
      await seedStatutoryCalendar(db, { fromYear: NOW.getUTCFullYear() - 1, toYear: NOW.getUTCFullYear() + 2, t: (key: string) => key, now: NOW });
      expect((await importCatalog(db, createFileStorage(join(root, `${engine}-catalog`)), fixtureCatalog(), { readFile: async (p: string) => fixtureTemplates[p] ?? new Uint8Array() })).ok).toBe(true);
      const sessionStorage = createDatabaseSessionStorage(db, { secrets: ["s".repeat(32)], secure: false });
      const blobs = createDiskBlobStore(join(root, engine));
      const context = { db, engine: engineOf(db), logger: createLogger("silent"), sessionStorage, blobs, requestId: "r", clientIp: null, origin: "http://portal.test" } as unknown as AppLoadContext;
      const user = async (kind: "citizen" | "official") => {
        const id = newId();
        const at = NOW.toISOString();
        await db
          .insertInto("users")
          .values({ id, kind, status: "active", full_name: "Sùng Thị Mai", cccd: null, birth_date: null, email: `${id}@example.vn`, phone: null, password_hash: null, email_verified_at: at, eid_verified_at: null, totp_secret: null, totp_confirmed_at: null, totp_last_step: null, created_at: at, updated_at: at })
          .execute();
        return id;
      };
      const owner = await user("citizen");
      const session = await sessionStorage.getSession();
      session.set("userId", owner);
      const cookie = (await sessionStorage.commitSession(session)).split(";")[0]!;

      const agency = async (code: string) => (await db.selectFrom("agencies").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
      const [centre, justice] = [await agency("000.01.01.H22"), await agency("000.00.03.H22")];
      const versionId = (await db.selectFrom("procedure_versions as v").innerJoin("procedures as p", "p.id", "v.procedure_id").select("v.id").where("p.code", "=", "2.000488").executeTakeFirstOrThrow()).id;
      const fileId = newId();
      await db
        .insertInto("files")
        .values({ id: fileId, sha256: "a".repeat(64), size_bytes: 1000, media_type: "application/pdf", original_name: "cu.pdf", owner_user_id: owner, owner_organisation_id: null, source: "upload", signature_status: "not_checked", created_at: NOW.toISOString(), deleted_at: null })
        .execute();
      const actor = { kind: "citizen" as const, userId: owner, actingFor: null };
      const submitted = await submitDossier(db, { async sendSubmittedMail() {} }, { baseUrl: "http://portal.test" }, {
        actor,
        procedureVersionId: versionId,
        agencyId: centre,
        applicant: { fullName: "Sùng Thị Mai", cccd: "002190012345", phone: "0912345678" },
        answers: { fullName: "Sùng Thị Mai", idNumber: "002190012345" },
        documents: [{ documentIndex: 0, fileIds: [fileId] }],
        idempotencyKey: newId(),
        now: NOW,
      });
      if (!submitted.ok) throw new Error(JSON.stringify(submitted));
      const code = submitted.code;
      const params = { code };
      const url = `http://portal.test/my/dossiers/${code}/supplement`;
      const get = () => outcome(() => loader({ request: new Request(url, { headers: { Cookie: cookie } }), params, context } as never));

      // Not waiting for the applicant yet: back to the dossier's page.
      const early = await get();
      expect(early.status).toBe(302);
      expect(early.headers.get("Location")).toBe(`/my/dossiers/${code}`);

      const noServices = { async issueForm() { return "x"; }, async notifyApplicant() {}, async alertOfficials() {}, async signResult() { return { ok: false as const, reason: "signingUnavailable" as const }; } };
      const version = async () => (await db.selectFrom("dossiers").select("version").where("code", "=", code).executeTakeFirstOrThrow()).version;
      const official = async (agencyId: string, role: "receiving_officer" | "handler") => ({ kind: "official" as const, userId: await user("official"), roles: [{ agencyId, role }] });
      const receiver = await official(centre, "receiving_officer");
      const act = async (a: Awaited<ReturnType<typeof official>>, action: "accept" | "forward" | "requestSupplement", p: unknown) =>
        expect(await applyAction(db, noServices, {}, { actor: a, dossier: { code }, action, version: await version(), params: p, now: NOW })).toMatchObject({ ok: true });
      await act(receiver, "accept", {});
      await act(receiver, "forward", {});
      await act(await official(justice, "handler"), "requestSupplement", { fields: ["fullName"], documents: [0], note: "Họ tên sai; tờ khai thiếu chữ ký" });

      const page = await get();
      expect(page.status).toBe(200);
      expect(page.body).toMatchObject({ page: { values: { fullName: "Sùng Thị Mai" }, documents: [{ index: 0, files: [{ name: "cu.pdf" }] }] } });

      const post = (fields: Record<string, string | string[]>, upload?: Uint8Array) => {
        const form = new FormData();
        for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) form.append(name, v);
        if (upload) form.append("_upload-0", new Blob([new Uint8Array(upload)]), "to-khai-moi.pdf");
        return outcome(() => action({ request: new Request(url, { method: "POST", headers: { Cookie: cookie }, body: form }), params, context } as never));
      };
      const v = String(await version());

      // The flagged field emptied, a replacement uploaded: refused, the value and the upload kept.
      const refused = await post({ _version: v, fullName: "" }, tinyPdf());
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ issues: [{ name: "fullName", message: "form.errors.required" }], values: { fullName: "" } });
      const kept = (refused.body as { fileIds: Record<number, string[]> }).fileIds[0]!;
      expect(kept).toHaveLength(1);
      expect(await db.selectFrom("files").select("original_name").where("id", "=", kept[0]!).executeTakeFirstOrThrow()).toEqual({ original_name: "to-khai-moi.pdf" });

      // A stale version is explained, not applied.
      expect(await post({ _version: String(Number(v) - 1), fullName: "Sùng Thị Mây", "_files-0": kept })).toMatchObject({ status: 409, body: { message: "dossiers:supplement.errors.stale" } });

      // Sent: back to the dossier page with its banner.
      const sent = await post({ _version: v, fullName: "Sùng Thị Mây", "_files-0": kept });
      expect(sent.status, String(sent.body)).toBe(302);
      expect(sent.headers.get("Location")).toBe(`/my/dossiers/${code}`);
      const row = await db.selectFrom("dossiers").select(["status", "answers"]).where("code", "=", code).executeTakeFirstOrThrow();
      expect(row.status).toBe(4);
      expect(JSON.parse(row.answers)).toMatchObject({ fullName: "Sùng Thị Mây" });
    } finally {
      await close();
    }
  });
});
