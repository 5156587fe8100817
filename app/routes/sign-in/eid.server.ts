import { data, redirect, type AppLoadContext } from "@remix-run/node";
import { i18nServer } from "~/platform/i18n.server";
import { eidClient, type EidFailureReason } from "~/platform/oidc.server";
import type { EidPage } from "./shared";

// The eID sign-in's route logic, shared by the start route (GET and POST) and the callback.

type Args = { request: Request; context: AppLoadContext };

/** How each failure answers: the visitor's own choice is no error; the provider's trouble is a gateway's. */
const STATUS: Record<EidFailureReason, number> = {
  cancelled: 200,
  stateMismatch: 400,
  providerError: 502,
  invalidResponse: 502,
  unreachable: 503,
};

export async function notAvailablePage(request: Request) {
  const t = await i18nServer.getFixedT(request, "auth");
  return data<EidPage>({ page: "notAvailable", title: t("eid.notAvailable.title") }, { status: 404 });
}

export async function failedPage(
  { request, context }: Args,
  failure: { reason: EidFailureReason; detail?: string },
  returnTo: string,
  headers?: HeadersInit,
) {
  // A visitor's own doing (cancelling, reopening an old page) is news; the provider failing or misbehaving is a warning.
  const log = failure.reason === "cancelled" || failure.reason === "stateMismatch" ? context.logger.info : context.logger.warn;
  log("eid sign-in did not complete", { requestId: context.requestId, reason: failure.reason, detail: failure.detail });
  const t = await i18nServer.getFixedT(request, "auth");
  return data<EidPage>(
    { page: "failed", title: t(`eid.failed.${failure.reason}.title`), reason: failure.reason, returnTo, requestId: context.requestId },
    { status: STATUS[failure.reason], headers },
  );
}

/**
 * Sends the visitor to the eID provider, keeping state, nonce and PKCE verifier in the session. A failure is thrown
 * as the page that explains it (rendered by EidErrorBoundary).
 */
export async function startEidSignIn(args: Args, returnTo: string) {
  const client = eidClient();
  if (!client) throw await notAvailablePage(args.request);
  const start = await client.beginSignIn();
  if (!start.ok) throw await failedPage(args, start, returnTo);
  const { sessionStorage } = args.context;
  const session = await sessionStorage.getSession(args.request.headers.get("Cookie"));
  session.set("oidc", { state: start.state, nonce: start.nonce, codeVerifier: start.codeVerifier, returnTo });
  return redirect(start.url, {
    headers: { "Set-Cookie": await sessionStorage.commitSession(session), "Cache-Control": "no-store" },
  });
}
