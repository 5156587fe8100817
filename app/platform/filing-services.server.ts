import type { AppLoadContext } from "@remix-run/node";
import { submitDossier } from "../domain/dossiers/dossiers.server";
import { storeUploads } from "../domain/files/files.server";
import { signatureChecker } from "./signature-services.server";
import { walletDraftDocuments } from "../domain/filing/filing.server";
import type { DraftDocuments, SubmitDraft } from "../domain/filing/seams";
import { dossierServices } from "./dossier-services.server";
import { readUploads } from "./uploads.server";

// The composition of filing's two seams (app/domain/filing/seams.ts): a document's files are uploaded into the
// owner's document wallet (streamed into storage, type checked by content: app/domain/files), and a complete draft
// is submitted by the dossiers' use case (app/domain/dossiers), which makes the dossier, its code and deadlines.

export interface FilingServices {
  documents: DraftDocuments;
  submit: SubmitDraft;
}

/** The file input of a document's upload form, and how many files one upload may carry. */
export const UPLOAD_FIELD = "file";
const MAX_FILES_PER_UPLOAD = 10;

export function filingServices(context: AppLoadContext): FilingServices {
  const receiveUpload: DraftDocuments["receiveUpload"] = async (request, owner, target) => {
    const read = await readUploads(
      request,
      { files: { [UPLOAD_FIELD]: { maxBytes: target.maxBytes, maxFiles: MAX_FILES_PER_UPLOAD } }, maxRequestBytes: target.maxBytes * MAX_FILES_PER_UPLOAD + 64 * 1024 },
      context.blobs,
    );
    if (!read.ok) return { ok: false, error: `files:errors.${read.error}`, stoppedReading: read.error === "tooLarge" || read.error === "requestTooLarge" };
    if (read.files.length === 0) return { ok: false, error: `files:errors.${read.errors[UPLOAD_FIELD] ?? "noFile"}` };
    const stored = await storeUploads(context.db, context.blobs, { owner, uploads: read.files, errors: read.errors, signatures: signatureChecker(context) });
    if (!stored.ok) return { ok: false, error: `files:errors.${stored.errors[UPLOAD_FIELD] ?? Object.values(stored.errors)[0] ?? "malformed"}` };
    return { ok: true, fileIds: (stored.files[UPLOAD_FIELD] ?? []).map((f) => f.id) };
  };

  const submit: SubmitDraft = {
    async submit(input) {
      const organisation = input.applicant.organisation;
      const result = await submitDossier(
        context.db,
        dossierServices(),
        { baseUrl: context.origin },
        {
          actor: {
            kind: "citizen",
            userId: input.owner.userId,
            actingFor: input.owner.organisationId ? { organisationId: input.owner.organisationId, name: organisation?.name ?? "", taxCode: organisation?.taxCode ?? "" } : null,
          },
          procedureVersionId: input.procedureVersionId,
          agencyId: input.agencyId,
          applicant: {
            // The person who files (for a business: its representative; the dossier belongs to the business).
            fullName: input.applicant.fullName,
            cccd: input.applicant.cccd || undefined,
            phone: input.applicant.phone || undefined,
            email: input.applicant.email || undefined,
            address: input.applicant.address || undefined,
          },
          answers: input.values,
          documents: input.documents.map((d) => ({ documentIndex: d.index, fileIds: d.fileIds })),
          caseCode: input.caseCode,
          idempotencyKey: input.idempotencyKey,
        },
      );
      if (result.ok) {
        // A pay-first procedure: straight to paying (the dossier is received when its fees are paid).
        const page = `/my/dossiers/${encodeURIComponent(result.code)}`;
        return { kind: "submitted", dossierCode: result.code, redirectTo: result.paymentDue ? `${page}/pay` : page };
      }
      const first = result.errors[0];
      return { kind: "refused", error: first?.message ?? "dossiers:errors.unknownProcedure", params: first?.params };
    },
  };

  return { documents: walletDraftDocuments(context.db, receiveUpload), submit };
}
