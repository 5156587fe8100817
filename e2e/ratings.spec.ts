import { randomInt, randomUUID } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { linkExpiry } from "../app/domain/ratings/ratings";
import { ratingLinkToken } from "../app/domain/ratings/rating-link.server";
import { createDb } from "../app/platform/db.server";
import { ratingLinkKeys } from "../app/platform/rating-settings.server";
import { loadServerSecrets, sealingKeys } from "../app/platform/server-secret.server";
import { expectNoAxeViolations } from "./axe";
import { newCccd, registerConfirmedCitizen, signInWithPassword, unique } from "./citizens";
import { agencyNamed, DATABASE_FILE } from "./dossier-journey";
import { acceptInvitation, inviteFromConsole, signInOfficial } from "./officials";

// Ratings (issue 10, item 1), as the applicant lives them: a citizen whose dossier's result was returned rates it
// "Không hài lòng" on the portal (the reason is required: first forgotten, then given) and sees the rating and the
// feedback case it opened on the dossier's page; the link of the result-returned notice rates without signing in (a
// forged one is refused); at the counter, the receiving officer opens the kiosk on the tablet and
// the applicant rates with one large button, then the officer goes back to the dossier. With and without JavaScript.
//
// The way to status 10 through the back office is the back-office journey's (back-office.spec.ts, five minutes); here
// the returned dossier is written into the e2e server's database, so that this journey stays short.

const COMMUNE = "Ủy ban nhân dân phường Quang Trung";
const h1 = (page: Page) => page.getByRole("heading", { level: 1 });

/** The rating link the result-returned notice carries, made with the e2e server's own secret (DATA_DIR). */
async function ratingLinkOf(code: string): Promise<string> {
  const db = createDb({ engine: "sqlite", file: DATABASE_FILE });
  try {
    const { id } = await db.selectFrom("dossiers").select("id").where("code", "=", code).executeTakeFirstOrThrow();
    const secrets = await loadServerSecrets({ DATA_DIR: process.env.E2E_DATA_DIR ?? "data/e2e", SESSION_SECRET: undefined, SESSION_SECRET_PREVIOUS: [] }, { create: false });
    return `/rate/${ratingLinkToken(ratingLinkKeys(sealingKeys(secrets)).sign, id, linkExpiry(new Date(), { linkDays: 30 }))}`;
  } finally {
    await db.destroy();
  }
}

/** A "Đăng ký khai sinh" dossier of the commune whose result was returned at the counter (status 10). */
async function returnedDossier(agency: { id: string; code: string }, owner: { email: string } | null, applicant: string): Promise<string> {
  const db = createDb({ engine: "sqlite", file: DATABASE_FILE });
  try {
    const ownerId = owner
      ? (await db.selectFrom("users").select("id").where("email", "=", owner.email).executeTakeFirstOrThrow()).id
      : (await db.selectFrom("users").select("id").where("kind", "=", "official").executeTakeFirstOrThrow()).id;
    const version = await db
      .selectFrom("procedure_versions as v")
      .innerJoin("procedures as p", "p.id", "v.procedure_id")
      .select(["v.id", "v.procedure_id", "p.code"])
      .where("p.code", "=", "1.001193")
      .orderBy("v.id", "desc")
      .executeTakeFirstOrThrow();
    const id = randomUUID();
    const code = `${agency.code}-261125-${String(randomInt(5000, 10000)).padStart(4, "0")}`;
    const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
    await db
      .insertInto("dossiers")
      .values({
        id,
        code,
        agency_id: agency.id,
        procedure_id: version.procedure_id,
        procedure_code: version.code,
        procedure_version_id: version.id,
        owner_user_id: ownerId,
        owner_organisation_id: null,
        applicant: JSON.stringify({ fullName: applicant, cccd: "002190012345", phone: null, email: null, address: "Hà Giang" }),
        answers: "{}",
        channel: owner ? "online" : "in_person",
        status: 10,
        received_at: day(5),
        accepted_at: day(5),
        acceptance_due_at: null,
        due_at: day(1),
        result_ready_at: day(2),
        returned_at: day(0),
        return_channel: "counter",
        version: 6,
        idempotency_key: id,
        created_at: day(5),
        updated_at: day(0),
        current_agency_id: agency.id,
        waiting_for: null,
        assignee_id: null,
        step_due_at: null,
        paused_at: null,
        supplement_count: 0,
        applicant_search: applicant.toLowerCase(),
      })
      .execute();
    return code;
  } finally {
    await db.destroy();
  }
}

/** The commune's receiving officer: invited, enrolled and signed in, in a browser of their own. */
async function receivingOfficer(browser: Browser, js: boolean, agencyCode: string): Promise<Page> {
  const email = `mot.cua.${unique()}@quangtrung.hagiang.gov.vn`;
  const link = inviteFromConsole(email, "Hoàng Văn Tiếp", ["receiving_officer"], agencyCode);
  const context = await browser.newContext({ locale: "vi-VN", timezoneId: "Asia/Ho_Chi_Minh", javaScriptEnabled: js });
  const page = await context.newPage();
  const password = "mây trắng bay qua cổng trời Quản Bạ";
  const secret = await acceptInvitation(page, link, password);
  await page.goto("/sign-in");
  await signInOfficial(page, email, password, secret);
  await expect(h1(page)).toHaveText("Tài khoản của tôi");
  return page;
}

test("công dân đánh giá «Không hài lòng» có lý do và thấy phản ánh được mở; người nộp đánh giá trên máy tính bảng tại quầy @nojs", async ({ page, browser }, testInfo) => {
  test.setTimeout(90_000);
  const js = testInfo.project.name === "js";
  const commune = await agencyNamed(COMMUNE);
  const citizen = { fullName: "Vàng Thị Dở", cccd: newCccd(), birthDate: "1991-03-08", email: `danh.gia.${unique()}@example.vn`, password: "hoa tam giác mạch nở trên đồi" };
  await registerConfirmedCitizen(citizen);
  const code = await returnedDossier(commune, citizen, citizen.fullName);
  await signInWithPassword(page, citizen.email, citizen.password);

  // The dossier's page invites to rate.
  await page.goto(`/my/dossiers/${encodeURIComponent(code)}`);
  await expect(page.getByText("Kết quả đã được trả. Mời ông/bà đánh giá mức độ hài lòng")).toBeVisible();
  await page.getByRole("button", { name: "Đánh giá mức độ hài lòng" }).click();
  await expect(h1(page)).toHaveText("Đánh giá mức độ hài lòng");
  const levels = page.getByRole("group", { name: "Ông/bà đánh giá thế nào về việc giải quyết hồ sơ này?" });
  await expect(levels).toBeVisible();
  if (js) {
    // With JavaScript the reason appears only once "Không hài lòng" is chosen.
    await expect(page.getByLabel("Lý do không hài lòng")).toHaveCount(0);
    await expectNoAxeViolations(page);
  } else {
    await expect(page.getByLabel("Lý do không hài lòng")).toBeVisible();
  }

  // "Không hài lòng" without a reason: the error summary and the field's own message.
  await levels.getByLabel("Không hài lòng", { exact: true }).check();
  await page.getByRole("button", { name: "Gửi đánh giá" }).click();
  const summary = page.locator(".govuk-error-summary");
  await expect(summary).toContainText("Nhập lý do không hài lòng");
  await expect(page.locator("#reason-error")).toContainText("Nhập lý do không hài lòng");
  if (js) await expectNoAxeViolations(page);
  await summary.getByRole("link", { name: "Nhập lý do không hài lòng" }).click();
  await page.getByLabel("Lý do không hài lòng").fill("Tôi phải đến Bộ phận Một cửa ba lần mới nhận được kết quả.");
  await page.getByRole("group", { name: "Thái độ phục vụ của cán bộ, công chức" }).getByLabel("Hài lòng", { exact: true }).check();
  await page.getByRole("button", { name: "Gửi đánh giá" }).click();

  // Recorded: the rating, and the feedback case's code.
  await expect(page.getByText(`Cảm ơn ông/bà đã đánh giá việc giải quyết hồ sơ ${code}.`)).toBeVisible();
  const caseText = (await page.getByText(/thành phản ánh mã PAKN-\d{6}-\d{4,6}/).textContent()) ?? "";
  const caseCode = /PAKN-\d{6}-\d{4,6}/.exec(caseText)?.[0] ?? "";
  expect(caseCode).not.toBe("");
  await expect(page.locator(".govuk-summary-list")).toContainText("Không hài lòng");
  await expect(page.locator(".govuk-summary-list")).toContainText(caseCode);
  if (js) await expectNoAxeViolations(page);
  await page.getByRole("link", { name: `Trở lại hồ sơ ${code}` }).first().click();
  await expect(page.getByText(`Ông/bà đã đánh giá: Không hài lòng. Phản ánh đã mở: ${caseCode}.`)).toBeVisible();

  // By the link in the notice, without signing in: the code and the procedure only, then the thanks.
  const byLink = await returnedDossier(commune, citizen, citizen.fullName);
  const anonymous = await browser.newContext({ locale: "vi-VN", timezoneId: "Asia/Ho_Chi_Minh", javaScriptEnabled: js });
  const visitor = await anonymous.newPage();
  await visitor.goto(await ratingLinkOf(byLink));
  await expect(h1(visitor)).toHaveText("Đánh giá mức độ hài lòng");
  await expect(visitor.getByText(`Hồ sơ ${byLink}`)).toBeVisible();
  await expect(visitor.locator("main")).not.toContainText(citizen.fullName);
  if (js) await expectNoAxeViolations(visitor);
  await visitor.getByRole("group", { name: "Ông/bà đánh giá thế nào về việc giải quyết hồ sơ này?" }).getByLabel("Hài lòng", { exact: true }).check();
  await visitor.getByRole("button", { name: "Gửi đánh giá" }).click();
  await expect(visitor.getByText(`Cảm ơn ông/bà đã đánh giá việc giải quyết hồ sơ ${byLink}.`)).toBeVisible();
  await visitor.goto("/rate/AAAAAAAAAAAAAAAAAAAAAA.0.AAAAAAAAAAAAAAAAAAAAAA");
  await expect(h1(visitor)).toHaveText("Đường dẫn đánh giá không hợp lệ");
  await anonymous.close();

  // At the counter: the officer opens the kiosk; the applicant rates with one button; the officer goes back.
  const officer = await receivingOfficer(browser, js, commune.code);
  const walkIn = await returnedDossier(commune, null, "Sùng Mí Páo");
  await officer.goto(`/office/dossiers/${encodeURIComponent(walkIn)}`);
  await officer.getByRole("button", { name: "Mời người nộp hồ sơ đánh giá (máy tính bảng tại quầy)" }).click();
  await expect(h1(officer)).toHaveText("Đánh giá mức độ hài lòng");
  await expect(officer.getByText(`Hồ sơ ${walkIn}`)).toBeVisible();
  await expect(officer.locator("main")).not.toContainText("Sùng Mí Páo");
  await expect(officer.locator("header")).toHaveCount(0);
  if (js) await expectNoAxeViolations(officer);
  await officer.getByRole("button", { name: "Rất hài lòng" }).click();
  await expect(officer.getByRole("heading", { level: 1 })).toHaveText("Cảm ơn ông/bà đã đánh giá!");
  if (js) await expectNoAxeViolations(officer);
  await officer.getByRole("link", { name: "Cán bộ: trở lại hồ sơ" }).click();
  await expect(h1(officer)).toHaveText(`Hồ sơ ${walkIn}`);
  await officer.context().close();
});
