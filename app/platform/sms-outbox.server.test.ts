import { describe, expect, it } from "vitest";
import { engines, migratedDatabase } from "../../db/testing";
import { OUTBOX_MAX_ATTEMPTS } from "../domain/dossiers/notices";
import { createLogger } from "./logger.server";
import { MAIL_MAX_ATTEMPTS } from "./mail-outbox.server";
import { createLoggingSmsProvider, maskPhone, SmsSendError, toInternational, type SmsMessage, type SmsProvider } from "./sms.server";
import { findOutboxSms } from "./sms-outbox.repo.server";
import { deliverDueSms, enqueueSms, SMS_MAX_ATTEMPTS, SMS_RETRY_DELAYS_MS, smsRetryDelayMs, startSmsWorker } from "./sms-outbox.server";

const MINUTE = 60_000;
const NOW = new Date("2026-12-01T02:00:00.000Z");
const later = (ms: number) => new Date(NOW.getTime() + ms);

/** A provider that records what it sends, failing while `down` is set. */
function fakeProvider(opts: { down?: boolean; delayMs?: number } = {}) {
  const sent: SmsMessage[] = [];
  const state = { down: opts.down ?? false };
  const provider: SmsProvider = {
    name: "fake",
    async send(message) {
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      if (state.down) throw new SmsSendError("gateway answered 503");
      sent.push(message);
      return { providerId: `fake-${sent.length}` };
    },
  };
  return { provider, sent, state };
}

describe("SMS retry delays and limits", () => {
  it("grow 1, 5, 15, 60 minutes … and stay at the cap; the limits agree with the timeline's", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(smsRetryDelayMs)).toEqual([1, 5, 15, 60, 180, 360, 360, 360].map((m) => m * MINUTE));
    expect(SMS_RETRY_DELAYS_MS.at(-1)).toBe(360 * MINUTE);
    expect(SMS_MAX_ATTEMPTS).toBe(OUTBOX_MAX_ATTEMPTS);
    expect(MAIL_MAX_ATTEMPTS).toBe(OUTBOX_MAX_ATTEMPTS);
  });

  it("formats and masks numbers", () => {
    expect(toInternational("0912345678")).toBe("+84912345678");
    expect(toInternational("+84912345678")).toBe("+84912345678");
    expect(maskPhone("0912345678")).toBe("0912•••678");
  });
});

describe.each(engines)("SMS outbox on %s", (engine) => {
  async function withDb(body: (db: Awaited<ReturnType<typeof migratedDatabase>>["db"]) => Promise<void>) {
    const fresh = await migratedDatabase(engine);
    try {
      await body(fresh.db);
    } finally {
      await fresh.close();
    }
  }

  it("sends due messages, records the provider's id, leaves later ones; refuses a bad number", async () => {
    await withDb(async (db) => {
      const { provider, sent } = fakeProvider();
      const first = await enqueueSms(db, { to: "0912 345 678", body: "Hồ sơ đã được tiếp nhận" }, NOW);
      const notYet = await enqueueSms(db, { to: "0987654321", body: "Sau" }, later(MINUTE));
      const report = await deliverDueSms(db, provider, { now: NOW });
      expect(report).toMatchObject({ attempted: 1, sent: [first], failed: [] });
      expect(sent).toEqual([{ to: "0912345678", body: "Hồ sơ đã được tiếp nhận" }]);
      expect(await findOutboxSms(db, first)).toMatchObject({ attempts: 1, sent_at: NOW.toISOString(), provider_id: "fake-1", last_error: null });
      expect(await findOutboxSms(db, notYet)).toMatchObject({ attempts: 0, sent_at: null });
      await expect(enqueueSms(db, { to: "12345", body: "x" }, NOW)).rejects.toThrow(TypeError);
      await expect(enqueueSms(db, { to: "0912345678", body: " " }, NOW)).rejects.toThrow(TypeError);
    });
  });

  it("keeps a message while the gateway is down, retries with back-off, sends it once it is back", async () => {
    await withDb(async (db) => {
      const { provider, sent, state } = fakeProvider({ down: true });
      const id = await enqueueSms(db, { to: "0912345678", body: "Hồ sơ cần bổ sung" }, NOW);
      const first = await deliverDueSms(db, provider, { now: NOW });
      expect(first.failed).toMatchObject([{ id, attempts: 1, retryAt: later(MINUTE).toISOString() }]);
      expect(await findOutboxSms(db, id)).toMatchObject({ attempts: 1, sent_at: null, last_error: "gateway answered 503", next_attempt_at: later(MINUTE).toISOString() });
      // Not due again before the delay.
      expect((await deliverDueSms(db, provider, { now: later(30_000) })).attempted).toBe(0);
      const second = await deliverDueSms(db, provider, { now: later(MINUTE) });
      expect(second.failed).toMatchObject([{ attempts: 2, retryAt: later(6 * MINUTE).toISOString() }]);
      state.down = false;
      const third = await deliverDueSms(db, provider, { now: later(6 * MINUTE) });
      expect(third.sent).toEqual([id]);
      expect(sent).toHaveLength(1);
      expect(await findOutboxSms(db, id)).toMatchObject({ attempts: 3, sent_at: later(6 * MINUTE).toISOString() });
    });
  });

  it("gives up after the last attempt and keeps the row with its error", async () => {
    await withDb(async (db) => {
      const { provider } = fakeProvider({ down: true });
      const id = await enqueueSms(db, { to: "0912345678", body: "x" }, NOW);
      await deliverDueSms(db, provider, { now: NOW, maxAttempts: 2 });
      const last = await deliverDueSms(db, provider, { now: later(MINUTE), maxAttempts: 2 });
      expect(last.failed).toMatchObject([{ id, attempts: 2, retryAt: null }]);
      expect((await deliverDueSms(db, provider, { now: later(24 * 60 * MINUTE), maxAttempts: 2 })).attempted).toBe(0);
      expect(await findOutboxSms(db, id)).toMatchObject({ attempts: 2, sent_at: null, last_error: "gateway answered 503" });
    });
  });

  it("two workers at once never send the same message twice", async () => {
    await withDb(async (db) => {
      const { provider, sent } = fakeProvider({ delayMs: 5 });
      const ids = [];
      for (let i = 0; i < 6; i++) ids.push(await enqueueSms(db, { to: "0912345678", body: `Tin ${i}` }, NOW));
      const [a, b] = await Promise.all([deliverDueSms(db, provider, { now: NOW }), deliverDueSms(db, provider, { now: NOW })]);
      expect([...a.sent, ...b.sent].sort()).toEqual([...ids].sort());
      expect(a.attempted + b.attempted).toBe(6);
      expect(sent.map((m) => m.body).sort()).toEqual(["Tin 0", "Tin 1", "Tin 2", "Tin 3", "Tin 4", "Tin 5"]);
    });
  });

  it("the worker delivers through the logging provider (masked number in the log) and stops cleanly", async () => {
    await withDb(async (db) => {
      const lines: string[] = [];
      const logger = createLogger("info", (line) => lines.push(line));
      const id = await enqueueSms(db, { to: "0912345678", body: "Hồ sơ đã có kết quả" }, new Date());
      const stop = startSmsWorker(db, createLoggingSmsProvider(logger), logger, { intervalMs: 10 });
      for (let i = 0; i < 200 && !(await findOutboxSms(db, id))?.sent_at; i++) await new Promise((r) => setTimeout(r, 10));
      await stop();
      const row = await findOutboxSms(db, id);
      expect(row?.sent_at).not.toBeNull();
      expect(row?.provider_id).toMatch(/^log-/);
      const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => String(l.msg).startsWith("sms (not sent"));
      expect(logged).toMatchObject({ to: "0912•••678", body: "Hồ sơ đã có kết quả" });
      expect(lines.join("\n")).not.toContain("0912345678");
    });
  });
});
