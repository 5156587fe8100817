// The sweep with the services the routes use (forms, notices through the outboxes). Those services load the
// locales through Vite (app/platform/i18n.server.ts), so this module is reached through the server build:
// app/entry.server.tsx re-exports it, and the server (app/server.ts) and the worker (db/jobs-cli.ts) call it from the
// build they load (app/platform/jobs.server.ts backgroundSweepOf).
import type { AppLoadContext } from "@remix-run/node";
import { runSweep, type SweepReport } from "../domain/dossiers/sweep.server";
import { sweepPayments } from "../domain/payments/payments.server";
import { sweepPetitions } from "../domain/petitions/petitions.server";
import { backOfficeServices, backOfficeSettings } from "./back-office-services.server";
import { paymentDeps } from "./payment-services.server";
import { refreshStatistics } from "../domain/statistics/statistics.server";
import { petitionServices, petitionSettings } from "./petition-services.server";

export async function runBackgroundSweep(context: AppLoadContext, now: Date): Promise<SweepReport> {
  const report = await runSweep(context.db, backOfficeServices(context), backOfficeSettings(context), { now });
  const petitions = await sweepPetitions(context.db, petitionServices(context), petitionSettings(context), now);
  const payments = await sweepPayments(context.db, paymentDeps(context), now);
  // Last: the statistics' rollups take in what the sweep and the requests changed since the previous round.
  const statistics = await refreshStatistics(context.db, { now });
  return {
    ...report,
    petitionsReminded: petitions.reminded,
    petitionsEscalated: petitions.escalated,
    paymentsChecked: payments.checked,
    paymentsSettled: payments.settled,
    paymentsExpired: payments.expired,
    paymentsCancelled: payments.cancelled,
    paymentsRefunded: payments.refunded,
    receiptsFiled: payments.filed,
    statisticsChanged: statistics.changed,
  };
}
