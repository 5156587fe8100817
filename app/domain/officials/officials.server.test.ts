import { createHash } from "node:crypto";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import type { Db } from "../../platform/db.server";
import { engines, migratedDatabase } from "../../../db/testing";
import { deriveSecretKey, open } from "../../platform/secret-box.server";
import { totpCode } from "../../platform/totp.server";
import { findUserById } from "../accounts/accounts.repo.server";
import { signIn, type AccountServices } from "../accounts/accounts.server";
import {
  acceptInvitation,
  changeOfficialStatus,
  officialPage,
  resendInvitation,
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

// ---------------------------------------------------------------------------------------------------------------
// Disabling, enabling, resending and revoking (issue 4: "an administrator manages officials")
// ---------------------------------------------------------------------------------------------------------------

const testHash = (p: string) => `test$${createHash("sha256").update(p).digest("hex")}`;
const accountServices: AccountServices = {
  passwordProblem: () => null,
  hashPassword: async (p) => testHash(p),
  verifyPassword: async (h, p) => h === testHash(p),
  dummyVerify: async () => {},
  sendMail: async () => {},
};

/** Accept an invitation link and enrol the authenticator app at `now`; returns the secret. */
async function enrol(db: Db, services: OfficialServices, userId: string, link: string, now: Date) {
  expect(await acceptInvitation(db, services, { token: tokenOf(link), password: PASSWORD, now })).toMatchObject({ ok: true });
  const started = await startTotpEnrolment(db, services, { userId, now });
  if (!started.ok) throw new Error("enrolment failed");
  expect(await confirmTotp(db, services, { userId, code: totpCode(started.secret, { now })!, now })).toMatchObject({ ok: true });
  return started.secret;
}

async function addSession(db: Db, userId: string, id: string) {
  await db
    .insertInto("sessions")
    .values({ id, data: JSON.stringify({ userId, secondFactorAt: T0.toISOString() }), created_at: T0.toISOString(), expires_at: "2099-01-01T00:00:00.000Z", user_id: userId, last_seen_at: null, user_agent: null })
    .execute();
}
const sessionIds = async (db: Db) => (await db.selectFrom("sessions").select("id").orderBy("id").execute()).map((r) => r.id);

describe.each(engines)("administering officials on %s", (engine) => {
  it("disabling ends every session of the official at once and refuses sign-in with a clear message; enabling restores it", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await addAgency(db, "ag-vp", "VP-UBND", "Văn phòng UBND tỉnh");
      await addAgency(db, "ag-stp", "STP", "Sở Tư pháp");
      const { services, mails } = testServices();
      const admin = await firstAdmin(db, services, mails);
      const handler = await inviteOfficial(db, services, { actorUserId: admin.userId, fullName: "Lò Thị Dung", email: "dung@hagiang.gov.vn", agencyId: "ag-stp", roles: ["handler"], baseUrl: "http://portal.test", now: T0 });
      if (!handler.ok) throw new Error("invitation failed");
      const secret = await enrol(db, services, handler.userId, handler.link, at(60));
      await addSession(db, handler.userId, "s-handler-phone");
      await addSession(db, handler.userId, "s-handler-office");
      await addSession(db, admin.userId, "s-admin");
      expect(await signIn(db, accountServices, { identifier: "dung@hagiang.gov.vn", password: PASSWORD, ip: null, baseUrl: "", now: at(100) })).toMatchObject({ ok: true });

      // A reason is required (the route's schema says so too); nothing changes without one.
      expect(await changeOfficialStatus(db, { actorUserId: admin.userId, userId: handler.userId, change: "disable", reason: "  ", now: at(120) })).toEqual({ ok: false, reason: "invalid" });
      expect((await findUserById(db, handler.userId))?.status).toBe("active");
      // Not an administrator: refused.
      expect(await changeOfficialStatus(db, { actorUserId: handler.userId, userId: admin.userId, change: "disable", reason: "x", now: at(120) })).toEqual({ ok: false, reason: "forbidden" });

      expect(await changeOfficialStatus(db, { actorUserId: admin.userId, userId: handler.userId, change: "disable", reason: "Chuyển công tác sang tỉnh khác", ip: "192.0.2.7", now: at(130) })).toEqual({
        ok: true,
        status: "disabled",
        sessionsEnded: 2,
      });
      expect(await sessionIds(db)).toEqual(["s-admin"]);
      expect((await findUserById(db, handler.userId))?.status).toBe("disabled");
      // The right password learns that the account is disabled; a wrong one is "invalid" as for anybody.
      expect(await signIn(db, accountServices, { identifier: "dung@hagiang.gov.vn", password: PASSWORD, ip: null, baseUrl: "", now: at(140) })).toEqual({ ok: false, reason: "disabled" });
      expect(await signIn(db, accountServices, { identifier: "dung@hagiang.gov.vn", password: "not the password at all", ip: null, baseUrl: "", now: at(140) })).toEqual({ ok: false, reason: "invalid" });
      // A sign-in already past its password cannot finish with a code either.
      expect(await verifySecondFactor(db, services, { userId: handler.userId, code: totpCode(secret, { now: at(150) })!, now: at(150) })).toEqual({ ok: false, reason: "invalid" });
      // Twice is refused: the change starts from "active".
      expect(await changeOfficialStatus(db, { actorUserId: admin.userId, userId: handler.userId, change: "disable", reason: "again", now: at(160) })).toEqual({ ok: false, reason: "wrongStatus" });

      const disabled = await listOfficials(db, { actorUserId: admin.userId, status: "disabled" });
      expect(disabled.ok && disabled.officials.map((o) => o.fullName)).toEqual(["Lò Thị Dung"]);
      const active = await listOfficials(db, { actorUserId: admin.userId, status: "active" });
      expect(active.ok && active.officials.map((o) => o.fullName)).toEqual(["Vàng Văn Sính"]);

      expect(await changeOfficialStatus(db, { actorUserId: admin.userId, userId: handler.userId, change: "enable", reason: "Trở lại làm việc", now: at(200) })).toEqual({ ok: true, status: "active", sessionsEnded: 0 });
      expect(await signIn(db, accountServices, { identifier: "dung@hagiang.gov.vn", password: PASSWORD, ip: null, baseUrl: "", now: at(210) })).toMatchObject({ ok: true });

      const page = await officialPage(db, { actorUserId: admin.userId, userId: handler.userId, now: at(220) });
      if (!page.ok) throw new Error("page refused");
      expect(page.page.history.map((h) => [h.action, h.by, h.reason])).toEqual([
        ["official.invited", "Vàng Văn Sính", null],
        ["official.totpConfirmed", "Lò Thị Dung", null],
        ["official.disabled", "Vàng Văn Sính", "Chuyển công tác sang tỉnh khác"],
        ["official.enabled", "Vàng Văn Sính", "Trở lại làm việc"],
      ]);
      const audit = await db.selectFrom("audit_events").select(["actor_id", "ip", "details"]).where("action", "=", "official.disabled").executeTakeFirstOrThrow();
      expect(audit.actor_id).toBe(admin.userId);
      expect(audit.ip).toBe("192.0.2.7");
      expect(typeof audit.details === "string" ? JSON.parse(audit.details) : audit.details).toEqual({ reason: "Chuyển công tác sang tỉnh khác", from: "active", to: "disabled", sessionsEnded: 2 });
    } finally {
      await close();
    }
  });

  it("an administrator cannot disable themself; the last active administrator is never disabled, even by two at once", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await addAgency(db, "ag-vp", "VP-UBND", "Văn phòng UBND tỉnh");
      const { services, mails } = testServices();
      const first = await firstAdmin(db, services, mails);
      expect(await changeOfficialStatus(db, { actorUserId: first.userId, userId: first.userId, change: "disable", reason: "thử", now: at(100) })).toEqual({ ok: false, reason: "self" });
      expect((await findUserById(db, first.userId))?.status).toBe("active");

      const second = await inviteOfficial(db, services, { actorUserId: first.userId, fullName: "Hoàng Thị Mai", email: "mai@hagiang.gov.vn", agencyId: "ag-vp", roles: ["system_admin"], baseUrl: "http://portal.test", now: at(100) });
      if (!second.ok) throw new Error("invitation failed");
      await enrol(db, services, second.userId, second.link, at(120));

      // Each disables the other at the same moment: one wins, and the other (no longer active) is refused, so
      // the province keeps exactly one administrator. (The pool's connections are opened first, so that both
      // transactions really run side by side on PostgreSQL.)
      await Promise.all([1, 2, 3, 4].map(() => sql`select 1`.execute(db)));
      const results = await Promise.all([
        changeOfficialStatus(db, { actorUserId: first.userId, userId: second.userId, change: "disable", reason: "một", now: at(200) }),
        changeOfficialStatus(db, { actorUserId: second.userId, userId: first.userId, change: "disable", reason: "hai", now: at(200) }),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: "forbidden" }]);
      const admins = await db
        .selectFrom("users as u")
        .innerJoin("official_roles as r", "r.user_id", "u.id")
        .select("u.id")
        .where("r.role", "=", "system_admin")
        .where("u.status", "=", "active")
        .execute();
      expect(admins).toHaveLength(1);
      // The one left cannot be disabled by anyone: there is nobody else to do it, and not themself.
      const left = admins[0]!.id;
      expect(await changeOfficialStatus(db, { actorUserId: left, userId: left, change: "disable", reason: "thử", now: at(300) })).toEqual({ ok: false, reason: "self" });
    } finally {
      await close();
    }
  });

  it("resending an invitation makes a new link, spends the old one, queues the mail again and is limited per account", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await addAgency(db, "ag-vp", "VP-UBND", "Văn phòng UBND tỉnh");
      await addAgency(db, "ag-stp", "STP", "Sở Tư pháp");
      const { services, mails } = testServices();
      const admin = await firstAdmin(db, services, mails);
      const invited = await inviteOfficial(db, services, { actorUserId: admin.userId, fullName: "Lò Thị Dung", email: "dung@hagiang.gov.vn", agencyId: "ag-stp", roles: ["handler", "approver"], baseUrl: "http://portal.test", now: T0 });
      if (!invited.ok) throw new Error("invitation failed");
      const sent = mails.length;

      const again = await resendInvitation(db, services, { actorUserId: admin.userId, userId: invited.userId, baseUrl: "http://portal.test", now: at(3600) });
      if (!again.ok) throw new Error("resend refused");
      expect(again.link).not.toBe(invited.link);
      expect(again.expiresAt).toBe(new Date(at(3600).getTime() + 7 * 86_400_000).toISOString());
      expect(mails).toHaveLength(sent + 1);
      expect(mails.at(-1)).toMatchObject({ to: "dung@hagiang.gov.vn", link: again.link, agencyName: "Sở Tư pháp", roles: ["approver", "handler"], invitedBy: "Vàng Văn Sính", validDays: 7 });
      expect(await invitationOf(db, tokenOf(invited.link), at(3601))).toBeNull();
      expect(await acceptInvitation(db, services, { token: tokenOf(invited.link), password: PASSWORD, now: at(3601) })).toEqual({ ok: false, reason: "expired" });
      expect(await invitationOf(db, tokenOf(again.link), at(3601))).toMatchObject({ email: "dung@hagiang.gov.vn" });

      // Three in a row are free; the fourth waits (10 minutes), then goes.
      expect(await resendInvitation(db, services, { actorUserId: admin.userId, userId: invited.userId, baseUrl: "http://portal.test", now: at(3602) })).toMatchObject({ ok: true });
      expect(await resendInvitation(db, services, { actorUserId: admin.userId, userId: invited.userId, baseUrl: "http://portal.test", now: at(3603) })).toMatchObject({ ok: true });
      const slowed = await resendInvitation(db, services, { actorUserId: admin.userId, userId: invited.userId, baseUrl: "http://portal.test", now: at(3604) });
      expect(slowed).toMatchObject({ ok: false, reason: "slowed" });
      expect(mails).toHaveLength(sent + 3);
      expect(await resendInvitation(db, services, { actorUserId: admin.userId, userId: invited.userId, baseUrl: "http://portal.test", now: at(3604 + 601) })).toMatchObject({ ok: true });

      // Not to an active account, and not by a non-administrator.
      expect(await resendInvitation(db, services, { actorUserId: admin.userId, userId: admin.userId, baseUrl: "http://portal.test", now: at(5000) })).toEqual({ ok: false, reason: "notInvited" });
      expect(await resendInvitation(db, services, { actorUserId: invited.userId, userId: invited.userId, baseUrl: "http://portal.test", now: at(5000) })).toEqual({ ok: false, reason: "forbidden" });
      // Without any role left there is nothing to invite to.
      await setRoles(db, { actorUserId: admin.userId, userId: invited.userId, agencyId: "ag-stp", roles: [], now: at(5000) });
      expect(await resendInvitation(db, services, { actorUserId: admin.userId, userId: invited.userId, baseUrl: "http://portal.test", now: at(90_000) })).toEqual({ ok: false, reason: "noRoles" });
    } finally {
      await close();
    }
  });

  it("revoking a pending invitation disables the account and spends its link; enabling it again means a new invitation", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      await addAgency(db, "ag-vp", "VP-UBND", "Văn phòng UBND tỉnh");
      const { services, mails } = testServices();
      const admin = await firstAdmin(db, services, mails);
      const invited = await inviteOfficial(db, services, { actorUserId: admin.userId, fullName: "Giàng A Súa", email: "sua@hagiang.gov.vn", agencyId: "ag-vp", roles: ["receiving_officer"], baseUrl: "http://portal.test", now: T0 });
      if (!invited.ok) throw new Error("invitation failed");
      // Only a pending invitation can be revoked; an active account is disabled instead.
      expect(await changeOfficialStatus(db, { actorUserId: admin.userId, userId: invited.userId, change: "disable", reason: "x", now: at(10) })).toEqual({ ok: false, reason: "wrongStatus" });
      expect(await changeOfficialStatus(db, { actorUserId: admin.userId, userId: invited.userId, change: "revoke", reason: "Gửi nhầm địa chỉ", now: at(10) })).toEqual({ ok: true, status: "disabled", sessionsEnded: 0 });
      expect(await invitationOf(db, tokenOf(invited.link), at(20))).toBeNull();
      expect(await acceptInvitation(db, services, { token: tokenOf(invited.link), password: PASSWORD, now: at(20) })).toEqual({ ok: false, reason: "expired" });
      expect(await resendInvitation(db, services, { actorUserId: admin.userId, userId: invited.userId, baseUrl: "http://portal.test", now: at(30) })).toEqual({ ok: false, reason: "notInvited" });

      // Never enrolled: enabling makes it "invited" again, and a new invitation can go.
      expect(await changeOfficialStatus(db, { actorUserId: admin.userId, userId: invited.userId, change: "enable", reason: "Địa chỉ đúng", now: at(40) })).toEqual({ ok: true, status: "invited", sessionsEnded: 0 });
      const again = await resendInvitation(db, services, { actorUserId: admin.userId, userId: invited.userId, baseUrl: "http://portal.test", now: at(50) });
      expect(again).toMatchObject({ ok: true });
      const page = await officialPage(db, { actorUserId: admin.userId, userId: invited.userId, now: at(60) });
      expect(page.ok && page.page.invitationExpiresAt).toBe(new Date(at(50).getTime() + 7 * 86_400_000).toISOString());
      expect(page.ok && page.page.history.map((h) => h.action)).toEqual(["official.invited", "official.invitationRevoked", "official.enabled", "official.invitationResent"]);
      expect(await officialPage(db, { actorUserId: admin.userId, userId: "00000000-0000-7000-8000-000000000000" })).toEqual({ ok: false, reason: "notFound" });
    } finally {
      await close();
    }
  });
});
