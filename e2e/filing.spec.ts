import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test, type Page } from "@playwright/test";
import { startDraft, startPage } from "../app/domain/filing/filing.server";
import { createDb } from "../app/platform/db.server";
import { expectNoAxeViolations } from "./axe";
import { tinyPdf } from "../app/domain/files/fixtures";
import { newCccd, registerConfirmedCitizen, signInWithPassword, unique } from "./citizens";

// A citizen files "Đăng ký khai sinh" online: starts from the procedure's page, fills the applicant and the form
// section by section (a missing field is refused with the error summary), leaves halfway, signs in again in a fresh
// browser, resumes from "Hồ sơ đang soạn", attaches documents from the document wallet, checks the answers and changes
// one, declares and reaches the submit step (submission itself is wired by the dossiers' issue: for now it says so).

const root = fileURLToPath(new URL("..", import.meta.url));
const DATABASE_FILE = join(root, process.env.E2E_DATA_DIR ?? "data/e2e", "portal.db");

/**
 * Files in the citizen's document wallet, as if uploaded earlier (the upload page is another journey's): rows of
 * `files` written straight into the e2e server's database.
 */
async function walletFiles(email: string, names: string[]): Promise<void> {
  const db = createDb({ engine: "sqlite", file: DATABASE_FILE });
  try {
    const user = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
    for (const [i, name] of names.entries()) {
      await db
        .insertInto("files")
        .values({
          id: randomUUID(),
          sha256: `${"0".repeat(63)}${i}`,
          size_bytes: 120_000 + i,
          media_type: "application/pdf",
          original_name: name,
          owner_user_id: user.id,
          owner_organisation_id: null,
          source: "upload",
          signature_status: "not_checked",
          created_at: new Date(Date.now() - 86_400_000).toISOString(),
          deleted_at: null,
        })
        .execute();
    }
  } finally {
    await db.destroy();
  }
}

/** A draft of Đăng ký khai sinh started by the citizen, made by the domain's own use case. */
async function draftOf(email: string): Promise<string> {
  const db = createDb({ engine: "sqlite", file: DATABASE_FILE });
  try {
    const user = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
    const page = await startPage(db, "1.001193");
    if (!page) throw new Error("1.001193 cannot be filed online");
    const started = await startDraft(db, { userId: user.id, organisationId: null }, { code: "1.001193", versionId: page.versionId, agencyId: page.agencies[0]!.id });
    if (!started?.ok) throw new Error("no draft");
    return started.draftId;
  } finally {
    await db.destroy();
  }
}

const h1 = (page: Page) => page.getByRole("heading", { level: 1 });

test("đăng ký khai sinh trực tuyến: bắt đầu, bỏ dở, tiếp tục trên trình duyệt khác, tải giấy tờ lên, kiểm tra, sửa, cam đoan, nộp, tra cứu @nojs", async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  const js = testInfo.project.name === "js";
  const id = unique();
  const citizen = { fullName: "Lò Thị Mai", cccd: newCccd(), birthDate: "1990-06-12", email: `khai.sinh.${id}@example.vn`, password: "hoa tam giác mạch nở trên đồi" };
  await registerConfirmedCitizen(citizen);
  await walletFiles(citizen.email, ["to-khai-khai-sinh.pdf", "giay-chung-sinh.pdf", "can-cuoc-cong-dan.pdf"]);
  await signInWithPassword(page, citizen.email, citizen.password);

  // From the procedure's public page.
  await page.goto("/procedures/1.001193");
  await page.getByRole("button", { name: "Bắt đầu nộp hồ sơ" }).or(page.getByRole("link", { name: "Bắt đầu nộp hồ sơ" })).click();
  await expect(h1(page)).toHaveText("Nộp hồ sơ trực tuyến: Đăng ký khai sinh");
  await expect(page.getByText("được lưu 30 ngày")).toBeVisible();
  if (js) await expectNoAxeViolations(page);
  // No agency chosen: refused on the field.
  await page.getByRole("button", { name: "Bắt đầu", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText("Chọn cơ quan tiếp nhận hồ sơ");
  await page.getByLabel("Cơ quan tiếp nhận hồ sơ").selectOption({ label: "Ủy ban nhân dân phường Quang Trung" });
  await page.getByRole("button", { name: "Bắt đầu", exact: true }).click();

  await expect(h1(page)).toHaveText("Danh sách việc cần làm");
  await expect(page.getByText("Cơ quan tiếp nhận: Ủy ban nhân dân phường Quang Trung")).toBeVisible();
  await expect(page.locator(".govuk-task-list__item", { hasText: "Kiểm tra thông tin đã khai" })).toContainText("Chưa thể bắt đầu");
  if (js) await expectNoAxeViolations(page);
  const taskList = page.url();

  // The applicant: prefilled from the account.
  await page.getByRole("link", { name: "Người nộp hồ sơ" }).click();
  await expect(h1(page)).toHaveText("Người nộp hồ sơ");
  await expect(page.getByLabel("Họ và tên", { exact: true })).toHaveValue("Lò Thị Mai");
  await expect(page.getByLabel("Số định danh cá nhân (CCCD)").first()).toHaveValue(citizen.cccd);
  if (js) await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Lưu và tiếp tục" }).click();
  await expect(page.getByRole("alert")).toContainText("Số điện thoại không đúng");
  await page.getByLabel("Số điện thoại").fill("0912 345 678".replace(/ /g, ""));
  await page.getByLabel("Địa chỉ liên hệ").fill("Tổ 5, phường Quang Trung, thành phố Hà Giang");
  await page.getByLabel("Cho chính tôi").check();
  await page.getByRole("button", { name: "Lưu và tiếp tục" }).click();

  // Section 1: a missing required field gives the error summary, and what was typed stays.
  await expect(h1(page)).toHaveText("Thông tin trẻ được khai sinh");
  if (js) await expectNoAxeViolations(page);
  await page.getByLabel("Nam", { exact: true }).check();
  await page.getByLabel("Nơi sinh").fill("Bệnh viện Đa khoa tỉnh Hà Giang");
  await page.getByRole("button", { name: "Lưu và tiếp tục" }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Họ, chữ đệm và tên của trẻ");
  await expect(page.getByLabel("Nơi sinh")).toHaveValue("Bệnh viện Đa khoa tỉnh Hà Giang");
  if (js) await expectNoAxeViolations(page);
  await page.getByLabel("Họ, chữ đệm và tên của trẻ").fill("Lò Văn An");
  await page.getByLabel("Ngày", { exact: true }).fill("3");
  await page.getByLabel("Tháng", { exact: true }).fill("11");
  await page.getByLabel("Năm", { exact: true }).fill("2026");
  await page.getByLabel("Dân tộc").fill("Tày");
  await page.getByRole("button", { name: "Lưu và tiếp tục" }).click();
  await expect(h1(page)).toHaveText("Thông tin cha, mẹ");

  // Leave halfway: a fresh browser, signed in again, finds the draft under "Hồ sơ đang soạn".
  const other = await browser.newContext({ locale: "vi-VN", timezoneId: "Asia/Ho_Chi_Minh", javaScriptEnabled: js });
  const page2 = await other.newPage();
  try {
    await signInWithPassword(page2, citizen.email, citizen.password);
    await page2.goto("/my/drafts");
    await expect(h1(page2)).toHaveText("Hồ sơ đang soạn");
    if (js) await expectNoAxeViolations(page2);
    await page2.getByRole("link", { name: "Đăng ký khai sinh" }).click();
    await expect(h1(page2)).toHaveText("Danh sách việc cần làm");
    expect(page2.url()).toBe(taskList);
    await expect(page2.locator(".govuk-task-list__item", { hasText: "Người nộp hồ sơ" })).toContainText("Đã xong");
    await expect(page2.locator(".govuk-task-list__item", { hasText: "Thông tin trẻ được khai sinh" })).toContainText("Đã xong");
    await page2.getByRole("link", { name: "Thông tin cha, mẹ" }).click();

    // Section 2: the father's fields only when there is information about him.
    await page2.getByLabel("Họ, chữ đệm và tên người mẹ").fill("Lò Thị Mai");
    await page2.getByLabel("Số định danh cá nhân của người mẹ").fill(citizen.cccd);
    await page2.getByRole("group", { name: /Có thông tin về người cha/ }).getByLabel("Không").check();
    await page2.getByRole("button", { name: "Lưu và tiếp tục" }).click();

    // Section 3: the person asking.
    await expect(h1(page2)).toHaveText("Thông tin người yêu cầu");
    await page2.getByLabel("Họ, chữ đệm và tên người yêu cầu").fill("Lò Thị Mai");
    await page2.getByLabel("Số định danh cá nhân (CCCD)").fill(citizen.cccd);
    await page2.getByLabel("Số điện thoại liên hệ").fill("0912345678");
    await page2.getByLabel("Mã tỉnh, thành phố").fill("02");
    await page2.getByLabel("Mã huyện, quận, thị xã, thành phố").fill("024");
    await page2.getByLabel("Mã xã, phường, thị trấn").fill("00688");
    await page2.getByLabel("Số nhà, đường, thôn, tổ").fill("Tổ 5");
    await page2.getByLabel("Quan hệ với người được đăng ký").selectOption({ label: "Mẹ" });
    await page2.getByRole("button", { name: "Lưu và tiếp tục" }).click();

    // Documents: the case, then files from the wallet for each required document.
    await expect(h1(page2)).toHaveText("Thành phần hồ sơ");
    await expect(page2.getByText("Định dạng nhận: PDF, DOCX, JPG, PNG; mỗi tệp tối đa 10 MB.")).toBeVisible();
    if (js) await expectNoAxeViolations(page2);
    await page2.getByRole("button", { name: "Tiếp tục" }).click();
    await expect(page2.getByRole("alert")).toContainText("Chọn trường hợp của bạn");
    await page2.getByLabel("Có giấy chứng sinh", { exact: true }).check();
    await page2.getByRole("button", { name: "Chọn trường hợp" }).click();
    const doc = (name: string | RegExp) => page2.locator("section.app-filing-document", { has: page2.getByRole("heading", { name }) });
    // The case's own document appears once the case is saved.
    await expect(doc("Giấy chứng sinh do cơ sở khám bệnh, chữa bệnh cấp")).toBeVisible();
    // Uploads stream into the citizen's wallet and are attached at once; a damaged PDF is refused on its document.
    const declarationDoc = doc("Tờ khai đăng ký khai sinh (theo mẫu)");
    await declarationDoc.getByLabel("Tải tệp lên").setInputFiles({ name: "to-khai.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") });
    await declarationDoc.getByRole("button", { name: "Tải lên" }).click();
    await expect(page2.getByRole("alert")).toContainText("Tệp PDF đã chọn bị hỏng");
    await expect(declarationDoc).toContainText("Chưa đính kèm tệp nào.");
    await declarationDoc.getByLabel("Tải tệp lên").setInputFiles({ name: "tờ khai khai sinh.pdf", mimeType: "application/pdf", buffer: Buffer.from(tinyPdf("To khai dang ky khai sinh")) });
    // With JavaScript the upload goes through XMLHttpRequest to the JSON twin (progress); without, a plain form POST.
    const uploadRequest = page2.waitForRequest((r) => r.method() === "POST" && /\/documents(\?upload=|\/\d+\/upload$)/.test(r.url()));
    await declarationDoc.getByRole("button", { name: "Tải lên" }).click();
    expect(/\/documents\/\d+\/upload$/.test((await uploadRequest).url())).toBe(js);
    await expect(declarationDoc.locator(".app-attached-files")).toContainText("tờ khai khai sinh.pdf");
    // Also from the wallet.
    await declarationDoc.getByLabel(/to-khai-khai-sinh\.pdf/).check();
    await declarationDoc.getByRole("button", { name: "Đính kèm tệp đã chọn" }).click();
    await expect(declarationDoc.locator(".app-attached-files")).toContainText("to-khai-khai-sinh.pdf");
    const certificate = doc("Giấy chứng sinh do cơ sở khám bệnh, chữa bệnh cấp");
    await certificate.getByLabel(/giay-chung-sinh\.pdf/).check();
    await certificate.getByRole("button", { name: "Đính kèm tệp đã chọn" }).click();
    await expect(doc("Giấy chứng sinh do cơ sở khám bệnh, chữa bệnh cấp").locator(".app-attached-files")).toContainText("giay-chung-sinh.pdf");
    // The identity document is still missing.
    await page2.getByRole("button", { name: "Tiếp tục" }).click();
    await expect(page2.getByRole("alert")).toContainText("Chưa đính kèm «Giấy tờ tùy thân của người yêu cầu");
    const identity = doc(/Giấy tờ tùy thân của người yêu cầu/);
    // A file already attached to another document is refused on this one.
    await identity.getByLabel(/to-khai-khai-sinh\.pdf/).check();
    await identity.getByRole("button", { name: "Đính kèm tệp đã chọn" }).click();
    await expect(page2.getByRole("alert")).toContainText("đã được đính kèm cho một thành phần khác");
    await identity.getByLabel(/to-khai-khai-sinh\.pdf/).uncheck();
    await identity.getByLabel(/can-cuoc-cong-dan\.pdf/).check();
    await identity.getByRole("button", { name: "Đính kèm tệp đã chọn" }).click();
    await expect(identity.locator(".app-attached-files")).toContainText("can-cuoc-cong-dan.pdf");
    await page2.getByRole("button", { name: "Tiếp tục" }).click();

    // Fees: none for a birth registration.
    await expect(h1(page2)).toHaveText("Phí, lệ phí");
    await expect(page2.getByText("Không thu phí, lệ phí khi nộp trực tuyến")).toBeVisible();
    if (js) await expectNoAxeViolations(page2);
    await page2.getByRole("button", { name: "Tiếp tục" }).click();

    // Check the answers, change one through its change link: back here with the new value.
    await expect(h1(page2)).toHaveText("Kiểm tra thông tin đã khai");
    await expect(page2.locator(".govuk-summary-list__row", { hasText: "Ngày, tháng, năm sinh" })).toContainText("03/11/2026");
    if (js) await expectNoAxeViolations(page2);
    await page2.locator(".govuk-summary-list__row", { hasText: "Nơi sinh" }).getByRole("link", { name: /Thay đổi/ }).click();
    await expect(h1(page2)).toHaveText("Thông tin trẻ được khai sinh");
    await page2.getByLabel("Nơi sinh").fill("Trạm y tế phường Quang Trung");
    await page2.getByRole("button", { name: "Lưu và tiếp tục" }).click();
    await expect(h1(page2)).toHaveText("Kiểm tra thông tin đã khai");
    await expect(page2.locator(".govuk-summary-list__row", { hasText: "Nơi sinh" })).toContainText("Trạm y tế phường Quang Trung");
    await page2.getByRole("button", { name: "Tiếp tục đến lời cam đoan" }).click();

    // The declaration: refused until ticked.
    await expect(h1(page2)).toHaveText("Lời cam đoan");
    if (js) await expectNoAxeViolations(page2);
    await page2.getByRole("button", { name: "Xác nhận và tiếp tục" }).click();
    await expect(page2.getByRole("alert")).toContainText("Đánh dấu vào ô cam đoan");
    await page2.getByLabel("Tôi cam đoan nội dung đã khai là đúng sự thật").check();
    await page2.getByRole("button", { name: "Xác nhận và tiếp tục" }).click();

    // The submit step (the seam): what would be submitted, and an honest "not yet".
    await expect(h1(page2)).toHaveText("Nộp hồ sơ");
    await expect(page2.locator(".govuk-summary-list__row", { hasText: "Số tệp đính kèm" })).toContainText("4");
    if (js) await expectNoAxeViolations(page2);
    // The first browser's page is out of date: saving there is refused, not lost silently.
    await page.getByLabel("Họ, chữ đệm và tên người mẹ").fill("Người khác");
    await page.getByRole("button", { name: "Lưu và tiếp tục" }).click();
    await expect(page.getByText("Hồ sơ vừa được thay đổi ở nơi khác")).toBeVisible();
    // … and the page now shows what was saved (with JavaScript too: the draft is loaded again after the refusal).
    await expect(page.getByLabel("Họ, chữ đệm và tên người mẹ")).toHaveValue("Lò Thị Mai");

    // Submit: the dossier is made, with its code, and the citizen lands on it.
    await page2.getByRole("button", { name: "Nộp hồ sơ" }).click();
    await expect(page2).toHaveURL(/\/my\/dossiers\/[\d.]+H22-\d{6}-\d{4}$/);
    const code = decodeURIComponent(new URL(page2.url()).pathname.split("/").pop()!);
    await expect(h1(page2)).toHaveText(`Hồ sơ ${code}`);
    await expect(page2.getByText("Hồ sơ của bạn đã được nộp.")).toBeVisible();
    await expect(page2.getByText("tờ khai khai sinh.pdf")).toBeVisible();
    if (js) await expectNoAxeViolations(page2);
    // The confirmation PDF.
    const pdf = await page2.request.get(`/my/dossiers/${encodeURIComponent(code)}/confirmation.pdf`);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    // The in-app notification, on "Hồ sơ của tôi": new, then read.
    await page2.goto("/my/dossiers");
    const notice = page2.locator(".app-notifications li", { hasText: `Hồ sơ ${code} đã được nộp trực tuyến.` });
    await expect(notice).toContainText("Mới");
    if (js) await expectNoAxeViolations(page2);
    await page2.getByRole("button", { name: "Đánh dấu tất cả là đã đọc" }).click();
    await expect(page2.locator(".app-notifications li", { hasText: code })).not.toContainText("Mới");
    // The draft is gone from "Hồ sơ đang soạn"; a second click on the old submit page leads to the same dossier.
    await page2.goto("/my/drafts");
    await expect(page2.getByText("Bạn không có hồ sơ nào đang soạn.")).toBeVisible();
    const draftId = new URL(taskList).pathname.split("/")[2]!;
    const again = await page2.request.post(`/filing/${draftId}/submit`, { form: { version: "1" }, maxRedirects: 0 });
    expect(again.status()).toBe(302);
    expect(again.headers()["location"]).toBe(`/my/dossiers/${encodeURIComponent(code)}`);

    // Anyone finds it on the public page with the code and the last 4 digits of the CCCD.
    const stranger = await browser.newContext({ javaScriptEnabled: js });
    const lookup = await stranger.newPage();
    await lookup.goto("/dossiers/track");
    await lookup.getByLabel("Mã hồ sơ").fill(code);
    await lookup.getByLabel(/4 chữ số cuối/).fill(citizen.cccd.slice(-4));
    await lookup.getByRole("button", { name: "Tra cứu" }).click();
    await expect(lookup.getByText("Mới đăng ký").first()).toBeVisible();
    await stranger.close();
  } finally {
    await other.close();
  }
});

test("hồ sơ đang soạn của người khác, hoặc phiên bản thủ tục bị sửa, đều là «không tìm thấy»", async ({ page }) => {
  const id = unique();
  const owner = { fullName: "Lù Thị Hoa", cccd: newCccd(), birthDate: "1990-06-12", email: `chu.ho.so.${id}@example.vn`, password: "mùa lúa chín ở Hoàng Su Phì" };
  const other = { fullName: "Vàng Văn Sử", cccd: newCccd(), birthDate: "1990-06-12", email: `nguoi.khac.${id}@example.vn`, password: "ruộng bậc thang Hoàng Su Phì" };
  await registerConfirmedCitizen(owner);
  await registerConfirmedCitizen(other);
  const foreign = await draftOf(owner.email);
  await signInWithPassword(page, other.email, other.password);
  for (const path of ["", "/applicant", "/section/1", "/documents", "/check"]) {
    expect((await page.goto(`/filing/${foreign}${path}`))?.status(), path).toBe(404);
  }
  expect((await page.goto(`/filing/${randomUUID()}`))?.status()).toBe(404);
  const post = await page.request.post(`/filing/${foreign}/applicant`, { form: { version: "1", fullName: "Kẻ lạ", cccd: other.cccd, phone: "0912345678", address: "X" } });
  expect(post.status()).toBe(404);
  const tampered = await page.request.post("/dossiers/new/1.001193", { form: { versionId: randomUUID(), agencyId: "" } });
  expect(tampered.status()).toBe(404);
  await page.goto("/my/drafts");
  await expect(page.getByText("Bạn không có hồ sơ nào đang soạn.")).toBeVisible();
});
