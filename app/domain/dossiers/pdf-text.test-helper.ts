import { execFileSync } from "node:child_process";
import { inflateSync } from "node:zlib";

// A small PDF reader for tests (no PDF library is installed): the objects, their streams (Flate-decoded), and the
// text of the pages' content streams decoded through each font's ToUnicode CMap, as a reader's copy-and-paste would.

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

export function pdfObjects(pdf: Buffer): Map<number, PdfObject> {
  const objects = new Map<number, PdfObject>();
  const latin = pdf.toString("latin1");
  const re = /(\d+) 0 obj\s*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(latin))) {
    const start = m.index + m[0].length;
    const end = latin.indexOf("endobj", start);
    const body = latin.slice(start, end);
    const streamAt = body.indexOf("stream");
    let dict = body;
    let stream: Buffer | null = null;
    if (streamAt >= 0 && body.slice(0, streamAt).includes("/Length")) {
      dict = body.slice(0, streamAt);
      const dataStart = start + streamAt + "stream".length + (latin[start + streamAt + 6] === "\r" ? 2 : 1);
      const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
      const raw = pdf.subarray(dataStart, dataStart + length);
      stream = dict.includes("/FlateDecode") ? inflateSync(raw) : Buffer.from(raw);
    }
    objects.set(Number(m[1]), { dict, stream });
    re.lastIndex = end;
  }
  return objects;
}

function cmapOf(text: string): Map<string, string> {
  const map = new Map<string, string>();
  const hexToString = (hex: string) => String.fromCodePoint(...(hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, src, dst] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(src!.toLowerCase(), hexToString(dst!));
  }
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, rest] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const from = parseInt(lo!, 16);
      const to = parseInt(hi!, 16);
      const width = lo!.length;
      if (rest!.startsWith("[")) {
        const items = [...rest!.matchAll(/<([0-9a-fA-F]+)>/g)].map((x) => x[1]!);
        items.forEach((dst, i) => map.set((from + i).toString(16).padStart(width, "0"), hexToString(dst)));
      } else {
        const base = parseInt(rest!.slice(1, -1), 16);
        for (let c = from; c <= to; c++) map.set(c.toString(16).padStart(width, "0"), String.fromCodePoint(base + (c - from)));
      }
    }
  }
  return map;
}

/** The text of every page, lines joined with "\n" (a TJ/Tj per chunk; font switches honoured). */
export function pdfText(pdf: Buffer): string {
  const objects = pdfObjects(pdf);
  const ref = (dict: string, key: string) => Number(new RegExp(`/${key} (\\d+) 0 R`).exec(dict)?.[1]);
  const out: string[] = [];
  for (const page of [...objects.values()].filter((o) => /\/Type \/Page\b/.test(o.dict))) {
    const resources = objects.get(ref(page.dict, "Resources"))?.dict ?? page.dict;
    const fontDict = /\/Font\s*<<([^>]*)>>/.exec(resources)?.[1] ?? objects.get(ref(resources, "Font"))?.dict ?? "";
    const cmaps = new Map<string, Map<string, string>>();
    for (const [, name, id] of fontDict.matchAll(/\/(\w+) (\d+) 0 R/g)) {
      const font = objects.get(Number(id))!;
      const tu = objects.get(ref(font.dict, "ToUnicode"));
      cmaps.set(name!, tu?.stream ? cmapOf(tu.stream.toString("latin1")) : new Map());
    }
    const content = objects.get(ref(page.dict, "Contents"))?.stream?.toString("latin1") ?? "";
    let cmap = new Map<string, string>();
    let line = "";
    for (const op of content.matchAll(/\/(\w+) [\d.]+ Tf|\[((?:<[0-9a-fA-F]*>|[^\]])*)\] TJ|<([0-9a-fA-F]*)> Tj|\bT\*|\b[\d.-]+ [\d.-]+ Td|\bET\b/g)) {
      if (op[1]) cmap = cmaps.get(op[1]) ?? new Map();
      else if (op[2] !== undefined || op[3] !== undefined) {
        const hexes = op[2] !== undefined ? [...op[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((x) => x[1]!) : [op[3]!];
        for (const hex of hexes) for (const code of hex.match(/.{4}/g) ?? []) line += cmap.get(code.toLowerCase()) ?? "\uFFFD";
      } else if (line) {
        out.push(line);
        line = "";
      }
    }
    if (line) out.push(line);
  }
  return out.join("\n");
}

/**
 * The text of a PDF as Poppler's pdftotext reads it (form XObjects, incremental updates: what the small reader above
 * does not follow), or null where pdftotext is not installed (.ci/run installs poppler-utils).
 */
export function popplerText(pdf: Buffer): string | null {
  try {
    return execFileSync("pdftotext", ["-layout", "-", "-"], { input: pdf, maxBuffer: 64 * 1024 * 1024 }).toString("utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
