import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { personalDataExport } from "~/domain/accounts/accounts.server";
import { requirePermission } from "~/platform/auth.server";

// Download everything the portal holds about me, as JSON (Decree 13/2023: the right of access).
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, context, "read:profile:own");
  const exported = await personalDataExport(context.db, actor.userId);
  if (!exported) throw redirect("/sign-in");
  return new Response(JSON.stringify(exported, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="du-lieu-cua-toi.json"',
      "Cache-Control": "private, no-store",
    },
  });
}
