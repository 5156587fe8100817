import type { AppLoadContext } from "@remix-run/node";
import type { SectionIssue } from "~/domain/filing/filing";
import { attachFiles, type LoadedDraft } from "~/domain/filing/filing.server";
import type { DraftOwner } from "~/domain/filing/seams";
import { formatFileSize } from "~/domain/shared/format";
import { filingServices } from "~/platform/filing-services.server";
import { i18nServer } from "~/platform/i18n.server";

/** What the documents page's forms answer (as page data, or as JSON to the upload script). */
export type DocumentsReply = { issues: SectionIssue[]; conflict: boolean };

export type UploadAnswer =
  | { kind: "attached" }
  | { kind: "refused"; status: 400 | 409 | 413; reply: DocumentsReply; closeConnection: boolean }
  | { kind: "notFound" };

/**
 * One document's upload, for the page's plain form and for its progress-reporting script alike: the files are
 * streamed into the owner's wallet (checked by content) and attached to the document. A limit passed while streaming
 * leaves the rest of the body unread: the answer must close the connection.
 */
export async function uploadForDocument(request: Request, context: AppLoadContext, owner: DraftOwner, draft: LoadedDraft, indexParam: string | null): Promise<UploadAnswer> {
  const doc = indexParam !== null && /^\d{1,2}$/.test(indexParam) ? draft.documents.find((d) => d.index === Number(indexParam)) : undefined;
  if (!doc) return { kind: "notFound" };
  const services = filingServices(context).documents;
  const maxBytes = doc.maxSizeMb * 1024 * 1024;
  const received = await services.receiveUpload(request, owner, { draftId: draft.id, documentIndex: doc.index, fileTypes: doc.fileTypes, maxBytes });
  if (!received.ok) {
    const lang = (await i18nServer.getLocale(request)) === "en" ? "en" : "vi";
    const issue = { name: `doc-${doc.index}`, message: received.error, params: { limit: formatFileSize(maxBytes, lang), total: formatFileSize(maxBytes * 10, lang), count: 10 } };
    return { kind: "refused", status: received.stoppedReading ? 413 : 400, reply: { issues: [issue], conflict: false }, closeConnection: received.stoppedReading === true };
  }
  const attached = await attachFiles(context.db, services, owner, draft.id, draft.version, doc.index, received.fileIds);
  if (!attached) return { kind: "notFound" };
  if (attached.ok) return { kind: "attached" };
  if (attached.reason === "conflict") return { kind: "refused", status: 409, reply: { issues: [], conflict: true }, closeConnection: false };
  return { kind: "refused", status: 400, reply: { issues: attached.issues, conflict: false }, closeConnection: false };
}
