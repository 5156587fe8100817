import { data, redirect, type AppLoadContext } from "@remix-run/node";
import { findUserById, organisationsOf, rolesOf } from "../domain/accounts/accounts.repo.server";
import { can, type Actor, type Permission, type Target } from "../domain/access/permissions";
import type { SessionData, SessionFlash } from "./session.server";

// Guards: turn a request into an actor, and stop it (redirect to sign-in, or 403) when it may not go on. Routes call
// exactly one guard first; data functions then take the actor (see app/domain/access/permissions.ts).

export const SIGN_IN_PATH = "/sign-in";

async function sessionOf(request: Request, context: AppLoadContext) {
  return context.sessionStorage.getSession(request.headers.get("Cookie"));
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
export async function requirePermission(
  request: Request,
  context: AppLoadContext,
  permission: Permission,
  target?: Target,
): Promise<Exclude<Actor, { kind: "anonymous" }>> {
  const actor = await getActor(request, context);
  // Anonymous visitors hold no permission at all: they are asked to sign in.
  if (actor.kind === "anonymous") signInRedirect(request);
  if (can(actor, permission, target)) return actor;
  throw data({ reason: "forbidden" }, { status: 403 });
}

/**
 * Start a signed-in session: a fresh session id (no fixation), the language choice carried over, and a message for
 * the next page if given. Returns the Set-Cookie header.
 */
export async function startUserSession(
  request: Request,
  context: AppLoadContext,
  userId: string,
  extra: Partial<Pick<SessionData, "secondFactorAt" | "eidIdentity" | "eid"> & Pick<SessionFlash, "flash">> = {},
): Promise<string> {
  const old = await sessionOf(request, context);
  const language = old.get("language");
  if (old.id) await context.sessionStorage.destroySession(old);
  const session = await context.sessionStorage.getSession();
  if (language) session.set("language", language);
  session.set("userId", userId);
  if (extra.secondFactorAt) session.set("secondFactorAt", extra.secondFactorAt);
  if (extra.eidIdentity) session.set("eidIdentity", extra.eidIdentity);
  if (extra.eid) session.set("eid", extra.eid);
  if (extra.flash) session.flash("flash", extra.flash);
  return context.sessionStorage.commitSession(session);
}

/**
 * End this session (sign out here). Returns the Set-Cookie header that clears the cookie and, when eID started the
 * session, what signing out at the provider needs.
 */
export async function endUserSession(request: Request, context: AppLoadContext): Promise<{ cookie: string; eid: SessionData["eid"] | null }> {
  const session = await sessionOf(request, context);
  const eid = session.get("eid") ?? null;
  return { cookie: await context.sessionStorage.destroySession(session), eid };
}

/** The current session's id (to keep it when signing out of the other devices). */
export async function currentSessionId(request: Request, context: AppLoadContext): Promise<string> {
  return (await sessionOf(request, context)).id;
}

/**
 * What every page's header shows: whether the visitor is signed in (from the session alone) and, when a citizen acts
 * for an organisation, which one (membership checked again in the database). Pages without a session cookie cost
 * nothing.
 */
export async function headerStateOf(request: Request, context: AppLoadContext): Promise<{ signedIn: boolean; actingFor: { name: string; taxCode: string } | null }> {
  if (!(request.headers.get("Cookie") ?? "").includes("__session=")) return { signedIn: false, actingFor: null };
  const session = await sessionOf(request, context);
  const signedIn = Boolean(session.get("userId"));
  if (!signedIn || !session.get("actingFor")) return { signedIn, actingFor: null };
  const actor = await getActor(request, context);
  return { signedIn, actingFor: actor.kind === "citizen" && actor.actingFor ? { name: actor.actingFor.name, taxCode: actor.actingFor.taxCode } : null };
}
