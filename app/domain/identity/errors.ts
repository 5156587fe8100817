// The i18n keys of the identity rules' messages: namespace "identity" (locales/<lng>/identity.json), under
// "errors". The "identity:" prefix lets any t() resolve them, whatever namespace it is bound to, as long as
// the page loads the namespace (handle.i18n includes "identity").

export const identityErrors = {
  cccdRequired: "identity:errors.cccdRequired",
  cccdFormat: "identity:errors.cccdFormat",
  cccdProvince: "identity:errors.cccdProvince",
  cccdBirthYear: "identity:errors.cccdBirthYear",
  cccdBirthDateMismatch: "identity:errors.cccdBirthDateMismatch",
  taxCodeRequired: "identity:errors.taxCodeRequired",
  taxCodeFormat: "identity:errors.taxCodeFormat",
  taxCodeFormatOrPersonalId: "identity:errors.taxCodeFormatOrPersonalId",
  taxCodeChecksum: "identity:errors.taxCodeChecksum",
  taxCodeBranch: "identity:errors.taxCodeBranch",
  taxCodePersonalId: "identity:errors.taxCodePersonalId",
  passwordTooShort: "identity:errors.passwordTooShort",
  passwordTooLong: "identity:errors.passwordTooLong",
  passwordCommon: "identity:errors.passwordCommon",
  passwordContext: "identity:errors.passwordContext",
} as const;

export type IdentityErrorKey = (typeof identityErrors)[keyof typeof identityErrors];
