import type { AppLoadContext } from "@remix-run/node";
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { OfficialRole } from "../../db/schema";
import { seedProvince } from "../../db/seed/seed";
import { engines, migratedDatabase } from "../../db/testing";
import { seedStatutoryCalendar } from "../domain/calendar/calendar.server";
import { submitDossier } from "../domain/dossiers/dossiers.server";
import { tinyExe, tinyPdf } from "../domain/files/fixtures";
import { fixture } from "../domain/signatures/fixtures/load.server";
import { fixtureCatalog, fixtureTemplates } from "../domain/procedures/catalog.fixture";
import { importCatalog } from "../domain/procedures/catalog.server";
import { createDiskBlobStore } from "../platform/blob-store.server";
import { engineOf } from "../platform/db.server";
import { newId } from "../platform/ids.server";
import { createLogger } from "../platform/logger.server";
import { createDatabaseSessionStorage } from "../platform/session.server";
import { createFileStorage } from "../platform/storage.server";
import { action as act, loader as actionPage } from "./office.dossiers.$code.$action";
import { action as note } from "./office.dossiers.$code";
import { loader as download } from "./office.dossiers.$code.files.$fileId";

// The officials' routes answering what the engine and the use cases say (issue 6): a stale version is a 409 with
// nothing changed, a forged code and another agency's official a 404, a result that is not a PDF is refused before
// anything is recorded (and its bytes are not kept), a dossier's file is downloaded by its officials only.

const NOW = new Date();
const root = await mkdtemp(join(tmpdir(), "office-routes-"));
afterAll(() => rm(root, { recursive: true, force: true }));

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

describe.each(engines)("the officials' dossier routes on %s", (engine) => {
  it("refuse forged codes, other agencies, stale versions and non-PDF results, changing nothing; serve the dossier's files to its officials", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await seedProvince(db);
      await seedStatutoryCalendar(db, { fromYear: NOW.getUTCFullYear() - 1, toYear: NOW.getUTCFullYear() + 2, t: (key: string) => key, now: NOW });
      const readFile = async (path: string) => fixtureTemplates[path] ?? new Uint8Array();
      expect((await importCatalog(db, createFileStorage(join(root, `${engine}-catalog`)), fixtureCatalog(), { readFile })).ok).toBe(true);
      const sessionStorage = createDatabaseSessionStorage(db, { secrets: ["s".repeat(32)], secure: false });
      const blobs = createDiskBlobStore(join(root, engine));
      const context = { db, engine: engineOf(db), logger: createLogger("silent"), sessionStorage, blobs, requestId: "r", clientIp: null, origin: "http://portal.test", signing: { demoRootPem: async () => null } } as unknown as AppLoadContext;
      const agency = (c: string) => db.selectFrom("agencies").select("id").where("code", "=", c).executeTakeFirstOrThrow().then((r) => r.id);
      const centre = await agency("000.01.01.H22");
      const other = (await db.selectFrom("agencies").select("id").where("id", "!=", centre).where("code", "!=", "000.00.03.H22").executeTakeFirstOrThrow()).id;
      const at = NOW.toISOString();
      const user = async (kind: "citizen" | "official") => {
        const id = newId();
        await db
          .insertInto("users")
          .values({ id, kind, status: "active", full_name: "Nguyễn Văn Cán", cccd: null, birth_date: null, email: `${id}@example.vn`, phone: null, password_hash: null, email_verified_at: at, eid_verified_at: null, eid_issuer: null, eid_subject: null, totp_secret: null, totp_confirmed_at: null, totp_last_step: null, created_at: at, updated_at: at })
          .execute();
        return id;
      };
      const official = async (agencyId: string, role: OfficialRole) => {
        const id = await user("official");
        await db.insertInto("official_roles").values({ id: newId(), user_id: id, agency_id: agencyId, role, granted_at: at, granted_by: null }).execute();
        const session = await sessionStorage.getSession();
        session.set("userId", id);
        session.set("secondFactorAt", at);
        return (await sessionStorage.commitSession(session)).split(";")[0]!;
      };
      const receiver = await official(centre, "receiving_officer");
      const stranger = await official(other, "receiving_officer");

      const owner = await user("citizen");
      const pdf = tinyPdf();
      const staged = await blobs.stage(
        (async function* () {
          yield pdf;
        })(),
        { maxBytes: 1_000_000 },
      );
      await staged.commit();
      const fileId = newId();
      await db
        .insertInto("files")
        .values({ id: fileId, sha256: staged.sha256, size_bytes: staged.size, media_type: "application/pdf", original_name: "Tờ khai.pdf", owner_user_id: owner, owner_organisation_id: null, source: "upload", signature_status: "not_checked", created_at: at, deleted_at: null })
        .execute();
      const version = await db.selectFrom("procedure_versions as v").innerJoin("procedures as p", "p.id", "v.procedure_id").select("v.id").where("p.code", "=", "2.000488").executeTakeFirstOrThrow();
      const submitted = await submitDossier(
        db,
        { async sendSubmittedMail() {} },
        { baseUrl: "http://portal.test" },
        {
          actor: { kind: "citizen", userId: owner, actingFor: null },
          procedureVersionId: version.id,
          agencyId: centre,
          applicant: { fullName: "Lò Thị Mai", cccd: "002190012345", phone: "0912345678", email: "", address: "Hà Giang" },
          answers: { fullName: "Lò Thị Mai", idNumber: "002190012345" },
          documents: [{ documentIndex: 0, fileIds: [fileId] }],
          idempotencyKey: newId(),
        },
      );
      if (!submitted.ok) throw new Error(JSON.stringify(submitted));
      const code = submitted.code;
      const dossier = () => db.selectFrom("dossiers").selectAll().where("code", "=", code).executeTakeFirstOrThrow();
      const before = await dossier();

      const post = (cookie: string, c: string, action: string, fields: Record<string, string>) =>
        outcome(() =>
          act({
            request: new Request(`http://portal.test/office/dossiers/${c}/${action}`, { method: "POST", headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() }),
            params: { code: c, action },
            context,
          } as never),
        );
      const forged = code.replace(/\d{4}$/, "9999");
      expect((await post(receiver, forged, "accept", { version: "1" })).status).toBe(404);
      expect((await post(stranger, code, "accept", { version: "1" })).status).toBe(404);
      expect((await post(receiver, code, "withdraw", { version: "1" })).status).toBe(404);
      expect(await post(receiver, code, "accept", { version: "0" })).toMatchObject({ status: 409, body: { conflict: "stale", errors: [{ field: "form", message: "dossiers:actions.errors.stale" }] } });
      expect(await post(receiver, code, "refuse", { version: "1", text: "", legalBasis: "" })).toMatchObject({ status: 400, body: { errors: [{ field: "reasons" }, { field: "text" }, { field: "legalBasis" }] } });
      // Not at the approve step: refused, and a result that is not a PDF is refused first.
      const multipart = (cookie: string, bytes: Uint8Array, name: string) => {
        const form = new FormData();
        form.append("version", "1");
        form.append("result", new Blob([new Uint8Array(bytes)]), name);
        return outcome(() => act({ request: new Request(`http://portal.test/office/dossiers/${code}/approve`, { method: "POST", headers: { Cookie: cookie }, body: form }), params: { code, action: "approve" }, context } as never));
      };
      const exe = tinyExe();
      expect(await multipart(receiver, exe, "ket-qua.pdf")).toMatchObject({ status: 400, body: { errors: [{ field: "result", message: "dossiers:office.errors.notPdf" }] } });
      expect(await multipart(stranger, pdf, "ket-qua.pdf")).toMatchObject({ status: 404 });
      // A result whose existing signature fails (changed after it was signed) is refused with the verifier's reason.
      const tampered = fixture("pdf/tampered-byte.pdf");
      expect(await multipart(receiver, tampered, "ket-qua-da-sua.pdf")).toMatchObject({
        status: 400,
        body: { errors: [{ field: "result", message: "dossiers:office.errors.resultSignatureFailed", params: { reason: "Tài liệu đã bị thay đổi sau khi ký: nội dung không còn khớp với chữ ký." } }] },
      });
      expect(await blobs.exists(createHash("sha256").update(tampered).digest("hex"))).toBe(false);
      const result = tinyPdf("Ket qua");
      expect(await multipart(receiver, result, "ket-qua.pdf")).toMatchObject({ status: 409, body: { conflict: "guard", errors: [{ message: "dossiers:actions.errors.notAllowedNow" }] } });
      // Its bytes were not kept.
      expect(await blobs.exists(createHash("sha256").update(result).digest("hex"))).toBe(false);
      // A note needs text; another agency's official cannot add one.
      const notePost = (cookie: string, body: string) =>
        outcome(() => note({ request: new Request(`http://portal.test/office/dossiers/${code}`, { method: "POST", headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ body }).toString() }), params: { code }, context } as never));
      expect(await notePost(receiver, " ")).toMatchObject({ status: 400, body: { error: "dossiers:actions.errors.required" } });
      expect((await notePost(stranger, "Ghi chú")).status).toBe(404);
      expect(await db.selectFrom("dossier_notes").selectAll().execute()).toEqual([]);

      expect(await dossier()).toEqual(before);
      expect(await db.selectFrom("dossier_events").select("note_key").where("dossier_id", "=", before.id).execute()).toEqual([{ note_key: "history.submitted" }]);
      expect(await db.selectFrom("dossier_issued_documents").selectAll().execute()).toEqual([]);

      // The action page: the form for whoever may act, the explanation for an action not offered now, 404 otherwise.
      const page = (cookie: string, action: string) =>
        outcome(() => actionPage({ request: new Request(`http://portal.test/office/dossiers/${code}/${action}`, { headers: { Cookie: cookie } }), params: { code, action }, context } as never));
      const shown = (action: string) => actionPage({ request: new Request(`http://portal.test/office/dossiers/${code}/${action}`, { headers: { Cookie: receiver } }), params: { code, action }, context } as never) as Promise<{ available: boolean; dossier: { version: number } }>;
      expect(await shown("refuse")).toMatchObject({ available: true, dossier: { version: 1 } });
      expect(await shown("approve")).toMatchObject({ available: false });
      expect((await page(stranger, "refuse")).status).toBe(404);
      expect((await page(receiver, "nonsense")).status).toBe(404);

      // Files: the dossier's, to its officials.
      const get = (cookie: string, id: string) =>
        outcome(() => download({ request: new Request(`http://portal.test/office/dossiers/${code}/files/${id}`, { headers: { Cookie: cookie } }), params: { code, fileId: id }, context } as never));
      const file = (await download({ request: new Request(`http://portal.test/f`, { headers: { Cookie: receiver } }), params: { code, fileId }, context } as never)) as Response;
      expect(file.headers.get("Content-Type")).toBe("application/pdf");
      expect(file.headers.get("Cache-Control")).toBe("private, no-store");
      expect(new Uint8Array(await file.arrayBuffer())).toEqual(pdf);
      expect((await get(stranger, fileId)).status).toBe(404);
      expect((await get(receiver, newId())).status).toBe(404);
    } finally {
      await close();
    }
  });
});
