// What a simulated year left in the database, counted from the records (the CLI prints it; the tests check it).
// Resolved = the result was decided (status 9, "Đã xử lý xong", then returned 10); early / on time / late compare the
// Vietnamese calendar date of that decision with the original due date (shared/domain/vn-egov.md §3.1).
import type { Kysely } from "kysely";
import type { Database } from "../../schema";
import { SIMULATION_KEY_PREFIX } from "./simulate-year";

export interface OutcomeMix {
  dossiers: number;
  online: number;
  resolvedEarly: number;
  resolvedOnTime: number;
  resolvedLate: number;
  /** Decided with no due date (a procedure without a time limit). */
  resolvedNoDueDate: number;
  inProgress: number;
  supplemented: number;
  waitingForApplicant: number;
  waitingForPayment: number;
  withdrawn: number;
  refused: number;
  paid: number;
  petitions: number;
  petitionsAnswered: number;
  petitionsRated: number;
  ratings: number;
}

const vnDate = (iso: string) => new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 10);

export async function outcomeMix(db: Kysely<Database>): Promise<OutcomeMix> {
  const dossiers = await db
    .selectFrom("dossiers")
    .select(["id", "status", "channel", "due_at", "supplement_count"])
    .where("idempotency_key", "like", `${SIMULATION_KEY_PREFIX}%`)
    .execute();
  const decided = await db
    .selectFrom("dossier_events as e")
    .innerJoin("dossiers as d", "d.id", "e.dossier_id")
    .select(["e.dossier_id", "e.at"])
    .where("e.status_to", "=", 9)
    .where("d.idempotency_key", "like", `${SIMULATION_KEY_PREFIX}%`)
    .execute();
  const decidedAt = new Map(decided.map((r) => [r.dossier_id, r.at]));
  const mix: OutcomeMix = {
    dossiers: dossiers.length,
    online: dossiers.filter((d) => d.channel === "online").length,
    resolvedEarly: 0,
    resolvedOnTime: 0,
    resolvedLate: 0,
    resolvedNoDueDate: 0,
    inProgress: 0,
    supplemented: dossiers.filter((d) => Number(d.supplement_count ?? 0) > 0).length,
    waitingForApplicant: dossiers.filter((d) => d.status === 5).length,
    waitingForPayment: dossiers.filter((d) => d.status === 6).length,
    withdrawn: dossiers.filter((d) => d.status === 7).length,
    refused: dossiers.filter((d) => d.status === 3).length,
    paid: 0,
    petitions: 0,
    petitionsAnswered: 0,
    petitionsRated: 0,
    ratings: 0,
  };
  for (const d of dossiers) {
    const at = decidedAt.get(d.id);
    if (!at) {
      if ([1, 2, 4].includes(d.status)) mix.inProgress += 1;
      continue;
    }
    if (!d.due_at) mix.resolvedNoDueDate += 1;
    else {
      const [done, due] = [vnDate(at), vnDate(d.due_at)];
      if (done < due) mix.resolvedEarly += 1;
      else if (done === due) mix.resolvedOnTime += 1;
      else mix.resolvedLate += 1;
    }
  }
  const ids = dossiers.map((d) => d.id);
  if (ids.length > 0) {
    const paid = await db.selectFrom("payment_requests").select((eb) => eb.fn.countAll<number>().as("n")).where("state", "=", "paid").where("dossier_id", "in", ids).executeTakeFirst();
    mix.paid = Number(paid?.n ?? 0);
  }
  const petitions = await db.selectFrom("petitions").select(["status", "rating"]).where("content", "like", "%bộ mô phỏng%").execute();
  mix.petitions = petitions.length;
  mix.petitionsAnswered = petitions.filter((p) => p.status === "answered").length;
  mix.petitionsRated = petitions.filter((p) => p.rating !== null).length;
  if (ids.length > 0) {
    const ratings = await db.selectFrom("dossier_ratings").select((eb) => eb.fn.countAll<number>().as("n")).where("dossier_id", "in", ids).executeTakeFirst();
    mix.ratings = Number(ratings?.n ?? 0);
  }
  return mix;
}
