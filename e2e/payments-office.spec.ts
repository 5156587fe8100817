import { expect, test, type Browser, type Page } from "@playwright/test";
import { newCccd, registerConfirmedCitizen, signInWithPassword, unique } from "./citizens";
import { agencyNamed, dossierRow, walletFiles } from "./dossier-journey";
import { acceptInvitation, inviteFromConsole, signInOfficial } from "./officials";
import { payAtGateway } from "./payments";

// Pay later (issue 9; shared/domain/payments.md §5.4): a citizen files a first land-use certificate (9.000036, fees
// paid when the agency asks) at the city's one-stop unit; the one-stop accepts it and hands it to the city's People's
// Committee; the handler asks for the fees the catalog gives (status 6, "Yêu cầu thực hiện nghĩa vụ tài chính"),
// after a line that does not check is refused with the error summary; the citizen pays through the local VNPay
// simulator and comes back to the portal's return page; the dossier is being processed again (status 4), and the
// officials see the payment and its receipts.

const ONE_STOP = "Bộ phận Tiếp nhận và Trả kết quả thành phố Hà Giang";
const DISTRICT = "Ủy ban nhân dân thành phố Hà Giang";
const FORM_04A = "Đơn đăng ký, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất (Mẫu số 04a/ĐK)";
const h1 = (page: Page) => page.getByRole("heading", { level: 1 });
const control = (page: Page, name: string) => page.getByRole("button", { name, exact: true }).or(page.getByRole("link", { name, exact: true }));

async function official(browser: Browser, js: boolean, agencyCode: string, role: string, name: string): Promise<Page> {
  const email = `${role}.${unique()}@tphagiang.hagiang.gov.vn`;
  const link = inviteFromConsole(email, name, [role], agencyCode);
  const context = await browser.newContext({ locale: "vi-VN", timezoneId: "Asia/Ho_Chi_Minh", javaScriptEnabled: js });
  const page = await context.newPage();
  const password = "nắng vàng trên ruộng bậc thang Hoàng Su Phì";
  const secret = await acceptInvitation(page, link, password);
  await page.goto("/sign-in");
  await signInOfficial(page, email, password, secret);
  await expect(h1(page)).toHaveText("Tài khoản của tôi");
  return page;
}

async function fillAddress(page: Page, legend: string, line: string) {
  const group = page.getByRole("group", { name: legend });
  await group.getByLabel("Mã tỉnh, thành phố").fill("02");
  await group.getByLabel("Mã huyện, quận, thị xã, thành phố").fill("024");
  await group.getByLabel("Mã xã, phường, thị trấn").fill("00688");
  await group.getByLabel("Số nhà, đường, thôn, tổ").fill(line);
}

/** "Đăng ký đất đai, … cấp Giấy chứng nhận … lần đầu" at the city's one-stop unit, by the signed-in citizen. */
async function fileLandCertificate(page: Page, citizen: { fullName: string; cccd: string }): Promise<string> {
  await page.goto("/procedures/9.000036");
  await page.getByRole("button", { name: "Bắt đầu nộp hồ sơ" }).or(page.getByRole("link", { name: "Bắt đầu nộp hồ sơ" })).click();
  await page.getByLabel("Cơ quan tiếp nhận hồ sơ").selectOption({ label: ONE_STOP });
  await page.getByRole("button", { name: "Bắt đầu", exact: true }).click();
  await expect(h1(page)).toHaveText("Danh sách việc cần làm");

  await page.getByRole("link", { name: "Người nộp hồ sơ" }).click();
  await page.getByLabel("Số điện thoại").fill("0912345678");
  await page.getByLabel("Địa chỉ liên hệ").fill("Tổ 5, phường Quang Trung, thành phố Hà Giang");
  const self = page.getByLabel(/Cho chính tôi/);
  if (await self.count()) await self.check();
  await page.getByRole("button", { name: "Lưu và tiếp tục" }).click();

  await expect(h1(page)).toHaveText("Thông tin người yêu cầu");
  await page.getByLabel("Họ, chữ đệm và tên người yêu cầu").fill(citizen.fullName);
  await page.getByLabel("Số định danh cá nhân (CCCD)").fill(citizen.cccd);
  await page.getByLabel("Số điện thoại liên hệ").fill("0912345678");
  await fillAddress(page, "Nơi cư trú", "Tổ 5");
  await page.getByRole("button", { name: "Lưu và tiếp tục" }).click();

  await expect(h1(page)).toHaveText("Thửa đất đề nghị cấp Giấy chứng nhận");
  await fillAddress(page, "Địa chỉ thửa đất", "Thôn Tân Tiến");
  await page.getByLabel("Thửa đất số").fill("125");
  await page.getByLabel("Tờ bản đồ số").fill("18");
  await page.getByLabel("Diện tích (m²)").fill("180");
  await page.getByLabel("Đất ở").check();
  const since = page.getByRole("group", { name: "Thời điểm bắt đầu sử dụng đất" });
  await since.getByLabel("Ngày", { exact: true }).fill("15");
  await since.getByLabel("Tháng", { exact: true }).fill("6");
  await since.getByLabel("Năm", { exact: true }).fill("2003");
  await page.getByRole("group", { name: "Có giấy tờ về quyền sử dụng đất" }).getByLabel("Không").check();
  await page.getByRole("group", { name: /Đăng ký cả quyền sở hữu nhà ở/ }).getByLabel("Không").check();
  await page.getByRole("button", { name: "Lưu và tiếp tục" }).click();

  await expect(h1(page)).toHaveText("Thành phần hồ sơ");
  const doc = page.locator("section.app-filing-document", { has: page.getByRole("heading", { name: FORM_04A }) });
  await expect(async () => {
    await doc.getByLabel(/don-dang-ky-04a\.pdf/).check();
    await doc.getByRole("button", { name: "Đính kèm tệp đã chọn" }).click();
    await expect(doc.locator(".app-attached-files")).toContainText("don-dang-ky-04a.pdf", { timeout: 15_000 });
  }).toPass({ timeout: 60_000 });
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  await expect(h1(page)).toHaveText("Phí, lệ phí");
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  await expect(h1(page)).toHaveText("Kiểm tra thông tin đã khai");
  await page.getByRole("button", { name: "Tiếp tục đến lời cam đoan" }).click();
  await page.getByLabel("Tôi cam đoan nội dung đã khai là đúng sự thật").check();
  await page.getByRole("button", { name: "Xác nhận và tiếp tục" }).click();
  await expect(h1(page)).toHaveText("Nộp hồ sơ");
  await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
  await expect(page).toHaveURL(/\/my\/dossiers\/[\d.]+H22-\d{6}-\d{4}$/);
  return decodeURIComponent(new URL(page.url()).pathname.split("/").pop()!);
}

test("thủ tục thu phí sau: cán bộ yêu cầu nộp phí (trạng thái 6), công dân thanh toán qua VNPay, hồ sơ được xử lý tiếp @nojs", async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  const js = testInfo.project.name === "js";
  const oneStop = await agencyNamed(ONE_STOP);
  const district = await agencyNamed(DISTRICT);
  const citizen = { fullName: "Sùng Thị Dợ", cccd: newCccd(), birthDate: "1979-04-21", email: `dat.dai.${unique()}@example.vn`, password: "ruộng bậc thang Hoàng Su Phì mùa nước đổ" };
  await registerConfirmedCitizen(citizen);
  await walletFiles(citizen.email, ["don-dang-ky-04a.pdf"]);
  await signInWithPassword(page, citizen.email, citizen.password);
  const code = await fileLandCertificate(page, citizen);
  const dossierPage = `/office/dossiers/${encodeURIComponent(code)}`;

  // The one-stop unit accepts it and hands it to the city's People's Committee.
  const receiver = await official(browser, js, oneStop.code, "receiving_officer", "Hoàng Văn Tiếp");
  await receiver.goto(dossierPage);
  await control(receiver, "Tiếp nhận").click();
  await expect(receiver.getByText("Đã tiếp nhận hồ sơ.")).toBeVisible();
  await control(receiver, "Chuyển bước tiếp").click();
  await receiver.getByRole("button", { name: "Chuyển bước tiếp" }).click();
  await expect(receiver.getByText("Đã chuyển hồ sơ sang bước tiếp theo.")).toBeVisible();
  expect((await dossierRow(code)).status).toBe(4);

  // The handler asks for the fees: the catalog's two lines are there, with one empty line for another fee.
  const handler = await official(browser, js, district.code, "handler", "Vàng Thị Xử");
  await handler.goto(dossierPage);
  await expect(handler.getByRole("heading", { name: "Phí, lệ phí" })).toBeVisible();
  await expect(handler.getByText("Chưa có yêu cầu thanh toán.")).toBeVisible();
  await control(handler, "Yêu cầu nộp phí/nghĩa vụ tài chính").click();
  await expect(handler.locator("#line-0-name")).toHaveValue("Lệ phí cấp Giấy chứng nhận quyền sử dụng đất (hộ gia đình, cá nhân)");
  await expect(handler.locator("#line-0-amount")).toHaveValue("25000");
  await expect(handler.locator("#line-1-name")).toHaveValue("Phí thẩm định hồ sơ cấp Giấy chứng nhận");
  await expect(handler.locator("#line-1-amount")).toHaveValue("150000");
  await expect(handler.locator("#line-2-name")).toHaveValue("");
  // Another fee whose amount is not a number: refused, the summary links to the field, nothing changes.
  await handler.locator("#line-2-name").fill("Phí đo đạc, lập bản đồ địa chính");
  await handler.locator("#line-2-amount").fill("một trăm nghìn");
  await handler.getByRole("button", { name: "Yêu cầu nộp phí/nghĩa vụ tài chính" }).click();
  const summary = handler.locator(".govuk-error-summary");
  await expect(summary).toBeVisible();
  await expect(summary.getByRole("link", { name: "Số tiền phải là số đồng nguyên, từ 0 đến 10 tỷ." })).toHaveAttribute("href", "#line-2-amount");
  expect((await dossierRow(code)).status).toBe(4);
  // The other fee is dropped; the catalog's lines are sent as they are.
  await handler.locator("#line-2-name").fill("");
  await handler.locator("#line-2-amount").fill("");
  await handler.getByLabel("Ghi chú cho người nộp").fill("Đề nghị nộp trong 5 ngày làm việc.");
  await handler.getByRole("button", { name: "Yêu cầu nộp phí/nghĩa vụ tài chính" }).click();
  await expect(handler.getByText("Đã yêu cầu người nộp thực hiện nghĩa vụ tài chính.")).toBeVisible();
  await expect(handler.getByText("Yêu cầu thực hiện nghĩa vụ tài chính").first()).toBeVisible();
  expect(await dossierRow(code)).toMatchObject({ status: 6, waiting_for: "payment" });
  await expect(handler.getByText("Yêu cầu gần nhất: 175.000 ₫")).toBeVisible();

  // The citizen pays through VNPay and comes back to the portal (without JavaScript in the no-js project too: the
  // gateway's origin is a form-action origin of the portal's CSP).
  const payer = page;
  await payer.goto(`/my/dossiers/${encodeURIComponent(code)}/pay`);
  await expect(payer.getByText("Lệ phí cấp Giấy chứng nhận quyền sử dụng đất (hộ gia đình, cá nhân)")).toBeVisible();
  await payAtGateway(payer, "Thanh toán thành công");
  await expect(h1(payer)).toHaveText("Thanh toán thành công");

  // Processing resumes (status 4); the officials see the payment and the receipts (one for the phí, one for the lệ phí).
  await expect.poll(async () => (await dossierRow(code)).status).toBe(4);
  await handler.goto(dossierPage);
  await expect(handler.getByText("Đang xử lý").first()).toBeVisible();
  await handler.getByRole("link", { name: "Xem phí, lệ phí và biên lai" }).click();
  await expect(h1(handler)).toHaveText(`Phí, lệ phí của hồ sơ ${code}`);
  await expect(handler.getByText("Đã thanh toán").first()).toBeVisible();
  await expect(handler.getByText("VNPay (thanh toán trực tuyến)")).toBeVisible();
  const receipts = handler.getByRole("link", { name: /^Biên lai / });
  await expect(receipts).toHaveCount(2);
  const pdf = await handler.request.get((await receipts.first().getAttribute("href"))!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  // The handler may not take money at the counter nor refund: no such forms.
  await expect(handler.getByRole("button", { name: "Hoàn tiền" })).toHaveCount(0);
});
