// What the back-office engine (back-office.server.ts) needs from outside the state machine, each called INSIDE the
// transition's transaction so that a document or a notice exists exactly when the change that caused it does.
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
}
