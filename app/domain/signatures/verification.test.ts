import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REASON_CODES, REASON_LEVELS, describeReason, reason, summarise, verdictOf, type SignatureReport } from "./verification";

const locales = join(import.meta.dirname, "..", "..", "..", "locales");
const load = (lng: string) => JSON.parse(readFileSync(join(locales, lng, "signatures.json"), "utf8")) as { reasons: Record<string, string>; verdict: Record<string, string> };

describe("verdicts and reasons", () => {
  it("any failure wins, then any indeterminate reason; warnings and information change nothing", () => {
    expect(verdictOf([])).toBe("TOTAL-PASSED");
    expect(verdictOf([reason("TIMESTAMP_UNTRUSTED"), reason("LTV_DATA_ADDED")])).toBe("TOTAL-PASSED");
    expect(verdictOf([reason("REVOCATION_UNKNOWN", { subject: "x" })])).toBe("INDETERMINATE");
    expect(verdictOf([reason("REVOCATION_UNKNOWN", { subject: "x" }), reason("DIGEST_MISMATCH")])).toBe("TOTAL-FAILED");
  });

  it("the file's verdict is the worst signature's, and a file without signatures never passes", () => {
    const sig = (verdict: SignatureReport["verdict"]) => ({ verdict }) as SignatureReport;
    const at = new Date("2026-01-01T00:00:00Z");
    expect(summarise("pdf", 1, at, [sig("TOTAL-PASSED"), sig("INDETERMINATE")], []).verdict).toBe("INDETERMINATE");
    expect(summarise("pdf", 1, at, [sig("TOTAL-PASSED")], []).allPassed).toBe(true);
    expect(summarise("pdf", 1, at, [sig("TOTAL-PASSED")], [reason("PDF_STRUCTURE_UNREADABLE", { detail: "x" })]).allPassed).toBe(false);
    expect(summarise("pdf", 1, at, [], []).allPassed).toBe(false);
  });

  it.each(["vi", "en"])("every reason code and verdict has a %s text using exactly its parameters' names", (lng) => {
    const texts = load(lng);
    expect(Object.keys(texts.reasons).sort()).toEqual([...REASON_CODES].sort());
    expect(Object.keys(texts.verdict).sort()).toEqual(["INDETERMINATE", "TOTAL-FAILED", "TOTAL-PASSED"]);
    for (const code of REASON_CODES) expect(texts.reasons[code]!.trim().length, code).toBeGreaterThan(10);
    // Both languages name the same placeholders.
    const vi = load("vi");
    for (const code of REASON_CODES) {
      const names = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      expect(names(texts.reasons[code]!), code).toEqual(names(vi.reasons[code]!));
    }
  });

  it("levels are fixed per code, and describeReason fills parameters and formats instants", () => {
    expect(REASON_LEVELS.CERT_REVOKED).toBe("failed");
    expect(reason("CERT_EXPIRED", { subject: "CN=A", notAfter: "2030-01-01T00:00:00.000Z", at: "2040-01-01T00:00:00.000Z" }).level).toBe("indeterminate");
    const vi = load("vi");
    const t = (key: string, values?: Record<string, unknown>) => vi.reasons[key.replace("reasons.", "")]!.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values?.[k]));
    const text = describeReason(t, reason("CERT_EXPIRED", { subject: "CN=A", notAfter: "2030-01-01T00:00:00.000Z", at: "2040-01-01T00:00:00.000Z" }), (iso) => iso.slice(0, 10));
    expect(text).toBe("Chứng thư số của CN=A đã hết hạn vào 2030-01-01, trước thời điểm được dùng để kiểm tra (2040-01-01).");
  });
});
