import { describe, expect, it } from "vitest";
import { newId } from "./ids.server";

describe("newId", () => {
  it("makes version-7 UUIDs that sort by creation time", () => {
    const a = newId(Date.UTC(2026, 0, 1));
    const b = newId(Date.UTC(2026, 0, 2));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a < b).toBe(true);
    expect(a.slice(0, 13)).toBe("019b76da-a800");
    expect(new Set(Array.from({ length: 1000 }, () => newId())).size).toBe(1000);
  });
});
