import { describe, expect, it } from "vitest";
import { Asn1Error, Der, children, integerHex, octets, oid, sequence, time } from "./asn1.server";
import { fixture } from "./fixtures/load.server";

const hex = (h: string) => Buffer.from(h.replace(/\s+/g, ""), "hex");

describe("ASN.1 with the bytes as stored", () => {
  it("keeps each node's exact encoding, also for BER indefinite lengths", () => {
    // SEQUENCE (indefinite) { INTEGER 5, OCTET STRING constructed (indefinite) { "ab", "c" } }
    const ber = hex("30 80 02 01 05 24 80 04 02 6162 04 01 63 0000 0000");
    const doc = new Der(ber);
    const [n, s] = sequence(doc.root);
    expect(integerHex(n)).toBe("5");
    expect(octets(s).toString()).toBe("abc");
    expect(doc.raw(s!).toString("hex")).toBe("248004026162040163" + "0000");
    expect(doc.raw(doc.root).equals(ber)).toBe(true);
    expect(doc.isDefinite(doc.root)).toBe(false);
    expect(doc.contents(n!).toString("hex")).toBe("05");
  });

  it("re-tags [0] IMPLICIT attributes as a SET, in stored and in DER order", () => {
    // [0] { SEQUENCE { 06 01 02 }, SEQUENCE { 06 01 01 } } — stored out of order
    const doc = new Der(hex("a0 0a 30 03 06 01 02 30 03 06 01 01"));
    expect(doc.asSet(doc.root).toString("hex")).toBe("310a300306010230030601 01".replace(/ /g, ""));
    expect(doc.asSortedSet(doc.root).toString("hex")).toBe("310a3003060101300306 0102".replace(/ /g, ""));
  });

  it("reads a real certificate's parts", () => {
    const pem = fixture("pki/root.pem").toString();
    const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ""), "base64");
    const doc = new Der(der);
    const [tbs] = sequence(doc.root);
    expect(doc.raw(tbs!).length).toBeLessThan(der.length);
    expect(children(tbs).length).toBeGreaterThan(6);
  });

  it("allows padding after the structure only when asked (a PDF's /Contents)", () => {
    const padded = Buffer.concat([hex("30 03 02 01 07"), Buffer.alloc(10)]);
    expect(() => new Der(padded)).toThrow(Asn1Error);
    expect(new Der(padded, { allowTrailing: true }).length).toBe(5);
  });

  it("throws Asn1Error, never anything else, on damaged input", () => {
    for (const bad of ["", "30", "30 05 02 01", "30 84 ff ff ff ff 00", "1f 81 01 00", "02 80 00 00", "30 03 02 01"]) {
      expect(() => new Der(hex(bad)), bad).toThrow(Asn1Error);
    }
    expect(() => oid(new Der(hex("02 01 01")).root)).toThrow(Asn1Error);
  });

  it("reads UTCTime (years 50–99 are 19xx) and GeneralizedTime with fractions and offsets", () => {
    const t = (h: string) => time(new Der(hex(h)).root).toISOString();
    expect(t(`17 0d ${Buffer.from("491231235959Z").toString("hex")}`)).toBe("2049-12-31T23:59:59.000Z");
    expect(t(`17 0d ${Buffer.from("500101000000Z").toString("hex")}`)).toBe("1950-01-01T00:00:00.000Z");
    expect(t(`18 12 ${Buffer.from("20260102030405.25Z").toString("hex")}`)).toBe("2026-01-02T03:04:05.250Z");
    expect(t(`18 13 ${Buffer.from("20260102100000+0700").toString("hex")}`)).toBe("2026-01-02T03:00:00.000Z");
    expect(() => t(`17 0d ${Buffer.from("491331235959Z").toString("hex")}`)).toThrow(Asn1Error);
  });
});
