import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseAt, planVerifySignature, runVerifySignature } from "./verify-signature-command";

const root = fileURLToPath(new URL("..", import.meta.url));
const G = join(root, "app/domain/signatures/fixtures/generated");
const pki = (f: string) => join(G, "pki", f);
const TEST_PKI = ["--trust", pki("root.pem"), "--crl", pki("root.crl"), "--crl", pki("inter-rsa.crl"), "--crl", pki("inter-ec.crl"), "--at", "2040-01-01T00:00Z"];

describe("the verify-signature command's arguments", () => {
  it.each([
    [[], /Thiếu tên tệp cần kiểm tra/],
    [["a.pdf", "b.pdf"], /Chỉ kiểm tra một tệp mỗi lần/],
    [["a.pdf", "--colour"], /Tùy chọn không hợp lệ: --colour/],
    [["a.pdf", "--trust"], /Tùy chọn --trust cần một giá trị/],
    [["a.pdf", "--at", "tomorrow"], /Thời điểm không hợp lệ: tomorrow/],
    [["a.pdf", "--at", "2026-02-30"], /Thời điểm không hợp lệ/],
    [["--lang", "en"], /The file to check is missing/],
  ])("%j → exit 2 with a message and the usage", async (args, message) => {
    const plan = await planVerifySignature(args);
    expect(plan.kind).toBe("bad");
    if (plan.kind !== "bad") return;
    expect(plan.result.code).toBe(2);
    expect(plan.result.stderr).toMatch(message);
    expect(plan.result.stderr).toMatch(/npm run -s verify-signature -- /);
  });

  it("reads times without an offset as Vietnam time", () => {
    expect(parseAt("2026-03-02T14:00")?.toISOString()).toBe("2026-03-02T07:00:00.000Z");
    expect(parseAt("2026-03-02")?.toISOString()).toBe("2026-03-01T17:00:00.000Z");
    expect(parseAt("2026-03-02T07:00:00Z")?.toISOString()).toBe("2026-03-02T07:00:00.000Z");
    expect(parseAt("2026-13-01")).toBeUndefined();
  });

  it("collects repeated options", async () => {
    const plan = await planVerifySignature(["x.p7s", "--detached", "x.txt", "--trust", "a.pem", "--trust", "b.pem", "--crl", "c.crl", "--json", "--no-revocation", "--ocsp", "aia"]);
    expect(plan).toMatchObject({ kind: "ok", plan: { file: "x.p7s", detached: "x.txt", trust: ["a.pem", "b.pem"], crls: ["c.crl"], json: true, requireRevocation: false, ocsp: "aia", lang: "vi" } });
  });
});

describe("the verify-signature command", () => {
  it("prints a valid signature's report in Vietnamese and exits 0", async () => {
    const result = await runVerifySignature([join(G, "pdf/valid-timestamped.pdf"), ...TEST_PKI]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Kết luận: Hợp lệ");
    expect(result.stdout).toContain("Người ký: Nguyễn Văn An");
    expect(result.stdout).toContain("Số định danh: CCCD 001099012345");
    expect(result.stdout).toContain("(theo dấu thời gian tin cậy của chữ ký)");
    expect(result.stdout).toMatch(/Test Root CA — gốc tin cậy/);
  });

  it("explains a failure in plain words and exits 1", async () => {
    const result = await runVerifySignature([join(G, "pdf/appended-update.pdf"), ...TEST_PKI]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("Kết luận: Không hợp lệ");
    expect(result.stdout).toMatch(/Tài liệu đã bị sửa đổi sau khi ký: chữ ký chỉ bảo vệ [\d.]+ byte đầu trong tổng số [\d.]+ byte/);
    const expired = await runVerifySignature([join(G, "pdf/expired.pdf"), ...TEST_PKI]);
    expect(expired.code).toBe(1);
    expect(expired.stdout).toContain("đã hết hạn vào 07:00 ngày 01/01/2030");
  });

  it("checks a detached signature beside its file, in English or as JSON", async () => {
    const args = [join(G, "cms/rsa.p7s"), "--detached", join(G, "document.txt"), ...TEST_PKI];
    const en = await runVerifySignature([...args, "--lang", "en"]);
    expect(en.code).toBe(0);
    expect(en.stdout).toContain("Conclusion: Valid");
    const json = await runVerifySignature([...args, "--json"]);
    const report = JSON.parse(json.stdout) as { verdict: string; kind: string; signatures: { signer: { commonName: string } }[] };
    expect(report).toMatchObject({ verdict: "TOTAL-PASSED", kind: "cms" });
    expect(report.signatures[0]!.signer.commonName).toBe("Nguyễn Văn An");
    const without = await runVerifySignature([join(G, "cms/rsa.p7s"), ...TEST_PKI]);
    expect(without.code).toBe(1);
    expect(without.stdout).toContain("Cần có tệp gốc đi kèm để kiểm tra chữ ký này.");
  });

  it("uses the Vietnamese roots by default: the test PKI is not trusted without --trust", async () => {
    const result = await runVerifySignature([join(G, "pdf/valid-rsa.pdf"), "--at", "2040-01-01", "--no-revocation"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("Chưa xác định được");
    expect(result.stdout).toContain("không do một tổ chức chứng thực được tin cậy cấp");
  });

  it("answers a missing file with exit 2", async () => {
    const result = await runVerifySignature([join(G, "nothing.pdf")]);
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toContain("Không đọc được tệp");
  });

  it("runs as npm run verify-signature does, with its exit code", async () => {
    const run = promisify(execFile);
    const ok = await run(process.execPath, ["--import", "tsx", "db/verify-signature-cli.ts", join(G, "pdf/valid-rsa.pdf"), ...TEST_PKI], { cwd: root });
    expect(ok.stdout).toContain("Hợp lệ");
    await expect(run(process.execPath, ["--import", "tsx", "db/verify-signature-cli.ts", join(G, "pdf/tampered-byte.pdf"), ...TEST_PKI], { cwd: root })).rejects.toMatchObject({ code: 1 });
    await expect(run(process.execPath, ["--import", "tsx", "db/verify-signature-cli.ts"], { cwd: root })).rejects.toMatchObject({ code: 2 });
  }, 30_000);
});
