import { redirect } from "@remix-run/node";
import type { EidAccountLinker } from "~/platform/oidc.server";
import { safeReturnTo } from "./return-to";

// What happens once the eID provider has vouched for someone. For now: a fresh session (no session fixation)
// holding the verified identity, and the page that shows it. Accounts (find or create the citizen's account from
// the identity, then sign it in) replace this body; the callback route keeps calling linkEidAccount.
export const linkEidAccount: EidAccountLinker = async ({ request, context }, identity, { returnTo }) => {
  const { sessionStorage } = context;
  const old = await sessionStorage.getSession(request.headers.get("Cookie"));
  const language = old.get("language");
  if (old.id) await sessionStorage.destroySession(old);
  const session = await sessionStorage.getSession();
  if (language) session.set("language", language);
  session.set("eidIdentity", identity);
  const safe = safeReturnTo(returnTo);
  const done = safe === "/" ? "/sign-in/vneid/done" : `/sign-in/vneid/done?returnTo=${encodeURIComponent(safe)}`;
  return redirect(done, { headers: { "Set-Cookie": await sessionStorage.commitSession(session), "Cache-Control": "no-store" } });
};
