import { execFileSync } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TFunction } from "i18next";
import PDFDocument from "pdfkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServerI18n } from "../../platform/i18n.server";
import { createAgencyKeyStore, readPkcs12, signingConfig, SigningConfigError, type AgencySigningIdentity, type SigningConfig } from "./agency-keys.server";
import { issueCertificate } from "./issuing.server";
import { signPdf } from "./sign-pdf.server";
import { generateKey, openssl, pdfSignatures, tempDir, testPki, type TestPki } from "./signing.fixture.server";

const tmp = tempDir();
let t: TFunction;
let pki: TestPki;
beforeAll(async () => {
  t = (await createServerI18n("vi", ["signing"])).getFixedT("vi");
  pki = await testPki("rsa", "rsa");
});
afterAll(() => tmp.cleanup());

const agency = { code: "000.00.02.H22", name: "Sở Nội vụ tỉnh Hà Giang" };
let n = 0;
const env = (over: Partial<Parameters<typeof signingConfig>[0]> = {}) =>
  signingConfig({ NODE_ENV: "development", DATA_DIR: join(tmp.dir, `data-${n++}`), SIGNING_RSA_PADDING: "pss", ...over });

async function samplePdf(): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4" });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  doc.text("Ket qua giai quyet thu tuc hanh chinh");
  doc.end();
  return done;
}

/** Sign a PDF with the identity and have OpenSSL verify it against `rootPem`. */
async function signAndVerify(identity: AgencySigningIdentity, rootPem: string): Promise<{ status: number; stderr: string }> {
  const signed = await signPdf(await samplePdf(), { signer: identity.signer, name: identity.certificate.subject.split("\n").find((l) => l.startsWith("CN="))!.slice(3) });
  const [sig] = pdfSignatures(signed.pdf);
  const k = n++;
  return openssl(["cms", "-verify", "-binary", "-inform", "DER", "-in", tmp.file(`v${k}.p7s`, sig!.cms), "-content", tmp.file(`v${k}.bin`, sig!.signed), "-CAfile", tmp.file(`v${k}-root.pem`, rootPem), "-purpose", "any", "-out", "/dev/null"]);
}

describe("agency keys: the development demo CA", () => {
  it("is generated once under DATA_DIR (keys 0600), named as a test CA not for production, and reused after a restart", async () => {
    const config = env();
    expect(config.mode).toBe("demo");
    const store = createAgencyKeyStore(config, { t, province: "Hà Giang" });
    const identity = await store.forAgency(agency);
    expect(identity.demo).toBe(true);
    expect(identity.signer.key.algorithm).toEqual({ name: "RSA-PSS", hash: "sha256" });
    const rootPem = (await store.demoRootPem())!;
    const rootText = openssl(["x509", "-noout", "-subject", "-nameopt", "utf8", "-in", tmp.file("demo-root.pem", rootPem)]).stdout;
    expect(rootText).toContain("CN=CA thử nghiệm — Cổng Dịch vụ công Hà Giang");
    expect(rootText).toContain("OU=KHÔNG DÙNG CHO SẢN XUẤT — chỉ để phát triển và kiểm thử");
    expect(identity.certificate.subject).toContain("CN=Sở Nội vụ tỉnh Hà Giang");
    expect(identity.certificate.subject).toContain("OU=Chứng thư thử nghiệm của cơ quan 000.00.02.H22");

    const rootFile = join(config.demoDir, "root.pem");
    const leafFile = join(config.demoDir, "agencies", "000.00.02.H22.pem");
    expect(statSync(rootFile).mode & 0o777).toBe(0o600);
    expect(statSync(leafFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(config.demoDir, "root-certificate.pem"), "utf8")).toBe(rootPem);
    expect(readFileSync(leafFile, "utf8")).toContain("PRIVATE KEY");

    // The chain verifies with OpenSSL, and a PDF signed with the demo key verifies against the demo root.
    const chain = openssl(["verify", "-CAfile", tmp.file("demo-root2.pem", rootPem), tmp.file("demo-leaf.pem", identity.chainPem)]);
    expect(chain.status, chain.stderr).toBe(0);
    const verdict = await signAndVerify(identity, rootPem);
    expect(verdict.status, verdict.stderr).toBe(0);

    // A restart: a new store over the same folder reuses the root and the leaf.
    const again = createAgencyKeyStore(config, { t, province: "Hà Giang" });
    const reused = await again.forAgency(agency);
    expect(reused.certificate.fingerprint256).toBe(identity.certificate.fingerprint256);
    expect(await again.demoRootPem()).toBe(rootPem);
    // Another agency gets its own leaf under the same root.
    const other = await again.forAgency({ code: "000.00.03.H22", name: "Sở Tài chính" });
    expect(other.certificate.fingerprint256).not.toBe(identity.certificate.fingerprint256);
    expect(other.certificate.issuer).toBe(identity.certificate.issuer);
  });

  it("makes one root even when two processes start at once, and renews a demo leaf that expired", async () => {
    const config = env();
    const deps = { t, province: "Hà Giang", generateKey: () => generateKey("p256") };
    const [a, b] = await Promise.all([createAgencyKeyStore(config, deps).forAgency(agency), createAgencyKeyStore(config, deps).forAgency(agency)]);
    expect(a.certificate.issuer).toBe(b.certificate.issuer);
    expect(a.certificate.fingerprint256).toBe(b.certificate.fingerprint256);
    const store = createAgencyKeyStore(config, deps);
    const first = await store.forAgency(agency);
    const later = new Date(Date.now() + 3 * 365 * 24 * 3600_000);
    const renewed = await store.forAgency(agency, later);
    expect(renewed.certificate.fingerprint256).not.toBe(first.certificate.fingerprint256);
    expect(new Date(renewed.certificate.validTo) > later).toBe(true);
  });

  it("publishes a CRL of the demo CA (nothing revoked, valid a week) that OpenSSL checks against the demo root", async () => {
    const store = createAgencyKeyStore(env(), { t, province: "Hà Giang", generateKey: () => generateKey("p256") });
    const rootPem = (await store.demoRootPem())!;
    const crl = (await store.demoCrl!(new Date()))!;
    const text = openssl(["crl", "-inform", "DER", "-in", tmp.file("demo.crl", crl), "-CAfile", tmp.file("demo-crl-root.pem", rootPem), "-noout", "-text"]);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout + text.stderr).toMatch(/verify OK/);
    expect(text.stdout).toContain("No Revoked Certificates");
    expect(await store.demoCrl!(new Date())).toBe(crl);
  });

  it("is never used in production: without SIGNING_KEYS_DIR signing refuses with a clear error", async () => {
    const config = env({ NODE_ENV: "production" });
    expect(config.mode).toBe("off");
    const store = createAgencyKeyStore(config, { t, province: "Hà Giang" });
    await expect(store.forAgency(agency)).rejects.toThrow(SigningConfigError);
    await expect(store.forAgency(agency)).rejects.toThrow(/Signing is not configured: set SIGNING_KEYS_DIR.*never signs with a generated demo key/);
    expect(await store.demoRootPem()).toBeNull();
    expect(await store.demoCrl!()).toBeNull();
  });

  it("refuses agency codes that are not codes (no paths)", async () => {
    const store = createAgencyKeyStore(env(), { t, province: "Hà Giang", generateKey: () => generateKey("p256") });
    await expect(store.forAgency({ code: "../root", name: "x" })).rejects.toThrow(/not an agency code/);
  });
});

describe("agency keys: configured keys", () => {
  let dir: string;
  let rsaLeaf: Awaited<ReturnType<TestPki["leaf"]>>;
  beforeAll(async () => {
    dir = join(tmp.dir, "keys");
    execFileSync("mkdir", ["-p", dir]);
    rsaLeaf = await pki.leaf("rsa", undefined, "Văn phòng UBND tỉnh Hà Giang");
  });
  const config = (over: Partial<SigningConfig> = {}): SigningConfig => ({ ...env({ SIGNING_KEYS_DIR: dir }), ...over });

  function exportP12(name: string, leaf: typeof rsaLeaf, password: string, extra: string[] = []): void {
    const key = tmp.file(`${name}.key`, leaf.key.export({ type: "pkcs8", format: "pem" }) as string);
    const cert = tmp.file(`${name}.crt`, leaf.certificate.pem);
    const chain = tmp.file(`${name}.chain`, pki.intermediate.certificate.pem + pki.root.certificate.pem);
    execFileSync("openssl", ["pkcs12", "-export", "-inkey", key, "-in", cert, "-certfile", chain, "-passout", `pass:${password}`, "-out", join(dir, `${name}.p12`), ...extra]);
  }

  it("reads a PKCS#12 file (OpenSSL 3 default: AES-256, PBKDF2, SHA-256 MAC) with its password file, and the signature verifies", async () => {
    exportP12("000.00.01.H22", rsaLeaf, "mật khẩu-1");
    writeFileSync(join(dir, "000.00.01.H22.pass"), "mật khẩu-1\n");
    const store = createAgencyKeyStore(config(), { t, province: "Hà Giang" });
    expect(store.mode).toBe("configured");
    const identity = await store.forAgency({ code: "000.00.01.H22", name: "Văn phòng UBND tỉnh" });
    expect(identity.demo).toBe(false);
    expect(identity.source).toBe(join(dir, "000.00.01.H22.p12"));
    expect(identity.certificate.fingerprint256).toBe(rsaLeaf.certificate.x509.fingerprint256);
    // The certificates come out byte for byte; the root is left out of the chain embedded in signatures.
    expect(identity.signer.certificate.equals(rsaLeaf.certificate.der)).toBe(true);
    expect(identity.signer.chain).toEqual([pki.intermediate.certificate.der]);
    const verdict = await signAndVerify(identity, pki.root.certificate.pem);
    expect(verdict.status, verdict.stderr).toBe(0);
    expect(await store.demoRootPem()).toBeNull();
  });

  it("reads legacy (3DES, SHA-1 MAC) and ECDSA PKCS#12 files, with the password from SIGNING_KEY_PASSWORD, and PKCS#1 v1.5 when configured", async () => {
    exportP12("000.00.04.H22", rsaLeaf, "shared", ["-certpbe", "PBE-SHA1-3DES", "-keypbe", "PBE-SHA1-3DES", "-macalg", "sha1"]);
    const ecLeaf = await pki.leaf("p256", undefined, "Sở Y tế tỉnh Hà Giang");
    exportP12("000.00.05.H22", ecLeaf, "shared");
    const store = createAgencyKeyStore(config({ keyPassword: "shared", rsaPadding: "pkcs1" }), { t, province: "Hà Giang" });
    const legacy = await store.forAgency({ code: "000.00.04.H22", name: "x" });
    expect(legacy.signer.key.algorithm).toEqual({ name: "RSA-PKCS1", hash: "sha256" });
    expect((await signAndVerify(legacy, pki.root.certificate.pem)).status).toBe(0);
    const ec = await store.forAgency({ code: "000.00.05.H22", name: "x" });
    expect(ec.signer.key.algorithm).toEqual({ name: "ECDSA", hash: "sha256" });
    expect(ec.signer.certificate.equals(ecLeaf.certificate.der)).toBe(true);
    expect((await signAndVerify(ec, pki.root.certificate.pem)).status).toBe(0);
    expect(() => readPkcs12(readFileSync(join(dir, "000.00.05.H22.p12")), "wrong")).toThrow(SigningConfigError);
    await expect(createAgencyKeyStore(config({ keyPassword: "wrong" }), { t, province: "Hà Giang" }).forAgency({ code: "000.00.05.H22", name: "x" })).rejects.toThrow(/cannot be opened/);
  });

  it("reads a PEM key (encrypted PKCS#8) and chain, uses default.* for agencies without their own, and names the files it looked for", async () => {
    const leaf = await pki.leaf("p384", undefined, "Trung tâm Phục vụ hành chính công tỉnh Hà Giang");
    writeFileSync(join(dir, "default.key.pem"), leaf.key.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "bí mật" }) as string, { mode: 0o600 });
    writeFileSync(join(dir, "default.pass"), "bí mật");
    // Chain in any order, root included: the store orders it and leaves the root out.
    writeFileSync(join(dir, "default.chain.pem"), pki.root.certificate.pem + leaf.certificate.pem + pki.intermediate.certificate.pem);
    const store = createAgencyKeyStore(config(), { t, province: "Hà Giang" });
    const identity = await store.forAgency({ code: "000.00.99.H22", name: "x" });
    expect(identity.source).toBe(join(dir, "default.key.pem"));
    expect(identity.signer.certificate.equals(leaf.certificate.der)).toBe(true);
    expect(identity.signer.chain).toEqual([pki.intermediate.certificate.der]);
    expect((await signAndVerify(identity, pki.root.certificate.pem)).status).toBe(0);

    const emptyDir = join(tmp.dir, "empty-keys");
    execFileSync("mkdir", ["-p", emptyDir]);
    await expect(createAgencyKeyStore(config({ keysDir: emptyDir }), { t, province: "Hà Giang" }).forAgency(agency)).rejects.toThrow(
      /No signing key for agency 000\.00\.02\.H22 .*000\.00\.02\.H22\.p12 or 000\.00\.02\.H22\.key\.pem with 000\.00\.02\.H22\.chain\.pem/,
    );
  });

  it("refuses a key that does not match its certificate, and a certificate not valid now (checked before every signature)", async () => {
    const other = generateKey("rsa");
    writeFileSync(join(dir, "000.00.06.H22.key.pem"), other.export({ type: "pkcs8", format: "pem" }) as string);
    writeFileSync(join(dir, "000.00.06.H22.chain.pem"), rsaLeaf.certificate.pem);
    const store = createAgencyKeyStore(config(), { t, province: "Hà Giang" });
    await expect(store.forAgency({ code: "000.00.06.H22", name: "x" })).rejects.toThrow(/no certificate matches the private key/);

    const key = generateKey("p256");
    const expired = await issueCertificate({
      subject: { commonName: "Chứng thư hết hạn" },
      publicKey: key,
      issuer: { key: pki.intermediate.signingKey, certificate: pki.intermediate.certificate.der },
      notBefore: new Date(Date.now() - 10 * 86_400_000),
      notAfter: new Date(Date.now() - 86_400_000),
      keyUsage: ["digitalSignature"],
    });
    writeFileSync(join(dir, "000.00.07.H22.key.pem"), key.export({ type: "pkcs8", format: "pem" }) as string);
    writeFileSync(join(dir, "000.00.07.H22.chain.pem"), expired.pem);
    await expect(store.forAgency({ code: "000.00.07.H22", name: "x" })).rejects.toThrow(/expired on .*install its renewed certificate/);
    // The RSA leaf is valid now but not in three years.
    exportP12("000.00.08.H22", rsaLeaf, "p");
    writeFileSync(join(dir, "000.00.08.H22.pass"), "p");
    await expect(store.forAgency({ code: "000.00.08.H22", name: "x" }, new Date(Date.now() + 3 * 365 * 86_400_000))).rejects.toThrow(/expired/);
    expect((await store.forAgency({ code: "000.00.08.H22", name: "x" })).demo).toBe(false);
  });
});
