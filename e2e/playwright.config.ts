import { defineConfig, devices } from "@playwright/test";
import { fileURLToPath } from "node:url";

// User journeys in Debian's Chromium against the production build, served on a fresh seeded SQLite database.
const root = fileURLToPath(new URL("..", import.meta.url));
export const PORT = Number(process.env.E2E_PORT ?? 3100);
export const BASE_URL = `http://127.0.0.1:${PORT}`;
const DATA_DIR = process.env.E2E_DATA_DIR ?? "data/e2e";
// The local VNeID stand-in (tools/vneid-standin.ts) that eID sign-in talks to.
export const VNEID_PORT = Number(process.env.E2E_VNEID_PORT ?? 3401);
export const VNEID_ISSUER = `http://127.0.0.1:${VNEID_PORT}`;
const VNEID_CLIENT_SECRET = "e2e-vneid-stand-in-client-secret";
const VNEID_REDIRECT_URI = `${BASE_URL}/sign-in/vneid/callback`;
// The VNPay simulator (tools/vnpay-simulator.ts) that payments talk to; its hash secret is a test-only constant.
export const VNPAY_PORT = Number(process.env.E2E_VNPAY_PORT ?? 3402);
export const VNPAY_SIM_URL = `http://127.0.0.1:${VNPAY_PORT}`;
const VNPAY_TMN_CODE = "DVCE2E01";
const VNPAY_HASH_SECRET = "E2EVNPAYSIMULATORSECRET0123456789";
// The development mail server (tools/dev-mail.ts) receives the portal's mail; journeys read links from its files.
const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? PORT + 25);
const MAIL_WEB_PORT = SMTP_PORT + 1;

const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export default defineConfig({
  testDir: ".",
  testMatch: "**/*.spec.ts",
  outputDir: ".results",
  workers: process.env.CI ? 1 : 2,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: BASE_URL,
    // Vietnamese first: the browser asks for Vietnamese like most of the province's users.
    locale: "vi-VN",
    timezoneId: "Asia/Ho_Chi_Minh",
    launchOptions: chromium,
    trace: "retain-on-failure",
  },
  projects: [
    // Signs in the catalog administrator whose browser state the catalog journeys start from (e2e/officials.ts).
    { name: "setup", testMatch: /\.setup\.ts$/, use: { ...devices["Desktop Chrome"], launchOptions: chromium } },
    { name: "js", dependencies: ["setup"], use: { ...devices["Desktop Chrome"], launchOptions: chromium } },
    {
      name: "no-js",
      grep: /@nojs/,
      dependencies: ["setup"],
      use: { ...devices["Desktop Chrome"], launchOptions: chromium, javaScriptEnabled: false },
    },
    {
      name: "phone",
      grep: /@phone/,
      dependencies: ["setup"],
      use: { ...devices["Pixel 5"], launchOptions: chromium },
    },
  ],
  webServer: [
    {
      command: `rm -rf ${DATA_DIR}-mail && npx tsx tools/dev-mail.ts`,
      cwd: root,
      url: `http://127.0.0.1:${MAIL_WEB_PORT}/`,
      env: { DATA_DIR: `${DATA_DIR}-mail`, DEV_SMTP_PORT: String(SMTP_PORT), DEV_MAIL_WEB_PORT: String(MAIL_WEB_PORT), NODE_ENV: "development" },
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: "npx tsx tools/vneid-standin.ts",
      cwd: root,
      url: `${VNEID_ISSUER}/.well-known/openid-configuration`,
      env: { VNEID_STANDIN_PORT: String(VNEID_PORT), VNEID_CLIENT_SECRET, VNEID_REDIRECT_URIS: VNEID_REDIRECT_URI },
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: "npx tsx tools/vnpay-simulator.ts",
      cwd: root,
      url: `${VNPAY_SIM_URL}/healthz`,
      env: { VNPAY_SIM_PORT: String(VNPAY_PORT), VNPAY_TMN_CODE, VNPAY_HASH_SECRET, VNPAY_IPN_URL: `${BASE_URL}/payments/vnpay/ipn` },
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: `rm -rf ${DATA_DIR} ${DATA_DIR}-signing && npx tsx db/cli.ts migrate && npx tsx db/cli.ts seed && npx tsx e2e/signing-setup.ts ${DATA_DIR} ${DATA_DIR}-signing && node --import tsx app/server.ts`,
      cwd: root,
      url: `${BASE_URL}/healthz`,
      env: {
        NODE_ENV: "production",
        HOST: "127.0.0.1",
        PORT: String(PORT),
        DATABASE_URL: `${DATA_DIR}/portal.db`,
        DATA_DIR,
        LOG_LEVEL: "warn",
        VNEID_ISSUER,
        VNEID_CLIENT_SECRET,
        VNEID_REDIRECT_URI,
        VNPAY_TMN_CODE,
        VNPAY_HASH_SECRET,
        VNPAY_PAY_URL: `${VNPAY_SIM_URL}/paymentv2/vpcpay.html`,
        VNPAY_API_URL: `${VNPAY_SIM_URL}/merchant_webapi/api/transaction`,
        // The collecting account for VietQR transfers (public details; a test account number).
        VIETQR_BANK_BIN: "970418",
        VIETQR_BANK_NAME: "BIDV — Chi nhánh Hà Giang",
        VIETQR_ACCOUNT: "1234567890123",
        VIETQR_ACCOUNT_NAME: "TRUNG TAM PHUC VU HANH CHINH CONG TINH HA GIANG",
        SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
        PUBLIC_URL: BASE_URL,
        // Results are signed with the keys e2e/signing-setup.ts installs (production never uses a demo key).
        SIGNING_KEYS_DIR: `${DATA_DIR}-signing`,
        // e2e/lock-out.spec.ts waits out the sign-in back-off: seconds instead of 15 s … 15 min. Every journey
        // signs in and registers from 127.0.0.1: that one address may fail and register more before it is slowed.
        SIGN_IN_BACKOFF_BASE_MS: "1000",
        SIGN_IN_BACKOFF_MAX_MS: "2000",
        SIGN_IN_IP_FREE_ATTEMPTS: "150",
        PUBLIC_FORM_IP_FREE_ATTEMPTS: "500",
      },
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
