import { describe, expect, it } from "vitest";
import { engines, migratedDatabase } from "../../../db/testing";
import type { Db } from "../../platform/db.server";
import { taxCodeCheckDigit } from "../identity/tax-code";
import { addRepresentative, myOrganisations, registerOrganisation, removeRepresentative, representativesOf } from "./organisations.server";
import { organisationSchema, representativeSchema } from "./organisations.schema";

// Organisations and representatives on both databases: declaring, the duplicate refused, adding and removing
// representatives with the permission checks, and nothing shown to someone who does not represent it.

const validTaxCode = (firstNine: string) => `${firstNine}${taxCodeCheckDigit(firstNine)}`;
const TAX_CODE = "0100109106"; // Viettel's, a real one
const now = new Date("2026-12-01T03:00:00Z");

async function citizen(db: Db, id: string, cccd: string, fullName: string) {
  const at = now.toISOString();
  await db
    .insertInto("users")
    .values({ id, kind: "citizen", status: "active", full_name: fullName, cccd, birth_date: "1990-01-01", email: `${id}@example.vn`, phone: null, password_hash: null, email_verified_at: at, eid_verified_at: null, totp_secret: null, totp_confirmed_at: null, totp_last_step: null, created_at: at, updated_at: at })
    .execute();
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
      expect(await addRepresentative(db, { actorUserId: "u-nam", organisationId, cccd: "002085012345", now })).toMatchObject({ ok: false, message: "organisations:errors.notAllowed" });
      expect(await addRepresentative(db, { actorUserId: "u-hoa", organisationId, cccd: "002190099999", now })).toMatchObject({ ok: false, message: "organisations:errors.noAccount" });
      expect(await addRepresentative(db, { actorUserId: "u-hoa", organisationId, cccd: "002085012345", now })).toEqual({ ok: true, userId: "u-nam" });
      expect(await addRepresentative(db, { actorUserId: "u-hoa", organisationId, cccd: "002085012345", now })).toMatchObject({ ok: false, message: "organisations:errors.alreadyRepresentative" });
      expect(await addRepresentative(db, { actorUserId: "u-hoa", organisationId, cccd: "002190012345", now })).toMatchObject({ ok: false, message: "organisations:errors.alreadyRepresentative" });

      // An authorised representative sees the list but may not change it.
      expect((await representativesOf(db, { actorUserId: "u-nam", organisationId })).map((r) => [r.fullName, r.role])).toEqual([
        ["Nguyễn Thị Hoa", "legal_representative"],
        ["Hoàng Văn Nam", "authorised"],
      ]);
      expect(await addRepresentative(db, { actorUserId: "u-nam", organisationId, cccd: "002195012345", now })).toMatchObject({ ok: false, message: "organisations:errors.notAllowed" });
      expect(await removeRepresentative(db, { actorUserId: "u-nam", organisationId, userId: "u-hoa", now })).toMatchObject({ ok: false, message: "organisations:errors.notAllowed" });
      expect(await representativesOf(db, { actorUserId: "u-lan", organisationId })).toEqual([]);

      // The last legal representative cannot be removed, not even by themselves.
      expect(await removeRepresentative(db, { actorUserId: "u-hoa", organisationId, userId: "u-hoa", now })).toMatchObject({ ok: false, message: "organisations:errors.lastLegalRepresentative" });
      expect(await removeRepresentative(db, { actorUserId: "u-hoa", organisationId, userId: "u-lan", now })).toMatchObject({ ok: false, message: "organisations:errors.notAllowed" });
      expect(await removeRepresentative(db, { actorUserId: "u-hoa", organisationId, userId: "u-nam", now })).toEqual({ ok: true });
      expect(await myOrganisations(db, "u-nam")).toEqual([]);
      const actions = (await db.selectFrom("audit_events").select("action").where("entity_id", "=", organisationId).orderBy("occurred_at").execute()).map((a) => a.action);
      expect(actions).toEqual(["organisation.registered", "organisation.representativeAdded", "organisation.representativeRemoved"]);
    } finally {
      await close();
    }
  });
});
