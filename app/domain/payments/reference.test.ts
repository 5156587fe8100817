import { describe, expect, it } from "vitest";
import { isReference, newReference, referencesIn } from "./reference";

const bytes = (...b: number[]) => () => Uint8Array.from(b);

describe("payment references", () => {
  it("carries the Vietnam-time day, six random characters and a check character", () => {
    // 23:30 UTC on 28/11 is already 29/11 in Hà Giang.
    const ref = newReference(new Date("2026-11-28T23:30:00Z"), bytes(0, 0, 0, 0, 0));
    expect(ref).toMatch(/^PAY261129000000[0-9A-Z]$/);
    expect(isReference(ref)).toBe(true);
    expect(newReference(new Date("2026-11-29T02:00:00Z"), bytes(255, 255, 255, 255, 255)).slice(0, 15)).toBe("PAY261129ZZZZZZ");
  });

  it("refuses a reference with one character changed or two swapped", () => {
    const ref = newReference(new Date("2026-11-29T02:00:00Z"), bytes(12, 34, 56, 78, 90));
    expect(isReference(ref)).toBe(true);
    for (let i = 9; i < ref.length; i++) {
      const other = ref.slice(0, i) + (ref[i] === "A" ? "B" : "A") + ref.slice(i + 1);
      expect(isReference(other)).toBe(false);
    }
    const swapped = ref.slice(0, 10) + ref[11] + ref[10] + ref.slice(12);
    if (swapped !== ref) expect(isReference(swapped)).toBe(false);
    expect(isReference("PAY2611290001A")).toBe(false);
  });

  it("finds references in a bank statement's description, whatever the app inserted", () => {
    const ref = newReference(new Date("2026-11-29T02:00:00Z"), bytes(1, 2, 3, 4, 5));
    const spaced = `${ref.slice(0, 3)} ${ref.slice(3, 9)}-${ref.slice(9)}`.toLowerCase();
    expect(referencesIn(`MBVCB.123456.DVC ${spaced} LE PHI HS 000.00.12.H22-261129-0001`)).toEqual([ref]);
    expect(referencesIn("chuyen tien hoc phi")).toEqual([]);
  });
});
