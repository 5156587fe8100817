// The simulation as the command runs it (loaded through Vite by simulate-cli.ts: the notices' texts are read with
// import.meta.glob, as in the server build), then the statistics' rollups brought up to date.
import type { Kysely } from "kysely";
import type { Database } from "../../schema";
import { rebuildStatistics } from "../../../app/domain/statistics/statistics.server";
import { outcomeMix, type OutcomeMix } from "./outcomes";
import type { SimulationOptions, SimulationReport } from "./simulate-year";
import { simulateYear } from "./simulate-year";

export { simulationRan } from "./simulate-year";

export async function runSimulation(db: Kysely<Database>, options: SimulationOptions): Promise<{ report: SimulationReport; mix: OutcomeMix; statistics: string }> {
  const report = await simulateYear(db, options);
  const mix = await outcomeMix(db);
  const statistics = await refreshStatisticsAfterSimulation(db, options.now);
  return { report, mix, statistics };
}

/**
 * THE call site for the statistics' rollups after the simulated year (issue 10, item 5): the facts and rollups are
 * rebuilt from the raw history the simulation wrote, so that the first page the portal serves counts the whole year.
 */
export async function refreshStatisticsAfterSimulation(db: Kysely<Database>, now: Date): Promise<string> {
  const result = await rebuildStatistics(db, { now });
  return `Statistics rebuilt from the history: ${result.dossiers} dossiers, ${result.facts} facts in ${(result.ms / 1000).toFixed(1)} s.`;
}
