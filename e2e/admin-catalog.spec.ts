import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "./axe";
import { CATALOG_ADMIN_STATE } from "./officials";

// The catalog administration (issue 3, item 5): an official with the catalog_admin role (signed in once by
// catalog-admin.setup.ts, with password and authenticator code) edits a draft of a procedure and publishes it; the
// public page follows.
//
// The server is shared by every spec file and the projects run side by side, so each project edits a procedure
// of its own, and not 1.001193, whose name and search rank other journeys (catalog.spec.ts) check.
test.use({ storageState: CATALOG_ADMIN_STATE });
const PROCEDURE: Record<string, string> = { js: "1.004746", "no-js": "1.005461" };

async function open(page: Page, path = "/admin/catalog") {
  await page.goto(path);
}

test("an official edits a procedure's draft and publishes it; the public page shows the new version @nojs", async ({ page }, testInfo) => {
  const code = PROCEDURE[testInfo.project.name] ?? "1.004746";
  // The administration's front page offers what this official was given: the catalog, not the officials.
  await open(page, "/admin");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Quản trị");
  await expect(page.getByRole("link", { name: "Cán bộ và vai trò" })).toHaveCount(0);
  await page.getByRole("link", { name: "Danh mục thủ tục hành chính" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Danh mục thủ tục hành chính");
  await page.getByRole("link", { name: code, exact: true }).click();
  await page.getByRole("button", { name: /Tạo bản nháp để sửa|Tiếp tục sửa bản nháp/ }).click();
  await expect(page.getByText(new RegExp(`${code.replace(".", "\\.")} · Bản nháp phiên bản \\d+`))).toBeVisible();
  // The draft's own page (its caption says "Bản nháp"), not the procedure's page the click came from.
  await expect(page.locator(".govuk-caption-l")).toContainText("Bản nháp phiên bản");
  const version = Number((await page.locator(".govuk-caption-l").innerText()).match(/phiên bản (\d+)/)?.[1]);

  // The name.
  const newName = `Thủ tục đã sửa (e2e ${testInfo.project.name} ${Date.now()})`;
  await page.getByRole("link", { name: "Thông tin chung" }).click();
  await page.getByLabel("Tên thủ tục").fill("");
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByRole("alert")).toContainText("Không được để trống");
  await page.getByLabel("Tên thủ tục").fill(newName);
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(newName);

  // A new document, moved up one place.
  await page.getByRole("link", { name: "Thành phần hồ sơ" }).click();
  // Counted once the page is fully parsed (without JavaScript, a count right after the click can see half a list).
  await page.waitForLoadState("load");
  const items = page.locator(".app-editable-list__item h2");
  const before = await items.count();
  await page.getByRole("button", { name: "Thêm giấy tờ" }).click();
  await page.getByLabel("Tên giấy tờ").fill("Giấy tờ thêm bởi e2e");
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(items).toHaveCount(before + 1);
  await expect(items.last()).toContainText("Giấy tờ thêm bởi e2e");
  await page.getByRole("button", { name: "Lên Giấy tờ thêm bởi e2e" }).click();
  await expect(items.nth(before - 1)).toContainText("Giấy tờ thêm bởi e2e");
  await expect(items.last()).not.toContainText("Giấy tờ thêm bởi e2e");

  // Publish.
  await page.getByRole("link", { name: "Quay lại bản nháp" }).click();
  await page.getByRole("button", { name: `Xuất bản phiên bản ${version}` }).click();
  await expect(page.getByText(`Đã xuất bản phiên bản ${version} của thủ tục ${code}.`)).toBeVisible();

  await page.goto(`/procedures/${code}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(newName);
  await expect(page.getByRole("cell", { name: /Giấy tờ thêm bởi e2e/ })).toBeVisible();
});

test("the catalog administration's pages pass axe (WCAG 2.1 AA)", async ({ page }) => {
  test.setTimeout(180_000);
  await open(page, "/admin");
  await expectNoAxeViolations(page);
  await open(page);
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "2.000635", exact: true }).click();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: /Tạo bản nháp để sửa|Tiếp tục sửa bản nháp/ }).click();
  await page.waitForURL(/\/admin\/catalog\/drafts\/[0-9a-f-]{36}$/);
  const draft = new URL(page.url()).pathname;

  for (const part of ["", "/details", "/documents", "/documents/0", "/documents/new", "/offerings", "/offerings/0", "/workflow", "/form", "/form/0/0", "/form/0/new", "/preview", "/legal", "/legal/0"]) {
    await page.goto(`${draft}${part}`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoAxeViolations(page);
  }

  // Pages with errors: a refused edit and a refused publication.
  await page.goto(`${draft}/details`);
  await page.getByLabel("Tên thủ tục").fill("");
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expectNoAxeViolations(page);

  await page.goto(`${draft}/legal`);
  const remove = page.getByRole("button", { name: /^Xóa/ });
  for (let n = await remove.count(); n > 0; n--) {
    await remove.first().click();
    await expect(remove).toHaveCount(n - 1);
  }
  await page.goto(draft);
  await page.getByRole("button", { name: /Xuất bản phiên bản/ }).click();
  await expect(page.getByRole("alert")).toContainText("Nêu ít nhất một căn cứ pháp lý");
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Hủy bản nháp" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Danh mục thủ tục hành chính");
});

test("two officials edit the same draft: the later save over newer work is refused and nothing is overwritten @nojs", async ({ browser }, testInfo) => {
  test.setTimeout(90_000);
  const code = testInfo.project.name === "no-js" ? "1.004884" : "1.000689";
  const javaScriptEnabled = testInfo.project.name !== "no-js";
  const first = await (await browser.newContext({ javaScriptEnabled, storageState: CATALOG_ADMIN_STATE })).newPage();
  const second = await (await browser.newContext({ javaScriptEnabled, storageState: CATALOG_ADMIN_STATE })).newPage();
  for (const page of [first, second]) await open(page, `/admin/catalog/${code}`);
  await first.getByRole("button", { name: /Tạo bản nháp để sửa|Tiếp tục sửa bản nháp/ }).click();
  await first.waitForURL(/\/admin\/catalog\/drafts\/[0-9a-f-]+$/);
  const draftUrl = first.url();
  await first.getByRole("link", { name: "Thông tin chung" }).click();
  await second.goto(`${draftUrl}/details`);

  const name = `Bản của cán bộ thứ nhất (${Date.now()})`;
  await first.getByLabel("Tên thủ tục").fill(name);
  await first.getByRole("button", { name: "Lưu" }).click();
  await expect(first.getByRole("heading", { level: 1 })).toHaveText(name);

  await second.getByLabel("Tên thủ tục").fill("Bản cũ của cán bộ thứ hai");
  await second.getByRole("button", { name: "Lưu" }).click();
  await expect(second.getByRole("heading", { level: 1 })).toHaveText("Bản nháp đã được lưu ở nơi khác");
  if (javaScriptEnabled) await expectNoAxeViolations(second);
  await second.getByRole("link", { name: "Mở bản nháp mới nhất" }).click();
  await expect(second.getByText(name).first()).toBeVisible();

  // Clean up: the draft is discarded so that reruns start afresh.
  await second.getByRole("button", { name: "Hủy bản nháp" }).click();
  await expect(second.getByRole("heading", { level: 1 })).toHaveText("Danh mục thủ tục hành chính");
  await first.context().close();
  await second.context().close();
});
