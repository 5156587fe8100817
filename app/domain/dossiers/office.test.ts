import { describe, expect, it } from "vitest";
import { isOfficialAction, paramsFromForm } from "./office";

// The action pages' fields as the engine's params, checked with the engine's own schemas (issue 6).

describe("paramsFromForm", () => {
  it("turns a refusal's fields into its params, and asks for what is missing", () => {
    expect(paramsFromForm("refuse", { reasons: ["notCompetent", "other"], text: [" Không thuộc thẩm quyền "], legalBasis: ["Điều 18"] })).toEqual({
      ok: true,
      params: { reasons: ["notCompetent", "other"], text: "Không thuộc thẩm quyền", legalBasis: "Điều 18" },
    });
    const refused = paramsFromForm("refuse", { text: [""], legalBasis: [""] });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.errors).toEqual([
        { field: "reasons", message: "dossiers:actions.errors.reasons" },
        { field: "text", message: "dossiers:actions.errors.required" },
        { field: "legalBasis", message: "dossiers:actions.errors.required" },
      ]);
    }
    expect(paramsFromForm("refuse", { reasons: ["forged"], text: ["x"], legalBasis: ["y"] })).toMatchObject({ ok: false, errors: [{ field: "reasons", message: "dossiers:actions.errors.invalid" }] });
  });

  it("needs something flagged in a supplementation request, and a number of days when one is given", () => {
    expect(paramsFromForm("requestSupplement", { fields: ["fullName"], documents: ["0"], note: ["Thiếu chữ ký"], respondWithinDays: ["10"], justification: [""] })).toEqual({
      ok: true,
      params: { fields: ["fullName"], documents: [0], note: "Thiếu chữ ký", justification: undefined, respondWithinDays: 10 },
    });
    expect(paramsFromForm("requestSupplement", { note: ["Thiếu"], respondWithinDays: [""] })).toMatchObject({ ok: false, errors: [{ field: "items", message: "dossiers:actions.errors.nothingFlagged" }] });
    expect(paramsFromForm("requestSupplement", { documents: ["0"], note: ["Thiếu"], respondWithinDays: ["mười"] })).toMatchObject({ ok: false, errors: [{ field: "respondWithinDays", message: "dossiers:actions.errors.days" }] });
    expect(paramsFromForm("requestSupplement", { documents: ["0"], note: ["Thiếu"], respondWithinDays: ["0"] })).toMatchObject({ ok: false, errors: [{ field: "respondWithinDays", message: "dossiers:actions.errors.days" }] });
  });

  it("reads an apology's new date and time in Vietnam time", () => {
    expect(paramsFromForm("apologize", { reason: ["Cần xác minh thêm"], newDueDate: ["22/12/2026"], newDueTime: ["17:00"] })).toEqual({ ok: true, params: { reason: "Cần xác minh thêm", newDueAt: "2026-12-22T10:00:00.000Z" } });
    expect(paramsFromForm("apologize", { reason: ["x"], newDueDate: ["32/12/2026"], newDueTime: ["17:00"] })).toMatchObject({ ok: false, errors: [{ field: "newDueAt", message: "dossiers:actions.errors.newDueAt" }] });
  });

  it("requires a tracking note for a result sent by post, a note to send back, a stop reason, an agency to transfer to", () => {
    expect(paramsFromForm("returnResult", { channel: ["post"], trackingNote: [""] })).toMatchObject({ ok: false, errors: [{ field: "trackingNote", message: "dossiers:actions.errors.trackingNote" }] });
    expect(paramsFromForm("returnResult", { channel: ["counter"] })).toEqual({ ok: true, params: { channel: "counter", trackingNote: undefined } });
    expect(paramsFromForm("returnResult", {})).toMatchObject({ ok: false, errors: [{ field: "channel", message: "dossiers:actions.errors.channel" }] });
    expect(paramsFromForm("sendBack", { note: [" "] })).toMatchObject({ ok: false, errors: [{ field: "note", message: "dossiers:actions.errors.required" }] });
    expect(paramsFromForm("forward", { note: [""] })).toEqual({ ok: true, params: { note: undefined } });
    expect(paramsFromForm("stop", { text: ["x"] })).toMatchObject({ ok: false, errors: [{ field: "reason", message: "dossiers:actions.errors.reason" }] });
    expect(paramsFromForm("transfer", { agencyId: [""], hours: ["abc"] })).toMatchObject({ ok: false, errors: [{ field: "hours", message: "dossiers:office.errors.hours" }, { field: "agencyId", message: "dossiers:actions.errors.agency" }] });
    expect(paramsFromForm("transfer", { agencyId: ["a1"], hours: ["7,5"] })).toEqual({ ok: true, params: { agencyId: "a1", note: undefined, hours: 7.5 } });
    expect(paramsFromForm("approve", { number: ["12/QĐ-UBND"] })).toEqual({ ok: true, params: { number: "12/QĐ-UBND" } });
    expect(paramsFromForm("accept", { version: ["3"] })).toEqual({ ok: true, params: {} });
  });

  it("knows the officials' actions only", () => {
    expect(isOfficialAction("accept")).toBe(true);
    expect(isOfficialAction("withdraw")).toBe(false);
    expect(isOfficialAction("resubmit")).toBe(false);
    expect(isOfficialAction("__proto__")).toBe(false);
  });
});
