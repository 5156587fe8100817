import PDFDocument from "pdfkit";
import { formatVnd } from "../shared/format";
import { FONT_BOLD, FONT_REGULAR } from "../shared/fonts.server";

// What the payment PDFs (the e-receipt and the payment notice) share: an A4 page in Be Vietnam Pro, collected into a
// Buffer, label–value rows, and the table of fee lines with the total. The texts come from the caller's `t`.

export type Doc = PDFKit.PDFDocument;

export interface FeeLine {
  name: string;
  quantity: number;
  /** Whole đồng. */
  amount: number;
}

export const MARGIN = 56;

/** Figures grouped the Vietnamese way, without the currency: 50000 → "50.000" (a receipt's table and total). */
export function figures(amount: number): string {
  return formatVnd(amount, "vi").replace(/\s*₫$/, "");
}

/** A new A4 document with both weights registered ("regular", "bold"), and the promise of its bytes. */
export function startPdf(info: PDFKit.DocumentInfo): { doc: Doc; done: Promise<Buffer> } {
  const doc = new PDFDocument({ size: "A4", margin: MARGIN, info, lang: "vi-VN", pdfVersion: "1.7", bufferPages: true });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  doc.registerFont("regular", FONT_REGULAR);
  doc.registerFont("bold", FONT_BOLD);
  return { doc, done };
}

/** "Label: value" on one line (wrapping under itself), at the current position. */
export function row(doc: Doc, label: string, value: string, width: number, size = 10.5): void {
  doc.font("bold").fontSize(size).text(`${label}: `, { continued: true, width });
  doc.font("regular").text(value, { width });
  doc.moveDown(0.15);
}

/**
 * The table of lines (no., name, quantity, amount) and its total row, full width from the left margin. `labels`:
 * the column headings and the total's label, already translated.
 */
export function feeTable(doc: Doc, lines: readonly FeeLine[], total: number, labels: { no: string; name: string; quantity: string; amount: string; total: string }): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const cols = [
    { x: left, w: 36, align: "center" as const },
    { x: left + 36, w: width - 36 - 70 - 110, align: "left" as const },
    { x: left + width - 180, w: 70, align: "center" as const },
    { x: left + width - 110, w: 110, align: "right" as const },
  ];
  const pad = 4;
  const drawRow = (cells: string[], font: "regular" | "bold") => {
    doc.font(font).fontSize(10);
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: cols[i]!.w - 2 * pad }))) + 2 * pad;
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const top = doc.y;
    cells.forEach((c, i) => doc.text(c, cols[i]!.x + pad, top + pad, { width: cols[i]!.w - 2 * pad, align: cols[i]!.align }));
    doc.lineWidth(0.5).strokeColor("#505a5f").rect(left, top, width, height).stroke();
    for (const c of cols.slice(1)) doc.moveTo(c.x, top).lineTo(c.x, top + height).stroke();
    doc.x = left;
    doc.y = top + height;
  };
  drawRow([labels.no, labels.name, labels.quantity, labels.amount], "bold");
  lines.forEach((l, i) => drawRow([String(i + 1), l.name, String(l.quantity), figures(l.amount)], "regular"));
  doc.font("bold").fontSize(10);
  const top = doc.y;
  const height = doc.heightOfString(labels.total) + 2 * pad;
  doc.text(labels.total, cols[1]!.x + pad, top + pad, { width: cols[1]!.w + cols[2]!.w - 2 * pad });
  doc.text(figures(total), cols[3]!.x + pad, top + pad, { width: cols[3]!.w - 2 * pad, align: "right" });
  doc.lineWidth(0.5).rect(left, top, width, height).stroke();
  doc.moveTo(cols[3]!.x, top).lineTo(cols[3]!.x, top + height).stroke();
  doc.x = left;
  doc.y = top + height;
  doc.moveDown(0.6);
}
