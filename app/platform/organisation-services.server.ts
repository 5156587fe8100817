import { representationMail, type MailLocale } from "../domain/mail/messages";
import type { OrganisationServices } from "../domain/organisations/organisations.server";
import { mailT } from "./account-services.server";
import { enqueueMail } from "./mail-outbox.server";

// What the organisations' use cases need: notices of changes in representatives, queued in the outbox inside the use
// case's transaction. Somebody else made the change, so the recipient's language is unknown: Vietnamese, then English.

const LANGUAGES = ["vi", "en"] as const;

export function organisationServices(): OrganisationServices {
  return {
    async sendMail(trx, mail) {
      const [vi, en] = await Promise.all(LANGUAGES.map(async (lang): Promise<MailLocale> => ({ t: await mailT(lang), lang })));
      const content = representationMail([vi!, en!], {
        change: mail.change,
        organisation: mail.organisation.name,
        taxCode: mail.organisation.taxCode,
        person: mail.person,
        role: mail.role,
        by: mail.by,
        at: mail.at,
        link: mail.link,
        name: mail.name,
      });
      await enqueueMail(trx, { to: mail.to, subject: content.subject, text: content.text, html: content.html });
    },
  };
}
