// Real, tiny files built in code for the tests (unit and e2e): a PDF with a classic cross-reference table, one with a
// cross-reference stream, a PNG, a JPEG, ZIP containers (DOCX, XLSX, ODT, a plain archive) and a Windows program.
// Node-only (zlib): never imported by the app.
import { deflateRawSync } from "node:zlib";

const enc = (s: string) => new TextEncoder().encode(s);
const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
};

/** A one-page PDF with a classic xref table whose offsets are right; `padding` bytes of comment make it larger. */
export function tinyPdf(text = "Giay to thu", padding = 0): Uint8Array {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R >>",
  ];
  const stream = `BT /F1 12 Tf 10 50 Td (${text}) Tj ET`;
  objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  let body = `%PDF-1.7\n%\u00e2\u00e3\n${padding > 0 ? `%${"x".repeat(padding)}\n` : ""}`;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xrefAt = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) body += `${String(o).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  // Latin-1: one byte per character, so offsets are byte offsets.
  return Uint8Array.from(body, (c) => c.charCodeAt(0));
}

/** A PDF 1.5 whose cross-references are a stream object (as many producers write today). */
export function xrefStreamPdf(): Uint8Array {
  let body = "%PDF-1.5\n";
  const o1 = body.length;
  body += "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n";
  const o2 = body.length;
  body += "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n";
  const xrefAt = body.length;
  const rows = [
    [0, 0, 255],
    [1, o1, 0],
    [1, o2, 0],
    [1, xrefAt, 0],
  ];
  const data = String.fromCharCode(...rows.flatMap(([t, off, g]) => [t!, (off! >> 8) & 0xff, off! & 0xff, g!]));
  body += `3 0 obj\n<< /Type /XRef /Size 4 /W [1 2 1] /Root 1 0 R /Length ${data.length} >>\nstream\n${data}\nendstream\nendobj\n`;
  body += `startxref\n${xrefAt}\n%%EOF\n`;
  return Uint8Array.from(body, (c) => c.charCodeAt(0));
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.byteLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.byteLength);
  out.set(enc(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.byteLength, crc32(out.subarray(4, 8 + data.byteLength)));
  return out;
}

/** A 1×1 PNG. */
export function tinyPng(): Uint8Array {
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, 1);
  v.setUint32(4, 1);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const idat = new Uint8Array(require_zlib_deflate(new Uint8Array([0, 200, 30, 30])));
  return concat([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", idat), chunk("IEND", new Uint8Array())]);
}

function require_zlib_deflate(data: Uint8Array): Uint8Array {
  // zlib wrapper (RFC 1950) around a raw deflate stream, as PNG's IDAT wants.
  const raw = deflateRawSync(data);
  let a = 1;
  let b = 0;
  for (const x of data) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  const out = new Uint8Array(2 + raw.byteLength + 4);
  out.set([0x78, 0x9c], 0);
  out.set(raw, 2);
  new DataView(out.buffer).setUint32(2 + raw.byteLength, ((b << 16) | a) >>> 0);
  return out;
}

/** The smallest JPEG structure: SOI, a JFIF APP0 segment, EOI. */
export function tinyJpeg(): Uint8Array {
  return new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]);
}

/** A ZIP archive (stored or deflated entries), as office documents are. */
export function zip(entries: { name: string; data: Uint8Array | string; deflate?: boolean }[]): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const raw = typeof e.data === "string" ? enc(e.data) : e.data;
    const data = e.deflate ? new Uint8Array(deflateRawSync(raw)) : raw;
    const name = enc(e.name);
    const crc = crc32(raw);
    const local = new Uint8Array(30 + name.byteLength);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, e.deflate ? 8 : 0, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, data.byteLength, true);
    lv.setUint32(22, raw.byteLength, true);
    lv.setUint16(26, name.byteLength, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.byteLength);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, e.deflate ? 8 : 0, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, data.byteLength, true);
    cv.setUint32(24, raw.byteLength, true);
    cv.setUint16(28, name.byteLength, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local, data);
    centrals.push(central);
    offset += local.byteLength + data.byteLength;
  }
  const cd = concat(centrals);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cd.byteLength, true);
  ev.setUint32(16, offset, true);
  return concat([...locals, cd, end]);
}

const contentTypes = (main: string, part: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="${part}" ContentType="${main}"/></Types>`;

export function tinyDocx(): Uint8Array {
  return zip([
    { name: "[Content_Types].xml", data: contentTypes("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "/word/document.xml"), deflate: true },
    { name: "word/document.xml", data: "<w:document/>", deflate: true },
  ]);
}

export function tinyXlsx(): Uint8Array {
  return zip([
    { name: "[Content_Types].xml", data: contentTypes("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "/xl/workbook.xml"), deflate: true },
    { name: "xl/workbook.xml", data: "<workbook/>", deflate: true },
  ]);
}

export function macroDocm(): Uint8Array {
  return zip([{ name: "[Content_Types].xml", data: contentTypes("application/vnd.ms-word.document.macroEnabled.main+xml", "/word/document.xml"), deflate: true }]);
}

export function tinyOdt(): Uint8Array {
  return zip([
    { name: "mimetype", data: "application/vnd.oasis.opendocument.text" },
    { name: "content.xml", data: "<office:document-content/>", deflate: true },
  ]);
}

/** The start of a Windows program ("MZ" header, DOS stub). */
export function tinyExe(): Uint8Array {
  const out = new Uint8Array(256);
  out.set(enc("MZ"), 0);
  out.set(enc("This program cannot be run in DOS mode."), 78);
  return out;
}
