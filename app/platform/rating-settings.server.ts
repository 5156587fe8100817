import type { RatingSettings } from "../domain/ratings/ratings";
import type { Env } from "./env.server";

// The ratings' settings from the configuration (RATING_*; README, configuration). Apart from the services
// (rating-services.server.ts) because app/server.ts, which runs outside Vite, builds the context with them.

export function ratingSettingsFromEnv(env: Pick<Env, "RATING_EDIT_HOURS" | "RATING_LINK_DAYS">): RatingSettings {
  return { editHours: env.RATING_EDIT_HOURS, linkDays: env.RATING_LINK_DAYS };
}
