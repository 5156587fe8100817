import { data, type AppLoadContext, type LoaderFunctionArgs } from "@remix-run/node";
import { normalizePetitionCode } from "~/domain/petitions/petitions";
import { requirePermission } from "~/platform/auth.server";

// What the officials' petition pages share (/office/petitions…): the guard (officials who read an agency's petitions;
// which items, and what they may do with them, is decided by the use cases) and the code from the URL.

export const READ_PETITIONS = "read:petition:agency" as const;

export async function requirePetitionOfficial(request: Request, context: AppLoadContext) {
  const actor = await requirePermission(request, context, READ_PETITIONS);
  if (actor.kind !== "official") throw data({ reason: "forbidden" }, { status: 403 });
  return actor;
}

export function notFound(): never {
  throw new Response(null, { status: 404 });
}

export function petitionCodeParam(params: LoaderFunctionArgs["params"]): string {
  return normalizePetitionCode(params.code ?? "") ?? notFound();
}
