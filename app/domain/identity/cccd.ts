// The 12-digit personal identification number (số định danh cá nhân), printed on the citizen identity card
// (CCCD, since 2024 "thẻ căn cước"). Pure and isomorphic.
//
// Structure (Circular 07/2016/TT-BCA, art. 7; kept by Circular 59/2021/TT-BCA):
//   digits 1–3   the code of the province where the birth was registered (data: ./cccd-provinces.ts)
//   digit  4     century and sex: 0/1 = 1900s male/female, 2/3 = 2000s, 4/5 = 2100s, 6/7 = 2200s, 8/9 = 2300s
//   digits 5–6   the last two digits of the year of birth
//   digits 7–12  a random serial
// There is no check digit: a well-formed number may still not exist. Only the national population database
// (or VNeID) can say whether it was issued.

import { z } from "zod";
import { todayInVietnam } from "../shared/format";
import { CCCD_PROVINCES } from "./cccd-provinces";
import { identityErrors } from "./errors";

export { CCCD_PROVINCES, type CccdProvince } from "./cccd-provinces";

const PROVINCE_NAMES: ReadonlyMap<string, string> = new Map(CCCD_PROVINCES.map((p) => [p.code, p.name]));

export type CccdSex = "male" | "female";
export type CccdFailure = "format" | "province" | "birthYear";

export type CccdCheck =
  | {
      ok: true;
      /** The number as 12 digits, separators removed. */
      value: string;
      provinceCode: string;
      /** The province's name from the data table, e.g. "Hà Giang". */
      provinceName: string;
      sex: CccdSex;
      /** The full year of birth the number encodes (century digit + two year digits). */
      birthYear: number;
    }
  | { ok: false; reason: CccdFailure };

export interface CccdOptions {
  /** The present year, for refusing years of birth in the future. Default: this year in Vietnam. */
  currentYear?: number;
}

/** The number as typed with every space removed (spaces between digit groups are common: "002 203 012 345"). */
export function normaliseCccd(value: string): string {
  return value.normalize("NFKC").replace(/\s+/gu, "");
}

const ISO_DATE_YEAR = /^(\d{4})-\d{2}-\d{2}$/;

/**
 * Checks the structure of a personal identification number.
 * - "format": not 12 digits once spaces are removed;
 * - "province": digits 1–3 are not one of the province codes;
 * - "birthYear": the encoded year of birth is after `currentYear`, or `birthDate` (YYYY-MM-DD) is given and
 *   its year differs from the encoded one. A `birthDate` that is not YYYY-MM-DD is ignored (the date field
 *   reports its own error).
 */
export function checkCccd(value: string, birthDate?: string, options: CccdOptions = {}): CccdCheck {
  const digits = normaliseCccd(value);
  if (!/^\d{12}$/.test(digits)) return { ok: false, reason: "format" };
  const provinceCode = digits.slice(0, 3);
  const provinceName = PROVINCE_NAMES.get(provinceCode);
  if (provinceName === undefined) return { ok: false, reason: "province" };
  const centuryAndSex = Number(digits[3]);
  const birthYear = 1900 + Math.floor(centuryAndSex / 2) * 100 + Number(digits.slice(4, 6));
  const currentYear = options.currentYear ?? Number(todayInVietnam().slice(0, 4));
  if (birthYear > currentYear) return { ok: false, reason: "birthYear" };
  const givenYear = birthDate === undefined ? undefined : ISO_DATE_YEAR.exec(birthDate.trim())?.[1];
  if (givenYear !== undefined && Number(givenYear) !== birthYear) return { ok: false, reason: "birthYear" };
  return {
    ok: true,
    value: digits,
    provinceCode,
    provinceName,
    sex: centuryAndSex % 2 === 0 ? "male" : "female",
    birthYear,
  };
}

/** The i18n key for a failed check. */
export function cccdErrorKey(reason: CccdFailure): string {
  switch (reason) {
    case "format":
      return identityErrors.cccdFormat;
    case "province":
      return identityErrors.cccdProvince;
    case "birthYear":
      return identityErrors.cccdBirthYear;
  }
}

/**
 * A zod schema for a personal identification number field: the output is the 12 digits. Messages are i18n
 * keys (identity:errors.*). An empty value gives identity:errors.cccdRequired.
 */
export function makeCccdSchema(options: CccdOptions = {}) {
  return z.string({ error: identityErrors.cccdRequired }).transform((value, ctx) => {
    if (normaliseCccd(value) === "") {
      ctx.addIssue({ code: "custom", message: identityErrors.cccdRequired });
      return z.NEVER;
    }
    const result = checkCccd(value, undefined, options);
    if (!result.ok) {
      ctx.addIssue({ code: "custom", message: cccdErrorKey(result.reason) });
      return z.NEVER;
    }
    return result.value;
  });
}

export const cccdSchema = makeCccdSchema();

/**
 * A refinement for a form's object schema: the year of birth that the personal identification number encodes
 * must be the year of the date of birth. Adds identity:errors.cccdBirthDateMismatch on the number's field; says
 * nothing when either value is missing or malformed (their own fields report that).
 *
 *   z.object({ cccd: cccdSchema, birthDate: z.iso.date() }).superRefine(refineCccdBirthDate("cccd", "birthDate"))
 */
export function refineCccdBirthDate<K extends string, D extends string>(cccdKey: K, birthDateKey: D, options: CccdOptions = {}) {
  return (data: { [P in K | D]?: unknown }, ctx: z.core.$RefinementCtx): void => {
    const cccd = data[cccdKey];
    const birthDate = data[birthDateKey];
    if (typeof cccd !== "string" || typeof birthDate !== "string" || !ISO_DATE_YEAR.test(birthDate.trim())) return;
    const alone = checkCccd(cccd, undefined, options);
    if (!alone.ok) return;
    if (!checkCccd(cccd, birthDate, options).ok) {
      ctx.addIssue({ code: "custom", message: identityErrors.cccdBirthDateMismatch, path: [cccdKey] });
    }
  };
}
