import type { AppLoadContext } from "@remix-run/node";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OfficialRole } from "../../../db/schema";
import { engines, migratedDatabase } from "../../../db/testing";
import { loader as myDownload } from "../../routes/my.dossiers.$code.documents.$id";
import { loader as officeDownload } from "../../routes/office.dossiers.$code.documents.$id";
import { createDiskBlobStore } from "../../platform/blob-store.server";
import { engineOf, type Db } from "../../platform/db.server";
import { createServerI18n } from "../../platform/i18n.server";
import { newId } from "../../platform/ids.server";
import { createLogger } from "../../platform/logger.server";
import { createDatabaseSessionStorage } from "../../platform/session.server";
import type { Actor } from "../access/permissions";
import type { Trx } from "./back-office.seams";
import { createFormIssuer, listIssuedDocuments, openAgencyIssuedDocument, openMyIssuedDocument, renderForm, type FormBlobStore } from "./forms.server";
import { pdfObjects, pdfText } from "./pdf-text.test-helper";

// The forms Mẫu 01–05 issued through the engine's seam, on both databases: what each one says (read back from the
// stored PDF), bytes stored before the row, and who may download them (the owner: applicant documents of their own
// dossiers; officials: the dossiers of their agencies).

const root = await mkdtemp(join(tmpdir(), "forms-"));
afterAll(() => rm(root, { recursive: true, force: true }));

const ORIGIN = "https://dichvucong.hagiang.gov.vn";
const NOW = new Date("2026-12-01T03:00:00.000Z");
const text = (pdf: Buffer) => pdfText(pdf).replace(/\s+/g, " ");
const bytesOf = async (stream: Readable) => {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};

const CONTENT = {
  code: "1.001193",
  name: "Đăng ký khai sinh",
  documents: [
    { name: "Tờ khai đăng ký khai sinh", originals: 1, certifiedCopies: 0, photocopies: 0, required: true, fileTypes: ["pdf"], maxSizeMb: 10, signatureRequired: false },
    { name: "Giấy chứng sinh", originals: 1, certifiedCopies: 0, photocopies: 0, required: true, fileTypes: ["pdf"], maxSizeMb: 10, signatureRequired: false },
    { name: "Giấy tờ tùy thân của người đi đăng ký", originals: 0, certifiedCopies: 1, photocopies: 2, required: true, fileTypes: ["pdf"], maxSizeMb: 10, signatureRequired: false },
  ],
  offerings: [{ receivers: { kinds: ["commune_ppc"] }, decider: "receiver", onlineLevel: "FULL", channels: [{ channel: "online", timeLimit: { unit: "working_days", amount: 5 }, feeMode: "pay_later", fees: [] }] }],
  form: {
    version: 1,
    sections: [
      {
        id: "nguoi-khai",
        titleKey: "s",
        fields: [
          { type: "text", name: "fullName", labelKey: "f.hoTen" },
          { type: "group", name: "children", labelKey: "f.con", itemLabelKey: "f.con", fields: [{ type: "date", name: "birthDate", labelKey: "f.ngaySinh" }] },
        ],
      },
    ],
    texts: { vi: { s: "Người đi khai sinh", "f.hoTen": "Họ, chữ đệm và tên người đi khai", "f.con": "Con", "f.ngaySinh": "Ngày sinh của con" } },
  },
  workflow: [{ role: "receive", name: "Tiếp nhận", hours: 4 }],
};

describe.each(engines)("the forms Mẫu 01–05 on %s", (engine) => {
  let db: Db;
  let close: () => Promise<void>;
  let context: AppLoadContext;
  const blobs = createDiskBlobStore(join(root, engine));
  const ids = { a: "", b: "", c: "", owner: "", other: "", officialA: "", officialB: "", officialC: "", version: "" };
  let cookie: (userId: string, official?: boolean) => Promise<string>;
  let issuer: ReturnType<typeof createFormIssuer>;
  let seq = 0;

  const agency = async (code: string, name: string, kind: "commune_ppc" | "department", address: string | null) => {
    const id = newId();
    await db.insertInto("agencies").values({ id, code, created_at: "2020-01-01T00:00:00.000Z" }).execute();
    await db
      .insertInto("agency_versions")
      .values({ id: newId(), agency_id: id, name, short_name: null, kind, level: kind === "commune_ppc" ? "commune" : "province", parent_id: null, admin_unit_code: null, address, phone: null, email: null, valid_from: "2020-01-01", valid_to: null, successor_id: null, created_at: "2020-01-01T00:00:00.000Z" })
      .execute();
    return id;
  };
  const user = async (kind: "citizen" | "official", name: string, role?: { agencyId: string; role: OfficialRole }) => {
    const id = newId();
    const at = NOW.toISOString();
    await db
      .insertInto("users")
      .values({ id, kind, status: "active", full_name: name, cccd: null, birth_date: null, email: `${id}@example.vn`, phone: null, password_hash: null, email_verified_at: at, eid_verified_at: null, eid_issuer: null, eid_subject: null, totp_secret: null, totp_confirmed_at: kind === "official" ? at : null, totp_last_step: null, created_at: at, updated_at: at })
      .execute();
    if (role) await db.insertInto("official_roles").values({ id: newId(), user_id: id, agency_id: role.agencyId, role: role.role, granted_at: at, granted_by: null }).execute();
    return id;
  };
  /** A dossier of the owner at agency A, accepted, with its history row of acceptance. */
  const dossier = async (overrides: { currentAgencyId?: string } = {}) => {
    const id = newId();
    seq += 1;
    const code = `001.02.03.H22-261201-${String(seq).padStart(4, "0")}`;
    const at = "2026-12-01T02:00:00.000Z";
    await db
      .insertInto("dossiers")
      .values({
        id,
        code,
        agency_id: ids.a,
        procedure_id: (await db.selectFrom("procedure_versions").select("procedure_id").where("id", "=", ids.version).executeTakeFirstOrThrow()).procedure_id,
        procedure_code: "1.001193",
        procedure_version_id: ids.version,
        owner_user_id: ids.owner,
        owner_organisation_id: null,
        applicant: JSON.stringify({ fullName: "Lò Thị Mai", cccd: "002190012345", phone: "0912345678", email: null, address: "Thôn Lùng Tám, xã Phương Độ" }),
        answers: "{}",
        channel: "online",
        status: 2,
        received_at: at,
        acceptance_due_at: "2026-12-02T02:00:00.000Z",
        due_at: "2026-12-08T10:00:00.000Z",
        version: 2,
        idempotency_key: newId(),
        created_at: at,
        updated_at: at,
        accepted_at: "2026-12-01T02:05:00.000Z",
        current_agency_id: overrides.currentAgencyId ?? ids.a,
        supplement_count: 0,
      })
      .execute();
    return { id, code };
  };
  const event = async (dossierId: string, opts: { actorId: string; agencyId: string; noteKey: string; params?: unknown; status?: number; at?: string }) => {
    const id = newId();
    await db
      .insertInto("dossier_events")
      .values({ id, dossier_id: dossierId, at: opts.at ?? "2026-12-01T02:05:00.000Z", status_from: 1, status_to: opts.status ?? 2, actor_type: "official", actor_id: opts.actorId, agency_id: opts.agencyId, note_key: opts.noteKey, note_params: opts.params === undefined ? null : JSON.stringify(opts.params), clock: null })
      .execute();
    return id;
  };
  const issue = (input: Parameters<typeof issuer.issueForm>[1]) => db.transaction().execute((trx) => issuer.issueForm(trx, input));
  const stored = async (id: string) => {
    const row = await db.selectFrom("dossier_issued_documents").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    return { row, pdf: await bytesOf(blobs.open(row.sha256)) };
  };

  beforeAll(async () => {
    ({ db, close } = await migratedDatabase(engine));
    ids.a = await agency("001.02.03.H22", "UBND xã Phương Độ", "commune_ppc", "Thôn Cầu Mè, xã Phương Độ, thành phố Hà Giang");
    ids.b = await agency("001.02.04.H22", "UBND xã Phong Quang", "commune_ppc", null);
    ids.c = await agency("001.02.05.H22", "Sở Tư pháp tỉnh Hà Giang", "department", null);
    ids.owner = await user("citizen", "Lò Thị Mai");
    ids.other = await user("citizen", "Vàng Văn Sử");
    ids.officialA = await user("official", "Nguyễn Thu Hà", { agencyId: ids.a, role: "receiving_officer" });
    ids.officialB = await user("official", "Trần Văn Bình", { agencyId: ids.b, role: "handler" });
    ids.officialC = await user("official", "Hoàng Minh Châu", { agencyId: ids.c, role: "approver" });
    await db.insertInto("procedure_fields").values({ code: "ho-tich", name: "Hộ tịch" }).execute();
    const procedureId = newId();
    await db.insertInto("procedures").values({ id: procedureId, code: "1.001193", created_at: NOW.toISOString() }).execute();
    ids.version = newId();
    await db
      .insertInto("procedure_versions")
      .values({ id: ids.version, procedure_id: procedureId, version: 1, state: "published", valid_from: "2026-01-01", published_at: NOW.toISOString(), name: "Đăng ký khai sinh", field_code: "ho-tich", levels: ",commune,", life_events: ",birth,", best_online_level: "FULL", status: "in_force", search_text: "dang ky khai sinh", content: JSON.stringify(CONTENT), content_hash: "x", created_at: NOW.toISOString(), created_by: null })
      .execute();
    const t = (await createServerI18n("vi", ["dossiers", "procedures", "forms"])).getFixedT("vi", "dossiers");
    issuer = createFormIssuer({ blobs, origin: ORIGIN, t });

    const sessionStorage = createDatabaseSessionStorage(db, { secrets: ["s".repeat(32)], secure: false });
    context = { db, engine: engineOf(db), logger: createLogger("silent"), sessionStorage, blobs, requestId: "r", clientIp: null, origin: "http://portal.test" } as unknown as AppLoadContext;
    cookie = async (userId, official = false) => {
      const session = await sessionStorage.getSession();
      session.set("userId", userId);
      if (official) session.set("secondFactorAt", NOW.toISOString() as never);
      return (await sessionStorage.commitSession(session)).split(";")[0]!;
    };
  });
  afterAll(() => close());

  it("issues the receipt (Mẫu 01): bytes stored first, then the row; the appointment, documents with counts, fee mode, official, tracking link", async () => {
    const d = await dossier();
    const eventId = await event(d.id, { actorId: ids.officialA, agencyId: ids.a, noteKey: "history.accepted" });
    // The row must not exist yet when the bytes are committed (seen through the engine's transaction).
    const order: string[] = [];
    let seenTrx: Trx | null = null;
    const spy: FormBlobStore = {
      async stage(chunks, options) {
        const staged = await blobs.stage(chunks, options);
        return {
          sha256: staged.sha256,
          size: staged.size,
          discard: () => staged.discard(),
          async commit() {
            const rows = await seenTrx!.selectFrom("dossier_issued_documents").select("id").where("dossier_id", "=", d.id).execute();
            order.push(`commit with ${rows.length} rows`);
            await staged.commit();
          },
        };
      },
      open: (sha) => blobs.open(sha),
    };
    const t = (await createServerI18n("vi", ["dossiers"])).getFixedT("vi", "dossiers");
    const spyIssuer = createFormIssuer({ blobs: spy, origin: ORIGIN, t });
    const id = await db.transaction().execute((trx) => {
      seenTrx = trx;
      return spyIssuer.issueForm(trx, { dossierId: d.id, kind: "receipt", eventId, actorId: ids.officialA, now: NOW });
    });
    expect(order).toEqual(["commit with 0 rows"]);

    const { row, pdf } = await stored(id);
    expect(row).toMatchObject({ dossier_id: d.id, kind: "receipt", event_id: eventId, media_type: "application/pdf", file_name: `mau-01-${d.code}.pdf`, audience: "applicant", created_by: ids.officialA, created_at: NOW.toISOString() });
    expect(Number(row.size_bytes)).toBe(pdf.length);
    expect(await blobs.exists(row.sha256)).toBe(true);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    // The Be Vietnam Pro typeface is embedded.
    const fonts = [...pdfObjects(pdf).values()].filter((o) => o.dict.includes("/FontFile2")).map((o) => /\/FontName \/(\S+)/.exec(o.dict)?.[1]?.replace(/^[A-Z]{6}\+/, ""));
    expect(fonts).toEqual(expect.arrayContaining(["BeVietnamPro-Regular", "BeVietnamPro-Bold"]));
    const content = text(pdf);
    for (const expected of [
      "Mẫu số 01",
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc",
      "UBND XÃ PHƯƠNG ĐỘ",
      "Hà Giang, ngày 01 tháng 12 năm 2026",
      "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
      `Mã hồ sơ: ${d.code}`,
      "Lò Thị Mai",
      "002190012345",
      "Đăng ký khai sinh",
      "Tờ khai đăng ký khai sinh",
      "Giấy tờ tùy thân của người đi đăng ký",
      "Bản chứng thực",
      "5 ngày làm việc",
      "09 giờ 05 phút, ngày 01/12/2026",
      "Sau 17 giờ 00 phút, ngày 08/12/2026",
      "Thu sau",
      "Thôn Cầu Mè, xã Phương Độ",
      "Nguyễn Thu Hà",
      `${ORIGIN}/dossiers/track?code=${d.code}`,
    ]) {
      expect(content).toContain(expected);
    }
    // Vietnamese only unless asked for English.
    expect(content).not.toContain("RECEIPT OF A DOSSIER");
    // The Code 39 barcode: one filled rectangle per bar, 5 bars for each of the 27 characters (code and the two "*").
    const page = [...pdfObjects(pdf).values()].find((o) => o.stream && /\bBT\b/.test(o.stream.toString("latin1")))!.stream!.toString("latin1");
    expect(page.match(/ re\n\/DeviceRGB cs\n0 0 0 scn\nf\n/g)).toHaveLength(27 * 5);
  });

  it("issues the supplementation request (Mẫu 02): every item asked for, by its label, the reason and the deadline", async () => {
    const d = await dossier();
    const eventId = await event(d.id, { actorId: ids.officialA, agencyId: ids.a, noteKey: "history.supplementRequested", status: 5 });
    for (const [s, note] of [
      [1, "Lần trước"],
      [2, "Ảnh chụp giấy chứng sinh bị mờ, không đọc được số."],
    ] as const) {
      await db
        .insertInto("dossier_supplements")
        .values({ id: newId(), dossier_id: d.id, seq: s, requested_at: "2026-12-01T02:30:00.000Z", requested_by: ids.officialA, agency_id: ids.a, status_at_request: 2, fields: JSON.stringify(s === 2 ? ["fullName", "children.0.birthDate"] : ["fullName"]), documents: JSON.stringify(s === 2 ? [1] : [0]), note, justification: s === 2 ? "Lần đầu chưa phát hiện ảnh mờ" : null, respond_by: "2026-12-22T10:00:00.000Z", answered_at: null, paused_minutes: null, closed: null })
        .execute();
    }
    const id = await issue({ dossierId: d.id, kind: "supplement_request", eventId, actorId: ids.officialA, now: NOW });
    const { row, pdf } = await stored(id);
    expect(row).toMatchObject({ kind: "supplement_request", file_name: `mau-02-${d.code}.pdf`, audience: "applicant" });
    const content = text(pdf);
    for (const expected of [
      "Mẫu số 02",
      "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
      "1. Họ, chữ đệm và tên người đi khai",
      "2. Con 1 – Ngày sinh của con",
      "3. Giấy chứng sinh",
      "Ảnh chụp giấy chứng sinh bị mờ, không đọc được số.",
      "Lần đầu chưa phát hiện ảnh mờ",
      "17 giờ 00 phút, ngày 22/12/2026",
      `${ORIGIN}/dossiers/track?code=${d.code}`,
    ]) {
      expect(content).toContain(expected);
    }
    // The latest request only.
    expect(content).not.toContain("Lần trước");
    expect(content).not.toContain("Tờ khai đăng ký khai sinh");
  });

  it("issues the refusal (Mẫu 03) with its reasons, detail and legal basis", async () => {
    const d = await dossier();
    const eventId = await event(d.id, {
      actorId: ids.officialA,
      agencyId: ids.a,
      noteKey: "history.refused",
      status: 3,
      params: { reasons: ["notCompetent", "invalidDocuments"], text: "Nơi cư trú của người mẹ thuộc xã khác.", legalBasis: "Điều 13 Luật Hộ tịch 2014" },
    });
    const { row, pdf } = await stored(await issue({ dossierId: d.id, kind: "refusal", eventId, actorId: ids.officialA, now: NOW }));
    expect(row).toMatchObject({ kind: "refusal", file_name: `mau-03-${d.code}.pdf`, audience: "applicant" });
    const content = text(pdf);
    for (const expected of [
      "Mẫu số 03",
      "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
      "1. Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan",
      "2. Giấy tờ trong hồ sơ không hợp lệ",
      "Nơi cư trú của người mẹ thuộc xã khác.",
      "Căn cứ pháp lý: Điều 13 Luật Hộ tịch 2014",
      "Nguyễn Thu Hà",
    ]) {
      expect(content).toContain(expected);
    }
  });

  it("issues the apology letter (Mẫu 04): the original appointment, the reason and the new date", async () => {
    const d = await dossier({ currentAgencyId: ids.c });
    const eventId = await event(d.id, { actorId: ids.officialC, agencyId: ids.c, noteKey: "history.apologized", status: 4, params: { reason: "Cần xác minh thông tin tại nơi cư trú trước đây", newDueAt: "2026-12-11T08:30:00.000Z" } });
    const { row, pdf } = await stored(await issue({ dossierId: d.id, kind: "apology", eventId, actorId: ids.officialC, now: NOW }));
    expect(row).toMatchObject({ kind: "apology", file_name: `mau-04-${d.code}.pdf`, audience: "applicant" });
    const content = text(pdf);
    for (const expected of ["Mẫu số 04", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", "SỞ TƯ PHÁP TỈNH HÀ GIANG", "17 giờ 00 phút, ngày 08/12/2026", "Cần xác minh thông tin tại nơi cư trú trước đây", "15 giờ 30 phút, ngày 11/12/2026", "Hoàng Minh Châu"]) {
      expect(content).toContain(expected);
    }
  });

  it("issues the control sheet (Mẫu 05), one row per hand-over, for officials only", async () => {
    const d = await dossier({ currentAgencyId: ids.c });
    const steps = [
      { name: "Tiếp nhận hồ sơ", agency: ids.a, from: null, handedBy: null, handledBy: ids.officialA, start: "2026-12-01T02:05:00.000Z", result: "early", outcome: "forward" },
      { name: "Xử lý liên thông", agency: ids.b, from: ids.a, handedBy: ids.officialA, handledBy: ids.officialB, start: "2026-12-02T03:00:00.000Z", result: "late", outcome: "transferBack" },
      { name: "Phê duyệt kết quả", agency: ids.c, from: null, handedBy: ids.officialB, handledBy: ids.officialC, start: "2026-12-04T09:15:00.000Z", result: "on_time", outcome: null },
    ] as const;
    for (const [i, s] of steps.entries()) {
      await db
        .insertInto("dossier_steps")
        .values({ id: newId(), dossier_id: d.id, seq: i + 1, step_index: i, name: s.name, role: i === 0 ? "receive" : i === 1 ? "cooperate" : "approve", agency_id: s.agency, from_agency_id: s.from, handed_by: s.handedBy, handled_by: s.handledBy, started_at: s.start, due_at: null, ended_at: s.outcome ? s.start : null, result: s.outcome ? s.result : null, outcome: s.outcome, warned_at: null, overdue_at: null })
        .execute();
    }
    const { row, pdf } = await stored(await issue({ dossierId: d.id, kind: "control_sheet", eventId: null, actorId: null, now: NOW }));
    expect(row).toMatchObject({ kind: "control_sheet", file_name: `mau-05-${d.code}.pdf`, audience: "officials", event_id: null, created_by: null });
    const content = text(pdf);
    for (const expected of ["Mẫu số 05", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "01/12/2026 09:05", "02/12/2026 10:00", "04/12/2026 16:15", "Trước hạn", "Quá hạn", "Đang xử lý", "Chuyển bước tiếp theo"]) {
      expect(content).toContain(expected);
    }
    // One row per step: each step's name once; the third step came from the second's agency.
    for (const s of steps) expect(content.split(s.name).length - 1).toBe(1);
    expect(content.split("UBND xã Phong Quang").length - 1).toBe(2);
    expect(content.split("Trần Văn Bình").length - 1).toBe(2);
  });

  it("renders with the English beside the Vietnamese when asked", async () => {
    const t = (await createServerI18n("vi", ["dossiers"])).getFixedT("vi", "dossiers");
    const tEn = (await createServerI18n("en", ["dossiers"])).getFixedT("en", "dossiers");
    const pdf = await renderForm(
      { kind: "apology", code: "001.02.03.H22-261201-0099", procedureName: "Đăng ký khai sinh", unitName: "UBND xã Phương Độ", applicant: { fullName: "Lò Thị Mai", cccd: null, phone: null, email: null, address: null }, organisationName: null, apologizedAt: NOW.toISOString(), receivedAt: NOW.toISOString(), dueAt: "2026-12-08T10:00:00.000Z", newDueAt: "2026-12-11T08:30:00.000Z", reason: "Mất điện", officialName: null },
      { origin: ORIGIN, t, tEn, now: NOW },
    );
    const content = text(pdf);
    expect(content).toContain("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ");
    expect(content).toContain("APOLOGY AND NEW DATE FOR THE RESULT");
    expect(content).toContain("15 giờ 30 phút, ngày 11/12/2026");
    expect(content).toContain("15:30 on 11/12/2026");
  });

  it("lets the owner download the applicant's documents of their dossiers, and officials those of their agencies' dossiers", async () => {
    const d = await dossier({ currentAgencyId: ids.c });
    const eventId = await event(d.id, { actorId: ids.officialA, agencyId: ids.a, noteKey: "history.accepted" });
    const receipt = await issue({ dossierId: d.id, kind: "receipt", eventId, actorId: ids.officialA, now: NOW });
    const sheet = await issue({ dossierId: d.id, kind: "control_sheet", eventId: null, actorId: null, now: new Date(NOW.getTime() + 1000) });

    expect((await listIssuedDocuments(db, d.id, "applicant")).map((x) => [x.id, x.kind])).toEqual([[receipt, "receipt"]]);
    expect((await listIssuedDocuments(db, d.id, "officials")).map((x) => [x.id, x.kind])).toEqual([
      [receipt, "receipt"],
      [sheet, "control_sheet"],
    ]);

    const citizen = (userId: string): Extract<Actor, { kind: "citizen" }> => ({ kind: "citizen", userId, actingFor: null });
    const official = (userId: string, agencyId: string, role: OfficialRole): Actor => ({ kind: "official", userId, roles: [{ agencyId, role }] });
    expect(await openMyIssuedDocument(db, blobs, { actor: citizen(ids.owner), code: d.code, id: receipt })).toMatchObject({ id: receipt, fileName: `mau-01-${d.code}.pdf` });
    expect(await openMyIssuedDocument(db, blobs, { actor: citizen(ids.owner), code: d.code, id: sheet })).toBeNull();
    expect(await openMyIssuedDocument(db, blobs, { actor: citizen(ids.other), code: d.code, id: receipt })).toBeNull();
    expect(await openMyIssuedDocument(db, blobs, { actor: citizen(ids.owner), code: d.code, id: "' or 1=1 --" })).toBeNull();
    // The receiving agency (A) and the current one (C) see both; B only once a step of the dossier was there.
    expect(await openAgencyIssuedDocument(db, blobs, { actor: official(ids.officialA, ids.a, "receiving_officer"), code: d.code, id: sheet })).toMatchObject({ id: sheet });
    expect(await openAgencyIssuedDocument(db, blobs, { actor: official(ids.officialC, ids.c, "approver"), code: d.code, id: receipt })).toMatchObject({ id: receipt });
    expect(await openAgencyIssuedDocument(db, blobs, { actor: official(ids.officialB, ids.b, "handler"), code: d.code, id: receipt })).toBeNull();
    // A role without read:dossier:agency in the agency is not enough.
    expect(await openAgencyIssuedDocument(db, blobs, { actor: official(ids.officialA, ids.a, "catalog_admin"), code: d.code, id: receipt })).toBeNull();
    await db
      .insertInto("dossier_steps")
      .values({ id: newId(), dossier_id: d.id, seq: 1, step_index: null, name: "Liên thông", role: "cooperate", agency_id: ids.b, from_agency_id: ids.a, handed_by: ids.officialA, handled_by: ids.officialB, started_at: NOW.toISOString(), due_at: null, ended_at: null, result: null, outcome: null, warned_at: null, overdue_at: null })
      .execute();
    expect(await openAgencyIssuedDocument(db, blobs, { actor: official(ids.officialB, ids.b, "handler"), code: d.code, id: receipt })).toMatchObject({ id: receipt });

    // Through the routes: the bytes, the headers; another citizen and an officials-only document are 404s.
    const outcome = async (run: () => Promise<unknown>) => {
      try {
        const r = await run();
        return r instanceof Response ? r : null;
      } catch (thrown) {
        if (thrown instanceof Response) return thrown;
        return { status: (thrown as { init?: { status?: number } }).init?.status ?? 500 };
      }
    };
    const get = async (loader: typeof myDownload, path: string, params: Record<string, string>, who: string) =>
      outcome(() => loader({ request: new Request(`http://portal.test${path}`, { headers: { Cookie: who } }), params, context } as never));
    const owner = await cookie(ids.owner);
    const mine = (await get(myDownload, `/my/dossiers/${d.code}/documents/${receipt}`, { code: d.code, id: receipt }, owner)) as Response;
    expect(mine.status).toBe(200);
    expect(mine.headers.get("Content-Type")).toBe("application/pdf");
    expect(mine.headers.get("Content-Disposition")).toBe(`attachment; filename="mau-01-${d.code}.pdf"; filename*=UTF-8''mau-01-${d.code}.pdf`);
    expect(mine.headers.get("Cache-Control")).toBe("private, no-store");
    const bytes = Buffer.from(await mine.arrayBuffer());
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(Number(mine.headers.get("Content-Length"))).toBe(bytes.length);
    expect((await get(myDownload, "/", { code: d.code, id: sheet }, owner))?.status).toBe(404);
    expect((await get(myDownload, "/", { code: d.code, id: receipt }, await cookie(ids.other)))?.status).toBe(404);
    expect((await get(officeDownload, "/", { code: d.code, id: sheet }, await cookie(ids.officialC, true)))?.status).toBe(200);
    expect((await get(officeDownload, "/", { code: d.code, id: sheet }, await cookie(ids.officialB, true)))?.status).toBe(200);
    const stranger = await user("official", "Lý Thị Dung", { agencyId: (await agencyOther()) , role: "handler" });
    expect((await get(officeDownload, "/", { code: d.code, id: sheet }, await cookie(stranger, true)))?.status).toBe(404);
    expect((await get(officeDownload, "/", { code: d.code, id: sheet }, owner))?.status).toBe(403);
  });

  const agencyOther = async () => agency(`001.02.${String(10 + seq).padStart(2, "0")}.H22`, "UBND xã Khác", "commune_ppc", null);
});
