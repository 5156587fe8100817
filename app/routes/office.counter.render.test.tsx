import { createInstance } from "i18next";
import { forwardRef, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { describe, expect, it, vi } from "vitest";
import counter from "../../locales/vi/counter.json";
import dossiers from "../../locales/vi/dossiers.json";
import files from "../../locales/vi/files.json";
import forms from "../../locales/vi/forms.json";
import common from "../../locales/vi/common.json";
import { fixtureCatalog } from "../domain/procedures/catalog.fixture";

// The counter's pages drawn on the server (no JavaScript): every control named, errors inline and summarised, the
// scans already stored offered again, the receipt link when Mẫu 01 exists.

const state: { loader: unknown; action: unknown } = { loader: null, action: undefined };
vi.mock("@remix-run/react", () => ({
  useLoaderData: () => state.loader,
  useActionData: () => state.action,
  Form: forwardRef<HTMLFormElement, { children?: ReactNode; encType?: string; method?: string; action?: string; id?: string; noValidate?: boolean }>(function Form({ children, encType, method, action, id, noValidate }, ref) {
    return (
      <form ref={ref} encType={encType} method={method} action={action} id={id} noValidate={noValidate}>
        {children}
      </form>
    );
  }),
  Link: ({ to, children, className }: { to: string; children: ReactNode; className?: string }) => (
    <a href={to} className={className}>
      {children}
    </a>
  ),
  useRouteError: () => null,
  useRouteLoaderData: () => null,
  isRouteErrorResponse: () => false,
}));

const { default: CounterFormPage } = await import("./office.counter.$code");
const { default: CounterPage } = await import("./office.counter");

const i18n = createInstance();
void i18n.use(initReactI18next).init({
  lng: "vi",
  fallbackLng: "vi",
  ns: ["common", "counter", "dossiers", "files", "forms"],
  defaultNS: "common",
  resources: { vi: { common, counter, dossiers, files, forms } },
  interpolation: { escapeValue: false },
  initImmediate: false,
  react: { useSuspense: false },
});
const render = (node: ReactNode) => renderToStaticMarkup(<I18nextProvider i18n={i18n}>{node}</I18nextProvider>);

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
    state.loader = { title: found.name, found, idempotencyKey: "k".repeat(20) };
    state.action = undefined;
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
    state.action = {
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
    state.loader = {
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
    state.loader = { ...(state.loader as object), filed: { ...(state.loader as { filed: object }).filed, receiptId: null } };
    expect(render(<CounterPage />)).not.toContain("/documents/");
  });
});
