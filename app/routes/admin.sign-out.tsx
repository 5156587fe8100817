import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireCatalogAdminEnabled, signOutCatalogAdmin } from "~/platform/catalog-admin.server";
import { AdminErrorBoundary } from "./admin/shared";

// Sign-out is a POST (the button on every admin page); a GET finds nothing here.
export async function loader() {
  requireCatalogAdminEnabled();
  throw new Response(null, { status: 404 });
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireCatalogAdminEnabled();
  const cookie = await signOutCatalogAdmin(request, context);
  return redirect("/admin/sign-in", { headers: { "Set-Cookie": cookie } });
}

export default function SignOut() {
  return null;
}

export const ErrorBoundary = AdminErrorBoundary;
