import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { recordSignOut } from "~/domain/accounts/accounts.server";
import { endUserSession, getActor } from "~/platform/auth.server";

// Sign out (POST only: a link or an image cannot sign anyone out).
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await getActor(request, context);
  if (actor.kind !== "anonymous") await recordSignOut(context.db, { userId: actor.userId, kind: actor.kind, ip: context.clientIp, requestId: context.requestId });
  return redirect("/signed-out", { headers: { "Set-Cookie": await endUserSession(request, context) } });
}

export async function loader(_: LoaderFunctionArgs) {
  return redirect("/account");
}
