import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { ScriptsHandle } from "~/ui/page-scripts";
import { startEidSignIn } from "./sign-in/eid.server";
import { AUTH_NAMESPACES, EidErrorBoundary, eidMeta, safeReturnTo } from "./sign-in/shared";

// Starts a sign-in with the national electronic identification: a POST from the sign-in page's button, or a GET
// link. Either way the visitor is sent to the eID provider; when that cannot happen the page says why.
export const handle = { i18n: AUTH_NAMESPACES, hydrate: false } satisfies ScriptsHandle & { i18n: string[] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const returnTo = safeReturnTo(new URL(request.url).searchParams.get("returnTo"));
  return startEidSignIn({ request, context }, returnTo);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData().catch(() => new FormData());
  return startEidSignIn({ request, context }, safeReturnTo(form.get("returnTo")));
}

export const meta = eidMeta;

// Only failures render here (a success is a redirect to the provider).
export default function Page() {
  return null;
}

export const ErrorBoundary = EidErrorBoundary;
