import type { Kysely, Transaction } from "kysely";
import type { Database, RepresentativeRole } from "../../../db/schema";
import { organisationsOf } from "../accounts/accounts.repo.server";
import { checkTaxCode, taxCodeErrorKey } from "../identity/tax-code";
import { recordAudit } from "../../platform/audit.server";
import { newId } from "../../platform/ids.server";
import {
  contactOf,
  countLegalRepresentatives,
  deleteRepresentative,
  findCitizenIdByCccd,
  findOrganisationById,
  findOrganisationByTaxCode,
  insertOrganisation,
  insertRepresentative,
  organisationSeenBy,
  representativeContacts,
  representativesSeenBy,
  roleIn,
} from "./organisations.repo.server";
import { organisationErrors } from "./organisations.schema";

// Businesses and their representatives (issue 4, item 3). A signed-in citizen declares an organisation they legally
// represent; its legal representatives add or remove other citizens as authorised representatives.
//
// Declared, not verified: the portal cannot query the national business registration system (Cổng thông tin quốc
// gia về đăng ký doanh nghiệp) or the tax authority from here, so the tax code is checked only for its structure
// and check digit, and the citizen's statement that they represent the organisation is recorded in the audit trail.
// A tax code can be declared once; whoever comes second must be added by a legal representative (never silently
// joining someone else's business).

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

/**
 * A notice of a change in an organisation's representatives: "added" to the person added, "addedOther" to the
 * organisation's other representatives, "removed" to the person removed.
 */
export interface RepresentationMail {
  change: "added" | "addedOther" | "removed";
  to: string;
  /** The recipient's name. */
  name: string;
  organisation: { name: string; taxCode: string };
  /** The person added or removed, and their role (for "removed", the role they had). */
  person: string;
  role: RepresentativeRole;
  /** Who made the change, and when (ISO). */
  by: string;
  at: string;
  /** The "my organisations" page. */
  link: string;
}

/** What the use cases need from the outside: notices queued in the outbox. */
export interface OrganisationServices {
  /** Queue a notice in the same transaction as the change it reports. */
  sendMail(trx: Trx, mail: RepresentationMail): Promise<void>;
}

export type OrganisationResult<T = object> = ({ ok: true } & T) | { ok: false; field: string; message: string };

const refuse = (field: string, message: string) => ({ ok: false as const, field, message });

export async function registerOrganisation(
  db: Db,
  input: { userId: string; taxCode: string; name: string; address: string; ip?: string | null; now?: Date },
): Promise<OrganisationResult<{ organisationId: string }>> {
  const checked = checkTaxCode(input.taxCode);
  if (!checked.ok) return refuse("taxCode", taxCodeErrorKey(checked.reason));
  const now = input.now ?? new Date();
  const at = now.toISOString();
  const id = newId();
  try {
    return await db.transaction().execute(async (trx) => {
      if (await findOrganisationByTaxCode(trx, checked.value)) return refuse("taxCode", organisationErrors.taxCodeTaken);
      await insertOrganisation(trx, { id, taxCode: checked.value, name: input.name.trim(), address: input.address.trim(), createdAt: at });
      await insertRepresentative(trx, { organisationId: id, userId: input.userId, role: "legal_representative", createdAt: at });
      await recordAudit(trx, {
        actor: { type: "citizen", id: input.userId },
        action: "organisation.registered",
        entity: { type: "organisation", id },
        ip: input.ip ?? null,
        details: { taxCode: checked.value, verified: false },
        at: now,
      });
      return { ok: true as const, organisationId: id };
    });
  } catch (error) {
    // Two declarations of the same code at once: the unique index lets one in; the other is told it is taken.
    if (await findOrganisationByTaxCode(db, checked.value)) return refuse("taxCode", organisationErrors.taxCodeTaken);
    throw error;
  }
}

const organisationsPage = (baseUrl: string) => `${baseUrl}/account/organisations`;

/**
 * A legal representative adds an existing citizen account, named by its CCCD, as an authorised representative. The
 * person added is told by e-mail, and so are the other representatives (the one who did it too: a record of it);
 * notices go only to confirmed addresses (an unconfirmed one may not be the person's).
 */
export async function addRepresentative(
  db: Db,
  services: OrganisationServices,
  input: { actorUserId: string; organisationId: string; cccd: string; baseUrl: string; ip?: string | null; now?: Date },
): Promise<OrganisationResult<{ userId: string }>> {
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    if ((await roleIn(trx, input.organisationId, input.actorUserId)) !== "legal_representative") return refuse("cccd", organisationErrors.notAllowed);
    const userId = await findCitizenIdByCccd(trx, input.cccd);
    if (!userId) return refuse("cccd", organisationErrors.noAccount);
    if (await roleIn(trx, input.organisationId, userId)) return refuse("cccd", organisationErrors.alreadyRepresentative);
    await insertRepresentative(trx, { organisationId: input.organisationId, userId, role: "authorised", createdAt: now.toISOString() });
    await recordAudit(trx, {
      actor: { type: "citizen", id: input.actorUserId },
      action: "organisation.representativeAdded",
      entity: { type: "organisation", id: input.organisationId },
      ip: input.ip ?? null,
      details: { userId, role: "authorised" },
      at: now,
    });
    const organisation = await findOrganisationById(trx, input.organisationId);
    const actor = await contactOf(trx, input.actorUserId);
    const representatives = await representativeContacts(trx, input.organisationId);
    const added = representatives.find((r) => r.userId === userId);
    if (organisation && actor && added) {
      // The person added first, then the others.
      for (const r of [added, ...representatives.filter((r) => r !== added)]) {
        if (!r.email) continue;
        await services.sendMail(trx, {
          change: r.userId === userId ? "added" : "addedOther",
          to: r.email,
          name: r.fullName,
          organisation: { name: organisation.name, taxCode: organisation.taxCode },
          person: added.fullName,
          role: added.role,
          by: actor.fullName,
          at: now.toISOString(),
          link: organisationsPage(input.baseUrl),
        });
      }
    }
    return { ok: true as const, userId };
  });
}

/**
 * A legal representative removes a representative (or themselves, when another legal representative remains). The
 * last legal representative cannot be removed: the organisation would have nobody to manage it. The person removed is
 * told by e-mail (at a confirmed address).
 */
export async function removeRepresentative(
  db: Db,
  services: OrganisationServices,
  input: { actorUserId: string; organisationId: string; userId: string; baseUrl: string; ip?: string | null; now?: Date },
): Promise<OrganisationResult> {
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    if ((await roleIn(trx, input.organisationId, input.actorUserId)) !== "legal_representative") return refuse("form", organisationErrors.notAllowed);
    const role = await roleIn(trx, input.organisationId, input.userId);
    if (!role) return refuse("form", organisationErrors.notAllowed);
    if (role === "legal_representative" && (await countLegalRepresentatives(trx, input.organisationId)) <= 1) return refuse("form", organisationErrors.lastLegalRepresentative);
    await deleteRepresentative(trx, input.organisationId, input.userId);
    await recordAudit(trx, {
      actor: { type: "citizen", id: input.actorUserId },
      action: "organisation.representativeRemoved",
      entity: { type: "organisation", id: input.organisationId },
      ip: input.ip ?? null,
      details: { userId: input.userId, role },
      at: now,
    });
    const organisation = await findOrganisationById(trx, input.organisationId);
    const actor = await contactOf(trx, input.actorUserId);
    const removed = await contactOf(trx, input.userId);
    if (organisation && actor && removed?.email) {
      await services.sendMail(trx, {
        change: "removed",
        to: removed.email,
        name: removed.fullName,
        organisation: { name: organisation.name, taxCode: organisation.taxCode },
        person: removed.fullName,
        role,
        by: actor.fullName,
        at: now.toISOString(),
        link: organisationsPage(input.baseUrl),
      });
    }
    return { ok: true as const };
  });
}

/** The representatives of an organisation, for one of its representatives; nobody else sees anything (empty list). */
export async function representativesOf(db: Db, input: { actorUserId: string; organisationId: string }) {
  return representativesSeenBy(db, input.organisationId, input.actorUserId);
}

/** The organisations a citizen represents, each with the citizen's role and its representatives. */
export async function myOrganisations(db: Db, userId: string) {
  const organisations = await organisationsOf(db, userId);
  return Promise.all(
    organisations.map(async (o) => ({ ...o, representatives: await representativesSeenBy(db, o.id, userId) })),
  );
}

/** The organisation, if the citizen represents it (for the acting-for switch). */
export async function organisationFor(db: Db, input: { actorUserId: string; organisationId: string }) {
  return organisationSeenBy(db, input.organisationId, input.actorUserId);
}
