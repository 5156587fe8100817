// What the back-office engine (back-office.server.ts) needs from outside the state machine, each called INSIDE the
// transition's transaction (except signResult, before it) so that a document or a notice exists exactly when the change that caused it does.
// Implemented by forms.server.ts (the PDFs Mẫu 01–05) and notices.server.ts (in-app, e-mail and SMS through the
// outboxes), wired in app/platform/dossier-services.server.ts. Types only.

import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import type { IssuedKind, NoticeKind } from "./workflow";

export type Trx = Transaction<Database> | Kysely<Database>;

export interface IssueFormInput {
  dossierId: string;
  /** The form to issue: Mẫu 01 receipt, 02 supplement_request, 03 refusal, 04 apology, 05 control_sheet. */
  kind: Exclude<IssuedKind, "result">;
  /** The history row that caused it (the refusal's reasons, the apology's new date… are in its note_params). */
  eventId: string | null;
  /** The official who acted (null for the sweep). */
  actorId: string | null;
  now: Date;
}

export interface NoticeInput {
  dossierId: string;
  /** The history row the notice reports: the e-mail and SMS rows carry it, so the timeline shows their delivery. */
  eventId: string;
  kind: NoticeKind;
  now: Date;
}

/** The result document an approver uploaded (its bytes in the blob store), to be signed for the deciding agency. */
export interface ResultToSign {
  dossierId: string;
  dossierCode: string;
  /** The agency that decides and signs (the dossier's current agency at approval). */
  agencyId: string;
  result: { sha256: string; sizeBytes: number; mediaType: string; fileName: string };
  now: Date;
}

/** The signed result: its bytes stored in the blob store, the short code printed on it, who signed. */
export type SignedResultFile =
  | {
      ok: true;
      sha256: string;
      sizeBytes: number;
      /** The short code printed on the document and in its QR code, normalised (12 characters, no dashes). */
      code: string;
      signerSubject: string;
      signedAt: Date;
    }
  /** No signing identity for the agency (production without keys, an expired certificate), or a PDF that cannot be signed. */
  | { ok: false; reason: "signingUnavailable" | "resultUnsignable" };

/** A warning to officials (from the sweep): in-app, to each user. */
export interface OfficialAlertInput {
  dossierId: string;
  userIds: readonly string[];
  kind: "stepDueSoon" | "stepOverdue" | "apologyNeeded";
  now: Date;
}

export interface BackOfficeServices {
  /** Render the form from the dossier as it stands in the transaction, store its bytes, record it. Returns its id. */
  issueForm(trx: Trx, input: IssueFormInput): Promise<string>;
  /** Tell the applicant (the owning account, or every representative of the organisation it was filed for). */
  notifyApplicant(trx: Trx, input: NoticeInput): Promise<void>;
  alertOfficials(trx: Trx, input: OfficialAlertInput): Promise<void>;
  /**
   * Sign the approved result as PAdES for the agency, with the verification code and QR code on page 1 (issue 7),
   * and store the signed bytes. Called BEFORE the approval's transaction (signing takes a while; the transaction
   * then refers to bytes already stored).
   */
  signResult(input: ResultToSign): Promise<SignedResultFile>;
}
