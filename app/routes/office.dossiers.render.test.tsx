import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInstance } from "i18next";
import { forwardRef, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import common from "../../locales/vi/common.json";
import dossiers from "../../locales/vi/dossiers.json";
import files from "../../locales/vi/files.json";
import filing from "../../locales/vi/filing.json";
import forms from "../../locales/vi/forms.json";
// A test (.tsx, so outside the *.test.ts exemption): it draws the pages from a real dossier of a test database.
// eslint-disable-next-line no-restricted-imports
import { seedProvince } from "../../db/seed/seed";
// eslint-disable-next-line no-restricted-imports
import { migratedDatabase } from "../../db/testing";
import type { Actor } from "../domain/access/permissions";
import { seedStatutoryCalendar } from "../domain/calendar/calendar.server";
import { applyAction } from "../domain/dossiers/back-office.server";
import type { BackOfficeServices } from "../domain/dossiers/back-office.seams";
import { submitDossier } from "../domain/dossiers/dossiers.server";
import type { OfficialAction } from "../domain/dossiers/office";
import { addNote, officialDossierView, type OfficialDossierView } from "../domain/dossiers/office.server";
import { SUPPLEMENT_RESPONSE_WORKING_DAYS_DEFAULT } from "../domain/dossiers/workflow";
import { fixtureCatalog, fixtureTemplates } from "../domain/procedures/catalog.fixture";
import { importCatalog } from "../domain/procedures/catalog.server";
import type { Db } from "../platform/db.server";
import { newId } from "../platform/ids.server";
import { createFileStorage } from "../platform/storage.server";

// The officials' dossier page and its action pages drawn on the server (no JavaScript), from a real dossier's view:
// every section, the actions as buttons, the forms' controls, errors inline and summarised, the stale-version notice.

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

const { default: DossierPage } = await import("./office.dossiers.$code");
const { default: ActionPage } = await import("./office.dossiers.$code.$action");

const i18n = createInstance();
void i18n.use(initReactI18next).init({
  lng: "vi",
  fallbackLng: "vi",
  ns: ["common", "dossiers", "files", "filing", "forms"],
  defaultNS: "common",
  resources: { vi: { common, dossiers, files, filing, forms } },
  interpolation: { escapeValue: false },
  initImmediate: false,
  react: { useSuspense: false },
});
const render = (node: ReactNode) => renderToStaticMarkup(<I18nextProvider i18n={i18n}>{node}</I18nextProvider>);

const NOW = new Date("2026-12-01T02:00:00Z");
const dir = await mkdtemp(join(tmpdir(), "office-render-"));

/** What the action page's loader gives (kept in step with office.dossiers.$code.$action.tsx). */
function actionData(view: OfficialDossierView, action: OfficialAction, targets: { id: string; code: string; name: string }[] = []) {
  return {
    title: `${action} — ${view.code}`,
    action,
    available: view.actions.includes(action),
    dossier: {
      code: view.code,
      version: view.version,
      procedureName: view.procedureName,
      status: view.status,
      dueAt: view.dueAt,
      rescheduledDueAt: view.rescheduledDueAt,
      currentAgencyName: view.currentAgencyName,
      currentStepName: view.currentStep?.name ?? null,
      nextStepName: view.nextStepName,
      previousStepName: view.previousStepName,
      supplementCount: view.supplementCount,
      fields: view.fields,
      texts: view.form.texts,
      procedureDocuments: view.procedureDocuments,
    },
    targets,
    defaultDays: SUPPLEMENT_RESPONSE_WORKING_DAYS_DEFAULT,
  };
}

describe("the officials' dossier pages drawn on the server", () => {
  let db: Db;
  let close: () => Promise<void>;
  let code: string;
  let receiver: Actor;
  let handler: Actor;
  const services: BackOfficeServices = {
    async issueForm(trx, input) {
      await trx
        .insertInto("dossier_issued_documents")
        .values({ id: "receipt-1", dossier_id: input.dossierId, kind: input.kind, event_id: input.eventId, sha256: "b".repeat(64), size_bytes: 2048, media_type: "application/pdf", file_name: "mau-01.pdf", audience: "applicant", created_by: input.actorId, created_at: input.now.toISOString() })
        .execute();
      return "receipt-1";
    },
    async notifyApplicant() {},
    async alertOfficials() {},
  };

  beforeAll(async () => {
    ({ db, close } = await migratedDatabase("sqlite"));
    await seedProvince(db);
    await seedStatutoryCalendar(db, { fromYear: 2026, toYear: 2028, t: (key: string) => key, now: NOW });
    const readFile = async (path: string) => fixtureTemplates[path] ?? new Uint8Array();
    expect((await importCatalog(db, createFileStorage(dir), fixtureCatalog(), { readFile })).ok).toBe(true);
    const version = await db.selectFrom("procedure_versions as v").innerJoin("procedures as p", "p.id", "v.procedure_id").select("v.id").where("p.code", "=", "2.000488").executeTakeFirstOrThrow();
    const agency = (c: string) => db.selectFrom("agencies").select("id").where("code", "=", c).executeTakeFirstOrThrow().then((r) => r.id);
    const centre = await agency("000.01.01.H22");
    const justice = await agency("000.00.03.H22");
    const user = async (kind: "citizen" | "official", name: string) => {
      const id = newId();
      const t = NOW.toISOString();
      await db
        .insertInto("users")
        .values({ id, kind, status: "active", full_name: name, cccd: null, birth_date: null, email: `${id}@example.vn`, phone: null, password_hash: null, email_verified_at: t, eid_verified_at: null, eid_issuer: null, eid_subject: null, totp_secret: null, totp_confirmed_at: null, totp_last_step: null, created_at: t, updated_at: t })
        .execute();
      return id;
    };
    const owner = await user("citizen", "Lò Thị Mai");
    receiver = { kind: "official", userId: await user("official", "Nguyễn Văn Cán"), roles: [{ agencyId: centre, role: "receiving_officer" }] };
    handler = { kind: "official", userId: await user("official", "Trần Thị Xử"), roles: [{ agencyId: justice, role: "handler" }] };
    const fileId = newId();
    await db
      .insertInto("files")
      .values({ id: fileId, sha256: "a".repeat(64), size_bytes: 2048, media_type: "application/pdf", original_name: "to-khai.pdf", owner_user_id: owner, owner_organisation_id: null, source: "upload", signature_status: "not_checked", created_at: NOW.toISOString(), deleted_at: null })
      .execute();
    const submitted = await submitDossier(
      db,
      { async sendSubmittedMail() {} },
      { baseUrl: "http://portal.test" },
      {
        actor: { kind: "citizen", userId: owner, actingFor: null },
        procedureVersionId: version.id,
        agencyId: centre,
        applicant: { fullName: "Lò Thị Mai", cccd: "002190012345", phone: "0912345678", email: "", address: "Hà Giang" },
        answers: { fullName: "Lò Thị Mai", idNumber: "002190012345" },
        documents: [{ documentIndex: 0, fileIds: [fileId] }],
        idempotencyKey: newId(),
        now: NOW,
      },
    );
    if (!submitted.ok) throw new Error(JSON.stringify(submitted));
    code = submitted.code;
  });
  afterAll(async () => {
    await close();
    await rm(dir, { recursive: true, force: true });
  });

  it("draws a new dossier for the receiving officer: accept as a one-click form, the other actions as links", async () => {
    const view = (await officialDossierView(db, { actor: receiver, code, now: NOW }))!;
    state.loader = { title: `Hồ sơ ${code}`, view, flash: null };
    state.action = undefined;
    const html = render(<DossierPage />);
    expect(html).toContain('href="/office"');
    expect(html).toContain(`action="/office/dossiers/${code}/accept"`);
    expect(html).toContain('name="version" value="1"');
    expect(html).toContain(">Tiếp nhận</button>");
    expect(html).toContain(`href="/office/dossiers/${code}/refuse"`);
    expect(html).toContain(`href="/office/dossiers/${code}/requestSupplement"`);
    expect(html).toContain("Từ chối tiếp nhận");
    expect(html).toContain("Lò Thị Mai");
    expect(html).toContain("002190012345");
    expect(html).toMatch(new RegExp(`href="/office/dossiers/${code}/files/[^"]+">to-khai.pdf</a>`));
    expect(html).toContain("Nộp hồ sơ trực tuyến");
    expect(html).toContain("Ghi chú nội bộ");
    expect(html).toContain('name="body"');
  });

  it("draws the control sheet, the history with its details, the issued receipt and the notes once the dossier moves", async () => {
    await applyAction(db, services, {}, { actor: receiver, dossier: { code }, action: "accept", version: 1, params: {}, now: NOW });
    await applyAction(db, services, {}, { actor: receiver, dossier: { code }, action: "forward", version: 2, params: { note: "Chuyển phòng nghiệp vụ" }, now: NOW });
    expect(await addNote(db, { actor: handler, code, body: "Đã xác minh với công an xã", now: NOW })).toEqual({ ok: true });
    const view = (await officialDossierView(db, { actor: handler, code, now: NOW }))!;
    state.loader = { title: `Hồ sơ ${code}`, view, flash: "dossiers:office.done.accept" };
    const html = render(<DossierPage />);
    expect(html).toContain("Đã tiếp nhận hồ sơ.");
    expect(html).toContain(`href="/office/dossiers/${code}/documents/receipt-1"`);
    expect(html).toContain("Phiếu kiểm soát quá trình giải quyết hồ sơ");
    expect(html).toContain("Tra cứu, xác minh");
    expect(html).toContain("Đúng hạn");
    expect(html).toContain("Đang xử lý");
    expect(html).toContain("Ghi chú: Chuyển phòng nghiệp vụ");
    expect(html).toContain("Đã xác minh với công an xã");
    expect(html).toContain("Trần Thị Xử");
    expect(html).toContain(`href="/office/dossiers/${code}/forward"`);
    expect(html).toContain(`href="/office/dossiers/${code}/transfer"`);
    expect(html).not.toContain(`action="/office/dossiers/${code}/accept"`);
  });

  it("draws each action's form with its controls and the dossier's version", async () => {
    const view = (await officialDossierView(db, { actor: handler, code, now: NOW }))!;
    const page = (action: OfficialAction, replied?: unknown, targets?: { id: string; code: string; name: string }[]) => {
      state.loader = actionData(view, action, targets);
      state.action = replied;
      return render(<ActionPage />);
    };
    let html = page("requestSupplement");
    expect(html).toContain(`name="version" value="${view.version}"`);
    expect(html).toMatch(/name="fields"[^>]*value="fullName"/);
    expect(html).toMatch(/name="documents"[^>]*value="0"/);
    expect(html).toContain('name="note"');
    expect(html).toContain(`value="${SUPPLEMENT_RESPONSE_WORKING_DAYS_DEFAULT}"`);
    expect(html).not.toContain('name="justification"');

    html = page("transfer", undefined, [{ id: "ag-1", code: "000.00.04.H22", name: "Công an tỉnh" }]);
    expect(html).toContain('<option value="ag-1">Công an tỉnh (000.00.04.H22)</option>');

    html = page("forward");
    expect(html).toContain("Hồ sơ sẽ được chuyển sang bước: Ký phiếu.");

    // Not offered now: the page explains instead of showing a form.
    html = page("approve");
    expect(html).toContain("Không thể thực hiện thao tác này ở trạng thái hiện tại của hồ sơ");
    expect(html).not.toContain('type="file"');
    html = page("apologize");
    expect(html).not.toContain('name="newDueDate"');

    // Offered (as at the approve step, or close to the due date): the upload is a plain multipart form.
    const offered = { ...view, actions: [...view.actions, "approve", "apologize", "returnResult", "refuse", "stop"] as OfficialAction[] };
    const offeredPage = (action: OfficialAction) => {
      state.loader = actionData(offered, action);
      state.action = undefined;
      return render(<ActionPage />);
    };
    html = offeredPage("approve");
    expect(html).toMatch(/enctype="multipart\/form-data"/i);
    expect(html).toMatch(/<input[^>]*type="file"[^>]*>/);
    expect(html).toContain('name="number"');
    html = offeredPage("apologize");
    expect(html).toContain('name="newDueDate"');
    expect(html).toContain('name="newDueTime"');
    html = offeredPage("returnResult");
    expect(html).toMatch(/name="channel"[^>]*value="post"/);
    expect(html).toContain('name="trackingNote"');
    html = offeredPage("refuse");
    expect(html).toContain("Không thuộc thẩm quyền giải quyết");
    expect(html).toContain('name="legalBasis"');
    html = offeredPage("stop");
    expect(html).toContain("Không đủ điều kiện qua thẩm định");
  });

  it("shows errors inline and in the summary, keeps what was typed, and tells of a stale version with a reload link", async () => {
    const view = (await officialDossierView(db, { actor: handler, code, now: NOW }))!;
    state.loader = actionData(view, "requestSupplement");
    state.action = { errors: [{ field: "items", message: "dossiers:actions.errors.nothingFlagged" }, { field: "note", message: "dossiers:actions.errors.required" }], values: { note: [""], respondWithinDays: ["7"] } };
    let html = render(<ActionPage />);
    expect(html).toContain("govuk-error-summary");
    expect(html).toContain('href="#fields"');
    expect(html).toContain('href="#note"');
    expect(html).toContain("Đánh dấu ít nhất một nội dung hoặc một giấy tờ cần bổ sung");
    expect(html).toContain('value="7"');

    state.action = { errors: [{ field: "form", message: "dossiers:actions.errors.stale" }], values: {}, conflict: "stale" };
    html = render(<ActionPage />);
    expect(html).toContain("Hồ sơ vừa được người khác cập nhật");
    expect(html).toContain(`href="/office/dossiers/${code}/requestSupplement"`);
    expect(html).toContain("Tải lại trang để xem thông tin mới nhất");

    state.action = { errors: [{ field: "form", message: "dossiers:actions.guards.hasNextStep" }], values: {}, conflict: "guard" };
    html = render(<ActionPage />);
    expect(html).toContain("Không còn bước xử lý nào trước bước phê duyệt");
  });
});
