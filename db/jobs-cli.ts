// The background worker, a process of its own beside the server:
//   npm run -s jobs              sweep every JOBS_SWEEP_INTERVAL_MS and deliver the mail and SMS outboxes until
//                                SIGTERM/SIGINT
//   npm run -s jobs -- --once    one sweep and one delivery round, then a summary
// It may run beside servers that sweep too (SWEEP_INTERVAL_MS): the sweep's marks and the outbox's claims are
// compare-and-set updates, so every alert, closure and message happens once.
import type { ServerBuild } from "@remix-run/node";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { pendingMigrations } from "./migrate";
import type { SweepReport } from "../app/domain/dossiers/sweep.server";
import { assertDatabaseReachable, createDb } from "../app/platform/db.server";
import { ConfigError, loadEnv } from "../app/platform/env.server";
import { backgroundSweepOf, createJobContext } from "../app/platform/jobs.server";
import { createLogger } from "../app/platform/logger.server";
import { deliverDueMail, startMailWorker } from "../app/platform/mail-outbox.server";
import { createMailer } from "../app/platform/mail.server";
import { deliverDueSms, startSmsWorker } from "../app/platform/sms-outbox.server";
import { createSmsProvider } from "../app/platform/sms.server";
import { logSweepReport, startSweepWorker } from "../app/platform/sweep-worker.server";
import pkg from "../package.json" with { type: "json" };

const USAGE = "Usage: tsx db/jobs-cli.ts [--once]";
const OUTBOX_INTERVAL_MS = 2000;
const OUTBOX_BATCH = 20;

function describeSweep(report: SweepReport): string {
  return (
    `Sweep: ${report.warned} step(s) warned 24 h before the deadline, ${report.flaggedOverdue} flagged overdue, ` +
    `${report.apologyPrompts} apology letter prompt(s), ${report.supplementsExpired} supplementation request(s) expired` +
    (report.unaddressed > 0 ? `, ${report.unaddressed} with no official to alert` : "") +
    (report.failures.length > 0 ? `; ${report.failures.length} left for the next pass.` : ".")
  );
}

async function main(): Promise<number> {
  let once: boolean;
  try {
    const { values } = parseArgs({ args: process.argv.slice(2), options: { once: { type: "boolean", default: false } } });
    once = values.once;
  } catch {
    console.error(USAGE);
    return 2;
  }
  const env = loadEnv();
  const logger = createLogger(env.LOG_LEVEL);
  const db = createDb(env.database, { connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS });
  const mailer = env.mail.smtp ? createMailer({ smtp: env.mail.smtp, from: env.mail.from }) : null;
  const sms = createSmsProvider(env.SMS_PROVIDER, logger);
  const close = async () => {
    mailer?.close();
    await db.destroy();
  };
  try {
    await assertDatabaseReachable(db, env.database, env.DB_CONNECT_TIMEOUT_MS);
    const pending = await pendingMigrations(db);
    if (pending.length > 0) throw new ConfigError(`The database has ${pending.length} migration(s) not applied yet; run "npm run db:migrate" first.`);
    const context = await createJobContext(env, db, logger, process.env.APP_VERSION ?? pkg.version);
    // The sweep's services are bundled with the routes: the worker runs the server's production build.
    const buildFile = join(process.cwd(), "build/server/index.js");
    if (!existsSync(buildFile)) throw new ConfigError(`No server build at ${buildFile}: run "npm run build" first (the worker runs the server's code).`);
    const run = backgroundSweepOf((await import(buildFile)) as ServerBuild);
    const sweep = (now: Date) => run(context, now);

    if (once) {
      const report = await sweep(new Date());
      console.log(describeSweep(report));
      for (const failure of report.failures) console.error(`  ${failure.kind} ${failure.id}: ${failure.message}`);
      if (mailer) {
        const mail = await drain((batch) => deliverDueMail(db, mailer, { batch }));
        console.log(`Mail: ${mail.sent} sent, ${mail.failed} not sent (retried later or given up).`);
      } else {
        console.log("Mail: SMTP_URL is not set; e-mails wait in the outbox.");
      }
      const texts = await drain((batch) => deliverDueSms(db, sms, { batch }));
      console.log(`SMS (${env.SMS_PROVIDER}): ${texts.sent} sent, ${texts.failed} not sent (retried later or given up).`);
      return report.failures.length > 0 ? 1 : 0;
    }

    // The workers' timers do not keep the process alive; this does, until a signal.
    const alive = setInterval(() => {}, 1 << 30);
    const signalled = new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        logger.info("jobs stopping", { signal });
        clearInterval(alive);
        resolve();
      };
      process.once("SIGTERM", () => stop("SIGTERM"));
      process.once("SIGINT", () => stop("SIGINT"));
    });
    const stopSweep = startSweepWorker(sweep, logger, { intervalMs: env.JOBS_SWEEP_INTERVAL_MS });
    const stopMail = mailer ? startMailWorker(db, mailer, logger, { intervalMs: OUTBOX_INTERVAL_MS, batch: OUTBOX_BATCH }) : null;
    const stopSms = startSmsWorker(db, sms, logger, { intervalMs: OUTBOX_INTERVAL_MS, batch: OUTBOX_BATCH });
    if (!mailer) logger.warn("SMTP_URL is not set: e-mails wait in the outbox until it is");
    logger.info("jobs started", { sweepIntervalMs: env.JOBS_SWEEP_INTERVAL_MS, mail: mailer !== null, sms: env.SMS_PROVIDER });
    // A first sweep at once rather than one interval after the start (the worker's own rounds follow).
    try {
      logSweepReport(logger, await sweep(new Date()));
    } catch (err) {
      logger.error("sweep failed", { err });
    }
    await signalled;
    await stopSweep();
    await stopMail?.();
    await stopSms();
    logger.info("jobs stopped");
    return 0;
  } finally {
    await close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(error.message);
    else console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);

/** Send what an outbox holds now, a batch at a time (at most 50 batches), and count what went and what did not. */
async function drain(deliver: (batch: number) => Promise<{ attempted: number; sent: unknown[]; failed: unknown[] }>) {
  let sent = 0;
  let failed = 0;
  for (let round = 0; round < 50; round++) {
    const delivery = await deliver(OUTBOX_BATCH);
    sent += delivery.sent.length;
    failed += delivery.failed.length;
    if (delivery.attempted < OUTBOX_BATCH) break;
  }
  return { sent, failed };
}
