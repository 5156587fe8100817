// The signature verifier from the command line (db/verify-signature-cli.ts is the entry point; this part is tested
// without a process):
//   npm run -s verify-signature -- FILE [--detached CONTENT] [--trust PEM ...] [--at ISO] [--json]
// A PDF, or a CMS signature (.p7s) with --detached for its original file. Prints the report in Vietnamese (--lang en
// for English, --json for the report itself). Exit code 0 only when every signature passed, 1 otherwise, 2 for a
// wrong command. The default Vietnamese trust store always applies; --trust adds anchors.
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { createInstance, type TFunction } from "i18next";
import { formatDateTime } from "../app/domain/shared/format";
import { describeReason, type SignatureReport, type VerificationReport } from "../app/domain/signatures/verification";
import { certificatesFromFile, defaultTrustStore, mergeTrustStores, trustStoreFrom } from "../app/domain/signatures/trust-store.server";
import { verifyFile, type OcspOptions, type VerifyOptions } from "../app/domain/signatures/verify.server";
import viSignatures from "../locales/vi/signatures.json" with { type: "json" };
import enSignatures from "../locales/en/signatures.json" with { type: "json" };

type Lang = "vi" | "en";

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface VerifyPlan {
  file: string;
  detached?: string;
  trust: string[];
  crls: string[];
  at?: Date;
  json: boolean;
  lang: Lang;
  ocsp?: string;
  requireRevocation: boolean;
}

const translators = new Map<Lang, TFunction>();
async function translator(lang: Lang): Promise<TFunction> {
  let t = translators.get(lang);
  if (!t) {
    const i18n = createInstance();
    await i18n.init({
      lng: lang,
      ns: ["signatures"],
      defaultNS: "signatures",
      interpolation: { escapeValue: false },
      resources: { vi: { signatures: viSignatures }, en: { signatures: enSignatures } },
    });
    t = i18n.getFixedT(lang, "signatures");
    translators.set(lang, t);
  }
  return t;
}

const ISO = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?))?(Z|[+-]\d{2}:\d{2})?$/;

/** An ISO date or date-time; without an offset it is Vietnam time (as the calendar command reads it). */
export function parseAt(value: string): Date | undefined {
  const m = ISO.exec(value.trim());
  if (!m) return undefined;
  const [y, mo, d] = m[1]!.split("-").map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return undefined; // 2026-02-30
  const date = new Date(`${m[1]}T${m[2] ?? "00:00"}${m[3] ?? "+07:00"}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const bad = async (lang: Lang, key: string, values: Record<string, string> = {}): Promise<CommandResult> => {
  const t = await translator(lang);
  return { code: 2, stdout: "", stderr: `${t(`cli.${key}`, values)}\n\n${t("cli.usage")}\n` };
};

/** Reads the arguments into a plan, or the answer to a wrong command (exit code 2). */
export async function planVerifySignature(args: readonly string[]): Promise<{ kind: "ok"; plan: VerifyPlan } | { kind: "bad"; result: CommandResult }> {
  const langAt = args.indexOf("--lang");
  const lang: Lang = langAt >= 0 && args[langAt + 1] === "en" ? "en" : "vi";
  const plan: Partial<VerifyPlan> & { trust: string[]; crls: string[] } = { trust: [], crls: [], json: false, lang, requireRevocation: true };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = () => {
      const v = args[i + 1];
      if (v === undefined || v.startsWith("--")) return undefined;
      i++;
      return v;
    };
    switch (arg) {
      case "--json":
        plan.json = true;
        break;
      case "--no-revocation":
        plan.requireRevocation = false;
        break;
      case "--lang": {
        const v = value();
        if (v !== "vi" && v !== "en") return { kind: "bad", result: await bad(lang, "missingValue", { option: arg }) };
        break;
      }
      case "--detached":
      case "--trust":
      case "--crl":
      case "--at":
      case "--ocsp": {
        const v = value();
        if (v === undefined) return { kind: "bad", result: await bad(lang, "missingValue", { option: arg }) };
        if (arg === "--detached") plan.detached = v;
        else if (arg === "--trust") plan.trust.push(v);
        else if (arg === "--crl") plan.crls.push(v);
        else if (arg === "--ocsp") plan.ocsp = v;
        else {
          const at = parseAt(v);
          if (!at) return { kind: "bad", result: await bad(lang, "badTime", { value: v }) };
          plan.at = at;
        }
        break;
      }
      default:
        if (arg.startsWith("--") || arg === "-h") return { kind: "bad", result: await bad(lang, "unknownOption", { option: arg }) };
        if (plan.file !== undefined) return { kind: "bad", result: await bad(lang, "tooManyFiles") };
        plan.file = arg;
    }
  }
  if (plan.file === undefined) return { kind: "bad", result: await bad(lang, "missingFile") };
  return { kind: "ok", plan: plan as VerifyPlan };
}

const groupDigits = (n: number, lang: Lang) => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, lang === "vi" ? "." : ",");

/** The report as text, in the plan's language. */
export function formatReport(report: VerificationReport, name: string, t: TFunction, lang: Lang): string {
  const time = (iso: string) => formatDateTime(iso, lang);
  const lines: string[] = [t("report.title"), t("report.file", { name, bytes: groupDigits(report.fileLength, lang) })];
  lines.push(`${t("report.conclusion", { verdict: t(`verdict.${report.verdict}`) })} — ${t(`verdictHint.${report.verdict}`)}`);
  lines.push(t("report.checkedAt", { time: time(report.checkedAt) }));
  if (report.reasons.length > 0) {
    lines.push("", `${t("report.fileDetails")}:`);
    for (const r of report.reasons) lines.push(`  - ${describeReason(t, r, time)}`);
  }
  if (report.signatures.length === 0) lines.push("", t("report.noSignature"));
  for (const s of report.signatures) lines.push("", ...signatureLines(s, t, lang, time));
  return `${lines.join("\n")}\n`;
}

function signatureLines(s: SignatureReport, t: TFunction, lang: Lang, time: (iso: string) => string): string[] {
  const out = [`${t(`kind.${s.kind}`, { index: s.index })} — ${t(`verdict.${s.verdict}`)}`];
  const line = (label: string, value: string) => out.push(`  ${t(`report.${label}`)}: ${value}`);
  if (s.fieldName) line("field", s.fieldName);
  if (s.signer) {
    line("signer", s.signer.commonName ?? s.signer.subject);
    if (s.signer.identifiers.length > 0) line("identifiers", s.signer.identifiers.map((i) => `${i.kind} ${i.value}`).join(", "));
    line("subject", s.signer.subject);
    line("issuer", s.signer.issuer);
  }
  if (s.claimedTime) line("claimedTime", time(s.claimedTime));
  line("validationTime", `${time(s.validationTime)} (${t(`validationTimeSource.${s.validationTimeSource}`)})`);
  if (s.timestamp) {
    line("timestamp", `${time(s.timestamp.time)}${s.timestamp.authority ? ` — ${s.timestamp.authority}` : ""} (${t(s.timestamp.trusted ? "report.timestampTrusted" : "report.timestampUntrusted")})`);
  }
  if (s.algorithm) line("algorithm", [s.algorithm.digest, s.algorithm.signature, s.algorithm.key ? t("report.key", { key: s.algorithm.key }) : undefined].filter(Boolean).join(", "));
  if (s.coverage) {
    const c = s.coverage;
    const revision = c.revision && c.revisions ? `, ${t("report.revision", { revision: c.revision, revisions: c.revisions })}` : "";
    line("coverage", `${t("report.coverageLine", { signedLength: groupDigits(c.signedLength, lang), fileLength: groupDigits(c.fileLength, lang) })}${revision}. ${t(`laterChanges.${c.laterChanges}`)}`);
  }
  if (s.chain.length > 0) {
    out.push(`  ${t("report.chain")}:`);
    s.chain.forEach((c, i) => {
      const revocation = t(`revocation.${c.revocation.status}`) + (c.revocation.source ? ` (${c.revocation.source.toUpperCase()})` : "");
      out.push(`    ${i + 1}. ${c.subject} — ${revocation}`);
      out.push(`       ${t("report.fingerprint", { fingerprint: c.fingerprint256 })}`);
    });
  }
  if (s.reasons.length > 0) {
    out.push(`  ${t("report.details")}:`);
    for (const r of s.reasons) out.push(`    - ${describeReason(t, r, time)}`);
  }
  return out;
}

/** Runs the command (files are read here; nothing else is touched). */
export async function runVerifySignature(args: readonly string[]): Promise<CommandResult> {
  const planned = await planVerifySignature(args);
  if (planned.kind === "bad") return planned.result;
  const plan = planned.plan;
  const t = await translator(plan.lang);
  const read = async (file: string): Promise<Buffer | CommandResult> => {
    try {
      return await readFile(file);
    } catch {
      return { code: 2, stdout: "", stderr: `${t("cli.unreadable", { file })}\n` };
    }
  };
  const isResult = (x: Buffer | CommandResult): x is CommandResult => !Buffer.isBuffer(x);

  const bytes = await read(plan.file);
  if (isResult(bytes)) return bytes;
  let detached: Buffer | undefined;
  if (plan.detached) {
    const d = await read(plan.detached);
    if (isResult(d)) return d;
    detached = d;
  }
  let trust = defaultTrustStore();
  for (const file of plan.trust) {
    const pem = await read(file);
    if (isResult(pem)) return pem;
    const ders = certificatesFromFile(pem);
    if (ders.length === 0) return { code: 2, stdout: "", stderr: `${t("cli.noCertificate", { file })}\n` };
    try {
      trust = mergeTrustStores(trust, trustStoreFrom(ders, { allAnchors: true }));
    } catch {
      return { code: 2, stdout: "", stderr: `${t("cli.badCertificate", { file })}\n` };
    }
  }
  const crls: Buffer[] = [];
  for (const file of plan.crls) {
    const data = await read(file);
    if (isResult(data)) return data;
    const pem = /-----BEGIN X509 CRL-----([A-Za-z0-9+/=\s]+)-----END X509 CRL-----/.exec(data.toString("latin1"));
    crls.push(pem ? Buffer.from(pem[1]!.replace(/\s+/g, ""), "base64") : data);
  }
  const ocsp: OcspOptions | undefined = plan.ocsp === undefined ? undefined : plan.ocsp === "aia" ? { useCertificateUrls: true } : { responderUrl: plan.ocsp };
  const options: VerifyOptions & { detachedContent?: Buffer } = {
    trust,
    crls,
    requireRevocation: plan.requireRevocation,
    ...(plan.at ? { at: plan.at } : {}),
    ...(ocsp ? { ocsp } : {}),
    ...(detached ? { detachedContent: detached } : {}),
  };
  const report = await verifyFile(bytes, options);
  const stdout = plan.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, basename(plan.file), t, plan.lang);
  return { code: report.allPassed ? 0 : 1, stdout, stderr: "" };
}
