import { expect, test } from "@playwright/test";
import { totpCode } from "../app/platform/totp.server";
import { expectNoAxeViolations } from "./axe";
import { linkIn, waitForMail } from "./mailbox";
import { inviteFromConsole } from "./officials";

// The first administrator of a fresh installation: invited from the console, chooses a password, sets up an
// authenticator app (the test is the app: it reads the key from the page and computes the codes), keeps the
// recovery codes, signs in with password and code, and invites a case handler for an agency.

const unique = () => `${Date.now()}${Math.floor(Math.random() * 1000)}`;

test("the first administrator: invitation → password → authenticator app → recovery codes → sign in with a code → invites a handler @nojs", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const js = testInfo.project.name === "js";
  const id = unique();
  const email = `quan.tri.${id}@hagiang.gov.vn`;
  const password = "gió lạnh trên cao nguyên đá Đồng Văn";
  const link = inviteFromConsole(email, "Vàng Thị Mỷ");
  // The console also queued the invitation mail.
  expect(linkIn((await waitForMail(email, /Lời mời tham gia Cổng Dịch vụ công/)).text, /^\/officials\/accept\//)).toBe(link);

  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nhận lời mời tham gia Cổng Dịch vụ công");
  await expect(page.getByText(email)).toBeVisible();
  if (js) await expectNoAxeViolations(page);
  await page.getByLabel("Mật khẩu").fill("12345678");
  await page.getByRole("button", { name: "Đặt mật khẩu và tiếp tục" }).click();
  await expect(page.getByRole("alert")).toContainText(/phổ biến|dễ đoán/);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đặt mật khẩu và tiếp tục" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Cài đặt ứng dụng xác thực");
  await expect(page.getByRole("img", { name: "Mã QR để thêm tài khoản vào ứng dụng xác thực" })).toBeVisible();
  if (js) await expectNoAxeViolations(page);
  await page.getByText("Không quét được mã QR?").click();
  const shown = (await page.getByTestId("totp-secret").textContent()) ?? "";
  expect(shown).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
  const secret = shown.replace(/\s/g, "");

  await page.getByLabel("Mã xác thực").fill("000000");
  await page.getByRole("button", { name: "Xác nhận" }).click();
  await expect(page.getByRole("alert")).toContainText("Mã không đúng");
  await page.getByLabel("Mã xác thực").fill(totpCode(secret)!);
  await page.getByRole("button", { name: "Xác nhận" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Lưu các mã khôi phục");
  await expect(page.getByTestId("recovery-codes").getByRole("listitem")).toHaveCount(10);
  if (js) await expectNoAxeViolations(page);
  await page.getByRole("button", { name: /Tôi đã lưu các mã này/ }).click();

  // Signing in: the password, then a code (the next step's: the one just used is refused as a replay).
  await page.goto("/admin/officials");
  await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Fadmin%2Fofficials/);
  await page.getByLabel(/Địa chỉ thư điện tử hoặc số định danh/).fill(email);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nhập mã xác thực");
  if (js) await expectNoAxeViolations(page);
  // Without the code, the administration is still closed.
  await page.goto("/admin/officials");
  await expect(page).toHaveURL(/\/sign-in\?/);
  await page.getByLabel(/Địa chỉ thư điện tử hoặc số định danh/).fill(email);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập", exact: true }).click();
  await page.getByLabel("Mã xác thực hoặc mã khôi phục").fill("123 123");
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  await expect(page.getByRole("alert")).toContainText("Mã không đúng");
  await page.getByLabel("Mã xác thực hoặc mã khôi phục").fill(totpCode(secret, { now: Date.now() + 30_000 })!);
  await page.getByRole("button", { name: "Tiếp tục" }).click();

  await expect(page).toHaveURL(/\/admin\/officials$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Quản lý cán bộ");
  await expect(page.getByRole("row", { name: new RegExp(email.replace(/\./g, "\\.")) })).toContainText("Quản trị hệ thống");
  if (js) await expectNoAxeViolations(page);

  // Invite a case handler for the Department of Justice; nothing filled in lists every problem first.
  await page.getByRole("button", { name: "Gửi lời mời" }).click();
  await expect(page.getByRole("alert")).toContainText("Nhập họ và tên");
  await expect(page.getByRole("alert")).toContainText("Chọn cơ quan");
  await expect(page.getByRole("alert")).toContainText("Chọn ít nhất một vai trò");
  const handler = `can.bo.${id}@hagiang.gov.vn`;
  await page.getByLabel("Họ và tên").fill("Lù Văn Páo");
  await page.getByLabel("Địa chỉ thư điện tử").fill(handler);
  await page.getByLabel("Cơ quan", { exact: true }).selectOption({ label: "Sở Tư pháp" });
  await page.getByLabel("Cán bộ xử lý hồ sơ").check();
  await page.getByRole("button", { name: "Gửi lời mời" }).click();
  await expect(page.getByText(`Đã gửi lời mời tới ${handler}.`)).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(handler.replace(/\./g, "\\.")) })).toContainText("Cán bộ xử lý hồ sơ – Sở Tư pháp");
  await expect(page.getByRole("row", { name: new RegExp(handler.replace(/\./g, "\\.")) })).toContainText("Đã mời");

  // The handler also becomes the department's approver: roles are changed agency by agency.
  await page.getByRole("row", { name: new RegExp(handler.replace(/\./g, "\\.")) }).getByRole("link", { name: "Lù Văn Páo" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Vai trò của Lù Văn Páo");
  await expect(page.getByLabel("Cán bộ xử lý hồ sơ")).toBeChecked();
  await page.getByLabel("Lãnh đạo phê duyệt").check();
  await page.getByRole("button", { name: "Lưu vai trò" }).click();
  await expect(page.getByRole("row", { name: new RegExp(handler.replace(/\./g, "\\.")) })).toContainText("Lãnh đạo phê duyệt – Sở Tư pháp");

  const mail = await waitForMail(handler, /Sở Tư pháp/);
  expect(mail.text).toContain("Vàng Thị Mỷ");
  await page.goto(linkIn(mail.text, /^\/officials\/accept\//));
  await expect(page.getByText(handler)).toBeVisible();
});
