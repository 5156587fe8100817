import { data, redirect, type AppLoadContext, type Session } from "@remix-run/node";
import { confirmEidLinkWithPassword, disownAccountForEid, eidLinkCandidate } from "~/domain/accounts/accounts.server";
import { eidLinkChoiceSchema } from "~/domain/accounts/accounts.schema";
import { formatDate } from "~/domain/shared/format";
import { accountServices } from "~/platform/account-services.server";
import { startUserSession } from "~/platform/auth.server";
import { eidDoneHref } from "~/platform/return-to";
import { getLanguage, i18nServer } from "~/platform/i18n.server";
import type { SessionData, SessionFlash } from "~/platform/session.server";
import { fieldErrors } from "../account/forms";

// /sign-in/vneid/link: an eID sign-in found an account registered with the person's CCCD that eID never verified and
// a password opens. Nothing is linked on the CCCD alone (anyone can register with someone else's CCCD): the verified
// identity waits in the session (server-side, 10 minutes) while the person either proves the account is theirs with
// its password, or disowns it, which closes it and makes them a new account (decision 0010).

type Args = { request: Request; context: AppLoadContext };
type PendingLink = NonNullable<SessionData["eidPendingLink"]>;

export const EID_LINK_PENDING_MS = 10 * 60_000;
export const EID_LINK_PATH = "/sign-in/vneid/link";

/** Keep what the provider verified in a fresh session (nothing carried over but the language). Returns Set-Cookie. */
export async function startPendingEidLink({ request, context }: Args, pending: Omit<PendingLink, "expiresAt">, now = new Date()): Promise<string> {
  const old = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  const language = old.get("language");
  if (old.id) await context.sessionStorage.destroySession(old);
  const session = await context.sessionStorage.getSession();
  if (language) session.set("language", language);
  session.set("eidPendingLink", { ...pending, expiresAt: new Date(now.getTime() + EID_LINK_PENDING_MS).toISOString() });
  return context.sessionStorage.commitSession(session);
}

/**
 * The pending link of this session, or the way out: to the sign-in page when there is none (a visitor who never came
 * through eID), and with a message when it expired or the account changed meanwhile (then it is forgotten).
 */
async function requirePendingLink({ request, context }: Args, now = new Date()): Promise<{ session: Session<SessionData, SessionFlash>; pending: PendingLink }> {
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  const pending = session.get("eidPendingLink");
  if (!pending) throw redirect("/sign-in");
  if (pending.expiresAt <= now.toISOString()) throw await startAgain({ request, context }, session);
  return { session, pending };
}

async function startAgain({ context }: Args, session: Session<SessionData, SessionFlash>) {
  session.unset("eidPendingLink");
  session.flash("flash", { kind: "info", messageKey: "auth:eid.link.startAgain" });
  return redirect("/sign-in", { headers: { "Set-Cookie": await context.sessionStorage.commitSession(session), "Cache-Control": "no-store" } });
}

export async function pendingLinkLoader({ request, context }: Args) {
  const { session, pending } = await requirePendingLink({ request, context });
  const candidate = await eidLinkCandidate(context.db, { accountId: pending.accountId, cccd: pending.identity.cccd });
  if (!candidate) throw await startAgain({ request, context }, session);
  const t = await i18nServer.getFixedT(request, "auth");
  return data(
    { title: t("eid.link.title"), name: pending.identity.fullName, maskedEmail: candidate.maskedEmail, createdAt: formatDate(candidate.createdAt), minutes: EID_LINK_PENDING_MS / 60_000 },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export type PendingLinkAnswer = { intent: "mine" | "notMine"; errors: Record<string, string>; minutes: number };

export async function pendingLinkAction({ request, context }: Args) {
  const { session, pending } = await requirePendingLink({ request, context });
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent !== "mine" && intent !== "notMine") throw redirect(EID_LINK_PATH);
  const parsed = eidLinkChoiceSchema.safeParse({ intent, password: form.get("password") ?? "", confirm: form.get("confirm") ?? undefined });
  if (!parsed.success) return data<PendingLinkAnswer>({ intent, errors: fieldErrors(parsed.error.issues), minutes: 0 }, { status: 400 });

  const services = accountServices(await getLanguage(request));
  const input = { accountId: pending.accountId, ip: context.clientIp, requestId: context.requestId, baseUrl: context.origin, policies: context.rateLimits };
  const signedIn = async (userId: string, flash?: SessionFlash["flash"]) => {
    const cookie = await startUserSession(request, context, userId, { eidIdentity: pending.identity, eid: { issuer: pending.issuer, idToken: pending.idToken }, flash });
    return redirect(eidDoneHref(pending.returnTo), { headers: { "Set-Cookie": cookie, "Cache-Control": "no-store" } });
  };

  if (parsed.data.intent === "mine") {
    const result = await confirmEidLinkWithPassword(context.db, services, pending.identity, { ...input, password: parsed.data.password });
    if (result.ok) throw await signedIn(result.userId);
    if (result.reason === "stale") throw await startAgain({ request, context }, session);
    const minutes = "retryAfterMs" in result ? Math.max(1, Math.ceil(result.retryAfterMs / 60_000)) : 0;
    return data<PendingLinkAnswer>({ intent, errors: { password: `auth:eid.link.errors.${result.reason}` }, minutes }, { status: result.reason === "invalid" ? 400 : 429 });
  }
  const result = await disownAccountForEid(context.db, services, pending.identity, input);
  if (!result.ok) throw await startAgain({ request, context }, session);
  context.logger.info("account registered with an eID holder's CCCD closed at their request", { requestId: context.requestId });
  throw await signedIn(result.userId, { kind: "success", messageKey: "auth:eid.link.notMineDone" });
}
