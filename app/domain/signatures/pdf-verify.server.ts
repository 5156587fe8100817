// The PDF layer of the verifier: every signature dictionary, found by scanning the raw bytes for /ByteRange and
// cross-checked with the object structure (the form fields of the final revision); the byte-range checks against
// the 2019 attack classes (shape, position, /Contents filling the gap exactly, shared or overlapping ranges); the
// revisions that follow each signature (validation data and document timestamps are allowed, other changes must be
// covered by a later signature); then each CMS through assess.server.ts. Byte ranges are hashed as views of the
// file: nothing is copied.
import { Lexer, PdfDocument, PdfError, asArray, asDict, asName, asRef, pdfDate, textOf, type IndirectObject, type PdfDict, type PdfValue } from "./pdf-objects.server";
import { assessCms, assessDocumentTimestamp, unreadableSignature } from "./assess.server";
import type { Evidence } from "./chain.server";
import { Content } from "./cms.server";
import { LIMITS, LimitError, type Context } from "./context.server";
import { reason, verdictOf, type CoverageSummary, type Reason, type SignatureReport } from "./verification";

const BYTERANGE = Buffer.from("/ByteRange");
/** Searched first: node's Buffer#indexOf is several times faster with needles of up to 6 bytes than with 10. */
const BYTERANGE_HEAD = Buffer.from("/ByteR");
const DETACHED = new Set(["adbe.pkcs7.detached", "ETSI.CAdES.detached"]);

interface Candidate {
  /** Offset of "/ByteRange" (undefined for a dictionary only the parser found). */
  hit?: number;
  byteRange?: [number, number, number, number];
  object?: IndirectObject & { dict: PdfDict };
  referenced: boolean;
  fieldName?: string;
  reasons: Reason[];
}

const blank = (c: number | undefined) => c === 0 || c === 9 || c === 10 || c === 12 || c === 13 || c === 32;

function isBlank(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!blank(buf[i])) return false;
  return true;
}


type Enclosing = { kind: "dict"; object: IndirectObject & { dict: PdfDict } } | { kind: "stream" } | { kind: "none" };

/** The indirect object enclosing offset (searching back for "num gen obj"): a dictionary, a stream's data, or none. */
function enclosingObject(doc: PdfDocument, offset: number): Enclosing {
  const buf = doc.buf;
  let from = offset;
  const floor = Math.max(0, offset - 2 * LIMITS.maxCmsBytes - 65536);
  for (let tries = 0; tries < 64 && from > floor; tries++) {
    const at = buf.lastIndexOf("obj", from, "latin1");
    if (at < floor || at < 0) return { kind: "none" };
    from = at - 1;
    if (buf.toString("latin1", Math.max(0, at - 3), at) === "end") continue;
    // Walk back over "gen" and "num".
    let p = at - 1;
    while (p >= 0 && blank(buf[p])) p--;
    while (p >= 0 && buf[p]! >= 0x30 && buf[p]! <= 0x39) p--;
    while (p >= 0 && blank(buf[p])) p--;
    const numEnd = p + 1;
    while (p >= 0 && buf[p]! >= 0x30 && buf[p]! <= 0x39) p--;
    if (p + 1 >= numEnd) continue;
    try {
      const obj = doc.parseObjectAt(p + 1);
      const v = obj.value;
      if (v && typeof v === "object" && v.t === "stream" && v.dataStart <= offset && offset < v.dataEnd) return { kind: "stream" };
      if (v && typeof v === "object" && v.t === "dict" && v.start < offset && offset < v.end) return { kind: "dict", object: { ...obj, dict: v } };
      return { kind: "none" };
    } catch (error) {
      if (!(error instanceof PdfError)) throw error;
      return { kind: "none" };
    }
  }
  return { kind: "none" };
}

/** "[a b c d]" right after a raw /ByteRange, when it is four non-negative integers. */
function rawByteRange(buf: Buffer, hit: number): [number, number, number, number] | undefined {
  try {
    const items = asArray(new Lexer(buf, hit + BYTERANGE.length).value());
    return items && items.length === 4 && items.every((n) => typeof n === "number" && Number.isSafeInteger(n) && n >= 0) ? (items as [number, number, number, number]) : undefined;
  } catch (error) {
    if (error instanceof PdfError) return undefined;
    throw error;
  }
}

/** Signature value dictionaries reachable from the final revision's form fields. */
function fieldSignatures(doc: PdfDocument, ctx: Context): { num: number; fieldName?: string }[] {
  const out: { num: number; fieldName?: string }[] = [];
  const catalog = asDict(doc.resolve(doc.trailer().map.get("Root")));
  const form = asDict(doc.resolve(catalog?.map.get("AcroForm")));
  const fields = asArray(doc.resolve(form?.map.get("Fields"))) ?? [];
  const seen = new Set<number>();
  const walk = (v: PdfValue, parentName: string | undefined, inheritedType: string | undefined, depth: number) => {
    ctx.deadline.check();
    if (depth > 32 || out.length > LIMITS.maxSignatures) return;
    const ref = asRef(v);
    if (ref) {
      if (seen.has(ref.num)) return;
      seen.add(ref.num);
    }
    const field = asDict(doc.resolve(v));
    if (!field) return;
    const partial = textOf(field.map.get("T"));
    const name = partial === undefined ? parentName : parentName ? `${parentName}.${partial}` : partial;
    const type = asName(field.map.get("FT")) ?? inheritedType;
    const value = asRef(field.map.get("V"));
    if (type === "Sig" && value) out.push({ num: value.num, ...(name ? { fieldName: name } : {}) });
    for (const kid of asArray(doc.resolve(field.map.get("Kids"))) ?? []) walk(kid, name, type, depth + 1);
  };
  for (const f of fields) walk(f, undefined, undefined, 0);
  return out;
}

/** Validation data in the final revision's /DSS: CRLs, OCSP responses (and certificates, unused for now). */
function dssEvidence(doc: PdfDocument): Evidence {
  const crls: Buffer[] = [];
  const ocsps: Buffer[] = [];
  try {
    const catalog = asDict(doc.resolve(doc.trailer().map.get("Root")));
    const dss = asDict(doc.resolve(catalog?.map.get("DSS")));
    const read = (key: string, into: Buffer[]) => {
      for (const item of (asArray(doc.resolve(dss?.map.get(key))) ?? []).slice(0, LIMITS.maxRevocationItems)) {
        const s = doc.resolve(item);
        if (s && typeof s === "object" && s.t === "stream") {
          try {
            into.push(doc.streamData(s));
          } catch (error) {
            if (!(error instanceof PdfError)) throw error;
          }
        }
      }
    };
    read("CRLs", crls);
    read("OCSPs", ocsps);
  } catch (error) {
    if (!(error instanceof PdfError)) throw error;
  }
  return { crls, ocsps };
}

// --- What later revisions change -------------------------------------------------------------------------------

function sameValue(a: PdfValue | undefined, b: PdfValue | undefined, depth = 0): boolean {
  if (depth > 32) return false;
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined || typeof a !== "object" || typeof b !== "object") return false;
  if (a.t !== b.t) return false;
  switch (a.t) {
    case "name":
      return a.v === (b as typeof a).v;
    case "string":
      return a.bytes.equals((b as typeof a).bytes);
    case "ref":
      return a.num === (b as typeof a).num && a.gen === (b as typeof a).gen;
    case "array": {
      const bi = (b as typeof a).items;
      return a.items.length === bi.length && a.items.every((x, i) => sameValue(x, bi[i], depth + 1));
    }
    case "dict": {
      const bm = (b as typeof a).map;
      return a.map.size === bm.size && [...a.map].every(([k, v]) => bm.has(k) && sameValue(v, bm.get(k), depth + 1));
    }
    case "stream": {
      const bs = b as typeof a;
      return sameValue(a.dict, bs.dict, depth + 1) && a.source.subarray(a.dataStart, a.dataEnd).equals(bs.source.subarray(bs.dataStart, bs.dataEnd));
    }
  }
}

/** Keys whose values differ between two dictionaries. */
function changedKeys(a: PdfDict, b: PdfDict): string[] {
  const keys = new Set([...a.map.keys(), ...b.map.keys()]);
  return [...keys].filter((k) => !sameValue(a.map.get(k), b.map.get(k)));
}

/** Object numbers reachable from a catalog's /DSS (the dictionary, VRI, and their streams). */
function dssObjects(doc: PdfDocument, r: number): Set<number> {
  const out = new Set<number>();
  const catalog = asDict(doc.resolve(doc.trailer(r).map.get("Root"), r));
  const visit = (v: PdfValue | undefined, depth: number) => {
    if (depth > 6 || out.size > 10_000 || v === undefined) return;
    const ref = asRef(v);
    if (ref) {
      if (out.has(ref.num)) return;
      out.add(ref.num);
    }
    const resolved = doc.resolve(v, r);
    const dict = asDict(resolved);
    if (dict && resolved && typeof resolved === "object" && resolved.t === "dict") for (const x of dict.map.values()) visit(x, depth + 1);
    for (const x of asArray(resolved) ?? []) visit(x, depth + 1);
  };
  visit(catalog?.map.get("DSS"), 0);
  return out;
}

const isDocTimestampDict = (d: PdfDict | undefined) => !!d && (asName(d.map.get("Type")) === "DocTimeStamp" || asName(d.map.get("SubFilter")) === "ETSI.RFC3161");

/**
 * What revision r (1-based index ≥ 1 in doc.revisions) changes: nothing, only validation data (/DSS), a document
 * timestamp (with its field, the form's field list and the page's annotations), or anything else.
 */
function classifyRevision(doc: PdfDocument, r: number): "empty" | "ltv" | "timestamp" | "other" {
  const own = doc.ownEntries(r);
  const sectionObjects = new Set(doc.ownSectionObjects(r));
  const rootRef = asRef(doc.trailer(r).map.get("Root"));
  const prevRootRef = asRef(doc.trailer(r - 1).map.get("Root"));
  if (!rootRef || !prevRootRef || rootRef.num !== prevRootRef.num) return "other";
  const curDss = dssObjects(doc, r);
  const prevDss = dssObjects(doc, r - 1);
  const changed: number[] = [];
  for (const [num, entry] of own) {
    if (num === 0 || sectionObjects.has(num)) continue;
    const prev = doc.object(num, r - 1);
    if (entry.type === 0) {
      if (prev) return "other"; // an object deleted
      continue;
    }
    const cur = doc.object(num, r);
    if (prev && cur && sameValue(prev.value, cur.value)) continue;
    changed.push(num);
  }
  if (changed.length === 0) return "empty";
  // New document timestamps and the fields holding them.
  const tsDicts = new Set(changed.filter((n) => !doc.object(n, r - 1) && isDocTimestampDict(asDict(doc.object(n, r)?.value))));
  const tsFields = new Set(
    changed.filter((n) => {
      const d = asDict(doc.object(n, r)?.value);
      const v = asRef(d?.map.get("V"));
      return !doc.object(n, r - 1) && asName(d?.map.get("FT")) === "Sig" && v !== undefined && tsDicts.has(v.num);
    }),
  );
  const onlyAdds = (before: PdfValue[] | undefined, after: PdfValue[] | undefined) => {
    const b = before ?? [];
    const a = after ?? [];
    if (!b.every((x) => a.some((y) => sameValue(x, y)))) return false;
    return a.filter((y) => !b.some((x) => sameValue(x, y))).every((y) => asRef(y) !== undefined && tsFields.has(asRef(y)!.num));
  };
  let sawLtv = false;
  for (const num of changed) {
    const cur = doc.object(num, r)!;
    const prev = doc.object(num, r - 1);
    const curDict = asDict(cur.value);
    const prevDict = asDict(prev?.value);
    if (tsDicts.has(num) || tsFields.has(num)) continue;
    if (curDss.has(num) && (!prev || prevDss.has(num))) {
      sawLtv = true;
      continue;
    }
    if (num === rootRef.num && curDict && prevDict) {
      const keys = changedKeys(prevDict, curDict);
      if (keys.every((k) => k === "DSS" || k === "Extensions" || k === "AcroForm")) {
        if (keys.includes("AcroForm") && asDict(curDict.map.get("AcroForm")) && asRef(curDict.map.get("AcroForm")) === undefined) {
          const a = asDict(prevDict.map.get("AcroForm"));
          const b = asDict(curDict.map.get("AcroForm"))!;
          if (!a || !changedKeys(a, b).every((k) => k === "Fields" || k === "SigFlags") || !onlyAdds(asArray(a.map.get("Fields")), asArray(b.map.get("Fields")))) return "other";
        }
        if (keys.includes("DSS")) sawLtv = true;
        continue;
      }
      return "other";
    }
    if (curDict && prevDict && prev) {
      const keys = changedKeys(prevDict, curDict);
      // The form's field list, gaining timestamp fields.
      if (keys.every((k) => k === "Fields" || k === "SigFlags") && keys.includes("Fields") && onlyAdds(asArray(doc.resolve(prevDict.map.get("Fields"), r - 1)), asArray(doc.resolve(curDict.map.get("Fields"), r))))
        continue;
      // A page gaining the timestamp's widget.
      if (keys.length === 1 && keys[0] === "Annots" && onlyAdds(asArray(doc.resolve(prevDict.map.get("Annots"), r - 1)), asArray(doc.resolve(curDict.map.get("Annots"), r)))) continue;
    }
    // An array object (a /Fields or /Annots kept apart) gaining timestamp fields.
    if (prev && asArray(prev.value) && asArray(cur.value) && onlyAdds(asArray(prev.value), asArray(cur.value))) continue;
    return "other";
  }
  return tsDicts.size > 0 ? "timestamp" : sawLtv ? "ltv" : "empty";
}

/** What follows a signed range ending at end: see CoverageSummary.laterChanges. */
function laterChanges(buf: Buffer, doc: PdfDocument | undefined, end: number, coveringEnds: readonly number[], ctx: Context): { kind: CoverageSummary["laterChanges"]; by?: number } {
  const len = buf.length;
  if (isBlank(buf, end, len)) return { kind: "none" };
  const coveredUpTo = (pos: number) => coveringEnds.find((e) => e >= pos && isBlank(buf, e, pos));
  let unsigned = false;
  let signedLater: number | undefined;
  let ltv = false;
  const note = (kind: "empty" | "ltv" | "timestamp" | "other", segmentEnd: number) => {
    if (kind === "ltv" || kind === "timestamp") ltv = true;
    else if (kind === "other") {
      const by = coveringEnds.find((e) => e >= segmentEnd || isBlank(buf, e, segmentEnd));
      if (by === undefined) unsigned = true;
      else signedLater ??= by;
    }
  };
  const revisions = doc?.revisions ?? [];
  let last = end;
  for (let r = 0; r < revisions.length; r++) {
    ctx.deadline.check();
    const rev = revisions[r]!;
    if (rev.end <= end) continue;
    const start = r === 0 ? 0 : revisions[r - 1]!.end;
    if (start < end) {
      if (!isBlank(buf, end, rev.end)) note("other", rev.end);
    } else {
      let kind: "empty" | "ltv" | "timestamp" | "other";
      try {
        kind = classifyRevision(doc!, r);
      } catch (error) {
        if (!(error instanceof PdfError)) throw error;
        kind = "other";
      }
      note(kind, rev.end);
    }
    last = rev.end;
  }
  if (!isBlank(buf, last, len)) {
    const by = coveredUpTo(len);
    if (by === undefined) unsigned = true;
    else signedLater ??= by;
  }
  if (unsigned) return { kind: "unsigned" };
  if (signedLater !== undefined) return { kind: "signed-later", by: signedLater };
  return { kind: ltv ? "ltv-only" : "none" };
}

// --- The signatures --------------------------------------------------------------------------------------------

function details(dict: PdfDict | undefined): Record<string, string> | undefined {
  if (!dict) return undefined;
  const out: Record<string, string> = {};
  for (const key of ["Name", "Reason", "Location", "ContactInfo"]) {
    const t = textOf(dict.map.get(key));
    if (t) out[key.toLowerCase()] = t;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Byte-range and /Contents checks of one candidate (the 2019 attack shapes); returns the signature's DER when usable. */
function structuralChecks(buf: Buffer, c: Candidate): Buffer | undefined {
  const br = c.byteRange;
  if (!br) {
    c.reasons.push(reason("BYTERANGE_MALFORMED"));
    return undefined;
  }
  const [a, b, start, d] = br;
  const len = buf.length;
  if (a !== 0) c.reasons.push(reason("BYTERANGE_NOT_FROM_START"));
  if (!(b < start) || start + d > len || a + b > len) {
    c.reasons.push(reason("BYTERANGE_OUT_OF_FILE", { fileLength: len }));
    return undefined;
  }
  const gapStart = a + b;
  const gapEnd = start;
  let gapOk = buf[gapStart] === 0x3c && buf[gapEnd - 1] === 0x3e && gapEnd - gapStart >= 2 && !/[^0-9A-Fa-f]/.test(buf.toString("latin1", gapStart + 1, gapEnd - 1));
  const contents = c.object?.dict.spans.get("Contents");
  if (contents && (contents.start !== gapStart || contents.end !== gapEnd)) gapOk = false;
  if (!gapOk) c.reasons.push(reason("BYTERANGE_GAP_NOT_CONTENTS"));
  const brSpan = c.object?.dict.spans.get("ByteRange");
  const brStart = brSpan?.start ?? c.hit;
  const brEnd = brSpan?.end ?? c.hit;
  if (brStart !== undefined && brEnd !== undefined && ((brEnd > gapStart && brStart < gapEnd) || brEnd > start + d)) c.reasons.push(reason("BYTERANGE_INSIDE_GAP"));
  if (c.object?.dict.spans.has("ByteRange#dup") || c.object?.dict.spans.has("Contents#dup")) c.reasons.push(reason("SIGNATURE_DICTIONARY_INVALID", { detail: "duplicate key" }));
  if (!gapOk) return undefined;
  const hexLength = gapEnd - gapStart - 2;
  if (hexLength > 2 * LIMITS.maxCmsBytes) throw new LimitError("signature size");
  // The parser already decoded the very same bytes (the /Contents value spans the gap exactly).
  const parsed = c.object?.dict.map.get("Contents");
  const der = parsed && typeof parsed === "object" && parsed.t === "string" && contents ? parsed.bytes : Buffer.from(buf.toString("latin1", gapStart + 1, gapEnd - 1 - (hexLength % 2)), "hex");
  if (der.every((x) => x === 0)) {
    c.reasons.push(reason("CONTENTS_EMPTY"));
    return undefined;
  }
  return der;
}

/** Verifies every signature of a PDF. */
export async function verifyPdfSignatures(buf: Buffer, ctx: Context): Promise<{ signatures: SignatureReport[]; reasons: Reason[] }> {
  const fileReasons: Reason[] = [];
  const doc = new PdfDocument(buf, ctx.deadline);
  // 1. The raw scan: every /ByteRange, in a dictionary of an indirect object.
  const candidates: Candidate[] = [];
  const byObject = new Map<number, Candidate>();
  for (let from = 0; ; ) {
    ctx.deadline.check();
    const hit = buf.indexOf(BYTERANGE_HEAD, from);
    if (hit < 0) break;
    from = hit + BYTERANGE_HEAD.length;
    if (!buf.subarray(hit, hit + BYTERANGE.length).equals(BYTERANGE)) continue;
    const found = enclosingObject(doc, hit);
    if (found.kind === "stream") continue; // text inside a stream's data: not a signature dictionary
    if (found.kind === "none") {
      // A byte range outside any readable dictionary: suspect (signature wrapping breaks the dictionary it hides in).
      const raw = rawByteRange(buf, hit);
      if (raw) candidates.push({ hit, byteRange: raw, referenced: false, reasons: [reason("SIGNATURE_DICTIONARY_INVALID", { detail: "unreadable dictionary" })] });
      if (candidates.length > LIMITS.maxSignatures) throw new LimitError("signatures");
      continue;
    }
    const object = found.object;
    const existing = byObject.get(object.offset!);
    if (existing) continue; // a second /ByteRange in the same dictionary is reported by structuralChecks
    const brValue = asArray(object.dict.map.get("ByteRange"));
    const valid = brValue && brValue.length === 4 && brValue.every((n) => typeof n === "number" && Number.isSafeInteger(n) && n >= 0);
    const c: Candidate = { hit, object, referenced: false, reasons: [], ...(valid ? { byteRange: brValue as [number, number, number, number] } : {}) };
    byObject.set(object.offset!, c);
    candidates.push(c);
    if (candidates.length > LIMITS.maxSignatures) throw new LimitError("signatures");
  }

  // The revisions: scanned from the earliest signed range's end on, through the cross-reference chain before it.
  const ends = candidates.filter((c) => c.byteRange).map((c) => c.byteRange![2] + c.byteRange![3]);
  doc.readRevisions(ends.length > 0 ? Math.max(0, Math.min(...ends) - 4096) : 0);
  let structureOk = doc.revisions.length > 0;
  let parsed: { num: number; fieldName?: string }[] = [];
  if (structureOk) {
    try {
      parsed = fieldSignatures(doc, ctx);
    } catch (error) {
      if (!(error instanceof PdfError)) throw error;
      structureOk = false;
      fileReasons.push(reason("PDF_STRUCTURE_UNREADABLE", { detail: error.message }));
    }
  } else fileReasons.push(reason("PDF_STRUCTURE_UNREADABLE", { detail: "no cross-reference section" }));

  // 2. The cross-check with the form fields of the final revision.
  if (structureOk) {
    for (const p of parsed) {
      let obj: IndirectObject | undefined;
      try {
        obj = doc.object(p.num);
      } catch (error) {
        if (!(error instanceof PdfError)) throw error;
      }
      const match = obj?.offset !== undefined ? byObject.get(obj.offset) : undefined;
      if (match) {
        match.referenced = true;
        if (p.fieldName) match.fieldName = p.fieldName;
        continue;
      }
      const dict = asDict(obj?.value);
      if (!obj || !dict) continue; // a field whose value is missing: an empty signature field
      const c: Candidate = { referenced: true, reasons: [], ...(p.fieldName ? { fieldName: p.fieldName } : {}) };
      c.reasons.push(reason("SIGNATURE_DICTIONARY_INVALID", { detail: obj.inObjectStream !== undefined ? "object stream" : "no ByteRange" }));
      candidates.push(c);
    }
    for (const c of candidates) if (c.hit !== undefined && !c.referenced) c.reasons.push(reason("SIGNATURE_NOT_REFERENCED"));
  } else {
    for (const c of candidates) c.reasons.push(reason("PDF_STRUCTURE_UNREADABLE", { detail: "cross-check" }));
  }
  if (candidates.length === 0) return { signatures: [], reasons: [...fileReasons, reason("NO_SIGNATURE_FOUND")] };

  // 3. Byte ranges: each alone, then against each other.
  const ders = new Map<Candidate, Buffer | undefined>();
  for (const c of candidates) ders.set(c, structuralChecks(buf, c));
  const ranged = candidates.filter((c) => c.byteRange);
  for (let i = 0; i < ranged.length; i++) {
    for (let j = i + 1; j < ranged.length; j++) {
      const x = ranged[i]!;
      const y = ranged[j]!;
      const [xa, xb, xc, xd] = x.byteRange!;
      const [ya, yb, yc, yd] = y.byteRange!;
      if (xa === ya && xb === yb && xc === yc && xd === yd) {
        x.reasons.push(reason("BYTERANGE_SHARED"));
        y.reasons.push(reason("BYTERANGE_SHARED"));
        continue;
      }
      // Ordered by end, the later signature's gap must lie after the earlier one's signed revision.
      const [first, second] = xc + xd <= yc + yd ? [x, y] : [y, x];
      const firstEnd = first.byteRange![2] + first.byteRange![3];
      const secondGap = second.byteRange![0] + second.byteRange![1];
      if (firstEnd === second.byteRange![2] + second.byteRange![3] || secondGap < firstEnd) {
        first.reasons.push(reason("BYTERANGE_OVERLAP"));
        second.reasons.push(reason("BYTERANGE_OVERLAP"));
      }
    }
  }

  // 4. Order: by end of the signed range; the ones without a usable range last.
  const endOf = (c: Candidate) => (c.byteRange ? c.byteRange[2] + c.byteRange[3] : Number.MAX_SAFE_INTEGER);
  candidates.sort((p, q) => endOf(p) - endOf(q) || (p.hit ?? 0) - (q.hit ?? 0));
  const evidence = structureOk ? dssEvidence(doc) : { crls: [], ocsps: [] };

  const baseOf = (c: Candidate, index: number): SignatureReport => {
    const dict = c.object?.dict;
    const subFilter = asName(dict?.map.get("SubFilter"));
    const m = pdfDate(dict?.map.get("M"));
    const base: Partial<SignatureReport> & { index: number } = { index, reasons: [...c.reasons] };
    if (c.fieldName) base.fieldName = c.fieldName;
    if (subFilter) base.subFilter = subFilter;
    if (m) {
      base.claimedTime = m.toISOString();
      base.claimedTimeSource = "pdf-m";
    }
    const d = details(dict);
    if (d) base.details = d;
    if (c.byteRange) {
      const [a, b, cc, dd] = c.byteRange;
      const signedLength = cc + dd;
      const rev = doc.revisions.findIndex((r) => r.end >= signedLength);
      base.coverage = {
        byteRange: [a, b, cc, dd],
        signedLength,
        fileLength: buf.length,
        ...(structureOk && rev >= 0 ? { revision: rev + 1, revisions: doc.revisions.length } : {}),
        coversWholeFile: isBlank(buf, signedLength, buf.length),
        laterChanges: "none",
      };
    }
    return base as SignatureReport;
  };

  // 5. Document timestamps first (their times prove when the earlier signatures existed), then the signatures.
  const reports = new Map<Candidate, SignatureReport[]>();
  const proofs: { end: number; time: Date }[] = [];
  const contentOf = (c: Candidate) => {
    const [a, b, cc, dd] = c.byteRange!;
    return new Content([buf.subarray(a, a + b), buf.subarray(cc, cc + dd)]);
  };
  for (const [pass, c] of [...candidates.map((x) => [0, x] as const), ...candidates.map((x) => [1, x] as const)]) {
    const dict = c.object?.dict;
    const subFilter = asName(dict?.map.get("SubFilter"));
    const isTs = subFilter === "ETSI.RFC3161" || asName(dict?.map.get("Type")) === "DocTimeStamp";
    if ((pass === 0) !== isTs) continue;
    ctx.deadline.check();
    const index = candidates.indexOf(c) + 1;
    const base = baseOf(c, index);
    const der = c.object ? ders.get(c) : undefined;
    if (!der) {
      reports.set(c, [unreadableSignature(isTs ? { ...base, kind: "document-timestamp" } : base, ctx)]);
      continue;
    }
    base.reasons = base.reasons.filter((r, i, all) => all.findIndex((x) => x.code === r.code) === i);
    if (isTs) {
      const { report, trustedTime } = await assessDocumentTimestamp(der, { content: contentOf(c), allowTrailing: true, evidence, base }, ctx);
      reports.set(c, [report]);
      if (trustedTime && c.byteRange) proofs.push({ end: endOf(c), time: trustedTime });
    } else if (subFilter && (DETACHED.has(subFilter) || subFilter === "adbe.pkcs7.sha1")) {
      const end = endOf(c);
      const covering = proofs.filter((p) => p.end >= end).map((p) => p.time);
      const list = await assessCms(
        der,
        { content: contentOf(c), allowTrailing: true, forbidEContent: DETACHED.has(subFilter), pdfSha1: subFilter === "adbe.pkcs7.sha1", evidence, proofs: covering, base },
        ctx,
      );
      reports.set(c, list);
    } else {
      reports.set(c, [unreadableSignature(base, ctx, reason("SUBFILTER_UNSUPPORTED", { subFilter: subFilter ?? "–" }))]);
    }
  }

  // 6. Coverage, from the last signature back: a change after a signature must be covered by a later approval
  //    signature that did not fail, or be validation data / document timestamps only.
  const coveringEnds: number[] = [];
  for (const c of [...candidates].reverse()) {
    const list = reports.get(c) ?? [];
    for (const report of list) {
      if (!report.coverage || !c.byteRange) continue;
      const later = laterChanges(buf, structureOk ? doc : undefined, endOf(c), coveringEnds, ctx);
      report.coverage.laterChanges = later.kind;
      const extra: Reason[] = [];
      if (later.kind === "unsigned") extra.push(reason("MODIFIED_AFTER_SIGNING", { signedLength: endOf(c), fileLength: buf.length }));
      if (later.kind === "ltv-only") extra.push(reason("LTV_DATA_ADDED"));
      if (later.kind === "signed-later") {
        const by = candidates.find((x) => endOf(x) === later.by);
        extra.push(reason("LATER_CHANGES_SIGNED", { signature: by ? candidates.indexOf(by) + 1 : "?" }));
      }
      report.reasons.push(...extra);
      report.verdict = verdictOf(report.reasons);
    }
    const isApproval = list.length > 0 && list.every((r) => r.kind === "signature") && c.byteRange;
    if (isApproval && list.every((r) => r.verdict !== "TOTAL-FAILED")) coveringEnds.push(endOf(c));
  }
  const signatures = candidates.flatMap((c) => reports.get(c) ?? []);
  if (!structureOk) for (const s of signatures) if (!s.reasons.some((r) => r.code === "PDF_STRUCTURE_UNREADABLE")) s.reasons.push(reason("PDF_STRUCTURE_UNREADABLE", { detail: "cross-check" }));
  signatures.forEach((s, i) => {
    s.index = i + 1;
    s.verdict = verdictOf(s.reasons);
  });
  return { signatures, reasons: fileReasons };
}
