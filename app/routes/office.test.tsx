import { describe, expect, it, vi } from "vitest";
import common from "../../locales/vi/common.json";
import dossiers from "../../locales/vi/dossiers.json";
import office from "../../locales/vi/office.json";
import { pageRenderer, pageState } from "./render-page.test-helper";

// The queue page's markup from loader and action data (no server): the texts, the forms that work without
// JavaScript, flags as words (not colour alone).

vi.mock("@remix-run/react", async () => (await import("./render-page.test-helper")).remixReactStub);
const { default: Office } = await import("./office");
const draw = pageRenderer({ common, office, dossiers });

const ID = "0192f0c4-0000-7000-8000-000000000001";
const PEER = "0192f0c4-0000-7000-8000-0000000000aa";
const loader = {
  title: "Hồ sơ cần xử lý",
  me: "0192f0c4-0000-7000-8000-0000000000ff",
  alerts: [],
  now: 0,
  filterErrors: { from: "office:errors.date" },
  values: { tab: "waiting", procedure: "", status: "", channel: "", from: "31/02/2026", to: "", q: "" },
  view: {
    tab: "waiting",
    page: 1,
    hasNext: false,
    total: { n: 1, capped: false },
    counts: { waiting: { n: 1, capped: false }, held: { n: 0, capped: false }, paused: { n: 0, capped: false }, all: { n: 1000, capped: true } },
    colleagues: [{ id: PEER, fullName: "Đồng Nghiệp", agencyName: "UBND xã", role: "handler" }],
    rows: [
      {
        id: ID, code: "000.00.01.H22-261130-0001", version: 3, status: 4, channel: "online", procedureCode: "1.001193", procedureName: "Đăng ký khai sinh", applicantName: "Lò Thị Mai",
        receivedAt: "2026-11-30T02:00:00.000Z", stepDueAt: "2026-12-01T03:05:00.000Z", agencyId: "a", waitingFor: "handler", assignee: null, flags: ["overdue"], claimable: true,
        assignable: [{ id: PEER, fullName: "Đồng Nghiệp" }],
      },
    ],
  },
};

const render = () => draw(<Office />);

describe("/office", () => {
  it("shows the tabs with counts, the row with its flag in words, and the buttons of one plain POST form", () => {
    pageState.loader = loader;
    pageState.action = undefined;
    const html = render();
    expect(html).toContain("Chờ tôi (1)");
    expect(html).toContain("Tất cả (1000+)");
    expect(html).toContain('href="/office/dossiers/000.00.01.H22-261130-0001"');
    expect(html).toContain("Đang xử lý");
    expect(html).toContain("01/12/2026 10:05");
    expect(html).toContain(">Quá hạn<");
    expect(html).toContain(`name="intent" value="claim:${ID}:3"`);
    expect(html).toContain(`name="intent" value="assign:${ID}:3"`);
    expect(html).toContain(`name="selected" value="${ID}:3"`);
    expect(html).toContain(`value="${PEER}">Đồng Nghiệp – Chuyên viên xử lý – UBND xã</option>`);
    expect(html).toContain('<form method="post" id="queue">');
    // The date that could not be read: in the summary and at its field.
    expect(html).toContain("Nhập ngày theo dạng ngày/tháng/năm");
    expect(html).toContain('value="31/02/2026"');
  });

  it("leads a receiving officer to the counter, and nobody else", () => {
    pageState.action = undefined;
    pageState.loader = { ...loader, filterErrors: {}, counter: true };
    expect(render()).toContain('<a href="/office/counter" class="govuk-link">Tiếp nhận hồ sơ trực tiếp</a>');
    pageState.loader = { ...loader, filterErrors: {}, counter: false };
    expect(render()).not.toContain("/office/counter");
  });

  it("says which dossiers were not given and why", () => {
    pageState.loader = { ...loader, filterErrors: {} };
    pageState.action = { done: { kind: "assigned", codes: ["X-1"] }, problems: [{ href: "#queue", key: "office:refused.stale", code: "X-2" }] };
    const html = render();
    expect(html).toContain("Đã giao 1 hồ sơ: X-1.");
    expect(html).toContain("Một số hồ sơ chưa được giao");
    expect(html).toContain("Hồ sơ X-2 vừa được thay đổi bởi người khác");
  });

  it("lists the sweep's warnings to the official, each with its dossier, and a way to mark them seen", () => {
    pageState.loader = { ...loader, filterErrors: {}, alerts: [{ id: "a1", kind: "office.apologyNeeded", code: "000.00.01.H22-261130-0002", createdAt: "2026-12-01T02:00:00.000Z", unread: true }] };
    pageState.action = undefined;
    const html = render();
    expect(html).toContain("Cảnh báo cho bạn");
    expect(html).toContain('href="/office/dossiers/000.00.01.H22-261130-0002"');
    expect(html).toContain("cần gửi thư xin lỗi (Mẫu 04)");
    expect(html).toContain('name="intent" value="alertsRead"');
  });
});
