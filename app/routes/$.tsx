import type { MetaFunction } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";

// Any address that no route claims: a translated 404 page with status 404.
export async function loader() {
  throw new Response(null, { status: 404, statusText: "Not Found" });
}

export const meta: MetaFunction = (args) => pageTitle(args);

export default function NotFound() {
  return null;
}

export const ErrorBoundary = GeneralErrorBoundary;
export async function action() {
  throw new Response(null, { status: 404, statusText: "Not Found" });
}
