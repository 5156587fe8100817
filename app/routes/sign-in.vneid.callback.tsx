import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { eidClient } from "~/platform/oidc.server";
import type { ScriptsHandle } from "~/ui/page-scripts";
import { linkEidAccount } from "./sign-in/eid-link.server";
import { failedPage, notAvailablePage } from "./sign-in/eid.server";
import { AUTH_NAMESPACES, EidErrorBoundary, eidMeta, EidPageView, type EidPage } from "./sign-in/shared";

// Where the eID provider sends the visitor back: the pending sign-in in the session is used up, whatever happens.
export const handle = { i18n: AUTH_NAMESPACES, hydrate: false } satisfies ScriptsHandle & { i18n: string[] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const client = eidClient();
  if (!client) return notAvailablePage(request);
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  const pending = session.get("oidc");
  if (!pending) return failedPage({ request, context }, { reason: "stateMismatch", detail: "no sign-in under way in this session" }, "/");
  session.unset("oidc");
  const keepSession = () => context.sessionStorage.commitSession(session);
  const result = await client.completeSignIn(new URL(request.url), pending);
  if (result.ok) {
    const signedIn = { identity: result.identity, issuer: client.issuer, idToken: result.idToken };
    return linkEidAccount({ request, context }, signedIn, { returnTo: pending.returnTo, keepSession });
  }
  return failedPage({ request, context }, result, pending.returnTo, { "Set-Cookie": await keepSession() });
}

export const meta = eidMeta;

export default function Page() {
  return <EidPageView data={useLoaderData<EidPage>()} />;
}

export const ErrorBoundary = EidErrorBoundary;
