import { randomInt } from "node:crypto";
import { expect, type Page } from "@playwright/test";
import { linkIn, waitForMail } from "./mailbox";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { registerCitizen, verifyEmail, type AccountServices } from "../app/domain/accounts/accounts.server";
import { createDb } from "../app/platform/db.server";
import { dummyVerify, hashPassword, verifyPassword } from "../app/platform/password-hash.server";
import { BASE_URL } from "./playwright.config";

// Citizens for the journeys: created through the registration form and confirmed from the e-mail, as a person would.

export const unique = () => `${Date.now()}${Math.floor(Math.random() * 1000)}`;

/** A structurally valid CCCD for Hà Giang (002), a woman born in 1990, with a unique tail. */
export const cccdFor = (tail: string) => `0021900${tail.slice(-5).padStart(5, "0")}`;

/** A fresh CCCD of a woman of Hà Giang born in 1990 (six random digits: several citizens in one journey). */
export const newCccd = () => `002190${String(randomInt(0, 1_000_000)).padStart(6, "0")}`;

export interface Citizen {
  fullName: string;
  email: string;
  cccd: string;
  password: string;
}

/** Register (born 12/06/1990) and confirm the address from the verification e-mail. */
export async function registerVerifiedCitizen(page: Page, citizen: Citizen): Promise<void> {
  await page.goto("/register");
  await page.getByLabel("Họ và tên").fill(citizen.fullName);
  await page.getByLabel(/Số định danh cá nhân/).fill(citizen.cccd);
  await page.getByLabel("Ngày").fill("12");
  await page.getByLabel("Tháng").fill("6");
  await page.getByLabel("Năm").fill("1990");
  await page.getByLabel("Địa chỉ thư điện tử").fill(citizen.email);
  await page.getByLabel("Mật khẩu").fill(citizen.password);
  await page.getByLabel(/Tôi đã đọc thông báo/).check();
  await page.getByRole("button", { name: "Tạo tài khoản" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kiểm tra hộp thư của bạn");
  await page.goto(linkIn((await waitForMail(citizen.email, /Xác nhận/)).text, /^\/verify-email\//));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Đã xác nhận địa chỉ thư điện tử");
}

/** Sign in with the password form and land on "my account". */
export async function signInWithPassword(page: Page, identifier: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel(/Địa chỉ thư điện tử hoặc số định danh/).fill(identifier);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tài khoản của tôi");
}

// Citizens for journeys whose subject is not the registration page: registered and confirmed by the domain's own use
// cases, straight into the e2e server's database (SQLite in WAL mode with a busy timeout, so the running server does
// not mind; the officials' console command writes to it the same way). The registration page allows 10 attempts an
// hour from one address, then a growing wait, and every journey of the suite comes from 127.0.0.1: those that need
// an account but are not about registering make it here.

const root = fileURLToPath(new URL("..", import.meta.url));
const DATABASE_FILE = join(root, process.env.E2E_DATA_DIR ?? "data/e2e", "portal.db");

export interface NewCitizen {
  fullName: string;
  cccd: string;
  /** YYYY-MM-DD */
  birthDate: string;
  email: string;
  password: string;
}

/** A citizen account with a password and a confirmed address, as if registered on /register. */
export async function registerConfirmedCitizen(citizen: NewCitizen): Promise<void> {
  const db = createDb({ engine: "sqlite", file: DATABASE_FILE });
  try {
    const links: string[] = [];
    const services: AccountServices = {
      passwordProblem: () => null,
      hashPassword,
      verifyPassword,
      dummyVerify: async (password) => {
        await dummyVerify(password);
      },
      sendMail: async (_trx, mail) => {
        if (mail.kind === "verifyEmail") links.push(mail.link);
      },
    };
    const registered = await registerCitizen(db, services, { ...citizen, phone: null, consent: "yes", baseUrl: BASE_URL, ip: null });
    const link = links[0];
    if (!registered.ok || !link) throw new Error(`${citizen.email} was not registered (address or CCCD already in use?)`);
    const verified = await verifyEmail(db, link.slice(link.lastIndexOf("/") + 1));
    if (!verified.ok) throw new Error(`${citizen.email} was not confirmed`);
  } finally {
    await db.destroy();
  }
}
