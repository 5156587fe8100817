import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "./axe";
import { CATALOG_ADMIN_STATE } from "./officials";

// The catalog administration's field editor (issue 3): an official sets a text field's length and pattern, adds
// an option to a select, gives a new field a display condition, and tries the form in the preview, which checks
// what is typed with the compiled schema and shows or hides the conditional field.
//
// Each project edits a procedure of its own (the server is shared), not one that other journeys check.
// Signed in as the catalog administrator of catalog-admin.setup.ts.
test.use({ storageState: CATALOG_ADMIN_STATE });
const PROCEDURES: Record<string, { code: string; section: string; select: string; other: string }> = {
  js: { code: "1.004873", section: "Tình trạng hôn nhân", select: "Mục đích sử dụng", other: "Mục đích khác" },
  "no-js": { code: "1.003197", section: "Người bị xóa đăng ký thường trú", select: "Căn cứ xóa đăng ký", other: "Trường hợp khác" },
};
const NAME = "Họ, chữ đệm và tên người yêu cầu";
const NEW_OPTION = "Lý do thêm bởi e2e";
const NEW_FIELD = "Ghi chú thêm bởi e2e";

async function openDraft(page: Page, code: string): Promise<string> {
  await page.goto("/admin/catalog");
  await page.getByRole("link", { name: code, exact: true }).click();
  await page.getByRole("button", { name: /Tạo bản nháp để sửa|Tiếp tục sửa bản nháp/ }).click();
  await page.waitForURL(/\/admin\/catalog\/drafts\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname;
}

test("an official sets a field's limits, options and display condition; the preview enforces them @nojs", async ({ page, javaScriptEnabled }, testInfo) => {
  test.setTimeout(120_000);
  const p = PROCEDURES[testInfo.project.name] ?? PROCEDURES.js!;
  const draft = await openDraft(page, p.code);
  const summary = page.locator(".govuk-error-summary");
  // axe runs in the page: only where JavaScript runs.
  const axe = async () => {
    if (javaScriptEnabled) await expectNoAxeViolations(page);
  };

  // A text field: a lower limit above the upper one and a pattern that could backtrack for ever are refused.
  await page.getByRole("link", { name: "Biểu mẫu điện tử" }).click();
  await page.getByRole("link", { name: `Sửa ${NAME}`, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(NAME);
  await expect(page.getByLabel("Danh sách lựa chọn")).toHaveCount(0); // no options for a text
  await page.getByLabel("Số ký tự tối thiểu").fill("20");
  await page.getByLabel("Số ký tự tối đa").fill("10");
  await page.getByLabel("Mẫu kiểm tra (biểu thức chính quy)").fill("(\\p{L}+ ?)*");
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(summary).toContainText("Giới hạn dưới lớn hơn giới hạn trên");
  await expect(summary).toContainText("Mẫu kiểm tra lồng các phép lặp");
  await expect(page.locator("#field-minLength-error")).toContainText("Giới hạn dưới lớn hơn giới hạn trên");
  await axe();
  await page.getByLabel("Số ký tự tối thiểu").fill("");
  await page.getByLabel("Mẫu kiểm tra (biểu thức chính quy)").fill("[\\p{L} ]+");
  await page.getByLabel("Thông báo khi không khớp mẫu").fill("Chỉ nhập chữ cái và dấu cách");
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Biểu mẫu điện tử");

  // A select: a duplicate value is refused, a new option is added.
  await page.getByRole("link", { name: `Sửa ${p.select}`, exact: true }).click();
  const options = page.getByLabel("Danh sách lựa chọn");
  const before = await options.inputValue();
  await expect(page.getByLabel("Số ký tự tối đa")).toHaveCount(0); // no length for a select
  await options.fill(`${before}\nkhac|Trùng`);
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(summary).toContainText("Hai lựa chọn có cùng giá trị");
  await options.fill(`${before}\ne2e|${NEW_OPTION}`);
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Biểu mẫu điện tử");

  // A new field shown only for the new option: picking the field first brings its values.
  await page.getByRole("button", { name: `Thêm trường ${p.section}` }).click();
  await page.getByLabel("Nhãn (tiếng Việt)").fill(NEW_FIELD);
  await page.getByLabel("Tên kỹ thuật").fill("ghiChuE2e");
  await page.getByLabel("Chỉ hiện trường này khi").selectOption({ label: `${p.select} (${p.code === "1.004873" ? "mucDich" : "lyDoXoa"})` });
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(summary).toContainText("Chọn các giá trị làm hiện trường này");
  await axe();
  await page.getByLabel(NEW_OPTION).check();
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Biểu mẫu điện tử");
  await expect(page.getByText(`Hiện khi «${p.select}» có giá trị phù hợp`).last()).toBeVisible();

  // Removing the select would leave conditions looking at nothing: refused.
  await page.getByRole("button", { name: `Xóa ${p.select}`, exact: true }).click();
  await expect(summary).toContainText("Không thể di chuyển hoặc xóa");
  await expect(page.getByRole("link", { name: `Sửa ${p.select}`, exact: true })).toBeVisible();

  // The preview: the condition is stated; without JavaScript every field is on the page until a check.
  await page.goto(`${draft}/preview`);
  const extra = page.getByLabel(NEW_FIELD);
  await expect(page.getByText(`Chỉ điền khi «${p.select}» là «${NEW_OPTION}».`)).toHaveCount(1);
  if (javaScriptEnabled) await expect(extra).toBeHidden();
  else await expect(extra).toBeVisible();
  await axe();

  // Too long, and the condition does not hold: the error, and the field hidden.
  await page.getByLabel(NAME, { exact: true }).fill("Nguyễn Văn Anh Tuấn");
  await page.getByLabel(p.select).selectOption({ label: p.other });
  await page.getByRole("button", { name: "Kiểm tra" }).click();
  await expect(summary).toContainText("Nhập tối đa 10 ký tự");
  await expect(page.locator(`#preview-hoTen-error`)).toContainText("Nhập tối đa 10 ký tự");
  await expect(extra).toBeHidden();
  await axe();

  // Not matching the pattern, and the condition holds: the field's own message, and the field shown and required.
  await page.getByLabel(NAME, { exact: true }).fill("Anh 2");
  await page.getByLabel(p.select).selectOption({ label: NEW_OPTION });
  if (javaScriptEnabled) await expect(extra).toBeVisible(); // at once, while typing
  await page.getByRole("button", { name: "Kiểm tra" }).click();
  await expect(summary).toContainText("Chỉ nhập chữ cái và dấu cách");
  await expect(summary).not.toContainText("Nhập tối đa 10 ký tự");
  await expect(extra).toBeVisible();
  await expect(page.locator("#preview-ghiChuE2e-error")).toContainText("Vui lòng nhập hoặc chọn thông tin cho mục này");

  // Within the limits: accepted (other required fields aside).
  await page.getByLabel(NAME, { exact: true }).fill("Anh Tuấn");
  await extra.fill("Ghi chú");
  await page.getByRole("button", { name: "Kiểm tra" }).click();
  await expect(summary).not.toContainText("Chỉ nhập chữ cái và dấu cách");
  await expect(page.locator("#preview-hoTen-error")).toHaveCount(0);
  await expect(page.locator("#preview-ghiChuE2e-error")).toHaveCount(0);

  // Leave the catalog as it was.
  await page.goto(draft);
  await page.getByRole("button", { name: "Hủy bản nháp" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Danh mục thủ tục hành chính");
});

test("the field editor's pages for every kind of control pass axe", async ({ page }) => {
  test.setTimeout(120_000);
  // 9.000014 has a date, a number, a select, a textarea, money, a yes/no and a repeating group.
  const draft = await openDraft(page, "9.000014");
  await page.goto(`${draft}/form`);
  const links = page.getByRole("link", { name: /^Sửa / });
  const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  expect(hrefs.length).toBeGreaterThan(5);
  for (const href of hrefs) {
    await page.goto(href);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoAxeViolations(page);
  }
  // The repeating group: its items' numbers.
  await page.goto(hrefs[hrefs.length - 1]!);
  await expect(page.getByLabel("Số mục tối đa")).toHaveValue("10");
  await page.getByLabel("Số mục tối thiểu").fill("11");
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Giới hạn dưới lớn hơn giới hạn trên");
  await expectNoAxeViolations(page);

  await page.goto(draft);
  await page.getByRole("button", { name: "Hủy bản nháp" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Danh mục thủ tục hành chính");
});
