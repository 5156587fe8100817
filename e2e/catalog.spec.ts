import { expect, test } from "@playwright/test";
import { readFile } from "node:fs/promises";

// A citizen looks for a procedure, reads its start page and downloads the form to fill in.

test("search without diacritics → procedure page → download the template @nojs", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("searchbox", { name: "Tìm thủ tục hành chính" }).fill("dang ky khai sinh");
  await page.getByRole("button", { name: "Tìm kiếm" }).click();
  await expect(page).toHaveURL(/\/procedures\?q=dang\+ky\+khai\+sinh$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tìm thủ tục hành chính");
  await expect(page.getByRole("status")).toContainText("cho “dang ky khai sinh”");
  const first = page.locator(".app-result-list__item").first();
  await expect(first.getByRole("link")).toHaveText("Đăng ký khai sinh");
  await first.getByRole("link").click();

  await expect(page).toHaveURL(/\/procedures\/1\.001193$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Đăng ký khai sinh");
  await expect(page.getByText("Mã thủ tục 1.001193")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Hồ sơ cần chuẩn bị" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Căn cứ pháp lý" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Bắt đầu nộp hồ sơ" })).toHaveAttribute("href", "/dossiers/new/1.001193");

  const link = page.getByRole("link", { name: /^Tải mẫu/ }).first();
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toMatch(/\.rtf$/);
  const content = await readFile((await download.path())!, "latin1");
  expect(content.startsWith("{\\rtf1")).toBe(true);
});

test("upper case and a procedure code find the same procedure @nojs", async ({ page }) => {
  await page.goto("/procedures?q=%C4%90%C4%82NG+K%C3%9D+KHAI+SINH");
  await expect(page.locator(".app-result-list__item").first().getByRole("link")).toHaveText("Đăng ký khai sinh");
  await page.goto("/procedures?q=2.000488");
  await expect(page.locator(".app-result-list__item").first().getByRole("link")).toHaveText(/lý lịch tư pháp/);
});

test("filters live in the URL and work without JavaScript @nojs", async ({ page }) => {
  await page.goto("/procedures");
  await page.getByLabel("Mức độ trực tuyến").selectOption("FULL");
  await page.getByLabel("Cấp thực hiện").selectOption("commune");
  await page.getByRole("button", { name: "Áp dụng bộ lọc" }).click();
  await expect(page).toHaveURL(/online=FULL/);
  await expect(page).toHaveURL(/level=commune/);
  await page.waitForLoadState("load");
  const tags = page.locator(".app-result-list__item .govuk-tag");
  await expect(tags.first()).toHaveText("Trực tuyến toàn trình");
  for (const tag of await tags.all()) await expect(tag).toHaveText("Trực tuyến toàn trình");
  await page.getByRole("link", { name: "Xóa bộ lọc" }).click();
  await expect(page).toHaveURL(/\/procedures$/);
});

test("with JavaScript the results follow the search box and keep the URL", async ({ page }) => {
  const scripts: string[] = [];
  page.on("request", (r) => {
    if (r.resourceType() === "script") scripts.push(new URL(r.url()).pathname);
  });
  await page.goto("/procedures", { waitUntil: "load" });
  // The catalog is plain HTML plus one small enhancement script: no framework download.
  expect(scripts).toEqual(["/enhance/live-search.js"]);
  const box = page.getByRole("searchbox", { name: /Tên thủ tục/ });
  await box.pressSequentially("ly lich tu phap", { delay: 30 });
  await expect(page).toHaveURL(/q=ly\+lich\+tu\+phap/);
  await expect(page.locator(".app-result-list__item").first().getByRole("link")).toHaveText(/lý lịch tư pháp/i);
  await expect(page.getByRole("status")).toContainText("cho “ly lich tu phap”");
  // Typing went on in the same box: nothing was reloaded under the visitor's fingers.
  await expect(box).toBeFocused();
  await expect(box).toHaveValue("ly lich tu phap");
  // A filter change updates the results too, and the address keeps both.
  await page.getByLabel("Mức độ trực tuyến").selectOption("FULL");
  await expect(page).toHaveURL(/q=ly\+lich\+tu\+phap&.*online=FULL|online=FULL.*q=ly\+lich\+tu\+phap/);
  await page.reload();
  await expect(box).toHaveValue("ly lich tu phap");
  await expect(page.getByLabel("Mức độ trực tuyến")).toHaveValue("FULL");
});

test("hostile or malformed searches give a normal page @nojs", async ({ page }) => {
  for (const q of ["%22", "*", "%3A", "(", `${"x".repeat(500)}`, "'%20OR%201%3D1%20--"]) {
    const response = await page.goto(`/procedures?q=${q}`);
    expect(response?.status(), q).toBe(200);
  }
  const response = await page.goto("/procedures?field=khong-co&level=galaxy&online=MAX&event=x&page=-3&agency=abc");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tìm thủ tục hành chính");
  expect((await page.goto("/procedures/9.999999"))?.status()).toBe(404);
});
