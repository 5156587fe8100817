import { data, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { confirmationPdf } from "~/domain/dossiers/confirmation.server";
import { normaliseDossierCode } from "~/domain/dossiers/dossiers";
import { myDossier } from "~/domain/dossiers/dossiers.server";
import { requirePermission } from "~/platform/auth.server";
import { i18nServer } from "~/platform/i18n.server";

// The submission confirmation as a PDF (issue 5, item 4), for the dossier's owner only; always in Vietnamese (the
// province's language of record), its QR code pointing at PUBLIC_URL's tracking page.

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, context, "read:dossier:own");
  if (actor.kind !== "citizen") throw redirect("/account");
  const code = normaliseDossierCode(params.code ?? "");
  const dossier = code ? await myDossier(context.db, { actor, code }) : null;
  if (!dossier) throw data({ reason: "notFound" }, { status: 404 });
  const t = await i18nServer.getFixedT("vi", "dossiers");
  const pdf = await confirmationPdf(dossier, { origin: context.origin, t });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="xac-nhan-${dossier.code}.pdf"`,
      "Content-Length": String(pdf.length),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
