import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "./axe";
import { CATALOG_ADMIN_STATE } from "./officials";

// The catalog administration's documents part: an official uploads a template for a document, divides the
// procedure into cases (trường hợp) and puts a document in one, publishes, and citizens download the very file.
//
// The server is shared by every spec file and the projects run side by side, so each test edits a procedure of
// its own (not those of admin-catalog.spec.ts or catalog.spec.ts).
// Signed in as the catalog administrator of catalog-admin.setup.ts.
test.use({ storageState: CATALOG_ADMIN_STATE });
const PROCEDURE: Record<string, string> = { js: "1.001699", "no-js": "1.010028" };
const AXE_PROCEDURE = "1.002755";

async function openDraft(page: Page, code: string) {
  await page.goto("/admin/catalog");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Danh mục thủ tục hành chính");
  await page.getByRole("link", { name: code, exact: true }).click();
  await page.getByRole("button", { name: /Tạo bản nháp để sửa|Tiếp tục sửa bản nháp/ }).click();
  await expect(page.getByText(new RegExp(`${code.replace(".", "\\.")} · Bản nháp phiên bản \\d+`))).toBeVisible();
}

const rtf = (text: string) => Buffer.from(`{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times New Roman;}}\\f0\\fs26 ${text}\\par}`, "latin1");

test("an official uploads a template and puts a document in a case; after publication citizens download the same file @nojs", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const code = PROCEDURE[testInfo.project.name] ?? "1.001699";
  await openDraft(page, code);
  // The draft's own page (its caption says "Bản nháp"), not the procedure's page the click came from.
  await expect(page.locator(".govuk-caption-l")).toContainText("Bản nháp phiên bản");
  const version = Number((await page.locator(".govuk-caption-l").innerText()).match(/phiên bản (\d+)/)?.[1]);
  const draftUrl = new URL(page.url()).pathname;

  // Two cases: add, rename, reorder, remove one.
  await page.getByRole("link", { name: "Thành phần hồ sơ" }).click();
  await expect(page.getByText("Thủ tục chưa chia trường hợp")).toBeVisible();
  await page.getByRole("link", { name: "Thêm, sửa các trường hợp" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Trường hợp");
  const cases = page.locator(".app-editable-list__item h2");
  await page.getByRole("button", { name: "Thêm trường hợp" }).click();
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByRole("alert")).toContainText("Không được để trống");
  await page.getByLabel("Tên trường hợp").fill("Quá hạn e2e");
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(cases).toHaveText(["1. Quá hạn e2e"]);
  await expect(page.locator("#item-0")).toContainText("Mã: qua-han-e2e");
  await page.getByRole("link", { name: "Sửa Quá hạn e2e" }).click();
  await page.getByLabel("Tên trường hợp").fill("Đăng ký quá hạn (e2e)");
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(cases).toHaveText(["1. Đăng ký quá hạn (e2e)"]);
  // Renaming keeps the code the documents refer to.
  await expect(page.locator("#item-0")).toContainText("Mã: qua-han-e2e");
  await page.getByRole("button", { name: "Thêm trường hợp" }).click();
  await page.getByLabel("Tên trường hợp").fill("Đúng hạn (e2e)");
  await page.getByRole("button", { name: "Lưu" }).click();
  await page.getByRole("button", { name: "Lên Đúng hạn (e2e)" }).click();
  await expect(cases).toHaveText(["1. Đúng hạn (e2e)", "2. Đăng ký quá hạn (e2e)"]);
  await page.getByRole("button", { name: "Xóa Đúng hạn (e2e)" }).click();
  await expect(cases).toHaveText(["1. Đăng ký quá hạn (e2e)"]);

  // The second document (without a template): a wrong file, a disguised one, then an RTF, in the case.
  await page.getByRole("link", { name: "Thành phần hồ sơ" }).click();
  await expect(page.getByText("Thủ tục có 1 trường hợp:")).toBeVisible();
  await page.locator("#item-1").getByRole("link", { name: /^Sửa/ }).click();
  await expect(page.getByText("Giấy tờ này chưa có mẫu để tải về.")).toBeVisible();
  await page.getByLabel("Đăng ký quá hạn (e2e)").check();
  await page.getByLabel("Tải lên tệp mẫu").setInputFiles({ name: "anh-chup.png", mimeType: "image/png", buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) });
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByRole("alert")).toContainText("Tệp mẫu phải là PDF, DOC, DOCX, ODT, RTF hoặc XLSX");
  await expect(page.locator("#document-template-error")).toContainText("Tệp mẫu phải là PDF");
  // What was typed is kept; the file must be chosen again.
  await expect(page.getByLabel("Đăng ký quá hạn (e2e)")).toBeChecked();
  await page.getByLabel("Tải lên tệp mẫu").setInputFiles({ name: "to-khai.pdf", mimeType: "application/pdf", buffer: rtf("not a PDF") });
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByRole("alert")).toContainText("Nội dung tệp không đúng với đuôi tên tệp");

  const bytes = rtf(`Mau to khai e2e ${testInfo.project.name} ${Date.now()}`);
  await page.getByLabel("Tải lên tệp mẫu").setInputFiles({ name: "Mẫu giấy tờ chứng minh.rtf", mimeType: "application/rtf", buffer: bytes });
  await page.getByLabel("Tiêu đề của liên kết tải mẫu").fill("Mẫu giấy tờ chứng minh (e2e)");
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thành phần hồ sơ");
  await expect(page.locator("#item-1")).toContainText("Có mẫu tờ khai");
  await expect(page.locator("#item-1")).toContainText("Trường hợp: Đăng ký quá hạn (e2e)");

  // The administration downloads the draft's file as it was uploaded.
  await page.locator("#item-1").getByRole("link", { name: /^Sửa/ }).click();
  const adminLink = page.getByRole("link", { name: "mau-giay-to-chung-minh.rtf" });
  await expect(adminLink).toBeVisible();
  const adminDownload = await page.request.get((await adminLink.getAttribute("href"))!);
  expect(adminDownload.status()).toBe(200);
  expect(Buffer.from(await adminDownload.body()).equals(bytes)).toBe(true);

  // The first document's template is removed.
  await page.goto(`${draftUrl}/documents/0`);
  await page.getByLabel("Xóa mẫu hiện có").check();
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.locator("#item-0")).not.toContainText("Có mẫu tờ khai");

  // A case that a document belongs to is not removed.
  await page.getByRole("link", { name: "Thêm, sửa các trường hợp" }).click();
  await page.getByRole("button", { name: "Xóa Đăng ký quá hạn (e2e)" }).click();
  await expect(page.getByRole("alert")).toContainText("Không xóa được trường hợp này vì còn giấy tờ gắn với nó");
  await expect(cases).toHaveText(["1. Đăng ký quá hạn (e2e)"]);

  // Publish; the public page offers the new template in the case's documents, with the same bytes.
  await page.goto(draftUrl);
  await page.getByRole("button", { name: `Xuất bản phiên bản ${version}` }).click();
  await expect(page.getByText(`Đã xuất bản phiên bản ${version} của thủ tục ${code}.`)).toBeVisible();

  await page.goto(`/procedures/${code}`);
  const section = page.locator("section", { has: page.getByRole("heading", { name: "Trường hợp: Đăng ký quá hạn (e2e)" }) });
  const link = section.getByRole("link", { name: "Tải mẫu: Mẫu giấy tờ chứng minh (e2e)" });
  await expect(link).toBeVisible();
  await expect(section).toContainText("RTF");
  await expect(page.getByRole("link", { name: /Tải mẫu: Mẫu CT01/ })).toHaveCount(0);
  const download = await page.request.get((await link.getAttribute("href"))!);
  expect(download.status()).toBe(200);
  expect(download.headers()["content-type"]).toBe("application/rtf");
  expect(Buffer.from(await download.body()).equals(bytes)).toBe(true);
});

test("the documents part's new pages pass axe (WCAG 2.1 AA), with and without errors", async ({ page }) => {
  test.setTimeout(120_000);
  await openDraft(page, AXE_PROCEDURE);
  const draft = new URL(page.url()).pathname;

  await page.goto(`${draft}/cases/new`);
  await expectNoAxeViolations(page);
  await page.getByLabel("Tên trường hợp").fill("Trường hợp kiểm tra axe");
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Trường hợp");
  await expectNoAxeViolations(page);
  await page.goto(`${draft}/documents/0`);
  await page.getByLabel("Trường hợp kiểm tra axe").check();
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thành phần hồ sơ");

  for (const part of ["/documents", "/documents/0", "/documents/new", "/cases", "/cases/0"]) {
    await page.goto(`${draft}${part}`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoAxeViolations(page);
  }

  // Refused uploads (too large, then of another type), and a refused removal of a case.
  await page.goto(`${draft}/documents/0`);
  await page.getByLabel("Thay bằng tệp mẫu khác").setInputFiles({ name: "lon.pdf", mimeType: "application/pdf", buffer: Buffer.alloc(5 * 1024 * 1024 + 1, "%PDF-") });
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByRole("alert")).toContainText("Tệp mẫu phải nhỏ hơn 5 MB");
  await page.getByLabel("Thay bằng tệp mẫu khác").setInputFiles({ name: "bang-tinh.csv", mimeType: "text/csv", buffer: Buffer.from("a,b\n1,2\n") });
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByRole("alert")).toContainText("Tệp mẫu phải là PDF");
  await expectNoAxeViolations(page);
  await page.goto(`${draft}/cases`);
  await page.getByRole("button", { name: "Xóa Trường hợp kiểm tra axe" }).click();
  await expect(page.getByRole("alert")).toContainText("Không xóa được trường hợp này");
  await expectNoAxeViolations(page);

  await page.goto(draft);
  await page.getByRole("button", { name: "Hủy bản nháp" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Danh mục thủ tục hành chính");
});
