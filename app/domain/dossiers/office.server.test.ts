import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OfficialRole } from "../../../db/schema";
import { engines } from "../../../db/testing";
import type { Db } from "../../platform/db.server";
import type { Actor } from "../access/permissions";
import { applyAction, type ApplyInput } from "./back-office.server";
import { act as actOn, capturingServices, citizenActor as citizen, dossierRow, fileOnline, insertCitizen, NOW, officialAt, provinceDatabase, type Province } from "./back-office.fixture.server";
import { myDossier } from "./dossiers.server";
import { vietnamDateTimeToIso } from "./office";
import { addNote, dossierFileForOfficial, officialDossierView, transferTargets } from "./office.server";

// The officials' dossier page on both databases (issue 6): who sees it (the agencies it passes through, nobody else),
// what it shows, which actions each role is offered, notes that never reach the applicant, and that a forged code, an
// official of another agency or a stale version change nothing.

describe("vietnamDateTimeToIso", () => {
  it("reads dd/mm/yyyy HH:mm in Vietnam time", () => {
    expect(vietnamDateTimeToIso("22/12/2026", "17:00")).toBe("2026-12-22T10:00:00.000Z");
    expect(vietnamDateTimeToIso("1/1/2027", "07:30")).toBe("2027-01-01T00:30:00.000Z");
    expect(vietnamDateTimeToIso("31/02/2027", "07:30")).toBeNull();
    expect(vietnamDateTimeToIso("2027-01-01", "07:30")).toBeNull();
    expect(vietnamDateTimeToIso("01/01/2027", "25:00")).toBeNull();
  });
});

describe.each(engines)("the officials' dossier page on %s", (engine) => {
  let p: Province;
  let db: Db;
  let centre: string;
  let justice: string;
  let other: string;
  const services = capturingServices();
  beforeAll(async () => {
    p = await provinceDatabase(engine);
    ({ db, centre, justice, other } = p);
  });
  afterAll(() => p.close());

  const official = (agencyId: string, ...roles: OfficialRole[]) => officialAt(db, agencyId, roles);
  const submit = () => fileOnline(p);
  const dossier = (id: string) => dossierRow(db, id);
  const act = (actor: Actor, id: string, action: ApplyInput["action"], params: unknown = {}, now = NOW) => actOn(db, services, actor, id, action, params, now);

  it("shows the dossier to the receiving agency's officials with what they may do, and to nobody else", async () => {
    const { code, fileId } = await submit();
    const receiver = await official(centre, "receiving_officer");
    const view = await officialDossierView(db, { actor: receiver, code, now: NOW });
    expect(view).not.toBeNull();
    expect(view).toMatchObject({ code, procedureCode: "2.000488", status: 1, channel: "online", version: 1, supplementCount: 0, currentStep: null });
    expect(view!.applicant).toMatchObject({ fullName: "Lò Thị Mai", cccd: "002190012345", phone: "0912345678", address: "Hà Giang" });
    expect(view!.documents).toEqual([{ index: 0, name: "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", files: [{ id: fileId, name: "to-khai.pdf", sizeBytes: 1234, mediaType: "application/pdf" }] }]);
    expect(view!.procedureDocuments).toEqual([{ index: 0, name: "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp" }]);
    expect(view!.fields.map((f) => f.name)).toEqual(expect.arrayContaining(["fullName", "idNumber"]));
    expect(view!.answers.flatMap((s) => s.rows.map((r) => [r.field.name, r.value]))).toEqual(expect.arrayContaining([["fullName", "Lò Thị Mai"]]));
    expect(view!.history.map((h) => h.noteKey)).toEqual(["history.submitted"]);
    expect(view!.actions).toEqual(["accept", "refuse", "requestSupplement"]);

    // A handler of the receiving agency reads it but may not accept; the deciding agency does not see it yet;
    // another agency, a citizen, a forged code: nothing.
    expect((await officialDossierView(db, { actor: await official(centre, "handler"), code, now: NOW }))!.actions).toEqual([]);
    expect(await officialDossierView(db, { actor: await official(justice, "handler", "approver"), code, now: NOW })).toBeNull();
    expect(await officialDossierView(db, { actor: await official(other, "receiving_officer", "handler", "approver"), code, now: NOW })).toBeNull();
    expect(await officialDossierView(db, { actor: await official(centre, "catalog_admin", "system_admin"), code, now: NOW })).toBeNull();
    expect(await officialDossierView(db, { actor: citizen(await insertCitizen(db)), code, now: NOW })).toBeNull();
    expect(await officialDossierView(db, { actor: receiver, code: code.replace(/\d{4}$/, "9999"), now: NOW })).toBeNull();

    // The files: the dossier's own only, to officials who see it.
    expect(await dossierFileForOfficial(db, { actor: receiver, code, fileId })).toMatchObject({ sha256: "a".repeat(64), name: "to-khai.pdf", sizeBytes: 1234 });
    expect(await dossierFileForOfficial(db, { actor: await official(other, "receiving_officer"), code, fileId })).toBeNull();
    const second = await submit();
    expect(await dossierFileForOfficial(db, { actor: receiver, code, fileId: second.fileId })).toBeNull();
  });

  it("follows the dossier through its steps: the deciding agency sees it, each role is offered its step's actions, the control sheet fills", async () => {
    const { id, code } = await submit();
    const receiver = await official(centre, "receiving_officer");
    const handler = await official(justice, "handler");
    const approver = await official(justice, "approver");
    await act(receiver, id, "accept");
    let view = (await officialDossierView(db, { actor: receiver, code, now: NOW }))!;
    expect(view).toMatchObject({ status: 2, version: 2, nextStepName: "Tra cứu, xác minh", currentStep: { index: 0, name: "Tiếp nhận", role: "receive" } });
    expect(view.actions).toEqual(["requestSupplement", "forward"]);
    expect(view.issued.map((d) => d.kind)).toEqual(["receipt"]);
    expect(view.steps).toHaveLength(1);
    expect(view.steps[0]).toMatchObject({ name: "Tiếp nhận", role: "receive", handledBy: "Nguyễn Văn Cán", endedAt: null });
    expect(view.dueAt).toBe("2026-12-15T02:00:00.000Z");
    expect(view.flags).toEqual({ overdue: false, dueSoon: false, paused: false });

    await act(receiver, id, "forward", { note: "Chuyển phòng nghiệp vụ" }, new Date("2026-12-01T03:00:00Z"));
    view = (await officialDossierView(db, { actor: handler, code, now: NOW }))!;
    expect(view.actions).toEqual(["requestSupplement", "forward", "sendBack", "transfer", "requestPayment"]);
    expect(view.steps.map((s) => [s.name, s.result])).toEqual([["Tiếp nhận", "on_time"], ["Tra cứu, xác minh", null]]);
    expect(view.history.at(-1)).toMatchObject({ noteKey: "history.forwarded", actor: "official", actorName: "Nguyễn Văn Cán", params: { note: "Chuyển phòng nghiệp vụ", step: "Tra cứu, xác minh" } });
    // The approver may stop it (approve:dossier:agency) but not take the handler's step.
    expect((await officialDossierView(db, { actor: approver, code, now: NOW }))!.actions).toEqual(["stop"]);
    // The receiving agency still sees it (it went through its step) but can do nothing there now.
    expect((await officialDossierView(db, { actor: receiver, code, now: NOW }))!.actions).toEqual([]);

    // Close to the due date: flagged, and the apology is offered.
    const late = new Date(Date.parse(view.dueAt!) - 3_600_000);
    view = (await officialDossierView(db, { actor: handler, code, now: late }))!;
    expect(view.flags).toEqual({ overdue: false, dueSoon: true, paused: false });
    expect(view.actions).toContain("apologize");
    expect((await officialDossierView(db, { actor: handler, code, now: new Date(Date.parse(view.dueAt!) + 3_600_000) }))!.flags.overdue).toBe(true);

    // A supplementation request: shown with its flagged items, the clock paused.
    expect(await act(handler, id, "requestSupplement", { fields: ["fullName"], documents: [0], note: "Tờ khai thiếu chữ ký" })).toMatchObject({ ok: true });
    view = (await officialDossierView(db, { actor: handler, code, now: NOW }))!;
    expect(view.supplement).toMatchObject({ seq: 1, note: "Tờ khai thiếu chữ ký", documents: ["Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp"], fields: [{ name: "fullName" }] });
    expect(view.flags.paused).toBe(true);
    expect(view.supplementCount).toBe(1);
    expect(view.actions).toEqual([]);
  });

  it("keeps internal notes among officials of the dossier's agencies, never on the applicant's page", async () => {
    const { owner, code } = await submit();
    const receiver = await official(centre, "receiving_officer");
    expect(await addNote(db, { actor: receiver, code, body: "  Đã gọi điện cho người nộp  ", now: NOW })).toEqual({ ok: true });
    expect(await addNote(db, { actor: receiver, code, body: "   ", now: NOW })).toMatchObject({ ok: false, status: 400, message: "dossiers:actions.errors.required" });
    expect(await addNote(db, { actor: receiver, code, body: "x".repeat(4001), now: NOW })).toMatchObject({ ok: false, status: 400, message: "dossiers:actions.errors.tooLong" });
    expect(await addNote(db, { actor: await official(other, "receiving_officer"), code, body: "Ghi chú lạ", now: NOW })).toMatchObject({ ok: false, status: 404 });
    expect(await addNote(db, { actor: citizen(owner), code, body: "Ghi chú lạ", now: NOW })).toMatchObject({ ok: false, status: 404 });
    const view = (await officialDossierView(db, { actor: receiver, code, now: NOW }))!;
    expect(view.notes).toEqual([expect.objectContaining({ author: "Nguyễn Văn Cán", body: "Đã gọi điện cho người nộp", agency: expect.any(String) })]);
    // The version did not move (a note is not a transition), nor the history.
    expect(view.version).toBe(1);
    expect(view.history).toHaveLength(1);
    const mine = await myDossier(db, { actor: citizen(owner), code, now: NOW });
    expect(JSON.stringify(mine)).not.toContain("Đã gọi điện");
  });

  it("a forged code, an official of another agency, a stale version change nothing", async () => {
    const { id, code } = await submit();
    const receiver = await official(centre, "receiving_officer");
    const elsewhere = await official(other, "receiving_officer");
    const before = await dossier(id);
    const apply = (actor: Actor, c: string, version: number) => applyAction(db, services, {}, { actor, dossier: { code: c }, action: "accept", version, params: {}, now: NOW });
    expect(await apply(receiver, code.replace(/\d{4}$/, "9999"), 1)).toMatchObject({ ok: false, status: 404 });
    expect(await apply(elsewhere, code, 1)).toMatchObject({ ok: false, status: 404 });
    expect(await apply(receiver, code, 0)).toMatchObject({ ok: false, status: 409, message: "dossiers:actions.errors.stale" });
    expect(await dossier(id)).toEqual(before);
    expect((await officialDossierView(db, { actor: receiver, code, now: NOW }))!.history).toHaveLength(1);
  });

  it("lists the agencies a dossier may be transferred to, without its own", async () => {
    const targets = await transferTargets(db, { exceptAgencyId: justice, now: NOW });
    expect(targets.length).toBeGreaterThan(1);
    expect(targets.some((a) => a.id === justice)).toBe(false);
    expect(targets.some((a) => a.id === centre)).toBe(true);
  });
});
