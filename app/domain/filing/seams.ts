import type { SignatureSummary } from "../files/signature-summary";
// The two seams of filing (issue 5): how a draft's documents get their files, and what submitting a complete draft
// does. Filing calls these interfaces only; app/platform/filing-services.server.ts chooses the implementations.
//
// - DraftDocuments: the owner's document wallet (rows of `files`), and uploads streamed into it (receiveUpload).
// - SubmitDraft: the dossiers' submission use case (app/domain/dossiers).

import type { FeeSummary, Applicant, OnBehalfOf } from "./filing";
import type { FormValues } from "../forms/compile";

/** Whose draft it is: the account, or the organisation it acts for (then every representative acting for it). */
export interface DraftOwner {
  userId: string;
  organisationId: string | null;
}

/** A file of the owner's wallet that a document can use. */
export interface WalletFile {
  id: string;
  name: string;
  mediaType: string;
  sizeBytes: number;
  createdAt: string;
  /** The signature verdict at upload (issue 7); absent where it is not known. */
  signature?: SignatureSummary;
}

/** What an upload control needs to know about the document it fills (limits from the procedure version). */
export interface UploadTarget {
  draftId: string;
  documentIndex: number;
  /** Extensions the procedure accepts ("pdf", "jpg", …); the type is checked by content. */
  fileTypes: readonly string[];
  maxBytes: number;
}

export type UploadOutcome =
  | { ok: true; fileIds: string[] }
  /**
   * `error`: an i18n key (files:errors.*). `stoppedReading`: a limit was passed while streaming and the rest of the
   * body was not read: the answer must close the connection (status 413).
   */
  | { ok: false; error: string; stoppedReading?: boolean };

export interface DraftDocuments {
  /** The owner's files that may be attached (their wallet), newest first. */
  available(owner: DraftOwner): Promise<WalletFile[]>;
  /** The files among `ids` that belong to the owner (any other id is left out). */
  resolve(owner: DraftOwner, ids: readonly string[]): Promise<WalletFile[]>;
  /**
   * Receive files uploaded for one document (a multipart request, streamed and checked), store them in the owner's
   * wallet and return their ids; filing attaches them. Error: an i18n key of the "filing" namespace.
   */
  receiveUpload(request: Request, owner: DraftOwner, target: UploadTarget): Promise<UploadOutcome>;
}

/** Everything a submission needs, taken from a complete draft (steps all done, declaration given). */
export interface SubmissionInput {
  draftId: string;
  /** Makes a double click or a retried request one dossier: the draft's id. */
  idempotencyKey: string;
  owner: DraftOwner;
  procedureVersionId: string;
  procedureCode: string;
  agencyId: string;
  applicant: Applicant;
  onBehalfOf: OnBehalfOf | null;
  values: FormValues;
  caseCode: string | null;
  documents: { index: number; name: string; fileIds: string[] }[];
  fees: FeeSummary | null;
  declarationAt: string;
}

export type SubmitOutcome =
  /** A dossier was created: filing deletes the draft and sends the applicant to `redirectTo`. */
  | { kind: "submitted"; dossierCode: string; redirectTo: string }
  /** Refused: an i18n key (with its parameters). */
  | { kind: "refused"; error: string; params?: Record<string, unknown> };

export interface SubmitDraft {
  submit(input: SubmissionInput): Promise<SubmitOutcome>;
}
