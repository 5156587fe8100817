import { z } from "zod";
import { makeCccdSchema } from "../identity/cccd";
import { makeTaxCodeSchema } from "../identity/tax-code";

// The forms of organisations and their representatives (isomorphic). Messages are i18n keys: "organisations:errors.*"
// here, "identity:errors.*" from the identity rules (tax code, CCCD).

export const organisationErrors = {
  name: "organisations:errors.name",
  address: "organisations:errors.address",
  taxCodeTaken: "organisations:errors.taxCodeTaken",
  notAllowed: "organisations:errors.notAllowed",
  noAccount: "organisations:errors.noAccount",
  alreadyRepresentative: "organisations:errors.alreadyRepresentative",
  lastLegalRepresentative: "organisations:errors.lastLegalRepresentative",
} as const;

const text = (max: number, message: string) => z.string({ error: message }).trim().min(1, message).max(max, message);

/** Declaring an organisation: its tax code (10 digits, or 13 for a branch), name and address. */
export const organisationSchema = z.object({
  taxCode: makeTaxCodeSchema(),
  name: text(300, organisationErrors.name),
  address: text(500, organisationErrors.address),
});
export type OrganisationInput = z.output<typeof organisationSchema>;

/** Adding a representative: the CCCD of an existing citizen account. */
export const representativeSchema = z.object({ cccd: makeCccdSchema() });
