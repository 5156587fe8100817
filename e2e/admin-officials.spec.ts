import { expect, test } from "@playwright/test";
import { totpCode } from "../app/platform/totp.server";
import { acceptAndEnrol, escaped, invitationLink, PASSWORD, signedInAdministrator, signIn, unique } from "./admin-session";
import { expectNoAxeViolations } from "./axe";

// A system administrator manages officials and agencies (issue 4: "an administrator manages officials, roles and
// agencies"). Each journey starts from a fresh administrator, invited from the console.

test("an administrator sends an invitation again, disables an official (whose session ends at once), enables them again and revokes another invitation @nojs", async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  const js = testInfo.project.name === "js";
  const id = unique();
  const admin = await signedInAdministrator(page, "Vàng Thị Mỷ");

  // Invite a case handler of the Department of Justice; the invitation mail arrives.
  const email = `ho.do.${id}@hagiang.gov.vn`;
  await page.getByLabel("Họ và tên").fill("Hầu Thị Dợ");
  await page.getByLabel("Địa chỉ thư điện tử").fill(email);
  await page.getByLabel("Cơ quan", { exact: true }).selectOption({ label: "Sở Tư pháp" });
  await page.getByLabel("Cán bộ xử lý hồ sơ").check();
  await page.getByRole("button", { name: "Gửi lời mời" }).click();
  await expect(page.getByText(`Đã gửi lời mời tới ${email}.`)).toBeVisible();
  const firstLink = await invitationLink(email);

  // On the official's page, send the invitation again: a new link; the old one no longer works.
  await page.getByRole("row", { name: escaped(email) }).getByRole("link", { name: "Hầu Thị Dợ" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Vai trò của Hầu Thị Dợ");
  await expect(page.getByRole("navigation", { name: "Quản trị" }).getByRole("link", { name: "Cán bộ" })).toHaveAttribute("aria-current", "true");
  await expect(page.locator(".govuk-summary-list")).toContainText("Đã mời");
  if (js) await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Gửi lại lời mời" }).click();
  await expect(page.getByText("Đã gửi lại lời mời.")).toBeVisible();
  const link = await invitationLink(email, firstLink);
  await expect(page.getByRole("table", { name: /Các sự kiện của tài khoản/ })).toContainText("Gửi lại lời mời");

  const official = await browser.newContext({ javaScriptEnabled: js });
  const officialPage = await official.newPage();
  await officialPage.goto(firstLink);
  await expect(officialPage.getByRole("heading", { level: 1 })).toHaveText("Lời mời không còn hiệu lực");
  const { secret, recoveryCodes } = await acceptAndEnrol(officialPage, link);
  await signIn(officialPage, email, totpCode(secret, { now: Date.now() + 30_000 })!);
  await expect(officialPage.getByRole("heading", { level: 1 })).toHaveText("Tài khoản của tôi");

  // Disable: a confirmation page that needs a reason.
  await page.reload();
  await expect(page.locator(".govuk-summary-list")).toContainText("Đang hoạt động");
  await page.getByRole("button", { name: "Khóa tài khoản" }).click();
  await expect(page).toHaveURL(/\/disable$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Khóa tài khoản của Hầu Thị Dợ?");
  if (js) await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Khóa tài khoản" }).click();
  await expect(page.getByRole("alert")).toContainText("Nhập lý do");
  if (js) await expectNoAxeViolations(page);
  await page.getByLabel("Lý do").fill("Chuyển công tác sang Sở Nội vụ tỉnh Lào Cai");
  await page.getByRole("button", { name: "Khóa tài khoản" }).click();
  await expect(page.getByText("Đã khóa tài khoản. Mọi phiên đăng nhập của cán bộ đã kết thúc.")).toBeVisible();
  await expect(page.locator(".govuk-summary-list")).toContainText("Đã khóa");
  await expect(page.getByRole("table", { name: /Các sự kiện của tài khoản/ })).toContainText("Chuyển công tác sang Sở Nội vụ tỉnh Lào Cai");

  // The official's session has ended; signing in again says the account is disabled.
  await officialPage.goto("/account");
  await expect(officialPage).toHaveURL(/\/sign-in\?/);
  await officialPage.getByLabel(/Địa chỉ thư điện tử hoặc số định danh/).fill(email);
  await officialPage.getByLabel("Mật khẩu").fill(PASSWORD);
  await officialPage.getByRole("button", { name: "Đăng nhập", exact: true }).click();
  await expect(officialPage.getByRole("alert")).toContainText("Tài khoản này đã bị khóa");

  // The list shows statuses and filters by status and agency (a GET form kept in the address).
  await page.getByRole("navigation", { name: "Quản trị" }).getByRole("link", { name: "Cán bộ" }).click();
  await expect(page.getByRole("row", { name: escaped(email) })).toContainText("Đã khóa");
  await page.getByLabel("Lọc theo trạng thái").selectOption({ label: "Đã khóa" });
  await page.getByLabel("Lọc theo cơ quan").selectOption({ label: "Sở Tư pháp" });
  await page.getByRole("button", { name: "Lọc", exact: true }).click();
  await expect(page).toHaveURL(/status=disabled/);
  await expect(page.getByRole("row", { name: escaped(email) })).toBeVisible();
  await expect(page.getByRole("row", { name: escaped(admin.email) })).toHaveCount(0);
  if (js) await expectNoAxeViolations(page);
  await page.getByLabel("Lọc theo trạng thái").selectOption({ label: "Đang hoạt động" });
  await page.getByRole("button", { name: "Lọc", exact: true }).click();
  await expect(page).toHaveURL(/status=active/);
  await expect(page.getByRole("row", { name: escaped(email) })).toHaveCount(0);
  await page.getByRole("link", { name: "Bỏ lọc" }).click();

  // Enable again: the official signs in (with a recovery code: the authenticator's codes cannot be replayed).
  await page.getByRole("row", { name: escaped(email) }).getByRole("link", { name: "Hầu Thị Dợ" }).click();
  await page.getByRole("button", { name: "Mở khóa tài khoản" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mở khóa tài khoản của Hầu Thị Dợ?");
  await page.getByLabel("Lý do").fill("Quyết định chuyển công tác bị hủy");
  await page.getByRole("button", { name: "Mở khóa tài khoản" }).click();
  await expect(page.getByText("Đã mở khóa tài khoản. Cán bộ có thể đăng nhập lại.")).toBeVisible();
  await expect(page.locator(".govuk-summary-list")).toContainText("Đang hoạt động");
  await signIn(officialPage, email, recoveryCodes[0]!);
  await expect(officialPage.getByRole("heading", { level: 1 })).toHaveText("Tài khoản của tôi");
  await official.close();

  // An invitation sent to a wrong address is revoked: its link stops working.
  const wrong = `nham.dia.chi.${id}@hagiang.gov.vn`;
  await page.goto("/admin/officials");
  await page.getByLabel("Họ và tên").fill("Sùng Mí Chá");
  await page.getByLabel("Địa chỉ thư điện tử").fill(wrong);
  await page.getByLabel("Cơ quan", { exact: true }).selectOption({ label: "Sở Tư pháp" });
  await page.getByLabel("Cán bộ tiếp nhận hồ sơ").check();
  await page.getByRole("button", { name: "Gửi lời mời" }).click();
  await expect(page.getByText(`Đã gửi lời mời tới ${wrong}.`)).toBeVisible();
  const wrongLink = await invitationLink(wrong);
  await page.getByRole("row", { name: escaped(wrong) }).getByRole("link", { name: "Sùng Mí Chá" }).click();
  await page.getByRole("button", { name: "Thu hồi lời mời" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thu hồi lời mời gửi Sùng Mí Chá?");
  if (js) await expectNoAxeViolations(page);
  await page.getByLabel("Lý do").fill("Gửi nhầm địa chỉ thư điện tử");
  await page.getByRole("button", { name: "Thu hồi lời mời" }).click();
  await expect(page.getByText("Đã thu hồi lời mời.")).toBeVisible();
  await expect(page.locator(".govuk-summary-list")).toContainText("Đã khóa");
  await page.goto(wrongLink);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Lời mời không còn hiệu lực");

  // Administrators cannot disable their own account.
  await page.goto("/admin/officials");
  await page.getByRole("row", { name: escaped(admin.email) }).getByRole("link", { name: "Vàng Thị Mỷ" }).click();
  await expect(page.getByText("Đây là tài khoản của bạn.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Khóa tài khoản" })).toHaveCount(0);
});

test("an administrator adds an agency, changes it, sees it in the directory and the catalog, and dissolves only what nothing depends on @nojs", async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  const js = testInfo.project.name === "js";
  // One code per project (the server keeps its data for the whole run).
  const code = js ? "000.00.61.H22" : "000.00.62.H22";
  const name = `Trung tâm Dữ liệu tỉnh số ${code.slice(7, 9)}`;
  const renamed = `Trung tâm Dữ liệu và Chuyển đổi số tỉnh số ${code.slice(7, 9)}`;

  // A visitor looks at the catalog first (the page is then kept in the server's page cache).
  const visitor = await browser.newContext({ javaScriptEnabled: js });
  const visitorPage = await visitor.newPage();
  await visitorPage.goto("/procedures");
  await expect(visitorPage.locator("#agency option", { hasText: renamed })).toHaveCount(0);

  await signedInAdministrator(page, "Lò Văn Sử");
  await page.getByRole("navigation", { name: "Quản trị" }).getByRole("link", { name: "Cơ quan" }).click();
  await expect(page).toHaveURL(/\/admin\/agencies$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Quản lý cơ quan");
  if (js) await expectNoAxeViolations(page);
  await page.getByLabel("Tìm theo tên hoặc mã cơ quan").fill("Tư pháp");
  await page.getByRole("button", { name: "Tìm", exact: true }).click();
  await expect(page).toHaveURL(/q=T/);
  await expect(page.getByRole("row", { name: /Sở Tư pháp/ })).toContainText("000.00.03.H22");
  await expect(page.getByRole("row", { name: /Sở Tư pháp/ })).toContainText("Ủy ban nhân dân tỉnh Hà Giang");

  // A new agency: nothing filled in lists every problem; a code already given is refused.
  await page.getByRole("button", { name: "Thêm cơ quan" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thêm cơ quan");
  if (js) await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Thêm cơ quan" }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Nhập mã định danh");
  await expect(summary).toContainText("Nhập tên cơ quan");
  await expect(summary).toContainText("Chọn loại cơ quan");
  await expect(summary).toContainText("Chọn cơ quan cấp trên");
  if (js) await expectNoAxeViolations(page);
  await page.getByLabel("Mã định danh").fill("000.00.03.H22");
  await page.getByLabel("Tên cơ quan").fill(name);
  await page.getByLabel("Loại cơ quan").selectOption({ label: "Ban" });
  await page.getByLabel("Cơ quan cấp trên").selectOption({ label: "Ủy ban nhân dân tỉnh Hà Giang (000.00.00.H22)" });
  await page.getByLabel("Số điện thoại").fill("0219 3 861 234");
  await page.getByLabel("Thư điện tử").fill("ttdl@hagiang.gov.vn");
  await page.getByRole("button", { name: "Thêm cơ quan" }).click();
  await expect(page.getByRole("alert")).toContainText("Mã định danh này đã được dùng");
  await page.getByLabel("Mã định danh").fill(code);
  await page.getByRole("button", { name: "Thêm cơ quan" }).click();
  await expect(page.getByText("Đã thêm cơ quan. Cơ quan có hiệu lực từ hôm nay.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  if (js) await expectNoAxeViolations(page);

  // Change it (the same day: today's version is corrected, and the change is in the history).
  await page.getByLabel("Tên cơ quan").fill(renamed);
  await page.getByLabel("Địa chỉ").fill("Số 2 đường Nguyễn Trãi, thành phố Hà Giang");
  await page.getByRole("button", { name: "Lưu thay đổi" }).click();
  await expect(page.getByText("Đã lưu thay đổi vào phiên bản của hôm nay.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(renamed);
  await expect(page.getByRole("table", { name: "Các thay đổi, mới nhất trước" })).toContainText("Điều chỉnh phiên bản trong ngày: tên, địa chỉ");
  await expect(page.getByRole("table", { name: "Các thay đổi, mới nhất trước" })).toContainText("Thêm cơ quan");

  // The public directory and the catalog's agency filter show the current version (the cached page was renewed).
  await visitorPage.goto("/agencies");
  await expect(visitorPage.getByText(renamed)).toBeVisible();
  await expect(visitorPage.getByText(name, { exact: true })).toHaveCount(0);
  await visitorPage.goto("/procedures");
  await expect(visitorPage.locator("#agency option", { hasText: renamed })).toHaveCount(1);

  // An agency in force since 2020: a change opens a new version from today and keeps the old one.
  await page.getByRole("navigation", { name: "Quản trị" }).getByRole("link", { name: "Cơ quan" }).click();
  await page.getByLabel("Tìm theo tên hoặc mã cơ quan").fill("Ban Dân tộc");
  await page.getByRole("button", { name: "Tìm", exact: true }).click();
  await page.getByRole("link", { name: "Ban Dân tộc", exact: true }).click();
  const phone = js ? "0219 3 862 001" : "0219 3 862 002";
  await page.getByLabel("Số điện thoại").fill(phone);
  await page.getByRole("button", { name: "Lưu thay đổi" }).click();
  await expect(page.getByText(/Đã lưu thay đổi/)).toBeVisible();
  const versions = page.getByRole("table", { name: "Các phiên bản, mới nhất trước" });
  await expect(versions.getByRole("row")).toHaveCount(3);
  await expect(versions).toContainText(/Từ 01\/01\/2020 đến \d{2}\/\d{2}\/\d{4}/);
  await expect(versions).toContainText(phone);

  // The Department of Justice decides a procedure: it cannot be dissolved, and the page says why, with links.
  await page.goto("/admin/agencies?q=000.00.03.H22");
  await page.getByRole("link", { name: "Sở Tư pháp", exact: true }).click();
  await page.getByRole("button", { name: "Giải thể hoặc sáp nhập cơ quan" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Giải thể hoặc sáp nhập Sở Tư pháp?");
  await expect(page.getByText("Chưa thể giải thể cơ quan này.")).toBeVisible();
  await expect(page.getByRole("link", { name: /lý lịch tư pháp/ }).first()).toHaveAttribute("href", /^\/procedures\/\d\.\d{6}$/);
  await expect(page.getByRole("button", { name: "Giải thể cơ quan" })).toHaveCount(0);
  if (js) await expectNoAxeViolations(page);

  // The new agency has nothing yet: merged into the Office of the People's Committee, it leaves the directory.
  await page.goto("/admin/agencies");
  await page.getByLabel("Tìm theo tên hoặc mã cơ quan").fill(code);
  await page.getByRole("button", { name: "Tìm", exact: true }).click();
  await page.getByRole("link", { name: renamed, exact: true }).click();
  await page.getByRole("button", { name: "Giải thể hoặc sáp nhập cơ quan" }).click();
  if (js) await expectNoAxeViolations(page);
  await page.getByLabel("Cơ quan kế thừa (nếu sáp nhập)").selectOption({ label: "Văn phòng Ủy ban nhân dân tỉnh (000.00.01.H22)" });
  await page.getByRole("button", { name: "Giải thể cơ quan" }).click();
  await expect(page.getByText("Đã sáp nhập cơ quan vào cơ quan kế thừa.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${renamed} (đã thôi hoạt động)`);
  await expect(page.getByRole("table", { name: "Các thay đổi, mới nhất trước" })).toContainText("Sáp nhập vào cơ quan 000.00.01.H22");
  await visitorPage.goto("/agencies");
  await expect(visitorPage.getByText(renamed)).toHaveCount(0);
  await visitor.close();
});
