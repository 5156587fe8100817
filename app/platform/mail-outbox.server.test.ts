import { createServer, type AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { engines, migratedDatabase } from "../../db/testing";
import { startSmtpCapture, type SmtpCapture } from "../../e2e/smtp-capture";
import { DEFAULT_MAIL_FROM, parseSmtpUrl } from "./env.server";
import { createLogger } from "./logger.server";
import { createMailer, type Mailer } from "./mail.server";
import { findOutboxMail } from "./mail-outbox.repo.server";
import {
  deliverDueMail,
  enqueueMail,
  MAIL_RETRY_DELAYS_MS,
  mailRetryDelayMs,
  startMailWorker,
  type MailOutboxDb,
} from "./mail-outbox.server";

const MINUTE = 60_000;

/** A migrated database: the identity migration creates the outbox table. */
async function outboxDatabase(engine: (typeof engines)[number]) {
  const fresh = await migratedDatabase(engine);
  const db: MailOutboxDb = fresh.db;
  return { db, close: fresh.close };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const mailerFor = (port: number): Mailer =>
  createMailer({ smtp: parseSmtpUrl(`smtp://127.0.0.1:${port}`), from: DEFAULT_MAIL_FROM });

async function withOutbox(
  engine: (typeof engines)[number],
  body: (ctx: { db: MailOutboxDb; capture: SmtpCapture; mailer: Mailer }) => Promise<void>,
) {
  const { db, close } = await outboxDatabase(engine);
  const capture = await startSmtpCapture();
  const mailer = mailerFor(capture.port);
  try {
    await body({ db, capture, mailer });
  } finally {
    mailer.close();
    await capture.close();
    await close();
  }
}

describe("retry delays", () => {
  it("grow 1, 5, 15, 60 minutes … and stay at the cap", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(mailRetryDelayMs)).toEqual(
      [1, 5, 15, 60, 180, 360, 360, 360].map((m) => m * MINUTE),
    );
    expect(MAIL_RETRY_DELAYS_MS.at(-1)).toBe(360 * MINUTE);
  });
});

describe.each(engines)("mail outbox on %s", (engine) => {
  it("sends the due messages, marks them sent and leaves those not yet due", async () => {
    await withOutbox(engine, async ({ db, capture, mailer }) => {
      const now = new Date("2026-12-01T02:00:00.000Z");
      const first = await enqueueMail(db, { to: "a@example.vn", subject: "Thư một", text: "Nội dung một", html: "<p>một</p>" }, now);
      const second = await enqueueMail(db, { to: "b@example.vn", subject: "Thư hai", text: "Nội dung hai" }, now);
      const later = await enqueueMail(db, { to: "c@example.vn", subject: "Thư sau", text: "Sau" }, new Date(now.getTime() + MINUTE));

      const report = await deliverDueMail(db, mailer, { now });
      expect(report).toMatchObject({ attempted: 2, sent: [first, second], failed: [] });
      expect(capture.messages.map((m) => [m.envelope.to[0], m.subject, m.text])).toEqual([
        ["a@example.vn", "Thư một", "Nội dung một"],
        ["b@example.vn", "Thư hai", "Nội dung hai"],
      ]);
      expect(capture.messages[0]!.html).toBe("<p>một</p>");
      expect(capture.messages[1]!.html).toBeNull();
      expect(await findOutboxMail(db, first)).toMatchObject({ attempts: 1, sent_at: now.toISOString(), last_error: null });
      expect(await findOutboxMail(db, later)).toMatchObject({ attempts: 0, sent_at: null });

      // Sent messages are not sent again; the later one goes when it is due.
      expect((await deliverDueMail(db, mailer, { now })).attempted).toBe(0);
      const next = await deliverDueMail(db, mailer, { now: new Date(now.getTime() + MINUTE) });
      expect(next.sent).toEqual([later]);
      expect(capture.messages).toHaveLength(3);
    });
  });

  it("keeps a message while SMTP is down, retries with back-off, then gives up and keeps the error", async () => {
    const { db, close } = await outboxDatabase(engine);
    const down = mailerFor(await closedPort());
    try {
      const t0 = new Date("2026-12-01T02:00:00.000Z");
      const at = (ms: number) => new Date(t0.getTime() + ms);
      const id = await enqueueMail(db, { to: "a@example.vn", subject: "Xác nhận", text: "x" }, t0);

      const first = await deliverDueMail(db, down, { now: t0, maxAttempts: 3 });
      expect(first.attempted).toBe(1);
      expect(first.failed[0]).toMatchObject({ id, attempts: 1, retryAt: at(MINUTE).toISOString() });
      let row = await findOutboxMail(db, id);
      expect(row).toMatchObject({ attempts: 1, sent_at: null, next_attempt_at: at(MINUTE).toISOString() });
      expect(row!.last_error).toMatch(/^Cannot send mail through smtp:\/\/127\.0\.0\.1:\d+: connection refused\.$/);

      // Not due before its time.
      expect((await deliverDueMail(db, down, { now: at(30_000), maxAttempts: 3 })).attempted).toBe(0);

      const second = await deliverDueMail(db, down, { now: at(MINUTE), maxAttempts: 3 });
      expect(second.failed[0]).toMatchObject({ attempts: 2, retryAt: at(6 * MINUTE).toISOString() });

      const third = await deliverDueMail(db, down, { now: at(6 * MINUTE), maxAttempts: 3 });
      expect(third.failed[0]).toMatchObject({ attempts: 3, retryAt: null });
      row = await findOutboxMail(db, id);
      expect(row).toMatchObject({ attempts: 3, sent_at: null });
      expect(row!.last_error).toMatch(/connection refused/);

      // Given up: never taken again, and still there to be looked at.
      expect((await deliverDueMail(db, down, { now: at(1000 * MINUTE), maxAttempts: 3 })).attempted).toBe(0);

      // Once SMTP is back, a message that is still due goes out.
      const capture = await startSmtpCapture();
      const up = mailerFor(capture.port);
      try {
        const pending = await enqueueMail(db, { to: "b@example.vn", subject: "Đặt lại mật khẩu", text: "y" }, t0);
        await deliverDueMail(db, down, { now: at(1000 * MINUTE) });
        expect((await findOutboxMail(db, pending))!.attempts).toBe(1);
        const report = await deliverDueMail(db, up, { now: at(1002 * MINUTE) });
        expect(report.sent).toEqual([pending]);
        expect((await capture.waitFor((m) => m.subject === "Đặt lại mật khẩu")).envelope.to).toEqual(["b@example.vn"]);
      } finally {
        up.close();
        await capture.close();
      }
    } finally {
      down.close();
      await close();
    }
  });

  it("sends nothing for a transaction rolled back, and sends once it commits", async () => {
    await withOutbox(engine, async ({ db, capture, mailer }) => {
      const now = new Date("2026-12-01T02:00:00.000Z");
      await expect(
        db.transaction().execute(async (trx) => {
          await enqueueMail(trx, { to: "a@example.vn", subject: "Không gửi", text: "x" }, now);
          throw new Error("the account could not be created");
        }),
      ).rejects.toThrow("the account could not be created");
      expect((await deliverDueMail(db, mailer, { now })).attempted).toBe(0);

      const id = await db.transaction().execute((trx) => enqueueMail(trx, { to: "a@example.vn", subject: "Gửi", text: "y" }, now));
      expect((await deliverDueMail(db, mailer, { now })).sent).toEqual([id]);
      expect(capture.messages.map((m) => m.subject)).toEqual(["Gửi"]);
    });
  });

  it("sends each message once when two workers run at the same time", async () => {
    await withOutbox(engine, async ({ db, capture, mailer }) => {
      const now = new Date("2026-12-01T02:00:00.000Z");
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) ids.push(await enqueueMail(db, { to: `u${i}@example.vn`, subject: `Thư ${i}`, text: "x" }, now));
      const [a, b] = await Promise.all([deliverDueMail(db, mailer, { now }), deliverDueMail(db, mailer, { now })]);
      expect([...a.sent, ...b.sent].sort()).toEqual([...ids].sort());
      expect(a.attempted + b.attempted).toBe(12);
      expect(capture.messages.map((m) => m.subject).sort()).toEqual(ids.map((_, i) => `Thư ${i}`).sort());
    });
  });

  it("refuses a recipient or subject that is not one line", async () => {
    await withOutbox(engine, async ({ db }) => {
      await expect(enqueueMail(db, { to: "a@example.vn\r\nBcc: x@evil.test", subject: "s", text: "t" })).rejects.toThrow(TypeError);
      await expect(enqueueMail(db, { to: "a@example.vn", subject: "", text: "t" })).rejects.toThrow(TypeError);
    });
  });

  it("runs as a background worker that logs failures and stops cleanly", async () => {
    await withOutbox(engine, async ({ db, capture, mailer }) => {
      const lines: string[] = [];
      const logger = createLogger("debug", (line) => lines.push(line));
      const stop = startMailWorker(db, mailer, logger, { intervalMs: 20, batch: 2 });
      try {
        for (let i = 0; i < 5; i++) await enqueueMail(db, { to: `u${i}@example.vn`, subject: `Nền ${i}`, text: "x" });
        await capture.waitFor((m) => m.subject === "Nền 4", 5000);
        await expect.poll(() => capture.messages.length).toBe(5);
      } finally {
        await stop();
      }
      expect(lines.some((l) => JSON.parse(l).msg === "mail sent")).toBe(true);

      const downLines: string[] = [];
      const down = mailerFor(await closedPort());
      const stopDown = startMailWorker(db, down, createLogger("debug", (line) => downLines.push(line)), { intervalMs: 20 });
      try {
        const id = await enqueueMail(db, { to: "z@example.vn", subject: "Lỗi", text: "x" });
        await expect.poll(() => downLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.mailId === id)).toMatchObject({
          level: "warn",
          msg: "mail not sent; will retry",
          attempts: 1,
        });
      } finally {
        await stopDown();
        down.close();
      }
    });
  });
});
