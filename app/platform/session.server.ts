import { createCookie, createSessionStorage, type SessionStorage } from "@remix-run/node";
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { EidIdentity, EidPendingSignIn, EidSignOutFailure } from "./oidc.server";

// Sessions live in the database; the cookie carries only the signed session id.
// httpOnly, SameSite=Lax, Secure whenever the request came over HTTPS.

export interface SessionData {
  userId?: string;
  /** An official's second factor, when it was entered (officials count as signed in only after it). */
  secondFactorAt?: string;
  /**
   * An official part-way in: "code" after the right password, before the second factor (10 minutes); "enrol" after
   * choosing a password from an invitation, while setting up the authenticator app.
   */
  pendingOfficial?: { userId: string; stage: "code" | "enrol"; expiresAt: string; returnTo: string };
  /** The organisation a citizen acts for (the "acting for" switch). */
  actingFor?: string;
  language?: string;
  /** An eID (VNeID) sign-in under way: what its callback must match, and where to go afterwards. */
  oidc?: EidPendingSignIn & { returnTo: string };
  /** The identity verified by the last eID sign-in (until accounts are linked to it). */
  eidIdentity?: EidIdentity;
  /**
   * A session eID started: the provider (the configured issuer) and the ID token of that sign-in, the id_token_hint
   * that signs the visitor out at the provider too (kept server-side only: the cookie carries the session id).
   */
  eid?: { issuer: string; idToken: string };
  /**
   * An eID sign-in that found an account registered with the person's CCCD which eID never verified and a password
   * opens: nothing is linked until the person proves it is theirs (its password) or disowns it, on
   * /sign-in/vneid/link, within `expiresAt` (decision 0010). What the provider verified waits here (server-side).
   */
  eidPendingLink?: { accountId: string; identity: EidIdentity; issuer: string; idToken: string; returnTo: string; expiresAt: string };
}
export interface SessionFlash {
  flash: { kind: "success" | "info"; messageKey: string };
  /** The address a "check your e-mail" page names (after registering or asking for a link). */
  checkEmail: string;
  /**
   * After ending a session eID started: the state sent to the provider's end-session endpoint (its return to
   * /signed-out must carry it), or why the visitor could not be sent there.
   */
  eidSignOut: { state: string } | { failed: EidSignOutFailure | "notConfigured" };
}

const SESSION_TTL_SECONDS = 60 * 60 * 12;

export function createDatabaseSessionStorage(
  db: Kysely<Database>,
  options: { secrets: string[]; secure: boolean; now?: () => Date },
): SessionStorage<SessionData, SessionFlash> {
  const now = options.now ?? (() => new Date());
  const cookie = createCookie("__session", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: options.secure,
    secrets: options.secrets,
    maxAge: SESSION_TTL_SECONDS,
  });
  // The row's lifetime is counted on our clock, like the cookie's Max-Age.
  const expiry = () => new Date(now().getTime() + SESSION_TTL_SECONDS * 1000).toISOString();

  return createSessionStorage<SessionData, SessionFlash>({
    cookie,
    async createData(data) {
      const id = randomBytes(32).toString("base64url");
      await db
        .insertInto("sessions")
        .values({
          id,
          data: JSON.stringify(data),
          created_at: now().toISOString(),
          expires_at: expiry(),
          user_id: data.userId ?? null,
          last_seen_at: now().toISOString(),
        })
        .execute();
      return id;
    },
    async readData(id) {
      const row = await db
        .selectFrom("sessions")
        .select(["data", "expires_at"])
        .where("id", "=", id)
        .executeTakeFirst();
      if (!row) return null;
      if (row.expires_at <= now().toISOString()) {
        await db.deleteFrom("sessions").where("id", "=", id).execute();
        return null;
      }
      return JSON.parse(row.data) as Partial<SessionData & SessionFlash>;
    },
    async updateData(id, data) {
      // The account column follows the data: signing out of every device deletes the account's rows.
      await db
        .updateTable("sessions")
        .set({ data: JSON.stringify(data), expires_at: expiry(), user_id: data.userId ?? null, last_seen_at: now().toISOString() })
        .where("id", "=", id)
        .execute();
    },
    async deleteData(id) {
      await db.deleteFrom("sessions").where("id", "=", id).execute();
    },
  });
}

/** An account's signed-in sessions, newest first (for "my sessions"). */
export async function sessionsOfUser(db: Kysely<Database>, userId: string, at: Date = new Date()) {
  return db
    .selectFrom("sessions")
    .select(["id", "created_at as createdAt", "last_seen_at as lastSeenAt", "user_agent as userAgent"])
    .where("user_id", "=", userId)
    .where("expires_at", ">", at.toISOString())
    .orderBy("created_at", "desc")
    .execute();
}

/** Sign an account out everywhere (all devices), or everywhere but the current session. Returns how many. */
export async function endSessionsOfUser(db: Kysely<Database>, userId: string, options: { except?: string } = {}): Promise<number> {
  let query = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (options.except) query = query.where("id", "<>", options.except);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Remove expired sessions; run periodically by the server. */
export async function purgeExpiredSessions(db: Kysely<Database>, at: Date = new Date()): Promise<number> {
  const result = await db.deleteFrom("sessions").where("expires_at", "<=", at.toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
