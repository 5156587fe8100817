import { expect, test, type Page } from "@playwright/test";
import residentsFile from "../tools/vneid-residents.json" with { type: "json" };
import { expectNoAxeViolations } from "./axe";
import { BASE_URL, VNEID_ISSUER } from "./playwright.config";

// Đăng nhập bằng tài khoản định danh điện tử, against the local VNeID stand-in (a real OpenID Connect provider that
// the e2e web server starts beside the portal). The pages work without JavaScript (@nojs).
const lan = residentsFile.residents[0]!;

/** axe runs in the page: only where JavaScript runs. */
async function axe(page: Page, javaScriptEnabled: boolean) {
  if (javaScriptEnabled) await expectNoAxeViolations(page);
}

async function startAtStandin(page: Page, signInPath = "/sign-in") {
  await page.goto(signInPath);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Đăng nhập");
  await page.getByRole("button", { name: "Đăng nhập bằng tài khoản định danh điện tử" }).click();
  await expect(page).toHaveURL(new RegExp(`^${VNEID_ISSUER}/interaction/`));
  await expect(page.getByText("Máy chủ thử nghiệm — không phải VNeID thật")).toBeVisible();
}

test("người dân đăng nhập bằng tài khoản định danh điện tử và thấy danh tính đã xác thực @nojs", async ({ page, javaScriptEnabled }) => {
  await startAtStandin(page, "/sign-in?returnTo=%2Fprocedures");
  await axe(page, javaScriptEnabled); // the stand-in's own page too
  await page.getByLabel(new RegExp(`^${lan.name} — CCCD ${lan.cccd}`)).check();
  await page.getByLabel("Mật khẩu").fill(residentsFile.demoPassword);
  await page.getByRole("button", { name: "Đăng nhập", exact: true }).click();

  await expect(page.getByRole("heading", { level: 1 })).toContainText("Chia sẻ thông tin");
  await expect(page.getByText("Số định danh cá nhân (CCCD)")).toBeVisible();
  await axe(page, javaScriptEnabled);
  await page.getByRole("button", { name: "Đồng ý" }).click();

  await expect(page).toHaveURL(`${BASE_URL}/sign-in/vneid/done?returnTo=%2Fprocedures`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Đã xác thực danh tính");
  await expect(page.getByText(`Đã xác thực: ${lan.name}, CCCD ••••${lan.cccd.slice(-4)}`)).toBeVisible();
  await expect(page).toHaveTitle(/^Đã xác thực danh tính – /);
  await axe(page, javaScriptEnabled);
  await page.getByRole("link", { name: "Tiếp tục" }).click();
  await expect(page).toHaveURL(`${BASE_URL}/procedures`);

  // The first eID sign-in created the citizen's account, verified by eID, and signed it in.
  await page.goto("/account");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tài khoản của tôi");
  await expect(page.getByText(lan.name)).toBeVisible();
  await expect(page.getByText("Đã xác thực qua VNeID")).toBeVisible();
});

test("người dân hủy đăng nhập và được báo rõ; mở lại phản hồi cũ thì bị từ chối @nojs", async ({ page, javaScriptEnabled }) => {
  await startAtStandin(page);
  await page.getByRole("button", { name: "Hủy" }).click();

  await expect(page).toHaveURL(new RegExp(`^${BASE_URL}/sign-in/vneid/callback\\?`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bạn đã hủy đăng nhập");
  await expect(page.getByRole("link", { name: "Quay lại trang đăng nhập" })).toHaveAttribute("href", "/sign-in");
  await expect(page.getByRole("button", { name: "Thử đăng nhập lại" })).toBeVisible();
  await axe(page, javaScriptEnabled);

  // The same response a second time: the sign-in it answered is used up.
  const again = await page.reload();
  expect(again?.status()).toBe(400);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Phiên đăng nhập không hợp lệ hoặc đã hết hạn");
  await axe(page, javaScriptEnabled);
});
