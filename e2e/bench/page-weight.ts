// npm run bench: page weight and server response time of the home page, against a running portal
// (`npm start` first, or BENCH_URL=http://host:port). Fails when a budget is exceeded.
import { gzipSync } from "node:zlib";

const base = process.env.BENCH_URL ?? "http://127.0.0.1:3000";
const BUDGET_GZIP_BYTES = Number(process.env.BENCH_BUDGET_KB ?? 150) * 1024;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url, { headers: { "Accept-Language": "vi" } });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

function assetsOf(html: string): { js: string[]; css: string[] } {
  const js = new Set<string>();
  const css = new Set<string>();
  for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)) js.add(m[1]!);
  for (const m of html.matchAll(/<script[^>]+src="([^"]+)"/g)) js.add(m[1]!);
  for (const m of html.matchAll(/import\("([^"]+\.js)"\)/g)) js.add(m[1]!);
  for (const m of html.matchAll(/import "([^"]+\.js)"/g)) js.add(m[1]!);
  for (const m of html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)) css.add(m[1]!);
  for (const m of html.matchAll(/<link[^>]+href="([^"]+)"[^>]+rel="stylesheet"/g)) css.add(m[1]!);
  return { js: [...js], css: [...css] };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;

async function main() {
  const html = await fetchText(`${base}/`);
  const { js, css } = assetsOf(html);
  const sizes: Record<"html" | "js" | "css", [number, number]> = {
    html: [Buffer.byteLength(html), gzipSync(html).length],
    js: [0, 0],
    css: [0, 0],
  };
  for (const [kind, list] of [["js", js], ["css", css]] as const) {
    for (const path of list) {
      const body = await fetchText(new URL(path, base).toString());
      sizes[kind][0] += Buffer.byteLength(body);
      sizes[kind][1] += gzipSync(body).length;
    }
  }
  const total = sizes.html[1] + sizes.js[1] + sizes.css[1];
  console.log(`Home page weight (${js.length} scripts, ${css.length} stylesheets; fonts load separately by unicode-range):`);
  for (const kind of ["html", "js", "css"] as const) console.log(`  ${kind.padEnd(4)} ${kb(sizes[kind][0]).padStart(9)} raw  ${kb(sizes[kind][1]).padStart(9)} gzip`);
  console.log(`  total ${kb(total).padStart(24)} gzip (budget ${kb(BUDGET_GZIP_BYTES)})`);

  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now();
    await fetchText(`${base}/`);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(1);
  console.log(`Home page server time over ${REQUESTS} sequential requests: p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms`);

  if (total > BUDGET_GZIP_BYTES) {
    console.error(`Over budget: ${kb(total)} > ${kb(BUDGET_GZIP_BYTES)}`);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
