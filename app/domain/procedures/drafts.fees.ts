import type { z } from "zod";
import { feeSchema, type Offering } from "./catalog.schema";
import { applyListIntent, draftIssues, linesOf, parseIntent, type DraftIssue } from "./drafts";
import { CHANNELS, type Channel } from "./procedures";

// The fees of one channel of an offering, edited one fee at a time from a plain HTML form (no JavaScript):
// amounts typed the Vietnamese way ("50.000"), the unit, price tiers, the cap, exemptions and a note, checked
// with feeSchema (catalog.schema.ts) and the rules that make the amount a citizen pays (feeFor) meaningful.
// Issue paths name the form's controls ("amount", "tier-from-2", "exemptions"); messages are keys of "admin".

type FormLike = { get(name: string): unknown; getAll(name: string): unknown[] };

export type DraftFee = z.infer<typeof feeSchema>;
export type FeeUnit = DraftFee["per"];
export const FEE_UNITS = ["case", "copy", "page", "contract", "person"] as const satisfies readonly FeeUnit[];
/** feeSchema allows 10 tiers; the first (from unit 1) is the fee's own amount, so the form has 9 rows. */
export const MAX_TIER_ROWS = 9;
export const MAX_FEES = 20;

// ---------------------------------------------------------------------------------------------------------------
// Amounts

export type AmountResult = { ok: true; value: number | undefined } | { ok: false; message: string };

/**
 * A VND amount typed in a box: whole đồng, thousands grouped with dots or spaces the Vietnamese way ("50.000",
 * "1 200 000") or not at all ("50000"); a trailing "đ", "₫", "đồng" or "VND" is allowed. "" is no amount.
 * A comma is the Vietnamese decimal sign, so "50,5" and "50,000" are refused as not whole, like "50.5".
 */
export function parseVnd(input: unknown): AmountResult {
  const text = (typeof input === "string" ? input : "")
    .replace(/[\s\u00a0]+/g, " ")
    .trim()
    .replace(/\s*(₫|đồng|đ|vnđ|vnd)$/iu, "")
    .trim();
  if (text === "") return { ok: true, value: undefined };
  const negative = /^[-−–]\s*/.test(text);
  const body = text.replace(/^[-−–]\s*/, "");
  let digits: string | null = null;
  if (/^\d+$/.test(body)) digits = body;
  else if (/^\d{1,3}([. ]\d{3})+$/.test(body)) digits = body.replace(/[. ]/g, "");
  if (digits === null) {
    // A number with a fractional part: "50,5", "50.5", "1.000,5", "50,000" (fifty, with three decimals).
    if (/^\d+[.,]\d*$/.test(body) || /^\d{1,3}([. ]\d{3})*,\d*$/.test(body)) return { ok: false, message: "offerings.fees.errors.amountDecimal" };
    return { ok: false, message: "offerings.fees.errors.amountFormat" };
  }
  if (negative) return Number(digits) === 0 ? { ok: true, value: 0 } : { ok: false, message: "offerings.fees.errors.amountNegative" };
  const value = Number(digits.replace(/^0+(?=\d)/, ""));
  if (!Number.isSafeInteger(value)) return { ok: false, message: "offerings.fees.errors.amountTooBig" };
  return { ok: true, value };
}

/** An amount as it is shown back in a box: "50.000" (whole đồng, dots between thousands). */
export function vndInput(amount: number | undefined): string {
  return amount === undefined ? "" : String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

// ---------------------------------------------------------------------------------------------------------------
// One fee's form

/** What the form shows and sends back: name, amount, per, cap, exemptions (one per line), note, tier-from-N, tier-amount-N. */
export type FeeValues = Record<string, string>;

/** The tiers from unit 2 onward, as form rows (the tier from unit 1, when there is one, is the fee's amount). */
function tierRows(fee: DraftFee): { fromUnit: number; amount: number }[] {
  return [...(fee.tiers ?? [])].filter((t) => t.fromUnit > 1).sort((a, b) => a.fromUnit - b.fromUnit);
}

export function feeValues(fee: DraftFee | undefined): FeeValues {
  const values: FeeValues = {
    name: fee?.name ?? "",
    // The amount of the first unit: with tiers, feeFor() charges the tier from unit 1 when there is one.
    amount: vndInput(fee ? (fee.tiers?.find((t) => t.fromUnit === 1)?.amount ?? fee.amount) : undefined),
    per: fee?.per ?? "case",
    cap: vndInput(fee?.cap),
    exemptions: (fee?.exemptions ?? []).join("\n"),
    note: fee?.note ?? "",
  };
  (fee ? tierRows(fee) : []).forEach((t, i) => {
    values[`tier-from-${i}`] = String(t.fromUnit);
    values[`tier-amount-${i}`] = vndInput(t.amount);
  });
  return values;
}

/** How many tier rows to show: the filled ones and two blank ones to add more, at most MAX_TIER_ROWS. */
export function tierRowCount(values: FeeValues): number {
  let last = -1;
  for (let i = 0; i < MAX_TIER_ROWS; i++) if ((values[`tier-from-${i}`] ?? "").trim() || (values[`tier-amount-${i}`] ?? "").trim()) last = i;
  return Math.min(MAX_TIER_ROWS, last + 3);
}

const str = (form: FormLike, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};

/** The typed values of a fee form (for showing them again when the form is refused). */
export function feeFormValues(form: FormLike): FeeValues {
  const values: FeeValues = {};
  for (const key of ["name", "amount", "per", "cap", "exemptions", "note"]) values[key] = str(form, key);
  for (let i = 0; i < MAX_TIER_ROWS; i++) {
    values[`tier-from-${i}`] = str(form, `tier-from-${i}`);
    values[`tier-amount-${i}`] = str(form, `tier-amount-${i}`);
  }
  return values;
}

export type ParsedFee = { ok: true; value: DraftFee } | { ok: false; issues: DraftIssue[] };

/** A feeSchema issue's path as the control that shows it. */
function controlOf(path: string): string {
  if (path.startsWith("exemptions")) return "exemptions";
  if (path.startsWith("tiers")) return "tiers";
  return path.replace(/[.[].*$/, "") || "name";
}

/** Read one fee from its form and check it. */
export function readFee(form: FormLike): { values: FeeValues; parsed: ParsedFee } {
  const values = feeFormValues(form);
  const issues: DraftIssue[] = [];
  const amountOf = (key: string, required: string | null) => {
    const r = parseVnd(values[key]);
    if (!r.ok) issues.push({ path: key, message: r.message });
    else if (r.value === undefined && required) issues.push({ path: key, message: required });
    return r.ok ? r.value : undefined;
  };

  const name = values.name!.trim();
  if (!name) issues.push({ path: "name", message: "offerings.fees.errors.nameRequired" });
  const amount = amountOf("amount", "offerings.fees.errors.amountRequired");
  const per = (FEE_UNITS as readonly string[]).includes(values.per!) ? (values.per as FeeUnit) : null;
  if (!per) issues.push({ path: "per", message: "offerings.fees.errors.per" });
  const cap = amountOf("cap", null);

  const tiers: { fromUnit: number; amount: number }[] = [];
  const starts = new Set<number>();
  for (let i = 0; i < MAX_TIER_ROWS; i++) {
    const fromText = values[`tier-from-${i}`]!.trim();
    const amountText = values[`tier-amount-${i}`]!.trim();
    if (!fromText && !amountText) continue;
    const fromUnit = /^\d{1,6}$/.test(fromText) ? Number(fromText) : null;
    if (!fromText) issues.push({ path: `tier-from-${i}`, message: "offerings.fees.errors.tierFromRequired" });
    else if (fromUnit === null || fromUnit < 2) issues.push({ path: `tier-from-${i}`, message: "offerings.fees.errors.tierFrom" });
    else if (starts.has(fromUnit)) issues.push({ path: `tier-from-${i}`, message: "offerings.fees.errors.tierFromTwice" });
    const tierAmount = amountOf(`tier-amount-${i}`, "offerings.fees.errors.tierAmountRequired");
    if (fromUnit !== null && fromUnit >= 2 && !starts.has(fromUnit) && tierAmount !== undefined) tiers.push({ fromUnit, amount: tierAmount });
    if (fromUnit !== null) starts.add(fromUnit);
  }
  const anyTier = Array.from({ length: MAX_TIER_ROWS }, (_, i) => values[`tier-from-${i}`]!.trim() || values[`tier-amount-${i}`]!.trim()).some(Boolean);
  if (anyTier && per === "case") issues.push({ path: "per", message: "offerings.fees.errors.tiersPerCase" });
  // The cap bounds what one case (or one copy priced by the page) costs: below one unit's amount it would be the price.
  if (cap !== undefined && amount !== undefined && cap < amount) issues.push({ path: "cap", message: "offerings.fees.errors.capBelowAmount" });

  const exemptions = linesOf(values.exemptions);
  const note = values.note!.trim();
  const raw = {
    name,
    amount: amount ?? 0,
    per: per ?? "case",
    ...(tiers.length && amount !== undefined ? { tiers: [{ fromUnit: 1, amount }, ...tiers.sort((a, b) => a.fromUnit - b.fromUnit)] } : {}),
    ...(cap !== undefined ? { cap } : {}),
    ...(exemptions.length ? { exemptions } : {}),
    ...(note ? { note } : {}),
  };
  const checked = feeSchema.safeParse(raw);
  if (!checked.success) {
    const taken = new Set(issues.map((i) => i.path));
    for (const issue of draftIssues(checked.error.issues)) {
      const path = controlOf(issue.path);
      if (!taken.has(path)) issues.push({ path, message: issue.message });
      taken.add(path);
    }
  }
  if (issues.length || !checked.success) return { values, parsed: { ok: false, issues } };
  return { values, parsed: { ok: true, value: checked.data } };
}

// ---------------------------------------------------------------------------------------------------------------
// A channel's list of fees inside a procedure's content

type WithOfferings = { offerings: Offering[] };

export function isChannel(value: unknown): value is Channel {
  return typeof value === "string" && (CHANNELS as readonly string[]).includes(value);
}

/** The channel of an offering, or undefined when the offering does not offer it. */
export function channelOf(content: WithOfferings, offering: number, channel: Channel) {
  return content.offerings[offering]?.channels.find((c) => c.channel === channel);
}

/** The content with one channel's fees changed (unchanged when that channel is no longer there). */
export function withChannelFees<C extends WithOfferings>(content: C, offering: number, channel: Channel, change: (fees: DraftFee[]) => DraftFee[]): C {
  if (!channelOf(content, offering, channel)) return content;
  return {
    ...content,
    offerings: content.offerings.map((o, i) =>
      i !== offering ? o : { ...o, channels: o.channels.map((c) => (c.channel === channel ? { ...c, fees: change(c.fees) } : c)) },
    ),
  };
}

export type PutFee = { ok: true; fees: DraftFee[]; position: number } | { ok: false; issues: DraftIssue[] };

/** Put a fee (new when `index` is "new") into a channel's list: names are unique in a channel, at most MAX_FEES. */
export function putFee(fees: readonly DraftFee[], index: number | "new", fee: DraftFee): PutFee {
  const key = (name: string) => name.trim().toLocaleLowerCase("vi");
  if (fees.some((f, i) => i !== index && key(f.name) === key(fee.name))) return { ok: false, issues: [{ path: "name", message: "offerings.fees.errors.nameTwice" }] };
  if (index === "new") {
    if (fees.length >= MAX_FEES) return { ok: false, issues: [{ path: "name", message: "offerings.fees.errors.tooMany" }] };
    return { ok: true, fees: [...fees, fee], position: fees.length };
  }
  return { ok: true, fees: fees.map((f, i) => (i === index ? fee : f)), position: index };
}

/** The fee list's move up / move down / remove buttons (intent=move-up:2…); null when the intent is not one. */
export function applyFeeIntent(fees: readonly DraftFee[], intent: unknown): DraftFee[] | null {
  return applyListIntent(fees, parseIntent(intent));
}

/**
 * An offering's channels whose fee mode says "free" while fees remain (the public page would say both): the
 * official removes the fees first. Paths are the offering's ("channels[1].feeMode").
 */
export function freeChannelsWithFees(offering: Offering): DraftIssue[] {
  return offering.channels.flatMap((c, i) => (c.feeMode === "free" && c.fees.length > 0 ? [{ path: `channels[${i}].feeMode`, message: "offerings.fees.errors.freeWithFees" }] : []));
}
