import { createReadableStreamFromReadable, data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { contentDisposition } from "~/domain/files/files";
import { openWalletFile, removeFromWallet, walletOwnerOf } from "~/domain/files/files.server";
import { requirePermission } from "~/platform/auth.server";

// One file of the document wallet: GET downloads it under its original name (only its owner's wallet: anything else
// is a 404), POST removes it from the wallet (a soft delete) and goes back to the list.

async function ownerOf(request: Request, context: LoaderFunctionArgs["context"], permission: "read:file:own" | "manage:file:own") {
  const owner = walletOwnerOf(await requirePermission(request, context, permission));
  if (!owner) throw data({ reason: "forbidden" }, { status: 403 });
  return owner;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const owner = await ownerOf(request, context, "read:file:own");
  const file = await openWalletFile(context.db, context.blobs, owner, (params.id ?? "").slice(0, 64));
  if (!file) throw new Response(null, { status: 404 });
  return new Response(createReadableStreamFromReadable(file.content()), {
    headers: {
      // The type read from the content when it was uploaded, never the one the browser sent (and every answer carries
      // X-Content-Type-Options: nosniff, app/platform/security.server.ts, so the browser does not guess another).
      "Content-Type": file.mediaType,
      "Content-Length": String(file.sizeBytes),
      "Content-Disposition": contentDisposition(file.name),
      "Cache-Control": "private, no-store",
      ETag: `"${file.sha256}"`,
    },
  });
}

const removeSchema = z.object({ intent: z.literal("remove") });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const owner = await ownerOf(request, context, "manage:file:own");
  const parsed = removeSchema.safeParse(Object.fromEntries(await request.formData().catch(() => new FormData())));
  if (!parsed.success) throw redirect("/account/files", 303);
  const removed = await removeFromWallet(context.db, owner, (params.id ?? "").slice(0, 64));
  // Already removed (a second click) or not in this wallet: back to the list, which shows how things are.
  if (!removed) throw redirect("/account/files", 303);
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  session.flash("flash", { kind: "success", messageKey: "files:wallet.removed" });
  throw redirect("/account/files", { status: 303, headers: { "Set-Cookie": await context.sessionStorage.commitSession(session) } });
}
