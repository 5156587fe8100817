import { describe, expect, it } from "vitest";
import { engines, migratedDatabase } from "../../../db/testing";
import type { Db } from "../../platform/db.server";
import { organisationServices } from "../../platform/organisation-services.server";
import { taxCodeCheckDigit } from "../identity/tax-code";
import { addRepresentative, myOrganisations, registerOrganisation, removeRepresentative, representativesOf, type OrganisationServices } from "./organisations.server";
import { organisationSchema, representativeSchema } from "./organisations.schema";

// Organisations and representatives on both databases: declaring, the duplicate refused, adding and removing
// representatives with the permission checks, nothing shown to someone who does not represent it, and the notices
// of each change written to the mail outbox (the real services) in the change's transaction.

const validTaxCode = (firstNine: string) => `${firstNine}${taxCodeCheckDigit(firstNine)}`;
const TAX_CODE = "0100109106"; // Viettel's, a real one
const now = new Date("2026-12-01T03:00:00Z");
const BASE = "http://portal.test";
const services = organisationServices();

/** A citizen with a confirmed address (`email: "unconfirmed"`: one not confirmed yet; `null`: none, as after eID). */
async function citizen(db: Db, id: string, cccd: string, fullName: string, email: "confirmed" | "unconfirmed" | null = "confirmed") {
  const at = now.toISOString();
  await db
    .insertInto("users")
    .values({ id, kind: "citizen", status: "active", full_name: fullName, cccd, birth_date: "1990-01-01", email: email ? `${id}@example.vn` : null, phone: null, password_hash: null, email_verified_at: email === "confirmed" ? at : null, eid_verified_at: email ? null : at, totp_secret: null, totp_confirmed_at: null, totp_last_step: null, created_at: at, updated_at: at })
    .execute();
}

/** The messages waiting in the outbox, which is emptied (each step of a test sees only its own). */
async function takeOutbox(db: Db) {
  const rows = await db.selectFrom("mail_outbox").select(["to_address as to", "subject", "text_body as text", "html_body as html"]).execute();
  await db.deleteFrom("mail_outbox").execute();
  return rows;
}

describe("organisation forms", () => {
  it("gives the translated tax-code and field errors, and the canonical code", () => {
    const bad = organisationSchema.safeParse({ taxCode: "0100109107", name: "", address: "Hà Giang" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => [i.path[0], i.message])).toEqual([
      ["taxCode", "identity:errors.taxCodeChecksum"],
      ["name", "organisations:errors.name"],
    ]);
    expect(organisationSchema.safeParse({ taxCode: "abc", name: "X", address: "Y" }).error?.issues[0]?.message).toBe("identity:errors.taxCodeFormat");
    expect(organisationSchema.parse({ taxCode: " 0100109106 – 001 ", name: " Chi nhánh ", address: "Hà Giang" })).toEqual({ taxCode: "0100109106-001", name: "Chi nhánh", address: "Hà Giang" });
    expect(representativeSchema.safeParse({ cccd: "12" }).error?.issues[0]?.message).toMatch(/^identity:errors\.cccd/);
    expect(validTaxCode("010000001")).toMatch(/^\d{10}$/);
  });
});

describe.each(engines)("organisations on %s", (engine) => {
  it("registers an organisation once; a second declaration of the same code is refused", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await citizen(db, "u-hoa", "002190012345", "Nguyễn Thị Hoa");
      await citizen(db, "u-nam", "002085012345", "Hoàng Văn Nam");
      const first = await registerOrganisation(db, { userId: "u-hoa", taxCode: TAX_CODE, name: "Công ty Hoa Sơn", address: "Hà Giang", now });
      expect(first).toMatchObject({ ok: true });
      expect(await registerOrganisation(db, { userId: "u-nam", taxCode: "0100 109 106", name: "Mạo danh", address: "-", now })).toEqual({
        ok: false,
        field: "taxCode",
        message: "organisations:errors.taxCodeTaken",
      });
      expect(await registerOrganisation(db, { userId: "u-nam", taxCode: "0100109107", name: "Sai", address: "-", now })).toEqual({
        ok: false,
        field: "taxCode",
        message: "identity:errors.taxCodeChecksum",
      });
      // A branch is its own organisation.
      expect(await registerOrganisation(db, { userId: "u-nam", taxCode: `${TAX_CODE}-001`, name: "Chi nhánh", address: "Hà Giang", now })).toMatchObject({ ok: true });

      expect(await myOrganisations(db, "u-hoa")).toEqual([
        expect.objectContaining({ taxCode: TAX_CODE, name: "Công ty Hoa Sơn", role: "legal_representative", representatives: [expect.objectContaining({ userId: "u-hoa", role: "legal_representative" })] }),
      ]);
      expect((await myOrganisations(db, "u-nam")).map((o) => o.taxCode)).toEqual([`${TAX_CODE}-001`]);
      const audit = await db.selectFrom("audit_events").select(["action", "actor_id"]).where("action", "=", "organisation.registered").execute();
      expect(audit).toHaveLength(2);
    } finally {
      await close();
    }
  });

  it("adds and removes representatives: only a legal representative may, the last one stays; outsiders see nothing", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await citizen(db, "u-hoa", "002190012345", "Nguyễn Thị Hoa");
      await citizen(db, "u-nam", "002085012345", "Hoàng Văn Nam");
      await citizen(db, "u-lan", "002195012345", "Lò Thị Lan");
      const org = await registerOrganisation(db, { userId: "u-hoa", taxCode: TAX_CODE, name: "Công ty Hoa Sơn", address: "Hà Giang", now });
      if (!org.ok) throw new Error("not registered");
      const organisationId = org.organisationId;

      // Nobody but its representatives sees the list.
      expect(await representativesOf(db, { actorUserId: "u-nam", organisationId })).toEqual([]);
      // A stranger cannot add anyone (not even themselves).
      expect(await addRepresentative(db, services, { baseUrl: BASE, actorUserId: "u-nam", organisationId, cccd: "002085012345", now })).toMatchObject({ ok: false, message: "organisations:errors.notAllowed" });
      expect(await addRepresentative(db, services, { baseUrl: BASE, actorUserId: "u-hoa", organisationId, cccd: "002190099999", now })).toMatchObject({ ok: false, message: "organisations:errors.noAccount" });
      expect(await addRepresentative(db, services, { baseUrl: BASE, actorUserId: "u-hoa", organisationId, cccd: "002085012345", now })).toEqual({ ok: true, userId: "u-nam" });
      expect(await addRepresentative(db, services, { baseUrl: BASE, actorUserId: "u-hoa", organisationId, cccd: "002085012345", now })).toMatchObject({ ok: false, message: "organisations:errors.alreadyRepresentative" });
      expect(await addRepresentative(db, services, { baseUrl: BASE, actorUserId: "u-hoa", organisationId, cccd: "002190012345", now })).toMatchObject({ ok: false, message: "organisations:errors.alreadyRepresentative" });

      // An authorised representative sees the list but may not change it.
      expect((await representativesOf(db, { actorUserId: "u-nam", organisationId })).map((r) => [r.fullName, r.role])).toEqual([
        ["Nguyễn Thị Hoa", "legal_representative"],
        ["Hoàng Văn Nam", "authorised"],
      ]);
      expect(await addRepresentative(db, services, { baseUrl: BASE, actorUserId: "u-nam", organisationId, cccd: "002195012345", now })).toMatchObject({ ok: false, message: "organisations:errors.notAllowed" });
      expect(await removeRepresentative(db, services, { baseUrl: BASE, actorUserId: "u-nam", organisationId, userId: "u-hoa", now })).toMatchObject({ ok: false, message: "organisations:errors.notAllowed" });
      expect(await representativesOf(db, { actorUserId: "u-lan", organisationId })).toEqual([]);

      // The last legal representative cannot be removed, not even by themselves.
      expect(await removeRepresentative(db, services, { baseUrl: BASE, actorUserId: "u-hoa", organisationId, userId: "u-hoa", now })).toMatchObject({ ok: false, message: "organisations:errors.lastLegalRepresentative" });
      expect(await removeRepresentative(db, services, { baseUrl: BASE, actorUserId: "u-hoa", organisationId, userId: "u-lan", now })).toMatchObject({ ok: false, message: "organisations:errors.notAllowed" });
      expect(await removeRepresentative(db, services, { baseUrl: BASE, actorUserId: "u-hoa", organisationId, userId: "u-nam", now })).toEqual({ ok: true });
      expect(await myOrganisations(db, "u-nam")).toEqual([]);
      const actions = (await db.selectFrom("audit_events").select("action").where("entity_id", "=", organisationId).orderBy("occurred_at").execute()).map((a) => a.action);
      expect(actions).toEqual(["organisation.registered", "organisation.representativeAdded", "organisation.representativeRemoved"]);
    } finally {
      await close();
    }
  });

  it("tells the person added and the other representatives by e-mail, and the person removed; Vietnamese first", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await citizen(db, "u-hoa", "002190012345", "Nguyễn Thị Hoa");
      await citizen(db, "u-nam", "002085012345", "Hoàng Văn Nam");
      await citizen(db, "u-lan", "002195012345", "Lò Thị Lan", "unconfirmed");
      await citizen(db, "u-sinh", "002080012345", "Vàng Văn Sính", null);
      const org = await registerOrganisation(db, { userId: "u-hoa", taxCode: TAX_CODE, name: "Công ty Hoa Sơn", address: "Hà Giang", now });
      if (!org.ok) throw new Error("not registered");
      const organisationId = org.organisationId;
      // Declaring sends nothing; a refused change sends nothing.
      expect(await addRepresentative(db, services, { baseUrl: BASE, actorUserId: "u-nam", organisationId, cccd: "002085012345", now })).toMatchObject({ ok: false });
      expect(await takeOutbox(db)).toEqual([]);

      expect(await addRepresentative(db, services, { baseUrl: BASE, actorUserId: "u-hoa", organisationId, cccd: "002085012345", now })).toEqual({ ok: true, userId: "u-nam" });
      const first = await takeOutbox(db);
      expect(first.map((m) => m.to).sort()).toEqual(["u-hoa@example.vn", "u-nam@example.vn"]);
      const toNam = first.find((m) => m.to === "u-nam@example.vn");
      const toHoa = first.find((m) => m.to === "u-hoa@example.vn");
      expect(toNam).toMatchObject({ to: "u-nam@example.vn", subject: "Bạn được thêm làm người đại diện của Công ty Hoa Sơn" });
      expect(toNam?.text).toContain("Xin chào Hoàng Văn Nam,\n\nNguyễn Thị Hoa đã thêm bạn làm người được ủy quyền của Công ty Hoa Sơn");
      expect(toNam?.text).toContain(
        "- Tổ chức, doanh nghiệp: Công ty Hoa Sơn\n- Mã số thuế: 0100109106\n- Vai trò: người được ủy quyền\n- Người thực hiện: Nguyễn Thị Hoa\n- Thời gian: 01/12/2026 10:00 (giờ Việt Nam)\n",
      );
      expect(toNam?.text).toContain("hãy đề nghị người đại diện theo pháp luật của tổ chức gỡ tên bạn");
      expect(toNam?.text).toContain("http://portal.test/account/organisations");
      // Then the same in English.
      expect(toNam?.text.indexOf("Nguyễn Thị Hoa has added you as authorised representative of Công ty Hoa Sơn")).toBeGreaterThan(toNam?.text.indexOf("Xin chào") ?? Infinity);
      expect(toNam?.html).toContain('<html lang="vi">');
      // The one who did it gets the record the other representatives get.
      expect(toHoa).toMatchObject({ to: "u-hoa@example.vn", subject: "Công ty Hoa Sơn có người đại diện mới" });
      expect(toHoa?.text).toContain("- Người được thêm: Hoàng Văn Nam\n");
      expect(toHoa?.text).toContain("Nguyễn Thị Hoa đã thêm Hoàng Văn Nam làm người được ủy quyền của Công ty Hoa Sơn, tổ chức mà bạn là người đại diện.");

      // Someone whose address is not confirmed, or who has none (signed up with the eID), gets nothing; the others do.
      const later = new Date("2026-12-01T08:30:00Z");
      expect(await addRepresentative(db, services, { baseUrl: BASE, actorUserId: "u-hoa", organisationId, cccd: "002195012345", now: later })).toMatchObject({ ok: true });
      expect(await addRepresentative(db, services, { baseUrl: BASE, actorUserId: "u-hoa", organisationId, cccd: "002080012345", now: later })).toMatchObject({ ok: true });
      const afterMore = await takeOutbox(db);
      expect(afterMore.map((m) => [m.to, m.subject]).sort()).toEqual([
        ["u-hoa@example.vn", "Công ty Hoa Sơn có người đại diện mới"],
        ["u-hoa@example.vn", "Công ty Hoa Sơn có người đại diện mới"],
        ["u-nam@example.vn", "Công ty Hoa Sơn có người đại diện mới"],
        ["u-nam@example.vn", "Công ty Hoa Sơn có người đại diện mới"],
      ]);
      expect(afterMore.filter((m) => m.text.includes("- Người được thêm: Lò Thị Lan\n"))).toHaveLength(2);
      expect(afterMore.filter((m) => m.text.includes("- Người được thêm: Vàng Văn Sính\n"))).toHaveLength(2);
      expect(afterMore[0]?.text).toContain("- Thời gian: 01/12/2026 15:30 (giờ Việt Nam)\n");

      // Removed: the person removed is told, with the role they had.
      expect(await removeRepresentative(db, services, { baseUrl: BASE, actorUserId: "u-hoa", organisationId, userId: "u-nam", now: later })).toEqual({ ok: true });
      const removal = await takeOutbox(db);
      expect(removal.map((m) => [m.to, m.subject])).toEqual([["u-nam@example.vn", "Bạn không còn là người đại diện của Công ty Hoa Sơn"]]);
      expect(removal[0]?.text).toContain("Nguyễn Thị Hoa đã gỡ bạn khỏi danh sách người đại diện của Công ty Hoa Sơn");
      expect(removal[0]?.text).toContain("- Mã số thuế: 0100109106\n- Vai trò trước đây: người được ủy quyền\n- Người thực hiện: Nguyễn Thị Hoa\n- Thời gian: 01/12/2026 15:30 (giờ Việt Nam)\n");
      expect(removal[0]?.text).toContain("Nguyễn Thị Hoa has removed you from the representatives of Công ty Hoa Sơn");
      expect(await removeRepresentative(db, services, { baseUrl: BASE, actorUserId: "u-hoa", organisationId, userId: "u-lan", now: later })).toEqual({ ok: true });
      // The person removed had no confirmed address: no mail.
      expect(await takeOutbox(db)).toEqual([]);
    } finally {
      await close();
    }
  });

  it("writes the notices in the change's transaction: a failing mail undoes the change", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await citizen(db, "u-hoa", "002190012345", "Nguyễn Thị Hoa");
      await citizen(db, "u-nam", "002085012345", "Hoàng Văn Nam");
      const org = await registerOrganisation(db, { userId: "u-hoa", taxCode: TAX_CODE, name: "Công ty Hoa Sơn", address: "Hà Giang", now });
      if (!org.ok) throw new Error("not registered");
      let sent = 0;
      const failing: OrganisationServices = {
        async sendMail(trx, mail) {
          await services.sendMail(trx, mail);
          if (++sent === 2) throw new Error("outbox unavailable");
        },
      };
      await expect(addRepresentative(db, failing, { baseUrl: BASE, actorUserId: "u-hoa", organisationId: org.organisationId, cccd: "002085012345", now })).rejects.toThrow("outbox unavailable");
      expect(await representativesOf(db, { actorUserId: "u-hoa", organisationId: org.organisationId })).toHaveLength(1);
      expect(await takeOutbox(db)).toEqual([]);
      expect(await db.selectFrom("audit_events").select("action").where("action", "=", "organisation.representativeAdded").execute()).toEqual([]);
    } finally {
      await close();
    }
  });
});
