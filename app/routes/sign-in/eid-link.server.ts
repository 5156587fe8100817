import { redirect } from "@remix-run/node";
import { signInWithEid } from "~/domain/accounts/accounts.server";
import { startUserSession } from "~/platform/auth.server";
import type { EidAccountLinker } from "~/platform/oidc.server";
import { safeReturnTo } from "~/platform/return-to";

// Once the eID provider has vouched for someone: the citizen's account (found by CCCD, or created from the
// verified identity) is signed in with a fresh session (no fixation), and a page confirms whom the provider
// verified before going on.
export const linkEidAccount: EidAccountLinker = async ({ request, context }, identity, { returnTo }) => {
  const result = await signInWithEid(context.db, identity, { ip: context.clientIp });
  if (!result.ok) throw new Response(null, { status: 403 });
  const cookie = await startUserSession(request, context, result.userId, { eidIdentity: identity });
  const safe = safeReturnTo(returnTo);
  const done = safe === "/" ? "/sign-in/vneid/done" : `/sign-in/vneid/done?returnTo=${encodeURIComponent(safe)}`;
  return redirect(done, { headers: { "Set-Cookie": cookie, "Cache-Control": "no-store" } });
};
