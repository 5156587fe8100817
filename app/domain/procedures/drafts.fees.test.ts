import { describe, expect, it } from "vitest";
import { feeSchema, offeringSchema, type Offering } from "./catalog.schema";
import { applyFeeIntent, feeValues, freeChannelsWithFees, parseVnd, putFee, readFee, tierRowCount, vndInput, withChannelFees, type DraftFee } from "./drafts.fees";
import { mergeOffering, readOffering } from "./drafts.schema";
import { feeFor } from "./procedures";

const fields = (entries: Record<string, string | string[]>) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(entries)) for (const value of Array.isArray(v) ? v : [v]) form.append(k, value);
  return form;
};

const issuesOf = (result: ReturnType<typeof readFee>) => (result.parsed.ok ? [] : result.parsed.issues);

describe("amounts typed the Vietnamese way", () => {
  it("accepts whole đồng with or without dots or spaces between thousands, and a currency word", () => {
    expect(parseVnd("50.000")).toEqual({ ok: true, value: 50000 });
    expect(parseVnd("50000")).toEqual({ ok: true, value: 50000 });
    expect(parseVnd(" 1.200.000 ")).toEqual({ ok: true, value: 1200000 });
    expect(parseVnd("1 200 000")).toEqual({ ok: true, value: 1200000 });
    expect(parseVnd("1\u00a0200\u00a0000")).toEqual({ ok: true, value: 1200000 });
    expect(parseVnd("20.000 đ")).toEqual({ ok: true, value: 20000 });
    expect(parseVnd("20.000₫")).toEqual({ ok: true, value: 20000 });
    expect(parseVnd("20000 VND")).toEqual({ ok: true, value: 20000 });
    expect(parseVnd("20.000 vnđ")).toEqual({ ok: true, value: 20000 });
    expect(parseVnd("0")).toEqual({ ok: true, value: 0 });
    expect(parseVnd("007")).toEqual({ ok: true, value: 7 });
  });

  it("reads an empty box as no amount", () => {
    expect(parseVnd("")).toEqual({ ok: true, value: undefined });
    expect(parseVnd("   ")).toEqual({ ok: true, value: undefined });
    expect(parseVnd(null)).toEqual({ ok: true, value: undefined });
  });

  it("refuses decimals (the comma is the Vietnamese decimal sign), negatives and words with a clear message", () => {
    for (const text of ["50,5", "50.5", "50,000", "1.000,5", "12.34", "5."]) {
      expect(parseVnd(text), text).toEqual({ ok: false, message: "offerings.fees.errors.amountDecimal" });
    }
    expect(parseVnd("-5.000")).toEqual({ ok: false, message: "offerings.fees.errors.amountNegative" });
    expect(parseVnd("−20000")).toEqual({ ok: false, message: "offerings.fees.errors.amountNegative" });
    for (const text of ["năm nghìn", "5e3", "50.00.0", "0x10", "1.2345.678"]) {
      expect(parseVnd(text), text).toEqual({ ok: false, message: "offerings.fees.errors.amountFormat" });
    }
    expect(parseVnd("9".repeat(30))).toEqual({ ok: false, message: "offerings.fees.errors.amountTooBig" });
  });

  it("shows an amount back with dots between thousands", () => {
    expect(vndInput(1200000)).toBe("1.200.000");
    expect(vndInput(500)).toBe("500");
    expect(vndInput(undefined)).toBe("");
  });
});

describe("one fee's form", () => {
  it("reads a fixed fee with exemptions (one per line) and a note", () => {
    const read = readFee(
      fields({
        name: " Lệ phí đăng ký thường trú ",
        amount: "20.000",
        per: "case",
        cap: "",
        exemptions: "Người khuyết tật (xuất trình giấy xác nhận khuyết tật)\n\n  Trẻ em dưới 16 tuổi  \n",
        note: "Mức thu theo Nghị quyết của HĐND tỉnh",
      }),
    );
    expect(read.parsed).toEqual({
      ok: true,
      value: {
        name: "Lệ phí đăng ký thường trú",
        amount: 20000,
        per: "case",
        exemptions: ["Người khuyết tật (xuất trình giấy xác nhận khuyết tật)", "Trẻ em dưới 16 tuổi"],
        note: "Mức thu theo Nghị quyết của HĐND tỉnh",
      },
    });
  });

  it("reads a per-page fee with tiers and a cap that feeFor() charges as the law says", () => {
    const read = readFee(
      fields({
        name: "Phí chứng thực bản sao từ bản chính",
        amount: "2.000",
        per: "page",
        "tier-from-0": "3",
        "tier-amount-0": "1.000",
        "tier-from-1": "",
        "tier-amount-1": "",
        cap: "200.000",
      }),
    );
    if (!read.parsed.ok) throw new Error(JSON.stringify(read.parsed.issues));
    const fee = read.parsed.value;
    expect(fee).toEqual({
      name: "Phí chứng thực bản sao từ bản chính",
      amount: 2000,
      per: "page",
      tiers: [
        { fromUnit: 1, amount: 2000 },
        { fromUnit: 3, amount: 1000 },
      ],
      cap: 200000,
    });
    expect(feeSchema.safeParse(fee).success).toBe(true);
    expect(feeFor(fee, 2)).toBe(4000);
    expect(feeFor(fee, 5)).toBe(7000);
    expect(feeFor(fee, 1000)).toBe(200000);
  });

  it("sorts tiers typed out of order", () => {
    const read = readFee(fields({ name: "Phí", amount: "3000", per: "copy", "tier-from-0": "10", "tier-amount-0": "1000", "tier-from-1": "5", "tier-amount-1": "2000" }));
    expect(read.parsed.ok && read.parsed.value.tiers).toEqual([
      { fromUnit: 1, amount: 3000 },
      { fromUnit: 5, amount: 2000 },
      { fromUnit: 10, amount: 1000 },
    ]);
  });

  it("gives each mistake to its own control", () => {
    const read = readFee(
      fields({
        name: "",
        amount: "50,5",
        per: "hour",
        cap: "-1",
        "tier-from-0": "1",
        "tier-amount-0": "500",
        "tier-from-1": "4",
        "tier-amount-1": "",
        "tier-from-2": "",
        "tier-amount-2": "700",
        "tier-from-3": "4",
        "tier-amount-3": "600",
        exemptions: "x".repeat(501),
      }),
    );
    expect(issuesOf(read)).toEqual(
      expect.arrayContaining([
        { path: "name", message: "offerings.fees.errors.nameRequired" },
        { path: "amount", message: "offerings.fees.errors.amountDecimal" },
        { path: "per", message: "offerings.fees.errors.per" },
        { path: "cap", message: "offerings.fees.errors.amountNegative" },
        { path: "tier-from-0", message: "offerings.fees.errors.tierFrom" },
        { path: "tier-amount-1", message: "offerings.fees.errors.tierAmountRequired" },
        { path: "tier-from-2", message: "offerings.fees.errors.tierFromRequired" },
        { path: "tier-from-3", message: "offerings.fees.errors.tierFromTwice" },
        { path: "exemptions", message: "catalog.errors.tooLong" },
      ]),
    );
    // What was typed comes back as it was.
    expect(read.values).toMatchObject({ amount: "50,5", cap: "-1", "tier-from-3": "4" });
  });

  it("requires an amount (0 for a rate given in the note)", () => {
    expect(issuesOf(readFee(fields({ name: "Lệ phí trước bạ", amount: "", per: "case" })))).toEqual([{ path: "amount", message: "offerings.fees.errors.amountRequired" }]);
    expect(readFee(fields({ name: "Lệ phí trước bạ", amount: "0", per: "case", note: "0,5% giá tính lệ phí trước bạ" })).parsed.ok).toBe(true);
  });

  it("refuses a cap below one unit's amount, and tiers on a fee charged once per dossier", () => {
    expect(issuesOf(readFee(fields({ name: "Phí", amount: "50.000", per: "copy", cap: "40.000" })))).toEqual([{ path: "cap", message: "offerings.fees.errors.capBelowAmount" }]);
    expect(readFee(fields({ name: "Phí", amount: "50.000", per: "copy", cap: "50.000" })).parsed.ok).toBe(true);
    expect(issuesOf(readFee(fields({ name: "Phí", amount: "2000", per: "case", "tier-from-0": "3", "tier-amount-0": "1000" })))).toEqual([
      { path: "per", message: "offerings.fees.errors.tiersPerCase" },
    ]);
  });

  it("refuses what the catalog format refuses (too long, too many exemptions, too large)", () => {
    const tooMany = Array.from({ length: 21 }, (_, i) => `Đối tượng ${i}`).join("\n");
    expect(issuesOf(readFee(fields({ name: "Phí", amount: "1000", per: "case", exemptions: tooMany })))).toEqual([{ path: "exemptions", message: "catalog.errors.zod.too_big" }]);
    expect(issuesOf(readFee(fields({ name: "P".repeat(201), amount: "1000", per: "case" })))).toEqual([{ path: "name", message: "catalog.errors.tooLong" }]);
    expect(issuesOf(readFee(fields({ name: "Phí", amount: "2.000.000.000.000", per: "case" })))).toEqual([{ path: "amount", message: "catalog.errors.zod.too_big" }]);
  });

  it("shows a stored fee in the form, the tier from unit 1 being the amount", () => {
    const fee: DraftFee = { name: "Phí chứng thực", amount: 2000, per: "page", tiers: [{ fromUnit: 3, amount: 1000 }, { fromUnit: 1, amount: 2000 }], cap: 200000, exemptions: ["A", "B"] };
    const values = feeValues(fee);
    expect(values).toEqual({
      name: "Phí chứng thực",
      amount: "2.000",
      per: "page",
      cap: "200.000",
      exemptions: "A\nB",
      note: "",
      "tier-from-0": "3",
      "tier-amount-0": "1.000",
    });
    expect(tierRowCount(values)).toBe(3);
    expect(tierRowCount(feeValues(undefined))).toBe(2);
    // Read back unchanged.
    expect(readFee(fields(values)).parsed).toEqual({ ok: true, value: { ...fee, tiers: [{ fromUnit: 1, amount: 2000 }, { fromUnit: 3, amount: 1000 }] } });
  });
});

describe("a channel's list of fees", () => {
  const a: DraftFee = { name: "Lệ phí", amount: 20000, per: "case" };
  const b: DraftFee = { name: "Phí bản sao", amount: 8000, per: "copy", cap: 40000 };
  const offering = (fees: DraftFee[], feeMode: "pay_first" | "free" = "pay_first"): Offering =>
    offeringSchema.parse({
      receivers: { kinds: ["commune_ppc"] },
      onlineLevel: "INFO",
      channels: [
        { channel: "in_person", timeLimit: { unit: "working_days", amount: 3 }, feeMode, fees },
        { channel: "post", timeLimit: { unit: "working_days", amount: 5 }, feeMode: "pay_first", fees: [a] },
      ],
    });

  it("adds, changes, moves and removes fees; names are unique in a channel", () => {
    const added = putFee([a], "new", b);
    expect(added).toEqual({ ok: true, fees: [a, b], position: 1 });
    expect(putFee([a, b], 1, { ...b, amount: 9000 })).toEqual({ ok: true, fees: [a, { ...b, amount: 9000 }], position: 1 });
    expect(putFee([a, b], "new", { ...b, name: " phí BẢN SAO " })).toEqual({ ok: false, issues: [{ path: "name", message: "offerings.fees.errors.nameTwice" }] });
    expect(putFee([a, b], 1, b).ok).toBe(true);
    expect(putFee(Array.from({ length: 20 }, (_, i) => ({ ...a, name: `Phí ${i}` })), "new", b)).toMatchObject({ ok: false, issues: [{ message: "offerings.fees.errors.tooMany" }] });
    expect(applyFeeIntent([a, b], "move-up:1")).toEqual([b, a]);
    expect(applyFeeIntent([a, b], "remove:0")).toEqual([b]);
    expect(applyFeeIntent([a, b], "save")).toBeNull();
  });

  it("changes one channel of one offering only", () => {
    const content = { offerings: [offering([a])] };
    const next = withChannelFees(content, 0, "in_person", (fees) => [...fees, b]);
    expect(next.offerings[0]!.channels[0]!.fees).toEqual([a, b]);
    expect(next.offerings[0]!.channels[1]!.fees).toEqual([a]);
    expect(withChannelFees(content, 0, "online", () => [b])).toBe(content);
    expect(withChannelFees(content, 3, "in_person", () => [b])).toBe(content);
  });

  it("refuses a free channel that still has fees", () => {
    expect(freeChannelsWithFees(offering([a], "free"))).toEqual([{ path: "channels[0].feeMode", message: "offerings.fees.errors.freeWithFees" }]);
    expect(freeChannelsWithFees(offering([], "free"))).toEqual([]);
  });
});

describe("the offering's form and its channels' fees", () => {
  it("keeps every fee of a channel that stays (tiers, caps, exemptions and all); a new channel starts without fees", () => {
    const stored = offeringSchema.parse({
      receivers: { kinds: ["commune_ppc"] },
      onlineLevel: "INFO",
      channels: [
        {
          channel: "in_person",
          timeLimit: { unit: "working_days", amount: 3 },
          feeMode: "pay_first",
          fees: [
            { name: "Phí chứng thực", amount: 2000, per: "page", tiers: [{ fromUnit: 1, amount: 2000 }, { fromUnit: 3, amount: 1000 }], cap: 200000 },
            { name: "Lệ phí", amount: 5000, exemptions: ["Người khuyết tật"] },
          ],
        },
      ],
    });
    const edited = readOffering(
      fields({
        kinds: "commune_ppc",
        decider: "receiver",
        onlineLevel: "INFO",
        channels: ["in_person", "post"],
        "in_person-unit": "working_days",
        "in_person-amount": "5",
        "in_person-feeMode": "pay_later",
        "post-unit": "working_days",
        "post-amount": "7",
        "post-feeMode": "pay_first",
      }),
    );
    if (!edited.parsed.ok) throw new Error(JSON.stringify(edited.parsed.issues));
    const merged = mergeOffering(stored, edited.parsed.value);
    expect(merged.channels[0]).toEqual({ channel: "in_person", timeLimit: { unit: "working_days", amount: 5 }, feeMode: "pay_later", fees: stored.channels[0]!.fees });
    expect(merged.channels[1]).toMatchObject({ channel: "post", fees: [] });
    expect(mergeOffering(undefined, edited.parsed.value).channels.every((c) => c.fees.length === 0)).toBe(true);
  });
});
