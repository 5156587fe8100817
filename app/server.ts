// The composition root: validates configuration, opens the database, and serves the Remix app with
// security headers, request logging and graceful shutdown. `tsx app/server.ts` (production) or `--dev`.
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { createServer, type IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import { join } from "node:path";
import { migrateToLatest, pendingMigrations } from "../db/migrate";
import { assertDatabaseReachable, createDb, engineOf } from "./platform/db.server";
import { ConfigError, loadEnv } from "./platform/env.server";
import { createLogger } from "./platform/logger.server";
import { contentSecurityPolicy, createNonce, isCrossSiteMutation, securityHeaders } from "./platform/security.server";
import { createDatabaseSessionStorage, purgeExpiredSessions } from "./platform/session.server";
import { createDiskBlobStore } from "./platform/blob-store.server";
import { createFileStorage } from "./platform/storage.server";
import { newId } from "./platform/ids.server";
import { createPageCache } from "./platform/page-cache.server";
import { createMailer } from "./platform/mail.server";
import { eidFormActionOrigins } from "./platform/oidc.server";
import { startMailWorker } from "./platform/mail-outbox.server";
import { createSmsProvider } from "./platform/sms.server";
import { startSmsWorker } from "./platform/sms-outbox.server";
import { backgroundSweepOf } from "./platform/jobs.server";
import { startSweepWorker } from "./platform/sweep-worker.server";
import { purgeRateLimits, rateLimitPolicies } from "./platform/rate-limit.server";
import { cookieSecrets, loadServerSecrets, sealingKeys } from "./platform/server-secret.server";
import { getCatalogRevision } from "./domain/procedures/catalog.repo.server";
import viErrors from "../locales/vi/errors.json" with { type: "json" };
import enErrors from "../locales/en/errors.json" with { type: "json" };
import { paymentSettingsFromEnv } from "./platform/payment-settings.server";
import { petitionSettingsFromEnv } from "./platform/petition-settings.server";
import { ratingSettingsFromEnv } from "./platform/rating-settings.server";
import { createSigning } from "./platform/signature-services.server";
import pkg from "../package.json" with { type: "json" };

const DEV = process.argv.includes("--dev");

/** The request id a proxy sent (cleaned), or a new one. */
function requestIdOf(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given?.slice(0, 64).replace(/[^\w.-]/g, "") || newId();
}
const SHUTDOWN_GRACE_MS = 10_000;

async function main() {
  const env = loadEnv({ ...process.env, NODE_ENV: DEV ? "development" : process.env.NODE_ENV });
  const logger = createLogger(env.LOG_LEVEL);
  const db = createDb(env.database, { connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS });
  try {
    await assertDatabaseReachable(db, env.database, env.DB_CONNECT_TIMEOUT_MS);
    const pending = await pendingMigrations(db);
    if (pending.length > 0) {
      if (!DEV) {
        throw new ConfigError(
          `The database has ${pending.length} migration(s) not applied yet; run "npm run db:migrate" first.`,
        );
      }
      await migrateToLatest(db);
      logger.info("migrated", { applied: pending });
    }
  } catch (error) {
    await db.destroy().catch(() => {});
    throw error;
  }

  // The current secret signs cookies and seals; previous ones (SESSION_SECRET_PREVIOUS) still verify and open.
  const secrets = await loadServerSecrets(env, { create: true });
  const secretKey = sealingKeys(secrets);
  const signing = createSigning(env);
  const petitions = petitionSettingsFromEnv(env);
  const ratings = ratingSettingsFromEnv(env);
  const rateLimits = rateLimitPolicies({
    signInBackoffBaseMs: env.SIGN_IN_BACKOFF_BASE_MS,
    signInBackoffMaxMs: env.SIGN_IN_BACKOFF_MAX_MS,
    signInIpFreeAttempts: env.SIGN_IN_IP_FREE_ATTEMPTS,
    publicFormIpFreeAttempts: env.PUBLIC_FORM_IP_FREE_ATTEMPTS,
    dossierTrackingIpFreeAttempts: env.DOSSIER_TRACKING_IP_FREE_ATTEMPTS,
  });
  // Links in e-mails use the configured address, never the request's Host header (which a client chooses: a
  // password-reset link must not point wherever an attacker's request said).
  const publicOrigin = env.PUBLIC_URL ?? `http://${env.HOST === "0.0.0.0" ? "localhost" : env.HOST}:${env.PORT}`;
  const payments = paymentSettingsFromEnv(env, publicOrigin);
  const sessionStorages = {
    https: createDatabaseSessionStorage(db, { secrets: cookieSecrets(secrets), secure: true }),
    http: createDatabaseSessionStorage(db, { secrets: cookieSecrets(secrets), secure: false }),
  };
  const storage = createFileStorage(join(env.DATA_DIR, "files"));
  // Uploads and results by content (files/ab/cd/<sha256>, beside the catalog templates' generated keys).
  const blobs = createDiskBlobStore(join(env.DATA_DIR, "files"));
  const engine = engineOf(db);
  const version = process.env.APP_VERSION ?? pkg.version;

  const vite = DEV
    ? await import("vite").then((v) => v.createServer({ server: { middlewareMode: true }, appType: "custom" }))
    : undefined;
  const build = vite
    ? () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>
    : ((await import(join(process.cwd(), "build/server/index.js"))) as ServerBuild);

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", env.TRUST_PROXY);

  // Public catalog pages are rendered once per catalog revision, language and address (anonymous visitors);
  // `capture` (after compression) keeps what was rendered and `serve` answers from memory in front of Express.
  const isSecure = (req: IncomingMessage) =>
    env.TRUST_PROXY ? String(req.headers["x-forwarded-proto"] ?? "").split(",")[0]?.trim() === "https" : (req.socket as TLSSocket).encrypted === true;
  // A sign-out form may end at the eID provider's end-session endpoint (decision 0010): its origin joins form-action.
  // A POST may lead to the eID provider (sign-out) and to the payment gateway (paying without JavaScript: the form's
  // answer is a redirect to VNPay, which browsers check against form-action).
  const formActionOrigins = [...eidFormActionOrigins(env), ...(env.VNPAY_PAY_URL ? [new URL(env.VNPAY_PAY_URL).origin] : [])];
  const cachedPagePolicy = contentSecurityPolicy(null, { dev: DEV, formActionOrigins });
  const pageCache = createPageCache({
    revisionOf: () => getCatalogRevision(db),
    isSecure,
    perResponseHeaders: (req) => ({ "X-Request-Id": requestIdOf(req.headers["x-request-id"]), "Content-Security-Policy": cachedPagePolicy }),
    onHit: (req, status, bytes) => logger.info("request", { requestId: requestIdOf(req.headers["x-request-id"]), method: req.method, path: req.url, status, bytes, cache: "hit" }),
  });

  // Request id, logging and security headers first, so that every response carries them.
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    const requestId = requestIdOf(req.get("x-request-id"));
    res.locals.requestId = requestId;
    res.locals.nonce = createNonce();
    res.set("X-Request-Id", requestId);
    res.set(securityHeaders(res.locals.nonce as string, { dev: DEV, https: req.secure, formActionOrigins }));
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const quiet = req.path === "/healthz" || req.path.startsWith("/assets/");
      (quiet ? logger.debug : logger.info)("request", {
        requestId,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
        bytes: Number(res.get("content-length") ?? 0) || undefined,
      });
    });
    next();
  });

  // CSRF defence for every mutation: a browser's cross-site POST is refused before any action runs.
  app.use((req, res, next) => {
    const expected = `${req.protocol}://${req.get("host") ?? ""}`;
    if (isCrossSiteMutation(req.method, { origin: req.get("origin"), secFetchSite: req.get("sec-fetch-site") }, expected)) {
      logger.warn("cross-site request refused", { requestId: res.locals.requestId, method: req.method, path: req.path });
      res
        .status(403)
        .type("text/plain; charset=utf-8")
        .send(`${viErrors.forbidden.title}\n${enErrors.forbidden.title}\n`);
      return;
    }
    next();
  });

  app.use(compression());
  if (!DEV) app.use(pageCache.capture);
  if (vite) {
    app.use(vite.middlewares);
  } else {
    app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y", index: false }));
    app.use(express.static("build/client", { maxAge: "1h", index: false }));
  }

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: DEV ? "development" : "production",
      getLoadContext: (req, res) => ({
        db,
        engine,
        logger,
        storage,
        blobs,
        sessionStorage: req.secure ? sessionStorages.https : sessionStorages.http,
        nonce: res.locals.nonce as string,
        requestId: res.locals.requestId as string,
        version,
        clientIp: req.ip ?? null,
        origin: publicOrigin,
        secretKey,
        rateLimits,
        signing,
        petitions,
        ratings,
        payments,
      }),
    }),
  );

  const server = createServer(DEV ? app : (req, res) => pageCache.serve(req, res, () => app(req, res)));
  server.listen(env.PORT, env.HOST, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : env.PORT;
    const where = env.database.engine === "sqlite" ? env.database.file : env.database.display;
    logger.info("listening", { url: `http://${env.HOST === "0.0.0.0" ? "localhost" : env.HOST}:${port}`, database: where, mode: DEV ? "development" : "production" });
    if (!DEV && env.LOG_LEVEL !== "silent") {
      process.stdout.write(`\nCổng Dịch vụ công is serving on http://localhost:${port} (database: ${where}).\n\n`);
    }
  });
  server.on("error", (error: NodeJS.ErrnoException) => {
    const message =
      error.code === "EADDRINUSE"
        ? `Port ${env.PORT} on ${env.HOST} is already in use; set PORT to a free port.`
        : `Cannot listen on ${env.HOST}:${env.PORT}: ${error.message}.`;
    console.error(message);
    process.exit(1);
  });

  // Mail goes through the outbox (written in the same transaction as what it reports) and is delivered here.
  const mailer = env.mail.smtp ? createMailer({ smtp: env.mail.smtp, from: env.mail.from }) : null;
  const stopMail = mailer ? startMailWorker(db, mailer, logger, { intervalMs: DEV ? 1000 : 2000 }) : null;
  if (!mailer) logger.warn("SMTP_URL is not set: e-mails wait in the outbox until it is");
  // Text messages: the same outbox discipline, through the configured provider ("log" by default).
  const stopSms = startSmsWorker(db, createSmsProvider(env.SMS_PROVIDER, logger), logger, { intervalMs: DEV ? 1000 : 2000 });
  if (!env.PUBLIC_URL && !DEV) logger.warn("PUBLIC_URL is not set: links in e-mails use " + publicOrigin);

  // The back office's timers (deadline warnings, overdue flags, apology prompts, expired supplementation requests),
  // unless SWEEP_INTERVAL_MS=0 (a separate `npm run jobs` worker runs them). Safe beside such a worker.
  const jobContext = {
    db,
    engine,
    logger,
    storage,
    blobs,
    sessionStorage: sessionStorages.https,
    nonce: "",
    requestId: "sweep",
    version,
    clientIp: null,
    origin: publicOrigin,
    secretKey,
    rateLimits,
    signing,
    petitions,
    ratings,
    payments,
  };
  // From the build (its services are bundled with the routes); in development the latest one.
  const sweep = async (now: Date) => backgroundSweepOf(typeof build === "function" ? await build() : build)(jobContext, now);
  const stopSweep = env.SWEEP_INTERVAL_MS > 0 ? startSweepWorker(sweep, logger, { intervalMs: env.SWEEP_INTERVAL_MS }) : null;
  if (!stopSweep) logger.info("SWEEP_INTERVAL_MS=0: the back office's sweep does not run in this server");

  const purge = setInterval(() => {
    purgeExpiredSessions(db).catch((err: unknown) => logger.warn("session purge failed", { err }));
    purgeRateLimits(db).catch((err: unknown) => logger.warn("rate limit purge failed", { err }));
  }, 60 * 60 * 1000);
  purge.unref();

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    clearInterval(purge);
    const force = setTimeout(() => {
      logger.warn("forcing shutdown: requests still open");
      server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(async () => {
      await stopMail?.();
      await stopSms();
      await stopSweep?.();
      mailer?.close();
      await vite?.close();
      await db.destroy();
      logger.info("stopped");
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
  process.exit(1);
});
