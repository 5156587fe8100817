import { X509Certificate } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import { createInstance } from "i18next";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { describe, expect, it } from "vitest";
import en from "../../../locales/en/signature-report.json";
import vi from "../../../locales/vi/signature-report.json";
import { summariseSignature } from "./signature-summary";
import { trustStoreFrom } from "../signatures/trust-store.server";
import { reason, type VerificationReport } from "../signatures/verification";
import { verifyDetached, verifyPdf } from "../signatures/verify.server";
import { FullSignatureReport, SignatureVerdict } from "../../ui/signature-verdict";

// The verdict sentence a citizen reads beside an upload, and the whole report officials read, from real reports of
// the verifier's fixtures (their own root, judged at the fixture time). The reasons' sentences belong to the
// verifier's namespace; two stand in here.

const i18n = createInstance();
void i18n.use(initReactI18next).init({
  lng: "vi",
  fallbackLng: "vi",
  ns: ["signature-report", "signatures"],
  defaultNS: "signature-report",
  resources: {
    vi: { "signature-report": vi, signatures: { reasons: { DIGEST_MISMATCH: "Tài liệu đã bị thay đổi sau khi ký", DETACHED_CONTENT_MISSING: "Cần có tệp gốc đi kèm để kiểm tra chữ ký này" } } },
  },
  interpolation: { escapeValue: false },
  initImmediate: false,
  react: { useSuspense: false },
});
const render = (el: React.ReactElement) => renderToStaticMarkup(<I18nextProvider i18n={i18n}>{el}</I18nextProvider>);

const G = "app/domain/signatures/fixtures/generated";
const der = (b: Buffer) => (b[0] === 0x30 ? b : Buffer.from(b.toString("latin1").replace(/-----[^-]+-----|\s/g, ""), "base64"));
const options = {
  trust: trustStoreFrom([Buffer.from(new X509Certificate(await readFile(`${G}/pki/root.pem`)).raw)]),
  crls: await Promise.all((await readdir(`${G}/pki`)).filter((f) => f.endsWith(".crl")).map(async (f) => der(await readFile(`${G}/pki/${f}`)))),
  at: new Date("2040-01-01T00:00:00Z"),
};
const valid = await verifyPdf(await readFile(`${G}/pdf/valid-rsa.pdf`), options);
const tampered = await verifyPdf(await readFile(`${G}/pdf/tampered-byte.pdf`), options);
const lone = await verifyDetached(await readFile(`${G}/cms/rsa.p7s`), null, options);

describe("the verdict beside an upload", () => {
  it("says who signed and when for a valid signature", () => {
    const summary = summariseSignature("passed", valid);
    expect(summary.signer).toBe("Nguyễn Văn An");
    const html = render(<SignatureVerdict summary={summary} />);
    expect(html).toContain("govuk-tag--green");
    expect(html).toMatch(/Chữ ký số hợp lệ — ký bởi Nguyễn Văn An ngày \d\d\/\d\d\/\d{4}/);
  });

  it("gives the first failing reason, or why it is not established, in words", () => {
    expect(render(<SignatureVerdict summary={summariseSignature("failed", tampered)} />)).toContain("Chữ ký số không hợp lệ: Tài liệu đã bị thay đổi sau khi ký");
    expect(render(<SignatureVerdict summary={summariseSignature("indeterminate", lone)} />)).toContain("Chưa xác định được chữ ký số: Cần có tệp gốc đi kèm để kiểm tra chữ ký này");
    // A reason without a sentence yet shows its code rather than nothing.
    const odd: VerificationReport = { ...lone, signatures: [], reasons: [reason("INTERNAL_ERROR", { detail: "x" })] };
    expect(render(<SignatureVerdict summary={summariseSignature("indeterminate", odd)} />)).toContain("lý do có mã INTERNAL_ERROR");
  });

  it("says when a file has no signature", () => {
    expect(render(<SignatureVerdict summary={{ status: "none" }} />)).toContain("Tệp không có chữ ký số");
  });

  it("has the same texts in English", () => {
    const keys = (o: object, p = ""): string[] => Object.entries(o).flatMap(([k, v]) => (typeof v === "object" ? keys(v as object, `${p}${k}.`) : [`${p}${k}`]));
    expect(keys(en).sort()).toEqual(keys(vi).sort());
  });
});

describe("the whole report", () => {
  it("shows each signature's verdict, signer, times, algorithm, chain with fingerprints, coverage and reasons", () => {
    const html = render(<FullSignatureReport report={valid} />);
    const s = valid.signatures[0]!;
    expect(html).toContain('data-verdict="TOTAL-PASSED"');
    expect(html).toContain("Chữ ký 1");
    expect(html).toContain(s.signer!.subject);
    expect(html).toContain(s.signer!.issuer);
    expect(html).toContain("Thời điểm dùng để kiểm tra");
    expect(html).toContain(`Băm ${s.algorithm!.digest}`);
    for (const c of s.chain) expect(html).toContain(c.fingerprint256);
    expect(html).toContain("chứng thư gốc tin cậy");
    expect(html).toContain("Phạm vi ký");
  });

  it("lists every reason in words with its weight", () => {
    const html = render(<FullSignatureReport report={tampered} />);
    expect(html).toContain('data-verdict="TOTAL-FAILED"');
    expect(html).toContain('data-reason="DIGEST_MISMATCH"');
    expect(html).toContain("<strong>Lỗi:</strong> Tài liệu đã bị thay đổi sau khi ký");
  });
});
