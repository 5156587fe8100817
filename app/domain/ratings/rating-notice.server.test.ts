import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engines } from "../../../db/testing";
import type { Db } from "../../platform/db.server";
import { noticeOutboxes } from "../../platform/dossier-services.server";
import { act, capturingServices, fileOnline, NOW, officialAt, provinceDatabase, type OfficialActor, type Province } from "../dossiers/back-office.fixture.server";
import { notifyApplicant } from "../dossiers/notices.server";
import { ratingLinkToken, readRatingLinkToken } from "./rating-link.server";
import { linkExpiry } from "./ratings";

// The result-returned notice (status 10) carries the rating link (issue 10): in the e-mail (with how long it works)
// and in the text message; the other notices do not. The link's token names the dossier and expires after the days set.

describe.each(engines)("the rating link in the result-returned notice on %s", (engine) => {
  let p: Province;
  let db: Db;
  let receiver: OfficialActor;
  const key = new Uint8Array(32).fill(5);
  const services = capturingServices();
  beforeAll(async () => {
    p = await provinceDatabase(engine);
    db = p.db;
    receiver = await officialAt(db, p.centre, ["receiving_officer"]);
  });
  afterAll(() => p.close());

  it("puts the link in the e-mail and the SMS of the returned notice only", async () => {
    const handler = await officialAt(db, p.justice, ["handler"]);
    const approver = await officialAt(db, p.justice, ["approver"]);
    const d = await fileOnline(p);
    const returnedAt = new Date("2026-12-04T04:00:00Z");
    for (const [actor, action, params, when] of [
      [receiver, "accept", {}, NOW],
      [receiver, "forward", {}, NOW],
      [handler, "forward", {}, new Date("2026-12-02T03:00:00Z")],
      [approver, "approve", { result: { sha256: "c".repeat(64), sizeBytes: 10, mediaType: "application/pdf", fileName: "ket-qua.pdf" } }, new Date("2026-12-03T03:00:00Z")],
      [receiver, "returnResult", { channel: "counter" }, returnedAt],
    ] as const) {
      const r = await act(db, services, actor, d.id, action, params, when);
      if (!r.ok) throw new Error(JSON.stringify(r));
    }
    await db.updateTable("dossiers").set({ applicant: JSON.stringify({ fullName: "Lò Thị Mai", cccd: "002190012345", phone: "0912345678", email: "lo.thi.mai@example.vn", address: "Hà Giang" }) }).where("id", "=", d.id).execute();
    const events = await db.selectFrom("dossier_events").select(["id", "status_to"]).where("dossier_id", "=", d.id).execute();
    const returned = events.find((e) => e.status_to === 10)!;
    const accepted = events.find((e) => e.status_to === 2)!;
    const settings = { baseUrl: "http://portal.test", rating: { link: (id: string, now: Date) => `http://portal.test/rate/${ratingLinkToken(key, id, linkExpiry(now, { linkDays: 30 }))}`, days: 30 } };
    await db.transaction().execute((trx) => notifyApplicant(trx, noticeOutboxes, settings, { dossierId: d.id, eventId: returned.id, kind: "returned", now: returnedAt }));
    await db.transaction().execute((trx) => notifyApplicant(trx, noticeOutboxes, settings, { dossierId: d.id, eventId: accepted.id, kind: "accepted", now: returnedAt }));

    const mail = await db.selectFrom("mail_outbox").selectAll().where("dossier_event_id", "=", returned.id).where("to_address", "=", "lo.thi.mai@example.vn").executeTakeFirstOrThrow();
    const link = /http:\/\/portal\.test\/rate\/[\w.-]+/.exec(mail.text_body)?.[0];
    expect(link).toBeDefined();
    expect(mail.text_body).toContain("Đánh giá mức độ hài lòng");
    expect(mail.text_body).toContain("30 ngày");
    const token = link!.slice(link!.lastIndexOf("/") + 1);
    expect(readRatingLinkToken([key], token, returnedAt)).toMatchObject({ ok: true, dossierId: d.id, expiresAt: new Date("2027-01-03T04:00:00Z") });
    const sms = await db.selectFrom("sms_outbox").selectAll().where("dossier_event_id", "=", returned.id).executeTakeFirstOrThrow();
    expect(sms.body).toBe(`Hồ sơ ${d.code} đã trả kết quả. Mời đánh giá: ${link}`);

    const other = await db.selectFrom("mail_outbox").selectAll().where("dossier_event_id", "=", accepted.id).where("to_address", "=", "lo.thi.mai@example.vn").executeTakeFirstOrThrow();
    expect(other.text_body).not.toContain("/rate/");
  });
});
