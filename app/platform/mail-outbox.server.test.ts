// The e-mail channel of the outbox: its checks on a message and what it hands the SMTP server. The outbox's discipline
// (claims, leases, back-off, giving up, two workers) is tested once for every channel in outbox.server.test.ts.
import { describe, expect, it } from "vitest";
import { engines, migratedDatabase } from "../../db/testing";
import { startSmtpCapture, type SmtpCapture } from "../../e2e/smtp-capture";
import { OUTBOX_MAX_ATTEMPTS } from "../domain/dossiers/notices";
import { DEFAULT_MAIL_FROM, parseSmtpUrl } from "./env.server";
import { createLogger } from "./logger.server";
import { createMailer, type Mailer } from "./mail.server";
import { deliverDueMail, enqueueMail, MAIL_OUTBOX, startMailWorker } from "./mail-outbox.server";
import { findOutboxRow } from "./outbox.repo.server";
import type { OutboxDb } from "./outbox.server";

const MINUTE = 60_000;
const NOW = new Date("2026-12-01T02:00:00.000Z");

it("retries on the outbox's schedule, giving up when the dossier's timeline says failed", () => {
  expect(MAIL_OUTBOX.schedule.maxAttempts).toBe(OUTBOX_MAX_ATTEMPTS);
  expect(MAIL_OUTBOX.schedule.retryDelaysMs.slice(0, 4)).toEqual([1, 5, 15, 60].map((m) => m * MINUTE));
});

describe.each(engines)("mail outbox on %s", (engine) => {
  async function withOutbox(body: (ctx: { db: OutboxDb; capture: SmtpCapture; mailer: Mailer }) => Promise<void>) {
    const fresh = await migratedDatabase(engine);
    // The server refuses some mailboxes for good (550), as one does an unknown mailbox.
    const capture = await startSmtpCapture({ rejectRecipient: (address) => address.startsWith("refused") });
    const mailer = createMailer({ smtp: parseSmtpUrl(`smtp://127.0.0.1:${capture.port}`), from: DEFAULT_MAIL_FROM });
    try {
      await body({ db: fresh.db, capture, mailer });
    } finally {
      mailer.close();
      await capture.close();
      await fresh.close();
    }
  }

  it("hands the SMTP server the recipient, subject, text and HTML", async () => {
    await withOutbox(async ({ db, capture, mailer }) => {
      const first = await enqueueMail(db, { to: " a@example.vn ", subject: "Thư một", text: "Nội dung một", html: "<p>một</p>" }, NOW);
      const second = await enqueueMail(db, { to: "b@example.vn", subject: "Thư hai", text: "Nội dung hai" }, NOW);
      expect(await findOutboxRow(db, "mail_outbox", first)).toMatchObject({ to_address: "a@example.vn", subject: "Thư một", text_body: "Nội dung một", html_body: "<p>một</p>", created_at: NOW.toISOString() });

      expect(await deliverDueMail(db, mailer, { now: NOW })).toMatchObject({ attempted: 2, sent: [first, second], failed: [] });
      expect(capture.messages.map((m) => [m.envelope.to[0], m.subject, m.text])).toEqual([
        ["a@example.vn", "Thư một", "Nội dung một"],
        ["b@example.vn", "Thư hai", "Nội dung hai"],
      ]);
      expect(capture.messages[0]!.html).toBe("<p>một</p>");
      expect(capture.messages[1]!.html).toBeNull();
      expect(await findOutboxRow(db, "mail_outbox", second)).toMatchObject({ attempts: 1, sent_at: NOW.toISOString(), last_error: null });
    });
  });

  it("refuses a recipient or subject that is empty or not one line (no header injection)", async () => {
    await withOutbox(async ({ db }) => {
      await expect(enqueueMail(db, { to: "a@example.vn\r\nBcc: x@evil.test", subject: "s", text: "t" })).rejects.toThrow("Mail to must be one non-empty line.");
      await expect(enqueueMail(db, { to: " ", subject: "s", text: "t" })).rejects.toThrow(TypeError);
      await expect(enqueueMail(db, { to: "a@example.vn", subject: "", text: "t" })).rejects.toThrow("Mail subject must be one non-empty line.");
      await expect(enqueueMail(db, { to: "a@example.vn", subject: "a\nBcc: x@evil.test", text: "t" })).rejects.toThrow(TypeError);
      expect(await db.selectFrom("mail_outbox").select("id").execute()).toEqual([]);
    });
  });

  it("keeps the SMTP server's permanent refusal (550) as the row's last error and gives the message up at once", async () => {
    await withOutbox(async ({ db, mailer }) => {
      const id = await enqueueMail(db, { to: "refused@example.vn", subject: "Xác nhận", text: "x" }, NOW);
      const report = await deliverDueMail(db, mailer, { now: NOW });
      expect(report.failed).toMatchObject([{ id, attempts: MAIL_OUTBOX.schedule.maxAttempts, retryAt: null }]);
      expect((await deliverDueMail(db, mailer, { now: new Date(NOW.getTime() + 1000 * MINUTE) })).attempted).toBe(0);
      const row = await findOutboxRow(db, "mail_outbox", id);
      expect(row).toMatchObject({ attempts: MAIL_OUTBOX.schedule.maxAttempts, sent_at: null });
      expect(row!.last_error).toMatch(/^Cannot send mail through smtp:\/\/127\.0\.0\.1:\d+: the server answered .*550/);
    });
  });

  it("runs as a background worker that logs what it sent and what failed", async () => {
    await withOutbox(async ({ db, capture, mailer }) => {
      const lines: Record<string, unknown>[] = [];
      const logger = createLogger("debug", (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
      const stop = startMailWorker(db, mailer, logger, { intervalMs: 20 });
      try {
        await enqueueMail(db, { to: "u@example.vn", subject: "Nền", text: "x" });
        await capture.waitFor((m) => m.subject === "Nền", 5000);
      } finally {
        await stop();
      }
      expect(lines.find((l) => l.msg === "mail sent")).toMatchObject({ level: "info", count: 1 });

      const again = startMailWorker(db, mailer, logger, { intervalMs: 20 });
      try {
        const id = await enqueueMail(db, { to: "refused@example.vn", subject: "Lỗi", text: "x" });
        await expect.poll(() => lines.find((l) => l.mailId === id)).toMatchObject({ level: "error", msg: "mail not sent; giving up", attempts: MAIL_OUTBOX.schedule.maxAttempts });
      } finally {
        await again();
      }
    });
  });
});
