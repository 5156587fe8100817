import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDiskBlobStore } from "../../platform/blob-store.server";
import type { Engine } from "../../platform/db.server";
import { parseJsonColumn } from "../procedures/catalog.repo.server";
// The local VNPay gateway (a separate process in development and e2e) runs in-process here, on loopback.
import { startVnpaySimulator, type VnpaySimulator } from "../../../tools/vnpay-simulator";
import {
  act,
  capturingServices,
  citizenActor,
  dossierRow,
  fileOnline,
  NOW,
  officialAt,
  provinceDatabase,
  type CapturingServices,
  type OfficialActor,
  type Province,
} from "../dossiers/back-office.fixture.server";
import { engines } from "../../../db/testing";
import {
  handleVnpayIpn,
  paymentPage,
  reconcileAttempt,
  recordCounterPayment,
  refundPayment,
  requestDossierPayment,
  waiveRequest,
  startPayment,
  sweepPayments,
  vnpayReturn,
  settleTransfer,
  type PaymentDeps,
  type PaymentSettings,
} from "./payments.server";
import { canonicalString, hmacSha512, vnpayTimestamp } from "./vnpay.server";
import { postJson } from "../../platform/payment-services.server";

// The payments' use cases against both databases and a real VNPay-speaking gateway on loopback (tools/vnpay-simulator):
// the IPN's ordered checks (97, 01, 04, 02, 00), a replay that credits nothing, a return URL that changes nothing, an
// IPN that never comes (querydr settles it), a late success after expiry, two tabs paying one request, a duplicate
// payment refunded through the gateway, pay-later through the engine (6 → 4, the clock paused and resumed), the
// counter and refunds with their audit entries, and receipts numbered per series.

const SECRET = "DVCTESTSECRET0123456789ABCDEFGHIJ";
const TMN = "DVCHG001";

describe.each(engines)("payments on %s", (engine: Engine) => {
  let p: Province;
  let gateway: VnpaySimulator;
  let merchant: Server;
  let deps: PaymentDeps;
  let services: CapturingServices;
  let clock = NOW;
  let receiver: OfficialActor;
  let handler: OfficialActor;
  let approver: OfficialActor;

  beforeAll(async () => {
    p = await provinceDatabase(engine);
    services = capturingServices();
    // The merchant's IPN endpoint (what /payments/vnpay/ipn does), on loopback for the gateway to call.
    merchant = createServer((req, res) => {
      const params = Object.fromEntries(new URL(req.url ?? "/", "http://x").searchParams);
      void handleVnpayIpn(p.db, deps, { params, ip: "127.0.0.1", now: clock }).then((r) => {
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end(JSON.stringify(r));
      });
    });
    await new Promise<void>((resolve) => merchant.listen(0, "127.0.0.1", resolve));
    const ipnUrl = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}/ipn`;
    gateway = await startVnpaySimulator({ port: 0, tmnCode: TMN, hashSecret: SECRET, ipnUrl, ipnRetries: 0, now: () => clock, log: () => {} });
    const settings: PaymentSettings = {
      origin: "http://portal.test",
      vnpay: { tmnCode: TMN, hashSecret: SECRET, payUrl: `${gateway.url}/paymentv2/vpcpay.html`, apiUrl: `${gateway.url}/merchant_webapi/api/transaction`, expiryMinutes: 15 },
      vietqr: { bankBin: "970418", bankName: "BIDV", account: "1234567890123", accountName: "TRUNG TAM PHUC VU HANH CHINH CONG", expiryHours: 24 },
      receipt: { typeName: "Biên lai thu phí, lệ phí không in sẵn mệnh giá", templateSymbol: "01BLP0-001", seriesLetters: "BL", collector: { name: "Trung tâm Phục vụ hành chính công", taxCode: null, address: null } },
      serverIp: "127.0.0.1",
      payLaterWorkingDays: 5,
      acceptanceWorkingHours: 8,
      pausesClock: true,
    };
    deps = {
      settings,
      services: {
        vnpayApi: (url, body) => postJson(url, body),
        random: (n) => randomBytes(n),
        blobs: createDiskBlobStore(`${p.dir}/blobs`),
        renderReceipt: async (d) => Buffer.from(`%PDF-1.7 receipt ${d.series} ${d.number}`),
        backOffice: { services, settings: { paymentPausesClock: true } },
      },
    };
    receiver = await officialAt(p.db, p.centre, ["receiving_officer"], "Cán bộ Một cửa");
    handler = await officialAt(p.db, p.justice, ["handler"], "Chuyên viên Tư pháp");
    approver = await officialAt(p.db, p.centre, ["approver"], "Lãnh đạo Trung tâm");
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await new Promise((resolve) => merchant?.close(resolve));
    await p?.close();
  });

  /** The fixture's judicial record procedure made pay-first (as 2.000488 is in the province's catalog). */
  async function payFirst(on: boolean) {
    const row = await p.db.selectFrom("procedure_versions").select(["id", "content"]).where("id", "=", p.record.id).executeTakeFirstOrThrow();
    const content = parseJsonColumn<{ offerings: { channels: { channel: string; feeMode: string }[] }[] }>(row.content);
    for (const o of content.offerings) for (const c of o.channels) if (c.channel === "online") c.feeMode = on ? "pay_first" : "pay_later";
    await p.db.updateTable("procedure_versions").set({ content: JSON.stringify(content) }).where("id", "=", p.record.id).execute();
  }

  async function filedPayFirst(now = NOW) {
    await payFirst(true);
    try {
      const filed = await fileOnline(p, { now });
      const page = (await paymentPage(p.db, deps.settings, { actor: citizenActor(filed.owner), code: filed.code, now }))!;
      return { ...filed, requestId: page.requests[0]!.id, page };
    } finally {
      await payFirst(false);
    }
  }

  /** The citizen at the gateway: open the signed URL, choose the outcome, confirm (the gateway sends the IPN, then redirects). */
  async function payAtGateway(url: string, outcome: "success" | "insufficient" | "cancelled", ipn = true) {
    const page = await fetch(url);
    const html = await page.text();
    const session = /name="session" value="([^"]+)"/.exec(html)?.[1];
    if (!session) throw new Error(`gateway refused: ${page.status} ${html.slice(0, 300)}`);
    const form = new URLSearchParams({ session, outcome, ...(ipn ? { ipn: "on" } : {}) });
    const done = await fetch(`${gateway.url}/paymentv2/pay`, { method: "POST", body: form, headers: { "Content-Type": "application/x-www-form-urlencoded" }, redirect: "manual" });
    const location = done.headers.get("location") ?? "";
    return { status: done.status, returnParams: Object.fromEntries(new URL(location || "http://x/").searchParams) };
  }

  const attemptsOf = (requestId: string) => p.db.selectFrom("payment_attempts").selectAll().where("request_id", "=", requestId).orderBy("created_at").execute();
  const requestOf = (requestId: string) => p.db.selectFrom("payment_requests").selectAll().where("id", "=", requestId).executeTakeFirstOrThrow();
  const receiptsOf = (requestId: string) => p.db.selectFrom("payment_receipts").selectAll().where("request_id", "=", requestId).orderBy("number").execute();
  const sign = (params: Record<string, string>) => ({ ...params, vnp_SecureHash: hmacSha512(SECRET, canonicalString(params)) });

  it("a pay-first dossier waits for its fees: accepting it is refused until the gateway's IPN says paid; then the receipt is numbered and the one-stop unit has 8 working hours", async () => {
    clock = NOW;
    const filed = await filedPayFirst();
    expect(filed.page.requests[0]).toMatchObject({ mode: "pay_first", state: "created", total: 200_000, payable: true, lines: [{ kind: "phi", amount: 200_000 }] });
    expect((await dossierRow(p.db, filed.id)).waiting_for).toBe("payment");
    const refused = await act(p.db, services, receiver, filed.id, "accept");
    expect(refused).toMatchObject({ ok: false, status: 409, message: "dossiers:actions.guards.notAwaitingPayment" });

    const started = await startPayment(p.db, deps, { actor: citizenActor(filed.owner), code: filed.code, requestId: filed.requestId, provider: "vnpay", ip: "203.0.113.7", locale: "vi", now: clock });
    if (!started.ok || started.kind !== "redirect") throw new Error(JSON.stringify(started));
    const url = new URL(started.url);
    expect(url.searchParams.get("vnp_Amount")).toBe("20000000");
    expect(url.searchParams.get("vnp_CreateDate")).toBe(vnpayTimestamp(clock));
    expect(url.searchParams.get("vnp_IpAddr")).toBe("203.0.113.7");

    const paid = await payAtGateway(started.url, "success");
    expect(paid.status).toBe(302);
    expect(paid.returnParams.vnp_ResponseCode).toBe("00");
    const [attempt] = await attemptsOf(filed.requestId);
    expect(attempt).toMatchObject({ state: "paid", provider: "vnpay", late: 0, review_reason: null });
    expect(attempt!.provider_txn_no).toMatch(/^\d+$/);
    expect(await requestOf(filed.requestId)).toMatchObject({ state: "paid", paid_attempt_id: attempt!.id });
    const receipts = await receiptsOf(filed.requestId);
    expect(receipts.map((r) => [r.kind, Number(r.amount), r.series, r.template_symbol])).toEqual([["phi", 200_000, "BL-26E", "01BLP0-001"]]);
    const row = await dossierRow(p.db, filed.id);
    expect(row).toMatchObject({ status: 1, waiting_for: "receiving_officer" });
    // Tuesday 09:00 + 8 working hours: Wednesday 09:00 (lunch 11:30–13:30 aside, the calendar decides).
    expect(Date.parse(row.acceptance_due_at!)).toBeGreaterThan(clock.getTime());
    expect(await act(p.db, services, receiver, filed.id, "accept")).toMatchObject({ ok: true, status: 2 });

    // The same IPN again (VNPay retries, or someone replays it): 02, no second credit, no second receipt.
    const replay = await handleVnpayIpn(p.db, deps, { params: paid.returnParams, ip: "198.51.100.9", now: clock });
    expect(replay).toEqual({ RspCode: "02", Message: "Order already confirmed" });
    expect(await receiptsOf(filed.requestId)).toHaveLength(1);
    // A paid request is not paid again.
    expect(await startPayment(p.db, deps, { actor: citizenActor(filed.owner), code: filed.code, requestId: filed.requestId, provider: "vnpay", ip: "203.0.113.7", locale: "vi", now: clock })).toMatchObject({ ok: false, status: 409 });
    // Every callback was kept raw with its verdict.
    const callbacks = await p.db.selectFrom("payment_callbacks").select(["kind", "signature_ok", "outcome"]).where("reference", "=", attempt!.reference).orderBy("received_at").execute();
    expect(callbacks).toEqual([
      { kind: "ipn", signature_ok: 1, outcome: "00" },
      { kind: "ipn", signature_ok: 1, outcome: "02" },
    ]);
  });

  it("refuses a forged signature (97), an unknown order (01) and another amount (04) without moving money, and answers 99-free for garbage", async () => {
    clock = NOW;
    const filed = await filedPayFirst();
    const started = await startPayment(p.db, deps, { actor: citizenActor(filed.owner), code: filed.code, requestId: filed.requestId, provider: "vnpay", ip: "203.0.113.7", locale: "vi", now: clock });
    if (!started.ok || started.kind !== "redirect") throw new Error("no redirect");
    const base = {
      vnp_Amount: "20000000",
      vnp_BankCode: "NCB",
      vnp_BankTranNo: "VNP99",
      vnp_CardType: "ATM",
      vnp_OrderInfo: `Thanh toan phi le phi ho so ${filed.code}`,
      vnp_PayDate: vnpayTimestamp(clock),
      vnp_ResponseCode: "00",
      vnp_TmnCode: TMN,
      vnp_TransactionNo: "99000001",
      vnp_TransactionStatus: "00",
      vnp_TxnRef: started.reference,
    };
    const forged = { ...base, vnp_SecureHash: hmacSha512("not-the-secret-at-all", canonicalString(base)) };
    expect(await handleVnpayIpn(p.db, deps, { params: forged, ip: "198.51.100.9", now: clock })).toMatchObject({ RspCode: "97" });
    // Signed, then one field changed after signing: 97 too.
    expect(await handleVnpayIpn(p.db, deps, { params: { ...sign(base), vnp_Amount: "100" }, ip: null, now: clock })).toMatchObject({ RspCode: "97" });
    expect(await handleVnpayIpn(p.db, deps, { params: sign({ ...base, vnp_TxnRef: "PAY261201ZZZZZZ0" }), ip: null, now: clock })).toMatchObject({ RspCode: "01" });
    expect(await handleVnpayIpn(p.db, deps, { params: sign({ ...base, vnp_TmnCode: "OTHER001" }), ip: null, now: clock })).toMatchObject({ RspCode: "01" });
    expect(await handleVnpayIpn(p.db, deps, { params: sign({ ...base, vnp_Amount: "2000000" }), ip: null, now: clock })).toMatchObject({ RspCode: "04" });
    expect(await handleVnpayIpn(p.db, deps, { params: {}, ip: null, now: clock })).toMatchObject({ RspCode: "97" });
    expect(await handleVnpayIpn(p.db, deps, { params: { vnp_SecureHash: "x".repeat(128), vnp_TxnRef: "'; drop table x" }, ip: null, now: clock })).toMatchObject({ RspCode: "97" });
    const [attempt] = await attemptsOf(filed.requestId);
    expect(attempt).toMatchObject({ state: "pending", review_reason: "amountDiffers" });
    expect(await requestOf(filed.requestId)).toMatchObject({ state: "pending", paid_at: null });
    expect(await receiptsOf(filed.requestId)).toEqual([]);
    expect((await dossierRow(p.db, filed.id)).waiting_for).toBe("payment");
  });

  it("the return URL changes nothing (replayable): only the IPN, or querydr when it never comes, moves the attempt", async () => {
    clock = NOW;
    const filed = await filedPayFirst();
    const started = await startPayment(p.db, deps, { actor: citizenActor(filed.owner), code: filed.code, requestId: filed.requestId, provider: "vnpay", ip: "203.0.113.7", locale: "vi", now: clock });
    if (!started.ok || started.kind !== "redirect") throw new Error("no redirect");
    // Paid at the gateway, but the IPN is lost.
    const paid = await payAtGateway(started.url, "success", false);
    const shown = await vnpayReturn(p.db, deps, { params: paid.returnParams, ip: null, now: clock });
    expect(shown).toMatchObject({ signatureOk: true, state: "pending", dossierCode: filed.code, responseCode: "00" });
    expect((await attemptsOf(filed.requestId))[0]!.state).toBe("pending");
    // A tampered return URL is not even recognised.
    expect(await vnpayReturn(p.db, deps, { params: { ...paid.returnParams, vnp_Amount: "1" }, ip: null, now: clock })).toMatchObject({ signatureOk: false, state: null });
    // The sweep, 16 minutes later, asks the gateway (querydr) and records what it says.
    clock = new Date(NOW.getTime() + 16 * 60_000);
    const swept = await sweepPayments(p.db, deps, clock);
    // (Other tests' attempts still open in this database are asked about too.)
    expect(swept.settled).toBeGreaterThanOrEqual(1);
    expect((await attemptsOf(filed.requestId))[0]).toMatchObject({ state: "paid" });
    expect(await requestOf(filed.requestId)).toMatchObject({ state: "paid" });
    expect(await receiptsOf(filed.requestId)).toHaveLength(1);
    // The receipt's PDF went into the payer's wallet.
    const receipt = (await receiptsOf(filed.requestId))[0]!;
    expect(receipt.file_id).not.toBeNull();
    const file = await p.db.selectFrom("files").selectAll().where("id", "=", receipt.file_id!).executeTakeFirstOrThrow();
    expect(file).toMatchObject({ owner_user_id: filed.owner, media_type: "application/pdf", source: "result" });
    // The IPN arriving after reconciliation is a no-op.
    const late = await handleVnpayIpn(p.db, deps, { params: paid.returnParams, ip: null, now: clock });
    expect(late.RspCode).toBe("02");
  });

  it("a declined payment is recorded as failed (00), the citizen pays again with a new reference and nothing refilled; an expired attempt paid late is paid, late", async () => {
    clock = NOW;
    const filed = await filedPayFirst();
    const actor = citizenActor(filed.owner);
    const first = await startPayment(p.db, deps, { actor, code: filed.code, requestId: filed.requestId, provider: "vnpay", ip: "203.0.113.7", locale: "vi", now: clock });
    if (!first.ok || first.kind !== "redirect") throw new Error("no redirect");
    const declined = await payAtGateway(first.url, "insufficient");
    expect(declined.returnParams.vnp_ResponseCode).toBe("51");
    expect((await attemptsOf(filed.requestId))[0]).toMatchObject({ state: "failed", response_code: "51" });
    const page = await paymentPage(p.db, deps.settings, { actor, code: filed.code, now: clock });
    expect(page!.requests[0]).toMatchObject({ state: "failed", payable: true });
    const retry = await startPayment(p.db, deps, { actor, code: filed.code, requestId: filed.requestId, provider: "vnpay", ip: "203.0.113.7", locale: "vi", now: clock });
    if (!retry.ok || retry.kind !== "redirect") throw new Error("no redirect");
    expect(retry.reference).not.toBe(first.reference);
    // This one sits at the gateway past its window; the sweep asks (01: not completed) and, after the grace, expires it.
    clock = new Date(NOW.getTime() + 31 * 60_000);
    expect(await reconcileAttempt(p.db, deps, retry.reference, clock)).toBe("expired");
    expect(await requestOf(filed.requestId)).toMatchObject({ state: "expired" });
    // …and then the gateway reports a success for it after all (signed): money taken is money taken.
    const lateParams = sign({
      vnp_Amount: "20000000",
      vnp_BankCode: "NCB",
      vnp_OrderInfo: `Thanh toan phi le phi ho so ${filed.code}`,
      vnp_PayDate: vnpayTimestamp(clock),
      vnp_ResponseCode: "00",
      vnp_TmnCode: TMN,
      vnp_TransactionNo: "77000001",
      vnp_TransactionStatus: "00",
      vnp_TxnRef: retry.reference,
    });
    expect(await handleVnpayIpn(p.db, deps, { params: lateParams, ip: null, now: clock })).toMatchObject({ RspCode: "00" });
    expect((await attemptsOf(filed.requestId))[1]).toMatchObject({ state: "paid", late: 1 });
    expect(await requestOf(filed.requestId)).toMatchObject({ state: "paid" });
  });

  it("two tabs pay one request: the second gets the same open order, and the gateway blocks paying it twice", async () => {
    clock = NOW;
    const filed = await filedPayFirst();
    const actor = citizenActor(filed.owner);
    const tab1 = await startPayment(p.db, deps, { actor, code: filed.code, requestId: filed.requestId, provider: "vnpay", ip: "203.0.113.7", locale: "vi", now: clock });
    const tab2 = await startPayment(p.db, deps, { actor, code: filed.code, requestId: filed.requestId, provider: "vnpay", ip: "203.0.113.7", locale: "vi", now: new Date(clock.getTime() + 30_000) });
    if (!tab1.ok || tab1.kind !== "redirect" || !tab2.ok || tab2.kind !== "redirect") throw new Error("no redirect");
    expect(tab2.reference).toBe(tab1.reference);
    expect(await attemptsOf(filed.requestId)).toHaveLength(1);
    // Both tabs open the gateway's page; the first confirms; the second's confirmation is refused by the gateway.
    const page2 = await (await fetch(tab2.url)).text();
    await payAtGateway(tab1.url, "success");
    const session2 = /name="session" value="([^"]+)"/.exec(page2)![1]!;
    const second = await fetch(`${gateway.url}/paymentv2/pay`, { method: "POST", body: new URLSearchParams({ session: session2, outcome: "success", ipn: "on" }), redirect: "manual" });
    expect(second.status).toBe(400);
    expect((await attemptsOf(filed.requestId)).map((a) => a.state)).toEqual(["paid"]);
    expect(await receiptsOf(filed.requestId)).toHaveLength(1);
  });

  it("a second payment for a paid request (a VNPay order and a transfer both paid) is flagged a duplicate and refunded through the gateway", async () => {
    clock = NOW;
    const filed = await filedPayFirst();
    const actor = citizenActor(filed.owner);
    const transfer = await startPayment(p.db, deps, { actor, code: filed.code, requestId: filed.requestId, provider: "vietqr", ip: "203.0.113.7", locale: "vi", now: clock });
    const online = await startPayment(p.db, deps, { actor, code: filed.code, requestId: filed.requestId, provider: "vnpay", ip: "203.0.113.7", locale: "vi", now: clock });
    if (!transfer.ok || !online.ok || online.kind !== "redirect") throw new Error("not started");
    await payAtGateway(online.url, "success");
    // The bank statement then shows the transfer too.
    const outcome = await p.db.transaction().execute((trx) => settleTransfer(trx, deps, { reference: transfer.reference, amount: 200_000, bankRef: "FT26335000001", bookedOn: "2026-12-01", now: clock }));
    expect(outcome).toBe("recorded");
    const attempts = await attemptsOf(filed.requestId);
    expect(attempts.find((a) => a.provider === "vietqr")).toMatchObject({ state: "paid", review_reason: "duplicate" });
    expect(await receiptsOf(filed.requestId)).toHaveLength(1);
    // A VNPay duplicate goes back through the refund API; here the transfer is the duplicate: an officer refunds it by hand.
    const manual = await refundPayment(p.db, deps, { actor: approver, code: filed.code, reference: transfer.reference, reason: "Nộp trùng: đã thanh toán qua VNPay", now: clock });
    expect(manual).toEqual({ ok: true, method: "manual" });
    expect(await requestOf(filed.requestId)).toMatchObject({ state: "paid" });
    const audit = await p.db.selectFrom("audit_events").select(["action", "actor_id"]).where("action", "=", "payment.refund").where("entity_id", "=", attempts.find((a) => a.provider === "vietqr")!.id).execute();
    expect(audit).toEqual([{ action: "payment.refund", actor_id: approver.userId }]);

    // And the other way round: the VNPay payment arrives second and the sweep refunds it through the gateway.
    const filed2 = await filedPayFirst();
    const actor2 = citizenActor(filed2.owner);
    const t2 = await startPayment(p.db, deps, { actor: actor2, code: filed2.code, requestId: filed2.requestId, provider: "vietqr", ip: "203.0.113.7", locale: "vi", now: clock });
    const o2 = await startPayment(p.db, deps, { actor: actor2, code: filed2.code, requestId: filed2.requestId, provider: "vnpay", ip: "203.0.113.7", locale: "vi", now: clock });
    if (!t2.ok || !o2.ok || o2.kind !== "redirect") throw new Error("not started");
    await p.db.transaction().execute((trx) => settleTransfer(trx, deps, { reference: t2.reference, amount: 200_000, bankRef: "FT26335000002", bookedOn: "2026-12-01", now: clock }));
    await payAtGateway(o2.url, "success");
    expect((await attemptsOf(filed2.requestId)).find((a) => a.provider === "vnpay")).toMatchObject({ state: "paid", review_reason: "duplicate" });
    const swept = await sweepPayments(p.db, deps, clock);
    expect(swept.refunded).toBe(1);
    expect((await attemptsOf(filed2.requestId)).find((a) => a.provider === "vnpay")).toMatchObject({ state: "refunded", refund_method: "gateway" });
    expect(await requestOf(filed2.requestId)).toMatchObject({ state: "paid" });
  });

  it("pay later: the handler asks for the fees (4 → 6, the clock stops); the IPN pays them and the dossier resumes at 4 with its due date moved", async () => {
    clock = NOW;
    const filed = await fileOnline(p, { now: NOW });
    expect(await act(p.db, services, receiver, filed.id, "accept")).toMatchObject({ ok: true });
    expect(await act(p.db, services, receiver, filed.id, "forward")).toMatchObject({ ok: true, status: 4 });
    const before = await dossierRow(p.db, filed.id);
    const asked = await requestDossierPayment(p.db, deps, {
      actor: handler,
      code: filed.code,
      version: before.version,
      lines: [
        { name: "Phí cung cấp thông tin lý lịch tư pháp", kind: "phi", quantity: 1, amount: 200_000 },
        { name: "Lệ phí cấp thêm phiếu", kind: "le_phi", quantity: 1, amount: 5_000 },
      ],
      note: "Nộp trong 5 ngày làm việc",
      now: clock,
    });
    expect(asked).toMatchObject({ ok: true });
    const waiting = await dossierRow(p.db, filed.id);
    expect(waiting).toMatchObject({ status: 6, waiting_for: "payment" });
    expect(waiting.paused_at).not.toBeNull();
    // Asked twice (a stale page): the engine's 409, and no second request.
    expect(await requestDossierPayment(p.db, deps, { actor: handler, code: filed.code, version: before.version, lines: [{ name: "x", kind: "phi", quantity: 1, amount: 1 }], note: null, now: clock })).toMatchObject({ ok: false, engine: { status: 409 } });
    const page = (await paymentPage(p.db, deps.settings, { actor: citizenActor(filed.owner), code: filed.code }))!;
    expect(page.requests).toHaveLength(1);
    expect(page.requests[0]).toMatchObject({ mode: "pay_later", total: 205_000, payable: true });
    // Two working days later the citizen pays.
    clock = new Date(NOW.getTime() + 2 * 86_400_000);
    const started = await startPayment(p.db, deps, { actor: citizenActor(filed.owner), code: filed.code, requestId: page.requests[0]!.id, provider: "vnpay", ip: "203.0.113.7", locale: "en", now: clock });
    if (!started.ok || started.kind !== "redirect") throw new Error("no redirect");
    expect(new URL(started.url).searchParams.get("vnp_Locale")).toBe("en");
    await payAtGateway(started.url, "success");
    const resumed = await dossierRow(p.db, filed.id);
    expect(resumed).toMatchObject({ status: 4, paused_at: null });
    expect(Date.parse(resumed.due_at!)).toBeGreaterThan(Date.parse(waiting.due_at!));
    // One receipt per kind: phí and lệ phí apart, numbered one after the other in the series.
    const receipts = await receiptsOf(page.requests[0]!.id);
    expect(receipts.map((r) => [r.kind, Number(r.amount)])).toEqual([
      ["phi", 200_000],
      ["le_phi", 5_000],
    ]);
    expect(receipts[1]!.number).toBe(receipts[0]!.number + 1);
    const history = await p.db.selectFrom("dossier_events").select(["note_key", "status_to", "clock"]).where("dossier_id", "=", filed.id).orderBy("at").execute();
    expect(history.slice(-2)).toEqual([
      { note_key: "history.paymentRequested", status_to: 6, clock: "pause" },
      { note_key: "history.paymentConfirmed", status_to: 4, clock: "resume" },
    ]);
  });

  it("the counter: a receiving officer records cash (paid, receipt, audit); a handler may not; a refund needs the refund permission", async () => {
    clock = NOW;
    const filed = await filedPayFirst();
    expect(await recordCounterPayment(p.db, deps, { actor: handler, code: filed.code, requestId: filed.requestId, note: null, now: clock })).toMatchObject({ ok: false });
    const paid = await recordCounterPayment(p.db, deps, { actor: receiver, code: filed.code, requestId: filed.requestId, note: "Tiền mặt", ip: "10.0.0.5", now: clock });
    if (!paid.ok) throw new Error(JSON.stringify(paid));
    expect(await requestOf(filed.requestId)).toMatchObject({ state: "paid" });
    expect((await attemptsOf(filed.requestId))[0]).toMatchObject({ provider: "counter", state: "paid", created_by: receiver.userId });
    expect(await recordCounterPayment(p.db, deps, { actor: receiver, code: filed.code, requestId: filed.requestId, note: null, now: clock })).toMatchObject({ ok: false, status: 409 });
    expect(await refundPayment(p.db, deps, { actor: receiver, code: filed.code, reference: paid.reference, reason: "Thu nhầm", now: clock })).toMatchObject({ ok: false, status: 403 });
    const refunded = await refundPayment(p.db, deps, { actor: approver, code: filed.code, reference: paid.reference, reason: "Người nộp thuộc diện miễn phí", now: clock });
    expect(refunded).toEqual({ ok: true, method: "manual" });
    expect(await requestOf(filed.requestId)).toMatchObject({ state: "refunded" });
    expect((await receiptsOf(filed.requestId)).map((r) => r.status)).toEqual(["cancelled"]);
    // A refund twice: refused.
    expect(await refundPayment(p.db, deps, { actor: approver, code: filed.code, reference: paid.reference, reason: "Lần nữa", now: clock })).toMatchObject({ ok: false, status: 409 });
    const attemptId = (await attemptsOf(filed.requestId))[0]!.id;
    const audit = await p.db.selectFrom("audit_events").select("action").where("entity_id", "in", [filed.requestId, attemptId]).orderBy("occurred_at").orderBy("action").execute();
    expect(audit.map((a) => a.action)).toEqual(["payment.counter", "payment.refund"]);
  });

  it("an exempt applicant: the officer waives the request with its basis (audited); the dossier moves on, no receipt, no payment possible", async () => {
    clock = NOW;
    const filed = await filedPayFirst();
    expect(await waiveRequest(p.db, deps, { actor: receiver, code: filed.code, requestId: filed.requestId, basis: "", now: clock })).toMatchObject({ ok: false, status: 400 });
    expect(await waiveRequest(p.db, deps, { actor: handler, code: filed.code, requestId: filed.requestId, basis: "Người có công với cách mạng", now: clock })).toMatchObject({ ok: false });
    expect(await waiveRequest(p.db, deps, { actor: receiver, code: filed.code, requestId: filed.requestId, basis: "Người có công với cách mạng (thẻ số 123)", now: clock })).toEqual({ ok: true });
    const page = (await paymentPage(p.db, deps.settings, { actor: citizenActor(filed.owner), code: filed.code }))!;
    expect(page.requests[0]).toMatchObject({ state: "cancelled", waivedBasis: "Người có công với cách mạng (thẻ số 123)", payable: false, receipts: [] });
    expect(await dossierRow(p.db, filed.id)).toMatchObject({ status: 1, waiting_for: "receiving_officer" });
    expect(await act(p.db, services, receiver, filed.id, "accept")).toMatchObject({ ok: true });
    expect(await startPayment(p.db, deps, { actor: citizenActor(filed.owner), code: filed.code, requestId: filed.requestId, provider: "vnpay", ip: "1.1.1.1", locale: "vi", now: clock })).toMatchObject({ ok: false, status: 409 });
    const audit = await p.db.selectFrom("audit_events").select("action").where("entity_id", "=", filed.requestId).execute();
    expect(audit).toEqual([{ action: "payment.waive" }]);
  });

  it("nobody else's dossier: another citizen cannot see or pay it, an official of another agency cannot read its payments", async () => {
    clock = NOW;
    const filed = await filedPayFirst();
    const stranger = citizenActor((await fileOnline(p, { now: NOW })).owner);
    expect(await paymentPage(p.db, deps.settings, { actor: stranger, code: filed.code })).toBeNull();
    expect(await startPayment(p.db, deps, { actor: stranger, code: filed.code, requestId: filed.requestId, provider: "vnpay", ip: "1.1.1.1", locale: "vi", now: clock })).toMatchObject({ ok: false, status: 404 });
    const elsewhere = await officialAt(p.db, p.other, ["receiving_officer"], "Cán bộ nơi khác");
    expect(await recordCounterPayment(p.db, deps, { actor: elsewhere, code: filed.code, requestId: filed.requestId, note: null, now: clock })).toMatchObject({ ok: false, status: 404 });
  });
});
