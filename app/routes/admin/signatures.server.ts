import { data, type AppLoadContext } from "@remix-run/node";
import { MANAGE_TRUST } from "~/domain/signatures/trust-admin.server";
import { requirePermission } from "~/platform/auth.server";

/** The trust store's administration: a signed-in official holding manage:trust:any, or sign-in / 403. */
export async function requireTrustAdmin(request: Request, context: AppLoadContext) {
  const actor = await requirePermission(request, context, MANAGE_TRUST);
  if (actor.kind !== "official") throw data({ reason: "forbidden" }, { status: 403 });
  return actor;
}
