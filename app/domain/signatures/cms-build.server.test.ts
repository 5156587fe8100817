import { execFileSync } from "node:child_process";
import { createHash, randomBytes, verify, X509Certificate } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import forge from "node-forge";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCadesDetached, contentDigestAlgorithm, type CmsSigner } from "./cms-build.server";
import { buf, parse, type Node } from "./der-build.server";
import { issueCertificate } from "./issuing.server";
import { OID } from "./oids";
import { generateKey, openssl, tempDir, testPki, type KeyKind, type TestPki } from "./signing.fixture.server";
import type { SignatureAlgorithm } from "./signing-key.server";
import { encodeTimestampRequest, parseTimestampResponse, rfc3161Client, TimestampError, tstInfo } from "./tsa-client.server";

const tmp = tempDir();
let pki: TestPki;
let rootFile: string;
beforeAll(async () => {
  pki = await testPki("rsa", "rsa");
  rootFile = tmp.file("root.pem", pki.root.certificate.pem);
});
afterAll(() => tmp.cleanup());

const content = Buffer.from("%PDF-1.7 nội dung giả định của một văn bản kết quả\n" + "x".repeat(5000), "utf8");

async function signerFor(kind: KeyKind, algorithm?: SignatureAlgorithm): Promise<CmsSigner> {
  const leaf = await pki.leaf(kind, algorithm);
  return { key: leaf.signingKey, certificate: leaf.certificate.der, chain: [pki.intermediate.certificate.der] };
}

const digestOf = (signer: CmsSigner, data: Buffer) => createHash(contentDigestAlgorithm(signer.key)).update(data).digest();

function opensslVerify(cms: Buffer, data: Buffer, name: string) {
  return openssl(["cms", "-verify", "-binary", "-inform", "DER", "-in", tmp.file(`${name}.p7s`, cms), "-content", tmp.file(`${name}.bin`, data), "-CAfile", rootFile, "-purpose", "any", "-out", "/dev/null"]);
}

/** The SignerInfo of a CMS, walked with forge.asn1. */
function signerInfo(cms: Buffer): Node[] {
  const signedData = ((parse(cms).value as Node[])[1]!.value as Node[])[0]!.value as Node[];
  const infos = signedData[signedData.length - 1]!.value as Node[];
  return infos[0]!.value as Node[];
}

describe("the CAdES builder", () => {
  const cases: [string, KeyKind, SignatureAlgorithm | undefined, string][] = [
    ["RSA-PSS SHA-256 (the default for RSA)", "rsa", undefined, "rsassaPss"],
    ["RSA PKCS#1 v1.5 SHA-256", "rsa", { name: "RSA-PKCS1", hash: "sha256" }, "sha256WithRSAEncryption"],
    ["ECDSA P-256", "p256", undefined, "ecdsa-with-SHA256"],
    ["ECDSA P-384", "p384", undefined, "ecdsa-with-SHA384"],
  ];
  for (const [label, kind, algorithm, printed] of cases) {
    it(`makes a detached SignedData that OpenSSL verifies: ${label}`, async () => {
      const signer = await signerFor(kind, algorithm);
      const cms = await buildCadesDetached(signer, { contentDigest: digestOf(signer, content) });
      const ok = opensslVerify(cms, content, `ok-${kind}-${label.length}`);
      expect(ok.status, ok.stderr).toBe(0);
      expect(ok.stderr).toContain("Verification successful");

      const printedCms = openssl(["cms", "-cmsout", "-print", "-inform", "DER", "-in", tmp.file(`print-${kind}-${label.length}.p7s`, cms)]).stdout;
      expect(printedCms).toContain(`algorithm: ${printed}`);
      expect(printedCms).toContain("eContent: <ABSENT>");
      // The three signed attributes and no signingTime (PAdES B-B: the time is the PDF's /M).
      expect(printedCms).toContain("contentType");
      expect(printedCms).toContain("messageDigest");
      expect(printedCms).toMatch(/id-smime-aa-signingCertificateV2|signingCertificateV2/);
      expect(printedCms).not.toContain("signingTime");

      // One byte of content changed: OpenSSL refuses.
      const changed = Buffer.from(content);
      changed[100] = changed[100]! ^ 0x20;
      const bad = opensslVerify(cms, changed, `bad-${kind}-${label.length}`);
      expect(bad.status).not.toBe(0);
      expect(bad.stderr).toMatch(/content verify error|digest failure/i);
    });
  }

  it("signs with Ed25519 (RFC 8419: SHA-512 message digest); OpenSSL 3.0's CMS has no Ed25519, so node:crypto checks it", async () => {
    const signer = await signerFor("ed25519");
    const cms = await buildCadesDetached(signer, { contentDigest: digestOf(signer, content) });
    const printedCms = openssl(["cms", "-cmsout", "-print", "-inform", "DER", "-in", tmp.file("ed.p7s", cms)]).stdout;
    expect(printedCms).toMatch(/digestAlgorithm: \n\s+algorithm: sha512/);
    expect(printedCms).toContain("algorithm: ED25519");
    const info = signerInfo(cms);
    const attrsDer = buf(forge.asn1.toDer(info[3]!).getBytes());
    attrsDer[0] = 0x31; // [0] IMPLICIT → SET OF, what was signed
    const digestAttr = (info[3]!.value as Node[]).find((a) => forge.asn1.derToOid((a.value as Node[])[0]!.value as string) === OID.messageDigest)!;
    expect(buf(((digestAttr.value as Node[])[1]!.value as Node[])[0]!.value as string)).toEqual(createHash("sha512").update(content).digest());
    const publicKey = new X509Certificate(signer.certificate).publicKey;
    const signature = buf(info[5]!.value as string);
    expect(verify(null, attrsDer, publicKey, signature)).toBe(true);
    attrsDer[attrsDer.length - 1] = attrsDer[attrsDer.length - 1]! ^ 1;
    expect(verify(null, attrsDer, publicKey, signature)).toBe(false);
  });

  it("writes the signed attributes in DER order, with the signer's certificate hash and issuer/serial in signingCertificateV2", async () => {
    const signer = await signerFor("p256");
    const cms = await buildCadesDetached(signer, { contentDigest: digestOf(signer, content) });
    const info = signerInfo(cms);
    const attrs = (info[3]!.value as Node[]).map((a) => buf(forge.asn1.toDer(a).getBytes()));
    const sorted = [...attrs].sort(Buffer.compare);
    expect(attrs).toEqual(sorted);
    const types = (info[3]!.value as Node[]).map((a) => forge.asn1.derToOid((a.value as Node[])[0]!.value as string));
    expect(new Set(types)).toEqual(new Set([OID.contentType, OID.messageDigest, OID.signingCertificateV2]));
    const essAttr = (info[3]!.value as Node[]).find((a) => forge.asn1.derToOid((a.value as Node[])[0]!.value as string) === OID.signingCertificateV2)!;
    const certId = ((((essAttr.value as Node[])[1]!.value as Node[])[0]!.value as Node[])[0]!.value as Node[])[0]!.value as Node[];
    expect(buf(certId[0]!.value as string)).toEqual(createHash("sha256").update(signer.certificate).digest()); // hashAlgorithm omitted: SHA-256 by default
    // The leaf and its intermediate are embedded, and OpenSSL's verification above needed them (only the root is given).
    const certs = openssl(["pkcs7", "-inform", "DER", "-print_certs", "-in", tmp.file("certs.p7s", cms)]).stdout;
    expect(certs.match(/subject=/g)).toHaveLength(2);
  });

  it("refuses a digest of the wrong length and a key that does not fit the certificate", async () => {
    const signer = await signerFor("rsa");
    await expect(buildCadesDetached(signer, { contentDigest: Buffer.alloc(20) })).rejects.toThrow(/sha256/);
    const ec = await signerFor("p256");
    await expect(buildCadesDetached({ ...signer, key: ec.key }, { contentDigest: Buffer.alloc(32) })).rejects.toThrow(/cannot sign with ECDSA/);
  });

  it("uses any key operation: an asynchronous remote signer gives the same verifiable result", async () => {
    const local = await signerFor("rsa");
    const calls: number[] = [];
    const remote: CmsSigner = {
      ...local,
      key: {
        algorithm: local.key.algorithm,
        sign: async (data) => {
          calls.push(data.length);
          await new Promise((r) => setTimeout(r, 5));
          return local.key.sign(data);
        },
      },
    };
    const cms = await buildCadesDetached(remote, { contentDigest: digestOf(remote, content) });
    expect(calls).toHaveLength(1);
    expect(opensslVerify(cms, content, "remote").status).toBe(0);
  });
});

describe("the RFC 3161 client", () => {
  it("encodes a TimeStampReq that OpenSSL reads", () => {
    const digest = createHash("sha256").update("chữ ký").digest();
    const req = encodeTimestampRequest({ hash: "sha256", digest, nonce: 0x0102030405n, policy: "1.2.3.4.1" });
    const text = openssl(["ts", "-query", "-in", tmp.file("req.tsq", req), "-text"]).stdout;
    expect(text).toContain("Hash Algorithm: sha256");
    expect(text).toContain(`0000 - ${[...digest.subarray(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join(" ")}-`);
    expect(text).toMatch(/Policy OID: (1\.2\.3\.4\.1|tsa_policy1)/); // OpenSSL names this example OID
    expect(text).toContain("Nonce: 0x0102030405");
    expect(text).toContain("Certificate required: yes");
  });

  describe("against a local TSA (openssl ts -reply behind node:http)", () => {
    let server: Server;
    let url: string;
    const requests: Buffer[] = [];
    beforeAll(async () => {
      const tsaKey = generateKey("rsa");
      const tsa = await issueCertificate({
        subject: { country: "VN", organization: "Cổng Dịch vụ công (kiểm thử)", commonName: "Máy chủ cấp dấu thời gian kiểm thử" },
        publicKey: tsaKey,
        issuer: { key: pki.intermediate.signingKey, certificate: pki.intermediate.certificate.der },
        notBefore: new Date(Date.now() - 86_400_000),
        notAfter: new Date(Date.now() + 86_400_000 * 30),
        keyUsage: ["digitalSignature", "nonRepudiation"],
        extendedKeyUsage: [OID.timeStamping],
        extendedKeyUsageCritical: true,
      });
      const keyFile = tmp.file("tsa.key", tsaKey.export({ type: "pkcs8", format: "pem" }) as string);
      const certFile = tmp.file("tsa.pem", tsa.pem);
      const chainFile = tmp.file("tsa-chain.pem", pki.intermediate.certificate.pem);
      tmp.file("tsaserial", "01\n");
      const config = tmp.file(
        "tsa.cnf",
        [
          "[ tsa ]",
          "default_tsa = tsa_config1",
          "[ tsa_config1 ]",
          `serial = ${tmp.file("tsaserial")}`,
          "crypto_device = builtin",
          `signer_cert = ${certFile}`,
          `certs = ${chainFile}`,
          `signer_key = ${keyFile}`,
          "signer_digest = sha256",
          "default_policy = 1.2.3.4.1",
          "other_policies = 1.2.3.4.5",
          "digests = sha256, sha384, sha512",
          "accuracy = secs:1",
          "ordering = yes",
          "tsa_name = yes",
          "ess_cert_id_chain = no",
          "ess_cert_id_alg = sha256",
          "",
        ].join("\n"),
      );
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
          const body = Buffer.concat(chunks);
          requests.push(body);
          if (req.headers["content-type"] !== "application/timestamp-query") {
            res.writeHead(415).end();
            return;
          }
          const q = tmp.file(`q-${requests.length}.tsq`, body);
          const out = tmp.file(`r-${requests.length}.tsr`);
          execFileSync("openssl", ["ts", "-reply", "-config", config, "-queryfile", q, "-out", out], { stdio: "ignore" });
          res.writeHead(200, { "Content-Type": "application/timestamp-reply" }).end(execFileSync("cat", [out]));
        });
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("adds a signature timestamp that OpenSSL verifies over the signature value, and the CMS still verifies", async () => {
      const signer = await signerFor("rsa");
      const before = Date.now();
      const cms = await buildCadesDetached(signer, { contentDigest: digestOf(signer, content), timestamp: rfc3161Client({ url }) });
      expect(requests.length).toBeGreaterThan(0);
      const info = signerInfo(cms);
      const signatureValue = buf(info[5]!.value as string);
      const unsigned = info[6]!;
      expect(unsigned.type).toBe(1);
      const attr = (unsigned.value as Node[])[0]!.value as Node[];
      expect(forge.asn1.derToOid(attr[0]!.value as string)).toBe(OID.signatureTimeStampToken);
      const token = buf(forge.asn1.toDer((attr[1]!.value as Node[])[0]!).getBytes());
      const genTime = forge.asn1.generalizedTimeToDate(tstInfo(token).fields[4]!.value as string);
      expect(genTime.getTime()).toBeGreaterThanOrEqual(before - 2000);

      const verified = openssl(["ts", "-verify", "-digest", createHash("sha256").update(signatureValue).digest("hex"), "-in", tmp.file("token.der", token), "-token_in", "-CAfile", rootFile, "-untrusted", tmp.file("tsa-untrusted.pem", pki.intermediate.certificate.pem)]);
      expect(verified.stdout + verified.stderr).toContain("Verification: OK");
      // A token over another signature value is refused by OpenSSL.
      const other = openssl(["ts", "-verify", "-digest", createHash("sha256").update(randomBytes(8)).digest("hex"), "-in", tmp.file("token2.der", token), "-token_in", "-CAfile", rootFile]);
      expect(other.stdout + other.stderr).not.toContain("Verification: OK");

      const ok = opensslVerify(cms, content, "timestamped");
      expect(ok.status, ok.stderr).toBe(0);
    });

    it("refuses a token for another imprint or nonce, a refusal, and an unreachable TSA", async () => {
      const digest = createHash("sha256").update("a").digest();
      const reply = await fetch(url, { method: "POST", headers: { "Content-Type": "application/timestamp-query" }, body: new Uint8Array(encodeTimestampRequest({ hash: "sha256", digest, nonce: 42n })) });
      const response = Buffer.from(await reply.arrayBuffer());
      expect(parseTimestampResponse(response, { hash: "sha256", digest, nonce: 42n }).token.length).toBeGreaterThan(500);
      expect(() => parseTimestampResponse(response, { hash: "sha256", digest: createHash("sha256").update("b").digest(), nonce: 42n })).toThrow(/imprint/);
      expect(() => parseTimestampResponse(response, { hash: "sha256", digest, nonce: 43n })).toThrow(/nonce/);
      // status rejection with a text
      const rejection = Buffer.from("3011300f020102300a0c08626164207265712e", "hex");
      expect(() => parseTimestampResponse(rejection, { hash: "sha256", digest })).toThrow(/refused the request \(rejection: bad req\.\)/);
      await expect(rfc3161Client({ url: "http://127.0.0.1:9/tsa", timeoutMs: 2000 }).stamp(Buffer.from("x"))).rejects.toBeInstanceOf(TimestampError);
    });
  });
});
