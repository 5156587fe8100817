// Pure helpers of the catalog administration (isomorphic): list editing and zod issues as i18n keys.

/** A validation issue of a draft: a JSON path ("documents[2].name") and an i18n key of the "admin" namespace. */
export interface DraftIssue {
  path: string;
  message: string;
}

const KNOWN_PREFIXES = ["catalog.errors.", "formDefinition.errors."];
const ZOD_CODES = new Set([
  "invalid_type",
  "too_small",
  "too_big",
  "invalid_format",
  "not_multiple_of",
  "unrecognized_keys",
  "invalid_union",
  "invalid_key",
  "invalid_element",
  "invalid_value",
  "custom",
]);

/** The i18n key of an issue: our own keys as they are, zod's own messages by their code (catalog.errors.zod.*). */
export function issueKey(issue: { code?: string; message: string }): string {
  if (KNOWN_PREFIXES.some((p) => issue.message.startsWith(p))) return issue.message;
  return `catalog.errors.zod.${issue.code && ZOD_CODES.has(issue.code) ? issue.code : "custom"}`;
}

export function jsonPathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, part) => (typeof part === "number" ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), "");
}

/** Zod issues as draft issues (paths prefixed with `base`). */
export function draftIssues(issues: readonly { code?: string; message: string; path: readonly PropertyKey[] }[], base: PropertyKey[] = []): DraftIssue[] {
  return issues.map((issue) => ({ path: jsonPathOf([...base, ...issue.path]), message: issueKey(issue) }));
}

/** The first issue per path (for inline error messages). */
export function issuesByPath(issues: readonly DraftIssue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) if (!(issue.path in out)) out[issue.path] = issue.message;
  return out;
}

export function moveItem<T>(list: readonly T[], index: number, delta: -1 | 1): T[] {
  const target = index + delta;
  if (index < 0 || index >= list.length || target < 0 || target >= list.length) return [...list];
  const copy = [...list];
  const [item] = copy.splice(index, 1);
  copy.splice(target, 0, item as T);
  return copy;
}

export function removeItem<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

/** An intent like "move-up:3" → { action: "move-up", index: 3 }. */
export function parseIntent(value: unknown): { action: string; index: number | null } {
  if (typeof value !== "string") return { action: "", index: null };
  const [action = "", rest] = value.split(":", 2);
  const index = rest !== undefined && /^\d{1,4}$/.test(rest) ? Number(rest) : null;
  return { action, index };
}

/** Apply a list intent (move-up / move-down / remove) to a list; null when the intent is not one of those. */
export function applyListIntent<T>(list: readonly T[], intent: { action: string; index: number | null }): T[] | null {
  if (intent.index === null) return null;
  if (intent.action === "move-up") return moveItem(list, intent.index, -1);
  if (intent.action === "move-down") return moveItem(list, intent.index, 1);
  if (intent.action === "remove") return removeItem(list, intent.index);
  return null;
}

/** Lines of a textarea, trimmed, without empty ones. */
export function linesOf(value: unknown): string[] {
  if (typeof value !== "string") return [];
  return value
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

export const DRAFT_PARTS = ["details", "documents", "offerings", "workflow", "form", "legal"] as const;
export type DraftPart = (typeof DRAFT_PARTS)[number];

/** Which editor fixes an issue at a path. */
export function partOfPath(path: string): DraftPart {
  const head = /^[A-Za-z]+/.exec(path)?.[0] ?? "";
  if (head === "documents" || head === "cases") return "documents";
  if (head === "offerings") return "offerings";
  if (head === "workflow") return "workflow";
  if (head === "form") return "form";
  if (head === "legalBasis") return "legal";
  return "details";
}
