import type { Kysely, Transaction } from "kysely";
import type { CalendarDayKind, CalendarDaySource, Database } from "../../../db/schema";

// The working-time calendar's tables. Kysely only; every function takes the db or a transaction first.

type Handle = Kysely<Database> | Transaction<Database>;

export interface CalendarDayRow {
  date: string;
  kind: CalendarDayKind;
  name: string;
  source: CalendarDaySource;
}

/** The calendar's dates between two dates (inclusive), removed ones left out, in date order. */
export async function calendarDaysBetween(db: Handle, from: string, to: string): Promise<CalendarDayRow[]> {
  return db
    .selectFrom("calendar_days")
    .select(["date", "kind", "name", "source"])
    .where("date", ">=", from)
    .where("date", "<=", to)
    .where("removed_at", "is", null)
    .orderBy("date")
    .execute();
}

/** A date's row, including a removed one (tombstone). */
export async function calendarDayRow(db: Handle, date: string) {
  return db.selectFrom("calendar_days").selectAll().where("date", "=", date).executeTakeFirst();
}

/** Insert dates that are not there yet (a tombstone counts as there); how many were new. */
export async function insertMissingCalendarDays(
  db: Handle,
  rows: readonly { date: string; kind: CalendarDayKind; name: string; source: CalendarDaySource; createdBy: string | null; at: string }[],
): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200).map((r) => ({
      date: r.date,
      kind: r.kind,
      name: r.name,
      source: r.source,
      created_by: r.createdBy,
      created_at: r.at,
      removed_by: null,
      removed_at: null,
    }));
    const result = await db
      .insertInto("calendar_days")
      .values(chunk)
      .onConflict((oc) => oc.column("date").doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return inserted;
}

/** Put a date in the calendar as an administrator: a new row, or a removed row brought back with new content. */
export async function putAdminCalendarDay(db: Handle, row: { date: string; kind: CalendarDayKind; name: string; createdBy: string; at: string }): Promise<void> {
  const values = { kind: row.kind, name: row.name, source: "admin" as const, created_by: row.createdBy, created_at: row.at, removed_by: null, removed_at: null };
  const updated = await db.updateTable("calendar_days").set(values).where("date", "=", row.date).where("removed_at", "is not", null).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) await db.insertInto("calendar_days").values({ date: row.date, ...values }).execute();
}

/** Remove a date (keep it as a tombstone); false when it was not in the calendar. */
export async function markCalendarDayRemoved(db: Handle, date: string, by: string, at: string): Promise<boolean> {
  const result = await db.updateTable("calendar_days").set({ removed_by: by, removed_at: at }).where("date", "=", date).where("removed_at", "is", null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The years (of those asked) that have at least one non-working date. */
export async function yearsWithNonWorkingDays(db: Handle, fromYear: number, toYear: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom("calendar_days")
    .select("date")
    .where("kind", "=", "non_working")
    .where("removed_at", "is", null)
    .where("date", ">=", `${fromYear}-01-01`)
    .where("date", "<=", `${toYear}-12-31`)
    .execute();
  return new Set(rows.map((r) => Number(r.date.slice(0, 4))));
}

export interface OfficeHoursRow {
  validFrom: string;
  sameDayCutoff: string;
  sessions: { weekday: number; startsAt: string; endsAt: string }[];
}

/** Every version of the office hours with its sessions, oldest first. */
export async function officeHoursRows(db: Handle): Promise<OfficeHoursRow[]> {
  const versions = await db.selectFrom("calendar_office_hours").select(["valid_from", "same_day_cutoff"]).orderBy("valid_from").execute();
  const sessions = await db
    .selectFrom("calendar_office_sessions")
    .select(["valid_from", "weekday", "starts_at", "ends_at"])
    .orderBy("valid_from")
    .orderBy("weekday")
    .orderBy("starts_at")
    .execute();
  return versions.map((v) => ({
    validFrom: v.valid_from,
    sameDayCutoff: v.same_day_cutoff,
    sessions: sessions.filter((s) => s.valid_from === v.valid_from).map((s) => ({ weekday: Number(s.weekday), startsAt: s.starts_at, endsAt: s.ends_at })),
  }));
}

export async function officeHoursExists(db: Handle, validFrom: string): Promise<boolean> {
  return (await db.selectFrom("calendar_office_hours").select("valid_from").where("valid_from", "=", validFrom).executeTakeFirst()) !== undefined;
}

export async function countOfficeHours(db: Handle): Promise<number> {
  const row = await db.selectFrom("calendar_office_hours").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertOfficeHours(db: Handle, row: OfficeHoursRow & { createdBy: string | null; at: string }): Promise<void> {
  await db.insertInto("calendar_office_hours").values({ valid_from: row.validFrom, same_day_cutoff: row.sameDayCutoff, created_by: row.createdBy, created_at: row.at }).execute();
  if (row.sessions.length === 0) return;
  await db
    .insertInto("calendar_office_sessions")
    .values(row.sessions.map((s) => ({ valid_from: row.validFrom, weekday: s.weekday, starts_at: s.startsAt, ends_at: s.endsAt })))
    .execute();
}

/** Delete a version and its sessions; false when there was none. */
export async function deleteOfficeHours(db: Handle, validFrom: string): Promise<boolean> {
  await db.deleteFrom("calendar_office_sessions").where("valid_from", "=", validFrom).execute();
  const result = await db.deleteFrom("calendar_office_hours").where("valid_from", "=", validFrom).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
