import type { AppLoadContext } from "@remix-run/node";
import { linkExpiry, DEFAULT_RATING_SETTINGS, type RatingSettings } from "../domain/ratings/ratings";
import { ratingLinkToken } from "../domain/ratings/rating-link.server";
import type { RatingDeps } from "../domain/ratings/ratings.server";
import { petitionServices, petitionSettings } from "./petition-services.server";
import { feedbackCaseTitle, ratingLinkKeys } from "./rating-settings.server";
export { ratingLinkKeys } from "./rating-settings.server";

// What the ratings' use case needs from the platform (issue 10, item 1): the settings (RATING_*), the petitions' mail
// and deadlines for the feedback case of an unsatisfied rating, its title in Vietnamese, and the keys of the rating
// link (HMAC keys derived with HKDF from the server's secret keys: the current one signs, the previous ones still
// verify, so rotating SESSION_SECRET keeps the links already sent working).

/** The settings in force (the defaults where a context has none, as in route tests). */
export function ratingSettings(context: Pick<AppLoadContext, "ratings">): RatingSettings {
  return context.ratings ?? DEFAULT_RATING_SETTINGS;
}

/** The rating link for a dossier, sent at `now` (valid RATING_LINK_DAYS). */
export function ratingLink(context: Pick<AppLoadContext, "origin" | "secretKey" | "ratings">, dossierId: string, now: Date): string {
  const token = ratingLinkToken(ratingLinkKeys(context.secretKey).sign, dossierId, linkExpiry(now, ratingSettings(context)));
  return `${context.origin.replace(/\/+$/, "")}/rate/${token}`;
}

/** What rateDossier needs (async for the routes' sake: `await ratingDeps(context)`). */
export async function ratingDeps(context: Pick<AppLoadContext, "origin" | "petitions" | "ratings">): Promise<RatingDeps> {
  return {
    settings: ratingSettings(context),
    petitions: petitionServices(context),
    petitionSettings: petitionSettings(context),
    caseTitle: feedbackCaseTitle,
  };
}
