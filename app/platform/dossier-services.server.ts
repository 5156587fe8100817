import type { DossierServices } from "../domain/dossiers/dossiers.server";
import { dossierSubmittedMail, type MailLocale } from "../domain/mail/messages";
import { mailT } from "./account-services.server";
import { enqueueMail } from "./mail-outbox.server";

// What the dossiers' use cases need: the submission's e-mail, queued in the outbox inside the submission's
// transaction (it exists exactly when the dossier does). Vietnamese first, then English (as the other notices).

const LANGUAGES = ["vi", "en"] as const;

export function dossierServices(): DossierServices {
  return {
    async sendSubmittedMail(trx, mail) {
      const [vi, en] = await Promise.all(LANGUAGES.map(async (lang): Promise<MailLocale> => ({ t: await mailT(lang), lang })));
      const content = dossierSubmittedMail([vi!, en!], mail);
      await enqueueMail(trx, { to: mail.to, subject: content.subject, text: content.text, html: content.html });
    },
  };
}
