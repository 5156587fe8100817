import { expect, type Page } from "@playwright/test";
import { totpCode } from "../app/platform/totp.server";
import { linkIn, waitForMail } from "./mailbox";
import { inviteFromConsole } from "./officials";

// Journeys of the administration start with a signed-in system administrator: invited from the console (as on a
// fresh installation), a password, the authenticator app (the test is the app: it reads the key from the page and
// computes codes) and the code at sign-in. TOTP codes cannot be replayed, so sign-in uses the next 30-second step's.

export const PASSWORD = "gió lạnh trên cao nguyên đá Đồng Văn";
export const unique = () => `${Date.now()}${Math.floor(Math.random() * 1000)}`;
export const escaped = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));

/** A system administrator's invitation from the console (the real bootstrap command; e2e/officials.ts). */
export function inviteAdminFromConsole(email: string, name: string): string {
  return inviteFromConsole(email, name, ["system_admin"]);
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
