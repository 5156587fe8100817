import { expect, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { totpCode } from "../app/platform/totp.server";
import { linkIn, waitForMail } from "./mailbox";
import { BASE_URL } from "./playwright.config";

// Journeys of the administration start with a signed-in system administrator: invited from the console (as on a
// fresh installation), a password, the authenticator app (the test is the app: it reads the key from the page and
// computes codes) and the code at sign-in. TOTP codes cannot be replayed, so sign-in uses the next 30-second step's.

const root = fileURLToPath(new URL("..", import.meta.url));
const DATA_DIR = process.env.E2E_DATA_DIR ?? "data/e2e";

export const PASSWORD = "gió lạnh trên cao nguyên đá Đồng Văn";
export const unique = () => `${Date.now()}${Math.floor(Math.random() * 1000)}`;
export const escaped = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));

export function inviteAdminFromConsole(email: string, name: string): string {
  // The console is another process writing the server's SQLite file: when both write at the same instant, SQLite
  // answers "database is locked" at once (a deferred transaction cannot wait for the lock), so try again.
  for (let attempt = 1; ; attempt++) {
    try {
      const out = execFileSync("npx", ["tsx", "db/officials-cli.ts", "invite-admin", "--email", email, "--name", name, "--agency", "000.00.01.H22"], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: `${DATA_DIR}/portal.db`, DATA_DIR, PUBLIC_URL: BASE_URL, LOG_LEVEL: "warn" },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
      const link = /https?:\/\/\S+\/officials\/accept\/[\w-]+/.exec(out)?.[0];
      if (!link) throw new Error(`no invitation link in: ${out}`);
      return link;
    } catch (error) {
      const stderr = String((error as { stderr?: unknown }).stderr ?? "");
      if (attempt >= 5 || !stderr.includes("database is locked")) throw error;
      execFileSync("sleep", [String(attempt)]);
    }
  }
}

/** From an invitation link: a password, the authenticator app, the recovery codes. Returns the key and the codes. */
export async function acceptAndEnrol(page: Page, link: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nhận lời mời tham gia Cổng Dịch vụ công");
  await page.getByLabel("Mật khẩu").fill(PASSWORD);
  await page.getByRole("button", { name: "Đặt mật khẩu và tiếp tục" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Cài đặt ứng dụng xác thực");
  const secret = ((await page.getByTestId("totp-secret").textContent()) ?? "").replace(/\s/g, "");
  await page.getByLabel("Mã xác thực").fill(totpCode(secret)!);
  await page.getByRole("button", { name: "Xác nhận" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Lưu các mã khôi phục");
  const recoveryCodes = (await page.getByTestId("recovery-codes").getByRole("listitem").allTextContents()).map((c) => c.trim());
  await page.getByRole("button", { name: /Tôi đã lưu các mã này/ }).click();
  return { secret, recoveryCodes };
}

/** Sign in with the password, then a code (by default the next step's TOTP code). */
export async function signIn(page: Page, email: string, code: string, path = "/account") {
  await page.goto(path);
  await expect(page).toHaveURL(/\/sign-in\?/);
  await page.getByLabel(/Địa chỉ thư điện tử hoặc số định danh/).fill(email);
  await page.getByLabel("Mật khẩu").fill(PASSWORD);
  await page.getByRole("button", { name: "Đăng nhập", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nhập mã xác thực");
  await page.getByLabel("Mã xác thực hoặc mã khôi phục").fill(code);
  await page.getByRole("button", { name: "Tiếp tục" }).click();
}

/** A new system administrator, signed in on this page. */
export async function signedInAdministrator(page: Page, name: string) {
  const email = `quan.tri.${unique()}@hagiang.gov.vn`;
  const { secret } = await acceptAndEnrol(page, inviteAdminFromConsole(email, name));
  await signIn(page, email, totpCode(secret, { now: Date.now() + 30_000 })!, "/admin/officials");
  await expect(page).toHaveURL(/\/admin\/officials$/);
  return { email };
}

/** The invitation link of the newest invitation mail to an address other than `not` (a link sent again). */
export async function invitationLink(email: string, not?: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const link = linkIn((await waitForMail(email, /Lời mời tham gia Cổng Dịch vụ công/)).text, /^\/officials\/accept\//);
    if (link !== not) return link;
    if (Date.now() > deadline) throw new Error(`no new invitation to ${email}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
