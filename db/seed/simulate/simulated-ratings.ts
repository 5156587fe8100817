// The applicants' ratings in the simulated year, through the ratings' use case (issue 10, item 1): an online
// applicant rates on the portal (the dossier's page), a walk-in applicant at the counter's kiosk. "Không hài lòng"
// opens the feedback case as it does for anyone (its mail: none, the simulated petitions' services send nothing).
import type { Kysely } from "kysely";
import type { Database } from "../../schema";
import { DEFAULT_PETITION_SETTINGS, type PetitionSettings } from "../../../app/domain/petitions/petitions";
import { DEFAULT_RATING_SETTINGS } from "../../../app/domain/ratings/ratings";
import { rateDossier, type RatingTarget } from "../../../app/domain/ratings/ratings.server";
import { feedbackCaseTitle } from "../../../app/platform/rating-settings.server";
import type { RateDossier } from "./simulate-year";
import { simulationPetitionServices } from "./simulation-services";

export function simulatedRatings(petitionSettings: PetitionSettings = DEFAULT_PETITION_SETTINGS): RateDossier {
  const deps = { settings: DEFAULT_RATING_SETTINGS, petitions: simulationPetitionServices, petitionSettings, caseTitle: feedbackCaseTitle };
  return async (db: Kysely<Database>, input) => {
    const target: RatingTarget = input.actor.kind === "citizen" ? { channel: "portal", actor: input.actor, code: input.code } : { channel: "kiosk", actor: input.actor, code: input.code };
    const result = await rateDossier(db, deps, { target, rating: { level: input.level, reason: input.reason ?? undefined }, now: input.now });
    return { ok: result.ok };
  };
}
