// npm start: the demo province on this machine. Beside the portal it runs the development mail server (every mail
// the portal sends is readable at http://127.0.0.1:1080), the local VNeID stand-in (eID sign-in with fictitious
// residents) and the VNPay simulator (a test payment gateway, no money moves), and wires the portal to all three. A
// real deployment runs `npm run serve` with its own SMTP_URL, VNEID_* and VNPAY_* settings instead (README, Configuration).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { startDevMailServer } from "./dev-mail";
import { startVneidStandin } from "./vneid-standin";
import { API_PATH, PAY_PATH, startVnpaySimulator } from "./vnpay-simulator";

const PORT = Number(process.env.PORT ?? 3000);
const DATA_DIR = process.env.DATA_DIR ?? "data";
const SMTP_PORT = Number(process.env.DEV_SMTP_PORT ?? 1025);
const MAIL_WEB_PORT = Number(process.env.DEV_MAIL_WEB_PORT ?? 1080);
const VNEID_PORT = Number(process.env.VNEID_STANDIN_PORT ?? 3400);
// A development secret shared by the stand-in and the portal on this machine only.
const VNEID_SECRET = process.env.VNEID_CLIENT_SECRET ?? "demo-only-vneid-stand-in-secret";
const VNPAY_PORT = Number(process.env.VNPAY_SIM_PORT ?? 3402);
// The simulator's and the portal's shared hash secret: a new one at every start (none is kept in the repository).
const VNPAY_SECRET = process.env.VNPAY_HASH_SECRET ?? randomBytes(16).toString("hex").toUpperCase();
const VNPAY_TMN_CODE = "DVCDEMO1";
// The demo's administrator (system and catalog administration), invited on the first start like any other official.
const DEMO_ADMIN = { email: "quantri@demo.hagiang.gov.vn", name: "Quản trị viên thử nghiệm", agency: "000.00.01.H22" };
const redirectUris = [`http://localhost:${PORT}/sign-in/vneid/callback`, `http://127.0.0.1:${PORT}/sign-in/vneid/callback`];

async function main() {
  const mail = await startDevMailServer({ dir: join(DATA_DIR, "mail"), smtpPort: SMTP_PORT, webPort: MAIL_WEB_PORT });
  const vneid = await startVneidStandin({ port: VNEID_PORT, clientSecret: VNEID_SECRET, redirectUris });
  console.log(`Demo mail: every message the portal sends is at http://127.0.0.1:${mail.webPort}`);
  console.log(`Demo VNeID stand-in (fictitious residents, not the real VNeID): ${vneid.issuer}`);
  const publicUrl = process.env.PUBLIC_URL ?? `http://localhost:${PORT}`;
  const vnpay = await startVnpaySimulator({ port: VNPAY_PORT, tmnCode: VNPAY_TMN_CODE, hashSecret: VNPAY_SECRET, ipnUrl: `${publicUrl}/payments/vnpay/ipn` });
  const vnpayUrl = `http://127.0.0.1:${vnpay.port}`;
  console.log(`Demo payment gateway (a VNPay simulator, not the real VNPay; no money moves): ${vnpayUrl}`);

  inviteDemoAdministrator(publicUrl);

  const portal: ChildProcess = spawn(process.execPath, ["--import", "tsx", "app/server.ts"], {
    stdio: "inherit",
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(PORT),
      SMTP_URL: process.env.SMTP_URL ?? `smtp://127.0.0.1:${mail.smtpPort}`,
      PUBLIC_URL: publicUrl,
      VNEID_ISSUER: process.env.VNEID_ISSUER ?? vneid.issuer,
      VNEID_CLIENT_SECRET: VNEID_SECRET,
      VNEID_REDIRECT_URI: process.env.VNEID_REDIRECT_URI ?? redirectUris[0],
      VNPAY_TMN_CODE,
      VNPAY_HASH_SECRET: VNPAY_SECRET,
      VNPAY_PAY_URL: `${vnpayUrl}${PAY_PATH}`,
      VNPAY_API_URL: `${vnpayUrl}${API_PATH}`,
      // A demonstration collecting account for VietQR transfers (a province sets its own: README, Configuration).
      VIETQR_BANK_BIN: process.env.VIETQR_BANK_BIN ?? "970418",
      VIETQR_BANK_NAME: process.env.VIETQR_BANK_NAME ?? "BIDV (tài khoản thử nghiệm)",
      VIETQR_ACCOUNT: process.env.VIETQR_ACCOUNT ?? "1234567890123",
      VIETQR_ACCOUNT_NAME: process.env.VIETQR_ACCOUNT_NAME ?? "TRUNG TAM PHUC VU HANH CHINH CONG TINH HA GIANG",
    },
  });
  const stop = (signal: NodeJS.Signals) => {
    portal.kill(signal);
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
  portal.once("exit", (code) => {
    void Promise.allSettled([mail.close(), vneid.close(), vnpay.close()]).then(() => process.exit(code ?? 0));
  });
}

/**
 * On the first start, invite the demo administrator through the real console command (the invitation also lands in
 * the demo mail); later starts only remind where it is.
 */
function inviteDemoAdministrator(origin: string) {
  const args = ["--import", "tsx", "db/officials-cli.ts", "invite-admin", "--email", DEMO_ADMIN.email, "--name", DEMO_ADMIN.name, "--agency", DEMO_ADMIN.agency];
  const run = spawnSync(process.execPath, [...args, "--role", "system_admin", "--role", "catalog_admin", "--origin", origin], {
    env: { ...process.env, LOG_LEVEL: "warn" },
    encoding: "utf8",
  });
  const link = /https?:\/\/\S+\/officials\/accept\/[\w-]+/.exec(run.stdout ?? "")?.[0];
  if (run.status === 0 && link) {
    console.log(`Demo administrator ${DEMO_ADMIN.email}: open ${link} to choose a password and set up an authenticator app.`);
  } else {
    console.log(`Demo administrator ${DEMO_ADMIN.email}: invited on an earlier start (the invitation is in the demo mail); sign in at /sign-in.`);
  }
}

main().catch((error: unknown) => {
  const e = error as NodeJS.ErrnoException;
  console.error(e.code === "EADDRINUSE" ? `A demo port is in use (${e.message}); set DEV_SMTP_PORT, DEV_MAIL_WEB_PORT, VNEID_STANDIN_PORT or VNPAY_SIM_PORT.` : String(e.stack ?? e));
  process.exit(1);
});
