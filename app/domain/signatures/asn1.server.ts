// ASN.1 for the signature verifier: forge.asn1 parses the structure (DER or BER), and a walk over the same bytes
// records where each node lies, because a signature covers the bytes as they were stored (signed attributes,
// tbsCertificate, tbsCertList, tbsResponseData) and forge keeps no offsets. Nothing here trusts the input: every
// accessor checks the tag and throws an Asn1Error, which the callers turn into a reason.
import forge from "node-forge";

export type Node = forge.asn1.Asn1;

export class Asn1Error extends Error {
  override name = "Asn1Error";
}

export const CLASS = { universal: 0x00, application: 0x40, context: 0x80, private: 0xc0 } as const;
export const TAG = {
  boolean: 1,
  integer: 2,
  bitString: 3,
  octetString: 4,
  null: 5,
  oid: 6,
  enumerated: 10,
  utf8String: 12,
  sequence: 16,
  set: 17,
  numericString: 18,
  printableString: 19,
  teletexString: 20,
  ia5String: 22,
  utcTime: 23,
  generalizedTime: 24,
  visibleString: 26,
  universalString: 28,
  bmpString: 30,
} as const;

/** Deep enough for any certificate or CMS; shallow enough that hostile nesting cannot exhaust the stack. */
const MAX_DEPTH = 48;

interface Span {
  start: number;
  contentStart: number;
  /** Exclusive; for an indefinite length, after the end-of-contents octets. */
  end: number;
  indefinite: boolean;
}

/** A parsed structure and the bytes it came from. */
export class Der {
  private readonly spans = new WeakMap<Node, Span>();
  readonly root: Node;
  /** Bytes the root occupies (trailing padding, as in a PDF's /Contents, is not counted). */
  readonly length: number;

  constructor(
    readonly bytes: Buffer,
    options: { allowTrailing?: boolean } = {},
  ) {
    if (bytes.length < 2) throw new Asn1Error("too short");
    let root: Node;
    try {
      root = forge.asn1.fromDer(forge.util.createBuffer(bytes.toString("latin1")), {
        strict: true,
        parseAllBytes: !options.allowTrailing,
        decodeBitStrings: false,
        maxDepth: MAX_DEPTH,
      } as unknown as boolean);
    } catch (error) {
      throw new Asn1Error(error instanceof Error ? error.message : "unreadable");
    }
    this.root = root;
    this.length = this.annotate(root, 0, 0);
  }

  /** Records the span of node (parsed from offset) and its children; returns where it ends. */
  private annotate(node: Node, offset: number, depth: number): number {
    if (depth > MAX_DEPTH) throw new Asn1Error("too deep");
    const buf = this.bytes;
    const first = buf[offset];
    if (first === undefined) throw new Asn1Error("truncated");
    if ((first & 0x1f) === 0x1f) throw new Asn1Error("high tag numbers are not supported");
    if ((first & 0xc0) !== node.tagClass || (first & 0x1f) !== node.type) throw new Asn1Error("structure mismatch");
    let pos = offset + 1;
    const lenByte = buf[pos++];
    if (lenByte === undefined) throw new Asn1Error("truncated");
    let length: number | undefined;
    if (lenByte === 0x80) length = undefined;
    else if (lenByte < 0x80) length = lenByte;
    else {
      const n = lenByte & 0x7f;
      if (n > 4) throw new Asn1Error("length too long");
      length = 0;
      for (let i = 0; i < n; i++) {
        const b = buf[pos++];
        if (b === undefined) throw new Asn1Error("truncated");
        length = length * 256 + b;
      }
    }
    const contentStart = pos;
    let end: number;
    if (Array.isArray(node.value)) {
      let childPos = contentStart;
      for (const child of node.value) childPos = this.annotate(child, childPos, depth + 1);
      if (length === undefined) {
        if (buf[childPos] !== 0 || buf[childPos + 1] !== 0) throw new Asn1Error("missing end of contents");
        end = childPos + 2;
      } else {
        end = contentStart + length;
        if (childPos !== end) throw new Asn1Error("structure mismatch");
      }
    } else {
      if (length === undefined) throw new Asn1Error("indefinite primitive");
      end = contentStart + length;
    }
    if (end > buf.length) throw new Asn1Error("truncated");
    this.spans.set(node, { start: offset, contentStart, end, indefinite: length === undefined });
    return end;
  }

  private span(node: Node): Span {
    const s = this.spans.get(node);
    if (!s) throw new Asn1Error("node of another structure");
    return s;
  }

  /** The node's encoding exactly as stored (a view, not a copy). */
  raw(node: Node): Buffer {
    const s = this.span(node);
    return this.bytes.subarray(s.start, s.end);
  }

  /** The node's contents as stored (without tag and length). */
  contents(node: Node): Buffer {
    const s = this.span(node);
    return this.bytes.subarray(s.contentStart, s.indefinite ? s.end - 2 : s.end);
  }

  /** Whether the node (and everything in it) uses definite lengths. */
  isDefinite(node: Node): boolean {
    if (this.span(node).indefinite) return false;
    return Array.isArray(node.value) ? node.value.every((c) => this.isDefinite(c)) : true;
  }

  /**
   * The node re-tagged as a universal SET, as stored: for signed attributes, whose [0] IMPLICIT tag is replaced by
   * SET OF for hashing (RFC 5652 §5.4). A BER indefinite length is re-encoded as DER.
   */
  asSet(node: Node): Buffer {
    const s = this.span(node);
    if (!s.indefinite) {
      const copy = Buffer.from(this.raw(node));
      copy[0] = 0x31;
      return copy;
    }
    return encodeTlv(0x31, Buffer.concat(children(node).map((c) => this.raw(c))));
  }

  /** The node's children's encodings in DER SET OF order (sorted as octet strings), re-tagged as a SET. */
  asSortedSet(node: Node): Buffer {
    const parts = children(node).map((c) => this.raw(c));
    parts.sort(Buffer.compare);
    return encodeTlv(0x31, Buffer.concat(parts));
  }
}

/** tag ‖ DER length ‖ content. */
export function encodeTlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  let header: Buffer;
  if (n < 0x80) header = Buffer.from([tag, n]);
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    header = Buffer.from([tag, 0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([header, content]);
}

export function isUniversal(node: Node | undefined, type: number): node is Node {
  return node !== undefined && node.tagClass === CLASS.universal && node.type === type;
}

export function isContext(node: Node | undefined, n: number): node is Node {
  return node !== undefined && node.tagClass === CLASS.context && node.type === n;
}

export function children(node: Node | undefined, what = "structure"): Node[] {
  if (!node || !Array.isArray(node.value)) throw new Asn1Error(`${what}: expected a constructed value`);
  return node.value;
}

export function sequence(node: Node | undefined, what = "SEQUENCE"): Node[] {
  if (!isUniversal(node, TAG.sequence) || !node.constructed) throw new Asn1Error(`${what}: expected a SEQUENCE`);
  return children(node, what);
}

export function set(node: Node | undefined, what = "SET"): Node[] {
  if (!isUniversal(node, TAG.set) || !node.constructed) throw new Asn1Error(`${what}: expected a SET`);
  return children(node, what);
}

function primitive(node: Node | undefined, type: number, what: string): string {
  if (!isUniversal(node, type) || typeof node.value !== "string") throw new Asn1Error(`${what}: unexpected type`);
  return node.value;
}

export function oid(node: Node | undefined, what = "OID"): string {
  const value = primitive(node, TAG.oid, what);
  if (value.length === 0 || value.length > 64) throw new Asn1Error(`${what}: bad OID`);
  return forge.asn1.derToOid(value);
}

/** An INTEGER as unsigned hexadecimal, upper case, without leading zeros (serial numbers). */
export function integerHex(node: Node | undefined, what = "INTEGER"): string {
  const value = primitive(node, TAG.integer, what);
  if (value.length === 0) throw new Asn1Error(`${what}: empty INTEGER`);
  const hex = Buffer.from(value, "latin1").toString("hex").toUpperCase().replace(/^0+(?=.)/, "");
  return hex;
}

/** A small non-negative INTEGER (versions, lengths, counters). */
export function smallInteger(node: Node | undefined, what = "INTEGER"): number {
  const value = primitive(node, TAG.integer, what);
  if (value.length === 0 || value.length > 6) throw new Asn1Error(`${what}: INTEGER out of range`);
  const bytes = Buffer.from(value, "latin1");
  if (bytes[0]! & 0x80) throw new Asn1Error(`${what}: negative INTEGER`);
  return bytes.readUIntBE(0, bytes.length);
}

export function enumerated(node: Node | undefined, what = "ENUMERATED"): number {
  const value = primitive(node, TAG.enumerated, what);
  if (value.length === 0 || value.length > 4) throw new Asn1Error(`${what}: out of range`);
  return Buffer.from(value, "latin1").readUIntBE(0, value.length);
}

export function boolean(node: Node | undefined, what = "BOOLEAN"): boolean {
  const value = primitive(node, TAG.boolean, what);
  if (value.length !== 1) throw new Asn1Error(`${what}: bad BOOLEAN`);
  return value !== "\u0000";
}

/** An OCTET STRING's value (BER constructed strings are joined). Also accepts implicit context tags. */
export function octets(node: Node | undefined, what = "OCTET STRING", implicit?: number): Buffer {
  const tagOk = implicit === undefined ? isUniversal(node, TAG.octetString) : isContext(node, implicit);
  if (!node || !tagOk) throw new Asn1Error(`${what}: expected an OCTET STRING`);
  return octetValue(node, 0);
}

function octetValue(node: Node, depth: number): Buffer {
  if (depth > 8) throw new Asn1Error("OCTET STRING nested too deep");
  if (typeof node.value === "string") return Buffer.from(node.value, "latin1");
  return Buffer.concat(node.value.map((c) => octetValue(c, depth + 1)));
}

/** A BIT STRING's bytes and unused bit count. */
export function bitString(node: Node | undefined, what = "BIT STRING", implicit?: number): { unused: number; bytes: Buffer } {
  const tagOk = implicit === undefined ? isUniversal(node, TAG.bitString) : isContext(node, implicit);
  if (!node || !tagOk || typeof node.value !== "string" || node.value.length === 0) throw new Asn1Error(`${what}: expected a BIT STRING`);
  const all = Buffer.from(node.value, "latin1");
  const unused = all[0]!;
  if (unused > 7) throw new Asn1Error(`${what}: bad BIT STRING`);
  return { unused, bytes: all.subarray(1) };
}

const UTC = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})$/;
const GENERALIZED = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,](\d{1,9}))?(Z|[+-]\d{4})?$/;

/** UTCTime or GeneralizedTime as a Date (RFC 5280 §4.1.2.5: UTCTime years 50–99 are 19xx). */
export function time(node: Node | undefined, what = "time"): Date {
  if (!node || node.tagClass !== CLASS.universal || typeof node.value !== "string") throw new Asn1Error(`${what}: expected a time`);
  const text = node.value;
  let y: number, mo: number, d: number, h: number, mi: number, s: number, ms = 0, zone: string | undefined;
  if (node.type === TAG.utcTime) {
    const m = UTC.exec(text);
    if (!m) throw new Asn1Error(`${what}: bad UTCTime`);
    const yy = Number(m[1]);
    y = yy >= 50 ? 1900 + yy : 2000 + yy;
    [mo, d, h, mi, s] = [Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
    zone = m[7];
  } else if (node.type === TAG.generalizedTime) {
    const m = GENERALIZED.exec(text);
    if (!m) throw new Asn1Error(`${what}: bad GeneralizedTime`);
    [y, mo, d, h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5] ?? 0), Number(m[6] ?? 0)];
    if (m[7]) ms = Math.floor(Number(`0.${m[7]}`) * 1000);
    zone = m[8];
  } else throw new Asn1Error(`${what}: expected a time`);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) throw new Asn1Error(`${what}: bad date`);
  let t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  if (zone && zone !== "Z") {
    const sign = zone[0] === "-" ? -1 : 1;
    t -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5))) * 60_000;
  }
  const date = new Date(t);
  if (Number.isNaN(date.getTime())) throw new Asn1Error(`${what}: bad date`);
  return date;
}

/** A directory string or IA5String as text. */
export function text(node: Node | undefined): string {
  if (!node || typeof node.value !== "string") return "";
  const bytes = Buffer.from(node.value, "latin1");
  switch (node.type as number) {
    case TAG.utf8String:
      return bytes.toString("utf8");
    case TAG.bmpString:
      return node.value; // forge decodes BMPString to UTF-16 text already
    case TAG.universalString: {
      let out = "";
      for (let i = 0; i + 3 < bytes.length; i += 4) out += String.fromCodePoint(Math.min(bytes.readUInt32BE(i), 0x10ffff));
      return out;
    }
    case TAG.teletexString:
      return bytes.toString("latin1");
    default:
      return bytes.toString("latin1");
  }
}

/** An AlgorithmIdentifier: its OID and optional parameters. */
export function algorithm(node: Node | undefined, what = "algorithm"): { oid: string; params?: Node } {
  const parts = sequence(node, what);
  const params = parts[1];
  return { oid: oid(parts[0], what), params: params && !isUniversal(params, TAG.null) ? params : undefined };
}

// Building DER with forge (OCSP requests, test fixtures).
export const build = {
  seq: (items: Node[]) => forge.asn1.create(CLASS.universal, TAG.sequence, true, items),
  set: (items: Node[]) => forge.asn1.create(CLASS.universal, TAG.set, true, items),
  oid: (value: string) => forge.asn1.create(CLASS.universal, TAG.oid, false, forge.asn1.oidToDer(value).getBytes()),
  null: () => forge.asn1.create(CLASS.universal, TAG.null, false, ""),
  octets: (bytes: Buffer) => forge.asn1.create(CLASS.universal, TAG.octetString, false, bytes.toString("latin1")),
  integer: (bytes: Buffer) => forge.asn1.create(CLASS.universal, TAG.integer, false, bytes.toString("latin1")),
  context: (n: number, items: Node[]) => forge.asn1.create(CLASS.context, n, true, items),
  /** Embeds already-encoded DER as a node. */
  raw: (der: Buffer) => forge.asn1.fromDer(der.toString("latin1")),
};

export function toDer(node: Node): Buffer {
  return Buffer.from(forge.asn1.toDer(node).getBytes(), "latin1");
}

/** Unsigned big-endian bytes as a positive DER INTEGER's content. */
export function positiveIntegerBytes(hex: string): Buffer {
  let bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, "hex");
  while (bytes.length > 1 && bytes[0] === 0 && !(bytes[1]! & 0x80)) bytes = bytes.subarray(1);
  return bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
}
