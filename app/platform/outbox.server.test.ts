// The outbox's discipline, whatever the channel: a channel of the tests' own over mail_outbox, with a transport that
// records what it sends, can be down, can be slow, and can be held. The channels' own tests (mail-outbox, sms-outbox)
// check only what is theirs: their checks on a message and what their transport does.
import { describe, expect, it } from "vitest";
import { engines, migratedDatabase } from "../../db/testing";
import { OUTBOX_MAX_ATTEMPTS } from "../domain/dossiers/notices";
import { createLogger } from "./logger.server";
import { claimOutboxRow, findOutboxRow } from "./outbox.repo.server";
import {
  DEFAULT_OUTBOX_SCHEDULE,
  deliverDue,
  enqueue,
  retryDelayMs,
  startOutboxWorker,
  type OutboxChannel,
  type OutboxDb,
} from "./outbox.server";

const MINUTE = 60_000;
const NOW = new Date("2026-12-01T02:00:00.000Z");
const at = (ms: number) => new Date(NOW.getTime() + ms);

class TestSendError extends Error {}
class FinalSendError extends TestSendError {}

interface Note {
  to: string;
  body: string;
  dossierEventId?: string | null;
}

/** A transport that records what it sends; fails with `down` while set; takes `delayMs`; waits for `hold` if set. */
interface FakeTransport {
  sent: Note[];
  down: Error | null;
  delayMs: number;
  hold: Promise<void> | null;
}

const fakeTransport = (): FakeTransport => ({ sent: [], down: null, delayMs: 0, hold: null });

/** Its own schedule (not the default one): the core must follow the channel's. */
const SCHEDULE = { retryDelaysMs: [2 * MINUTE, 7 * MINUTE], maxAttempts: 4, leaseMs: 10 * MINUTE };

const NOTES: OutboxChannel<"mail_outbox", Note, FakeTransport> = {
  name: "note",
  table: "mail_outbox",
  schedule: SCHEDULE,
  columnsOf(note) {
    if (note.to === "") throw new TypeError("no recipient");
    return { to_address: note.to, subject: "note", text_body: note.body };
  },
  async send(transport, row) {
    if (transport.delayMs) await new Promise((resolve) => setTimeout(resolve, transport.delayMs));
    if (transport.hold) await transport.hold;
    if (transport.down) throw transport.down;
    transport.sent.push({ to: row.to_address, body: row.text_body });
    // What a channel returns is set on the row once sent (the SMS channel keeps the gateway's id so).
    return { html_body: `sent as #${transport.sent.length}` };
  },
  sendError: TestSendError,
  logFields: () => ({ transport: "fake" }),
  isPermanent: (error) => error instanceof FinalSendError,
};

describe("retry schedule", () => {
  it("waits the channel's delays in turn and stays at the last one", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => retryDelayMs(DEFAULT_OUTBOX_SCHEDULE, n))).toEqual([1, 5, 15, 60, 180, 360, 360, 360].map((m) => m * MINUTE));
    expect([0, 1, 2, 3].map((n) => retryDelayMs(SCHEDULE, n))).toEqual([2, 2, 7, 7].map((m) => m * MINUTE));
  });

  it("gives up after as many attempts as the dossier's timeline counts", () => {
    expect(DEFAULT_OUTBOX_SCHEDULE.maxAttempts).toBe(OUTBOX_MAX_ATTEMPTS);
  });
});

describe.each(engines)("the outbox on %s", (engine) => {
  async function withDb(body: (db: OutboxDb) => Promise<void>) {
    const fresh = await migratedDatabase(engine);
    try {
      await body(fresh.db);
    } finally {
      await fresh.close();
    }
  }

  it("sends the due messages oldest first, keeps what the channel returns, and leaves those not yet due", async () => {
    await withDb(async (db) => {
      const transport = fakeTransport();
      const second = await enqueue(db, NOTES, { to: "b", body: "hai", dossierEventId: "ev-1" }, at(1000));
      const first = await enqueue(db, NOTES, { to: "a", body: "một" }, NOW);
      const later = await enqueue(db, NOTES, { to: "c", body: "sau" }, at(MINUTE));
      expect(await findOutboxRow(db, "mail_outbox", second)).toMatchObject({ attempts: 0, sent_at: null, next_attempt_at: at(1000).toISOString(), created_at: at(1000).toISOString(), dossier_event_id: "ev-1" });

      const report = await deliverDue(db, NOTES, transport, { now: at(2000) });
      expect(report).toEqual({ attempted: 2, sent: [first, second], failed: [] });
      expect(transport.sent).toEqual([{ to: "a", body: "một" }, { to: "b", body: "hai" }]);
      expect(await findOutboxRow(db, "mail_outbox", first)).toMatchObject({ attempts: 1, sent_at: at(2000).toISOString(), html_body: "sent as #1", last_error: null, dossier_event_id: null });
      expect(await findOutboxRow(db, "mail_outbox", later)).toMatchObject({ attempts: 0, sent_at: null });

      // Sent messages are not sent again; the later one goes when it is due; a batch takes no more than asked.
      expect((await deliverDue(db, NOTES, transport, { now: at(2000) })).attempted).toBe(0);
      await enqueue(db, NOTES, { to: "d", body: "bốn" }, NOW);
      expect((await deliverDue(db, NOTES, transport, { now: at(MINUTE), batch: 1 })).attempted).toBe(1);
      expect((await deliverDue(db, NOTES, transport, { now: at(MINUTE), batch: 1 })).sent).toEqual([later]);
      expect(transport.sent).toHaveLength(4);
    });
  });

  it("refuses what the channel refuses, writing nothing", async () => {
    await withDb(async (db) => {
      await expect(enqueue(db, NOTES, { to: "", body: "x" }, NOW)).rejects.toThrow("no recipient");
      expect(await db.selectFrom("mail_outbox").select("id").execute()).toEqual([]);
    });
  });

  it("writes nothing for a transaction rolled back, and a message once it commits", async () => {
    await withDb(async (db) => {
      const transport = fakeTransport();
      await expect(
        db.transaction().execute(async (trx) => {
          await enqueue(trx, NOTES, { to: "a", body: "không gửi" }, NOW);
          throw new Error("the change failed");
        }),
      ).rejects.toThrow("the change failed");
      expect((await deliverDue(db, NOTES, transport, { now: NOW })).attempted).toBe(0);

      const id = await db.transaction().execute((trx) => enqueue(trx, NOTES, { to: "a", body: "gửi" }, NOW));
      expect((await deliverDue(db, NOTES, transport, { now: NOW })).sent).toEqual([id]);
      expect(transport.sent.map((n) => n.body)).toEqual(["gửi"]);
    });
  });

  it("gives up at once on a failure the channel says is permanent, keeping its error", async () => {
    await withDb(async (db) => {
      const transport = fakeTransport();
      transport.down = new FinalSendError("550 no such mailbox");
      const id = await enqueue(db, NOTES, { to: "a", body: "x" }, NOW);
      const report = await deliverDue(db, NOTES, transport, { now: NOW });
      expect(report.failed).toMatchObject([{ id, attempts: SCHEDULE.maxAttempts, retryAt: null }]);
      expect(await findOutboxRow(db, "mail_outbox", id)).toMatchObject({ attempts: SCHEDULE.maxAttempts, sent_at: null, last_error: "550 no such mailbox" });
      transport.down = null;
      expect((await deliverDue(db, NOTES, transport, { now: at(100_000 * MINUTE) })).attempted).toBe(0);
    });
  });

  it("retries with the channel's back-off, keeps the last error, then gives up and never takes the row again", async () => {
    await withDb(async (db) => {
      const transport = fakeTransport();
      transport.down = new TestSendError("gateway answered 503");
      const id = await enqueue(db, NOTES, { to: "a", body: "x" }, NOW);

      const first = await deliverDue(db, NOTES, transport, { now: NOW });
      expect(first).toMatchObject({ attempted: 1, sent: [], failed: [{ id, attempts: 1, retryAt: at(2 * MINUTE).toISOString() }] });
      expect(first.failed[0]!.error).toBe(transport.down);
      expect(await findOutboxRow(db, "mail_outbox", id)).toMatchObject({ attempts: 1, sent_at: null, last_error: "gateway answered 503", next_attempt_at: at(2 * MINUTE).toISOString() });

      // Not due before its time.
      expect((await deliverDue(db, NOTES, transport, { now: at(2 * MINUTE - 1) })).attempted).toBe(0);

      // An error that is not the transport's own keeps its name.
      transport.down = new RangeError("bad answer");
      const second = await deliverDue(db, NOTES, transport, { now: at(2 * MINUTE) });
      expect(second.failed).toMatchObject([{ id, attempts: 2, retryAt: at(9 * MINUTE).toISOString() }]);
      expect((await findOutboxRow(db, "mail_outbox", id))!.last_error).toBe("RangeError: bad answer");

      // A very long error is cut.
      transport.down = new TestSendError("é".repeat(5000));
      const third = await deliverDue(db, NOTES, transport, { now: at(9 * MINUTE) });
      expect(third.failed).toMatchObject([{ attempts: 3, retryAt: at(16 * MINUTE).toISOString() }]);
      const error = (await findOutboxRow(db, "mail_outbox", id))!.last_error!;
      expect(error).toHaveLength(2000);
      expect(error.endsWith("é…")).toBe(true);

      // The channel's 4th attempt is the last: given up, the row stays with its error and attempts.
      transport.down = new TestSendError("still down");
      const last = await deliverDue(db, NOTES, transport, { now: at(16 * MINUTE) });
      expect(last.failed).toMatchObject([{ id, attempts: 4, retryAt: null }]);
      expect((await deliverDue(db, NOTES, transport, { now: at(100_000 * MINUTE) })).attempted).toBe(0);
      expect(await findOutboxRow(db, "mail_outbox", id)).toMatchObject({ attempts: 4, sent_at: null, last_error: "still down" });

      // Once the transport is back, a message still due goes; maxAttempts may be lowered for one call.
      transport.down = null;
      const other = await enqueue(db, NOTES, { to: "b", body: "y" }, NOW);
      expect((await deliverDue(db, NOTES, transport, { now: at(16 * MINUTE) })).sent).toEqual([other]);
      expect(await findOutboxRow(db, "mail_outbox", other)).toMatchObject({ attempts: 1, last_error: null });
      transport.down = new TestSendError("down");
      const oneTry = await enqueue(db, NOTES, { to: "c", body: "z" }, NOW);
      expect((await deliverDue(db, NOTES, transport, { now: NOW, maxAttempts: 1 })).failed).toMatchObject([{ id: oneTry, attempts: 1, retryAt: null }]);
    });
  });

  it("keeps a row claimed by an attempt under way from other workers until its lease ends", async () => {
    await withDb(async (db) => {
      const transport = fakeTransport();
      const id = await enqueue(db, NOTES, { to: "a", body: "x" }, NOW);
      // A worker claims the row, then stops answering (its process died mid-attempt).
      const row = (await findOutboxRow(db, "mail_outbox", id))!;
      expect(await claimOutboxRow(db, "mail_outbox", row, at(SCHEDULE.leaseMs).toISOString())).toBe(true);
      // The same claim again loses: the row has changed since it was read.
      expect(await claimOutboxRow(db, "mail_outbox", row, at(SCHEDULE.leaseMs).toISOString())).toBe(false);

      expect((await deliverDue(db, NOTES, transport, { now: at(SCHEDULE.leaseMs - 1) })).attempted).toBe(0);
      const report = await deliverDue(db, NOTES, transport, { now: at(SCHEDULE.leaseMs) });
      expect(report.sent).toEqual([id]);
      expect(await findOutboxRow(db, "mail_outbox", id)).toMatchObject({ attempts: 2, sent_at: at(SCHEDULE.leaseMs).toISOString() });
    });
  });

  it("leases the row for an attempt in progress: a second worker meanwhile does not send it", async () => {
    await withDb(async (db) => {
      const transport = fakeTransport();
      let release!: () => void;
      transport.hold = new Promise<void>((resolve) => (release = resolve));
      const id = await enqueue(db, NOTES, { to: "a", body: "x" }, NOW);
      const slow = deliverDue(db, NOTES, transport, { now: NOW });
      await expect.poll(async () => (await findOutboxRow(db, "mail_outbox", id))!.attempts).toBe(1);
      expect(await findOutboxRow(db, "mail_outbox", id)).toMatchObject({ next_attempt_at: at(SCHEDULE.leaseMs).toISOString(), sent_at: null });
      expect((await deliverDue(db, NOTES, transport, { now: at(SCHEDULE.leaseMs - 1) })).attempted).toBe(0);
      release();
      expect((await slow).sent).toEqual([id]);
      expect(transport.sent).toHaveLength(1);
    });
  });

  it("sends each message once when two workers run at the same time", async () => {
    await withDb(async (db) => {
      const transport = fakeTransport();
      transport.delayMs = 5;
      const ids: string[] = [];
      for (let i = 0; i < 8; i++) ids.push(await enqueue(db, NOTES, { to: "a", body: `Tin ${i}` }, NOW));
      const [a, b] = await Promise.all([deliverDue(db, NOTES, transport, { now: NOW }), deliverDue(db, NOTES, transport, { now: NOW })]);
      expect([...a.sent, ...b.sent].sort()).toEqual([...ids].sort());
      expect(a.attempted + b.attempted).toBe(8);
      // Both took part: the race was real.
      expect(a.attempted).toBeGreaterThan(0);
      expect(b.attempted).toBeGreaterThan(0);
      expect(transport.sent.map((n) => n.body).sort()).toEqual(ids.map((_, i) => `Tin ${i}`).sort());
    });
  });

  it("runs as a background worker: full batches at once, failures logged under the channel's name, a clean stop", async () => {
    await withDb(async (db) => {
      const transport = fakeTransport();
      const lines: Record<string, unknown>[] = [];
      const logger = createLogger("debug", (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
      for (let i = 0; i < 5; i++) await enqueue(db, NOTES, { to: "a", body: `Nền ${i}` });
      const stop = startOutboxWorker(db, NOTES, transport, logger, { intervalMs: 20, batch: 2 });
      try {
        await expect.poll(() => transport.sent.length).toBe(5);
      } finally {
        await stop();
      }
      // 2 + 2 + 1 in one round: a full batch is followed at once by the next.
      expect(lines.filter((l) => l.msg === "note sent").map((l) => [l.count, l.transport])).toEqual([[2, "fake"], [2, "fake"], [1, "fake"]]);

      transport.down = new TestSendError("down");
      const id = await enqueue(db, NOTES, { to: "z", body: "lỗi" });
      const again = startOutboxWorker(db, NOTES, transport, logger, { intervalMs: 20, maxAttempts: 1 });
      try {
        await expect.poll(() => lines.find((l) => l.noteId === id)).toMatchObject({ level: "error", msg: "note not sent; giving up", attempts: 1 });
      } finally {
        await again();
      }
      const other = await enqueue(db, NOTES, { to: "y", body: "lỗi" });
      const third = startOutboxWorker(db, NOTES, transport, logger, { intervalMs: 20 });
      try {
        await expect.poll(() => lines.find((l) => l.noteId === other)).toMatchObject({ level: "warn", msg: "note not sent; will retry", attempts: 1 });
      } finally {
        await third();
      }
      const count = lines.length;
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(lines).toHaveLength(count); // stopped: no more rounds

      // A database that fails is logged, and the worker goes on trying.
      const broken = {
        selectFrom() {
          throw new Error("database unavailable");
        },
      } as unknown as OutboxDb;
      const fourth = startOutboxWorker(broken, NOTES, transport, logger, { intervalMs: 10 });
      try {
        await expect.poll(() => lines.filter((l) => l.msg === "note outbox unavailable").length).toBeGreaterThan(1);
      } finally {
        await fourth();
      }
    });
  });
});
