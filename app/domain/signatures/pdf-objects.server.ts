// A small, defensive PDF object reader for the signature verifier: objects, cross-reference tables and streams,
// object streams, and the revisions of incremental updates, with byte offsets kept so that the signature layer can
// compare what the parser sees with what the raw bytes say. It reads only what it is asked for (the catalog, the
// form fields, the signature dictionaries, the objects a later revision changes), never the whole file.
import { inflateSync, constants as zlibConstants } from "node:zlib";
import { withoutControls } from "./certificate.server";
import { LIMITS, type Deadline } from "./context.server";

export class PdfError extends Error {
  override name = "PdfError";
}

export interface PdfName {
  t: "name";
  v: string;
}
export interface PdfString {
  t: "string";
  bytes: Buffer;
  hex: boolean;
}
export interface PdfRef {
  t: "ref";
  num: number;
  gen: number;
}
export interface PdfArray {
  t: "array";
  items: PdfValue[];
}
export interface Span {
  start: number;
  end: number;
}
export interface PdfDict {
  t: "dict";
  map: Map<string, PdfValue>;
  /** Where each key's value lies in the file (offsets are absolute only for objects read from the file itself). */
  spans: Map<string, Span>;
  start: number;
  end: number;
}
export interface PdfStream {
  t: "stream";
  dict: PdfDict;
  dataStart: number;
  dataEnd: number;
  /** The bytes the stream lives in (the file, or a decoded object stream). */
  source: Buffer;
}
export type PdfValue = null | boolean | number | PdfName | PdfString | PdfRef | PdfArray | PdfDict | PdfStream;

const WS = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WS[c] = 1;
const DELIM = new Uint8Array(256);
for (const c of "()<>[]{}/%") DELIM[c.charCodeAt(0)] = 1;
const isRegular = (c: number | undefined) => c !== undefined && !WS[c] && !DELIM[c];

const MAX_NESTING = 64;
const NOT_HEX = /[^0-9A-Fa-f]/;

/** Reads PDF values from bytes (the file, or a decoded object stream). */
export class Lexer {
  pos: number;
  constructor(
    readonly buf: Buffer,
    start: number,
    private readonly deadline?: Deadline,
  ) {
    this.pos = start;
  }

  skipSpace(): void {
    const buf = this.buf;
    for (;;) {
      const c = buf[this.pos];
      if (c === undefined) return;
      if (WS[c]) this.pos++;
      else if (c === 0x25) {
        // comment to end of line
        while (this.pos < buf.length && buf[this.pos] !== 10 && buf[this.pos] !== 13) this.pos++;
      } else return;
    }
  }

  /** The regular characters at the current position (a keyword or a number), without consuming them. */
  peekWord(): string {
    let end = this.pos;
    while (end < this.buf.length && end - this.pos < 32 && isRegular(this.buf[end])) end++;
    return this.buf.toString("latin1", this.pos, end);
  }

  readWord(): string {
    const w = this.peekWord();
    this.pos += w.length;
    return w;
  }

  readInt(): number {
    this.skipSpace();
    const w = this.readWord();
    if (!/^\d{1,10}$/.test(w)) throw new PdfError(`expected an integer at ${this.pos}`);
    return Number(w);
  }

  value(depth = 0): PdfValue {
    if (depth > MAX_NESTING) throw new PdfError("nesting too deep");
    this.skipSpace();
    const buf = this.buf;
    const c = buf[this.pos];
    if (c === undefined) throw new PdfError("unexpected end of data");
    if (c === 0x2f) return this.name();
    if (c === 0x28) return this.literalString();
    if (c === 0x3c) return buf[this.pos + 1] === 0x3c ? this.dict(depth) : this.hexString();
    if (c === 0x5b) {
      this.deadline?.check();
      this.pos++;
      const items: PdfValue[] = [];
      for (;;) {
        this.skipSpace();
        if (buf[this.pos] === 0x5d) {
          this.pos++;
          return { t: "array", items };
        }
        if (this.pos >= buf.length) throw new PdfError("unterminated array");
        items.push(this.value(depth + 1));
      }
    }
    const word = this.peekWord();
    if (word === "") throw new PdfError(`unexpected byte ${c} at ${this.pos}`);
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) {
      this.pos += word.length;
      if (/^\d{1,10}$/.test(word)) {
        // Maybe "num gen R".
        const save = this.pos;
        this.skipSpace();
        const gen = this.peekWord();
        if (/^\d{1,5}$/.test(gen)) {
          this.pos += gen.length;
          this.skipSpace();
          if (this.peekWord() === "R") {
            this.pos += 1;
            return { t: "ref", num: Number(word), gen: Number(gen) };
          }
        }
        this.pos = save;
      }
      return Number(word);
    }
    this.pos += word.length;
    if (word === "true") return true;
    if (word === "false") return false;
    if (word === "null") return null;
    throw new PdfError(`unexpected keyword "${word.slice(0, 16)}"`);
  }

  private name(): PdfName {
    const buf = this.buf;
    this.pos++;
    const start = this.pos;
    while (this.pos < buf.length && isRegular(buf[this.pos])) this.pos++;
    let v = buf.toString("latin1", start, this.pos);
    if (v.includes("#")) v = v.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    return { t: "name", v };
  }

  private hexString(): PdfString {
    const buf = this.buf;
    const start = ++this.pos;
    const end = buf.indexOf(0x3e, start);
    if (end < 0) throw new PdfError("unterminated hex string");
    this.pos = end + 1;
    // Native checks and decoding: a signature's /Contents holds tens of thousands of digits.
    let hex = buf.toString("latin1", start, end);
    if (NOT_HEX.test(hex)) {
      hex = hex.replace(/[\s\0]/g, "");
      if (NOT_HEX.test(hex)) throw new PdfError("bad hex string");
    }
    if (hex.length % 2) hex += "0";
    return { t: "string", bytes: Buffer.from(hex, "hex"), hex: true };
  }

  private literalString(): PdfString {
    const buf = this.buf;
    this.pos++;
    const out: number[] = [];
    let depth = 1;
    while (this.pos < buf.length) {
      const c = buf[this.pos++]!;
      if (c === 0x5c) {
        const n = buf[this.pos++];
        if (n === undefined) break;
        const map: Record<number, number> = { 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };
        if (map[n] !== undefined) out.push(map[n]!);
        else if (n >= 0x30 && n <= 0x37) {
          let v = n - 0x30;
          for (let k = 0; k < 2 && buf[this.pos]! >= 0x30 && buf[this.pos]! <= 0x37; k++) v = v * 8 + (buf[this.pos++]! - 0x30);
          out.push(v & 0xff);
        } else if (n === 13) {
          if (buf[this.pos] === 10) this.pos++;
        } else if (n !== 10) out.push(n);
      } else if (c === 0x28) {
        depth++;
        out.push(c);
      } else if (c === 0x29) {
        if (--depth === 0) return { t: "string", bytes: Buffer.from(out), hex: false };
        out.push(c);
      } else out.push(c);
    }
    throw new PdfError("unterminated string");
  }

  private dict(depth: number): PdfDict {
    this.deadline?.check();
    const buf = this.buf;
    const start = this.pos;
    this.pos += 2;
    const map = new Map<string, PdfValue>();
    const spans = new Map<string, Span>();
    for (;;) {
      this.skipSpace();
      if (buf[this.pos] === 0x3e && buf[this.pos + 1] === 0x3e) {
        this.pos += 2;
        return { t: "dict", map, spans, start, end: this.pos };
      }
      if (this.pos >= buf.length) throw new PdfError("unterminated dictionary");
      const key = this.value(depth + 1);
      if (!key || typeof key !== "object" || key.t !== "name") throw new PdfError("dictionary key is not a name");
      this.skipSpace();
      const valueStart = this.pos;
      const value = this.value(depth + 1);
      // The first occurrence of a key counts (as most readers do); a duplicate is kept for the checks below.
      if (!map.has(key.v)) {
        map.set(key.v, value);
        spans.set(key.v, { start: valueStart, end: this.pos });
      } else spans.set(`${key.v}#dup`, { start: valueStart, end: this.pos });
    }
  }
}

export interface IndirectObject {
  num: number;
  gen: number;
  value: PdfValue;
  /** Offset of "num gen obj" in the file (undefined inside an object stream). */
  offset?: number;
  end?: number;
  /** The object stream it was read from. */
  inObjectStream?: number;
}

interface XrefEntry {
  type: 0 | 1 | 2;
  /** type 1: byte offset; type 2: object stream number. */
  a: number;
  /** type 1: generation; type 2: index in the object stream. */
  b: number;
}

interface XrefSection {
  offset: number;
  entries: Map<number, XrefEntry>;
  trailer: PdfDict;
  prev?: number;
  xrefStm?: number;
  /** The xref stream's own object number. */
  streamNum?: number;
}

export interface Revision {
  /** Offset just after this revision's %%EOF line. */
  end: number;
  startxref: number;
}

export function asDict(v: PdfValue | undefined): PdfDict | undefined {
  if (v && typeof v === "object") {
    if (v.t === "dict") return v;
    if (v.t === "stream") return v.dict;
  }
  return undefined;
}
export function asName(v: PdfValue | undefined): string | undefined {
  return v && typeof v === "object" && v.t === "name" ? v.v : undefined;
}
export function asArray(v: PdfValue | undefined): PdfValue[] | undefined {
  return v && typeof v === "object" && v.t === "array" ? v.items : undefined;
}
export function asRef(v: PdfValue | undefined): PdfRef | undefined {
  return v && typeof v === "object" && v.t === "ref" ? v : undefined;
}

/** A PDF text string: UTF-16BE or UTF-8 with a byte-order mark, else PDFDocEncoding (read as Latin-1). */
export function textOf(v: PdfValue | undefined): string | undefined {
  if (!v || typeof v !== "object" || v.t !== "string") return undefined;
  const b = v.bytes;
  let s: string;
  if (b[0] === 0xfe && b[1] === 0xff) s = Buffer.from(b.subarray(2, 2 + ((b.length - 2) & ~1))).swap16().toString("utf16le");
  else if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) s = b.subarray(3).toString("utf8");
  else s = b.toString("latin1");
  return withoutControls(s).slice(0, 500);
}

/** A PDF date "D:YYYYMMDDHHmmSSOHH'mm'" as an instant (the offset is read, not assumed). */
export function pdfDate(v: PdfValue | undefined): Date | undefined {
  const s = textOf(v);
  const m = s ? /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-])?(\d{2})?'?(\d{2})?'?/.exec(s) : null;
  if (!m) return undefined;
  const [y, mo, d, h, mi, sec] = [m[1], m[2] ?? "01", m[3] ?? "01", m[4] ?? "00", m[5] ?? "00", m[6] ?? "00"].map(Number) as [number, number, number, number, number, number];
  let t = Date.UTC(y, mo - 1, d, h, mi, sec);
  if (m[7] === "+" || m[7] === "-") t -= (m[7] === "+" ? 1 : -1) * (Number(m[8] ?? 0) * 60 + Number(m[9] ?? 0)) * 60_000;
  const date = new Date(t);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const EOF_MARK = Buffer.from("%%EOF");
const STARTXREF = Buffer.from("startxref");

/** Un-predicts PNG-filtered rows (DecodeParms /Predictor 10–15); the signer's reader (pdf-incremental) uses it too. */
export function unpredictPng(data: Buffer, columns: number, colors: number, bpc: number): Buffer {
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLen = Math.ceil((columns * colors * bpc) / 8);
  const rows = Math.floor(data.length / (rowLen + 1));
  const out = Buffer.alloc(rows * rowLen);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLen + 1)]!;
    const src = r * (rowLen + 1) + 1;
    const dst = r * rowLen;
    for (let i = 0; i < rowLen; i++) {
      const raw = data[src + i]!;
      const left = i >= bpp ? out[dst + i - bpp]! : 0;
      const up = r > 0 ? out[dst - rowLen + i]! : 0;
      const upLeft = r > 0 && i >= bpp ? out[dst - rowLen + i - bpp]! : 0;
      let v: number;
      switch (type) {
        case 0:
          v = raw;
          break;
        case 1:
          v = raw + left;
          break;
        case 2:
          v = raw + up;
          break;
        case 3:
          v = raw + ((left + up) >> 1);
          break;
        case 4: {
          const p = left + up - upLeft;
          const pa = Math.abs(p - left);
          const pb = Math.abs(p - up);
          const pc = Math.abs(p - upLeft);
          v = raw + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
          break;
        }
        default:
          throw new PdfError("bad PNG predictor");
      }
      out[dst + i] = v & 0xff;
    }
  }
  return out;
}

export class PdfDocument {
  /** The revisions, in order (readRevisions fills them). */
  revisions: Revision[] = [];
  private readonly sections = new Map<number, XrefSection>();
  private readonly states = new Map<number, Map<number, XrefEntry>>();
  private readonly objectCache = new Map<string, IndirectObject>();
  private readonly objStmCache = new Map<number, { data: Buffer; offsets: Map<number, number>; first: number }>();
  private resolving = 0;

  constructor(
    readonly buf: Buffer,
    private readonly deadline: Deadline,
  ) {}

  /**
   * Finds the revisions: every "startxref N %%EOF" from scanFrom on is found by scanning the bytes (nothing after
   * the earliest signed range escapes), and those before through the cross-reference sections' /Prev chain (each
   * section's revision ends at the first %%EOF after it), so that a large signed file is not scanned twice.
   * Linearization's "startxref 0" ends no revision.
   */
  readRevisions(scanFrom = 0): void {
    let found = this.scanEofs(scanFrom);
    if (found.length === 0 && scanFrom > 0) found = this.scanEofs(0);
    const byEnd = new Map(found.map((r) => [r.end, r]));
    if (scanFrom > 0 && found.length > 0) {
      try {
        const visited = new Set<number>();
        let offset: number | undefined = this.section(found[0]!.startxref).prev;
        while (offset !== undefined && !visited.has(offset) && visited.size < 1000) {
          this.deadline.check();
          visited.add(offset);
          const rev = this.eofAfter(offset);
          if (rev && rev.end <= found[0]!.end && !byEnd.has(rev.end)) byEnd.set(rev.end, rev);
          offset = this.section(offset).prev;
        }
      } catch (error) {
        // An unreadable chain hides no signed-range problem: everything after scanFrom was scanned.
        if (!(error instanceof PdfError)) throw error;
      }
    }
    this.revisions = [...byEnd.values()].sort((x, y) => x.end - y.end);
    if (this.revisions.length === 0) {
      // A file cut after its last startxref still names its cross-reference section.
      const sx = this.buf.lastIndexOf(STARTXREF);
      if (sx >= 0) {
        try {
          this.revisions = [{ end: this.buf.length, startxref: new Lexer(this.buf, sx + STARTXREF.length).readInt() }];
        } catch {
          // nothing usable
        }
      }
    }
    this.states.clear();
  }

  /** The revision a "%%EOF" at `at` ends, unless it is linearization's or has no startxref. */
  private eofEntry(at: number): Revision | undefined {
    const buf = this.buf;
    const sx = buf.lastIndexOf(STARTXREF, at);
    if (sx < 0 || at - sx > 64) return undefined;
    let startxref: number;
    try {
      startxref = new Lexer(buf, sx + STARTXREF.length).readInt();
    } catch {
      return undefined;
    }
    if (startxref === 0) return undefined;
    let end = at + EOF_MARK.length;
    if (buf[end] === 13) end++;
    if (buf[end] === 10) end++;
    return { end, startxref };
  }

  private scanEofs(from: number): Revision[] {
    const out: Revision[] = [];
    for (let pos = from; ; ) {
      const at = this.buf.indexOf(EOF_MARK, pos);
      if (at < 0) break;
      pos = at + EOF_MARK.length;
      const rev = this.eofEntry(at);
      if (!rev || (out.length > 0 && out[out.length - 1]!.startxref === rev.startxref)) continue;
      out.push(rev);
      if (out.length > 1000) throw new PdfError("too many revisions");
    }
    return out;
  }

  /** The revision ending at the first usable %%EOF after offset. */
  private eofAfter(offset: number): Revision | undefined {
    for (let pos = offset, tries = 0; tries < 16; tries++) {
      const at = this.buf.indexOf(EOF_MARK, pos);
      if (at < 0) return undefined;
      const rev = this.eofEntry(at);
      if (rev) return rev;
      pos = at + EOF_MARK.length;
    }
    return undefined;
  }

  /** The cross-reference section at offset (a table with its trailer, or an xref stream). */
  section(offset: number): XrefSection {
    const cached = this.sections.get(offset);
    if (cached) return cached;
    this.deadline.check();
    if (offset < 0 || offset >= this.buf.length) throw new PdfError("cross-reference offset outside the file");
    const lexer = new Lexer(this.buf, offset, this.deadline);
    lexer.skipSpace();
    let section: XrefSection;
    if (lexer.peekWord() === "xref") {
      lexer.readWord();
      const entries = new Map<number, XrefEntry>();
      for (;;) {
        lexer.skipSpace();
        if (lexer.peekWord() === "trailer") {
          lexer.readWord();
          break;
        }
        const first = lexer.readInt();
        const count = lexer.readInt();
        if (count > LIMITS.maxPdfObjects * 50 || count * 18 > this.buf.length) throw new PdfError("cross-reference table too large");
        for (let k = 0; k < count; k++) {
          const a = lexer.readInt();
          const b = lexer.readInt();
          lexer.skipSpace();
          const kind = lexer.readWord();
          if (kind !== "n" && kind !== "f") throw new PdfError("bad cross-reference entry");
          if (!entries.has(first + k)) entries.set(first + k, kind === "n" ? { type: 1, a, b } : { type: 0, a, b });
          if ((k & 1023) === 0) this.deadline.check();
        }
      }
      const trailer = asDict(lexer.value());
      if (!trailer) throw new PdfError("bad trailer");
      section = { offset, entries, trailer };
    } else {
      const obj = this.parseObjectAt(offset);
      if (!obj.value || typeof obj.value !== "object" || obj.value.t !== "stream" || asName(obj.value.dict.map.get("Type")) !== "XRef") throw new PdfError("cross-reference stream expected");
      section = { offset, entries: this.readXrefStream(obj.value), trailer: obj.value.dict, streamNum: obj.num };
    }
    const prev = section.trailer.map.get("Prev");
    if (typeof prev === "number") section.prev = prev;
    const xrefStm = section.trailer.map.get("XRefStm");
    if (typeof xrefStm === "number") section.xrefStm = xrefStm;
    this.sections.set(offset, section);
    return section;
  }

  private readXrefStream(stream: PdfStream): Map<number, XrefEntry> {
    const data = this.streamData(stream);
    const w = (asArray(stream.dict.map.get("W")) ?? []).map((x) => (typeof x === "number" ? x : -1));
    if (w.length !== 3 || w.some((x) => x < 0 || x > 8)) throw new PdfError("bad /W");
    const size = stream.dict.map.get("Size");
    const index = (asArray(stream.dict.map.get("Index")) ?? [0, typeof size === "number" ? size : 0]).map((x) => (typeof x === "number" ? x : -1));
    const rowLen = w[0]! + w[1]! + w[2]!;
    if (rowLen === 0) throw new PdfError("bad /W");
    const entries = new Map<number, XrefEntry>();
    let pos = 0;
    const field = (len: number, dflt: number) => {
      if (len === 0) return dflt;
      let v = 0;
      for (let k = 0; k < len; k++) v = v * 256 + (data[pos++] ?? 0);
      return v;
    };
    for (let i = 0; i + 1 < index.length; i += 2) {
      const first = index[i]!;
      const count = index[i + 1]!;
      if (first < 0 || count < 0) throw new PdfError("bad /Index");
      for (let k = 0; k < count && pos + rowLen <= data.length; k++) {
        const type = field(w[0]!, 1);
        const a = field(w[1]!, 0);
        const b = field(w[2]!, 0);
        if (!entries.has(first + k) && (type === 0 || type === 1 || type === 2)) entries.set(first + k, { type, a, b });
      }
    }
    return entries;
  }

  /** A stream's decoded bytes (FlateDecode with PNG predictors, or no filter). */
  streamData(stream: PdfStream): Buffer {
    let data = stream.source.subarray(stream.dataStart, stream.dataEnd);
    const filterValue = stream.dict.map.get("Filter");
    const filters = filterValue === undefined ? [] : (asArray(filterValue) ?? [filterValue]).map((f) => asName(f));
    const parmsValue = stream.dict.map.get("DecodeParms");
    const parms = parmsValue === undefined ? [] : (asArray(parmsValue) ?? [parmsValue]);
    filters.forEach((filter, i) => {
      if (filter !== "FlateDecode" && filter !== "Fl") throw new PdfError(`unsupported filter ${filter ?? "?"}`);
      try {
        data = inflateSync(data, { maxOutputLength: LIMITS.maxInflatedBytes });
      } catch (error) {
        if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw new PdfError("stream too large");
        try {
          data = inflateSync(data, { maxOutputLength: LIMITS.maxInflatedBytes, finishFlush: zlibConstants.Z_SYNC_FLUSH });
        } catch {
          throw new PdfError("damaged stream");
        }
      }
      const p = asDict(parms[i] ?? undefined);
      const predictor = p?.map.get("Predictor");
      if (typeof predictor === "number" && predictor >= 10) {
        const num = (k: string, d: number) => {
          const v = p!.map.get(k);
          return typeof v === "number" && v > 0 && v < 1 << 16 ? v : d;
        };
        data = unpredictPng(data, num("Columns", 1), num("Colors", 1), num("BitsPerComponent", 8));
      } else if (typeof predictor === "number" && predictor > 1) throw new PdfError("unsupported predictor");
    });
    return data;
  }

  private readonly parsedAt = new Map<number, IndirectObject>();

  /** Parses "num gen obj … endobj" at offset in the file (each offset once). */
  parseObjectAt(offset: number): IndirectObject {
    const cached = this.parsedAt.get(offset);
    if (cached) return cached;
    const obj = this.parseObjectAtUncached(offset);
    if (this.parsedAt.size < LIMITS.maxPdfObjects) this.parsedAt.set(offset, obj);
    return obj;
  }

  private parseObjectAtUncached(offset: number): IndirectObject {
    this.deadline.check();
    const lexer = new Lexer(this.buf, offset, this.deadline);
    lexer.skipSpace();
    const start = lexer.pos;
    const num = lexer.readInt();
    const gen = lexer.readInt();
    lexer.skipSpace();
    if (lexer.readWord() !== "obj") throw new PdfError(`no object at ${offset}`);
    let value = lexer.value();
    lexer.skipSpace();
    if (lexer.peekWord() === "stream") {
      const dict = asDict(value);
      if (!dict || value === null || typeof value !== "object" || value.t !== "dict") throw new PdfError("stream without dictionary");
      lexer.readWord();
      if (this.buf[lexer.pos] === 13) lexer.pos++;
      if (this.buf[lexer.pos] === 10) lexer.pos++;
      const dataStart = lexer.pos;
      let dataEnd = -1;
      const lengthValue = dict.map.get("Length");
      const length = typeof lengthValue === "number" ? lengthValue : asRef(lengthValue) && this.resolving < 4 ? this.lengthOf(asRef(lengthValue)!) : undefined;
      if (length !== undefined && Number.isInteger(length) && length >= 0 && dataStart + length <= this.buf.length) {
        const after = new Lexer(this.buf, dataStart + length);
        after.skipSpace();
        if (after.peekWord() === "endstream") dataEnd = dataStart + length;
      }
      if (dataEnd < 0) {
        const found = this.buf.indexOf("endstream", dataStart, "latin1");
        if (found < 0) throw new PdfError("unterminated stream");
        dataEnd = found;
        if (this.buf[dataEnd - 1] === 10) dataEnd--;
        if (this.buf[dataEnd - 1] === 13) dataEnd--;
      }
      value = { t: "stream", dict: value, dataStart, dataEnd, source: this.buf };
      const endstream = this.buf.indexOf("endstream", dataEnd, "latin1");
      lexer.pos = endstream < 0 ? this.buf.length : endstream + "endstream".length;
      lexer.skipSpace();
    }
    if (lexer.peekWord() === "endobj") lexer.readWord();
    return { num, gen, value, offset: start, end: lexer.pos };
  }

  private lengthOf(ref: PdfRef): number | undefined {
    this.resolving++;
    try {
      const v = this.resolve(ref);
      return typeof v === "number" ? v : undefined;
    } catch {
      return undefined;
    } finally {
      this.resolving--;
    }
  }

  /** The merged cross-reference of revision r (0-based): its section, then /XRefStm, then /Prev, newest first. */
  state(r: number = this.revisions.length - 1): Map<number, XrefEntry> {
    const cached = this.states.get(r);
    if (cached) return cached;
    if (!this.revisions[r]) throw new PdfError("no cross-reference section");
    const merged = new Map<number, XrefEntry>();
    const visited = new Set<number>();
    const queue: number[] = [this.revisions[r]!.startxref];
    while (queue.length > 0) {
      const offset = queue.shift()!;
      if (visited.has(offset)) continue;
      if (visited.size > 1000) throw new PdfError("too many cross-reference sections");
      visited.add(offset);
      const s = this.section(offset);
      for (const [num, e] of s.entries) if (!merged.has(num)) merged.set(num, e);
      if (merged.size > LIMITS.maxPdfObjects * 50) throw new PdfError("too many objects");
      if (s.xrefStm !== undefined) queue.unshift(s.xrefStm);
      if (s.prev !== undefined) queue.push(s.prev);
    }
    this.states.set(r, merged);
    return merged;
  }

  /** The trailer of revision r. */
  trailer(r: number = this.revisions.length - 1): PdfDict {
    if (!this.revisions[r]) throw new PdfError("no cross-reference section");
    return this.section(this.revisions[r]!.startxref).trailer;
  }

  /** Object numbers that revision r itself (re)defines, with their entries. */
  ownEntries(r: number): Map<number, XrefEntry> {
    const s = this.section(this.revisions[r]!.startxref);
    const own = new Map(s.entries);
    if (s.xrefStm !== undefined) for (const [n, e] of this.section(s.xrefStm).entries) if (!own.has(n)) own.set(n, e);
    return own;
  }

  /** The xref stream objects of revision r's own sections (they belong to the update itself). */
  ownSectionObjects(r: number): number[] {
    const s = this.section(this.revisions[r]!.startxref);
    const out: number[] = [];
    if (s.streamNum !== undefined) out.push(s.streamNum);
    if (s.xrefStm !== undefined) {
      const x = this.section(s.xrefStm);
      if (x.streamNum !== undefined) out.push(x.streamNum);
    }
    return out;
  }

  /** Object num as revision r sees it (undefined: free or absent). */
  object(num: number, r: number = this.revisions.length - 1): IndirectObject | undefined {
    const entry = this.state(r).get(num);
    if (!entry || entry.type === 0) return undefined;
    const key = entry.type === 1 ? `o${entry.a}` : `s${entry.a}:${entry.b}:${num}`;
    const cached = this.objectCache.get(key);
    if (cached) return cached;
    if (this.objectCache.size > LIMITS.maxPdfObjects) throw new PdfError("too many objects read");
    let obj: IndirectObject;
    if (entry.type === 1) {
      obj = this.parseObjectAt(entry.a);
      if (obj.num !== num) throw new PdfError(`object ${num} expected at ${entry.a}`);
    } else {
      obj = this.fromObjectStream(entry.a, num, r);
    }
    this.objectCache.set(key, obj);
    return obj;
  }

  private fromObjectStream(streamNum: number, num: number, r: number): IndirectObject {
    let stm = this.objStmCache.get(streamNum);
    if (!stm) {
      if (this.resolving > 8) throw new PdfError("object streams nested too deep");
      this.resolving++;
      let container: IndirectObject | undefined;
      try {
        container = this.object(streamNum, r);
      } finally {
        this.resolving--;
      }
      const value = container?.value;
      if (!value || typeof value !== "object" || value.t !== "stream") throw new PdfError("object stream expected");
      const data = this.streamData(value);
      const n = value.dict.map.get("N");
      const first = value.dict.map.get("First");
      if (typeof n !== "number" || typeof first !== "number" || n < 0 || n > LIMITS.maxPdfObjects * 10) throw new PdfError("bad object stream");
      const lexer = new Lexer(data, 0, this.deadline);
      const offsets = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        const objNum = lexer.readInt();
        const off = lexer.readInt();
        if (!offsets.has(objNum)) offsets.set(objNum, first + off);
      }
      stm = { data, offsets, first };
      this.objStmCache.set(streamNum, stm);
    }
    const at = stm.offsets.get(num);
    if (at === undefined) throw new PdfError(`object ${num} not in its object stream`);
    const value = new Lexer(stm.data, at, this.deadline).value();
    return { num, gen: 0, value, inObjectStream: streamNum };
  }

  /** A value with references followed (a few levels at most). */
  resolve(v: PdfValue | undefined, r: number = this.revisions.length - 1): PdfValue | undefined {
    let current = v;
    for (let hops = 0; hops < 8; hops++) {
      const ref = asRef(current);
      if (!ref) return current;
      current = this.object(ref.num, r)?.value ?? null;
    }
    throw new PdfError("reference chain too long");
  }
}
