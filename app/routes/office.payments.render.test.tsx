import { describe, expect, it, vi } from "vitest";
import common from "../../locales/vi/common.json";
import payments from "../../locales/vi/payments.json";
import paymentsOffice from "../../locales/vi/payments-office.json";
import type { ReconciliationReport, ReportItem } from "../domain/payments/reconciliation.server";
import { pageRenderer, pageState } from "./render-page.test-helper";

// The reconciliation pages drawn on the server (no JavaScript): every bucket with its Vietnamese title and its rows,
// money as "200.000 ₫", the GET form with the date input, the ask form only for an officer who collects, the statement's
// errors summarised with links to the file field, the import's counts, the review queue's forms (and none for a reader).

vi.mock("@remix-run/react", async () => (await import("./render-page.test-helper")).remixReactStub);
const { default: ReportPage } = await import("./office.payments");
const { default: StatementsPage } = await import("./office.payments.statements");
const { default: ReviewPage } = await import("./office.payments.review");
const render = pageRenderer({ common, payments, "payments-office": paymentsOffice });

const item = (o: Partial<ReportItem>): ReportItem => ({
  dossierCode: "000.01.01.H22-261201-0001",
  reference: "PAY261201ABCDEF7",
  amount: 200_000,
  expected: null,
  state: "paid",
  createdAt: "2026-12-01T02:00:00.000Z",
  paidAt: "2026-12-01T02:05:00.000Z",
  bookedOn: null,
  description: null,
  bankRef: null,
  lineClass: null,
  officer: null,
  reviewReason: null,
  ...o,
});
const zero = { total: 0, phi: 0, lePhi: 0, count: 0 };
const report = (o: Partial<ReconciliationReport>): ReconciliationReport => ({
  provider: "vnpay",
  day: "2026-12-01",
  buckets: [
    { name: "matched", items: [item({})] },
    { name: "portalOnly", items: [item({ reference: "PAY261201PORTAL1" })] },
    { name: "providerOnly", items: [] },
    { name: "amountDiffers", items: [item({ state: "pending", reviewReason: "amountDiffers" })] },
    { name: "open", items: [] },
    { name: "failed", items: [] },
  ],
  totals: { vnpay: { total: 400_000, phi: 300_000, lePhi: 100_000, count: 2 }, vietqr: zero, counter: zero },
  askable: 1,
  ...o,
});

describe("the reconciliation pages", () => {
  it("the report: buckets, totals, the date form, the ask button for a collector only", () => {
    pageState.loader = { title: "Đối soát thanh toán", values: { day: "1", month: "12", year: "2026", provider: "vnpay" }, errors: [], report: report({}), mayAsk: true };
    pageState.action = undefined;
    const html = render(<ReportPage />);
    for (const text of ["Khớp (1)", "Chỉ có trên Cổng (1)", "Chỉ có ở VNPAY (0)", "Lệch số tiền (1)", "PAY261201PORTAL1", "400.000 ₫", "300.000 ₫", "Hỏi cổng thanh toán", 'name="day-day"', 'value="2026-12-01"', "01/12/2026"]) expect(html).toContain(text);
    expect(html).not.toMatch(/buckets\.|columns\.|totals\.|states\./);
    pageState.loader = { ...(pageState.loader as object), mayAsk: false };
    expect(render(<ReportPage />)).not.toContain("Hỏi cổng thanh toán");
    // A bad day: the summary links to the day's first box; the gateway's answers after asking.
    pageState.loader = { title: "Đối soát thanh toán", values: { day: "30", month: "2", year: "2026", provider: "vnpay" }, errors: [{ field: "day", message: "payments-office:errors.badDay" }], report: null, mayAsk: true };
    pageState.action = { asked: [{ reference: "PAY261201PORTAL1", dossierCode: "000.01.01.H22-261201-0001", before: "open", outcome: "paid" }], error: null };
    const bad = render(<ReportPage />);
    expect(bad).toContain('href="#day-day"');
    expect(bad).toContain("Nhập ngày đối soát đúng dạng");
    expect(bad).toContain("Đã thanh toán (đã ghi nhận)");
  });

  it("the VietQR and counter reports name their columns", () => {
    pageState.action = undefined;
    pageState.loader = {
      title: "Đối soát thanh toán",
      values: { day: "1", month: "12", year: "2026", provider: "vietqr" },
      errors: [],
      report: report({ provider: "vietqr", buckets: [{ name: "statementOnly", items: [item({ dossierCode: null, reference: null, state: null, bookedOn: "2026-12-01", description: "NGUYEN VAN A chuyen tien", bankRef: "FT9", lineClass: "noReference" })] }] }),
      mayAsk: true,
    };
    const html = render(<ReportPage />);
    for (const text of ["Chỉ có trong sao kê", "NGUYEN VAN A chuyen tien", "Không có mã thanh toán", "Số bút toán"]) expect(html).toContain(text);
    expect(html).not.toContain("Hỏi cổng thanh toán");
    pageState.loader = { ...(pageState.loader as object), report: report({ provider: "counter", buckets: [{ name: "counter", items: [item({ officer: "Trần Thu Ngân" })] }] }) };
    expect(render(<ReportPage />)).toContain("Trần Thu Ngân");
  });

  it("the statements page: the statement's errors, then the import's counts and unmatched lines", () => {
    pageState.loader = { title: "Nhập sao kê ngân hàng", mayImport: true };
    pageState.action = { errors: [{ key: "payments:statement.errors.badAmount", params: { row: 3, value: "abc" } }], imported: null };
    const bad = render(<StatementsPage />);
    expect(bad).toContain("Dòng 3: số tiền “abc” không đúng");
    expect(bad).toContain('href="#statement"');
    expect(bad).toContain('encType="multipart/form-data"');
    expect(bad).toContain("tối đa 2 MB");
    pageState.action = {
      errors: [],
      imported: {
        fileName: "sao-ke.csv",
        total: 2,
        counts: { matched: 1, amountDiffers: 0, alreadyPaid: 0, unknownReference: 0, noReference: 1, ambiguous: 0, alreadyImported: 0 },
        unmatched: [{ row: 3, bookedOn: "2026-12-01", amount: 75_000, description: "NGUYEN VAN A", bankRef: "FT2", class: "noReference", reference: null, expected: null }],
      },
    };
    const done = render(<StatementsPage />);
    for (const text of ["Đã nhập sao kê", "sao-ke.csv", "Khớp, đã ghi nhận thanh toán", "75.000 ₫", "Không có mã thanh toán"]) expect(done).toContain(text);
    pageState.loader = { title: "Nhập sao kê ngân hàng", mayImport: false };
    pageState.action = undefined;
    expect(render(<StatementsPage />)).not.toContain("<form");
  });

  it("the review queue: a form per item for a collector, none for a reader; the note's error", () => {
    const attempt = { kind: "attempt", id: "00000000-0000-7000-8000-000000000001", dossierCode: "000.01.01.H22-261201-0001", reference: "PAY261201ABCDEF7", provider: "vietqr", amount: 150_000, requestTotal: 200_000, state: "pending", reason: "amountDiffers", createdAt: "2026-12-01T02:00:00.000Z", paidAt: null, mayResolve: true };
    const line = { kind: "line", id: "00000000-0000-7000-8000-000000000002", bookedOn: "2026-12-01", amount: 99_000, description: "khong ro", bankRef: "QR2", match: "noReference", reference: null, dossierCode: null, mayResolve: true };
    pageState.loader = { title: "Các khoản cần xem xét", attempts: [attempt], lines: [line], flash: null };
    pageState.action = { id: attempt.id, note: "", error: "payments-office:errors.noteRequired" };
    const html = render(<ReviewPage />);
    for (const text of ["Lệch số tiền", "150.000 ₫", "200.000 ₫", "khong ro", "Đánh dấu đã xử lý", `href="#note-${attempt.id}"`, "Nhập cách đã xử lý"]) expect(html).toContain(text);
    expect(html.match(/<form/g)).toHaveLength(2);
    pageState.loader = { title: "Các khoản cần xem xét", attempts: [{ ...attempt, mayResolve: false }], lines: [{ ...line, mayResolve: false }], flash: null };
    pageState.action = undefined;
    expect(render(<ReviewPage />)).not.toContain("<form");
  });
});
