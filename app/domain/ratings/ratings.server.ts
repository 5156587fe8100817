import type { Transaction } from "kysely";
import type { Database } from "../../../db/schema";
import { recordAudit } from "../../platform/audit.server";
import type { Db } from "../../platform/db.server";
import { newId } from "../../platform/ids.server";
import { agenciesFor, type Actor } from "../access/permissions";
import type { DossierApplicant } from "../dossiers/dossiers";
import { feedbackCaseDue, openFeedbackCase, type FeedbackCaseDue } from "../petitions/feedback-case.server";
import type { PetitionSettings } from "../petitions/petitions";
import type { PetitionServices } from "../petitions/petitions.server";
import { parseJsonColumn } from "../procedures/catalog.repo.server";
import { criteriaColumn, editableUntil, isEditable, isRateable, parseCriteria, type RatingChannel, type RatingCriteria, type RatingLevel, type RatingSettings } from "./ratings";
import { ratingErrors, ratingSchema, type RatingFieldError } from "./ratings.schema";
import {
  findAgencyDossierForRating,
  findDossierForRatingById,
  findOwnedDossierForRating,
  findRating,
  insertRatingIfAbsent,
  petitionCodeOf,
  updateRating,
  type RatingDossier,
  type RatingRow,
} from "./ratings.repo.server";

// Rating a dossier (issue 10, item 1; shared/domain/vn-egov.md §4.1): on the portal by its owner, by the link in the
// result-returned notification (the route checks the token, app/domain/ratings/rating-link.server.ts), on the kiosk
// at the counter under the returning officer's account. One rating per dossier (dossier_ratings.dossier_id is
// unique): a second submission within the edit window changes it, after the window it is refused; the same rating
// sent again (a retry) changes nothing. "Không hài lòng" opens one feedback case (a petition forwarded to the
// dossier's agency, app/domain/petitions/feedback-case.server.ts), kept on the rating: changing the level later keeps
// it (it is a record), and a later "không hài lòng" does not open a second one. updated_at is set on every write (the
// statistics' refresher watches it).

type Trx = Transaction<Database>;
type CitizenActor = Extract<Actor, { kind: "citizen" }>;
type OfficialActor = Extract<Actor, { kind: "official" }>;

export interface RatingDeps {
  settings: RatingSettings;
  /** The petitions' mail (the case's notice to the agency's leaders) and deadlines. */
  petitions: PetitionServices;
  petitionSettings: PetitionSettings;
  /** The feedback case's title for a dossier code (from the locales, in Vietnamese). */
  caseTitle(code: string): string;
}

/** Who rates which dossier, by channel. */
export type RatingTarget =
  | { channel: "portal"; actor: CitizenActor; code: string }
  | { channel: "link"; dossierId: string }
  | { channel: "kiosk"; actor: OfficialActor; code: string };

export interface RateInput {
  target: RatingTarget;
  /** The form's values (checked again here: level required, reason when unsatisfied, criteria optional). */
  rating: { level?: unknown; reason?: unknown; criteria?: unknown };
  ip?: string | null;
  requestId?: string | null;
  now?: Date;
}

export interface RatingView {
  level: RatingLevel;
  reason: string | null;
  criteria: RatingCriteria;
  channel: RatingChannel;
  ratedAt: string;
  editableUntil: string;
  /** Whether it can still be changed now. */
  editable: boolean;
  /** The feedback case's code (PAKN-…), when an unsatisfied rating opened one. */
  petitionCode: string | null;
  version: number;
}

export type RateFail = { ok: false; status: 400 | 403 | 404 | 409; errors: RatingFieldError[] };
export type RateResult = { ok: true; created: boolean; changed: boolean; rating: RatingView } | RateFail;

const fail = (status: RateFail["status"], field: string, message: string): RateFail => ({ ok: false, status, errors: [{ field, message }] });

/** The target's dossier, with who may see it in the query; undefined when it is not theirs (or does not exist). */
async function dossierOf(db: Db, target: RatingTarget): Promise<RatingDossier | undefined> {
  switch (target.channel) {
    case "portal":
      return findOwnedDossierForRating(db, { userId: target.actor.userId, organisationId: target.actor.actingFor?.organisationId ?? null }, target.code);
    case "link":
      return findDossierForRatingById(db, target.dossierId);
    case "kiosk":
      return findAgencyDossierForRating(db, agenciesFor(target.actor, "return:dossier:agency"), target.code);
  }
}

async function viewOf(db: Db | Trx, row: RatingRow, now: Date): Promise<RatingView> {
  return {
    level: row.level,
    reason: row.reason,
    criteria: parseCriteria(row.criteria),
    channel: row.channel,
    ratedAt: row.rated_at,
    editableUntil: row.editable_until,
    editable: isEditable(row.editable_until, now),
    petitionCode: row.petition_id ? await petitionCodeOf(db, row.petition_id) : null,
    version: row.version,
  };
}

export interface RatingPage {
  dossierId: string;
  code: string;
  procedureName: string;
  status: number;
  rateable: boolean;
  rating: RatingView | null;
}

/** What a rating page shows: the dossier's code and procedure, whether it can be rated, the rating given. */
export async function ratingPage(db: Db, target: RatingTarget, now = new Date()): Promise<RatingPage | null> {
  const dossier = await dossierOf(db, target);
  if (!dossier) return null;
  const row = await findRating(db, dossier.id);
  return {
    dossierId: dossier.id,
    code: dossier.code,
    procedureName: dossier.procedureName,
    status: dossier.status,
    rateable: isRateable(dossier.status),
    rating: row ? await viewOf(db, row, now) : null,
  };
}

/** The rating given to the owner's dossier, for the dossier's page (null: none, or not theirs). */
export async function myDossierRating(db: Db, actor: CitizenActor, code: string, now = new Date()): Promise<RatingView | null> {
  return (await ratingPage(db, { channel: "portal", actor, code }, now))?.rating ?? null;
}

function auditActor(target: RatingTarget) {
  if (target.channel === "portal") return { type: "citizen" as const, id: target.actor.userId };
  if (target.channel === "kiosk") return { type: "official" as const, id: target.actor.userId };
  return { type: "anonymous" as const, id: null };
}

/** Rate a dossier (or change its rating within the window). */
export async function rateDossier(db: Db, deps: RatingDeps, input: RateInput): Promise<RateResult> {
  const now = input.now ?? new Date();
  const at = now.toISOString();
  const parsed = ratingSchema.safeParse(input.rating);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path[0] === "criteria" ? `criterion-${String(issue.path[1])}` : String(issue.path[0] ?? "level");
    return fail(400, field, issue.message.startsWith("ratings:") ? issue.message : field.startsWith("criterion-") ? ratingErrors.criterion : ratingErrors.level);
  }
  const rating = parsed.data;
  const { target } = input;
  const dossier = await dossierOf(db, target);
  if (!dossier) return fail(404, "form", ratingErrors.notFound);
  if (!isRateable(dossier.status)) return fail(409, "form", ratingErrors.notRateable);
  const criteria = criteriaColumn(rating.criteria);
  // The case's deadlines are read with the calendar before the transaction (SQLite has one connection).
  const before = await findRating(db, dossier.id);
  const due: FeedbackCaseDue | null = rating.level === "unsatisfied" && !before?.petition_id ? await feedbackCaseDue(db, deps.petitionSettings, now) : null;

  return db.transaction().execute(async (trx): Promise<RateResult> => {
    let created = false;
    let row = await findRating(trx, dossier.id);
    if (!row) {
      created = await insertRatingIfAbsent(trx, {
        id: newId(now.getTime()),
        dossier_id: dossier.id,
        level: rating.level,
        reason: rating.reason,
        criteria,
        channel: target.channel,
        rated_by: target.channel === "portal" ? target.actor.userId : null,
        petition_id: null,
        rated_at: at,
        editable_until: editableUntil(now, deps.settings).toISOString(),
        version: 1,
        updated_at: at,
      });
      row = (await findRating(trx, dossier.id))!;
    }
    const same = row.level === rating.level && (row.reason ?? null) === rating.reason && (row.criteria ?? null) === criteria;
    if (!created) {
      // A retry of the same rating changes nothing, even after the window.
      if (same) return { ok: true, created: false, changed: false, rating: await viewOf(trx, row, now) };
      if (!isEditable(row.editable_until, now)) return fail(409, "form", ratingErrors.closed);
      if (!(await updateRating(trx, row.id, row.version, { level: rating.level, reason: rating.reason, criteria, channel: target.channel, updated_at: at }))) return fail(409, "form", ratingErrors.stale);
      row = (await findRating(trx, dossier.id))!;
    }
    let petitionCode: string | null = null;
    if (rating.level === "unsatisfied" && !row.petition_id) {
      const applicant = parseJsonColumn<Partial<DossierApplicant>>(dossier.applicant);
      const opened = await openFeedbackCase(trx, deps.petitions, {
        dossierCode: dossier.code,
        procedureCode: dossier.procedureCode,
        agencyId: dossier.agencyId,
        title: deps.caseTitle(dossier.code),
        content: rating.reason ?? "",
        contact: { name: applicant.fullName ?? "", address: applicant.address ?? "", phone: applicant.phone ?? null, email: applicant.email ?? null },
        submitter: target.channel === "portal" ? { userId: target.actor.userId, organisationId: target.actor.actingFor?.organisationId ?? null } : null,
        // Read before the transaction whenever a case may be opened (a case, once opened, stays on the rating).
        due: due ?? (await Promise.reject(new Error("the feedback case's deadlines were not read"))),
        now,
      });
      petitionCode = opened.code;
      // The case belongs to this rating: set in the same write as the rating's own version (no second version).
      await trx.updateTable("dossier_ratings").set({ petition_id: opened.id, updated_at: at }).where("id", "=", row.id).execute();
      row = { ...row, petition_id: opened.id };
    }
    await recordAudit(trx, {
      actor: auditActor(target),
      action: created ? "dossier.rated" : "dossier.rating_changed",
      entity: { type: "dossier", id: dossier.id },
      requestId: input.requestId ?? null,
      ip: input.ip ?? null,
      details: { code: dossier.code, channel: target.channel, level: rating.level, ...(created ? {} : { from: before?.level ?? null }), ...(petitionCode ? { petition: petitionCode } : {}) },
      at: now,
    });
    return { ok: true, created, changed: true, rating: await viewOf(trx, row, now) };
  });
}
