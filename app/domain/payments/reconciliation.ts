import type { MatchClass } from "./statement";

// The reconciliation's pure rules (issue 9; isomorphic): days as YYYY-MM-DD in Vietnam time; a statement line's classes.

export type LineClass = MatchClass;
/** The classes of a statement line, in the order the pages list them. */
export const LINE_CLASSES: readonly LineClass[] = ["matched", "amountDiffers", "alreadyPaid", "unknownReference", "noReference", "ambiguous", "alreadyImported"];

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a text is a real calendar day, YYYY-MM-DD. */
export function isDay(text: string): boolean {
  const m = DAY.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number(m[1]) >= 2000 && d.toISOString().slice(0, 10) === text;
}

/** The instants [from, to) of a Vietnam day. */
export function vietnamDayWindow(day: string): { from: string; to: string } {
  const from = new Date(`${day}T00:00:00+07:00`);
  return { from: from.toISOString(), to: new Date(from.getTime() + 86_400_000).toISOString() };
}

/** The day before `now` in Vietnam (the report's default: D+1 reconciles D). */
export function yesterdayInVietnam(now: Date = new Date()): string {
  const vn = new Date(now.getTime() + 7 * 3_600_000);
  vn.setUTCDate(vn.getUTCDate() - 1);
  return vn.toISOString().slice(0, 10);
}
