import type { BackOfficeServices } from "../domain/dossiers/back-office.seams";
import type { DossierServices } from "../domain/dossiers/dossiers.server";
import { alertOfficials, notifyApplicant, type NoticeOutboxes, type NoticeSettings } from "../domain/dossiers/notices.server";
import { dossierSubmittedMail, type MailLocale } from "../domain/mail/messages";
import { mailT } from "./account-services.server";
import { enqueueMail } from "./mail-outbox.server";
import { enqueueSms } from "./sms-outbox.server";

// What the dossiers' use cases need: the submission's e-mail, queued in the outbox inside the submission's
// transaction (it exists exactly when the dossier does). Vietnamese first, then English (as the other notices).

const LANGUAGES = ["vi", "en"] as const;

async function mailLocales(): Promise<[MailLocale, MailLocale]> {
  const [vi, en] = await Promise.all(LANGUAGES.map(async (lang): Promise<MailLocale> => ({ t: await mailT(lang), lang })));
  return [vi!, en!];
}

export function dossierServices(): DossierServices {
  return {
    async sendSubmittedMail(trx, mail) {
      const content = dossierSubmittedMail(await mailLocales(), mail);
      await enqueueMail(trx, { to: mail.to, subject: content.subject, text: content.text, html: content.html, dossierEventId: mail.eventId });
    },
  };
}

/** The notices' outboxes: e-mail (vi + en) and SMS, each row linked to the history row it reports. */
export const noticeOutboxes: NoticeOutboxes = {
  locales: mailLocales,
  enqueueMail: (trx, message, now) => enqueueMail(trx, message, now),
  enqueueSms: (trx, message, now) => enqueueSms(trx, message, now),
};

/**
 * The back-office engine's notice seams (BackOfficeServices' notifyApplicant and alertOfficials): in-app
 * notifications, e-mail and SMS through the outboxes, in the engine's transaction. `baseUrl`: the site's public
 * origin (context.origin), for the link to the dossier's page. Combine with the forms' issueForm.
 */
export function backOfficeNotices(settings: NoticeSettings): Pick<BackOfficeServices, "notifyApplicant" | "alertOfficials"> {
  return {
    async notifyApplicant(trx, input) {
      await notifyApplicant(trx, noticeOutboxes, settings, input);
    },
    async alertOfficials(trx, input) {
      await alertOfficials(trx, input);
    },
  };
}
