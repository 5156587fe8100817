import { data, type AppLoadContext, type LoaderFunctionArgs } from "@remix-run/node";
import { normaliseDossierCode } from "~/domain/dossiers/dossiers";
import { requirePermission } from "~/platform/auth.server";

// What the officials' dossier pages share (/office/dossiers/:code…): the guard (officials who read an agency's
// dossiers; which dossiers is decided in the queries) and the code from the URL (anything else is a 404).

export async function requireDossierOfficial(request: Request, context: AppLoadContext) {
  const actor = await requirePermission(request, context, "read:dossier:agency");
  if (actor.kind !== "official") throw data({ reason: "forbidden" }, { status: 403 });
  return actor;
}

export function notFound(): never {
  throw new Response(null, { status: 404 });
}

export function codeParam(params: LoaderFunctionArgs["params"]): string {
  return normaliseDossierCode(params.code ?? "") ?? notFound();
}
