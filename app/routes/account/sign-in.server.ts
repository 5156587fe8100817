import { data, redirect, type AppLoadContext } from "@remix-run/node";
import { signIn } from "~/domain/accounts/accounts.server";
import { signInSchema } from "~/domain/accounts/accounts.schema";
import { accountServices } from "~/platform/account-services.server";
import { startUserSession } from "~/platform/auth.server";
import { safeReturnTo } from "~/platform/return-to";
import { getLanguage } from "~/platform/i18n.server";
import { fieldErrors } from "./forms";
import { startPendingOfficial } from "../officials/pending.server";

// The sign-in page's password form (the page also offers national-eID sign-in): guard-free, rate limited in the
// use case, one message for every failure that could reveal whether an account exists.

export async function passwordSignIn(request: Request, context: AppLoadContext, form: FormData) {
  const identifier = String(form.get("identifier") ?? "").slice(0, 254);
  const returnTo = safeReturnTo(form.get("returnTo"), "/account");
  const parsed = signInSchema.safeParse({ identifier, password: form.get("password") ?? "" });
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error.issues), identifier, minutes: 0, seconds: 0 }, { status: 400 });
  const result = await signIn(context.db, accountServices(await getLanguage(request)), {
    identifier: parsed.data.identifier,
    password: parsed.data.password,
    ip: context.clientIp,
    baseUrl: context.origin,
    policies: context.rateLimits,
  });
  if (!result.ok) {
    const waitMs = "retryAfterMs" in result ? result.retryAfterMs : 0;
    const minutes = waitMs > 0 ? Math.max(1, Math.ceil(waitMs / 60_000)) : 0;
    const seconds = waitMs > 0 ? Math.max(1, Math.ceil(waitMs / 1000)) : 0;
    const key = {
      invalid: "account:signIn.errors.invalid",
      disabled: "account:signIn.errors.disabled",
      unverified: "account:signIn.errors.unverified",
      // A wait under a minute is said in seconds.
      slowed: seconds < 60 ? "account:signIn.errors.slowedSeconds" : "account:signIn.errors.slowed",
      locked: "account:signIn.errors.locked",
    }[result.reason];
    return data({ errors: { form: key }, identifier, minutes, seconds }, { status: result.reason === "slowed" || result.reason === "locked" ? 429 : 400 });
  }
  // Officials finish with their second factor; until then the session grants them nothing.
  if (result.needsSecondFactor) {
    const cookie = await startPendingOfficial(request, context, { userId: result.userId, stage: "code", returnTo });
    throw redirect(`/sign-in/code?returnTo=${encodeURIComponent(returnTo)}`, { headers: { "Set-Cookie": cookie } });
  }
  const cookie = await startUserSession(request, context, result.userId);
  throw redirect(returnTo, { headers: { "Set-Cookie": cookie } });
}
