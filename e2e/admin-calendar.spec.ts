import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "./axe";
import { acceptInvitation, inviteFromConsole, signInOfficial } from "./officials";

// The working calendar (issue 5, item 1): a system administrator, invited from the console and signed in with a
// password and an authenticator code, maintains the year's non-working and extra working dates: adds a provincial
// day off and the Saturday worked in exchange, sees them listed, removes one. Plain forms: it also runs without
// JavaScript.
//
// The server is shared by every spec file and the projects run side by side, so each project keeps to a year of its
// own: 2031 (10/3 is a Monday, 15/3 a Saturday) and 2032 (8/3 a Monday, 13/3 a Saturday).
const DATES: Record<string, { year: number; monday: [string, string]; saturday: [string, string] }> = {
  js: { year: 2031, monday: ["10", "3"], saturday: ["15", "3"] },
  "no-js": { year: 2032, monday: ["8", "3"], saturday: ["13", "3"] },
};

async function fillDate(page: Page, day: string, month: string, year: number) {
  const group = page.getByRole("group", { name: "Ngày" });
  await group.getByLabel("Ngày", { exact: true }).fill(day);
  await group.getByLabel("Tháng", { exact: true }).fill(month);
  await group.getByLabel("Năm", { exact: true }).fill(String(year));
}

const dd = (day: string, month: string, year: number) => `${day.padStart(2, "0")}/${month.padStart(2, "0")}/${year}`;
/** The table row of a date (its first cell). */
const rowOf = (page: Page, date: string) => page.getByRole("row", { name: new RegExp(`^${date} `) });

test("a system administrator adds a day off and an extra working Saturday, sees them listed and removes one @nojs", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const js = testInfo.project.name === "js";
  const { year, monday, saturday } = DATES[testInfo.project.name] ?? DATES.js!;
  const email = `lich.${testInfo.project.name}.${Date.now()}@hagiang.gov.vn`;
  const password = "sương mù trên đèo Mã Pì Lèng buổi sớm";
  const secret = await acceptInvitation(page, inviteFromConsole(email, "Nông Văn Dền"), password);

  // The calendar is for signed-in system administrators.
  await page.goto(`/admin/calendar?year=${year}`);
  await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Fadmin%2Fcalendar/);
  await signInOfficial(page, email, password, secret);
  await expect(page).toHaveURL(new RegExp(`/admin/calendar\\?year=${year}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Lịch làm việc năm ${year}`);

  // The statutory holidays are there already, with their dates written dd/mm/yyyy.
  await expect(rowOf(page, `01/01/${year}`)).toContainText("Tết Dương lịch");
  await expect(rowOf(page, `01/01/${year}`)).toContainText("Tạo sẵn theo Bộ luật Lao động");
  await expect(page.getByRole("heading", { name: "Ngày làm việc bù (0)" })).toBeVisible();
  await expect(page.getByText(`Năm ${year} chưa có ngày làm việc bù nào.`)).toBeVisible();
  if (js) await expectNoAxeViolations(page);

  // Nothing filled in: every problem is listed first, each linked to its field.
  await page.getByRole("button", { name: "Thêm vào lịch" }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Có lỗi cần sửa");
  await expect(summary.getByRole("link", { name: "Nhập ngày có thật, ví dụ 27 4 2026" })).toHaveAttribute("href", "#date-day");
  await expect(summary.getByRole("link", { name: "Chọn loại ngày" })).toHaveAttribute("href", "#kind");
  await expect(summary.getByRole("link", { name: "Nhập tên hoặc lý do, tối đa 200 ký tự" })).toHaveAttribute("href", "#name");
  if (js) await expectNoAxeViolations(page);

  // A provincial day off on a Monday.
  const dayOff = `Nghỉ theo quyết định của UBND tỉnh (${testInfo.project.name})`;
  await fillDate(page, monday[0], monday[1], year);
  await page.getByLabel("Ngày nghỉ", { exact: true }).check();
  await page.getByLabel("Tên hoặc lý do").fill(dayOff);
  await page.getByRole("button", { name: "Thêm vào lịch" }).click();
  await expect(page.getByText("Đã thêm ngày vào lịch.")).toBeVisible();
  const mondayRow = rowOf(page, dd(monday[0], monday[1], year));
  await expect(mondayRow).toContainText("Thứ Hai");
  await expect(mondayRow).toContainText(dayOff);
  await expect(mondayRow).toContainText("Quản trị viên thêm");

  // An "extra working day" must be a weekly rest day: a Monday is refused, and what was typed stays.
  await fillDate(page, monday[0], monday[1], year);
  await page.getByLabel("Ngày làm việc bù", { exact: true }).check();
  await page.getByLabel("Tên hoặc lý do").fill("Làm bù");
  await page.getByRole("button", { name: "Thêm vào lịch" }).click();
  await expect(page.getByRole("alert")).toContainText("Ngày làm việc bù phải là ngày nghỉ hằng tuần (thứ Bảy hoặc Chủ nhật)");
  await expect(page.getByLabel("Tên hoặc lý do")).toHaveValue("Làm bù");

  // The Saturday worked in exchange.
  const exchange = `Làm bù cho thứ Hai ${dd(monday[0], monday[1], year)}`;
  await fillDate(page, saturday[0], saturday[1], year);
  await page.getByLabel("Ngày làm việc bù", { exact: true }).check();
  await page.getByLabel("Tên hoặc lý do").fill(exchange);
  await page.getByRole("button", { name: "Thêm vào lịch" }).click();
  await expect(page.getByText("Đã thêm ngày vào lịch.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Ngày làm việc bù (1)" })).toBeVisible();
  const saturdayRow = rowOf(page, dd(saturday[0], saturday[1], year));
  await expect(saturdayRow).toContainText("Thứ Bảy");
  await expect(saturdayRow).toContainText(exchange);
  if (js) await expectNoAxeViolations(page);

  // Remove the day off; the Saturday stays.
  await mondayRow.getByRole("button", { name: `Xóa ngày ${dd(monday[0], monday[1], year)}` }).click();
  await expect(page.getByText("Đã xóa ngày khỏi lịch.")).toBeVisible();
  await expect(rowOf(page, dd(monday[0], monday[1], year))).toHaveCount(0);
  await expect(rowOf(page, dd(saturday[0], saturday[1], year))).toContainText(exchange);

  // The office hours in force are shown with their validity.
  await expect(page.getByRole("heading", { name: "Áp dụng từ ngày 01/01/2000" })).toBeVisible();
  await page.getByRole("link", { name: "Thay đổi giờ làm việc" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Giờ làm việc");
  if (js) await expectNoAxeViolations(page);
});

test("a system administrator adds summer office hours, is told what is wrong first, and removes them @nojs", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const js = testInfo.project.name === "js";
  const year = testInfo.project.name === "js" ? 2041 : 2042;
  const email = `gio.${testInfo.project.name}.${Date.now()}@hagiang.gov.vn`;
  const password = "chợ phiên Đồng Văn sáng chủ nhật đông vui";
  const secret = await acceptInvitation(page, inviteFromConsole(email, "Vừ Thị Mai"), password);
  await page.goto("/admin/calendar/hours");
  await signInOfficial(page, email, password, secret);
  await expect(page).toHaveURL(/\/admin\/calendar\/hours$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Giờ làm việc");

  // Summer hours from 15 April: a typing mistake in the afternoon's end is caught, the rest kept.
  const group = page.getByRole("group", { name: "Áp dụng từ ngày" });
  await group.getByLabel("Ngày", { exact: true }).fill("15");
  await group.getByLabel("Tháng", { exact: true }).fill("4");
  await group.getByLabel("Năm", { exact: true }).fill(String(year));
  await page.getByLabel("Giờ bắt đầu buổi sáng").fill("07:30");
  await page.getByLabel("Giờ kết thúc buổi chiều").fill("1730");
  await page.getByRole("button", { name: "Lưu giờ làm việc" }).click();
  await expect(page.getByRole("alert").getByRole("link", { name: "Nhập giờ dạng 07:00" })).toHaveAttribute("href", "#afternoonEnd");
  await expect(page.getByLabel("Giờ bắt đầu buổi sáng")).toHaveValue("07:30");
  if (js) await expectNoAxeViolations(page);
  await page.getByLabel("Giờ kết thúc buổi chiều").fill("17:30");
  await page.getByLabel("Giờ chốt nhận hồ sơ trả kết quả trong ngày").fill("15:30");
  await page.getByRole("button", { name: "Lưu giờ làm việc" }).click();
  await expect(page.getByText("Đã lưu giờ làm việc.")).toBeVisible();
  await expect(page.getByRole("heading", { name: `Áp dụng từ ngày 15/04/${year}` })).toBeVisible();
  await expect(page.getByText("07:30–11:30, 13:30–17:30").first()).toBeVisible();

  await page.getByRole("button", { name: `Xóa bảng giờ áp dụng từ ngày 15/04/${year}` }).click();
  await expect(page.getByText("Đã xóa giờ làm việc.")).toBeVisible();
  await expect(page.getByRole("heading", { name: `Áp dụng từ ngày 15/04/${year}` })).toHaveCount(0);
});
