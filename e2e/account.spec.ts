import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./axe";
import { cccdFor, unique } from "./citizens";
import { linkIn, waitForMail } from "./mailbox";

// A citizen creates an account, confirms the address from the e-mail, signs in, sees their account and signs out.

test("register → confirm the address from the e-mail → sign in → my account → sign out @nojs", async ({ page }, testInfo) => {
  test.setTimeout(60_000);
  const id = unique();
  const email = `cong.dan.${id}@example.vn`;
  const password = "mưa rừng Quản Bạ chiều thứ bảy";
  await page.goto("/register");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tạo tài khoản");
  if (testInfo.project.name === "js") await expectNoAxeViolations(page);

  // Nothing filled in: the error summary lists every problem.
  await page.getByRole("button", { name: "Tạo tài khoản" }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Nhập họ và tên");
  await expect(summary).toContainText("Đánh dấu để xác nhận");

  await page.getByLabel("Họ và tên").fill("Lò Thị Mai");
  await page.getByLabel(/Số định danh cá nhân/).fill("9999");
  await page.getByLabel("Ngày").fill("27");
  await page.getByLabel("Tháng").fill("3");
  await page.getByLabel("Năm").fill("1990");
  await page.getByLabel("Địa chỉ thư điện tử").fill(email);
  await page.getByLabel("Mật khẩu").fill("12345678");
  await page.getByLabel(/Tôi đã đọc thông báo/).check();
  await page.getByRole("button", { name: "Tạo tài khoản" }).click();
  await expect(page.getByRole("alert")).toContainText("12 chữ số");
  await expect(page.getByRole("alert")).toContainText(/phổ biến|dễ đoán/);
  // What was typed is kept (except the password).
  await expect(page.getByLabel("Họ và tên")).toHaveValue("Lò Thị Mai");

  await page.getByLabel(/Số định danh cá nhân/).fill(cccdFor(id));
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByLabel(/Tôi đã đọc thông báo/).check();
  await page.getByRole("button", { name: "Tạo tài khoản" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kiểm tra hộp thư của bạn");
  await expect(page.getByText(email)).toBeVisible();

  const mail = await waitForMail(email, /Xác nhận địa chỉ thư điện tử/);
  await page.goto(linkIn(mail.text, /^\/verify-email\//));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Đã xác nhận địa chỉ thư điện tử");

  await page.getByRole("link", { name: "Đăng nhập" }).first().click();
  await page.getByLabel(/Địa chỉ thư điện tử hoặc số định danh/).fill(email);
  await page.getByLabel("Mật khẩu").fill("not the password at all");
  await page.getByRole("button", { name: "Đăng nhập", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText("không đúng");
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tài khoản của tôi");
  await expect(page.getByText("Lò Thị Mai")).toBeVisible();
  // The consent given at registration is on record, with its version and time.
  await expect(page.getByText(/Thông báo về xử lý dữ liệu cá nhân \(phiên bản .+\): đồng ý lúc/)).toBeVisible();
  if (testInfo.project.name === "js") await expectNoAxeViolations(page);

  const signedInCookies = await page.context().cookies();
  await page.getByRole("button", { name: "Đăng xuất", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bạn đã đăng xuất");
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Faccount/);
  // The session cookie of before, replayed (copied from this browser, or stolen): the session is gone on the server.
  expect(signedInCookies.some((c) => c.name === "__session")).toBe(true);
  await page.context().addCookies(signedInCookies);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Faccount/);
});

test("a forgotten password is reset from the e-mail; the old session cookie no longer opens the account", async ({ page, context }) => {
  test.setTimeout(60_000);
  const id = unique();
  const email = `quen.mat.khau.${id}@example.vn`;
  await page.goto("/register");
  await page.getByLabel("Họ và tên").fill("Hoàng Văn Nam");
  await page.getByLabel(/Số định danh cá nhân/).fill(`0020850${id.slice(-5).padStart(5, "0")}`);
  await page.getByLabel("Ngày").fill("2");
  await page.getByLabel("Tháng").fill("9");
  await page.getByLabel("Năm").fill("1985");
  await page.getByLabel("Địa chỉ thư điện tử").fill(email);
  await page.getByLabel("Mật khẩu").fill("đèo Mã Pì Lèng lúc bình minh");
  await page.getByLabel(/Tôi đã đọc thông báo/).check();
  await page.getByRole("button", { name: "Tạo tài khoản" }).click();
  await page.goto(linkIn((await waitForMail(email, /Xác nhận/)).text, /^\/verify-email\//));

  await page.goto("/sign-in");
  await page.getByLabel(/Địa chỉ thư điện tử hoặc số định danh/).fill(email);
  await page.getByLabel("Mật khẩu").fill("đèo Mã Pì Lèng lúc bình minh");
  await page.getByRole("button", { name: "Đăng nhập", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tài khoản của tôi");
  const oldCookies = await context.cookies();

  // Another browser asks for a reset and sets a new password.
  const other = await (await page.context().browser()!.newContext()).newPage();
  await other.goto("/forgot-password");
  await other.getByLabel("Địa chỉ thư điện tử").fill(email);
  await other.getByRole("button", { name: "Gửi liên kết" }).click();
  await expect(other.getByRole("heading", { level: 1 })).toHaveText("Kiểm tra hộp thư của bạn");
  await other.goto(linkIn((await waitForMail(email, /mật khẩu/i)).text, /^\/reset-password\//));
  await other.getByLabel("Mật khẩu mới").fill("sông Nho Quế xanh như ngọc");
  await other.getByRole("button", { name: "Lưu mật khẩu mới" }).click();
  await expect(other.getByText(/đăng xuất khỏi mọi thiết bị/)).toBeVisible();

  // The first browser's session ended with the reset.
  await context.clearCookies();
  await context.addCookies(oldCookies);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in/);
  await other.context().close();
});
