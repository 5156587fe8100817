import { data, redirect, type AppLoadContext } from "@remix-run/node";
import { signInWithEid, type EidRefusal } from "~/domain/accounts/accounts.server";
import { startUserSession } from "~/platform/auth.server";
import { i18nServer } from "~/platform/i18n.server";
import type { EidIdentity } from "~/platform/oidc.server";
import { eidDoneHref, safeReturnTo } from "~/platform/return-to";
import { EID_LINK_PATH, startPendingEidLink } from "./pending-link.server";
import type { EidPage } from "./shared";

// Once the eID provider has vouched for someone: the citizen's account (found by the provider's subject, else by the
// CCCD, else created from the verified identity) is signed in with a fresh session (no fixation) that remembers the
// ID token for signing out at the provider later, and a page confirms whom the provider verified before going on.
// An account found by the CCCD that eID never verified and a password opens is not linked on the CCCD alone: the
// visitor goes to /sign-in/vneid/link with the verified identity waiting in a fresh session (pending-link.server.ts).
// When the account may not be opened this way (an official's, a disabled one, or a subject whose CCCD changed), a
// page says so and the visitor's session stays as it was.

type Args = { request: Request; context: AppLoadContext };

export async function linkEidAccount(
  { request, context }: Args,
  signedIn: { identity: EidIdentity; issuer: string; idToken: string },
  options: { returnTo: string; keepSession: () => Promise<string> },
) {
  const result = await signInWithEid(context.db, signedIn.identity, { ip: context.clientIp, requestId: context.requestId });
  if (!result.ok && result.reason === "confirmLink") {
    // An account registered with this CCCD that eID never verified: the person proves it is theirs, or disowns it.
    context.logger.info("eid sign-in awaits the confirmation of a link", { requestId: context.requestId });
    const cookie = await startPendingEidLink({ request, context }, {
      accountId: result.accountId,
      identity: signedIn.identity,
      issuer: signedIn.issuer,
      idToken: signedIn.idToken,
      returnTo: safeReturnTo(options.returnTo),
    });
    return redirect(EID_LINK_PATH, { headers: { "Set-Cookie": cookie, "Cache-Control": "no-store" } });
  }
  if (!result.ok) return refusedPage({ request, context }, result.reason, { "Set-Cookie": await options.keepSession() });
  const cookie = await startUserSession(request, context, result.userId, {
    eidIdentity: signedIn.identity,
    eid: { issuer: signedIn.issuer, idToken: signedIn.idToken },
  });
  return redirect(eidDoneHref(options.returnTo), { headers: { "Set-Cookie": cookie, "Cache-Control": "no-store" } });
}

async function refusedPage({ request, context }: Args, reason: EidRefusal, headers: HeadersInit) {
  context.logger.warn("eid sign-in refused", { requestId: context.requestId, reason });
  const t = await i18nServer.getFixedT(request, "auth");
  return data<EidPage>({ page: "refused", title: t(`eid.refused.${reason}.title`), reason, requestId: context.requestId }, { status: 403, headers });
}
