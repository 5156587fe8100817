// The SMS channel of the outbox: its checks on a number and a text, what it hands the provider and keeps of its answer.
// The outbox's discipline (claims, leases, back-off, giving up, two workers) is tested once for every channel in
// outbox.server.test.ts.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { engines, migratedDatabase } from "../../db/testing";
import { OUTBOX_MAX_ATTEMPTS } from "../domain/dossiers/notices";
import { createLogger } from "./logger.server";
import { findOutboxRow } from "./outbox.repo.server";
import type { OutboxDb } from "./outbox.server";
import { createLoggingSmsProvider, maskPhone, SmsSendError, toInternational, type SmsMessage, type SmsProvider } from "./sms.server";
import { deliverDueSms, enqueueSms, SMS_OUTBOX, startSmsWorker } from "./sms-outbox.server";

const MINUTE = 60_000;
const NOW = new Date("2026-12-01T02:00:00.000Z");

/** A provider that records what it sends and answers with `answer` (an id, or an error to throw). */
function fakeProvider(answer: () => string | null | Error) {
  const sent: SmsMessage[] = [];
  const provider: SmsProvider = {
    name: "fake",
    async send(message) {
      const result = answer();
      if (result instanceof Error) throw result;
      sent.push(message);
      return { providerId: result };
    },
  };
  return { provider, sent };
}

describe("SMS numbers and schedule", () => {
  it("formats and masks numbers", () => {
    expect(toInternational("0912345678")).toBe("+84912345678");
    expect(toInternational("+84912345678")).toBe("+84912345678");
    expect(maskPhone("0912345678")).toBe("0912•••678");
  });

  it("retries on the outbox's schedule, giving up when the dossier's timeline says failed", () => {
    expect(SMS_OUTBOX.schedule.maxAttempts).toBe(OUTBOX_MAX_ATTEMPTS);
    expect(SMS_OUTBOX.schedule.retryDelaysMs.slice(0, 4)).toEqual([1, 5, 15, 60].map((m) => m * MINUTE));
  });
});

describe.each(engines)("SMS outbox on %s", (engine) => {
  let db: OutboxDb;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ db, close } = await migratedDatabase(engine));
  });
  afterEach(() => close());

  it("keeps a number without spaces, dots or dashes, and refuses one that is not Vietnamese, or an empty text", async () => {
    const id = await enqueueSms(db, { to: "0912 345.67-8", body: "Hồ sơ đã được tiếp nhận" }, NOW);
    const intl = await enqueueSms(db, { to: "+84912345678", body: "x" }, NOW);
    expect(await findOutboxRow(db, "sms_outbox", id)).toMatchObject({ to_phone: "0912345678", body: "Hồ sơ đã được tiếp nhận", provider_id: null, created_at: NOW.toISOString() });
    expect(await findOutboxRow(db, "sms_outbox", intl)).toMatchObject({ to_phone: "+84912345678" });
    for (const to of ["12345", "0912345", "+1912345678", "09123456789012", "0912abc678", ""]) {
      await expect(enqueueSms(db, { to, body: "x" }, NOW), to).rejects.toThrow("SMS recipient must be a Vietnamese phone number.");
    }
    await expect(enqueueSms(db, { to: "0912345678", body: " \n" }, NOW)).rejects.toThrow("SMS body must not be empty.");
    expect(await db.selectFrom("sms_outbox").select("id").execute()).toHaveLength(2);
  });

  it("hands the provider the number and text and keeps the gateway's id (at most 100 characters, or none)", async () => {
    const answers = ["gw-1", "x".repeat(150), null];
    const { provider, sent } = fakeProvider(() => answers.shift()!);
    const ids = [];
    for (const body of ["một", "hai", "ba"]) ids.push(await enqueueSms(db, { to: "0912345678", body }, NOW));
    expect((await deliverDueSms(db, provider, { now: NOW })).sent).toEqual(ids);
    expect(sent).toEqual(["một", "hai", "ba"].map((body) => ({ to: "0912345678", body })));
    const rows = await Promise.all(ids.map((id) => findOutboxRow(db, "sms_outbox", id)));
    expect(rows.map((r) => [r!.sent_at, r!.provider_id])).toEqual([
      [NOW.toISOString(), "gw-1"],
      [NOW.toISOString(), "x".repeat(100)],
      [NOW.toISOString(), null],
    ]);
  });

  it("keeps the gateway's refusal as the row's last error and retries a minute later", async () => {
    const { provider } = fakeProvider(() => new SmsSendError("gateway answered 503"));
    const id = await enqueueSms(db, { to: "0912345678", body: "Hồ sơ cần bổ sung" }, NOW);
    const report = await deliverDueSms(db, provider, { now: NOW });
    expect(report.failed).toMatchObject([{ id, attempts: 1, retryAt: new Date(NOW.getTime() + MINUTE).toISOString() }]);
    expect(await findOutboxRow(db, "sms_outbox", id)).toMatchObject({ attempts: 1, sent_at: null, provider_id: null, last_error: "gateway answered 503" });
  });

  it("the worker delivers through the logging provider (masked number in the log) and stops cleanly", async () => {
    const lines: string[] = [];
    const logger = createLogger("info", (line) => lines.push(line));
    const id = await enqueueSms(db, { to: "0912345678", body: "Hồ sơ đã có kết quả" }, new Date());
    const stop = startSmsWorker(db, createLoggingSmsProvider(logger), logger, { intervalMs: 10 });
    try {
      await expect.poll(async () => (await findOutboxRow(db, "sms_outbox", id))?.sent_at ?? null).not.toBeNull();
    } finally {
      await stop();
    }
    expect((await findOutboxRow(db, "sms_outbox", id))?.provider_id).toMatch(/^log-/);
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged.find((l) => String(l.msg).startsWith("sms (not sent"))).toMatchObject({ to: "0912•••678", body: "Hồ sơ đã có kết quả" });
    expect(logged.find((l) => l.msg === "sms sent")).toMatchObject({ count: 1, provider: "log" });
    expect(lines.join("\n")).not.toContain("0912345678");
  });
});
