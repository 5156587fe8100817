import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "./axe";
import { CATALOG_ADMIN_STATE } from "./officials";

// The offering editor's fees: every fee of a channel, with its unit, tiers, cap, exemptions and note, is listed on
// its own page and edited one at a time without JavaScript; after publication the public page shows them in VND.
//
// The server is shared by every spec file and the projects run side by side, so each project edits a procedure
// of its own, none of which another spec edits (admin-catalog.spec.ts uses 1.004746, 1.005461 and 2.000635).
// Signed in as the catalog administrator of catalog-admin.setup.ts.
test.use({ storageState: CATALOG_ADMIN_STATE });
const JOURNEY: Record<string, { code: string; fee: string; amount: string }> = {
  js: { code: "1.004222", fee: "Lệ phí đăng ký thường trú", amount: "20.000 ₫" },
  "no-js": { code: "1.004194", fee: "Lệ phí đăng ký tạm trú", amount: "15.000 ₫" },
};
const PAGES: Record<string, string> = { js: "2.000815", phone: "2.000884" };

async function openDraft(page: Page, code: string): Promise<string> {
  await page.goto("/admin/catalog");
  await page.getByRole("link", { name: code, exact: true }).click();
  await page.getByRole("button", { name: /Tạo bản nháp để sửa|Tiếp tục sửa bản nháp/ }).click();
  await page.waitForURL(/\/admin\/catalog\/drafts\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname;
}

const feeItems = (page: Page) => page.locator(".app-editable-list__item");

test("an official adds, changes, moves and removes a channel's fees; the public page shows them in VND @nojs", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const { code, fee, amount } = JOURNEY[testInfo.project.name] ?? JOURNEY.js!;
  const draft = await openDraft(page, code);
  // The draft's own page (its caption says "Bản nháp"), not the procedure's page the click came from.
  await expect(page.locator(".govuk-caption-l")).toContainText("Bản nháp phiên bản");
  const version = Number((await page.locator(".govuk-caption-l").innerText()).match(/phiên bản (\d+)/)?.[1]);

  await page.getByRole("link", { name: "Cơ quan thực hiện, thời hạn và phí" }).click();
  await page.getByRole("link", { name: "Sửa Nơi thực hiện 1" }).click();
  // The offering's page lists each channel's fees, money in VND, and links to them.
  const inPerson = page.locator("fieldset.app-channel", { has: page.getByText("Kênh: Trực tiếp") });
  await expect(inPerson).toContainText(`${fee}: ${amount} · Miễn, giảm: 3 đối tượng`);
  await page.getByRole("link", { name: "Sửa phí, lệ phí của kênh Trực tiếp" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Phí, lệ phí: kênh Trực tiếp");
  await expect(feeItems(page)).toHaveCount(1);

  // A second fee, charged per copy with a cap; a bad amount first.
  await page.getByRole("button", { name: "Thêm một khoản phí" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Khoản phí mới");
  await page.getByLabel("Tên phí, lệ phí").fill("Phí cấp bản sao (e2e)");
  await page.getByLabel("Số tiền (đồng)", { exact: true }).fill("5.000,5");
  await page.getByRole("radio", { name: "Theo số bản" }).check();
  await page.getByLabel("Mức thu tối đa").fill("-1");
  await page.getByRole("button", { name: "Lưu" }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Số tiền phải là số đồng nguyên, không có phần thập phân");
  await expect(summary).toContainText("Số tiền không được là số âm");
  await expect(summary.getByRole("link", { name: /số đồng nguyên/ })).toHaveAttribute("href", "#fee-amount");
  await expect(page.locator("#fee-amount-error")).toContainText("số đồng nguyên");
  // What was typed stays.
  await expect(page.getByLabel("Tên phí, lệ phí")).toHaveValue("Phí cấp bản sao (e2e)");
  await expect(page.getByLabel("Số tiền (đồng)", { exact: true })).toHaveValue("5.000,5");
  await page.getByLabel("Số tiền (đồng)", { exact: true }).fill("5.000");
  await page.getByLabel("Mức thu tối đa").fill("4000");
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByRole("alert")).toContainText("Mức thu tối đa không được thấp hơn số tiền của một đơn vị");
  await page.getByLabel("Mức thu tối đa").fill("15.000");
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Phí, lệ phí: kênh Trực tiếp");
  await expect(feeItems(page)).toHaveCount(2);
  await expect(feeItems(page).nth(1)).toContainText("5.000 ₫ / bản; tối đa 15.000 ₫");

  // Moved first.
  await page.getByRole("button", { name: "Lên Phí cấp bản sao (e2e)" }).click();
  await expect(feeItems(page).first()).toContainText("Phí cấp bản sao (e2e)");

  // An exemption changed, with its proof.
  await page.getByRole("link", { name: `Sửa ${fee}` }).click();
  const exemptions = page.getByLabel("Đối tượng được miễn, giảm");
  const lines = (await exemptions.inputValue()).split("\n");
  expect(lines).toHaveLength(3);
  lines[1] = "Người có công với cách mạng và thân nhân (xuất trình giấy chứng nhận người có công)";
  await exemptions.fill(lines.join("\n"));
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(feeItems(page).nth(1)).toContainText(`${amount}`);

  // The online channel made free: refused while it has a fee, accepted once the fee is removed.
  await page.getByRole("link", { name: "Nơi thực hiện 1", exact: true }).click();
  await page.getByLabel("Nộp phí").nth(1).selectOption("free");
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByRole("alert")).toContainText("Kênh này còn khoản phí: xóa các khoản phí trước khi chọn miễn phí");
  await page.getByRole("link", { name: "Sửa phí, lệ phí của kênh Trực tuyến" }).click();
  await expect(feeItems(page)).toHaveCount(1);
  await page.getByRole("button", { name: `Xóa ${fee}` }).click();
  await expect(feeItems(page)).toHaveCount(0);
  await page.getByRole("link", { name: "Nơi thực hiện 1", exact: true }).click();
  await page.getByLabel("Nộp phí").nth(1).selectOption("free");
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Cơ quan thực hiện, thời hạn và phí");

  // Publish.
  await page.goto(draft);
  await page.getByRole("button", { name: `Xuất bản phiên bản ${version}` }).click();
  await expect(page.getByText(`Đã xuất bản phiên bản ${version} của thủ tục ${code}.`)).toBeVisible();

  await page.goto(`/procedures/${code}`);
  const row = (channel: string) => page.locator("tr", { has: page.getByRole("rowheader", { name: channel, exact: true }) });
  const fees = row("Trực tiếp").locator("td").nth(1).locator(":scope > ul.govuk-list > li");
  await expect(fees).toHaveCount(2);
  await expect(fees.first()).toContainText("Phí cấp bản sao (e2e): 5.000 ₫ / bản; tối đa 15.000 ₫");
  await expect(fees.nth(1)).toContainText(`${fee}: ${amount}`);
  await expect(fees.nth(1)).toContainText("Người có công với cách mạng và thân nhân (xuất trình giấy chứng nhận người có công)");
  await expect(fees.nth(1)).toContainText("Đồng bào dân tộc thiểu số");
  await expect(row("Trực tuyến")).toContainText("Miễn phí, lệ phí");
});

test("the fee pages pass axe, fit a phone's screen and refuse unknown channels @phone", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const code = PAGES[testInfo.project.name] ?? PAGES.js!;
  const draft = await openDraft(page, code);
  const fees = `${draft}/offerings/0/fees/in_person`;
  const fitsScreen = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

  for (const path of [`${draft}/offerings/0`, fees, `${fees}/0`, `${fees}/new`]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoAxeViolations(page);
    expect(await fitsScreen(), path).toBe(true);
  }

  // A refused fee: the error summary and inline errors, with tiers open.
  await page.getByLabel("Tên phí, lệ phí").fill("Phí thử");
  await page.getByLabel("Số tiền (đồng)", { exact: true }).fill("năm nghìn");
  await page.getByText("Bậc giá theo số lượng (nếu có)").click();
  await page.getByLabel("Bậc giá 1: từ đơn vị thứ").fill("1");
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByRole("alert")).toContainText("Nhập số tiền bằng chữ số, ví dụ 50.000 hoặc 50000");
  await expect(page.getByRole("alert")).toContainText("Bậc giá bắt đầu từ đơn vị thứ 2 trở đi");
  await expect(page.getByLabel("Bậc giá 1: từ đơn vị thứ")).toBeVisible();
  await expectNoAxeViolations(page);
  expect(await fitsScreen()).toBe(true);

  for (const path of [`${draft}/offerings/0/fees/fax`, `${draft}/offerings/0/fees/post`, `${draft}/offerings/9/fees/in_person`, `${fees}/7`, `${draft}/offerings/new/fees/in_person`]) {
    expect((await page.request.get(path)).status(), path).toBe(404);
  }

  await page.goto(draft);
  await page.getByRole("button", { name: "Hủy bản nháp" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Danh mục thủ tục hành chính");
});
