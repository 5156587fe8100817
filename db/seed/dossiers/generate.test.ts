import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DOSSIER_CODE_PATTERN, secondFactorMatches, type DossierApplicant } from "../../../app/domain/dossiers/dossiers";
import { nextCodeSequence } from "../../../app/domain/dossiers/dossiers.repo.server";
import { trackDossier } from "../../../app/domain/dossiers/dossiers.server";
import { importCatalog } from "../../../app/domain/procedures/catalog.server";
import { fixtureCatalog, fixtureTemplates } from "../../../app/domain/procedures/catalog.fixture";
import type { Db } from "../../../app/platform/db.server";
import { POLICIES } from "../../../app/platform/rate-limit.server";
import { createFileStorage } from "../../../app/platform/storage.server";
import { engines, migratedDatabase } from "../../testing";
import { seedProvince } from "../seed";
import { GENERATED_KEY_PREFIX, generateDossiers, randomCccd, randomPhone, RefusedError } from "./generate";

const dir = await mkdtemp(join(tmpdir(), "generate-dossiers-"));
afterAll(() => rm(dir, { recursive: true, force: true }));
const NOW = new Date("2026-11-30T03:00:00Z");

describe("valid-structure identifiers", () => {
  it("CCCD: 12 digits, province, century-and-sex digit, birth year; phones: 10 digits on a mobile prefix", () => {
    let seed = 1;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < 200; i++) {
      const c = randomCccd(rnd, 1987);
      expect(c).toMatch(/^0\d{2}[01]87\d{6}$/);
      expect(randomCccd(rnd, 2004)).toMatch(/^0\d{2}[23]04\d{6}$/);
      expect(randomPhone(rnd)).toMatch(/^0[35789]\d{8}$/);
    }
  });
});

describe.each(engines)("the dossier generator on %s", (engine) => {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await migratedDatabase(engine));
    await seedProvince(db);
    const readFile = async (path: string) => fixtureTemplates[path] ?? new Uint8Array();
    expect((await importCatalog(db, createFileStorage(dir), fixtureCatalog(), { readFile })).ok).toBe(true);
  });
  afterAll(() => close());

  it("makes consistent dossiers: codes on the sequences, history ending in the status, trackable with the applicant's digits", async () => {
    const result = await generateDossiers(db, { count: 1500, owners: 50, seed: 7, append: false, now: NOW });
    expect(result).toMatchObject({ dossiers: 1500, users: 50 });
    const dossiers = await db.selectFrom("dossiers as d").innerJoin("agencies as a", "a.id", "d.agency_id").select(["d.id", "d.code", "d.status", "d.received_at", "d.applicant", "d.idempotency_key", "a.code as agencyCode", "d.agency_id"]).execute();
    expect(dossiers).toHaveLength(1500);
    expect(new Set(dossiers.map((d) => d.code)).size).toBe(1500);
    const since = new Date(NOW.getTime() - 3 * 366 * 86_400_000).toISOString();
    const maxByDay = new Map<string, number[]>();
    for (const d of dossiers) {
      expect(d.code).toMatch(DOSSIER_CODE_PATTERN);
      expect(d.code.startsWith(`${d.agencyCode}-`)).toBe(true);
      expect(d.idempotency_key.startsWith(GENERATED_KEY_PREFIX)).toBe(true);
      expect(d.received_at > since && d.received_at <= NOW.toISOString()).toBe(true);
      const [, day, n] = /-(\d{6})-(\d{4})$/.exec(d.code)!;
      const key = `${d.agency_id}|${day}`;
      maxByDay.set(key, [...(maxByDay.get(key) ?? []), Number(n)]);
    }
    // Each agency-day is numbered 1..n without gaps, and its sequence row says n.
    const sequences = await db.selectFrom("dossier_code_sequences").selectAll().execute();
    expect(sequences).toHaveLength(maxByDay.size);
    for (const s of sequences) {
      const numbers = maxByDay.get(`${s.agency_id}|${s.day}`)!.sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
      expect(Number(s.last_value)).toBe(numbers.length);
    }
    // Every dossier has a history starting with the submission and ending in its status.
    const events = await db.selectFrom("dossier_events").select(["dossier_id", "at", "status_from", "status_to", "id"]).orderBy("dossier_id").orderBy("at").orderBy("id").execute();
    const byDossier = new Map<string, typeof events>();
    for (const e of events) byDossier.set(e.dossier_id, [...(byDossier.get(e.dossier_id) ?? []), e]);
    for (const d of dossiers) {
      const history = byDossier.get(d.id)!;
      expect(history.length).toBeGreaterThanOrEqual(1);
      expect(history[0]).toMatchObject({ status_from: null, status_to: 1 });
      expect(history.at(-1)!.status_to).toBe(d.status);
    }
    // A realistic mix: most old dossiers returned, every status family present.
    const statuses = new Set(dossiers.map((d) => d.status));
    for (const s of [1, 3, 7, 9, 10]) expect(statuses.has(s)).toBe(true);
    expect(dossiers.filter((d) => d.status === 10).length / dossiers.length).toBeGreaterThan(0.5);
    // Found on the tracking path with the last digits of the applicant's CCCD or phone.
    const sample = dossiers[123]!;
    const applicant = JSON.parse(sample.applicant) as DossierApplicant;
    const factor = applicant.cccd!.slice(-4);
    expect(secondFactorMatches(applicant, factor)).toBe(true);
    const tracked = await trackDossier(db, { code: sample.code, factor, ip: "test", policy: POLICIES.dossierTrackingIp, now: NOW });
    expect(tracked).toMatchObject({ ok: true, dossier: { code: sample.code, status: sample.status } });
    // A later real submission on a generated agency-day continues its sequence.
    const busiest = sequences.sort((a, b) => Number(b.last_value) - Number(a.last_value))[0]!;
    const next = await db.transaction().execute((trx) => nextCodeSequence(trx, busiest.agency_id, busiest.day));
    expect(next).toBe(Number(busiest.last_value) + 1);
  });

  it("refuses a database with dossiers unless appending, then continues the sequences", async () => {
    await expect(generateDossiers(db, { count: 10, owners: 5, seed: 8, append: false, now: NOW })).rejects.toThrow(RefusedError);
    await expect(generateDossiers(db, { count: 10, owners: 5, seed: 8, append: false, now: NOW })).rejects.toThrow(/already holds 0 real and 1500 generated dossiers; add --append/);
    const before = await db.selectFrom("dossier_code_sequences").select((eb) => eb.fn.sum<number | string>("last_value").as("n")).executeTakeFirstOrThrow();
    await generateDossiers(db, { count: 700, owners: 5, seed: 9, append: true, now: NOW });
    const after = await db.selectFrom("dossier_code_sequences").select((eb) => eb.fn.sum<number | string>("last_value").as("n")).executeTakeFirstOrThrow();
    // The sequences account for every dossier (the one taken by the test above included): no reused number.
    expect(Number(after.n) - Number(before.n)).toBe(700);
    const codes = await db.selectFrom("dossiers").select("code").execute();
    expect(new Set(codes.map((c) => c.code)).size).toBe(2200);
  });
});
