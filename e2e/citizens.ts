import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { registerCitizen, verifyEmail, type AccountServices } from "../app/domain/accounts/accounts.server";
import { createDb } from "../app/platform/db.server";
import { dummyVerify, hashPassword, verifyPassword } from "../app/platform/password-hash.server";
import { BASE_URL } from "./playwright.config";

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
