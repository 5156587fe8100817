import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test, type Page } from "@playwright/test";
import { tinyJpeg, tinyPdf } from "../app/domain/files/fixtures";
import { taxCodeCheckDigit } from "../app/domain/identity/tax-code";
import { createDb } from "../app/platform/db.server";
import { expectNoAxeViolations } from "./axe";
import { signedForE2e } from "./signed-pdf";
import { newCccd, registerConfirmedCitizen, signInWithPassword, unique } from "./citizens";
import { readFile } from "node:fs/promises";
import { pdfText } from "../app/domain/dossiers/pdf-text.test-helper";
import { confirmAtGateway, openGateway, payAtGateway } from "./payments";

// A business files for itself (issue 5): its representative, acting for the business, files "Cấp giấy phép lao động
// cho người lao động nước ngoài" (1.014199). The applicant is the business; the documents are uploaded into the
// business's wallet; the dossier belongs to the business, and another representative acting for it sees it.

const root = fileURLToPath(new URL("..", import.meta.url));
const DATABASE_FILE = join(root, process.env.E2E_DATA_DIR ?? "data/e2e", "portal.db");

function validTaxCode(): string {
  for (;;) {
    const firstNine = `01${String(Math.floor(Math.random() * 9_999_999) + 1).padStart(7, "0")}`;
    const check = taxCodeCheckDigit(firstNine);
    if (check !== null) return `${firstNine}${check}`;
  }
}

/** The business, declared by the first representative; the second one added straight into the database. */
async function addRepresentative(taxCode: string, email: string): Promise<void> {
  const db = createDb({ engine: "sqlite", file: DATABASE_FILE });
  try {
    const org = await db.selectFrom("organisations").select("id").where("tax_code", "=", taxCode).executeTakeFirstOrThrow();
    const user = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
    await db.insertInto("representatives").values({ organisation_id: org.id, user_id: user.id, role: "authorised", created_at: new Date().toISOString() }).execute();
  } finally {
    await db.destroy();
  }
}

async function actFor(page: Page, label: string) {
  await page.goto("/account/acting-for");
  await page.getByLabel(label).check();
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  // The switch is done once its answer has arrived (the banner shows it).
  await expect(page.getByText(`Bạn đang thao tác thay mặt: ${label}`)).toBeVisible();
}

async function fillAddress(page: Page, legend: string, line: string) {
  const group = page.getByRole("group", { name: legend });
  await group.getByLabel("Mã tỉnh, thành phố").fill("02");
  await group.getByLabel("Mã huyện, quận, thị xã, thành phố").fill("024");
  await group.getByLabel("Mã xã, phường, thị trấn").fill("00688");
  await group.getByLabel("Số nhà, đường, thôn, tổ").fill(line);
}

async function fillDate(page: Page, legend: string, day: string, month: string, year: string) {
  const group = page.getByRole("group", { name: legend });
  await group.getByLabel("Ngày", { exact: true }).fill(day);
  await group.getByLabel("Tháng", { exact: true }).fill(month);
  await group.getByLabel("Năm", { exact: true }).fill(year);
}

test("một doanh nghiệp nộp hồ sơ cấp giấy phép lao động: người đại diện thao tác thay mặt doanh nghiệp, người đại diện khác cũng thấy hồ sơ @nojs", async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  const js = testInfo.project.name === "js";
  const id = unique();
  const taxCode = validTaxCode();
  const company = `Công ty TNHH Chè Cao Nguyên ${id}`;
  const director = { fullName: "Hoàng Văn Pó", cccd: newCccd(), birthDate: "1985-03-02", email: `giam.doc.${id}@example.vn`, password: "chè shan tuyết Cao Bồ mùa xuân" };
  const clerk = { fullName: "Lục Thị Dền", cccd: newCccd(), birthDate: "1992-08-19", email: `van.thu.${id}@example.vn`, password: "mây trắng trên đỉnh Chiêu Lầu Thi" };
  await registerConfirmedCitizen(director);
  await registerConfirmedCitizen(clerk);

  // The director declares the business and acts for it.
  await signInWithPassword(page, director.email, director.password);
  await page.goto("/account/organisations/new");
  await page.getByLabel("Mã số thuế").fill(taxCode);
  await page.getByLabel("Tên tổ chức, doanh nghiệp").fill(company);
  await page.getByLabel("Địa chỉ trụ sở").fill("Tổ 5, phường Quang Trung, thành phố Hà Giang");
  await page.getByRole("button", { name: "Khai báo" }).click();
  await expect(page.getByText("Đã khai báo tổ chức, doanh nghiệp.")).toBeVisible();
  await addRepresentative(taxCode, clerk.email);
  await actFor(page, `${company} (MST ${taxCode})`);

  // Start from the procedure's page.
  await page.goto("/procedures/1.014199");
  await page.getByRole("button", { name: "Bắt đầu nộp hồ sơ" }).or(page.getByRole("link", { name: "Bắt đầu nộp hồ sơ" })).click();
  await page.getByRole("button", { name: "Bắt đầu" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Danh sách việc cần làm");

  // The applicant is the business, represented by the director.
  await page.getByRole("link", { name: "Người nộp hồ sơ" }).click();
  await expect(page.getByText(`Bạn nộp hồ sơ thay mặt ${company} (mã số thuế ${taxCode}).`)).toBeVisible();
  if (js) await expectNoAxeViolations(page);
  await page.getByLabel("Số điện thoại").fill("0912345678");
  await page.getByLabel("Địa chỉ liên hệ").fill("Tổ 5, phường Quang Trung, thành phố Hà Giang");
  const self = page.getByLabel(/Cho chính tôi/);
  if (await self.count()) await self.check();
  await page.getByRole("button", { name: "Lưu và tiếp tục" }).click();

  // The employer.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Người sử dụng lao động");
  await page.getByLabel("Tên doanh nghiệp, tổ chức").fill(company);
  await page.getByLabel("Mã số thuế").fill(taxCode);
  await fillAddress(page, "Địa chỉ trụ sở", "Tổ 5");
  await page.getByLabel("Số điện thoại liên hệ").fill("02193866688");
  await page.getByLabel("Thư điện tử").fill(director.email);
  await page.getByRole("button", { name: "Lưu và tiếp tục" }).click();

  // The foreign worker.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Người lao động nước ngoài");
  await page.getByLabel("Họ tên (theo hộ chiếu)").fill("KIM MIN-JUN");
  await page.getByLabel("Quốc tịch").fill("Hàn Quốc");
  await page.getByLabel("Số hộ chiếu").fill("M12345678");
  await page.getByLabel("Vị trí công việc").selectOption({ label: "Chuyên gia" });
  await fillDate(page, "Thời hạn làm việc từ ngày", "1", "2", "2027");
  await fillDate(page, "Đến ngày", "31", "12", "2027");
  await fillAddress(page, "Địa điểm làm việc", "Nhà máy chè Cao Bồ");
  await page.getByRole("button", { name: "Lưu và tiếp tục" }).click();

  // Seven documents, each uploaded into the business's wallet (the photo as a JPEG). The employer's request must carry
  // a valid digital signature (the catalog marks it "signature required"): it is uploaded signed, and the page says so.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thành phần hồ sơ");
  const sections = page.locator("section.app-filing-document");
  await expect(sections).toHaveCount(7);
  for (let i = 0; i < 7; i++) {
    const section = sections.nth(i);
    const heading = await section.getByRole("heading").first().innerText();
    const photo = heading.startsWith("02 ảnh màu");
    const signed = heading.startsWith("Văn bản đề nghị cấp giấy phép lao động");
    const pdf = tinyPdf(`Giay to ${i} ${randomUUID()}`);
    const file = photo
      ? { name: `anh-${i}.jpg`, mimeType: "image/jpeg", buffer: Buffer.from(tinyJpeg()) }
      : { name: `giay-to-${i}.pdf`, mimeType: "application/pdf", buffer: signed ? await signedForE2e(pdf) : Buffer.from(pdf) };
    if (signed) {
      // The page says the document must be signed. A copy changed after signing is refused, and the page says why.
      await expect(section.locator(".app-signature-required")).toHaveText("Giấy tờ này phải được ký số: Cổng chỉ nhận tệp có chữ ký số hợp lệ.");
      const tampered = Buffer.from(file.buffer);
      const at = tampered.indexOf(`Giay to ${i}`, 0, "latin1");
      expect(at).toBeGreaterThan(0);
      tampered[at] = "H".charCodeAt(0);
      await section.getByLabel("Tải tệp lên").setInputFiles({ ...file, name: "de-nghi-da-sua.pdf", buffer: tampered });
      await section.getByRole("button", { name: "Tải lên" }).click();
      const refusal = "«de-nghi-da-sua.pdf» không được nhận: giấy tờ này phải có chữ ký số hợp lệ. Chữ ký số không hợp lệ: Tài liệu đã bị thay đổi sau khi ký: nội dung không còn khớp với chữ ký. Hãy tải lên tệp được ký số đúng";
      await expect(sections.nth(i).locator(".govuk-error-message")).toContainText(refusal);
      await expect(sections.nth(i).locator(".app-attached-files")).toHaveCount(0);
      await expect(page.locator(".govuk-error-summary")).toContainText(refusal);
    }
    await section.getByLabel("Tải tệp lên").setInputFiles(file);
    await section.getByRole("button", { name: "Tải lên" }).click();
    await expect(sections.nth(i).locator(".app-attached-files")).toContainText(file.name);
    if (signed) await expect(sections.nth(i).locator(".app-attached-files")).toContainText("Chữ ký số hợp lệ");
  }
  await page.getByRole("button", { name: "Tiếp tục" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Phí, lệ phí");
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kiểm tra thông tin đã khai");
  await page.getByRole("button", { name: "Tiếp tục đến lời cam đoan" }).click();
  await page.getByLabel("Tôi cam đoan nội dung đã khai là đúng sự thật").check();
  await page.getByRole("button", { name: "Xác nhận và tiếp tục" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nộp hồ sơ");
  await page.getByRole("button", { name: "Nộp hồ sơ" }).click();

  // The fee is paid first (thu trước, 600.000 ₫): the business goes straight to paying, shown the lines and the total.
  await expect(page).toHaveURL(/\/my\/dossiers\/000\.01\.01\.H22-\d{6}-\d{4}\/pay$/);
  const code = decodeURIComponent(new URL(page.url()).pathname.split("/").at(-2)!);
  await expect(page.getByText("Hồ sơ của bạn đã được nộp.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Nộp phí, lệ phí cho hồ sơ ${code}`);
  await expect(page.getByRole("table")).toContainText("Lệ phí cấp giấy phép lao động");
  await expect(page.getByRole("table")).toContainText("600.000 ₫");
  if (js) await expectNoAxeViolations(page);
  // Without JavaScript the business first looks at paying by bank transfer: the VietQR code and the account on the
  // page, and the payment notice (PDF) with the transfer's description starting with the payment reference.
  if (!js) {
    await page.getByLabel("Chuyển khoản ngân hàng bằng mã VietQR").check();
    await page.getByRole("button", { name: "Thanh toán 600.000 ₫" }).click();
    const transfer = page.locator("#transfer");
    await expect(transfer.getByRole("img", { name: /^Mã VietQR chuyển khoản 600\.000 đồng vào tài khoản 1234567890123/ })).toBeVisible();
    const purpose = (await transfer.locator("code").first().innerText()).trim();
    expect(purpose).toMatch(new RegExp(`^PAY\\d{6}[0-9A-Z]{7} LE PHI HS ${code.replace(/\./g, "\\.")}$`));
    const [notice] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Tải giấy báo nộp phí/ }).click()]);
    const noticeText = pdfText(await readFile((await notice.path())!)).replace(/·/g, "").replace(/\s+/g, " ");
    expect(noticeText).toContain(purpose);
    expect(noticeText).toContain("Sáu trăm nghìn đồng");
  }
  // With JavaScript: the first attempt is declined at the gateway (not enough money); the business pays again from
  // the portal without filling anything in. Without: it pays at once (by card, rather than waiting for the transfer).
  if (js) {
    await payAtGateway(page, "Tài khoản không đủ số dư");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thanh toán không thành công");
    await expect(page.getByText("Tài khoản không đủ số dư để thanh toán.")).toBeVisible();
    await page.getByRole("button", { name: "Thanh toán lại" }).click();
    await expect(page.getByText("Lần thanh toán trước không thành công hoặc đã hết hạn.")).toBeVisible();
  }
  // With JavaScript, a second tab opens the gateway for the same request: it gets the same open order.
  const tab2 = js ? await page.context().newPage() : null;
  if (tab2) {
    await tab2.goto(`/my/dossiers/${encodeURIComponent(code)}/pay`);
    await openGateway(tab2);
  }
  await payAtGateway(page, "Thanh toán thành công");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thanh toán thành công");
  await expect(page.getByText("Đã nộp 600.000 ₫")).toBeVisible();
  if (js) await expectNoAxeViolations(page);

  // The second tab confirms too late: the gateway refuses to take the money twice, and the portal shows it paid once.
  if (tab2) {
    await confirmAtGateway(tab2, "Thanh toán thành công");
    await expect(tab2.getByText("Giao dịch đã được xử lý")).toBeVisible();
    await tab2.goto(`/my/dossiers/${encodeURIComponent(code)}/pay`);
    await expect(tab2.getByRole("link", { name: /^Biên lai / })).toHaveCount(1);
    await expect(tab2.getByRole("button", { name: /^Thanh toán / })).toHaveCount(0);
    await tab2.close();
  }

  // The e-receipt: number, series, the amount in figures and words, the collecting unit.
  await page.getByRole("button", { name: "Xem biên lai" }).click();
  await expect(page.getByRole("heading", { level: 2 }).first()).toContainText("Đã thanh toán");
  const receiptLink = page.getByRole("link", { name: /^Biên lai Lệ phí BL-\d{2}E số \d{7} — 600\.000 ₫/ });
  const [download] = await Promise.all([page.waitForEvent("download"), receiptLink.click()]);
  const receipt = pdfText(await readFile((await download.path())!));
  expect(receipt).toContain("Sáu trăm nghìn đồng");
  expect(receipt).toContain(code);
  expect(receipt).toMatch(/Ký hiệu:?\s*BL-\d{2}E/);

  // The dossier moves on: received by the one-stop unit once paid (its history says so).
  await page.goto(`/my/dossiers/${encodeURIComponent(code)}`);
  await expect(page.getByText("Đã nộp phí, lệ phí: hồ sơ được chuyển đến bộ phận tiếp nhận")).toBeVisible();
  await expect(page.getByText("Hồ sơ đang chờ nộp")).toHaveCount(0);
  // The dossier page keeps the verdict on the signed request beside the file.
  await expect(page.locator("main li").filter({ hasText: "Chữ ký số hợp lệ" })).toContainText("giay-to-");

  // The business's files are in its wallet, not the director's own.
  await page.goto("/account/files");
  await expect(page.getByRole("link", { name: "giay-to-0.pdf" })).toBeVisible();

  // The other representative, acting for the business, sees the dossier; on their own behalf they do not.
  const other = await browser.newContext({ locale: "vi-VN", timezoneId: "Asia/Ho_Chi_Minh", javaScriptEnabled: js });
  const clerkPage = await other.newPage();
  try {
    await signInWithPassword(clerkPage, clerk.email, clerk.password);
    await clerkPage.goto("/my/dossiers");
    await expect(clerkPage.getByText(code)).toHaveCount(0);
    await actFor(clerkPage, `${company} (MST ${taxCode})`);
    await clerkPage.goto("/my/dossiers");
    await expect(clerkPage.getByRole("link", { name: code, exact: true })).toBeVisible();
    await clerkPage.getByRole("link", { name: code, exact: true }).click();
    await expect(clerkPage.getByRole("heading", { level: 1 })).toHaveText(`Hồ sơ ${code}`);
  } finally {
    await other.close();
  }
});
