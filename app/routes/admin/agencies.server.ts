import { data, type AppLoadContext } from "@remix-run/node";
import { MANAGE_AGENCIES } from "~/domain/agencies/agencies.server";
import { requirePermission } from "~/platform/auth.server";

/** The agencies' administration: a signed-in official holding manage:agency:any, or sign-in / 403. */
export async function requireAgenciesAdmin(request: Request, context: AppLoadContext) {
  const actor = await requirePermission(request, context, MANAGE_AGENCIES);
  if (actor.kind !== "official") throw data({ reason: "forbidden" }, { status: 403 });
  return actor;
}
