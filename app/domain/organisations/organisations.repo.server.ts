import type { Kysely, Transaction } from "kysely";
import type { Database, RepresentativeRole } from "../../../db/schema";

// Organisations and their representatives. Kysely only; every function takes the db or a transaction first.

type Handle = Kysely<Database> | Transaction<Database>;

export async function findOrganisationByTaxCode(db: Handle, taxCode: string) {
  return db.selectFrom("organisations").select(["id", "tax_code as taxCode", "name"]).where("tax_code", "=", taxCode).executeTakeFirst();
}

export async function insertOrganisation(db: Handle, values: { id: string; taxCode: string; name: string; address: string; createdAt: string }): Promise<void> {
  await db
    .insertInto("organisations")
    .values({ id: values.id, tax_code: values.taxCode, name: values.name, address: values.address, created_at: values.createdAt })
    .execute();
}

export async function insertRepresentative(db: Handle, values: { organisationId: string; userId: string; role: RepresentativeRole; createdAt: string }): Promise<void> {
  await db
    .insertInto("representatives")
    .values({ organisation_id: values.organisationId, user_id: values.userId, role: values.role, created_at: values.createdAt })
    .execute();
}

/** The user's role in the organisation, or undefined when they do not represent it. */
export async function roleIn(db: Handle, organisationId: string, userId: string): Promise<RepresentativeRole | undefined> {
  const row = await db
    .selectFrom("representatives")
    .select("role")
    .where("organisation_id", "=", organisationId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row?.role;
}

export async function deleteRepresentative(db: Handle, organisationId: string, userId: string): Promise<boolean> {
  const result = await db.deleteFrom("representatives").where("organisation_id", "=", organisationId).where("user_id", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function countLegalRepresentatives(db: Handle, organisationId: string): Promise<number> {
  const row = await db
    .selectFrom("representatives")
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where("organisation_id", "=", organisationId)
    .where("role", "=", "legal_representative")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findCitizenIdByCccd(db: Handle, cccd: string): Promise<string | undefined> {
  const row = await db.selectFrom("users").select("id").where("cccd", "=", cccd).where("kind", "=", "citizen").where("status", "=", "active").executeTakeFirst();
  return row?.id;
}

/**
 * The representatives of an organisation, only if the viewer is one of them (ownership in the query: anyone else
 * gets an empty list).
 */
export async function representativesSeenBy(db: Handle, organisationId: string, viewerId: string) {
  return db
    .selectFrom("representatives as r")
    .innerJoin("users as u", "u.id", "r.user_id")
    .select(["r.user_id as userId", "u.full_name as fullName", "r.role", "r.created_at as since"])
    .where("r.organisation_id", "=", organisationId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("representatives as me")
          .select("me.user_id")
          .whereRef("me.organisation_id", "=", "r.organisation_id")
          .where("me.user_id", "=", viewerId),
      ),
    )
    .orderBy("r.role", "desc")
    .orderBy("u.full_name")
    .execute();
}

/** The organisation, with the viewer's role, if the viewer represents it. */
export async function organisationSeenBy(db: Handle, organisationId: string, viewerId: string) {
  return db
    .selectFrom("organisations as o")
    .innerJoin("representatives as r", "r.organisation_id", "o.id")
    .select(["o.id", "o.tax_code as taxCode", "o.name", "o.address", "r.role"])
    .where("o.id", "=", organisationId)
    .where("r.user_id", "=", viewerId)
    .executeTakeFirst();
}

export async function findOrganisationById(db: Handle, id: string) {
  return db.selectFrom("organisations").select(["id", "tax_code as taxCode", "name"]).where("id", "=", id).executeTakeFirst();
}

/** A person's name and e-mail address (null when none, or not confirmed yet), for a notice. */
export async function contactOf(db: Handle, userId: string) {
  const row = await db.selectFrom("users").select(["id", "full_name as fullName", "email", "email_verified_at as emailVerifiedAt"]).where("id", "=", userId).executeTakeFirst();
  return row ? { userId: row.id, fullName: row.fullName, email: row.email && row.emailVerifiedAt ? row.email : null } : undefined;
}

/** Every representative of an organisation with a name and a confirmed e-mail address (or null), for notices. */
export async function representativeContacts(db: Handle, organisationId: string) {
  const rows = await db
    .selectFrom("representatives as r")
    .innerJoin("users as u", "u.id", "r.user_id")
    .select(["r.user_id as userId", "u.full_name as fullName", "u.email", "u.email_verified_at as emailVerifiedAt", "r.role"])
    .where("r.organisation_id", "=", organisationId)
    .orderBy("r.created_at")
    .orderBy("r.user_id")
    .execute();
  return rows.map((r) => ({ userId: r.userId, fullName: r.fullName, role: r.role, email: r.email && r.emailVerifiedAt ? r.email : null }));
}
