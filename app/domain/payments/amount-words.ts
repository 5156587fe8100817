// An amount of Vietnamese đồng in words (số tiền bằng chữ), as a receipt (biên lai) writes it: groups of three digits
// read with nghìn / triệu / tỷ, "không trăm" for a zero hundred inside the number, "lẻ" for a zero ten before a unit,
// "mốt" for 1 after a ten of 2 or more, "lăm" for 5 after any ten, "tư" for 4 after a ten of 2 or more; the first letter
// capitalised, ending in "đồng" (shared/domain/payments.md §4.1). Pure and isomorphic; any size (bigint).

const DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"] as const;

/** Three digits (0–999). `full`: the group is not the number's first, so a zero hundred and a zero ten are read. */
function readTriple(n: number, full: boolean): string[] {
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor((n % 100) / 10);
  const units = n % 10;
  const words: string[] = [];
  if (hundreds > 0 || full) words.push(DIGITS[hundreds]!, "trăm");
  if (tens === 0) {
    if (units > 0 && (hundreds > 0 || full)) words.push("lẻ");
  } else if (tens === 1) {
    words.push("mười");
  } else {
    words.push(DIGITS[tens]!, "mươi");
  }
  if (units === 0) return words;
  if (units === 1 && tens >= 2) words.push("mốt");
  else if (units === 5 && tens >= 1) words.push("lăm");
  else if (units === 4 && tens >= 2) words.push("tư");
  else words.push(DIGITS[units]!);
  return words;
}

const GROUP_UNITS = ["triệu", "nghìn", ""] as const;
const BILLION = 1_000_000_000n;

/**
 * The words of a number (not zero). Groups of three digits with triệu / nghìn; above that the scale repeats with "tỷ":
 * 10^12 is "một nghìn tỷ", 10^18 "một tỷ tỷ". Zero groups are skipped; a group after a higher one is read in full
 * (2,000,015: "hai triệu không trăm mười lăm"). `full`: the number is itself after a higher part.
 */
function readNumber(value: bigint, full: boolean): string[] {
  if (value >= BILLION) {
    const high = value / BILLION;
    const low = value % BILLION;
    return [...readNumber(high, full), "tỷ", ...(low > 0n ? readNumber(low, true) : [])];
  }
  const n = Number(value);
  const groups = [Math.floor(n / 1_000_000), Math.floor((n % 1_000_000) / 1000), n % 1000];
  const words: string[] = [];
  groups.forEach((group, i) => {
    if (group === 0) return;
    words.push(...readTriple(group, full || words.length > 0));
    if (GROUP_UNITS[i]) words.push(GROUP_UNITS[i]!);
  });
  return words;
}

/** "Năm mươi nghìn đồng" for 50000. Negative or fractional amounts are refused (money is whole đồng). */
export function amountInWords(amount: number | bigint): string {
  if (typeof amount === "number" && (!Number.isSafeInteger(amount) || amount < 0)) throw new RangeError(`Not a whole amount of đồng: ${amount}`);
  const value = BigInt(amount);
  if (value < 0n) throw new RangeError(`Not a whole amount of đồng: ${amount}`);
  const text = [...(value === 0n ? ["không"] : readNumber(value, false)), "đồng"].join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
