import { z } from "zod";
import { RATING_CRITERION_IDS, RATING_LEVELS, type RatingCriteria, type RatingLevel } from "./ratings";

// The rating form (portal, link, kiosk): the level is required; the reason is required (at most 2,000 characters)
// when the level is "không hài lòng" and dropped otherwise; each criterion is optional, one of the three levels.
// Form field names: level, reason, criterion-<id>.

export const MAX_REASON = 2000;

export const ratingErrors = {
  level: "ratings:errors.level",
  reason: "ratings:errors.reason",
  reasonTooLong: "ratings:errors.reasonTooLong",
  criterion: "ratings:errors.criterion",
  notFound: "ratings:errors.notFound",
  notRateable: "ratings:errors.notRateable",
  closed: "ratings:errors.closed",
  stale: "ratings:errors.stale",
  link: "ratings:errors.link",
  linkExpired: "ratings:errors.linkExpired",
} as const;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const level = z.enum(RATING_LEVELS);

export const ratingSchema = z
  .object({
    level: z.preprocess(blankToUndefined, level.optional()),
    reason: z.preprocess((v) => (typeof v === "string" ? v.trim() : v === null ? undefined : v), z.string().max(MAX_REASON, ratingErrors.reasonTooLong).optional()),
    criteria: z.record(z.enum(RATING_CRITERION_IDS as [string, ...string[]]), z.preprocess(blankToUndefined, level.optional())).optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.level) ctx.addIssue({ code: "custom", path: ["level"], message: ratingErrors.level });
    if (v.level === "unsatisfied" && !v.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: ratingErrors.reason });
  })
  .transform((v) => {
    const criteria: RatingCriteria = {};
    for (const [id, l] of Object.entries(v.criteria ?? {})) if (l) criteria[id as keyof RatingCriteria] = l;
    return { level: v.level as RatingLevel, reason: v.level === "unsatisfied" ? (v.reason ?? null) : null, criteria };
  });

export type RatingInput = z.output<typeof ratingSchema>;

export interface RatingFieldError {
  field: string;
  message: string;
}

/** The posted form read into the schema's shape: level, reason and criterion-<id> fields. */
export function ratingFormValues(form: FormData | URLSearchParams): Record<string, unknown> {
  const criteria: Record<string, string> = {};
  for (const id of RATING_CRITERION_IDS) {
    const value = form.get(`criterion-${id}`);
    if (typeof value === "string" && value !== "") criteria[id] = value;
  }
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : undefined;
  };
  return { level: text("level"), reason: text("reason"), criteria };
}

/** Parse the posted form: the input, or the errors by field (criterion errors on "criterion-<id>"). */
export function parseRatingForm(form: FormData | URLSearchParams): { ok: true; input: RatingInput } | { ok: false; errors: RatingFieldError[] } {
  const parsed = ratingSchema.safeParse(ratingFormValues(form));
  if (parsed.success) return { ok: true, input: parsed.data };
  const errors: RatingFieldError[] = [];
  const seen = new Set<string>();
  for (const issue of parsed.error.issues) {
    const [head, id] = issue.path;
    const field = head === "criteria" ? `criterion-${String(id)}` : String(head ?? "level");
    if (seen.has(field)) continue;
    seen.add(field);
    const message = field.startsWith("criterion-") ? ratingErrors.criterion : issue.message.startsWith("ratings:") ? issue.message : field === "reason" ? ratingErrors.reasonTooLong : ratingErrors.level;
    errors.push({ field, message });
  }
  // The summary in the page's order: the level, the reason, then the criteria.
  const order = (f: string) => (f === "level" ? 0 : f === "reason" ? 1 : 2);
  return { ok: false, errors: errors.sort((a, b) => order(a.field) - order(b.field)) };
}
