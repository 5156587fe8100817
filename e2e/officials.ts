import { expect, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { totpCode } from "../app/platform/totp.server";
import { BASE_URL } from "./playwright.config";

// Officials for the journeys: invited from the console (the real bootstrap command), then through the real pages —
// a password, an authenticator app (the test is the app: it reads the key from the page and computes the codes) and
// a sign-in with password and code.

const root = fileURLToPath(new URL("..", import.meta.url));
const DATA_DIR = process.env.E2E_DATA_DIR ?? "data/e2e";

/** The signed-in catalog administrator's browser state, written once by catalog-admin.setup.ts. */
export const CATALOG_ADMIN_STATE = join(DATA_DIR, "catalog-admin.state.json");

/** `npm run -s officials -- invite-admin …`: the invitation link the command prints. */
export function inviteFromConsole(email: string, name: string, roles: readonly string[] = ["system_admin"], agency = "000.00.01.H22"): string {
  const args = ["tsx", "db/officials-cli.ts", "invite-admin", "--email", email, "--name", name, "--agency", agency, ...roles.flatMap((r) => ["--role", r])];
  const out = execFileSync("npx", args, {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `${DATA_DIR}/portal.db`, DATA_DIR, PUBLIC_URL: BASE_URL, LOG_LEVEL: "warn" },
    encoding: "utf8",
  });
  const link = /https?:\/\/\S+\/officials\/accept\/[\w-]+/.exec(out)?.[0];
  if (!link) throw new Error(`no invitation link in: ${out}`);
  return link;
}

/** Accept an invitation: choose the password, enrol the authenticator app, keep the recovery codes. The TOTP key. */
export async function acceptInvitation(page: Page, link: string, password: string): Promise<string> {
  await page.goto(link);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đặt mật khẩu và tiếp tục" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Cài đặt ứng dụng xác thực");
  await page.getByText("Không quét được mã QR?").click();
  const secret = ((await page.getByTestId("totp-secret").textContent()) ?? "").replace(/\s/g, "");
  await page.getByLabel("Mã xác thực").fill(totpCode(secret)!);
  await page.getByRole("button", { name: "Xác nhận" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Lưu các mã khôi phục");
  await page.getByRole("button", { name: /Tôi đã lưu các mã này/ }).click();
  return secret;
}

/**
 * Sign in with password and code from wherever the sign-in page is showing. The code is the next 30-second step's:
 * the one just used to enrol is refused as a replay.
 */
export async function signInOfficial(page: Page, email: string, password: string, secret: string): Promise<void> {
  await page.getByLabel(/Địa chỉ thư điện tử hoặc số định danh/).fill(email);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nhập mã xác thực");
  await page.getByLabel("Mã xác thực hoặc mã khôi phục").fill(totpCode(secret, { now: Date.now() + 30_000 })!);
  await page.getByRole("button", { name: "Tiếp tục" }).click();
}
