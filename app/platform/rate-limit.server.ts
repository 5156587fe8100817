import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { engineOf } from "./db.server";

// Rate limits with back-off, stored in the database so that every server process shares them (an in-memory
// counter would let an attacker spread attempts across processes). A key names what is limited
// ("signin:account:<id>", "signin:ip:<address>", "register:ip:<address>", …); a policy says how many attempts a
// window allows, how long the wait grows after that, and when the key is blocked outright.

export interface RateLimitPolicy {
  /** Attempts allowed without any wait. */
  free: number;
  /** Attempts are forgotten after this long without one. */
  windowMs: number;
  /** After the free attempts, each further attempt must wait `baseDelayMs · 2^(n-1)`, capped at `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** From this many attempts in the window the key is blocked for `blockMs` (a lock-out). */
  blockAfter?: number;
  blockMs?: number;
}

export type RateLimitDecision =
  | { allowed: true; count: number }
  | { allowed: false; count: number; retryAfterMs: number; blocked: boolean };

type Db = Kysely<Database> | Transaction<Database>;

/** Policies of the portal's public forms (docs/decisions/0010-identity.md). */
export const POLICIES = {
  /** Failed sign-ins of one account: 5 free, then a growing wait, locked for an hour at 20. */
  signInAccount: { free: 5, windowMs: 60 * 60_000, baseDelayMs: 15_000, maxDelayMs: 15 * 60_000, blockAfter: 20, blockMs: 60 * 60_000 },
  /** Failed sign-ins from one address (many accounts): looser, for offices behind one NAT. */
  signInIp: { free: 30, windowMs: 15 * 60_000, baseDelayMs: 5_000, maxDelayMs: 10 * 60_000, blockAfter: 200, blockMs: 60 * 60_000 },
  /** Registrations, resets and verification mails from one address. */
  publicFormIp: { free: 10, windowMs: 60 * 60_000, baseDelayMs: 30_000, maxDelayMs: 30 * 60_000 },
  /** Mails sent to one account (verification, reset): a mailbox is not flooded. */
  mailToAccount: { free: 3, windowMs: 60 * 60_000, baseDelayMs: 5 * 60_000, maxDelayMs: 60 * 60_000 },
  /** Invitations sent again to one official by administrators: 3 free, then a growing wait (an inbox is not flooded). */
  invitationToAccount: { free: 3, windowMs: 24 * 60 * 60_000, baseDelayMs: 10 * 60_000, maxDelayMs: 6 * 60 * 60_000 },
  /**
   * Public dossier lookups (/dossiers/track) from one address, found or not: 20 free in 15 minutes, then a growing
   * wait, blocked for an hour at 100 — guessing a code and 4 digits is hopeless at that pace (decision 0014).
   */
  dossierTrackingIp: { free: 20, windowMs: 15 * 60_000, baseDelayMs: 30_000, maxDelayMs: 15 * 60_000, blockAfter: 100, blockMs: 60 * 60_000 },
  /**
   * The public signature check (/verify) from one address, codes and uploaded files alike: each upload costs a full
   * verification, so 30 free in 15 minutes, then a growing wait, blocked for an hour at 200.
   */
  publicVerificationIp: { free: 30, windowMs: 15 * 60_000, baseDelayMs: 10_000, maxDelayMs: 10 * 60_000, blockAfter: 200, blockMs: 60 * 60_000 },
} satisfies Record<string, RateLimitPolicy>;

/** The policies in force: those of POLICIES, with what the configuration changes. */
export interface RateLimitPolicies {
  signInAccount: RateLimitPolicy & { blockAfter: number; blockMs: number };
  signInIp: RateLimitPolicy;
  publicFormIp: RateLimitPolicy;
  mailToAccount: RateLimitPolicy;
  dossierTrackingIp: RateLimitPolicy;
  publicVerificationIp: RateLimitPolicy;
}

/** What password sign-in needs: per account (and per unknown identifier), and per address. */
export type SignInPolicies = Pick<RateLimitPolicies, "signInAccount" | "signInIp">;

/**
 * The policies with the configured values (SIGN_IN_BACKOFF_BASE_MS, SIGN_IN_BACKOFF_MAX_MS, SIGN_IN_IP_FREE_ATTEMPTS,
 * PUBLIC_FORM_IP_FREE_ATTEMPTS, DOSSIER_TRACKING_IP_FREE_ATTEMPTS); without settings, exactly POLICIES.
 */
export function rateLimitPolicies(
  settings: {
    signInBackoffBaseMs?: number;
    signInBackoffMaxMs?: number;
    signInIpFreeAttempts?: number;
    publicFormIpFreeAttempts?: number;
    dossierTrackingIpFreeAttempts?: number;
  } = {},
): RateLimitPolicies {
  const { signInAccount, signInIp, publicFormIp, dossierTrackingIp } = POLICIES;
  const trackingFree = settings.dossierTrackingIpFreeAttempts ?? dossierTrackingIp.free;
  return {
    // Every policy, as decided; then the few that a deployment (or the e2e run) may tune.
    ...POLICIES,
    signInAccount: {
      ...signInAccount,
      baseDelayMs: settings.signInBackoffBaseMs ?? signInAccount.baseDelayMs,
      maxDelayMs: settings.signInBackoffMaxMs ?? signInAccount.maxDelayMs,
    },
    signInIp: { ...signInIp, free: settings.signInIpFreeAttempts ?? signInIp.free },
    publicFormIp: { ...publicFormIp, free: settings.publicFormIpFreeAttempts ?? publicFormIp.free },
    // The block keeps its distance from the free attempts (100 = 5 × 20 as decided); never below the decided 100.
    dossierTrackingIp: { ...dossierTrackingIp, free: trackingFree, blockAfter: Math.max(dossierTrackingIp.blockAfter, 5 * trackingFree) },
  };
}

/** The wait before the next attempt once `count` attempts were made in the window (0 while free). */
export function delayAfter(policy: RateLimitPolicy, count: number): number {
  if (count < policy.free) return 0;
  const excess = count - policy.free + 1;
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(30, excess - 1));
}

async function lockRow(trx: Transaction<Database>, key: string, now: string) {
  await trx
    .insertInto("rate_limits")
    .values({ key, window_started_at: now, count: 0, blocked_until: null, updated_at: now })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  let query = trx.selectFrom("rate_limits").selectAll().where("key", "=", key);
  // PostgreSQL: lock the row for this transaction; SQLite serialises write transactions anyway.
  if (engineOf(trx) === "postgres") query = query.forUpdate();
  return query.executeTakeFirstOrThrow();
}

/**
 * Check a key and count one attempt when it is allowed. Refused attempts are not counted (a client hammering a
 * locked key does not extend its own lock), but they do not shorten it either.
 */
export async function consume(db: Db, key: string, policy: RateLimitPolicy, now = new Date()): Promise<RateLimitDecision> {
  const run = async (trx: Transaction<Database>): Promise<RateLimitDecision> => {
    const nowIso = now.toISOString();
    const row = await lockRow(trx, key, nowIso);
    // Attempts are forgotten after a quiet `windowMs` (measured from the last one, so that a patient attacker
    // waiting out each back-off still reaches the lock-out).
    const expired = now.getTime() - new Date(row.updated_at).getTime() >= policy.windowMs && !(row.blocked_until && row.blocked_until > nowIso);
    const count = expired ? 0 : Number(row.count);
    if (row.blocked_until && row.blocked_until > nowIso) {
      return { allowed: false, count, retryAfterMs: new Date(row.blocked_until).getTime() - now.getTime(), blocked: true };
    }
    const wait = delayAfter(policy, count);
    const last = new Date(row.updated_at).getTime();
    if (!expired && wait > 0 && now.getTime() - last < wait) {
      return { allowed: false, count, retryAfterMs: wait - (now.getTime() - last), blocked: false };
    }
    const next = count + 1;
    const blocked = policy.blockAfter !== undefined && next >= policy.blockAfter;
    await trx
      .updateTable("rate_limits")
      .set({
        window_started_at: expired ? nowIso : row.window_started_at,
        count: next,
        blocked_until: blocked ? new Date(now.getTime() + (policy.blockMs ?? policy.windowMs)).toISOString() : null,
        updated_at: nowIso,
      })
      .where("key", "=", key)
      .execute();
    return { allowed: true, count: next };
  };
  return db.isTransaction ? run(db as Transaction<Database>) : db.transaction().execute(run);
}

/** Is the key blocked or waiting right now? (Without counting an attempt.) */
export async function peek(db: Db, key: string, policy: RateLimitPolicy, now = new Date()): Promise<RateLimitDecision> {
  const row = await db.selectFrom("rate_limits").selectAll().where("key", "=", key).executeTakeFirst();
  if (!row) return { allowed: true, count: 0 };
  const nowIso = now.toISOString();
  if (row.blocked_until && row.blocked_until > nowIso) {
    return { allowed: false, count: Number(row.count), retryAfterMs: new Date(row.blocked_until).getTime() - now.getTime(), blocked: true };
  }
  if (now.getTime() - new Date(row.updated_at).getTime() >= policy.windowMs) return { allowed: true, count: 0 };
  const wait = delayAfter(policy, Number(row.count));
  const since = now.getTime() - new Date(row.updated_at).getTime();
  return wait > 0 && since < wait ? { allowed: false, count: Number(row.count), retryAfterMs: wait - since, blocked: false } : { allowed: true, count: Number(row.count) };
}

/** Forget a key (a successful sign-in clears the account's failures). */
export async function reset(db: Db, key: string): Promise<void> {
  await db.deleteFrom("rate_limits").where("key", "=", key).execute();
}

/** Drop keys untouched for a day (called hourly with the session purge). */
export async function purgeRateLimits(db: Db, now = new Date()): Promise<void> {
  const cutoff = new Date(now.getTime() - 24 * 60 * 60_000).toISOString();
  await db.deleteFrom("rate_limits").where("updated_at", "<", cutoff).where((eb) => eb.or([eb("blocked_until", "is", null), eb("blocked_until", "<", now.toISOString())])).execute();
}
