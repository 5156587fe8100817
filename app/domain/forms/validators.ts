// Vietnamese identifiers and other value rules used by the form engine (pure, isomorphic).
//
// Every function takes the text as typed (surrounding spaces are tolerated) and either answers
// true/false or returns the normalised value / null. None of them throws.

import { z } from "zod";
import { checkCccd } from "../identity/cccd";
import { CCCD_PROVINCES } from "../identity/cccd-provinces";
import { checkTaxCode, taxCodeCheckDigit } from "../identity/tax-code";

// ---------------------------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------------------------

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD (2025-02-29 is not one). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  return isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Whether year/month/day (month 1–12) name a day that exists; years 1000–9999. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (![year, month, day].every(Number.isInteger)) return false;
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one (UTC, so no time-zone or DST surprises).
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** YYYY-MM-DD from numbers, zero-padded. */
export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Phone numbers
// ---------------------------------------------------------------------------------------------------------------

/** Mobile numbers: 10 digits, networks 03x, 05x, 07x, 08x, 09x (the 2018 renumbering). */
const MOBILE = /^0[35789]\d{8}$/;
/** Landlines: 0 + area code 2xx (since the 2017 renumbering) + subscriber number; 10–11 digits in all. */
const LANDLINE = /^02\d{8,9}$/;

/**
 * A Vietnamese phone number in national format ("0912345678", "02193866123"), or null.
 * Accepts spaces, dots, dashes and parentheses as separators and the international form +84… (the +84 is
 * replaced by the trunk prefix 0; "+84 0912…" with a redundant 0 is accepted too).
 */
export function normalizePhone(value: string): string | null {
  const compact = value.trim().replace(/[\s.\-()]/g, "");
  let national: string;
  if (compact.startsWith("+84")) {
    const rest = compact.slice(3);
    national = rest.startsWith("0") ? rest : `0${rest}`;
  } else {
    national = compact;
  }
  return MOBILE.test(national) || LANDLINE.test(national) ? national : null;
}

export function isVietnamesePhone(value: string): boolean {
  return normalizePhone(value) !== null;
}

// ---------------------------------------------------------------------------------------------------------------
// Citizen identity number (số định danh cá nhân, printed on the CCCD / thẻ căn cước) and tax codes (mã số thuế)
// One implementation: app/domain/identity (cccd.ts, tax-code.ts); these are the form engine's views of it.
// ---------------------------------------------------------------------------------------------------------------

/** The 63 province codes that open a personal identification number (data: identity/cccd-provinces.ts). */
export const CCCD_PROVINCE_CODES: readonly string[] = CCCD_PROVINCES.map((p) => p.code);

export interface CccdInfo {
  /** The three-digit code of the province where the birth was registered, e.g. "002" for Hà Giang. */
  provinceCode: string;
  sex: "male" | "female";
  birthYear: number;
}

/**
 * Reads a 12-digit personal identification number (see identity/cccd.ts for the structure). Null when the
 * number is malformed, the province code is not one of the 63, or the year of birth is after `currentYear`
 * (default: this year in Vietnam). Spaces between digit groups are tolerated.
 */
export function parseCccd(value: string, currentYear?: number): CccdInfo | null {
  const result = checkCccd(value, undefined, { currentYear });
  return result.ok ? { provinceCode: result.provinceCode, sex: result.sex, birthYear: result.birthYear } : null;
}

export function isCccd(value: string, currentYear?: number): boolean {
  return parseCccd(value, currentYear) !== null;
}

/**
 * The check digit (10th digit) of a tax code from its first 9 digits (identity/tax-code.ts); null when no
 * valid tax code starts with those 9 digits.
 */
export { taxCodeCheckDigit };

/**
 * A tax code in its canonical form or null: 10 digits whose last digit is the check digit ("0100109106"), or
 * a dependent unit's 13-character code, 10 digits + "-" + a 3-digit branch number 001–999
 * ("0100109106-001"; typed without the dash it is accepted and the dash added). Spaces are ignored.
 */
export function normalizeTaxCode(value: string): string | null {
  const result = checkTaxCode(value);
  return result.ok ? result.value : null;
}

export function isTaxCode(value: string): boolean {
  return normalizeTaxCode(value) !== null;
}

// ---------------------------------------------------------------------------------------------------------------
// E-mail
// ---------------------------------------------------------------------------------------------------------------

const EMAIL = z.email();

/** zod's e-mail rule (the same one the form schemas use). */
export function isEmail(value: string): boolean {
  return EMAIL.safeParse(value.trim()).success;
}

// ---------------------------------------------------------------------------------------------------------------
// Money (whole đồng)
// ---------------------------------------------------------------------------------------------------------------

const MONEY_FORMS = [/^\d+$/, /^\d{1,3}(?:\.\d{3})+$/, /^\d{1,3}(?:,\d{3})+$/, /^\d{1,3}(?: \d{3})+$/];

/**
 * A non-negative whole number of đồng, or null. Accepts plain digits ("1200000") and thousands grouped with
 * dots, commas or spaces, one kind per number ("1.200.000", "1,200,000", "1 200 000"), optionally followed by
 * "đ", "₫", "đồng", "VND" or "VNĐ". Decimals ("1200000.50", "1.200.000,5"), signs and mixed separators are
 * rejected, since a đồng amount has no fraction.
 */
export function parseVnd(value: string): number | null {
  const text = value
    .normalize("NFC")
    .trim()
    .replace(/[\u00a0\u202f]/g, " ")
    .replace(/\s*(?:₫|đồng|đ|vnđ|vnd)$/iu, "");
  if (!MONEY_FORMS.some((form) => form.test(text))) return null;
  const amount = Number(text.replace(/[., ]/g, ""));
  return Number.isSafeInteger(amount) ? amount : null;
}
