import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engines } from "../../db/testing";
import { NOW, officialAt, provinceDatabase, type Province } from "../domain/dossiers/back-office.fixture.server";
import * as repo from "../domain/payments/payments.repo.server";
import { payableDossier, startAs, statementCsv, testPaymentDeps } from "../domain/payments/reconciliation.fixture.server";
import { createDiskBlobStore } from "../platform/blob-store.server";
import { engineOf } from "../platform/db.server";
import { createLogger } from "../platform/logger.server";
import { createDatabaseSessionStorage } from "../platform/session.server";
import { action as reportAction, loader as reportLoader } from "./office.payments";
import { action as reviewAction, loader as reviewLoader } from "./office.payments.review";
import { action as importAction } from "./office.payments.statements";

// The reconciliation pages answering what the use cases say (issue 9): a handler may read but not import (403); a bad
// statement is a 400 with its errors, a file that is not a form or not UTF-8 a 400, the same file twice a 409, never a
// 500; a good one pays its transfer; the report's bad day is a 400 with the field's error; the review queue's resolve
// needs a note (400) and then redirects.

async function outcome(run: () => Promise<unknown>): Promise<{ status: number; body?: unknown; location: string | null }> {
  let result: unknown;
  try {
    result = await run();
  } catch (error) {
    result = error;
  }
  if (result instanceof Response) return { status: result.status, location: result.headers.get("Location") };
  const init = (result as { init?: { status?: number } }).init;
  return { status: init?.status ?? 200, body: (result as { data?: unknown }).data ?? result, location: null };
}

describe.each(engines)("the reconciliation routes on %s", (engine) => {
  let p: Province;
  let context: AppLoadContext;
  let cookieOf: (userId: string) => Promise<string>;
  beforeAll(async () => {
    p = await provinceDatabase(engine);
    const sessionStorage = createDatabaseSessionStorage(p.db, { secrets: ["s".repeat(32)], secure: false });
    context = {
      db: p.db,
      engine: engineOf(p.db),
      logger: createLogger("silent"),
      sessionStorage,
      blobs: createDiskBlobStore(`${p.dir}/blobs`),
      requestId: "r",
      clientIp: "192.0.2.1",
      origin: "http://portal.test",
    } as unknown as AppLoadContext;
    cookieOf = async (userId) => {
      const session = await sessionStorage.getSession();
      session.set("userId", userId);
      session.set("secondFactorAt", NOW.toISOString());
      return (await sessionStorage.commitSession(session)).split(";")[0]!;
    };
  });
  afterAll(() => p.close());

  const upload = (cookie: string, csv: string | Uint8Array<ArrayBuffer>, name = "sao-ke.csv") => {
    const form = new FormData();
    form.set("statement", new File([csv], name, { type: "text/csv" }));
    return outcome(() => importAction({ request: new Request("http://portal.test/office/payments/statements", { method: "POST", headers: { Cookie: cookie }, body: form }), params: {}, context }));
  };

  it("import: 403 for a handler, 400 for bad files, the statement's errors, a transfer paid, 409 for the same file", async () => {
    const officer = await officialAt(p.db, p.centre, ["receiving_officer"]);
    const handler = await officialAt(p.db, p.centre, ["handler"]);
    const [officerCookie, handlerCookie] = [await cookieOf(officer.userId), await cookieOf(handler.userId)];
    const deps = testPaymentDeps(p.dir);
    const d = await payableDossier(p, { id: p.centre, code: "000.01.01.H22" }, { now: NOW });
    const reference = await startAs(p, deps, d, "vietqr", NOW);
    const csv = statementCsv([["01/12/2026", "R1", 200_000, `${reference} LE PHI`]]);

    expect((await upload(handlerCookie, csv)).status).toBe(403);
    expect((await repo.findAttemptByReference(p.db, reference))!.state).toBe("pending");

    const bad = await upload(officerCookie, "Ngày,Ghi có,Nội dung\n01/12/2026,abc,x\n");
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ errors: [{ key: "payments:statement.errors.badAmount", params: { row: 2 } }] });
    expect((await upload(officerCookie, new Uint8Array([0x4e, 0x67, 0xe0, 0x79, 0xff, 0xfe]))).body).toMatchObject({ errors: [{ key: "payments-office:errors.notText" }] });
    const notForm = await outcome(() =>
      importAction({
        request: new Request("http://portal.test/office/payments/statements", { method: "POST", headers: { Cookie: officerCookie, "Content-Type": "application/x-www-form-urlencoded" }, body: "" }),
        params: {},
        context,
      }),
    );
    expect(notForm.status).toBe(400);
    const noFile = new FormData();
    noFile.set("other", "x");
    const empty = await outcome(() => importAction({ request: new Request("http://portal.test/office/payments/statements", { method: "POST", headers: { Cookie: officerCookie }, body: noFile }), params: {}, context }));
    expect(empty).toMatchObject({ status: 400, body: { errors: [{ key: "payments-office:errors.chooseFile" }] } });

    const good = await upload(officerCookie, csv);
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({ errors: [], imported: { fileName: "sao-ke.csv", total: 1, counts: { matched: 1 }, unmatched: [] } });
    expect((await repo.findAttemptByReference(p.db, reference))!.state).toBe("paid");
    const again = await upload(officerCookie, csv, "sao-ke (1).csv");
    expect(again).toMatchObject({ status: 409, body: { errors: [{ key: "payments-office:errors.duplicateFile" }] } });

    // The day's VietQR report shows it matched; a day that does not exist is the field's error.
    const report = await outcome(() => reportLoader({ request: new Request("http://portal.test/office/payments?day-day=1&day-month=12&day-year=2026&provider=vietqr", { headers: { Cookie: handlerCookie } }), params: {}, context }));
    expect(report.status).toBe(200);
    const buckets = (report.body as { report: { buckets: { name: string; items: { reference: string | null }[] }[] } }).report.buckets;
    expect(buckets.find((b) => b.name === "matched")!.items.map((i) => i.reference)).toContain(reference);
    const badDay = await outcome(() => reportLoader({ request: new Request("http://portal.test/office/payments?day-day=30&day-month=2&day-year=2026&provider=vnpay", { headers: { Cookie: handlerCookie } }), params: {}, context }));
    expect(badDay).toMatchObject({ status: 400, body: { report: null, errors: [{ field: "day", message: "payments-office:errors.badDay" }] } });
    const badProvider = await outcome(() => reportLoader({ request: new Request("http://portal.test/office/payments?day-day=1&day-month=12&day-year=2026&provider=cash", { headers: { Cookie: handlerCookie } }), params: {}, context }));
    expect(badProvider).toMatchObject({ status: 400, body: { errors: [{ field: "provider" }] } });
    // The default: yesterday, VNPay.
    const byDefault = await outcome(() => reportLoader({ request: new Request("http://portal.test/office/payments", { headers: { Cookie: handlerCookie } }), params: {}, context }));
    expect(byDefault).toMatchObject({ status: 200, body: { report: { provider: "vnpay" }, mayAsk: false } });
  });

  it("ask: 403 for a handler; without VNPay configured a 409, not a 500; review: a note is required, then resolved", async () => {
    const officer = await officialAt(p.db, p.centre, ["receiving_officer"]);
    const handler = await officialAt(p.db, p.centre, ["handler"]);
    const [officerCookie, handlerCookie] = [await cookieOf(officer.userId), await cookieOf(handler.userId)];
    const post = (run: (args: Parameters<typeof reportAction>[0]) => Promise<unknown>, path: string, cookie: string, fields: Record<string, string>) =>
      outcome(() =>
        run({
          request: new Request(`http://portal.test${path}`, { method: "POST", headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() }),
          params: {},
          context,
        }),
      );
    expect((await post(reportAction, "/office/payments", handlerCookie, { intent: "ask", day: "2026-12-01" })).status).toBe(403);
    expect(await post(reportAction, "/office/payments", officerCookie, { intent: "ask", day: "2026-13-01" })).toMatchObject({ status: 400, body: { error: "payments-office:errors.badDay" } });
    expect(await post(reportAction, "/office/payments", officerCookie, { intent: "ask", day: "2026-12-01" })).toMatchObject({ status: 409, body: { error: "payments-office:errors.providerOff" } });

    const deps = testPaymentDeps(p.dir);
    const d = await payableDossier(p, { id: p.centre, code: "000.01.01.H22" }, { now: NOW });
    const reference = await startAs(p, deps, d, "vietqr", NOW);
    const form = new FormData();
    form.set("statement", new File([statementCsv([["01/12/2026", "S1", 1_000, `${reference}`]])], "s.csv", { type: "text/csv" }));
    const imported = await outcome(() => importAction({ request: new Request("http://portal.test/office/payments/statements", { method: "POST", headers: { Cookie: officerCookie }, body: form }), params: {}, context }));
    expect(imported.body).toMatchObject({ imported: { counts: { amountDiffers: 1 } } });

    const queue = await outcome(() => reviewLoader({ request: new Request("http://portal.test/office/payments/review", { headers: { Cookie: handlerCookie } }), params: {}, context }));
    const attempts = (queue.body as { attempts: { id: string; reference: string; mayResolve: boolean }[] }).attempts;
    const item = attempts.find((a) => a.reference === reference)!;
    expect(item.mayResolve).toBe(false);
    expect((await post(reviewAction, "/office/payments/review", handlerCookie, { kind: "attempt", id: item.id, note: "x" })).status).toBe(403);
    expect(await post(reviewAction, "/office/payments/review", officerCookie, { kind: "attempt", id: item.id, note: "   " })).toMatchObject({ status: 400, body: { id: item.id, error: "payments-office:errors.noteRequired" } });
    expect((await post(reviewAction, "/office/payments/review", officerCookie, { kind: "attempt", id: "not-an-id", note: "x" })).status).toBe(400);
    const done = await post(reviewAction, "/office/payments/review", officerCookie, { kind: "attempt", id: item.id, note: "Đã yêu cầu nộp bổ sung" });
    expect(done).toMatchObject({ status: 302, location: "/office/payments/review" });
    expect((await repo.findAttemptByReference(p.db, reference))!.reviewed_by).toBe(officer.userId);
    expect((await post(reviewAction, "/office/payments/review", officerCookie, { kind: "attempt", id: item.id, note: "lần hai" })).status).toBe(409);
  });
});
