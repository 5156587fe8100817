import { can, type Actor, type Permission } from "~/domain/access/permissions";

/** The parts of the administration, each with the permission that opens it (the /admin page lists those held). */
export const ADMIN_SECTIONS = [
  { key: "catalog", href: "/admin/catalog", permission: "update:catalog:any" },
  { key: "officials", href: "/admin/officials", permission: "manage:official:any" },
  { key: "agencies", href: "/admin/agencies", permission: "manage:agency:any" },
  { key: "calendar", href: "/admin/calendar", permission: "manage:calendar:any" },
  { key: "signatures", href: "/admin/signatures", permission: "manage:trust:any" },
] as const satisfies readonly { key: string; href: string; permission: Permission }[];

/** The sections an actor may open (none for citizens and for officials without an administrative role). */
export function adminSectionsOf(actor: Actor): { key: (typeof ADMIN_SECTIONS)[number]["key"]; href: string }[] {
  return ADMIN_SECTIONS.filter((s) => can(actor, s.permission)).map(({ key, href }) => ({ key, href }));
}
