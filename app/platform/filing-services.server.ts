import type { AppLoadContext } from "@remix-run/node";
import { previewSubmission, walletDraftDocuments } from "../domain/filing/filing.server";
import type { DraftDocuments, SubmitDraft } from "../domain/filing/seams";

// The composition of filing's two seams (app/domain/filing/seams.ts). Wiring uploads and submission later is a
// change here only:
// - documents: replace `receiveUpload` of walletDraftDocuments with the streamed upload into storage (app/domain/files);
// - submit: replace previewSubmission with an adapter over the dossiers' submission use case (app/domain/dossiers).

export interface FilingServices {
  documents: DraftDocuments;
  submit: SubmitDraft;
}

export function filingServices(context: AppLoadContext): FilingServices {
  return { documents: walletDraftDocuments(context.db), submit: previewSubmission };
}
