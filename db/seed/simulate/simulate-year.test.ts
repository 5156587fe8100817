import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../../app/platform/db.server";
import { createDiskBlobStore } from "../../../app/platform/blob-store.server";
import { importCatalogFile } from "../../catalog-cli";
import { engines, migratedDatabase } from "../../testing";
import { seedCalendar } from "../calendar";
import { seedProvince } from "../seed";
import { withParameters, type SimulationParameters } from "./parameters";
import { simulateYear, simulationRan, SIMULATION_EMAIL_DOMAIN, type SimulationReport } from "./simulate-year";
import { outcomeMix, type OutcomeMix } from "./outcomes";

const CATALOG = fileURLToPath(new URL("../catalog/ha-giang.json", import.meta.url));
/** The tests' "today": Monday 30 November 2026, 17:00 in Hà Giang. */
const NOW = new Date("2026-11-30T10:00:00Z");
/** A small province: three months, half the arrivals, three communes and two districts. */
const SMALL: Partial<SimulationParameters> = { days: 90, scale: 0.5, agencies: { communes: 3, districts: 2 } };

interface Run {
  report: SimulationReport;
  mix: OutcomeMix;
  ran: boolean;
  simulatedUsers: number;
  users: number;
}

/** A fresh demo database (province, calendar, catalog), the simulation run on it, and the outcomes it left. */
async function simulated(engine: Engine, overrides: Partial<SimulationParameters>): Promise<Run> {
  const dir = await mkdtemp(join(tmpdir(), "simulate-"));
  const { db, close } = await migratedDatabase(engine);
  try {
    await seedProvince(db);
    await seedCalendar(db, NOW);
    const catalog = await importCatalogFile(db, dir, CATALOG);
    if (!catalog.ok) throw new Error(catalog.lines.join("\n"));
    const ranBefore = await simulationRan(db);
    if (ranBefore) throw new Error("a fresh database cannot have been simulated");
    const report = await simulateYear(db, { params: withParameters(overrides), now: NOW, blobs: createDiskBlobStore(join(dir, "blobs")), origin: "http://portal.test" });
    const mix = await outcomeMix(db);
    const users = await db.selectFrom("users").select(["email"]).execute();
    return { report, mix, ran: await simulationRan(db), users: users.length, simulatedUsers: users.filter((u) => u.email?.endsWith(`@${SIMULATION_EMAIL_DOMAIN}`)).length };
  } finally {
    await close();
    await rm(dir, { recursive: true, force: true });
  }
}

const resolved = (m: OutcomeMix) => m.resolvedEarly + m.resolvedOnTime + m.resolvedLate;
const lateShare = (m: OutcomeMix) => m.resolvedLate / resolved(m);

describe("a simulated quarter on SQLite", () => {
  let base: Run;
  beforeAll(async () => {
    base = await simulated("sqlite", SMALL);
  }, 300_000);

  it("leaves dossiers in every outcome, made through the app's use cases and marked as simulated", () => {
    const { mix, report } = base;
    expect(base.ran).toBe(true);
    expect(report.dossiers.filed).toBeGreaterThan(100);
    expect(mix.dossiers).toBe(report.dossiers.filed);
    expect(mix.online).toBeGreaterThan(0);
    expect(mix.online).toBeLessThan(mix.dossiers);
    expect(mix.resolvedEarly).toBeGreaterThan(0);
    expect(mix.resolvedOnTime).toBeGreaterThan(0);
    expect(mix.resolvedLate).toBeGreaterThan(0);
    expect(mix.supplemented).toBeGreaterThan(0);
    expect(mix.withdrawn).toBeGreaterThan(0);
    expect(mix.refused).toBeGreaterThan(0);
    expect(mix.paid).toBeGreaterThan(0);
    expect(mix.petitionsAnswered).toBeGreaterThan(0);
    expect(mix.petitionsRated).toBeGreaterThan(0);
    expect(mix.ratings).toBeGreaterThan(0);
    expect(report.calls.rateDossier).toBe(mix.ratings);
    // The engine did the work: acceptances, approvals and returns went through applyAction.
    expect(report.calls.accept).toBeGreaterThan(0);
    expect(report.calls.approve).toBeGreaterThan(0);
    expect(report.calls.returnResult).toBeGreaterThan(0);
    expect(report.calls.resubmitSupplement).toBeGreaterThan(0);
    expect(report.calls.recordCounterPayment).toBeGreaterThan(0);
    expect(report.calls.importStatement).toBeGreaterThan(0);
    expect(report.calls.apologize).toBeGreaterThan(0);
    expect(report.calls.supplementsExpired).toBeGreaterThan(0);
    // Every account it made is at the reserved domain (the seed makes none).
    expect(base.simulatedUsers).toBe(base.users);
    expect(base.simulatedUsers).toBe(report.officials + report.citizens);
  });

  it("gives the same counts for the same seed", async () => {
    const again = await simulated("sqlite", SMALL);
    expect(again.mix).toEqual(base.mix);
    expect(again.report.calls).toEqual(base.report.calls);
  }, 300_000);

  it("resolves more dossiers late when the officials are slower (the mix comes from the parameters)", async () => {
    const slow = await simulated("sqlite", { ...SMALL, stepDelayFactor: { median: 1.4, spread: 0.5 }, approveDelayFactor: { median: 1.4, spread: 0.5 } });
    expect(lateShare(slow.mix)).toBeGreaterThan(lateShare(base.mix) + 0.2);
    expect(slow.mix.resolvedEarly / resolved(slow.mix)).toBeLessThan(base.mix.resolvedEarly / resolved(base.mix));
  }, 300_000);

  it("changes the channel mix with the applicants' propensity to file online", async () => {
    const offline = await simulated("sqlite", { ...SMALL, days: 30, onlinePropensity: 0.1 });
    expect(offline.mix.online / offline.mix.dossiers).toBeLessThan(base.mix.online / base.mix.dossiers - 0.2);
  }, 300_000);
});

describe.each(engines.filter((e) => e === "postgres"))("a simulated month on %s (smoke)", (engine) => {
  it("files, handles and resolves dossiers and answers petitions", async () => {
    const run = await simulated(engine, { days: 30, scale: 0.4, agencies: { communes: 2, districts: 1 } });
    expect(run.ran).toBe(true);
    expect(run.mix.dossiers).toBeGreaterThan(20);
    expect(resolved(run.mix)).toBeGreaterThan(0);
    expect(run.mix.paid).toBeGreaterThan(0);
    expect(run.report.calls.accept).toBeGreaterThan(0);
  }, 300_000);
});
