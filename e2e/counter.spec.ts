import { expect, test, type Browser, type Page, type TestInfo } from "@playwright/test";
import { createDb } from "../app/platform/db.server";
import { tinyPdf } from "../app/domain/files/fixtures";
import { pdfText } from "../app/domain/dossiers/pdf-text.test-helper";
import { formatDateTime, formatTimestamp } from "../app/domain/shared/format";
import { expectNoAxeViolations } from "./axe";
import { newCccd, unique } from "./citizens";
import { agencyNamed, DATABASE_FILE, dossierRow } from "./dossier-journey";
import { waitForMail } from "./mailbox";
import { acceptInvitation, inviteFromConsole, signInOfficial } from "./officials";

// Filing at the counter (issue 6), as the receiving officer of a commune lives it: a citizen walks in with paper
// documents to register a birth. The officer opens the counter from the queue, chooses the procedure, types the
// citizen's details and the declaration, uploads the scans (PDF), ticks that the dossier was checked and files it: the
// dossier is accepted on the spot, with its code and the appointment on the receipt (Mẫu 01) to print. It is in the
// queue as an in-person dossier; the citizen, who has no account, hears of it by e-mail and follows it on the public
// tracking page with the code and the last 4 digits of the CCCD or the phone. With and without JavaScript; and a
// filing refused for missing details, with nothing filed and the scans kept for the next try.

const COMMUNE = "Ủy ban nhân dân phường Quang Trung";
const PROCEDURE = "Đăng ký khai sinh";
const CCCD_DOC = "Giấy tờ tùy thân của người yêu cầu (Căn cước công dân/Căn cước hoặc Hộ chiếu còn giá trị sử dụng)";
const h1 = (page: Page) => page.getByRole("heading", { level: 1 });
const dayOf = (iso: string) => formatTimestamp(iso).slice(0, 10);
const scan = (name: string, text: string) => ({ name, mimeType: "application/pdf", buffer: Buffer.from(tinyPdf(text)) });
const projectUsesJs = (testInfo: TestInfo) => testInfo.project.name !== "no-js";

/** The commune's receiving officer: invited from the console, enrolled and signed in on this page. */
async function receivingOfficer(page: Page, agencyCode: string, name: string): Promise<{ email: string }> {
  const email = `mot.cua.${unique()}@quangtrung.hagiang.gov.vn`;
  const link = inviteFromConsole(email, name, ["receiving_officer"], agencyCode);
  const password = "sương sớm trên ruộng bậc thang Hoàng Su Phì";
  const secret = await acceptInvitation(page, link, password);
  await page.goto("/sign-in");
  await signInOfficial(page, email, password, secret);
  await expect(h1(page)).toHaveText("Tài khoản của tôi");
  return { email };
}

/** The dossiers an official's account holds (the counter files them under the officer's account). */
async function dossierCodesOf(email: string): Promise<string[]> {
  const db = createDb({ engine: "sqlite", file: DATABASE_FILE });
  try {
    const rows = await db
      .selectFrom("dossiers as d")
      .innerJoin("users as u", "u.id", "d.owner_user_id")
      .select("d.code")
      .where("u.email", "=", email)
      .execute();
    return rows.map((r) => r.code);
  } finally {
    await db.destroy();
  }
}

/** From the account page, through the queue, to the counter's form for the birth registration. */
async function openCounterForm(page: Page, js: boolean) {
  await page.getByRole("link", { name: "Hồ sơ cần xử lý" }).click();
  await expect(h1(page)).toHaveText("Hồ sơ cần xử lý");
  await page.getByRole("link", { name: "Tiếp nhận hồ sơ trực tiếp" }).click();
  await expect(h1(page)).toHaveText("Tiếp nhận hồ sơ trực tiếp");
  if (js) await expectNoAxeViolations(page);
  // Searched without diacritics, as officers type at the counter.
  await page.getByRole("searchbox", { name: "Tìm thủ tục" }).fill("dang ky khai sinh");
  await page.getByRole("button", { name: "Tìm", exact: true }).click();
  await expect(page).toHaveURL(/\/office\/counter\?q=dang/);
  await page.getByRole("link", { name: PROCEDURE, exact: true }).click();
  await expect(h1(page)).toHaveText(PROCEDURE);
  await expect(page.getByText(`Tiếp nhận trực tiếp – ${COMMUNE}`)).toBeVisible();
}

interface WalkIn {
  fullName: string;
  cccd: string;
  phone: string;
  email: string;
}

/** The citizen's details at the top of the counter's form. */
async function fillApplicant(page: Page, walkIn: Partial<WalkIn>) {
  const applicant = page.getByRole("group", { name: "Người nộp hồ sơ" });
  await applicant.getByLabel("Họ và tên").fill(walkIn.fullName ?? "");
  await applicant.getByLabel("Số định danh cá nhân (CCCD)").fill(walkIn.cccd ?? "");
  await applicant.getByLabel("Số điện thoại").fill(walkIn.phone ?? "");
  await applicant.getByLabel("Thư điện tử").fill(walkIn.email ?? "");
  await applicant.getByLabel("Địa chỉ").fill("Tổ 9, phường Quang Trung, thành phố Hà Giang");
}

/** The case and the declaration (Tờ khai) of a birth registration, as the citizen's paper form says. */
async function fillDeclaration(page: Page, walkIn: WalkIn) {
  await page.getByRole("group", { name: "Trường hợp" }).getByLabel("Có giấy chứng sinh", { exact: true }).check();
  const born = new Date(Date.now() - 20 * 86_400_000);
  const child = page.getByRole("region", { name: "Thông tin trẻ được khai sinh" });
  await child.getByLabel("Họ, chữ đệm và tên của trẻ").fill("Vàng Văn Khánh");
  await child.getByLabel("Nam", { exact: true }).check();
  await child.getByLabel("Ngày", { exact: true }).fill(String(born.getUTCDate()));
  await child.getByLabel("Tháng", { exact: true }).fill(String(born.getUTCMonth() + 1));
  await child.getByLabel("Năm", { exact: true }).fill(String(born.getUTCFullYear()));
  await child.getByLabel("Nơi sinh").fill("Trạm y tế phường Quang Trung");
  await child.getByLabel("Dân tộc").fill("H'Mông");
  const parents = page.getByRole("region", { name: "Thông tin cha, mẹ" });
  await parents.getByLabel("Họ, chữ đệm và tên người mẹ").fill(walkIn.fullName);
  await parents.getByLabel("Số định danh cá nhân của người mẹ").fill(walkIn.cccd);
  await parents.getByRole("group", { name: /Có thông tin về người cha/ }).getByLabel("Không").check();
  const requester = page.getByRole("region", { name: "Thông tin người yêu cầu" });
  await requester.getByLabel("Họ, chữ đệm và tên người yêu cầu").fill(walkIn.fullName);
  await requester.getByLabel("Số định danh cá nhân (CCCD)").fill(walkIn.cccd);
  await requester.getByLabel("Số điện thoại liên hệ").fill(walkIn.phone);
  await requester.getByLabel("Mã tỉnh, thành phố").fill("02");
  await requester.getByLabel("Mã huyện, quận, thị xã, thành phố").fill("024");
  await requester.getByLabel("Mã xã, phường, thị trấn").fill("00688");
  await requester.getByLabel("Số nhà, đường, thôn, tổ").fill("Tổ 9");
  await requester.getByLabel("Quan hệ với người được đăng ký").selectOption({ label: "Mẹ" });
}

/** The public tracking page, in a browser of its own (the citizen's phone): code and 4 digits. */
async function trackAsCitizen(browser: Browser, js: boolean, code: string, digits: string): Promise<Page> {
  const context = await browser.newContext({ locale: "vi-VN", timezoneId: "Asia/Ho_Chi_Minh", javaScriptEnabled: js });
  const page = await context.newPage();
  await page.goto("/dossiers/track");
  await expect(h1(page)).toHaveText("Tra cứu hồ sơ");
  await page.getByLabel("Mã hồ sơ").fill(code);
  await page.getByLabel("4 chữ số cuối của CCCD hoặc số điện thoại người nộp").fill(digits);
  await page.getByRole("button", { name: "Tra cứu" }).click();
  await expect(h1(page)).toHaveText(`Hồ sơ ${code}`);
  return page;
}

test("một cửa tiếp nhận hồ sơ trực tiếp: nhập thông tin công dân, tải bản quét, tiếp nhận ngay, in Mẫu 01, hồ sơ trong danh sách và tra cứu công khai @nojs", async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  const js = projectUsesJs(testInfo);
  const commune = await agencyNamed(COMMUNE);
  const officer = await receivingOfficer(page, commune.code, "Lý Thị Một Cửa");
  const walkIn: WalkIn = { fullName: "Vàng Thị Dung", cccd: newCccd(), phone: `09${String(Date.now()).slice(-8)}`, email: `truc.tiep.${unique()}@example.vn` };

  await openCounterForm(page, js);
  if (js) await expectNoAxeViolations(page);
  await fillApplicant(page, walkIn);
  await fillDeclaration(page, walkIn);
  // The paper documents, scanned: the identity card front and back as two files of one document.
  await page.getByLabel("Tờ khai đăng ký khai sinh (theo mẫu)").setInputFiles(scan("to-khai-khai-sinh.pdf", "To khai dang ky khai sinh"));
  await page.getByLabel("Giấy chứng sinh do cơ sở khám bệnh, chữa bệnh cấp").setInputFiles(scan("giay-chung-sinh.pdf", "Giay chung sinh"));
  await page.getByLabel(CCCD_DOC).setInputFiles([scan("cccd-mat-truoc.pdf", "CCCD mat truoc"), scan("cccd-mat-sau.pdf", "CCCD mat sau")]);
  await page.getByLabel("Tôi đã kiểm tra hồ sơ đầy đủ, hợp lệ").check();
  await page.getByRole("button", { name: "Tiếp nhận hồ sơ" }).click();

  // Accepted at once: the code, the appointment and the receipt to print.
  await expect(page).toHaveURL(/\/office\/counter\?filed=/, { timeout: 30_000 });
  const panel = page.locator(".govuk-panel");
  await expect(panel).toContainText("Đã tiếp nhận hồ sơ");
  const code = (await panel.locator("strong").innerText()).trim();
  expect(code).toMatch(new RegExp(`^${commune.code.replace(/\./g, "\\.")}-\\d{6}-\\d{4}$`));
  const filed = await dossierRow(code);
  expect(filed).toMatchObject({ status: 2, channel: "in_person" });
  expect(filed.accepted_at).not.toBeNull();
  expect(filed.due_at).not.toBeNull();
  expect(await dossierCodesOf(officer.email)).toEqual([code]);
  const summaryRow = (key: string) => page.locator(".govuk-summary-list__row", { has: page.getByText(key, { exact: true }) });
  await expect(summaryRow("Người nộp")).toContainText(walkIn.fullName);
  await expect(summaryRow("Thủ tục")).toContainText(PROCEDURE);
  await expect(summaryRow("Ngày hẹn trả kết quả")).toContainText(formatDateTime(filed.due_at!, "vi"));
  if (js) await expectNoAxeViolations(page);

  // The receipt (Mẫu 01): a PDF with the code and the appointment date.
  const receiptLink = page.getByRole("link", { name: "In giấy tiếp nhận (Mẫu 01)" });
  const receipt = await page.request.get((await receiptLink.getAttribute("href"))!);
  expect(receipt.status()).toBe(200);
  expect(receipt.headers()["content-type"]).toContain("application/pdf");
  const receiptPdf = Buffer.from(await receipt.body());
  expect(receiptPdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  const receiptText = pdfText(receiptPdf);
  expect(receiptText).toContain(code);
  expect(receiptText).toContain(dayOf(filed.due_at!));
  expect(receiptText).toContain(walkIn.fullName);

  // The citizen hears of it at the address given at the counter.
  await waitForMail(walkIn.email, new RegExp(`Hồ sơ ${code.replace(/\./g, "\\.")} đã được tiếp nhận`), 30_000);

  // In the queue, among the in-person dossiers, and on its page: channel "Trực tiếp", the scans, the history.
  await page.goto("/office");
  await expect(h1(page)).toHaveText("Hồ sơ cần xử lý");
  await page.getByLabel("Kênh nộp").selectOption({ label: "Trực tiếp" });
  await page.getByRole("button", { name: "Lọc", exact: true }).click();
  await expect(page).toHaveURL(/channel=in_person/);
  const row = page.getByRole("row").filter({ hasText: code });
  await expect(row).toContainText(walkIn.fullName);
  await expect(row).toContainText("Được tiếp nhận");
  await row.getByRole("link", { name: code }).click();
  await expect(h1(page)).toHaveText(`Hồ sơ ${code}`);
  await expect(page.locator(".govuk-summary-list__row", { hasText: "Hình thức nộp" })).toContainText("Trực tiếp");
  for (const name of ["to-khai-khai-sinh.pdf", "giay-chung-sinh.pdf", "cccd-mat-truoc.pdf", "cccd-mat-sau.pdf"]) await expect(page.getByText(name).first()).toBeVisible();
  await expect(page.getByText("Nộp hồ sơ trực tiếp tại bộ phận một cửa").first()).toBeVisible();
  if (js) await expectNoAxeViolations(page);

  // The citizen, on the public tracking page: the last 4 digits of the CCCD, then of the phone.
  const citizen = await trackAsCitizen(browser, js, code, walkIn.cccd.slice(-4));
  await expect(citizen.getByRole("table")).toContainText("Được tiếp nhận");
  await expect(citizen.getByText(walkIn.cccd)).toHaveCount(0);
  if (js) await expectNoAxeViolations(citizen);
  await citizen.context().close();
  const byPhone = await trackAsCitizen(browser, js, code, walkIn.phone.slice(-4));
  await expect(byPhone.getByRole("table")).toContainText("Được tiếp nhận");
  await byPhone.context().close();
});

test("một cửa thiếu thông tin người nộp: báo lỗi tiếng Việt, không tiếp nhận, giữ bản quét đã tải để nộp lại @nojs", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const js = projectUsesJs(testInfo);
  const commune = await agencyNamed(COMMUNE);
  const officer = await receivingOfficer(page, commune.code, "Lý Văn Quên");
  const walkIn: WalkIn = { fullName: "Sùng Thị Mỷ", cccd: newCccd(), phone: `08${String(Date.now()).slice(-8)}`, email: "" };

  await openCounterForm(page, js);
  // The declaration and one scan, but neither the citizen's name nor a CCCD or phone; the check box left empty.
  await fillDeclaration(page, walkIn);
  await page.getByLabel("Tờ khai đăng ký khai sinh (theo mẫu)").setInputFiles(scan("to-khai-sung-thi-my.pdf", "To khai Sung Thi My"));
  await page.getByRole("button", { name: "Tiếp nhận hồ sơ" }).click();

  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Hồ sơ chưa được tiếp nhận", { timeout: 30_000 });
  // With JavaScript the page is updated in place: the summary takes the focus, to be read out first.
  if (js) await expect(page.locator(".govuk-error-summary")).toBeFocused();
  await expect(summary.getByRole("link", { name: "Nhập họ và tên người nộp" })).toBeVisible();
  await expect(summary.getByRole("link", { name: "Nhập số định danh cá nhân hoặc số điện thoại của người nộp" })).toBeVisible();
  await expect(summary.getByRole("link", { name: "Xác nhận bạn đã kiểm tra hồ sơ đầy đủ, hợp lệ" })).toBeVisible();
  await expect(summary).toContainText(/Giấy chứng sinh do cơ sở khám bệnh, chữa bệnh cấp/);
  // Each message at its field too; what was typed is still there; the scan is kept, ticked.
  await expect(page.locator("#c-fullName-error")).toContainText("Nhập họ và tên người nộp");
  await expect(page.getByRole("region", { name: "Thông tin người yêu cầu" }).getByLabel("Họ, chữ đệm và tên người yêu cầu")).toHaveValue(walkIn.fullName);
  await expect(page.getByLabel(/to-khai-sung-thi-my\.pdf/)).toBeChecked();
  if (js) await expectNoAxeViolations(page);
  expect(await dossierCodesOf(officer.email)).toEqual([]);

  // The summary's link leads to the field (with JavaScript it moves the focus there).
  await summary.getByRole("link", { name: "Nhập họ và tên người nộp" }).click();
  if (js) await expect(page.getByRole("group", { name: "Người nộp hồ sơ" }).getByLabel("Họ và tên")).toBeFocused();
  else await expect(page).toHaveURL(/#c-fullName$/);

  // The officer completes the form, adding the missing scans only: filed, with the kept scan among the documents.
  await fillApplicant(page, walkIn);
  await page.getByLabel("Giấy chứng sinh do cơ sở khám bệnh, chữa bệnh cấp").setInputFiles(scan("giay-chung-sinh-sung-thi-my.pdf", "Giay chung sinh"));
  await page.getByLabel(CCCD_DOC).setInputFiles(scan("cccd-sung-thi-my.pdf", "CCCD"));
  await page.getByLabel("Tôi đã kiểm tra hồ sơ đầy đủ, hợp lệ").check();
  await page.getByRole("button", { name: "Tiếp nhận hồ sơ" }).click();
  await expect(page).toHaveURL(/\/office\/counter\?filed=/, { timeout: 30_000 });
  const code = (await page.locator(".govuk-panel strong").innerText()).trim();
  expect(await dossierCodesOf(officer.email)).toEqual([code]);
  await page.goto(`/office/dossiers/${encodeURIComponent(code)}`);
  await expect(h1(page)).toHaveText(`Hồ sơ ${code}`);
  await expect(page.getByText("to-khai-sung-thi-my.pdf").first()).toBeVisible();
});
