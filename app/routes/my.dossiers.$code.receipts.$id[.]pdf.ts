import { data, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { normaliseDossierCode } from "~/domain/dossiers/dossiers";
import { receiptFor } from "~/domain/payments/payments.server";
import { requirePermission } from "~/platform/auth.server";
import { receiptResponse } from "./payments/receipt-response.server";

// A receipt (biên lai) of the owner's dossier. Somebody else's, or an unknown one, is a 404.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, context, "read:dossier:own");
  if (actor.kind !== "citizen") throw redirect("/account");
  const code = normaliseDossierCode(params.code ?? "");
  const receipt = code && /^[0-9a-f-]{36}$/.test(params.id ?? "") ? await receiptFor(context.db, { actor, code, id: params.id! }) : null;
  if (!receipt) throw data({ reason: "notFound" }, { status: 404 });
  return receiptResponse(receipt, context.origin);
}
