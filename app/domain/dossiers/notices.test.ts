import { describe, expect, it } from "vitest";
import { deliveriesByEvent, deliveryKeys, deliveryStatus, OUTBOX_MAX_ATTEMPTS } from "./notices";

describe("delivery status of an outbox row", () => {
  it("sent, failed, retrying, queued", () => {
    expect(deliveryStatus({ attempts: 3, sentAt: "2026-12-01T02:00:00Z", lastError: "earlier failure" })).toBe("sent");
    expect(deliveryStatus({ attempts: OUTBOX_MAX_ATTEMPTS, sentAt: null, lastError: "refused" })).toBe("failed");
    expect(deliveryStatus({ attempts: 2, sentAt: null, lastError: "refused" }, 2)).toBe("failed");
    expect(deliveryStatus({ attempts: 1, sentAt: null, lastError: "connection refused" })).toBe("retrying");
    expect(deliveryStatus({ attempts: 0, sentAt: null, lastError: null })).toBe("queued");
    // A first attempt under way (claimed, no answer yet) is still waiting.
    expect(deliveryStatus({ attempts: 1, sentAt: null, lastError: null })).toBe("queued");
  });

  it("groups by history row, e-mails before text messages, and names each (channel, status) once", () => {
    const map = deliveriesByEvent([
      { eventId: "e1", channel: "sms", attempts: 0, sentAt: null, lastError: null },
      { eventId: "e1", channel: "email", attempts: 1, sentAt: "x", lastError: null },
      { eventId: "e1", channel: "email", attempts: 1, sentAt: "x", lastError: null },
      { eventId: "e2", channel: "email", attempts: 2, sentAt: null, lastError: "down" },
    ]);
    expect(map.get("e1")).toEqual([
      { channel: "email", status: "sent" },
      { channel: "email", status: "sent" },
      { channel: "sms", status: "queued" },
    ]);
    expect(map.get("e2")).toEqual([{ channel: "email", status: "retrying" }]);
    expect(deliveryKeys(map.get("e1")!)).toEqual(["delivery.email.sent", "delivery.sms.queued"]);
  });
});
