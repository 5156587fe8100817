import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { contentDisposition } from "~/domain/files/files";
import { petitionFileForOfficial } from "~/domain/petitions/petitions.server";
import { petitionSettings } from "~/platform/petition-services.server";
import { notFound, petitionCodeParam, requirePetitionOfficial } from "./office/petition.server";

// One attachment of a petition, for the officials who have a role on the item (routing officer, the handling agency's
// handler or leader): streamed from the blob store under its original name. Anything else is a 404.

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requirePetitionOfficial(request, context);
  const code = petitionCodeParam(params);
  const file = await petitionFileForOfficial(context.db, petitionSettings(context), actor, code, (params.fileId ?? "").slice(0, 64));
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
