import { data, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { normaliseDossierCode } from "~/domain/dossiers/dossiers";
import { paymentNoticePdf } from "~/domain/payments/notice-pdf.server";
import { transferNotice } from "~/domain/payments/payments.server";
import { requirePermission } from "~/platform/auth.server";
import { i18nServer } from "~/platform/i18n.server";
import { paymentSettings } from "~/platform/payment-services.server";

// The payment notice for a bank transfer (giấy báo nộp phí; issue 9, VietQR "in the PDF"): the owner's open transfer
// only, in Vietnamese, with the VietQR code of exactly the payload the payment page shows.

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, context, "read:dossier:own");
  if (actor.kind !== "citizen") throw redirect("/account");
  const code = normaliseDossierCode(params.code ?? "");
  const notice = code ? await transferNotice(context.db, paymentSettings(context), { actor, code }) : null;
  if (!notice) throw data({ reason: "notFound" }, { status: 404 });
  const t = await i18nServer.getFixedT("vi", "payments");
  const pdf = await paymentNoticePdf(notice, { t });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="giay-bao-nop-phi-${notice.reference}.pdf"`,
      "Content-Length": String(pdf.length),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
