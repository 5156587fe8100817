import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { issueCertificate, issueCrl } from "../app/domain/signatures/issuing.server";
import { nodeSigningKey } from "../app/domain/signatures/signing-key.server";
import { escaped, signedInAdministrator, unique } from "./admin-session";
import { expectNoAxeViolations } from "./axe";

// The signatures' trust store (issue 7): a system administrator adds a root certificate from a PEM file, sees it
// listed, uploads a CRL signed by it into the offline cache, removes the certificate with a reason and reads the
// history. The certificate and the CRL are made here with the project's own issuing code, in a temporary folder.
// Plain forms: it also runs without JavaScript. Each project makes its own root, so they do not meet.

async function makeFiles(commonName: string) {
  const dir = mkdtempSync(join(tmpdir(), "e2e-trust-"));
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const key = nodeSigningKey(privateKey);
  const now = Date.now();
  const cert = await issueCertificate({
    subject: { country: "VN", organization: "Sở Khoa học và Công nghệ tỉnh Hà Giang", commonName },
    publicKey: privateKey,
    selfSignKey: key,
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 5 * 365 * 86_400_000),
    ca: {},
    keyUsage: ["keyCertSign", "cRLSign"],
  });
  const crl = await issueCrl({
    issuer: { key, certificate: cert.der },
    thisUpdate: new Date(now - 3_600_000),
    nextUpdate: new Date(now + 7 * 86_400_000),
    number: 1,
    revoked: [
      { serial: 1001n, date: new Date(now - 7_200_000), reason: "keyCompromise" },
      { serial: 1002n, date: new Date(now - 7_200_000) },
    ],
  });
  const certificatePath = join(dir, "ca-goc.pem");
  const crlPath = join(dir, "ca-goc.crl");
  writeFileSync(certificatePath, cert.pem);
  writeFileSync(crlPath, crl.der);
  return { certificatePath, crlPath };
}

test("a system administrator adds a root certificate, uploads its CRL, removes the certificate with a reason and reads the history @nojs", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const js = testInfo.project.name === "js";
  const commonName = `CA gốc thử nghiệm ${testInfo.project.name} ${unique()}`;
  const subject = `C=VN, O=Sở Khoa học và Công nghệ tỉnh Hà Giang, CN=${commonName}`;
  const files = await makeFiles(commonName);
  await signedInAdministrator(page, "Hoàng Thị Sâm");

  // The section is offered on the administration's front page and in its navigation.
  await page.goto("/admin");
  await page.getByRole("link", { name: "Chữ ký số: chứng thư tin cậy" }).click();
  await expect(page).toHaveURL(/\/admin\/signatures$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Chữ ký số: chứng thư tin cậy");
  // The shipped Vietnamese roots, with where they come from.
  await expect(page.getByRole("heading", { name: /Vietnam National Root CA/ }).first()).toBeVisible();
  await expect(page.getByText("Có sẵn trong cổng").first()).toBeVisible();
  await expect(page.getByText(/Tệp vnrca256\.pem/)).toBeVisible();
  if (js) await expectNoAxeViolations(page);

  // Nothing chosen: the problems are listed first, each linked to its field.
  await page.getByRole("button", { name: "Thêm chứng thư" }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Có lỗi cần sửa");
  await expect(summary.getByRole("link", { name: "Chọn loại chứng thư" })).toHaveAttribute("href", "#role");
  await expect(summary.getByRole("link", { name: "Chọn tệp để tải lên" })).toHaveAttribute("href", "#certificate");
  if (js) await expectNoAxeViolations(page);

  // A CRL of an issuer not (yet) trusted is refused.
  await page.getByLabel("Tệp CRL").setInputFiles(files.crlPath);
  await page.getByRole("button", { name: "Tải lên CRL" }).click();
  await expect(page.getByRole("alert")).toContainText("Tổ chức phát hành danh sách thu hồi không có trong danh sách chứng thư tin cậy");

  // The root, from a PEM file.
  await page.getByLabel("Chứng thư gốc", { exact: true }).check();
  await page.getByLabel("Ghi chú (không bắt buộc)").fill("Đã đối chiếu dấu vân tay với Sở");
  await page.getByLabel("Tệp chứng thư").setInputFiles(files.certificatePath);
  await page.getByRole("button", { name: "Thêm chứng thư" }).click();
  await expect(page.getByText("Đã thêm chứng thư vào danh sách tin cậy.")).toBeVisible();
  const card = page.locator(".app-trust-certificate", { has: page.getByRole("heading", { name: subject }) });
  await expect(card).toContainText("Quản trị viên thêm");
  await expect(card).toContainText("Hoàng Thị Sâm thêm lúc");
  await expect(card).toContainText("Đã đối chiếu dấu vân tay với Sở");
  await expect(card).toContainText(/Từ \d\d\/\d\d\/\d{4} đến \d\d\/\d\d\/\d{4}/);

  // The same file again: already trusted.
  await page.getByLabel("Chứng thư gốc", { exact: true }).check();
  await page.getByLabel("Tệp chứng thư").setInputFiles(files.certificatePath);
  await page.getByRole("button", { name: "Thêm chứng thư" }).click();
  await expect(page.getByRole("alert")).toContainText("Chứng thư này đã có trong danh sách tin cậy");

  // Its CRL, signed by it: stored in the cache, with the number of revoked certificates.
  await page.getByLabel("Tệp CRL").setInputFiles(files.crlPath);
  await page.getByRole("button", { name: "Tải lên CRL" }).click();
  await expect(page.getByText("Đã lưu danh sách thu hồi.")).toBeVisible();
  const crlRow = page.getByRole("row", { name: escaped(subject) }).filter({ hasText: "Quản trị viên tải lên" });
  await expect(crlRow).toContainText("2");
  await expect(crlRow).toContainText("Hoàng Thị Sâm");
  await page.getByLabel("Tệp CRL").setInputFiles(files.crlPath);
  await page.getByRole("button", { name: "Tải lên CRL" }).click();
  await expect(page.getByRole("alert")).toContainText("Danh sách thu hồi này đã được lưu trước đó");

  // Removing it: a confirmation page that wants a reason.
  await card.getByRole("button", { name: `Gỡ bỏ chứng thư ${subject}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Gỡ bỏ chứng thư");
  await expect(page.getByText(subject)).toBeVisible();
  if (js) await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Gỡ bỏ chứng thư" }).click();
  await expect(page.getByRole("alert").getByRole("link", { name: "Nhập lý do gỡ bỏ" })).toHaveAttribute("href", "#note");
  await page.getByLabel("Lý do gỡ bỏ").fill("Khóa bí mật của CA thử nghiệm đã hết dùng");
  await page.getByRole("button", { name: "Gỡ bỏ chứng thư" }).click();
  await expect(page.getByText("Đã gỡ bỏ chứng thư.")).toBeVisible();
  await expect(page.getByRole("heading", { name: subject })).toHaveCount(0);
  const removedRow = page.locator("#removed").getByRole("row", { name: escaped(subject) });
  await expect(removedRow).toContainText("Khóa bí mật của CA thử nghiệm đã hết dùng");
  await expect(removedRow.getByRole("button", { name: /Khôi phục/ })).toBeVisible();

  // The history: who added and removed it, and why.
  const history = page.locator("#history");
  await expect(history.getByRole("row", { name: escaped(subject) }).filter({ hasText: "Gỡ bỏ chứng thư gốc" })).toContainText("Khóa bí mật của CA thử nghiệm đã hết dùng");
  await expect(history.getByRole("row", { name: escaped(subject) }).filter({ hasText: "Thêm chứng thư gốc" })).toContainText("Hoàng Thị Sâm");
  if (js) await expectNoAxeViolations(page);
});
