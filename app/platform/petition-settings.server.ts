import type { PetitionSettings } from "../domain/petitions/petitions";
import type { Env } from "./env.server";

// The petitions' settings from the configuration (PETITION_*; README, configuration). Apart from the services
// (petition-services.server.ts) because app/server.ts, which runs outside Vite, builds the context with them.

export function petitionSettingsFromEnv(
  env: Pick<
    Env,
    | "PETITION_FORWARD_WORKING_DAYS"
    | "PETITION_ANSWER_WORKING_DAYS"
    | "PETITION_EXTENSION_WORKING_DAYS"
    | "PETITION_REOPEN_WORKING_DAYS"
    | "PETITION_REMINDER_HOURS"
    | "PETITION_CONTROL_UNIT_CODE"
  >
): PetitionSettings {
  return {
    forwardWorkingDays: env.PETITION_FORWARD_WORKING_DAYS,
    answerWorkingDays: env.PETITION_ANSWER_WORKING_DAYS,
    extensionWorkingDays: env.PETITION_EXTENSION_WORKING_DAYS,
    reopenWorkingDays: env.PETITION_REOPEN_WORKING_DAYS,
    reminderHours: env.PETITION_REMINDER_HOURS,
    controlUnitCode: env.PETITION_CONTROL_UNIT_CODE,
  };
}
