import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { normaliseDossierCode } from "~/domain/dossiers/dossiers";
import { receiptFor } from "~/domain/payments/payments.server";
import { requirePermission } from "~/platform/auth.server";
import { receiptResponse } from "./payments/receipt-response.server";

// A receipt of a dossier of the official's agencies (read:payment:agency there). Anything else is a 404.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, context, "read:payment:agency");
  const code = normaliseDossierCode(params.code ?? "");
  const receipt = code && /^[0-9a-f-]{36}$/.test(params.id ?? "") ? await receiptFor(context.db, { actor, code, id: params.id! }) : null;
  if (!receipt) throw data({ reason: "notFound" }, { status: 404 });
  return receiptResponse(receipt, context.origin);
}
