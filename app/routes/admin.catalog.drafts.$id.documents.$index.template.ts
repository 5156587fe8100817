import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { draftTemplateFile } from "~/domain/procedures/drafts.documents.server";
import { itemIndex, loadDraft } from "./admin/draft.server";

// The template file of one document of a draft, for the administration (a draft's files are not public yet).
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { draft } = await loadDraft(request, context, params.id);
  const index = itemIndex(params.index, draft.content.documents.length);
  const file = index === "new" ? null : await draftTemplateFile(context.db, draft.id, index);
  if (!file) throw new Response(null, { status: 404 });
  return new Response(createReadableStreamFromReadable(context.storage.read(file.storageKey)), {
    headers: {
      "Content-Type": file.mediaType,
      "Content-Length": String(file.size),
      "Content-Disposition": `attachment; filename="${file.fileName.replace(/[^\w.-]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
