import { data, type AppLoadContext } from "@remix-run/node";
import { MANAGE_TRUST } from "~/domain/signatures/trust-admin.server";
import { requirePermission } from "~/platform/auth.server";

/** The trust store's administration: a signed-in official holding manage:trust:any, or sign-in / 403. */
export async function requireTrustAdmin(request: Request, context: AppLoadContext) {
  const actor = await requirePermission(request, context, MANAGE_TRUST);
  if (actor.kind !== "official") throw data({ reason: "forbidden" }, { status: 403 });
  return actor;
}

/** "BAC8 BF60 9AB4 …": a fingerprint in groups of four hex digits, upper case. */
export function groupedFingerprint(fingerprint: string): string {
  return (fingerprint.toUpperCase().match(/.{1,4}/g) ?? []).join(" ");
}
