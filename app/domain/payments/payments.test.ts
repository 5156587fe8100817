import { describe, expect, it } from "vitest";
import { applyAttemptEvent, ATTEMPT_STATES, duplicatePayments, requestStateOf, type AttemptEvent, type EventSource } from "./payments";

describe("the payment attempt's state machine", () => {
  it("moves money state only on the gateway's callback or reconciliation, never on the browser's word", () => {
    for (const state of ATTEMPT_STATES) {
      expect(applyAttemptEvent(state, "confirmedPaid", "browser")).toEqual({ ok: false, reason: "notAllowedBy" });
      expect(applyAttemptEvent(state, "confirmedFailed", "browser")).toEqual({ ok: false, reason: "notAllowedBy" });
    }
    expect(applyAttemptEvent("pending", "confirmedPaid", "callback")).toEqual({ ok: true, to: "paid", late: false });
    expect(applyAttemptEvent("pending", "confirmedPaid", "reconciliation")).toEqual({ ok: true, to: "paid", late: false });
    expect(applyAttemptEvent("pending", "confirmedFailed", "callback")).toEqual({ ok: true, to: "failed", late: false });
  });

  it("answers a replayed confirmation as 'already' (no double credit), and records a late success as paid", () => {
    expect(applyAttemptEvent("paid", "confirmedPaid", "callback")).toEqual({ ok: false, reason: "already" });
    expect(applyAttemptEvent("expired", "confirmedPaid", "callback")).toEqual({ ok: true, to: "paid", late: true });
    expect(applyAttemptEvent("failed", "confirmedPaid", "reconciliation")).toEqual({ ok: true, to: "paid", late: true });
    expect(applyAttemptEvent("paid", "confirmedFailed", "callback")).toEqual({ ok: false, reason: "notAllowedFrom" });
    expect(applyAttemptEvent("refunded", "confirmedPaid", "callback")).toEqual({ ok: false, reason: "notAllowedFrom" });
  });

  it("lets each event come only from where it may", () => {
    const cases: [AttemptEvent, EventSource, boolean][] = [
      ["redirected", "browser", true],
      ["redirected", "callback", false],
      ["timedOut", "reconciliation", true],
      ["timedOut", "browser", false],
      ["cancelled", "browser", true],
      ["refunded", "officer", true],
      ["refunded", "browser", false],
    ];
    for (const [event, source, allowed] of cases) {
      const from = event === "refunded" ? "paid" : "pending";
      const state = event === "redirected" ? "created" : from;
      expect(applyAttemptEvent(state, event, source).ok, `${event} by ${source}`).toBe(allowed);
    }
  });
});

describe("the payment request's state", () => {
  const at = (n: number) => `2026-11-30T0${n}:00:00.000Z`;
  it("follows its attempts: paid once one is paid, pending while one is open, else as the latest ended", () => {
    expect(requestStateOf([], null)).toBe("created");
    expect(requestStateOf([{ state: "pending", createdAt: at(1) }], null)).toBe("pending");
    expect(requestStateOf([{ state: "failed", createdAt: at(1) }], null)).toBe("failed");
    expect(requestStateOf([{ state: "failed", createdAt: at(1) }, { state: "expired", createdAt: at(2) }], null)).toBe("expired");
    expect(requestStateOf([{ state: "failed", createdAt: at(1) }, { state: "paid", createdAt: at(2) }], null)).toBe("paid");
    expect(requestStateOf([{ state: "failed", createdAt: at(1) }, { state: "pending", createdAt: at(2) }], null)).toBe("pending");
    expect(requestStateOf([{ state: "paid", createdAt: at(1) }], "refunded")).toBe("refunded");
    expect(requestStateOf([{ state: "failed", createdAt: at(1) }], "cancelled")).toBe("cancelled");
  });

  it("finds a second payment of the same obligation (two tabs paid) as a duplicate to refund", () => {
    const first = { id: "a", state: "paid" as const, paidAt: "2026-11-30T01:00:05.000Z" };
    const second = { id: "b", state: "paid" as const, paidAt: "2026-11-30T01:00:09.000Z" };
    expect(duplicatePayments([second, first, { id: "c", state: "failed" as const, paidAt: null }])).toEqual([second]);
    expect(duplicatePayments([first])).toEqual([]);
  });
});
