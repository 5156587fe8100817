import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Db } from "../../platform/db.server";
import { engines, migratedDatabase } from "../../../db/testing";
import { deriveSecretKey, open } from "../../platform/secret-box.server";
import { totpCode } from "../../platform/totp.server";
import { findUserById } from "../accounts/accounts.repo.server";
import {
  acceptInvitation,
  confirmTotp,
  invitationOf,
  inviteAdministratorFromConsole,
  inviteOfficial,
  listOfficials,
  setRoles,
  startTotpEnrolment,
  verifySecondFactor,
  type InvitationMail,
  type OfficialServices,
} from "./officials.server";

// The officials' use cases on both databases, at fixed instants. Hashing is a fast stand-in; mails are collected.
function testServices() {
  const mails: InvitationMail[] = [];
  const services: OfficialServices = {
    secretKey: deriveSecretKey("officials-test-server-secret-0123456789"),
    passwordProblem: (p) => (p.length < 8 ? "identity:errors.passwordTooShort" : null),
    hashPassword: async (p) => `test$${createHash("sha256").update(p).digest("hex")}`,
    sendInvitation: async (_trx, mail) => {
      mails.push(mail);
    },
  };
  return { services, mails };
}

async function addAgency(db: Db, id: string, code: string, name: string) {
  await db.insertInto("agencies").values({ id, code, created_at: "2026-01-01T00:00:00.000Z" }).execute();
  await db
    .insertInto("agency_versions")
    .values({ id: `${id}-v1`, agency_id: id, name, short_name: null, kind: "department", level: "province", parent_id: null, admin_unit_code: null, address: null, phone: null, email: null, valid_from: "2026-01-01", valid_to: null, successor_id: null, created_at: "2026-01-01T00:00:00.000Z" })
    .execute();
}

const T0 = new Date("2026-12-01T08:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const tokenOf = (link: string) => link.slice(link.lastIndexOf("/") + 1);
const PASSWORD = "sương sớm trên đèo Mã Pí Lèng";

/** Invite the first administrator, accept, enrol and confirm; returns the user id, secret and recovery codes. */
async function firstAdmin(db: Db, services: OfficialServices, mails: InvitationMail[]) {
  const invited = await inviteAdministratorFromConsole(db, services, { fullName: "Vàng Văn Sính", email: "Sinh@HaGiang.gov.vn", agencyId: "ag-vp", baseUrl: "http://portal.test", now: T0 });
  if (!invited.ok) throw new Error("invitation failed");
  expect(mails.at(-1)).toMatchObject({ to: "sinh@hagiang.gov.vn", roles: ["system_admin"], agencyName: "Văn phòng UBND tỉnh", validDays: 7, invitedBy: null });
  expect(mails.at(-1)?.link).toBe(invited.link);
  const token = tokenOf(invited.link);
  expect(await invitationOf(db, token, T0)).toMatchObject({ fullName: "Vàng Văn Sính", email: "sinh@hagiang.gov.vn" });
  expect(await acceptInvitation(db, services, { token, password: "short", now: T0 })).toMatchObject({ ok: false, reason: "weak" });
  expect(await acceptInvitation(db, services, { token, password: PASSWORD, now: T0 })).toEqual({ ok: true, userId: invited.userId });
  expect((await findUserById(db, invited.userId))?.status).toBe("invited");

  const enrol = await startTotpEnrolment(db, services, { userId: invited.userId, now: at(10) });
  if (!enrol.ok) throw new Error("enrolment failed");
  expect(enrol.uri).toContain(`secret=${enrol.secret}`);
  // The stored secret is sealed, not plain; asking again gives the same secret.
  const stored = (await findUserById(db, invited.userId))?.totpSecret ?? "";
  expect(stored).not.toContain(enrol.secret);
  expect(open(services.secretKey, stored)).toBe(enrol.secret);
  expect(await startTotpEnrolment(db, services, { userId: invited.userId, now: at(20) })).toMatchObject({ secret: enrol.secret });

  expect(await confirmTotp(db, services, { userId: invited.userId, code: "000000", now: at(30) })).toEqual({ ok: false, reason: "invalid" });
  const confirmed = await confirmTotp(db, services, { userId: invited.userId, code: totpCode(enrol.secret, { now: at(30) })!, now: at(30) });
  if (!confirmed.ok) throw new Error("confirmation failed");
  expect(confirmed.recoveryCodes).toHaveLength(10);
  const user = await findUserById(db, invited.userId);
  expect(user?.status).toBe("active");
  expect(user?.totpConfirmedAt).toBe(at(30).toISOString());
  // The invitation is spent: the link no longer works.
  expect(await invitationOf(db, token, at(40))).toBeNull();
  expect(await acceptInvitation(db, services, { token, password: PASSWORD, now: at(40) })).toEqual({ ok: false, reason: "expired" });
  return { userId: invited.userId, secret: enrol.secret, recoveryCodes: confirmed.recoveryCodes };
}

describe.each(engines)("officials on %s", (engine) => {
  it("invite → accept → enrol → confirm → second factor; replay refused; a recovery code works once", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await addAgency(db, "ag-vp", "VP-UBND", "Văn phòng UBND tỉnh");
      const { services, mails } = testServices();
      const admin = await firstAdmin(db, services, mails);

      // Sign-in, a minute later: the current code works once; the same code again is a replay.
      const code = totpCode(admin.secret, { now: at(90) })!;
      expect(await verifySecondFactor(db, services, { userId: admin.userId, code, now: at(90) })).toMatchObject({ ok: true, method: "totp" });
      expect(await verifySecondFactor(db, services, { userId: admin.userId, code, now: at(95) })).toEqual({ ok: false, reason: "invalid" });
      // The code of the step used at confirmation (older) is refused too; the next step's code works.
      expect(await verifySecondFactor(db, services, { userId: admin.userId, code: totpCode(admin.secret, { now: at(30) })!, now: at(40) })).toEqual({ ok: false, reason: "invalid" });
      expect(await verifySecondFactor(db, services, { userId: admin.userId, code: totpCode(admin.secret, { now: at(150) })!, now: at(150) })).toMatchObject({ ok: true });

      // A recovery code (typed in upper case, without dashes) works once.
      const recovery = admin.recoveryCodes[3]!;
      expect(await verifySecondFactor(db, services, { userId: admin.userId, code: recovery.replace(/-/g, "").toUpperCase(), now: at(200) })).toEqual({ ok: true, method: "recovery", recoveryCodesLeft: 9 });
      expect(await verifySecondFactor(db, services, { userId: admin.userId, code: recovery, now: at(210) })).toEqual({ ok: false, reason: "invalid" });
      expect(await verifySecondFactor(db, services, { userId: admin.userId, code: "abcd-efgh-jkmn", now: at(220) })).toEqual({ ok: false, reason: "invalid" });

      // Wrong codes are rate limited per account like passwords: after 5 a wait.
      for (let i = 0; i < 3; i++) await verifySecondFactor(db, services, { userId: admin.userId, code: "999999", now: at(230) });
      expect(await verifySecondFactor(db, services, { userId: admin.userId, code: totpCode(admin.secret, { now: at(231) })!, now: at(231) })).toMatchObject({ ok: false, reason: "slowed" });

      const audit = await db.selectFrom("audit_events").select("action").where("entity_id", "=", admin.userId).execute();
      expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["official.invited", "official.passwordSet", "official.totpConfirmed", "official.secondFactor", "official.recoveryCodeUsed", "official.secondFactorFailed"]));
    } finally {
      await close();
    }
  });

  it("the administrator invites a handler and sets roles; a non-administrator cannot; lists by agency", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await addAgency(db, "ag-vp", "VP-UBND", "Văn phòng UBND tỉnh");
      await addAgency(db, "ag-stp", "STP", "Sở Tư pháp");
      const { services, mails } = testServices();
      const admin = await firstAdmin(db, services, mails);

      const bad = await inviteOfficial(db, services, { actorUserId: admin.userId, fullName: " ", email: "x", agencyId: "", roles: ["king"], baseUrl: "http://portal.test", now: T0 });
      expect(bad).toEqual({ ok: false, reason: "invalid", errors: { fullName: "officials:errors.fullNameRequired", email: "officials:errors.emailFormat", agencyId: "officials:errors.agencyRequired", roles: "officials:errors.rolesUnknown" } });
      expect(await inviteOfficial(db, services, { actorUserId: admin.userId, fullName: "Lò Thị Dung", email: "sinh@hagiang.gov.vn", agencyId: "ag-stp", roles: ["handler"], baseUrl: "http://portal.test", now: T0 })).toMatchObject({ reason: "invalid", errors: { email: "officials:errors.emailInUse" } });

      const handler = await inviteOfficial(db, services, { actorUserId: admin.userId, fullName: "Lò Thị Dung", email: "dung@hagiang.gov.vn", agencyId: "ag-stp", roles: ["handler", "receiving_officer"], baseUrl: "http://portal.test", now: T0 });
      if (!handler.ok) throw new Error("invitation failed");
      expect(mails.at(-1)).toMatchObject({ to: "dung@hagiang.gov.vn", agencyName: "Sở Tư pháp", invitedBy: "Vàng Văn Sính" });

      // The invited handler (not yet active) and an active handler cannot invite or list.
      expect(await inviteOfficial(db, services, { actorUserId: handler.userId, fullName: "A B", email: "ab@hagiang.gov.vn", agencyId: "ag-stp", roles: ["handler"], baseUrl: "", now: T0 })).toEqual({ ok: false, reason: "forbidden" });
      await db.updateTable("users").set({ status: "active" }).where("id", "=", handler.userId).execute();
      expect(await inviteOfficial(db, services, { actorUserId: handler.userId, fullName: "A B", email: "ab@hagiang.gov.vn", agencyId: "ag-stp", roles: ["system_admin"], baseUrl: "", now: T0 })).toEqual({ ok: false, reason: "forbidden" });
      expect(await listOfficials(db, { actorUserId: handler.userId })).toEqual({ ok: false, reason: "forbidden" });
      expect(await setRoles(db, { actorUserId: handler.userId, userId: handler.userId, agencyId: "ag-stp", roles: ["system_admin"] })).toEqual({ ok: false, reason: "forbidden" });

      expect(await setRoles(db, { actorUserId: admin.userId, userId: handler.userId, agencyId: "ag-stp", roles: ["approver"] })).toEqual({ ok: true });
      // An administrator cannot take their own administration away.
      expect(await setRoles(db, { actorUserId: admin.userId, userId: admin.userId, agencyId: "ag-vp", roles: [] })).toEqual({ ok: false, reason: "invalid" });

      const all = await listOfficials(db, { actorUserId: admin.userId });
      if (!all.ok) throw new Error("list refused");
      expect(all.officials.map((o) => [o.fullName, o.status, o.roles.map((r) => `${r.agencyCode}:${r.role}`)])).toEqual([
        ["Lò Thị Dung", "active", ["STP:approver"]],
        ["Vàng Văn Sính", "active", ["VP-UBND:system_admin"]],
      ]);
      const stp = await listOfficials(db, { actorUserId: admin.userId, agencyId: "ag-stp" });
      expect(stp.ok && stp.officials.map((o) => o.fullName)).toEqual(["Lò Thị Dung"]);
    } finally {
      await close();
    }
  });

  it("an invitation expires after 7 days; enrolment needs the password first", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await addAgency(db, "ag-vp", "VP-UBND", "Văn phòng UBND tỉnh");
      const { services } = testServices();
      const invited = await inviteAdministratorFromConsole(db, services, { fullName: "Sùng Mí Pó", email: "po@hagiang.gov.vn", agencyId: "ag-vp", baseUrl: "http://portal.test", now: T0 });
      if (!invited.ok) throw new Error("invitation failed");
      expect(await startTotpEnrolment(db, services, { userId: invited.userId, now: T0 })).toEqual({ ok: false });
      const eightDays = new Date(T0.getTime() + 8 * 86_400_000);
      expect(await acceptInvitation(db, services, { token: tokenOf(invited.link), password: PASSWORD, now: eightDays })).toEqual({ ok: false, reason: "expired" });
      expect(await acceptInvitation(db, services, { token: "not a token", password: PASSWORD, now: T0 })).toEqual({ ok: false, reason: "expired" });
    } finally {
      await close();
    }
  });
});
