import { data, type AppLoadContext } from "@remix-run/node";
import { requirePermission } from "~/platform/auth.server";

// What the officials' reconciliation pages share (/office/payments…): reading needs read:payment:agency, posting
// (asking the gateway, importing a statement, resolving an item) collect:payment:agency; which payments, and in which
// agencies, is decided by the use cases.

export async function requirePaymentOfficial(request: Request, context: AppLoadContext, permission: "read:payment:agency" | "collect:payment:agency" = "read:payment:agency") {
  const actor = await requirePermission(request, context, permission);
  if (actor.kind !== "official") throw data({ reason: "forbidden" }, { status: 403 });
  return actor;
}

/** A use case's refusal the pages do not show as a form error: 403 and 404 as such. */
export function refuseAccess(status: number): void {
  if (status === 403) throw data({ reason: "forbidden" }, { status: 403 });
  if (status === 404) throw new Response(null, { status: 404 });
}
