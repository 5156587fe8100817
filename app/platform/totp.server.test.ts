import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  base32Decode,
  base32Encode,
  findRecoveryCode,
  generateRecoveryCodes,
  generateTotpSecret,
  hashRecoveryCode,
  hotp,
  normaliseRecoveryCode,
  TOTP_DEFAULT_ISSUER,
  totpCode,
  totpQrSvg,
  totpStep,
  totpUri,
  verifyTotp,
} from "./totp.server";

// RFC 6238 Appendix B: the seeds are ASCII "1234567890" repeated to 20, 32 and 64 bytes.
const SEED = {
  SHA1: base32Encode(Buffer.from("12345678901234567890")),
  SHA256: base32Encode(Buffer.from("12345678901234567890123456789012")),
  SHA512: base32Encode(Buffer.from("1234567890123456789012345678901234567890123456789012345678901234")),
} as const;

const VECTORS: [number, string, keyof typeof SEED, string][] = [
  [59, "0000000000000001", "SHA1", "94287082"],
  [59, "0000000000000001", "SHA256", "46119246"],
  [59, "0000000000000001", "SHA512", "90693936"],
  [1111111109, "00000000023523EC", "SHA1", "07081804"],
  [1111111109, "00000000023523EC", "SHA256", "68084774"],
  [1111111109, "00000000023523EC", "SHA512", "25091201"],
  [1111111111, "00000000023523ED", "SHA1", "14050471"],
  [1111111111, "00000000023523ED", "SHA256", "67062674"],
  [1111111111, "00000000023523ED", "SHA512", "99943326"],
  [1234567890, "000000000273EF07", "SHA1", "89005924"],
  [1234567890, "000000000273EF07", "SHA256", "91819424"],
  [1234567890, "000000000273EF07", "SHA512", "93441116"],
  [2000000000, "0000000003F940AA", "SHA1", "69279037"],
  [2000000000, "0000000003F940AA", "SHA256", "90698825"],
  [2000000000, "0000000003F940AA", "SHA512", "38618901"],
  [20000000000, "0000000027BC86AA", "SHA1", "65353130"],
  [20000000000, "0000000027BC86AA", "SHA256", "77737706"],
  [20000000000, "0000000027BC86AA", "SHA512", "47863826"],
];

describe("base32", () => {
  it("encodes and decodes RFC 4648 test vectors", () => {
    const cases: [string, string][] = [["f", "MY"], ["fo", "MZXQ"], ["foo", "MZXW6"], ["foob", "MZXW6YQ"], ["fooba", "MZXW6YTB"], ["foobar", "MZXW6YTBOI"]];
    for (const [plain, encoded] of cases) {
      expect(base32Encode(Buffer.from(plain))).toBe(encoded);
      expect(base32Decode(encoded)?.toString()).toBe(plain);
    }
    expect(base32Decode("mzxw 6ytb oi======")?.toString()).toBe("foobar");
    expect(base32Decode("MZXW1")).toBeNull(); // 1 is not base32
    expect(base32Decode("")).toBeNull();
  });

  it("round-trips random bytes", () => {
    for (let i = 0; i < 50; i++) {
      const bytes = Buffer.from(Array.from({ length: i }, () => Math.floor(Math.random() * 256)));
      if (i > 0) expect(base32Decode(base32Encode(bytes))?.equals(bytes)).toBe(true);
    }
  });
});

describe("TOTP (RFC 6238)", () => {
  it.each(VECTORS)("at %i s (step %s) with %s gives %s", (seconds, stepHex, algorithm, code) => {
    expect(totpStep(seconds * 1000)).toBe(parseInt(stepHex, 16));
    expect(totpCode(SEED[algorithm], { now: seconds * 1000, digits: 8, algorithm })).toBe(code);
    expect(totpCode(SEED[algorithm], { now: new Date(seconds * 1000), digits: 6, algorithm })).toBe(code.slice(2));
    expect(verifyTotp(SEED[algorithm], code, { now: seconds * 1000, digits: 8, algorithm })).toEqual({ ok: true, step: parseInt(stepHex, 16) });
  });

  it("computes HOTP (RFC 4226 Appendix D)", () => {
    const key = Buffer.from("12345678901234567890");
    const expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];
    expected.forEach((code, counter) => expect(hotp(key, counter)).toBe(code));
  });

  it("makes 160-bit base32 secrets", () => {
    const a = generateTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(a)).toHaveLength(20);
    expect(generateTotpSecret()).not.toBe(a);
  });

  const secret = SEED.SHA1;
  const t = 1_111_111_111_000; // step 37037037
  const step = totpStep(t);

  it("accepts the codes of the previous and next step (window 1), not further", () => {
    const at = (s: number) => totpCode(secret, { now: s * 30_000 }) as string;
    expect(verifyTotp(secret, at(step), { now: t })).toEqual({ ok: true, step });
    expect(verifyTotp(secret, at(step - 1), { now: t })).toEqual({ ok: true, step: step - 1 });
    expect(verifyTotp(secret, at(step + 1), { now: t })).toEqual({ ok: true, step: step + 1 });
    expect(verifyTotp(secret, at(step - 2), { now: t })).toEqual({ ok: false, step: null, reason: "mismatch" });
    expect(verifyTotp(secret, at(step + 2), { now: t })).toEqual({ ok: false, step: null, reason: "mismatch" });
    expect(verifyTotp(secret, at(step - 1), { now: t, window: 0 })).toMatchObject({ ok: false });
    expect(verifyTotp(secret, at(step - 2), { now: t, window: 2 })).toEqual({ ok: true, step: step - 2 });
  });

  it("refuses a replay: the last used step and earlier ones", () => {
    const code = totpCode(secret, { now: t }) as string;
    const first = verifyTotp(secret, code, { now: t });
    expect(first).toEqual({ ok: true, step });
    expect(verifyTotp(secret, code, { now: t + 10_000, lastUsedStep: step })).toEqual({ ok: false, step: null, reason: "replay" });
    const previous = totpCode(secret, { now: t - 30_000 }) as string;
    expect(verifyTotp(secret, previous, { now: t, lastUsedStep: step })).toEqual({ ok: false, step: null, reason: "replay" });
    const next = totpCode(secret, { now: t + 30_000 }) as string;
    expect(verifyTotp(secret, next, { now: t + 30_000, lastUsedStep: step })).toEqual({ ok: true, step: step + 1 });
    expect(verifyTotp(secret, code, { now: t, lastUsedStep: null })).toEqual({ ok: true, step });
  });

  it("tolerates spaces and dashes in the typed code, and refuses malformed input without throwing", () => {
    const code = totpCode(secret, { now: t }) as string;
    expect(verifyTotp(secret, ` ${code.slice(0, 3)} ${code.slice(3)} `, { now: t })).toMatchObject({ ok: true });
    expect(verifyTotp(secret, `${code.slice(0, 3)}-${code.slice(3)}`, { now: t })).toMatchObject({ ok: true });
    for (const bad of ["", "12345", "1234567", "abcdef", "１２３４５６", `${code}0`]) {
      expect(verifyTotp(secret, bad, { now: t }), bad).toEqual({ ok: false, step: null, reason: "format" });
    }
    expect(verifyTotp("not base32!", code, { now: t })).toEqual({ ok: false, step: null, reason: "format" });
    expect(totpCode("not base32!")).toBeNull();
    // An 8-digit code where 6 are expected is malformed, not a mismatch.
    expect(verifyTotp(secret, "14050471", { now: t })).toMatchObject({ ok: false, reason: "format" });
    expect(verifyTotp(secret, "14050471", { now: t, digits: 8 })).toEqual({ ok: true, step });
  });

  it("verifies the code of now by default", () => {
    const s = generateTotpSecret();
    expect(verifyTotp(s, totpCode(s) as string)).toMatchObject({ ok: true, step: totpStep() });
  });
});

describe("the otpauth URI", () => {
  it("encodes issuer and account as UTF-8 with %20 for spaces", () => {
    const uri = totpUri({ secret: "JBSWY3DPEHPK3PXP", accountName: "cán bộ@hagiang.gov.vn" });
    expect(TOTP_DEFAULT_ISSUER).toBe("Cổng DVC Hà Giang");
    expect(uri).toBe(
      "otpauth://totp/C%E1%BB%95ng%20DVC%20H%C3%A0%20Giang:c%C3%A1n%20b%E1%BB%99%40hagiang.gov.vn" +
        "?secret=JBSWY3DPEHPK3PXP&issuer=C%E1%BB%95ng%20DVC%20H%C3%A0%20Giang&algorithm=SHA1&digits=6&period=30",
    );
    expect(uri).not.toContain("+");
    const parsed = new URL(uri);
    expect(parsed.protocol).toBe("otpauth:");
    expect(parsed.searchParams.get("issuer")).toBe("Cổng DVC Hà Giang");
    expect(parsed.host).toBe("totp");
    expect(decodeURIComponent(parsed.pathname.slice(1))).toBe("Cổng DVC Hà Giang:cán bộ@hagiang.gov.vn");
  });

  it("carries other parameters and a given issuer", () => {
    const uri = totpUri({ secret: "jbsw y3dp ehpk 3pxp", accountName: "a", issuer: "Test", digits: 8, period: 60, algorithm: "SHA256" });
    expect(uri).toBe("otpauth://totp/Test:a?secret=JBSWY3DPEHPK3PXP&issuer=Test&algorithm=SHA256&digits=8&period=60");
  });

  it("draws a QR code as accessible SVG", async () => {
    const svg = await totpQrSvg(totpUri({ secret: generateTotpSecret(), accountName: "mai@example.com" }), 'Mã QR <để> "quét"');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* role="img"><title>Mã QR &lt;để&gt; &quot;quét&quot;<\/title><path /);
    expect(svg.endsWith("</svg>")).toBe(true);
    expect(svg.match(/<title>/g)).toHaveLength(1);
  });
});

describe("recovery codes", () => {
  it("are 10 different xxxx-xxxx-xxxx codes of unambiguous characters", () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/);
    expect(generateRecoveryCodes(3)).toHaveLength(3);
  });

  it("use every character of the alphabet (no bias towards a few)", () => {
    const chars = new Set(generateRecoveryCodes(200).join("").replace(/-/g, ""));
    expect(chars.size).toBe(32);
  });

  it("normalise case, spaces, dashes and look-alike letters", () => {
    expect(normaliseRecoveryCode(" AB1C-D2EF-GH3K ")).toBe("ab1cd2efgh3k");
    expect(normaliseRecoveryCode("ab1c d2ef gh3k")).toBe("ab1cd2efgh3k");
    expect(normaliseRecoveryCode("abIc-d2ef-ghOk")).toBe("ab1cd2efgh0k");
    expect(normaliseRecoveryCode("abLc")).toBe("ab1c");
  });

  it("are stored as SHA-256 of the canonical form and found whatever the typing", () => {
    const codes = generateRecoveryCodes(5);
    const stored = codes.map(hashRecoveryCode);
    expect(stored[0]).toBe(createHash("sha256").update(normaliseRecoveryCode(codes[0] as string)).digest("hex"));
    expect(stored[0]).toMatch(/^[0-9a-f]{64}$/);
    const third = codes[2] as string;
    expect(findRecoveryCode(third.toUpperCase().replace(/-/g, " "), stored)).toBe(2);
    expect(findRecoveryCode(third, stored)).toBe(2);
    expect(findRecoveryCode("0000-0000-0000", stored)).toBe(-1);
    expect(findRecoveryCode(third, [])).toBe(-1);
    expect(findRecoveryCode(third, ["not hex", ...stored])).toBe(3);
  });
});
