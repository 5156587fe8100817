import type { ActionFunctionArgs } from "@remix-run/node";
import { requireDraft } from "./filing/draft.server";
import { uploadForDocument, type DocumentsReply } from "./filing/upload.server";

// The documents page's upload, answered in JSON for its progress-reporting script (XMLHttpRequest); the page's own
// form posts to the page and works without JavaScript. Same guard, same use case.

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { owner, draft } = await requireDraft(request, context, params.draftId);
  const answer = await uploadForDocument(request, context, owner, draft, params.index ?? null);
  if (answer.kind === "notFound") throw new Response(null, { status: 404 });
  if (answer.kind === "attached") return Response.json({ issues: [], conflict: false } satisfies DocumentsReply);
  return Response.json(answer.reply, { status: answer.status, headers: answer.closeConnection ? { Connection: "close" } : undefined });
}
