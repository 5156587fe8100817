import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { contentDisposition } from "~/domain/files/files";
import { dossierFileForOfficial } from "~/domain/dossiers/office.server";
import { codeParam, notFound, requireDossierOfficial } from "./office/dossier.server";

// One file of a dossier's documents, for the officials of the agencies the dossier passes through: streamed from the
// blob store under its original name. A file of another dossier, or a dossier the official may not see, is a 404.

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireDossierOfficial(request, context);
  const code = codeParam(params);
  const file = await dossierFileForOfficial(context.db, { actor, code, fileId: (params.fileId ?? "").slice(0, 64) });
  if (!file) notFound();
  return new Response(createReadableStreamFromReadable(context.blobs.open(file.sha256)), {
    headers: {
      "Content-Type": file.mediaType,
      "Content-Length": String(file.sizeBytes),
      "Content-Disposition": contentDisposition(file.name),
      "Cache-Control": "private, no-store",
      ETag: `"${file.sha256}"`,
    },
  });
}
