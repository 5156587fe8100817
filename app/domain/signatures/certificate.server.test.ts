import { describe, expect, it } from "vitest";
import { certificatesFromFile } from "./trust-store.server";
import { fixture } from "./fixtures/load.server";
import { formatName, holderIdentifiers, issued, parseCertificate } from "./certificate.server";

const cert = (name: string) => parseCertificate(certificatesFromFile(fixture(`pki/${name}.pem`))[0]!);

describe("certificates", () => {
  it("reads key usage bits, extended key usage, key identifiers, distribution points and the OCSP address", () => {
    const leaf = cert("leaf-rsa");
    expect([...leaf.keyUsage!].sort()).toEqual(["digitalSignature", "nonRepudiation"]);
    expect(leaf.extKeyUsage).toEqual(["1.3.6.1.5.5.7.3.4", "1.3.6.1.5.5.7.3.2"]);
    expect(leaf.basicConstraints).toEqual({ ca: false });
    expect(leaf.crlDistributionPoints).toEqual(["http://crl.test.invalid/inter.crl"]);
    expect(leaf.ocspUrls).toEqual(["http://ocsp.test.invalid/"]);
    expect(leaf.authorityKeyId?.equals(cert("inter-rsa").subjectKeyId!)).toBe(true);
    expect(leaf.key).toEqual({ type: "rsa", bits: 2048 });
    expect(leaf.notAfter.toISOString()).toBe("2049-12-31T00:00:00.000Z");
    expect(cert("leaf-wrong-ku").keyUsage).toEqual(new Set(["keyEncipherment"]));
    expect(cert("tsa").extKeyUsage).toEqual(["1.3.6.1.5.5.7.3.8"]);
  });

  it("reads basic constraints with the path length, and unknown critical extensions", () => {
    expect(cert("inter-rsa").basicConstraints).toEqual({ ca: true, pathLen: 0 });
    expect(cert("root").basicConstraints).toEqual({ ca: true });
    expect(cert("root").selfIssued).toBe(true);
    expect(cert("leaf-critical-ext").unknownCritical).toEqual(["1.3.6.1.4.1.99999.1"]);
    expect(cert("leaf-rsa").unknownCritical).toEqual([]);
  });

  it("reads EC, brainpool, Ed25519 and RSA-PSS keys (forge's own parser cannot)", () => {
    expect(cert("inter-ec").key).toEqual({ type: "ec", curve: "secp384r1", bits: 384 });
    expect(cert("leaf-brainpool").key).toMatchObject({ type: "ec", curve: "brainpoolP256r1", bits: 256 });
    expect(cert("leaf-ed25519").key).toEqual({ type: "ed25519" });
    expect(cert("leaf-pss").key).toEqual({ type: "rsa-pss", bits: 2048 });
  });

  it("checks issuance by signature, not by names alone", () => {
    expect(issued(cert("inter-rsa"), cert("leaf-rsa"))).toBe(true);
    expect(issued(cert("inter-ec"), cert("leaf-rsa"))).toBe(false);
    expect(issued(cert("untrusted-root"), cert("leaf-untrusted"))).toBe(true);
    expect(issued(cert("root"), cert("leaf-untrusted"))).toBe(false);
  });

  it("names subjects in Vietnamese and finds the holder's identifiers", () => {
    expect(formatName(cert("leaf-pss").subject)).toBe("C=VN, O=Công ty TNHH Bình Minh, CN=Trần Thị Bình, UID=MST:0101234567");
    expect(holderIdentifiers([{ type: "UID", value: "MST:0101234567-001, CCCD:001099012345" }, { type: "OU", value: "CMND:012345678" }, { type: "UID", value: "not an id" }])).toEqual([
      { kind: "MST", value: "0101234567-001" },
      { kind: "CCCD", value: "001099012345" },
      { kind: "CMND", value: "012345678" },
    ]);
  });
});
