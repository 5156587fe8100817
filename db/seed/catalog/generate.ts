// Synthetic catalog for load and search tests, derived deterministically from the seed's real procedures:
//   npx tsx db/seed/catalog/generate.ts --count 10000 [--seed 42] [--out FILE] [--pretty]
// Same arguments → same bytes (seeded PRNG, no clock). Names combine the action phrases, objects and qualifiers
// found in the real names and keywords, plus a counter, so they read like procedures and stay searchable.
// Codes are 8.NNNNNN (unique, never a real national code). Documents carry no template files.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

type Json = Record<string, any>;
const here = dirname(fileURLToPath(import.meta.url));

/** mulberry32: a small, fast, seedable PRNG (uniform in [0, 1)). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DEPARTMENTS = Array.from({ length: 20 }, (_, i) => `000.00.${String(i + 1).padStart(2, "0")}.H22`);
const SERVICE_CENTRE = "000.01.01.H22";
/** Action phrases, longest first so "Đăng ký lại" wins over "Đăng ký". */
const ACTIONS = [
  "Đăng ký thay đổi", "Đăng ký lại", "Đăng ký", "Cấp lại", "Cấp", "Đổi", "Gia hạn", "Xóa đăng ký",
  "Chứng thực", "Xác định", "Thực hiện", "Hỗ trợ", "Công nhận", "Tạm ngừng", "Chấm dứt", "Tuyển sinh",
];
/** Actions that combine with any object of their family: issuing a paper, or registering an event. */
const FAMILIES: Record<string, { actions: string[]; object: RegExp }> = {
  issue: { actions: ["Cấp", "Cấp lại", "Đổi", "Gia hạn"], object: /^(giấy|phiếu|thẻ|chứng chỉ|bản sao)/i },
  register: { actions: ["Đăng ký", "Đăng ký lại"], object: /^(khai|kết hôn|thường trú|tạm trú|chấm dứt giám hộ|nghĩa vụ|việc|thành lập)/i },
};
const QUALIFIERS = [
  "", "", "", " đối với hộ gia đình, cá nhân", " trên địa bàn cấp xã", " có yếu tố nước ngoài", " trường hợp ủy quyền",
  " lần đầu", " cho người dân tộc thiểu số", " tại khu vực biên giới", " đối với tổ chức", " theo hình thức trực tuyến",
  " cho người cao tuổi", " tại vùng đặc biệt khó khăn",
];

interface Vocab {
  /** Objects (what the procedure is about) per family, taken from the real names. */
  objects: Record<string, string[]>;
  keywords: string[];
}

/** A real name split into its leading action phrase and the rest. */
function splitName(name: string): { action: string; object: string } {
  const action = ACTIONS.find((a) => name.startsWith(`${a} `)) ?? "";
  return { action, object: name.slice(action.length).trim() };
}

function vocabulary(procedures: Json[]): Vocab {
  const objects: Record<string, string[]> = {};
  for (const [family, { object }] of Object.entries(FAMILIES)) {
    objects[family] = [...new Set(procedures.map((p) => splitName(p.name).object).filter((o) => object.test(o)))];
  }
  const keywords = [...new Set(procedures.flatMap((p) => p.keywords as string[]).filter((k) => k !== "mã tạm"))];
  return { objects, keywords };
}

const clone = <T>(v: T): T => structuredClone(v);

export function generateCatalog(base: Json, count: number, seed: number): Json {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const chance = (p: number) => rnd() < p;
  const real: Json[] = base.procedures;
  const vocab = vocabulary(real);
  const fieldCodes: string[] = base.fields.map((f: Json) => f.code);

  const timeLimit = (): Json => {
    const r = rnd();
    if (r < 0.2) return { unit: "same_day", cutoff: "15:00" };
    if (r < 0.75) return { unit: "working_days", amount: pick([0.5, 1, 2, 3, 5, 7, 10, 12, 15, 20, 30]) };
    if (r < 0.95) return { unit: "calendar_days", amount: pick([5, 7, 10, 15, 20, 25, 30, 45, 60]) };
    return { unit: "none" };
  };
  const fees = (): { mode: string; fees: Json[] } => {
    const r = rnd();
    if (r < 0.45) return { mode: "free", fees: [] };
    const amount = pick([5000, 8000, 10000, 15000, 20000, 25000, 50000, 75000, 100000, 135000, 200000, 500000, 1000000]);
    const fee: Json = { name: pick(["Lệ phí giải quyết thủ tục", "Phí thẩm định hồ sơ", "Lệ phí cấp giấy", "Phí cung cấp thông tin"]), amount, per: "case" };
    if (chance(0.4)) fee.note = "Mức thu theo Nghị quyết của HĐND tỉnh";
    if (chance(0.1)) Object.assign(fee, { per: "page", tiers: [{ fromUnit: 1, amount }, { fromUnit: 3, amount: Math.round(amount / 2) }], cap: amount * 100 });
    return { mode: chance(0.85) ? "pay_first" : "pay_later", fees: [fee] };
  };
  const offering = (level: string): Json => {
    const r = rnd();
    const onlineLevel = r < 0.6 ? "FULL" : r < 0.95 ? "PARTIAL" : "INFO";
    const limit = timeLimit();
    const { mode, fees: fs } = fees();
    const channel = (name: string) => ({ channel: name, timeLimit: limit, feeMode: fs.length ? mode : "free", fees: fs });
    const channels = [channel("in_person")];
    if (onlineLevel !== "INFO") channels.push(channel("online"));
    if (chance(0.3)) channels.push(channel("post"));
    if (level === "commune") return { receivers: { kinds: ["commune_ppc"] }, decider: chance(0.2) ? "parent" : "receiver", onlineLevel, channels };
    if (level === "district") return { receivers: { kinds: ["district_one_stop"] }, decider: "parent", onlineLevel, channels };
    return { receivers: { codes: [SERVICE_CENTRE] }, decider: { code: pick(DEPARTMENTS) }, onlineLevel, channels };
  };
  const workingHours = (l: Json): number | null =>
    l.unit === "working_days" ? l.amount * 8 : l.unit === "working_hours" ? l.amount : l.unit === "same_day" ? 8 : null;
  const workflow = (template: Json[], offerings: Json[]): Json[] => {
    const limits = offerings.flatMap((o) => o.channels.map((c: Json) => workingHours(c.timeLimit))).filter((h: number | null): h is number => h !== null);
    const budget = limits.length ? Math.min(...limits) : 80;
    const total = template.reduce((s, x) => s + x.hours, 0);
    const steps = template.map((s) => ({ role: s.role, name: s.name, hours: Math.max(0.5, Math.floor(((s.hours / total) * budget) * 2) / 2) }));
    let sum = steps.reduce((s, x) => s + x.hours, 0);
    while (sum > budget + 1e-9 && steps.some((s) => s.hours > 0.5)) {
      const big = steps.reduce((a, b) => (b.hours > a.hours ? b : a));
      big.hours -= 0.5;
      sum -= 0.5;
    }
    // A half-day limit with five steps cannot give each 0.5 h: keep the first steps only.
    while (sum > budget + 1e-9 && steps.length > 1) sum -= steps.pop()!.hours;
    return steps;
  };

  const procedures: Json[] = [];
  for (let i = 0; i < count; i++) {
    const src = real[i % real.length]!;
    const n = i + 1;
    // Recombine within the source's family (another paper to issue, another event to register), else vary the real name.
    const parts = splitName(src.name);
    const family = Object.entries(FAMILIES).find(([, f]) => f.actions.includes(parts.action) && f.object.test(parts.object));
    let base = src.name as string;
    if (family && chance(0.6)) {
      const object = pick(vocab.objects[family[0]]!);
      base = `${pick(family[1].actions)} ${object.charAt(0).toLowerCase()}${object.slice(1)}`;
    }
    const name = `${base}${pick(QUALIFIERS)} (số ${n})`.slice(0, 500);
    const levelsPool = [["commune"], ["district"], ["province"], ["commune", "district"], ["province", "district"]];
    const levels = chance(0.6) ? [...src.levels] : pick(levelsPool);
    const offerings = levels.map((l: string) => offering(l));
    const keywords = [...new Set([...(src.keywords as string[]).filter((k) => k !== "mã tạm"), pick(vocab.keywords), pick(vocab.keywords)])].slice(0, 30);
    const year = 2020 + Math.floor(rnd() * 5);
    const p: Json = {
      code: `8.${String(n).padStart(6, "0")}`,
      name,
      field: chance(0.8) ? src.field : pick(fieldCodes),
      levels,
      lifeEvents: src.lifeEvents,
      applicants: src.applicants,
      purpose: src.purpose,
      steps: src.steps,
      legalBasis: src.legalBasis,
      result: { name: src.result.name },
      keywords,
      status: chance(0.97) ? "in_force" : "retired",
      validFrom: `${year}-${String(1 + Math.floor(rnd() * 12)).padStart(2, "0")}-01`,
      cases: src.cases ?? [],
      documents: (src.documents as Json[]).map((d) => {
        const { template: _template, replacedByResultCode: _replaced, ...rest } = d;
        return rest;
      }),
      offerings,
      form: src.form,
      workflow: workflow(src.workflow, offerings),
    };
    if (src.applicantsText) p.applicantsText = src.applicantsText;
    if (src.conditions) p.conditions = src.conditions;
    procedures.push(p);
  }
  return { format: base.format, fields: clone(base.fields), procedures };
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

function main(argv: string[]): number {
  const count = Number(arg(argv, "--count") ?? "1000");
  const seed = Number(arg(argv, "--seed") ?? "42");
  if (!Number.isInteger(count) || count < 1 || count > 999_999 || !Number.isFinite(seed)) {
    process.stderr.write("Usage: npx tsx db/seed/catalog/generate.ts --count N (1–999999) [--seed S] [--out FILE] [--pretty] [--from CATALOG]\n");
    return 2;
  }
  const from = resolve(arg(argv, "--from") ?? resolve(here, "ha-giang.json"));
  const base = JSON.parse(readFileSync(from, "utf8")) as Json;
  const catalog = generateCatalog(base, count, seed);
  const text = (argv.includes("--pretty") ? JSON.stringify(catalog, null, 2) : JSON.stringify(catalog)) + "\n";
  const out = arg(argv, "--out");
  if (out) {
    writeFileSync(out, text);
    process.stderr.write(`${count} procedures (seed ${seed}) → ${out} (${(text.length / 1e6).toFixed(1)} MB)\n`);
  } else process.stdout.write(text);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
