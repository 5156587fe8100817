import { createInstance } from "i18next";
import type { Kysely } from "kysely";
import type { Database } from "../schema";
import { seedStatutoryCalendar } from "../../app/domain/calendar/calendar.server";
import viCalendar from "../../locales/vi/calendar.json" with { type: "json" };

// The working-time calendar's seed: the statutory holidays of 2000–2050 with their compensatory days (named in
// Vietnamese, the province's language of record) and the civil service's default office hours. Idempotent: dates
// already there, and dates an administrator removed, are left alone (app/domain/calendar/calendar.server.ts).

export const SEEDED_YEARS = { from: 2000, to: 2050 } as const;

export async function seedCalendar(db: Kysely<Database>, now = new Date()): Promise<{ days: number; officeHours: boolean }> {
  const i18n = createInstance();
  await i18n.init({ lng: "vi", ns: ["calendar"], defaultNS: "calendar", interpolation: { escapeValue: false }, resources: { vi: { calendar: viCalendar } } });
  const t = i18n.getFixedT("vi", "calendar");
  return seedStatutoryCalendar(db, { fromYear: SEEDED_YEARS.from, toYear: SEEDED_YEARS.to, t: (key, values) => t(key, values), now });
}
