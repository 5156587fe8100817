// Ratings (issue 10, item 1; shared/domain/vn-egov.md §4.1): the applicant's evaluation of how a dossier was handled.
// Pure and isomorphic: the three levels, the optional criteria (as data with their i18n keys), the edit window and
// when a dossier can be rated. The use case is in ratings.server.ts, the queries in ratings.repo.server.ts.
//
// One rating per dossier, given after the result was returned (status 10) on the portal, by the link in the
// notification or on the kiosk at the counter; editable for RATING_EDIT_HOURS after it was first given. A
// "không hài lòng" rating opens a feedback case (a petition routed to the dossier's agency, its leaders told).

import type { RatingChannel, RatingLevel } from "../../../db/schema";

export type { RatingChannel, RatingLevel };

/** Best first: the order the choices are shown in. */
export const RATING_LEVELS = ["very_satisfied", "satisfied", "unsatisfied"] as const satisfies readonly RatingLevel[];
export const RATING_CHANNELS = ["portal", "link", "kiosk"] as const satisfies readonly RatingChannel[];

/** The status a dossier must have reached to be rated: the result was returned (10). */
export const RATEABLE_STATUS = 10;

/**
 * The optional criteria of §4.1 that make sense for one dossier (the overall level is the rating itself; the items
 * about the agency as a whole — each agency's time, handling of feedback — are not asked of one applicant).
 * `key`: the label under ratings:criteria.<id>.
 */
export const RATING_CRITERIA = [
  { id: "convenience", key: "ratings:criteria.convenience" },
  { id: "timeliness", key: "ratings:criteria.timeliness" },
  { id: "attitude", key: "ratings:criteria.attitude" },
  { id: "contacts", key: "ratings:criteria.contacts" },
  { id: "oneStop", key: "ratings:criteria.oneStop" },
  { id: "publicity", key: "ratings:criteria.publicity" },
] as const;

export type RatingCriterionId = (typeof RATING_CRITERIA)[number]["id"];
export const RATING_CRITERION_IDS = RATING_CRITERIA.map((c) => c.id) as readonly RatingCriterionId[];
export type RatingCriteria = Partial<Record<RatingCriterionId, RatingLevel>>;

export interface RatingSettings {
  /** Hours after the first rating during which it can be changed (RATING_EDIT_HOURS). */
  editHours: number;
  /** Days the link in the result-returned notification stays valid (RATING_LINK_DAYS). */
  linkDays: number;
}

export const DEFAULT_RATING_SETTINGS: RatingSettings = { editHours: 24, linkDays: 30 };

export function isRatingLevel(value: unknown): value is RatingLevel {
  return typeof value === "string" && (RATING_LEVELS as readonly string[]).includes(value);
}

/** Whether a dossier in this status can be rated. */
export function isRateable(status: number): boolean {
  return status === RATEABLE_STATUS;
}

/** Until when a rating first given at `ratedAt` can be changed (the window does not move when it is changed). */
export function editableUntil(ratedAt: Date, settings: Pick<RatingSettings, "editHours">): Date {
  return new Date(ratedAt.getTime() + settings.editHours * 3_600_000);
}

/** Whether the rating can still be changed at `now` (the window's end is excluded). */
export function isEditable(editableUntilIso: string, now: Date): boolean {
  return now.getTime() < Date.parse(editableUntilIso);
}

/** When the rating link sent at `sentAt` stops working. */
export function linkExpiry(sentAt: Date, settings: Pick<RatingSettings, "linkDays">): Date {
  return new Date(sentAt.getTime() + settings.linkDays * 86_400_000);
}

/** The stored criteria (JSON text) read back, keeping only known criteria with a known level. */
export function parseCriteria(value: unknown): RatingCriteria {
  let parsed: unknown = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch {
      return {};
    }
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return {};
  const out: RatingCriteria = {};
  for (const id of RATING_CRITERION_IDS) {
    const level = (parsed as Record<string, unknown>)[id];
    if (isRatingLevel(level)) out[id] = level;
  }
  return out;
}

/** The criteria as stored: null when none was given, keys in the catalogue's order (so equal criteria compare equal). */
export function criteriaColumn(criteria: RatingCriteria): string | null {
  const entries = RATING_CRITERION_IDS.flatMap((id) => (criteria[id] ? [[id, criteria[id]] as const] : []));
  return entries.length === 0 ? null : JSON.stringify(Object.fromEntries(entries));
}
