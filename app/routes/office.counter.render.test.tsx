import { describe, expect, it, vi } from "vitest";
import common from "../../locales/vi/common.json";
import counter from "../../locales/vi/counter.json";
import dossiers from "../../locales/vi/dossiers.json";
import files from "../../locales/vi/files.json";
import forms from "../../locales/vi/forms.json";
import { fixtureCatalog } from "../domain/procedures/catalog.fixture";
import { pageRenderer, pageState } from "./render-page.test-helper";

// The counter's pages drawn on the server (no JavaScript): every control named, errors inline and summarised, the
// scans already stored offered again, the receipt link when Mẫu 01 exists.

vi.mock("@remix-run/react", async () => (await import("./render-page.test-helper")).remixReactStub);
const { default: CounterFormPage } = await import("./office.counter.$code");
const { default: CounterPage } = await import("./office.counter");
const render = pageRenderer({ common, counter, dossiers, files, forms });

const birth = fixtureCatalog().procedures[0]!;
const found = {
  versionId: "v",
  code: birth.code,
  name: birth.name,
  agencyId: "a1",
  agencyName: "UBND xã Thuận Hòa",
  form: birth.form,
  documents: birth.documents.map((d, index) => ({ index, name: d.name, required: d.required, case: null, fileTypes: d.fileTypes, maxSizeMb: d.maxSizeMb, maxFiles: 10 })),
  cases: [],
};

describe("the counter's form page", () => {
  it("draws a multipart form with the applicant, the procedure's fields, a file input per document and the check box", () => {
    pageState.loader = { title: found.name, found, idempotencyKey: "k".repeat(20) };
    pageState.action = undefined;
    const html = render(<CounterFormPage />);
    expect(html).toMatch(/enctype="multipart\/form-data"/i);
    expect(html).toContain('action="?agency=a1"');
    expect(html).toContain('name="c-key" value="kkkkkkkkkkkkkkkkkkkk"');
    for (const name of ["c-fullName", "c-cccd", "c-phone", "c-email", "c-address", "fullName", "idNumber", "c-checked"]) expect(html).toContain(`name="${name}"`);
    expect(html).toMatch(/<input multiple="" accept="\.pdf" id="doc-0" name="doc-0" type="file"/);
    expect(html).toContain('accept=".pdf,.jpg"');
    expect(html).toContain("Tôi đã kiểm tra hồ sơ đầy đủ, hợp lệ");
  });

  it("shows the errors inline and in the summary, keeps what was typed and offers the stored scans again", () => {
    pageState.action = {
      errors: [
        { field: "applicant.fullName", message: "dossiers:errors.applicantName" },
        { field: "answers.idNumber", message: "form.errors.cccdLength" },
        { field: "documents[1]", message: "dossiers:errors.documentMissing", params: { name: "Giấy chứng sinh" } },
        { field: "checked", message: "counter:errors.notChecked" },
      ],
      applicant: { cccd: "002190012345" },
      answers: { fullName: "Lò Thị Mai", idNumber: "123" },
      caseCode: "",
      checked: false,
      kept: { 0: [{ id: "f1", name: "to-khai.pdf", sizeBytes: 2048 }] },
      idempotencyKey: "k".repeat(20),
    };
    const html = render(<CounterFormPage />);
    expect(html).toContain("govuk-error-summary");
    expect(html).toContain('href="#c-fullName"');
    expect(html).toContain('href="#doc-1"');
    expect(html).toContain('href="#c-checked"');
    expect(html).toContain("Đính kèm Giấy chứng sinh");
    expect(html).toContain('value="002190012345"');
    expect(html).toContain('value="Lò Thị Mai"');
    expect(html).toMatch(/<input[^>]*name="c-file-0" type="checkbox" checked="" value="f1"/);
    expect(html).toContain("to-khai.pdf");
  });
});

describe("the counter's list page", () => {
  it("lists the procedures and, after filing, the code, the appointment and the receipt to print", () => {
    pageState.loader = {
      title: "x",
      query: "",
      procedures: [{ versionId: "v", code: "1.001193", name: "Đăng ký khai sinh", agencyId: "a1", agencyName: "UBND xã" }],
      severalAgencies: false,
      filed: { code: "000.00.15.H22-261201-0001", procedureName: "Đăng ký khai sinh", applicantName: "Lò Thị Mai", status: 2, receivedAt: "2026-12-01T02:00:00.000Z", acceptedAt: "2026-12-01T02:00:00.000Z", dueAt: "2026-12-01T10:00:00.000Z", receiptId: "r1" },
    };
    const html = render(<CounterPage />);
    expect(html).toContain('href="/office/counter/1.001193?agency=a1"');
    expect(html).toContain("000.00.15.H22-261201-0001");
    expect(html).toContain("17:00 ngày 01/12/2026");
    expect(html).toContain('href="/office/dossiers/000.00.15.H22-261201-0001/documents/r1"');
    expect(html).toContain("In giấy tiếp nhận (Mẫu 01)");
    pageState.loader = { ...(pageState.loader as object), filed: { ...(pageState.loader as { filed: object }).filed, receiptId: null } };
    expect(render(<CounterPage />)).not.toContain("/documents/");
  });
});
