import { expect, test, type Page } from "@playwright/test";
import { newCccd, registerVerifiedCitizen, unique } from "./citizens";
import { linkIn, waitForMail } from "./mailbox";

// Twenty wrong passwords lock an account (decision 0010), proven in the browser: the e2e server waits 1 s, then 2 s
// at most between attempts (SIGN_IN_BACKOFF_* in playwright.config.ts) instead of 15 s … 15 min; the lock-out itself
// (20 failures, one hour) is the real one. The page must never tell whether an account exists: an address nobody
// registered goes through exactly the same answers.

const WRONG = "Địa chỉ thư điện tử, số định danh hoặc mật khẩu không đúng";
const SLOWED = /Bạn đã nhập sai nhiều lần\. Vì an toàn, vui lòng thử lại sau (\d+) giây\./;
const LOCKED = /Tài khoản tạm bị khóa vì nhập sai mật khẩu quá nhiều lần\. Bạn có thể thử lại sau (\d+) phút, hoặc đặt lại mật khẩu ngay\. Chúng tôi đã gửi thư báo đến địa chỉ của tài khoản\./;

type Answer = { kind: "wrong" | "slowed" | "locked"; status: number; message: string; seconds: number };

/** One sign-in attempt through the form; the answer read from the page the server sent back. */
async function attempt(page: Page, identifier: string, password: string): Promise<Answer> {
  await page.getByLabel(/Địa chỉ thư điện tử hoặc số định danh/).fill(identifier);
  await page.getByLabel("Mật khẩu").fill(password);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/sign-in")),
    page.getByRole("button", { name: "Đăng nhập", exact: true }).click(),
  ]);
  const html = await response.text();
  const slowed = SLOWED.exec(html);
  const locked = LOCKED.exec(html);
  const answer: Answer = locked
    ? { kind: "locked", status: response.status(), message: locked[0], seconds: 0 }
    : slowed
      ? { kind: "slowed", status: response.status(), message: slowed[0], seconds: Number(slowed[1]) }
      : html.includes(WRONG)
        ? { kind: "wrong", status: response.status(), message: WRONG, seconds: 0 }
        : (() => {
            throw new Error(`an unexpected answer (${response.status()})`);
          })();
  // What the page shows: the message in the error summary, with the identifier kept.
  await expect(page.getByRole("alert")).toContainText(answer.message);
  await expect(page.getByLabel(/Địa chỉ thư điện tử hoặc số định danh/)).toHaveValue(identifier);
  return answer;
}

/** Wrong passwords until the lock: each one retried at once (slowed after five), then after the wait asked for. */
async function wrongUntilLocked(page: Page, identifier: string): Promise<Answer[]> {
  await page.goto("/sign-in");
  const answers: Answer[] = [];
  for (let i = 0; i < 80 && answers.at(-1)?.kind !== "locked"; i++) {
    const answer = await attempt(page, identifier, `không phải mật khẩu ${i}`);
    answers.push(answer);
    if (answer.kind === "slowed") await page.waitForTimeout(answer.seconds * 1000 + 150);
  }
  return answers;
}

function expectLockOut(answers: Answer[]) {
  const kinds = answers.map((a) => a.kind);
  // First the ordinary answer, five times without any wait.
  expect(kinds.slice(0, 5)).toEqual(Array(5).fill("wrong"));
  // Then slowed: asked to wait a second or two, never counted as a try.
  const firstSlowed = kinds.indexOf("slowed");
  expect(firstSlowed).toBeGreaterThanOrEqual(5);
  expect(kinds.slice(0, firstSlowed).every((k) => k === "wrong")).toBe(true);
  for (const a of answers.filter((a) => a.kind === "slowed")) expect([1, 2]).toContain(a.seconds);
  // The twentieth wrong password locks: nineteen "wrong" before it, the lock last.
  expect(kinds.filter((k) => k !== "slowed")).toEqual([...Array(19).fill("wrong"), "locked"]);
  expect(answers.at(-1)?.message).toContain("thử lại sau 60 phút");
  // Refusals are 429, a wrong password 400: never a server error.
  for (const a of answers) expect(a.status).toBe(a.kind === "wrong" ? 400 : 429);
}

test("hai mươi lần sai mật khẩu: chậm lại, rồi khóa tài khoản, thư báo cho chủ tài khoản; địa chỉ không có tài khoản được trả lời y hệt @nojs", async ({ page }) => {
  test.setTimeout(240_000);
  const serverErrors: string[] = [];
  page.on("response", (r) => {
    if (r.status() >= 500) serverErrors.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  const id = unique();
  const citizen = { fullName: "Sùng Thị Mỷ", email: `khoa.tai.khoan.${id}@example.vn`, cccd: newCccd(), password: "hoa tam giác mạch nở trên cao nguyên đá" };
  await registerVerifiedCitizen(page, citizen);

  const known = await wrongUntilLocked(page, citizen.email);
  expectLockOut(known);

  // Locked: the right password is refused with the same message (and by CCCD too: it is the same account).
  const right = await attempt(page, citizen.email, citizen.password);
  expect(right).toEqual({ ...known.at(-1), seconds: 0 });
  expect((await attempt(page, citizen.cccd, citizen.password)).message).toBe(right.message);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Đăng nhập");

  // The owner is told by e-mail when the account unlocks, with a link to choose a new password.
  const mail = await waitForMail(citizen.email, /^Tài khoản của bạn đã bị tạm khóa$/);
  expect(mail.text).toContain("Xin chào Sùng Thị Mỷ,");
  expect(mail.text).toMatch(/Tài khoản sẽ tự động mở khóa lúc \d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4} \(giờ Việt Nam\)/);
  await page.goto(linkIn(mail.text, /^\/forgot-password$/));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Đặt lại mật khẩu");

  // An address nobody registered: the very same answers, in the same order, with the same codes; no mail to it.
  const nobody = `khong.ai.dang.ky.${id}@example.vn`;
  const unknown = await wrongUntilLocked(page, nobody);
  expectLockOut(unknown);
  expect(unknown.filter((a) => a.kind !== "slowed")).toEqual(known.filter((a) => a.kind !== "slowed"));
  expect(new Set(unknown.filter((a) => a.kind === "slowed").map((a) => a.message.replace(/\d+/, "N")))).toEqual(
    new Set(known.filter((a) => a.kind === "slowed").map((a) => a.message.replace(/\d+/, "N"))),
  );
  expect((await attempt(page, nobody, citizen.password)).message).toBe(right.message);
  await expect(waitForMail(nobody, /./, 1_500)).rejects.toThrow(/no mail/);

  expect(serverErrors).toEqual([]);
});
