// The procedure catalog's vocabulary (isomorphic): online levels, channels, time units, life events.

export const ONLINE_LEVELS = ["INFO", "PARTIAL", "FULL"] as const;
export type OnlineLevel = (typeof ONLINE_LEVELS)[number];

export const CHANNELS = ["in_person", "online", "post"] as const;
export type Channel = (typeof CHANNELS)[number];

export const GOVERNMENT_LEVELS = ["province", "district", "commune"] as const;
export type GovernmentLevel = (typeof GOVERNMENT_LEVELS)[number];

export const APPLICANT_KINDS = ["citizen", "business", "organisation"] as const;
export type ApplicantKind = (typeof APPLICANT_KINDS)[number];

export const TIME_UNITS = ["working_days", "calendar_days", "working_hours", "same_day", "none"] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

export const FEE_MODES = ["pay_first", "pay_later", "free"] as const;
export type FeeMode = (typeof FEE_MODES)[number];

export const WORKFLOW_ROLES = ["receive", "handle", "appraise", "approve", "return"] as const;
export type WorkflowRole = (typeof WORKFLOW_ROLES)[number];

/** Life events group procedures the way citizens think of them (labels in locales/<lng>/procedures.json). */
export const LIFE_EVENTS = [
  "birth",
  "marriage",
  "death",
  "residence",
  "family",
  "identity-records",
  "business",
  "land",
  "construction",
  "education",
  "employment",
  "social-support",
  "health",
  "transport",
  "culture-tourism",
  "military",
] as const;
export type LifeEvent = (typeof LIFE_EVENTS)[number];

export const PROCEDURE_STATUSES = ["in_force", "retired"] as const;
export type ProcedureStatus = (typeof PROCEDURE_STATUSES)[number];

/** Working hours in a working day (office hours 07:00–11:30 and 13:30–17:00; shared/domain/vn-egov.md §2.10). */
export const HOURS_PER_WORKING_DAY = 8;

export type TimeLimit =
  | { unit: "working_days"; amount: number }
  | { unit: "calendar_days"; amount: number }
  | { unit: "working_hours"; amount: number }
  | { unit: "same_day"; cutoff: string }
  | { unit: "none" };

/** A time limit in working hours, where it has one (for checking a workflow's shares). */
export function workingHoursOf(limit: TimeLimit): number | null {
  switch (limit.unit) {
    case "working_days":
      return limit.amount * HOURS_PER_WORKING_DAY;
    case "working_hours":
      return limit.amount;
    case "same_day":
      return HOURS_PER_WORKING_DAY;
    default:
      return null;
  }
}

const LEVEL_RANK: Record<OnlineLevel, number> = { INFO: 0, PARTIAL: 1, FULL: 2 };

/** The best online level among a procedure's offerings (a procedure can be FULL in one district only). */
export function bestOnlineLevel(levels: OnlineLevel[]): OnlineLevel {
  return levels.reduce<OnlineLevel>((best, l) => (LEVEL_RANK[l] > LEVEL_RANK[best] ? l : best), "INFO");
}

export interface Fee {
  name: string;
  amount: number;
  per: "case" | "copy" | "page" | "contract" | "person";
  tiers?: { fromUnit: number; amount: number }[];
  cap?: number;
  exemptions?: string[];
  note?: string;
}

/**
 * The fee for a quantity (copies, pages…): tiers apply from their first unit onward (e.g. 2.000 đ per page for
 * pages 1–2, 1.000 đ from page 3), then the cap per case.
 */
export function feeFor(fee: Fee, quantity = 1): number {
  const units = Math.max(1, Math.floor(quantity));
  let total = 0;
  if (fee.tiers && fee.tiers.length > 0) {
    const tiers = [...fee.tiers].sort((a, b) => a.fromUnit - b.fromUnit);
    for (let unit = 1; unit <= units; unit++) {
      const tier = tiers.filter((t) => t.fromUnit <= unit).at(-1);
      total += tier ? tier.amount : fee.amount;
    }
  } else {
    total = fee.per === "case" ? fee.amount : fee.amount * units;
  }
  return fee.cap !== undefined ? Math.min(total, fee.cap) : total;
}
