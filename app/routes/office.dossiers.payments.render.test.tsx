import type { AppLoadContext } from "@remix-run/node";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import common from "../../locales/vi/common.json";
import dossiers from "../../locales/vi/dossiers.json";
import files from "../../locales/vi/files.json";
import filing from "../../locales/vi/filing.json";
import forms from "../../locales/vi/forms.json";
import payments from "../../locales/vi/payments.json";
import paymentsDesk from "../../locales/vi/payments-desk.json";
import { act, capturingServices, fileOnline, officialAt, provinceDatabase, type OfficialActor, type Province } from "../domain/dossiers/back-office.fixture.server";
import { actionPageDossier, officialDossierView } from "../domain/dossiers/office.server";
import { SUPPLEMENT_RESPONSE_WORKING_DAYS_DEFAULT } from "../domain/dossiers/workflow";
import { suggestedPaymentLines } from "../domain/payments/office.server";
import { officialPayments, recordCounterPayment, requestDossierPayment } from "../domain/payments/payments.server";
import { createDiskBlobStore } from "../platform/blob-store.server";
import { paymentDeps } from "../platform/payment-services.server";
import { pageRenderer, pageState } from "./render-page.test-helper";

// The officials' payment pages drawn on the server (no JavaScript), from a real dossier: the request form prefilled
// from the catalog with one empty line and its errors inline and summarised; the payments page with its request,
// attempt, receipts and the forms each official may use; the short section on the dossier page.

vi.mock("@remix-run/react", async () => (await import("./render-page.test-helper")).remixReactStub);
const { default: ActionPage } = await import("./office.dossiers.$code.$action");
const { default: PaymentsPage } = await import("./office.dossiers.$code.payments");
const { default: DossierPage } = await import("./office.dossiers.$code");
const render = pageRenderer({ common, dossiers, files, filing, forms, payments, "payments-desk": paymentsDesk });

describe("the officials' payment pages drawn on the server", () => {
  let p: Province;
  let code: string;
  let receiver: OfficialActor;
  let handler: OfficialActor;
  let context: AppLoadContext;

  beforeAll(async () => {
    p = await provinceDatabase("sqlite");
    receiver = await officialAt(p.db, p.centre, ["receiving_officer"]);
    handler = await officialAt(p.db, p.justice, ["handler"]);
    context = { db: p.db, blobs: createDiskBlobStore(join(p.dir, "blobs")), origin: "http://portal.test", signing: { demoRootPem: async () => null } } as unknown as AppLoadContext;
    const now = new Date();
    const filed = await fileOnline(p, { now });
    code = filed.code;
    const payFirst = (await officialPayments(p.db, { actor: receiver, code }))?.requests.find((r) => r.mode === "pay_first");
    if (payFirst) await recordCounterPayment(p.db, paymentDeps(context), { actor: receiver, code, requestId: payFirst.id, note: null });
    const services = capturingServices();
    await act(p.db, services, receiver, filed.id, "accept", {}, now);
    await act(p.db, services, receiver, filed.id, "forward", {}, now);
  });
  afterAll(() => p.close());

  it("draws the request form with the catalog's line, one empty line and the errors", async () => {
    const view = (await officialDossierView(p.db, { actor: handler, code }))!;
    const fees = await suggestedPaymentLines(p.db, { actor: handler, code });
    pageState.loader = { title: "Yêu cầu", action: "requestPayment", available: true, dossier: actionPageDossier(view), targets: [], defaultDays: SUPPLEMENT_RESPONSE_WORKING_DAYS_DEFAULT, fees };
    pageState.action = undefined;
    let html = render(<ActionPage />);
    expect(html).toContain('name="lines" value="2"');
    expect(html).toContain('value="Phí cung cấp thông tin lý lịch tư pháp"');
    expect(html).toMatch(/<input[^>]*id="line-0-amount" name="line-0-amount"[^>]*value="200000"\/>/);
    expect(html).toMatch(/<input[^>]*id="line-0-kind" name="line-0-kind" type="radio" checked="" value="phi"\/>/);
    expect(html).toContain("Khoản khác (nếu có)");
    expect(html).toContain('name="line-1-name"');
    expect(html).toContain("thu sau");
    pageState.action = { errors: [{ field: "line-1-amount", message: "payments:errors.lineAmount" }], values: { "line-1-name": ["Lệ phí bản sao"], "line-1-amount": ["ba mươi"] } };
    html = render(<ActionPage />);
    expect(html).toContain('href="#line-1-amount"');
    expect(html).toContain("Số tiền phải là số đồng nguyên");
    expect(html).toContain('value="ba mươi"');
    expect(html).toContain('value="Lệ phí bản sao"');
  });

  it("draws the payments page: the request, its lines, the counter form for the receiving officer, the receipts once paid", async () => {
    const view = (await officialDossierView(p.db, { actor: handler, code }))!;
    const asked = await requestDossierPayment(p.db, paymentDeps(context), { actor: handler, code, version: view.version, lines: [{ name: "Lệ phí cấp bản sao", kind: "le_phi", quantity: 2, amount: 30_000 }], note: null });
    expect(asked).toMatchObject({ ok: true });
    const requestId = (asked as { requestId: string }).requestId;

    pageState.loader = { title: `Phí, lệ phí của hồ sơ ${code}`, view: (await officialPayments(p.db, { actor: receiver, code }))!, flash: null };
    pageState.action = undefined;
    let html = render(<PaymentsPage />);
    expect(html).toContain("Phí, lệ phí cơ quan yêu cầu nộp");
    expect(html).toContain("Chưa thanh toán");
    expect(html).toContain("Lệ phí cấp bản sao");
    expect(html).toContain("30.000 ₫");
    expect(html).toContain(`name="requestId" value="${requestId}"`);
    expect(html).toContain("Đã thu đủ tiền");
    pageState.action = { errors: [{ field: `counter-confirm-${requestId}`, message: "payments:errors.confirmCounter" }], values: { intent: "counter", requestId, note: "Tiền mặt" } };
    html = render(<PaymentsPage />);
    expect(html).toContain(`href="#counter-confirm-${requestId}"`);
    expect(html).toContain(`id="counter-confirm-${requestId}"`);

    pageState.loader = { title: "x", view: (await officialPayments(p.db, { actor: handler, code }))!, flash: null };
    pageState.action = undefined;
    html = render(<PaymentsPage />);
    expect(html).not.toContain('name="intent" value="counter"');
    expect(html).toContain("Chỉ cán bộ tiếp nhận của cơ quan được ghi nhận thu tiền tại quầy.");

    expect(await recordCounterPayment(p.db, paymentDeps(context), { actor: receiver, code, requestId, note: null })).toMatchObject({ ok: true });
    const approver = await officialAt(p.db, p.justice, ["approver"]);
    const paid = (await officialPayments(p.db, { actor: approver, code }))!;
    pageState.loader = { title: "x", view: paid, flash: "payments-desk:done.counter" };
    html = render(<PaymentsPage />);
    expect(html).toContain("Đã ghi nhận thu tiền tại quầy");
    expect(html).toContain("Nộp tại Bộ phận Một cửa");
    const receipt = paid.requests.at(-1)!.receipts[0]!;
    expect(html).toContain(`href="/office/dossiers/${code}/receipts/${receipt.id}"`);
    expect(html).toContain(`name="reference" value="${paid.requests.at(-1)!.attempts[0]!.reference}"`);
    expect(html).toContain("Lý do hoàn tiền");

    const dossierView = (await officialDossierView(p.db, { actor: handler, code }))!;
    pageState.loader = { title: "Hồ sơ", view: dossierView, flash: null, payments: { latest: { state: "paid", total: 30_000 } } };
    html = render(<DossierPage />);
    expect(html).toContain("Phí, lệ phí");
    expect(html).toContain(`href="/office/dossiers/${code}/payments"`);
    expect(html).toContain("Đã thanh toán");
  });
});
