import { data, type AppLoadContext } from "@remix-run/node";
import { MANAGE_OFFICIALS } from "~/domain/officials/officials.server";
import { requirePermission } from "~/platform/auth.server";

/** The officials' administration: a signed-in official holding manage:official:any, or sign-in / 403. */
export async function requireOfficialsAdmin(request: Request, context: AppLoadContext) {
  const actor = await requirePermission(request, context, MANAGE_OFFICIALS);
  if (actor.kind !== "official") throw data({ reason: "forbidden" }, { status: 403 });
  return actor;
}
