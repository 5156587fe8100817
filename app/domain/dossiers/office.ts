// The officials' dossier page (issue 6): pure helpers shared by the page and its forms (isomorphic).

import type { DossierAction } from "./workflow";

/** The actions an official takes from the dossier page (each has a page /office/dossiers/:code/:action). */
export const OFFICIAL_ACTIONS = [
  "accept",
  "refuse",
  "requestSupplement",
  "forward",
  "sendBack",
  "transfer",
  "transferBack",
  "requestPayment",
  "stop",
  "approve",
  "returnResult",
  "apologize",
  "expireSupplement",
] as const satisfies readonly DossierAction[];
export type OfficialAction = (typeof OFFICIAL_ACTIONS)[number];

export function isOfficialAction(value: unknown): value is OfficialAction {
  return typeof value === "string" && (OFFICIAL_ACTIONS as readonly string[]).includes(value);
}

/** The URL segment of an action's page (kebab-case would be nicer, but the names are the table's). */
export function actionPath(code: string, action: OfficialAction): string {
  return `/office/dossiers/${encodeURIComponent(code)}/${action}`;
}

export const NOTE_MAX = 4000;

/**
 * A date typed as dd/mm/yyyy and a time as HH:mm, in Vietnam time (UTC+7, no daylight saving), as an ISO instant;
 * null when either is not a real date or time.
 */
export function vietnamDateTimeToIso(date: string, time: string): string | null {
  const d = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(date);
  const t = /^\s*(\d{1,2})[:h](\d{2})\s*$/.exec(time);
  if (!d || !t) return null;
  const [day, month, year] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const [hour, minute] = [Number(t[1]), Number(t[2])];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59) return null;
  const utc = Date.UTC(year, month - 1, day, hour - 7, minute);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  return new Date(utc).toISOString();
}
