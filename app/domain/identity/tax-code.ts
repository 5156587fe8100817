// Vietnamese tax codes (mã số thuế, MST). Pure and isomorphic.
//
// Structure (Circular 105/2020/TT-BTC on tax registration, kept by Circular 86/2024/TT-BTC which replaced it):
//   N1N2N3N4N5N6N7N8N9N10 - N11N12N13
//   N1N2        the range ("phần khoảng") the code was allocated from
//   N3–N9       a serial from 0000001 to 9999999
//   N10         the check digit
//   N11–N13     for a dependent unit (branch, representative office…), its number 001–999; the first ten digits
//               are the parent's code. Written with a dash: "0100109106-001".
//
// The check digit. The circular names N10 but does not print the formula; the one used by the General
// Department of Taxation, and by every public implementation we read, is (source read: python-stdnum,
// stdnum/vn/mst.py, which cites vi.wikipedia "Thuế Việt Nam § Mã số thuế"; we could not open the official
// text itself, so the evidence below is what confirms the rule):
//   S  = 31·N1 + 29·N2 + 23·N3 + 19·N4 + 17·N5 + 13·N6 + 7·N7 + 5·N8 + 3·N9
//   N10 = 10 − (S mod 11)
// Edge cases:
//   - S mod 11 = 10 → N10 = 0.  S mod 11 = 1 → N10 = 9.
//   - S mod 11 = 0 → 10 − 0 = 10 is not a digit: NO code is valid with those nine digits (the authority skips
//     such serials). Some third-party code maps this case to 0; we do not. Evidence: of the 159 real codes in
//     tax-code.test.ts (python-stdnum's tests/test_vn_mst.doctest, "found online", plus Viettel's 0100109106)
//     all satisfy the formula above and none has S mod 11 = 0, where the "map to 0" variant would expect ~15.
//   - A serial N3–N9 of 0000000 is refused (the range starts at 0000001), as python-stdnum does.
//   - Branch number 000 is refused (the range is 001–999).
//
// Personal identification numbers as tax codes: since 1 July 2025 an individual's 12-digit personal
// identification number is used as their tax code (Circular 86/2024/TT-BTC). That form is accepted
// only where the caller says so (`acceptPersonalId`), since an organisation's code is never 12 digits.

import { z } from "zod";
import { checkCccd, type CccdFailure } from "./cccd";
import { identityErrors } from "./errors";

export const TAX_CODE_WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3] as const;

/** The check digit (N10) for the first nine digits, or null when there is none (Σ mod 11 = 0) or the input is not 9 digits. */
export function taxCodeCheckDigit(firstNine: string): number | null {
  if (!/^\d{9}$/.test(firstNine)) return null;
  let sum = 0;
  TAX_CODE_WEIGHTS.forEach((weight, i) => {
    sum += Number(firstNine[i]) * weight;
  });
  const check = 10 - (sum % 11);
  return check === 10 ? null : check;
}

export type TaxCodeKind = "organisation" | "branch" | "personalId";
export type TaxCodeFailure = "format" | "checksum" | "branch" | "personalId";

export type TaxCodeCheck =
  | {
      ok: true;
      /** Canonical form: "0100109106", "0100109106-001", or the 12 digits of a personal identification number. */
      value: string;
      /** "organisation": 10 digits (an organisation, household or, before 07/2025, an individual). */
      kind: TaxCodeKind;
    }
  | {
      ok: false;
      reason: TaxCodeFailure;
      /** For reason "personalId": what is wrong with the 12-digit number. */
      personalIdReason?: CccdFailure;
    };

export interface TaxCodeOptions {
  /** Accept a 12-digit personal identification number as a personal tax code (default false). */
  acceptPersonalId?: boolean;
  /** For the personal identification number's year-of-birth check; default this year in Vietnam. */
  currentYear?: number;
}

/** The code as typed with spaces and dots removed and any dash-like character made "-". */
export function normaliseTaxCode(value: string): string {
  return value
    .normalize("NFKC")
    .replace(/[\s.]+/gu, "")
    .replace(/[\u2010-\u2015\u2212]/gu, "-");
}

/**
 * Checks a tax code: 10 digits with a valid check digit; or 13 digits, written "XXXXXXXXXX-YYY" or without
 * the dash, whose first 10 are valid and whose branch number is 001–999; or, with `acceptPersonalId`, a
 * well-formed 12-digit personal identification number. Never throws.
 */
export function checkTaxCode(value: string, options: TaxCodeOptions = {}): TaxCodeCheck {
  const compact = normaliseTaxCode(value);
  if (/^\d{12}$/.test(compact)) {
    if (!options.acceptPersonalId) return { ok: false, reason: "format" };
    const personal = checkCccd(compact, undefined, { currentYear: options.currentYear });
    return personal.ok
      ? { ok: true, value: personal.value, kind: "personalId" }
      : { ok: false, reason: "personalId", personalIdReason: personal.reason };
  }
  const m = /^(\d{10})(?:-?(\d{3}))?$/.exec(compact);
  if (!m) return { ok: false, reason: "format" };
  const main = m[1] ?? "";
  const branch = m[2];
  if (main.slice(2, 9) === "0000000") return { ok: false, reason: "format" };
  if (taxCodeCheckDigit(main.slice(0, 9)) !== Number(main[9])) return { ok: false, reason: "checksum" };
  if (branch === undefined) return { ok: true, value: main, kind: "organisation" };
  if (branch === "000") return { ok: false, reason: "branch" };
  return { ok: true, value: `${main}-${branch}`, kind: "branch" };
}

/** The i18n key for a failed check. */
export function taxCodeErrorKey(reason: TaxCodeFailure, options: Pick<TaxCodeOptions, "acceptPersonalId"> = {}): string {
  switch (reason) {
    case "format":
      return options.acceptPersonalId ? identityErrors.taxCodeFormatOrPersonalId : identityErrors.taxCodeFormat;
    case "checksum":
      return identityErrors.taxCodeChecksum;
    case "branch":
      return identityErrors.taxCodeBranch;
    case "personalId":
      return identityErrors.taxCodePersonalId;
  }
}

/**
 * A zod schema for a tax code field; the output is the canonical form (see TaxCodeCheck.value). Messages are
 * i18n keys (identity:errors.*). An empty value gives identity:errors.taxCodeRequired.
 */
export function makeTaxCodeSchema(options: TaxCodeOptions = {}) {
  return z.string({ error: identityErrors.taxCodeRequired }).transform((value, ctx) => {
    if (normaliseTaxCode(value) === "") {
      ctx.addIssue({ code: "custom", message: identityErrors.taxCodeRequired });
      return z.NEVER;
    }
    const result = checkTaxCode(value, options);
    if (!result.ok) {
      ctx.addIssue({ code: "custom", message: taxCodeErrorKey(result.reason, options) });
      return z.NEVER;
    }
    return result.value;
  });
}

/** Organisations' codes only (10 or 13 digits). For people, use makeTaxCodeSchema({ acceptPersonalId: true }). */
export const taxCodeSchema = makeTaxCodeSchema();
