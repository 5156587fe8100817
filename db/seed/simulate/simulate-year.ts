// A province's year, simulated through the portal's own use cases (issue 10, item 6).
//
// A simulated clock runs over the `days` before `now`, event by event in time order (a priority queue): citizens file
// online or at the counter (submitDossier, fileAtCounter), officials accept, refuse, ask for supplementation, forward,
// ask for fees, approve and return results (the back office's applyAction, requestDossierPayment), applicants answer
// supplementations (resubmitSupplement), pay at the counter (recordCounterPayment) or by VietQR transfer, settled by
// the daily bank statement (startPayment, importStatement), withdraw (withdrawDossier); the daily sweep (runSweep)
// closes the supplementations nobody answered; petitions are sent, routed, answered, approved and rated
// (submitPetition, actOnPetition, ratePetition). Officials act in office hours on working days (the working
// calendar). No result is written directly: what the statistics show is what these calls did.
//
// Every figure comes from parameters.ts (rates, delays, propensities). What the simulation made is marked: dossiers'
// idempotency keys start with "sim_" (counter dossiers are keyed per officer), simulated accounts have e-mail
// addresses at SIMULATION_EMAIL_DOMAIN (the reserved .invalid domain: nothing can be delivered there).
import type { Kysely } from "kysely";
import type { Database, OfficialRole, RatingLevel } from "../../schema";
import type { Actor } from "../../../app/domain/access/permissions";
import { applyAction, decisionStepIndex, type ApplyInput } from "../../../app/domain/dossiers/back-office.server";
import type { BackOfficeServices } from "../../../app/domain/dossiers/back-office.seams";
import { fileAtCounter } from "../../../app/domain/dossiers/counter.server";
import { submitDossier, withdrawDossier } from "../../../app/domain/dossiers/dossiers.server";
import { resubmitSupplement } from "../../../app/domain/dossiers/supplement.server";
import { runSweep } from "../../../app/domain/dossiers/sweep.server";
import { roleOfStep, type WorkflowStepDef } from "../../../app/domain/dossiers/workflow";
import { loadWorkingCalendar } from "../../../app/domain/calendar/calendar.server";
import { addWorkingTime, isWorkingDay, nextWorkingInstant } from "../../../app/domain/calendar/working-time";
import { compileFormSchema } from "../../../app/domain/forms/compile";
import type { FormDefinition } from "../../../app/domain/forms/form-definition";
import { acceptInvitation, inviteAdministratorFromConsole } from "../../../app/domain/officials/officials.server";
import { suggestedPaymentLines } from "../../../app/domain/payments/office.server";
import { recordCounterPayment, requestDossierPayment, startPayment, transferPurpose } from "../../../app/domain/payments/payments.server";
import { importStatement } from "../../../app/domain/payments/reconciliation.server";
import { actOnPetition, ratePetition, submitPetition, type PetitionServices } from "../../../app/domain/petitions/petitions.server";
import { DEFAULT_PETITION_SETTINGS, type PetitionSettings } from "../../../app/domain/petitions/petitions";
import { parseJsonColumn } from "../../../app/domain/procedures/catalog.repo.server";
import type { ProcedureContent } from "../../../app/domain/procedures/catalog.server";
import { insertFiles } from "../../../app/domain/files/files.repo.server";
import { insertUser } from "../../../app/domain/accounts/accounts.repo.server";
import type { BlobStore } from "../../../app/platform/blob-store.server";
import { newId } from "../../../app/platform/ids.server";
import { randomCccd, randomPhone } from "../dossiers/generate";
import { answersFor } from "./form-answers";
import { simulatedRatings } from "./simulated-ratings";
import { seededRandom, type Random, type SimulationParameters } from "./parameters";
import { dedupingBlobStore, simulationBackOffice, simulationPayments, simulationPetitionServices, storePlaceholder } from "./simulation-services";

type Db = Kysely<Database>;
type Official = Extract<Actor, { kind: "official" }>;
type Citizen = Extract<Actor, { kind: "citizen" }>;

/** Simulated accounts' e-mail domain (RFC 2606 .invalid: nothing can ever be delivered there). */
export const SIMULATION_EMAIL_DOMAIN = "mo-phong.invalid";
/** The prefix of the idempotency keys of simulated filings (how simulated dossiers are told apart). */
export const SIMULATION_KEY_PREFIX = "sim_";
const HOUR = 3_600_000;
const DAY = 86_400_000;
const VN = 7 * HOUR;

export interface SimulationOptions {
  params: SimulationParameters;
  /** The end of the simulated year (the real "now"). */
  now: Date;
  blobs: BlobStore;
  /** The portal's public origin (links in notices). */
  origin: string;
  /** The back office's seams; default: simulationBackOffice (real notices, placeholder PDFs, results unsigned). */
  backOffice?: BackOfficeServices;
  petitionSettings?: PetitionSettings;
  /** Progress lines. */
  log?: (line: string) => void;
  /**
   * Rate a dossier after its result was returned: simulated-ratings.ts (the ratings' use case) by default; null: no
   * ratings are simulated.
   */
  rateDossier?: RateDossier | null;
}

export type RateDossier = (db: Db, input: { actor: Citizen | Official; code: string; level: RatingLevel; reason: string | null; now: Date }) => Promise<{ ok: boolean }>;

export interface SimulationReport {
  ms: number;
  events: number;
  officials: number;
  citizens: number;
  dossiers: { filed: number; online: number; counter: number; refusedAtFiling: number };
  /** Successful use-case calls by name. */
  calls: Record<string, number>;
  /** Refused calls by name and reason (a few are expected: an applicant withdrawing a dossier that was just decided). */
  refusals: Record<string, number>;
  petitions: { filed: number };
  ratings: number;
  /** Milliseconds spent per kind of event (where the time goes). */
  timings: Record<string, number>;
  /** Procedures left out because their forms could not be answered automatically. */
  skippedProcedures: string[];
}

interface Offering {
  versionId: string;
  procedureCode: string;
  agencyId: string;
  deciderId: string;
  content: ProcedureContent;
  workflow: readonly WorkflowStepDef[];
  weight: number;
  online: boolean;
  inPerson: boolean;
}

interface SimDossier {
  id: string;
  code: string;
  owner: Citizen | null;
  channel: "online" | "in_person";
  agencyId: string;
  workflow: readonly WorkflowStepDef[];
  content: ProcedureContent;
  paymentAsked: boolean;
  done: boolean;
  /** When the official holding it will act next (the simulation's own plan). */
  nextAt?: number;
}

interface SimPetition {
  code: string;
  phone: string;
  agencyId: string;
}

type Event =
  | { kind: "file"; at: number }
  | { kind: "petition"; at: number }
  | { kind: "daily"; at: number }
  | { kind: "apologise"; at: number; since: string }
  | { kind: "act"; at: number; d: SimDossier }
  | { kind: "resubmit"; at: number; d: SimDossier }
  | { kind: "pay"; at: number; d: SimDossier }
  | { kind: "withdraw"; at: number; d: SimDossier }
  | { kind: "rate"; at: number; d: SimDossier; late: boolean }
  | { kind: "petitionStep"; at: number; p: SimPetition }
  | { kind: "petitionRate"; at: number; p: SimPetition; late: boolean };

/** A binary heap of events by time; ties keep the order they were pushed in (deterministic). */
class Queue {
  private heap: { e: Event; seq: number }[] = [];
  private seq = 0;
  get size() {
    return this.heap.length;
  }
  push(e: Event) {
    const h = this.heap;
    h.push({ e, seq: this.seq++ });
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.less(h[p]!, h[i]!)) break;
      [h[p], h[i]] = [h[i]!, h[p]!];
      i = p;
    }
  }
  pop(): Event | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i]!, h[m]!];
        i = m;
      }
    }
    return top.e;
  }
  private less(a: { e: Event; seq: number }, b: { e: Event; seq: number }) {
    return a.e.at < b.e.at || (a.e.at === b.e.at && a.seq < b.seq);
  }
}

/** Whether the simulation already ran on this database (a simulated dossier exists). */
export async function simulationRan(db: Db): Promise<boolean> {
  const row = await db.selectFrom("dossiers").select("id").where("idempotency_key", "like", `${SIMULATION_KEY_PREFIX}%`).limit(1).executeTakeFirst();
  return !!row;
}

/** Simulate the year before `options.now` on a migrated, seeded database with the catalog imported. */
export async function simulateYear(db: Db, options: SimulationOptions): Promise<SimulationReport> {
  const started = Date.now();
  const params = options.params;
  const random = seededRandom(params.seed);
  const log = options.log ?? (() => {});
  const end = options.now.getTime();
  const start = end - params.days * DAY;
  const blobs = dedupingBlobStore(options.blobs);
  const placeholder = await storePlaceholder(blobs);
  const backOffice = options.backOffice ?? simulationBackOffice(placeholder, options.origin);
  const payments = simulationPayments(backOffice, blobs, placeholder, options.origin, random.next);
  const petitionSettings = options.petitionSettings ?? DEFAULT_PETITION_SETTINGS;
  const petitionServices: PetitionServices = simulationPetitionServices;
  const rateDossier = options.rateDossier === undefined ? simulatedRatings(petitionSettings) : options.rateDossier;
  const calendar = await loadWorkingCalendar(db, new Date(start).getUTCFullYear() - 1, new Date(end).getUTCFullYear() + 1);
  const report: SimulationReport = {
    ms: 0,
    events: 0,
    officials: 0,
    citizens: 0,
    dossiers: { filed: 0, online: 0, counter: 0, refusedAtFiling: 0 },
    calls: {},
    refusals: {},
    petitions: { filed: 0 },
    ratings: 0,
    timings: {},
    skippedProcedures: [],
  };
  const ok = (name: string) => (report.calls[name] = (report.calls[name] ?? 0) + 1);
  const refused = (name: string, why: string) => {
    const key = `${name}: ${why}`;
    report.refusals[key] = (report.refusals[key] ?? 0) + 1;
  };

  // ------------------------------------------------------------------------------------------------------------
  // The catalog's offerings at a sample of agencies, and the officials who staff them
  // ------------------------------------------------------------------------------------------------------------
  const offerings = await loadOfferings(db, random, params, report, new Date(start));
  if (offerings.length === 0) throw new Error("No procedure offering to simulate: import the catalog first (npm run db:seed).");
  const staff = await staffAgencies(db, random, params, offerings, petitionSettings, new Date(start), options.origin);
  report.officials = staff.count;
  log(`Simulating ${params.days} days: ${offerings.length} offerings at ${new Set(offerings.map((o) => o.agencyId)).size} agencies, ${staff.count} simulated officials.`);

  const officialOf = (agencyId: string, role: OfficialRole): Official | null => {
    const list = staff.byRole.get(`${agencyId}|${role}`);
    return list && list.length > 0 ? random.pick(list) : null;
  };

  // ------------------------------------------------------------------------------------------------------------
  // Time: officials' moments on the working calendar, citizens' at any hour
  // ------------------------------------------------------------------------------------------------------------
  const afterWorkingHours = (from: number, hours: number) => addWorkingTime(calendar, from, Math.max(5, Math.round(hours * 60))).getTime();
  const officeMoment = (at: number) => nextWorkingInstant(calendar, at).getTime();
  const dayOf = (ms: number) => new Date(ms + VN).toISOString().slice(0, 10);

  const queue = new Queue();
  const push = (e: Event) => {
    if (e.at <= end) queue.push(e);
  };

  // Arrivals: a Poisson number per day; counter filings in office hours of working days, online at any hour.
  for (let day = start; day < end; day += DAY) {
    const iso = dayOf(day);
    const working = isWorkingDay(calendar, iso);
    const midnight = Date.parse(`${iso}T00:00:00+07:00`);
    const rate = params.dossiersPerWorkingDay * params.scale;
    const counter = working ? random.poisson(rate * (1 - params.onlinePropensity)) : 0;
    const online = random.poisson(rate * params.onlinePropensity * (working ? 1 : params.offDayOnlineRate));
    for (let i = 0; i < counter; i += 1) push({ kind: "file", at: officeMoment(midnight + (7.5 + random.next() * 9) * HOUR) });
    for (let i = 0; i < online; i += 1) {
      const [from, to] = params.onlineHours;
      push({ kind: "file", at: midnight + (from + random.next() * (to - from)) * HOUR });
    }
    const petitions = random.poisson(params.petitionsPerWorkingDay * params.scale * (working ? 1 : params.offDayOnlineRate));
    for (let i = 0; i < petitions; i += 1) push({ kind: "petition", at: midnight + (7 + random.next() * 15) * HOUR });
    push({ kind: "daily", at: midnight + 6 * HOUR });
  }

  // ------------------------------------------------------------------------------------------------------------
  // Citizens
  // ------------------------------------------------------------------------------------------------------------
  const citizens: { actor: Citizen; name: string; cccd: string; walletPdf?: string }[] = [];
  const newCitizen = async (at: Date) => {
    const id = newId(at.getTime());
    const birthYear = random.int(1950, 2004);
    const name = randomName(random);
    const cccd = randomCccd(random.next, birthYear);
    await insertUser(db, {
      id,
      kind: "citizen",
      status: "active",
      full_name: name,
      cccd: null,
      birth_date: null,
      // Not confirmed: the portal never writes to it (and .invalid cannot be delivered).
      email: `cong-dan-${id}@${SIMULATION_EMAIL_DOMAIN}`,
      phone: null,
      password_hash: null,
      email_verified_at: null,
      eid_verified_at: null,
      eid_issuer: null,
      eid_subject: null,
      totp_secret: null,
      totp_confirmed_at: null,
      totp_last_step: null,
      created_at: at.toISOString(),
      updated_at: at.toISOString(),
    });
    report.citizens += 1;
    const citizen: (typeof citizens)[number] = { actor: { kind: "citizen", userId: id, actingFor: null }, name, cccd };
    citizens.push(citizen);
    return citizen;
  };
  /** A returning applicant now and then, otherwise a new one. */
  const applicantFor = async (at: Date) => (citizens.length > 20 && random.chance(0.25) ? random.pick(citizens) : newCitizen(at));

  /** The owner's files for the documents the case requires (uploaded scans: placeholders in the wallet). */
  const documentsFor = async (ownerUserId: string, content: ProcedureContent, caseCode: string | null, at: Date, wallet?: { walletPdf?: string }) => {
    const documents: { documentIndex: number; fileIds: string[] }[] = [];
    let reused = false;
    const rows = content.documents.flatMap((doc, index) => {
      if (!doc.required || (doc.case && doc.case !== caseCode)) return [];
      // A returning applicant picks a scan already in their wallet (once per dossier: a file is attached once).
      if (wallet?.walletPdf && !reused && doc.fileTypes.includes("pdf") && random.chance(params.reuseFromWallet)) {
        reused = true;
        documents.push({ documentIndex: index, fileIds: [wallet.walletPdf] });
        return [];
      }
      const id = newId(at.getTime());
      documents.push({ documentIndex: index, fileIds: [id] });
      const pdf = doc.fileTypes.includes("pdf");
      return [
        {
          id,
          sha256: placeholder.sha256,
          sizeBytes: placeholder.sizeBytes,
          mediaType: pdf ? "application/pdf" : doc.fileTypes.includes("png") ? "image/png" : "image/jpeg",
          originalName: pdf ? "ban-chup.pdf" : "ban-chup.jpg",
          owner: { userId: ownerUserId, organisationId: null },
          source: "upload" as const,
          createdAt: at.toISOString(),
        },
      ];
    });
    await insertFiles(db, rows);
    if (wallet && !wallet.walletPdf) wallet.walletPdf = rows.find((r) => r.mediaType === "application/pdf")?.id;
    return documents;
  };

  // ------------------------------------------------------------------------------------------------------------
  // Dossiers
  // ------------------------------------------------------------------------------------------------------------
  const weights = offerings.map((o) => o.weight);
  const dossierRow = (id: string) =>
    db.selectFrom("dossiers").select(["status", "version", "waiting_for", "step_index", "current_agency_id", "due_at", "supplement_count", "returned_at"]).where("id", "=", id).executeTakeFirstOrThrow();

  const fileOne = async (at: Date) => {
    const offering = offerings[random.weighted(weights)]!;
    const online = offering.online && (!offering.inPerson || random.chance(params.onlinePropensity));
    const applicant = await applicantFor(at);
    const content = offering.content;
    const caseCode = content.cases && content.cases.length > 0 ? random.pick(content.cases).code : null;
    const answers = answersFor(content.form as FormDefinition, random, { today: dayOf(at.getTime()), cccd: applicant.cccd, phone: randomPhone(random.next), name: applicant.name, commune: { province: "02", district: "024", commune: "00688" } });
    const person = { fullName: applicant.name, cccd: applicant.cccd, phone: "", email: "", address: "Hà Giang" };
    if (online) {
      const documents = await documentsFor(applicant.actor.userId, content, caseCode, at, applicant);
      const result = await submitDossier(
        db,
        { async sendSubmittedMail() {} },
        { baseUrl: options.origin },
        { actor: applicant.actor, procedureVersionId: offering.versionId, agencyId: offering.agencyId, applicant: person, answers, documents, caseCode, idempotencyKey: `${SIMULATION_KEY_PREFIX}${newId(at.getTime())}`, now: at },
      );
      if (!result.ok) {
        report.dossiers.refusedAtFiling += 1;
        return refused("submitDossier", result.errors.map((e) => `${e.field} ${e.message}`).join(", "));
      }
      ok("submitDossier");
      report.dossiers.filed += 1;
      report.dossiers.online += 1;
      const d: SimDossier = { id: result.dossierId, code: result.code, owner: applicant.actor, channel: "online", agencyId: offering.agencyId, workflow: offering.workflow, content: offering.content, paymentAsked: false, done: false };
      live.set(d.id, d);
      if (result.paymentDue) {
        if (random.chance(params.neverPays)) push({ kind: "withdraw", at: at.getTime() + random.logNormal(params.withdrawDelayDays) * DAY, d });
        else push({ kind: "pay", at: at.getTime() + random.logNormal(params.payDelayDays) * DAY, d });
      } else await schedule(d, at.getTime());
      if (random.chance(params.withdraw)) push({ kind: "withdraw", at: at.getTime() + random.logNormal(params.withdrawDelayDays) * DAY, d });
      return;
    }
    const officer = officialOf(offering.agencyId, "receiving_officer");
    if (!officer) return refused("fileAtCounter", "no receiving officer");
    const documents = await documentsFor(officer.userId, content, caseCode, at);
    const result = await fileAtCounter(db, backOffice, {}, { actor: officer, procedureVersionId: offering.versionId, agencyId: offering.agencyId, applicant: person, answers, documents, caseCode, checked: true, idempotencyKey: `${SIMULATION_KEY_PREFIX}${newId(at.getTime())}`, now: at });
    if (!result.ok) {
      report.dossiers.refusedAtFiling += 1;
      return refused("fileAtCounter", result.errors.map((e) => `${e.field} ${e.message}`).join(", "));
    }
    ok("fileAtCounter");
    report.dossiers.filed += 1;
    report.dossiers.counter += 1;
    const d: SimDossier = { id: result.dossierId, code: result.code, owner: null, channel: "in_person", agencyId: offering.agencyId, workflow: offering.workflow, content: offering.content, paymentAsked: false, done: false };
    live.set(d.id, d);
    await schedule(d, at.getTime());
  };

  /** The dossier's next move, by whose move it is now. */
  const schedule = async (d: SimDossier, from: number): Promise<void> => {
    const row = await dossierRow(d.id);
    const status = row.status;
    if ([3, 7, 8, 10].includes(status)) {
      d.done = true;
      return;
    }
    if (status === 1 && row.waiting_for === "payment") return; // the applicant's payment is already planned
    if (status === 5) {
      if (random.chance(params.abandonSupplement)) return; // nobody answers: the sweep closes it when the period ends
      push({ kind: "resubmit", at: from + random.logNormal(params.resubmitDelayDays) * DAY, d });
      return;
    }
    if (status === 6) {
      push({ kind: "pay", at: from + random.logNormal(params.payDelayDays) * DAY, d });
      return;
    }
    if (status === 1) {
      push({ kind: "act", at: afterWorkingHours(from, random.logNormal(params.intakeDelay)), d });
      return;
    }
    if (status === 9) {
      push({ kind: "act", at: afterWorkingHours(from, random.logNormal(params.returnDelay)), d });
      return;
    }
    const index = row.step_index ?? 0;
    const step = d.workflow[index];
    const allotted = step?.hours ?? 4;
    const factor = index === decisionStepIndex(d.workflow) ? random.logNormal(params.approveDelayFactor) : random.logNormal(params.stepDelayFactor);
    d.nextAt = afterWorkingHours(from, allotted * factor);
    push({ kind: "act", at: d.nextAt, d });
  };

  const engine = async (actor: Actor | null, d: SimDossier, action: ApplyInput["action"], params: unknown, at: Date) => {
    if (!actor) {
      refused(action, "no official for the step");
      return false;
    }
    const row = await dossierRow(d.id);
    const result = await applyAction(db, backOffice, { paymentPausesClock: true }, { actor: actor as Exclude<Actor, { kind: "anonymous" }>, dossier: { id: d.id }, action, version: row.version, params, now: at });
    if (!result.ok) {
      refused(action, result.message);
      return false;
    }
    ok(action);
    return true;
  };

  const act = async (d: SimDossier, at: Date) => {
    const row = await dossierRow(d.id);
    const agency = row.current_agency_id ?? d.agencyId;
    if (row.status === 1 && row.waiting_for !== "payment") {
      const officer = officialOf(agency, "receiving_officer");
      const r = random.next();
      if (r < params.refuseAtIntake) {
        await engine(officer, d, "refuse", { reasons: [random.pick(["notCompetent", "notEligible", "invalidDocuments"])], text: "Hồ sơ không đủ điều kiện tiếp nhận (dữ liệu mô phỏng).", legalBasis: "Điều 19 Nghị định 61/2018/NĐ-CP" }, at);
      } else if (r < params.refuseAtIntake + params.supplementAtIntake && row.supplement_count === 0) {
        await engine(officer, d, "requestSupplement", supplementParams(d, params.supplementRespondDays), at);
      } else await engine(officer, d, "accept", {}, at);
    } else if (row.status === 2 || row.status === 4) {
      const index = row.step_index ?? 0;
      const step = d.workflow[index];
      const role = step ? roleOfStep(step.role) : "handler";
      const holder = officialOf(agency, role);
      const decision = index === decisionStepIndex(d.workflow);
      const supplementCount = Number(row.supplement_count ?? 0);
      // Only online filings: a counter dossier's papers were checked at the counter, in front of the applicant.
      if (role === "handler" && d.channel === "online" && ((supplementCount === 0 && random.chance(params.supplementWhileHandling)) || (supplementCount === 1 && random.chance(params.supplementWhileHandling * params.secondSupplement)))) {
        await engine(holder, d, "requestSupplement", { ...supplementParams(d, params.supplementRespondDays), ...(supplementCount > 0 ? { justification: "Giấy tờ bổ sung lần trước chưa hợp lệ (dữ liệu mô phỏng)." } : {}) }, at);
      } else if (role === "handler" && !d.paymentAsked && (await askForFees(d, holder, at))) {
        // 4 → 6: the applicant pays next.
      } else if (decision) {
        await engine(officialOf(agency, "approver"), d, "approve", { result: { sha256: placeholder.sha256, sizeBytes: placeholder.sizeBytes, mediaType: "application/pdf", fileName: "ket-qua-mo-phong.pdf" } }, at);
      } else await engine(holder, d, "forward", {}, at);
    } else if (row.status === 9) {
      const officer = officialOf(agency, "receiving_officer") ?? officialOf(d.agencyId, "receiving_officer");
      if (await engine(officer, d, "returnResult", { channel: d.channel === "online" ? "online" : "counter" }, at)) {
        const after = await dossierRow(d.id);
        const late = !!after.due_at && !!after.returned_at && after.returned_at.slice(0, 10) > after.due_at.slice(0, 10);
        // Online: later, from the dossier's page; at the counter: on the kiosk, as the result is handed over.
        if (rateDossier) push({ kind: "rate", at: at.getTime() + (d.owner ? random.exponential(2) * DAY : 60_000), d, late });
      }
    }
    await schedule(d, at.getTime());
  };

  /** A handler asks for fees the catalog says are paid later (or, for a counter dossier, the fees due at filing). */
  const askForFees = async (d: SimDossier, holder: Official | null, at: Date) => {
    d.paymentAsked = true;
    if (!holder) return false;
    const suggested = await suggestedPaymentLines(db, { actor: holder, code: d.code, now: at });
    if (!suggested || suggested.lines.length === 0) return false;
    const due = suggested.feeMode === "pay_later" || (suggested.feeMode === "pay_first" && d.channel === "in_person");
    if (!due) return false;
    const row = await dossierRow(d.id);
    const result = await requestDossierPayment(db, payments, { actor: holder, code: d.code, version: row.version, lines: suggested.lines, note: null, now: at });
    if (!result.ok) {
      refused("requestDossierPayment", "engine" in result ? result.engine.message : result.message);
      return false;
    }
    ok("requestDossierPayment");
    return true;
  };

  // Transfers waiting for the bank statement of their day: [reference, amount, code, booked day].
  let transfers: { reference: string; amount: number; code: string; day: string }[] = [];

  const pay = async (d: SimDossier, at: Date) => {
    const request = await db.selectFrom("payment_requests").select(["id", "total", "state"]).where("dossier_id", "=", d.id).where("state", "in", ["created", "pending"]).orderBy("requested_at", "desc").executeTakeFirst();
    if (!request) return await schedule(d, at.getTime());
    const transfer = d.owner !== null && (d.channel === "online" ? true : random.chance(params.transferPropensity));
    if (transfer && d.owner) {
      const started = await startPayment(db, payments, { actor: d.owner, code: d.code, requestId: request.id, provider: "vietqr", ip: "198.18.0.1", locale: "vi", now: at });
      if (!started.ok) return refused("startPayment", started.message);
      ok("startPayment");
      transfers.push({ reference: started.reference, amount: Number(request.total), code: d.code, day: dayOf(at.getTime()) });
      return; // the statement import settles it, then the dossier moves on
    }
    // At the counter, in office hours, to a receiving officer of the agency holding the dossier.
    const when = new Date(officeMoment(at.getTime()));
    const row = await dossierRow(d.id);
    const officer = officialOf(row.current_agency_id ?? d.agencyId, "receiving_officer") ?? officialOf(d.agencyId, "receiving_officer");
    if (!officer) return refused("recordCounterPayment", "no officer");
    const paid = await recordCounterPayment(db, payments, { actor: officer, code: d.code, requestId: request.id, note: null, now: when });
    if (!paid.ok) return refused("recordCounterPayment", paid.message);
    ok("recordCounterPayment");
    await schedule(d, when.getTime());
  };

  /** The day's bank statement: every transfer booked the day before, imported by the centre's officer. */
  const importTransfers = async (at: Date) => {
    const today = dayOf(at.getTime());
    const due = transfers.filter((t) => t.day < today);
    if (due.length === 0) return;
    transfers = transfers.filter((t) => t.day >= today);
    const officer = staff.collector;
    if (!officer) return refused("importStatement", "no officer");
    const lines = due.map((t, i) => {
      const [y, m, dd] = t.day.split("-");
      return `${dd}/${m}/${y} 10:00:00,SIM${today.replaceAll("-", "")}${String(i).padStart(5, "0")},,"${t.amount.toLocaleString("en-US")}",,"${transferPurpose(t.reference, t.code)}"`;
    });
    const text = `Ngày GD,Số bút toán,Ghi nợ,Ghi có,Số dư,Diễn giải\n${lines.join("\n")}\n`;
    const result = await importStatement(db, payments, { actor: officer, fileName: `sao-ke-mo-phong-${today}.csv`, text, now: at });
    if (!result.ok) return refused("importStatement", "message" in result ? result.message : JSON.stringify(result.errors));
    ok("importStatement");
    for (const t of due) {
      const d = byCode.get(t.code);
      if (d) await schedule(d, at.getTime());
    }
  };
  const byCode = new Map<string, SimDossier>();
  const live = new Map<string, SimDossier>();

  /** The sweep prompted apology letters (Mẫu 04): the official holding each dossier writes one, or not. */
  const apologise = async (since: string, at: Date) => {
    const prompted = await db
      .selectFrom("dossiers")
      .select(["id", "status", "step_index", "current_agency_id", "due_at"])
      .where("apology_prompted_at", ">=", since)
      .where("rescheduled_due_at", "is", null)
      .where("status", "in", [2, 4, 6])
      .execute();
    for (const row of prompted) {
      const d = live.get(row.id);
      // Only an official who sees that the work in hand will not be done by the due date writes one.
      if (!d) continue;
      const behind = !!row.due_at && (d.nextAt ?? 0) > Date.parse(row.due_at);
      if (!behind || !random.chance(params.apologise)) continue;
      const step = d.workflow[row.step_index ?? 0];
      const holder = officialOf(row.current_agency_id ?? d.agencyId, step ? roleOfStep(step.role) : "handler");
      const newDueAt = new Date(afterWorkingHours(at.getTime(), params.apologyExtraDays * 8)).toISOString();
      await engine(holder, d, "apologize", { reason: "Hồ sơ cần thêm thời gian thẩm định (dữ liệu mô phỏng).", newDueAt }, at);
    }
  };

  const resubmit = async (d: SimDossier, at: Date) => {
    const row = await dossierRow(d.id);
    if (row.status !== 5) return;
    const open = await db.selectFrom("dossier_supplements").select(["fields", "documents"]).where("dossier_id", "=", d.id).where("closed", "is", null).executeTakeFirst();
    if (!open) return;
    const flagged = parseJsonColumn<number[]>(open.documents) ?? [];
    const owner = d.owner;
    if (!owner) {
      // A counter dossier's applicant brings the papers back to the counter: the officer answers for them.
      const officer = officialOf(row.current_agency_id ?? d.agencyId, "receiving_officer") ?? officialOf(d.agencyId, "receiving_officer");
      const files = await freshFiles(officer?.userId ?? "", flagged, d.content, at);
      await engine(officer, d, "resubmit", { documents: files }, new Date(officeMoment(at.getTime())));
      return schedule(d, at.getTime());
    }
    const files = await freshFiles(owner.userId, flagged, d.content, at);
    const result = await resubmitSupplement(db, backOffice, { paymentPausesClock: true }, { actor: owner, code: d.code, version: row.version, answers: {}, documents: files, now: at });
    if (!result.ok) refused("resubmitSupplement", `${result.message} ${result.issues.map((i) => `${i.name} ${i.message}`).join(", ")}`.trim());
    else ok("resubmitSupplement");
    await schedule(d, at.getTime());
  };
  const freshFiles = async (ownerUserId: string, indexes: number[], content: ProcedureContent, at: Date) => {
    const out: { documentIndex: number; fileIds: string[] }[] = [];
    const rows = indexes.map((documentIndex) => {
      const id = newId(at.getTime());
      out.push({ documentIndex, fileIds: [id] });
      const types = content.documents[documentIndex]?.fileTypes ?? ["pdf"];
      const pdf = types.includes("pdf");
      const mediaType = pdf ? "application/pdf" : types.includes("png") ? "image/png" : "image/jpeg";
      return { id, sha256: placeholder.sha256, sizeBytes: placeholder.sizeBytes, mediaType, originalName: pdf ? "bo-sung.pdf" : "bo-sung.jpg", owner: { userId: ownerUserId, organisationId: null }, source: "upload" as const, createdAt: at.toISOString() };
    });
    await insertFiles(db, rows);
    return out;
  };

  const withdraw = async (d: SimDossier, at: Date) => {
    if (!d.owner) return;
    const row = await dossierRow(d.id);
    if (![1, 2, 4, 5, 6].includes(row.status)) return;
    const result = await withdrawDossier(db, backOffice, { paymentPausesClock: true }, { actor: d.owner, code: d.code, version: row.version, now: at });
    if (!result.ok) refused("withdrawDossier", result.message);
    else {
      ok("withdrawDossier");
      d.done = true;
    }
  };

  const rate = async (d: SimDossier, late: boolean, at: Date) => {
    if (!rateDossier) return;
    if (!random.chance(late ? params.rateDossierLate : params.rateDossierOnTime)) return;
    const r = random.next();
    const [very, displeased] = late ? [params.veryPleasedLate, params.displeasedLate] : [params.veryPleasedOnTime, params.displeasedOnTime];
    const level: RatingLevel = r < displeased ? "unsatisfied" : r < displeased + very ? "very_satisfied" : "satisfied";
    const actor = d.owner ?? officialOf(d.agencyId, "receiving_officer");
    if (!actor) return;
    const result = await rateDossier(db, { actor, code: d.code, level, reason: level === "unsatisfied" ? (late ? "Giải quyết chậm so với ngày hẹn." : "Hướng dẫn chưa rõ ràng.") : null, now: at });
    if (!result.ok) return refused("rateDossier", "refused");
    ok("rateDossier");
    report.ratings += 1;
    if (level !== "unsatisfied") return;
    // "Không hài lòng" opened a feedback case at the dossier's agency: its officials answer it like any petition.
    const cases = await db.selectFrom("petitions").select(["code", "contact_phone", "handling_agency_id"]).where("dossier_code", "=", d.code).where("status", "=", "forwarded").execute();
    for (const c of cases) {
      if (c.handling_agency_id) push({ kind: "petitionStep", at: afterWorkingHours(at.getTime(), random.logNormal(params.draftDelay)), p: { code: c.code, phone: c.contact_phone ?? "", agencyId: c.handling_agency_id } });
    }
  };

  // ------------------------------------------------------------------------------------------------------------
  // Petitions
  // ------------------------------------------------------------------------------------------------------------
  const petitionAgencies = [...new Set(offerings.map((o) => o.agencyId))].filter((id) => staff.byRole.has(`${id}|petition_handler`) && staff.byRole.has(`${id}|approver`));
  let petitionIp = 0;
  const filePetition = async (at: Date) => {
    const agencyId = random.pick(petitionAgencies);
    const offering = offerings.find((o) => o.agencyId === agencyId);
    const phone = randomPhone(random.next);
    const name = randomName(random);
    petitionIp += 1;
    const kind = random.pick(["regulation", "conduct", "conduct", "proposal"] as const);
    const result = await submitPetition(db, petitionServices, petitionSettings, {
      sender: { userId: null, organisationId: null },
      petition: {
        kind,
        title: random.pick(["Hồ sơ giải quyết chậm", "Đề nghị hướng dẫn rõ thủ tục", "Thái độ phục vụ tại bộ phận một cửa", "Phí, lệ phí chưa rõ ràng", "Đề nghị bổ sung hình thức nộp trực tuyến"]),
        content: "Nội dung phản ánh, kiến nghị do bộ mô phỏng dữ liệu tạo ra để trình diễn cổng dịch vụ công (không phải phản ánh thật).",
        proposal: kind === "proposal" ? "Đề nghị cơ quan xem xét, cải tiến (dữ liệu mô phỏng)." : null,
        procedureCode: offering?.procedureCode ?? null,
        agencyId,
        dossierCode: null,
        contactName: name,
        contactAddress: "Hà Giang (mô phỏng)",
        contactPhone: phone,
        contactEmail: null,
        publishConsent: random.chance(0.6),
        showName: false,
      },
      fileIds: [],
      ip: `198.18.${(petitionIp >> 8) & 255}.${petitionIp & 255}`,
      policy: { free: 1000, windowMs: 60_000, baseDelayMs: 1, maxDelayMs: 1 },
      now: at,
    });
    if (!result.ok) return refused("submitPetition", "errors" in result ? result.errors.map((x) => x.message).join(", ") : "rate limited");
    ok("submitPetition");
    report.petitions.filed += 1;
    const p: SimPetition = { code: result.code, phone, agencyId };
    push({ kind: "petitionStep", at: afterWorkingHours(at.getTime(), random.logNormal(params.routeDelay)), p });
  };

  const petitionStep = async (p: SimPetition, at: Date) => {
    const row = await db.selectFrom("petitions").select(["status", "version", "answer_due_at"]).where("code", "=", p.code).executeTakeFirstOrThrow();
    const call = async (actor: Official | null, params: Parameters<typeof actOnPetition>[3]["params"]) => {
      if (!actor) return refused(`petition.${params.action}`, "no official");
      const result = await actOnPetition(db, petitionServices, petitionSettings, { actor, code: p.code, version: row.version, params, now: at });
      if (!result.ok) return refused(`petition.${params.action}`, result.errors.map((x) => x.message).join(", "));
      ok(`petition.${params.action}`);
      return true;
    };
    if (row.status === "received") {
      if (random.chance(params.closePetition)) {
        await call(staff.router, { action: "close", reason: "outside_scope", text: "Nội dung không thuộc phạm vi tiếp nhận (dữ liệu mô phỏng)." });
        return;
      }
      if (await call(staff.router, { action: "forward", targetAgencyId: p.agencyId })) push({ kind: "petitionStep", at: afterWorkingHours(at.getTime(), random.logNormal(params.draftDelay)), p });
    } else if (row.status === "forwarded") {
      if (await call(officialOf(p.agencyId, "petition_handler"), { action: "draft", body: "Cơ quan đã tiếp nhận và xem xét nội dung phản ánh; kết quả xử lý như sau (dữ liệu mô phỏng)." }))
        push({ kind: "petitionStep", at: afterWorkingHours(at.getTime(), random.logNormal(params.approveAnswerDelay)), p });
    } else if (row.status === "drafted") {
      if (await call(officialOf(p.agencyId, "approver"), { action: "approve" })) {
        const late = !!row.answer_due_at && at.toISOString() > row.answer_due_at;
        if (p.phone && random.chance(params.ratePetition)) push({ kind: "petitionRate", at: at.getTime() + random.exponential(1.5) * DAY, p, late });
      }
    }
  };

  const petitionRate = async (p: SimPetition, late: boolean, at: Date) => {
    const satisfied = random.chance(late ? params.satisfiedLate : params.satisfiedOnTime);
    const result = await ratePetition(db, petitionSettings, { code: p.code, proof: { factor: p.phone.slice(-4) }, rating: satisfied ? "satisfied" : "unsatisfied", reason: satisfied ? null : "Câu trả lời chưa thỏa đáng (dữ liệu mô phỏng).", reopen: false, now: at });
    if (!result.ok) refused("ratePetition", result.errors.map((x) => x.message).join(", "));
    else ok("ratePetition");
  };

  // ------------------------------------------------------------------------------------------------------------
  // The clock
  // ------------------------------------------------------------------------------------------------------------
  let lastLog = Date.now();
  for (let e = queue.pop(); e; e = queue.pop()) {
    report.events += 1;
    const at = new Date(e.at);
    const t0 = Date.now();
    switch (e.kind) {
      case "file":
        await fileOne(at);
        break;
      case "act":
        await act(e.d, at);
        break;
      case "resubmit":
        await resubmit(e.d, at);
        break;
      case "pay":
        byCode.set(e.d.code, e.d);
        await pay(e.d, at);
        break;
      case "withdraw":
        await withdraw(e.d, at);
        break;
      case "rate":
        await rate(e.d, e.late, at);
        break;
      case "daily": {
        const sweep = await runSweep(db, backOffice, { paymentPausesClock: true }, { now: at });
        if (sweep.apologyPrompts > 0) push({ kind: "apologise", at: officeMoment(at.getTime() + 2 * HOUR), since: new Date(e.at - HOUR).toISOString() });
        report.calls.runSweep = (report.calls.runSweep ?? 0) + 1;
        if (sweep.supplementsExpired > 0) report.calls.supplementsExpired = (report.calls.supplementsExpired ?? 0) + sweep.supplementsExpired;
        if (isWorkingDay(calendar, dayOf(at.getTime()))) await importTransfers(new Date(officeMoment(at.getTime() + 2 * HOUR)));
        break;
      }
      case "apologise":
        await apologise(e.since, at);
        break;
      case "petition":
        await filePetition(at);
        break;
      case "petitionStep":
        await petitionStep(e.p, at);
        break;
      case "petitionRate":
        await petitionRate(e.p, e.late, at);
        break;
    }
    report.timings[e.kind] = (report.timings[e.kind] ?? 0) + (Date.now() - t0);
    if (Date.now() - lastLog > 5000) {
      lastLog = Date.now();
      log(`  … ${dayOf(e.at)}: ${report.dossiers.filed} dossiers, ${report.petitions.filed} petitions, ${queue.size} pending events`);
    }
  }
  report.ms = Date.now() - started;
  return report;

  function supplementParams(d: SimDossier, days: number) {
    void d;
    return { documents: [0], note: "Đề nghị bổ sung bản chụp rõ nét của giấy tờ (dữ liệu mô phỏng).", respondWithinDays: days };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Set-up: offerings and officials
// ---------------------------------------------------------------------------------------------------------------

async function loadOfferings(db: Db, random: Random, params: SimulationParameters, report: SimulationReport, at: Date): Promise<Offering[]> {
  const today = at.toISOString().slice(0, 10);
  const rows = await db
    .selectFrom("procedure_offerings as o")
    .innerJoin("procedure_versions as v", "v.id", "o.version_id")
    .innerJoin("procedures as p", "p.id", "v.procedure_id")
    .innerJoin("agency_versions as av", (j) => j.onRef("av.agency_id", "=", "o.agency_id").on("av.valid_from", "<=", today).on((eb) => eb.or([eb("av.valid_to", "is", null), eb("av.valid_to", ">", today)])))
    .select(["o.agency_id as agencyId", "o.decider_id as deciderId", "v.id as versionId", "v.content", "p.code as procedureCode", "av.kind"])
    .where("v.state", "=", "published")
    .where("v.status", "=", "in_force")
    .orderBy("p.code")
    .orderBy("o.agency_id")
    .execute();
  // A sample of the communes and districts; every provincial agency.
  const communes = random.shuffle([...new Set(rows.filter((r) => r.kind === "commune_ppc").map((r) => r.agencyId))].sort()).slice(0, params.agencies.communes);
  const districts = random.shuffle([...new Set(rows.filter((r) => r.kind === "district_one_stop").map((r) => r.agencyId))].sort()).slice(0, params.agencies.districts);
  const keep = new Set([...communes, ...districts]);
  const byProcedure = new Map<string, Offering[]>();
  const usable = new Map<string, boolean>();
  const codes = [...new Set(rows.map((r) => r.procedureCode))];
  const rank = new Map(random.shuffle(codes).map((c, i) => [c, i + 1]));
  for (const r of rows) {
    if ((r.kind === "commune_ppc" || r.kind === "district_one_stop") && !keep.has(r.agencyId)) continue;
    const content = parseJsonColumn<ProcedureContent>(r.content);
    if (!usable.has(r.versionId)) usable.set(r.versionId, formIsAnswerable(content, random, today));
    if (!usable.get(r.versionId)) {
      if (!report.skippedProcedures.includes(r.procedureCode)) report.skippedProcedures.push(r.procedureCode);
      continue;
    }
    const channels = content.offerings.flatMap((o) => o.channels.map((c) => c.channel));
    const list = byProcedure.get(r.procedureCode) ?? [];
    list.push({
      versionId: r.versionId,
      procedureCode: r.procedureCode,
      agencyId: r.agencyId,
      deciderId: r.deciderId,
      content,
      workflow: (content.workflow ?? []) as WorkflowStepDef[],
      weight: 0,
      online: channels.includes("online"),
      inPerson: channels.includes("in_person"),
    });
    byProcedure.set(r.procedureCode, list);
  }
  // A procedure's popularity (Zipf by a shuffled rank) is shared among the agencies offering it.
  const out: Offering[] = [];
  for (const [code, list] of byProcedure) {
    const weight = 1 / Math.pow(rank.get(code) ?? 1, params.zipf);
    for (const o of list) out.push({ ...o, weight: weight / list.length });
  }
  return out;
}

/** Whether the automatic answers pass the form's schema (a few tries). */
function formIsAnswerable(content: ProcedureContent, random: Random, today: string): boolean {
  try {
    const schema = compileFormSchema(content.form as FormDefinition, { today });
    for (let i = 0; i < 3; i += 1) {
      const answers = answersFor(content.form as FormDefinition, random, { today, cccd: "002190012345", phone: "0912345678", name: "Lò Thị Mai", commune: { province: "02", district: "024", commune: "00688" } });
      if (!schema.safeParse(answers).success) return false;
    }
    return true;
  } catch {
    return false;
  }
}

interface Staff {
  count: number;
  byRole: Map<string, Official[]>;
  /** The routing officer of petitions (petition_handler at the control unit). */
  router: Official | null;
  /** A receiving officer of the province's centre, who imports the bank statements. */
  collector: Official | null;
}

/** Officials for every agency the sampled offerings use, invited and activated through the officials' use cases. */
async function staffAgencies(db: Db, random: Random, params: SimulationParameters, offerings: readonly Offering[], petitions: PetitionSettings, at: Date, origin: string): Promise<Staff> {
  const receivers = new Set(offerings.map((o) => o.agencyId));
  const deciders = new Set(offerings.map((o) => o.deciderId));
  const control = await db.selectFrom("agencies").select("id").where("code", "=", petitions.controlUnitCode).executeTakeFirst();
  const plan = new Map<string, Map<OfficialRole, number>>();
  const want = (agencyId: string, role: OfficialRole, n: number) => {
    const roles = plan.get(agencyId) ?? new Map<OfficialRole, number>();
    roles.set(role, Math.max(roles.get(role) ?? 0, n));
    plan.set(agencyId, roles);
  };
  for (const a of receivers) {
    want(a, "receiving_officer", params.staff.receivingOfficers);
    want(a, "handler", params.staff.handlers);
    want(a, "approver", params.staff.approvers);
    want(a, "petition_handler", params.staff.petitionHandlers);
  }
  for (const a of deciders) {
    want(a, "handler", params.staff.handlers);
    want(a, "approver", params.staff.approvers);
    want(a, "receiving_officer", 1);
    want(a, "petition_handler", params.staff.petitionHandlers);
  }
  if (control) want(control.id, "petition_handler", 1);
  const centre = await db.selectFrom("agencies").select("id").where("code", "=", "000.01.01.H22").executeTakeFirst();
  if (centre) want(centre.id, "receiving_officer", params.staff.receivingOfficers);

  const byRole = new Map<string, Official[]>();
  let count = 0;
  const invitations = { async sendInvitation() {} };
  const activation = { passwordProblem: () => null, hashPassword: async () => "!simulated-official-no-password" };
  for (const [agencyId, roles] of [...plan].sort(([a], [b]) => a.localeCompare(b))) {
    for (const [role, n] of roles) {
      for (let i = 0; i < n; i += 1) {
        const name = randomName(random);
        const email = `can-bo-${count + 1}-${newId(at.getTime()).slice(-12)}@${SIMULATION_EMAIL_DOMAIN}`;
        const invited = await inviteAdministratorFromConsole(db, invitations, { fullName: name, email, agencyId, roles: [role], baseUrl: origin, now: at });
        if (!invited.ok) throw new Error(`could not create a simulated official: ${JSON.stringify(invited)}`);
        const token = invited.link.slice(invited.link.lastIndexOf("/") + 1);
        const accepted = await acceptInvitation(db, activation, { token, password: "not-used", now: at });
        if (!accepted.ok) throw new Error(`could not activate a simulated official: ${JSON.stringify(accepted)}`);
        const actor: Official = { kind: "official", userId: invited.userId, roles: [{ agencyId, role }] };
        const key = `${agencyId}|${role}`;
        byRole.set(key, [...(byRole.get(key) ?? []), actor]);
        count += 1;
      }
    }
  }
  const first = (agencyId: string | undefined, role: OfficialRole) => (agencyId ? (byRole.get(`${agencyId}|${role}`)?.[0] ?? null) : null);
  return { count, byRole, router: first(control?.id, "petition_handler"), collector: first(centre?.id, "receiving_officer") };
}

const FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vàng", "Giàng", "Lò", "Sùng", "Đặng", "Lục", "Nông", "Ma", "Hầu"];
const MIDDLE = ["Văn", "Thị", "Minh", "Đức", "Thu", "A", "Seo", "Mí", "Quang", "Ngọc"];
const GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Hùng", "Lan", "Mai", "Páo", "Sính", "Tú", "Vân", "Xuân", "Chứ", "Dính"];
function randomName(random: Random) {
  return `${random.pick(FAMILY)} ${random.pick(MIDDLE)} ${random.pick(GIVEN)}`;
}
