import type { TFunction } from "i18next";
import QRCode from "qrcode";
import { formatTimestamp } from "../shared/format";
import { amountInWords } from "./amount-words";
import { feeTable, figures, MARGIN, row, startPdf, type FeeLine } from "./pdf-parts.server";
import { referencesIn } from "./reference";
import { vietQrPayload } from "./vietqr";

// The payment notice (giấy báo nộp phí, issue 9; shared/domain/payments.md §3, §5.4): one A4 page telling the payer
// what to pay by bank transfer: the dossier, the fee lines and total (figures and words), the beneficiary account,
// the transfer description to write (the attempt's reference first, so that the statement import finds it), the
// deadline, and the VietQR code that fills all of it in a banking app. vietQrSvg draws the same code for the screen.

export interface PaymentNotice {
  payer: { name: string; idNumber: string | null; address: string | null };
  dossierCode: string;
  procedureName: string;
  /** Amounts in whole VND; their sum is the total. */
  lines: FeeLine[];
  total: number;
  /** The collecting account (the VietQR beneficiary). */
  beneficiary: { accountName: string; account: string; bankName: string; bankBin: string };
  /** The attempt's reference (VietQR bill number 62/01). */
  reference: string;
  /** The transfer description (VietQR purpose 62/08): ASCII, the reference first, e.g. "DVC PAY261129K7QM2X LE PHI HS H22-261129-0001". */
  purpose: string;
  /** ISO UTC instant: pay before (the attempt's expiry); printed dd/mm/yyyy HH:mm Vietnam time. */
  deadline: string;
}

/** The VietQR payload of a notice (what its QR code holds, byte for byte). Throws VietQrError on bad account data. */
export function noticePayload(notice: PaymentNotice): string {
  const { bankBin, account } = notice.beneficiary;
  return vietQrPayload({ bankBin, account, amount: notice.total, bill: notice.reference, purpose: notice.purpose });
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The VietQR code as inline SVG for the screen: qrcode's SVG (viewBox kept, so it scales), labelled as an image with
 * a `<title>` (the caller's translated text, e.g. t("payments:notice.qrTitle", …)).
 */
export async function vietQrSvg(payload: string, title: string): Promise<string> {
  const svg = await QRCode.toString(payload, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return svg.replace(/<svg\b([^>]*)>/, (_, attrs: string) => `<svg${attrs} role="img"><title>${escapeXml(title)}</title>`);
}

export async function paymentNoticePdf(notice: PaymentNotice, options: { t: TFunction; now?: Date }): Promise<Buffer> {
  const { t } = options;
  const sum = notice.lines.reduce((s, l) => s + l.amount, 0);
  if (sum !== notice.total) throw new RangeError(`The notice's total ${notice.total} is not the sum of its lines (${sum})`);
  if (!referencesIn(notice.purpose).includes(notice.reference)) throw new RangeError("The transfer description must carry the payment reference");
  const payload = noticePayload(notice);
  const qr = await QRCode.toBuffer(payload, { type: "png", errorCorrectionLevel: "M", margin: 2, scale: 4 });
  const { doc, done } = startPdf({ Title: t("payments:notice.documentTitle", { code: notice.dossierCode }), Author: t("payments:notice.issuer"), Subject: notice.procedureName });
  const left = MARGIN;
  const width = doc.page.width - 2 * MARGIN;

  doc.font("bold").fontSize(11).text(t("payments:notice.issuer").toUpperCase(), { width, align: "center" });
  doc.moveDown(0.8);
  doc.font("bold").fontSize(15).text(t("payments:notice.title"), { width, align: "center" });
  doc.moveDown(0.6);
  doc.font("regular").fontSize(10.5).text(t("payments:notice.intro"), { width });
  doc.moveDown(0.5);
  row(doc, t("payments:notice.payer"), notice.payer.name, width);
  row(doc, t("payments:notice.dossierCode"), notice.dossierCode, width);
  row(doc, t("payments:notice.procedure"), notice.procedureName, width);
  doc.moveDown(0.4);
  feeTable(doc, notice.lines, notice.total, {
    no: t("payments:notice.table.no"),
    name: t("payments:notice.table.name"),
    quantity: t("payments:notice.table.quantity"),
    amount: t("payments:notice.table.amount"),
    total: t("payments:notice.total"),
  });
  row(doc, t("payments:notice.inWords"), amountInWords(notice.total), width);
  doc.moveDown(0.6);

  // The transfer: details on the left, the VietQR code on the right.
  const qrSize = 150;
  const textWidth = width - qrSize - 16;
  const boxTop = doc.y;
  doc.font("bold").fontSize(12).text(t("payments:notice.beneficiary"), left + 10, boxTop + 10, { width: textWidth - 10 });
  doc.moveDown(0.3);
  const detail = (label: string, value: string, strong = false) => {
    doc.font("regular").fontSize(10).text(`${label}: `, { width: textWidth - 10, continued: true });
    doc.font(strong ? "bold" : "regular").fontSize(strong ? 11.5 : 10.5).text(value, { width: textWidth - 10 });
    doc.moveDown(0.2);
  };
  detail(t("payments:notice.accountName"), notice.beneficiary.accountName);
  detail(t("payments:notice.accountNumber"), notice.beneficiary.account, true);
  detail(t("payments:notice.bank"), notice.beneficiary.bankName);
  detail(t("payments:notice.amount"), t("payments:notice.totalFigures", { amount: figures(notice.total) }), true);
  detail(t("payments:notice.purpose"), notice.purpose, true);
  detail(t("payments:notice.reference"), notice.reference);
  detail(t("payments:notice.deadline"), formatTimestamp(notice.deadline), true);
  doc.image(qr, left + width - qrSize - 6, boxTop + 8, { width: qrSize });
  const boxBottom = Math.max(doc.y, boxTop + qrSize + 16) + 4;
  doc.lineWidth(1).strokeColor("#0b0c0c").rect(left, boxTop, width, boxBottom - boxTop).stroke();
  doc.x = left;
  doc.y = boxBottom + 10;

  doc.font("regular").fontSize(9.5).text(t("payments:notice.purposeNote"), { width });
  doc.moveDown(0.3);
  doc.text(t("payments:notice.qr"), { width });
  doc.moveDown(0.6);
  doc.fontSize(8.5).fillColor("#505a5f").text(t("payments:notice.printed", { time: formatTimestamp(options.now ?? new Date()) }), { width });
  doc.end();
  return done;
}
