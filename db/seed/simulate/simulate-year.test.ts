import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../../app/platform/db.server";
import { createDiskBlobStore } from "../../../app/platform/blob-store.server";
import { importCatalogFile } from "../../catalog-cli";
import { engines, migratedDatabase } from "../../testing";
import { seedCalendar } from "../calendar";
import { seedProvince } from "../seed";
import { withParameters, type SimulationParameters } from "./parameters";
import { simulateYear, simulationRan, type SimulationReport } from "./simulate-year";
import { outcomeMix, type OutcomeMix } from "./outcomes";

const CATALOG = fileURLToPath(new URL("../catalog/ha-giang.json", import.meta.url));
/** The real clock of the tests: Monday 30 November 2026, 17:00 in Hà Giang. */
const NOW = new Date("2026-11-30T10:00:00Z");

/** A fresh demo database (province, calendar, catalog), the simulation run on it, and the outcomes it left. */
async function simulated(engine: Engine, overrides: Partial<SimulationParameters>) {
  const dir = await mkdtemp(join(tmpdir(), "simulate-"));
  const { db, close } = await migratedDatabase(engine);
  try {
    await seedProvince(db);
    await seedCalendar(db, NOW);
    const catalog = await importCatalogFile(db, dir, CATALOG);
    if (!catalog.ok) throw new Error(catalog.lines.join("\n"));
    const params = withParameters({ days: 120, scale: 0.5, agencies: { communes: 3, districts: 2 }, ...overrides });
    const report = await simulateYear(db, { params, now: NOW, blobs: createDiskBlobStore(join(dir, "blobs")), origin: "http://portal.test" });
    const mix = await outcomeMix(db);
    return { report, mix, ran: await simulationRan(db) };
  } finally {
    await close();
    await rm(dir, { recursive: true, force: true });
  }
}

describe.each(engines)("a simulated year on %s", (engine) => {
  let base: { report: SimulationReport; mix: OutcomeMix; ran: boolean };
  beforeAll(async () => {
    base = await simulated(engine, {});
  }, 300_000);
  afterAll(() => undefined);

  it("leaves dossiers in every outcome, through the app's use cases", () => {
    const { mix, report } = base;
    console.log(engine, JSON.stringify({ ms: report.ms, events: report.events, filed: report.dossiers, calls: report.calls, refusals: report.refusals, skipped: report.skippedProcedures, mix }, null, 1));
    expect(base.ran).toBe(true);
    expect(report.dossiers.filed).toBeGreaterThan(100);
    expect(mix.resolvedEarly).toBeGreaterThan(0);
    expect(mix.resolvedOnTime).toBeGreaterThan(0);
    expect(mix.resolvedLate).toBeGreaterThan(0);
    expect(mix.supplemented).toBeGreaterThan(0);
    expect(mix.withdrawn).toBeGreaterThan(0);
    expect(mix.refused).toBeGreaterThan(0);
    expect(mix.paid).toBeGreaterThan(0);
    expect(mix.inProgress).toBeGreaterThan(0);
    expect(mix.petitionsAnswered).toBeGreaterThan(0);
  });
});
