// Background work outside requests: the back office's sweep (app/domain/dossiers/sweep.server.ts) and the outbox
// deliveries. The server runs them beside the requests (SWEEP_INTERVAL_MS, the mail and SMS workers); `npm run jobs`
// (db/jobs-cli.ts) runs them in a process of its own. Both may run at once: the sweep's marks and the outbox's claims
// are compare-and-set updates, so nothing is done twice.
import { paymentSettingsFromEnv } from "./payment-settings.server";
import { petitionSettingsFromEnv } from "./petition-settings.server";
import { ratingSettingsFromEnv } from "./rating-settings.server";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { join } from "node:path";
import type { SweepReport } from "../domain/dossiers/sweep.server";
import { createDiskBlobStore } from "./blob-store.server";
import { engineOf, type Db } from "./db.server";
import type { Env } from "./env.server";
import type { Logger } from "./logger.server";
import { createDatabaseSessionStorage } from "./session.server";
import { cookieSecrets, loadServerSecrets, sealingKeys } from "./server-secret.server";
import { rateLimitPolicies } from "./rate-limit.server";
import { createSigning } from "./signature-services.server";
import { createFileStorage } from "./storage.server";

/**
 * The load context a job hands to the services the routes use (backOfficeServices(context)): the same database,
 * storage and origin as the server's, without a request (no nonce, a fixed request id).
 */
export async function createJobContext(env: Env, db: Db, logger: Logger, version: string): Promise<AppLoadContext> {
  const secrets = await loadServerSecrets(env, { create: false });
  const publicOrigin = env.PUBLIC_URL ?? `http://${env.HOST === "0.0.0.0" ? "localhost" : env.HOST}:${env.PORT}`;
  return {
    db,
    engine: engineOf(db),
    logger,
    storage: createFileStorage(join(env.DATA_DIR, "files")),
    blobs: createDiskBlobStore(join(env.DATA_DIR, "files")),
    sessionStorage: createDatabaseSessionStorage(db, { secrets: cookieSecrets(secrets), secure: true }),
    nonce: "",
    requestId: "jobs",
    version,
    clientIp: null,
    origin: publicOrigin,
    secretKey: sealingKeys(secrets),
    signing: createSigning(env),
    petitions: petitionSettingsFromEnv(env),
    ratings: ratingSettingsFromEnv(env),
    payments: paymentSettingsFromEnv(env, publicOrigin),
    rateLimits: rateLimitPolicies({
      signInBackoffBaseMs: env.SIGN_IN_BACKOFF_BASE_MS,
      signInBackoffMaxMs: env.SIGN_IN_BACKOFF_MAX_MS,
      signInIpFreeAttempts: env.SIGN_IN_IP_FREE_ATTEMPTS,
      publicFormIpFreeAttempts: env.PUBLIC_FORM_IP_FREE_ATTEMPTS,
      dossierTrackingIpFreeAttempts: env.DOSSIER_TRACKING_IP_FREE_ATTEMPTS,
    }),
  };
}

export type BackgroundSweep = (context: AppLoadContext, now: Date) => Promise<SweepReport>;

/**
 * The sweep of a server build (app/entry.server.tsx re-exports runBackgroundSweep): the services it needs are
 * bundled by Vite with the routes, so the server and the worker take it from the build they run.
 */
export function backgroundSweepOf(build: Pick<ServerBuild, "entry">): BackgroundSweep {
  const run = (build.entry.module as { runBackgroundSweep?: unknown }).runBackgroundSweep;
  if (typeof run !== "function") throw new Error('The server build has no runBackgroundSweep (app/entry.server.tsx); run "npm run build" again.');
  return run as BackgroundSweep;
}
