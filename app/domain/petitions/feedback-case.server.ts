import type { Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import type { Db } from "../../platform/db.server";
import { newId } from "../../platform/ids.server";
import { computeDueDate } from "../calendar/calendar.server";
import { codeDay } from "../dossiers/dossiers";
import { foldForSearch } from "../shared/search";
import { petitionCode, type PetitionSettings } from "./petitions";
import { insertPetition, insertPetitionEvent, nextPetitionSequence, officialEmails } from "./petitions.repo.server";
import type { PetitionServices } from "./petitions.server";

// A feedback case opened by an unsatisfied rating of a dossier (issue 10, item 1; app/domain/ratings/): a petition of
// the kind "phản ánh về hành vi" (conduct) about the dossier, received and at once forwarded to the dossier's agency
// (no routing officer needs to read it: the agency is known), its answer due as any forwarded item's, its leaders
// (approvers) and petition handlers told. From then on it is an ordinary petition (answer, approval, the sweep).

type Trx = Transaction<Database>;

export interface FeedbackCaseDue {
  forwardDueAt: string;
  answerDueAt: string;
}

/** The case's due instants from `now` (read before the transaction: the calendar is read with the database). */
export async function feedbackCaseDue(db: Db, settings: PetitionSettings, now: Date): Promise<FeedbackCaseDue> {
  const due = async (workingDays: number) => new Date((await computeDueDate(db, { receivedAt: now, amount: workingDays, unit: "working_days" })).due).toISOString();
  return { forwardDueAt: await due(settings.forwardWorkingDays), answerDueAt: await due(settings.answerWorkingDays) };
}

export interface FeedbackCaseInput {
  dossierCode: string;
  procedureCode: string;
  agencyId: string;
  /** The title (already in Vietnamese: the case is the agency's to read). */
  title: string;
  /** The rating's reason. */
  content: string;
  /** The applicant as in the dossier. */
  contact: { name: string; address: string; phone: string | null; email: string | null };
  /** The portal's account that rated (null: by the link or at the counter). */
  submitter: { userId: string; organisationId: string | null } | null;
  due: FeedbackCaseDue;
  now: Date;
}

/** Open the case in the caller's transaction; returns its id and code. */
export async function openFeedbackCase(trx: Trx, services: PetitionServices, input: FeedbackCaseInput): Promise<{ id: string; code: string }> {
  const { now } = input;
  const at = now.toISOString();
  const day = codeDay(now);
  const code = petitionCode(day, await nextPetitionSequence(trx, day));
  const id = newId(now.getTime());
  await insertPetition(trx, {
    id,
    code,
    kind: "conduct",
    title: input.title,
    content: input.content,
    proposal: null,
    procedure_code: input.procedureCode,
    concerned_agency_id: input.agencyId,
    dossier_code: input.dossierCode,
    submitter_user_id: input.submitter?.userId ?? null,
    submitter_organisation_id: input.submitter?.organisationId ?? null,
    contact_name: input.contact.name,
    contact_address: input.contact.address,
    contact_phone: input.contact.phone,
    contact_email: input.contact.email,
    publish_consent: 0,
    show_name: 0,
    status: "forwarded",
    handling_agency_id: input.agencyId,
    received_at: at,
    forward_due_at: input.due.forwardDueAt,
    forwarded_at: at,
    original_answer_due_at: input.due.answerDueAt,
    answer_due_at: input.due.answerDueAt,
    search: foldForSearch(`${input.title} ${input.content} ${input.dossierCode}`),
    version: 1,
    updated_at: at,
  });
  const event = (action: string, from: "received" | null, to: "received" | "forwarded", agencyId: string | null) =>
    insertPetitionEvent(trx, { id: newId(now.getTime()), petition_id: id, at, actor_user_id: input.submitter?.userId ?? null, action, status_from: from, status_to: to, agency_id: agencyId, note: null });
  await event("submitted", null, "received", null);
  await event("forwarded", "received", "forwarded", input.agencyId);
  const recipients = new Set([...(await officialEmails(trx, input.agencyId, "approver")), ...(await officialEmails(trx, input.agencyId, "petition_handler"))]);
  for (const to of recipients) await services.notify(trx, { kind: "forwarded", to, code, title: input.title, dueAt: input.due.answerDueAt }, now);
  return { id, code };
}
