import { foldForSearch, searchTokens } from "../shared/search";
import type { GovernmentLevel, LifeEvent, OnlineLevel } from "./procedures";

// Catalog search over an in-memory index of the current versions (pure; identical on both databases).

export interface CatalogEntry {
  versionId: string;
  code: string;
  name: string;
  fieldCode: string;
  levels: GovernmentLevel[];
  lifeEvents: LifeEvent[];
  bestOnlineLevel: OnlineLevel;
  /** Folded texts, in decreasing weight. */
  folded: { code: string; name: string; keywords: string; rest: string };
  /** Position in Vietnamese alphabetical order of names (set by `indexEntries`). */
  order?: number;
}

export interface CatalogFilters {
  field?: string;
  level?: GovernmentLevel;
  onlineLevel?: OnlineLevel;
  lifeEvent?: LifeEvent;
  /** Version ids offered by the chosen agency (looked up by the caller), with that agency's online level. */
  agencyOffers?: Map<string, OnlineLevel>;
}

export interface RankedEntry {
  entry: CatalogEntry;
  score: number;
  /** The online level that applies: the chosen agency's, or the best one. */
  onlineLevel: OnlineLevel;
}

const collator = new Intl.Collator("vi", { sensitivity: "base", numeric: true });

/** Folded texts for an entry, from its parts (the stored search text is made with the same function). */
export function foldEntryTexts(parts: { code: string; localCode?: string; name: string; keywords: string[]; rest: string[] }) {
  return {
    code: foldForSearch([parts.code, parts.localCode ?? ""].join(" ")),
    name: foldForSearch(parts.name),
    keywords: foldForSearch(parts.keywords.join(" ; ")),
    rest: foldForSearch(parts.rest.join(" ")),
  };
}

/** Does a word of `text` start with the token? `spaced` is the token with a leading space. */
function wordStarts(text: string, token: string, spaced: string): boolean {
  return text.startsWith(token) || text.includes(spaced);
}

/** Give entries their alphabetical positions once, so that searches sort by integers. */
export function indexEntries(entries: CatalogEntry[]): CatalogEntry[] {
  const sorted = [...entries].sort((a, b) => collator.compare(a.name, b.name) || a.code.localeCompare(b.code));
  sorted.forEach((e, i) => (e.order = i));
  return entries;
}

/**
 * Score an entry for the query tokens; 0 = not a match. Every token must appear somewhere (as a word prefix
 * in the name, keywords or other text, or inside the code). The name weighs most, then keywords, then the rest;
 * an exact code or the whole phrase at the start of the name ranks first.
 */
export function scoreEntry(entry: CatalogEntry, tokens: string[], phrase: string, spaced = tokens.map((t) => ` ${t}`)): number {
  const f = entry.folded;
  if (tokens.length === 0) return 1;
  if (f.code === phrase || f.code.startsWith(`${phrase} `) || f.code.endsWith(` ${phrase}`)) return 10_000;
  let score = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const sp = spaced[i]!;
    if (wordStarts(f.name, token, sp)) score += 100;
    else if (wordStarts(f.keywords, token, sp)) score += 40;
    else if (f.code.includes(token)) score += 60;
    else if (wordStarts(f.rest, token, sp)) score += 10;
    else return 0;
  }
  if (f.name === phrase) score += 2_000;
  else if (f.name.startsWith(phrase)) score += 1_000;
  else if (f.name.includes(phrase)) score += 500;
  else if (f.keywords.includes(phrase)) score += 200;
  // Shorter names are more specific for the same words.
  score += Math.max(0, 50 - f.name.length / 4);
  return score;
}

export function searchCatalog(entries: readonly CatalogEntry[], query: string, filters: CatalogFilters = {}): RankedEntry[] {
  const tokens = searchTokens(query);
  const phrase = tokens.join(" ");
  const spaced = tokens.map((t) => ` ${t}`);
  const out: RankedEntry[] = [];
  for (const entry of entries) {
    if (filters.field && entry.fieldCode !== filters.field) continue;
    if (filters.level && !entry.levels.includes(filters.level)) continue;
    if (filters.lifeEvent && !entry.lifeEvents.includes(filters.lifeEvent)) continue;
    let onlineLevel = entry.bestOnlineLevel;
    if (filters.agencyOffers) {
      const level = filters.agencyOffers.get(entry.versionId);
      if (!level) continue;
      onlineLevel = level;
    }
    if (filters.onlineLevel && onlineLevel !== filters.onlineLevel) continue;
    const score = scoreEntry(entry, tokens, phrase, spaced);
    if (score > 0) out.push({ entry, score, onlineLevel });
  }
  out.sort(
    (a, b) =>
      b.score - a.score ||
      (a.entry.order !== undefined && b.entry.order !== undefined
        ? a.entry.order - b.entry.order
        : collator.compare(a.entry.name, b.entry.name) || a.entry.code.localeCompare(b.entry.code)),
  );
  return out;
}

export function countByOnlineLevel(entries: readonly CatalogEntry[]): Record<OnlineLevel, number> {
  const counts: Record<OnlineLevel, number> = { INFO: 0, PARTIAL: 0, FULL: 0 };
  for (const e of entries) counts[e.bestOnlineLevel] += 1;
  return counts;
}
