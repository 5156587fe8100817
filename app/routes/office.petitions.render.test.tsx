import { describe, expect, it, vi } from "vitest";
import common from "../../locales/vi/common.json";
import petitions from "../../locales/vi/petitions.json";
import petitionsOffice from "../../locales/vi/petitions-office.json";
import type { OfficialPetitionView } from "../domain/petitions/petitions.server";
import { pageRenderer, pageState } from "./render-page.test-helper";

// The officials' petition page drawn on the server (no JavaScript): what the sender wrote is shown as text (script and
// HTML never become markup), the forms of the actions offered and no others, errors inline and summarised with links
// to the fields, the suggested agencies first and marked.

vi.mock("@remix-run/react", async () => (await import("./render-page.test-helper")).remixReactStub);
const { default: PetitionPage } = await import("./office.petitions.$code");
const render = pageRenderer({ common, petitions, "petitions-office": petitionsOffice });

const view = (overrides: Partial<OfficialPetitionView> = {}): OfficialPetitionView => ({
  code: "PAKN-261130-0001",
  kind: "regulation",
  status: "received",
  title: '<script>alert("x")</script> Giấy tờ trùng lặp',
  content: 'Nội dung <img src=x onerror="alert(1)"> có thẻ HTML.',
  proposal: null,
  procedure: { code: "1.001193", name: "Đăng ký khai sinh" },
  concernedAgency: "Sở Tư pháp",
  handlingAgency: null,
  dossierCode: null,
  receivedAt: "2026-11-30T02:00:00.000Z",
  forwardDueAt: "2026-12-07T02:00:00.000Z",
  forwardedAt: null,
  answerDueAt: null,
  originalAnswerDueAt: null,
  extendedAt: null,
  extensionReason: null,
  answeredAt: null,
  answeredOnTime: null,
  answer: null,
  closeReason: null,
  closeText: null,
  duplicateOf: null,
  rating: null,
  ratingReason: null,
  reopenedAt: null,
  reopenUntil: null,
  attachments: [],
  version: 7,
  contact: { name: "Lò Thị Mai", address: "Xã Phương Thiện", phone: "0912345678", email: "mai@example.vn" },
  publishConsent: true,
  showName: false,
  hiddenAt: null,
  hiddenReason: null,
  reassignRequestedAt: null,
  reassignReason: null,
  field: null,
  handlingAgencyId: null,
  concernedAgencyId: "a2",
  draft: null,
  files: [],
  history: [
    { id: "e1", at: "2026-11-30T02:00:00.000Z", action: "submitted", statusFrom: null, statusTo: "received", agencyId: null, note: null, actorName: null },
  ],
  suggestedAgencyIds: ["a2"],
  roles: ["router", "moderator"],
  actions: ["forward", "close", "hide"],
  ...overrides,
});

const targets = [
  { id: "a2", code: "000.00.03.H22", name: "Sở Tư pháp", suggested: true },
  { id: "a1", code: "000.00.02.H22", name: "Sở Nội vụ", suggested: false },
];

describe("the officials' petition page drawn on the server", () => {
  it("shows what the sender wrote as text, in full with the contact details, and the forms of the actions offered", () => {
    pageState.loader = { title: "t", view: view(), targets, deadline: "dueSoon", flash: null };
    pageState.action = undefined;
    const html = render(<PetitionPage />);
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Giấy tờ trùng lặp");
    expect(html).toContain("Nội dung &lt;img src=x onerror=&quot;alert(1)&quot;&gt; có thẻ HTML.");
    expect(html).toContain("0912345678");
    expect(html).toContain("Sắp đến hạn");
    // The suggested agency first, marked; the version shown goes with every form.
    expect(html).toMatch(
      /<option value="" selected="">Chọn cơ quan<\/option><option value="a2">Sở Tư pháp \(000\.00\.03\.H22\) — gợi ý<\/option><option value="a1">Sở Nội vụ \(000\.00\.02\.H22\)<\/option>/
    );
    expect(html.match(/name="version" value="7"/g)).toHaveLength(3);
    expect(html).toContain('name="intent" value="forward"');
    expect(html).toContain('name="intent" value="close"');
    expect(html).toContain('name="intent" value="hide"');
    expect(html).not.toContain('name="intent" value="approve"');
    expect(html).not.toContain('name="intent" value="draft"');
  });

  it("summarises the errors of the form posted, with links to its fields, and says when the item changed meanwhile", () => {
    pageState.loader = { title: "t", view: view(), targets, deadline: "onTrack", flash: null };
    pageState.action = {
      intent: "close",
      errors: [
        { field: "text", message: "petitions:errors.text" },
        { field: "duplicateOf", message: "petitions:errors.duplicateOf" },
      ],
      values: { intent: "close", reason: "duplicate", text: "" },
    };
    let html = render(<PetitionPage />);
    expect(html).toContain('href="#close-text"');
    expect(html).toContain('href="#close-duplicateOf"');
    expect(html).toContain("Nhập mã của phản ánh, kiến nghị đã được trả lời công khai");
    expect(html).toMatch(/id="close-reason-2"[^>]*checked=""[^>]*value="duplicate"/);
    pageState.action = { intent: "forward", errors: [{ field: "form", message: "petitions:errors.stale" }], values: {}, conflict: "stale" };
    html = render(<PetitionPage />);
    expect(html).toContain("vừa được người khác thay đổi");
    expect(html).toContain("Tải lại trang để xem thông tin mới nhất");
  });
});
