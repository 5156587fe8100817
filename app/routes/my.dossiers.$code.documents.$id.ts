import { createReadableStreamFromReadable, data, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { normaliseDossierCode } from "~/domain/dossiers/dossiers";
import { openMyIssuedDocument } from "~/domain/dossiers/forms.server";
import { contentDisposition } from "~/domain/files/files";
import { requirePermission } from "~/platform/auth.server";

// A document the portal issued for one of my dossiers (the receipt Mẫu 01, a supplementation request, a refusal, an
// apology letter, the result): the owner's own dossiers only (or the business's they act for), and only documents
// meant for the applicant. Anything else is a 404.

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, context, "read:dossier:own");
  if (actor.kind !== "citizen") throw redirect("/account");
  const code = normaliseDossierCode(params.code ?? "");
  const doc = code ? await openMyIssuedDocument(context.db, context.blobs, { actor, code, id: (params.id ?? "").slice(0, 64) }) : null;
  if (!doc) throw data({ reason: "notFound" }, { status: 404 });
  return new Response(createReadableStreamFromReadable(doc.content()), {
    headers: {
      "Content-Type": doc.mediaType,
      "Content-Length": String(doc.sizeBytes),
      "Content-Disposition": contentDisposition(doc.fileName),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      ETag: `"${doc.sha256}"`,
    },
  });
}
