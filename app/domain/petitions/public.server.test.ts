import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedProvince } from "../../../db/seed/seed";
import { engines, migratedDatabase } from "../../../db/testing";
import type { Db } from "../../platform/db.server";
import { newId } from "../../platform/ids.server";
import { POLICIES } from "../../platform/rate-limit.server";
import { createFileStorage } from "../../platform/storage.server";
import type { Actor } from "../access/permissions";
import { importCatalog } from "../procedures/catalog.server";
import { fixtureCatalog, fixtureTemplates } from "../procedures/catalog.fixture";
import { DEFAULT_PETITION_SETTINGS } from "./petitions";
import { submitSchema } from "./petitions.schema";
import { actOnPetition, publicPetition, publishedPetitions, submitPetition, trackPetition } from "./petitions.server";
import { petitionChoices, publishedFilters } from "./public.server";

// What the public petitions' pages rely on (issue 8), on both databases: the form's choices, the look-up's second
// factor (an item sent with an e-mail address only is found by that address), and the published answers (searched
// without diacritics, redacted).

const dir = await mkdtemp(join(tmpdir(), "petitions-public-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

// Tuesday 1 December 2026, 09:00 in Hà Giang.
const NOW = new Date("2026-12-01T02:00:00Z");
const TODAY = "2026-12-01";
const services = { notify: async () => {} };
const HIDDEN = "[đã ẩn tên]";

describe.each(engines)("public petitions on %s", (engine) => {
  let db: Db;
  let close: () => Promise<void>;
  let control: string;
  let official: Actor;

  const send = async (fields: Record<string, string>) => {
    const sent = await submitPetition(db, services, DEFAULT_PETITION_SETTINGS, {
      sender: { userId: null, organisationId: null },
      petition: submitSchema.parse({
        kind: "regulation",
        title: "Giấy khai sinh cấp chậm",
        content: "Tôi là Hoàng Văn Bình, số điện thoại 0912 345 678, chờ giấy khai sinh đã quá hạn.",
        procedureCode: "1.001193",
        contactName: "Hoàng Văn Bình",
        contactAddress: "Tổ 5, phường Minh Khai",
        ...fields,
      }),
      fileIds: [],
      ip: newId(),
      policy: POLICIES.publicFormIp,
      now: NOW,
    });
    if (!sent.ok) throw new Error(JSON.stringify(sent));
    return sent.code;
  };
  const look = (code: string, factor: string) =>
    trackPetition(db, DEFAULT_PETITION_SETTINGS, {
      code,
      factor,
      ip: newId(),
      policy: POLICIES.dossierTrackingIp,
      now: NOW,
    });

  beforeAll(async () => {
    ({ db, close } = await migratedDatabase(engine));
    await seedProvince(db);
    const readFile = async (path: string) => fixtureTemplates[path] ?? new Uint8Array();
    expect(
      (
        await importCatalog(db, createFileStorage(dir), fixtureCatalog(), {
          readFile,
        })
      ).ok
    ).toBe(true);
    control = (await db.selectFrom("agencies").select("id").where("code", "=", DEFAULT_PETITION_SETTINGS.controlUnitCode).executeTakeFirstOrThrow()).id;
    const userId = newId();
    const at = NOW.toISOString();
    await db
      .insertInto("users")
      .values({
        id: userId,
        kind: "official",
        status: "active",
        full_name: "Cán bộ",
        cccd: null,
        birth_date: null,
        email: `${userId}@example.vn`,
        phone: null,
        password_hash: null,
        email_verified_at: at,
        eid_verified_at: null,
        eid_issuer: null,
        eid_subject: null,
        totp_secret: null,
        totp_confirmed_at: null,
        totp_last_step: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    official = {
      kind: "official",
      userId,
      roles: [
        { agencyId: control, role: "petition_handler" },
        { agencyId: control, role: "approver" },
      ],
    };
  });
  afterAll(() => close());

  it("offers the catalog's procedures by field and the agencies in force", async () => {
    const choices = await petitionChoices(db, TODAY);
    expect(choices.procedures.flatMap((g) => g.procedures.map((p) => p.code))).toContain("1.001193");
    expect(choices.procedures.every((g) => g.procedures.length > 0 && g.field.name)).toBe(true);
    expect(choices.agencies.map((a) => a.id)).toContain(control);
    expect((await publishedFilters(db, TODAY)).fields).toEqual([]);
  });

  it("finds an item sent with an e-mail address only by that address, and nothing with a wrong factor", async () => {
    const code = await send({ contactEmail: "Binh.Hoang@Example.vn" });
    const found = await look(code, "binh.hoang@example.VN");
    expect(found.ok && found.petition.code).toBe(code);
    expect(await look(code, "other@example.vn")).toEqual({
      ok: false,
      reason: "notFound",
    });
    expect(await look(code, "0000")).toEqual({ ok: false, reason: "notFound" });
    expect(await look("PAKN-000101-9999", "binh.hoang@example.vn")).toEqual({
      ok: false,
      reason: "notFound",
    });
  });

  it("finds an item sent with a phone number by its last four digits only", async () => {
    const code = await send({
      contactPhone: "0987 654 321",
      contactEmail: "binh@example.vn",
    });
    expect((await look(code, "4321")).ok).toBe(true);
    expect((await look(code, "binh@example.vn")).ok).toBe(false);
  });

  it("publishes an answered item with consent, found without diacritics and redacted; not before", async () => {
    const code = await send({
      contactPhone: "0987654321",
      publishConsent: "on",
      title: "Khai sinh chậm ở xã Phương Thiện",
    });
    expect(await publicPetition(db, code, HIDDEN, NOW)).toBeNull();
    const step = async (params: Parameters<typeof actOnPetition>[3]["params"]) => {
      const row = await db.selectFrom("petitions").select("version").where("code", "=", code).executeTakeFirstOrThrow();
      const done = await actOnPetition(db, services, DEFAULT_PETITION_SETTINGS, { actor: official, code, version: row.version, params, now: NOW });
      expect(done.ok).toBe(true);
    };
    await step({
      action: "forward",
      targetAgencyId: control,
      field: "Hộ tịch",
    });
    await step({
      action: "draft",
      body: "Đã trả kết quả cho ông Hoàng Văn Bình vào ngày hôm sau.",
    });
    await step({ action: "approve" });
    const list = await publishedPetitions(db, { search: "phuong thien", page: 0 }, HIDDEN, NOW);
    expect(list.items.map((i) => i.code)).toEqual([code]);
    expect(list.items[0]!.excerpt).toContain(`Tôi là ${HIDDEN}, số điện thoại •••• ••• 678`);
    const page = await publicPetition(db, code, HIDDEN, NOW);
    expect(page?.answer).toBe(`Đã trả kết quả cho ông ${HIDDEN} vào ngày hôm sau.`);
    expect(page?.submitterName).toBeNull();
    expect(page?.onTime).toBe(true);
    expect((await publishedFilters(db, TODAY)).fields).toEqual(["Hộ tịch"]);
  });
});
