import { redirect, type AppLoadContext } from "@remix-run/node";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { endUserSession } from "~/platform/auth.server";
import { getLanguage } from "~/platform/i18n.server";
import type { EidEndSessionResult, OidcClient } from "~/platform/oidc.server";

// Signing out, and the page that follows. A session that eID started is also ended at the provider (OpenID Connect
// RP-Initiated Logout): the portal's session ends first, whatever the provider does; then the browser goes to the
// provider's end-session endpoint, which sends it back to /signed-out with the state it was given. When the provider
// cannot be reached (or offers no sign-out), the browser lands on /signed-out at once, which says that the visitor may
// still be signed in at VNeID.

type Args = { request: Request; context: AppLoadContext };

export const SIGNED_OUT_PATH = "/signed-out";

const sameIssuer = (a: string, b: string) => URL.canParse(a) && URL.canParse(b) && new URL(a).href === new URL(b).href;

/** Ends this session (and, for an eID session, starts the provider's sign-out). Answers with the redirect. */
export async function signOut({ request, context }: Args, client: OidcClient | null): Promise<Response> {
  const { cookie, eid } = await endUserSession(request, context);
  if (!eid) return redirect(SIGNED_OUT_PATH, { status: 303, headers: { "Set-Cookie": cookie } });

  const state = randomBytes(24).toString("base64url");
  const outcome: EidEndSessionResult | { ok: false; reason: "notConfigured"; detail: string } =
    client && sameIssuer(client.issuer, eid.issuer)
      ? await client.endSessionUrl({
          idTokenHint: eid.idToken,
          postLogoutRedirectUri: `${context.origin}${SIGNED_OUT_PATH}`,
          state,
          uiLocales: await getLanguage(request),
        })
      : { ok: false, reason: "notConfigured", detail: client ? "the eID provider changed since the sign-in" : "eID sign-in is off" };
  if (!outcome.ok) {
    context.logger.warn("eid sign-out at the provider is not possible", { requestId: context.requestId, reason: outcome.reason, detail: outcome.detail });
  }
  // A new, anonymous session carries what /signed-out needs to know (the old one is gone, with the ID token).
  const next = await context.sessionStorage.getSession();
  next.flash("eidSignOut", outcome.ok ? { state } : { failed: outcome.reason });
  return redirect(outcome.ok ? outcome.url : SIGNED_OUT_PATH, {
    status: 303,
    headers: { "Set-Cookie": await context.sessionStorage.commitSession(next), "Cache-Control": "no-store" },
  });
}

/**
 * What /signed-out says about VNeID: nothing for a portal session; "signed out there too" when the provider sent the
 * browser back with the state it was given; "may still be signed in there" otherwise.
 */
export type ProviderSignOut = "none" | "done" | "uncertain";

export async function providerSignOutOf({ request, context }: Args): Promise<{ provider: ProviderSignOut; cookie: string | null }> {
  if (!(request.headers.get("Cookie") ?? "").includes("__session=")) return { provider: "none", cookie: null };
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  const pending = session.get("eidSignOut");
  if (!pending) return { provider: "none", cookie: null };
  const returned = new URL(request.url).searchParams.getAll("state");
  const done = "state" in pending && returned.length === 1 && sameSecret(returned[0]!, pending.state);
  // The flash is used up: a reload says nothing more about VNeID.
  return { provider: done ? "done" : "uncertain", cookie: await context.sessionStorage.commitSession(session) };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, "utf8");
  const b = Buffer.from(expected, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}
