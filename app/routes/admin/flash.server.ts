import { redirect, type AppLoadContext } from "@remix-run/node";

// One-time messages of the administration's pages ("Đã khóa tài khoản"): set before a redirect, shown once by the
// page it leads to (a notification banner), as the account pages do.

/** Redirect with a success message (an i18n key) for the next page. */
export async function redirectWithFlash(request: Request, context: AppLoadContext, to: string, messageKey: string): Promise<never> {
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  session.flash("flash", { kind: "success", messageKey });
  throw redirect(to, { headers: { "Set-Cookie": await context.sessionStorage.commitSession(session) } });
}

/** The message waiting for this page, if any, and the header that forgets it. */
export async function takeFlash(request: Request, context: AppLoadContext): Promise<{ flash: string | null; headers: HeadersInit }> {
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  const flash = session.get("flash")?.messageKey ?? null;
  return { flash, headers: flash ? { "Set-Cookie": await context.sessionStorage.commitSession(session) } : {} };
}
