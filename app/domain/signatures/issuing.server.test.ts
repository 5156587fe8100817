import { X509Certificate } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { certificateParts, fromPem, issueCertificate, issueCrl, keyIdentifier, randomSerial } from "./issuing.server";
import { OID } from "./oids";
import { nodeSigningKey, type SignatureAlgorithm } from "./signing-key.server";
import { generateKey, openssl, tempDir, testPki, type KeyKind, type TestPki } from "./signing.fixture.server";

const tmp = tempDir();
afterAll(() => tmp.cleanup());

let pki: TestPki;
beforeAll(async () => {
  pki = await testPki("rsa", "rsa");
});

const day = 24 * 3600 * 1000;
const x509Text = (pem: string) => {
  const r = openssl(["x509", "-noout", "-text", "-nameopt", "utf8", "-in", tmp.file(`c-${Math.random()}.pem`, pem)]);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
};

describe("issuing certificates", () => {
  const cases: [string, KeyKind, SignatureAlgorithm | undefined, RegExp][] = [
    ["RSA, PKCS#1 v1.5", "rsa", { name: "RSA-PKCS1", hash: "sha256" }, /Signature Algorithm: sha256WithRSAEncryption/],
    ["RSA, PSS", "rsa", { name: "RSA-PSS", hash: "sha256" }, /Signature Algorithm: rsassaPss[\s\S]*Hash Algorithm: sha256[\s\S]*Mask Algorithm: mgf1 with sha256[\s\S]*Salt Length: 0x20/],
    ["ECDSA P-256", "p256", undefined, /Signature Algorithm: ecdsa-with-SHA256/],
    ["ECDSA P-384", "p384", undefined, /Signature Algorithm: ecdsa-with-SHA384/],
    ["Ed25519", "ed25519", undefined, /Signature Algorithm: ED25519/],
  ];
  for (const [label, kind, algorithm, signatureLine] of cases) {
    it(`makes a self-signed CA with a ${label} key that node:crypto and OpenSSL read back`, async () => {
      const key = generateKey(kind);
      const now = new Date("2026-01-01T00:00:00Z");
      const cert = await issueCertificate({
        subject: { country: "VN", stateOrProvince: "Hà Giang", organization: "Ủy ban nhân dân tỉnh Hà Giang", organizationalUnit: ["Văn phòng", "Phòng Kiểm soát TTHC"], commonName: "Trung tâm Phục vụ hành chính công tỉnh Hà Giang" },
        publicKey: key,
        selfSignKey: nodeSigningKey(key, algorithm),
        notBefore: now,
        notAfter: new Date(now.getTime() + 3650 * day),
        ca: { pathLength: 2 },
        keyUsage: ["keyCertSign", "cRLSign"],
      });
      const x = new X509Certificate(cert.der);
      expect(x.subject).toBe("C=VN\nST=Hà Giang\nO=Ủy ban nhân dân tỉnh Hà Giang\nOU=Văn phòng\nOU=Phòng Kiểm soát TTHC\nCN=Trung tâm Phục vụ hành chính công tỉnh Hà Giang");
      expect(x.issuer).toBe(x.subject);
      expect(x.ca).toBe(true);
      expect(x.verify(x.publicKey)).toBe(true);
      expect(new Date(x.validFrom).toISOString()).toBe("2026-01-01T00:00:00.000Z");
      const text = x509Text(cert.pem);
      expect(text).toMatch(signatureLine);
      expect(text).toMatch(/Basic Constraints: critical\s+CA:TRUE, pathlen:2/);
      expect(text).toMatch(/Key Usage: critical\s+Certificate Sign, CRL Sign/);
      expect(text).toContain(`Subject Key Identifier: \n                ${fmt(keyIdentifier(key))}`);
      expect(text).toContain(`Authority Key Identifier: \n                ${fmt(keyIdentifier(key))}`);
      expect(text).toContain("Subject: C=VN, ST=Hà Giang, O=Ủy ban nhân dân tỉnh Hà Giang, OU=Văn phòng, OU=Phòng Kiểm soát TTHC, CN=Trung tâm");
      // OpenSSL checks the self-signature too.
      expect(openssl(["verify", "-CAfile", tmp.file(`self-${kind}-${label.length}.pem`, cert.pem), tmp.file(`self-leaf-${kind}-${label.length}.pem`, cert.pem)]).status).toBe(0);
    });
  }

  it("writes end-entity certificates with key usage, EKU, SKI/AKI and the CRL distribution point, for every key kind", async () => {
    for (const kind of ["rsa", "p256", "p384", "ed25519"] as const) {
      const leaf = await pki.leaf(kind);
      const x = leaf.certificate.x509;
      expect(x.ca).toBe(false);
      expect(x.checkIssued(pki.intermediate.certificate.x509)).toBe(true);
      expect(x.verify(pki.intermediate.certificate.x509.publicKey)).toBe(true);
      expect(x.keyUsage).toEqual([OID.documentSigning, OID.emailProtection]); // Node's keyUsage is the EKU list
      const text = x509Text(leaf.certificate.pem);
      expect(text).toMatch(/Basic Constraints: \n\s+CA:FALSE/);
      expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Non Repudiation/);
      expect(text).toMatch(/Extended Key Usage: \n\s+1\.3\.6\.1\.5\.5\.7\.3\.36, E-mail Protection/);
      expect(text).toContain("URI:http://127.0.0.1/crl/intermediate.crl");
      expect(text).toContain(`Authority Key Identifier: \n                ${fmt(certificateParts(pki.intermediate.certificate.der).subjectKeyId!)}`);
      expect(text).toContain("UID=MST:0100000000");
    }
  });

  it("writes serials as minimal positive INTEGERs that OpenSSL 3 loads (a high first bit gets one 00, leading zeros go)", async () => {
    const key = generateKey("p256");
    const issue = (serial: bigint | Uint8Array) =>
      issueCertificate({ subject: { commonName: "serial" }, publicKey: key, selfSignKey: nodeSigningKey(key), notBefore: new Date(), notAfter: new Date(Date.now() + day), keyUsage: ["digitalSignature"], serial });
    const high = await issue(Uint8Array.from([0x80, 0x01]));
    expect(high.x509.serialNumber).toBe("8001");
    expect(x509Text(high.pem)).toMatch(/Serial Number: 32769 \(0x8001\)/);
    const padded = await issue(Uint8Array.from([0, 0, 0x12, 0x34]));
    expect(x509Text(padded.pem)).toMatch(/Serial Number: 4660 \(0x1234\)/);
    expect(certificateParts(padded.der).serial).toEqual(Buffer.from([0x12, 0x34]));
    for (let i = 0; i < 200; i++) {
      const s = randomSerial();
      expect(s.length).toBe(16);
      expect(s[0]! & 0x80).toBe(0);
      expect(s[0]).not.toBe(0);
    }
  });

  it("makes chains OpenSSL verifies (root → intermediate → leaf), and OpenSSL refuses a wrong root, a path too long and an expired leaf", async () => {
    const leaf = await pki.leaf("p256");
    const root = tmp.file("chain-root.pem", pki.root.certificate.pem);
    const intermediate = tmp.file("chain-int.pem", pki.intermediate.certificate.pem);
    const leafFile = tmp.file("chain-leaf.pem", leaf.certificate.pem);
    const ok = openssl(["verify", "-CAfile", root, "-untrusted", intermediate, leafFile]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(": OK");

    // Without the intermediate, or against another root: refused.
    expect(openssl(["verify", "-CAfile", root, leafFile]).status).not.toBe(0);
    const other = await testPki("p256", "p256");
    expect(openssl(["verify", "-CAfile", tmp.file("other-root.pem", other.root.certificate.pem), "-untrusted", intermediate, leafFile]).status).not.toBe(0);

    // The intermediate has pathLen 0: a CA below it breaks the constraint.
    const subKey = generateKey("rsa");
    const sub = await issueCertificate({
      subject: { commonName: "CA cấp dưới trái phép" },
      publicKey: subKey,
      issuer: { key: pki.intermediate.signingKey, certificate: pki.intermediate.certificate.der },
      notBefore: new Date(Date.now() - day),
      notAfter: new Date(Date.now() + day),
      ca: {},
      keyUsage: ["keyCertSign"],
    });
    const underSubKey = generateKey("p256");
    const underSub = await issueCertificate({
      subject: { commonName: "dưới CA trái phép" },
      publicKey: underSubKey,
      issuer: { key: nodeSigningKey(subKey), certificate: sub.der },
      notBefore: new Date(Date.now() - day),
      notAfter: new Date(Date.now() + day),
      keyUsage: ["digitalSignature"],
    });
    const tooLong = openssl(["verify", "-CAfile", root, "-untrusted", tmp.file("too-long-chain.pem", pki.intermediate.certificate.pem + sub.pem), tmp.file("too-long-leaf.pem", underSub.pem)]);
    expect(tooLong.status).not.toBe(0);
    expect(tooLong.stdout + tooLong.stderr).toMatch(/path length constraint exceeded/);

    const expired = await issueCertificate({
      subject: { commonName: "hết hạn" },
      publicKey: underSubKey,
      issuer: { key: pki.intermediate.signingKey, certificate: pki.intermediate.certificate.der },
      notBefore: new Date(Date.now() - 10 * day),
      notAfter: new Date(Date.now() - day),
      keyUsage: ["digitalSignature"],
    });
    const e = openssl(["verify", "-CAfile", root, "-untrusted", intermediate, tmp.file("expired.pem", expired.pem)]);
    expect(e.stdout + e.stderr).toMatch(/certificate has expired/);
  });

  it("uses GeneralizedTime from 2050 on", async () => {
    const key = generateKey("p256");
    const cert = await issueCertificate({
      subject: { commonName: "dài hạn" },
      publicKey: key,
      selfSignKey: nodeSigningKey(key),
      notBefore: new Date("2049-12-31T00:00:00Z"),
      notAfter: new Date("2060-06-30T12:00:00Z"),
      keyUsage: ["digitalSignature"],
    });
    expect(new Date(cert.x509.validTo).toISOString()).toBe("2060-06-30T12:00:00.000Z");
    expect(x509Text(cert.pem)).toContain("Not After : Jun 30 12:00:00 2060 GMT");
  });

  it("reads back a PEM chain in order", async () => {
    const chain = fromPem(pki.intermediate.certificate.pem + "\n" + pki.root.certificate.pem);
    expect(chain.map((c) => new X509Certificate(c).subject.split("\n").pop())).toEqual(["CN=CA trung gian kiểm thử", "CN=CA gốc kiểm thử — Hà Giang"]);
  });
});

describe("issuing CRLs", () => {
  it("signs a v2 CRL with revoked serials and reasons that OpenSSL verifies, and OpenSSL then refuses the revoked leaf", async () => {
    const revokedLeaf = await pki.leaf("rsa");
    const goodLeaf = await pki.leaf("rsa");
    const crl = await issueCrl({
      issuer: { key: pki.intermediate.signingKey, certificate: pki.intermediate.certificate.der },
      thisUpdate: new Date(Date.now() - 3600_000),
      nextUpdate: new Date(Date.now() + 7 * day),
      number: 7,
      revoked: [
        { serial: Buffer.from(revokedLeaf.certificate.x509.serialNumber, "hex"), date: new Date(Date.now() - 1800_000), reason: "keyCompromise" },
        { serial: 0x1234n, date: new Date(Date.now() - 1800_000), reason: "superseded" },
        { serial: 0x80n, date: new Date(Date.now() - 1800_000) },
      ],
    });
    const crlFile = tmp.file("int.crl.pem", crl.pem);
    const intermediate = tmp.file("crl-int.pem", pki.intermediate.certificate.pem);
    const checked = openssl(["crl", "-in", crlFile, "-CAfile", intermediate, "-noout", "-verify"]);
    expect(checked.status, checked.stderr).toBe(0);
    expect(checked.stderr + checked.stdout).toContain("verify OK");
    const text = openssl(["crl", "-in", crlFile, "-noout", "-text", "-nameopt", "utf8"]).stdout;
    expect(text).toContain("Version 2 (0x1)");
    expect(text).toContain("Issuer: C=VN, O=Cổng Dịch vụ công (kiểm thử), CN=CA trung gian kiểm thử");
    expect(text).toMatch(/X509v3 CRL Number: \n\s+7/);
    expect(text).toMatch(new RegExp(`Serial Number: ${revokedLeaf.certificate.x509.serialNumber}[\\s\\S]*?Key Compromise`, "i"));
    expect(text).toMatch(/Serial Number: 1234[\s\S]*?Superseded/);
    expect(text).toMatch(/Serial Number: 80\n\s+Revocation Date: [^\n]+\n(?!\s+CRL entry extensions)/);

    const root = tmp.file("crl-root.pem", pki.root.certificate.pem);
    const rootCrl = await issueCrl({ issuer: { key: pki.root.signingKey, certificate: pki.root.certificate.der }, thisUpdate: new Date(Date.now() - 3600_000), nextUpdate: new Date(Date.now() + day), number: 1n, revoked: [] });
    const crls = tmp.file("crls.pem", crl.pem + rootCrl.pem);
    const revoked = openssl(["verify", "-crl_check_all", "-CRLfile", crls, "-CAfile", root, "-untrusted", intermediate, tmp.file("revoked.pem", revokedLeaf.certificate.pem)]);
    expect(revoked.status).not.toBe(0);
    expect(revoked.stdout + revoked.stderr).toContain("certificate revoked");
    const good = openssl(["verify", "-crl_check_all", "-CRLfile", crls, "-CAfile", root, "-untrusted", intermediate, tmp.file("good.pem", goodLeaf.certificate.pem)]);
    expect(good.status, good.stdout + good.stderr).toBe(0);

    // One flipped byte in the signed part: OpenSSL refuses the CRL.
    const tampered = Buffer.from(crl.der);
    const at = tampered.indexOf(Buffer.from("CA trung gian", "utf8"));
    tampered[at] = tampered[at]! ^ 0x01;
    const bad = openssl(["crl", "-inform", "DER", "-in", tmp.file("bad.crl", tampered), "-CAfile", intermediate, "-noout", "-verify"]);
    expect(bad.stdout + bad.stderr).not.toContain("verify OK");
  });

  it("signs CRLs with ECDSA issuers too", async () => {
    const ec = await testPki("p384", "p256");
    const crl = await issueCrl({ issuer: { key: ec.intermediate.signingKey, certificate: ec.intermediate.certificate.der }, thisUpdate: new Date(), nextUpdate: new Date(Date.now() + day), number: 1, revoked: [{ serial: 5n, date: new Date(), reason: "cessationOfOperation" }] });
    const r = openssl(["crl", "-in", tmp.file("ec.crl.pem", crl.pem), "-CAfile", tmp.file("ec-int.pem", ec.intermediate.certificate.pem), "-noout", "-verify"]);
    expect(r.stderr + r.stdout).toContain("verify OK");
  });
});

function fmt(bytes: Buffer): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, "0").toUpperCase()).join(":");
}
