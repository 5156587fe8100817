import { receiptPdf, receiptNumber } from "~/domain/payments/receipt-pdf.server";
import type { receiptFor } from "~/domain/payments/payments.server";
import { i18nServer } from "~/platform/i18n.server";

// A receipt's PDF as a download (the payer's and the officials' routes share it): drawn from the receipt's content as
// issued, so it is the same document every time, with "ĐÃ HỦY" once cancelled.
export async function receiptResponse(receipt: NonNullable<Awaited<ReturnType<typeof receiptFor>>>, origin: string): Promise<Response> {
  const t = await i18nServer.getFixedT("vi", "payments");
  const pdf = await receiptPdf(receipt, { t, origin });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="bien-lai-${receipt.series}-${receiptNumber(receipt.number)}.pdf"`,
      "Content-Length": String(pdf.length),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
