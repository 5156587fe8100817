// Concurrent online submissions with a 5 MB PDF each (issue 5, "200 concurrent submissions, each with a 5 MB PDF …
// dossiers created, p50/p95 latency, peak server memory"), one section of `npm run bench` (also runnable alone after a
// build: npx tsx e2e/bench/submissions.ts). Per engine, on a fresh SQLite file or a fresh PostgreSQL database
// (bench_submit_<pid>, dropped at the end):
//  - before the server starts, BENCH_SUBMISSIONS citizens (default 200; 0 skips the section) each get, through the
//    filing use cases, a draft of "Đăng ký khai sinh" (1.001193) complete except its files: applicant, the three
//    sections of the form, the case "Có giấy chứng sinh", fees seen; and a session row (the bench mints the cookie
//    with the server's storage and the SESSION_SECRET it gives the server);
//  - the PRODUCTION server starts in its own process; then every citizen's flow runs at once, each over plain HTTP
//    like a browser without JavaScript: three multipart uploads on the documents page — the declaration form
//    (document 0) as a 5 MB PDF (5,242,880 bytes, a different file per citizen), the birth certificate (1) and the
//    identity paper (4) as small PDFs (≈470 bytes) — then the declaration, then "Nộp hồ sơ";
//  - measured: dossiers created (rows; must equal the flows), distinct codes, statuses (no 5xx), latency p50/p95/p99
//    of the 5 MB upload, of the small uploads, of the declaration and of the submission, the wall time, and the
//    server's peak resident memory (VmRSS of /proc/<pid>/status every 50 ms) next to what buffering would hold
//    (flows × 5 MB): the figure shows the uploads are streamed.
// BENCH_SUBMISSION_MB (default 5) sets the big PDF's size, to see that the peak does not follow it;
// BENCH_SUBMISSION_ENGINES=sqlite,postgres; BENCH_POSTGRES_URL (default TEST_POSTGRES_URL or
// postgres://postgres@127.0.0.1:5432/test) where to create the database.
import { sql } from "kysely";
import { randomBytes } from "node:crypto";
import { request as httpRequest, Agent } from "node:http";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { tinyPdf } from "../../app/domain/files/fixtures";
import { applicantFormSchema } from "../../app/domain/filing/filing";
import { acknowledgeFees, chooseCase, saveApplicant, saveSection, startDraft, startPage } from "../../app/domain/filing/filing.server";
import type { Db } from "../../app/platform/db.server";
import { newId } from "../../app/platform/ids.server";
import { createDatabaseSessionStorage } from "../../app/platform/session.server";
import { benchEngines, withPortal, withScratchDatabase, type BenchEngine } from "./scratch";

const FLOWS = Number(process.env.BENCH_SUBMISSIONS ?? 200);
const ENGINES = benchEngines(process.env.BENCH_SUBMISSION_ENGINES);
/** The size of each citizen's big PDF in MB (default 5; the document accepts up to 10). */
const BIG_MB = Number(process.env.BENCH_SUBMISSION_MB ?? 5);
const BIG = BIG_MB * 1024 * 1024;
/** Document indexes of 1.001193 in the case "Có giấy chứng sinh": the declaration form, the birth certificate, the identity paper. */
const DOCUMENTS = [0, 1, 4] as const;
const CASE = "co-giay-chung-sinh";
const SECRET = randomBytes(32).toString("base64url");
const MEMORY_ALLOWANCE = 100 * 1024 * 1024;

type Timings = Record<"bigUpload" | "smallUpload" | "declaration" | "submit", number[]>;

function percentiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  return { p50: at(50), p95: at(95), p99: at(99), max: sorted[sorted.length - 1] ?? NaN };
}
const ms = (n: number) => `${n.toFixed(0)} ms`;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

/**
 * A valid PDF of exactly `size` bytes (tinyPdf's structure, padded with a comment line so that every offset of the
 * cross-reference table stays right), as one shared template; `bodyFor(i)` gives citizen i's file as three slices of
 * it around a 6-digit number written into the page's text, so each file is different (no deduplication by the
 * content-addressed store) without the bench holding flows × 5 MB.
 */
function bigPdf(size: number) {
  // The padding line is "%" + padding + "\n"; the startxref number grows by a few digits with it: adjust once.
  let padding = size - tinyPdf("Ho so so 000000", 0).byteLength - 2;
  padding -= tinyPdf("Ho so so 000000", padding).byteLength - size;
  const template = tinyPdf("Ho so so 000000", padding);
  if (template.byteLength !== size) throw new Error(`the padded PDF has ${template.byteLength} bytes, not ${size}`);
  const at = Buffer.from(template.buffer, template.byteOffset, template.byteLength).lastIndexOf("Ho so so 000000") + "Ho so so ".length;
  return (i: number) => [template.subarray(0, at), Buffer.from(String(i).padStart(6, "0"), "latin1"), template.subarray(at + 6)];
}

interface Reply {
  status: number;
  location: string | null;
  ms: number;
  body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

/** One HTTP request with its body as slices (written in order, Content-Length set), timed to the end of the answer. */
function send(base: string, path: string, headers: Record<string, string>, parts: Uint8Array[]): Promise<Reply> {
  const length = parts.reduce((n, p) => n + p.byteLength, 0);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(base + path, { method: "POST", agent, headers: { ...headers, "content-length": String(length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, location: res.headers.location ?? null, ms: performance.now() - t0, body: Buffer.concat(chunks).toString("utf8").slice(0, 300) }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    (async () => {
      for (const p of parts) if (!req.write(p)) await new Promise((r) => req.once("drain", r));
      req.end();
    })().catch(reject);
  });
}

function multipart(file: Uint8Array[], name: string) {
  const boundary = `----bench${randomBytes(12).toString("hex")}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`, "utf8");
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, "utf8");
  return { type: `multipart/form-data; boundary=${boundary}`, parts: [head, ...file, tail] };
}

/** Citizens with a draft complete but for its files, and their session cookies (the server's storage, our secret). */
async function prepareDrafts(db: Db, count: number) {
  const page = (await startPage(db, "1.001193"))!;
  const agency = page.agencies.find((a) => /Quang Trung/.test(a.name)) ?? page.agencies[0]!;
  const storage = createDatabaseSessionStorage(db, { secrets: [SECRET], secure: false });
  const at = new Date().toISOString();
  const flows: { draftId: string; version: number; cookie: string }[] = [];
  const ok = (r: unknown, what: string) => {
    if (!r || (r as { ok?: boolean }).ok !== true) throw new Error(`${what}: ${JSON.stringify(r)}`);
  };
  for (let i = 0; i < count; i++) {
    const userId = newId();
    const cccd = `0021900${String(i).padStart(5, "0")}`;
    await db
      .insertInto("users")
      .values({ id: userId, kind: "citizen", status: "active", full_name: `Lò Thị Mai ${i}`, cccd, birth_date: "1990-01-01", email: `bench${i}@example.vn`, phone: null, password_hash: null, email_verified_at: at, eid_verified_at: null, totp_secret: null, totp_confirmed_at: null, totp_last_step: null, created_at: at, updated_at: at })
      .execute();
    const owner = { userId, organisationId: null };
    const started = await startDraft(db, owner, { code: "1.001193", versionId: page.versionId, agencyId: agency.id });
    ok(started, "startDraft");
    const draftId = (started as { draftId: string }).draftId;
    const applicant = applicantFormSchema.parse({ fullName: `Lò Thị Mai ${i}`, cccd, phone: "0912345678", email: "", address: "Tổ 5, phường Quang Trung, thành phố Hà Giang", forWhom: "self" });
    let v = 1;
    ok(await saveApplicant(db, owner, draftId, v++, applicant, null), "saveApplicant");
    ok(await saveSection(db, owner, draftId, v++, 0, { hoTenTre: `Lò Văn An ${i}`, gioiTinhTre: "nam", ngaySinhTre: { day: "3", month: "11", year: "2026" }, noiSinh: "Bệnh viện Đa khoa tỉnh Hà Giang", danTocTre: "Tày" }), "section 1");
    ok(await saveSection(db, owner, draftId, v++, 1, { hoTenMe: `Lò Thị Mai ${i}`, soCccdMe: cccd, coThongTinCha: "no" }), "section 2");
    ok(
      await saveSection(db, owner, draftId, v++, 2, {
        hoTen: `Lò Thị Mai ${i}`, soCccd: cccd, soDienThoai: "0912345678", noiCuTru: { province: "02", district: "024", commune: "00688", street: "Tổ 5" }, quanHe: "me",
      }),
      "section 3",
    );
    ok(await chooseCase(db, owner, draftId, v++, CASE), "chooseCase");
    ok(await acknowledgeFees(db, owner, draftId, v++), "acknowledgeFees");
    const session = await storage.getSession();
    session.set("userId", userId);
    const cookie = (await storage.commitSession(session)).split(";")[0]!;
    flows.push({ draftId, version: v, cookie });
  }
  return flows;
}

/** VmRSS of a process every 50 ms: its peak, until stop(). */
function watchMemory(pid: number) {
  let peak = 0;
  let samples = 0;
  const read = async () => {
    const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
    const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
    if (kb > 0) samples += 1;
    peak = Math.max(peak, kb * 1024);
  };
  const timer = setInterval(() => void read(), 50);
  return {
    now: async () => {
      const status = await readFile(`/proc/${pid}/status`, "utf8");
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    },
    stop: async () => {
      clearInterval(timer);
      await read();
      return { peak, samples };
    },
  };
}

export interface SubmissionFigures {
  engine: string;
  flows: number;
  dossiers: number;
  distinctCodes: number;
  files: number;
  wallSeconds: number;
  latency: Record<keyof Timings, ReturnType<typeof percentiles>>;
  statuses: Record<string, number>;
  serverErrors: number;
  failedFlows: number;
  rssBefore: number;
  rssPeak: number;
  rssSamples: number;
}

async function flow(base: string, f: { draftId: string; version: number; cookie: string }, i: number, big: (i: number) => Uint8Array[], timings: Timings, statuses: Record<string, number>) {
  const headers = { cookie: f.cookie, origin: base, "accept-language": "vi" };
  const count = (r: Reply) => (statuses[r.status] = (statuses[r.status] ?? 0) + 1);
  const self = `/filing/${f.draftId}/documents`;
  for (const index of DOCUMENTS) {
    const file = index === 0 ? big(i) : [tinyPdf(`Giay to ${index} cua ${i}`)];
    const body = multipart(file, index === 0 ? "to-khai-khai-sinh.pdf" : `giay-to-${index}.pdf`);
    const r = await send(base, `${self}?upload=${index}`, { ...headers, "content-type": body.type }, body.parts);
    count(r);
    (index === 0 ? timings.bigUpload : timings.smallUpload).push(r.ms);
    if (r.status !== 302 || r.location !== self) throw new Error(`upload ${index}: ${r.status} ${r.location ?? ""} ${r.body}`);
  }
  const form = { ...headers, "content-type": "application/x-www-form-urlencoded" };
  const declared = await send(base, `/filing/${f.draftId}/declaration`, form, [Buffer.from(`version=${f.version + DOCUMENTS.length}&declaration=agree`)]);
  count(declared);
  timings.declaration.push(declared.ms);
  if (declared.status !== 302 || declared.location !== `/filing/${f.draftId}/submit`) throw new Error(`declaration: ${declared.status} ${declared.location ?? ""} ${declared.body}`);
  const submitted = await send(base, `/filing/${f.draftId}/submit`, form, [Buffer.from(`version=${f.version + DOCUMENTS.length + 1}`)]);
  count(submitted);
  timings.submit.push(submitted.ms);
  const code = /^\/my\/dossiers\/([^/?]+)$/.exec(submitted.location ?? "")?.[1];
  if (submitted.status !== 302 || !code) throw new Error(`submit: ${submitted.status} ${submitted.location ?? ""} ${submitted.body}`);
  return decodeURIComponent(code);
}

async function one(engine: BenchEngine, port: number): Promise<SubmissionFigures> {
  console.log(`\n== ${FLOWS} concurrent submissions with a ${BIG_MB} MB PDF on ${engine}`);
  return withScratchDatabase(engine, "submit", { calendar: true }, async (scratch) => {
    const t0 = performance.now();
    const flows = await prepareDrafts(scratch.db, FLOWS);
    console.log(`  prepared ${flows.length} citizens with a draft complete but for its files in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await scratch.release();
    const big = bigPdf(BIG);
    const timings: Timings = { bigUpload: [], smallUpload: [], declaration: [], submit: [] };
    const statuses: Record<string, number> = {};
    const codes: string[] = [];
    // The server signs sessions with our secret: the cookies minted above are its own.
    const figures = await withPortal(scratch, port, { SESSION_SECRET: SECRET }, async (portal): Promise<Omit<SubmissionFigures, "dossiers" | "distinctCodes" | "files">> => {
      const { base } = portal;
      // Warm the server up (the routes' modules, the JIT) with a page that reads the database.
      for (let i = 0; i < 5; i++) await fetch(`${base}/procedures/1.001193`).then((r) => r.arrayBuffer());
      const memory = watchMemory(portal.pid);
      const rssBefore = await memory.now();
      const started = performance.now();
      const results = await Promise.allSettled(flows.map((f, i) => flow(base, f, i, big, timings, statuses)));
      const wallSeconds = (performance.now() - started) / 1000;
      const { peak, samples } = await memory.stop();
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      for (const r of results) if (r.status === "fulfilled") codes.push(r.value);
      for (const f of failed.slice(0, 5)) console.log(`  FAILED FLOW: ${f.reason instanceof Error ? f.reason.message : String(f.reason)}`);
      const latency = { bigUpload: percentiles(timings.bigUpload), smallUpload: percentiles(timings.smallUpload), declaration: percentiles(timings.declaration), submit: percentiles(timings.submit) };
      const serverErrors = Object.entries(statuses).filter(([s]) => Number(s) >= 500).reduce((n, [, c]) => n + c, 0);
      return { engine, flows: FLOWS, wallSeconds, latency, statuses, serverErrors, failedFlows: failed.length, rssBefore, rssPeak: peak, rssSamples: samples };
    });
    const db = scratch.reopen();
    const dossiers = Number((await db.selectFrom("dossiers").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    const distinct = Number((await db.selectFrom("dossiers").select(sql<number>`count(distinct code)`.as("n")).executeTakeFirstOrThrow()).n);
    const stored = await db.selectFrom("files").select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.sum<number>("size_bytes").as("bytes")]).executeTakeFirstOrThrow();
    const files = Number(stored.n);
    const result: SubmissionFigures = { ...figures, dossiers, distinctCodes: Math.min(distinct, new Set(codes).size), files };
    const l = result.latency;
    console.log(
      `  ${dossiers} dossiers created for ${FLOWS} flows (${result.failedFlows} failed), ${distinct} distinct codes in the table, ${new Set(codes).size} distinct codes answered, ${files} files (${mb(Number(stored.bytes))}); ` +
        `wall ${result.wallSeconds.toFixed(1)} s; statuses ${JSON.stringify(statuses)}`,
    );
    for (const [name, label] of [["bigUpload", `upload ${BIG_MB} MB PDF`], ["smallUpload", "upload small PDF"], ["declaration", "declaration"], ["submit", "submit"]] as const) {
      console.log(`  ${label.padEnd(17)} p50 ${ms(l[name].p50)}, p95 ${ms(l[name].p95)}, p99 ${ms(l[name].p99)}, max ${ms(l[name].max)} (${timings[name].length} requests)`);
    }
    console.log(
      `  server RSS: ${mb(result.rssBefore)} before, peak ${mb(result.rssPeak)} (${result.rssSamples} samples every 50 ms); the PDFs sent: ${FLOWS} × ${BIG_MB} MB = ${mb(FLOWS * BIG)}` +
        ` → growth ${mb(result.rssPeak - result.rssBefore)}, ${((100 * (result.rssPeak - result.rssBefore)) / (FLOWS * BIG)).toFixed(0)} % of it`,
    );
    return result;
  });
}

/**
 * A run fails when a flow failed, a 5xx was answered, dossiers ≠ flows, codes repeat, or the server's RSS grew during
 * the run by MEMORY_ALLOWANCE + half of flows × the big PDF's size or more (buffering would grow it by all of it; the
 * allowance is the fixed cost of a first burst — code loaded, the young generation — which small runs would otherwise
 * mistake for buffering: 20 flows grow it by ≈60 MB).
 */
export async function submissionsBench(port = 3194): Promise<number> {
  if (!(FLOWS > 0)) {
    console.log("\n== submissions: skipped (BENCH_SUBMISSIONS=0)");
    return 0;
  }
  let failures = 0;
  const all: SubmissionFigures[] = [];
  for (const [i, engine] of ENGINES.entries()) {
    const f = await one(engine, port + i);
    all.push(f);
    const problems = [
      f.failedFlows > 0 && `${f.failedFlows} flows failed`,
      f.serverErrors > 0 && `${f.serverErrors} answers 5xx`,
      f.dossiers !== f.flows && `${f.dossiers} dossiers for ${f.flows} flows`,
      f.distinctCodes !== f.flows && `${f.distinctCodes} distinct codes for ${f.flows} flows`,
      f.rssPeak - f.rssBefore >= MEMORY_ALLOWANCE + (f.flows * BIG) / 2 && `peak RSS ${mb(f.rssPeak)} grew by ${mb(MEMORY_ALLOWANCE)} + half of what was sent or more: not bounded`,
    ].filter(Boolean);
    if (problems.length > 0) {
      failures += 1;
      console.log(`  FAILED on ${engine}: ${problems.join("; ")}`);
    }
  }
  console.log(`\n  submissions summary (${FLOWS} concurrent flows, one ${BIG_MB} MB PDF + two small PDFs each):`);
  for (const f of all) {
    const l = f.latency;
    console.log(
      `  ${f.engine.padEnd(8)} dossiers ${f.dossiers}/${f.flows}, wall ${f.wallSeconds.toFixed(1)} s, ${BIG_MB} MB upload p50/p95 ${ms(l.bigUpload.p50)}/${ms(l.bigUpload.p95)}, ` +
        `submit p50/p95 ${ms(l.submit.p50)}/${ms(l.submit.p95)}, peak RSS ${mb(f.rssPeak)} (vs ${mb(f.flows * BIG)} sent)`,
    );
  }
  return failures;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  submissionsBench().then(
    (failures) => process.exit(failures > 0 ? 1 : 0),
    (error: unknown) => {
      console.error(error instanceof Error ? error.stack : String(error));
      process.exit(1);
    },
  );
}
