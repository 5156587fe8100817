import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import common from "../../locales/vi/common.json";
import dossiers from "../../locales/vi/dossiers.json";
import files from "../../locales/vi/files.json";
import filing from "../../locales/vi/filing.json";
import forms from "../../locales/vi/forms.json";
import type { Actor } from "../domain/access/permissions";
import { capturingServices, fileOnline, NOW, officialAt, provinceDatabase, type Province } from "../domain/dossiers/back-office.fixture.server";
import { applyAction } from "../domain/dossiers/back-office.server";
import type { OfficialAction } from "../domain/dossiers/office";
import { actionPageDossier, addNote, officialDossierView, type OfficialDossierView } from "../domain/dossiers/office.server";
import { SUPPLEMENT_RESPONSE_WORKING_DAYS_DEFAULT } from "../domain/dossiers/workflow";
import type { Db } from "../platform/db.server";
import { pageRenderer, pageState } from "./render-page.test-helper";

// The officials' dossier page and its action pages drawn on the server (no JavaScript), from a real dossier's view:
// every section, the actions as buttons, the forms' controls, errors inline and summarised, the stale-version notice.

vi.mock("@remix-run/react", async () => (await import("./render-page.test-helper")).remixReactStub);
const { default: DossierPage } = await import("./office.dossiers.$code");
const { default: ActionPage } = await import("./office.dossiers.$code.$action");
const render = pageRenderer({ common, dossiers, files, filing, forms });

/** What the action page's loader gives (office.dossiers.$code.$action.tsx, with the title and targets the test chooses). */
function actionData(view: OfficialDossierView, action: OfficialAction, targets: { id: string; code: string; name: string }[] = []) {
  return {
    title: `${action} — ${view.code}`,
    action,
    available: view.actions.includes(action),
    dossier: actionPageDossier(view),
    targets,
    defaultDays: SUPPLEMENT_RESPONSE_WORKING_DAYS_DEFAULT,
  };
}

describe("the officials' dossier pages drawn on the server", () => {
  let p: Province;
  let db: Db;
  let code: string;
  let receiver: Actor;
  let handler: Actor;
  const services = capturingServices();

  beforeAll(async () => {
    p = await provinceDatabase("sqlite");
    db = p.db;
    receiver = await officialAt(db, p.centre, ["receiving_officer"], "Nguyễn Văn Cán");
    handler = await officialAt(db, p.justice, ["handler"], "Trần Thị Xử");
    ({ code } = await fileOnline(p));
  });
  afterAll(() => p.close());

  it("draws a new dossier for the receiving officer: accept as a one-click form, the other actions as links", async () => {
    const view = (await officialDossierView(db, { actor: receiver, code, now: NOW }))!;
    pageState.loader = { title: `Hồ sơ ${code}`, view, flash: null };
    pageState.action = undefined;
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
    pageState.loader = { title: `Hồ sơ ${code}`, view, flash: "dossiers:office.done.accept" };
    const html = render(<DossierPage />);
    expect(html).toContain("Đã tiếp nhận hồ sơ.");
    const receipt = services.forms.find((f) => f.kind === "receipt")!;
    expect(html).toContain(`href="/office/dossiers/${code}/documents/${receipt.id}"`);
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
      pageState.loader = actionData(view, action, targets);
      pageState.action = replied;
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
      pageState.loader = actionData(offered, action);
      pageState.action = undefined;
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
    pageState.loader = actionData(view, "requestSupplement");
    pageState.action = { errors: [{ field: "items", message: "dossiers:actions.errors.nothingFlagged" }, { field: "note", message: "dossiers:actions.errors.required" }], values: { note: [""], respondWithinDays: ["7"] } };
    let html = render(<ActionPage />);
    expect(html).toContain("govuk-error-summary");
    expect(html).toContain('href="#fields"');
    expect(html).toContain('href="#note"');
    expect(html).toContain("Đánh dấu ít nhất một nội dung hoặc một giấy tờ cần bổ sung");
    expect(html).toContain('value="7"');

    pageState.action = { errors: [{ field: "form", message: "dossiers:actions.errors.stale" }], values: {}, conflict: "stale" };
    html = render(<ActionPage />);
    expect(html).toContain("Hồ sơ vừa được người khác cập nhật");
    expect(html).toContain(`href="/office/dossiers/${code}/requestSupplement"`);
    expect(html).toContain("Tải lại trang để xem thông tin mới nhất");

    pageState.action = { errors: [{ field: "form", message: "dossiers:actions.guards.hasNextStep" }], values: {}, conflict: "guard" };
    html = render(<ActionPage />);
    expect(html).toContain("Không còn bước xử lý nào trước bước phê duyệt");
  });
});
