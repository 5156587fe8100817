/** Joins class names, skipping falsy values. */
export function cx(...names: Array<string | false | null | undefined>): string {
  return names.filter(Boolean).join(" ");
}

/** Joins element ids for aria-describedby (deduplicated); undefined when empty. */
export function joinIds(...ids: Array<string | false | null | undefined>): string | undefined {
  const seen = new Set<string>();
  for (const group of ids) {
    if (!group) continue;
    for (const id of group.split(/\s+/)) if (id) seen.add(id);
  }
  return seen.size > 0 ? [...seen].join(" ") : undefined;
}

export type HeadingLevel = 1 | 2 | 3 | 4 | 5 | 6;
export type HeadingTag = "h1" | "h2" | "h3" | "h4" | "h5" | "h6";

export function headingTag(level: HeadingLevel): HeadingTag {
  return `h${level}`;
}
