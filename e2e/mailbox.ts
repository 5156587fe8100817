import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseMail } from "./smtp-capture";

// The e2e portal sends its mail to the development mail server (tools/dev-mail.ts, started by playwright.config.ts),
// which keeps every message as a .eml file: journeys read their links from there, as a developer would.

const root = fileURLToPath(new URL("..", import.meta.url));
export const MAIL_DIR = join(root, `${process.env.E2E_DATA_DIR ?? "data/e2e"}-mail`, "mail");

/** The newest message to an address whose subject matches, waiting up to `timeoutMs` for it to arrive. */
export async function waitForMail(to: string, subject: RegExp, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const names = await readdir(MAIL_DIR).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith(".eml")).sort().reverse()) {
      const mail = parseMail(await readFile(join(MAIL_DIR, name)));
      if (mail.to.toLowerCase().includes(to.toLowerCase()) && subject.test(mail.subject)) return mail;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no mail to ${to} matching ${subject} within ${timeoutMs} ms`);
}

/** The first link of a message's text that goes to a path of the portal. */
export function linkIn(text: string, path: RegExp): string {
  const link = [...text.matchAll(/https?:\/\/[^\s<>")]+/g)].map((m) => m[0]).find((href) => path.test(new URL(href).pathname));
  if (!link) throw new Error(`no link to ${path} in the mail`);
  return link;
}
