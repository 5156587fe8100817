// Formatting rules of the portal (isomorphic): dates dd/mm/yyyy, times in Asia/Ho_Chi_Minh, money in VND.

export const TIME_ZONE = "Asia/Ho_Chi_Minh";
type Lang = "vi" | "en";

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(instant: Date): Record<string, string> {
  const fmt = new Intl.DateTimeFormat("en-GB", {
    timeZone: TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  return Object.fromEntries(fmt.formatToParts(instant).map((p) => [p.type, p.value]));
}

/**
 * dd/mm/yyyy in both languages (the Vietnamese convention, also used in the English pages so that a
 * receipt reads the same). A date-only value (YYYY-MM-DD) is shown as is; an instant is shown in Vietnam time.
 */
export function formatDate(value: string | Date): string {
  if (typeof value === "string") {
    const m = DATE_ONLY.exec(value);
    if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  }
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a date: ${String(value)}`);
  const p = parts(date);
  return `${p.day}/${p.month}/${p.year}`;
}

/** "14:05 ngày 03/02/2026" / "14:05 on 03/02/2026", in Vietnam time. */
export function formatDateTime(value: string | Date, lang: Lang): string {
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a date: ${String(value)}`);
  const p = parts(date);
  const day = `${p.day}/${p.month}/${p.year}`;
  return lang === "vi" ? `${p.hour}:${p.minute} ngày ${day}` : `${p.hour}:${p.minute} on ${day}`;
}

/** "03/02/2026 14:05": date and time in Vietnam time, the same in both languages (a record's timestamp). */
export function formatTimestamp(value: string | Date): string {
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a date: ${String(value)}`);
  const p = parts(date);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** Today's date (YYYY-MM-DD) in Vietnam. */
export function todayInVietnam(now: Date = new Date()): string {
  const p = parts(now);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Money is a whole number of đồng: "1.200.000 ₫" in Vietnamese, "1,200,000 VND" in English. */
export function formatVnd(amount: number, lang: Lang): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`VND amounts are whole numbers: ${amount}`);
  const sign = amount < 0 ? "-" : "";
  const digits = Math.abs(amount)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, lang === "vi" ? "." : ",");
  return lang === "vi" ? `${sign}${digits} ₫` : `${sign}${digits} VND`;
}

/** A file's size for people: whole kilobytes (at least 1), grouped the language's way: "1.234 KB", "1,234 KB". */
export function formatFileSize(bytes: number, lang: Lang): string {
  const kb = Math.max(1, Math.round(bytes / 1024));
  return `${kb.toLocaleString(lang === "vi" ? "vi-VN" : "en-GB")} KB`;
}
