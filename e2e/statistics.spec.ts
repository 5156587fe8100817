import { expect, test, type Browser, type Page, type TestInfo } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { unzip } from "../app/platform/xlsx.server";
import { expectNoAxeViolations } from "./axe";
import { acceptInvitation, inviteFromConsole, signInOfficial } from "./officials";

// The public statistics (issue 10): the page in Vietnamese and in English, axe clean with and without JavaScript; the
// filter is a GET form that works without JavaScript (a department); the CSV and the JSON download, parse, and carry
// the numbers the page shows. The e2e database holds few dossiers, so the test compares the page with the files
// rather than with fixed numbers. axe runs in the page, so only where JavaScript is on (as in the other journeys); the
// page is plain HTML (no framework script), so what axe checks there is exactly what a browser without JavaScript gets.

const MEASURES = ["carriedOver", "received", "receivedOnline", "receivedInPerson", "receivedPost", "resolved", "resolvedEarly", "resolvedOnTime", "resolvedLate", "inProgress", "inProgressWithinLimit", "inProgressOverdue", "waitingSupplement", "waitingPayment", "withdrawn", "refused"];

/** axe where it can run; and, there, proof that the page is the same HTML without JavaScript (no module script). */
async function expectAccessible(page: Page, testInfo: TestInfo) {
  if (testInfo.project.name !== "js") return;
  await expect(page.locator('script[type="module"]')).toHaveCount(0);
  await expectNoAxeViolations(page);
}

/** The whole number a cell shows ("1.234" or "1,234"). */
const count = (text: string | null) => Number((text ?? "").replace(/[^\d]/g, ""));

async function pageFigures(page: Page): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const m of MEASURES) out[m] = count(await page.locator(`[data-figure="${m}"]`).textContent());
  return out;
}

/** Downloads a file by clicking its link (a plain link with `download`: no JavaScript needed). */
async function download(page: Page, name: string): Promise<{ fileName: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name }).click()]);
  return { fileName: file.suggestedFilename(), bytes: await readFile((await file.path())!) };
}

/** RFC 4180: quoted fields with doubled quotes, commas and line breaks inside. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

async function expectExportsMatch(page: Page, expected: { agency?: string } = {}) {
  // The sweep may bring the figures up to date between reading the page and downloading (other journeys file dossiers
  // meanwhile): then the page is read again and the files downloaded again.
  await expect(async () => {
    await page.reload();
    await exportsMatch(page, expected);
  }).toPass({ timeout: 60_000 });
}

async function exportsMatch(page: Page, expected: { agency?: string }) {
  const shown = await pageFigures(page);

  const json = await download(page, "Tải JSON (dữ liệu mở)");
  expect(json.fileName).toMatch(/^thong-ke-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.json$/);
  const doc = JSON.parse(json.bytes.toString("utf8")) as { schema: string; filter: { agencyId: string | null }; figures: Record<string, number>; breakdowns: Record<string, unknown[]>; index766: unknown[] };
  expect(doc.schema).toBe("dvc-statistics/1");
  if (expected.agency) expect(doc.filter.agencyId).toBe(expected.agency);
  for (const m of MEASURES) expect(doc.figures[m], m).toBe(shown[m]);

  const csv = await download(page, "Tải CSV (dữ liệu mở)");
  expect(csv.fileName).toMatch(/\.csv$/);
  expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [header, ...rows] = parseCsv(csv.bytes.subarray(3).toString("utf8"));
  expect(header).toEqual(["section", "key", "label", "measure", "value"]);
  for (const m of MEASURES) expect(Number(rows.find((r) => r[0] === "total" && r[3] === m)?.[4]), m).toBe(shown[m]);
  // Every breakdown row of the JSON is in the CSV with the same number.
  for (const r of rows.filter((x) => x[0] === "month")) {
    const month = (doc.breakdowns.month as { key: string; figures: Record<string, number> }[]).find((b) => b.key === r[1])!;
    expect(Number(r[4])).toBe(month.figures[r[3]!]);
  }
}

test("the public statistics in Vietnamese: figures, charts with tables, axe clean, exports that match @nojs", async ({ page }, testInfo) => {
  const response = await page.goto("/statistics");
  expect(response?.status()).toBe(200);
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thống kê giải quyết thủ tục hành chính");
  await expect(page.getByRole("img", { name: "Kết quả giải quyết theo tháng" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Hồ sơ tiếp nhận và giải quyết theo tháng" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Số hồ sơ theo từng chỉ tiêu trong kỳ" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Các chỉ số theo Quyết định 766/QĐ-TTg" })).toBeVisible();
  // Every formula and reason is in words (the statistics core's locale keys resolved), never a raw key.
  await expect(page.getByRole("main")).not.toContainText(/formula\.|unmeasured\./);
  await expect(page.getByRole("table", { name: "Số dịch vụ công toàn trình, một phần và cung cấp thông tin theo cơ quan" })).toBeVisible();
  await expectAccessible(page, testInfo);
  await expectExportsMatch(page);
});

test("the public statistics in English, axe clean @nojs", async ({ page }, testInfo) => {
  await page.goto("/statistics");
  await page.getByRole("navigation", { name: "Ngôn ngữ" }).getByRole("link", { name: /English/ }).click();
  await expect(page).toHaveURL(/\/statistics/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Administrative procedure statistics");
  await expect(page.getByRole("img", { name: "Results by month" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Dossiers by measure in the period" })).toBeVisible();
  await expectAccessible(page, testInfo);
  await page.getByRole("navigation", { name: "Language" }).getByRole("link", { name: /Tiếng Việt/ }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");
});

test("filter by a department and a preset without JavaScript; the exports follow the filter @nojs", async ({ page }, testInfo) => {
  await page.goto("/statistics");
  const option = page.locator("#agency option", { hasText: "Sở Tư pháp" }).first();
  const agency = (await option.getAttribute("value"))!;
  const name = (await option.textContent())!.replace(/^[—\s]+/, "");
  await page.getByRole("combobox", { name: "Cơ quan, đơn vị" }).selectOption(agency);
  await page.getByRole("button", { name: "Xem số liệu" }).click();
  await expect(page).toHaveURL(new RegExp(`agency=${agency}`));
  await expect(page.getByText(`Phạm vi: ${name}`)).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Cơ quan, đơn vị" })).toHaveValue(agency);
  await expectAccessible(page, testInfo);
  await expectExportsMatch(page, { agency });

  // A preset keeps the department.
  await page.getByRole("navigation", { name: "Chọn nhanh kỳ thống kê" }).getByRole("link", { name: "Năm trước" }).click();
  await expect(page).toHaveURL(new RegExp(`from=\\d{4}-01-01&to=\\d{4}-12-31&agency=${agency}`));
  await expect(page.getByText(`Phạm vi: ${name}`)).toBeVisible();

  // A wrong date: the error summary names the box, the page still shows the figures (this year, the province).
  await page.getByRole("group", { name: "Từ ngày" }).getByLabel("Ngày", { exact: true }).fill("31");
  await page.getByRole("group", { name: "Từ ngày" }).getByLabel("Tháng", { exact: true }).fill("2");
  await page.getByRole("button", { name: "Xem số liệu" }).click();
  await expect(page.getByRole("alert").getByRole("link", { name: "Nhập ngày bắt đầu là một ngày có thật, ví dụ 1 1 2026" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Số hồ sơ theo từng chỉ tiêu trong kỳ" })).toBeVisible();
  await expectAccessible(page, testInfo);
});

/** A leader of the provincial committee (approver: read:statistics:agency), signed in, in a browser of their own. */
async function leader(browser: Browser, js: boolean): Promise<Page> {
  const email = `lanh.dao.${Date.now()}${Math.floor(Math.random() * 1000)}@hagiang.gov.vn`;
  const link = inviteFromConsole(email, "Hoàng Văn Lãnh", ["approver"]);
  const context = await browser.newContext({ locale: "vi-VN", timezoneId: "Asia/Ho_Chi_Minh", javaScriptEnabled: js });
  const page = await context.newPage();
  const password = "mây trắng bay qua cổng trời Quản Bạ";
  const secret = await acceptInvitation(page, link, password);
  await page.goto("/sign-in");
  await signInOfficial(page, email, password, secret);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tài khoản của tôi");
  await page.goto("/office/statistics");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thống kê của cơ quan");
  return page;
}

test("a leader reads the figures and downloads the Excel file with the same numbers @nojs", async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const js = testInfo.project.name === "js";
  const page = await leader(browser, js);
  if (js) await expectNoAxeViolations(page);
  // The sweep may bring the figures up to date between reading the page and downloading the file (other journeys file
  // dossiers meanwhile): then the page is read again and the file downloaded again.
  await expect(async () => {
    await page.reload();
    const received = count(await page.locator('[data-figure="received"]').textContent());
    const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Tải tệp Excel" }).click()]);
    expect(file.suggestedFilename()).toMatch(/^thong-ke-.*\.xlsx$/);
    const parts = await unzip(await readFile((await file.path())!));
    expect(parts.has("[Content_Types].xml")).toBe(true);
    expect(parts.get("xl/workbook.xml")!.toString()).toContain('<sheet name="Tổng hợp"');
    expect(parts.get("xl/worksheets/sheet1.xml")!.toString()).toMatch(new RegExp(`received</t></is></c><c r="C\\d+"><v>${received}</v>`));
  }).toPass({ timeout: 60_000 });
  await page.context().close();
});

test("a leader opens the list of dossiers behind a figure @nojs", async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const js = testInfo.project.name === "js";
  const page = await leader(browser, js);
  const received = count(await page.locator('[data-figure="received"]').textContent());
  await page.getByRole("table", { name: "Số hồ sơ theo từng chỉ tiêu trong kỳ" }).getByRole("row", { name: /Tiếp nhận trong kỳ/ }).getByRole("link").click();
  await expect(page).toHaveURL(/\/office\/statistics\/dossiers\?.*measure=received/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Tiếp nhận trong kỳ: \d+ hồ sơ$/);
  // The leader's agency is the provincial committee: the list holds that agency's dossiers, at most the figure.
  expect(count(await page.getByRole("heading", { level: 1 }).textContent())).toBeLessThanOrEqual(received);
  if (js) await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Quay lại thống kê" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thống kê của cơ quan");
  await page.context().close();
});

test("on a small phone the page does not scroll sideways; wide tables scroll inside their labelled region @phone", async ({ page }) => {
  await page.goto("/statistics");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const region = page.getByRole("region", { name: "Hồ sơ tiếp nhận và giải quyết theo tháng" });
  await expect(region).toHaveAttribute("tabindex", "0");
  const chart = page.getByRole("img", { name: "Kết quả giải quyết theo tháng" });
  const box = (await chart.boundingBox())!;
  expect(box.width).toBeLessThanOrEqual(page.viewportSize()!.width);
});
