import { data, type AppLoadContext } from "@remix-run/node";
import { MANAGE_CALENDAR } from "~/domain/calendar/calendar.server";
import { requirePermission } from "~/platform/auth.server";

/** The working calendar's administration: a signed-in official holding manage:calendar:any, or sign-in / 403. */
export async function requireCalendarAdmin(request: Request, context: AppLoadContext) {
  const actor = await requirePermission(request, context, MANAGE_CALENDAR);
  if (actor.kind !== "official") throw data({ reason: "forbidden" }, { status: 403 });
  return actor;
}

/** The flash message left by the last change (read once), and the Set-Cookie header that clears it. */
export async function takeFlash(request: Request, context: AppLoadContext) {
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  const flash = session.get("flash") ?? null;
  return { flash, headers: { "Set-Cookie": await context.sessionStorage.commitSession(session) } };
}

/** Leave a flash message for the next page; the Set-Cookie header to send with the redirect. */
export async function leaveFlash(request: Request, context: AppLoadContext, messageKey: string) {
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  session.flash("flash", { kind: "success", messageKey });
  return { "Set-Cookie": await context.sessionStorage.commitSession(session) };
}

/** zod issues as { field → i18n key } (the first issue of each field). */
export function issuesByField(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? "form");
    if (!(field in out)) out[field] = issue.message;
  }
  return out;
}
