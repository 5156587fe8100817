// Who may do what: one mechanism for every page and action (issue 4, item 5).
//
// A permission is "action:entity:scope" where scope is `own` (the actor's own records, or those of the organisation
// they act for), `agency` (records of an agency where the official holds the role) or `any` (the whole province).
// Roles grant permissions; guards (app/platform/auth.server.ts) turn a request into an actor and check one
// permission; data functions take the actor and filter in the query, so a check cannot be forgotten downstream.

import type { OfficialRole } from "../../../db/schema";

export const OFFICIAL_ROLES = [
  "receiving_officer",
  "handler",
  "approver",
  "petition_handler",
  "catalog_admin",
  "system_admin",
] as const satisfies readonly OfficialRole[];
export type { OfficialRole };

export type Scope = "own" | "agency" | "any";
export type Permission = `${string}:${string}:${Scope}`;

export type Actor =
  | { kind: "anonymous" }
  | {
      kind: "citizen";
      userId: string;
      /** The organisation the citizen acts for right now ("acting for" switch), if any. */
      actingFor: { organisationId: string; name: string; taxCode: string } | null;
    }
  | { kind: "official"; userId: string; roles: readonly { agencyId: string; role: OfficialRole }[] };

const CITIZEN: readonly Permission[] = [
  "read:profile:own",
  "update:profile:own",
  "read:dossier:own",
  "create:dossier:own",
  "update:dossier:own",
  "create:petition:own",
  "read:petition:own",
  "read:organisation:own",
  // The document wallet (kho dữ liệu): list and download; upload and remove.
  "read:file:own",
  "manage:file:own",
];

const ROLE_PERMISSIONS: Record<OfficialRole, readonly Permission[]> = {
  receiving_officer: ["read:dossier:agency", "receive:dossier:agency", "return:dossier:agency", "read:payment:agency", "collect:payment:agency"],
  handler: ["read:dossier:agency", "handle:dossier:agency", "read:payment:agency"],
  approver: ["read:dossier:agency", "approve:dossier:agency", "read:statistics:agency", "read:petition:agency", "approve:petition:agency", "read:payment:agency", "refund:payment:agency"],
  petition_handler: ["read:petition:agency", "answer:petition:agency"],
  catalog_admin: ["update:catalog:any", "read:catalog:any"],
  system_admin: ["manage:official:any", "manage:agency:any", "manage:calendar:any", "manage:trust:any", "read:audit:any"],
};

/** Every permission an official's own pages need whatever the role (their profile, their sessions). */
const OFFICIAL_BASE: readonly Permission[] = ["read:profile:own", "update:profile:own"];

export function rolePermissions(role: OfficialRole): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}

/** The permissions of an actor, with the agencies each agency-scoped one applies to. */
export function permissionsOf(actor: Actor): Map<Permission, Set<string> | "all"> {
  const out = new Map<Permission, Set<string> | "all">();
  if (actor.kind === "citizen") for (const p of CITIZEN) out.set(p, "all");
  if (actor.kind === "official") {
    for (const p of OFFICIAL_BASE) out.set(p, "all");
    for (const { agencyId, role } of actor.roles) {
      for (const p of ROLE_PERMISSIONS[role]) {
        if (!p.endsWith(":agency")) {
          out.set(p, "all");
          continue;
        }
        const agencies = out.get(p);
        if (agencies === "all") continue;
        out.set(p, new Set([...(agencies ?? []), agencyId]));
      }
    }
  }
  return out;
}

export interface Target {
  /** The account that owns the record (a citizen's dossier), and the organisation, if it was filed for one. */
  ownerId?: string | null;
  organisationId?: string | null;
  /** The agency responsible for the record. */
  agencyId?: string | null;
}

/**
 * May the actor do this, to this target? Without a target, whether the actor holds the permission at all (e.g. to
 * show a menu entry); data functions still filter by the actor.
 */
export function can(actor: Actor, permission: Permission, target?: Target): boolean {
  const held = permissionsOf(actor).get(permission);
  if (!held) return false;
  if (!target) return true;
  const scope = permission.slice(permission.lastIndexOf(":") + 1) as Scope;
  if (scope === "any") return true;
  if (scope === "own") {
    if (actor.kind === "anonymous") return false;
    if (actor.kind === "citizen" && actor.actingFor && target.organisationId) return target.organisationId === actor.actingFor.organisationId;
    return target.ownerId === actor.userId && !target.organisationId;
  }
  return held === "all" || (target.agencyId != null && held.has(target.agencyId));
}

/** The agencies where the actor holds an agency-scoped permission (for filtering queries). */
export function agenciesFor(actor: Actor, permission: Permission): string[] {
  const held = permissionsOf(actor).get(permission);
  return held && held !== "all" ? [...held] : [];
}
