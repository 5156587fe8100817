// Test data: a hand-made StatisticsReport (no database) for the pages', the charts' and the exports' tests.
import { ZERO_FIGURES, type DossierFigures, type StatisticsReport } from "./report";

export const fig = (o: Partial<DossierFigures>): DossierFigures => ({ ...ZERO_FIGURES, ...o });

export function sampleReport(o: Partial<StatisticsReport> = {}): StatisticsReport {
  const jan = fig({ received: 60, receivedOnline: 40, receivedInPerson: 15, receivedPost: 5, resolved: 40, resolvedEarly: 30, resolvedOnTime: 7, resolvedLate: 3, resolutionWorkingDaysSum: 200 });
  const feb = fig({ received: 40, receivedOnline: 20, receivedInPerson: 20, resolved: 40, resolvedEarly: 30, resolvedOnTime: 7, resolvedLate: 3, resolutionWorkingDaysSum: 180 });
  const total = fig({
    carriedOver: 12,
    received: 100,
    receivedOnline: 60,
    receivedInPerson: 35,
    receivedPost: 5,
    resolved: 80,
    resolvedEarly: 60,
    resolvedOnTime: 14,
    resolvedLate: 6,
    inProgress: 25,
    inProgressWithinLimit: 20,
    inProgressOverdue: 5,
    waitingSupplement: 3,
    waitingPayment: 1,
    withdrawn: 2,
    refused: 1,
    withFees: 50,
    paidOnline: 20,
    digitisedAtIntake: 70,
    reusedFromWallet: 10,
    resultsElectronic: 40,
    resolutionWorkingDaysSum: 380,
  });
  return {
    filter: { from: "2026-01-01", to: "2026-02-28", agencyId: null, field: null, procedureCode: null, channel: null, onlineLevel: null },
    asOf: "2026-03-01T02:30:00.000Z",
    figures: total,
    byMonth: [
      { key: "2026-01", label: "01/2026", figures: jan },
      { key: "2026-02", label: "02/2026", figures: feb },
    ],
    byAgency: [
      { key: "a-stp", label: "Sở Tư pháp", figures: fig({ received: 70, resolved: 50, resolvedEarly: 40, resolvedOnTime: 8, resolvedLate: 2 }) },
      { key: "a-vx", label: 'UBND huyện Vị Xuyên, "thử"', figures: fig({ received: 30, resolved: 30, resolvedEarly: 20, resolvedOnTime: 6, resolvedLate: 4 }) },
    ],
    byField: [{ key: "HT", label: "Hộ tịch", figures: total }],
    byChannel: [
      { key: "online", label: "online", figures: fig({ received: 60, resolved: 50 }) },
      { key: "in_person", label: "in_person", figures: fig({ received: 35, resolved: 28 }) },
      { key: "post", label: "post", figures: fig({ received: 5, resolved: 2 }) },
    ],
    byOnlineLevel: [
      { key: "FULL", label: "FULL", figures: fig({ received: 60 }) },
      { key: "PARTIAL", label: "PARTIAL", figures: fig({ received: 30 }) },
      { key: "INFO", label: "INFO", figures: fig({ received: 10 }) },
    ],
    durations: [
      { procedureCode: "1.001193", procedureName: "Đăng ký khai sinh", resolved: 60, averageWorkingDays: 2.5, p90WorkingDays: 5 },
      { procedureCode: "1.000656", procedureName: "Đăng ký kết hôn", resolved: 0, averageWorkingDays: null, p90WorkingDays: null },
    ],
    ratings: { rated: 50, verySatisfied: 30, satisfied: 15, unsatisfied: 5, byLevel: { very_satisfied: 30, satisfied: 15, unsatisfied: 5 } },
    petitions: { received: 10, answeredOnTime: 8, answeredLate: 1, pending: 1, satisfied: 7, unsatisfied: 1 },
    index766: [
      { id: "timeliness", group: "timeliness", formulaKey: "formula.timeliness", numerator: 74, denominator: 80, value: 74 / 80 },
      { id: "onlinePayment", group: "payment", formulaKey: "formula.onlinePayment", numerator: 20, denominator: 50, value: 0.4 },
      { id: "empty", group: "online", formulaKey: "formula.empty", numerator: 0, denominator: 0, value: null },
    ],
    unmeasured: [{ id: "publicity", reasonKey: "unmeasured.publicity" }],
    ...o,
  };
}
