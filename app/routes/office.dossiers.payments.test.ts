import type { AppLoadContext } from "@remix-run/node";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { engines } from "../../db/testing";
import { act, capturingServices, dossierRow, fileOnline, insertOfficial, provinceDatabase, type OfficialActor } from "../domain/dossiers/back-office.fixture.server";
import { officialPayments, recordCounterPayment } from "../domain/payments/payments.server";
import { createDiskBlobStore } from "../platform/blob-store.server";
import { engineOf } from "../platform/db.server";
import { createLogger } from "../platform/logger.server";
import { paymentDeps } from "../platform/payment-services.server";
import { createDatabaseSessionStorage } from "../platform/session.server";
import { action as act_, loader as actionPage } from "./office.dossiers.$code.$action";
import { loader as dossierPage } from "./office.dossiers.$code";
import { action as pay, loader as paymentsPage } from "./office.dossiers.$code.payments";

// The officials' side of a pay-later payment (issue 9) through the real loaders and actions: the handler asks for the
// catalog's fees (4 → 6), a line that does not check is a 400 on its own control, a handler may not take money at the
// counter, the receiving officer does (→ paid, receipts, the dossier back at 4), a refund needs a reason and an
// approver. Nothing answers 500.

async function outcome(run: () => Promise<unknown>): Promise<{ status: number; body?: unknown; headers: Headers }> {
  let result: unknown;
  try {
    result = await run();
  } catch (error) {
    result = error;
  }
  if (result instanceof Response) return { status: result.status, headers: result.headers };
  if (result instanceof Error) throw result;
  const init = (result as { init?: { status?: number; headers?: HeadersInit } }).init;
  return { status: init?.status ?? 200, body: (result as { data?: unknown }).data ?? result, headers: new Headers(init?.headers) };
}

describe.each(engines)("the officials' payment routes on %s", (engine) => {
  it("request the catalog's fees, refuse a bad line, take money at the counter by a receiving officer only, refund with a reason", async () => {
    const p = await provinceDatabase(engine);
    const { db } = p;
    try {
      const sessionStorage = createDatabaseSessionStorage(db, { secrets: ["s".repeat(32)], secure: false });
      const blobs = createDiskBlobStore(join(p.dir, "blobs"));
      const context = {
        db,
        engine: engineOf(db),
        logger: createLogger("silent"),
        sessionStorage,
        blobs,
        requestId: "r",
        clientIp: "203.0.113.9",
        origin: "http://portal.test",
        signing: { demoRootPem: async () => null },
      } as unknown as AppLoadContext;
      const signIn = async (official: { id: string; actor: OfficialActor }) => {
        const session = await sessionStorage.getSession();
        session.set("userId", official.id);
        session.set("secondFactorAt", new Date().toISOString());
        return { actor: official.actor, cookie: (await sessionStorage.commitSession(session)).split(";")[0]! };
      };
      const receiver = await signIn(await insertOfficial(db, "Nguyễn Văn Nhận", [{ agencyId: p.centre, role: "receiving_officer" }]));
      const handler = await signIn(await insertOfficial(db, "Trần Thị Xử", [{ agencyId: p.justice, role: "handler" }]));
      const approver = await signIn(await insertOfficial(db, "Lê Văn Duyệt", [{ agencyId: p.justice, role: "approver" }]));
      const stranger = await signIn(await insertOfficial(db, "Hoàng Văn Lạ", [{ agencyId: p.other, role: "receiving_officer" }]));

      // A judicial record dossier at status 4 at the deciding agency (the fixture's 2.000488 is paid later; were it
      // pay-first, its request opened at submission would be paid at the counter first, or it could not be accepted).
      const now = new Date();
      const filed = await fileOnline(p, { now });
      const services = capturingServices();
      const first = await officialPayments(db, { actor: receiver.actor, code: filed.code });
      const payFirst = first?.requests.find((r) => r.mode === "pay_first");
      if (payFirst) expect(await recordCounterPayment(db, paymentDeps(context), { actor: receiver.actor, code: filed.code, requestId: payFirst.id, note: "Nộp khi nộp hồ sơ" })).toMatchObject({ ok: true });
      expect(await act(db, services, receiver.actor, filed.id, "accept", {}, now)).toMatchObject({ ok: true });
      expect(await act(db, services, receiver.actor, filed.id, "forward", {}, now)).toMatchObject({ ok: true });
      const at4 = await dossierRow(db, filed.id);
      expect(at4.status).toBe(4);
      const requestsBefore = (await officialPayments(db, { actor: handler.actor, code: filed.code }))!.requests.length;

      const code = filed.code;
      const get = (cookie: string, load: typeof actionPage, params: Record<string, string>, path: string) =>
        outcome(() => load({ request: new Request(`http://portal.test${path}`, { headers: { Cookie: cookie } }), params, context } as never));
      const post = (cookie: string, run: typeof act_, params: Record<string, string>, path: string, fields: Record<string, string>) =>
        outcome(() =>
          run({
            request: new Request(`http://portal.test${path}`, { method: "POST", headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() }),
            params,
            context,
          } as never),
        );
      const requestPage = `/office/dossiers/${code}/requestPayment`;
      const askParams = { code, action: "requestPayment" };

      // The form: the catalog's line for this dossier, then one empty line.
      expect(await get(handler.cookie, actionPage, askParams, requestPage)).toMatchObject({
        status: 200,
        body: { available: true, fees: { lines: [{ name: "Phí cung cấp thông tin lý lịch tư pháp", kind: "phi", quantity: 1, amount: 200_000 }] } },
      });
      expect((await get(stranger.cookie, actionPage, askParams, requestPage)).status).toBe(404);

      const line = (i: number, name: string, kind: string, amount: string) => ({ [`line-${i}-name`]: name, [`line-${i}-kind`]: kind, [`line-${i}-amount`]: amount, [`line-${i}-quantity`]: "1" });
      const ask = (cookie: string, fields: Record<string, string>) => post(cookie, act_, askParams, requestPage, { version: String(at4.version), lines: "2", ...fields });
      // A line without a name, a line that is not a number: each on its own control; nothing changes.
      expect(await ask(handler.cookie, { ...line(0, "", "phi", "200000"), ...line(1, "Lệ phí cấp bản sao", "le_phi", "ba mươi nghìn") })).toMatchObject({
        status: 400,
        body: { errors: [{ field: "line-0-name", message: "payments:errors.lineName" }, { field: "line-1-amount", message: "payments:errors.lineAmount" }] },
      });
      expect(await ask(handler.cookie, { ...line(0, "Phí cung cấp thông tin", "phi", "0"), ...line(1, "", "", "") })).toMatchObject({ status: 400, body: { errors: [{ field: "line-0-amount", message: "payments:errors.noLines" }] } });
      expect(await ask(handler.cookie, { ...line(0, "Phí", "", "1000"), ...line(1, "", "", "") })).toMatchObject({ status: 400, body: { errors: [{ field: "line-0-kind" }] } });
      // A stale version is the engine's refusal, shown as the page's other conflicts.
      expect(await post(handler.cookie, act_, askParams, requestPage, { version: String(at4.version - 1), lines: "1", ...line(0, "Phí", "phi", "1000") })).toMatchObject({
        status: 409,
        body: { conflict: "stale", errors: [{ field: "form", message: "dossiers:actions.errors.stale" }] },
      });
      expect(await dossierRow(db, filed.id)).toEqual(at4);

      // The receiving officer does not hold the step: the engine refuses (not a 500).
      expect([403, 409]).toContain((await ask(receiver.cookie, { ...line(0, "Phí cung cấp thông tin lý lịch tư pháp", "phi", "200000"), ...line(1, "", "", "") })).status);

      const asked = await ask(handler.cookie, { ...line(0, "Phí cung cấp thông tin lý lịch tư pháp", "phi", "200000"), ...line(1, "Lệ phí cấp bản sao", "le_phi", "30.000"), note: "Nộp trong 5 ngày làm việc" });
      expect(asked.status).toBe(302);
      expect(asked.headers.get("Location")).toBe(`/office/dossiers/${code}`);
      expect(await dossierRow(db, filed.id)).toMatchObject({ status: 6, waiting_for: "payment" });
      const afterAsk = (await officialPayments(db, { actor: handler.actor, code }))!;
      expect(afterAsk.requests).toHaveLength(requestsBefore + 1);
      const request = afterAsk.requests.at(-1)!;
      expect(request).toMatchObject({
        mode: "pay_later",
        state: "created",
        total: 230_000,
        note: "Nộp trong 5 ngày làm việc",
        lines: [
          { name: "Phí cung cấp thông tin lý lịch tư pháp", kind: "phi", quantity: 1, amount: 200_000 },
          { name: "Lệ phí cấp bản sao", kind: "le_phi", quantity: 1, amount: 30_000 },
        ],
      });
      expect(request.payBy).not.toBeNull();

      // The dossier page sums it up and links to the payments page.
      expect(await get(handler.cookie, dossierPage as never, { code }, `/office/dossiers/${code}`)).toMatchObject({ status: 200, body: { payments: { latest: { state: "created", total: 230_000 } } } });

      // The payments page: everyone of the dossier's agencies reads it; only what each may do is offered.
      const paymentsPath = `/office/dossiers/${code}/payments`;
      expect(await get(handler.cookie, paymentsPage as never, { code }, paymentsPath)).toMatchObject({ status: 200, body: { view: { mayCollect: false, mayRefund: false, requests: expect.any(Array) } } });
      expect(await get(receiver.cookie, paymentsPage as never, { code }, paymentsPath)).toMatchObject({ status: 200, body: { view: { mayCollect: true, mayRefund: false } } });
      expect((await get(stranger.cookie, paymentsPage as never, { code }, paymentsPath)).status).toBe(404);
      expect((await get(receiver.cookie, paymentsPage as never, { code: code.replace(/\d{4}$/, "9999") }, paymentsPath)).status).toBe(404);

      const counter = (cookie: string, fields: Record<string, string>) => post(cookie, pay as never, { code }, paymentsPath, { intent: "counter", requestId: request.id, ...fields });
      // A handler may not take money at the counter; the page says so.
      expect(await counter(handler.cookie, { note: "Tiền mặt", confirm: "yes" })).toMatchObject({ status: 403, body: { errors: [{ field: "form", message: "payments:errors.forbidden" }] } });
      // Waiving the fees for an exempt applicant needs its basis, and the collect permission.
      const waive = (cookie: string, basis: string) => post(cookie, pay as never, { code }, paymentsPath, { intent: "waive", requestId: request.id, basis });
      expect(await waive(receiver.cookie, " ")).toMatchObject({ status: 400, body: { errors: [{ field: `waive-basis-${request.id}`, message: "payments:errors.basisRequired" }] } });
      expect(await waive(handler.cookie, "Người có công với cách mạng")).toMatchObject({ status: 403, body: { errors: [{ field: "form", message: "payments:errors.forbidden" }] } });
      // The receiving officer confirms the money was taken.
      expect(await counter(receiver.cookie, { note: "Tiền mặt" })).toMatchObject({ status: 400, body: { errors: [{ field: `counter-confirm-${request.id}`, message: "payments:errors.confirmCounter" }] } });
      expect((await officialPayments(db, { actor: receiver.actor, code }))!.requests.at(-1)!.state).toBe("created");
      const paid = await counter(receiver.cookie, { note: "Tiền mặt", confirm: "yes" });
      expect(paid.status).toBe(302);
      expect(paid.headers.get("Location")).toBe(paymentsPath);
      const afterPay = (await officialPayments(db, { actor: receiver.actor, code }))!.requests.at(-1)!;
      expect(afterPay).toMatchObject({ state: "paid", attempts: [{ provider: "counter", state: "paid", amount: 230_000 }] });
      expect(afterPay.receipts.map((r) => [r.kind, r.amount, r.status]).sort()).toEqual([
        ["le_phi", 30_000, "issued"],
        ["phi", 200_000, "issued"],
      ]);
      expect(await dossierRow(db, filed.id)).toMatchObject({ status: 4 });
      // Paid twice at the counter? The request is no longer open.
      expect(await counter(receiver.cookie, { confirm: "yes" })).toMatchObject({ status: 409, body: { errors: [{ message: "payments:errors.alreadyPaid" }] } });

      // A refund: a reason is required, and the approver's permission.
      const reference = afterPay.attempts[0]!.reference;
      const refund = (cookie: string, reason: string) => post(cookie, pay as never, { code }, paymentsPath, { intent: "refund", reference, reason });
      expect(await get(approver.cookie, paymentsPage as never, { code }, paymentsPath)).toMatchObject({ status: 200, body: { view: { mayRefund: true } } });
      expect(await refund(approver.cookie, "")).toMatchObject({ status: 400, body: { errors: [{ field: `refund-reason-${reference}`, message: "payments:errors.reasonRequired" }] } });
      expect(await refund(receiver.cookie, "Thu nhầm khoản lệ phí")).toMatchObject({ status: 403, body: { errors: [{ message: "payments:errors.forbidden" }] } });
      expect((await officialPayments(db, { actor: receiver.actor, code }))!.requests.at(-1)!.attempts[0]!.state).toBe("paid");
      const refunded = await refund(approver.cookie, "Thu nhầm khoản lệ phí");
      expect(refunded.status).toBe(302);
      const afterRefund = (await officialPayments(db, { actor: receiver.actor, code }))!.requests.at(-1)!;
      expect(afterRefund).toMatchObject({ state: "refunded", attempts: [{ state: "refunded", refundMethod: "manual", refundReason: "Thu nhầm khoản lệ phí" }] });
      expect(afterRefund.receipts.every((r) => r.status === "cancelled")).toBe(true);
      // An unknown form is a 400, never a 500.
      expect((await post(receiver.cookie, pay as never, { code }, paymentsPath, { intent: "nonsense" })).status).toBe(400);
    } finally {
      await p.close();
    }
  });
});
