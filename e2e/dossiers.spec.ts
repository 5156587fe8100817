import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test, type Page } from "@playwright/test";
import { submitDossier } from "../app/domain/dossiers/dossiers.server";
import { pdfText } from "../app/domain/dossiers/pdf-text.test-helper";
import { createDb } from "../app/platform/db.server";
import { createInstance } from "i18next";
import type { DossierServices } from "../app/domain/dossiers/dossiers.server";
import { dossierSubmittedMail, type MailLocale } from "../app/domain/mail/messages";
import { enqueueMail } from "../app/platform/mail-outbox.server";
import { newId } from "../app/platform/ids.server";
import { expectNoAxeViolations } from "./axe";
import { newCccd, registerConfirmedCitizen, signInWithPassword, unique } from "./citizens";
import { waitForMail } from "./mailbox";
import { BASE_URL } from "./playwright.config";

// A citizen's dossier from submission to withdrawal, seen by its owner and found by a stranger on the public tracking
// page. The filing pages are being built elsewhere: the dossier is submitted here through the submission use case,
// straight into the e2e server's database (as e2e/citizens.ts registers citizens), with two documents in the citizen's
// document wallet.

const root = fileURLToPath(new URL("..", import.meta.url));
const DATABASE_FILE = join(root, process.env.E2E_DATA_DIR ?? "data/e2e", "portal.db");

/**
 * The submission's e-mail as app/platform/dossier-services.server.ts writes it (that module reads the texts through
 * Vite's import.meta.glob, which Playwright's loader does not have): the same message function and texts.
 */
async function services(): Promise<DossierServices> {
  const locales = await Promise.all(
    (["vi", "en"] as const).map(async (lang): Promise<MailLocale> => {
      const i18n = createInstance();
      const mail = JSON.parse(await readFile(join(root, "locales", lang, "mail.json"), "utf8")) as Record<string, unknown>;
      await i18n.init({ lng: lang, ns: ["mail"], resources: { [lang]: { mail } }, interpolation: { escapeValue: false } });
      return { t: i18n.getFixedT(lang, "mail"), lang };
    }),
  );
  return {
    async sendSubmittedMail(trx, mail) {
      const content = dossierSubmittedMail([locales[0]!, locales[1]!], mail);
      await enqueueMail(trx, { to: mail.to, subject: content.subject, text: content.text, html: content.html });
    },
  };
}

async function submitBirthRegistration(email: string, applicant: { fullName: string; cccd: string; phone: string }): Promise<string> {
  const db = createDb({ engine: "sqlite", file: DATABASE_FILE });
  try {
    const user = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
    const version = await db
      .selectFrom("procedure_versions as v")
      .innerJoin("procedures as p", "p.id", "v.procedure_id")
      .select("v.id")
      .where("p.code", "=", "1.001193")
      .where("v.state", "=", "published")
      .orderBy("v.valid_from", "desc")
      .executeTakeFirstOrThrow();
    const agency = await db
      .selectFrom("procedure_offerings as o")
      .innerJoin("agencies as a", "a.id", "o.agency_id")
      .select("a.id")
      .where("o.version_id", "=", version.id)
      .orderBy("a.code")
      .executeTakeFirstOrThrow();
    const file = async (name: string, mediaType: string) => {
      const id = newId();
      await db
        .insertInto("files")
        .values({ id, sha256: "0".repeat(64), size_bytes: 2048, media_type: mediaType, original_name: name, owner_user_id: user.id, owner_organisation_id: null, source: "upload", signature_status: "not_checked", created_at: new Date().toISOString(), deleted_at: null })
        .execute();
      return id;
    };
    const result = await submitDossier(
      db,
      await services(),
      { baseUrl: BASE_URL },
      {
        actor: { kind: "citizen", userId: user.id, actingFor: null },
        procedureVersionId: version.id,
        agencyId: agency.id,
        caseCode: "co-giay-chung-sinh",
        applicant: { ...applicant, email, address: "Tổ 1, phường Nguyễn Trãi, thành phố Hà Giang" },
        answers: {
          hoTenTre: "Lò Văn An",
          gioiTinhTre: "nam",
          ngaySinhTre: "2026-11-20",
          noiSinh: "Bệnh viện Đa khoa tỉnh Hà Giang",
          danTocTre: "Dao",
          hoTenMe: applicant.fullName,
          soCccdMe: applicant.cccd,
          coThongTinCha: "no",
          hoTen: applicant.fullName,
          soCccd: applicant.cccd,
          soDienThoai: applicant.phone,
          noiCuTru: { province: "02", district: "024", commune: "00688", street: "Tổ 1" },
          quanHe: "me",
        },
        documents: [
          { documentIndex: 0, fileIds: [await file("to-khai-khai-sinh.pdf", "application/pdf")] },
          { documentIndex: 1, fileIds: [await file("giay-chung-sinh.jpg", "image/jpeg")] },
          { documentIndex: 4, fileIds: [await file("cccd-me.png", "image/png")] },
        ],
        idempotencyKey: newId(),
      },
    );
    if (!result.ok) throw new Error(`not submitted: ${JSON.stringify(result.errors)}`);
    return result.code;
  } finally {
    await db.destroy();
  }
}

async function lookUp(page: Page, code: string, factor: string) {
  await page.getByLabel("Mã hồ sơ").fill(code);
  await page.getByLabel("4 chữ số cuối của CCCD hoặc số điện thoại người nộp").fill(factor);
  await page.getByRole("button", { name: "Tra cứu" }).click();
}

test("nộp hồ sơ → Hồ sơ của tôi → tải giấy xác nhận PDF → người lạ tra cứu bằng mã và 4 số cuối CCCD → rút hồ sơ → tra cứu thấy đã rút @nojs", async ({ page, browser }, testInfo) => {
  test.setTimeout(90_000);
  const js = testInfo.project.name === "js";
  const id = unique();
  const citizen = { fullName: "Lò Thị Mai", cccd: newCccd(), birthDate: "1990-06-12", email: `ho.so.${id}@example.vn`, password: "nương chè cổ thụ trên đỉnh Tây Côn Lĩnh" };
  await registerConfirmedCitizen(citizen);
  const code = await submitBirthRegistration(citizen.email, { fullName: citizen.fullName, cccd: citizen.cccd, phone: "0912345678" });
  expect(code).toMatch(/^\d{3}\.\d{2}\.\d{2}\.H22-\d{6}-\d{4}$/);

  // The e-mail of the submission, at the confirmed address.
  const mail = await waitForMail(citizen.email, /Đã nộp hồ sơ/);
  expect(mail.text).toContain(code);

  // "Hồ sơ của tôi", from the account page; the status filter (a GET form).
  await signInWithPassword(page, citizen.email, citizen.password);
  await page.getByRole("link", { name: "Hồ sơ của tôi" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hồ sơ của tôi");
  await expect(page.getByRole("row").filter({ hasText: code })).toContainText("Đăng ký khai sinh");
  await expect(page.getByRole("row").filter({ hasText: code })).toContainText("Mới đăng ký");
  if (js) await expectNoAxeViolations(page);
  await page.getByLabel("Lọc theo trạng thái").selectOption({ label: "Công dân yêu cầu rút hồ sơ" });
  await page.getByRole("button", { name: "Lọc" }).click();
  await expect(page).toHaveURL(/status=7/);
  await expect(page.getByText("Không có hồ sơ nào ở trạng thái này.")).toBeVisible();
  await page.getByLabel("Lọc theo trạng thái").selectOption({ label: "Mới đăng ký" });
  await page.getByRole("button", { name: "Lọc" }).click();
  await page.getByRole("link", { name: code, exact: true }).click();

  // The dossier: its summary, documents and history.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Hồ sơ ${code}`);
  await expect(page.getByText("Giấy chứng sinh do cơ sở khám bệnh, chữa bệnh cấp")).toBeVisible();
  await expect(page.getByText("giay-chung-sinh.jpg")).toBeVisible();
  await expect(page.getByRole("table")).toContainText("Nộp hồ sơ trực tuyến");
  if (js) await expectNoAxeViolations(page);

  // The confirmation PDF: Vietnamese text in the embedded font, the dossier's code and the tracking link.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Tải giấy xác nhận nộp hồ sơ (PDF)" }).click()]);
  expect(download.suggestedFilename()).toBe(`xac-nhan-${code}.pdf`);
  const pdf = await readFile((await download.path())!);
  const text = pdfText(pdf).replace(/\s+/g, " ");
  expect(text).toContain("GIẤY XÁC NHẬN NỘP HỒ SƠ TRỰC TUYẾN");
  expect(text).toContain(`Mã hồ sơ: ${code}`);
  expect(text).toContain("Lò Thị Mai");
  expect(text).toContain(`${BASE_URL}/dossiers/track?code=${code}`);

  // A stranger, in another browser, finds it with the code and the last 4 digits of the CCCD; a wrong factor and an
  // unknown code get the same answer.
  const strangerContext = await browser.newContext({ baseURL: BASE_URL, locale: "vi-VN", javaScriptEnabled: js || testInfo.project.name !== "no-js" });
  const stranger = await strangerContext.newPage();
  await stranger.goto(`/dossiers/track?code=${encodeURIComponent(code)}`);
  await expect(stranger.getByRole("heading", { level: 1 })).toHaveText("Tra cứu hồ sơ");
  await expect(stranger.getByLabel("Mã hồ sơ")).toHaveValue(code);
  if (js) await expectNoAxeViolations(stranger);
  const notFound = "Không tìm thấy hồ sơ với mã và 4 chữ số đã nhập";
  await lookUp(stranger, code, citizen.cccd.slice(-4) === "0000" ? "1111" : "0000");
  await expect(stranger.getByRole("alert")).toContainText(notFound);
  const wrongFactor = await stranger.getByRole("alert").innerText();
  await lookUp(stranger, `${code.slice(0, -4)}${code.endsWith("9999") ? "9998" : "9999"}`, citizen.cccd.slice(-4));
  await expect(stranger.getByRole("alert")).toContainText(notFound);
  expect(await stranger.getByRole("alert").innerText()).toBe(wrongFactor);
  if (js) await expectNoAxeViolations(stranger);
  await lookUp(stranger, code, citizen.cccd.slice(-4));
  await expect(stranger.getByRole("heading", { level: 1 })).toHaveText(`Hồ sơ ${code}`);
  await expect(stranger.getByRole("table")).toContainText("Mới đăng ký");
  await expect(stranger.getByText(citizen.cccd)).toHaveCount(0);
  if (js) await expectNoAxeViolations(stranger);

  // The citizen withdraws it.
  await page.getByRole("button", { name: "Rút hồ sơ" }).click();
  await expect(page.getByText("Đã rút hồ sơ. Hồ sơ sẽ không được xử lý tiếp.")).toBeVisible();
  await expect(page.getByRole("table")).toContainText("Người nộp rút hồ sơ");
  await expect(page.getByRole("button", { name: "Rút hồ sơ" })).toHaveCount(0);

  // The public timeline shows both statuses (the phone's last 4 digits work too).
  await stranger.goto("/dossiers/track");
  await lookUp(stranger, code, "5678");
  const timeline = stranger.getByRole("table");
  await expect(timeline).toContainText("Mới đăng ký");
  await expect(timeline).toContainText("Công dân yêu cầu rút hồ sơ");
  await expect(timeline).toContainText("Người nộp hồ sơ");
  await strangerContext.close();
});
