import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { engines, migratedDatabase } from "../../../db/testing";
import { seedProvince } from "../../../db/seed/seed";
import type { Db } from "../../platform/db.server";
import { newId } from "../../platform/ids.server";
import { createFileStorage } from "../../platform/storage.server";
import { inviteOfficial, setRoles } from "../officials/officials.server";
import { catalogIndex, importCatalog, procedurePage } from "../procedures/catalog.server";
import { fixtureCatalog, fixtureTemplates } from "../procedures/catalog.fixture";
import { getCatalogRevision } from "../procedures/catalog.repo.server";
import { agencyAdminList, agencyAdminPage, agencyDirectoryOn, createAgency, dissolveAgency, editAgency } from "./agencies.server";
import { findAgenciesValidOn, findAgencyIdByCode, findVersionsOf } from "./agencies.repo.server";
import type { NewAgencyInput } from "./agencies.schema";

// The agencies' administration on both databases, at fixed instants (days in Vietnam: 08:00 UTC is 15:00 there).

const dir = await mkdtemp(join(tmpdir(), "agencies-admin-"));
afterAll(() => rm(dir, { recursive: true, force: true }));
const storage = createFileStorage(dir);
const readFile = async (path: string) => fixtureTemplates[path] ?? Promise.reject(new Error("missing"));

const DAY1 = new Date("2026-12-01T08:00:00.000Z");
const DAY2 = new Date("2026-12-02T08:00:00.000Z");
const LATER_DAY2 = new Date("2026-12-02T09:30:00.000Z");

async function official(db: Db, role: "system_admin" | "handler", name: string) {
  const id = newId();
  const at = DAY1.toISOString();
  await db
    .insertInto("users")
    .values({ id, kind: "official", status: "active", full_name: name, cccd: null, birth_date: null, email: `${id}@hagiang.gov.vn`, phone: null, password_hash: null, email_verified_at: at, eid_verified_at: null, totp_secret: null, totp_confirmed_at: at, totp_last_step: null, created_at: at, updated_at: at })
    .execute();
  const agencyId = (await findAgencyIdByCode(db, "000.00.01.H22"))!;
  await db.insertInto("official_roles").values({ id: newId(), user_id: id, agency_id: agencyId, role, granted_at: at, granted_by: null }).execute();
  return id;
}

const centre: NewAgencyInput = {
  code: "000.00.40.H22",
  name: "Trung tâm Chuyển đổi số tỉnh",
  shortName: "TTCĐS",
  kind: "service_centre",
  level: "province",
  parent: "000.00.00.H22",
  address: "Số 1 đường Nguyễn Trãi, thành phố Hà Giang",
  phone: "0219 3 861 234",
  email: "ttcds@hagiang.gov.vn",
};
const detailsOf = ({ code: _code, ...rest }: NewAgencyInput) => rest;

describe.each(engines)("administering agencies on %s", (engine) => {
  it("creates an agency from today with a unique code of the province, shown in the directory and the list", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await seedProvince(db);
      const admin = await official(db, "system_admin", "Vàng Văn Sính");
      const handler = await official(db, "handler", "Lò Thị Dung");
      expect(await createAgency(db, { actorUserId: handler, agency: centre, now: DAY1 })).toEqual({ ok: false, reason: "forbidden" });

      const refused = await createAgency(db, { actorUserId: admin, agency: { ...centre, code: "000.00.03.H22", name: "Sở Tư pháp", parent: "000.00.77.H22" }, now: DAY1 });
      expect(refused).toEqual({
        ok: false,
        reason: "invalid",
        errors: { code: "agencies-admin:errors.codeTaken", name: "agencies-admin:errors.nameTaken", parent: "agencies-admin:errors.parentUnknown" },
      });
      expect(await createAgency(db, { actorUserId: admin, agency: { ...centre, code: "000.00.40.H26" }, now: DAY1 })).toMatchObject({ errors: { code: "agencies-admin:errors.codeProvince" } });
      expect(await createAgency(db, { actorUserId: admin, agency: { ...centre, parent: "" }, now: DAY1 })).toMatchObject({ errors: { parent: "agencies-admin:errors.parentRequired" } });
      expect(await createAgency(db, { actorUserId: admin, agency: { ...centre, kind: "ppc", parent: "" }, now: DAY1 })).toMatchObject({ errors: { kind: "agencies-admin:errors.ppcTaken" } });

      const revision = await getCatalogRevision(db);
      const created = await createAgency(db, { actorUserId: admin, agency: centre, now: DAY1 });
      if (!created.ok) throw new Error(`refused: ${JSON.stringify(created)}`);
      // The catalog's pages and index (which list agencies) are rebuilt.
      expect(await getCatalogRevision(db)).toBe(revision + 1);
      const onDay1 = (await findAgenciesValidOn(db, "2026-12-01")).find((a) => a.code === "000.00.40.H22");
      expect(onDay1).toMatchObject({ name: "Trung tâm Chuyển đổi số tỉnh", kind: "service_centre", level: "province", adminUnitCode: "02", validFrom: "2026-12-01", validTo: null });
      expect((await findAgenciesValidOn(db, "2026-11-30")).some((a) => a.code === "000.00.40.H22")).toBe(false);
      expect((await agencyDirectoryOn(db, "2026-12-01")).province.map((a) => a.name)).toContain("Trung tâm Chuyển đổi số tỉnh");
      // A code is never given twice.
      expect(await createAgency(db, { actorUserId: admin, agency: { ...centre, name: "Khác" }, now: DAY2 })).toMatchObject({ errors: { code: "agencies-admin:errors.codeTaken" } });

      const list = await agencyAdminList(db, { actorUserId: admin, q: "chuyen doi so", now: DAY1 });
      expect(list).toMatchObject({ ok: true, total: 1, rows: [{ code: "000.00.40.H22", parentName: "Ủy ban nhân dân tỉnh Hà Giang", officials: 0 }] });
      const byCode = await agencyAdminList(db, { actorUserId: admin, q: "000.00.03", now: DAY1 });
      expect(byCode.ok && byCode.rows.map((r) => r.name)).toEqual(["Sở Tư pháp"]);
      const all = await agencyAdminList(db, { actorUserId: admin, now: DAY1 });
      expect(all).toMatchObject({ ok: true, total: 238, pages: 5, page: 1 });
      expect(all.ok && all.rows[0]).toMatchObject({ code: "000.00.00.H22", officials: 0 });
      expect(all.ok && all.rows.find((r) => r.code === "000.00.01.H22")?.officials).toBe(2);
      expect(await agencyAdminList(db, { actorUserId: handler })).toEqual({ ok: false, reason: "forbidden" });
    } finally {
      await close();
    }
  });

  it("an edit writes a new version from today and closes the previous one; the same day corrects it; the catalog shows it", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await seedProvince(db);
      expect(await importCatalog(db, storage, fixtureCatalog(), { readFile })).toMatchObject({ ok: true });
      const admin = await official(db, "system_admin", "Vàng Văn Sính");
      // The one-stop centre receives procedure 2.000488 (seeded version from 01/01/2020).
      const id = (await findAgencyIdByCode(db, "000.01.01.H22"))!;
      const seeded = { code: "000.01.01.H22", name: "Trung tâm Phục vụ hành chính công tỉnh Hà Giang", shortName: "TTPVHCC", kind: "service_centre", level: "province", parent: "000.00.01.H22", address: null, phone: null, email: null } as const;
      expect(await editAgency(db, { actorUserId: admin, agencyId: id, agency: detailsOf(seeded), now: DAY1 })).toEqual({ ok: false, reason: "unchanged" });
      await catalogIndex(db, "2026-12-01");

      const renamed = { ...detailsOf(seeded), name: "Trung tâm Phục vụ hành chính công và Chuyển đổi số", address: "Tầng 1, Trụ sở UBND tỉnh" };
      expect(await editAgency(db, { actorUserId: admin, agencyId: id, agency: renamed, now: DAY1 })).toEqual({ ok: true, agencyId: id, corrected: false });
      const versions = await findVersionsOf(db, id);
      expect(versions.map((v) => [v.valid_from, v.valid_to, v.name])).toEqual([
        ["2020-01-01", "2026-12-01", "Trung tâm Phục vụ hành chính công tỉnh Hà Giang"],
        ["2026-12-01", null, "Trung tâm Phục vụ hành chính công và Chuyển đổi số"],
      ]);
      expect(versions[1]).toMatchObject({ address: "Tầng 1, Trụ sở UBND tỉnh", admin_unit_code: "02", short_name: "TTPVHCC" });
      // The catalog reads the version in force on its date: new name from today, the old one before.
      expect((await procedurePage(db, "2.000488", "2026-12-01"))?.offerings.map((o) => o.name)).toEqual(["Trung tâm Phục vụ hành chính công và Chuyển đổi số"]);
      expect((await procedurePage(db, "2.000488", "2026-11-30"))?.offerings.map((o) => o.name)).toEqual(["Trung tâm Phục vụ hành chính công tỉnh Hà Giang"]);
      expect((await agencyDirectoryOn(db, "2026-12-01")).province.map((a) => a.name)).toContain("Trung tâm Phục vụ hành chính công và Chuyển đổi số");

      // The next day: another version. Later the same day: that version is corrected (one version per day).
      expect(await editAgency(db, { actorUserId: admin, agencyId: id, agency: { ...renamed, phone: "0219 3 866 000" }, now: DAY2 })).toMatchObject({ ok: true, corrected: false });
      expect(await editAgency(db, { actorUserId: admin, agencyId: id, agency: { ...renamed, phone: "0219 3 866 001" }, now: LATER_DAY2 })).toMatchObject({ ok: true, corrected: true });
      expect((await findVersionsOf(db, id)).map((v) => [v.valid_from, v.valid_to, v.phone])).toEqual([
        ["2020-01-01", "2026-12-01", null],
        ["2026-12-01", "2026-12-02", null],
        ["2026-12-02", null, "0219 3 866 001"],
      ]);

      // No agency under itself: the Office of the PPC cannot move under the centre it holds.
      const office = (await findAgencyIdByCode(db, "000.00.01.H22"))!;
      const officeDetails = { name: "Văn phòng Ủy ban nhân dân tỉnh", shortName: "VP UBND", kind: "office", level: "province", parent: "000.01.01.H22", address: null, phone: null, email: null } as const;
      expect(await editAgency(db, { actorUserId: admin, agencyId: office, agency: officeDetails, now: DAY2 })).toMatchObject({ errors: { parent: "agencies-admin:errors.parentCycle" } });
      expect(await editAgency(db, { actorUserId: admin, agencyId: office, agency: { ...officeDetails, parent: "000.00.01.H22" }, now: DAY2 })).toMatchObject({ errors: { parent: "agencies-admin:errors.parentCycle" } });

      const page = await agencyAdminPage(db, { actorUserId: admin, agencyId: id, now: LATER_DAY2 });
      if (!page.ok) throw new Error("page refused");
      expect(page.page.current).toMatchObject({ name: "Trung tâm Phục vụ hành chính công và Chuyển đổi số", parentCode: "000.00.01.H22", parentName: "Văn phòng Ủy ban nhân dân tỉnh" });
      expect(page.page.versions.map((v) => v.validFrom)).toEqual(["2026-12-02", "2026-12-01", "2020-01-01"]);
      expect(page.page.changes.map((c) => [c.action, c.by, c.fields, c.corrected])).toEqual([
        ["agency.changed", "Vàng Văn Sính", ["phone"], true],
        ["agency.changed", "Vàng Văn Sính", ["phone"], false],
        ["agency.changed", "Vàng Văn Sính", ["name", "address"], false],
      ]);
      expect(page.page.procedures).toEqual([{ code: "2.000488", name: "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam" }]);
      expect(await agencyAdminPage(db, { actorUserId: admin, agencyId: "00000000-0000-7000-8000-000000000000" })).toEqual({ ok: false, reason: "notFound" });
    } finally {
      await close();
    }
  });

  it("dissolving is refused while officials hold roles, procedures are offered or agencies sit under it; then it ends today", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await seedProvince(db);
      expect(await importCatalog(db, storage, fixtureCatalog(), { readFile })).toMatchObject({ ok: true });
      const admin = await official(db, "system_admin", "Vàng Văn Sính");
      const justice = (await findAgencyIdByCode(db, "000.00.03.H22"))!;
      const mails: unknown[] = [];
      const invited = await inviteOfficial(db, { sendInvitation: async (_trx, mail) => void mails.push(mail) }, { actorUserId: admin, fullName: "Lò Thị Dung", email: "dung@hagiang.gov.vn", agencyId: justice, roles: ["handler"], baseUrl: "http://portal.test", now: DAY1 });
      if (!invited.ok) throw new Error("invitation failed");

      // Justice decides procedure 2.000488 and has an official.
      const refused = await dissolveAgency(db, { actorUserId: admin, agencyId: justice, successor: "", now: DAY1 });
      expect(refused).toEqual({
        ok: false,
        reason: "inUse",
        blockers: { officials: [{ id: invited.userId, fullName: "Lò Thị Dung", roles: ["handler"] }], procedures: [{ code: "2.000488", name: "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam" }], agencies: [] },
      });
      // A district's People's Committee has its communes and one-stop unit under it.
      const dongVan = (await findAgencyIdByCode(db, "000.00.26.H22"))!;
      const district = await dissolveAgency(db, { actorUserId: admin, agencyId: dongVan, successor: "", now: DAY1 });
      expect(district.ok === false && district.reason === "inUse" && district.blockers.agencies.length).toBeGreaterThan(5);
      // The catalog offers procedure 1.001193 at every commune.
      const commune = (await findAgencyIdByCode(db, "000.01.26.H22"))!;
      expect(await dissolveAgency(db, { actorUserId: admin, agencyId: commune, successor: "", now: DAY1 })).toMatchObject({ reason: "inUse", blockers: { procedures: [{ code: "1.001193" }] } });

      // Home Affairs has nothing: merged into Justice from 02/12/2026 (after a day in force of a new version).
      const home = (await findAgencyIdByCode(db, "000.00.02.H22"))!;
      expect(await dissolveAgency(db, { actorUserId: admin, agencyId: home, successor: "000.00.02.H22", now: DAY2 })).toEqual({ ok: false, reason: "invalid", errors: { successor: "agencies-admin:errors.successorSelf" } });
      expect(await dissolveAgency(db, { actorUserId: admin, agencyId: home, successor: "000.00.77.H22", now: DAY2 })).toEqual({ ok: false, reason: "invalid", errors: { successor: "agencies-admin:errors.successorUnknown" } });
      expect(await dissolveAgency(db, { actorUserId: admin, agencyId: home, successor: "000.00.03.H22", now: DAY2 })).toEqual({ ok: true });
      expect((await findVersionsOf(db, home)).map((v) => [v.valid_from, v.valid_to, v.successor_id])).toEqual([["2020-01-01", "2026-12-02", justice]]);
      expect((await findAgenciesValidOn(db, "2026-12-02")).some((a) => a.id === home)).toBe(false);
      expect((await findAgenciesValidOn(db, "2026-12-01")).some((a) => a.id === home)).toBe(true);
      expect(await dissolveAgency(db, { actorUserId: admin, agencyId: home, successor: "", now: DAY2 })).toEqual({ ok: false, reason: "ended" });
      expect(await editAgency(db, { actorUserId: admin, agencyId: home, agency: { name: "Sở Nội vụ", shortName: null, kind: "department", level: "province", parent: "000.00.00.H22", address: null, phone: null, email: null }, now: DAY2 })).toEqual({ ok: false, reason: "ended" });
      const page = await agencyAdminPage(db, { actorUserId: admin, agencyId: home, now: DAY2 });
      expect(page.ok && page.page.current).toBeNull();
      expect(page.ok && page.page.ended).toEqual({ validTo: "2026-12-02", successor: { id: justice, code: "000.00.03.H22", name: "Sở Tư pháp" } });
      expect(page.ok && page.page.changes[0]).toMatchObject({ action: "agency.dissolved", successor: "000.00.03.H22" });
      // Nobody is invited to an agency that has ended.
      expect(await inviteOfficial(db, { sendInvitation: async () => {} }, { actorUserId: admin, fullName: "A B", email: "ab@hagiang.gov.vn", agencyId: home, roles: ["handler"], baseUrl: "", now: DAY2 })).toMatchObject({
        errors: { agencyId: "officials:errors.agencyUnknown" },
      });

      // Once the roles are gone, only the procedure still holds Justice.
      await setRoles(db, { actorUserId: admin, userId: invited.userId, agencyId: justice, roles: [], now: DAY2 });
      expect(await dissolveAgency(db, { actorUserId: admin, agencyId: justice, successor: "", now: DAY2 })).toMatchObject({ reason: "inUse", blockers: { officials: [], agencies: [] } });

      // An agency created and dissolved the same day keeps no version (it was never in force for a day).
      const created = await createAgency(db, { actorUserId: admin, agency: centre, now: DAY2 });
      if (!created.ok) throw new Error("create refused");
      expect(await dissolveAgency(db, { actorUserId: admin, agencyId: created.agencyId, successor: "000.00.01.H22", now: LATER_DAY2 })).toEqual({ ok: true });
      expect(await findVersionsOf(db, created.agencyId)).toEqual([]);
      const gone = await agencyAdminPage(db, { actorUserId: admin, agencyId: created.agencyId, now: LATER_DAY2 });
      expect(gone.ok && [gone.page.name, gone.page.current, gone.page.ended]).toEqual([
        "Trung tâm Chuyển đổi số tỉnh",
        null,
        { validTo: null, successor: { id: (await findAgencyIdByCode(db, "000.00.01.H22"))!, code: "000.00.01.H22", name: "Văn phòng Ủy ban nhân dân tỉnh" } },
      ]);
    } finally {
      await close();
    }
  });
});
