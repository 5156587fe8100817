import type { TFunction } from "i18next";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { formatTimestamp } from "../shared/format";
import { FONT_BOLD, FONT_REGULAR } from "../shared/fonts.server";
import type { DossierView } from "./dossiers";

// The submission confirmation (issue 5, item 4): an A4 PDF in Vietnamese, the Be Vietnam Pro typeface embedded
// (subset: a PDF reader needs no Vietnamese font of its own), with the dossier's code, procedure, agency, applicant,
// times (dd/mm/yyyy HH:mm, Vietnam time), the documents and a QR code to the public tracking page with the code
// filled in. Its shape follows Mẫu 01's header (shared/domain/vn-egov.md §2.2); it is a confirmation of submission,
// not the receipt Mẫu 01 that acceptance issues.


/** The public tracking page with the code filled in (what the QR code holds). */
export function trackingUrl(origin: string, code: string): string {
  const url = new URL("/dossiers/track", origin);
  url.searchParams.set("code", code);
  return url.toString();
}

export async function confirmationPdf(dossier: DossierView, options: { origin: string; t: TFunction; now?: Date }): Promise<Buffer> {
  const { t } = options;
  const link = trackingUrl(options.origin, dossier.code);
  const qr = await QRCode.toBuffer(link, { type: "png", errorCorrectionLevel: "M", margin: 2, scale: 4 });
  const doc = new PDFDocument({
    size: "A4",
    margin: 56,
    info: { Title: `${t("dossiers:pdf.title")} ${dossier.code}`, Author: t("dossiers:pdf.issuer"), Subject: dossier.procedureName },
    lang: "vi-VN",
    pdfVersion: "1.7",
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  doc.registerFont("regular", FONT_REGULAR);
  doc.registerFont("bold", FONT_BOLD);
  const width = doc.page.width - 112;

  doc.font("bold").fontSize(11).text(t("dossiers:pdf.issuer").toUpperCase(), { align: "center" });
  doc.font("regular").fontSize(10).text(dossier.agencyName ?? "", { align: "center" });
  doc.moveDown(1.2);
  doc.font("bold").fontSize(15).text(t("dossiers:pdf.title"), { align: "center" });
  doc.moveDown(0.3);
  doc.font("bold").fontSize(13).text(`${t("dossiers:fields.code")}: ${dossier.code}`, { align: "center" });
  doc.moveDown(1);

  const row = (label: string, value: string) => {
    doc.font("bold").fontSize(10.5).text(`${label}: `, { continued: true, width });
    doc.font("regular").text(value, { width });
    doc.moveDown(0.2);
  };
  const a = dossier.applicant;
  row(t("dossiers:fields.procedure"), dossier.procedureName);
  row(t("dossiers:fields.agency"), dossier.agencyName ?? "—");
  row(t("dossiers:fields.applicant"), a.fullName);
  if (a.cccd) row(t("dossiers:fields.cccd"), a.cccd);
  if (a.phone) row(t("dossiers:fields.phone"), a.phone);
  if (a.email) row(t("dossiers:fields.email"), a.email);
  if (a.address) row(t("dossiers:fields.address"), a.address);
  row(t("dossiers:fields.receivedAt"), formatTimestamp(dossier.receivedAt));
  if (dossier.acceptanceDueAt) row(t("dossiers:fields.acceptanceDueAt"), formatTimestamp(dossier.acceptanceDueAt));
  row(t("dossiers:fields.dueAt"), dossier.dueAt ? formatTimestamp(dossier.dueAt) : t("dossiers:fields.noDueDate"));
  row(t("dossiers:fields.status"), t(`dossiers:status.${dossier.status}`));

  doc.moveDown(0.6);
  doc.font("bold").fontSize(11).text(t("dossiers:pdf.documents"), { width });
  doc.moveDown(0.2);
  dossier.documents.forEach((d, i) => {
    doc.font("regular").fontSize(10.5).text(`${i + 1}. ${d.name} (${t("dossiers:pdf.file", { count: d.files.length })})`, { width, indent: 8 });
  });

  doc.moveDown(1);
  doc.font("regular").fontSize(10).text(t("dossiers:pdf.qr"), { width });
  const qrTop = doc.y + 4;
  doc.image(qr, doc.page.margins.left, qrTop, { width: 110 });
  doc.y = qrTop + 116;
  doc.fontSize(9).text(link, { width, link });
  doc.moveDown(0.8);
  doc.fontSize(9.5).text(t("dossiers:pdf.note"), { width });
  doc.moveDown(0.5);
  doc.fontSize(8.5).fillColor("#505a5f").text(t("dossiers:pdf.printed", { time: formatTimestamp(options.now ?? new Date()) }), { width });
  doc.end();
  return done;
}
