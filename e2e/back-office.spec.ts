import { expect, test, type Browser, type Page } from "@playwright/test";
import { tinyPdf } from "../app/domain/files/fixtures";
import { pdfText, popplerText } from "../app/domain/dossiers/pdf-text.test-helper";
import { formatTimestamp } from "../app/domain/shared/format";
import { expectNoAxeViolations } from "./axe";
import { newCccd, registerConfirmedCitizen, signInWithPassword, unique } from "./citizens";
import { opensslVerifiesResult } from "./signed-pdf";
import { agencyNamed, backdateSupplementation, dossierRow, fileBirthRegistration, makeOverdue, resultSignatureOf, walletFiles } from "./dossier-journey";
import { waitForMail } from "./mailbox";
import { acceptInvitation, inviteFromConsole, signInOfficial } from "./officials";

// The back office (issue 6), as its users live it: a citizen files a birth registration online; the commune's
// receiving officer accepts it (the receipt Mẫu 01 shows the appointment) and hands it to the handler; the handler asks
// for one document again (Mẫu 02: the clock stops); the citizen replaces just that document and the appointment moves
// by the time the clock stood still; the dossier runs late and the handler sends the apology letter with a new date
// (Mẫu 04); the approver approves with the signed result; the receiving officer returns it online into the citizen's
// document wallet. Every step the citizen must hear about arrives by e-mail through the real SMTP server of the e2e
// run. With and without JavaScript.

const COMMUNE = "Ủy ban nhân dân phường Quang Trung";
const h1 = (page: Page) => page.getByRole("heading", { level: 1 });
const control = (page: Page, name: string) => page.getByRole("button", { name, exact: true }).or(page.getByRole("link", { name, exact: true }));
const dayOf = (iso: string) => formatTimestamp(iso).slice(0, 10);

/** An official of the commune with a role: invited, enrolled and signed in, in a browser of their own. */
async function official(browser: Browser, js: boolean, agencyCode: string, role: string, name: string): Promise<Page> {
  const email = `${role}.${unique()}@quangtrung.hagiang.gov.vn`;
  const link = inviteFromConsole(email, name, [role], agencyCode);
  const context = await browser.newContext({ locale: "vi-VN", timezoneId: "Asia/Ho_Chi_Minh", javaScriptEnabled: js });
  const page = await context.newPage();
  const password = "mây trắng bay qua cổng trời Quản Bạ";
  const secret = await acceptInvitation(page, link, password);
  await page.goto("/sign-in");
  await signInOfficial(page, email, password, secret);
  await expect(h1(page)).toHaveText("Tài khoản của tôi");
  return page;
}

/** From the queue to the dossier's page. */
async function openFromQueue(page: Page, code: string) {
  await page.goto("/office");
  await expect(h1(page)).toHaveText("Hồ sơ cần xử lý");
  await page.getByRole("link", { name: code, exact: true }).click();
  await expect(h1(page)).toHaveText(`Hồ sơ ${code}`);
}

test("một cửa tiếp nhận, yêu cầu bổ sung, công dân bổ sung, thư xin lỗi, phê duyệt và trả kết quả vào kho dữ liệu @nojs", async ({ page, browser }, testInfo) => {
  test.setTimeout(300_000);
  const js = testInfo.project.name === "js";
  const commune = await agencyNamed(COMMUNE);
  const citizen = { fullName: "Lò Thị Mai", cccd: newCccd(), birthDate: "1990-06-12", email: `bo.sung.${unique()}@example.vn`, password: "hoa tam giác mạch nở trên đồi" };
  await registerConfirmedCitizen(citizen);
  await walletFiles(citizen.email, ["to-khai-khai-sinh.pdf", "giay-chung-sinh.pdf", "can-cuoc-cong-dan.pdf"]);
  await signInWithPassword(page, citizen.email, citizen.password);
  const code = await fileBirthRegistration(page, { commune: COMMUNE, cccd: citizen.cccd, fullName: citizen.fullName });

  const receiver = await official(browser, js, commune.code, "receiving_officer", "Hoàng Văn Tiếp");
  const handler = await official(browser, js, commune.code, "handler", "Vàng Thị Xử");
  const approver = await official(browser, js, commune.code, "approver", "Sùng Mí Duyệt");

  // The receiving officer finds it in the queue, accepts it: the receipt (Mẫu 01) carries the appointment date.
  await openFromQueue(receiver, code);
  if (js) await expectNoAxeViolations(receiver);
  await control(receiver, "Tiếp nhận").click();
  await expect(receiver.getByText("Đã tiếp nhận hồ sơ.")).toBeVisible();
  const accepted = await dossierRow(code);
  expect(accepted.status).toBe(2);
  const receiptLink = receiver.getByRole("link", { name: "Xem giấy tiếp nhận hồ sơ và hẹn trả kết quả" });
  const receipt = await receiver.request.get((await receiptLink.getAttribute("href"))!);
  expect(receipt.status()).toBe(200);
  const receiptText = pdfText(Buffer.from(await receipt.body()));
  expect(receiptText).toContain(code);
  expect(receiptText).toContain(dayOf(accepted.due_at!));
  await waitForMail(citizen.email, new RegExp(`Hồ sơ ${code} đã được tiếp nhận`));

  // … and hands it over to the handling step.
  await control(receiver, "Chuyển bước tiếp").click();
  await expect(h1(receiver)).toContainText("Chuyển bước tiếp");
  if (js) await expectNoAxeViolations(receiver);
  await receiver.getByRole("button", { name: "Chuyển bước tiếp" }).click();
  await expect(receiver.getByText("Đã chuyển hồ sơ sang bước tiếp theo.")).toBeVisible();

  // The handler asks for the birth certificate again, and nothing else.
  await openFromQueue(handler, code);
  await control(handler, "Yêu cầu bổ sung").click();
  await expect(h1(handler)).toContainText("Yêu cầu bổ sung");
  // Nothing ticked: refused with the error summary.
  await handler.getByLabel("Nội dung cần bổ sung, hoàn thiện").fill("Giấy chứng sinh bị mờ, không đọc được số giấy.");
  await handler.getByRole("button", { name: "Yêu cầu bổ sung" }).click();
  await expect(handler.getByRole("alert")).toBeVisible();
  if (js) await expectNoAxeViolations(handler);
  await handler.getByLabel("Giấy chứng sinh do cơ sở khám bệnh, chữa bệnh cấp").check();
  await handler.getByRole("button", { name: "Yêu cầu bổ sung" }).click();
  await expect(handler.getByText("Đã gửi yêu cầu bổ sung hồ sơ cho người nộp.")).toBeVisible();
  const paused = await dossierRow(code);
  expect(paused).toMatchObject({ status: 5, waiting_for: "applicant" });
  expect(paused.paused_at).not.toBeNull();
  await waitForMail(citizen.email, new RegExp(`Hồ sơ ${code} cần bổ sung`));

  // Four days pass before the citizen answers (the clock stands still meanwhile).
  await backdateSupplementation(code, new Date(Date.now() - 4 * 86_400_000));

  // The citizen sees exactly what to fix, replaces that document only, and the appointment moves.
  await page.goto(`/my/dossiers/${encodeURIComponent(code)}`);
  await expect(page.getByText("Cơ quan yêu cầu bổ sung hồ sơ")).toBeVisible();
  await expect(page.getByText("Giấy tờ: Giấy chứng sinh do cơ sở khám bệnh, chữa bệnh cấp")).toBeVisible();
  if (js) await expectNoAxeViolations(page);
  await control(page, "Bổ sung hồ sơ").click();
  await expect(h1(page)).toHaveText(`Bổ sung hồ sơ ${code}`);
  await expect(page.getByText("Tờ khai đăng ký khai sinh (theo mẫu)")).toHaveCount(0);
  if (js) await expectNoAxeViolations(page);
  await page.getByLabel("Tải lên tệp thay thế").setInputFiles({ name: "giấy chứng sinh rõ nét.pdf", mimeType: "application/pdf", buffer: Buffer.from(tinyPdf("Giay chung sinh")) });
  await page.getByRole("button", { name: "Gửi hồ sơ bổ sung" }).click();
  await expect(page.getByText("Đã gửi hồ sơ bổ sung")).toBeVisible();
  const resumed = await dossierRow(code);
  expect(resumed).toMatchObject({ status: 4, paused_at: null, waiting_for: "handler" });
  // The appointment moved later by the working time the clock stood still (about two working days of the four).
  expect(Date.parse(resumed.due_at!)).toBeGreaterThan(Date.parse(paused.due_at!) + 8 * 3_600_000);
  await expect(page.getByText(`Ngày hẹn trả kết quả mới: ${dayOf(resumed.due_at!)}`)).toBeVisible();
  await expect(page.getByText("giấy chứng sinh rõ nét.pdf")).toBeVisible();

  // The dossier runs late: the handler sees it overdue and sends the apology letter with a new date (Mẫu 04).
  await makeOverdue(code, new Date(Date.now() - 3_600_000));
  const overdue = await dossierRow(code);
  await openFromQueue(handler, code);
  await expect(handler.getByText("Quá hạn").first()).toBeVisible();
  await control(handler, "Gửi thư xin lỗi").click();
  const newDue = new Date(Date.now() + 3 * 86_400_000);
  const newDay = dayOf(newDue.toISOString());
  await handler.getByLabel("Lý do chậm trả kết quả").fill("Phải xác minh lại thông tin nơi sinh với bệnh viện.");
  await handler.getByLabel("Ngày hẹn mới").fill(newDay);
  await handler.getByLabel("Giờ hẹn mới").fill("16:30");
  if (js) await expectNoAxeViolations(handler);
  await handler.getByRole("button", { name: "Gửi thư xin lỗi" }).click();
  await expect(handler.getByText("Đã gửi thư xin lỗi và hẹn lại ngày trả kết quả.")).toBeVisible();
  const apology = await waitForMail(citizen.email, new RegExp(`Hồ sơ ${code}: thư xin lỗi`));
  expect(apology.text).toContain(newDay);
  const apologized = await dossierRow(code);
  // Statistics keep the original due date; the new appointment is kept beside it.
  expect(apologized.due_at).toBe(overdue.due_at);
  expect(apologized.rescheduled_due_at).not.toBeNull();
  await page.goto(`/my/dossiers/${encodeURIComponent(code)}`);
  await expect(page.getByText("Ngày hẹn trả mới")).toBeVisible();

  // Forward to the approval step; the approver approves with the signed result.
  await control(handler, "Chuyển bước tiếp").click();
  await handler.getByRole("button", { name: "Chuyển bước tiếp" }).click();
  await expect(handler.getByText("Đã chuyển hồ sơ sang bước tiếp theo.")).toBeVisible();
  await openFromQueue(approver, code);
  await control(approver, "Phê duyệt và ban hành kết quả").click();
  if (js) await expectNoAxeViolations(approver);
  await approver.getByLabel("Văn bản kết quả (tệp PDF)").setInputFiles({ name: "giay-khai-sinh-lo-van-an.pdf", mimeType: "application/pdf", buffer: Buffer.from(tinyPdf("Giay khai sinh Lo Van An")) });
  await approver.getByLabel("Số văn bản").fill("125/TLKS");
  await approver.getByRole("button", { name: "Phê duyệt và ban hành kết quả" }).click();
  await expect(approver.getByText("Đã phê duyệt và ban hành kết quả.")).toBeVisible();
  // The portal signed it for the commune (PAdES) and printed its verification code on it.
  const signature = await resultSignatureOf(code);
  expect(signature.code).toMatch(/^[0-9A-Z]{12}$/);
  expect(signature.bytes.includes("/ETSI.CAdES.detached")).toBe(true);
  // OpenSSL accepts the signature's CMS over the bytes it covers, to the CA the e2e run's agencies are certified by.
  expect(opensslVerifiesResult(signature.bytes)).toEqual([0]);
  const printed = popplerText(signature.bytes);
  if (printed !== null) expect(printed).toContain(`${signature.code.slice(0, 4)}-${signature.code.slice(4, 8)}-${signature.code.slice(8)}`);
  // Anyone checks it on the public page with the printed code: issued by the portal, every signature valid.
  await page.goto(`/verify?code=${signature.code.slice(0, 4)}-${signature.code.slice(4, 8)}-${signature.code.slice(8)}`);
  await expect(page.locator("main")).toContainText("giay-khai-sinh-lo-van-an.pdf");
  await expect(page.locator(".app-signature-report").first()).toContainText("Mọi chữ ký số trên tệp đều hợp lệ.");
  await expect(page.locator("main")).not.toContainText(citizen.fullName);
  await waitForMail(citizen.email, new RegExp(`Hồ sơ ${code} đã có kết quả`));

  // The receiving officer returns it online: into the citizen's document wallet.
  await openFromQueue(receiver, code);
  await control(receiver, "Trả kết quả").click();
  await receiver.getByLabel("Trực tuyến (vào kho dữ liệu của người nộp)").check();
  await receiver.getByRole("button", { name: "Trả kết quả" }).click();
  await expect(receiver.getByText("Đã trả kết quả cho người nộp.")).toBeVisible();
  await expect(receiver.getByText("Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 05)").first()).toBeVisible();
  await waitForMail(citizen.email, new RegExp(`Hồ sơ ${code} đã trả kết quả`));
  expect(await dossierRow(code)).toMatchObject({ status: 10, return_channel: "online" });

  await page.goto(`/my/dossiers/${encodeURIComponent(code)}`);
  await expect(page.getByText("Kết quả đã được lưu vào Kho dữ liệu của bạn")).toBeVisible();
  if (js) await expectNoAxeViolations(page);
  await page.goto("/account/files");
  await expect(page.getByText("giay-khai-sinh-lo-van-an.pdf").first()).toBeVisible();

  for (const p of [receiver, handler, approver]) await p.context().close();
});

test("cán bộ cơ quan khác không thấy hồ sơ; thao tác trên phiên bản cũ bị từ chối, không thay đổi gì", async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  const js = testInfo.project.name === "js";
  const commune = await agencyNamed(COMMUNE);
  const elsewhere = await agencyNamed("Ủy ban nhân dân phường Trần Phú");
  const citizen = { fullName: "Giàng Thị Súa", cccd: newCccd(), birthDate: "1990-06-12", email: `khac.${unique()}@example.vn`, password: "hoa tam giác mạch nở trên đồi" };
  await registerConfirmedCitizen(citizen);
  await walletFiles(citizen.email, ["to-khai-khai-sinh.pdf", "giay-chung-sinh.pdf", "can-cuoc-cong-dan.pdf"]);
  await signInWithPassword(page, citizen.email, citizen.password);
  const code = await fileBirthRegistration(page, { commune: COMMUNE, cccd: citizen.cccd, fullName: citizen.fullName });

  const stranger = await official(browser, js, elsewhere.code, "receiving_officer", "Lý Văn Khác");
  expect((await stranger.goto(`/office/dossiers/${encodeURIComponent(code)}`))?.status()).toBe(404);
  expect((await stranger.goto(`/office/dossiers/${encodeURIComponent(code)}/accept`))?.status()).toBe(404);

  // Two receiving officers have the dossier open; the first accepts, the second is told and nothing happens twice.
  const first = await official(browser, js, commune.code, "receiving_officer", "Hoàng Văn Một");
  const second = await official(browser, js, commune.code, "receiving_officer", "Hoàng Văn Hai");
  await openFromQueue(first, code);
  await openFromQueue(second, code);
  await control(first, "Tiếp nhận").click();
  await expect(first.getByText("Đã tiếp nhận hồ sơ.")).toBeVisible();
  await control(second, "Tiếp nhận").click();
  await expect(second.getByText(/vừa được người khác cập nhật/)).toBeVisible();
  expect(await dossierRow(code)).toMatchObject({ status: 2, version: 2 });
  for (const p of [stranger, first, second]) await p.context().close();
});
