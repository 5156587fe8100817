import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixture } from "./fixtures/load.server";
import { certificatesFromFile, defaultTrustDir, defaultTrustStore, mergeTrustStores, trustStoreFrom } from "./trust-store.server";

// The shipped Vietnamese trust store: exactly the certificates and fingerprints of trust/README.md.
const EXPECTED = {
  anchors: {
    "vnrca256.pem": "BA:C8:BF:60:9A:B4:20:A8:EE:17:80:D7:4F:4D:E5:C7:F7:18:49:59:D2:A7:37:5B:0A:75:E4:C2:9F:09:08:E7",
    "rootcag2.pem": "F0:4B:A4:B4:59:A7:C9:A1:B9:71:AD:9B:1C:B8:33:E6:95:A8:0C:79:AE:A6:3B:17:4B:66:A7:0E:DF:E2:FD:B8",
  },
  intermediates: {
    "vnpt-ca-sha2.pem": "7D:6B:A5:24:53:17:F9:ED:5D:8B:C7:65:A4:63:4D:26:AC:63:40:D3:6B:9F:58:4D:F3:B5:2D:9C:4A:81:A3:06",
    "cpcag2.pem": "D8:CA:B7:A4:AE:F9:2E:6B:B2:50:9D:7C:61:CE:E7:B4:4F:37:31:B2:D2:10:74:96:35:30:27:7B:36:6F:AE:4B",
  },
};

describe("the default trust store", () => {
  it("holds the two Vietnamese roots as anchors and their two intermediates, with the documented fingerprints", () => {
    const store = defaultTrustStore();
    expect(store.anchors.map((c) => c.fingerprint256).sort()).toEqual(Object.values(EXPECTED.anchors).sort());
    expect(store.intermediates.map((c) => c.fingerprint256).sort()).toEqual(Object.values(EXPECTED.intermediates).sort());
    const names = store.anchors.map((c) => c.subject.find((a) => a.type === "CN")?.value).sort();
    expect(names).toEqual(["RootCA chuyên dùng Chính phủ G2", "Vietnam National Root CA"]);
  });

  it("has no file that the README does not list, and the README gives every fingerprint", () => {
    const dir = defaultTrustDir();
    const files = readdirSync(dir).filter((f) => f.endsWith(".pem")).sort();
    expect(files).toEqual(Object.keys({ ...EXPECTED.anchors, ...EXPECTED.intermediates }).sort());
    const readme = readFileSync(join(dir, "README.md"), "utf8");
    for (const [file, fp] of Object.entries({ ...EXPECTED.anchors, ...EXPECTED.intermediates })) {
      expect(readme).toContain(`| ${file} |`);
      expect(readme).toContain(fp);
      const [der] = certificatesFromFile(readFileSync(join(dir, file)));
      expect(trustStoreFrom([der!], { allAnchors: true }).anchors[0]!.fingerprint256).toBe(fp);
    }
  });

  it("the intermediates chain to their roots", () => {
    const store = defaultTrustStore();
    for (const i of store.intermediates) {
      const root = store.anchors.find((a) => a.subjectDer.equals(i.issuerDer));
      expect(root, i.fingerprint256).toBeDefined();
      expect(i.x509.verify(root!.publicKey)).toBe(true);
    }
  });

  it("reads several PEM blocks or DER, and merges stores keeping anchors anchors", () => {
    const both = Buffer.concat([fixture("pki/root.pem"), fixture("pki/inter-rsa.pem")]);
    const ders = certificatesFromFile(both);
    expect(ders).toHaveLength(2);
    expect(certificatesFromFile(ders[0]!)).toEqual([ders[0]]);
    const store = trustStoreFrom(ders);
    expect(store.anchors).toHaveLength(1);
    expect(store.intermediates).toHaveLength(1);
    const explicit = trustStoreFrom([ders[1]!], { allAnchors: true });
    const merged = mergeTrustStores(store, explicit);
    expect(merged.anchors).toHaveLength(2);
    expect(merged.intermediates).toHaveLength(0);
    expect(certificatesFromFile(Buffer.from("not a certificate"))).toEqual([]);
  });
});
