import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_PETITION_SETTINGS } from "../app/domain/petitions/petitions";
import { submitSchema } from "../app/domain/petitions/petitions.schema";
import { actOnPetition, submitPetition } from "../app/domain/petitions/petitions.server";
import { createDb } from "../app/platform/db.server";
import { expectNoAxeViolations } from "./axe";
import { walletFiles } from "./dossier-journey";
import { newCccd, registerConfirmedCitizen, signInWithPassword, unique } from "./citizens";

// The public side of feedback and petitions (issue 8), in Vietnamese, with and without JavaScript: an anonymous
// visitor sends a phản ánh about a procedure and gets its code, looks it up with the code and the last 4 digits of the
// phone; script tags typed into the title are shown as text and an oversized content gets its translated error; the
// honeypot and the rules on anonymous items are on the form; a published answer (made here through the domain's use
// cases, as the officials' pages would) hides the name and masks the phone number, and its submitter rates it and
// reopens it. A signed-in citizen finds their item in "Phản ánh, kiến nghị của tôi".

const root = fileURLToPath(new URL("..", import.meta.url));
const DATABASE_FILE = join(root, process.env.E2E_DATA_DIR ?? "data/e2e", "portal.db");
const CODE = /PAKN-\d{6}-\d{4}/;

/** axe runs in the page: with JavaScript (the no-js project renders the same HTML). */
const axe = (page: Page, testInfo: TestInfo) => (testInfo.project.name === "js" ? expectNoAxeViolations(page) : Promise.resolve());

/** A word of letters only (digit runs of 9 and more are masked as phone numbers on the public pages). */
const word = () => unique().replace(/\d/g, (d) => "abcdefghik"[Number(d)]!);

/** An item sent, forwarded, answered and approved through the domain's use cases, straight in the e2e database. */
async function answeredPetition(input: { name: string; phone: string; title: string; content: string; answer: string }): Promise<string> {
  const db = createDb({ engine: "sqlite", file: DATABASE_FILE });
  try {
    const services = { notify: async () => {} };
    const agency = async (code: string) => (await db.selectFrom("agencies").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
    const control = await agency(DEFAULT_PETITION_SETTINGS.controlUnitCode);
    const official = await db.selectFrom("users").select("id").orderBy("created_at").executeTakeFirstOrThrow();
    const actor = {
      kind: "official" as const,
      userId: official.id,
      roles: [
        { agencyId: control, role: "petition_handler" as const },
        { agencyId: control, role: "approver" as const },
      ],
    };
    const sent = await submitPetition(db, services, DEFAULT_PETITION_SETTINGS, {
      sender: { userId: null, organisationId: null },
      petition: submitSchema.parse({
        kind: "regulation",
        title: input.title,
        content: input.content,
        procedureCode: "1.001193",
        contactName: input.name,
        contactAddress: "Tổ 5, phường Minh Khai, thành phố Hà Giang",
        contactPhone: input.phone,
        publishConsent: "on",
      }),
      fileIds: [],
      ip: `e2e-${unique()}`,
      policy: { free: 1000, windowMs: 60_000, baseDelayMs: 1, maxDelayMs: 1 },
    });
    if (!sent.ok) throw new Error(`not sent: ${JSON.stringify(sent)}`);
    const step = async (params: Parameters<typeof actOnPetition>[3]["params"]) => {
      const row = await db.selectFrom("petitions").select("version").where("code", "=", sent.code).executeTakeFirstOrThrow();
      const done = await actOnPetition(db, services, DEFAULT_PETITION_SETTINGS, { actor, code: sent.code, version: row.version, params });
      if (!done.ok) throw new Error(`${params.action}: ${JSON.stringify(done)}`);
    };
    await step({
      action: "forward",
      targetAgencyId: control,
      field: "Hộ tịch",
    });
    await step({ action: "draft", body: input.answer });
    await step({ action: "approve" });
    return sent.code;
  } finally {
    await db.destroy();
  }
}

/** The names of the files attached to an item. */
async function attachmentsOf(code: string): Promise<string[]> {
  const db = createDb({ engine: "sqlite", file: DATABASE_FILE });
  try {
    const rows = await db
      .selectFrom("petition_files as pf")
      .innerJoin("petitions as p", "p.id", "pf.petition_id")
      .innerJoin("files as f", "f.id", "pf.file_id")
      .select("f.original_name")
      .where("p.code", "=", code)
      .execute();
    return rows.map((r) => r.original_name);
  } finally {
    await db.destroy();
  }
}

async function fillPetition(
  page: Page,
  input: {
    title: string;
    content: string;
    phone?: string;
    email?: string;
    consent?: boolean;
  }
) {
  await page.getByLabel("Phản ánh về quy định, thủ tục hành chính").check();
  await page.getByLabel("Tiêu đề").fill(input.title);
  await page.getByLabel("Nội dung", { exact: true }).fill(input.content);
  await page.getByLabel("Thủ tục hành chính liên quan").selectOption("1.001193");
  await page.getByLabel("Họ và tên (hoặc tên tổ chức)").fill("Lò Thị Mai");
  await page.getByLabel("Địa chỉ").fill("Thôn Nà Sài, xã Phương Thiện, thành phố Hà Giang");
  if (input.phone) await page.getByLabel("Số điện thoại").fill(input.phone);
  if (input.email) await page.getByLabel("Thư điện tử").fill(input.email);
  if (input.consent) await page.getByLabel("Tôi đồng ý công khai phản ánh, kiến nghị và câu trả lời trên cổng").check();
}

test("người dân không đăng nhập gửi phản ánh về thủ tục, nhận mã và tra cứu bằng mã và 4 số cuối điện thoại @nojs", async ({ page }, testInfo) => {
  await page.goto("/feedback");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Phản ánh, kiến nghị");
  // What is not processed, and where complaints and denunciations go, before the form.
  await expect(page.getByText(/không rõ người gửi \(nặc danh\).*không được xem xét, xử lý/)).toBeVisible();
  await expect(page.getByText(/Khiếu nại, tố cáo không thuộc phạm vi.*Luật Khiếu nại.*Luật Tố cáo/)).toBeVisible();
  // The honeypot is there for robots and out of sight for people.
  await expect(page.locator('input[name="website"]')).toHaveCount(1);
  await expect(page.getByRole("textbox", { name: "Không điền vào ô này" })).toHaveCount(0);
  await axe(page, testInfo);

  await fillPetition(page, {
    title: "Thời hạn đăng ký khai sinh không đúng quy định",
    content: "Tôi nộp hồ sơ đăng ký khai sinh cho con nhưng sau 5 ngày làm việc vẫn chưa có kết quả.",
    phone: "0912 345 678",
  });
  await page.getByRole("button", { name: "Gửi phản ánh, kiến nghị" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Đã gửi phản ánh, kiến nghị");
  const code = ((await page.getByTestId("petition-code").textContent()) ?? "").trim();
  expect(code).toMatch(CODE);
  await axe(page, testInfo);

  await page.getByRole("link", { name: "Tra cứu phản ánh, kiến nghị này" }).click();
  await expect(page.getByLabel("Mã phản ánh, kiến nghị")).toHaveValue(code);
  await axe(page, testInfo);
  // A wrong factor: "not found", as for an unknown code.
  await page.getByLabel(/4 chữ số cuối/).fill("0000");
  await page.getByRole("button", { name: "Tra cứu" }).click();
  await expect(page.getByRole("alert")).toContainText("Không tìm thấy phản ánh, kiến nghị với mã và thông tin này");
  await axe(page, testInfo);

  await page.getByLabel("Mã phản ánh, kiến nghị").fill(code.toLowerCase());
  await page.getByLabel(/4 chữ số cuối/).fill("5678");
  await page.getByRole("button", { name: "Tra cứu" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Phản ánh, kiến nghị ${code}`);
  await expect(page.getByText("Đã tiếp nhận, đang chờ chuyển đến cơ quan có thẩm quyền")).toBeVisible();
  await expect(page.getByText("Đăng ký khai sinh (1.001193)")).toBeVisible();
  // The factor never reaches a URL.
  expect(page.url()).not.toContain("5678");
  await axe(page, testInfo);
});

test("tiêu đề có thẻ script hiện dạng chữ; nội dung quá dài được báo lỗi; ô bẫy robot @nojs", async ({ page }, testInfo) => {
  const title = `<script>window.__pakn = 1</script><b>Đậm</b> ${unique()}`;
  const email = `pakn-${unique()}@example.vn`;
  await page.goto("/feedback");
  await fillPetition(page, { title, content: "x".repeat(10_001), email });
  await page.getByRole("button", { name: "Gửi phản ánh, kiến nghị" }).click();
  await expect(page.getByRole("alert")).toContainText("Nội dung không được dài quá 10.000 ký tự");
  await expect(page.getByLabel("Tiêu đề")).toHaveValue(title);
  await axe(page, testInfo);

  await page.getByLabel("Nội dung", { exact: true }).fill("Nội dung có <i>thẻ HTML</i>\nvà một dòng mới ở đây để đủ dài.");
  await page.getByRole("button", { name: "Gửi phản ánh, kiến nghị" }).click();
  const code = ((await page.getByTestId("petition-code").textContent()) ?? "").trim();
  expect(code).toMatch(CODE);

  // Sent with an e-mail address only: the e-mail address is the second factor.
  await page.goto(`/feedback/track?code=${code}`);
  await page.getByLabel(/4 chữ số cuối/).fill(email.toUpperCase());
  await page.getByRole("button", { name: "Tra cứu" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Phản ánh, kiến nghị ${code}`);
  await expect(page.getByText(title, { exact: true })).toBeVisible();
  await expect(page.getByText("Nội dung có <i>thẻ HTML</i>")).toBeVisible();
  await expect(page.locator("main b", { hasText: "Đậm" })).toHaveCount(0);
  await expect(page.locator("main i", { hasText: "thẻ HTML" })).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pakn?: number }).__pakn).catch(() => undefined)).toBeUndefined();

  // A robot fills the honeypot: the form pretends to succeed and sends nothing (no code).
  await page.goto("/feedback");
  await fillPetition(page, {
    title: "Robot gửi tin rác quảng cáo",
    content: "Nội dung quảng cáo do robot gửi tự động hàng loạt.",
    phone: "0987 000 111",
  });
  await page.locator('input[name="website"]').fill("http://spam.example", { force: true });
  await page.getByRole("button", { name: "Gửi phản ánh, kiến nghị" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Đã gửi phản ánh, kiến nghị");
  await expect(page.getByTestId("petition-code")).toHaveCount(0);
});

test("câu trả lời công khai ẩn tên, che số điện thoại; người gửi đánh giá không hài lòng và đề nghị trả lời lại @nojs", async ({ page }, testInfo) => {
  const tag = word();
  const code = await answeredPetition({
    name: "Hoàng Văn Bình",
    phone: "0987654321",
    title: `Giấy khai sinh cấp chậm ${tag}`,
    content: `Tôi là Hoàng Văn Bình, số điện thoại 0912 345 678, đã nộp hồ sơ đăng ký khai sinh nhưng giấy khai sinh cấp chậm.`,
    answer: "Sở Tư pháp đã kiểm tra và trả kết quả cho ông Hoàng Văn Bình ngày hôm sau.\nXin cảm ơn.",
  });

  await page.goto("/procedures/1.001193");
  await page
    .getByRole("link", {
      name: "Phản ánh, kiến nghị đã được trả lời về thủ tục này",
    })
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Phản ánh, kiến nghị đã được trả lời");
  await expect(page.getByLabel("Thủ tục", { exact: true })).toHaveValue("1.001193");
  // Searched without diacritics.
  await page.getByLabel("Tìm theo nội dung").fill(`giay khai sinh cap cham ${tag}`);
  await page.getByRole("button", { name: "Lọc" }).click();
  await expect(page.getByRole("status")).toHaveText("1 phản ánh, kiến nghị");
  await axe(page, testInfo);
  await page.getByRole("link", { name: `Giấy khai sinh cấp chậm ${tag}` }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Giấy khai sinh cấp chậm ${tag}`);
  const main = page.locator("main");
  await expect(main).toContainText("Tôi là [đã ẩn tên], số điện thoại •••• ••• 678");
  await expect(main).toContainText("trả kết quả cho ông [đã ẩn tên] ngày hôm sau");
  await expect(main).not.toContainText("Hoàng Văn Bình");
  await expect(main).not.toContainText("0912");
  await expect(main).toContainText("Văn phòng Ủy ban nhân dân tỉnh");
  await expect(main).toContainText("Đúng hạn");
  await axe(page, testInfo);

  // The submitter looks it up, is not satisfied and asks for a new answer within the window.
  await page.goto(`/feedback/track?code=${code}`);
  await page.getByLabel(/4 chữ số cuối/).fill("4321");
  await page.getByRole("button", { name: "Tra cứu" }).click();
  await expect(page.getByRole("heading", { name: "Câu trả lời", exact: true })).toBeVisible();
  await expect(main).toContainText("trả kết quả cho ông Hoàng Văn Bình");
  await page.getByRole("radio", { name: "Không hài lòng" }).check();
  await page.getByRole("button", { name: "Gửi đánh giá" }).click();
  await expect(page.getByRole("alert")).toContainText("Nêu lý do chưa hài lòng");
  await axe(page, testInfo);
  await page.getByRole("radio", { name: "Không hài lòng" }).check();
  await page.getByLabel("Lý do không hài lòng").fill("Câu trả lời không nêu rõ vì sao hồ sơ bị chậm.");
  await page.getByLabel("Đề nghị cơ quan xem xét, trả lời lại").check();
  await page.getByRole("button", { name: "Gửi đánh giá" }).click();
  await expect(page.getByText("Phản ánh, kiến nghị đã được mở lại và chuyển lại cơ quan xử lý.")).toBeVisible();
  await expect(main).toContainText("Đang được cơ quan có thẩm quyền xem xét, trả lời");
  expect(page.url()).not.toContain("4321");
  await axe(page, testInfo);

  // An unknown code has no answer page.
  await page.goto("/feedback/answers/PAKN-000101-9999");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Không tìm thấy trang");
});

test("công dân đăng nhập gửi phản ánh và thấy trong “Phản ánh, kiến nghị của tôi” @nojs", async ({ page }, testInfo) => {
  const tail = unique();
  const citizen = {
    fullName: "Vàng Thị Dung",
    cccd: newCccd(),
    birthDate: "1990-06-12",
    email: `dung-${tail}@example.vn`,
    password: `Mat-khau-${tail}-Dung!`,
  };
  await registerConfirmedCitizen(citizen);
  await walletFiles(citizen.email, ["ban-chup-giay-chung-sinh.pdf"]);
  await signInWithPassword(page, citizen.email, citizen.password);
  await page.getByRole("link", { name: "Phản ánh, kiến nghị của tôi" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Phản ánh, kiến nghị của tôi");
  await expect(page.getByText("Bạn chưa gửi phản ánh, kiến nghị nào khi đăng nhập.")).toBeVisible();
  await axe(page, testInfo);

  await page.goto("/feedback");
  // Prefilled from the account.
  await expect(page.getByLabel("Họ và tên (hoặc tên tổ chức)")).toHaveValue("Vàng Thị Dung");
  await expect(page.getByLabel("Thư điện tử")).toHaveValue(citizen.email);
  await page.getByLabel("Kiến nghị sửa đổi, bổ sung quy định, thủ tục").check();
  await page.getByLabel("Tiêu đề").fill("Đề nghị cho nộp bản chụp giấy tờ");
  await page.getByLabel("Nội dung", { exact: true }).fill("Thủ tục đăng ký khai sinh yêu cầu bản sao có chứng thực, gây tốn thời gian.");
  await page.getByRole("button", { name: "Gửi phản ánh, kiến nghị" }).click();
  // A kiến nghị needs a proposal, and an address is required.
  await expect(page.getByRole("alert")).toContainText("Nhập nội dung đề xuất");
  await expect(page.getByRole("alert")).toContainText("Nhập địa chỉ liên hệ");
  // An attachment from the document wallet (signed-in citizens only).
  await page.getByLabel("ban-chup-giay-chung-sinh.pdf").check();
  await page.getByLabel("Phương án đề xuất").fill("Cho phép nộp bản chụp từ kho dữ liệu công dân.");
  await page.getByLabel("Địa chỉ").fill("Thôn Nà Sài, xã Phương Thiện");
  await page.getByRole("button", { name: "Gửi phản ánh, kiến nghị" }).click();
  const code = ((await page.getByTestId("petition-code").textContent()) ?? "").trim();
  expect(code).toMatch(CODE);
  expect(await attachmentsOf(code)).toEqual(["ban-chup-giay-chung-sinh.pdf"]);
  await page.getByRole("link", { name: "Xem trong “Phản ánh, kiến nghị của tôi”" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Phản ánh, kiến nghị ${code}`);
  await expect(page.locator("main")).toContainText("Cho phép nộp bản chụp từ kho dữ liệu công dân.");
  await expect(page.locator("main")).toContainText("ban-chup-giay-chung-sinh.pdf");
  await axe(page, testInfo);
  await page.getByRole("link", { name: "Phản ánh, kiến nghị của tôi" }).first().click();
  await expect(page.getByRole("link", { name: code })).toBeVisible();
});
