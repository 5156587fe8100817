// The shape of the province's figures (issue 10; shared/domain/vn-egov.md §3–§4). The statistics core
// (statistics.server.ts) fills a StatisticsReport from the rollups; the pages, the exports (CSV, JSON open data,
// Excel) and the charts only read it. Pure: no Remix, no database.

import type { DossierChannel, OnlineLevel, RatingLevel } from "../../../db/schema";

/** Every figure is for the dossiers of one node of the agency tree (null: the whole province), a closed period of Vietnam calendar days. */
export interface StatisticsFilter {
  /** YYYY-MM-DD, Vietnam calendar day, inclusive. */
  from: string;
  /** YYYY-MM-DD, Vietnam calendar day, inclusive. */
  to: string;
  /** A node of the agency tree (its dossiers and those of every agency under it); null for the province. */
  agencyId: string | null;
  /** A field (lĩnh vực) code of the catalog. */
  field: string | null;
  procedureCode: string | null;
  channel: DossierChannel | null;
  onlineLevel: OnlineLevel | null;
}

/**
 * The dossier measures of §3.1 for a period [from, to]. Flows count what happened in the period; stocks are read at
 * the period's edges (carried over: at the start of `from`; in progress and waiting: at the end of `to`).
 */
export interface DossierFigures {
  /** Stock: accepted before `from` and not ended before `from`. */
  carriedOver: number;
  /** Flow: accepted in the period, by channel. */
  received: number;
  receivedOnline: number;
  receivedInPerson: number;
  receivedPost: number;
  /** Flow: result ready (status 9/10) in the period; early + onTime + late = resolved. */
  resolved: number;
  resolvedEarly: number;
  resolvedOnTime: number;
  resolvedLate: number;
  /** Stock at the end of `to`: accepted and not ended; within limit (due ≥ to, or none) or overdue (due < to). */
  inProgress: number;
  inProgressWithinLimit: number;
  inProgressOverdue: number;
  /** Stock at the end of `to`, part of inProgress: waiting for the applicant's supplementation / for a payment. */
  waitingSupplement: number;
  waitingPayment: number;
  /** Flow: withdrawn (7) / refused after acceptance (8) in the period. */
  withdrawn: number;
  refused: number;
  /** Flow, of `received`: dossiers that carried fees, and those whose fees were paid online (VNPay, VietQR). */
  withFees: number;
  paidOnline: number;
  /** Flow, of `received`: every document submitted as a digital file at intake; at least one document reused from the applicant's wallet. */
  digitisedAtIntake: number;
  reusedFromWallet: number;
  /** Flow, of `resolved`: the result was issued as an electronically signed document. */
  resultsElectronic: number;
  /** Sum of working days from acceptance to result over `resolved` (for the average). */
  resolutionWorkingDaysSum: number;
}

export interface RatingFigures {
  /** Ratings given in the period. */
  rated: number;
  verySatisfied: number;
  satisfied: number;
  unsatisfied: number;
}

export interface PetitionStatisticsFigures {
  received: number;
  answeredOnTime: number;
  answeredLate: number;
  pending: number;
  satisfied: number;
  unsatisfied: number;
}

export interface DurationRow {
  procedureCode: string;
  procedureName: string;
  resolved: number;
  /** Working days, one decimal; null when nothing was resolved. */
  averageWorkingDays: number | null;
  /** 90th percentile in whole working days (from the rollups' day histogram); null when nothing was resolved. */
  p90WorkingDays: number | null;
}

export interface Breakdown<K extends string = string> {
  key: K;
  label: string;
  figures: DossierFigures;
}

/** One Decision 766 component the portal can compute (§3.2), with its formula shown beside it. */
export interface IndexComponent {
  id: string;
  group: "timeliness" | "online" | "payment" | "digitisation" | "satisfaction" | "petitions";
  /** i18n key (namespace "statistics") of the formula text. */
  formulaKey: string;
  numerator: number;
  denominator: number;
  /** numerator / denominator, null when the denominator is 0. */
  value: number | null;
}

/** A Decision 766 component the portal cannot measure from its own records, listed with the reason. */
export interface UnmeasuredComponent {
  id: string;
  /** i18n key (namespace "statistics") of the reason. */
  reasonKey: string;
}

export interface CatalogCounts {
  agencyId: string;
  agencyName: string;
  full: number;
  partial: number;
  info: number;
}

export interface StatisticsReport {
  filter: StatisticsFilter;
  /** ISO time the rollups were last brought up to date. */
  asOf: string | null;
  figures: DossierFigures;
  /** One row per calendar month touched by the period (YYYY-MM), flows only meaningful per month. */
  byMonth: Breakdown[];
  /** The children of the selected node (or the province's departments and districts). */
  byAgency: Breakdown[];
  byField: Breakdown[];
  byChannel: Breakdown<DossierChannel>[];
  byOnlineLevel: Breakdown<OnlineLevel>[];
  durations: DurationRow[];
  ratings: RatingFigures & { byLevel: Record<RatingLevel, number> };
  petitions: PetitionStatisticsFigures;
  index766: IndexComponent[];
  unmeasured: UnmeasuredComponent[];
}

export const ZERO_FIGURES: DossierFigures = {
  carriedOver: 0,
  received: 0,
  receivedOnline: 0,
  receivedInPerson: 0,
  receivedPost: 0,
  resolved: 0,
  resolvedEarly: 0,
  resolvedOnTime: 0,
  resolvedLate: 0,
  inProgress: 0,
  inProgressWithinLimit: 0,
  inProgressOverdue: 0,
  waitingSupplement: 0,
  waitingPayment: 0,
  withdrawn: 0,
  refused: 0,
  withFees: 0,
  paidOnline: 0,
  digitisedAtIntake: 0,
  reusedFromWallet: 0,
  resultsElectronic: 0,
  resolutionWorkingDaysSum: 0,
};

/** numerator / denominator, or null for 0 / 0. */
export function share(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

/**
 * The measures a figure can be drilled into (officials only): the list of dossiers behind a number. The statistics
 * core answers `dossiersBehind(db, actor, filter, measure)` with exactly the dossiers the figure counts.
 */
export const DRILL_MEASURES = [
  "carriedOver",
  "received",
  "receivedOnline",
  "receivedInPerson",
  "receivedPost",
  "resolved",
  "resolvedEarly",
  "resolvedOnTime",
  "resolvedLate",
  "inProgress",
  "inProgressWithinLimit",
  "inProgressOverdue",
  "waitingSupplement",
  "waitingPayment",
  "withdrawn",
  "refused",
] as const satisfies readonly (keyof DossierFigures)[];
export type DrillMeasure = (typeof DRILL_MEASURES)[number];
