import { afterEach, describe, expect, it } from "vitest";
import { engines } from "../../../db/testing";
import { fileOnline, insertCitizen, NOW, officialAt, provinceDatabase, type Province } from "../dossiers/back-office.fixture.server";
import { parseJsonColumn } from "../procedures/catalog.repo.server";
import type { ProcedureContent } from "../procedures/catalog.server";
import { suggestedPaymentLines } from "./office.server";

// What the catalog says a dossier owes, as a pay-later request's lines are prefilled (issue 9): the offering its
// procedure version makes at the receiving agency, the dossier's channel, quantities from the applicant's answers; only
// for officials of the dossier's agencies.

describe.each(engines)("suggestedPaymentLines on %s", (engine) => {
  let p: Province | undefined;
  afterEach(async () => {
    await p?.close();
    p = undefined;
  });

  it("gives the offering's fees at the dossier's agency, per copy from the answers, to its officials only", async () => {
    p = await provinceDatabase(engine);
    const { db } = p;
    const receiver = await officialAt(db, p.centre, ["receiving_officer"]);
    const handler = await officialAt(db, p.justice, ["handler"]);
    const stranger = await officialAt(db, p.other, ["receiving_officer"]);
    const filed = await fileOnline(p);

    expect(await suggestedPaymentLines(db, { actor: receiver, code: filed.code, now: NOW })).toEqual({
      feeMode: "pay_later",
      channel: "online",
      lines: [{ name: "Phí cung cấp thông tin lý lịch tư pháp", kind: "phi", quantity: 1, amount: 200_000 }],
      estimated: false,
    });
    expect(await suggestedPaymentLines(db, { actor: stranger, code: filed.code, now: NOW })).toBeNull();
    expect(await suggestedPaymentLines(db, { actor: { kind: "citizen", userId: filed.owner, actingFor: null }, code: filed.code, now: NOW })).toBeNull();
    expect(await suggestedPaymentLines(db, { actor: receiver, code: filed.code.replace(/\d{4}$/, "9999"), now: NOW })).toBeNull();

    // The catalog's mode as it stands, and a lệ phí per copy: the quantity comes from the answers (soBan), and a line the answers do not size is an estimate.
    const version = await db.selectFrom("procedure_versions").select("content").where("id", "=", p.record.id).executeTakeFirstOrThrow();
    const content = parseJsonColumn<ProcedureContent>(version.content);
    const channel = content.offerings[0]!.channels[0]!;
    channel.feeMode = "pay_first";
    channel.fees = [...channel.fees, { name: "Lệ phí cấp bản sao", amount: 10_000, per: "copy", exemptions: [] }] as typeof channel.fees;
    await db.updateTable("procedure_versions").set({ content: JSON.stringify(content) }).where("id", "=", p.record.id).execute();
    // (As if forwarded to the deciding agency, where its handler asks for the fees.)
    expect(await suggestedPaymentLines(db, { actor: handler, code: filed.code, now: NOW })).toBeNull();
    await db.updateTable("dossiers").set({ answers: JSON.stringify({ fullName: "Lò Thị Mai", soBan: 3 }), current_agency_id: p.justice, status: 4 }).where("id", "=", filed.id).execute();
    expect(await suggestedPaymentLines(db, { actor: handler, code: filed.code, now: NOW })).toEqual({
      feeMode: "pay_first",
      channel: "online",
      lines: [
        { name: "Phí cung cấp thông tin lý lịch tư pháp", kind: "phi", quantity: 1, amount: 200_000 },
        { name: "Lệ phí cấp bản sao", kind: "le_phi", quantity: 3, amount: 30_000 },
      ],
      estimated: false,
    });
    await db.updateTable("dossiers").set({ answers: JSON.stringify({ fullName: "Lò Thị Mai" }) }).where("id", "=", filed.id).execute();
    expect(await suggestedPaymentLines(db, { actor: handler, code: filed.code, now: NOW })).toMatchObject({ lines: [{ amount: 200_000 }, { quantity: 1, amount: 10_000 }], estimated: true });
  });

  it("gives no lines for a free procedure", async () => {
    p = await provinceDatabase(engine);
    const { db } = p;
    const commune = await db
      .selectFrom("procedure_offerings as o")
      .select("o.agency_id")
      .where("o.version_id", "=", p.birth.id)
      .executeTakeFirstOrThrow();
    const official = await officialAt(db, commune.agency_id, ["handler"]);
    const owner = await insertCitizen(db);
    const now = NOW.toISOString();
    await db
      .insertInto("dossiers")
      .values({
        id: "00000000-0000-7000-8000-0000000000b1",
        code: "000.00.00.X00-261130-0001",
        agency_id: commune.agency_id,
        procedure_id: p.birth.procedureId,
        procedure_code: p.birth.code,
        procedure_version_id: p.birth.id,
        owner_user_id: owner,
        owner_organisation_id: null,
        applicant: JSON.stringify({ fullName: "Lò Thị Mai" }),
        answers: "{}",
        channel: "in_person",
        status: 4,
        received_at: now,
        acceptance_due_at: null,
        due_at: null,
        version: 1,
        idempotency_key: "k-b1",
        created_at: now,
        updated_at: now,
        current_agency_id: commune.agency_id,
        waiting_for: "handler",
        assignee_id: null,
        step_due_at: null,
        paused_at: null,
        supplement_count: 0,
        applicant_search: "lo thi mai",
      })
      .execute();
    expect(await suggestedPaymentLines(db, { actor: official, code: "000.00.00.X00-261130-0001", now: NOW })).toEqual({ feeMode: "free", channel: "in_person", lines: [], estimated: false });
  });
});
