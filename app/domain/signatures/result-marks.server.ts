import type { TFunction } from "i18next";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import type { PdfMarks } from "./sign-pdf.server";
import { FONT_BOLD, FONT_REGULAR } from "../shared/fonts.server";
import { formatShortCode, normalizeShortCode } from "./short-code";

// The marks a signed result carries so that anyone holding it, on paper or on screen, can check it: a QR code to the
// public verification page with the result's short code filled in, and the code itself for those who type it. Drawn
// here by pdfkit as a small one-page PDF (vector QR modules, Be Vietnam Pro embedded as a subset, like the forms) and
// placed by signPdf on page 1 of the result as a form XObject, in the same incremental update as the signature: the
// signature covers the marks, and the issued document is one revision (decision record: signing results).


/** The public verification page with the code filled in: ORIGIN/verify?code=XXXX-XXXX-XXXX. */
export function verificationUrl(origin: string, code: string): string {
  const url = new URL("/verify", origin);
  url.searchParams.set("code", code);
  return url.toString();
}

export interface ResultMarksInput {
  /** The page the QR code opens (verificationUrl(PUBLIC_URL, code)). */
  url: string;
  /** The result's short code (short-code.ts). */
  code: string;
  /** Vietnamese texts, "signing" namespace. */
  t: TFunction;
  /** English texts: a line in English under the Vietnamese one. */
  tEn?: TFunction;
  /** Where the stamp goes on page 1, in points from the lower-left corner (default 36, 8: the bottom margin). */
  x?: number;
  y?: number;
}

export const MARK_WIDTH = 270;
export const MARK_HEIGHT = 50;

/** The marks, ready for signPdf's `marks` option. */
export async function resultMarks(input: ResultMarksInput): Promise<PdfMarks> {
  const code = normalizeShortCode(input.code);
  if (!code) throw new Error("The verification code is not a valid short code.");
  const shown = formatShortCode(code);
  const doc = new PDFDocument({ size: [MARK_WIDTH, MARK_HEIGHT], margin: 0, pdfVersion: "1.7", info: { Title: shown } });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  doc.registerFont("regular", FONT_REGULAR);
  doc.registerFont("bold", FONT_BOLD);

  // The QR code as vector squares on white, with a two-module quiet zone.
  const qr = QRCode.create(input.url, { errorCorrectionLevel: "M" }).modules;
  const side = MARK_HEIGHT;
  const module = side / (qr.size + 4);
  doc.rect(0, 0, side, side).fill("white");
  for (let r = 0; r < qr.size; r++) {
    let c = 0;
    while (c < qr.size) {
      if (!qr.get(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < qr.size && qr.get(r, c)) c++;
      doc.rect((start + 2) * module, (r + 2) * module, (c - start) * module, module);
    }
  }
  doc.fill("black");

  const address = addressOf(input.url);
  const left = side + 6;
  const width = MARK_WIDTH - left;
  // Every character must be printed inside the stamp (its box clips): the code's line shrinks to the width, the
  // explanations to the height left (a long PUBLIC_URL makes longer lines).
  const codeLine = input.t("signing:marks.code", { code: shown });
  doc.font("bold").fontSize(8);
  const codeSize = Math.min(8, (8 * width) / doc.widthOfString(codeLine));
  doc.fontSize(codeSize).fillColor("black").text(codeLine, left, 3, { width, lineBreak: false });
  const top = 3 + codeSize * 1.4;
  const vi = input.t("signing:marks.verify", { address });
  const en = input.tEn ? input.tEn("signing:marks.verify", { address }) : null;
  doc.font("regular");
  let size = 6.5;
  const heightAt = (s: number) => {
    doc.fontSize(s);
    const h = doc.heightOfString(vi, { width, lineGap: -0.5 });
    return en ? h + 1 + doc.fontSize(s * 0.85).heightOfString(en, { width, lineGap: -0.5 }) : h;
  };
  while (size > 3 && top + heightAt(size) > MARK_HEIGHT - 2) size -= 0.25;
  doc.fontSize(size).fillColor("black").text(vi, left, top, { width, lineGap: -0.5 });
  if (en) {
    doc.fontSize(size * 0.85).fillColor("#505a5f").text(en, left, doc.y + 1, { width, lineGap: -0.5 });
  }
  doc.end();
  return { stamp: await done, x: input.x ?? 36, y: input.y ?? 8 };
}

/** The address to print: host and path, without the scheme and the query (the code is printed on its own). */
function addressOf(url: string): string {
  const u = new URL(url);
  return u.host + u.pathname;
}
