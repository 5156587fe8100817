import { describe, expect, it } from "vitest";
import { lineField, normaliseAmount, requestLinesFromForm } from "./office";

// A pay-later request's lines as an official posts them (issue 9): each line checked on its own, blank lines skipped.

describe("requestLinesFromForm", () => {
  const line = (i: number, name: string, kind: string, amount: string, quantity = "1") => ({
    [lineField(i, "name")]: [name],
    [lineField(i, "kind")]: kind ? [kind] : [],
    [lineField(i, "amount")]: [amount],
    [lineField(i, "quantity")]: [quantity],
  });

  it("reads the lines, skips the blank one and joins thousands groups", () => {
    expect(requestLinesFromForm({ lines: ["3"], note: [" Nộp trong 5 ngày "], ...line(0, "Lệ phí cấp giấy", "le_phi", "25.000"), ...line(1, "Phí thẩm định", "phi", "150000 đ", "2"), ...line(2, "", "", "") })).toEqual({
      ok: true,
      lines: [
        { name: "Lệ phí cấp giấy", kind: "le_phi", quantity: 1, amount: 25_000 },
        { name: "Phí thẩm định", kind: "phi", quantity: 2, amount: 150_000 },
      ],
      note: "Nộp trong 5 ngày",
    });
  });

  it("puts each problem on the line's own control", () => {
    expect(requestLinesFromForm({ lines: ["2"], ...line(0, "Lệ phí", "", "abc"), ...line(1, "", "phi", "1000") })).toEqual({
      ok: false,
      errors: [
        { field: "line-0-kind", message: "payments:errors.lineKind" },
        { field: "line-0-amount", message: "payments:errors.lineAmount" },
        { field: "line-1-name", message: "payments:errors.lineName" },
      ],
    });
    expect(requestLinesFromForm({ lines: ["1"], ...line(0, "Phí", "phi", "-5") })).toMatchObject({ ok: false, errors: [{ field: "line-0-amount", message: "payments:errors.lineAmount" }] });
    expect(requestLinesFromForm({ lines: ["1"], ...line(0, "Phí", "phi", "12,5") })).toMatchObject({ ok: false, errors: [{ field: "line-0-amount" }] });
  });

  it("refuses a total of 0", () => {
    expect(requestLinesFromForm({ lines: ["2"], ...line(0, "Phí", "phi", "0"), ...line(1, "", "", "") })).toEqual({ ok: false, errors: [{ field: "line-0-amount", message: "payments:errors.noLines" }] });
    expect(requestLinesFromForm({})).toEqual({ ok: false, errors: [{ field: "line-0-amount", message: "payments:errors.noLines" }] });
  });

  it("normalises typed amounts", () => {
    expect(normaliseAmount(" 1.200.000 ₫")).toBe("1200000");
    expect(normaliseAmount("1,200,000VND")).toBe("1200000");
    expect(normaliseAmount("12.5")).toBe("12.5");
  });
});
