// The officials' reconciliation (issue 9, shared/domain/payments.md §3, §5.3) on both databases: a bank statement pays
// the transfers it matches (receipts issued), flags another amount, is refused the second time, and calls a second
// transfer a duplicate; the daily report's buckets per provider; askGateway; the review queue and its resolution; what
// an official of another agency (or without the permission) sees and may do.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engines } from "../../../db/testing";
import { NOW, officialAt, provinceDatabase, type Province } from "../dossiers/back-office.fixture.server";
import { handleVnpayIpn, settleForTests } from "./payments.server";
import * as repo from "./payments.repo.server";
import { askGateway, importStatement, reconciliationReport, resolveReviewItem, reviewQueue } from "./reconciliation.server";
import { yesterdayInVietnam } from "./reconciliation";
import { payableDossier, signedIpn, startAs, statementCsv, testPaymentDeps, type GatewayAnswer } from "./reconciliation.fixture.server";

const DAY = "2026-12-01"; // NOW is 09:00 on 1 December 2026 in Hà Giang
const LATER = new Date(NOW.getTime() + 3_600_000);

describe.each(engines)("payments reconciliation on %s", (engine) => {
  let p: Province;
  let centre: { id: string; code: string };
  let otherAgency: { id: string; code: string };
  const gateway = new Map<string, GatewayAnswer>();
  const amounts = new Map<string, number>();
  let deps: ReturnType<typeof testPaymentDeps>;

  beforeAll(async () => {
    p = await provinceDatabase(engine);
    centre = { id: p.centre, code: "000.01.01.H22" };
    const other = await p.db.selectFrom("agencies").select(["id", "code"]).where("id", "=", p.other).executeTakeFirstOrThrow();
    otherAgency = { id: other.id, code: other.code };
    deps = testPaymentDeps(p.dir, gateway, amounts);
  });
  afterAll(() => p.close());

  const collector = () => officialAt(p.db, p.centre, ["receiving_officer"], "Trần Thu Ngân");
  const attempt = async (reference: string) => (await repo.findAttemptByReference(p.db, reference))!;

  it("a matched line pays the transfer and issues its receipts; the same file again is refused; its bank refs are not paid twice", async () => {
    const officer = await collector();
    const d = await payableDossier(p, centre, { now: NOW });
    const reference = await startAs(p, deps, d, "vietqr", NOW);
    const csv = statementCsv([
      ["01/12/2026", "FT001", 200_000, `${reference} LE PHI HS ${d.code}`],
      ["01/12/2026", "FT002", 75_000, "NGUYEN VAN A chuyen tien"],
    ]);
    const r = await importStatement(p.db, deps, { actor: officer, fileName: "sao-ke.csv", text: csv, now: LATER });
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(r.counts.matched).toBe(1);
    expect(r.counts.noReference).toBe(1);
    expect((await attempt(reference)).state).toBe("paid");
    const request = (await repo.findRequest(p.db, d.requestId))!;
    expect(request.state).toBe("paid");
    const receipts = await repo.receiptsOfRequests(p.db, [d.requestId]);
    expect(receipts.map((x) => [x.kind, Number(x.amount)]).sort()).toEqual([["le_phi", 50_000], ["phi", 150_000]]);
    expect(receipts.every((x) => x.file_id !== null)).toBe(true);
    const lines = await p.db.selectFrom("statement_lines").selectAll().where("import_id", "=", r.importId).orderBy("row_number").execute();
    expect(lines.map((l) => [l.match, l.attempt_id])).toEqual([["matched", (await attempt(reference)).id], ["noReference", null]]);
    const audit = await p.db.selectFrom("audit_events").selectAll().where("entity_id", "=", r.importId).execute();
    expect(audit.map((a) => a.action)).toEqual(["payment.statementImport"]);

    const again = await importStatement(p.db, deps, { actor: officer, fileName: "sao-ke (1).csv", text: csv, now: LATER });
    expect(again).toMatchObject({ ok: false, status: 409, message: "payments-office:errors.duplicateFile" });
    // The same lines in another export (one more line): already imported, nothing paid twice.
    const overlapping = await importStatement(p.db, deps, { actor: officer, fileName: "sao-ke-2.csv", text: csv + `01/12/2026 11:00:00,FT003,,"10,000","PHI KHAC"\n`, now: LATER });
    if (!overlapping.ok) throw new Error(JSON.stringify(overlapping));
    expect(overlapping.counts).toMatchObject({ alreadyImported: 2, noReference: 1, matched: 0 });
    expect(await repo.receiptsOfRequests(p.db, [d.requestId])).toHaveLength(2);
  });

  it("a line of another amount flags the transfer and pays nothing; a second transfer for a paid one is alreadyPaid", async () => {
    const officer = await collector();
    const short = await payableDossier(p, centre, { now: NOW });
    const shortRef = await startAs(p, deps, short, "vietqr", NOW);
    const twice = await payableDossier(p, centre, { now: NOW });
    const twiceRef = await startAs(p, deps, twice, "vietqr", NOW);
    const csv = statementCsv([
      ["01/12/2026", "FT101", 150_000, `${shortRef} LE PHI`],
      ["01/12/2026", "FT102", 200_000, `${twiceRef} LE PHI`],
      ["01/12/2026", "FT103", 200_000, `${twiceRef} LE PHI lan 2`],
    ]);
    const r = await importStatement(p.db, deps, { actor: officer, fileName: "sk.csv", text: csv, now: LATER });
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(r.counts).toMatchObject({ matched: 1, amountDiffers: 1, alreadyPaid: 1 });
    const flagged = await attempt(shortRef);
    expect([flagged.state, flagged.review_reason]).toEqual(["pending", "amountDiffers"]);
    expect((await repo.findRequest(p.db, short.requestId))!.state).not.toBe("paid");
    expect(await repo.receiptsOfRequests(p.db, [short.requestId])).toHaveLength(0);
    expect(await repo.receiptsOfRequests(p.db, [twice.requestId])).toHaveLength(2);

    // The review queue holds the flagged transfer and the duplicate line; resolving needs a note and is audited.
    const queue = await reviewQueue(p.db, { actor: officer });
    if (!queue.ok) throw new Error(JSON.stringify(queue));
    const item = queue.attempts.find((a) => a.reference === shortRef)!;
    expect(item).toMatchObject({ reason: "amountDiffers", amount: 200_000, mayResolve: true });
    const dup = queue.lines.find((l) => l.bankRef === "FT103")!;
    expect(dup).toMatchObject({ match: "alreadyPaid", reference: twiceRef, dossierCode: twice.code });
    expect(await resolveReviewItem(p.db, { actor: officer, kind: "attempt", id: item.id, note: "  ", now: LATER })).toMatchObject({ ok: false, status: 400 });
    expect(await resolveReviewItem(p.db, { actor: officer, kind: "attempt", id: item.id, note: "Đã yêu cầu nộp bổ sung 50.000 đ", now: LATER })).toEqual({ ok: true });
    expect(await resolveReviewItem(p.db, { actor: officer, kind: "attempt", id: item.id, note: "lần hai", now: LATER })).toMatchObject({ ok: false, status: 409 });
    expect(await resolveReviewItem(p.db, { actor: officer, kind: "line", id: dup.id, note: "Đã hoàn trả", now: LATER })).toEqual({ ok: true });
    const after = await reviewQueue(p.db, { actor: officer });
    if (!after.ok) throw new Error("queue");
    expect(after.attempts.map((a) => a.id)).not.toContain(item.id);
    expect(after.lines.map((l) => l.id)).not.toContain(dup.id);
    const audit = await p.db.selectFrom("audit_events").select("action").where("entity_id", "in", [item.id, dup.id]).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(["payment.reviewResolved", "payment.statementLineResolved"]);

    // A handler may read the queue but not resolve.
    const handler = await officialAt(p.db, p.centre, ["handler"]);
    expect(await resolveReviewItem(p.db, { actor: handler, kind: "line", id: dup.id, note: "x", now: LATER })).toMatchObject({ ok: false, status: 403 });
  });

  it("refuses a handler's import and returns a bad file's errors, storing nothing", async () => {
    const handler = await officialAt(p.db, p.centre, ["handler"]);
    const officer = await collector();
    const before = await p.db.selectFrom("statement_imports").select("id").execute();
    expect(await importStatement(p.db, deps, { actor: handler, fileName: "a.csv", text: statementCsv([["01/12/2026", "X1", 1000, "x"]]), now: LATER })).toMatchObject({ ok: false, status: 403 });
    const bad = await importStatement(p.db, deps, { actor: officer, fileName: "b.csv", text: "Ngày,Ghi có,Nội dung\n31/02/2026,1000,x\n", now: LATER });
    expect(bad).toMatchObject({ ok: false, status: 400, errors: [{ row: 2, key: "payments:statement.errors.badDate" }] });
    expect(await p.db.selectFrom("statement_imports").select("id").execute()).toHaveLength(before.length);
  });

  it("the VNPay report: matched (signed IPN), portalOnly, providerOnly, amountDiffers, open; askGateway asks about the unconfirmed", async () => {
    const officer = await collector();
    const matched = await payableDossier(p, centre, { now: NOW });
    const matchedRef = await startAs(p, deps, matched, "vnpay", NOW);
    expect(await handleVnpayIpn(p.db, deps, { params: signedIpn(matchedRef, 200_000, "14111111"), ip: "113.160.92.202", now: NOW })).toEqual({ RspCode: "00", Message: "Confirm Success" });

    const portal = await payableDossier(p, centre, { now: NOW });
    const portalRef = await startAs(p, deps, portal, "vnpay", NOW);
    // Paid in the portal with no gateway message on record.
    await p.db.transaction().execute(async (trx) => {
      await settleForTests(trx, deps, (await repo.findAttemptByReference(trx, portalRef))!, { paid: true, source: "reconciliation", providerTxnNo: null, bankCode: null, responseCode: null, providerPaidAt: null }, NOW);
    });

    const provider = await payableDossier(p, centre, { now: NOW });
    const providerRef = await startAs(p, deps, provider, "vnpay", NOW);
    await repo.insertCallback(p.db, { id: crypto.randomUUID(), provider: "vnpay", kind: "querydr", received_at: NOW.toISOString(), source_ip: null, raw: "vnp_TransactionStatus=00", signature_ok: 1, reference: providerRef, outcome: "paid" });

    const differs = await payableDossier(p, centre, { now: NOW });
    const differsRef = await startAs(p, deps, differs, "vnpay", NOW);
    expect((await handleVnpayIpn(p.db, deps, { params: signedIpn(differsRef, 100_000, "14222222"), ip: null, now: NOW })).RspCode).toBe("04");

    const open = await payableDossier(p, centre, { now: NOW });
    const openRef = await startAs(p, deps, open, "vnpay", NOW);

    const r = await reconciliationReport(p.db, deps, { actor: officer, provider: "vnpay", day: DAY });
    if (!r.ok) throw new Error(JSON.stringify(r));
    const bucket = (name: string) => r.report.buckets.find((b) => b.name === name)!.items.map((i) => i.reference);
    expect(bucket("matched")).toContain(matchedRef);
    expect(bucket("portalOnly")).toEqual([portalRef]);
    expect(bucket("providerOnly")).toEqual([providerRef]);
    expect(bucket("amountDiffers")).toEqual([differsRef]);
    expect(bucket("open")).toContain(openRef);
    expect(bucket("open")).not.toContain(matchedRef);
    const matchedItem = r.report.buckets.find((b) => b.name === "matched")!.items.find((i) => i.reference === matchedRef)!;
    expect(matchedItem).toMatchObject({ dossierCode: matched.code, amount: 200_000 });
    expect(r.report.totals.vnpay).toMatchObject({ count: 2, total: 400_000, phi: 300_000, lePhi: 100_000 });
    expect(r.report.askable).toBeGreaterThanOrEqual(2);

    // Another day: nothing.
    const other = await reconciliationReport(p.db, deps, { actor: officer, provider: "vnpay", day: "2026-11-30" });
    expect(other.ok && other.report.buckets.every((b) => b.items.length === 0)).toBe(true);

    // askGateway: VNPay says the portal-only one is paid (now confirmed) and the open one too (now paid).
    gateway.set(portalRef, "paid");
    amounts.set(portalRef, 200_000);
    gateway.set(openRef, "paid");
    amounts.set(openRef, 200_000);
    const asked = await askGateway(p.db, deps, { actor: officer, day: DAY, now: LATER });
    if (!asked.ok) throw new Error(JSON.stringify(asked));
    expect(asked.results.find((x) => x.reference === openRef)).toMatchObject({ before: "open", outcome: "paid" });
    expect(asked.results.find((x) => x.reference === portalRef)).toMatchObject({ before: "portalOnly", outcome: "unchanged" });
    expect(deps.asked).not.toContain(matchedRef);
    const again = await reconciliationReport(p.db, deps, { actor: officer, provider: "vnpay", day: DAY });
    if (!again.ok) throw new Error("report");
    const matchedNow = again.report.buckets.find((b) => b.name === "matched")!.items.map((i) => i.reference);
    expect(matchedNow).toEqual(expect.arrayContaining([matchedRef, portalRef, openRef]));
    expect(again.report.buckets.find((b) => b.name === "portalOnly")!.items).toHaveLength(0);

    const handler = await officialAt(p.db, p.centre, ["handler"]);
    expect(await askGateway(p.db, deps, { actor: handler, day: DAY, now: LATER })).toMatchObject({ ok: false, status: 403 });
  });

  it("the VietQR and counter reports; an official of another agency sees nothing", async () => {
    const officer = await collector();
    const d = await payableDossier(p, centre, { now: NOW });
    const reference = await startAs(p, deps, d, "vietqr", NOW);
    const pendingOne = await payableDossier(p, centre, { now: NOW });
    const pendingRef = await startAs(p, deps, pendingOne, "vietqr", NOW);
    // The statement of the 1st is imported on the 2nd: the transfer counts on its booking day.
    const r = await importStatement(p.db, deps, {
      actor: officer,
      fileName: "vietqr.csv",
      text: statementCsv([
        ["01/12/2026", "QR1", 200_000, `${reference}`],
        ["01/12/2026", "QR2", 99_000, "khong ro noi dung"],
      ]),
      now: new Date(NOW.getTime() + 86_400_000),
    });
    expect(r.ok).toBe(true);
    const report = await reconciliationReport(p.db, deps, { actor: officer, provider: "vietqr", day: DAY });
    if (!report.ok) throw new Error(JSON.stringify(report));
    const refs = (name: string) => report.report.buckets.find((b) => b.name === name)!.items;
    expect(refs("matched").map((i) => i.reference)).toContain(reference);
    expect(refs("statementOnly").map((i) => i.bankRef)).toContain("QR2");
    expect(refs("open").map((i) => i.reference)).toContain(pendingRef);
    expect(refs("open").map((i) => i.reference)).not.toContain(reference);
    const matchedSum = refs("matched").reduce((s, i) => s + i.amount, 0);
    expect(report.report.totals.vietqr).toMatchObject({ total: matchedSum, count: refs("matched").length });
    expect(report.report.totals.vietqr.phi + report.report.totals.vietqr.lePhi).toBe(matchedSum);
    expect(report.report.totals.vietqr.phi).toBeGreaterThan(0);

    const counter = await reconciliationReport(p.db, deps, { actor: officer, provider: "counter", day: DAY });
    expect(counter.ok && counter.report.buckets[0]!.name).toBe("counter");

    const stranger = await officialAt(p.db, otherAgency.id, ["receiving_officer", "approver"]);
    for (const provider of ["vnpay", "vietqr", "counter"] as const) {
      const seen = await reconciliationReport(p.db, deps, { actor: stranger, provider, day: DAY });
      if (!seen.ok) throw new Error(JSON.stringify(seen));
      // Lines nobody matched belong to the collectors (the stranger collects for their agency); nothing of the centre's.
      const items = seen.report.buckets.flatMap((b) => b.items);
      expect(items.filter((i) => i.dossierCode !== null)).toEqual([]);
      expect(Object.values(seen.report.totals).every((t) => t.count === 0)).toBe(true);
    }
    const strangerHandler = await officialAt(p.db, otherAgency.id, ["handler"]);
    const q = await reviewQueue(p.db, { actor: strangerHandler });
    expect(q.ok && q.attempts.length + q.lines.length).toBe(0);
    const citizen = await reconciliationReport(p.db, deps, { actor: { kind: "citizen", userId: d.owner, actingFor: null }, provider: "vnpay", day: DAY });
    expect(citizen).toMatchObject({ ok: false, status: 403 });
  });

  it("the counter's payments carry the officer's name; a bad day is refused", async () => {
    const { recordCounterPayment } = await import("./payments.server");
    const officer = await collector();
    const d = await payableDossier(p, centre, { now: NOW });
    const paid = await recordCounterPayment(p.db, deps, { actor: officer, code: d.code, requestId: d.requestId, note: null, now: NOW });
    if (!paid.ok) throw new Error(JSON.stringify(paid));
    const r = await reconciliationReport(p.db, deps, { actor: officer, provider: "counter", day: DAY });
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(r.report.buckets[0]!.items.find((i) => i.reference === paid.reference)).toMatchObject({ officer: "Trần Thu Ngân", amount: 200_000, dossierCode: d.code });
    expect(r.report.totals.counter.count).toBeGreaterThanOrEqual(1);
    expect(await reconciliationReport(p.db, deps, { actor: officer, provider: "counter", day: "2026-02-30" })).toMatchObject({ ok: false, status: 400 });
  });
});

describe("yesterdayInVietnam", () => {
  it("is the day before in Hà Giang, across midnight UTC", () => {
    expect(yesterdayInVietnam(new Date("2026-12-01T02:00:00Z"))).toBe("2026-11-30");
    expect(yesterdayInVietnam(new Date("2026-12-01T18:00:00Z"))).toBe("2026-12-01");
  });
});
