import type { AccountMail, AccountServices } from "../domain/accounts/accounts.server";
import { VERIFY_EMAIL_TTL_MS } from "../domain/accounts/accounts.server";
import { checkPasswordPolicy } from "../domain/identity/password-list.server";
import { passwordErrorKey } from "../domain/identity/password";
import { accountClosedByEidHolderMail, accountLockedMail, alreadyRegisteredMail, resetPasswordMail, verifyEmailMail, type MailContent, type MailLocale } from "../domain/mail/messages";
import type { Language } from "../i18n";
import { createServerI18n } from "./i18n.server";
import { enqueueMail } from "./mail-outbox.server";
import { dummyVerify, hashPassword, verifyPassword } from "./password-hash.server";

// What the account use cases need, put together: the password policy with the shipped list, argon2id, and mails
// written in the visitor's language and queued in the outbox inside the use case's transaction.

function contentOf(locale: MailLocale, mail: AccountMail): MailContent {
  switch (mail.kind) {
    case "verifyEmail":
      return verifyEmailMail(locale, { link: mail.link, validHours: VERIFY_EMAIL_TTL_MS / 3_600_000, name: mail.name });
    case "alreadyRegistered":
      return alreadyRegisteredMail(locale, { signInLink: mail.signInLink, resetLink: mail.resetLink, name: mail.name });
    case "resetPassword":
      return resetPasswordMail(locale, { link: mail.link, validMinutes: mail.minutes, name: mail.name });
    case "locked":
      return accountLockedMail(locale, { unlocksAt: mail.until, resetLink: mail.resetLink, name: mail.name });
    case "closedByEidHolder":
      return accountClosedByEidHolderMail(locale, { at: mail.at, signInLink: mail.signInLink, name: mail.name });
  }
}

// One translation instance per language, made on first use (not per mail).
const mailTranslations = new Map<Language, ReturnType<typeof createServerI18n>>();
/** The "mail" texts of a language (shared by every mail the server writes). */
export function mailT(lang: Language) {
  let i18n = mailTranslations.get(lang);
  if (!i18n) {
    i18n = createServerI18n(lang, ["mail"]);
    mailTranslations.set(lang, i18n);
  }
  return i18n.then((instance) => instance.getFixedT(lang, "mail"));
}

export function accountServices(lang: Language): AccountServices {
  return {
    passwordProblem(password, context) {
      const result = checkPasswordPolicy(password, context);
      return result.ok ? null : passwordErrorKey(result.reason);
    },
    hashPassword,
    verifyPassword,
    async dummyVerify(password) {
      await dummyVerify(password);
    },
    async sendMail(trx, mail) {
      const content = contentOf({ t: await mailT(lang), lang }, mail);
      await enqueueMail(trx, { to: mail.to, subject: content.subject, text: content.text, html: content.html });
    },
  };
}
