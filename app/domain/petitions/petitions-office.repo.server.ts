import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";

// The queries of the officials' petition pages that petitions.repo.server.ts has no use for (issue 8).

type Handle = Kysely<Database> | Transaction<Database>;

export async function adminUnitExists(db: Handle, code: string): Promise<boolean> {
  return Boolean(await db.selectFrom("admin_units").select("code").where("code", "=", code).executeTakeFirst());
}

export async function routingRuleExists(db: Handle, id: string): Promise<boolean> {
  return Boolean(await db.selectFrom("petition_routing_rules").select("id").where("id", "=", id).executeTakeFirst());
}
