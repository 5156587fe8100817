import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, type Page } from "@playwright/test";
import { createDb } from "../app/platform/db.server";

// Helpers of the back-office journeys: a citizen files "Đăng ký khai sinh" through the filing pages (the filing journey
// itself checks every error on the way; here it is the shortest path), and the clock is moved in the e2e server's
// database where a journey needs days to pass (a supplementation answered two working days later, a dossier overdue).

const root = fileURLToPath(new URL("..", import.meta.url));
export const DATABASE_FILE = join(root, process.env.E2E_DATA_DIR ?? "data/e2e", "portal.db");

async function withDb<T>(work: (db: ReturnType<typeof createDb>) => Promise<T>): Promise<T> {
  const db = createDb({ engine: "sqlite", file: DATABASE_FILE });
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

/** The id and code of an agency by its name (as the seed names it). */
export function agencyNamed(name: string): Promise<{ id: string; code: string }> {
  return withDb((db) =>
    db
      .selectFrom("agencies as a")
      .innerJoin("agency_versions as v", "v.agency_id", "a.id")
      .select(["a.id", "a.code"])
      .where("v.name", "=", name)
      .where("v.valid_to", "is", null)
      .executeTakeFirstOrThrow(),
  );
}

/** Files in the citizen's document wallet, as if uploaded earlier. */
export function walletFiles(email: string, names: string[]): Promise<void> {
  return withDb(async (db) => {
    const user = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
    for (const [i, name] of names.entries()) {
      await db
        .insertInto("files")
        .values({ id: randomUUID(), sha256: `${"1".repeat(63)}${i}`, size_bytes: 90_000 + i, media_type: "application/pdf", original_name: name, owner_user_id: user.id, owner_organisation_id: null, source: "upload", signature_status: "not_checked", created_at: new Date(Date.now() - 86_400_000).toISOString(), deleted_at: null })
        .execute();
    }
  });
}

/**
 * The citizen took longer than the journey: the open supplementation request (and the clock's pause) moved back to
 * `requestedAt`, as if asked then.
 */
export function backdateSupplementation(code: string, requestedAt: Date): Promise<void> {
  return withDb(async (db) => {
    const d = await db.selectFrom("dossiers").select("id").where("code", "=", code).executeTakeFirstOrThrow();
    await db.updateTable("dossiers").set({ paused_at: requestedAt.toISOString() }).where("id", "=", d.id).execute();
    await db.updateTable("dossier_supplements").set({ requested_at: requestedAt.toISOString() }).where("dossier_id", "=", d.id).where("closed", "is", null).execute();
  });
}

/** Days passed: the dossier's due date (and its open step's) lie before now. */
export function makeOverdue(code: string, dueAt: Date): Promise<void> {
  return withDb(async (db) => {
    const d = await db.selectFrom("dossiers").select(["id", "step_id"]).where("code", "=", code).executeTakeFirstOrThrow();
    await db.updateTable("dossiers").set({ due_at: dueAt.toISOString(), step_due_at: dueAt.toISOString() }).where("id", "=", d.id).execute();
    if (d.step_id) await db.updateTable("dossier_steps").set({ due_at: dueAt.toISOString() }).where("id", "=", d.step_id).execute();
  });
}

/** What the portal signed for a dossier (result_signatures), with the signed file's bytes from the blob store. */
export function resultSignatureOf(code: string) {
  return withDb(async (db) => {
    const row = await db
      .selectFrom("result_signatures as r")
      .innerJoin("dossiers as d", "d.id", "r.dossier_id")
      .selectAll("r")
      .where("d.code", "=", code)
      .executeTakeFirstOrThrow();
    const bytes = await readFile(join(root, process.env.E2E_DATA_DIR ?? "data/e2e", "files", row.sha256.slice(0, 2), row.sha256.slice(2, 4), row.sha256));
    return { ...row, bytes };
  });
}

export function dossierRow(code: string) {
  return withDb((db) => db.selectFrom("dossiers").selectAll().where("code", "=", code).executeTakeFirstOrThrow());
}

const h1 = (page: Page) => page.getByRole("heading", { level: 1 });

/**
 * File "Đăng ký khai sinh" at a commune with the wallet's files (to-khai, giay-chung-sinh, cccd must be in the wallet),
 * from a signed-in citizen's page. Returns the dossier's code.
 */
export async function fileBirthRegistration(page: Page, input: { commune: string; cccd: string; fullName: string }): Promise<string> {
  await page.goto("/procedures/1.001193");
  await page.getByRole("button", { name: "Bắt đầu nộp hồ sơ" }).or(page.getByRole("link", { name: "Bắt đầu nộp hồ sơ" })).click();
  await page.getByLabel("Cơ quan tiếp nhận hồ sơ").selectOption({ label: input.commune });
  await page.getByRole("button", { name: "Bắt đầu", exact: true }).click();
  await expect(h1(page)).toHaveText("Danh sách việc cần làm");

  await page.getByRole("link", { name: "Người nộp hồ sơ" }).click();
  await page.getByLabel("Số điện thoại").fill("0912345678");
  await page.getByLabel("Địa chỉ liên hệ").fill("Tổ 5, phường Quang Trung, thành phố Hà Giang");
  await page.getByLabel("Cho chính tôi").check();
  await page.getByRole("button", { name: "Lưu và tiếp tục" }).click();

  await expect(h1(page)).toHaveText("Thông tin trẻ được khai sinh");
  await page.getByLabel("Họ, chữ đệm và tên của trẻ").fill("Lò Văn An");
  await page.getByLabel("Nam", { exact: true }).check();
  await page.getByLabel("Ngày", { exact: true }).fill("3");
  await page.getByLabel("Tháng", { exact: true }).fill("11");
  await page.getByLabel("Năm", { exact: true }).fill("2026");
  await page.getByLabel("Nơi sinh").fill("Bệnh viện Đa khoa tỉnh Hà Giang");
  await page.getByLabel("Dân tộc").fill("Tày");
  await page.getByRole("button", { name: "Lưu và tiếp tục" }).click();

  await expect(h1(page)).toHaveText("Thông tin cha, mẹ");
  await page.getByLabel("Họ, chữ đệm và tên người mẹ").fill(input.fullName);
  await page.getByLabel("Số định danh cá nhân của người mẹ").fill(input.cccd);
  await page.getByRole("group", { name: /Có thông tin về người cha/ }).getByLabel("Không").check();
  await page.getByRole("button", { name: "Lưu và tiếp tục" }).click();

  await expect(h1(page)).toHaveText("Thông tin người yêu cầu");
  await page.getByLabel("Họ, chữ đệm và tên người yêu cầu").fill(input.fullName);
  await page.getByLabel("Số định danh cá nhân (CCCD)").fill(input.cccd);
  await page.getByLabel("Số điện thoại liên hệ").fill("0912345678");
  await page.getByLabel("Mã tỉnh, thành phố").fill("02");
  await page.getByLabel("Mã huyện, quận, thị xã, thành phố").fill("024");
  await page.getByLabel("Mã xã, phường, thị trấn").fill("00688");
  await page.getByLabel("Số nhà, đường, thôn, tổ").fill("Tổ 5");
  await page.getByLabel("Quan hệ với người được đăng ký").selectOption({ label: "Mẹ" });
  await page.getByRole("button", { name: "Lưu và tiếp tục" }).click();

  await expect(h1(page)).toHaveText("Thành phần hồ sơ");
  await page.getByLabel("Có giấy chứng sinh", { exact: true }).check();
  await page.getByRole("button", { name: "Chọn trường hợp" }).click();
  const doc = (name: string | RegExp) => page.locator("section.app-filing-document", { has: page.getByRole("heading", { name }) });
  for (const [name, file] of [
    ["Tờ khai đăng ký khai sinh (theo mẫu)", /to-khai-khai-sinh\.pdf/],
    ["Giấy chứng sinh do cơ sở khám bệnh, chữa bệnh cấp", /giay-chung-sinh\.pdf/],
    [/Giấy tờ tùy thân của người yêu cầu/, /can-cuoc-cong-dan\.pdf/],
  ] as const) {
    // Again if a tick was lost to the page hydrating under it (the page then says "choose at least one file").
    await expect(async () => {
      await doc(name).getByLabel(file).check();
      await doc(name).getByRole("button", { name: "Đính kèm tệp đã chọn" }).click();
      await expect(doc(name).locator(".app-attached-files")).toContainText(file, { timeout: 15_000 });
    }).toPass({ timeout: 60_000 });
  }
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  await expect(h1(page)).toHaveText("Phí, lệ phí");
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  await expect(h1(page)).toHaveText("Kiểm tra thông tin đã khai");
  await page.getByRole("button", { name: "Tiếp tục đến lời cam đoan" }).click();
  await page.getByLabel("Tôi cam đoan nội dung đã khai là đúng sự thật").check();
  await page.getByRole("button", { name: "Xác nhận và tiếp tục" }).click();
  await expect(h1(page)).toHaveText("Nộp hồ sơ");
  await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
  await expect(page).toHaveURL(/\/my\/dossiers\/[\d.]+H22-\d{6}-\d{4}$/);
  return decodeURIComponent(new URL(page.url()).pathname.split("/").pop()!);
}
