import type { AppLoadContext } from "@remix-run/node";
import { createServerI18n, getLanguage } from "~/platform/i18n.server";
import { createOfficialServices } from "~/platform/official-services.server";
import type { OfficialServices } from "~/domain/officials/officials.server";

// The officials' pages share: the services of the use cases, and the "official part-way in" kept in the session
// (after the password, before the code; or setting up the authenticator app after accepting an invitation).

export const PENDING_MS = { code: 10 * 60_000, enrol: 30 * 60_000 } as const;

export async function officialServices(request: Request, context: AppLoadContext): Promise<OfficialServices> {
  const lang = await getLanguage(request);
  const i18n = await createServerI18n(lang, ["mail", "officials"]);
  return createOfficialServices({ secretKey: context.secretKey, lang, t: i18n.getFixedT(lang) });
}

/**
 * Remember the official in a fresh session (a new id: nothing carried over but the language). Returns Set-Cookie.
 */
export async function startPendingOfficial(
  request: Request,
  context: AppLoadContext,
  pending: { userId: string; stage: "code" | "enrol"; returnTo: string },
  now = new Date(),
): Promise<string> {
  const old = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  const language = old.get("language");
  if (old.id) await context.sessionStorage.destroySession(old);
  const session = await context.sessionStorage.getSession();
  if (language) session.set("language", language);
  session.set("pendingOfficial", { ...pending, expiresAt: new Date(now.getTime() + PENDING_MS[pending.stage]).toISOString() });
  return context.sessionStorage.commitSession(session);
}

/** The official part-way in at this stage, if the session holds one that has not expired. */
export async function pendingOfficialOf(request: Request, context: AppLoadContext, stage: "code" | "enrol", now = new Date()) {
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  const pending = session.get("pendingOfficial");
  if (!pending || pending.stage !== stage || pending.expiresAt <= now.toISOString()) return null;
  return { session, ...pending };
}

/** Forget the official part-way in (after enrolment). Returns Set-Cookie. */
export async function clearPendingOfficial(request: Request, context: AppLoadContext): Promise<string> {
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  session.unset("pendingOfficial");
  return context.sessionStorage.commitSession(session);
}
