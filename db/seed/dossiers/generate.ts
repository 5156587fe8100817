// Synthetic dossiers for load tests (issue 5, "tracking lookup p95 with 1,000,000 dossiers"):
//   DATABASE_URL=… npm run -s dossiers:generate -- [--count 1000000] [--owners 5000] [--seed 42] [--append] [--quiet]
// Fills a migrated, seeded database (npm run db:migrate && npm run db:seed) with dossiers spread over the offerings of
// published, in-force procedure versions, received on days of the last 3 years (mostly working days and office hours),
// with a realistic mix of statuses (old dossiers mostly finished, recent ones in progress), their history (one to six
// events each), applicants with valid-structure CCCDs and mobile numbers, and a few thousand generated citizen
// accounts as owners (no password: they cannot sign in). Codes are {agency code}-{yyMMdd}-{NNNN} and continue the
// dossier_code_sequences rows, which are written in the same transactions: a real submission the same day at the same
// agency takes the next number. Rows go in batched multi-row inserts, 10,000 dossiers per transaction.
// It refuses a database that already holds dossiers unless --append is given (generated ones are marked by their
// idempotency key "generated:<id>", so they can be told apart from real ones). Deterministic for a given --seed
// except for the row ids (UUID v7 of the clock) and "now".
import { sql, type Insertable, type Kysely, type Transaction } from "kysely";
import { fileURLToPath } from "node:url";
import type { Database, WaitingFor } from "../../schema";
import { assertDatabaseReachable, createDb, engineOf } from "../../../app/platform/db.server";
import { ConfigError, loadEnv } from "../../../app/platform/env.server";
import { newId } from "../../../app/platform/ids.server";
import { foldForSearch } from "../../../app/domain/shared/search";
import { codeDay, dossierCode, MAX_DAILY_SEQUENCE, type DossierApplicant, type DossierStatus } from "../../../app/domain/dossiers/dossiers";

type Db = Kysely<Database>;
type Row<T extends keyof Database> = Insertable<Database[T]>;

export const GENERATED_KEY_PREFIX = "generated:";
const DAY_MS = 86_400_000;
const VN_OFFSET_MS = 7 * 3_600_000;

export interface GenerateOptions {
  count: number;
  owners: number;
  seed: number;
  append: boolean;
  now?: Date;
  /** Called after each transaction with the dossiers written so far. */
  progress?: (done: number, elapsedMs: number) => void;
}

export interface GenerateResult {
  dossiers: number;
  events: number;
  users: number;
  ms: number;
}

export class RefusedError extends Error {}

const WAITING: Partial<Record<DossierStatus, WaitingFor>> = {
  1: "receiving_officer",
  2: "receiving_officer",
  4: "handler",
  5: "applicant",
  6: "payment",
  9: "receiving_officer",
};

/** The back-office columns of a generated dossier in a status (approximate: load data, not a replayed workflow). */
function backOfficeColumns(status: DossierStatus, agencyId: string, receivedAt: Date, limitDays: number, acceptedAt: string | null) {
  const open = WAITING[status] ?? null;
  const stepDue = status === 1 ? new Date(receivedAt.getTime() + DAY_MS) : new Date(receivedAt.getTime() + Math.max(1, Math.floor(limitDays / 2)) * DAY_MS);
  return {
    current_agency_id: agencyId,
    waiting_for: open,
    step_due_at: open && open !== "applicant" && open !== "payment" ? stepDue.toISOString() : null,
    accepted_at: status === 1 || status === 3 ? null : acceptedAt,
    supplement_count: status === 5 ? 1 : 0,
    paused_at: status === 5 ? acceptedAt : null,
  };
}

/** mulberry32 (as in db/seed/catalog/generate.ts, which runs its command when imported). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Giàng", "Sùng", "Vàng", "Lò", "Má", "Hầu", "Thào"];
const MIDDLE = ["Văn", "Thị", "Minh", "Đức", "Ngọc", "Thu", "Hữu", "Quang", "Thanh", "Mạnh", "Xuân", "Seo", "Mí", "Hồng"];
const GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Hương", "Khánh", "Lan", "Linh", "Mai", "Nam", "Phong", "Phương", "Quân", "Sơn", "Thảo", "Trang", "Tuấn", "Vân", "Dế", "Chứ", "Pó", "Mỷ"];
const PLACES = ["Phường Minh Khai, Thành phố Hà Giang", "Xã Phương Thiện, Thành phố Hà Giang", "Thị trấn Yên Minh, Huyện Yên Minh", "Thị trấn Đồng Văn, Huyện Đồng Văn", "Xã Lũng Cú, Huyện Đồng Văn", "Thị trấn Vị Xuyên, Huyện Vị Xuyên", "Thị trấn Việt Quang, Huyện Bắc Quang", "Thị trấn Tam Sơn, Huyện Quản Bạ", "Xã Thuận Hòa, Huyện Vị Xuyên"];
/** Mobile prefixes in use in Vietnam (Viettel, Vinaphone, MobiFone, Vietnamobile). */
const MOBILE = ["032", "033", "034", "035", "036", "037", "038", "039", "086", "096", "097", "098", "081", "082", "083", "084", "085", "088", "091", "094", "070", "076", "077", "078", "079", "089", "090", "093", "056", "058"];

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const digitsOf = (rnd: () => number, n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join("");

/** A CCCD with a valid structure: province of birth (002 = Hà Giang mostly), century-and-sex digit, birth year, 6 digits. */
export function randomCccd(rnd: () => number, birthYear: number, serial?: number): string {
  const province = rnd() < 0.85 ? "002" : pick(rnd, ["001", "010", "006", "008", "019", "025", "079"]);
  const female = rnd() < 0.5;
  const centuryDigit = (birthYear >= 2000 ? 2 : 0) + (female ? 1 : 0);
  const tail = serial === undefined ? digitsOf(rnd, 6) : String(serial).padStart(6, "0");
  return `${province}${centuryDigit}${String(birthYear % 100).padStart(2, "0")}${tail}`;
}

export function randomPhone(rnd: () => number): string {
  return `${pick(rnd, MOBILE)}${digitsOf(rnd, 7)}`;
}

function randomName(rnd: () => number) {
  return `${pick(rnd, FAMILY)} ${pick(rnd, MIDDLE)} ${pick(rnd, GIVEN)}`;
}

/** The path of statuses a dossier went through, by its age (older dossiers are mostly finished). */
function statusPath(rnd: () => number, ageDays: number): DossierStatus[] {
  const r = rnd();
  if (ageDays < 2) return r < 0.7 ? [1] : r < 0.95 ? [1, 2] : [1, 3];
  if (ageDays < 30) {
    if (r < 0.1) return [1, 2];
    if (r < 0.45) return [1, 2, 4];
    if (r < 0.55) return [1, 2, 4, 5];
    if (r < 0.6) return [1, 2, 4, 6];
    if (r < 0.75) return [1, 2, 4, 9];
    if (r < 0.9) return [1, 2, 4, 9, 10];
    if (r < 0.95) return [1, 3];
    return [1, 7];
  }
  if (r < 0.78) return rnd() < 0.15 ? [1, 2, 4, 5, 4, 9, 10] : [1, 2, 4, 9, 10];
  if (r < 0.83) return [1, 2, 4, 9];
  if (r < 0.88) return [1, 3];
  if (r < 0.93) return [1, 7];
  if (r < 0.96) return [1, 2, 7];
  if (r < 0.98) return [1, 2, 4, 8];
  return [1, 2, 4];
}

/**
 * How many dossiers each day receives, oldest day first (index 0 is `days - 1` days ago): working days weigh 1,
 * weekends 0.15 (online filings), the total exactly `count`.
 */
function dailyCounts(count: number, days: number, now: number): number[] {
  const todayMidnight = Math.floor((now + VN_OFFSET_MS) / DAY_MS) * DAY_MS;
  const weights = Array.from({ length: days }, (_, i) => {
    const weekday = new Date(todayMidnight - (days - 1 - i) * DAY_MS).getUTCDay();
    return weekday === 0 || weekday === 6 ? 0.15 : 1;
  });
  const total = weights.reduce((a, b) => a + b, 0);
  let assigned = 0;
  let cumulative = 0;
  return weights.map((w) => {
    cumulative += w;
    const upTo = Math.round((cumulative / total) * count);
    const n = upTo - assigned;
    assigned = upTo;
    return n;
  });
}

/** Sorted instants of one day (`daysAgo` before today, Vietnam time): office hours mostly, never after now. */
function instantsOfDay(rnd: () => number, n: number, daysAgo: number, now: number): number[] {
  const localMidnight = Math.floor((now + VN_OFFSET_MS) / DAY_MS) * DAY_MS - daysAgo * DAY_MS;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const minutes = rnd() < 0.8 ? 7 * 60 + Math.floor(rnd() * 600) : 6 * 60 + Math.floor(rnd() * 17 * 60);
    out.push(Math.min(now, localMidnight - VN_OFFSET_MS + minutes * 60_000 + Math.floor(rnd() * 60_000)));
  }
  return out.sort((a, b) => a - b);
}

interface Offering {
  versionId: string;
  procedureId: string;
  procedureCode: string;
  agencyId: string;
  agencyCode: string;
}

async function loadOfferings(db: Db): Promise<Offering[]> {
  const rows = await db
    .selectFrom("procedure_offerings as o")
    .innerJoin("procedure_versions as v", "v.id", "o.version_id")
    .innerJoin("procedures as p", "p.id", "v.procedure_id")
    .innerJoin("agencies as a", "a.id", "o.agency_id")
    .select(["o.version_id as versionId", "v.procedure_id as procedureId", "p.code as procedureCode", "o.agency_id as agencyId", "a.code as agencyCode"])
    .where("v.state", "=", "published")
    .where("v.status", "=", "in_force")
    .where("o.online_level", "!=", "INFO")
    .execute();
  return rows;
}

/** Dossiers already there: real ones (not generated) and generated ones. */
export async function countExistingDossiers(db: Db) {
  const row = await db
    .selectFrom("dossiers")
    .select((eb) => [
      eb.fn.countAll<number | string>().as("all"),
      eb.fn.count<number | string>(eb.case().when("idempotency_key", "like", `${GENERATED_KEY_PREFIX}%`).then(1).end()).as("generated"),
    ])
    .executeTakeFirstOrThrow();
  const generated = Number(row.generated);
  return { real: Number(row.all) - generated, generated };
}

async function insertMany<T extends keyof Database>(trx: Transaction<Database>, table: T, rows: Row<T>[], perStatement: number) {
  for (let i = 0; i < rows.length; i += perStatement) {
    await trx.insertInto(table).values(rows.slice(i, i + perStatement) as never).execute();
  }
}

export async function generateDossiers(db: Db, options: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const existing = await countExistingDossiers(db);
  if (!options.append && existing.real + existing.generated > 0) {
    throw new RefusedError(
      `The database already holds ${existing.real} real and ${existing.generated} generated dossiers; add --append to add more to them.`,
    );
  }
  const offerings = await loadOfferings(db);
  if (offerings.length === 0) throw new RefusedError("No offering of a published procedure version: run npm run db:migrate and npm run db:seed first.");
  const rnd = prng(options.seed);
  const nowDate = options.now ?? new Date();
  const now = nowDate.getTime();
  const nowIso = nowDate.toISOString();
  const postgres = engineOf(db) === "postgres";
  // SQLite: a 256 MB page cache for this connection while it writes (the default 2 MB makes every index insert
  // of a large file a read); put back afterwards.
  const cacheBefore = postgres ? null : (await sql<{ cache_size: number }>`pragma cache_size`.execute(db)).rows[0]?.cache_size;
  if (!postgres) await sql`pragma cache_size = -262144`.execute(db);
  try {
    return await generateInto(db, options, { offerings, rnd, now, nowIso, postgres, started });
  } finally {
    if (cacheBefore !== null && cacheBefore !== undefined) await sql.raw(`pragma cache_size = ${Number(cacheBefore)}`).execute(db);
  }
}

async function generateInto(
  db: Db,
  options: GenerateOptions,
  ctx: { offerings: Offering[]; rnd: () => number; now: number; nowIso: string; postgres: boolean; started: number },
): Promise<GenerateResult> {
  const { offerings, rnd, now, nowIso, postgres, started } = ctx;
  // Owners: generated citizen accounts (no password, no e-mail; a mobile number, and a CCCD unique in the run that
  // appears in their applications only).
  const owners: { id: string; fullName: string; cccd: string; phone: string }[] = [];
  const ownerRows: Row<"users">[] = [];
  const serialBase = Math.floor(rnd() * 500_000);
  for (let i = 0; i < options.owners; i++) {
    const birthYear = 1950 + Math.floor(rnd() * 56);
    // The serial makes the CCCD unique among generated owners; "9" in front keeps clear of hand-made test accounts.
    const cccd = randomCccd(rnd, birthYear, 900_000 + ((serialBase + i) % 100_000));
    const owner = { id: newId(), fullName: randomName(rnd), cccd, phone: randomPhone(rnd) };
    owners.push(owner);
    ownerRows.push({
      id: owner.id, kind: "citizen", status: "active", full_name: owner.fullName, cccd: null, birth_date: `${birthYear}-01-01`, email: null, phone: owner.phone,
      password_hash: null, email_verified_at: null, eid_verified_at: null, eid_issuer: null, eid_subject: null, totp_secret: null, totp_confirmed_at: null,
      totp_last_step: null, created_at: nowIso, updated_at: nowIso,
    });
  }
  // The CCCD column is unique among accounts: generated owners keep theirs in the applicant only (a re-run with
  // --append would otherwise collide with the previous run's owners).
  await db.transaction().execute((trx) => insertMany(trx, "users", ownerRows, 1000));

  // The sequences already used (a re-run with --append, or real dossiers), to continue them.
  const sequences = new Map<string, number>();
  for (const s of await db.selectFrom("dossier_code_sequences").select(["agency_id", "day", "last_value"]).execute()) {
    sequences.set(`${s.agency_id}|${s.day}`, Number(s.last_value));
  }

  // Day by day, oldest first, so that ids (UUID v7 of the receipt time), codes and dates grow together as they do
  // in real life, and every index takes its rows near its end (fast inserts on both engines).
  const BATCH = 10_000;
  const maxDays = 3 * 365;
  const perDay = dailyCounts(options.count, maxDays, now);
  const pending: number[] = [];
  let dayIndex = 0;
  let done = 0;
  let events = 0;
  while (done < options.count) {
    while (pending.length < BATCH && dayIndex < perDay.length) {
      const daysAgo = maxDays - 1 - dayIndex;
      pending.push(...instantsOfDay(rnd, perDay[dayIndex]!, daysAgo, now));
      dayIndex += 1;
    }
    const batch = pending.splice(0, BATCH);
    const dossierRows: Row<"dossiers">[] = [];
    const eventRows: Row<"dossier_events">[] = [];
    const touched = new Set<string>();
    for (const atMs of batch) {
      const at = new Date(atMs);
      const day = codeDay(at);
      // An agency whose day still has numbers left (9,999 a day each).
      let offering = pick(rnd, offerings);
      let key = `${offering.agencyId}|${day}`;
      for (let tries = 0; (sequences.get(key) ?? 0) >= MAX_DAILY_SEQUENCE && tries < 100; tries++) {
        offering = pick(rnd, offerings);
        key = `${offering.agencyId}|${day}`;
      }
      const sequence = (sequences.get(key) ?? 0) + 1;
      sequences.set(key, sequence);
      touched.add(key);
      const owner = pick(rnd, owners);
      // Most file for themselves; some for a relative (another applicant).
      const applicant: DossierApplicant =
        rnd() < 0.85
          ? { fullName: owner.fullName, cccd: owner.cccd, phone: owner.phone, email: null, address: pick(rnd, PLACES) }
          : { fullName: randomName(rnd), cccd: randomCccd(rnd, 1950 + Math.floor(rnd() * 70)), phone: rnd() < 0.7 ? randomPhone(rnd) : null, email: null, address: pick(rnd, PLACES) };
      const path = statusPath(rnd, (now - at.getTime()) / DAY_MS);
      const id = newId(at.getTime());
      const receivedIso = at.toISOString();
      // Deadlines approximated in calendar days (the working calendar is not consulted: load data, not legal dates).
      const limitDays = 3 + Math.floor(rnd() * 20);
      let t = at.getTime();
      let prev: DossierStatus | null = null;
      for (const status of path) {
        eventRows.push({
          id: newId(t), dossier_id: id, at: new Date(t).toISOString(), status_from: prev, status_to: status,
          actor_type: status === 1 || status === 7 ? "citizen" : "official", actor_id: status === 1 || status === 7 ? owner.id : null,
          agency_id: offering.agencyId, note_key: status === 1 ? "history.submitted" : status === 7 ? "history.withdrawn" : null, note_params: null,
          clock: status === 5 ? "pause" : prev === 5 ? "resume" : null,
        });
        prev = status;
        t = Math.min(now, t + Math.floor((0.1 + rnd()) * (limitDays / path.length) * DAY_MS));
      }
      dossierRows.push({
        id, code: dossierCode(offering.agencyCode, day, sequence), agency_id: offering.agencyId, procedure_id: offering.procedureId,
        procedure_code: offering.procedureCode, procedure_version_id: offering.versionId, owner_user_id: owner.id, owner_organisation_id: null,
        applicant: JSON.stringify(applicant), answers: "{}", channel: rnd() < 0.65 ? "online" : rnd() < 0.93 ? "in_person" : "post",
        status: prev!, received_at: receivedIso, acceptance_due_at: new Date(at.getTime() + DAY_MS).toISOString(),
        due_at: new Date(at.getTime() + limitDays * DAY_MS).toISOString(), version: path.length, idempotency_key: `${GENERATED_KEY_PREFIX}${id}`,
        created_at: receivedIso, updated_at: new Date(t).toISOString(),
        // The back office's view of it (issue 6): where it waits and for whom, so that the officials' queues fill.
        ...backOfficeColumns(prev!, offering.agencyId, at, limitDays, path.length > 1 ? new Date(at.getTime() + 3_600_000).toISOString() : null),
        applicant_search: foldForSearch(applicant.fullName).slice(0, 300),
      });
    }
    await db.transaction().execute(async (trx) => {
      // Parameters per statement: SQLite allows 32,766, PostgreSQL 65,535.
      await insertMany(trx, "dossiers", dossierRows, postgres ? 2000 : 1000);
      await insertMany(trx, "dossier_events", eventRows, postgres ? 4000 : 2500);
      const seqRows = [...touched].map((k) => {
        const [agency_id, day] = k.split("|") as [string, string];
        return { agency_id, day, last_value: sequences.get(k)! };
      });
      for (let i = 0; i < seqRows.length; i += 5000) {
        await trx
          .insertInto("dossier_code_sequences")
          .values(seqRows.slice(i, i + 5000))
          .onConflict((oc) => oc.columns(["agency_id", "day"]).doUpdateSet({ last_value: sql<number>`excluded.last_value` }))
          .execute();
      }
    });
    done += batch.length;
    events += eventRows.length;
    options.progress?.(done, performance.now() - started);
  }
  return { dossiers: done, events, users: owners.length, ms: performance.now() - started };
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(argv: string[]): Promise<number> {
  const count = Number(arg(argv, "--count") ?? 1_000_000);
  const owners = Number(arg(argv, "--owners") ?? 5000);
  const seed = Number(arg(argv, "--seed") ?? 42);
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(owners) || owners < 1 || owners > 100_000 || !Number.isInteger(seed)) {
    console.error("Usage: npm run -s dossiers:generate -- [--count N ≥ 1] [--owners 1–100000] [--seed INT] [--append] [--quiet]");
    return 2;
  }
  const env = loadEnv();
  const db = createDb(env.database, { connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS });
  const where = env.database.engine === "sqlite" ? env.database.file : env.database.display;
  const quiet = argv.includes("--quiet");
  try {
    await assertDatabaseReachable(db, env.database, env.DB_CONNECT_TIMEOUT_MS);
    let last = 0;
    const result = await generateDossiers(db, {
      count, owners, seed, append: argv.includes("--append"),
      progress: (done, ms) => {
        if (!quiet && (ms - last > 5000 || done === count)) {
          last = ms;
          console.log(`  ${done.toLocaleString("en")} dossiers, ${Math.round(done / (ms / 1000)).toLocaleString("en")} dossiers/s`);
        }
      },
    });
    const rows = result.dossiers + result.events + result.users;
    console.log(
      `Generated ${result.dossiers} dossiers, ${result.events} history events and ${result.users} owner accounts into ${where} in ${(result.ms / 1000).toFixed(1)} s ` +
        `(${Math.round(result.dossiers / (result.ms / 1000))} dossiers/s, ${Math.round(rows / (result.ms / 1000))} rows/s).`,
    );
    return 0;
  } catch (error) {
    if (error instanceof RefusedError || error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await db.destroy();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
