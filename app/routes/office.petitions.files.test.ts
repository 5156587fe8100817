import type { AppLoadContext } from "@remix-run/node";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import type { OfficialRole } from "../../db/schema";
import { seedProvince } from "../../db/seed/seed";
import { engines, migratedDatabase } from "../../db/testing";
import { seedStatutoryCalendar } from "../domain/calendar/calendar.server";
import { tinyPdf } from "../domain/files/fixtures";
import { DEFAULT_PETITION_SETTINGS } from "../domain/petitions/petitions";
import { submitSchema } from "../domain/petitions/petitions.schema";
import { submitPetition } from "../domain/petitions/petitions.server";
import { createDiskBlobStore } from "../platform/blob-store.server";
import { engineOf } from "../platform/db.server";
import { newId } from "../platform/ids.server";
import { createLogger } from "../platform/logger.server";
import { POLICIES } from "../platform/rate-limit.server";
import { createDatabaseSessionStorage } from "../platform/session.server";
import { loader as download } from "./office.petitions.$code.files.$fileId";

// A petition's attachments for the officials who have a role on it (issue 8): the routing officer downloads the
// citizen's file under its name; another agency's handler, another file's id or a forged code get a 404.

const NOW = new Date();
const root = await mkdtemp(join(tmpdir(), "petition-files-"));
afterAll(() => rm(root, { recursive: true, force: true }));

async function status(run: () => Promise<unknown>): Promise<Response | number> {
  try {
    const r = await run();
    return r instanceof Response ? r : 200;
  } catch (error) {
    return error instanceof Response ? error.status : 500;
  }
}

describe.each(engines)("a petition's attachments on %s", (engine) => {
  it("go to the officials who have a role on the item, and to nobody else", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await seedProvince(db);
      await seedStatutoryCalendar(db, { fromYear: NOW.getUTCFullYear() - 1, toYear: NOW.getUTCFullYear() + 2, t: (key: string) => key, now: NOW });
      const sessionStorage = createDatabaseSessionStorage(db, { secrets: ["s".repeat(32)], secure: false });
      const blobs = createDiskBlobStore(join(root, engine));
      const context = { db, engine: engineOf(db), logger: createLogger("silent"), sessionStorage, blobs, requestId: "r", clientIp: null, origin: "http://portal.test" } as unknown as AppLoadContext;
      const agency = async (c: string) => (await db.selectFrom("agencies").select("id").where("code", "=", c).executeTakeFirstOrThrow()).id;
      const at = NOW.toISOString();
      const user = async (kind: "citizen" | "official") => {
        const id = newId();
        await db
          .insertInto("users")
          .values({ id, kind, status: "active", full_name: "Người thử", cccd: null, birth_date: null, email: `${id}@example.vn`, phone: null, password_hash: null, email_verified_at: at, eid_verified_at: null, eid_issuer: null, eid_subject: null, totp_secret: null, totp_confirmed_at: at, totp_last_step: null, created_at: at, updated_at: at })
          .execute();
        return id;
      };
      const official = async (agencyCode: string, role: OfficialRole) => {
        const id = await user("official");
        await db.insertInto("official_roles").values({ id: newId(), user_id: id, agency_id: await agency(agencyCode), role, granted_at: at, granted_by: null }).execute();
        const session = await sessionStorage.getSession();
        session.set("userId", id);
        session.set("secondFactorAt", at);
        return (await sessionStorage.commitSession(session)).split(";")[0]!;
      };
      const router = await official("000.00.01.H22", "petition_handler");
      const stranger = await official("000.00.02.H22", "petition_handler");

      // The citizen's wallet file, attached to the petition.
      const citizen = await user("citizen");
      const pdf = tinyPdf("Ban chup giay chung sinh");
      const staged = await blobs.stage(Readable.from([pdf]), { maxBytes: 1_000_000 });
      await staged.commit();
      const fileId = newId();
      await db
        .insertInto("files")
        .values({ id: fileId, sha256: staged.sha256, size_bytes: staged.size, media_type: "application/pdf", original_name: "bản chụp giấy chứng sinh.pdf", owner_user_id: citizen, owner_organisation_id: null, source: "upload", signature_status: "none", created_at: at, deleted_at: null })
        .execute();
      const submitted = await submitPetition(db, { notify: async () => {} }, DEFAULT_PETITION_SETTINGS, {
        sender: { userId: citizen, organisationId: null },
        petition: submitSchema.parse({ kind: "proposal", title: "Cho nộp bản chụp giấy tờ", content: "Đề nghị cho nộp bản chụp giấy chứng sinh từ kho dữ liệu.", proposal: "Nhận bản chụp.", contactName: "Lò Thị Mai", contactAddress: "Thôn Nà Thác, xã Phương Thiện", contactEmail: "mai@example.vn" }),
        fileIds: [fileId],
        ip: "203.0.113.5",
        policy: { ...POLICIES.publicFormIp, free: 1000 },
        now: NOW,
      });
      if (!submitted.ok) throw new Error(JSON.stringify(submitted));
      const code = submitted.code;

      const get = (cookie: string, c: string, id: string) =>
        status(() => download({ request: new Request(`http://portal.test/office/petitions/${c}/files/${id}`, { headers: { Cookie: cookie } }), params: { code: c, fileId: id }, context } as never));
      const ok = await get(router, code, fileId);
      expect(ok).toBeInstanceOf(Response);
      const response = ok as Response;
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Type")).toBe("application/pdf");
      expect(response.headers.get("Content-Disposition")).toContain("filename*=UTF-8''");
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array(pdf));
      expect(await get(stranger, code, fileId)).toBe(404);
      expect(await get(router, code, newId())).toBe(404);
      expect(await get(router, "PAKN-000101-9999", fileId)).toBe(404);
      expect(await get(router, "not-a-code", fileId)).toBe(404);
    } finally {
      await close();
    }
  });
});
