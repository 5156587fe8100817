// The astronomy the Vietnamese lunisolar calendar needs: the instants of new moons (sóc) and the Sun's apparent
// longitude (for the major solar terms, trung khí). Written for this project from the published algorithms of
// Jean Meeus, "Astronomical Algorithms" (2nd ed., Willmann-Bell 1998):
//   - true new moon: chapter 49 (mean phase, 25 periodic terms, 14 planetary arguments);
//   - the Sun: chapter 25 "higher accuracy" (the Earth's heliocentric longitude from the VSOP87 theory of
//     Bretagnon & Francou, truncated as in Meeus's Appendix III, the FK5 correction, nutation in longitude from
//     chapter 22, aberration with the radius vector of equation 25.5);
//   - ΔT = TT − UT: the polynomials of Espenak & Meeus (NASA Five Millennium Canon of Solar Eclipses, 2006).
// Accuracy over 1900–2100: new moons within about a minute (ΔT dominates), solar longitude about one arcsecond
// (some 25 s of time) — far inside the margins that decide a calendar day.

const RAD = Math.PI / 180;
const J2000 = 2451545.0;

/** Julian Day of 1970-01-01T00:00Z. */
export const UNIX_EPOCH_JD = 2440587.5;

export function jdOfInstant(instantMs: number): number {
  return instantMs / 86_400_000 + UNIX_EPOCH_JD;
}

export function instantOfJd(jd: number): number {
  return (jd - UNIX_EPOCH_JD) * 86_400_000;
}

const norm360 = (degrees: number) => ((degrees % 360) + 360) % 360;

// ---------------------------------------------------------------------------------------------------------------
// ΔT (seconds) for a decimal year
// ---------------------------------------------------------------------------------------------------------------

export function deltaTSeconds(year: number): number {
  if (year < 1900) {
    const t = year - 1860;
    return 7.62 + 0.5737 * t - 0.251754 * t ** 2 + 0.01680668 * t ** 3 - 0.0004473624 * t ** 4 + t ** 5 / 233174;
  }
  if (year < 1920) {
    const t = year - 1900;
    return -2.79 + 1.494119 * t - 0.0598939 * t ** 2 + 0.0061966 * t ** 3 - 0.000197 * t ** 4;
  }
  if (year < 1941) {
    const t = year - 1920;
    return 21.2 + 0.84493 * t - 0.0761 * t ** 2 + 0.0020936 * t ** 3;
  }
  if (year < 1961) {
    const t = year - 1950;
    return 29.07 + 0.407 * t - t ** 2 / 233 + t ** 3 / 2547;
  }
  if (year < 1986) {
    const t = year - 1975;
    return 45.45 + 1.067 * t - t ** 2 / 260 - t ** 3 / 718;
  }
  if (year < 2005) {
    const t = year - 2000;
    return 63.86 + 0.3345 * t - 0.060374 * t ** 2 + 0.0017275 * t ** 3 + 0.000651814 * t ** 4 + 0.00002373599 * t ** 5;
  }
  if (year < 2050) {
    const t = year - 2000;
    return 62.92 + 0.32217 * t + 0.005589 * t ** 2;
  }
  if (year < 2150) return -20 + 32 * ((year - 1820) / 100) ** 2 - 0.5628 * (2150 - year);
  return -20 + 32 * ((year - 1820) / 100) ** 2;
}

const yearOfJd = (jd: number) => 2000 + (jd - J2000) / 365.25;

/** Dynamical time (JDE) → universal time (JD). */
export function jdeToJd(jde: number): number {
  return jde - deltaTSeconds(yearOfJd(jde)) / 86_400;
}

/** Universal time (JD) → dynamical time (JDE). */
export function jdToJde(jd: number): number {
  return jd + deltaTSeconds(yearOfJd(jd)) / 86_400;
}

// ---------------------------------------------------------------------------------------------------------------
// New moons (Meeus ch. 49)
// ---------------------------------------------------------------------------------------------------------------

/** Mean synodic month, days. */
export const SYNODIC_MONTH = 29.530588861;
/** The new moon of 2000-01-06 (k = 0), JDE. */
const NEW_MOON_EPOCH = 2451550.09766;

/** The lunation number k of the new moon nearest a Julian Day (k = 0: 2000-01-06). */
export function lunationNear(jd: number): number {
  return Math.round((jd - NEW_MOON_EPOCH) / SYNODIC_MONTH);
}

// Periodic terms of the true new moon: [coefficient, power of E, multiples of M, M′, F, Ω].
const NEW_MOON_TERMS: readonly (readonly [number, number, number, number, number, number])[] = [
  [-0.4072, 0, 0, 1, 0, 0],
  [0.17241, 1, 1, 0, 0, 0],
  [0.01608, 0, 0, 2, 0, 0],
  [0.01039, 0, 0, 0, 2, 0],
  [0.00739, 1, -1, 1, 0, 0],
  [-0.00514, 1, 1, 1, 0, 0],
  [0.00208, 2, 2, 0, 0, 0],
  [-0.00111, 0, 0, 1, -2, 0],
  [-0.00057, 0, 0, 1, 2, 0],
  [0.00056, 1, 1, 2, 0, 0],
  [-0.00042, 0, 0, 3, 0, 0],
  [0.00042, 1, 1, 0, 2, 0],
  [0.00038, 1, 1, 0, -2, 0],
  [-0.00024, 1, -1, 2, 0, 0],
  [-0.00017, 0, 0, 0, 0, 1],
  [-0.00007, 0, 2, 1, 0, 0],
  [0.00004, 0, 0, 2, -2, 0],
  [0.00004, 0, 3, 0, 0, 0],
  [0.00003, 0, 1, 1, -2, 0],
  [0.00003, 0, 0, 2, 2, 0],
  [-0.00003, 0, 1, 1, 2, 0],
  [0.00003, 0, -1, 1, 2, 0],
  [-0.00002, 0, -1, 1, -2, 0],
  [-0.00002, 0, 1, 3, 0, 0],
  [0.00002, 0, 0, 4, 0, 0],
];

// Planetary arguments A1…A14: [coefficient, constant, rate per lunation]; A1 also has −0.009173 T².
const PLANETARY_TERMS: readonly (readonly [number, number, number])[] = [
  [0.000325, 299.77, 0.107408],
  [0.000165, 251.88, 0.016321],
  [0.000164, 251.83, 26.651886],
  [0.000126, 349.42, 36.412478],
  [0.00011, 84.66, 18.206239],
  [0.000062, 141.74, 53.303771],
  [0.00006, 207.14, 2.453732],
  [0.000056, 154.84, 7.30686],
  [0.000047, 34.52, 27.261239],
  [0.000042, 207.19, 0.121824],
  [0.00004, 291.34, 1.844379],
  [0.000037, 161.72, 24.198154],
  [0.000035, 239.56, 25.513099],
  [0.000023, 331.55, 3.592518],
];

/** The instant (JDE, dynamical time) of the true new moon number k. */
export function newMoonJde(k: number): number {
  const t = k / 1236.85;
  const t2 = t * t;
  const t3 = t2 * t;
  const t4 = t3 * t;
  let jde = NEW_MOON_EPOCH + SYNODIC_MONTH * k + 0.00015437 * t2 - 0.00000015 * t3 + 0.00000000073 * t4;
  const e = 1 - 0.002516 * t - 0.0000074 * t2;
  // Sun's mean anomaly, Moon's mean anomaly, Moon's argument of latitude, longitude of the ascending node.
  const m = (2.5534 + 29.1053567 * k - 0.0000014 * t2 - 0.00000011 * t3) * RAD;
  const mp = (201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4) * RAD;
  const f = (160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4) * RAD;
  const om = (124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3) * RAD;
  for (const [c, ePower, nm, nmp, nf, nom] of NEW_MOON_TERMS) {
    jde += c * e ** ePower * Math.sin(nm * m + nmp * mp + nf * f + nom * om);
  }
  PLANETARY_TERMS.forEach(([c, a, rate], i) => {
    jde += c * Math.sin((a + rate * k - (i === 0 ? 0.009173 * t2 : 0)) * RAD);
  });
  return jde;
}

/** The instant (epoch ms, UT) of the true new moon number k. */
export function newMoonInstant(k: number): number {
  return instantOfJd(jdeToJd(newMoonJde(k)));
}

// ---------------------------------------------------------------------------------------------------------------
// The Sun's apparent longitude (Meeus ch. 25, higher accuracy)
// ---------------------------------------------------------------------------------------------------------------

// VSOP87 series of the Earth's heliocentric longitude L, as truncated in Meeus's Appendix III. Each term is
// [A (10⁻⁸ rad), B (rad), C (rad per Julian millennium)] and contributes A·cos(B + C·τ).
type Series = readonly (readonly [number, number, number])[];
const L0: Series = [
  [175347046, 0, 0], [3341656, 4.6692568, 6283.07585], [34894, 4.6261, 12566.1517], [3497, 2.7441, 5753.3849],
  [3418, 2.8289, 3.5231], [3136, 3.6277, 77713.7715], [2676, 4.4181, 7860.4194], [2343, 6.1352, 3930.2097],
  [1324, 0.7425, 11506.7698], [1273, 2.0371, 529.691], [1199, 1.1096, 1577.3435], [990, 5.233, 5884.927],
  [902, 2.045, 26.298], [857, 3.508, 398.149], [780, 1.179, 5223.694], [753, 2.533, 5507.553],
  [505, 4.583, 18849.228], [492, 4.205, 775.523], [357, 2.92, 0.067], [317, 5.849, 11790.629],
  [284, 1.899, 796.298], [271, 0.315, 10977.079], [243, 0.345, 5486.778], [206, 4.806, 2544.314],
  [205, 1.869, 5573.143], [202, 2.458, 6069.777], [156, 0.833, 213.299], [132, 3.411, 2942.463],
  [126, 1.083, 20.775], [115, 0.645, 0.98], [103, 0.636, 4694.003], [102, 0.976, 15720.839],
  [102, 4.267, 7.114], [99, 6.21, 2146.17], [98, 0.68, 155.42], [86, 5.98, 161000.69],
  [85, 1.3, 6275.96], [85, 3.67, 71430.7], [80, 1.81, 17260.15], [79, 3.04, 12036.46],
  [75, 1.76, 5088.63], [74, 3.5, 3154.69], [74, 4.68, 801.82], [70, 0.83, 9437.76],
  [62, 3.98, 8827.39], [61, 1.82, 7084.9], [57, 2.78, 6286.6], [56, 4.39, 14143.5],
  [56, 3.47, 6279.55], [52, 0.19, 12139.55], [52, 1.33, 1748.02], [51, 0.28, 5856.48],
  [49, 0.49, 1194.45], [41, 5.37, 8429.24], [41, 2.4, 19651.05], [39, 6.17, 10447.39],
  [37, 6.04, 10213.29], [37, 2.57, 1059.38], [36, 1.71, 2352.87], [36, 1.78, 6812.77],
  [33, 0.59, 17789.85], [30, 0.44, 83996.85], [30, 2.74, 1349.87], [25, 3.16, 4690.48],
];
const L1: Series = [
  [628331966747, 0, 0], [206059, 2.678235, 6283.07585], [4303, 2.6351, 12566.1517], [425, 1.59, 3.523],
  [119, 5.796, 26.298], [109, 2.966, 1577.344], [93, 2.59, 18849.23], [72, 1.14, 529.69],
  [68, 1.87, 398.15], [67, 4.41, 5507.55], [59, 2.89, 5223.69], [56, 2.17, 155.42],
  [45, 0.4, 796.3], [36, 0.47, 775.52], [29, 2.65, 7.11], [21, 5.34, 0.98],
  [19, 1.85, 5486.78], [19, 4.97, 213.3], [17, 2.99, 6275.96], [16, 0.03, 2544.31],
  [16, 1.43, 2146.17], [15, 1.21, 10977.08], [12, 2.83, 1748.02], [12, 3.26, 5088.63],
  [12, 5.27, 1194.45], [12, 2.08, 4694], [11, 0.77, 553.57], [10, 1.3, 6286.6],
  [10, 4.24, 1349.87], [9, 2.7, 242.73], [9, 5.64, 951.72], [8, 5.3, 2352.87],
  [6, 2.65, 9437.76], [6, 4.67, 4690.48],
];
const L2: Series = [
  [52919, 0, 0], [8720, 1.0721, 6283.0758], [309, 0.867, 12566.152], [27, 0.05, 3.52], [16, 5.19, 26.3],
  [16, 3.68, 155.42], [10, 0.76, 18849.23], [9, 2.06, 77713.77], [7, 0.83, 775.52], [5, 4.66, 1577.34],
  [4, 1.03, 7.11], [4, 3.44, 5573.14], [3, 5.14, 796.3], [3, 6.05, 5507.55], [3, 1.19, 242.73],
  [3, 6.12, 529.69], [3, 0.31, 398.15], [3, 2.28, 553.57], [2, 4.38, 5223.69], [2, 3.75, 0.98],
];
const L3: Series = [
  [289, 5.844, 6283.076], [35, 0, 0], [17, 5.49, 12566.15], [3, 5.2, 155.42], [1, 4.72, 3.52],
  [1, 5.3, 18849.23], [1, 5.97, 242.73],
];
const L4: Series = [[114, 3.142, 0], [8, 4.13, 6283.08], [1, 3.84, 12566.15]];
const L5: Series = [[1, 3.14, 0]];
const LONGITUDE_SERIES = [L0, L1, L2, L3, L4, L5];

const sumSeries = (series: Series, tau: number) => series.reduce((sum, [a, b, c]) => sum + a * Math.cos(b + c * tau), 0);

/** The Sun's apparent geocentric longitude, degrees in [0, 360), at an instant in dynamical time (JDE). */
export function sunApparentLongitude(jde: number): number {
  const tau = (jde - J2000) / 365_250;
  const t = tau * 10;
  // The Earth's heliocentric longitude (radians), then the Sun's geocentric one.
  const earth = LONGITUDE_SERIES.reduce((sum, series, power) => sum + sumSeries(series, tau) * tau ** power, 0) / 1e8;
  let longitude = earth / RAD + 180;
  // Conversion to the FK5 system.
  longitude -= 0.09033 / 3600;
  // Nutation in longitude (Meeus ch. 22, the four largest terms: within 0.5″).
  const omega = (125.04452 - 1934.136261 * t) * RAD;
  const sunMean = (280.4665 + 36000.7698 * t) * RAD;
  const moonMean = (218.3165 + 481267.8813 * t) * RAD;
  const nutation = -17.2 * Math.sin(omega) - 1.32 * Math.sin(2 * sunMean) - 0.23 * Math.sin(2 * moonMean) + 0.21 * Math.sin(2 * omega);
  longitude += nutation / 3600;
  // Aberration, −20.4898″ / R, with the radius vector R (AU) from the orbit's elements (Meeus 25.5).
  const m = (357.52911 + 35999.05029 * t - 0.0001537 * t * t) * RAD;
  const e = 0.016708634 - 0.000042037 * t - 0.0000001267 * t * t;
  const center = ((1.914602 - 0.004817 * t - 0.000014 * t * t) * Math.sin(m) + (0.019993 - 0.000101 * t) * Math.sin(2 * m) + 0.000289 * Math.sin(3 * m)) * RAD;
  const radius = (1.000001018 * (1 - e * e)) / (1 + e * Math.cos(m + center));
  longitude -= 20.4898 / 3600 / radius;
  return norm360(longitude);
}

/**
 * The instant (JDE) the Sun's apparent longitude reaches `target` degrees, searched from an estimate within a few
 * days of it (the Sun moves about 0.9856° a day; Meeus's correction step, iterated to a millisecond).
 */
export function solarLongitudeInstant(target: number, estimateJde: number): number {
  let jde = estimateJde;
  for (let i = 0; i < 50; i++) {
    const delta = ((target - sunApparentLongitude(jde) + 540) % 360) - 180;
    const step = delta / 0.98564736;
    jde += step;
    if (Math.abs(step) < 1e-8) break;
  }
  return jde;
}
