import { describe, expect, it } from "vitest";
import { criteriaColumn, editableUntil, isEditable, isRateable, linkExpiry, parseCriteria, RATING_CRITERIA, RATING_LEVELS } from "./ratings";
import { MAX_REASON, parseRatingForm, ratingSchema } from "./ratings.schema";

const form = (entries: Record<string, string>) => new URLSearchParams(entries);

describe("ratings (pure)", () => {
  it("has three levels, best first, and criteria with i18n keys", () => {
    expect(RATING_LEVELS).toEqual(["very_satisfied", "satisfied", "unsatisfied"]);
    for (const c of RATING_CRITERIA) expect(c.key).toBe(`ratings:criteria.${c.id}`);
  });

  it("rates only a returned dossier (status 10)", () => {
    expect(isRateable(10)).toBe(true);
    for (const s of [1, 2, 4, 5, 6, 7, 8, 9]) expect(isRateable(s)).toBe(false);
  });

  it("keeps the window from the first rating, its end excluded", () => {
    const until = editableUntil(new Date("2026-12-04T05:00:00Z"), { editHours: 24 });
    expect(until.toISOString()).toBe("2026-12-05T05:00:00.000Z");
    expect(isEditable(until.toISOString(), new Date("2026-12-05T04:59:59Z"))).toBe(true);
    expect(isEditable(until.toISOString(), new Date("2026-12-05T05:00:00Z"))).toBe(false);
    expect(linkExpiry(new Date("2026-12-04T05:00:00Z"), { linkDays: 30 }).toISOString()).toBe("2027-01-03T05:00:00.000Z");
  });

  it("stores criteria in the catalogue's order and reads back only known ones", () => {
    expect(criteriaColumn({})).toBeNull();
    expect(criteriaColumn({ publicity: "satisfied", convenience: "unsatisfied" })).toBe('{"convenience":"unsatisfied","publicity":"satisfied"}');
    expect(parseCriteria('{"convenience":"unsatisfied","bogus":"satisfied","attitude":"meh"}')).toEqual({ convenience: "unsatisfied" });
    expect(parseCriteria("not json")).toEqual({});
  });
});

describe("the rating form", () => {
  it("requires a level", () => {
    expect(parseRatingForm(form({}))).toEqual({ ok: false, errors: [{ field: "level", message: "ratings:errors.level" }] });
    expect(parseRatingForm(form({ level: "great" }))).toMatchObject({ ok: false, errors: [{ field: "level" }] });
  });

  it("requires a reason for 'không hài lòng' only, and drops it otherwise", () => {
    expect(parseRatingForm(form({ level: "unsatisfied", reason: "   " }))).toEqual({ ok: false, errors: [{ field: "reason", message: "ratings:errors.reason" }] });
    expect(parseRatingForm(form({ level: "unsatisfied", reason: " Chờ lâu " }))).toEqual({ ok: true, input: { level: "unsatisfied", reason: "Chờ lâu", criteria: {} } });
    expect(parseRatingForm(form({ level: "satisfied", reason: "ghi chú" }))).toEqual({ ok: true, input: { level: "satisfied", reason: null, criteria: {} } });
    expect(parseRatingForm(form({ level: "unsatisfied", reason: "x".repeat(MAX_REASON + 1) }))).toEqual({ ok: false, errors: [{ field: "reason", message: "ratings:errors.reasonTooLong" }] });
  });

  it("takes its own output again (the use case checks what the route parsed)", () => {
    const parsed = parseRatingForm(form({ level: "satisfied" }));
    expect(parsed).toEqual({ ok: true, input: { level: "satisfied", reason: null, criteria: {} } });
    if (parsed.ok) expect(ratingSchema.parse(parsed.input)).toEqual(parsed.input);
  });

  it("takes each criterion as optional, one of the three levels", () => {
    expect(parseRatingForm(form({ level: "satisfied", "criterion-attitude": "very_satisfied", "criterion-contacts": "" }))).toEqual({ ok: true, input: { level: "satisfied", reason: null, criteria: { attitude: "very_satisfied" } } });
    expect(parseRatingForm(form({ level: "satisfied", "criterion-attitude": "wow" }))).toEqual({ ok: false, errors: [{ field: "criterion-attitude", message: "ratings:errors.criterion" }] });
  });
});
