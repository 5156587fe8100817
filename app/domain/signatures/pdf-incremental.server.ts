import { randomBytes } from "node:crypto";
import { unpredictPng } from "./pdf-objects.server";
import { deflateSync, inflateSync } from "node:zlib";

// Reading a PDF just enough to append an incremental update (ISO 32000-1 §7.5.6), and writing that update. The
// original bytes are never touched: new and changed objects go after them, with a cross-reference section of the same
// kind as the last one (a classic table after a table, a cross-reference stream after a stream, §7.5.8) whose /Prev
// points back. Reads classic tables, cross-reference streams (PNG predictors), hybrid files (/XRefStm) and objects
// inside object streams; refuses encrypted files. Used by sign-pdf.server.ts to add a signature field, its signature
// dictionary and the result marks.

export class PdfError extends Error {
  override name = "PdfError";
}

// ---------------------------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------------------------

export class PdfName {
  constructor(readonly name: string) {}
}
export class PdfString {
  constructor(
    readonly bytes: Buffer,
    readonly hex = false,
  ) {}
  /** A text string (§7.9.2.2): PDFDocEncoding when ASCII suffices, else UTF-16BE with a byte order mark. */
  static text(value: string): PdfString {
    if (/^[\x20-\x7e]*$/.test(value)) return new PdfString(Buffer.from(value, "latin1"));
    const utf16 = Buffer.from(value, "utf16le").swap16();
    return new PdfString(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16]), true);
  }
}
export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
  toString(): string {
    return `${this.num} ${this.gen} R`;
  }
}
export class PdfDict {
  readonly map: Map<string, PdfValue>;
  constructor(entries?: Iterable<[string, PdfValue]>) {
    this.map = new Map(entries);
  }
  get(key: string): PdfValue | undefined {
    return this.map.get(key);
  }
  set(key: string, value: PdfValue): this {
    this.map.set(key, value);
    return this;
  }
  has(key: string): boolean {
    return this.map.has(key);
  }
  delete(key: string): void {
    this.map.delete(key);
  }
  clone(): PdfDict {
    return new PdfDict(this.map);
  }
}
/** Bytes written as they are (the signature placeholders, operators). */
export class PdfRaw {
  constructor(readonly text: string) {}
}
export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    /** The stream's bytes as stored (still encoded by its /Filter). */
    readonly data: Buffer,
  ) {}
}
export type PdfValue = null | boolean | number | PdfName | PdfString | PdfRef | PdfDict | PdfRaw | PdfValue[];
export type PdfObject = PdfValue | PdfStream;

export const name = (n: string): PdfName => new PdfName(n);
export const dict = (entries: Record<string, PdfValue>): PdfDict => new PdfDict(Object.entries(entries));
export const isName = (v: unknown, n?: string): v is PdfName => v instanceof PdfName && (n === undefined || v.name === n);

// ---------------------------------------------------------------------------------------------------------------
// Lexer and parser
// ---------------------------------------------------------------------------------------------------------------

const WS = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIM = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

class Parser {
  pos: number;
  constructor(
    readonly bytes: Buffer,
    pos = 0,
    readonly end = bytes.length,
  ) {
    this.pos = pos;
  }

  fail(what: string): never {
    throw new PdfError(`Cannot read the PDF at byte ${this.pos}: ${what}.`);
  }

  skipWs(): void {
    const b = this.bytes;
    while (this.pos < this.end) {
      const c = b[this.pos]!;
      if (WS.has(c)) this.pos++;
      else if (c === 0x25) {
        while (this.pos < this.end && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
      } else break;
    }
  }

  /** A regular token (keyword or number) without consuming it. */
  peekToken(): string {
    this.skipWs();
    let p = this.pos;
    while (p < this.end && !WS.has(this.bytes[p]!) && !DELIM.has(this.bytes[p]!)) p++;
    return this.bytes.toString("latin1", this.pos, p);
  }

  token(): string {
    const t = this.peekToken();
    this.pos += t.length;
    return t;
  }

  expect(keyword: string): void {
    const t = this.token();
    if (t !== keyword) this.fail(`expected "${keyword}", found "${t.slice(0, 20)}"`);
  }

  value(): PdfValue {
    this.skipWs();
    if (this.pos >= this.end) this.fail("unexpected end");
    const c = this.bytes[this.pos]!;
    if (c === 0x2f) return this.nameValue();
    if (c === 0x28) return this.literalString();
    if (c === 0x3c) {
      if (this.bytes[this.pos + 1] === 0x3c) return this.dictValue();
      return this.hexString();
    }
    if (c === 0x5b) {
      this.pos++;
      const items: PdfValue[] = [];
      for (;;) {
        this.skipWs();
        if (this.bytes[this.pos] === 0x5d) {
          this.pos++;
          return items;
        }
        if (this.pos >= this.end) this.fail("unterminated array");
        items.push(this.value());
      }
    }
    const t = this.token();
    if (t === "true") return true;
    if (t === "false") return false;
    if (t === "null") return null;
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(t)) {
      // "N G R"?
      if (/^\d+$/.test(t)) {
        const save = this.pos;
        const gen = this.peekToken();
        if (/^\d+$/.test(gen)) {
          this.pos += gen.length;
          if (this.peekToken() === "R") {
            this.pos += 1;
            return new PdfRef(Number(t), Number(gen));
          }
        }
        this.pos = save;
      }
      return Number(t);
    }
    return this.fail(`unexpected "${t.slice(0, 20) || String.fromCharCode(c)}"`);
  }

  nameValue(): PdfName {
    this.pos++; // "/"
    const start = this.pos;
    while (this.pos < this.end && !WS.has(this.bytes[this.pos]!) && !DELIM.has(this.bytes[this.pos]!)) this.pos++;
    const raw = this.bytes.toString("latin1", start, this.pos);
    return new PdfName(raw.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))));
  }

  dictValue(): PdfDict {
    this.pos += 2;
    const d = new PdfDict();
    for (;;) {
      this.skipWs();
      if (this.bytes[this.pos] === 0x3e && this.bytes[this.pos + 1] === 0x3e) {
        this.pos += 2;
        return d;
      }
      if (this.pos >= this.end) this.fail("unterminated dictionary");
      if (this.bytes[this.pos] !== 0x2f) this.fail("a dictionary key is not a name");
      const key = this.nameValue().name;
      d.set(key, this.value());
    }
  }

  hexString(): PdfString {
    this.pos++;
    const close = this.bytes.indexOf(0x3e, this.pos);
    if (close < 0 || close > this.end) this.fail("unterminated hex string");
    let hex = this.bytes.toString("latin1", this.pos, close).replace(/[\s\0]/g, "");
    this.pos = close + 1;
    if (!/^[0-9a-fA-F]*$/.test(hex)) this.fail("bad hex string");
    if (hex.length % 2) hex += "0";
    return new PdfString(Buffer.from(hex, "hex"), true);
  }

  literalString(): PdfString {
    this.pos++;
    const out: number[] = [];
    let depth = 1;
    const b = this.bytes;
    while (this.pos < this.end) {
      const c = b[this.pos++]!;
      if (c === 0x5c) {
        const n = b[this.pos++];
        if (n === undefined) break;
        const esc: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };
        if (esc[n] !== undefined) out.push(esc[n]);
        else if (n >= 0x30 && n <= 0x37) {
          let v = n - 0x30;
          for (let k = 0; k < 2 && b[this.pos]! >= 0x30 && b[this.pos]! <= 0x37; k++) v = v * 8 + (b[this.pos++]! - 0x30);
          out.push(v & 0xff);
        } else if (n === 0x0d) {
          if (b[this.pos] === 0x0a) this.pos++;
        } else if (n !== 0x0a) out.push(n);
      } else if (c === 0x28) {
        depth++;
        out.push(c);
      } else if (c === 0x29) {
        if (--depth === 0) return new PdfString(Buffer.from(out));
        out.push(c);
      } else out.push(c);
    }
    return this.fail("unterminated string");
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Serialising
// ---------------------------------------------------------------------------------------------------------------

const NAME_REGULAR = /^[!-~]$/;
function nameText(n: string): string {
  let out = "/";
  for (const ch of n) {
    const code = ch.charCodeAt(0);
    out += NAME_REGULAR.test(ch) && !DELIM.has(code) && ch !== "#" ? ch : "#" + code.toString(16).padStart(2, "0");
  }
  return out;
}

function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new PdfError("Cannot write a non-finite number.");
  if (Number.isInteger(n)) return String(n);
  return n.toFixed(6).replace(/0+$/, "").replace(/\.$/, "");
}

function stringText(s: PdfString): string {
  if (s.hex) return "<" + s.bytes.toString("hex") + ">";
  let out = "(";
  for (const c of s.bytes) {
    if (c === 0x28 || c === 0x29 || c === 0x5c) out += "\\" + String.fromCharCode(c);
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x0d) out += "\\r";
    else if (c < 0x20 || c > 0x7e) out += "\\" + c.toString(8).padStart(3, "0");
    else out += String.fromCharCode(c);
  }
  return out + ")";
}

/** The PDF syntax of a value (latin1: one char per byte). */
export function serialize(value: PdfValue): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return numberText(value);
  if (value instanceof PdfName) return nameText(value.name);
  if (value instanceof PdfString) return stringText(value);
  if (value instanceof PdfRef) return value.toString();
  if (value instanceof PdfRaw) return value.text;
  if (Array.isArray(value)) return "[" + value.map(serialize).join(" ") + "]";
  let out = "<<";
  for (const [k, v] of value.map) out += nameText(k) + " " + serialize(v) + "\n";
  return out + ">>";
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the file
// ---------------------------------------------------------------------------------------------------------------

type XrefEntry = { kind: "offset"; offset: number; gen: number } | { kind: "compressed"; stream: number; index: number } | { kind: "free" };

export type XrefKind = "table" | "stream";

export class PdfFile {
  /** The kind of the last cross-reference section (what an update must continue with). */
  readonly xrefKind: XrefKind;
  /** Offset of the last cross-reference section (the update's /Prev). */
  readonly lastXref: number;
  /** The newest trailer (for a cross-reference stream: its dictionary). */
  readonly trailer: PdfDict;
  /** One past the highest object number in use. */
  readonly size: number;
  private readonly entries = new Map<number, XrefEntry>();
  private readonly cache = new Map<number, PdfObject>();
  private readonly objectStreams = new Map<number, { parser: Parser; offsets: Map<number, number> }>();

  constructor(readonly bytes: Buffer) {
    if (bytes.subarray(0, 1024).indexOf("%PDF-") < 0) throw new PdfError("This is not a PDF (no %PDF- header).");
    const tail = bytes.toString("latin1", Math.max(0, bytes.length - 4096));
    const m = /startxref\s+(\d+)/.exec(tail.slice(Math.max(0, tail.lastIndexOf("startxref"))));
    if (!m) throw new PdfError("The PDF has no startxref.");
    const start = Number(m[1]);
    this.lastXref = start;
    const first = this.readSection(start);
    this.xrefKind = first.kind;
    this.trailer = first.trailer;
    const seen = new Set<number>([start]);
    let prev = first.trailer.get("Prev");
    while (typeof prev === "number") {
      if (seen.has(prev)) throw new PdfError("The PDF's cross-reference sections loop.");
      seen.add(prev);
      prev = this.readSection(prev).trailer.get("Prev");
    }
    if (this.trailer.has("Encrypt")) throw new PdfError("Encrypted PDFs cannot be signed here.");
    if (!(this.trailer.get("Root") instanceof PdfRef)) throw new PdfError("The PDF's trailer names no catalog (/Root).");
    const declared = this.trailer.get("Size");
    let size = typeof declared === "number" ? declared : 0;
    for (const num of this.entries.keys()) size = Math.max(size, num + 1);
    this.size = size;
  }

  /** Read one section at `offset` and the hybrid /XRefStm it names; older sections never override newer entries. */
  private readSection(offset: number): { kind: XrefKind; trailer: PdfDict } {
    if (offset <= 0 || offset >= this.bytes.length) throw new PdfError(`The cross-reference offset ${offset} is outside the file.`);
    const p = new Parser(this.bytes, offset);
    if (p.peekToken() === "xref") {
      p.token();
      for (;;) {
        const t = p.peekToken();
        if (t === "trailer") break;
        if (!/^\d+$/.test(t)) p.fail("bad cross-reference table");
        const first = Number(p.token());
        const count = Number(p.token());
        for (let i = 0; i < count; i++) {
          const off = Number(p.token());
          const gen = Number(p.token());
          const type = p.token();
          if (type !== "n" && type !== "f") p.fail("bad cross-reference entry");
          const num = first + i;
          if (!this.entries.has(num)) this.entries.set(num, type === "n" ? { kind: "offset", offset: off, gen } : { kind: "free" });
        }
      }
      p.token();
      const trailer = p.value();
      if (!(trailer instanceof PdfDict)) throw new PdfError(`The trailer at byte ${offset} is not a dictionary.`);
      const xrefStm = trailer.get("XRefStm");
      if (typeof xrefStm === "number") this.readXrefStream(xrefStm);
      return { kind: "table", trailer };
    }
    return { kind: "stream", trailer: this.readXrefStream(offset) };
  }

  private readXrefStream(offset: number): PdfDict {
    const obj = this.parseIndirectAt(offset);
    if (!(obj.value instanceof PdfStream) || !isName(obj.value.dict.get("Type"), "XRef")) {
      throw new PdfError(`No cross-reference table or stream at byte ${offset}.`);
    }
    const { dict: d } = obj.value;
    const data = decodeStream(obj.value);
    const w = d.get("W");
    if (!Array.isArray(w) || w.length !== 3 || !w.every((x) => typeof x === "number")) throw new PdfError("A cross-reference stream has a bad /W.");
    const [w0, w1, w2] = w as number[];
    const size = d.get("Size");
    const index = (d.get("Index") as number[] | undefined) ?? [0, typeof size === "number" ? size : 0];
    const rowLength = w0! + w1! + w2!;
    let pos = 0;
    const field = (width: number, def: number) => {
      if (width === 0) return def;
      let v = 0;
      for (let k = 0; k < width; k++) v = v * 256 + (data[pos++] ?? 0);
      return v;
    };
    for (let i = 0; i + 1 < index.length; i += 2) {
      const first = index[i]!;
      const count = index[i + 1]!;
      for (let k = 0; k < count; k++) {
        if (pos + rowLength > data.length) throw new PdfError("A cross-reference stream is cut short.");
        const type = field(w0!, 1);
        const a = field(w1!, 0);
        const b = field(w2!, 0);
        const num = first + k;
        if (this.entries.has(num)) continue;
        if (type === 1) this.entries.set(num, { kind: "offset", offset: a, gen: b });
        else if (type === 2) this.entries.set(num, { kind: "compressed", stream: a, index: b });
        else this.entries.set(num, { kind: "free" });
      }
    }
    return d;
  }

  /** Parse "N G obj … endobj" at an offset (streams read by /Length). */
  private parseIndirectAt(offset: number): { num: number; gen: number; value: PdfObject } {
    const p = new Parser(this.bytes, offset);
    const num = Number(p.token());
    const gen = Number(p.token());
    p.expect("obj");
    const value = p.value();
    if (value instanceof PdfDict && p.peekToken() === "stream") {
      p.token();
      if (this.bytes[p.pos] === 0x0d) p.pos++;
      if (this.bytes[p.pos] === 0x0a) p.pos++;
      let length: PdfObject | undefined = value.get("Length");
      if (length instanceof PdfRef) length = this.resolve(length);
      if (typeof length !== "number" || p.pos + length > this.bytes.length) throw new PdfError(`Object ${num} has a bad stream /Length.`);
      return { num, gen, value: new PdfStream(value, this.bytes.subarray(p.pos, p.pos + length)) };
    }
    return { num, gen, value };
  }

  /** The object with this number (null if free or missing, as §7.3.10 says). */
  getObject(num: number): PdfObject {
    const cached = this.cache.get(num);
    if (cached !== undefined) return cached;
    const entry = this.entries.get(num);
    let value: PdfObject = null;
    if (entry?.kind === "offset") {
      const obj = this.parseIndirectAt(entry.offset);
      if (obj.num !== num) throw new PdfError(`The cross-reference points object ${num} at object ${obj.num}.`);
      value = obj.value;
    } else if (entry?.kind === "compressed") {
      value = this.fromObjectStream(entry.stream, num);
    }
    this.cache.set(num, value);
    return value;
  }

  private fromObjectStream(streamNum: number, num: number): PdfValue {
    let os = this.objectStreams.get(streamNum);
    if (!os) {
      const stream = this.getObject(streamNum);
      if (!(stream instanceof PdfStream)) throw new PdfError(`Object stream ${streamNum} is missing.`);
      const data = decodeStream(stream);
      const n = stream.dict.get("N");
      const first = stream.dict.get("First");
      if (typeof n !== "number" || typeof first !== "number") throw new PdfError(`Object stream ${streamNum} lacks /N or /First.`);
      const header = new Parser(data, 0, first);
      const offsets = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        const objNum = Number(header.token());
        const off = Number(header.token());
        offsets.set(objNum, first + off);
      }
      os = { parser: new Parser(data), offsets };
      this.objectStreams.set(streamNum, os);
    }
    const at = os.offsets.get(num);
    if (at === undefined) throw new PdfError(`Object ${num} is not in object stream ${streamNum}.`);
    const p = new Parser(os.parser.bytes, at);
    return p.value();
  }

  /** Follow a reference (one level); other values come back as they are. */
  resolve(value: PdfValue | undefined): PdfObject | undefined {
    return value instanceof PdfRef ? this.getObject(value.num) : value;
  }

  resolveDict(value: PdfValue | undefined): PdfDict | undefined {
    const v = this.resolve(value);
    return v instanceof PdfDict ? v : v instanceof PdfStream ? v.dict : undefined;
  }

  generationOf(num: number): number {
    const e = this.entries.get(num);
    return e?.kind === "offset" ? e.gen : 0;
  }

  get catalogRef(): PdfRef {
    return this.trailer.get("Root") as PdfRef;
  }

  catalog(): PdfDict {
    const c = this.resolveDict(this.catalogRef);
    if (!c) throw new PdfError("The PDF's catalog is missing.");
    return c;
  }

  /** The leaf page objects in order, with their references. */
  pages(): { ref: PdfRef; dict: PdfDict }[] {
    const out: { ref: PdfRef; dict: PdfDict }[] = [];
    const seen = new Set<number>();
    const walk = (ref: PdfValue | undefined, depth: number) => {
      if (!(ref instanceof PdfRef) || seen.has(ref.num) || depth > 64) return;
      seen.add(ref.num);
      const node = this.resolveDict(ref);
      if (!node) return;
      if (isName(node.get("Type"), "Pages") || node.has("Kids")) {
        const kids = this.resolve(node.get("Kids"));
        if (Array.isArray(kids)) for (const kid of kids) walk(kid, depth + 1);
      } else out.push({ ref, dict: node });
    };
    walk(this.catalog().get("Pages"), 0);
    return out;
  }

  /** A page attribute, inherited from the page tree when the page does not set it (§7.7.3.4). */
  inherited(page: PdfDict, key: string): PdfValue | undefined {
    let node: PdfDict | undefined = page;
    for (let depth = 0; node && depth < 64; depth++) {
      if (node.has(key)) return node.get(key);
      node = this.resolveDict(node.get("Parent"));
    }
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Streams
// ---------------------------------------------------------------------------------------------------------------

/** Decode a stream's data (FlateDecode with or without PNG predictors; unfiltered). */
export function decodeStream(stream: PdfStream): Buffer {
  const filter = stream.dict.get("Filter");
  const filters = (Array.isArray(filter) ? filter : filter === undefined ? [] : [filter]).map((f) => (f instanceof PdfName ? f.name : "?"));
  let parms = stream.dict.get("DecodeParms");
  if (Array.isArray(parms)) parms = parms[0];
  if (filters.length === 0) return stream.data;
  if (filters.length > 1 || filters[0] !== "FlateDecode") throw new PdfError(`Unsupported stream filter ${filters.join(", ")}.`);
  let data: Buffer;
  try {
    data = inflateSync(stream.data);
  } catch {
    throw new PdfError("A compressed stream cannot be inflated.");
  }
  if (parms instanceof PdfDict) {
    const predictor = parms.get("Predictor");
    if (typeof predictor === "number" && predictor >= 10) {
      const columns = (parms.get("Columns") as number | undefined) ?? 1;
      const colors = (parms.get("Colors") as number | undefined) ?? 1;
      const bpc = (parms.get("BitsPerComponent") as number | undefined) ?? 8;
      try {
        data = unpredictPng(data, columns, colors, bpc);
      } catch {
        throw new PdfError("A compressed stream has rows with an unknown PNG predictor.");
      }
    } else if (typeof predictor === "number" && predictor > 1) {
      throw new PdfError(`Unsupported stream predictor ${predictor}.`);
    }
  }
  return data;
}


// ---------------------------------------------------------------------------------------------------------------
// The update
// ---------------------------------------------------------------------------------------------------------------

export interface WrittenUpdate {
  /** The whole file: the original bytes, then the update. */
  bytes: Buffer;
  /** Where each written object starts. */
  offsets: Map<number, number>;
}

export class IncrementalUpdate {
  private next: number;
  private readonly objects = new Map<number, { gen: number; value: PdfObject }>();

  constructor(readonly file: PdfFile) {
    this.next = file.size;
  }

  /** A new object number. */
  allocate(): PdfRef {
    return new PdfRef(this.next++, 0);
  }

  /** Write an object: a new one, or a changed copy of an existing one (same number and generation). */
  set(ref: PdfRef, value: PdfObject): void {
    this.objects.set(ref.num, { gen: ref.gen, value });
  }

  /** Add a new object and return its reference. */
  add(value: PdfObject): PdfRef {
    const ref = this.allocate();
    this.set(ref, value);
    return ref;
  }

  /** The object as it will stand after this update. */
  current(ref: PdfRef): PdfObject {
    return this.objects.get(ref.num)?.value ?? this.file.getObject(ref.num);
  }

  build(): WrittenUpdate {
    const original = this.file.bytes;
    const parts: Buffer[] = [original];
    let length = original.length;
    const push = (s: string | Buffer) => {
      const b = typeof s === "string" ? Buffer.from(s, "latin1") : s;
      parts.push(b);
      length += b.length;
    };
    const last = original[original.length - 1];
    if (last !== 0x0a && last !== 0x0d) push("\n");

    const offsets = new Map<number, number>();
    const nums = [...this.objects.keys()].sort((a, b) => a - b);
    for (const num of nums) {
      const { gen, value } = this.objects.get(num)!;
      offsets.set(num, length);
      push(`${num} ${gen} obj\n`);
      if (value instanceof PdfStream) {
        const d = value.dict.clone().set("Length", value.data.length);
        push(serialize(d) + "\nstream\n");
        push(value.data);
        push("\nendstream\nendobj\n");
      } else {
        push(serialize(value) + "\nendobj\n");
      }
    }

    const trailer = new PdfDict();
    const old = this.file.trailer;
    const id = old.get("ID");
    const firstId = Array.isArray(id) && id[0] instanceof PdfString ? id[0] : new PdfString(randomBytes(16), true);
    for (const key of ["Root", "Info"]) {
      const v = old.get(key);
      if (v !== undefined) trailer.set(key, v);
    }
    trailer.set("ID", [firstId, new PdfString(randomBytes(16), true)]);
    trailer.set("Prev", this.file.lastXref);

    let xrefOffset: number;
    if (this.file.xrefKind === "table") {
      const size = Math.max(this.file.size, this.next);
      trailer.set("Size", size);
      xrefOffset = length;
      // Object 0, the head of the free list, as most writers repeat it in an update's table.
      let table = "xref\n0 1\n0000000000 65535 f\r\n";
      for (const [first, run] of runs(nums)) {
        table += `${first} ${run.length}\n`;
        for (const num of run) table += `${String(offsets.get(num)).padStart(10, "0")} ${String(this.objects.get(num)!.gen).padStart(5, "0")} n\r\n`;
      }
      push(table + "trailer\n" + serialize(trailer) + "\n");
    } else {
      const xrefNum = this.next++;
      const size = Math.max(this.file.size, this.next);
      xrefOffset = length;
      offsets.set(xrefNum, xrefOffset);
      const all = [...nums, xrefNum];
      const width = Math.max(1, Math.ceil(Math.log2(xrefOffset + 1) / 8));
      const rows = Buffer.alloc(all.length * (1 + width + 2));
      all.forEach((num, i) => {
        const row = i * (1 + width + 2);
        rows[row] = 1;
        rows.writeUIntBE(offsets.get(num)!, row + 1, width);
        rows.writeUInt16BE(num === xrefNum ? 0 : this.objects.get(num)!.gen, row + 1 + width);
      });
      const index = runs(all).flatMap(([first, run]) => [first, run.length]);
      const data = deflateSync(rows);
      const d = trailer
        .set("Type", name("XRef"))
        .set("Size", size)
        .set("Index", index)
        .set("W", [1, width, 2])
        .set("Filter", name("FlateDecode"))
        .set("Length", data.length);
      push(`${xrefNum} 0 obj\n${serialize(d)}\nstream\n`);
      push(data);
      push("\nendstream\nendobj\n");
    }
    push(`startxref\n${xrefOffset}\n%%EOF\n`);
    return { bytes: Buffer.concat(parts, length), offsets };
  }
}

/** Consecutive runs of sorted numbers: [[first, [first, first+1, …]], …]. */
function runs(nums: number[]): [number, number[]][] {
  const out: [number, number[]][] = [];
  for (const n of nums) {
    const last = out[out.length - 1];
    if (last && last[1][last[1].length - 1] === n - 1) last[1].push(n);
    else out.push([n, [n]]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Copying objects from another PDF (the result marks, drawn by pdfkit, become a form XObject of the signed file)
// ---------------------------------------------------------------------------------------------------------------

/** Copy a value from `source` into the update, giving every referenced object a new number. */
export function importValue(update: IncrementalUpdate, source: PdfFile, value: PdfValue, mapping = new Map<number, PdfRef>()): PdfValue {
  if (value instanceof PdfRef) {
    const done = mapping.get(value.num);
    if (done) return done;
    const ref = update.allocate();
    mapping.set(value.num, ref);
    const obj = source.getObject(value.num);
    if (obj instanceof PdfStream) {
      const d = importValue(update, source, obj.dict, mapping) as PdfDict;
      update.set(ref, new PdfStream(d, obj.data));
    } else {
      update.set(ref, importValue(update, source, obj, mapping));
    }
    return ref;
  }
  if (Array.isArray(value)) return value.map((v) => importValue(update, source, v, mapping));
  if (value instanceof PdfDict) {
    const d = new PdfDict();
    for (const [k, v] of value.map) if (k !== "Parent") d.set(k, importValue(update, source, v, mapping));
    return d;
  }
  return value;
}

/** The first page of `source` as a form XObject in the update (its content, resources and size). */
export function importPageAsForm(update: IncrementalUpdate, source: PdfFile): { ref: PdfRef; width: number; height: number } {
  const page = source.pages()[0];
  if (!page) throw new PdfError("The mark PDF has no page.");
  const box = source.inherited(page.dict, "MediaBox");
  if (!Array.isArray(box) || box.length !== 4) throw new PdfError("The mark page has no MediaBox.");
  const [x0, y0, x1, y1] = box as number[];
  const resources = importValue(update, source, source.inherited(page.dict, "Resources") ?? new PdfDict());
  const contents = source.resolve(page.dict.get("Contents"));
  const streams = (Array.isArray(contents) ? contents.map((c) => source.resolve(c)) : [contents]).filter((s): s is PdfStream => s instanceof PdfStream);
  let stream: PdfStream;
  const form = dict({ Type: name("XObject"), Subtype: name("Form"), BBox: [x0!, y0!, x1!, y1!], Resources: resources });
  if (streams.length === 1) {
    const only = streams[0]!;
    for (const key of ["Filter", "DecodeParms"]) {
      const v = only.dict.get(key);
      if (v !== undefined) form.set(key, importValue(update, source, v));
    }
    stream = new PdfStream(form, only.data);
  } else {
    const joined = Buffer.concat(streams.flatMap((s) => [decodeStream(s), Buffer.from("\n")]));
    stream = new PdfStream(form.set("Filter", name("FlateDecode")), deflateSync(joined));
  }
  return { ref: update.add(stream), width: x1! - x0!, height: y1! - y0! };
}
