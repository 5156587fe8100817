import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { fixture, sample, testOptions } from "./fixtures/load.server";
import { verifyFile } from "./verify.server";
import type { VerificationReport } from "./verification";

// Fuzzing the verifier with a seeded PRNG (reproducible: FUZZ_SEED, FUZZ_COUNT): truncated, bit-flipped, overwritten,
// spliced and random inputs derived from signed PDFs and CMS files. Each must resolve (never throw) within the time
// limit, and end TOTAL-FAILED or INDETERMINATE with a reason that says why; a mutant may only pass when every byte
// its signatures cover is the original's (the mutation hit unsigned bytes, such as padding of the signature value).
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
const COUNT = Number(process.env.FUZZ_COUNT ?? 3000);
const LIMIT_MS = 1500;

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEEDS: { name: string; bytes: Buffer; content?: Buffer }[] = [
  { name: "valid-rsa.pdf", bytes: fixture("pdf/valid-rsa.pdf") },
  { name: "two-signatures.pdf", bytes: fixture("pdf/two-signatures.pdf") },
  { name: "doc-timestamp-then-dss.pdf", bytes: fixture("pdf/doc-timestamp-then-dss.pdf") },
  { name: "valid-timestamped.pdf", bytes: fixture("pdf/valid-timestamped.pdf") },
  { name: "adobe-two-signatures.pdf", bytes: sample("pyhanko-adobe-two-signatures.pdf") },
  { name: "ski-signer-id.pdf", bytes: sample("pyhanko-ski-signer-id.pdf") },
  { name: "timestamped.p7s", bytes: fixture("cms/timestamped.p7s"), content: fixture("document.txt") },
  { name: "ed25519.p7s", bytes: fixture("cms/ed25519.p7s"), content: fixture("document.txt") },
  { name: "rsa-attached.p7s", bytes: fixture("cms/rsa-attached.p7s") },
];

type Mutation = { kind: string; bytes: Buffer };

function mutate(rand: () => number, seed: Buffer): Mutation {
  const int = (n: number) => Math.floor(rand() * n);
  const out = Buffer.from(seed);
  const hexRegion = () => {
    // Inside a PDF's /Contents: change hex digits into other hex digits, so the DER parser gets damaged DER.
    const text = seed.toString("latin1");
    const starts = [...text.matchAll(/\/Contents\s*<([0-9A-Fa-f]{64,})/g)].map((m) => m.index! + m[0].length - m[1]!.length);
    if (starts.length === 0) return undefined;
    const start = starts[int(starts.length)]!;
    let end = start;
    while (end < seed.length && seed[end] !== 0x3e) end++;
    // Favour the DER part (the zero padding follows it).
    let last = end;
    while (last > start && seed[last - 1] === 0x30) last--;
    return { start, end: Math.max(start + 2, last) };
  };
  switch (int(7)) {
    case 0:
      return { kind: "truncate", bytes: out.subarray(0, int(seed.length)) };
    case 1: {
      for (let k = 1 + int(8); k > 0; k--) out[int(out.length)]! ^= 1 << int(8);
      return { kind: "flip", bytes: out };
    }
    case 2: {
      const at = int(out.length);
      const len = 1 + int(64);
      for (let i = at; i < Math.min(out.length, at + len); i++) out[i] = int(256);
      return { kind: "overwrite", bytes: out };
    }
    case 3: {
      const region = hexRegion();
      if (!region) return { kind: "flip-der", bytes: flipDer(rand, out) };
      for (let k = 1 + int(6); k > 0; k--) out[region.start + int(region.end - region.start)] = "0123456789ABCDEF".charCodeAt(int(16));
      return { kind: "hex", bytes: out };
    }
    case 4: {
      // Splice: a chunk repeated or removed (moves every offset after it).
      const at = int(out.length);
      const len = 1 + int(512);
      return rand() < 0.5
        ? { kind: "splice-dup", bytes: Buffer.concat([out.subarray(0, at), out.subarray(at, at + len), out.subarray(at)]) }
        : { kind: "splice-cut", bytes: Buffer.concat([out.subarray(0, at), out.subarray(at + len)]) };
    }
    case 5: {
      const random = Buffer.alloc(int(4096));
      for (let i = 0; i < random.length; i++) random[i] = int(256);
      if (rand() < 0.5) random.write("%PDF-1.7\n", 0, "latin1");
      else if (random.length > 0) random[0] = 0x30;
      return { kind: "random", bytes: random };
    }
    default:
      return { kind: "flip-der", bytes: flipDer(rand, out) };
  }
}

/** Flips bits in the first kilobytes (the DER of a .p7s; the header and first objects of a PDF). */
function flipDer(rand: () => number, out: Buffer): Buffer {
  const span = Math.min(out.length, 2048);
  for (let k = 1 + Math.floor(rand() * 4); k > 0; k--) out[Math.floor(rand() * span)]! ^= 1 << Math.floor(rand() * 8);
  return out;
}

const reasonsOf = (r: VerificationReport) => [...r.reasons, ...r.signatures.flatMap((s) => s.reasons)];

describe("fuzzing", () => {
  it(`${COUNT} mutated inputs (seed ${SEED}) never throw, never hang, and fail or stay undetermined with a reason`, async () => {
    const rand = prng(SEED);
    const options = testOptions({ timeLimitMs: LIMIT_MS });
    const kinds = new Map<string, number>();
    const verdicts = new Map<string, number>();
    let slowest = 0;
    for (let i = 0; i < COUNT; i++) {
      const seed = SEEDS[i % SEEDS.length]!;
      const m = mutate(rand, seed.bytes);
      const started = performance.now();
      let report: VerificationReport;
      try {
        report = await verifyFile(m.bytes, { ...options, detachedContent: seed.content ?? null });
      } catch (error) {
        throw new Error(`#${i} ${seed.name} ${m.kind} threw: ${String(error)}`);
      }
      const elapsed = performance.now() - started;
      slowest = Math.max(slowest, elapsed);
      expect(elapsed, `#${i} ${seed.name} ${m.kind}`).toBeLessThan(LIMIT_MS + 1000);
      kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
      verdicts.set(report.verdict, (verdicts.get(report.verdict) ?? 0) + 1);
      const weighing = reasonsOf(report).filter((r) => r.level === "failed" || r.level === "indeterminate");
      if (report.verdict === "TOTAL-PASSED") {
        // Only when the signed bytes are untouched.
        for (const s of report.signatures) {
          const c = s.coverage;
          if (!c) continue; // a detached CMS: its content is the seed's own document
          const [a, b, cc, d] = c.byteRange;
          expect(m.bytes.subarray(a, a + b).equals(seed.bytes.subarray(a, a + b)) && m.bytes.subarray(cc, cc + d).equals(seed.bytes.subarray(cc, cc + d)), `#${i} ${seed.name} ${m.kind} passed with changed bytes`).toBe(true);
        }
      } else {
        expect(weighing.length, `#${i} ${seed.name} ${m.kind}: ${report.verdict} without a reason`).toBeGreaterThan(0);
      }
      if (report.signatures.length === 0) expect(report.reasons.length, `#${i} ${seed.name} ${m.kind}`).toBeGreaterThan(0);
    }
    // Every kind of mutation ran, and most inputs were refused.
    expect([...kinds.keys()].sort()).toEqual(["flip", "flip-der", "hex", "overwrite", "random", "splice-cut", "splice-dup", "truncate"]);
    expect((verdicts.get("TOTAL-PASSED") ?? 0) / COUNT).toBeLessThan(0.25);
    expect(slowest).toBeLessThan(LIMIT_MS + 1000);
  }, 120_000);
});

describe("pathological inputs", () => {
  const pdfWith = (body: string | Buffer) => Buffer.concat([Buffer.from("%PDF-1.7\n"), typeof body === "string" ? Buffer.from(body, "latin1") : body]);
  const valid = fixture("pdf/valid-rsa.pdf");
  const text = valid.toString("latin1");
  const CASES: [string, () => Buffer][] = [
    ["a hundred thousand byte ranges", () => pdfWith("/ByteRange [0 1 2 3] ".repeat(100_000))],
    ["nesting ten thousand arrays deep", () => pdfWith(`1 0 obj ${"[".repeat(10_000)} endobj\n/ByteRange [0 1 2 3]\nstartxref\n9\n%%EOF`)],
    ["a cross-reference table claiming a billion entries", () => pdfWith("xref\n0 1000000000\n0000000000 65535 f \ntrailer << /Root 1 0 R >>\nstartxref\n9\n%%EOF")],
    ["a cross-reference loop", () => pdfWith("xref\n0 1\n0000000000 65535 f \ntrailer << /Prev 9 /Root 1 0 R >>\nstartxref\n9\n%%EOF")],
    [
      "a compressed stream that inflates to gigabytes",
      () => {
        const bomb = deflateSync(Buffer.alloc(80 * 1024 * 1024));
        return pdfWith(Buffer.concat([Buffer.from(`1 0 obj << /Type /XRef /W [1 2 1] /Size 5 /Filter /FlateDecode /Length ${bomb.length} >>\nstream\n`), bomb, Buffer.from("\nendstream\nendobj\nstartxref\n9\n%%EOF")]));
      },
    ],
    ["a signature whose /Contents is a huge run of hex", () => Buffer.from(text.replace(/\/Contents <([0-9A-F]+)>/, (_m, hex: string) => `/Contents <${"A".repeat(hex.length)}>`), "latin1")],
    ["a CMS nested 10,000 levels deep", () => Buffer.concat([Buffer.from("30 80".repeat(10_000).replace(/ /g, ""), "hex"), Buffer.alloc(20_000)])],
    ["an empty file", () => Buffer.alloc(0)],
  ];
  it.each(CASES)("%s: a reason, quickly", async (_name, make) => {
    const bytes = make();
    const started = performance.now();
    const report = await verifyFile(bytes, { ...testOptions({ timeLimitMs: LIMIT_MS }), detachedContent: null });
    expect(performance.now() - started).toBeLessThan(LIMIT_MS + 2000);
    expect(report.verdict).not.toBe("TOTAL-PASSED");
    expect(reasonsOf(report).filter((r) => r.level === "failed" || r.level === "indeterminate").length).toBeGreaterThan(0);
  });
});
