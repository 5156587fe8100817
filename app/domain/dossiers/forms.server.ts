import type { Readable } from "node:stream";
import type { TFunction } from "i18next";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { newId } from "../../platform/ids.server";
import type { Actor } from "../access/permissions";
import { agenciesFor } from "../access/permissions";
import { parseJsonColumn } from "../procedures/catalog.repo.server";
import type { ProcedureContent } from "../procedures/catalog.server";
import { formatDate, formatDateTime, formatTimestamp } from "../shared/format";
import type { IssueFormInput, Trx } from "./back-office.seams";
import { trackingUrl } from "./confirmation.server";
import type { DossierApplicant } from "./dossiers";
import { findOwnedDossier } from "./dossiers.repo.server";
import {
  channelOf,
  code39Modules,
  FORM_AUDIENCE,
  FORM_NUMBERS,
  fieldLabel,
  formatAppointment,
  formFileName,
  jsonArray,
  parseApologyParams,
  parseRefusalParams,
  vietnamParts,
  type ControlSheetRow,
  type IssuedFormData,
  type FormHeader,
  type FormKind,
  type IssuedAudience,
  type ReceiptDocument,
} from "./forms";
import { FONT_BOLD, FONT_REGULAR } from "../shared/fonts.server";
import {
  findAgencyOn,
  findAgencyVersions,
  findDossierEvent,
  findDossierForForm,
  findDossierSteps,
  findIssuedDocument,
  findIssuedDocumentInAgencies,
  findIssuedDocuments,
  findLatestSupplement,
  findSubmittedDocumentIndexes,
  insertIssuedDocument,
  userNames,
} from "./forms.repo.server";

// The forms Mẫu 01–05 of Circular 01/2018/TT-VPCP (issue 6; shared/domain/vn-egov.md §2.2, §2.5, §2.7) as A4 PDFs in
// the style of the submission confirmation (confirmation.server.ts): the Be Vietnam Pro typeface embedded, the
// national motto header on the right and the issuing unit on the left, the form's number and title, and a QR code to
// the public tracking page. In Vietnamese, the language of record; with `tEn`, each text has its English beside it.
//
// `createFormIssuer` implements the engine's seam issueForm (back-office.seams.ts): inside the transition's
// transaction it reads the dossier as it stands, renders the form, stores the bytes in the content-addressed blob
// store (bytes first: a row never points at missing content; content no row refers to is swept later) and records the
// row in dossier_issued_documents. The downloads (the applicant's own, the officials' of the dossier's agencies) are
// below.


/** The most bytes one form may take in the blob store (a long control sheet is a few hundred kB). */
const MAX_FORM_BYTES = 20_000_000;

// ---------------------------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------------------------

export interface RenderOptions {
  /** The site's public origin (the QR code's tracking link). */
  origin: string;
  /** Vietnamese texts ("dossiers" namespace). */
  t: TFunction;
  /** English texts: when given, each text has its English translation beside it. */
  tEn?: TFunction;
  /** When the form is issued (the date line). */
  now: Date;
}

type Params = Record<string, unknown>;
const GREY = "#505a5f";

/** Render one form as a PDF. */
export async function renderForm(data: IssuedFormData, options: RenderOptions): Promise<Buffer> {
  const { t, tEn } = options;
  const k = (key: string) => `dossiers:forms.${key}`;
  const vi = (key: string, params?: Params) => t(k(key), params ?? {}) as string;
  const en = (key: string, params?: Params) => (tEn ? (tEn(k(key), params ?? {}) as string) : null);
  /** "Vietnamese / English" (labels, column headers), or Vietnamese alone. */
  const both = (key: string, params?: Params) => {
    const e = en(key, params);
    return e ? `${vi(key, params)} / ${e}` : vi(key, params);
  };

  const link = trackingUrl(options.origin, data.code);
  const qr = await QRCode.toBuffer(link, { type: "png", errorCorrectionLevel: "M", margin: 2, scale: 4 });
  const landscape = data.kind === "control_sheet";
  const doc = new PDFDocument({
    size: "A4",
    layout: landscape ? "landscape" : "portrait",
    margin: 48,
    info: { Title: `${vi(`titles.${data.kind}`)} ${data.code}`, Author: data.unitName, Subject: data.procedureName },
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
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const ensure = (height: number) => {
    if (doc.y + height > bottom()) doc.addPage();
  };

  /** A paragraph in Vietnamese, its English below in small grey type. */
  const para = (key: string, params?: Params, opts: { bold?: boolean; size?: number; align?: "left" | "center" | "right" | "justify"; indent?: number } = {}) => {
    const size = opts.size ?? 10.5;
    doc.font(opts.bold ? "bold" : "regular").fontSize(size).fillColor("black").text(vi(key, params), left, doc.y, { width, align: opts.align ?? "left", indent: opts.indent ?? 0 });
    const e = en(key, params);
    if (e) doc.font("regular").fontSize(size - 2).fillColor(GREY).text(e, left, doc.y, { width, align: opts.align ?? "left", indent: opts.indent ?? 0 });
    doc.fillColor("black");
    doc.moveDown(0.25);
  };
  /** "Label: value" (the label in both languages). */
  const row = (key: string, value: string) => {
    doc.font("bold").fontSize(10.5).fillColor("black").text(`${both(key)}: `, left, doc.y, { continued: true, width });
    doc.font("regular").text(value || "—", { width });
    doc.moveDown(0.15);
  };
  /** A plain line of text (data, not a translated text). */
  const plain = (text: string, opts: { indent?: number; bold?: boolean } = {}) => {
    doc.font(opts.bold ? "bold" : "regular").fontSize(10.5).fillColor("black").text(text, left, doc.y, { width, indent: opts.indent ?? 0 });
    doc.moveDown(0.1);
  };

  // Form number (top right), then the two header columns: the issuing unit, the national motto.
  doc.font("bold").fontSize(9).text(vi("header.formNumber", { number: FORM_NUMBERS[data.kind] }), left, doc.y, { width, align: "right" });
  doc.moveDown(0.4);
  const top = doc.y;
  const colWidth = width * 0.44;
  const rightX = left + width - width * 0.54;
  const rightWidth = width * 0.54;
  doc.font("regular").fontSize(10).text(vi("header.province"), left, top, { width: colWidth, align: "center" });
  doc.font("bold").fontSize(10.5).text(data.unitName.toUpperCase(), left, doc.y, { width: colWidth, align: "center" });
  const leftRule = doc.y + 3;
  doc.moveTo(left + colWidth * 0.3, leftRule).lineTo(left + colWidth * 0.7, leftRule).lineWidth(0.6).stroke();
  const leftEnd = leftRule + 4;
  doc.font("bold").fontSize(10.5).text(vi("header.nation"), rightX, top, { width: rightWidth, align: "center" });
  doc.font("bold").fontSize(11).text(vi("header.motto"), rightX, doc.y, { width: rightWidth, align: "center" });
  const rightRule = doc.y + 3;
  doc.moveTo(rightX + rightWidth * 0.22, rightRule).lineTo(rightX + rightWidth * 0.78, rightRule).lineWidth(0.6).stroke();
  doc.y = Math.max(leftEnd, rightRule + 4) + 6;
  const issued = vietnamParts(options.now);
  doc.font("regular").fontSize(10).text(vi("header.placeDate", issued), left, doc.y, { width, align: "right" });
  doc.moveDown(1);

  doc.font("bold").fontSize(14).text(vi(`titles.${data.kind}`), left, doc.y, { width, align: "center" });
  const titleEn = en(`titles.${data.kind}`);
  if (titleEn) doc.font("regular").fontSize(10).fillColor(GREY).text(titleEn, left, doc.y, { width, align: "center" }).fillColor("black");
  doc.font("bold").fontSize(11.5).text(`${both("labels.code")}: ${data.code}`, left, doc.y + 4, { width, align: "center" });
  if (data.kind === "receipt") barcode(doc, data.code, left, width);
  doc.moveDown(1);

  const applicantRows = (h: FormHeader) => {
    row("labels.applicant", h.applicant.fullName);
    if (h.organisationName) row("labels.organisation", h.organisationName);
    if (h.applicant.cccd) row("labels.cccd", h.applicant.cccd);
    if (h.applicant.address) row("labels.address", h.applicant.address);
    if (h.applicant.phone) row("labels.phone", h.applicant.phone);
    if (h.applicant.email) row("labels.email", h.applicant.email);
    row("labels.procedure", h.procedureName);
  };

  /** A bordered table; the header row repeats on a new page. */
  const table = (columns: { key: string; width: number; align?: "left" | "center" }[], rows: string[][]) => {
    const pad = 4;
    const total = columns.reduce((s, c) => s + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * width);
    const drawRow = (cells: string[], bold: boolean) => {
      doc.font(bold ? "bold" : "regular").fontSize(bold ? 9 : 9.5);
      const height = Math.max(...cells.map((cell, i) => doc.heightOfString(cell || " ", { width: widths[i]! - 2 * pad }))) + 2 * pad;
      if (doc.y + height > bottom()) {
        doc.addPage();
        if (!bold) drawRow(columns.map((c) => both(c.key)), true);
      }
      const y = doc.y;
      let x = left;
      cells.forEach((cell, i) => {
        doc.rect(x, y, widths[i]!, height).lineWidth(0.5).stroke();
        doc.font(bold ? "bold" : "regular").fontSize(bold ? 9 : 9.5).text(cell, x + pad, y + pad, { width: widths[i]! - 2 * pad, align: columns[i]!.align ?? "left" });
        x += widths[i]!;
      });
      doc.x = left;
      doc.y = y + height;
    };
    drawRow(columns.map((c) => both(c.key)), true);
    for (const r of rows) drawRow(r, false);
    doc.moveDown(0.6);
  };

  /** Signature blocks: a title (and the person's name under the space for the signature) on the left and/or right. */
  const signatures = (blocks: { side: "left" | "right"; title: string; name?: string | null }[]) => {
    ensure(100);
    const y = doc.y + 6;
    let end = y;
    for (const b of blocks) {
      const x = b.side === "left" ? left : left + width / 2;
      doc.font("bold").fontSize(10.5).text(vi(b.title), x, y, { width: width / 2, align: "center" });
      const e = en(b.title);
      if (e) doc.font("regular").fontSize(8.5).fillColor(GREY).text(e, x, doc.y, { width: width / 2, align: "center" }).fillColor("black");
      doc.font("regular").fontSize(9).fillColor(GREY).text(vi("labels.signNote"), x, doc.y, { width: width / 2, align: "center" }).fillColor("black");
      if (b.name) doc.font("bold").fontSize(10.5).text(b.name, x, doc.y + 46, { width: width / 2, align: "center" });
      end = Math.max(end, doc.y);
    }
    doc.x = left;
    doc.y = end + 12;
  };

  const appointment = (iso: string | null) => (iso ? formatAppointment(iso) : vi("labels.noDueDate"));
  const appointmentEn = (iso: string | null) => (iso ? formatDateTime(iso, "en") : "");

  switch (data.kind) {
    case "receipt": {
      para("receipt.intro", { unit: data.unitName });
      applicantRows(data);
      row("labels.channel", both(`channels.${data.channel}`));
      doc.moveDown(0.3);
      doc.font("bold").fontSize(11).text(both("receipt.documents"), left, doc.y, { width });
      doc.moveDown(0.3);
      const docs: ReceiptDocument[] = data.documents;
      table(
        [
          { key: "receipt.no", width: 6, align: "center" },
          { key: "receipt.docName", width: 52 },
          { key: "receipt.originals", width: 14, align: "center" },
          { key: "receipt.certifiedCopies", width: 14, align: "center" },
          { key: "receipt.photocopies", width: 14, align: "center" },
        ],
        docs.map((d, i) => [String(i + 1), d.name, String(d.originals), String(d.certifiedCopies), String(d.photocopies)]),
      );
      para("receipt.sets");
      if (data.timeLimit) {
        const limit = data.timeLimit;
        const time =
          limit.unit === "none"
            ? (t("procedures:time.none") as string)
            : limit.unit === "same_day"
              ? (t("procedures:time.same_day", { cutoff: limit.cutoff }) as string)
              : (t(`procedures:time.${limit.unit}`, { count: limit.amount }) as string);
        row("receipt.timeLimit", time);
      }
      row("receipt.acceptedAt", formatAppointment(data.acceptedAt));
      row("receipt.dueAt", data.dueAt ? vi("receipt.after", { time: appointment(data.dueAt) }) : appointment(null));
      if (tEn && data.dueAt) plain(`(${appointmentEn(data.dueAt)})`, { indent: 8 });
      if (data.returnPlace) row("receipt.returnPlace", data.returnPlace);
      if (data.feeMode) row("receipt.feeMode", both(`receipt.feeModes.${data.feeMode}`));
      doc.moveDown(0.3);
      para("receipt.note", undefined, { size: 9.5 });
      signatures([
        { side: "left", title: "receipt.submitter", name: data.applicant.fullName },
        { side: "right", title: "receipt.officer", name: data.officialName },
      ]);
      break;
    }
    case "supplement_request": {
      para("supplement.intro", { unit: data.unitName, name: data.applicant.fullName, procedure: data.procedureName });
      applicantRows(data);
      row("supplement.requestedAt", formatTimestamp(data.requestedAt));
      doc.moveDown(0.3);
      para("supplement.items", undefined, { bold: true });
      let n = 0;
      if (data.fields.length > 0) {
        para("supplement.fields", undefined, { bold: true, size: 10 });
        for (const f of data.fields) plain(`${++n}. ${f}`, { indent: 8 });
      }
      if (data.documents.length > 0) {
        para("supplement.documents", undefined, { bold: true, size: 10 });
        for (const d of data.documents) plain(`${++n}. ${d}`, { indent: 8 });
      }
      doc.moveDown(0.2);
      row("supplement.reason", data.note);
      if (data.justification) row("supplement.justification", data.justification);
      if (data.respondBy) row("supplement.respondBy", formatAppointment(data.respondBy));
      doc.moveDown(0.3);
      para("supplement.closing", { unit: data.unitName }, { size: 9.5 });
      signatures([{ side: "right", title: "supplement.signer", name: data.requestedBy }]);
      break;
    }
    case "refusal": {
      para("refusal.intro", { unit: data.unitName, name: data.applicant.fullName, procedure: data.procedureName });
      applicantRows(data);
      row("refusal.refusedAt", formatTimestamp(data.refusedAt));
      doc.moveDown(0.3);
      para("refusal.reasons", undefined, { bold: true });
      data.reasons.forEach((r, i) => plain(`${i + 1}. ${vi(`reasons.${r}`)}`, { indent: 8 }));
      if (data.text) row("refusal.detail", data.text);
      if (data.legalBasis) row("refusal.legalBasis", data.legalBasis);
      doc.moveDown(0.3);
      para("refusal.closing", undefined, { size: 9.5 });
      signatures([{ side: "right", title: "refusal.signer", name: data.officialName }]);
      break;
    }
    case "apology": {
      para("apology.intro", { unit: data.unitName, name: data.applicant.fullName, procedure: data.procedureName, code: data.code });
      applicantRows(data);
      row("apology.receivedAt", formatTimestamp(data.receivedAt));
      row("apology.dueAt", appointment(data.dueAt));
      doc.moveDown(0.3);
      row("apology.reason", data.reason);
      para("apology.sorry", { unit: data.unitName });
      row("apology.newDueAt", appointment(data.newDueAt));
      if (tEn && data.newDueAt) plain(`(${appointmentEn(data.newDueAt)})`, { indent: 8 });
      doc.moveDown(0.3);
      para("apology.thanks", undefined, { size: 9.5 });
      signatures([{ side: "right", title: "apology.signer", name: data.officialName }]);
      break;
    }
    case "control_sheet": {
      para("control.intro", { unit: data.unitName });
      row("labels.applicant", data.applicant.fullName);
      row("labels.procedure", data.procedureName);
      row("control.receivedAt", formatTimestamp(data.receivedAt));
      if (data.acceptedAt) row("control.acceptedAt", formatTimestamp(data.acceptedAt));
      row("control.dueAt", appointment(data.dueAt));
      doc.moveDown(0.3);
      const outcome = (r: ControlSheetRow) => {
        const parts: string[] = [r.name];
        if (r.outcome) parts.push(t(`dossiers:forms.control.outcomes.${r.outcome}`, { defaultValue: r.outcome }) as string);
        else parts.push(vi("control.open"));
        if (r.dueAt) parts.push(vi("control.stepDue", { time: formatTimestamp(r.dueAt) }));
        return parts.join("\n");
      };
      table(
        [
          { key: "control.columns.seq", width: 5, align: "center" },
          { key: "control.columns.from", width: 16 },
          { key: "control.columns.to", width: 16 },
          { key: "control.columns.at", width: 12, align: "center" },
          { key: "control.columns.giver", width: 13 },
          { key: "control.columns.receiver", width: 13 },
          { key: "control.columns.result", width: 9, align: "center" },
          { key: "control.columns.note", width: 16 },
        ],
        data.steps.map((r) => [
          String(r.seq),
          r.fromUnit ?? vi("control.applicant"),
          r.toUnit,
          formatTimestamp(r.at),
          r.giver ?? (r.fromUnit === null ? data.applicant.fullName : "—"),
          r.receiver ?? "—",
          r.result ? vi(`control.results.${r.result}`) : "—",
          outcome(r),
        ]),
      );
      break;
    }
  }

  // The QR code to the public tracking page, and its link written out.
  ensure(150);
  doc.moveDown(0.4);
  para("labels.qr", undefined, { size: 9.5 });
  const qrTop = doc.y + 2;
  doc.image(qr, left, qrTop, { width: 96 });
  doc.y = qrTop + 100;
  doc.font("regular").fontSize(9).fillColor("black").text(link, left, doc.y, { width, link });
  doc.moveDown(0.4);
  doc.fontSize(8.5).fillColor(GREY).text(vi("labels.issued", { time: formatTimestamp(options.now), date: formatDate(options.now) }), left, doc.y, { width });
  doc.end();
  return done;
}

/** The dossier code as a Code 39 barcode, centred (skipped for a code Code 39 cannot carry: it never blocks the form). */
function barcode(doc: PDFKit.PDFDocument, code: string, left: number, width: number): void {
  let modules: boolean[];
  try {
    modules = code39Modules(code);
  } catch {
    return;
  }
  const unit = Math.min(0.9, (width * 0.8) / modules.length);
  const height = 26;
  const y = doc.y + 6;
  let x = left + (width - modules.length * unit) / 2;
  for (let i = 0; i < modules.length; ) {
    let run = 1;
    while (i + run < modules.length && modules[i + run] === modules[i]) run++;
    if (modules[i]) doc.rect(x, y, run * unit, height).fill("black");
    x += run * unit;
    i += run;
  }
  doc.x = left;
  doc.y = y + height + 2;
}

// ---------------------------------------------------------------------------------------------------------------
// Loading the data of a form from the dossier as it stands (in the engine's transaction)
// ---------------------------------------------------------------------------------------------------------------

const dayOf = (iso: string) => iso.slice(0, 10);

/** The name of an agency on a day from its versions (the latest version when none was valid then). */
function nameOn(versions: { agencyId: string; name: string; validFrom: string; validTo: string | null }[], agencyId: string, iso: string): string | null {
  const day = dayOf(iso);
  const own = versions.filter((v) => v.agencyId === agencyId);
  return (own.find((v) => v.validFrom <= day && (v.validTo === null || v.validTo > day)) ?? own.at(-1))?.name ?? null;
}

/**
 * What the form shows, read in the transaction. Throws when what the engine should have written first is missing
 * (the dossier, a supplementation request for Mẫu 02): the transition then rolls back.
 */
export async function loadFormData(trx: Trx, input: Pick<IssueFormInput, "dossierId" | "kind" | "eventId" | "actorId" | "now">, shared: (key: string) => string): Promise<IssuedFormData> {
  const d = await findDossierForForm(trx, input.dossierId);
  if (!d) throw new Error(`issueForm: no dossier ${input.dossierId}`);
  const content = parseJsonColumn<ProcedureContent>(d.content);
  const event = input.eventId ? await findDossierEvent(trx, d.id, input.eventId) : undefined;
  const nowIso = input.now.toISOString();
  const officialId = event?.actorId ?? input.actorId;
  const names = await userNames(trx, [officialId]);
  const officialName = officialId ? (names.get(officialId) ?? null) : null;
  const unitName = async (agencyId: string, at: string) => (await findAgencyOn(trx, agencyId, dayOf(at)))?.name ?? (await findAgencyVersions(trx, [agencyId])).at(-1)?.name ?? "";
  const header = async (agencyId: string, at: string): Promise<FormHeader> => ({
    code: d.code,
    procedureName: d.procedureName,
    unitName: await unitName(agencyId, at),
    applicant: parseJsonColumn<DossierApplicant>(d.applicant),
    organisationName: d.organisationName ?? null,
  });
  const actingAgency = event?.agencyId ?? d.currentAgencyId ?? d.agencyId;

  switch (input.kind) {
    case "receipt": {
      const acceptedAt = d.acceptedAt ?? event?.at ?? nowIso;
      const agency = await findAgencyOn(trx, d.agencyId, dayOf(acceptedAt));
      const channel = agency ? channelOf(content.offerings, { code: d.agencyCode, kind: agency.kind }, d.channel) : null;
      const submitted = new Set(await findSubmittedDocumentIndexes(trx, d.id));
      const documents = content.documents
        .map((doc, index) => ({ doc, index }))
        .filter(({ doc, index }) => (submitted.size > 0 ? submitted.has(index) : !doc.case))
        .map(({ doc }) => ({ name: doc.name, originals: doc.originals ?? 0, certifiedCopies: doc.certifiedCopies ?? 0, photocopies: doc.photocopies ?? 0 }));
      const h = await header(d.agencyId, acceptedAt);
      return {
        kind: "receipt",
        ...h,
        channel: d.channel,
        acceptedAt,
        dueAt: d.dueAt,
        feeMode: channel?.feeMode ?? null,
        timeLimit: channel?.timeLimit ?? null,
        documents,
        officialName,
        returnPlace: agency?.address ? `${h.unitName}, ${agency.address}` : h.unitName,
      };
    }
    case "supplement_request": {
      const s = await findLatestSupplement(trx, d.id);
      if (!s) throw new Error(`issueForm: no supplementation request for dossier ${d.id}`);
      const requester = (await userNames(trx, [s.requestedBy])).get(s.requestedBy) ?? null;
      const fields = jsonArray(s.fields)
        .filter((f): f is string => typeof f === "string")
        .map((path) => fieldLabel(content.form, path, shared));
      const documents = jsonArray(s.documents)
        .map(Number)
        .filter((i) => Number.isInteger(i))
        .map((i) => content.documents[i]?.name ?? `#${i + 1}`);
      return {
        kind: "supplement_request",
        ...(await header(s.agencyId, s.requestedAt)),
        requestedAt: s.requestedAt,
        requestedBy: requester,
        fields,
        documents,
        note: s.note,
        justification: s.justification,
        respondBy: s.respondBy,
      };
    }
    case "refusal": {
      const params = parseRefusalParams(event?.noteParams ? parseJsonColumn<unknown>(event.noteParams) : null);
      // A dossier closed because the supplementation period ran out (expireSupplement) carries no reasons of its own.
      const reasons = params.reasons.length > 0 ? params.reasons : event?.noteKey === "history.supplementExpired" ? (["supplementMissed"] as const) : [];
      const at = event?.at ?? nowIso;
      return { kind: "refusal", ...(await header(actingAgency, at)), refusedAt: at, reasons: [...reasons], text: params.text, legalBasis: params.legalBasis, officialName };
    }
    case "apology": {
      const params = parseApologyParams(event?.noteParams ? parseJsonColumn<unknown>(event.noteParams) : null);
      const at = event?.at ?? nowIso;
      return {
        kind: "apology",
        ...(await header(actingAgency, at)),
        apologizedAt: at,
        receivedAt: d.acceptedAt ?? d.receivedAt,
        dueAt: d.dueAt,
        newDueAt: params.newDueAt ?? d.rescheduledDueAt ?? null,
        reason: params.reason,
        officialName,
      };
    }
    case "control_sheet": {
      const steps = await findDossierSteps(trx, d.id);
      const versions = await findAgencyVersions(trx, steps.flatMap((s) => [s.agencyId, ...(s.fromAgencyId ? [s.fromAgencyId] : [])]));
      const people = await userNames(trx, steps.flatMap((s) => [s.handedBy, s.handledBy]));
      const rows: ControlSheetRow[] = steps.map((s, i) => {
        const from = s.fromAgencyId ?? (i > 0 ? steps[i - 1]!.agencyId : null);
        return {
          seq: Number(s.seq),
          name: s.name,
          fromUnit: from ? nameOn(versions, from, s.startedAt) : null,
          toUnit: nameOn(versions, s.agencyId, s.startedAt) ?? "",
          at: s.startedAt,
          dueAt: s.dueAt,
          endedAt: s.endedAt,
          giver: s.handedBy ? (people.get(s.handedBy) ?? null) : null,
          receiver: s.handledBy ? (people.get(s.handledBy) ?? null) : null,
          result: s.result,
          outcome: s.outcome,
        };
      });
      return { kind: "control_sheet", ...(await header(d.agencyId, nowIso)), receivedAt: d.receivedAt, acceptedAt: d.acceptedAt, dueAt: d.dueAt, steps: rows };
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The seam: issue a form (render, store the bytes, record the row)
// ---------------------------------------------------------------------------------------------------------------

/** What the issuer needs of the blob store (app/platform/blob-store.server.ts's BlobStore has it). */
export interface FormBlobStore {
  stage(chunks: AsyncIterable<Uint8Array>, options: { maxBytes: number }): Promise<{ readonly sha256: string; readonly size: number; commit(): Promise<void>; discard(): Promise<void> }>;
  open(sha256: string): Readable;
}

export interface FormIssuerDeps {
  blobs: FormBlobStore;
  /** The site's public origin (PUBLIC_URL): the QR codes' tracking links. */
  origin: string;
  /** Vietnamese texts, "dossiers" namespace (i18nServer.getFixedT("vi", "dossiers")). */
  t: TFunction;
  /** English texts: when given, issued forms carry the English beside the Vietnamese. Leave out for Vietnamese only. */
  tEn?: TFunction;
}

export interface FormIssuer {
  /** Render the form from the dossier as it stands in the transaction, store its bytes, record it. Returns its id. */
  issueForm(trx: Trx, input: IssueFormInput): Promise<string>;
}

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

export function createFormIssuer(deps: FormIssuerDeps): FormIssuer {
  const shared = (key: string) => deps.t(key.slice("form.".length), { ns: "forms", defaultValue: key }) as string;
  return {
    async issueForm(trx, input) {
      const kind: FormKind = input.kind;
      const data = await loadFormData(trx, input, shared);
      const pdf = await renderForm(data, { origin: deps.origin, t: deps.t, ...(deps.tEn ? { tEn: deps.tEn } : {}), now: input.now });
      // Bytes first (durable under their content address), then the row that refers to them.
      const staged = await deps.blobs.stage(once(new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength)), { maxBytes: MAX_FORM_BYTES });
      try {
        await staged.commit();
      } catch (error) {
        await staged.discard();
        throw error;
      }
      const id = newId(input.now.getTime());
      await insertIssuedDocument(trx, {
        id,
        dossier_id: input.dossierId,
        kind,
        event_id: input.eventId,
        sha256: staged.sha256,
        size_bytes: staged.size,
        media_type: "application/pdf",
        file_name: formFileName(kind, data.code),
        audience: FORM_AUDIENCE[kind],
        created_by: input.actorId,
        created_at: input.now.toISOString(),
      });
      return id;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Listing and downloading
// ---------------------------------------------------------------------------------------------------------------

export interface IssuedDocumentView {
  id: string;
  kind: "receipt" | "supplement_request" | "refusal" | "apology" | "control_sheet" | "result";
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  audience: IssuedAudience;
  /** ISO instant. */
  createdAt: string;
}

export interface OpenedIssuedDocument extends IssuedDocumentView {
  sha256: string;
  content: () => Readable;
}

type IssuedRow = Awaited<ReturnType<typeof findIssuedDocuments>>[number];
const viewOf = (r: IssuedRow): IssuedDocumentView => ({
  id: r.id,
  kind: r.kind,
  fileName: r.fileName,
  mediaType: r.mediaType,
  sizeBytes: Number(r.sizeBytes),
  audience: r.audience,
  createdAt: r.createdAt,
});

/**
 * A dossier's issued documents, oldest first: with audience "applicant" those the applicant may download (Mẫu 01–04,
 * the result), with "officials" every one (the control sheet too). The caller has checked who may see the dossier.
 */
export async function listIssuedDocuments(db: Trx, dossierId: string, audience: IssuedAudience): Promise<IssuedDocumentView[]> {
  return (await findIssuedDocuments(db, dossierId, audience)).map(viewOf);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An issued document of one of the citizen's dossiers (their own, or the organisation's they act for), when it is for
 * the applicant; null otherwise (a 404: someone else's dossier, an officials-only document, an unknown id).
 */
export async function openMyIssuedDocument(
  db: Trx,
  blobs: Pick<FormBlobStore, "open">,
  input: { actor: Extract<Actor, { kind: "citizen" }>; code: string; id: string },
): Promise<OpenedIssuedDocument | null> {
  if (!UUID.test(input.id)) return null;
  const dossier = await findOwnedDossier(db, { userId: input.actor.userId, organisationId: input.actor.actingFor?.organisationId ?? null }, input.code);
  if (!dossier) return null;
  const row = await findIssuedDocument(db, dossier.id, input.id, "applicant");
  return row ? { ...viewOf(row), sha256: row.sha256, content: () => blobs.open(row.sha256) } : null;
}

/**
 * An issued document of a dossier in an agency where the official holds read:dossier:agency (the dossier's receiving
 * agency, its current agency, or the agency of one of its steps); null otherwise (a 404).
 */
export async function openAgencyIssuedDocument(
  db: Trx,
  blobs: Pick<FormBlobStore, "open">,
  input: { actor: Actor; code: string; id: string },
): Promise<OpenedIssuedDocument | null> {
  if (!UUID.test(input.id)) return null;
  const agencies = agenciesFor(input.actor, "read:dossier:agency");
  const row = await findIssuedDocumentInAgencies(db, agencies, input.code, input.id);
  return row ? { ...viewOf(row), sha256: row.sha256, content: () => blobs.open(row.sha256) } : null;
}
