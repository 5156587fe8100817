// Generate the downloadable form templates (RTF) that a catalog's documents point to:
//   npx tsx db/seed/catalog/make-templates.ts [CATALOG]      (default: db/seed/catalog/ha-giang.json)
// For each document with a `template`, writes template.file (relative to the catalog file): the national heading,
// the document's title, one labelled dotted line per field of the procedure's form definition (labels from
// texts.vi) and the declarant's signature block. RTF 1.x with \uN? escapes, so Word and LibreOffice open it.
// Files are rewritten only when their content changes.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import provinceAgencies from "../data/province-agencies.json" with { type: "json" };

interface FieldDef {
  name: string;
  type: string;
  labelKey: string;
  options?: { value: string; labelKey: string }[];
  fields?: FieldDef[];
}
interface FormDef {
  sections: { id: string; titleKey: string; fields: FieldDef[] }[];
  texts?: { vi: Record<string, string> };
}
interface Offering {
  receivers: { codes?: string[]; kinds?: string[] };
  decider?: string | { code: string };
}
interface Procedure {
  code: string;
  name: string;
  documents: { name: string; template?: { file: string; title?: string } }[];
  offerings: Offering[];
  form: FormDef;
}

const here = dirname(fileURLToPath(import.meta.url));

/** RTF text: ASCII as is (control characters escaped), everything else as \uN? (signed 16-bit). */
export function rtfText(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === "\\" || ch === "{" || ch === "}") out += `\\${ch}`;
    else if (ch === "\n") out += "\\line ";
    else if (code < 128) out += ch;
    else if (code > 0xffff) {
      // Outside the BMP: a UTF-16 surrogate pair, each as its own \u escape.
      const hi = 0xd800 + ((code - 0x10000) >> 10);
      const lo = 0xdc00 + ((code - 0x10000) & 0x3ff);
      out += `\\u${hi - 65536}?\\u${lo - 65536}?`;
    } else out += `\\u${code > 32767 ? code - 65536 : code}?`;
  }
  return out;
}

const DOTS = ".".repeat(60);
const BOX = "\u25a1";
/** A right-aligned tab stop with a dot leader at the right margin (A4 text width 9071 twips): a dotted line to fill. */
const LEADER = "\\tqr\\tldot\\tx9071";
const LEADER_MONEY = "\\tqr\\tldot\\tx8400";
const agencyNames = new Map<string, string>([
  [provinceAgencies.ppc.code, provinceAgencies.ppc.name],
  [provinceAgencies.serviceCentre.code, provinceAgencies.serviceCentre.name],
  ...provinceAgencies.agencies.map((a) => [a.code, a.name] as [string, string]),
]);

/** "Kính gửi" line: the deciding agency, or the kind of receiving agency with a blank for its name. */
function addressee(p: Procedure): string {
  const o = p.offerings[0];
  if (!o) return DOTS;
  if (typeof o.decider === "object" && agencyNames.has(o.decider.code)) return agencyNames.get(o.decider.code)!;
  const kinds = o.receivers.kinds ?? [];
  if (kinds.includes("commune_ppc")) return "Ủy ban nhân dân xã (phường, thị trấn) ..................................";
  if (kinds.includes("district_one_stop") || kinds.includes("district_ppc")) return "Ủy ban nhân dân huyện (thành phố) ..................................";
  const code = o.receivers.codes?.[0];
  return (code && agencyNames.get(code)) ?? DOTS;
}

function para(
  body: string,
  opts: { align?: "l" | "c" | "r" | "j"; bold?: boolean; italic?: boolean; size?: number; before?: number; after?: number; tabs?: string; indent?: number } = {},
): string {
  const fmt = [
    opts.tabs ?? "",
    opts.indent ? `\\li${opts.indent}` : "",
    `\\q${opts.align ?? "l"}`,
    `\\sb${opts.before ?? 0}`,
    `\\sa${opts.after ?? 80}`,
    `\\fs${(opts.size ?? 13) * 2}`,
    opts.bold ? "\\b" : "",
    opts.italic ? "\\i" : "",
  ].join("");
  return `{\\pard${fmt} ${body}\\par}\n`;
}

function fieldLines(field: FieldDef, t: (key: string) => string, indent = 0): string {
  const label = t(field.labelKey);
  const line = { tabs: LEADER, indent };
  switch (field.type) {
    case "group": {
      let out = para(rtfText(`${label}:`), { bold: true, before: 60, indent });
      for (let item = 1; item <= 2; item++) {
        out += para(rtfText(`${item}.`), { italic: true, indent: indent + 284 });
        for (const inner of field.fields ?? []) out += fieldLines(inner, t, indent + 567);
      }
      return out;
    }
    case "select":
    case "radio":
    case "checkbox": {
      const options = (field.options ?? []).map((o) => `${BOX} ${t(o.labelKey)}`).join("    ");
      return para(rtfText(`${label}: ${options}`), { indent });
    }
    case "yesno":
      return para(rtfText(`${label}:   ${BOX} Có    ${BOX} Không`), { indent });
    case "date":
      return para(rtfText(`${label}: ngày ........ tháng ........ năm ..............`), { indent });
    case "money":
      return para(`${rtfText(`${label}: `)}\\tab ${rtfText(" đồng")}`, { tabs: LEADER_MONEY, indent });
    case "textarea":
      return para(`${rtfText(`${label}: `)}\\tab`, line) + para("\\tab", line) + para("\\tab", line);
    default:
      return para(`${rtfText(`${label}: `)}\\tab`, line);
  }
}

/** The whole RTF document for one templated document of a procedure. */
export function templateRtf(p: Procedure, doc: Procedure["documents"][number]): string {
  const vi = p.form.texts?.vi ?? {};
  const t = (key: string) => vi[key] ?? key;
  const match = /^(.*?)\s*\(((?:theo mẫu|mẫu|phụ lục)[^)]*)\)\s*$/i.exec(doc.name);
  const title = (match ? match[1]! : doc.name).toLocaleUpperCase("vi");
  const reference = match && !/^theo mẫu$/i.test(match[2]!) ? `(${match[2]})` : null;
  let body = "";
  body += para(rtfText("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), { align: "c", bold: true, after: 0 });
  body += para(rtfText("Độc lập - Tự do - Hạnh phúc"), { align: "c", bold: true, after: 0 });
  body += para(rtfText("---------------"), { align: "c", after: 240 });
  body += para(rtfText(title), { align: "c", bold: true, size: 14, after: reference ? 0 : 120 });
  if (reference) body += para(rtfText(reference), { align: "c", italic: true, size: 12, after: 120 });
  body += para(rtfText(`Kính gửi: ${addressee(p)}`), { align: "c", after: 240 });
  for (const section of p.form.sections) {
    body += para(rtfText(t(section.titleKey).toLocaleUpperCase("vi")), { bold: true, before: 160 });
    for (const field of section.fields) body += fieldLines(field, t);
  }
  body += para(rtfText("Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về lời khai của mình."), { align: "j", italic: true, before: 200 });
  body += para(rtfText("................, ngày ........ tháng ........ năm ............"), { align: "r", italic: true, before: 200, after: 0 });
  body += para(rtfText("Người khai"), { align: "r", bold: true, after: 0 });
  body += para(rtfText("(Ký, ghi rõ họ tên)"), { align: "r", italic: true, after: 1200 });
  body += para(rtfText(`Mẫu tham khảo do Cổng Dịch vụ công tạo từ biểu mẫu điện tử của thủ tục "${p.name}" (mã ${p.code}).`), { italic: true, size: 10 });
  return [
    "{\\rtf1\\ansi\\ansicpg1252\\deff0\\uc1",
    "{\\fonttbl{\\f0\\froman\\fcharset0 Times New Roman;}}",
    `{\\info{\\title ${rtfText(doc.template?.title ?? doc.name)}}{\\author Cong Dich vu cong}}`,
    "\\paperw11906\\paperh16838\\margl1701\\margr1134\\margt1134\\margb1134",
    "\\viewkind4\\f0\\fs26",
    body + "}",
    "",
  ].join("\n");
}

function main(argv: string[]): number {
  const catalogFile = resolve(argv[0] ?? resolve(here, "ha-giang.json"));
  const baseDir = dirname(catalogFile);
  const catalog = JSON.parse(readFileSync(catalogFile, "utf8")) as { procedures: Procedure[] };
  const written = new Map<string, string>();
  let changed = 0;
  for (const p of catalog.procedures) {
    for (const doc of p.documents) {
      if (!doc.template) continue;
      const target = resolve(baseDir, doc.template.file);
      if (relative(baseDir, target).startsWith("..")) {
        process.stderr.write(`${p.code}: template ${doc.template.file} is outside the catalog's folder; skipped\n`);
        continue;
      }
      if (written.has(target)) {
        process.stderr.write(`${p.code}: ${doc.template.file} already written for ${written.get(target)}; kept the first\n`);
        continue;
      }
      const rtf = templateRtf(p, doc);
      written.set(target, p.code);
      if (existsSync(target) && readFileSync(target, "utf8") === rtf) continue;
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, rtf, "ascii");
      changed += 1;
    }
  }
  process.stdout.write(`${written.size} templates (${changed} written, ${written.size - changed} unchanged) in ${relative(process.cwd(), baseDir) || "."}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
