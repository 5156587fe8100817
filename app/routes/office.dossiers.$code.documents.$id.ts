import { createReadableStreamFromReadable, data, type LoaderFunctionArgs } from "@remix-run/node";
import { normaliseDossierCode } from "~/domain/dossiers/dossiers";
import { openAgencyIssuedDocument } from "~/domain/dossiers/forms.server";
import { contentDisposition } from "~/domain/files/files";
import { requirePermission } from "~/platform/auth.server";

// A document the portal issued for a dossier (the forms Mẫu 01–05, the result), for the officials of the agencies the
// dossier went through (its receiving agency, its current agency, the agency of any of its steps). Anything else,
// including a dossier of another agency, is a 404.

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, context, "read:dossier:agency");
  const code = normaliseDossierCode(params.code ?? "");
  const doc = code ? await openAgencyIssuedDocument(context.db, context.blobs, { actor, code, id: (params.id ?? "").slice(0, 64) }) : null;
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
