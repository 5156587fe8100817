import { z } from "zod";
import { AGENCY_CODE_PATTERN } from "../agencies/agencies";
import { OFFICIAL_STATUSES, REASON_MAX, STATUS_CHANGES } from "./officials";

// The administrators' forms about officials (isomorphic). Messages are i18n keys.

/** Disabling, enabling or revoking: the reason is required and goes to the audit trail. */
export const statusChangeSchema = z.object({
  reason: z
    .string({ error: "officials:errors.reasonRequired" })
    .trim()
    .min(1, "officials:errors.reasonRequired")
    .max(REASON_MAX, "officials:errors.reasonTooLong"),
});

/** The change named in the address (/admin/officials/:id/:change). */
export const statusChangeParam = z.enum(STATUS_CHANGES);

/** The list's filters (a GET form): anything unknown is ignored rather than refused. */
export const officialFilterSchema = z.object({
  status: z.enum(OFFICIAL_STATUSES).optional().catch(undefined),
  agency: z.string().regex(AGENCY_CODE_PATTERN).optional().catch(undefined),
});
export type OfficialFilter = z.output<typeof officialFilterSchema>;

/** The official page's forms: roles at one agency, or sending the invitation again. */
export const officialPageSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("roles"), agency: z.string().max(50), roles: z.array(z.string().max(40)).max(20) }),
  z.object({ intent: z.literal("resend") }),
]);
