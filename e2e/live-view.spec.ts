import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "./axe";
import { newCccd, registerConfirmedCitizen, signInWithPassword, unique } from "./citizens";
import { agencyNamed, dossierRow, fileBirthRegistration, makeOverdue, walletFiles } from "./dossier-journey";
import { acceptInvitation, inviteFromConsole, signInOfficial } from "./officials";

// The leaders' live view (issue 10): a citizen files a birth registration online, the commune's receiving officer
// accepts it through the back office, days pass (the e2e hook that the back-office journey uses moves its due date
// into the past), and the commune's leader (an approver) finds it overdue in the live view — in the chart's table, the
// summary and the list of the longest overdue — and opens it. With and without JavaScript; axe and a small phone with it.

// One ward per project: the two projects run side by side on one database, and each counts its own ward's dossiers.
const WARD = { js: "Nguyễn Trãi", "no-js": "Minh Khai" } as const;
const h1 = (page: Page) => page.getByRole("heading", { level: 1 });

async function official(browser: Browser, js: boolean, agencyCode: string, role: string, name: string): Promise<Page> {
  const email = `${role}.${unique()}@phuong.hagiang.gov.vn`;
  const link = inviteFromConsole(email, name, [role], agencyCode);
  const context = await browser.newContext({ locale: "vi-VN", timezoneId: "Asia/Ho_Chi_Minh", javaScriptEnabled: js });
  const page = await context.newPage();
  const password = "sương sớm trên đèo Mã Pí Lèng";
  const secret = await acceptInvitation(page, link, password);
  await page.goto("/sign-in");
  await signInOfficial(page, email, password, secret);
  await expect(h1(page)).toHaveText("Tài khoản của tôi");
  return page;
}

test("lãnh đạo thấy hồ sơ quá hạn trên màn hình theo dõi và mở hồ sơ @nojs", async ({ page, browser }, testInfo) => {
  test.setTimeout(240_000);
  const js = testInfo.project.name === "js";
  const ward = WARD[js ? "js" : "no-js"];
  const COMMUNE = `Ủy ban nhân dân phường ${ward}`;
  const commune = await agencyNamed(COMMUNE);
  const citizen = { fullName: "Giàng Thị Mỷ", cccd: newCccd(), birthDate: "1992-03-08", email: `theo.doi.${unique()}@example.vn`, password: "ruộng bậc thang mùa lúa chín" };
  await registerConfirmedCitizen(citizen);
  await walletFiles(citizen.email, ["to-khai-khai-sinh.pdf", "giay-chung-sinh.pdf", "can-cuoc-cong-dan.pdf"]);
  await signInWithPassword(page, citizen.email, citizen.password);
  const code = await fileBirthRegistration(page, { commune: COMMUNE, cccd: citizen.cccd, fullName: citizen.fullName });

  // The receiving officer accepts it: the clock starts (status 2, a due date).
  const receiver = await official(browser, js, commune.code, "receiving_officer", "Hoàng Văn Nhận");
  await receiver.goto("/office");
  await receiver.getByRole("link", { name: code, exact: true }).click();
  await expect(h1(receiver)).toHaveText(`Hồ sơ ${code}`);
  await receiver.getByRole("button", { name: "Tiếp nhận", exact: true }).or(receiver.getByRole("link", { name: "Tiếp nhận", exact: true })).click();
  await expect(receiver.getByText("Đã tiếp nhận hồ sơ.")).toBeVisible();
  expect((await dossierRow(code)).status).toBe(2);

  // Days pass: it was due two days and three hours ago.
  await makeOverdue(code, new Date(Date.now() - (2 * 24 + 3) * 3_600_000));

  // The commune's leader goes from the officials' home to the live view.
  const leader = await official(browser, js, commune.code, "approver", "Sùng Mí Lãnh");
  await leader.goto("/office");
  await leader.getByRole("link", { name: /Theo dõi tình hình giải quyết hồ sơ/ }).click();
  await expect(h1(leader)).toHaveText("Theo dõi tình hình giải quyết hồ sơ");
  await expect(leader).toHaveURL(/\/office\/live$/);
  await expect(leader.getByText(/^Cập nhật lúc \d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4}$/)).toBeVisible();

  // The summary, the chart's table and the chart itself say one overdue dossier at the commune.
  const summary = leader.getByRole("table", { name: "Tổng quan" });
  await expect(summary.getByRole("row", { name: /^Quá hạn 1$/ })).toBeVisible();
  await expect(summary.getByRole("row", { name: /^Tiếp nhận hôm nay 1$/ })).toBeVisible();
  const byAgency = leader.getByRole("table", { name: /Số hồ sơ quá hạn theo cơ quan/ });
  await expect(byAgency.getByRole("row", { name: new RegExp(`phường ${ward} 1$`) })).toBeVisible();
  const chart = leader.getByRole("img", { name: "Số hồ sơ quá hạn theo cơ quan" });
  await expect(chart).toBeVisible();
  await expect(chart.locator("desc")).toHaveText(new RegExp(`phường ${ward}: 1`));

  // The longest overdue: this dossier, overdue by 2 days 3 hours.
  const longest = leader.getByRole("table", { name: /hồ sơ quá hạn lâu nhất/ });
  const row = longest.getByRole("row", { name: new RegExp(code.replace(/\./g, "\\.")) });
  await expect(row).toContainText("Đăng ký khai sinh");
  await expect(row).toContainText("2 ngày 3 giờ");

  if (js) {
    await expectNoAxeViolations(leader);
    // The figures come again by themselves (here: the visibility change asks at once), and the status says when.
    await expect(leader.getByText("Trang tự cập nhật mỗi 30 giây khi đang mở.")).toBeVisible();
    const refetch = leader.waitForRequest((r) => r.url().includes("/office/live") && r.resourceType() === "fetch");
    await leader.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
    await refetch;
    await expect(leader.locator("#live-updated")).toHaveText(/^Cập nhật lúc \d{2}:\d{2}/);
    // A small phone: nothing wider than the screen but the scrolling tables.
    await leader.setViewportSize({ width: 360, height: 740 });
    expect(await leader.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectNoAxeViolations(leader);
  } else {
    // Without JavaScript: the "Làm mới" link loads the figures again.
    await leader.getByRole("link", { name: "Làm mới" }).click();
    await expect(h1(leader)).toHaveText("Theo dõi tình hình giải quyết hồ sơ");
  }

  // The leader opens it.
  await row.getByRole("link", { name: code, exact: true }).click();
  await expect(h1(leader)).toHaveText(`Hồ sơ ${code}`);
});
