import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatTimestamp, formatVnd, todayInVietnam } from "./format";

describe("formatting", () => {
  it("writes dates as dd/mm/yyyy, in Vietnam time for instants", () => {
    expect(formatDate("2026-02-03")).toBe("03/02/2026");
    // 17:30 UTC on 31 Dec is already 1 January in Hà Giang (UTC+7).
    expect(formatDate("2025-12-31T17:30:00.000Z")).toBe("01/01/2026");
    expect(formatDate(new Date("2025-12-31T16:59:59.000Z"))).toBe("31/12/2025");
    expect(() => formatDate("yesterday")).toThrow(RangeError);
  });

  it("writes times in Asia/Ho_Chi_Minh with the language's connective", () => {
    expect(formatDateTime("2026-02-03T07:05:00.000Z", "vi")).toBe("14:05 ngày 03/02/2026");
    expect(formatDateTime("2026-02-03T07:05:00.000Z", "en")).toBe("14:05 on 03/02/2026");
  });

  it("writes a timestamp as dd/mm/yyyy HH:mm in Vietnam time", () => {
    expect(formatTimestamp("2026-02-03T07:05:00.000Z")).toBe("03/02/2026 14:05");
    expect(formatTimestamp(new Date("2025-12-31T17:30:00.000Z"))).toBe("01/01/2026 00:30");
    expect(() => formatTimestamp("soon")).toThrow(RangeError);
  });

  it("knows today's date in Vietnam", () => {
    expect(todayInVietnam(new Date("2026-11-29T18:00:00.000Z"))).toBe("2026-11-30");
    expect(todayInVietnam(new Date("2026-11-29T16:59:00.000Z"))).toBe("2026-11-29");
  });

  it("writes money as whole đồng", () => {
    expect(formatVnd(1200000, "vi")).toBe("1.200.000 ₫");
    expect(formatVnd(1200000, "en")).toBe("1,200,000 VND");
    expect(formatVnd(0, "vi")).toBe("0 ₫");
    expect(formatVnd(-8000, "vi")).toBe("-8.000 ₫");
    expect(() => formatVnd(10.5, "vi")).toThrow(RangeError);
  });
});
