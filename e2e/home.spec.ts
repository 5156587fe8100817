import { expect, test } from "@playwright/test";

// A citizen arrives on the portal: Vietnamese by default, English on request, the choice remembered,
// every service on the home page leads somewhere honest.

test("the home page speaks Vietnamese first @nojs @phone", async ({ page }) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");
  await expect(page).toHaveTitle("Trang chủ – Cổng Dịch vụ công tỉnh Hà Giang");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Làm thủ tục hành chính trực tuyến tại Hà Giang");
  for (const name of ["Tìm thủ tục hành chính", "Nộp hồ sơ trực tuyến", "Tra cứu hồ sơ", "Gửi phản ánh, kiến nghị", "Xem kết quả giải quyết"]) {
    await expect(page.getByRole("main").getByRole("link", { name })).toBeVisible();
  }
  await expect(page.getByRole("searchbox", { name: "Tìm thủ tục hành chính" })).toBeVisible();
});

test("a browser that asks for English gets English", async ({ browser }) => {
  const context = await browser.newContext({ locale: "en-GB" });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Deal with administrative procedures online in Hà Giang");
  await context.close();
});

test("the language switch works without JavaScript and is remembered @nojs", async ({ page }) => {
  await page.goto("/agencies");
  await page.getByRole("navigation", { name: "Ngôn ngữ" }).getByRole("link", { name: /English/ }).click();
  await expect(page).toHaveURL(/\/agencies$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Agencies that handle administrative procedures in the province");
  // The choice follows the citizen to the next page, over the browser's Vietnamese.
  await page.getByRole("link", { name: "Hà Giang Public Service Portal home page" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("navigation", { name: "Language" }).getByText("English")).toHaveAttribute("aria-current", "true");
  await page.getByRole("navigation", { name: "Language" }).getByRole("link", { name: /Tiếng Việt/ }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");
});

test("the home page search leads to the catalog @nojs", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("searchbox", { name: "Tìm thủ tục hành chính" }).fill("khai sinh");
  await page.getByRole("button", { name: "Tìm kiếm" }).click();
  await expect(page).toHaveURL(/\/procedures\?q=khai\+sinh$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tìm thủ tục hành chính");
});

test("the home page leads to the statistics @nojs", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("main").getByRole("link", { name: "Xem kết quả giải quyết" }).click();
  await expect(page).toHaveURL(/\/statistics$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thống kê giải quyết thủ tục hành chính");
});

test("the home page leads to the feedback and petitions form @nojs", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("main").getByRole("link", { name: "Gửi phản ánh, kiến nghị" }).click();
  await expect(page).toHaveURL(/\/feedback$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Phản ánh, kiến nghị");
});

test("the agency directory lists the province, its 11 districts and their communes @nojs", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Danh bạ cơ quan nhà nước trong tỉnh" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Cơ quan giải quyết thủ tục hành chính trong tỉnh");
  await expect(page.getByText("Ủy ban nhân dân tỉnh Hà Giang", { exact: true })).toBeVisible();
  await expect(page.getByText("000.00.00.H22", { exact: true })).toBeVisible();
  await expect(page.locator("details")).toHaveCount(11);
  await page.getByText("Ủy ban nhân dân huyện Đồng Văn (19 đơn vị cấp xã)").click();
  await expect(page.getByText("Ủy ban nhân dân xã Lũng Cú", { exact: true })).toBeVisible();
});
