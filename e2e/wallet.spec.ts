import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { formatFileSize } from "../app/domain/files/files";
import { taxCodeCheckDigit } from "../app/domain/identity/tax-code";
import { tinyExe, tinyPdf, tinyPng } from "../app/domain/files/fixtures";
import { formatDate } from "../app/domain/shared/format";
import { expectNoAxeViolations } from "./axe";
import { newCccd, registerConfirmedCitizen, signInWithPassword, unique } from "./citizens";

// The document wallet (kho dữ liệu): a citizen uploads a PDF and a photo, finds them listed, downloads one (the same
// bytes, under its Vietnamese name), is refused an empty file, a program renamed .pdf, a file over 10 MB and a
// damaged PDF (each with its own message on the field, never a server error), removes a file, and cannot reach
// another citizen's file. A business's representative acting for it works in the business's wallet.

const PASSWORD = "sương sớm trên đèo Mã Pì Lèng";

async function newCitizen(name: string) {
  const email = `kho.${unique()}@example.vn`;
  await registerConfirmedCitizen({ fullName: name, cccd: newCccd(), birthDate: "1988-05-19", email, password: PASSWORD });
  return email;
}

async function upload(page: Page, files: { name: string; mimeType: string; buffer: Buffer }[]) {
  await page.getByLabel("Chọn tệp").setInputFiles(files);
  await page.getByRole("button", { name: "Tải lên" }).click();
}

async function expectFieldError(page: Page, text: string | RegExp) {
  await expect(page.getByRole("alert")).toContainText(text);
  await expect(page.locator("#file-error")).toContainText(text);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kho dữ liệu");
}

test("kho dữ liệu: tải lên, xem, tải về, tệp bị từ chối, xóa @nojs", async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  const js = testInfo.project.name === "js";
  const email = await newCitizen("Vàng Thị Mỷ");
  await signInWithPassword(page, email, PASSWORD);

  await page.getByRole("link", { name: "Mở kho dữ liệu" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kho dữ liệu");
  await expect(page.getByText("Kho dữ liệu chưa có tệp nào.")).toBeVisible();
  if (js) await expectNoAxeViolations(page);

  // Nothing chosen.
  await page.getByRole("button", { name: "Tải lên" }).click();
  await expectFieldError(page, "Chọn một tệp để tải lên");
  if (js) await expectNoAxeViolations(page);

  // A PDF and a PNG at once (with JavaScript, sent by the progress enhancement rather than as a page load).
  const pdf = Buffer.from(tinyPdf("Giay khai sinh ban sao", 20_000));
  const png = Buffer.from(tinyPng());
  const sentBy: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && new URL(r.url()).pathname === "/account/files") sentBy.push(r.resourceType());
  });
  await upload(page, [
    { name: "Giấy khai sinh (bản sao).pdf", mimeType: "application/pdf", buffer: pdf },
    { name: "ảnh thẻ.png", mimeType: "image/png", buffer: png },
  ]);
  await expect(page.getByText("Đã tải tệp lên kho dữ liệu.")).toBeVisible();
  expect(sentBy).toEqual([js ? "xhr" : "document"]);
  const table = page.getByRole("table");
  const pdfRow = table.getByRole("row").filter({ hasText: "Giấy khai sinh (bản sao).pdf" });
  const pngRow = table.getByRole("row").filter({ hasText: "ảnh thẻ.png" });
  await expect(pdfRow).toContainText("PDF");
  // Vietnamese style: a decimal comma.
  expect(formatFileSize(pdf.byteLength, "vi")).toMatch(/^20,\d kB$/);
  await expect(pdfRow).toContainText(formatFileSize(pdf.byteLength, "vi"));
  await expect(pdfRow).toContainText(formatDate(new Date()));
  // Verified as it was stored: an unsigned scan says so in plain words.
  await expect(pdfRow).toContainText("Tệp không có chữ ký số");
  await expect(pngRow).toContainText("PNG");
  await expect(pngRow).toContainText(`${png.byteLength} B`);

  // Download: the same bytes, under the original name, typed by content and not sniffable.
  const link = pdfRow.getByRole("link", { name: "Giấy khai sinh (bản sao).pdf" });
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toBe("Giấy khai sinh (bản sao).pdf");
  expect(await readFile((await download.path())!)).toEqual(pdf);
  const href = (await link.getAttribute("href"))!;
  const response = await page.request.get(href);
  expect(response.headers()["content-type"]).toBe("application/pdf");
  expect(response.headers()["x-content-type-options"]).toBe("nosniff");
  expect(response.headers()["content-disposition"]).toContain("filename*=UTF-8''Gi%E1%BA%A5y%20khai%20sinh");

  // Refused, each with its own message on the field.
  await upload(page, [{ name: "trống.pdf", mimeType: "application/pdf", buffer: Buffer.alloc(0) }]);
  await expectFieldError(page, "Tệp đã chọn không có nội dung");
  if (js) await expectNoAxeViolations(page);
  await upload(page, [{ name: "hoa-don.pdf", mimeType: "application/pdf", buffer: Buffer.from(tinyExe()) }]);
  await expectFieldError(page, "Tệp đã chọn phải là PDF, JPG, PNG, DOCX, XLSX hoặc ODT");
  // Over the 10 MB limit: refused while it streams.
  const big = Buffer.from(tinyPdf("lon", 10_500_000));
  await upload(page, [{ name: "hồ sơ quét.pdf", mimeType: "application/pdf", buffer: big }]);
  await expectFieldError(page, "Tệp đã chọn phải nhỏ hơn 10 MB");
  const damaged = pdf.subarray(0, pdf.byteLength - 200);
  await upload(page, [{ name: "bị hỏng.pdf", mimeType: "application/pdf", buffer: damaged }]);
  await expectFieldError(page, "Tệp PDF đã chọn bị hỏng hoặc không đầy đủ");
  // None of the refused files made it into the wallet.
  await page.goto("/account/files");
  await expect(page.getByRole("table").getByRole("row")).toHaveCount(3);

  // Another citizen cannot download it: not found.
  const other = await browser.newContext({ javaScriptEnabled: js });
  const otherPage = await other.newPage();
  await signInWithPassword(otherPage, await newCitizen("Lù Văn Páo"), PASSWORD);
  expect((await otherPage.request.get(href)).status()).toBe(404);
  await other.close();

  // Remove the photo.
  await pngRow.getByRole("button", { name: /Xóa/ }).click();
  await expect(page.getByText("Đã xóa tệp khỏi kho dữ liệu.")).toBeVisible();
  await expect(page.getByRole("table")).not.toContainText("ảnh thẻ.png");
  await expect(page.getByRole("table")).toContainText("Giấy khai sinh (bản sao).pdf");
  if (js) await expectNoAxeViolations(page);
});

/** A valid organisation tax code: "01", 7 random digits and the check digit (serials without one skipped). */
function validTaxCode(): string {
  for (;;) {
    const firstNine = `01${String(Math.floor(Math.random() * 9_999_999) + 1).padStart(7, "0")}`;
    const check = taxCodeCheckDigit(firstNine);
    if (check !== null) return `${firstNine}${check}`;
  }
}

test("kho dữ liệu của doanh nghiệp: người đại diện tải lên khi thao tác thay mặt doanh nghiệp @nojs", async ({ page }) => {
  test.setTimeout(90_000);
  const email = await newCitizen("Giàng Seo Phử");
  await signInWithPassword(page, email, PASSWORD);
  const name = `Hợp tác xã Mật ong bạc hà ${unique()}`;
  const taxCode = validTaxCode();
  await page.goto("/account/organisations/new");
  await page.getByLabel("Mã số thuế").fill(taxCode);
  await page.getByLabel("Tên tổ chức, doanh nghiệp").fill(name);
  await page.getByLabel("Địa chỉ trụ sở").fill("Thị trấn Đồng Văn, Hà Giang");
  await page.getByRole("button", { name: "Khai báo" }).click();
  await expect(page.getByText("Đã khai báo tổ chức, doanh nghiệp.")).toBeVisible();

  const actAs = async (label: string | RegExp) => {
    await page.goto("/account/acting-for");
    await page.getByLabel(label).check();
    await page.getByRole("button", { name: "Tiếp tục" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tài khoản của tôi");
  };

  // Acting for the business: its wallet.
  await actAs(`${name} (MST ${taxCode})`);
  await page.goto("/account/files");
  await expect(page.getByText(`Giấy tờ và kết quả của ${name}.`, { exact: false })).toBeVisible();
  await upload(page, [{ name: "giấy chứng nhận đăng ký.pdf", mimeType: "application/pdf", buffer: Buffer.from(tinyPdf("GCN DKKD")) }]);
  await expect(page.getByText("Đã tải tệp lên kho dữ liệu.")).toBeVisible();
  await expect(page.getByRole("table")).toContainText("giấy chứng nhận đăng ký.pdf");

  // As oneself: one's own wallet, without the business's file.
  await actAs("Bản thân");
  await page.goto("/account/files");
  await expect(page.getByText("Kho dữ liệu chưa có tệp nào.")).toBeVisible();

  // Back for the business: the file is there.
  await actAs(`${name} (MST ${taxCode})`);
  await page.goto("/account/files");
  await expect(page.getByRole("table")).toContainText("giấy chứng nhận đăng ký.pdf");
});
