import { data, type AppLoadContext } from "@remix-run/node";
import { requirePermission } from "~/platform/auth.server";

// The officials' statistics pages (/office/statistics…) need read:statistics:agency; which dossiers a figure lists is
// limited to the official's agencies by the use case.
export async function requireStatisticsOfficial(request: Request, context: AppLoadContext) {
  const actor = await requirePermission(request, context, "read:statistics:agency");
  if (actor.kind !== "official") throw data({ reason: "forbidden" }, { status: 403 });
  return actor;
}
