import { data, redirect, type AppLoadContext } from "@remix-run/node";
import { createHash, timingSafeEqual } from "node:crypto";
import { newId } from "./ids.server";

// Access to the catalog administration until identity and roles arrive (issue 4): one shared password from the
// environment variable CATALOG_ADMIN_PASSWORD. Unset → the administration does not exist (404 with an explanation).
//
// Not rate limited: an in-memory per-IP limit would not hold across server processes, so issue 4 brings a
// proper, database-backed limit on sign-in attempts. Choose a long random password meanwhile.

export const CATALOG_ADMIN_SIGN_IN = "/admin/sign-in";

function configuredPassword(): string | null {
  const value = process.env.CATALOG_ADMIN_PASSWORD;
  return value && value.length > 0 ? value : null;
}

/** Throws the 404 "catalog administration is disabled" page when no password is configured. */
export function requireCatalogAdminEnabled(): void {
  if (!configuredPassword()) throw data({ reason: "catalogAdminDisabled" }, { status: 404 });
}

/** Compares digests in constant time, so the comparison reveals neither the password nor its length. */
export function catalogAdminPasswordMatches(given: string): boolean {
  const expected = configuredPassword();
  if (!expected) return false;
  const a = createHash("sha256").update(given, "utf8").digest();
  const b = createHash("sha256").update(expected, "utf8").digest();
  return timingSafeEqual(a, b);
}

async function sessionOf(request: Request, context: AppLoadContext) {
  return context.sessionStorage.getSession(request.headers.get("Cookie"));
}

/** The signed-in official's actor id, or a redirect to the sign-in page. */
export async function requireCatalogAdmin(request: Request, context: AppLoadContext): Promise<{ actorId: string }> {
  requireCatalogAdminEnabled();
  const session = await sessionOf(request, context);
  const actorId = session.get("actorId");
  if (session.get("catalogAdmin") !== true || !actorId) {
    const url = new URL(request.url);
    throw redirect(`${CATALOG_ADMIN_SIGN_IN}?returnTo=${encodeURIComponent(url.pathname)}`);
  }
  return { actorId };
}

export async function isCatalogAdmin(request: Request, context: AppLoadContext): Promise<boolean> {
  if (!configuredPassword()) return false;
  return (await sessionOf(request, context)).get("catalogAdmin") === true;
}

/** Marks the session as the catalog administration's and returns the Set-Cookie header. */
export async function signInCatalogAdmin(request: Request, context: AppLoadContext): Promise<string> {
  // A fresh session id on privilege change (no session fixation); the language choice carries over.
  const old = await sessionOf(request, context);
  const language = old.get("language");
  if (old.id) await context.sessionStorage.destroySession(old);
  const session = await context.sessionStorage.getSession();
  if (language) session.set("language", language);
  session.set("catalogAdmin", true);
  session.set("actorId", newId());
  return context.sessionStorage.commitSession(session);
}

export async function signOutCatalogAdmin(request: Request, context: AppLoadContext): Promise<string> {
  const session = await sessionOf(request, context);
  session.unset("catalogAdmin");
  session.unset("actorId");
  return context.sessionStorage.commitSession(session);
}

/** Only paths inside the administration are accepted as a place to return to after signing in. */
export function safeAdminReturnTo(value: unknown): string {
  return typeof value === "string" && /^\/admin\/[A-Za-z0-9/._-]*$/.test(value) && !value.startsWith(CATALOG_ADMIN_SIGN_IN) ? value : "/admin/catalog";
}
