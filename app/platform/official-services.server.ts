import type { TFunction } from "i18next";
import { checkPasswordPolicy } from "../domain/identity/password-list.server";
import { passwordErrorKey } from "../domain/identity/password";
import { invitationMail, type MailLanguage } from "../domain/mail/messages";
import type { OfficialServices } from "../domain/officials/officials.server";
import { enqueueMail } from "./mail-outbox.server";
import { hashPassword } from "./password-hash.server";
import type { SecretKeys } from "./secret-box.server";

// What the officials' use cases need, put together: the password policy, argon2id, the sealing key and the
// invitation mail queued in the outbox. Free of Vite-only imports, so that the command line can use it too: the
// caller passes a translation function of the recipient's language with the "mail" and "officials" namespaces.

export function createOfficialServices(options: { secretKey: SecretKeys; lang: MailLanguage; t: TFunction }): OfficialServices {
  return {
    secretKey: options.secretKey,
    passwordProblem(password, context) {
      const result = checkPasswordPolicy(password, context);
      return result.ok ? null : passwordErrorKey(result.reason);
    },
    hashPassword,
    ...createInvitationSender(options),
  };
}

/** Only the invitation mail (what the command line's bootstrap needs: no key, no password). */
export function createInvitationSender(options: { lang: MailLanguage; t: TFunction }): Pick<OfficialServices, "sendInvitation"> {
  const { lang, t } = options;
  return {
    async sendInvitation(trx, mail) {
      const content = invitationMail(
        { t, lang },
        {
          link: mail.link,
          agency: mail.agencyName,
          roles: mail.roles.map((role) => t(`officials:roles.${role}`)),
          validDays: mail.validDays,
          invitedBy: mail.invitedBy ?? undefined,
          name: mail.name,
        },
      );
      await enqueueMail(trx, { to: mail.to, subject: content.subject, text: content.text, html: content.html });
    },
  };
}
