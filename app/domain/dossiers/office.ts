// The officials' dossier page (issue 6): pure helpers shared by the page and its forms (isomorphic).

import { actionParamSchemas } from "./back-office.schema";
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

/** The officials' page of a dossier. */
export function dossierPath(code: string): string {
  return `/office/dossiers/${encodeURIComponent(code)}`;
}

/** The page of an action on a dossier (the action's name as the state machine's table spells it). */
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

/** The largest result document an approver uploads (a signed PDF). */
export const RESULT_MAX_BYTES = 20 * 1024 * 1024;

export interface FormIssue {
  field: string;
  message: string;
  params?: Record<string, unknown>;
}

/** A form's fields as posted: every value of each name, in order. */
export type PostedFields = Record<string, readonly string[]>;

const first = (fields: PostedFields, name: string) => (fields[name]?.[0] ?? "").trim();
const optionalInput = (value: string) => (value === "" ? undefined : value);

/**
 * An action page's fields as the engine's params (back-office.schema.ts), checked with the same schema. The approve
 * action's result document is added by the route once the upload is stored (its params here carry only the number).
 */
export function paramsFromForm(action: OfficialAction, fields: PostedFields): { ok: true; params: Record<string, unknown> } | { ok: false; errors: FormIssue[] } {
  const errors: FormIssue[] = [];
  const get = (name: string) => first(fields, name);
  const all = (name: string) => (fields[name] ?? []).map((v) => v.trim()).filter((v) => v !== "");
  let params: Record<string, unknown> = {};
  switch (action) {
    case "accept":
    case "expireSupplement":
      break;
    case "refuse":
      params = { reasons: all("reasons"), text: get("text"), legalBasis: get("legalBasis") };
      break;
    case "requestSupplement": {
      const days = get("respondWithinDays");
      if (days !== "" && !/^\d{1,3}$/.test(days)) errors.push({ field: "respondWithinDays", message: "dossiers:actions.errors.days" });
      params = {
        fields: all("fields"),
        documents: all("documents").map((d) => (/^\d{1,3}$/.test(d) ? Number(d) : -1)),
        note: get("note"),
        justification: optionalInput(get("justification")),
        respondWithinDays: days !== "" && /^\d{1,3}$/.test(days) ? Number(days) : undefined,
      };
      break;
    }
    case "forward":
    case "sendBack":
    case "transferBack":
    case "requestPayment":
      params = { note: action === "sendBack" ? get("note") : optionalInput(get("note")) };
      break;
    case "transfer": {
      const hours = get("hours").replace(",", ".");
      if (hours !== "" && !/^\d{1,4}(\.\d{1,2})?$/.test(hours)) errors.push({ field: "hours", message: "dossiers:office.errors.hours" });
      params = { agencyId: get("agencyId"), note: optionalInput(get("note")), hours: hours !== "" && /^\d{1,4}(\.\d{1,2})?$/.test(hours) ? Number(hours) : undefined };
      break;
    }
    case "stop":
      params = { reason: optionalInput(get("reason")), text: get("text") };
      break;
    case "approve":
      params = { number: optionalInput(get("number")) };
      break;
    case "returnResult":
      params = { channel: optionalInput(get("channel")), trackingNote: optionalInput(get("trackingNote")) };
      break;
    case "apologize": {
      const newDueAt = vietnamDateTimeToIso(get("newDueDate"), get("newDueTime"));
      if (!newDueAt) errors.push({ field: "newDueAt", message: "dossiers:actions.errors.newDueAt" });
      params = { reason: get("reason"), newDueAt: newDueAt ?? undefined };
      break;
    }
  }
  const schema = action === "approve" ? actionParamSchemas.approve.pick({ number: true }) : actionParamSchemas[action];
  const parsed = schema.safeParse(params);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.length > 0 ? String(issue.path[0]) : "form";
      if (errors.some((e) => e.field === field)) continue;
      errors.push({ field, message: issue.message.startsWith("dossiers:") ? issue.message : "dossiers:actions.errors.invalid" });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, params };
}
