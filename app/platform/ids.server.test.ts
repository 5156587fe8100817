import { describe, expect, it } from "vitest";
import { newId } from "./ids.server";

describe("newId", () => {
  it("makes version-7 UUIDs that carry their creation time", () => {
    const a = newId(Date.UTC(2026, 0, 1));
    const b = newId(Date.UTC(2026, 0, 2));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.slice(0, 13)).toBe("019b76da-a800");
    expect(a < b).toBe(true);
  });

  it("sorts in creation order even within one millisecond", () => {
    const ms = Date.UTC(2026, 5, 1);
    const ids = Array.from({ length: 2000 }, () => newId(ms));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(2000);
  });

  it("never repeats", () => {
    expect(new Set(Array.from({ length: 5000 }, () => newId())).size).toBe(5000);
  });
});
