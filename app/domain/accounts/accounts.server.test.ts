import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { engines, migratedDatabase } from "../../../db/testing";
import { POLICIES, rateLimitPolicies } from "../../platform/rate-limit.server";
import { auditTrailFor } from "../../platform/audit.server";
import { newId } from "../../platform/ids.server";
import {
  confirmEidLinkWithPassword,
  disownAccountForEid,
  eidLinkCandidate,
  personalDataExport,
  profileOf,
  registerCitizen,
  requestPasswordReset,
  resetPassword,
  signIn,
  signInWithEid,
  unlinkEid,
  verifyEmail,
  type AccountMail,
  type AccountServices,
  type VerifiedIdentity,
} from "./accounts.server";

// The account use cases on both databases. Hashing is a fast stand-in here (argon2id has its own tests); mails are
// collected instead of queued.
function testServices() {
  const mails: AccountMail[] = [];
  const hash = (p: string) => `test$${createHash("sha256").update(p).digest("hex")}`;
  const services: AccountServices = {
    passwordProblem: (p, context) => (p.length < 8 ? "identity:errors.passwordTooShort" : context.some((c) => c.length >= 5 && p.toLowerCase().includes(c.toLowerCase())) ? "identity:errors.passwordContext" : null),
    hashPassword: async (p) => hash(p),
    verifyPassword: async (h, p) => h === hash(p),
    dummyVerify: async () => {},
    sendMail: async (_trx, mail) => {
      mails.push(mail);
    },
  };
  return { services, mails };
}

const citizen = {
  fullName: "Nguyễn Thị Hoa",
  cccd: "002190012345",
  birthDate: "1990-03-27",
  email: "hoa@example.vn",
  phone: "0912345678",
  password: "núi đá Đồng Văn mùa hoa tam giác mạch",
  consent: "yes" as const,
  baseUrl: "http://portal.test",
  ip: "203.0.113.9",
};
const tokenOf = (link: string) => link.slice(link.lastIndexOf("/") + 1);

describe.each(engines)("citizen accounts on %s", (engine) => {
  it("registers, verifies the address by its link, signs in; the same answer for a known address", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const { services, mails } = testServices();
      expect(await registerCitizen(db, services, citizen)).toEqual({ ok: true });
      const verify = mails.find((m) => m.kind === "verifyEmail");
      if (verify?.kind !== "verifyEmail") throw new Error("no verification mail");
      expect(verify.to).toBe("hoa@example.vn");

      // Before verifying, a correct password is told to verify; a wrong one is just "invalid".
      expect(await signIn(db, services, { identifier: "hoa@example.vn", password: citizen.password, ip: null, baseUrl: "" })).toMatchObject({ ok: false, reason: "unverified" });
      expect(await verifyEmail(db, tokenOf(verify.link))).toMatchObject({ ok: true });
      expect(await verifyEmail(db, tokenOf(verify.link))).toEqual({ ok: false });

      const byEmail = await signIn(db, services, { identifier: "HOA@example.vn", password: citizen.password, ip: null, baseUrl: "" });
      expect(byEmail).toMatchObject({ ok: true, kind: "citizen", needsSecondFactor: false });
      expect(await signIn(db, services, { identifier: "002 190 012 345", password: citizen.password, ip: null, baseUrl: "" })).toMatchObject({ ok: true });

      // Registering again with the same address (or CCCD): same answer, no second account, a mail to the owner.
      expect(await registerCitizen(db, services, { ...citizen, cccd: "002190099999" })).toEqual({ ok: true });
      expect(mails.at(-1)?.kind).toBe("alreadyRegistered");
      expect(await db.selectFrom("users").select("id").execute()).toHaveLength(1);

      // A weak or personal password is refused on the field.
      expect(await registerCitizen(db, services, { ...citizen, email: "b@example.vn", cccd: "002190011111", password: "Nguyễn Thị Hoa 1990" })).toEqual({
        ok: false,
        issues: [{ path: "password", message: "identity:errors.passwordContext" }],
      });

      const data = await personalDataExport(db, byEmail.ok ? byEmail.userId : "");
      expect(data?.profile).toMatchObject({ fullName: "Nguyễn Thị Hoa", cccd: "002190012345" });
      expect(JSON.stringify(data)).not.toContain("test$");
      expect(data?.consents).toHaveLength(1);
      expect(data?.events.map((e) => e.action)).toEqual(expect.arrayContaining(["account.registered", "account.emailVerified", "account.signedIn"]));
    } finally {
      await close();
    }
  });

  it("slows wrong passwords after five, locks at twenty with one mail, and says 'invalid' for unknown accounts too", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const { services, mails } = testServices();
      await registerCitizen(db, services, citizen);
      const verify = mails.find((m) => m.kind === "verifyEmail");
      if (verify?.kind !== "verifyEmail") throw new Error("no mail");
      await verifyEmail(db, tokenOf(verify.link));

      expect(await signIn(db, services, { identifier: "nobody@example.vn", password: "x", ip: null, baseUrl: "" })).toEqual({ ok: false, reason: "invalid" });
      let t = Date.UTC(2026, 10, 30, 8);
      const attempt = () => signIn(db, services, { identifier: citizen.email, password: "wrong password", ip: null, baseUrl: "http://portal.test", now: new Date(t) });
      const reasons: string[] = [];
      for (let i = 0; i < 20; i++) {
        const r = await attempt();
        reasons.push(r.ok ? "ok" : r.reason);
        // Wait as long as the back-off asks, as a patient attacker would.
        t += r.ok || r.reason !== "slowed" ? 1_000 : r.retryAfterMs + 1;
        if (!r.ok && r.reason === "slowed") i -= 1;
      }
      expect(reasons.filter((r) => r === "slowed").length).toBeGreaterThan(0);
      const locked = await signIn(db, services, { identifier: citizen.email, password: citizen.password, ip: null, baseUrl: "", now: new Date(t) });
      expect(locked, reasons.join(",")).toMatchObject({ ok: false, reason: "locked" });
      expect(mails.filter((m) => m.kind === "locked")).toHaveLength(1);
      // An hour later the right password works again.
      t += (POLICIES.signInAccount.blockMs ?? 0) + 1;
      expect(await signIn(db, services, { identifier: citizen.email, password: citizen.password, ip: null, baseUrl: "", now: new Date(t) })).toMatchObject({ ok: true });
    } finally {
      await close();
    }
  });

  it("answers an unknown identifier exactly as a known account: invalid, slowed, then locked at the twentieth (with the configured back-off)", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const { services, mails } = testServices();
      await registerCitizen(db, services, citizen);
      const verify = mails.find((m) => m.kind === "verifyEmail");
      if (verify?.kind !== "verifyEmail") throw new Error("no mail");
      await verifyEmail(db, tokenOf(verify.link));
      const policies = rateLimitPolicies({ signInBackoffBaseMs: 1_000, signInBackoffMaxMs: 2_000 });
      expect(policies.signInAccount).toMatchObject({ free: 5, baseDelayMs: 1_000, maxDelayMs: 2_000, blockAfter: 20, blockMs: 60 * 60_000 });

      /** Wrong passwords until locked, each immediately followed by a second try, then waiting what is asked. */
      const untilLocked = async (identifier: string, ip: string) => {
        let t = Date.UTC(2026, 10, 30, 8);
        const seen: string[] = [];
        for (let i = 0; i < 60; i++) {
          const r = await signIn(db, services, { identifier, password: "wrong password", ip, baseUrl: "http://portal.test", now: new Date(t), policies });
          if (r.ok) throw new Error("signed in");
          seen.push(r.reason === "slowed" ? `slowed ${r.retryAfterMs}` : r.reason === "locked" ? `locked ${r.retryAfterMs}` : r.reason);
          if (r.reason === "locked") break;
          t += r.reason === "slowed" ? r.retryAfterMs : 10;
        }
        return seen;
      };
      // (From three addresses: one address is slowed after 30 failures of any account, which is the next test.)
      const known = await untilLocked(citizen.email, "198.51.100.7");
      expect(known).toEqual([
        ...Array<string>(5).fill("invalid"),
        "slowed 990",
        "invalid",
        ...Array.from({ length: 13 }, () => ["slowed 1990", "invalid"]).flat(),
        "slowed 1990",
        "locked 3600000",
      ]);
      expect(known.filter((r) => r === "invalid")).toHaveLength(19);
      // An address nobody registered, and a CCCD nobody has: the very same answers.
      expect(await untilLocked("nobody@example.vn", "198.51.100.8")).toEqual(known);
      expect(await untilLocked("002 190 099 999", "198.51.100.9")).toEqual(known);
      // Locked: even the right password is refused; the owner was told once, nobody else.
      const later = new Date(Date.UTC(2026, 10, 30, 9));
      expect(await signIn(db, services, { identifier: citizen.email, password: citizen.password, ip: null, baseUrl: "", now: later, policies })).toMatchObject({ ok: false, reason: "locked" });
      expect(await signIn(db, services, { identifier: "NOBODY@example.vn", password: "x", ip: null, baseUrl: "", now: later, policies })).toMatchObject({ ok: false, reason: "locked" });
      expect(mails.filter((m) => m.kind === "locked").map((m) => m.to)).toEqual([citizen.email]);
      // No typed address is kept: unknown identifiers are counted under a hash.
      const keys = (await db.selectFrom("rate_limits").select("key").execute()).map((r) => r.key);
      expect(keys.filter((k) => k.startsWith("signin:identifier:"))).toHaveLength(2);
      expect(keys.join(" ")).not.toContain("nobody");
    } finally {
      await close();
    }
  });

  it("slows one address after its free failures whatever the accounts (SIGN_IN_IP_FREE_ATTEMPTS)", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const { services } = testServices();
      const policies = rateLimitPolicies({ signInIpFreeAttempts: 3 });
      const now = new Date(Date.UTC(2026, 10, 30, 8));
      const attempt = (n: number, ip: string) => signIn(db, services, { identifier: `nobody${n}@example.vn`, password: "x", ip, baseUrl: "", now, policies });
      for (let n = 0; n < 3; n++) expect(await attempt(n, "203.0.113.1")).toEqual({ ok: false, reason: "invalid" });
      expect(await attempt(3, "203.0.113.1")).toMatchObject({ ok: false, reason: "slowed", retryAfterMs: POLICIES.signInIp.baseDelayMs });
      expect(await attempt(3, "203.0.113.2")).toEqual({ ok: false, reason: "invalid" });
    } finally {
      await close();
    }
  });

  it("resets a password with a link that works once; asking for an unknown address sends nothing", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const { services, mails } = testServices();
      await registerCitizen(db, services, citizen);
      await requestPasswordReset(db, services, { email: "unknown@example.vn", baseUrl: "http://portal.test", ip: null });
      expect(mails.filter((m) => m.kind === "resetPassword")).toHaveLength(0);
      await requestPasswordReset(db, services, { email: citizen.email, baseUrl: "http://portal.test", ip: null });
      const reset = mails.find((m) => m.kind === "resetPassword");
      if (reset?.kind !== "resetPassword") throw new Error("no reset mail");
      const token = tokenOf(reset.link);
      expect(await resetPassword(db, services, { token, password: "short" })).toMatchObject({ ok: false, reason: "weak" });
      expect(await resetPassword(db, services, { token, password: "một mật khẩu mới rất dài" })).toMatchObject({ ok: true });
      expect(await resetPassword(db, services, { token, password: "một mật khẩu khác nữa" })).toEqual({ ok: false, reason: "expired" });
      // The link proved the address: signing in works without the verification mail.
      expect(await signIn(db, services, { identifier: citizen.email, password: "một mật khẩu mới rất dài", ip: null, baseUrl: "" })).toMatchObject({ ok: true });
    } finally {
      await close();
    }
  });
});

// National-eID sign-in: the account is found by the provider's subject, else by the CCCD (and then linked to the
// subject), else created; officials, disabled accounts and a subject whose CCCD changed are refused and audited.
const ISSUER = "https://sso.vneid.test";
const hoa: VerifiedIdentity = { issuer: ISSUER, subject: "vneid-sub-hoa", cccd: citizen.cccd, fullName: citizen.fullName, birthDate: citizen.birthDate, level: "level2" };

async function userRow(db: Awaited<ReturnType<typeof migratedDatabase>>["db"], id: string) {
  return db.selectFrom("users").select(["id", "cccd", "full_name", "eid_issuer", "eid_subject", "eid_verified_at", "password_hash"]).where("id", "=", id).executeTakeFirstOrThrow();
}
async function auditActions(db: Awaited<ReturnType<typeof migratedDatabase>>["db"], userId: string) {
  return (await auditTrailFor(db, "user", userId)).map((e) => ({ action: e.action, details: e.details }));
}
async function insertOfficial(db: Awaited<ReturnType<typeof migratedDatabase>>["db"], cccd: string, link: { issuer: string; subject: string } | null = null) {
  const id = newId();
  const at = new Date().toISOString();
  await db
    .insertInto("users")
    .values({ id, kind: "official", status: "active", full_name: "Cán bộ", cccd, birth_date: null, email: `${id}@hagiang.gov.vn`, phone: null, password_hash: "x", email_verified_at: at, eid_verified_at: null, eid_issuer: link?.issuer ?? null, eid_subject: link?.subject ?? null, totp_secret: null, totp_confirmed_at: at, totp_last_step: null, created_at: at, updated_at: at })
    .execute();
  return id;
}

describe.each(engines)("national-eID sign-in on %s", (engine) => {
  it("creates the account at the first sign-in, linked to the subject; finds it by the subject afterwards", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const first = await signInWithEid(db, hoa, { ip: "203.0.113.9" });
      expect(first).toMatchObject({ ok: true, created: true, linkedBy: "created" });
      if (!first.ok) return;
      expect(await userRow(db, first.userId)).toMatchObject({ cccd: hoa.cccd, eid_issuer: ISSUER, eid_subject: hoa.subject, password_hash: null });

      // The provider is authoritative for the name: a corrected name is taken over, on the same account.
      const again = await signInWithEid(db, { ...hoa, fullName: "Nguyễn Thị Hoà" }, { ip: null });
      expect(again).toEqual({ ok: true, userId: first.userId, created: false, linkedBy: "subject" });
      expect((await userRow(db, first.userId)).full_name).toBe("Nguyễn Thị Hoà");
      expect(await db.selectFrom("users").select("id").execute()).toHaveLength(1);
      expect(await auditActions(db, first.userId)).toEqual([
        { action: "account.createdWithEid", details: { level: "level2", issuer: ISSUER, subject: hoa.subject } },
        { action: "account.signedInWithEid", details: { level: "level2", linkedBy: "subject" } },
      ]);
      // The profile says the account is linked, and that no password opens it.
      expect(await profileOf(db, first.userId)).toMatchObject({ eidLink: { issuer: ISSUER, subject: hoa.subject }, hasPassword: false });
    } finally {
      await close();
    }
  });

  it("links an account that eID verified before by its CCCD and records the subject; the next sign-in finds it by the subject", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const { services } = testServices();
      await registerCitizen(db, services, citizen);
      const registered = await db.selectFrom("users").select("id").executeTakeFirstOrThrow();
      expect(await profileOf(db, registered.id)).toMatchObject({ eidLink: null, hasPassword: true });
      // Linked once with its password (below, "an account registered with the holder's CCCD"): eID verified it.
      expect(await signInWithEid(db, hoa, { ip: null })).toEqual({ ok: false, reason: "confirmLink", accountId: registered.id });
      expect(await confirmEidLinkWithPassword(db, services, hoa, { accountId: registered.id, password: citizen.password, ip: null, baseUrl: "" })).toEqual({ ok: true, userId: registered.id });
      expect(await userRow(db, registered.id)).toMatchObject({ eid_issuer: ISSUER, eid_subject: hoa.subject, eid_verified_at: expect.any(String) });
      expect(await signInWithEid(db, hoa, { ip: null })).toMatchObject({ ok: true, userId: registered.id, linkedBy: "subject" });

      // Another provider (the configured issuer changed) vouching for the same CCCD: the link moves, on the record,
      // without asking again (only the eID holder can have opened an account that eID verified).
      const moved = { ...hoa, issuer: "https://sso2.vneid.test", subject: "other-sub" };
      expect(await signInWithEid(db, moved, { ip: null })).toMatchObject({ ok: true, userId: registered.id, linkedBy: "cccd" });
      expect(await userRow(db, registered.id)).toMatchObject({ eid_issuer: moved.issuer, eid_subject: moved.subject });
      const linked = (await auditActions(db, registered.id)).filter((e) => e.action === "account.eidLinked");
      expect(linked.map((e) => e.details)).toEqual([
        { issuer: ISSUER, subject: hoa.subject, previous: null, confirmedBy: "password" },
        { issuer: moved.issuer, subject: moved.subject, previous: { issuer: ISSUER, subject: hoa.subject } },
      ]);
      expect(await db.selectFrom("users").select("id").execute()).toHaveLength(1);
    } finally {
      await close();
    }
  });

  it("links by its CCCD, without asking, an account that no password opens", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const id = newId();
      const at = new Date().toISOString();
      await db
        .insertInto("users")
        .values({ id, kind: "citizen", status: "active", full_name: "Nguyễn T. Hoa", cccd: hoa.cccd, birth_date: null, email: "hoa.cu@example.vn", phone: null, password_hash: null, email_verified_at: at, eid_verified_at: null, totp_secret: null, totp_confirmed_at: null, totp_last_step: null, created_at: at, updated_at: at })
        .execute();
      expect(await signInWithEid(db, hoa, { ip: null })).toEqual({ ok: true, userId: id, created: false, linkedBy: "cccd" });
      expect(await userRow(db, id)).toMatchObject({ full_name: hoa.fullName, eid_subject: hoa.subject, eid_verified_at: expect.any(String) });
    } finally {
      await close();
    }
  });

  it("refuses a subject whose account has another CCCD than the provider now asserts, and re-links nothing", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const created = await signInWithEid(db, hoa, { ip: null });
      if (!created.ok) throw new Error("not created");
      // Another account holds the CCCD the provider now asserts for the same subject: it must not be signed in either.
      const { services } = testServices();
      const otherCccd = "002190054321";
      await registerCitizen(db, services, { ...citizen, email: "khac@example.vn", cccd: otherCccd });
      const other = await db.selectFrom("users").select("id").where("cccd", "=", otherCccd).executeTakeFirstOrThrow();

      expect(await signInWithEid(db, { ...hoa, cccd: otherCccd }, { ip: "198.51.100.7" })).toEqual({ ok: false, reason: "subjectMismatch" });
      expect(await userRow(db, created.userId)).toMatchObject({ cccd: hoa.cccd, eid_subject: hoa.subject });
      expect(await userRow(db, other.id)).toMatchObject({ eid_issuer: null, eid_subject: null, eid_verified_at: null });
      expect((await auditActions(db, created.userId)).at(-1)).toEqual({
        action: "account.eidSignInRefused",
        details: { reason: "subjectMismatch", issuer: ISSUER, subject: hoa.subject, level: "level2", assertedCccd: otherCccd },
      });
      const refused = await db.selectFrom("audit_events").select(["actor_type", "ip"]).where("action", "=", "account.eidSignInRefused").executeTakeFirstOrThrow();
      expect(refused).toEqual({ actor_type: "anonymous", ip: "198.51.100.7" });
    } finally {
      await close();
    }
  });

  it("never signs an official in through eID, whether found by CCCD or by a subject", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const byCccd = await insertOfficial(db, hoa.cccd);
      expect(await signInWithEid(db, hoa, { ip: null })).toEqual({ ok: false, reason: "official" });
      expect(await userRow(db, byCccd)).toMatchObject({ eid_issuer: null, eid_subject: null, eid_verified_at: null });
      expect(await db.selectFrom("users").select("id").execute()).toHaveLength(1); // no citizen account made instead

      const bySubject = await insertOfficial(db, "002190077777", { issuer: ISSUER, subject: "official-sub" });
      expect(await signInWithEid(db, { ...hoa, subject: "official-sub", cccd: "002190077777" }, { ip: null })).toEqual({ ok: false, reason: "official" });
      for (const id of [byCccd, bySubject]) {
        expect((await auditActions(db, id)).map((e) => (e.details as { reason: string }).reason)).toEqual(["official"]);
      }
    } finally {
      await close();
    }
  });

  it("refuses a disabled account, found by subject or by CCCD", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const created = await signInWithEid(db, hoa, { ip: null });
      if (!created.ok) throw new Error("not created");
      await db.updateTable("users").set({ status: "disabled" }).execute();
      expect(await signInWithEid(db, hoa, { ip: null })).toEqual({ ok: false, reason: "disabled" });
      expect(await signInWithEid(db, { ...hoa, subject: "new-sub" }, { ip: null })).toEqual({ ok: false, reason: "disabled" });
      expect(await userRow(db, created.userId)).toMatchObject({ eid_subject: hoa.subject });
    } finally {
      await close();
    }
  });

  it("unlinks only an account that has a password; it still signs in with the password, and eID links it again", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      // Created by eID: no password, so unlinking would lock the citizen out.
      const eidOnly = await signInWithEid(db, { ...hoa, subject: "sub-2", cccd: "002190022222" }, { ip: null });
      if (!eidOnly.ok) throw new Error("not created");
      expect(await unlinkEid(db, { userId: eidOnly.userId, ip: null })).toEqual({ ok: false, reason: "noPassword" });
      expect(await userRow(db, eidOnly.userId)).toMatchObject({ eid_subject: "sub-2" });

      const { services, mails } = testServices();
      await registerCitizen(db, services, citizen);
      const verify = mails.find((m) => m.kind === "verifyEmail");
      if (verify?.kind !== "verifyEmail") throw new Error("no mail");
      await verifyEmail(db, tokenOf(verify.link));
      const pending = await signInWithEid(db, hoa, { ip: null });
      if (pending.ok || pending.reason !== "confirmLink") throw new Error("no pending link");
      const linked = await confirmEidLinkWithPassword(db, services, hoa, { accountId: pending.accountId, password: citizen.password, ip: null, baseUrl: "" });
      if (!linked.ok) throw new Error("not linked");
      expect(await unlinkEid(db, { userId: linked.userId, ip: "203.0.113.9" })).toEqual({ ok: true });
      expect(await userRow(db, linked.userId)).toMatchObject({ eid_issuer: null, eid_subject: null, eid_verified_at: expect.any(String) });
      expect((await auditActions(db, linked.userId)).at(-1)).toEqual({ action: "account.eidUnlinked", details: { issuer: ISSUER, subject: hoa.subject } });
      expect(await unlinkEid(db, { userId: linked.userId, ip: null })).toEqual({ ok: false, reason: "notLinked" });
      expect(await unlinkEid(db, { userId: newId(), ip: null })).toEqual({ ok: false, reason: "notLinked" });

      expect(await signIn(db, services, { identifier: citizen.email, password: citizen.password, ip: null, baseUrl: "" })).toMatchObject({ ok: true, userId: linked.userId });
      expect(await signInWithEid(db, hoa, { ip: null })).toMatchObject({ ok: true, userId: linked.userId, linkedBy: "cccd" });
    } finally {
      await close();
    }
  });

  it("gives two simultaneous first sign-ins of one person the same single account", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const results = await Promise.all([signInWithEid(db, hoa, { ip: null }), signInWithEid(db, hoa, { ip: null }), signInWithEid(db, hoa, { ip: null })]);
      expect(results.every((r) => r.ok)).toBe(true);
      expect(new Set(results.map((r) => (r.ok ? r.userId : "")))).toHaveProperty("size", 1);
      expect(await db.selectFrom("users").select("id").execute()).toHaveLength(1);
    } finally {
      await close();
    }
  });
});

// Anyone can register a password account with someone else's CCCD and their own address. When the CCCD's eID holder
// signs in, such an account (never verified by eID, opened by a password) is not linked on the CCCD alone: the holder
// proves it is theirs with its password, or disowns it (it is closed, and a new account is made for the holder).
describe.each(engines)("an account registered with the eID holder's CCCD on %s", (engine) => {
  const squatter = { ...citizen, fullName: "Trần Văn Mạo", email: "l.mao@example.vn", password: "mật khẩu của người mạo danh" };

  /** A password account registered with Hoa's CCCD, its address confirmed. */
  async function registered(db: Awaited<ReturnType<typeof migratedDatabase>>["db"], services: AccountServices, mails: AccountMail[], who = squatter) {
    await registerCitizen(db, services, who);
    const verify = mails.find((m) => m.kind === "verifyEmail" && m.to === who.email);
    if (verify?.kind !== "verifyEmail") throw new Error("no verification mail");
    const verified = await verifyEmail(db, tokenOf(verify.link));
    if (!verified.ok) throw new Error("not verified");
    return verified.userId;
  }

  it("is not linked by the CCCD: the sign-in waits for the holder's choice and changes nothing", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const { services, mails } = testServices();
      const id = await registered(db, services, mails);
      const before = await userRow(db, id);
      expect(await signInWithEid(db, hoa, { ip: "203.0.113.9", requestId: "req-1" })).toEqual({ ok: false, reason: "confirmLink", accountId: id });
      expect(await userRow(db, id)).toEqual(before);
      expect(before).toMatchObject({ full_name: "Trần Văn Mạo", eid_issuer: null, eid_subject: null, eid_verified_at: null });
      expect(await db.selectFrom("users").select("id").execute()).toHaveLength(1);
      expect((await auditActions(db, id)).at(-1)).toEqual({ action: "account.eidLinkPending", details: { issuer: ISSUER, subject: hoa.subject, level: "level2" } });
      // The holder is shown the account's address, masked, and when it was made.
      expect(await eidLinkCandidate(db, { accountId: id, cccd: hoa.cccd })).toEqual({ maskedEmail: "l***@example.vn", createdAt: expect.any(String) });
      expect(await eidLinkCandidate(db, { accountId: id, cccd: "002190099999" })).toBeNull();
      // An address never confirmed changes nothing: the account still waits.
      await registerCitizen(db, services, { ...squatter, email: "khac@example.vn", cccd: "002190054321" });
      const unconfirmed = await db.selectFrom("users").select("id").where("email", "=", "khac@example.vn").executeTakeFirstOrThrow();
      expect(await signInWithEid(db, { ...hoa, subject: "sub-khac", cccd: "002190054321" }, { ip: null })).toEqual({ ok: false, reason: "confirmLink", accountId: unconfirmed.id });
      // A disabled one is still refused, an official's too (not offered to link).
      await db.updateTable("users").set({ status: "disabled" }).where("id", "=", unconfirmed.id).execute();
      expect(await signInWithEid(db, { ...hoa, subject: "sub-khac", cccd: "002190054321" }, { ip: null })).toEqual({ ok: false, reason: "disabled" });
      await insertOfficial(db, "002190077777");
      expect(await signInWithEid(db, { ...hoa, subject: "sub-cb", cccd: "002190077777" }, { ip: null })).toEqual({ ok: false, reason: "official" });
    } finally {
      await close();
    }
  });

  it("is linked with its password ('this is my account'), audited, and found by the subject afterwards", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const { services, mails } = testServices();
      const id = await registered(db, services, mails, citizen);
      expect(await signInWithEid(db, hoa, { ip: null })).toMatchObject({ reason: "confirmLink" });
      const confirm = (password: string) => confirmEidLinkWithPassword(db, services, hoa, { accountId: id, password, ip: "203.0.113.9", requestId: "req-2", baseUrl: "http://portal.test" });

      expect(await confirm("not the password")).toEqual({ ok: false, reason: "invalid" });
      expect(await userRow(db, id)).toMatchObject({ eid_subject: null, eid_verified_at: null });
      const counted = await db.selectFrom("rate_limits").select(["key", "count"]).orderBy("key").execute();
      expect(counted.map((r) => ({ key: r.key, count: Number(r.count) }))).toEqual([
        { key: `signin:account:${id}`, count: 1 },
        { key: "signin:ip:203.0.113.9", count: 1 },
      ]);

      expect(await confirm(citizen.password)).toEqual({ ok: true, userId: id });
      expect(await userRow(db, id)).toMatchObject({ full_name: hoa.fullName, eid_issuer: ISSUER, eid_subject: hoa.subject, eid_verified_at: expect.any(String) });
      // The account's failures are forgotten, as after a password sign-in.
      expect(await db.selectFrom("rate_limits").select("key").where("key", "=", `signin:account:${id}`).execute()).toEqual([]);
      expect((await auditActions(db, id)).slice(-3)).toEqual([
        { action: "account.signInFailed", details: null },
        { action: "account.eidLinked", details: { issuer: ISSUER, subject: hoa.subject, previous: null, confirmedBy: "password" } },
        { action: "account.signedInWithEid", details: { level: "level2", linkedBy: "password" } },
      ]);
      expect(await signInWithEid(db, hoa, { ip: null })).toEqual({ ok: true, userId: id, created: false, linkedBy: "subject" });
      // Nothing waits any more: the page and both answers say so.
      expect(await eidLinkCandidate(db, { accountId: id, cccd: hoa.cccd })).toBeNull();
      expect(await confirm(citizen.password)).toEqual({ ok: false, reason: "stale" });
      expect(await disownAccountForEid(db, services, hoa, { accountId: id, ip: null, baseUrl: "http://portal.test" })).toEqual({ ok: false, reason: "stale" });
      expect(await db.selectFrom("users").select("id").execute()).toHaveLength(1);
    } finally {
      await close();
    }
  });

  it("counts a wrong password like a password sign-in: slowed, then locked at twenty for both ways in, with one mail", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const { services, mails } = testServices();
      const id = await registered(db, services, mails);
      let t = Date.UTC(2026, 10, 30, 8);
      const viaLink = () => confirmEidLinkWithPassword(db, services, hoa, { accountId: id, password: "wrong password", ip: null, baseUrl: "http://portal.test", now: new Date(t) });
      const viaSignIn = () => signIn(db, services, { identifier: squatter.email, password: "wrong password", ip: null, baseUrl: "http://portal.test", now: new Date(t) });
      const reasons: string[] = [];
      // Ten wrong passwords on the sign-in page and ten on the link page, alternating: one count for the account.
      for (let i = 0; i < 20; i++) {
        const r = i % 2 === 0 ? await viaLink() : await viaSignIn();
        reasons.push(r.ok ? "ok" : r.reason);
        t += r.ok || r.reason !== "slowed" ? 1_000 : r.retryAfterMs + 1;
        if (!r.ok && r.reason === "slowed") i -= 1;
      }
      expect(reasons.filter((r) => r === "slowed").length, reasons.join(",")).toBeGreaterThan(0);
      const right = { accountId: id, password: squatter.password, ip: null, baseUrl: "", now: new Date(t) };
      expect(await confirmEidLinkWithPassword(db, services, hoa, right), reasons.join(",")).toMatchObject({ ok: false, reason: "locked" });
      expect(await signIn(db, services, { identifier: squatter.email, password: squatter.password, ip: null, baseUrl: "", now: new Date(t) })).toMatchObject({ ok: false, reason: "locked" });
      expect(mails.filter((m) => m.kind === "locked").map((m) => m.to)).toEqual([squatter.email]);
      expect(await userRow(db, id)).toMatchObject({ eid_subject: null, eid_verified_at: null });
      // An hour later the right password links it.
      t += (POLICIES.signInAccount.blockMs ?? 0) + 1;
      expect(await confirmEidLinkWithPassword(db, services, hoa, { ...right, now: new Date(t) })).toEqual({ ok: true, userId: id });
    } finally {
      await close();
    }
  });

  it("is waited on by the address's limit too: an address slowed on the sign-in page is slowed here", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const { services, mails } = testServices();
      const id = await registered(db, services, mails);
      const t = Date.UTC(2026, 10, 30, 8);
      for (let i = 0; i < POLICIES.signInIp.free; i++) {
        await signIn(db, services, { identifier: `nobody${i}@example.vn`, password: "x", ip: "198.51.100.7", baseUrl: "", now: new Date(t + i) });
      }
      const answer = await confirmEidLinkWithPassword(db, services, hoa, { accountId: id, password: squatter.password, ip: "198.51.100.7", baseUrl: "", now: new Date(t + 100) });
      expect(answer).toMatchObject({ ok: false, reason: "slowed" });
      expect(await userRow(db, id)).toMatchObject({ eid_subject: null });
    } finally {
      await close();
    }
  });

  it("is closed when the holder disowns it: disabled, CCCD removed, sessions ended, links void, its address told; the holder gets a new account", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const { services, mails } = testServices();
      const id = await registered(db, services, mails);
      // The squatter is signed in on two devices and has asked for a reset link.
      const at = new Date().toISOString();
      for (const sid of ["s-1", "s-2"]) {
        await db.insertInto("sessions").values({ id: sid, data: JSON.stringify({ userId: id }), created_at: at, expires_at: "2999-01-01T00:00:00.000Z", user_id: id, last_seen_at: at }).execute();
      }
      await db.insertInto("sessions").values({ id: "someone-else", data: "{}", created_at: at, expires_at: "2999-01-01T00:00:00.000Z", user_id: null, last_seen_at: at }).execute();
      await requestPasswordReset(db, services, { email: squatter.email, baseUrl: "http://portal.test", ip: null });
      const reset = mails.find((m) => m.kind === "resetPassword");
      if (reset?.kind !== "resetPassword") throw new Error("no reset mail");

      expect(await signInWithEid(db, hoa, { ip: null })).toMatchObject({ reason: "confirmLink", accountId: id });
      const now = new Date();
      const disowned = await disownAccountForEid(db, services, hoa, { accountId: id, ip: "203.0.113.9", requestId: "req-3", baseUrl: "http://portal.test", now });
      if (!disowned.ok) throw new Error("not disowned");
      expect(disowned.userId).not.toBe(id);

      // The squatter's account: disabled, no CCCD, no session, no usable link, cannot sign in any way.
      expect(await db.selectFrom("users").select(["status", "cccd", "email", "eid_subject"]).where("id", "=", id).executeTakeFirstOrThrow()).toEqual({ status: "disabled", cccd: null, email: squatter.email, eid_subject: null });
      expect((await db.selectFrom("sessions").select("id").execute()).map((r) => r.id)).toEqual(["someone-else"]);
      expect(await resetPassword(db, services, { token: tokenOf(reset.link), password: "một mật khẩu mới rất dài" })).toEqual({ ok: false, reason: "expired" });
      // The right password of a closed account hears that it is closed (as any disabled account: decision 0011).
      expect(await signIn(db, services, { identifier: squatter.email, password: squatter.password, ip: null, baseUrl: "" })).toEqual({ ok: false, reason: "disabled" });
      expect(await signIn(db, services, { identifier: hoa.cccd, password: squatter.password, ip: null, baseUrl: "" })).toEqual({ ok: false, reason: "invalid" });
      await requestPasswordReset(db, services, { email: squatter.email, baseUrl: "http://portal.test", ip: null });
      expect(mails.filter((m) => m.kind === "resetPassword")).toHaveLength(1);
      // Its address is told, once, in the same transaction.
      expect(mails.filter((m) => m.kind === "closedByEidHolder")).toEqual([
        { kind: "closedByEidHolder", to: squatter.email, name: squatter.fullName, at: now.toISOString(), signInLink: "http://portal.test/sign-in" },
      ]);
      // Its data can still be exported (support, the data subject's right of access), without a CCCD.
      expect((await personalDataExport(db, id))?.profile).toMatchObject({ cccd: null, email: squatter.email, eidLink: null });

      // The holder's new account: the CCCD, verified and linked by eID, no password, no address.
      expect(await userRow(db, disowned.userId)).toMatchObject({ cccd: hoa.cccd, full_name: hoa.fullName, eid_issuer: ISSUER, eid_subject: hoa.subject, eid_verified_at: now.toISOString(), password_hash: null });
      expect(await profileOf(db, disowned.userId)).toMatchObject({ email: null, hasPassword: false, eidLink: { issuer: ISSUER, subject: hoa.subject } });
      expect(await signInWithEid(db, hoa, { ip: null })).toEqual({ ok: true, userId: disowned.userId, created: false, linkedBy: "subject" });

      // Both accounts' trails say what happened, and who did it.
      expect((await auditActions(db, id)).filter((e) => e.action.startsWith("account.eid") || e.action === "account.closedByEidHolder")).toEqual([
        { action: "account.eidLinkPending", details: { issuer: ISSUER, subject: hoa.subject, level: "level2" } },
        { action: "account.closedByEidHolder", details: { issuer: ISSUER, subject: hoa.subject, level: "level2", sessionsEnded: 2, newAccount: disowned.userId } },
      ]);
      const closed = await db.selectFrom("audit_events").select(["actor_type", "actor_id", "ip", "request_id"]).where("action", "=", "account.closedByEidHolder").executeTakeFirstOrThrow();
      expect(closed).toEqual({ actor_type: "citizen", actor_id: disowned.userId, ip: "203.0.113.9", request_id: "req-3" });
      expect((await auditActions(db, disowned.userId))[0]).toEqual({ action: "account.createdWithEid", details: { level: "level2", issuer: ISSUER, subject: hoa.subject, replaces: id } });

      // Nothing waits any more.
      expect(await disownAccountForEid(db, services, hoa, { accountId: id, ip: null, baseUrl: "http://portal.test" })).toEqual({ ok: false, reason: "stale" });
      expect(await confirmEidLinkWithPassword(db, services, hoa, { accountId: id, password: squatter.password, ip: null, baseUrl: "" })).toEqual({ ok: false, reason: "stale" });
      expect(await db.selectFrom("users").select("id").execute()).toHaveLength(2);
    } finally {
      await close();
    }
  });

  it("closes it once when the holder disowns it twice at the same time, with one new account", async () => {
    const { db, close } = await migratedDatabase(engine);
    try {
      const { services, mails } = testServices();
      const id = await registered(db, services, mails);
      const input = { accountId: id, ip: null, baseUrl: "http://portal.test" };
      const results = await Promise.all([disownAccountForEid(db, services, hoa, input), disownAccountForEid(db, services, hoa, input)]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: "stale" }]);
      expect(await db.selectFrom("users").select("id").execute()).toHaveLength(2);
      expect(mails.filter((m) => m.kind === "closedByEidHolder")).toHaveLength(1);
    } finally {
      await close();
    }
  });
});
