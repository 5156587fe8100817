import { data, redirect, type AppLoadContext } from "@remix-run/node";
import { findUserById, organisationsOf, rolesOf } from "../domain/accounts/accounts.repo.server";
import { can, type Actor, type Permission, type Target } from "../domain/access/permissions";
import type { SessionData } from "./session.server";

// Guards: turn a request into an actor, and stop it (redirect to sign-in, or 403) when it may not go on. Routes call
// exactly one guard first; data functions then take the actor (see app/domain/access/permissions.ts).

export const SIGN_IN_PATH = "/sign-in";

async function sessionOf(request: Request, context: AppLoadContext) {
  return context.sessionStorage.getSession(request.headers.get("Cookie"));
}

/** Only paths on this site are accepted as a place to return to (no open redirect). */
export function safeReturnTo(value: unknown, fallback = "/account"): string {
  return typeof value === "string" && /^\/(?!\/)[A-Za-z0-9/._~%?=&-]*$/.test(value) && !value.startsWith(SIGN_IN_PATH) ? value : fallback;
}

/** The actor of a request: anonymous, a citizen (maybe acting for an organisation) or an official with roles. */
export async function getActor(request: Request, context: AppLoadContext): Promise<Actor> {
  const session = await sessionOf(request, context);
  const userId = session.get("userId");
  if (!userId) return { kind: "anonymous" };
  const user = await findUserById(context.db, userId);
  if (!user || user.status !== "active") return { kind: "anonymous" };
  if (user.kind === "official") {
    // An official counts as signed in only after the second factor.
    if (session.get("secondFactorAt") === undefined) return { kind: "anonymous" };
    return { kind: "official", userId, roles: await rolesOf(context.db, userId) };
  }
  const actingFor = session.get("actingFor");
  if (actingFor) {
    const organisation = (await organisationsOf(context.db, userId)).find((o) => o.id === actingFor);
    if (organisation) return { kind: "citizen", userId, actingFor: { organisationId: organisation.id, name: organisation.name, taxCode: organisation.taxCode } };
  }
  return { kind: "citizen", userId, actingFor: null };
}

function signInRedirect(request: Request): never {
  const url = new URL(request.url);
  throw redirect(`${SIGN_IN_PATH}?returnTo=${encodeURIComponent(url.pathname + url.search)}`);
}

/** A signed-in user (citizen or official), or a redirect to the sign-in page that comes back here. */
export async function requireUser(request: Request, context: AppLoadContext): Promise<Exclude<Actor, { kind: "anonymous" }>> {
  const actor = await getActor(request, context);
  if (actor.kind === "anonymous") signInRedirect(request);
  return actor;
}

/** The actor, when it holds the permission (for the target, if given); else sign in, or 403 when signed in. */
export async function requirePermission(request: Request, context: AppLoadContext, permission: Permission, target?: Target): Promise<Actor> {
  const actor = await getActor(request, context);
  if (can(actor, permission, target)) return actor;
  if (actor.kind === "anonymous") signInRedirect(request);
  throw data({ reason: "forbidden" }, { status: 403 });
}

/**
 * Start a signed-in session: a fresh session id (no fixation), the language choice carried over. Returns the
 * Set-Cookie header.
 */
export async function startUserSession(
  request: Request,
  context: AppLoadContext,
  userId: string,
  extra: Partial<Pick<SessionData, "secondFactorAt" | "eidIdentity">> = {},
): Promise<string> {
  const old = await sessionOf(request, context);
  const language = old.get("language");
  if (old.id) await context.sessionStorage.destroySession(old);
  const session = await context.sessionStorage.getSession();
  if (language) session.set("language", language);
  session.set("userId", userId);
  if (extra.secondFactorAt) session.set("secondFactorAt", extra.secondFactorAt);
  if (extra.eidIdentity) session.set("eidIdentity", extra.eidIdentity);
  return context.sessionStorage.commitSession(session);
}

/** End this session (sign out here). Returns the Set-Cookie header that clears the cookie. */
export async function endUserSession(request: Request, context: AppLoadContext): Promise<string> {
  const session = await sessionOf(request, context);
  return context.sessionStorage.destroySession(session);
}

/** The current session's id (to keep it when signing out of the other devices). */
export async function currentSessionId(request: Request, context: AppLoadContext): Promise<string> {
  return (await sessionOf(request, context)).id;
}

/**
 * What the root layout's "acting for" banner shows: the organisation the signed-in citizen acts for, or null (no
 * database query unless the session names one; membership is checked again by getActor).
 */
export async function actingForBanner(request: Request, context: AppLoadContext): Promise<{ name: string; taxCode: string } | null> {
  const session = await sessionOf(request, context);
  if (!session.get("actingFor")) return null;
  const actor = await getActor(request, context);
  return actor.kind === "citizen" && actor.actingFor ? { name: actor.actingFor.name, taxCode: actor.actingFor.taxCode } : null;
}

/** Does the request carry a signed-in session? (For the header's link; no database lookup beyond the session.) */
export async function hasSignedInSession(request: Request, context: AppLoadContext): Promise<boolean> {
  if (!(request.headers.get("Cookie") ?? "").includes("__session=")) return false;
  return Boolean((await sessionOf(request, context)).get("userId"));
}
