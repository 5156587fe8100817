import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireCatalogAdmin } from "~/platform/catalog-admin.server";
import { ADMIN_NAMESPACES, AdminErrorBoundary } from "./admin/shared";

export const handle = { i18n: ADMIN_NAMESPACES };

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireCatalogAdmin(request, context);
  throw redirect("/admin/catalog");
}

export default function AdminHome() {
  return null;
}

export const ErrorBoundary = AdminErrorBoundary;
