import { randomBytes } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { Database, OfficialRole } from "../../../db/schema";
import { recordAudit } from "../../platform/audit.server";
import { newId } from "../../platform/ids.server";
import { consume, peek, POLICIES, reset } from "../../platform/rate-limit.server";
import { open, openSealed, seal, type SecretKeys } from "../../platform/secret-box.server";
import { findRecoveryCode, generateRecoveryCodes, generateTotpSecret, hashRecoveryCode, totpUri, verifyTotp } from "../../platform/totp.server";
import { findUserById, findUserByIdentifier, insertToken, insertUser, rolesOf, tokenIsUsable, tokenOwner, updateUser } from "../accounts/accounts.repo.server";
import { hashToken } from "../accounts/accounts.server";
import { can, OFFICIAL_ROLES } from "../access/permissions";
import { todayInVietnam } from "../shared/format";
import {
  advanceTotpStep,
  agencyById,
  agencyEverById,
  agencyIdByCode,
  auditEventsAbout,
  deleteRolesAt,
  deleteSessionsOf,
  insertRoles,
  lockActiveAdministrators,
  officialRows,
  replaceRecoveryCodes,
  rolesWithAgencyNames,
  setUserStatus,
  spendInvitations,
  spendOpenTokens,
  unusedRecoveryCodes,
  usableInvitation,
  spendRecoveryCode,
} from "./officials.repo.server";
import { REASON_MAX, statusAfterEnabling, statusChangeRefusal, type OfficialStatus, type StatusChange, type StatusRefusal } from "./officials";

// Officials (issue 4, item 4): invited by a system administrator (or, for the very first one, by the command line),
// they choose a password, enrol an authenticator app (TOTP, the secret sealed at rest) and keep ten one-time
// recovery codes; every sign-in then asks for a code. Roles are held per agency.

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60_000;
export const RECOVERY_CODE_COUNT = 10;
export const MANAGE_OFFICIALS = "manage:official:any" as const;

export interface InvitationMail {
  to: string;
  name: string;
  link: string;
  agencyName: string;
  roles: readonly OfficialRole[];
  validDays: number;
  invitedBy: string | null;
}

/** What the use cases need from the outside. */
export interface OfficialServices {
  /** The password policy: null when acceptable, else an i18n key. */
  passwordProblem(password: string, context: string[]): string | null;
  hashPassword(password: string): Promise<string>;
  /** Queue the invitation in the same transaction as the account it invites to. */
  sendInvitation(trx: Trx, mail: InvitationMail): Promise<void>;
  /** The keys that seal TOTP secrets at rest (the current one seals; previous ones still open). */
  secretKey: SecretKeys;
}

const totpKey = (userId: string) => `totp:account:${userId}`;
const isRole = (value: string): value is OfficialRole => (OFFICIAL_ROLES as readonly string[]).includes(value);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An active official as an actor with their roles, or null (unknown, not an official, invited or disabled). */
export async function officialActorOf(db: Db | Trx, userId: string) {
  const user = await findUserById(db, userId);
  if (!user || user.kind !== "official" || user.status !== "active") return null;
  return { kind: "official" as const, userId, roles: await rolesOf(db, userId), fullName: user.fullName };
}

async function mayManage(db: Db | Trx, actorUserId: string) {
  const actor = await officialActorOf(db, actorUserId);
  return actor && can(actor, MANAGE_OFFICIALS) ? actor : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Invitations
// ---------------------------------------------------------------------------------------------------------------

export interface InviteInput {
  fullName: string;
  email: string;
  agencyId: string;
  roles: readonly string[];
  baseUrl: string;
  ip?: string | null;
  now?: Date;
}

export type InviteField = "fullName" | "email" | "agencyId" | "roles";
export type InviteResult =
  | { ok: true; userId: string; link: string }
  | { ok: false; reason: "forbidden" }
  | { ok: false; reason: "invalid"; errors: Partial<Record<InviteField, string>> };

function checkInvite(input: InviteInput): Partial<Record<InviteField, string>> {
  const errors: Partial<Record<InviteField, string>> = {};
  const name = input.fullName.trim();
  if (name.length === 0) errors.fullName = "officials:errors.fullNameRequired";
  else if (name.length > 200) errors.fullName = "officials:errors.fullNameTooLong";
  const email = input.email.trim();
  if (email.length === 0) errors.email = "officials:errors.emailRequired";
  else if (email.length > 254 || !EMAIL.test(email)) errors.email = "officials:errors.emailFormat";
  if (!input.agencyId) errors.agencyId = "officials:errors.agencyRequired";
  if (input.roles.length === 0) errors.roles = "officials:errors.rolesRequired";
  else if (!input.roles.every(isRole)) errors.roles = "officials:errors.rolesUnknown";
  return errors;
}

async function invite(db: Db, services: Pick<OfficialServices, "sendInvitation">, input: InviteInput, invitedBy: { id: string; name: string } | null): Promise<InviteResult> {
  const now = input.now ?? new Date();
  const errors = checkInvite(input);
  if (Object.keys(errors).length > 0) return { ok: false, reason: "invalid", errors };
  const email = input.email.trim().toLowerCase();
  const fullName = input.fullName.trim();
  const roles = [...new Set(input.roles.filter(isRole))];
  return db.transaction().execute(async (trx): Promise<InviteResult> => {
    // Only an agency in force today (not a dissolved one).
    const agency = await agencyById(trx, input.agencyId, todayInVietnam(now));
    if (!agency) return { ok: false, reason: "invalid", errors: { agencyId: "officials:errors.agencyUnknown" } };
    if (await findUserByIdentifier(trx, { email })) return { ok: false, reason: "invalid", errors: { email: "officials:errors.emailInUse" } };
    const id = newId();
    const at = now.toISOString();
    await insertUser(trx, {
      id,
      kind: "official",
      status: "invited",
      full_name: fullName,
      cccd: null,
      birth_date: null,
      email,
      phone: null,
      password_hash: null,
      // The invitation link proves the address.
      email_verified_at: null,
      eid_verified_at: null,
      totp_secret: null,
      totp_confirmed_at: null,
      totp_last_step: null,
      created_at: at,
      updated_at: at,
    });
    await insertRoles(trx, roles.map((role) => ({ id: newId(), userId: id, agencyId: agency.id, role, grantedBy: invitedBy?.id ?? null, at })));
    const token = randomBytes(32).toString("base64url");
    await insertToken(trx, { id: newId(), userId: id, purpose: "invite", tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + INVITATION_TTL_MS).toISOString(), createdAt: at });
    const link = `${input.baseUrl}/officials/accept/${token}`;
    await services.sendInvitation(trx, { to: email, name: fullName, link, agencyName: agency.name, roles, validDays: INVITATION_TTL_MS / 86_400_000, invitedBy: invitedBy?.name ?? null });
    await recordAudit(trx, {
      actor: invitedBy ? { type: "official", id: invitedBy.id } : { type: "system" },
      action: "official.invited",
      entity: { type: "user", id },
      ip: input.ip ?? null,
      details: { agency: agency.code, roles },
      at: now,
    });
    return { ok: true, userId: id, link };
  });
}

/** Invite an official to an agency with roles; only an actor holding "manage:official:any" may. */
export async function inviteOfficial(db: Db, services: Pick<OfficialServices, "sendInvitation">, input: InviteInput & { actorUserId: string }): Promise<InviteResult> {
  const actor = await mayManage(db, input.actorUserId);
  if (!actor) return { ok: false, reason: "forbidden" };
  return invite(db, services, input, { id: actor.userId, name: actor.fullName });
}

/**
 * The command line's bootstrap (db/officials-cli.ts): an administrator's invitation made by the system, so that a
 * fresh installation can get its first administrator (system_admin unless other roles are named, e.g. catalog_admin).
 * Never reachable from a page.
 */
export async function inviteAdministratorFromConsole(
  db: Db,
  services: Pick<OfficialServices, "sendInvitation">,
  input: Omit<InviteInput, "roles"> & { roles?: readonly string[] },
): Promise<InviteResult> {
  return invite(db, services, { ...input, roles: input.roles?.length ? input.roles : ["system_admin"] }, null);
}

const TOKEN_SHAPE = /^[\w-]{20,100}$/;

async function invitee(db: Db | Trx, token: string, now: Date) {
  if (!TOKEN_SHAPE.test(token)) return null;
  const hash = hashToken(token);
  if (!(await tokenIsUsable(db, hash, "invite", now.toISOString()))) return null;
  const userId = await tokenOwner(db, hash);
  const user = userId ? await findUserById(db, userId) : undefined;
  return user && user.kind === "official" && user.status === "invited" ? user : null;
}

/** What the invitation page shows: the invitee's name and address, or null for an unknown, used or old link. */
export async function invitationOf(db: Db, token: string, now = new Date()): Promise<{ userId: string; fullName: string; email: string } | null> {
  const user = await invitee(db, token, now);
  return user ? { userId: user.id, fullName: user.fullName, email: user.email ?? "" } : null;
}

export type AcceptResult = { ok: true; userId: string } | { ok: false; reason: "expired" } | { ok: false; reason: "weak"; message: string };

/**
 * The invitee chooses a password. The account stays "invited" (it cannot sign in) until the second factor is
 * confirmed; the link stays usable until then, so an interrupted enrolment can start again from it.
 */
export async function acceptInvitation(db: Db, services: Pick<OfficialServices, "passwordProblem" | "hashPassword">, input: { token: string; password: string; ip?: string | null; now?: Date }): Promise<AcceptResult> {
  const now = input.now ?? new Date();
  const user = await invitee(db, input.token, now);
  if (!user) return { ok: false, reason: "expired" };
  const problem = services.passwordProblem(input.password, [user.fullName, user.email ?? "", (user.email ?? "").split("@")[0] ?? ""]);
  if (problem) return { ok: false, reason: "weak", message: problem };
  const passwordHash = await services.hashPassword(input.password);
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, { password_hash: passwordHash, email_verified_at: user.emailVerifiedAt ?? now.toISOString(), updated_at: now.toISOString() });
    await recordAudit(trx, { actor: { type: "official", id: user.id }, action: "official.passwordSet", entity: { type: "user", id: user.id }, ip: input.ip ?? null, at: now });
  });
  return { ok: true, userId: user.id };
}

// ---------------------------------------------------------------------------------------------------------------
// TOTP enrolment
// ---------------------------------------------------------------------------------------------------------------

/** An invitee who may enrol now: invited, a password chosen, the invitation still open. */
async function enrollee(db: Db | Trx, userId: string, now: Date) {
  const user = await findUserById(db, userId);
  if (!user || user.kind !== "official" || user.status !== "invited" || !user.passwordHash) return null;
  return (await usableInvitation(db, userId, now.toISOString())) ? user : null;
}

export type EnrolmentStart = { ok: true; secret: string; uri: string; accountName: string } | { ok: false };

/**
 * The secret to show (QR code and text): a new one sealed and stored unconfirmed, or the one already waiting (so
 * that reloading the page, or a wrong code, keeps what the app has scanned).
 */
export async function startTotpEnrolment(db: Db, services: OfficialServices, input: { userId: string; now?: Date }): Promise<EnrolmentStart> {
  const now = input.now ?? new Date();
  const user = await enrollee(db, input.userId, now);
  if (!user) return { ok: false };
  let secret = user.totpSecret && !user.totpConfirmedAt ? open(services.secretKey, user.totpSecret) : null;
  if (!secret) {
    secret = generateTotpSecret();
    await updateUser(db, user.id, { totp_secret: seal(services.secretKey, secret), totp_confirmed_at: null, totp_last_step: null, updated_at: now.toISOString() });
    await recordAudit(db, { actor: { type: "official", id: user.id }, action: "official.totpEnrolmentStarted", entity: { type: "user", id: user.id }, at: now });
  }
  const accountName = user.email ?? user.fullName;
  return { ok: true, secret, uri: totpUri({ secret, accountName }), accountName };
}

export type ConfirmResult =
  | { ok: true; recoveryCodes: string[] }
  | { ok: false; reason: "notEnrolling" | "invalid" }
  | { ok: false; reason: "slowed" | "locked"; retryAfterMs: number };

/**
 * The first code from the app confirms the enrolment: the account becomes active, the invitation is spent, and ten
 * recovery codes are made. They are returned once, for display; only their hashes are kept.
 */
export async function confirmTotp(db: Db, services: OfficialServices, input: { userId: string; code: string; ip?: string | null; now?: Date }): Promise<ConfirmResult> {
  const now = input.now ?? new Date();
  const user = await enrollee(db, input.userId, now);
  const secret = user?.totpSecret && !user.totpConfirmedAt ? open(services.secretKey, user.totpSecret) : null;
  if (!user || !secret) return { ok: false, reason: "notEnrolling" };
  const limited = await peek(db, totpKey(user.id), POLICIES.signInAccount, now);
  if (!limited.allowed) return { ok: false, reason: limited.blocked ? "locked" : "slowed", retryAfterMs: limited.retryAfterMs };
  const verified = verifyTotp(secret, input.code, { now, lastUsedStep: user.totpLastStep == null ? null : Number(user.totpLastStep) });
  if (!verified.ok) {
    await consume(db, totpKey(user.id), POLICIES.signInAccount, now);
    await recordAudit(db, { actor: { type: "official", id: user.id }, action: "official.totpConfirmFailed", entity: { type: "user", id: user.id }, ip: input.ip ?? null, at: now });
    return { ok: false, reason: "invalid" };
  }
  const codes = generateRecoveryCodes(RECOVERY_CODE_COUNT);
  await db.transaction().execute(async (trx) => {
    const at = now.toISOString();
    await updateUser(trx, user.id, { status: "active", totp_confirmed_at: at, totp_last_step: verified.step, updated_at: at });
    await spendInvitations(trx, user.id, at);
    await replaceRecoveryCodes(trx, user.id, codes.map((code) => ({ id: newId(), hash: hashRecoveryCode(code) })), at);
    await reset(trx, totpKey(user.id));
    await recordAudit(trx, { actor: { type: "official", id: user.id }, action: "official.totpConfirmed", entity: { type: "user", id: user.id }, ip: input.ip ?? null, at: now });
  });
  return { ok: true, recoveryCodes: codes };
}

// ---------------------------------------------------------------------------------------------------------------
// The second factor at sign-in
// ---------------------------------------------------------------------------------------------------------------

export type SecondFactorResult =
  | { ok: true; method: "totp" | "recovery"; recoveryCodesLeft: number | null }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "slowed" | "locked"; retryAfterMs: number };

/**
 * Check an enrolled official's code: a TOTP code (a code already used, or an older one, is refused) or an unused
 * recovery code (then spent). Failures are counted per account like password failures.
 */
export async function verifySecondFactor(db: Db, services: Pick<OfficialServices, "secretKey">, input: { userId: string; code: string; ip?: string | null; now?: Date }): Promise<SecondFactorResult> {
  const now = input.now ?? new Date();
  const user = await findUserById(db, input.userId);
  if (!user || user.kind !== "official" || user.status !== "active" || !user.totpConfirmedAt || !user.totpSecret) return { ok: false, reason: "invalid" };
  const limited = await peek(db, totpKey(user.id), POLICIES.signInAccount, now);
  if (!limited.allowed) return { ok: false, reason: limited.blocked ? "locked" : "slowed", retryAfterMs: limited.retryAfterMs };
  const at = now.toISOString();
  const code = input.code.trim().slice(0, 40);
  const fail = async (): Promise<SecondFactorResult> => {
    await consume(db, totpKey(user.id), POLICIES.signInAccount, now);
    await recordAudit(db, { actor: { type: "anonymous" }, action: "official.secondFactorFailed", entity: { type: "user", id: user.id }, ip: input.ip ?? null, at: now });
    return { ok: false, reason: "invalid" };
  };
  const opened = openSealed(services.secretKey, user.totpSecret);
  const secret = opened?.plain ?? null;
  if (/^\d{3}[\s-]?\d{3}$/.test(code)) {
    if (!secret) return fail();
    const verified = verifyTotp(secret, code, { now, lastUsedStep: user.totpLastStep == null ? null : Number(user.totpLastStep) });
    if (!verified.ok || !(await advanceTotpStep(db, user.id, verified.step, at))) return fail();
    // Sealed under a previous session secret (or the old form): sealed again under the current one (key rotation).
    if (opened?.stale) await updateUser(db, user.id, { totp_secret: seal(services.secretKey, secret) });
    await reset(db, totpKey(user.id));
    await recordAudit(db, { actor: { type: "official", id: user.id }, action: "official.secondFactor", entity: { type: "user", id: user.id }, ip: input.ip ?? null, details: { method: "totp" }, at: now });
    return { ok: true, method: "totp", recoveryCodesLeft: null };
  }
  const stored = await unusedRecoveryCodes(db, user.id);
  const index = findRecoveryCode(code, stored.map((s) => s.hash));
  const match = index >= 0 ? stored[index] : undefined;
  if (!match || !(await spendRecoveryCode(db, match.id, at))) return fail();
  await reset(db, totpKey(user.id));
  await recordAudit(db, { actor: { type: "official", id: user.id }, action: "official.recoveryCodeUsed", entity: { type: "user", id: user.id }, ip: input.ip ?? null, details: { left: stored.length - 1 }, at: now });
  return { ok: true, method: "recovery", recoveryCodesLeft: stored.length - 1 };
}

// ---------------------------------------------------------------------------------------------------------------
// Administration
// ---------------------------------------------------------------------------------------------------------------

export type SetRolesResult = { ok: true } | { ok: false; reason: "forbidden" | "notFound" | "invalid" };

/** Replace an official's roles at one agency (an empty list removes them from it). Administrators only. */
export async function setRoles(db: Db, input: { actorUserId: string; userId: string; agencyId: string; roles: readonly string[]; ip?: string | null; now?: Date }): Promise<SetRolesResult> {
  const now = input.now ?? new Date();
  const actor = await mayManage(db, input.actorUserId);
  if (!actor) return { ok: false, reason: "forbidden" };
  if (!input.roles.every(isRole)) return { ok: false, reason: "invalid" };
  const roles = [...new Set(input.roles.filter(isRole))];
  return db.transaction().execute(async (trx): Promise<SetRolesResult> => {
    const user = await findUserById(trx, input.userId);
    // Roles are given only at an agency in force today; they can be taken away anywhere.
    const agency = roles.length > 0 ? await agencyById(trx, input.agencyId, todayInVietnam(now)) : await agencyEverById(trx, input.agencyId);
    if (!user || user.kind !== "official" || !agency) return { ok: false, reason: "notFound" };
    // An administrator cannot remove their own administration (the province would risk having none).
    if (user.id === actor.userId && !roles.includes("system_admin") && actor.roles.some((r) => r.agencyId === agency.id && r.role === "system_admin")) {
      return { ok: false, reason: "invalid" };
    }
    const at = now.toISOString();
    await deleteRolesAt(trx, user.id, agency.id);
    await insertRoles(trx, roles.map((role) => ({ id: newId(), userId: user.id, agencyId: agency.id, role, grantedBy: actor.userId, at })));
    await recordAudit(trx, { actor: { type: "official", id: actor.userId }, action: "official.rolesSet", entity: { type: "user", id: user.id }, ip: input.ip ?? null, details: { agency: agency.code, roles }, at: now });
    return { ok: true };
  });
}

export interface OfficialListing {
  id: string;
  fullName: string;
  email: string | null;
  status: OfficialStatus;
  enrolled: boolean;
  createdAt: string;
  roles: { agencyId: string; agencyCode: string; role: OfficialRole }[];
}

function groupOfficials(rows: Awaited<ReturnType<typeof officialRows>>): OfficialListing[] {
  const byId = new Map<string, OfficialListing>();
  for (const row of rows) {
    let official = byId.get(row.id);
    if (!official) {
      official = { id: row.id, fullName: row.fullName, email: row.email, status: row.status, enrolled: row.totpConfirmedAt !== null, createdAt: row.createdAt, roles: [] };
      byId.set(row.id, official);
    }
    if (row.agencyId && row.agencyCode && row.role) official.roles.push({ agencyId: row.agencyId, agencyCode: row.agencyCode, role: row.role });
  }
  return [...byId.values()];
}

/**
 * Officials with their roles by agency: all of them, or those holding a role at one agency (with all their roles),
 * or those of one status. Administrators only.
 */
export async function listOfficials(
  db: Db,
  input: { actorUserId: string; agencyId?: string; status?: OfficialStatus },
): Promise<{ ok: true; officials: OfficialListing[] } | { ok: false; reason: "forbidden" }> {
  if (!(await mayManage(db, input.actorUserId))) return { ok: false, reason: "forbidden" };
  return { ok: true, officials: groupOfficials(await officialRows(db, { agencyId: input.agencyId, status: input.status })) };
}

// ---------------------------------------------------------------------------------------------------------------
// One official: status, invitation, history
// ---------------------------------------------------------------------------------------------------------------

/** The audit actions an official's page lists as the account's history. */
const HISTORY_ACTIONS = [
  "official.invited",
  "official.invitationResent",
  "official.invitationRevoked",
  "official.totpConfirmed",
  "official.disabled",
  "official.enabled",
] as const;

export interface OfficialHistoryEntry {
  at: string;
  action: (typeof HISTORY_ACTIONS)[number];
  /** Who did it: an administrator, the official themself (enrolment), or null for the system (the console). */
  by: string | null;
  reason: string | null;
}

export interface OfficialPage {
  official: OfficialListing;
  /** Whether the administrator looks at their own account (no status change offered). */
  self: boolean;
  /** An invitation still open (invited accounts): until when it works. */
  invitationExpiresAt: string | null;
  history: OfficialHistoryEntry[];
}

const detailsOf = (value: unknown): Record<string, unknown> => {
  const parsed = typeof value === "string" ? (JSON.parse(value) as unknown) : value;
  return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
};

/** What the administrators' page of one official shows. */
export async function officialPage(
  db: Db,
  input: { actorUserId: string; userId: string; now?: Date },
): Promise<{ ok: true; page: OfficialPage } | { ok: false; reason: "forbidden" | "notFound" }> {
  const now = input.now ?? new Date();
  const actor = await mayManage(db, input.actorUserId);
  if (!actor) return { ok: false, reason: "forbidden" };
  if (!/^[\w-]{1,64}$/.test(input.userId)) return { ok: false, reason: "notFound" };
  const [official] = groupOfficials(await officialRows(db, { userId: input.userId }));
  if (!official) return { ok: false, reason: "notFound" };
  const invitation = official.status === "invited" ? await usableInvitation(db, official.id, now.toISOString()) : undefined;
  const events = await auditEventsAbout(db, official.id, HISTORY_ACTIONS);
  const history = events.map((e) => {
    const reason = detailsOf(e.details).reason;
    return {
      at: e.occurredAt,
      action: e.action as OfficialHistoryEntry["action"],
      by: e.actorType === "official" && e.actorName ? e.actorName : null,
      reason: typeof reason === "string" ? reason : null,
    };
  });
  return { ok: true, page: { official, self: official.id === actor.userId, invitationExpiresAt: invitation?.expiresAt ?? null, history } };
}

export type StatusChangeResult =
  | { ok: true; status: OfficialStatus; sessionsEnded: number }
  | { ok: false; reason: "forbidden" | "notFound" | "invalid" | StatusRefusal };

const STATUS_CHANGE_AUDIT: Record<StatusChange, string> = { disable: "official.disabled", enable: "official.enabled", revoke: "official.invitationRevoked" };

/**
 * An administrator disables an active official, enables a disabled one, or revokes an invitation not yet accepted,
 * giving a reason (kept in the audit trail). Disabling or revoking ends every session of the account at once and
 * spends its open links; the account can no longer sign in. Enabling returns an enrolled account to "active" and a
 * never-enrolled one to "invited" (its invitation is then sent again). Nobody changes their own status, and the
 * last active system administrator is never disabled.
 */
export async function changeOfficialStatus(
  db: Db,
  input: { actorUserId: string; userId: string; change: StatusChange; reason: string; ip?: string | null; now?: Date },
): Promise<StatusChangeResult> {
  const now = input.now ?? new Date();
  const reason = input.reason.trim();
  if (reason.length === 0 || reason.length > REASON_MAX) return { ok: false, reason: "invalid" };
  return db.transaction().execute(async (trx): Promise<StatusChangeResult> => {
    // First the lock: a concurrent change of an administrator's status waits here, then sees its outcome.
    const activeAdministrators = await lockActiveAdministrators(trx);
    const actor = await mayManage(trx, input.actorUserId);
    if (!actor || !activeAdministrators.includes(actor.userId)) return { ok: false, reason: "forbidden" };
    const user = await findUserById(trx, input.userId);
    if (!user || user.kind !== "official") return { ok: false, reason: "notFound" };
    const refusal = statusChangeRefusal(input.change, { actorUserId: actor.userId, target: { id: user.id, status: user.status }, activeAdministrators });
    if (refusal) return { ok: false, reason: refusal };
    const at = now.toISOString();
    const status: OfficialStatus = input.change === "enable" ? statusAfterEnabling(user.totpConfirmedAt !== null) : "disabled";
    await setUserStatus(trx, user.id, status, at);
    let sessionsEnded = 0;
    if (status === "disabled") {
      sessionsEnded = await deleteSessionsOf(trx, user.id);
      await spendOpenTokens(trx, user.id, at);
    }
    await recordAudit(trx, {
      actor: { type: "official", id: actor.userId },
      action: STATUS_CHANGE_AUDIT[input.change],
      entity: { type: "user", id: user.id },
      ip: input.ip ?? null,
      details: { reason, from: user.status, to: status, sessionsEnded },
      at: now,
    });
    return { ok: true, status, sessionsEnded };
  });
}

export type ResendResult =
  | { ok: true; link: string; expiresAt: string }
  | { ok: false; reason: "forbidden" | "notFound" | "notInvited" | "noRoles" }
  | { ok: false; reason: "slowed"; retryAfterMs: number };

const invitationKey = (userId: string) => `invite:account:${userId}`;

/**
 * Send an official who has not accepted yet a new invitation: a new link (the earlier ones stop working), queued
 * through the same outbox as the first invitation, naming the agencies and roles the official holds today. Limited
 * per account (POLICIES.invitationToAccount).
 */
export async function resendInvitation(
  db: Db,
  services: Pick<OfficialServices, "sendInvitation">,
  input: { actorUserId: string; userId: string; baseUrl: string; ip?: string | null; now?: Date },
): Promise<ResendResult> {
  const now = input.now ?? new Date();
  const actor = await mayManage(db, input.actorUserId);
  if (!actor) return { ok: false, reason: "forbidden" };
  return db.transaction().execute(async (trx): Promise<ResendResult> => {
    const user = await findUserById(trx, input.userId);
    if (!user || user.kind !== "official") return { ok: false, reason: "notFound" };
    if (user.status !== "invited" || !user.email) return { ok: false, reason: "notInvited" };
    const roles = (await rolesWithAgencyNames(trx, user.id, todayInVietnam(now))).filter((r) => r.agencyName !== null);
    if (roles.length === 0) return { ok: false, reason: "noRoles" };
    const limited = await consume(trx, invitationKey(user.id), POLICIES.invitationToAccount, now);
    if (!limited.allowed) return { ok: false, reason: "slowed", retryAfterMs: limited.retryAfterMs };
    const at = now.toISOString();
    await spendInvitations(trx, user.id, at);
    const token = randomBytes(32).toString("base64url");
    const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS).toISOString();
    await insertToken(trx, { id: newId(), userId: user.id, purpose: "invite", tokenHash: hashToken(token), expiresAt, createdAt: at });
    const link = `${input.baseUrl}/officials/accept/${token}`;
    await services.sendInvitation(trx, {
      to: user.email,
      name: user.fullName,
      link,
      agencyName: [...new Set(roles.map((r) => r.agencyName))].join(", "),
      roles: [...new Set(roles.map((r) => r.role))],
      validDays: INVITATION_TTL_MS / 86_400_000,
      invitedBy: actor.fullName,
    });
    await recordAudit(trx, {
      actor: { type: "official", id: actor.userId },
      action: "official.invitationResent",
      entity: { type: "user", id: user.id },
      ip: input.ip ?? null,
      details: { agencies: [...new Set(roles.map((r) => r.agencyCode))] },
      at: now,
    });
    return { ok: true, link, expiresAt };
  });
}

/** The id of an agency given by its code (the administrators' form posts codes), or null. */
export async function agencyIdForCode(db: Db, code: string): Promise<string | null> {
  return code ? agencyIdByCode(db, code) : null;
}
