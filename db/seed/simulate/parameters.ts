// The demo province's year (issue 10, item 6): the parameters of the simulation and its random numbers.
//
// Nothing here is an outcome. The shares of dossiers resolved early, on time or late, refused, withdrawn, supplemented
// or paid are what comes out of running the province's officials and citizens with these rates, delays and
// propensities through the portal's own use cases (simulate-year.ts); change a delay and the mix changes.

/** A log-normal delay: half of the draws are below `median`, `spread` is the σ of its logarithm. */
export interface Delay {
  median: number;
  spread: number;
}

export interface SimulationParameters {
  /** The seed of every random draw: the same seed on the same database gives the same counts. */
  seed: number;
  /** How many days before `now` the simulated year starts (365: the twelve months before today). */
  days: number;
  /** Multiplies every arrival rate (1: the default volume; --scale 0.1 for a quick run). */
  scale: number;

  // --- Who works here -------------------------------------------------------------------------------------------
  agencies: {
    /** Commune people's committees taking commune procedures (a sample of the province's communes). */
    communes: number;
    /** District one-stop units taking district procedures (their district committees decide). */
    districts: number;
  };
  /** Officials per simulated agency, by role. */
  staff: { receivingOfficers: number; handlers: number; approvers: number; petitionHandlers: number };

  // --- Citizens arriving --------------------------------------------------------------------------------------
  /** Dossiers filed per working day across the province at scale 1 (a Poisson process). */
  dossiersPerWorkingDay: number;
  /** Online filings on a weekend or holiday, relative to a working day's online rate. */
  offDayOnlineRate: number;
  /** Popularity of procedures: the k-th most popular draws weight 1/k^zipf (its rank is shuffled by the seed). */
  zipf: number;
  /** Probability that an applicant files online when the procedure can be filed online. */
  onlinePropensity: number;
  /** Probability that a returning applicant attaches a scan already in their document wallet (reuse) for one document. */
  reuseFromWallet: number;
  /** Online filings' hour of day (Vietnam time): uniform over this range. */
  onlineHours: [number, number];

  // --- Officials' work (working hours, on the working calendar) ---------------------------------------------
  /** Time to accept an online dossier, in working hours (the law gives 8). */
  intakeDelay: Delay;
  /**
   * Time an official takes over a workflow step, as a multiple of the working hours the catalog allots to it
   * (1: exactly the step's share of the time limit). Below 1 most steps finish early.
   */
  stepDelayFactor: Delay;
  /** The approvers' factor (signing), same meaning. */
  approveDelayFactor: Delay;
  /** Working hours before the one-stop unit hands over a result ready to collect (or sends it). */
  returnDelay: Delay;
  /** At intake: refuse an online dossier (not competent, not eligible). */
  refuseAtIntake: number;
  /** At intake: ask for a supplementation before accepting. */
  supplementAtIntake: number;
  /** While handling: ask for a supplementation (once; a second needs a justification and is rarer). */
  supplementWhileHandling: number;
  secondSupplement: number;
  /** Probability that the official holding an overdue (or nearly due) dossier writes the apology letter when prompted. */
  apologise: number;
  /** Working days of the new appointment an apology letter gives. */
  apologyExtraDays: number;
  /** Working days given to answer a supplementation request. */
  supplementRespondDays: number;

  // --- Citizens' behaviour -----------------------------------------------------------------------------------
  /** Calendar days an applicant takes to answer a supplementation request. */
  resubmitDelayDays: Delay;
  /** Probability that an applicant never answers a supplementation request (the sweep closes it). */
  abandonSupplement: number;
  /** Hazard: probability that an applicant withdraws before the result, and the calendar days after filing when. */
  withdraw: number;
  withdrawDelayDays: Delay;
  /** Calendar days to pay fees (pay first online: by VietQR transfer; pay later: at the counter or by transfer). */
  payDelayDays: Delay;
  /** Probability that a pay-first online applicant never pays (and withdraws instead). */
  neverPays: number;
  /** Share of payments made by transfer rather than at the counter (pay later). */
  transferPropensity: number;

  // --- Petitions -------------------------------------------------------------------------------------------
  petitionsPerWorkingDay: number;
  /** Working hours the control unit takes to route an item (the rule gives 5 working days). */
  routeDelay: Delay;
  /** Working hours a handler takes to draft an answer (the rule gives 10 working days from forwarding). */
  draftDelay: Delay;
  /** Working hours the leader takes to approve an answer. */
  approveAnswerDelay: Delay;
  /** Probability that the control unit closes an item (not processable) instead of forwarding it. */
  closePetition: number;
  /** Probability that a submitter rates the answer, and that they are satisfied when it was on time / late. */
  ratePetition: number;
  satisfiedOnTime: number;
  satisfiedLate: number;

  // --- Ratings of dossiers (when the ratings use case exists) --------------------------------------------
  /** Probability that an applicant rates the handling after the result, when on time / late. */
  rateDossierOnTime: number;
  rateDossierLate: number;
  /** Of those who rate: probability of "rất hài lòng", and of "không hài lòng", when on time / late. */
  veryPleasedOnTime: number;
  displeasedOnTime: number;
  veryPleasedLate: number;
  displeasedLate: number;
}

export const DEFAULT_PARAMETERS: SimulationParameters = {
  seed: 20261130,
  days: 365,
  scale: 1,
  agencies: { communes: 8, districts: 3 },
  staff: { receivingOfficers: 2, handlers: 2, approvers: 1, petitionHandlers: 1 },
  dossiersPerWorkingDay: 6,
  offDayOnlineRate: 0.25,
  zipf: 0.9,
  onlinePropensity: 0.55,
  reuseFromWallet: 0.6,
  onlineHours: [6, 23],
  intakeDelay: { median: 2.5, spread: 0.9 },
  stepDelayFactor: { median: 0.35, spread: 0.75 },
  approveDelayFactor: { median: 0.3, spread: 0.7 },
  returnDelay: { median: 3, spread: 1 },
  refuseAtIntake: 0.03,
  supplementAtIntake: 0.06,
  supplementWhileHandling: 0.08,
  secondSupplement: 0.1,
  supplementRespondDays: 15,
  apologise: 0.7,
  apologyExtraDays: 3,
  resubmitDelayDays: { median: 3, spread: 0.8 },
  abandonSupplement: 0.15,
  withdraw: 0.025,
  withdrawDelayDays: { median: 4, spread: 0.8 },
  payDelayDays: { median: 0.6, spread: 1.1 },
  neverPays: 0.05,
  transferPropensity: 0.4,
  petitionsPerWorkingDay: 0.8,
  routeDelay: { median: 14, spread: 0.8 },
  draftDelay: { median: 40, spread: 0.7 },
  approveAnswerDelay: { median: 6, spread: 0.9 },
  closePetition: 0.08,
  ratePetition: 0.55,
  satisfiedOnTime: 0.85,
  satisfiedLate: 0.45,
  rateDossierOnTime: 0.35,
  rateDossierLate: 0.55,
  veryPleasedOnTime: 0.6,
  displeasedOnTime: 0.04,
  veryPleasedLate: 0.15,
  displeasedLate: 0.45,
};

/** The parameters with some replaced (nested objects merged one level deep). */
export function withParameters(overrides: Partial<SimulationParameters> = {}): SimulationParameters {
  return {
    ...DEFAULT_PARAMETERS,
    ...overrides,
    agencies: { ...DEFAULT_PARAMETERS.agencies, ...overrides.agencies },
    staff: { ...DEFAULT_PARAMETERS.staff, ...overrides.staff },
  };
}

/** Seeded random numbers (mulberry32) and the distributions the simulation draws from. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  chance(p: number): boolean;
  pick<T>(xs: readonly T[]): T;
  int(min: number, maxInclusive: number): number;
  /** Exponential with this mean (the gaps of a Poisson process). */
  exponential(mean: number): number;
  logNormal(d: Delay): number;
  poisson(mean: number): number;
  /** An index drawn with these weights. */
  weighted(weights: readonly number[]): number;
  shuffle<T>(xs: readonly T[]): T[];
}

export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => {
    const u = Math.max(next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };
  const random: Random = {
    next,
    chance: (p) => next() < p,
    pick: (xs) => xs[Math.floor(next() * xs.length)]!,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    exponential: (mean) => -Math.log(Math.max(1 - next(), 1e-12)) * mean,
    logNormal: (d) => d.median * Math.exp(d.spread * normal()),
    poisson(mean) {
      // Knuth for small means, a normal approximation above.
      if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
      const limit = Math.exp(-mean);
      let k = 0;
      let p = next();
      while (p > limit) {
        k += 1;
        p *= next();
      }
      return k;
    },
    weighted(weights) {
      const total = weights.reduce((s, w) => s + w, 0);
      let r = next() * total;
      for (let i = 0; i < weights.length; i += 1) {
        r -= weights[i]!;
        if (r < 0) return i;
      }
      return weights.length - 1;
    },
    shuffle(xs) {
      const out = [...xs];
      for (let i = out.length - 1; i > 0; i -= 1) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    },
  };
  return random;
}
