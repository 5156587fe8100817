import { createHash, randomBytes } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { recordAudit } from "../../platform/audit.server";
import { newId } from "../../platform/ids.server";
import { consume, peek, POLICIES, rateLimitPolicies, reset, type RateLimitDecision, type SignInPolicies } from "../../platform/rate-limit.server";
import {
  closeUnverifiedAccountWithCccd,
  consentsOf,
  deleteSessionsOf,
  emailOrCccdInUse,
  expireTokens,
  findUserById,
  findUserByEidSubject,
  findUserByIdentifier,
  insertConsent,
  isUniqueViolation,
  insertToken,
  linkUnverifiedAccountWithCccd,
  insertUser,
  organisationsOf,
  accountEventsOf,
  sessionRowsOf,
  tokenIsUsable,
  tokenOwner,
  updateUser,
  useToken,
} from "./accounts.repo.server";
import { maskEmail } from "./accounts";
import { parseIdentifier, type Registration } from "./accounts.schema";

// Citizen accounts: registration with e-mail verification, sign-in with rate limits and lock-out, password reset.
// Nothing here tells a visitor whether an address or a CCCD has an account: the answers and their timing are the
// same, and what differs goes by e-mail to the address's owner (docs/decisions/0010-identity.md).

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

/** What the use cases need from the outside: password rules and hashing, and the mail outbox. */
export interface AccountServices {
  /** The password policy: null when acceptable, else an i18n key. */
  passwordProblem(password: string, context: string[]): string | null;
  hashPassword(password: string): Promise<string>;
  verifyPassword(hash: string, password: string): Promise<boolean>;
  /** Costs what a verification costs, for unknown accounts (no enumeration by timing). */
  dummyVerify(password: string): Promise<void>;
  /** Queue a mail in the same transaction as the change it reports. */
  sendMail(trx: Trx, mail: AccountMail): Promise<void>;
}

export type AccountMail =
  | { kind: "verifyEmail"; to: string; name: string; link: string }
  | { kind: "alreadyRegistered"; to: string; name: string; signInLink: string; resetLink: string }
  | { kind: "resetPassword"; to: string; name: string; link: string; minutes: number }
  | { kind: "locked"; to: string; name: string; until: string; resetLink: string }
  | { kind: "closedByEidHolder"; to: string; name: string; at: string; signInLink: string };

export const VERIFY_EMAIL_TTL_MS = 48 * 60 * 60_000;
export const RESET_PASSWORD_TTL_MS = 60 * 60_000;
export const PRIVACY_NOTICE_VERSION = "2026-11";

function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export type RegisterResult = { ok: true } | { ok: false; issues: { path: string; message: string }[] };

/**
 * Register a citizen. The answer is the same whether or not the address or the CCCD is known ("check your
 * e-mail"); a known address gets a mail saying so, with links to sign in or reset the password.
 */
export async function registerCitizen(
  db: Db,
  services: AccountServices,
  input: Registration & { baseUrl: string; ip: string | null; now?: Date },
): Promise<RegisterResult> {
  const now = input.now ?? new Date();
  const problem = services.passwordProblem(input.password, [input.fullName, input.email, input.email.split("@")[0] ?? "", input.cccd]);
  if (problem) return { ok: false, issues: [{ path: "password", message: problem }] };
  const passwordHash = await services.hashPassword(input.password);
  await db.transaction().execute(async (trx) => {
    const inUse = await emailOrCccdInUse(trx, input.email, input.cccd);
    if (inUse.email || inUse.cccd) {
      await services.sendMail(trx, {
        kind: "alreadyRegistered",
        to: input.email,
        name: input.fullName,
        signInLink: `${input.baseUrl}/sign-in`,
        resetLink: `${input.baseUrl}/forgot-password`,
      });
      await recordAudit(trx, { actor: { type: "anonymous" }, action: "account.registerExisting", ip: input.ip, at: now });
      return;
    }
    const id = newId();
    const at = now.toISOString();
    await insertUser(trx, {
      id,
      kind: "citizen",
      status: "active",
      full_name: input.fullName,
      cccd: input.cccd,
      birth_date: input.birthDate,
      email: input.email,
      phone: input.phone,
      password_hash: passwordHash,
      email_verified_at: null,
      eid_verified_at: null,
      totp_secret: null,
      totp_confirmed_at: null,
      totp_last_step: null,
      created_at: at,
      updated_at: at,
    });
    await insertConsent(trx, { id: newId(), userId: id, purpose: "privacy-notice", version: PRIVACY_NOTICE_VERSION, at });
    const { token, hash } = newToken();
    await insertToken(trx, { id: newId(), userId: id, purpose: "verify_email", tokenHash: hash, expiresAt: new Date(now.getTime() + VERIFY_EMAIL_TTL_MS).toISOString(), createdAt: at });
    await services.sendMail(trx, { kind: "verifyEmail", to: input.email, name: input.fullName, link: `${input.baseUrl}/verify-email/${token}` });
    await recordAudit(trx, { actor: { type: "citizen", id }, action: "account.registered", entity: { type: "user", id }, ip: input.ip, at: now });
  });
  return { ok: true };
}

/** Follow a verification link: the address is confirmed once; an old or used link says so. */
export async function verifyEmail(db: Db, token: string, now = new Date()): Promise<{ ok: true; userId: string } | { ok: false }> {
  if (!/^[\w-]{20,100}$/.test(token)) return { ok: false };
  return db.transaction().execute(async (trx) => {
    const userId = await useToken(trx, hashToken(token), "verify_email", now.toISOString());
    if (!userId) return { ok: false as const };
    await updateUser(trx, userId, { email_verified_at: now.toISOString(), updated_at: now.toISOString() });
    await recordAudit(trx, { actor: { type: "citizen", id: userId }, action: "account.emailVerified", entity: { type: "user", id: userId }, at: now });
    return { ok: true as const, userId };
  });
}

export type SignInResult =
  | { ok: true; userId: string; kind: "citizen" | "official"; needsSecondFactor: boolean }
  | { ok: false; reason: "invalid" }
  /** The right password of an account an administrator has disabled: said only to who knows the password. */
  | { ok: false; reason: "disabled" }
  | { ok: false; reason: "unverified"; email: string }
  | { ok: false; reason: "slowed"; retryAfterMs: number }
  | { ok: false; reason: "locked"; retryAfterMs: number };

const accountKey = (id: string) => `signin:account:${id}`;
const ipKey = (ip: string) => `signin:ip:${ip}`;
/** Failures with an identifier that names no account: counted under a hash of it (no typed address kept). */
const identifierKey = (identifier: string) => `signin:identifier:${createHash("sha256").update(identifier).digest("hex")}`;

type HeldBack = { ok: false; reason: "slowed" | "locked"; retryAfterMs: number };
const heldBack = (decision: RateLimitDecision): HeldBack | null =>
  decision.allowed ? null : { ok: false, reason: decision.blocked ? "locked" : "slowed", retryAfterMs: decision.retryAfterMs };

/**
 * Every check of a password against an account goes through these two: whether the address or the account must wait
 * (or is locked), and counting a wrong password. Password sign-in and confirming an eID link with the password share
 * the keys and the policies, so neither is a way around the other's lock-out.
 */
async function passwordAttemptHeldBack(db: Db, input: { ip: string | null; failureKey?: string; now: Date; policies: SignInPolicies }): Promise<HeldBack | null> {
  if (input.ip) {
    const byIp = heldBack(await peek(db, ipKey(input.ip), input.policies.signInIp, input.now));
    if (byIp) return byIp;
  }
  return input.failureKey ? heldBack(await peek(db, input.failureKey, input.policies.signInAccount, input.now)) : null;
}

/** Count a wrong password (per address, and per account or per unknown identifier); the lock-out mails the owner. */
async function countWrongPassword(
  db: Db,
  services: AccountServices,
  input: { user: { id: string; email: string | null; fullName: string } | undefined; failureKey: string; ip: string | null; baseUrl: string; requestId?: string; now: Date; policies: SignInPolicies },
): Promise<RateLimitDecision> {
  const { user, ip, now, policies } = input;
  if (ip) await consume(db, ipKey(ip), policies.signInIp, now);
  return db.transaction().execute(async (trx) => {
    const counted = await consume(trx, input.failureKey, policies.signInAccount, now);
    if (!user) return counted;
    await recordAudit(trx, { actor: { type: "anonymous" }, action: "account.signInFailed", entity: { type: "user", id: user.id }, ip, requestId: input.requestId, at: now });
    // The attempt that reaches the lock-out tells the owner (once per lock).
    if (counted.allowed && counted.count === policies.signInAccount.blockAfter && user.email) {
      const until = new Date(now.getTime() + policies.signInAccount.blockMs).toISOString();
      await services.sendMail(trx, { kind: "locked", to: user.email, name: user.fullName, until, resetLink: `${input.baseUrl}/forgot-password` });
      await recordAudit(trx, { actor: { type: "system" }, action: "account.locked", entity: { type: "user", id: user.id }, ip, requestId: input.requestId, at: now });
    }
    return counted;
  });
}

/**
 * Sign in with an e-mail address or CCCD and a password. Failures are counted per account and per address:
 * slowed after 5, locked for an hour at 20 (and the owner is told by e-mail). "invalid" for an unknown account
 * and for a wrong password alike, with the same cost; an identifier that names no account is slowed and locked
 * exactly like one that does (counted under its own key), so no answer tells whether an account exists.
 */
export async function signIn(
  db: Db,
  services: AccountServices,
  input: { identifier: string; password: string; ip: string | null; baseUrl: string; now?: Date; policies?: SignInPolicies },
): Promise<SignInResult> {
  const now = input.now ?? new Date();
  const policies = input.policies ?? rateLimitPolicies();
  const byIp = await passwordAttemptHeldBack(db, { ip: input.ip, now, policies });
  if (byIp) return byIp;
  const identifier = parseIdentifier(input.identifier);
  const user = identifier ? await findUserByIdentifier(db, identifier) : undefined;
  const failureKey = user ? accountKey(user.id) : identifierKey(identifier ? Object.entries(identifier).flat().join(":") : input.identifier.trim().toLowerCase());
  const byAccount = await passwordAttemptHeldBack(db, { ip: null, failureKey, now, policies });
  if (byAccount) return byAccount;
  // A disabled account's password is checked like any other (same cost, same counting when wrong); only the right
  // one learns that the account is disabled, so the answer reveals nothing to someone guessing addresses.
  const checkable = user?.passwordHash && (user.status === "active" || user.status === "disabled");
  const matches = checkable ? await services.verifyPassword(user.passwordHash!, input.password) : (await services.dummyVerify(input.password), false);
  if (!user || !matches) {
    const counted = await countWrongPassword(db, services, { user, failureKey, ip: input.ip, baseUrl: input.baseUrl, now, policies });
    // The failure that reaches the lock-out says so at once (for an unknown identifier too).
    if (counted.allowed && counted.count >= policies.signInAccount.blockAfter) return { ok: false, reason: "locked", retryAfterMs: policies.signInAccount.blockMs };
    return { ok: false, reason: "invalid" };
  }
  if (user.status === "disabled") {
    await recordAudit(db, { actor: { type: "anonymous" }, action: "account.signInDisabled", entity: { type: "user", id: user.id }, ip: input.ip, at: now });
    return { ok: false, reason: "disabled" };
  }
  if (user.kind === "citizen" && !user.emailVerifiedAt && !user.eidVerifiedAt) return { ok: false, reason: "unverified", email: user.email ?? "" };
  await reset(db, accountKey(user.id));
  await recordAudit(db, { actor: { type: user.kind, id: user.id }, action: "account.signedIn", entity: { type: "user", id: user.id }, ip: input.ip, at: now });
  return { ok: true, userId: user.id, kind: user.kind, needsSecondFactor: user.kind === "official" };
}

/** Send a new verification link (limited per account). Always "ok": the page says the same to everyone. */
export async function resendVerification(db: Db, services: AccountServices, input: { email: string; baseUrl: string; now?: Date }): Promise<void> {
  const now = input.now ?? new Date();
  const user = await findUserByIdentifier(db, { email: input.email });
  if (!user || user.emailVerifiedAt || !user.email) return;
  const limited = await consume(db, `mail:account:${user.id}`, POLICIES.mailToAccount, now);
  if (!limited.allowed) return;
  await db.transaction().execute(async (trx) => {
    await expireTokens(trx, user.id, "verify_email", now.toISOString());
    const { token, hash } = newToken();
    await insertToken(trx, { id: newId(), userId: user.id, purpose: "verify_email", tokenHash: hash, expiresAt: new Date(now.getTime() + VERIFY_EMAIL_TTL_MS).toISOString(), createdAt: now.toISOString() });
    await services.sendMail(trx, { kind: "verifyEmail", to: user.email!, name: user.fullName, link: `${input.baseUrl}/verify-email/${token}` });
  });
}

/** Ask for a reset link. Always "ok" to the visitor; the link goes only to the account's address. */
export async function requestPasswordReset(db: Db, services: AccountServices, input: { email: string; baseUrl: string; ip: string | null; now?: Date }): Promise<void> {
  const now = input.now ?? new Date();
  const user = await findUserByIdentifier(db, { email: input.email });
  if (!user || !user.email || user.status !== "active") return;
  const limited = await consume(db, `mail:account:${user.id}`, POLICIES.mailToAccount, now);
  if (!limited.allowed) return;
  await db.transaction().execute(async (trx) => {
    await expireTokens(trx, user.id, "reset_password", now.toISOString());
    const { token, hash } = newToken();
    await insertToken(trx, { id: newId(), userId: user.id, purpose: "reset_password", tokenHash: hash, expiresAt: new Date(now.getTime() + RESET_PASSWORD_TTL_MS).toISOString(), createdAt: now.toISOString() });
    await services.sendMail(trx, { kind: "resetPassword", to: user.email!, name: user.fullName, link: `${input.baseUrl}/reset-password/${token}`, minutes: RESET_PASSWORD_TTL_MS / 60_000 });
    await recordAudit(trx, { actor: { type: "anonymous" }, action: "account.resetRequested", entity: { type: "user", id: user.id }, ip: input.ip, at: now });
  });
}

export async function resetLinkIsValid(db: Db, token: string, now = new Date()): Promise<boolean> {
  return /^[\w-]{20,100}$/.test(token) && tokenIsUsable(db, hashToken(token), "reset_password", now.toISOString());
}

export type ResetResult = { ok: true; userId: string } | { ok: false; reason: "expired" } | { ok: false; reason: "weak"; message: string };

/**
 * Set a new password with a reset link: the link works once; the account's failed sign-ins are forgotten and the
 * address counts as verified (the link proved it). The caller ends every session of the account.
 */
export async function resetPassword(db: Db, services: AccountServices, input: { token: string; password: string; now?: Date }): Promise<ResetResult> {
  const now = input.now ?? new Date();
  if (!/^[\w-]{20,100}$/.test(input.token)) return { ok: false, reason: "expired" };
  const valid = await tokenIsUsable(db, hashToken(input.token), "reset_password", now.toISOString());
  if (!valid) return { ok: false, reason: "expired" };
  const ownerId = await tokenOwner(db, hashToken(input.token));
  const user = ownerId ? await findUserById(db, ownerId) : undefined;
  if (!user) return { ok: false, reason: "expired" };
  const problem = services.passwordProblem(input.password, [user.fullName, user.email ?? "", user.cccd ?? ""]);
  if (problem) return { ok: false, reason: "weak", message: problem };
  const passwordHash = await services.hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const userId = await useToken(trx, hashToken(input.token), "reset_password", now.toISOString());
    if (!userId) return { ok: false as const, reason: "expired" as const };
    await updateUser(trx, userId, {
      password_hash: passwordHash,
      email_verified_at: user.emailVerifiedAt ?? now.toISOString(),
      updated_at: now.toISOString(),
    });
    await reset(trx, accountKey(userId));
    await recordAudit(trx, { actor: { type: user.kind, id: userId }, action: "account.passwordReset", entity: { type: "user", id: userId }, at: now });
    return { ok: true as const, userId };
  });
}

export async function recordSignOut(db: Db, input: { userId: string; kind: "citizen" | "official"; ip: string | null; requestId?: string }): Promise<void> {
  await recordAudit(db, { actor: { type: input.kind, id: input.userId }, action: "account.signedOut", entity: { type: "user", id: input.userId }, ip: input.ip, requestId: input.requestId });
}

export async function recordSignOutEverywhere(db: Db, input: { userId: string; kind: "citizen" | "official"; ended: number; ip: string | null }): Promise<void> {
  await recordAudit(db, { actor: { type: input.kind, id: input.userId }, action: "account.signedOutEverywhere", entity: { type: "user", id: input.userId }, ip: input.ip, details: { ended: input.ended } });
}

/** The account's profile as its owner sees it (never the password hash or the second factor's secret). */
export async function profileOf(db: Db, userId: string) {
  const user = await findUserById(db, userId);
  if (!user) return null;
  return {
    id: user.id,
    kind: user.kind,
    fullName: user.fullName,
    cccd: user.cccd,
    birthDate: user.birthDate,
    email: user.email,
    phone: user.phone,
    emailVerifiedAt: user.emailVerifiedAt,
    eidVerifiedAt: user.eidVerifiedAt,
    /** The national-eID account this account is linked to, if any. */
    eidLink: user.eidIssuer && user.eidSubject ? { issuer: user.eidIssuer, subject: user.eidSubject } : null,
    /** Whether a password opens the account (never the hash itself). */
    hasPassword: user.passwordHash !== null,
    createdAt: user.createdAt,
    consents: await consentsOf(db, userId),
  };
}

/**
 * Everything the portal holds about a person (Decree 13/2023/NĐ-CP, the data subject's right of access): the
 * profile, consents, organisations represented, sessions and the audit trail of their account.
 */
export async function personalDataExport(db: Db, userId: string, now = new Date()) {
  const profile = await profileOf(db, userId);
  if (!profile) return null;
  const [consents, organisations, sessions, events] = await Promise.all([
    consentsOf(db, userId),
    organisationsOf(db, userId),
    sessionRowsOf(db, userId),
    accountEventsOf(db, userId),
  ]);
  return { exportedAt: now.toISOString(), profile, consents, organisations, sessions, events };
}

/** What a national-eID sign-in vouches for (the provider's claims, checked by the OIDC client). */
export interface VerifiedIdentity {
  /** The provider that vouched for it (the ID token's `iss`). */
  issuer: string;
  /** The provider's stable identifier for this person. */
  subject: string;
  cccd: string;
  fullName: string;
  birthDate: string;
  level: string;
}

/**
 * Why an eID sign-in opened no account: the account is disabled; it is an official's (officials sign in with their
 * password and second factor, never through eID); or the eID subject is linked to an account whose CCCD is not the
 * one the provider now asserts (never signed in, never silently re-linked: the citizen or support sorts it out).
 */
export type EidRefusal = "disabled" | "official" | "subjectMismatch";
export type EidSignInOutcome =
  | { ok: true; userId: string; created: boolean; linkedBy: "subject" | "cccd" | "created" }
  | { ok: false; reason: EidRefusal }
  /**
   * An account registered with this CCCD, never verified by eID, that a password opens: nothing was changed. The eID
   * holder proves it is theirs with that password (confirmEidLinkWithPassword) or disowns it (disownAccountForEid).
   */
  | { ok: false; reason: "confirmLink"; accountId: string };

type UserRow = NonNullable<Awaited<ReturnType<typeof findUserById>>>;

/**
 * Must the eID holder prove that the account found by their CCCD is theirs before it is linked? Anyone can register a
 * password account with someone else's CCCD and their own e-mail address, so the CCCD alone proves nothing about who
 * holds the account: linking it would hand the holder's verified identity (and everything filed under it) to whoever
 * knows that password or reads that mailbox. An account that eID already verified, or that no password opens, can
 * only have been opened by the eID holder: it is linked on the CCCD as before.
 */
function linkNeedsProof(user: UserRow): boolean {
  return user.eidVerifiedAt === null && user.passwordHash !== null;
}

/** The account still waits for the eID holder's choice (nothing linked, closed or changed it since). */
function awaitsEidLink(user: UserRow | undefined, cccd: string): user is UserRow {
  return user !== undefined && user.kind === "citizen" && user.status === "active" && user.cccd === cccd && linkNeedsProof(user);
}

/**
 * Sign in with the national eID. The account is found by the provider's subject first; else by the CCCD, and then
 * linked to the subject (or, when a password opens it and eID never verified it, left alone until the person proves
 * it is theirs: "confirmLink"); else created from the verified identity. Either way the identity is marked as verified
 * by eID (name and date of birth are taken from the provider, which is authoritative for them). Refusals are audited.
 */
export async function signInWithEid(
  db: Db,
  identity: VerifiedIdentity,
  input: { ip: string | null; requestId?: string; now?: Date },
): Promise<EidSignInOutcome> {
  try {
    return await eidSignInOnce(db, identity, input);
  } catch (error) {
    // Two first sign-ins of the same person at once: the other created or linked the account; this one finds it.
    if (isUniqueViolation(error)) return eidSignInOnce(db, identity, input);
    throw error;
  }
}

async function eidSignInOnce(db: Db, identity: VerifiedIdentity, input: { ip: string | null; requestId?: string; now?: Date }): Promise<EidSignInOutcome> {
  const at = input.now ?? new Date();
  const now = at.toISOString();
  const { ip, requestId } = input;
  const link = { issuer: identity.issuer, subject: identity.subject };
  return db.transaction().execute(async (trx): Promise<EidSignInOutcome> => {
    const refuse = async (reason: EidRefusal, userId: string, details: Record<string, unknown> = {}) => {
      await recordAudit(trx, {
        actor: { type: "anonymous" },
        action: "account.eidSignInRefused",
        entity: { type: "user", id: userId },
        ip,
        requestId,
        at,
        details: { reason, ...link, level: identity.level, ...details },
      });
      return { ok: false as const, reason };
    };
    const verified = { eid_verified_at: now, full_name: identity.fullName, birth_date: identity.birthDate, updated_at: now };
    const signedIn = async (userId: string, linkedBy: "subject" | "cccd") => {
      await recordAudit(trx, { actor: { type: "citizen", id: userId }, action: "account.signedInWithEid", entity: { type: "user", id: userId }, ip, requestId, at, details: { level: identity.level, linkedBy } });
      return { ok: true as const, userId, created: false, linkedBy };
    };

    const bySubject = await findUserByEidSubject(trx, identity.issuer, identity.subject);
    if (bySubject) {
      if (bySubject.kind !== "citizen") return refuse("official", bySubject.id);
      if (bySubject.cccd !== identity.cccd) return refuse("subjectMismatch", bySubject.id, { assertedCccd: identity.cccd });
      if (bySubject.status === "disabled") return refuse("disabled", bySubject.id);
      await updateUser(trx, bySubject.id, verified);
      return signedIn(bySubject.id, "subject");
    }

    const byCccd = await findUserByIdentifier(trx, { cccd: identity.cccd });
    if (byCccd) {
      if (byCccd.kind !== "citizen") return refuse("official", byCccd.id);
      if (byCccd.status === "disabled") return refuse("disabled", byCccd.id);
      if (linkNeedsProof(byCccd)) {
        await recordAudit(trx, { actor: { type: "anonymous" }, action: "account.eidLinkPending", entity: { type: "user", id: byCccd.id }, ip, requestId, at, details: { ...link, level: identity.level } });
        return { ok: false, reason: "confirmLink", accountId: byCccd.id };
      }
      // The provider vouches that this person holds the CCCD, and only they can have opened this account: it is
      // theirs, and from now on it is found by the subject (an earlier link, to another subject or issuer, is replaced
      // and kept in the audit trail).
      await updateUser(trx, byCccd.id, { ...verified, eid_issuer: identity.issuer, eid_subject: identity.subject });
      const previous = byCccd.eidSubject ? { issuer: byCccd.eidIssuer, subject: byCccd.eidSubject } : null;
      await recordAudit(trx, { actor: { type: "citizen", id: byCccd.id }, action: "account.eidLinked", entity: { type: "user", id: byCccd.id }, ip, requestId, at, details: { ...link, previous } });
      return signedIn(byCccd.id, "cccd");
    }

    const id = await insertEidAccount(trx, identity, now);
    await recordAudit(trx, { actor: { type: "citizen", id }, action: "account.createdWithEid", entity: { type: "user", id }, ip, requestId, at, details: { level: identity.level, ...link } });
    return { ok: true, userId: id, created: true, linkedBy: "created" };
  });
}

/** A citizen account made from an eID-verified identity: linked to the subject, no password, no e-mail yet. */
async function insertEidAccount(trx: Trx, identity: VerifiedIdentity, now: string): Promise<string> {
  const id = newId();
  await insertUser(trx, {
    id,
    kind: "citizen",
    status: "active",
    full_name: identity.fullName,
    cccd: identity.cccd,
    birth_date: identity.birthDate,
    email: null,
    phone: null,
    password_hash: null,
    email_verified_at: null,
    eid_verified_at: now,
    eid_issuer: identity.issuer,
    eid_subject: identity.subject,
    totp_secret: null,
    totp_confirmed_at: null,
    totp_last_step: null,
    created_at: now,
    updated_at: now,
  });
  return id;
}

/** What the eID holder is shown of the account registered with their CCCD: its address, masked, and when it was made. */
export interface EidLinkCandidate {
  maskedEmail: string | null;
  createdAt: string;
}

/** The account waiting for the eID holder's choice, as they may see it; null once nothing waits any more. */
export async function eidLinkCandidate(db: Db, input: { accountId: string; cccd: string }): Promise<EidLinkCandidate | null> {
  const user = await findUserById(db, input.accountId);
  if (!awaitsEidLink(user, input.cccd)) return null;
  return { maskedEmail: user.email ? maskEmail(user.email) : null, createdAt: user.createdAt };
}

/** "stale": the account no longer waits for this choice (linked, closed or changed meanwhile): sign in with eID again. */
export type EidLinkConfirmation = { ok: true; userId: string } | { ok: false; reason: "invalid" | "stale" } | HeldBack;

/**
 * "This is my account": the eID holder proves that the account registered with their CCCD is theirs with its
 * password. Checked and counted exactly as a password sign-in (the same keys and policies: slowed after 5 wrong
 * passwords, locked at 20 with a mail to the account's address), so this form is no way around the lock-out. The
 * right password links the account to the eID subject and marks it verified, in one transaction with its audit rows.
 */
export async function confirmEidLinkWithPassword(
  db: Db,
  services: AccountServices,
  identity: VerifiedIdentity,
  input: { accountId: string; password: string; ip: string | null; requestId?: string; baseUrl: string; now?: Date; policies?: SignInPolicies },
): Promise<EidLinkConfirmation> {
  const at = input.now ?? new Date();
  const { ip, requestId } = input;
  const policies = input.policies ?? rateLimitPolicies();
  const user = await findUserById(db, input.accountId);
  if (!awaitsEidLink(user, identity.cccd)) return { ok: false, reason: "stale" };
  const failureKey = accountKey(user.id);
  const held = await passwordAttemptHeldBack(db, { ip, failureKey, now: at, policies });
  if (held) return held;
  if (!(await services.verifyPassword(user.passwordHash!, input.password))) {
    const counted = await countWrongPassword(db, services, { user, failureKey, ip, baseUrl: input.baseUrl, requestId, now: at, policies });
    if (counted.allowed && counted.count >= policies.signInAccount.blockAfter) return { ok: false, reason: "locked", retryAfterMs: policies.signInAccount.blockMs };
    return { ok: false, reason: "invalid" };
  }
  const now = at.toISOString();
  const link = { issuer: identity.issuer, subject: identity.subject };
  try {
    return await db.transaction().execute(async (trx): Promise<EidLinkConfirmation> => {
      const values = { eid_verified_at: now, full_name: identity.fullName, birth_date: identity.birthDate, eid_issuer: identity.issuer, eid_subject: identity.subject, updated_at: now };
      if (!(await linkUnverifiedAccountWithCccd(trx, user.id, identity.cccd, values))) return { ok: false, reason: "stale" };
      await reset(trx, accountKey(user.id));
      await recordAudit(trx, { actor: { type: "citizen", id: user.id }, action: "account.eidLinked", entity: { type: "user", id: user.id }, ip, requestId, at, details: { ...link, previous: null, confirmedBy: "password" } });
      await recordAudit(trx, { actor: { type: "citizen", id: user.id }, action: "account.signedInWithEid", entity: { type: "user", id: user.id }, ip, requestId, at, details: { level: identity.level, linkedBy: "password" } });
      return { ok: true, userId: user.id };
    });
  } catch (error) {
    // The subject opened another account meanwhile (another tab chose "not mine"): that one is the holder's now.
    if (isUniqueViolation(error)) return { ok: false, reason: "stale" };
    throw error;
  }
}

export type EidDisownResult = { ok: true; userId: string } | { ok: false; reason: "stale" };

/**
 * "This is not my account": the eID holder's claim to their CCCD wins. In one transaction the account registered
 * with it is disabled and its CCCD removed, every session of it ends and its pending links stop working, a mail tells
 * its address why, and a new account is made from the verified identity for the holder (audited on both accounts).
 */
export async function disownAccountForEid(
  db: Db,
  services: AccountServices,
  identity: VerifiedIdentity,
  input: { accountId: string; ip: string | null; requestId?: string; baseUrl: string; now?: Date },
): Promise<EidDisownResult> {
  const at = input.now ?? new Date();
  const now = at.toISOString();
  const { ip, requestId } = input;
  const link = { issuer: identity.issuer, subject: identity.subject };
  try {
    return await db.transaction().execute(async (trx): Promise<EidDisownResult> => {
      const other = await findUserById(trx, input.accountId);
      if (!awaitsEidLink(other, identity.cccd)) return { ok: false, reason: "stale" };
      if (await findUserByEidSubject(trx, identity.issuer, identity.subject)) return { ok: false, reason: "stale" };
      // Conditional: of two such requests at once, the second finds nothing to close.
      if (!(await closeUnverifiedAccountWithCccd(trx, other.id, { cccd: identity.cccd, at: now }))) return { ok: false, reason: "stale" };
      const sessionsEnded = await deleteSessionsOf(trx, other.id);
      await expireTokens(trx, other.id, "reset_password", now);
      await expireTokens(trx, other.id, "verify_email", now);
      const id = await insertEidAccount(trx, identity, now);
      await recordAudit(trx, {
        actor: { type: "citizen", id },
        action: "account.closedByEidHolder",
        entity: { type: "user", id: other.id },
        ip,
        requestId,
        at,
        details: { ...link, level: identity.level, sessionsEnded, newAccount: id },
      });
      await recordAudit(trx, { actor: { type: "citizen", id }, action: "account.createdWithEid", entity: { type: "user", id }, ip, requestId, at, details: { level: identity.level, ...link, replaces: other.id } });
      if (other.email) {
        await services.sendMail(trx, { kind: "closedByEidHolder", to: other.email, name: other.fullName, at: now, signInLink: `${input.baseUrl}/sign-in` });
      }
      return { ok: true, userId: id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: "stale" };
    throw error;
  }
}

export type UnlinkEidResult = { ok: true } | { ok: false; reason: "notLinked" | "noPassword" };

/**
 * Unlink the account from its national-eID account. Only an account with a password may be unlinked: eID is
 * otherwise its only way in. The identity stays verified (that happened); a later eID sign-in with the same CCCD
 * links the account again.
 */
export async function unlinkEid(db: Db, input: { userId: string; ip: string | null; requestId?: string; now?: Date }): Promise<UnlinkEidResult> {
  const at = input.now ?? new Date();
  return db.transaction().execute(async (trx): Promise<UnlinkEidResult> => {
    const user = await findUserById(trx, input.userId);
    if (!user?.eidSubject) return { ok: false, reason: "notLinked" };
    if (!user.passwordHash) return { ok: false, reason: "noPassword" };
    await updateUser(trx, user.id, { eid_issuer: null, eid_subject: null, updated_at: at.toISOString() });
    await recordAudit(trx, {
      actor: { type: user.kind, id: user.id },
      action: "account.eidUnlinked",
      entity: { type: "user", id: user.id },
      ip: input.ip,
      requestId: input.requestId,
      at,
      details: { issuer: user.eidIssuer, subject: user.eidSubject },
    });
    return { ok: true };
  });
}
