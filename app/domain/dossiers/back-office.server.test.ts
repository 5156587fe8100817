import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OfficialRole } from "../../../db/schema";
import { engines } from "../../../db/testing";
import type { Db } from "../../platform/db.server";
import { newId } from "../../platform/ids.server";
import { act as actOn, capturingServices, citizenActor as citizen, dossierRow, fileOnline, insertCitizen, insertUpload, NOW, officialAt, provinceDatabase, realServices, type Province } from "./back-office.fixture.server";
import { applyAction, type ApplyInput, type EngineActor } from "./back-office.server";
import { pdfText } from "./pdf-text.test-helper";

// The back-office engine on both databases (issue 6): the path of a dossier from acceptance to the returned result,
// who may act, stale versions, two officials at once, the clock through a supplementation across a holiday.

const at = (iso: string) => new Date(iso);

describe.each(engines)("back office on %s", (engine) => {
  let p: Province;
  let db: Db;
  let centre: string; // 000.01.01.H22: receives the judicial record procedure
  let justice: string; // 000.00.03.H22: decides it
  let other: string; // an unrelated agency
  const services = capturingServices();
  const { forms, notices } = services;
  const settings = {};
  beforeAll(async () => {
    p = await provinceDatabase(engine);
    ({ db, centre, justice, other } = p);
  });
  afterAll(() => p.close());

  const official = (agencyId: string, ...roles: OfficialRole[]) => officialAt(db, agencyId, roles);
  const file = (ownerUserId: string) => insertUpload(db, ownerUserId);
  const submit = (now = NOW) => fileOnline(p, { now });
  const dossier = (id: string) => dossierRow(db, id);
  const act = (actor: EngineActor, id: string, action: ApplyInput["action"], params: unknown = {}, now = NOW) => actOn(db, services, actor, id, action, params, now);
  // In order of time; at the same instant the submission (no status before) comes first.
  const events = async (id: string) =>
    (await db.selectFrom("dossier_events").selectAll().where("dossier_id", "=", id).execute()).sort((a, b) => a.at.localeCompare(b.at) || (a.status_from ?? 0) - (b.status_from ?? 0));
  const steps = (id: string) => db.selectFrom("dossier_steps").selectAll().where("dossier_id", "=", id).orderBy("seq").execute();

  it("takes a dossier from acceptance to the result in the applicant's wallet, one history row and one step per hand-over", async () => {
    const { owner, id } = await submit();
    const receiver = await official(centre, "receiving_officer");
    const handler = await official(justice, "handler");
    const approver = await official(justice, "approver");

    expect(await act(receiver, id, "accept")).toMatchObject({ ok: true, status: 2 });
    let d = await dossier(id);
    // 10 working days from Tuesday 1 December 09:00: Tuesday 15 December 09:00.
    expect(d).toMatchObject({ status: 2, accepted_at: NOW.toISOString(), due_at: "2026-12-15T02:00:00.000Z", waiting_for: "receiving_officer", current_agency_id: centre, step_index: 0, version: 2 });
    expect(forms.at(-1)).toMatchObject({ dossierId: id, kind: "receipt" });
    expect(notices.at(-1)).toMatchObject({ dossierId: id, kind: "accepted" });

    expect(await act(receiver, id, "forward", {}, at("2026-12-01T03:00:00Z"))).toMatchObject({ ok: true, status: 4 });
    d = await dossier(id);
    expect(d).toMatchObject({ waiting_for: "handler", current_agency_id: justice, step_index: 1, assignee_id: null });

    // The handler cannot approve (the approve step comes after), the approver cannot take the handle step's work.
    expect(await act(handler, id, "approve", { result: { sha256: "c".repeat(64), sizeBytes: 10, mediaType: "application/pdf", fileName: "kq.pdf" } })).toMatchObject({ ok: false, status: 409, message: "dossiers:actions.guards.atDecisionStep" });
    expect(await act(approver, id, "forward")).toMatchObject({ ok: false, status: 403 });

    expect(await act(handler, id, "forward", { note: "Đã xác minh" }, at("2026-12-03T03:00:00Z"))).toMatchObject({ ok: true, status: 4 });
    expect(await dossier(id)).toMatchObject({ waiting_for: "approver", step_index: 2 });
    const asked = services.signed.length;
    // The handler's refused attempt above asked nothing to be signed: the engine signs only for an approval it allows.
    expect(services.signed.filter((s) => s.dossierId === id)).toHaveLength(0);
    expect(await act(approver, id, "approve", { result: { sha256: "c".repeat(64), sizeBytes: 10, mediaType: "application/pdf", fileName: "ket-qua.pdf" } }, at("2026-12-04T03:00:00Z"))).toMatchObject({ ok: true, status: 9 });
    // Signed for the deciding agency, and the code recorded with the issued result for the public page.
    expect(services.signed.slice(asked)).toMatchObject([{ dossierId: id, agencyId: justice, result: { sha256: "c".repeat(64), fileName: "ket-qua.pdf" } }]);
    const issued = await db.selectFrom("dossier_issued_documents").selectAll().where("dossier_id", "=", id).where("kind", "=", "result").executeTakeFirstOrThrow();
    expect(await db.selectFrom("result_signatures").selectAll().where("dossier_id", "=", id).execute()).toEqual([
      { code: `TEST${String(asked + 1).padStart(8, "0")}`, dossier_id: id, issued_document_id: issued.id, agency_id: justice, sha256: "c".repeat(64), document_name: "ket-qua.pdf", signer_subject: "C=VN, CN=Cơ quan thử nghiệm", signed_at: "2026-12-04T03:00:00.000Z" },
    ]);
    d = await dossier(id);
    expect(d).toMatchObject({ waiting_for: "receiving_officer", current_agency_id: centre, step_index: 3, result_ready_at: "2026-12-04T03:00:00.000Z" });
    expect(notices.at(-1)).toMatchObject({ kind: "resultReady" });

    expect(await act(receiver, id, "returnResult", { channel: "online" }, at("2026-12-04T04:00:00Z"))).toMatchObject({ ok: true, status: 10 });
    d = await dossier(id);
    expect(d).toMatchObject({ status: 10, returned_at: "2026-12-04T04:00:00.000Z", return_channel: "online", waiting_for: null, step_id: null });
    // The control sheet (Mẫu 05) is stored when the dossier ends.
    expect(forms.filter((f) => f.dossierId === id).map((f) => f.kind)).toEqual(["receipt", "control_sheet"]);
    const wallet = await db.selectFrom("files").selectAll().where("owner_user_id", "=", owner).where("source", "=", "result").execute();
    expect(wallet).toHaveLength(1);
    expect(wallet[0]).toMatchObject({ sha256: "c".repeat(64), original_name: "ket-qua.pdf" });

    expect((await events(id)).map((e) => [e.status_from, e.status_to, e.note_key])).toEqual([
      [null, 1, "history.submitted"],
      [1, 2, "history.accepted"],
      [2, 4, "history.forwarded"],
      [4, 4, "history.forwarded"],
      [4, 9, "history.approved"],
      [9, 10, "history.returned"],
    ]);
    const rows = await steps(id);
    expect(rows.map((s) => [s.role, s.outcome, s.result, s.ended_at !== null])).toEqual([
      ["receive", "forward", "on_time", true],
      ["handle", "forward", "early", true],
      ["approve", "approve", "on_time", true],
      ["return", "returnResult", "on_time", true],
    ]);
    expect(rows[1]).toMatchObject({ agency_id: justice, from_agency_id: centre, handled_by: handler.kind === "official" ? handler.userId : null });
  });

  it("refuses what the table forbids, what the role does not hold, other agencies, strangers, forged ids, stale versions", async () => {
    const { owner, id } = await submit();
    const receiver = await official(centre, "receiving_officer");
    const handler = await official(justice, "handler");
    const elsewhere = await official(other, "receiving_officer", "handler", "approver");
    const before = await dossier(id);

    expect(await act(handler, id, "accept")).toMatchObject({ ok: false, status: 404 }); // cannot even see it yet
    expect(await act(await official(centre, "handler"), id, "accept")).toMatchObject({ ok: false, status: 403 });
    expect(await act(elsewhere, id, "accept")).toMatchObject({ ok: false, status: 404 });
    expect(await act(citizen(await insertCitizen(db)), id, "withdraw")).toMatchObject({ ok: false, status: 404 });
    expect(await act(receiver, id, "returnResult", { channel: "online" })).toMatchObject({ ok: false, status: 409, message: "dossiers:actions.errors.notAllowedNow" });
    expect(await applyAction(db, services, settings, { actor: receiver, dossier: { id: newId() }, action: "accept", version: 1, params: {} })).toMatchObject({ ok: false, status: 404 });
    expect(await applyAction(db, services, settings, { actor: receiver, dossier: { id }, action: "accept", version: 99, params: {} })).toMatchObject({ ok: false, status: 409, message: "dossiers:actions.errors.stale" });
    expect(await applyAction(db, services, settings, { actor: receiver, dossier: { id }, action: "refuse", version: 1, params: { reasons: [], text: "", legalBasis: "" } })).toMatchObject({ ok: false, status: 400 });
    expect(await applyAction(db, services, settings, { actor: receiver, dossier: { id }, action: "nonsense" as never, version: 1, params: {} })).toMatchObject({ ok: false, status: 400 });
    // Nothing changed.
    expect(await dossier(id)).toEqual(before);
    expect(await events(id)).toHaveLength(1);

    // The applicant withdraws; then nothing more can be done.
    expect(await act(citizen(owner), id, "withdraw")).toMatchObject({ ok: true, status: 7 });
    expect(await act(receiver, id, "accept")).toMatchObject({ ok: false, status: 409 });
  });

  it("refuses with reasons and a legal basis (Mẫu 03)", async () => {
    const { id } = await submit();
    const receiver = await official(centre, "receiving_officer");
    const params = { reasons: ["notCompetent"], text: "Không thuộc thẩm quyền", legalBasis: "Điều 18 Nghị định 61/2018/NĐ-CP" };
    expect(await act(receiver, id, "refuse", params)).toMatchObject({ ok: true, status: 3 });
    const e = (await events(id)).find((r) => r.status_to === 3)!;
    expect(JSON.parse(e.note_params!)).toEqual(params);
    expect(forms.at(-1)).toMatchObject({ kind: "refusal", eventId: e.id });
    expect(await dossier(id)).toMatchObject({ waiting_for: null });
  });

  it("two officials accept at once: one wins, the other is told, history has one entry", async () => {
    const { id } = await submit();
    const a = await official(centre, "receiving_officer");
    const b = await official(centre, "receiving_officer");
    const results = await Promise.all([a, b].map((actor) => applyAction(db, services, settings, { actor, dossier: { id }, action: "accept", version: 1, params: {} })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, status: 409, message: "dossiers:actions.errors.stale" }]);
    expect((await events(id)).filter((e) => e.note_key === "history.accepted")).toHaveLength(1);
    expect(await steps(id)).toHaveLength(1);
  });

  it("pauses the clock for a supplementation across a holiday and moves the due date by the paused working time", async () => {
    // Accepted on Wednesday 30 December 2026 10:00; supplementation asked on Thursday 31 December 10:00, answered on
    // Monday 4 January 2027 10:00 (Friday 1 January is New Year's Day, then the weekend): paused Thursday 10:00–17:00
    // less lunch (5 h) and Monday 07:00–10:00 (3 h) = 8 working hours.
    const accepted = at("2026-12-30T03:00:00Z");
    const { owner, id } = await submit(at("2026-12-30T02:00:00Z"));
    const receiver = await official(centre, "receiving_officer");
    const handler = await official(justice, "handler");
    await act(receiver, id, "accept", {}, accepted);
    await act(receiver, id, "forward", {}, accepted);
    const due = (await dossier(id)).due_at!;
    const stepDue = (await dossier(id)).step_due_at!;

    // Something must be flagged.
    expect(await act(handler, id, "requestSupplement", { note: "Thiếu" }, at("2026-12-31T03:00:00Z"))).toMatchObject({ ok: false, status: 400 });
    expect(await act(handler, id, "requestSupplement", { documents: [0], note: "Tờ khai thiếu chữ ký" }, at("2026-12-31T03:00:00Z"))).toMatchObject({ ok: true, status: 5 });
    expect(await dossier(id)).toMatchObject({ paused_at: "2026-12-31T03:00:00.000Z", waiting_for: "applicant", supplement_count: 1, resume_status: 4 });
    expect(forms.at(-1)).toMatchObject({ kind: "supplement_request" });
    expect(notices.at(-1)).toMatchObject({ kind: "supplementRequested" });

    // The applicant may change only what was flagged, and must bring the flagged document.
    expect(await act(citizen(owner), id, "resubmit", { answers: { fullName: "Lò Thị Hoa" } }, at("2027-01-04T03:00:00Z"))).toMatchObject({ ok: false, status: 400, message: "dossiers:actions.errors.notFlagged" });
    expect(await act(citizen(owner), id, "resubmit", {}, at("2027-01-04T03:00:00Z"))).toMatchObject({ ok: false, status: 400 });
    const replacement = await file(owner);
    expect(await act(citizen(owner), id, "resubmit", { documents: [{ documentIndex: 0, fileIds: [replacement] }] }, at("2027-01-04T03:00:00Z"))).toMatchObject({ ok: true, status: 4 });
    const d = await dossier(id);
    const EIGHT_HOURS = 8 * 3_600_000;
    expect(d).toMatchObject({ status: 4, paused_at: null, waiting_for: "handler", resume_status: null });
    // Moved by 8 working hours = one working day (both due dates fall inside working hours, not across a holiday).
    expect(Date.parse(d.due_at!) - Date.parse(due)).toBeGreaterThanOrEqual(EIGHT_HOURS);
    expect(d.due_at).not.toBe(due);
    expect(d.step_due_at).not.toBe(stepDue);
    // The open step's own deadline moved with the dossier's (the sweep reads it).
    expect((await steps(id)).find((s) => s.id === d.step_id)).toMatchObject({ due_at: d.step_due_at, ended_at: null });
    const supplement = await db.selectFrom("dossier_supplements").selectAll().where("dossier_id", "=", id).executeTakeFirstOrThrow();
    expect(supplement).toMatchObject({ closed: "answered", paused_minutes: 480 });
    const docs = await db.selectFrom("dossier_documents").select("file_id").where("dossier_id", "=", id).execute();
    expect(docs.map((r) => r.file_id)).toEqual([replacement]);
    const last = (await events(id)).at(-1)!;
    expect(last).toMatchObject({ status_from: 5, status_to: 4, clock: "resume", actor_type: "citizen" });

    // A second request needs a justification.
    expect(await act(handler, id, "requestSupplement", { documents: [0], note: "Lại thiếu" }, at("2027-01-05T03:00:00Z"))).toMatchObject({ ok: false, status: 400, message: "dossiers:actions.guards.supplementJustified" });
    expect(await act(handler, id, "requestSupplement", { documents: [0], note: "Lại thiếu", justification: "Văn bản mới ban hành" }, at("2027-01-05T03:00:00Z"))).toMatchObject({ ok: true, status: 5 });
  });

  it("transfers to a co-operating agency and back; sends back to the previous step; stops with a reason", async () => {
    const { id } = await submit();
    const receiver = await official(centre, "receiving_officer");
    const handler = await official(justice, "handler", "approver");
    const cooperating = await official(other, "handler");
    await act(receiver, id, "accept");
    await act(receiver, id, "forward");
    expect(await act(handler, id, "transfer", { agencyId: justice })).toMatchObject({ ok: false, status: 400 });
    expect(await act(handler, id, "transfer", { agencyId: other, note: "Xin ý kiến" })).toMatchObject({ ok: true, status: 4 });
    expect(await dossier(id)).toMatchObject({ current_agency_id: other, waiting_for: "handler", step_index: null });
    expect(await act(cooperating, id, "forward")).toMatchObject({ ok: false, status: 409 });
    expect(await act(cooperating, id, "transferBack", { note: "Đồng ý" })).toMatchObject({ ok: true, status: 4 });
    expect(await dossier(id)).toMatchObject({ current_agency_id: justice, waiting_for: "handler", step_index: 1 });
    await act(handler, id, "forward");
    expect(await dossier(id)).toMatchObject({ step_index: 2, waiting_for: "approver" });
    expect(await act(handler, id, "sendBack", { note: "Xác minh lại" })).toMatchObject({ ok: true, status: 4 });
    expect(await dossier(id)).toMatchObject({ step_index: 1, waiting_for: "handler" });
    expect(await act(handler, id, "stop", { reason: "ineligibleOnAppraisal", text: "Không đủ điều kiện" })).toMatchObject({ ok: true, status: 8 });
    expect((await steps(id)).map((s) => s.role)).toEqual(["receive", "handle", "cooperate", "handle", "approve", "handle"]);
  });

  it("sends an apology with a new date only when the dossier is overdue or due within 24 hours, once", async () => {
    const { id } = await submit();
    const receiver = await official(centre, "receiving_officer");
    const handler = await official(justice, "handler");
    await act(receiver, id, "accept");
    await act(receiver, id, "forward");
    const due = (await dossier(id)).due_at!;
    const params = { reason: "Cần xác minh thêm", newDueAt: "2026-12-22T10:00:00.000Z" };
    expect(await act(handler, id, "apologize", params)).toMatchObject({ ok: false, status: 409, message: "dossiers:actions.guards.apologyDue" });
    const late = new Date(Date.parse(due) - 3_600_000);
    expect(await act(handler, id, "apologize", { ...params, newDueAt: "2026-12-14T10:00:00.000Z" }, late)).toMatchObject({ ok: false, status: 400 });
    expect(await act(handler, id, "apologize", params, late)).toMatchObject({ ok: true, status: 4 });
    expect(await dossier(id)).toMatchObject({ due_at: due, rescheduled_due_at: "2026-12-22T10:00:00.000Z" });
    expect(forms.at(-1)).toMatchObject({ kind: "apology" });
    expect(notices.at(-1)).toMatchObject({ kind: "apology" });
    expect(await act(handler, id, "apologize", params, late)).toMatchObject({ ok: false, status: 409 });
  });

  it("with the real forms and notices: acceptance stores the receipt (Mẫu 01) with the appointment and queues the e-mail and SMS", async () => {
    const { services: real, readBlob } = await realServices(p.dir);
    const { id, code } = await submit();
    const receiver = await official(centre, "receiving_officer");
    const result = await applyAction(db, real, settings, { actor: receiver, dossier: { id }, action: "accept", version: 1, params: {}, now: NOW });
    expect(result).toMatchObject({ ok: true, status: 2 });
    const receipt = await db.selectFrom("dossier_issued_documents").selectAll().where("dossier_id", "=", id).where("kind", "=", "receipt").executeTakeFirstOrThrow();
    expect(receipt).toMatchObject({ audience: "applicant", media_type: "application/pdf", event_id: result.ok ? result.eventId : "" });
    const text = pdfText(await readBlob(receipt.sha256));
    expect(text).toContain(code);
    // The appointment: Tuesday 15 December 2026, 09:00.
    expect(text).toContain("15/12/2026");
    const mails = await db.selectFrom("mail_outbox").select(["subject", "dossier_event_id"]).where("dossier_event_id", "=", result.ok ? result.eventId : "").execute();
    expect(mails.map((m) => m.subject)).toContain(`Hồ sơ ${code} đã được tiếp nhận`);
    const sms = await db.selectFrom("sms_outbox").select("body").where("dossier_event_id", "=", result.ok ? result.eventId : "").execute();
    expect(sms).toHaveLength(1);
  });
});
