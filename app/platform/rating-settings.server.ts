import { hkdfSync } from "node:crypto";
import type { RatingSettings } from "../domain/ratings/ratings";
import type { Env } from "./env.server";
import type { SecretKeys } from "./secret-box.server";
import viRatings from "../../locales/vi/ratings.json" with { type: "json" };

// The ratings' settings from the configuration (RATING_*; README, configuration). Apart from the services
// (rating-services.server.ts) because app/server.ts, which runs outside Vite, builds the context with them; and the
// rating link's keys (the e2e journey makes a link with them).

export function ratingSettingsFromEnv(env: Pick<Env, "RATING_EDIT_HOURS" | "RATING_LINK_DAYS">): RatingSettings {
  return { editHours: env.RATING_EDIT_HOURS, linkDays: env.RATING_LINK_DAYS };
}

const INFO = "cong-dvc/rating-link/v1";

/** The link keys (HKDF of the server's secret keys): `sign` is the current secret's, `verify` every one in force. */
export function ratingLinkKeys(secretKey: SecretKeys): { sign: Uint8Array; verify: Uint8Array[] } {
  const derive = (key: Uint8Array) => new Uint8Array(hkdfSync("sha256", key, Buffer.alloc(0), INFO, 32));
  if (secretKey instanceof Uint8Array) {
    const only = derive(secretKey);
    return { sign: only, verify: [only] };
  }
  const sign = derive(secretKey.current.key);
  return { sign, verify: [sign, ...secretKey.previous.map((k) => derive(k.key))] };
}

/** The feedback case's title for a dossier (ratings:case.title in Vietnamese: the case is the agency's to read). */
export function feedbackCaseTitle(code: string): string {
  return viRatings.case.title.replace("{{code}}", code);
}
