import { expect, test, type Browser, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { DEFAULT_PETITION_SETTINGS } from "../app/domain/petitions/petitions";
import { submitSchema } from "../app/domain/petitions/petitions.schema";
import { submitPetition } from "../app/domain/petitions/petitions.server";
import { POLICIES } from "../app/platform/rate-limit.server";
import { createDb } from "../app/platform/db.server";
import { expectNoAxeViolations } from "./axe";
import { unique } from "./citizens";
import { DATABASE_FILE, agencyNamed } from "./dossier-journey";
import { waitForMail } from "./mailbox";
import { acceptInvitation, inviteFromConsole, signInOfficial } from "./officials";
import { BASE_URL } from "./playwright.config";

// Petitions in the back office (issue 8), as the officials live them: a citizen's phản ánh about the birth
// registration arrives (sent through the domain's submitPetition against the e2e database); the provincial office's
// routing officer forwards it to Sở Tư pháp (suggested, as the agency concerned); the department's handler drafts an
// answer; the leader returns it once with a note; the handler drafts again; the leader approves and the citizen
// receives the answer by e-mail through the real SMTP server. Then an item runs late: its answer due date is moved back
// and the background sweep (npm run jobs -- --once, the production build) escalates it to the department's leader.
// With and without JavaScript.

const root = fileURLToPath(new URL("..", import.meta.url));
const DATA_DIR = process.env.E2E_DATA_DIR ?? "data/e2e";
const CONTROL_UNIT = "000.00.01.H22";
const JUSTICE = "000.00.03.H22";
const h1 = (page: Page) => page.getByRole("heading", { level: 1 });

async function withDb<T>(work: (db: ReturnType<typeof createDb>) => Promise<T>): Promise<T> {
  const db = createDb({ engine: "sqlite", file: DATABASE_FILE });
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

/** A phản ánh sent from the public form's fields, as submitPetition receives them. Its code. */
async function petitionFromCitizen(input: { title: string; email: string; agencyId: string }): Promise<string> {
  return withDb(async (db) => {
    const sent = await submitPetition(db, { notify: async () => {} }, DEFAULT_PETITION_SETTINGS, {
      sender: { userId: null, organisationId: null },
      petition: submitSchema.parse({
        kind: "regulation",
        title: input.title,
        content: "Khi đăng ký khai sinh cho con ở xã, tôi phải nộp thêm bản sao giấy chứng sinh dù đã nộp bản chính. Liên hệ tôi qua số 0912 345 678.",
        procedureCode: "1.001193",
        agencyId: input.agencyId,
        contactName: "Lò Thị Mai",
        contactAddress: "Thôn Nà Thác, xã Phương Thiện, thành phố Hà Giang",
        contactPhone: "0912345678",
        contactEmail: input.email,
        publishConsent: "on",
      }),
      fileIds: [],
      ip: "203.0.113.80",
      policy: { ...POLICIES.publicFormIp, free: 1000 },
    });
    if (!sent.ok) throw new Error(JSON.stringify(sent));
    return sent.code;
  });
}

/** Days passed: the item's answer was due an hour ago. */
function answerDueAnHourAgo(code: string): Promise<void> {
  return withDb(async (db) => {
    await db
      .updateTable("petitions")
      .set({ answer_due_at: new Date(Date.now() - 3_600_000).toISOString() })
      .where("code", "=", code)
      .execute();
  });
}

/** One round of the background worker (the sweep, then the mail outbox), as the operators run it. */
function runSweepOnce(): string {
  const smtpPort = Number(process.env.E2E_SMTP_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 25);
  return execFileSync("npx", ["tsx", "db/jobs-cli.ts", "--once"], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: `${DATA_DIR}/portal.db`,
      DATA_DIR,
      PUBLIC_URL: BASE_URL,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      SIGNING_KEYS_DIR: `${DATA_DIR}-signing`,
      LOG_LEVEL: "warn",
      NODE_ENV: "production",
    },
    encoding: "utf8",
  });
}

/** An official invited at an agency with a role, enrolled and signed in, in a browser of their own. */
async function official(browser: Browser, js: boolean, agencyCode: string, role: string, name: string): Promise<{ page: Page; email: string }> {
  const email = `${role}.${unique()}@hagiang.gov.vn`;
  const link = inviteFromConsole(email, name, [role], agencyCode);
  const context = await browser.newContext({ locale: "vi-VN", timezoneId: "Asia/Ho_Chi_Minh", javaScriptEnabled: js });
  const page = await context.newPage();
  const password = "mây trắng bay qua cổng trời Quản Bạ";
  const secret = await acceptInvitation(page, link, password);
  await page.goto("/sign-in");
  await signInOfficial(page, email, password, secret);
  await expect(h1(page)).toHaveText("Tài khoản của tôi");
  return { page, email };
}

/** From the queue to the item's page. */
async function openFromQueue(page: Page, code: string, title: string, js: boolean) {
  await page.goto("/office/petitions");
  await expect(h1(page)).toHaveText("Phản ánh, kiến nghị cần xử lý");
  if (js) await expectNoAxeViolations(page);
  await page.getByRole("link", { name: code, exact: true }).click();
  await expect(h1(page)).toHaveText(title);
  if (js) await expectNoAxeViolations(page);
}

test("văn phòng chuyển xử lý, sở soạn trả lời, lãnh đạo trả lại rồi duyệt, công dân nhận thư; quá hạn thì báo lãnh đạo @nojs", async ({
  browser,
}, testInfo) => {
  test.setTimeout(240_000);
  const js = testInfo.project.name === "js";
  const justice = await agencyNamed("Sở Tư pháp");
  expect(justice.code).toBe(JUSTICE);
  const citizenEmail = `phan.anh.${unique()}@example.vn`;
  const title = `Giấy tờ trùng lặp khi đăng ký khai sinh ${unique()}`;
  const code = await petitionFromCitizen({ title, email: citizenEmail, agencyId: justice.id });

  const router = await official(browser, js, CONTROL_UNIT, "petition_handler", "Đỗ Văn Điều");
  const handler = await official(browser, js, JUSTICE, "petition_handler", "Vàng Thị Soạn");
  const leader = await official(browser, js, JUSTICE, "approver", "Sùng Mí Duyệt");

  // The routing officer: from the account page to the queue, where the new item waits with its forwarding due date.
  await router.page.getByRole("link", { name: "Phản ánh, kiến nghị cần xử lý" }).click();
  await expect(h1(router.page)).toHaveText("Phản ánh, kiến nghị cần xử lý");
  await expect(router.page.getByRole("row").filter({ hasText: code })).toContainText("Mới tiếp nhận");
  await openFromQueue(router.page, code, title, js);
  // Officials see the contact details in full.
  await expect(router.page.getByText("0912345678", { exact: true })).toBeVisible();
  await expect(router.page.getByText(citizenEmail, { exact: true })).toBeVisible();
  // No agency chosen: refused with the error summary.
  await router.page.getByRole("button", { name: "Chuyển xử lý" }).click();
  await expect(router.page.getByRole("alert")).toContainText("Chọn cơ quan xử lý trong danh sách");
  if (js) await expectNoAxeViolations(router.page);
  const target = router.page.getByLabel("Cơ quan xử lý", { exact: true });
  await expect(target.locator("option").nth(1)).toHaveText(`Sở Tư pháp (${JUSTICE}) — gợi ý`);
  await target.selectOption({ label: `Sở Tư pháp (${JUSTICE}) — gợi ý` });
  await router.page.getByLabel("Lĩnh vực").fill("Hộ tịch");
  await router.page.getByLabel("Ghi chú cho cơ quan xử lý").fill("Đề nghị Sở Tư pháp trả lời công dân.");
  await router.page.getByRole("button", { name: "Chuyển xử lý" }).click();
  await expect(router.page.getByText("Đã chuyển phản ánh, kiến nghị đến cơ quan xử lý.")).toBeVisible();
  await expect(router.page.getByText("Đang xử lý", { exact: true })).toBeVisible();

  // The department's handler drafts the answer.
  await openFromQueue(handler.page, code, title, js);
  await expect(handler.page.getByText("Đề nghị Sở Tư pháp trả lời công dân.")).toBeVisible();
  await handler.page.getByLabel("Nội dung trả lời").fill("Sở Tư pháp đã đề nghị Ủy ban nhân dân xã không yêu cầu bản sao giấy chứng sinh.");
  await handler.page.getByRole("button", { name: "Gửi lãnh đạo duyệt" }).click();
  await expect(handler.page.getByText("Đã gửi dự thảo trả lời cho lãnh đạo duyệt.")).toBeVisible();

  // The leader returns it once, with a note (a note is required).
  await leader.page.goto("/office/petitions");
  await expect(leader.page.getByRole("row").filter({ hasText: code })).toContainText("Chờ lãnh đạo duyệt");
  await openFromQueue(leader.page, code, title, js);
  await leader.page.getByRole("button", { name: "Trả lại cho người soạn" }).click();
  await expect(leader.page.getByRole("alert")).toContainText("Nhập lý do từ 5 đến 2.000 ký tự");
  await leader.page.getByLabel("Ý kiến của lãnh đạo").fill("Nêu căn cứ: Luật Hộ tịch 2014.");
  await leader.page.getByRole("button", { name: "Trả lại cho người soạn" }).click();
  await expect(leader.page.getByText("Đã trả lại dự thảo cho người soạn.")).toBeVisible();

  // The handler sees the note, and drafts again from the returned text.
  await openFromQueue(handler.page, code, title, js);
  await expect(handler.page.getByText("Ý kiến của lãnh đạo: Nêu căn cứ: Luật Hộ tịch 2014.")).toBeVisible();
  const answer = "Theo Luật Hộ tịch 2014, giấy chứng sinh chỉ cần bản chính. Sở Tư pháp đã đề nghị Ủy ban nhân dân xã không yêu cầu bản sao.";
  await handler.page.getByLabel("Nội dung trả lời").fill(answer);
  await handler.page.getByRole("button", { name: "Gửi lãnh đạo duyệt" }).click();
  await expect(handler.page.getByText("Đã gửi dự thảo trả lời cho lãnh đạo duyệt.")).toBeVisible();

  // The leader approves: the answer goes to the citizen.
  await openFromQueue(leader.page, code, title, js);
  await expect(leader.page.getByText(answer).first()).toBeVisible();
  await leader.page.getByRole("button", { name: "Duyệt và gửi trả lời" }).click();
  await expect(leader.page.getByText("Đã duyệt và gửi trả lời cho người gửi.")).toBeVisible();
  await expect(leader.page.getByText("Đã trả lời", { exact: true })).toBeVisible();
  const mail = await waitForMail(citizenEmail, new RegExp(`Phản ánh, kiến nghị ${code} đã được trả lời`), 30_000);
  expect(mail.text).toContain("Luật Hộ tịch 2014");

  // An item runs late: forwarded, then its answer due date passes; the sweep escalates it to the leader.
  const lateTitle = `Chậm trả lời phản ánh ${unique()}`;
  const late = await petitionFromCitizen({ title: lateTitle, email: `cham.${unique()}@example.vn`, agencyId: justice.id });
  await openFromQueue(router.page, late, lateTitle, false);
  await router.page.getByLabel("Cơ quan xử lý", { exact: true }).selectOption({ label: `Sở Tư pháp (${JUSTICE}) — gợi ý` });
  await router.page.getByRole("button", { name: "Chuyển xử lý" }).click();
  await expect(router.page.getByText("Đã chuyển phản ánh, kiến nghị đến cơ quan xử lý.")).toBeVisible();
  await answerDueAnHourAgo(late);
  await leader.page.goto("/office/petitions");
  await expect(leader.page.getByRole("row").filter({ hasText: late })).toContainText("Quá hạn");
  runSweepOnce();
  const escalation = await waitForMail(leader.email, new RegExp(`Quá hạn: phản ánh, kiến nghị ${late}`), 30_000);
  expect(escalation.text).toContain(`/office/petitions/${late}`);
  await openFromQueue(leader.page, late, lateTitle, js);
  await expect(leader.page.getByRole("cell", { name: "Báo quá hạn" })).toBeVisible();
});

test("văn phòng thêm và xóa quy tắc gợi ý cơ quan xử lý; cán bộ của sở không xem được @nojs", async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const js = testInfo.project.name === "js";
  const router = await official(browser, js, CONTROL_UNIT, "petition_handler", "Đỗ Thị Quy");
  const handler = await official(browser, js, JUSTICE, "petition_handler", "Vàng Văn Sở");
  const field = `Hộ tịch ${unique()}`;

  await router.page.goto("/office/petitions");
  await router.page.getByRole("link", { name: "Quy tắc gợi ý cơ quan xử lý" }).click();
  await expect(h1(router.page)).toHaveText("Quy tắc gợi ý cơ quan xử lý");
  if (js) await expectNoAxeViolations(router.page);
  // No criterion: refused with the error summary.
  await router.page.getByLabel("Cơ quan xử lý", { exact: true }).selectOption({ label: `Sở Tư pháp (${JUSTICE})` });
  await router.page.getByRole("button", { name: "Thêm quy tắc" }).click();
  await expect(router.page.getByRole("alert")).toContainText("Đặt ít nhất một tiêu chí");
  if (js) await expectNoAxeViolations(router.page);
  await router.page.getByLabel("Mã thủ tục hành chính").fill("1.001193");
  await router.page.getByLabel("Lĩnh vực").fill(field);
  await router.page.getByLabel("Cơ quan xử lý", { exact: true }).selectOption({ label: `Sở Tư pháp (${JUSTICE})` });
  await router.page.getByRole("button", { name: "Thêm quy tắc" }).click();
  await expect(router.page.getByText("Đã thêm quy tắc.")).toBeVisible();
  const row = router.page.getByRole("row").filter({ hasText: field });
  await expect(row).toContainText("Sở Tư pháp");
  await row.getByRole("button", { name: /^Xóa quy tắc/ }).click();
  await expect(router.page.getByText("Đã xóa quy tắc.")).toBeVisible();
  await expect(router.page.getByRole("row").filter({ hasText: field })).toHaveCount(0);

  // The department's handler has no link to the rules, and the page refuses them.
  await handler.page.goto("/office/petitions");
  await expect(handler.page.getByRole("link", { name: "Quy tắc gợi ý cơ quan xử lý" })).toHaveCount(0);
  const refused = await handler.page.goto("/office/petitions/rules");
  expect(refused?.status()).toBe(403);
});
