import { expect, test, type Page } from "@playwright/test";
import residentsFile from "../tools/vneid-residents.json" with { type: "json" };
import { expectNoAxeViolations } from "./axe";
import { registerConfirmedCitizen } from "./citizens";
import { linkIn, waitForMail } from "./mailbox";
import { BASE_URL, VNEID_ISSUER } from "./playwright.config";

// Đăng nhập bằng tài khoản định danh điện tử, against the local VNeID stand-in (a real OpenID Connect provider that
// the e2e web server starts beside the portal). The pages work without JavaScript (@nojs).
//
// Each journey uses its own fictitious residents, one per browser project (with and without JavaScript): the two
// projects share the portal's database and may run at the same time.
type Resident = (typeof residentsFile.residents)[number];
const [lan, po, my, chai, duc, chu, dua] = residentsFile.residents as [Resident, Resident, Resident, Resident, Resident, Resident, Resident];

/** axe runs in the page: only where JavaScript runs. */
async function axe(page: Page, javaScriptEnabled: boolean) {
  if (javaScriptEnabled) await expectNoAxeViolations(page);
}

async function startAtStandin(page: Page, signInPath = "/sign-in") {
  await page.goto(signInPath);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Đăng nhập");
  await page.getByRole("button", { name: "Đăng nhập bằng tài khoản định danh điện tử" }).click();
  await expect(page).toHaveURL(new RegExp(`^${VNEID_ISSUER}/interaction/`));
  await expect(page.getByText("Máy chủ thử nghiệm — không phải VNeID thật")).toBeVisible();
}

test("người dân đăng nhập bằng tài khoản định danh điện tử và thấy danh tính đã xác thực @nojs", async ({ page, javaScriptEnabled }) => {
  await startAtStandin(page, "/sign-in?returnTo=%2Fprocedures");
  await axe(page, javaScriptEnabled); // the stand-in's own page too
  await page.getByLabel(new RegExp(`^${lan.name} — CCCD ${lan.cccd}`)).check();
  await page.getByLabel("Mật khẩu").fill(residentsFile.demoPassword);
  await page.getByRole("button", { name: "Đăng nhập", exact: true }).click();

  await expect(page.getByRole("heading", { level: 1 })).toContainText("Chia sẻ thông tin");
  await expect(page.getByText("Số định danh cá nhân (CCCD)")).toBeVisible();
  await axe(page, javaScriptEnabled);
  await page.getByRole("button", { name: "Đồng ý" }).click();

  await expect(page).toHaveURL(`${BASE_URL}/sign-in/vneid/done?returnTo=%2Fprocedures`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Đã xác thực danh tính");
  await expect(page.getByText(`Đã xác thực: ${lan.name}, CCCD ••••${lan.cccd.slice(-4)}`)).toBeVisible();
  await expect(page).toHaveTitle(/^Đã xác thực danh tính – /);
  await axe(page, javaScriptEnabled);
  await page.getByRole("link", { name: "Tiếp tục" }).click();
  await expect(page).toHaveURL(`${BASE_URL}/procedures`);

  // The first eID sign-in created the citizen's account, verified by eID, and signed it in.
  await page.goto("/account");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tài khoản của tôi");
  await expect(page.getByText(lan.name)).toBeVisible();
  await expect(page.getByText("Đã xác thực qua VNeID")).toBeVisible();
});

test("người dân hủy đăng nhập và được báo rõ; mở lại phản hồi cũ thì bị từ chối @nojs", async ({ page, javaScriptEnabled }) => {
  await startAtStandin(page);
  await page.getByRole("button", { name: "Hủy" }).click();

  await expect(page).toHaveURL(new RegExp(`^${BASE_URL}/sign-in/vneid/callback\\?`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bạn đã hủy đăng nhập");
  await expect(page.getByRole("link", { name: "Quay lại trang đăng nhập" })).toHaveAttribute("href", "/sign-in");
  await expect(page.getByRole("button", { name: "Thử đăng nhập lại" })).toBeVisible();
  await axe(page, javaScriptEnabled);

  // The same response a second time: the sign-in it answered is used up.
  const again = await page.reload();
  expect(again?.status()).toBe(400);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Phiên đăng nhập không hợp lệ hoặc đã hết hạn");
  await axe(page, javaScriptEnabled);
});

/** From the sign-in page through the stand-in's sign-in and consent pages, back to the portal. */
async function throughStandin(page: Page, resident: Resident, options: { expectLoginPage?: boolean } = {}) {
  await startAtStandin(page);
  // A provider session that has ended asks who you are again.
  if (options.expectLoginPage) await expect(page.getByText("Chọn công dân thử nghiệm")).toBeVisible();
  await page.getByLabel(new RegExp(`^${resident.name} — CCCD ${resident.cccd}`)).check();
  await page.getByLabel("Mật khẩu").fill(residentsFile.demoPassword);
  await page.getByRole("button", { name: "Đăng nhập", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Chia sẻ thông tin");
  await page.getByRole("button", { name: "Đồng ý" }).click();
}

/** …up to the portal's confirmation of whom the provider verified. */
async function signInWithEid(page: Page, resident: Resident, options: { expectLoginPage?: boolean } = {}) {
  await throughStandin(page, resident, options);
  await expect(page).toHaveURL(`${BASE_URL}/sign-in/vneid/done`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Đã xác thực danh tính");
}

/** …up to the page that asks about an account someone registered with the resident's CCCD. */
async function signInWithEidToLinkPage(page: Page, resident: Resident, account: { maskedEmail: string }) {
  await throughStandin(page, resident);
  await expect(page).toHaveURL(`${BASE_URL}/sign-in/vneid/link`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Đã có tài khoản đăng ký bằng số định danh của bạn");
  await expect(page.getByText(`Hệ thống định danh điện tử đã xác nhận bạn là ${resident.name}.`)).toBeVisible();
  // The account as the resident may see it: its address masked, and the day it was made (today, Vietnam time).
  await expect(page.getByText(account.maskedEmail, { exact: true })).toBeVisible();
  await expect(page.getByText(todayInVietnam(), { exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Đây là tài khoản của tôi" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Đây không phải tài khoản của tôi" })).toBeVisible();
}

function todayInVietnam(): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Ho_Chi_Minh", day: "2-digit", month: "2-digit", year: "numeric" }).format(new Date());
}

/** The password form of the sign-in page. */
async function signInWithPassword(page: Page, identifier: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel(/Địa chỉ thư điện tử hoặc số định danh/).fill(identifier);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập", exact: true }).click();
}

/** The account's data as its owner downloads it (the same browser session). */
async function myData(page: Page) {
  const response = await page.request.get("/account/data.json");
  expect(response.status()).toBe(200);
  return (await response.json()) as { profile: { id: string; email: string | null; eidLink: { issuer: string; subject: string } | null } };
}

/** "Đăng xuất" on the account page of an eID session: the stand-in asks, the portal confirms. */
async function signOutThroughVneid(page: Page, javaScriptEnabled: boolean) {
  await page.goto("/account");
  await page.getByRole("button", { name: "Đăng xuất", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`^${VNEID_ISSUER}/session/end`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Đăng xuất khỏi tài khoản định danh điện tử?");
  await expect(page.getByText("Máy chủ thử nghiệm — không phải VNeID thật")).toBeVisible();
  await axe(page, javaScriptEnabled);
  await page.getByRole("button", { name: "Đăng xuất", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`^${BASE_URL}/signed-out\\?state=[\\w-]+$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bạn đã đăng xuất");
  await expect(page.getByText(/Bạn cũng đã đăng xuất khỏi tài khoản định danh điện tử \(VNeID\)/)).toBeVisible();
  await axe(page, javaScriptEnabled);
}

test("người dân đăng xuất khỏi Cổng và cả khỏi VNeID; lần đăng nhập sau vào đúng tài khoản cũ @nojs", async ({ page, javaScriptEnabled }) => {
  test.setTimeout(60_000);
  const resident = javaScriptEnabled ? po : duc;
  await signInWithEid(page, resident);

  // The account made by this first sign-in is linked to VNeID; with no password it cannot be unlinked.
  await page.goto("/account");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tài khoản của tôi");
  await expect(page.getByRole("heading", { name: "Tài khoản định danh điện tử (VNeID)" })).toBeVisible();
  await expect(page.getByText("Đã liên kết", { exact: true })).toBeVisible();
  await expect(page.getByText(/chưa có mật khẩu, nên không thể hủy liên kết/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Hủy liên kết với VNeID" })).toHaveCount(0);
  await axe(page, javaScriptEnabled);
  const before = await myData(page);
  expect(before.profile.eidLink).toEqual({ issuer: VNEID_ISSUER, subject: resident.sub });

  await signOutThroughVneid(page, javaScriptEnabled);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Faccount/);
  // A reload of /signed-out says nothing more about VNeID.
  await page.goto("/signed-out");
  await expect(page.getByText(/VNeID/)).toHaveCount(0);

  // Signed out at the provider too: it asks for the resident again. The portal finds the same account.
  await signInWithEid(page, resident, { expectLoginPage: true });
  const after = await myData(page);
  expect(after.profile.id).toBe(before.profile.id);
  expect(after.profile.eidLink).toEqual({ issuer: VNEID_ISSUER, subject: resident.sub });
});

test("người dân có tài khoản mật khẩu chứng minh tài khoản là của mình bằng mật khẩu để liên kết VNeID, rồi tự hủy liên kết @nojs", async ({ page, javaScriptEnabled }) => {
  test.setTimeout(90_000);
  const resident = javaScriptEnabled ? my : chai;
  const email = `lien.ket.${Date.now()}${Math.floor(Math.random() * 1000)}@example.vn`;
  const password = "chợ phiên Đồng Văn sáng chủ nhật";
  const [year, month, day] = resident.birthdate.split("-");

  // An account with a password, registered with the resident's CCCD, and its address confirmed.
  await page.goto("/register");
  await page.getByLabel("Họ và tên").fill(resident.name);
  await page.getByLabel(/Số định danh cá nhân/).fill(resident.cccd);
  await page.getByLabel("Ngày").fill(String(Number(day)));
  await page.getByLabel("Tháng").fill(String(Number(month)));
  await page.getByLabel("Năm").fill(year!);
  await page.getByLabel("Địa chỉ thư điện tử").fill(email);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByLabel(/Tôi đã đọc thông báo/).check();
  await page.getByRole("button", { name: "Tạo tài khoản" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kiểm tra hộp thư của bạn");
  await page.goto(linkIn((await waitForMail(email, /Xác nhận địa chỉ thư điện tử/)).text, /^\/verify-email\//));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Đã xác nhận địa chỉ thư điện tử");

  // The eID sign-in finds that account by its CCCD, but the CCCD alone does not prove whose it is: the resident is
  // asked. A wrong password is said inline; the right one links the account to the resident's VNeID account.
  await signInWithEidToLinkPage(page, resident, { maskedEmail: "l***@example.vn" });
  await axe(page, javaScriptEnabled);
  const accountPassword = page.getByLabel("Mật khẩu của tài khoản");
  await accountPassword.fill("không phải mật khẩu này");
  await page.getByRole("button", { name: "Liên kết và đăng nhập" }).click();
  await expect(page).toHaveURL(`${BASE_URL}/sign-in/vneid/link`);
  await expect(page.getByRole("alert")).toContainText("Mật khẩu không đúng");
  await expect(page.getByRole("link", { name: "Mật khẩu không đúng" })).toHaveAttribute("href", "#password");
  await expect(accountPassword).toHaveAccessibleDescription(/Mật khẩu không đúng/);
  await expect(page.getByRole("link", { name: "Quên mật khẩu?" })).toHaveAttribute("href", "/forgot-password");
  await axe(page, javaScriptEnabled);
  await accountPassword.fill(password);
  await page.getByRole("button", { name: "Liên kết và đăng nhập" }).click();
  await expect(page).toHaveURL(`${BASE_URL}/sign-in/vneid/done`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Đã xác thực danh tính");
  await page.goto("/account");
  await expect(page.getByText(email)).toBeVisible();
  await expect(page.getByText("Đã liên kết", { exact: true })).toBeVisible();
  expect((await myData(page)).profile).toMatchObject({ email, eidLink: { issuer: VNEID_ISSUER, subject: resident.sub } });

  // A password opens the account, so it may be unlinked.
  await expect(page.getByText(/Nếu hủy liên kết, bạn đăng nhập bằng mật khẩu/)).toBeVisible();
  await axe(page, javaScriptEnabled);
  await page.getByRole("button", { name: "Hủy liên kết với VNeID" }).click();
  await expect(page).toHaveURL(`${BASE_URL}/account`);
  await expect(page.getByText("Đã hủy liên kết tài khoản với VNeID. Từ nay bạn đăng nhập bằng mật khẩu.")).toBeVisible();
  await expect(page.getByText("Chưa liên kết", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Hủy liên kết với VNeID" })).toHaveCount(0);
  await axe(page, javaScriptEnabled);
  expect((await myData(page)).profile.eidLink).toBeNull();

  // The session was started through eID: signing out still signs out at VNeID. Then the password works.
  await signOutThroughVneid(page, javaScriptEnabled);
  await signInWithPassword(page, email, password);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tài khoản của tôi");
  await expect(page.getByText("Chưa liên kết", { exact: true })).toBeVisible();

  // A password session signs out of the portal only: no detour through VNeID.
  await page.getByRole("button", { name: "Đăng xuất", exact: true }).click();
  await expect(page).toHaveURL(`${BASE_URL}/signed-out`);
  await expect(page.getByText(/VNeID/)).toHaveCount(0);
});

test("người dân không nhận tài khoản do người khác đăng ký bằng số định danh của mình: tài khoản đó bị đóng, người dân có tài khoản mới @nojs", async ({ page, context, javaScriptEnabled }) => {
  test.setTimeout(90_000);
  const resident = javaScriptEnabled ? chu : dua;
  const squatter = {
    fullName: "Trần Văn Mạo",
    cccd: resident.cccd,
    birthDate: resident.birthdate,
    email: `mao.danh.${Date.now()}${Math.floor(Math.random() * 1000)}@example.vn`,
    password: "mật khẩu của người mạo danh",
  };

  // Someone else registered with the resident's CCCD and their own address (the registration journey above shows the
  // page accepts it), and is signed in.
  await registerConfirmedCitizen(squatter);
  await signInWithPassword(page, squatter.email, squatter.password);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tài khoản của tôi");
  const squattersSession = await context.cookies(BASE_URL);
  await context.clearCookies();

  // The resident signs in with VNeID and does not recognise the account.
  await signInWithEidToLinkPage(page, resident, { maskedEmail: "m***@example.vn" });
  await axe(page, javaScriptEnabled);
  // Closing someone's account needs the tick.
  await page.getByRole("button", { name: "Đóng tài khoản đó và tạo tài khoản mới" }).click();
  await expect(page).toHaveURL(`${BASE_URL}/sign-in/vneid/link`);
  await expect(page.getByRole("alert")).toContainText("Đánh dấu để xác nhận bạn không tạo tài khoản này");
  await expect(page.getByRole("link", { name: "Đánh dấu để xác nhận bạn không tạo tài khoản này" })).toHaveAttribute("href", "#confirm");
  await axe(page, javaScriptEnabled);
  await page.getByLabel("Tôi xác nhận tôi không tạo tài khoản này").check();
  await page.getByRole("button", { name: "Đóng tài khoản đó và tạo tài khoản mới" }).click();

  await expect(page).toHaveURL(`${BASE_URL}/sign-in/vneid/done`);
  await expect(page.getByText("Tài khoản đăng ký bằng số định danh của bạn đã bị đóng. Cổng đã tạo cho bạn một tài khoản mới.")).toBeVisible();
  await expect(page.getByText(`Đã xác thực: ${resident.name}, CCCD ••••${resident.cccd.slice(-4)}`)).toBeVisible();
  await axe(page, javaScriptEnabled);

  // A new account: the resident's name and CCCD, linked to VNeID, no password and none of the squatter's address.
  await page.goto("/account");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tài khoản của tôi");
  await expect(page.getByText(resident.name)).toBeVisible();
  await expect(page.getByText(resident.cccd)).toBeVisible();
  await expect(page.getByText("Đã liên kết", { exact: true })).toBeVisible();
  expect((await myData(page)).profile).toMatchObject({ email: null, eidLink: { issuer: VNEID_ISSUER, subject: resident.sub } });

  // The squatter's address is told why.
  const mail = await waitForMail(squatter.email, /Tài khoản của bạn trên Cổng Dịch vụ công đã bị đóng/);
  expect(mail.text).toContain("Xin chào Trần Văn Mạo,");
  expect(mail.text).toContain("xác nhận không nhận ra tài khoản này là của mình");
  expect(mail.text).not.toContain(resident.cccd);

  // The squatter's session has ended, and neither the password nor the CCCD opens anything any more.
  await context.clearCookies();
  await context.addCookies(squattersSession);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Faccount/);
  // The address still names the closed account (its right password hears that it is closed); the CCCD no longer does.
  await signInWithPassword(page, squatter.email, squatter.password);
  await expect(page.getByRole("alert")).toContainText("Tài khoản này đã bị khóa nên không thể đăng nhập");
  await signInWithPassword(page, resident.cccd, squatter.password);
  await expect(page.getByRole("alert")).toContainText("Địa chỉ thư điện tử, số định danh hoặc mật khẩu không đúng");
});
