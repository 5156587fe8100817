import type { AppLoadContext } from "@remix-run/node";
import { requirePermission } from "~/platform/auth.server";

/** What the catalog administration needs: held by officials with the catalog_admin role (any agency). */
export const UPDATE_CATALOG = "update:catalog:any" as const;

/**
 * The catalog administration's guard: a signed-in official (password and second factor) holding update:catalog:any,
 * or the sign-in page (anonymous) or a 403 (signed in without the role). The actor id goes into drafts and the
 * audit log.
 */
export async function requireCatalogAdmin(request: Request, context: AppLoadContext): Promise<{ actorId: string }> {
  const actor = await requirePermission(request, context, UPDATE_CATALOG);
  return { actorId: actor.userId };
}
