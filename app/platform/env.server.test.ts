import { describe, expect, it } from "vitest";
import { ConfigError, loadEnv, parseDatabaseUrl } from "./env.server";

describe("parseDatabaseUrl", () => {
  it("chooses embedded SQLite when unset or a path", () => {
    expect(parseDatabaseUrl(undefined)).toEqual({ engine: "sqlite", file: "data/portal.db" });
    expect(parseDatabaseUrl("  ")).toEqual({ engine: "sqlite", file: "data/portal.db" });
    expect(parseDatabaseUrl("/var/lib/portal/db.sqlite")).toEqual({ engine: "sqlite", file: "/var/lib/portal/db.sqlite" });
    expect(parseDatabaseUrl("file:data/x.db")).toEqual({ engine: "sqlite", file: "data/x.db" });
    expect(parseDatabaseUrl(":memory:")).toEqual({ engine: "sqlite", file: ":memory:" });
  });

  it("chooses PostgreSQL for postgres:// and postgresql:// URLs, hiding the password", () => {
    expect(parseDatabaseUrl("postgres://app:s3cret@db.local:6543/portal")).toEqual({
      engine: "postgres",
      url: "postgres://app:s3cret@db.local:6543/portal",
      display: "postgres://db.local:6543/portal",
    });
    expect(parseDatabaseUrl("postgresql://127.0.0.1/test")).toMatchObject({ engine: "postgres", display: "postgres://127.0.0.1:5432/test" });
  });

  it.each([
    ["mysql://root@localhost/portal", /unsupported scheme "mysql:"/],
    ["postgres://", /must name a host and a database|not a valid PostgreSQL URL/],
    ["postgres://host-only", /must name a host and a database/],
    ["postgres://h:port/db", /not a valid PostgreSQL URL/],
    ["http://example.com/db", /unsupported scheme "http:"/],
  ])("refuses %s with one sentence", (value, message) => {
    expect(() => parseDatabaseUrl(value)).toThrow(ConfigError);
    try {
      parseDatabaseUrl(value);
    } catch (error) {
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain("\n");
      expect((error as Error).message.endsWith(".")).toBe(true);
    }
  });
});

describe("loadEnv", () => {
  it("has working defaults for a fresh machine", () => {
    const env = loadEnv({});
    expect(env).toMatchObject({ NODE_ENV: "development", HOST: "127.0.0.1", PORT: 3000, DATA_DIR: "data", TRUST_PROXY: false });
    expect(env.database).toEqual({ engine: "sqlite", file: "data/portal.db" });
  });

  it("keeps the sign-in back-off of decision 0010 unless configured, and refuses a cap below the base", () => {
    expect(loadEnv({})).toMatchObject({ SIGN_IN_BACKOFF_BASE_MS: 15_000, SIGN_IN_BACKOFF_MAX_MS: 900_000, SIGN_IN_IP_FREE_ATTEMPTS: 30, PUBLIC_FORM_IP_FREE_ATTEMPTS: 10, SESSION_SECRET_PREVIOUS: [] });
    expect(loadEnv({ SIGN_IN_BACKOFF_BASE_MS: "1000", SIGN_IN_BACKOFF_MAX_MS: "2000", SIGN_IN_IP_FREE_ATTEMPTS: "150" })).toMatchObject({
      SIGN_IN_BACKOFF_BASE_MS: 1000,
      SIGN_IN_BACKOFF_MAX_MS: 2000,
      SIGN_IN_IP_FREE_ATTEMPTS: 150,
    });
    expect(() => loadEnv({ SIGN_IN_BACKOFF_BASE_MS: "2000", SIGN_IN_BACKOFF_MAX_MS: "1000" })).toThrow(/^SIGN_IN_BACKOFF_MAX_MS must be .* not below SIGN_IN_BACKOFF_BASE_MS\.$/);
    expect(() => loadEnv({ SIGN_IN_BACKOFF_BASE_MS: "0" })).toThrow(/^SIGN_IN_BACKOFF_BASE_MS must be a whole number of milliseconds/);
    expect(() => loadEnv({ SIGN_IN_BACKOFF_MAX_MS: "soon" })).toThrow(/^SIGN_IN_BACKOFF_MAX_MS must be/);
    expect(loadEnv({ PUBLIC_FORM_IP_FREE_ATTEMPTS: "200" }).PUBLIC_FORM_IP_FREE_ATTEMPTS).toBe(200);
    expect(() => loadEnv({ PUBLIC_FORM_IP_FREE_ATTEMPTS: "0" })).toThrow(/^PUBLIC_FORM_IP_FREE_ATTEMPTS must be a whole number between 1 and 10000\.$/);
    expect(loadEnv({}).DOSSIER_TRACKING_IP_FREE_ATTEMPTS).toBe(20);
    expect(loadEnv({ DOSSIER_TRACKING_IP_FREE_ATTEMPTS: "1000000" }).DOSSIER_TRACKING_IP_FREE_ATTEMPTS).toBe(1_000_000);
    for (const bad of ["0", "-1", "1.5", "many", "10000001"]) {
      expect(() => loadEnv({ DOSSIER_TRACKING_IP_FREE_ATTEMPTS: bad })).toThrow(/^DOSSIER_TRACKING_IP_FREE_ATTEMPTS must be a whole number between 1 and 10000000\.$/);
    }
    expect(() => loadEnv({ SIGN_IN_IP_FREE_ATTEMPTS: "200" })).toThrow(/^SIGN_IN_IP_FREE_ATTEMPTS must be a whole number between 1 and 199\.$/);
  });

  it("logs text messages unless another SMS provider is configured, and names the known ones", () => {
    expect(loadEnv({}).SMS_PROVIDER).toBe("log");
    expect(() => loadEnv({ SMS_PROVIDER: "viettel" })).toThrow("SMS_PROVIDER must be one of: log.");
  });

  it("sweeps every minute unless configured; 0 turns the server's sweep off", () => {
    expect(loadEnv({})).toMatchObject({ SWEEP_INTERVAL_MS: 60_000, JOBS_SWEEP_INTERVAL_MS: 60_000 });
    expect(loadEnv({ SWEEP_INTERVAL_MS: "0", JOBS_SWEEP_INTERVAL_MS: "5000" })).toMatchObject({ SWEEP_INTERVAL_MS: 0, JOBS_SWEEP_INTERVAL_MS: 5000 });
    for (const bad of ["-1", "999", "1.5", "often", "86400001"]) {
      expect(() => loadEnv({ SWEEP_INTERVAL_MS: bad })).toThrow(/^SWEEP_INTERVAL_MS must be 0 \(off\) or a whole number of milliseconds between 1000 and 86400000\.$/);
    }
    expect(() => loadEnv({ JOBS_SWEEP_INTERVAL_MS: "0" })).toThrow(/^JOBS_SWEEP_INTERVAL_MS must be/);
  });

  it("signs results with RSA-PSS and without configured keys (a demo CA outside production) unless told otherwise", () => {
    const env = loadEnv({});
    expect([env.SIGNING_RSA_PADDING, env.SIGNING_KEYS_DIR, env.SIGNING_TSA_URL, env.SIGNING_KEY_PASSWORD]).toEqual(["pss", undefined, undefined, undefined]);
    expect(loadEnv({ SIGNING_KEYS_DIR: "/etc/portal/signing", SIGNING_RSA_PADDING: "pkcs1", SIGNING_TSA_URL: "http://tsa.example.vn/tsa" })).toMatchObject({
      SIGNING_KEYS_DIR: "/etc/portal/signing",
      SIGNING_RSA_PADDING: "pkcs1",
      SIGNING_TSA_URL: "http://tsa.example.vn/tsa",
    });
    expect(() => loadEnv({ SIGNING_RSA_PADDING: "none" })).toThrow(/^SIGNING_RSA_PADDING must be pss or pkcs1\.$/);
    expect(() => loadEnv({ SIGNING_TSA_URL: "ftp://tsa.example.vn" })).toThrow(/^SIGNING_TSA_URL must be an http\(s\) address/);
  });

  it("names every bad variable in one sentence", () => {
    expect(() => loadEnv({ PORT: "eighty", SESSION_SECRET: "short" })).toThrow(
      "PORT must be a whole number between 0 and 65535; SESSION_SECRET must be at least 32 characters long.",
    );
  });
});
