import { describe, expect, it, vi } from "vitest";
import common from "../../locales/vi/common.json";
import verify from "../../locales/vi/verify.json";
import type { VerificationReport } from "../domain/signatures/verification";
import { pageRenderer, pageState } from "./render-page.test-helper";

// The public verification page drawn on the server (no JavaScript): both forms named and working as plain HTML,
// errors inline and summarised, what the portal issued (never the applicant), and each signature's verdict in words
// beside its coloured tag.

vi.mock("@remix-run/react", async () => (await import("./render-page.test-helper")).remixReactStub);
const { default: VerifyPage } = await import("./verify");
// The reasons' texts live in the verifier's namespace (locales/*/signatures.json): stand-ins here.
const signatures = { reasons: { DIGEST_MISMATCH: "Nội dung đã bị thay đổi sau khi ký.", REVOCATION_UNKNOWN: "Không kiểm tra được tình trạng thu hồi của chứng thư {{subject}}." } };
const render = pageRenderer({ common, verify, signatures });

const document = {
  code: "7K3M-Q9TX-4WBA",
  documentName: "Phiếu lý lịch tư pháp số 1",
  agencyName: "Sở Tư pháp tỉnh Hà Giang",
  signedAt: "2026-11-30T20:00:00.000Z",
  signerSubject: "CN=Sở Tư pháp tỉnh Hà Giang, C=VN",
  procedureName: "Cấp Phiếu lý lịch tư pháp",
  sha256: "ab".repeat(32),
};

const signature = (verdict: VerificationReport["verdict"], reasons: VerificationReport["reasons"]): VerificationReport["signatures"][number] => ({
  index: 1,
  kind: "signature",
  verdict,
  signer: { subject: "CN=Sở Tư pháp tỉnh Hà Giang", attributes: [], commonName: "Sở Tư pháp tỉnh Hà Giang", identifiers: [], issuer: "CN=CA thử nghiệm", serialNumber: "01", fingerprint256: "00", notBefore: "2026-01-01T00:00:00Z", notAfter: "2028-01-01T00:00:00Z", key: "RSA 2048" },
  claimedTime: "2026-11-30T20:00:00.000Z",
  claimedTimeSource: "pdf-m",
  validationTime: "2026-12-01T01:00:00.000Z",
  validationTimeSource: "caller",
  algorithm: { digest: "SHA-256", signature: "RSASSA-PSS (SHA-256)", key: "RSA 2048" },
  chain: [],
  reasons,
});
const report = (verdict: VerificationReport["verdict"], reasons: VerificationReport["reasons"] = []): VerificationReport => ({
  kind: "pdf",
  verdict,
  allPassed: verdict === "TOTAL-PASSED",
  fileLength: 1000,
  checkedAt: "2026-12-01T01:00:00.000Z",
  signatures: [signature(verdict, reasons)],
  reasons: [],
});

describe("the public verification page", () => {
  it("offers a code form (GET) and an upload form (multipart POST), each labelled", () => {
    pageState.loader = { title: "Kiểm tra văn bản điện tử", code: "", errors: {}, retryMinutes: 0, lookup: null };
    pageState.action = undefined;
    const html = render(<VerifyPage />);
    expect(html).toContain('<form method="get" action="/verify"');
    expect(html).toContain('<form method="post" action="/verify" encType="multipart/form-data"');
    expect(html).toMatch(/<label[^>]*for="code"[^>]*>Mã tra cứu<\/label>/);
    expect(html).toMatch(/<label[^>]*for="document"[^>]*>Tệp PDF cần kiểm tra<\/label>/);
    expect(html).toContain("tối đa 20 MB");
  });

  it("says a code of the wrong shape and an unknown code inline and in the summary", () => {
    pageState.loader = { title: "Kiểm tra văn bản điện tử", code: "ABCD", errors: { code: "errors.notFound" }, retryMinutes: 0, lookup: null };
    const html = render(<VerifyPage />);
    expect(html).toContain('href="#code"');
    expect(html.match(/Không tìm thấy văn bản với mã này/g)).toHaveLength(2);
    expect(html).toContain('value="ABCD"');
  });

  it("shows what the portal issued under a code, the download link and the verdict in words", () => {
    pageState.loader = { title: "Kiểm tra văn bản điện tử", code: document.code, errors: {}, retryMinutes: 0, lookup: { document, report: report("TOTAL-PASSED") } };
    const html = render(<VerifyPage />);
    expect(html).toContain("Văn bản có mã 7K3M-Q9TX-4WBA");
    for (const fact of [document.documentName, document.agencyName, document.procedureName, document.sha256, "01/12/2026"]) expect(html).toContain(fact);
    expect(html).toContain('href="/verify/7K3M-Q9TX-4WBA/document"');
    expect(html).toMatch(/govuk-tag--green[^>]*>Hợp lệ</);
    expect(html).toContain("Thời điểm ký (do người ký tự khai, chưa xác thực)");
  });

  it("says an uploaded file is the portal's, or that it is not, with each signature's verdict and reasons", () => {
    pageState.loader = { title: "Kiểm tra văn bản điện tử", code: "", errors: {}, retryMinutes: 0, lookup: null };
    pageState.action = { errors: {}, retryMinutes: 0, check: { sha256: document.sha256, found: true, document, report: report("TOTAL-PASSED") } };
    expect(render(<VerifyPage />)).toContain("Văn bản này do Cổng Dịch vụ công phát hành, không bị sửa đổi");
    pageState.action = { errors: {}, retryMinutes: 0, check: { sha256: "cd".repeat(32), found: false, document: null, report: report("TOTAL-FAILED", [{ code: "DIGEST_MISMATCH", level: "failed" }]) } };
    const html = render(<VerifyPage />);
    expect(html).toContain("không phải là văn bản do Cổng Dịch vụ công phát hành");
    expect(html).not.toContain(document.documentName);
    expect(html).toMatch(/govuk-tag--red[^>]*>Không hợp lệ</);
    expect(html).toContain("Nội dung đã bị thay đổi sau khi ký.");
    pageState.action = { errors: {}, retryMinutes: 0, check: { sha256: "cd".repeat(32), found: false, document: null, report: report("INDETERMINATE", [{ code: "REVOCATION_UNKNOWN", level: "indeterminate", params: { subject: "CN=X" } }]) } };
    const grey = render(<VerifyPage />);
    expect(grey).toMatch(/govuk-tag--grey[^>]*>Chưa xác định được</);
    expect(grey).toContain("Không kiểm tra được tình trạng thu hồi của chứng thư CN=X.");
    pageState.action = undefined;
  });

  it("says an upload error on the file field", () => {
    pageState.action = { errors: { document: "errors.tooLarge" }, retryMinutes: 0, check: null };
    const html = render(<VerifyPage />);
    expect(html).toContain('href="#document"');
    expect(html).toContain("Tệp phải nhỏ hơn 20 MB");
    pageState.action = undefined;
  });
});
