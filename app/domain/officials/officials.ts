// Officials' accounts: statuses and the rules of changing them (isomorphic, no IO).
//
//   invited ──(second factor confirmed)──▶ active ──disable──▶ disabled ──enable──▶ active (enrolled)
//      │                                                          ▲                  invited (never enrolled)
//      └──────────────────────────revoke──────────────────────────┘

import type { UserStatus } from "../../../db/schema";

export const OFFICIAL_STATUSES = ["active", "invited", "disabled"] as const satisfies readonly UserStatus[];
export type OfficialStatus = (typeof OFFICIAL_STATUSES)[number];

/** What an administrator can do to an account's status, each from one status. */
export const STATUS_CHANGES = ["disable", "enable", "revoke"] as const;
export type StatusChange = (typeof STATUS_CHANGES)[number];

export const STATUS_CHANGE_FROM: Record<StatusChange, OfficialStatus> = { disable: "active", enable: "disabled", revoke: "invited" };

/** The longest reason kept in the audit trail. */
export const REASON_MAX = 500;

export type StatusRefusal = "self" | "wrongStatus" | "lastAdmin";

/**
 * Why an administrator may not make this change, or null. Nobody changes their own status (an administrator would
 * lock themself out), a change starts from its one status, and the last active system administrator is never
 * disabled: the province would have nobody left to manage officials.
 */
export function statusChangeRefusal(
  change: StatusChange,
  input: { actorUserId: string; target: { id: string; status: UserStatus }; activeAdministrators: readonly string[] },
): StatusRefusal | null {
  if (input.target.id === input.actorUserId) return "self";
  if (input.target.status !== STATUS_CHANGE_FROM[change]) return "wrongStatus";
  if (change === "disable" && input.activeAdministrators.includes(input.target.id) && input.activeAdministrators.every((id) => id === input.target.id)) {
    return "lastAdmin";
  }
  return null;
}

/** The status an enabled account returns to: active when its authenticator app is set up, else invited again. */
export function statusAfterEnabling(enrolled: boolean): OfficialStatus {
  return enrolled ? "active" : "invited";
}
