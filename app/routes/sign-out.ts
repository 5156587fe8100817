import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { recordSignOut } from "~/domain/accounts/accounts.server";
import { getActor } from "~/platform/auth.server";
import { eidClient } from "~/platform/oidc.server";
import { signOut } from "./sign-in/sign-out.server";

// Sign out (POST only: a link or an image cannot sign anyone out). A session eID started is ended at the provider
// too: the answer is then a redirect to the provider's end-session endpoint (see sign-in/sign-out.server.ts).
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await getActor(request, context);
  if (actor.kind !== "anonymous") await recordSignOut(context.db, { userId: actor.userId, kind: actor.kind, ip: context.clientIp, requestId: context.requestId });
  return signOut({ request, context }, eidClient());
}

export async function loader(_: LoaderFunctionArgs) {
  return redirect("/account");
}
