import { describe, expect, it, vi } from "vitest";
import common from "../../locales/vi/common.json";
import officials from "../../locales/vi/officials.json";
import trust from "../../locales/vi/trust.json";
import type { TrustStoreView } from "../domain/signatures/trust-admin.server";
import { pageRenderer, pageState } from "./render-page.test-helper";

// The trust store's pages drawn on the server (no JavaScript): the certificates with role, source, validity
// (dd/mm/yyyy), grouped fingerprint and provenance; plain forms (multipart for files); errors inline and summarised.

vi.mock("@remix-run/react", async () => (await import("./render-page.test-helper")).remixReactStub);
vi.mock("./admin/administration-nav", () => ({ AdministrationNav: () => null }));
const { default: TrustPage } = await import("./admin.signatures");
const { default: RemovePage } = await import("./admin.signatures.remove.$fingerprint");
const render = pageRenderer({ common, officials, trust });

const FP = "bac8bf609ab420a8ee1780d74f4de5c7f7184959d2a7375b0a75e4c29f0908e7";
const view: TrustStoreView = {
  entries: [
    {
      fingerprint: FP,
      subject: "C=VN, O=Ministry of Information and Communications, CN=Vietnam National Root CA",
      role: "anchor",
      source: "shipped",
      notBefore: "2014-04-15T09:00:00.000Z",
      notAfter: "2039-04-15T09:00:00.000Z",
      provenance: { file: "vnrca256.pem", description: "Vietnam National Root CA (NEAC)", role: "anchor: root of the public CAs" },
      note: null,
      changedBy: null,
      changedAt: null,
    },
    {
      fingerprint: "ab".repeat(32),
      subject: "C=VN, O=Sở Khoa học và Công nghệ, CN=CA thử nghiệm",
      role: "intermediate",
      source: "added",
      notBefore: "2026-01-01T00:00:00.000Z",
      notAfter: "2030-12-31T00:00:00.000Z",
      provenance: null,
      note: "Đã đối chiếu",
      changedBy: "Vàng Văn Sính",
      changedAt: "2026-11-30T02:00:00.000Z",
    },
  ],
  removed: [{ fingerprint: "cd".repeat(32), subject: "CN=CA cũ", role: "anchor", source: "added", note: "Khóa bị lộ", removedBy: "Vàng Văn Sính", removedAt: "2026-11-30T03:00:00.000Z" }],
  crls: [{ id: "c1", issuer: "CN=CA thử nghiệm", thisUpdate: "2026-11-01T00:00:00.000Z", nextUpdate: "2026-11-08T00:00:00.000Z", expired: true, revokedCount: 3, source: "administrator", addedBy: "Vàng Văn Sính", addedAt: "2026-11-01T05:00:00.000Z" }],
  history: [{ id: "h1", action: "remove", role: "anchor", subject: "CN=CA cũ", fingerprint: "cd".repeat(32), note: "Khóa bị lộ", changedBy: "Vàng Văn Sính", changedAt: "2026-11-30T03:00:00.000Z" }],
};

describe("the trust store page", () => {
  it("lists each certificate with its role, source, dates, fingerprint and provenance, and a way to remove it", () => {
    pageState.loader = { title: "t", view, flash: null };
    pageState.action = undefined;
    const html = render(<TrustPage />);
    expect(html).toContain("Chứng thư đang tin cậy (2)");
    expect(html).toContain("Vietnam National Root CA");
    expect(html).toContain("Có sẵn trong cổng");
    expect(html).toContain("Từ 15/04/2014 đến 15/04/2039");
    expect(html).toContain("BAC8 BF60 9AB4 20A8");
    expect(html).toContain("Tệp vnrca256.pem: Vietnam National Root CA (NEAC); anchor: root of the public CAs");
    expect(html).toContain("Chứng thư trung gian");
    expect(html).toContain("Vàng Văn Sính thêm lúc 30/11/2026 09:00");
    expect(html).toContain(`href="/admin/signatures/remove/${FP}"`);
    // Removed, with the reason and a restore form; the CRL with its expired flag; the history.
    expect(html).toContain("Chứng thư đã gỡ bỏ (1)");
    expect(html).toContain('name="intent" value="restore"');
    expect(html).toContain("Khóa bị lộ");
    expect(html).toContain("08/11/2026");
    expect(html).toContain("hết hạn");
    expect(html).toContain("Gỡ bỏ chứng thư gốc");
    // Files go in plain multipart forms.
    expect(html.match(/enctype="multipart\/form-data"/gi)).toHaveLength(2);
    for (const name of ["certificate", "role", "note", "crl"]) expect(html).toContain(`name="${name}"`);
    expect(html).not.toContain("govuk-error-summary");
  });

  it("shows the errors inline and in the summary, each linked to its field", () => {
    pageState.loader = { title: "t", view: { ...view, removed: [], crls: [], history: [] }, flash: null };
    pageState.action = { errors: { certificate: "errors.anchorNotCa", role: "errors.roleRequired", crl: "errors.signatureInvalid" } };
    const html = render(<TrustPage />);
    expect(html).toContain("govuk-error-summary");
    expect(html).toContain('href="#certificate"');
    expect(html).toContain('href="#role"');
    expect(html).toContain('href="#crl"');
    expect(html).toContain("Chứng thư gốc phải là chứng thư của tổ chức chứng thực");
    expect(html).toContain("Chữ ký của danh sách thu hồi không khớp");
    expect(html).toContain("Chưa có danh sách thu hồi nào.");
    expect(html).toContain("Chưa có thay đổi nào.");
  });

  it("asks for a reason on the removal page", () => {
    pageState.loader = { title: "t", entry: view.entries[0] };
    pageState.action = { error: "errors.noteRequired", note: "" };
    const html = render(<RemovePage />);
    expect(html).toContain("Gỡ bỏ chứng thư");
    expect(html).toContain("Vietnam National Root CA");
    expect(html).toContain('name="note"');
    expect(html).toContain('href="#note"');
    expect(html).toContain("Nhập lý do gỡ bỏ");
  });
});
