import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./axe";
import { signedResult } from "./verify-data";

// The public verification page (issue 7, part 6), in Vietnamese, with and without JavaScript: a visitor enters the
// code printed on a result and downloads the signed document; uploads the same PDF and learns it is the portal's,
// unmodified; uploads a copy with one byte changed and learns it is not, with the signature's verdict and reason.

test("a visitor checks a signed result by its code, downloads it, and uploads it and a modified copy @nojs", async ({ page }, testInfo) => {
  const js = testInfo.project.name === "js";
  const result = await signedResult();

  await page.goto("/");
  await page.getByRole("link", { name: "Kiểm tra văn bản điện tử" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kiểm tra văn bản điện tử");
  if (js) await expectNoAxeViolations(page);

  // A wrong shape is said inline; an unknown code says only that.
  await page.getByLabel("Mã tra cứu").fill("ABCD-1234");
  await page.getByRole("button", { name: "Tra cứu" }).click();
  await expect(page.getByRole("alert")).toContainText("Nhập mã tra cứu gồm 12 ký tự");
  await expect(page.locator("#code-error")).toContainText("Nhập mã tra cứu gồm 12 ký tự");
  if (js) await expectNoAxeViolations(page);

  // The code as someone might type it: lower case, spaces instead of dashes.
  await page.getByLabel("Mã tra cứu").fill(result.code.toLowerCase().replace(/-/g, " "));
  await page.getByRole("button", { name: "Tra cứu" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Văn bản có mã ${result.code}`);
  const facts = page.locator(".govuk-summary-list").first();
  await expect(facts).toContainText(result.documentName);
  await expect(facts).toContainText(result.agencyName);
  await expect(facts).toContainText(result.sha256);
  await expect(page.locator("main")).not.toContainText("Lò Thị Mai");
  await expect(page.locator(".app-signature-report").first()).toContainText("Hợp lệ");
  await expect(page.locator(".app-signature-report").first()).toContainText("Mọi chữ ký số trên tệp đều hợp lệ.");
  if (js) await expectNoAxeViolations(page);

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Tải về văn bản đã ký (PDF)" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${result.code}.pdf`);
  const downloaded = await readFile((await download.path())!);
  expect(downloaded.equals(result.pdf)).toBe(true);

  // The same bytes, uploaded.
  await page.goto("/verify");
  await page.getByLabel("Tệp PDF cần kiểm tra").setInputFiles({ name: "ket-qua.pdf", mimeType: "application/pdf", buffer: result.pdf });
  await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Văn bản này do Cổng Dịch vụ công phát hành, không bị sửa đổi");
  await expect(page.locator("main")).toContainText(result.documentName);
  await expect(page.locator(".app-signature-report")).toContainText("Hợp lệ");
  if (js) await expectNoAxeViolations(page);

  // A copy with one letter changed inside the signed range.
  const modified = Buffer.from(result.pdf);
  modified[modified.indexOf("PDFKit")] = "Q".charCodeAt(0);
  await page.getByRole("link", { name: "Kiểm tra văn bản khác" }).click();
  await page.getByLabel("Tệp PDF cần kiểm tra").setInputFiles({ name: "ket-qua-sua.pdf", mimeType: "application/pdf", buffer: modified });
  await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("không phải là văn bản do Cổng Dịch vụ công phát hành");
  await expect(page.locator(".app-signature-report")).toContainText("Không hợp lệ");
  await expect(page.locator(".app-signature-report__signature [data-reason]").first()).toBeVisible();
  await expect(page.locator("main")).not.toContainText(result.documentName);
  if (js) await expectNoAxeViolations(page);

  // Not a PDF: said on the form.
  await page.getByRole("link", { name: "Kiểm tra văn bản khác" }).click();
  await page.getByLabel("Tệp PDF cần kiểm tra").setInputFiles({ name: "ghi-chu.txt", mimeType: "text/plain", buffer: Buffer.from("xin chào") });
  await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
  await expect(page.locator("#document-error")).toContainText("Tệp đã chọn không phải là tệp PDF");
});

test("an unknown code says only that it was not found, and the document link of an unknown code is a 404", async ({ page, request }) => {
  await page.goto("/verify?code=0000-0000-0000");
  await expect(page.locator("#code-error")).toContainText("Không tìm thấy văn bản với mã này");
  const response = await request.get("/verify/0000-0000-0000/document");
  expect(response.status()).toBe(404);
});
