// Whether a text field's `pattern` is safe to run on what citizens type (pure, isomorphic).
//
// JavaScript's regular expressions backtrack: a pattern such as "(a+)+$" takes exponential time on "aaaa…!",
// and a form definition comes from an official or an imported file, so one bad pattern could stall the server
// on every submission. The meta-schema therefore refuses:
//   - a pattern longer than PATTERN_MAX_LENGTH characters;
//   - nested quantifiers: a group repeated more than once ("*", "+", "{2,}", "{1,5}") that holds a quantifier
//     whose count varies ("*", "+", "?", "{1,3}"), at any depth — "(\d+)*", "(?:a|b?)+", "((ab)*c?)+".
//     Fixed counts inside are fine ("(\d{3}\.)+"), and so is a repeated group whose body starts or ends with a
//     literal character that nothing else in the body can match, since that character then marks where each
//     repetition begins or ends ("[\p{L}]+(?: [\p{L}]+)*", "(?:\d+,)*"): the input can be split only one way.
//   - backreferences inside such a group (they cannot be reasoned about).
// This is the classic "star height" rule: conservative, cheap, and enough for the patterns forms need (codes,
// numbers of given lengths, words separated by spaces). It does not catch a repeated alternation whose branches
// overlap ("(a|aa)+"), which is rarer in practice; preview a new pattern before publishing.

/** The longest pattern a definition may hold. */
export const PATTERN_MAX_LENGTH = 200;

interface Quantifier {
  min: number;
  max: number;
}

type Node =
  | { kind: "char"; source: string; literal?: string; q?: Quantifier }
  | { kind: "assertion"; source: string }
  | { kind: "backreference"; source: string; q?: Quantifier }
  | { kind: "group"; alternatives: Node[][]; lookaround: boolean; q?: Quantifier };

const SYNTAX_CHARS = new Set("^$\\.*+?()[]{}|/-".split(""));

/** A parser of the u-flag syntax, for sources that are known to compile (it does not report errors). */
class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): Node[][] {
    const alternatives = this.alternatives();
    // A stray ")" (never in a source that compiles): parse what follows as well.
    if (this.i < this.s.length) {
      this.i++;
      return [...alternatives, ...this.parse()];
    }
    return alternatives;
  }

  private alternatives(): Node[][] {
    const out: Node[][] = [[]];
    while (this.i < this.s.length && this.s[this.i] !== ")") {
      if (this.s[this.i] === "|") {
        this.i++;
        out.push([]);
        continue;
      }
      const node = this.atom();
      if (node.kind !== "assertion") {
        const q = this.quantifier();
        if (q) node.q = q;
      } else {
        // A quantified lookahead ("(?=a)*") is allowed by the syntax; its quantifier changes nothing here.
        this.quantifier();
      }
      out[out.length - 1]!.push(node);
    }
    return out;
  }

  private atom(): Node {
    const c = this.s[this.i]!;
    if (c === "^" || c === "$") {
      this.i++;
      return { kind: "assertion", source: c };
    }
    if (c === "(") return this.group();
    if (c === "[") return { kind: "char", source: this.charClass() };
    if (c === "\\") return this.escape();
    this.i++;
    return c === "." ? { kind: "char", source: c } : { kind: "char", source: c, literal: c };
  }

  private group(): Node {
    const start = this.i;
    this.i++; // (
    let lookaround = false;
    if (this.s[this.i] === "?") {
      const rest = this.s.slice(this.i);
      if (rest.startsWith("?:")) this.i += 2;
      else if (rest.startsWith("?=") || rest.startsWith("?!")) {
        this.i += 2;
        lookaround = true;
      } else if (rest.startsWith("?<=") || rest.startsWith("?<!")) {
        this.i += 3;
        lookaround = true;
      } else if (rest.startsWith("?<")) {
        const close = this.s.indexOf(">", this.i);
        this.i = close < 0 ? this.i + 2 : close + 1;
      } else {
        // Modifiers such as "(?i:…)": treat like a non-capturing group.
        const colon = this.s.indexOf(":", this.i);
        this.i = colon < 0 ? this.i + 1 : colon + 1;
      }
    }
    const alternatives = this.alternatives();
    if (this.s[this.i] === ")") this.i++;
    else this.i = Math.max(this.i, start + 1);
    return { kind: "group", alternatives, lookaround };
  }

  private charClass(): string {
    const start = this.i;
    this.i++; // [
    if (this.s[this.i] === "^") this.i++;
    // A "]" right after "[" or "[^" is a literal only without the u flag; with it, "[]" is an empty class.
    while (this.i < this.s.length && this.s[this.i] !== "]") {
      this.i += this.s[this.i] === "\\" ? this.escapeLength(this.i) : 1;
    }
    this.i++; // ]
    return this.s.slice(start, this.i);
  }

  /** The length of the escape sequence at `at` (which holds a backslash). */
  private escapeLength(at: number): number {
    const next = this.s[at + 1] ?? "";
    const braced = (from: number) => {
      const close = this.s.indexOf("}", from);
      return close < 0 ? 2 : Math.max(2, close - at + 1);
    };
    if ((next === "p" || next === "P") && this.s[at + 2] === "{") return braced(at + 2);
    if (next === "u") return this.s[at + 2] === "{" ? braced(at + 2) : 6;
    if (next === "x") return 4;
    if (next === "c") return 3;
    if (next === "k" && this.s[at + 2] === "<") return Math.max(3, this.s.indexOf(">", at) - at + 1);
    if (/[1-9]/.test(next)) {
      let end = at + 2;
      while (/\d/.test(this.s[end] ?? "")) end++;
      return end - at;
    }
    return 2;
  }

  private escape(): Node {
    const length = this.escapeLength(this.i);
    const source = this.s.slice(this.i, this.i + length);
    this.i += length;
    const next = source[1] ?? "";
    if (next === "b" || next === "B") return { kind: "assertion", source };
    if (/[1-9]/.test(next) || (next === "k" && source.length > 2)) return { kind: "backreference", source };
    if (source.length === 2 && SYNTAX_CHARS.has(next)) return { kind: "char", source, literal: next };
    return { kind: "char", source };
  }

  private quantifier(): Quantifier | undefined {
    const c = this.s[this.i];
    let q: Quantifier | undefined;
    if (c === "*") q = { min: 0, max: Infinity };
    else if (c === "+") q = { min: 1, max: Infinity };
    else if (c === "?") q = { min: 0, max: 1 };
    else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.s.slice(this.i));
      if (!m) return undefined;
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
      this.i += m[0].length - 1;
      q = { min, max };
    }
    if (!q) return undefined;
    this.i++;
    if (this.s[this.i] === "?") this.i++; // lazy
    return q;
  }
}

const varies = (q: Quantifier | undefined) => q !== undefined && q.min !== q.max;
const repeats = (q: Quantifier | undefined) => q !== undefined && q.max > 1;

/** Every node of a body, at any depth (lookarounds included: they backtrack too). */
function* walk(nodes: readonly Node[]): Generator<Node> {
  for (const node of nodes) {
    yield node;
    if (node.kind === "group") for (const alternative of node.alternatives) yield* walk(alternative);
  }
}

/** Whether a character-consuming node could match the character `ch`. */
function canMatch(node: Node, ch: string): boolean {
  if (node.kind === "assertion") return false;
  if (node.kind === "backreference") return true;
  if (node.kind === "group") return !node.lookaround && node.alternatives.some((a) => a.some((n) => canMatch(n, ch)));
  try {
    return new RegExp(`^(?:${node.source})$`, "u").test(ch);
  } catch {
    return true;
  }
}

/** A body that a literal character at its start or end splits unambiguously (see the file's comment). */
function isSeparated(body: readonly Node[]): boolean {
  const consuming = body.filter((n) => n.kind !== "assertion");
  for (const edge of [consuming[0], consuming[consuming.length - 1]]) {
    if (!edge || edge.kind !== "char" || edge.literal === undefined || edge.q) continue;
    const separator = edge.literal;
    const rest = consuming.filter((n) => n !== edge);
    if (!rest.some((n) => canMatch(n, separator))) return true;
  }
  return false;
}

function nodesAreSafe(nodes: readonly Node[]): boolean {
  for (const node of nodes) {
    if (node.kind !== "group") continue;
    if (repeats(node.q)) {
      const inner = node.alternatives.flatMap((a) => [...walk(a)]);
      const risky = inner.some((n) => varies("q" in n ? n.q : undefined) || n.kind === "backreference");
      if (risky && !(node.alternatives.length === 1 && isSeparated(node.alternatives[0]!))) return false;
    }
    if (!node.alternatives.every(nodesAreSafe)) return false;
  }
  return true;
}

/**
 * Whether a pattern that compiles (see compilePattern) is free of nested quantifiers, as described above.
 * Its length is checked separately (PATTERN_MAX_LENGTH).
 */
export function isSafePattern(source: string): boolean {
  return new Parser(source).parse().every(nodesAreSafe);
}
