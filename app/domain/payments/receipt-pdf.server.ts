import type { TFunction } from "i18next";
import QRCode from "qrcode";
import { trackingUrl } from "../dossiers/confirmation.server";
import { formatTimestamp } from "../shared/format";
import { amountInWords } from "./amount-words";
import type { FeeKind } from "./fees";
import { feeTable, figures, MARGIN, row, startPdf, type FeeLine } from "./pdf-parts.server";

// The e-receipt (biên lai điện tử, issue 9; shared/domain/payments.md §4) as an A4 PDF, with the content Decree 123
// Art. 32(2) requires: the receipt's name, form number (ký hiệu mẫu) and series (ký hiệu), its 7-digit number, the
// collector (name, tax code, address), the payer, the fee lines, the total in figures and in words, the date issued;
// and ours: payment method and transaction number, the dossier and a QR code to its public tracking page. One receipt
// per fee kind (phí and lệ phí are separate receipts). A cancelled receipt carries a large "ĐÃ HỦY" mark. No database:
// the caller allocates the number and keeps the record; the collector's digital signature is applied afterwards.

export interface ReceiptDocument {
  /** e.g. "Biên lai thu phí, lệ phí không in sẵn mệnh giá" (from configuration). */
  typeName: string;
  /** Ký hiệu mẫu, e.g. "01BLP0-001". */
  templateSymbol: string;
  /** Ký hiệu, e.g. "BL-26E" (letters + last two digits of the year). */
  series: string;
  /** Printed as 7 digits, e.g. 0000001. */
  number: number;
  /** ISO UTC instant; printed dd/mm/yyyy HH:mm Vietnam time. */
  issuedAt: string;
  /** One receipt per kind: phí and lệ phí are separate receipts. */
  kind: FeeKind;
  collector: { name: string; taxCode: string | null; address: string | null };
  payer: { name: string; idNumber: string | null; address: string | null };
  dossierCode: string;
  procedureName: string;
  /** Amounts in whole VND. */
  lines: FeeLine[];
  total: number;
  method: "vnpay" | "vietqr" | "counter";
  /** The gateway's transaction number or the bank's reference. */
  providerTxnNo: string | null;
  /** Our attempt reference. */
  reference: string;
  status: "issued" | "cancelled";
}

/** The receipt number as printed: 7 digits (1 → "0000001"). */
export function receiptNumber(number: number): string {
  if (!Number.isSafeInteger(number) || number < 1 || number > 9_999_999) throw new RangeError(`A receipt number is 1–9999999, not ${number}`);
  return String(number).padStart(7, "0");
}

export async function receiptPdf(receipt: ReceiptDocument, options: { t: TFunction; origin: string }): Promise<Buffer> {
  const { t } = options;
  const number = receiptNumber(receipt.number);
  const sum = receipt.lines.reduce((s, l) => s + l.amount, 0);
  if (!Number.isSafeInteger(receipt.total) || receipt.total < 0 || sum !== receipt.total) throw new RangeError(`The receipt's total ${receipt.total} is not the sum of its lines (${sum})`);
  const link = trackingUrl(options.origin, receipt.dossierCode);
  const qr = await QRCode.toBuffer(link, { type: "png", errorCorrectionLevel: "M", margin: 2, scale: 4 });
  const { doc, done } = startPdf({
    Title: t("payments:receipt.documentTitle", { series: receipt.series, number }),
    Author: receipt.collector.name,
    Subject: receipt.typeName,
    Keywords: `${receipt.templateSymbol} ${receipt.series} ${number} ${receipt.dossierCode}`,
  });
  const left = MARGIN;
  const width = doc.page.width - 2 * MARGIN;

  // Header: the collector on the left, the form, series and number on the right.
  const top = doc.y;
  const leftWidth = width * 0.6;
  doc.font("bold").fontSize(10.5).text(receipt.collector.name.toUpperCase(), left, top, { width: leftWidth });
  doc.font("regular").fontSize(9.5);
  if (receipt.collector.taxCode) doc.text(`${t("payments:receipt.taxCode")}: ${receipt.collector.taxCode}`, { width: leftWidth });
  if (receipt.collector.address) doc.text(`${t("payments:receipt.address")}: ${receipt.collector.address}`, { width: leftWidth });
  const leftBottom = doc.y;
  const rightX = left + leftWidth + 12;
  const rightWidth = width - leftWidth - 12;
  doc.y = top;
  for (const [label, value, color] of [
    [t("payments:receipt.templateSymbol"), receipt.templateSymbol, "black"],
    [t("payments:receipt.series"), receipt.series, "black"],
    [t("payments:receipt.number"), number, "#d4351c"],
  ] as const) {
    doc.font("regular").fontSize(10).text(`${label}: `, rightX, doc.y, { width: rightWidth, continued: true });
    doc.font("bold").fillColor(color).text(value);
    doc.fillColor("black");
  }
  doc.x = left;
  doc.y = Math.max(leftBottom, doc.y) + 18;

  doc.font("bold").fontSize(15).text(receipt.typeName.toUpperCase(), left, doc.y, { width, align: "center" });
  doc.moveDown(0.2);
  doc.font("regular").fontSize(10.5).text(`(${t("payments:receipt.kind")}: ${t(`payments:receipt.kinds.${receipt.kind}`)})`, { width, align: "center" });
  if (receipt.status === "cancelled") {
    doc.moveDown(0.3);
    doc.font("bold").fontSize(11).fillColor("#d4351c").text(t("payments:receipt.cancelledNote"), { width, align: "center" });
    doc.fillColor("black");
  }
  doc.moveDown(1);

  row(doc, t("payments:receipt.payer"), receipt.payer.name, width);
  if (receipt.payer.idNumber) row(doc, t("payments:receipt.idNumber"), receipt.payer.idNumber, width);
  if (receipt.payer.address) row(doc, t("payments:receipt.address"), receipt.payer.address, width);
  row(doc, t("payments:receipt.dossierCode"), receipt.dossierCode, width);
  row(doc, t("payments:receipt.procedure"), receipt.procedureName, width);
  doc.moveDown(0.5);

  feeTable(doc, receipt.lines, receipt.total, {
    no: t("payments:receipt.table.no"),
    name: t("payments:receipt.table.name"),
    quantity: t("payments:receipt.table.quantity"),
    amount: t("payments:receipt.table.amount"),
    total: t("payments:receipt.total"),
  });
  row(doc, t("payments:receipt.total"), t("payments:receipt.totalFigures", { amount: figures(receipt.total) }), width);
  row(doc, t("payments:receipt.inWords"), amountInWords(receipt.total), width);
  row(doc, t("payments:receipt.method"), t(`payments:receipt.methods.${receipt.method}`), width);
  if (receipt.providerTxnNo) row(doc, t("payments:receipt.providerTxnNo"), receipt.providerTxnNo, width);
  row(doc, t("payments:receipt.reference"), receipt.reference, width);
  row(doc, t("payments:receipt.issuedAt"), formatTimestamp(receipt.issuedAt), width);

  doc.moveDown(0.8);
  doc.font("regular").fontSize(9.5).text(t("payments:receipt.electronic"), { width });
  doc.moveDown(0.5);
  doc.fontSize(9.5).text(t("payments:receipt.qr"), { width });
  if (doc.y + 140 > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const qrTop = doc.y + 4;
  doc.image(qr, left, qrTop, { width: 100 });
  doc.y = qrTop + 106;
  doc.fontSize(9).text(link, left, doc.y, { width, link });

  if (receipt.status === "cancelled") {
    // The mark across the first page, drawn last so that it lies over the content.
    doc.switchToPage(0);
    const cx = doc.page.width / 2;
    const cy = doc.page.height / 2;
    doc.save();
    doc.rotate(-30, { origin: [cx, cy] });
    const mark = t("payments:receipt.cancelled");
    doc.font("bold").fontSize(96);
    const size = Math.min(96, (96 * doc.page.width * 0.85) / doc.widthOfString(mark));
    doc.fontSize(size).fillColor("#d4351c").fillOpacity(0.3);
    doc.text(mark, cx - doc.widthOfString(mark) / 2, cy - size * 0.6, { lineBreak: false });
    doc.restore();
  }
  doc.end();
  return done;
}
