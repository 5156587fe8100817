import { createHash } from "node:crypto";
import { buildCadesDetached, contentDigestAlgorithm, type CmsSigner } from "./cms-build.server";
import {
  dict,
  importPageAsForm,
  IncrementalUpdate,
  name,
  PdfDict,
  PdfError,
  PdfFile,
  PdfRaw,
  PdfRef,
  PdfStream,
  PdfString,
  type PdfValue,
} from "./pdf-incremental.server";
import type { TimestampAuthority } from "./tsa-client.server";

// Signing a PDF as PAdES (ETSI EN 319 142-1, SubFilter ETSI.CAdES.detached) by appending ONE incremental update to
// the bytes as they are: a signature field with its widget on page 1 (invisible), the AcroForm (SigFlags 3), the
// signature dictionary with /ByteRange and a zero-filled /Contents, and — when given — the result marks (QR code and
// short code) as a form XObject drawn over page 1. Earlier bytes are never rewritten, so a document signed before
// (by an official's token, or by this code) keeps its signatures valid, each over its own revision. The signature
// covers everything but its own /Contents; the CMS is built by cms-build.server.ts and hex-padded into the gap.

/** Hex digits reserved for the CMS: 32768 → 16 KB of DER (a 3-certificate chain and a timestamp fit easily). */
export const DEFAULT_CONTENTS_LENGTH = 32768;

export interface PdfMarks {
  /** A one-page PDF (result-marks.server.ts draws it with pdfkit) placed on page 1 as a form XObject. */
  stamp: Buffer;
  /** Where its lower-left corner goes, in points from the lower-left corner of page 1's visible area. */
  x: number;
  y: number;
}

export interface PdfSignOptions {
  signer: CmsSigner;
  /** /Name, /Reason, /Location, /ContactInfo of the signature dictionary (the agency's). */
  name?: string;
  reason?: string;
  location?: string;
  contactInfo?: string;
  /** The claimed signing time, written as /M in Vietnam time (+07'00'). PAdES puts it here, not in the CMS. */
  signingTime?: Date;
  /** An RFC 3161 authority: the signature gets a timestamp token (PAdES B-T). */
  timestamp?: TimestampAuthority;
  /** Hex digits reserved in /Contents (even, at least 4096). */
  contentsLength?: number;
  /** The signature field's name (default: "Signature1", "Signature2"… whichever is free). */
  fieldName?: string;
  /** Draw these marks on page 1 in the same update, so that the signature covers them. */
  marks?: PdfMarks;
}

export interface SignedPdf {
  pdf: Buffer;
  /** [0, b, c, d]: the signed bytes are pdf[0, b) and pdf[c, c + d). */
  byteRange: [number, number, number, number];
  /** The CMS SignedData (DER) written into /Contents. */
  cms: Buffer;
  fieldName: string;
}

/** The PDF date of an instant in Vietnam time: D:YYYYMMDDHHmmSS+07'00'. */
export function pdfDate(date: Date): string {
  const v = new Date(date.getTime() + 7 * 3600_000);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `D:${p(v.getUTCFullYear(), 4)}${p(v.getUTCMonth() + 1)}${p(v.getUTCDate())}${p(v.getUTCHours())}${p(v.getUTCMinutes())}${p(v.getUTCSeconds())}+07'00'`;
}

const BYTE_RANGE_PLACEHOLDER = "[0 ********** ********** **********]";

/** Sign a PDF: returns the original bytes followed by one incremental update holding the signature. */
export async function signPdf(pdf: Buffer, options: PdfSignOptions): Promise<SignedPdf> {
  const contentsLength = options.contentsLength ?? DEFAULT_CONTENTS_LENGTH;
  if (contentsLength < 4096 || contentsLength % 2 !== 0) throw new PdfError("contentsLength must be even and at least 4096.");
  const file = new PdfFile(pdf);
  const update = new IncrementalUpdate(file);
  const catalog = file.catalog().clone();
  const first = file.pages()[0];
  if (!first) throw new PdfError("The PDF has no page.");
  const pageRef = first.ref;
  const page = first.dict.clone();

  if (options.marks) drawMarks(file, update, page, options.marks);

  // The signature dictionary, with placeholders patched below once the file's length is known.
  const sigDict = dict({
    Type: name("Sig"),
    Filter: name("Adobe.PPKLite"),
    SubFilter: name("ETSI.CAdES.detached"),
    ByteRange: new PdfRaw(BYTE_RANGE_PLACEHOLDER),
    Contents: new PdfRaw("<" + "0".repeat(contentsLength) + ">"),
    M: PdfString.text(pdfDate(options.signingTime ?? new Date())),
  });
  if (options.name) sigDict.set("Name", PdfString.text(options.name));
  if (options.reason) sigDict.set("Reason", PdfString.text(options.reason));
  if (options.location) sigDict.set("Location", PdfString.text(options.location));
  if (options.contactInfo) sigDict.set("ContactInfo", PdfString.text(options.contactInfo));
  const sigRef = update.add(sigDict);

  // The AcroForm: the catalog's own (inline or indirect), or a new one.
  const acroValue = catalog.get("AcroForm");
  const acroForm = (file.resolveDict(acroValue) ?? new PdfDict()).clone();
  const fieldsValue = acroForm.get("Fields");
  const fields = [...((file.resolve(fieldsValue) as PdfValue[] | undefined) ?? [])];
  const fieldName = options.fieldName ?? freeFieldName(file, fields);
  const fieldRef = update.allocate();
  update.set(
    fieldRef,
    dict({
      Type: name("Annot"),
      Subtype: name("Widget"),
      FT: name("Sig"),
      T: PdfString.text(fieldName),
      V: sigRef,
      F: 132, // Print + Locked
      Rect: [0, 0, 0, 0],
      P: pageRef,
    }),
  );
  fields.push(fieldRef);
  if (fieldsValue instanceof PdfRef) update.set(fieldsValue, fields);
  else acroForm.set("Fields", fields);
  acroForm.set("SigFlags", 3); // SignaturesExist + AppendOnly
  if (acroValue instanceof PdfRef) {
    update.set(acroValue, acroForm);
  } else {
    catalog.set("AcroForm", update.add(acroForm));
    update.set(file.catalogRef, catalog);
  }

  // The widget on page 1.
  const annotsValue = page.get("Annots");
  const annots = [...((file.resolve(annotsValue) as PdfValue[] | undefined) ?? []), fieldRef];
  if (annotsValue instanceof PdfRef) update.set(annotsValue, annots);
  else page.set("Annots", annots);
  update.set(pageRef, page);

  const written = update.build();
  const bytes = written.bytes;
  const sigAt = written.offsets.get(sigRef.num)!;
  const rangeAt = bytes.indexOf(BYTE_RANGE_PLACEHOLDER, sigAt, "latin1");
  const contentsAt = bytes.indexOf("<" + "0".repeat(contentsLength) + ">", sigAt, "latin1");
  if (rangeAt < 0 || contentsAt < 0) throw new PdfError("The signature placeholders were not written.");
  const b = contentsAt;
  const c = contentsAt + contentsLength + 2;
  const byteRange: [number, number, number, number] = [0, b, c, bytes.length - c];
  const rangeText = `[0 ${b} ${c} ${bytes.length - c}]`;
  if (rangeText.length > BYTE_RANGE_PLACEHOLDER.length) throw new PdfError("The PDF is too large for the /ByteRange placeholder.");
  bytes.write(rangeText.padEnd(BYTE_RANGE_PLACEHOLDER.length, " "), rangeAt, "latin1");

  const hash = createHash(contentDigestAlgorithm(options.signer.key));
  hash.update(bytes.subarray(0, b));
  hash.update(bytes.subarray(c));
  const cms = await buildCadesDetached(options.signer, { contentDigest: hash.digest(), timestamp: options.timestamp });
  const hex = cms.toString("hex");
  if (hex.length > contentsLength) {
    throw new PdfError(`The signature takes ${hex.length} hex digits but only ${contentsLength} were reserved; raise contentsLength.`);
  }
  bytes.write(hex, b + 1, "latin1");
  return { pdf: bytes, byteRange, cms, fieldName };
}

function freeFieldName(file: PdfFile, fields: PdfValue[]): string {
  const taken = new Set<string>();
  for (const f of fields) {
    const t = file.resolveDict(f)?.get("T");
    if (t instanceof PdfString) taken.add(t.bytes.toString("latin1"));
  }
  let n = 1;
  while (taken.has(`Signature${n}`)) n++;
  return `Signature${n}`;
}

/**
 * Draw the marks over page 1: the stamp becomes a form XObject in the page's own resources (a copy of the
 * possibly inherited or shared resources, so other pages are untouched), and the page's content becomes
 * [q] + its old streams + [Q, draw the stamp]: whatever state the old content leaves, the stamp starts clean.
 */
function drawMarks(file: PdfFile, update: IncrementalUpdate, page: PdfDict, marks: PdfMarks): void {
  const stamp = new PdfFile(marks.stamp);
  const form = importPageAsForm(update, stamp);
  const box = (file.inherited(page, "CropBox") ?? file.inherited(page, "MediaBox")) as PdfValue;
  const resolvedBox = file.resolve(box);
  const [x0, y0, x1] = Array.isArray(resolvedBox) && resolvedBox.length === 4 ? (resolvedBox as number[]) : [0, 0, undefined];
  // On a page narrower than the stamp and its margins, the stamp is scaled down to fit: a mark cut by the page's edge
  // would print half a code.
  const stampBox = stamp.resolve(stamp.pages()[0]?.dict.get("MediaBox") ?? null);
  const stampWidth = Array.isArray(stampBox) && stampBox.length === 4 ? Number(stampBox[2]) - Number(stampBox[0]) : 0;
  const pageWidth = typeof x1 === "number" ? x1 - x0! : 0;
  const room = pageWidth - 2 * marks.x;
  const scale = stampWidth > 0 && pageWidth > 0 && room < stampWidth ? Math.max(room, pageWidth / 2) / stampWidth : 1;

  const resources = (file.resolveDict(file.inherited(page, "Resources")) ?? new PdfDict()).clone();
  const xobjects = (file.resolveDict(resources.get("XObject")) ?? new PdfDict()).clone();
  let key = "PortalMark";
  for (let n = 2; xobjects.has(key); n++) key = `PortalMark${n}`;
  xobjects.set(key, form.ref);
  resources.set("XObject", xobjects);
  page.set("Resources", resources);

  const old = file.resolve(page.get("Contents"));
  const oldStreams: PdfValue[] = Array.isArray(old) ? old : page.get("Contents") instanceof PdfRef ? [page.get("Contents")!] : [];
  const open = update.add(new PdfStream(new PdfDict(), Buffer.from("q\n", "latin1")));
  const x = scale < 1 ? Math.max(0, (pageWidth - stampWidth * scale) / 2) : marks.x;
  const draw = `Q\nq ${num(scale)} 0 0 ${num(scale)} ${num(x0! + x)} ${num(y0! + marks.y)} cm /${key} Do Q\n`;
  const close = update.add(new PdfStream(new PdfDict(), Buffer.from(draw, "latin1")));
  page.set("Contents", [open, ...oldStreams, close]);
}

const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(3));
