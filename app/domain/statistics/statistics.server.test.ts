import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../platform/db.server";
import { newId } from "../../platform/ids.server";
import { engines } from "../../../db/testing";
import { insertCitizen, provinceDatabase, type FixtureVersion, type Province } from "../dossiers/back-office.fixture.server";
import { addDays, vietnamDayOf, isoOfDay, weekdayOf } from "../calendar/days";
import { DRILL_MEASURES, type DossierFigures, type StatisticsFilter } from "./report";
import { catalogCounts, dossiersBehind, rebuildStatistics, refreshStatistics, statisticsOptions, statisticsReport } from "./statistics.server";

// The statistics on a small hand-made history (the raw rows are written here: dossiers, their events, payments,
// documents, signatures, ratings, petitions) whose right answers are worked out below for October 2026; then changes
// taken in by the incremental refresh, which must equal a rebuild and an independent recount from the raw rows.

const NOW = new Date("2026-12-01T03:00:00Z");
const at = (day: string, hour = 3) => `${day}T${String(hour).padStart(2, "0")}:00:00.000Z`;
const vnDay = (iso: string) => isoOfDay(vietnamDayOf(Date.parse(iso)));

interface Spec {
  name: string;
  agency: "justice" | "centre";
  version: "record" | "birth";
  channel: "online" | "in_person" | "post";
  status: number;
  receivedAt: string;
  acceptedAt: string | null;
  /** The due date at acceptance (the accept event's note) and the current one. */
  originalDueAt?: string | null;
  dueAt?: string | null;
  rescheduledDueAt?: string | null;
  resultReadyAt?: string | null;
  /** Events after acceptance: [iso, statusTo]. */
  later?: [string, number][];
  updatedAt: string;
}

const OCT: StatisticsFilter = { from: "2026-10-01", to: "2026-10-31", agencyId: null, field: null, procedureCode: null, channel: null, onlineLevel: null };

describe.each(engines)("statistics on %s", (engine: Engine) => {
  let p: Province;
  let owner: string;
  const ids: Record<string, string> = {};
  let seq = 0;
  let fileA: string;

  async function insert(spec: Spec) {
    const id = newId();
    seq += 1;
    ids[spec.name] = id;
    const version: FixtureVersion = spec.version === "record" ? p.record : p.birth;
    const agencyId = spec.agency === "justice" ? p.justice : p.centre;
    const events: [string, number | null, number, string | null][] = [[spec.receivedAt, null, 1, null]];
    if (spec.acceptedAt) events.push([spec.acceptedAt, 1, 2, JSON.stringify({ dueAt: spec.originalDueAt ?? spec.dueAt ?? null })]);
    let prev = spec.acceptedAt ? 2 : 1;
    for (const [when, to] of spec.later ?? []) {
      events.push([when, prev, to, null]);
      prev = to;
    }
    await p.db
      .insertInto("dossiers")
      .values({
        id,
        code: `STAT-${String(seq).padStart(4, "0")}`,
        agency_id: agencyId,
        procedure_id: version.procedureId,
        procedure_code: version.code,
        procedure_version_id: version.id,
        owner_user_id: owner,
        owner_organisation_id: null,
        applicant: "{}",
        answers: "{}",
        channel: spec.channel,
        status: spec.status,
        received_at: spec.receivedAt,
        acceptance_due_at: null,
        due_at: spec.dueAt ?? null,
        version: events.length,
        idempotency_key: id,
        created_at: spec.receivedAt,
        updated_at: spec.updatedAt,
        accepted_at: spec.acceptedAt,
        current_agency_id: agencyId,
        result_ready_at: spec.resultReadyAt ?? null,
        rescheduled_due_at: spec.rescheduledDueAt ?? null,
      })
      .execute();
    for (const [when, from, to, note] of events) {
      await p.db
        .insertInto("dossier_events")
        .values({ id: newId(), dossier_id: id, at: when, status_from: from, status_to: to, actor_type: "official", actor_id: null, agency_id: agencyId, note_key: null, note_params: note, clock: to === 5 || to === 6 ? "pause" : from === 5 || from === 6 ? "resume" : null })
        .execute();
    }
    return id;
  }

  async function transition(name: string, when: string, to: number, set: Record<string, unknown> = {}) {
    const row = await p.db.selectFrom("dossiers").select(["status", "version"]).where("id", "=", ids[name]!).executeTakeFirstOrThrow();
    await p.db
      .insertInto("dossier_events")
      .values({ id: newId(), dossier_id: ids[name]!, at: when, status_from: row.status, status_to: to, actor_type: "official", actor_id: null, agency_id: null, note_key: null, note_params: null, clock: null })
      .execute();
    await p.db
      .updateTable("dossiers")
      .set({ status: to, version: row.version + 1, updated_at: new Date().toISOString(), ...set })
      .where("id", "=", ids[name]!)
      .execute();
  }

  async function payment(name: string, state: "paid" | "pending", provider: "vnpay" | "vietqr" | "counter" | null, total: number, updatedAt: string) {
    const requestId = newId();
    await p.db
      .insertInto("payment_requests")
      .values({ id: requestId, dossier_id: ids[name]!, mode: "pay_later", state, lines: "[]", total, payer_name: "Lò Thị Mai", note: null, pay_by: null, requested_at: updatedAt, requested_by: null, paid_at: null, paid_attempt_id: null, cancelled_at: null, cancelled_by: null, cancel_reason: null, version: 1, updated_at: updatedAt })
      .execute();
    if (provider) {
      const attemptId = newId();
      await p.db
        .insertInto("payment_attempts")
        .values({ id: attemptId, request_id: requestId, reference: `R${seq}${Math.floor(Math.random() * 1e6)}`.slice(0, 20), provider, amount: total, state: "paid", late: 0, created_at: updatedAt, expires_at: updatedAt, checks: 0, version: 1, paid_at: updatedAt })
        .execute();
      await p.db.updateTable("payment_requests").set({ paid_attempt_id: attemptId, paid_at: updatedAt }).where("id", "=", requestId).execute();
    }
  }

  async function document(name: string, fileId: string, index = 0) {
    await p.db.insertInto("dossier_documents").values({ id: newId(), dossier_id: ids[name]!, document_index: index, document_name: "Tờ khai", file_id: fileId, position: 0 }).execute();
  }

  async function newFile(createdAt: string) {
    const id = newId();
    await p.db
      .insertInto("files")
      .values({ id, sha256: "0".repeat(64), size_bytes: 10, media_type: "application/pdf", original_name: "a.pdf", owner_user_id: owner, owner_organisation_id: null, source: "upload", signature_status: "none", created_at: createdAt, deleted_at: null })
      .execute();
    return id;
  }

  async function rate(name: string, level: "very_satisfied" | "satisfied" | "unsatisfied", ratedAt: string) {
    await p.db
      .insertInto("dossier_ratings")
      .values({ id: newId(), dossier_id: ids[name]!, level, reason: level === "unsatisfied" ? "Chờ lâu" : null, criteria: null, channel: "portal", rated_by: null, petition_id: null, rated_at: ratedAt, editable_until: ratedAt, version: 1, updated_at: new Date().toISOString() })
      .execute();
  }

  let petitionSeq = 0;
  async function petition(receivedAt: string, agencyId: string, answer: { onTime: boolean } | null, rating: "satisfied" | "unsatisfied" | null, closeReason: "duplicate" | null = null) {
    petitionSeq += 1;
    await p.db
      .insertInto("petitions")
      .values({
        id: newId(),
        code: `PA-${petitionSeq}`,
        kind: "conduct",
        title: "Phản ánh",
        content: "Nội dung",
        contact_name: "Lò Thị Mai",
        contact_address: "Hà Giang",
        publish_consent: 0,
        show_name: 0,
        status: closeReason ? "closed" : answer ? "answered" : "forwarded",
        handling_agency_id: agencyId,
        received_at: receivedAt,
        forward_due_at: receivedAt,
        answered_at: answer ? receivedAt : null,
        answered_on_time: answer ? (answer.onTime ? 1 : 0) : null,
        rating,
        close_reason: closeReason,
        search: "",
        version: 1,
        updated_at: receivedAt,
      } as never)
      .execute();
  }

  beforeAll(async () => {
    p = await provinceDatabase(engine);
    owner = await insertCitizen(p.db);
    // The history (times at 03:00Z = 10:00 in Vietnam unless said).
    await insert({ name: "D1", agency: "justice", version: "record", channel: "online", status: 10, receivedAt: at("2026-09-28", 1), acceptedAt: at("2026-09-28"), dueAt: at("2026-10-05"), resultReadyAt: at("2026-10-02"), later: [[at("2026-09-29"), 4], [at("2026-10-02"), 9], [at("2026-10-03"), 10]], updatedAt: at("2026-10-03") });
    // Late by the hour but on time by the calendar date (§3.1).
    await insert({ name: "D2", agency: "justice", version: "record", channel: "in_person", status: 9, receivedAt: at("2026-10-02", 1), acceptedAt: at("2026-10-02"), dueAt: at("2026-10-09", 2), resultReadyAt: at("2026-10-09", 9), later: [[at("2026-10-05"), 4], [at("2026-10-09", 9), 9]], updatedAt: at("2026-10-09", 9) });
    // Late; the apology's new appointment does not move the statistics' due date.
    await insert({ name: "D3", agency: "justice", version: "birth", channel: "post", status: 10, receivedAt: at("2026-10-05", 1), acceptedAt: at("2026-10-05"), dueAt: at("2026-10-08"), rescheduledDueAt: at("2026-10-12"), resultReadyAt: at("2026-10-09"), later: [[at("2026-10-06"), 4], [at("2026-10-09"), 9], [at("2026-10-10"), 10]], updatedAt: at("2026-10-10") });
    // Waited for a supplementation 08→13/10: the clock stood still, the due date moved from 20/10 to 26/10; ready 23/10 is early.
    await insert({ name: "D4", agency: "justice", version: "record", channel: "online", status: 9, receivedAt: at("2026-10-06", 1), acceptedAt: at("2026-10-06"), originalDueAt: at("2026-10-20"), dueAt: at("2026-10-26"), resultReadyAt: at("2026-10-23"), later: [[at("2026-10-06", 4), 4], [at("2026-10-08"), 5], [at("2026-10-13"), 4], [at("2026-10-23"), 9]], updatedAt: at("2026-10-23") });
    await insert({ name: "D5", agency: "justice", version: "record", channel: "online", status: 4, receivedAt: at("2026-10-07", 1), acceptedAt: at("2026-10-07"), dueAt: at("2026-10-15"), later: [[at("2026-10-08"), 4]], updatedAt: at("2026-10-08") });
    await insert({ name: "D6", agency: "centre", version: "record", channel: "in_person", status: 4, receivedAt: at("2026-10-20", 1), acceptedAt: at("2026-10-20"), dueAt: at("2026-11-20"), later: [[at("2026-10-21"), 4]], updatedAt: at("2026-10-21") });
    await insert({ name: "D7", agency: "centre", version: "birth", channel: "online", status: 5, receivedAt: at("2026-10-21", 1), acceptedAt: at("2026-10-21"), dueAt: at("2026-11-30"), later: [[at("2026-10-22"), 4], [at("2026-10-25"), 5]], updatedAt: at("2026-10-25") });
    await insert({ name: "D8", agency: "justice", version: "record", channel: "online", status: 6, receivedAt: at("2026-10-22", 1), acceptedAt: at("2026-10-22"), dueAt: at("2026-11-25"), later: [[at("2026-10-23"), 4], [at("2026-10-28"), 6]], updatedAt: at("2026-10-28") });
    await insert({ name: "D9", agency: "justice", version: "record", channel: "online", status: 7, receivedAt: at("2026-10-09", 1), acceptedAt: at("2026-10-09"), dueAt: at("2026-10-20"), later: [[at("2026-10-10"), 4], [at("2026-10-12"), 7]], updatedAt: at("2026-10-12") });
    await insert({ name: "D10", agency: "justice", version: "record", channel: "in_person", status: 8, receivedAt: at("2026-10-10", 1), acceptedAt: at("2026-10-10"), dueAt: at("2026-10-30"), later: [[at("2026-10-12"), 4], [at("2026-10-14"), 8]], updatedAt: at("2026-10-14") });
    // Never accepted: not counted.
    await insert({ name: "D11", agency: "justice", version: "record", channel: "online", status: 1, receivedAt: at("2026-10-15"), acceptedAt: null, updatedAt: at("2026-10-15") });
    await insert({ name: "D12", agency: "justice", version: "record", channel: "online", status: 3, receivedAt: at("2026-10-16"), acceptedAt: null, later: [[at("2026-10-17"), 3]], updatedAt: at("2026-10-17") });
    await insert({ name: "D13", agency: "centre", version: "record", channel: "in_person", status: 4, receivedAt: at("2026-09-10", 1), acceptedAt: at("2026-09-10"), dueAt: at("2026-09-25"), later: [[at("2026-09-11"), 4]], updatedAt: at("2026-09-11") });
    await insert({ name: "D14", agency: "justice", version: "record", channel: "online", status: 4, receivedAt: at("2026-11-02", 1), acceptedAt: at("2026-11-02"), dueAt: at("2026-11-10"), later: [[at("2026-11-03"), 4]], updatedAt: at("2026-11-03") });
    await payment("D2", "paid", "vnpay", 50_000, at("2026-10-03"));
    await payment("D6", "paid", "counter", 20_000, at("2026-10-21"));
    await payment("D8", "pending", null, 30_000, at("2026-10-28"));
    fileA = await newFile(at("2026-09-27"));
    await document("D1", fileA);
    await document("D2", await newFile(at("2026-10-01")));
    // D4 reuses the file D1 carried (from the applicant's wallet).
    await document("D4", fileA);
    await p.db
      .insertInto("result_signatures")
      .values({ code: "KQ-0001", dossier_id: ids.D3!, issued_document_id: null, agency_id: p.justice, sha256: "1".repeat(64), document_name: "Kết quả", signer_subject: "CN=Sở Tư pháp", signed_at: at("2026-10-09") })
      .execute();
    await rate("D1", "very_satisfied", at("2026-10-05"));
    await rate("D2", "unsatisfied", at("2026-10-12"));
    await rate("D3", "satisfied", at("2026-11-01"));
    await petition(at("2026-10-03"), p.justice, { onTime: true }, "satisfied");
    await petition(at("2026-10-04"), p.justice, { onTime: false }, "unsatisfied");
    await petition(at("2026-10-05"), p.centre, null, null);
    await petition(at("2026-10-06"), p.justice, null, null, "duplicate");
    await petition(at("2026-11-06"), p.justice, { onTime: true }, null);
  });

  afterAll(async () => {
    await p?.close();
  });

  // ---------------------------------------------------------------------------------------------------------------
  // The independent recount: §3.1's predicates applied to the raw rows, by another path than the facts.
  // ---------------------------------------------------------------------------------------------------------------
  async function recount(filter: StatisticsFilter, agencyIds: Set<string> | null): Promise<DossierFigures> {
    const dossiers = await p.db.selectFrom("dossiers").selectAll().execute();
    const events = await p.db.selectFrom("dossier_events").selectAll().orderBy("at").execute();
    const payments = await p.db.selectFrom("payment_requests as r").leftJoin("payment_attempts as a", "a.id", "r.paid_attempt_id").select(["r.dossier_id", "r.state", "r.total", "a.provider"]).execute();
    const docs = await p.db.selectFrom("dossier_documents").select(["dossier_id", "file_id"]).execute();
    const signed = new Set((await p.db.selectFrom("result_signatures").select("dossier_id").execute()).map((r) => r.dossier_id));
    const holidays = new Set((await p.db.selectFrom("calendar_days").select(["date", "kind"]).where("removed_at", "is", null).execute()).filter((d) => d.kind === "non_working").map((d) => d.date));
    const working = (a: string, b: string) => {
      let n = 0;
      for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (weekdayOf(d) <= 5 && !holidays.has(d)) n++;
      return n;
    };
    const f: DossierFigures = Object.fromEntries(Object.keys(OCT_EXPECTED).map((k) => [k, 0])) as unknown as DossierFigures;
    const { from, to } = filter;
    for (const d of dossiers) {
      if (agencyIds && !agencyIds.has(d.agency_id)) continue;
      if (d.status === 1 || d.status === 3 || !d.accepted_at) continue;
      const accepted = vnDay(d.accepted_at);
      const mine = events.filter((e) => e.dossier_id === d.id);
      const endedAt = d.status === 9 || d.status === 10 ? d.result_ready_at : d.status === 7 || d.status === 8 ? (mine.filter((e) => e.status_to === d.status).pop()?.at ?? null) : null;
      const ended = endedAt ? vnDay(endedAt) : null;
      const due = d.due_at ? vnDay(d.due_at) : null;
      if (accepted < from && (ended === null || ended >= from)) f.carriedOver++;
      if (accepted >= from && accepted <= to) {
        f.received++;
        if (d.channel === "online") f.receivedOnline++;
        if (d.channel === "in_person") f.receivedInPerson++;
        if (d.channel === "post") f.receivedPost++;
        const pay = payments.filter((x) => x.dossier_id === d.id && x.state !== "cancelled" && Number(x.total) > 0);
        if (pay.length > 0) f.withFees++;
        if (pay.some((x) => x.state === "paid" && (x.provider === "vnpay" || x.provider === "vietqr"))) f.paidOnline++;
        const mineDocs = docs.filter((x) => x.dossier_id === d.id);
        if (mineDocs.length > 0) f.digitisedAtIntake++;
        if (mineDocs.some((x) => docs.some((o) => o.file_id === x.file_id && o.dossier_id !== d.id && dossiers.find((dd) => dd.id === o.dossier_id)!.created_at < d.created_at))) f.reusedFromWallet++;
      }
      if ((d.status === 9 || d.status === 10) && ended && ended >= from && ended <= to) {
        f.resolved++;
        if (due && ended < due) f.resolvedEarly++;
        else if (!due || ended === due) f.resolvedOnTime++;
        else f.resolvedLate++;
        if (signed.has(d.id)) f.resultsElectronic++;
        f.resolutionWorkingDaysSum += working(accepted, ended);
      }
      if (accepted <= to && (ended === null || ended > to)) {
        f.inProgress++;
        if (due && due < to) f.inProgressOverdue++;
        else f.inProgressWithinLimit++;
        // The status at the end of `to`: the last event on or before that day.
        const last = mine.filter((e) => vnDay(e.at) <= to).pop();
        if (last?.status_to === 5) f.waitingSupplement++;
        if (last?.status_to === 6) f.waitingPayment++;
      }
      if (d.status === 7 && ended && ended >= from && ended <= to) f.withdrawn++;
      if (d.status === 8 && ended && ended >= from && ended <= to) f.refused++;
    }
    return f;
  }

  const OCT_EXPECTED: DossierFigures = {
    carriedOver: 2, // D1 (accepted 28/09), D13
    received: 9, // D2–D10
    receivedOnline: 5, // D4, D5, D7, D8, D9
    receivedInPerson: 3, // D2, D6, D10
    receivedPost: 1, // D3
    resolved: 4, // D1, D2, D3, D4
    resolvedEarly: 2, // D1 (2/10 < 5/10), D4 (23/10 < 26/10, the due date moved by the paused clock)
    resolvedOnTime: 1, // D2 (9/10 16:00 against 9/10 09:00: the same date)
    resolvedLate: 1, // D3 (9/10 > 8/10; the apology's 12/10 does not count)
    inProgress: 5, // D5, D6, D7, D8, D13
    inProgressWithinLimit: 3, // D6, D7, D8
    inProgressOverdue: 2, // D5 (15/10), D13 (25/09)
    waitingSupplement: 1, // D7
    waitingPayment: 1, // D8
    withdrawn: 1, // D9
    refused: 1, // D10
    withFees: 3, // D2, D6, D8
    paidOnline: 1, // D2 (VNPay); D6 paid at the counter
    digitisedAtIntake: 2, // D2, D4 (D1 was received in September)
    reusedFromWallet: 1, // D4
    resultsElectronic: 1, // D3
    resolutionWorkingDaysSum: 26, // D1 4 (29/9–2/10), D2 5 (5–9/10), D3 4 (6–9/10), D4 13 (7/10–23/10)
  };

  it("counts each statistic of October 2026 as worked out by hand", async () => {
    const refreshed = await refreshStatistics(p.db, { now: NOW });
    expect(refreshed.changed).toBe(12);
    const r = await statisticsReport(p.db, OCT, { now: NOW });
    expect(r.figures).toEqual(OCT_EXPECTED);
    expect(r.asOf).toBe(NOW.toISOString());
    expect(await recount(OCT, null)).toEqual(OCT_EXPECTED);
    // By channel and online level add up; by month is October itself.
    expect(r.byChannel.map((b) => [b.key, b.figures.received])).toEqual([["online", 5], ["in_person", 3], ["post", 1]]);
    expect(r.byOnlineLevel.reduce((a, b) => a + b.figures.received, 0)).toBe(9);
    expect(r.byMonth).toEqual([{ key: "2026-10", label: "10/2026", figures: OCT_EXPECTED }]);
    // Durations: average and 90th percentile per procedure (record: 4, 5, 13; birth: 4).
    const record = r.durations.find((d) => d.procedureCode === p.record.code)!;
    expect(record).toMatchObject({ resolved: 3, averageWorkingDays: 7.3, p90WorkingDays: 13 });
    expect(r.durations.find((d) => d.procedureCode === p.birth.code)).toMatchObject({ resolved: 1, averageWorkingDays: 4, p90WorkingDays: 4 });
    // Ratings given in October: D1 very satisfied, D2 unsatisfied (D3's is in November).
    expect(r.ratings).toMatchObject({ rated: 2, verySatisfied: 1, satisfied: 0, unsatisfied: 1 });
    // Petitions received in October (the duplicate closed without an answer is not counted).
    expect(r.petitions).toEqual({ received: 3, answeredOnTime: 1, answeredLate: 1, pending: 1, satisfied: 1, unsatisfied: 1 });
    // Decision 766 components.
    const component = (id: string) => r.index766.find((c) => c.id === id)!;
    expect(component("resolvedOnTime")).toMatchObject({ numerator: 3, denominator: 4, value: 0.75, formulaKey: "formula.resolvedOnTime" });
    expect(component("filedOnline")).toMatchObject({ numerator: 5, denominator: 9 });
    expect(component("paidOnline")).toMatchObject({ numerator: 1, denominator: 3 });
    expect(component("ratingsSatisfied")).toMatchObject({ numerator: 1, denominator: 2 });
    expect(component("petitionsOnTime")).toMatchObject({ numerator: 1, denominator: 2, value: 0.5 });
    expect(component("petitionsSatisfied")).toMatchObject({ numerator: 1, denominator: 2, value: 0.5 });
    expect(r.unmeasured.map((u) => u.id)).toContain("dvcqgSync");
  });

  const justiceReceived = (n: number) => Math.min(n, 7);

  it("reads a node of the agency tree: the agency and every agency under it", async () => {
    const justice = await statisticsReport(p.db, { ...OCT, agencyId: p.justice }, { now: NOW });
    expect(justice.figures).toEqual(await recount(OCT, new Set([p.justice])));
    expect(justice.figures).toMatchObject({ carriedOver: 1, received: 7, inProgress: 2, inProgressOverdue: 1 });
    const { agencies } = await statisticsOptions(p.db, { now: NOW });
    const parentOf = new Map(agencies.map((a) => [a.id, a.parentId]));
    const parent = parentOf.get(p.justice);
    if (parent) {
      const under = new Set<string>();
      for (const a of agencies) for (let c: string | null | undefined = a.id; c; c = parentOf.get(c)) if (c === parent) under.add(a.id);
      const node = await statisticsReport(p.db, { ...OCT, agencyId: parent }, { now: NOW });
      expect(node.figures).toEqual(await recount(OCT, under));
      expect(node.byAgency.find((b) => b.key === p.justice)?.figures).toEqual(justice.figures);
    }
    // Filters on a procedure, a field, a channel or a level read the cube of every dimension: they add up too.
    const parts = await Promise.all(
      [{ procedureCode: p.record.code }, { procedureCode: p.birth.code }, { channel: "online" as const }, { channel: "in_person" as const }, { channel: "post" as const }].map((f) =>
        statisticsReport(p.db, { ...OCT, ...f }, { now: NOW }),
      ),
    );
    const [record, birth, online, inPerson, post] = parts.map((r) => r.figures);
    for (const key of ["received", "carriedOver", "inProgress", "resolvedLate", "waitingSupplement"] as const) {
      expect(record![key] + birth![key], key).toBe(OCT_EXPECTED[key]);
      expect(online![key] + inPerson![key] + post![key], key).toBe(OCT_EXPECTED[key]);
    }
    const fieldCode = parts[0]!.byField[0]!.key;
    const field = await statisticsReport(p.db, { ...OCT, field: fieldCode, agencyId: p.justice }, { now: NOW });
    expect(field.figures.received).toBeLessThanOrEqual(justiceReceived(parts[0]!.byField[0]!.figures.received));
    expect(parts[0]!.durations.map((d) => d.procedureCode)).toEqual([p.record.code]);
    // The province's breakdown by agency adds up to the province.
    const province = await statisticsReport(p.db, OCT, { now: NOW });
    expect(province.byAgency.reduce((a, b) => a + b.figures.received, 0)).toBe(9);
    expect(province.byAgency.reduce((a, b) => a + b.figures.inProgress, 0)).toBe(5);
  });

  it("takes whole months from the monthly rollup and the edge days from the daily one", async () => {
    const edges: StatisticsFilter = { ...OCT, from: "2026-09-29", to: "2026-11-02" };
    const r = await statisticsReport(p.db, edges, { now: NOW });
    expect(r.figures).toEqual(await recount(edges, null));
    expect(r.figures).toMatchObject({ carriedOver: 2, received: 10, resolved: 4, inProgress: 6, inProgressOverdue: 2 });
    expect(r.ratings.rated).toBe(3);
    expect(r.byMonth.map((m) => m.key)).toEqual(["2026-09", "2026-10", "2026-11"]);
    expect(r.byMonth.reduce((a, m) => a + m.figures.received, 0)).toBe(10);
    // Each month's stocks follow on: in progress at the end of a month is carried over into the next.
    expect(r.byMonth[1]!.figures.carriedOver).toBe(r.byMonth[0]!.figures.inProgress);
    expect(r.byMonth[2]!.figures.inProgress).toBe(r.figures.inProgress);
    for (const period of [
      { from: "2026-10-09", to: "2026-10-09" },
      { from: "2026-10-13", to: "2026-10-27" },
      { from: "2026-09-01", to: "2026-11-30" },
      { from: "2026-10-31", to: "2026-11-01" },
    ]) {
      const filter = { ...OCT, ...period };
      expect((await statisticsReport(p.db, filter, { now: NOW })).figures, JSON.stringify(period)).toEqual(await recount(filter, null));
    }
  });

  async function checkBehind(filter: StatisticsFilter) {
    const r = await statisticsReport(p.db, filter, { now: NOW });
    for (const measure of DRILL_MEASURES) {
      const behind = await dossiersBehind(p.db, { agencyIds: "all" }, filter, measure, { page: 1, pageSize: 100 }, { now: NOW });
      expect(behind.total, measure).toBe(r.figures[measure]);
      expect(behind.rows.length, measure).toBe(r.figures[measure]);
    }
  }

  it("lists the dossiers behind every figure, as many as the figure counts", async () => {
    await checkBehind(OCT);
    await checkBehind({ ...OCT, agencyId: p.justice });
    await checkBehind({ ...OCT, from: "2026-09-29", to: "2026-11-02" });
    const overdue = await dossiersBehind(p.db, { agencyIds: "all" }, OCT, "inProgressOverdue", { page: 1, pageSize: 10 }, { now: NOW });
    expect(overdue.rows.map((r) => r.code).sort()).toEqual(["STAT-0005", "STAT-0013"]);
    // An official's scope: only the agencies they work in.
    const scoped = await dossiersBehind(p.db, { agencyIds: new Set([p.centre]) }, OCT, "inProgressOverdue", { page: 1, pageSize: 10 }, { now: NOW });
    expect(scoped.rows.map((r) => r.code)).toEqual(["STAT-0013"]);
  });

  async function rollupRows() {
    const clean = (rows: Record<string, unknown>[]) =>
      rows
        .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : v])))
        .filter((r) => Object.entries(r).some(([k, v]) => typeof v === "number" && v !== 0 && k !== "bucket"))
        .map((r) => JSON.stringify(r))
        .sort();
    return {
      daily: clean(await p.db.selectFrom("stat_daily").selectAll().execute()),
      monthly: clean(await p.db.selectFrom("stat_monthly").selectAll().execute()),
      dDaily: clean(await p.db.selectFrom("stat_durations_daily").selectAll().execute()),
      dMonthly: clean(await p.db.selectFrom("stat_durations_monthly").selectAll().execute()),
    };
  }

  it("takes in each change incrementally, as a rebuild and a recount from the raw rows do", async () => {
    const check = async (label: string) => {
      await refreshStatistics(p.db, { now: NOW });
      const incremental = await rollupRows();
      for (const filter of [OCT, { ...OCT, from: "2026-09-29", to: "2026-11-02" }, { ...OCT, agencyId: p.justice }]) {
        const ids = filter.agencyId ? new Set([filter.agencyId]) : null;
        expect((await statisticsReport(p.db, filter, { now: NOW })).figures, label).toEqual(await recount(filter, ids));
      }
      return incremental;
    };
    // D5 gets its result late (due 15/10, ready 20/10).
    await transition("D5", at("2026-10-20"), 9, { result_ready_at: at("2026-10-20") });
    await check("D5 resolved");
    expect((await statisticsReport(p.db, OCT, { now: NOW })).figures).toMatchObject({ resolved: 5, resolvedLate: 2, inProgress: 4, inProgressOverdue: 1 });
    // D8's fees are paid by VietQR and the dossier goes on (6 → 4).
    await payment("D8", "paid", "vietqr", 30_000, new Date().toISOString());
    await transition("D8", at("2026-10-30"), 4);
    await check("D8 paid");
    expect((await statisticsReport(p.db, OCT, { now: NOW })).figures).toMatchObject({ paidOnline: 2, waitingPayment: 0 });
    // D4 is rated; D7's applicant withdraws while supplementing.
    await rate("D4", "satisfied", at("2026-10-25"));
    await transition("D7", at("2026-10-29"), 7);
    await check("D4 rated, D7 withdrawn");
    expect((await statisticsReport(p.db, OCT, { now: NOW })).figures).toMatchObject({ withdrawn: 2, waitingSupplement: 0 });
    // A dossier moves to another procedure version's field (dimensions change): the old row is taken out.
    await p.db.updateTable("dossiers").set({ procedure_version_id: p.birth.id, procedure_code: p.birth.code, procedure_id: p.birth.procedureId, version: 99, updated_at: new Date().toISOString() }).where("id", "=", ids.D6!).execute();
    const incremental = await check("D6 re-dimensioned");
    // Nothing changed: nothing to do.
    expect((await refreshStatistics(p.db, { now: NOW })).changed).toBe(0);
    // The rebuild gives the same rollups.
    const before = await statisticsReport(p.db, OCT, { now: NOW });
    const rebuilt = await rebuildStatistics(p.db, { now: NOW, batchSize: 3 });
    expect(rebuilt).toMatchObject({ dossiers: 14, facts: 12 });
    expect(await rollupRows()).toEqual(incremental);
    expect(await statisticsReport(p.db, OCT, { now: NOW })).toEqual(before);
    expect((await refreshStatistics(p.db, { now: NOW })).changed).toBe(0);
  });

  it("counts the catalog's offerings by online level per agency", async () => {
    const counts = await catalogCounts(p.db, { now: NOW });
    const offerings = await p.db
      .selectFrom("procedure_offerings as o")
      .innerJoin("procedure_versions as v", "v.id", "o.version_id")
      .select(["o.online_level"])
      .where("v.state", "=", "published")
      .where("v.status", "=", "in_force")
      .execute();
    expect(counts.reduce((a, c) => a + c.full + c.partial + c.info, 0)).toBe(offerings.length);
    expect(counts.reduce((a, c) => a + c.full, 0)).toBe(offerings.filter((o) => o.online_level === "FULL").length);
  });
});
