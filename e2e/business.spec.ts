import { expect, test } from "@playwright/test";
import { taxCodeCheckDigit } from "../app/domain/identity/tax-code";
import { expectNoAxeViolations } from "./axe";
import { newCccd, registerVerifiedCitizen, signInWithPassword, unique } from "./citizens";
import { linkIn, waitForMail } from "./mailbox";

// A citizen declares a business, acts on its behalf (the banner shows on every page) and switches back; the
// representatives it adds and removes are told by e-mail.

/** A valid organisation tax code: "01" and 7 random digits, then the check digit (skipping serials without one). */
function validTaxCode(): string {
  for (;;) {
    const firstNine = `01${String(Math.floor(Math.random() * 9_999_999) + 1).padStart(7, "0")}`;
    const check = taxCodeCheckDigit(firstNine);
    if (check !== null) return `${firstNine}${check}`;
  }
}

test("declare a business → act on its behalf → the banner on every page → back to myself @nojs", async ({ page }, testInfo) => {
  test.setTimeout(60_000);
  const js = testInfo.project.name === "js";
  const id = unique();
  const email = `doanh.nghiep.${id}@example.vn`;
  const password = "chè Shan tuyết trên núi Tây Côn Lĩnh";
  await page.goto("/register");
  await page.getByLabel("Họ và tên").fill("Vàng Thị Dung");
  await page.getByLabel(/Số định danh cá nhân/).fill(`0021900${id.slice(-5).padStart(5, "0")}`);
  await page.getByLabel("Ngày").fill("12");
  await page.getByLabel("Tháng").fill("6");
  await page.getByLabel("Năm").fill("1990");
  await page.getByLabel("Địa chỉ thư điện tử").fill(email);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByLabel(/Tôi đã đọc thông báo/).check();
  await page.getByRole("button", { name: "Tạo tài khoản" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kiểm tra hộp thư của bạn");
  await page.goto(linkIn((await waitForMail(email, /Xác nhận/)).text, /^\/verify-email\//));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Đã xác nhận địa chỉ thư điện tử");

  await page.goto("/sign-in");
  await page.getByLabel(/Địa chỉ thư điện tử hoặc số định danh/).fill(email);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tài khoản của tôi");

  await page.getByRole("link", { name: "Tổ chức, doanh nghiệp của tôi" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tổ chức, doanh nghiệp của tôi");
  await expect(page.getByText("Bạn chưa là người đại diện")).toBeVisible();
  await page.getByRole("link", { name: "Khai báo tổ chức, doanh nghiệp" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Khai báo tổ chức, doanh nghiệp");
  if (js) await expectNoAxeViolations(page);

  // A wrong check digit: the identity rule's message, on the field and in the summary.
  const taxCode = validTaxCode();
  const wrong = `${taxCode.slice(0, 9)}${(Number(taxCode[9]) + 1) % 10}`;
  await page.getByLabel("Mã số thuế").fill(wrong);
  await page.getByLabel("Tên tổ chức, doanh nghiệp").fill(`Hợp tác xã Chè Dung ${id}`);
  await page.getByLabel("Địa chỉ trụ sở").fill("Thôn Nậm Ai, xã Phương Tiến, Hà Giang");
  await page.getByRole("button", { name: "Khai báo" }).click();
  await expect(page.getByRole("alert")).toContainText("chữ số cuối không khớp");
  await expect(page.getByLabel("Tên tổ chức, doanh nghiệp")).toHaveValue(`Hợp tác xã Chè Dung ${id}`);
  if (js) await expectNoAxeViolations(page);

  await page.getByLabel("Mã số thuế").fill(taxCode);
  await page.getByRole("button", { name: "Khai báo" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tổ chức, doanh nghiệp của tôi");
  await expect(page.getByText("Đã khai báo tổ chức, doanh nghiệp.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: `Hợp tác xã Chè Dung ${id}` })).toBeVisible();
  await expect(page.getByText("Người đại diện theo pháp luật").first()).toBeVisible();
  if (js) await expectNoAxeViolations(page);

  // Adding someone without an account: a neutral refusal.
  await page.getByLabel(/Số định danh cá nhân của người được ủy quyền/).fill("002190099999");
  await page.getByRole("button", { name: "Thêm người được ủy quyền" }).click();
  await expect(page.getByRole("alert")).toContainText("Không thể thêm người có số định danh cá nhân này");

  // Act on behalf of the business.
  await page.goto("/account/acting-for");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thao tác với tư cách");
  if (js) await expectNoAxeViolations(page);
  await page.getByLabel(`Hợp tác xã Chè Dung ${id} (MST ${taxCode})`).check();
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tài khoản của tôi");
  const banner = `Bạn đang thao tác thay mặt: Hợp tác xã Chè Dung ${id} (MST ${taxCode})`;
  await expect(page.getByText(banner)).toBeVisible();

  // Another page shows it too; "Đổi" leads back to the switch.
  await page.goto("/procedures");
  await expect(page.getByText(banner)).toBeVisible();
  if (js) await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Đổi", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thao tác với tư cách");
  await page.getByLabel("Bản thân").check();
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tài khoản của tôi");
  await expect(page.getByText(/Bạn đang thao tác thay mặt/)).toHaveCount(0);
  await page.goto("/procedures");
  await expect(page.getByText(/Bạn đang thao tác thay mặt/)).toHaveCount(0);
});

/** The instant a "dd/mm/yyyy HH:mm" in Vietnam time (UTC+7, no daylight saving) stands for. */
function vietnamTime(text: string): Date {
  const m = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2})$/.exec(text);
  if (!m) throw new Error(`not a dd/mm/yyyy HH:mm time: ${text}`);
  return new Date(Date.UTC(Number(m[3]), Number(m[2]) - 1, Number(m[1]), Number(m[4]) - 7, Number(m[5])));
}

test("thêm rồi gỡ người được ủy quyền: người được thêm, người đại diện khác và người bị gỡ đều nhận thư báo @nojs", async ({ page }) => {
  test.setTimeout(90_000);
  const id = unique();
  const hoa = { fullName: "Nguyễn Thị Hoa", email: `dai.dien.${id}@example.vn`, cccd: newCccd(), password: "mùa lúa chín ở Hoàng Su Phì" };
  const nam = { fullName: "Hoàng Văn Nam", email: `uy.quyen.${id}@example.vn`, cccd: newCccd(), password: "cột cờ Lũng Cú giữa trời xanh" };
  await registerVerifiedCitizen(page, hoa);
  await registerVerifiedCitizen(page, nam);

  // Hoa declares the business and adds Nam by his CCCD.
  await signInWithPassword(page, hoa.email, hoa.password);
  await page.goto("/account/organisations/new");
  const taxCode = validTaxCode();
  const business = `Hợp tác xã Mật ong bạc hà ${id}`;
  await page.getByLabel("Mã số thuế").fill(taxCode);
  await page.getByLabel("Tên tổ chức, doanh nghiệp").fill(business);
  await page.getByLabel("Địa chỉ trụ sở").fill("Thị trấn Đồng Văn, Hà Giang");
  await page.getByRole("button", { name: "Khai báo" }).click();
  await expect(page.getByText("Đã khai báo tổ chức, doanh nghiệp.")).toBeVisible();
  const before = Date.now();
  await page.getByLabel(/Số định danh cá nhân của người được ủy quyền/).fill(nam.cccd);
  await page.getByRole("button", { name: "Thêm người được ủy quyền" }).click();
  await expect(page.getByText("Đã thêm người được ủy quyền.")).toBeVisible();
  await expect(page.getByRole("cell", { name: "Hoàng Văn Nam", exact: true })).toBeVisible();

  // Nam is told: which business (name, tax code), which role, who did it and when; what to do if it is unexpected.
  const added = await waitForMail(nam.email, new RegExp(`^Bạn được thêm làm người đại diện của ${business}$`));
  expect(added.text).toContain(`Nguyễn Thị Hoa đã thêm bạn làm người được ủy quyền của ${business}`);
  expect(added.text).toContain(`- Tổ chức, doanh nghiệp: ${business}\n- Mã số thuế: ${taxCode}\n- Vai trò: người được ủy quyền\n- Người thực hiện: Nguyễn Thị Hoa\n`);
  const when = /- Thời gian: (\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}) \(giờ Việt Nam\)/.exec(added.text)?.[1] ?? "";
  const at = vietnamTime(when).getTime();
  expect(at).toBeGreaterThan(before - 2 * 60_000);
  expect(at).toBeLessThan(Date.now() + 60_000);
  expect(added.text).toContain("Nếu bạn không biết hoặc không đồng ý với việc này");
  expect(added.text).toContain("has added you as authorised representative");
  // Hoa, the other representative, is told who was added.
  const other = await waitForMail(hoa.email, new RegExp(`^${business} có người đại diện mới$`));
  expect(other.text).toContain(`Nguyễn Thị Hoa đã thêm Hoàng Văn Nam làm người được ủy quyền của ${business}`);
  expect(other.text).toContain("- Người được thêm: Hoàng Văn Nam\n");

  // Hoa removes Nam: he is told, with the role he had.
  await page.getByRole("button", { name: "Gỡ Hoàng Văn Nam" }).click();
  await expect(page.getByText("Đã gỡ người đại diện.")).toBeVisible();
  await expect(page.getByRole("cell", { name: "Hoàng Văn Nam", exact: true })).toHaveCount(0);
  const removed = await waitForMail(nam.email, new RegExp(`^Bạn không còn là người đại diện của ${business}$`));
  expect(removed.text).toContain(`Nguyễn Thị Hoa đã gỡ bạn khỏi danh sách người đại diện của ${business}`);
  expect(removed.text).toContain(`- Mã số thuế: ${taxCode}\n- Vai trò trước đây: người được ủy quyền\n- Người thực hiện: Nguyễn Thị Hoa\n`);

  // The link in the mail leads Nam to his organisations (after signing in): none any more.
  await page.goto("/account");
  await page.getByRole("button", { name: "Đăng xuất", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bạn đã đăng xuất");
  await page.goto(linkIn(removed.text, /^\/account\/organisations$/));
  await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Faccount%2Forganisations/);
  await page.getByLabel(/Địa chỉ thư điện tử hoặc số định danh/).fill(nam.email);
  await page.getByLabel("Mật khẩu").fill(nam.password);
  await page.getByRole("button", { name: "Đăng nhập", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tổ chức, doanh nghiệp của tôi");
  await expect(page.getByText("Bạn chưa là người đại diện")).toBeVisible();
});
