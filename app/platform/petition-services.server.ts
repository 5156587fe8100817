import type { AppLoadContext } from "@remix-run/node";
import { petitionMail } from "../domain/mail/messages";
import { DEFAULT_PETITION_SETTINGS, type PetitionSettings } from "../domain/petitions/petitions";
import type { PetitionServices } from "../domain/petitions/petitions.server";
import { mailT } from "./account-services.server";
import { enqueueMail } from "./mail-outbox.server";
export { petitionSettingsFromEnv } from "./petition-settings.server";

// What the petitions' use cases need from the platform (issue 8): their settings (PETITION_*), and their mail —
// to the submitter (received, answered, closed) and to officials (forwarded, reminder, escalated) — rendered in
// Vietnamese then English and queued in the mail outbox inside the use case's transaction.

/** The settings in force (the defaults where a context has none, as in route tests). */
export function petitionSettings(context: Pick<AppLoadContext, "petitions">): PetitionSettings {
  return context.petitions ?? DEFAULT_PETITION_SETTINGS;
}

export function petitionServices(context: Pick<AppLoadContext, "origin">): PetitionServices {
  return {
    async notify(trx, notice, now) {
      const locales = await Promise.all(
        (["vi", "en"] as const).map(async (lang) => ({
          t: await mailT(lang),
          lang,
        }))
      );
      // Submitters follow their item on the public look-up page; officials open it in the back office.
      const officials = notice.kind === "forwarded" || notice.kind === "reminder" || notice.kind === "escalated";
      const link = officials
        ? `${context.origin}/office/petitions/${encodeURIComponent(notice.code)}`
        : `${context.origin}/feedback/track?code=${encodeURIComponent(notice.code)}`;
      const content = petitionMail([locales[0]!, locales[1]!], {
        ...notice,
        link,
      });
      await enqueueMail(
        trx,
        {
          to: notice.to,
          subject: content.subject,
          text: content.text,
          html: content.html,
        },
        now
      );
    },
  };
}
