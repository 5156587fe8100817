// Which scripts a page loads. By default the page is hydrated (React and Remix in the browser). A route that works
// as plain HTML says `handle: { hydrate: false }` and may list enhancement scripts from public/enhance/ that add to
// the HTML without taking it over (docs/decisions/0009-reading-pages-without-framework-javascript.md).

export const ENHANCEMENTS = {
  liveSearch: "/enhance/live-search.js",
  uploadProgress: "/enhance/upload-progress.js",
} as const;
export type Enhancement = keyof typeof ENHANCEMENTS;

export interface ScriptsHandle {
  hydrate?: boolean;
  enhance?: readonly Enhancement[];
}

export function pageScripts(matches: readonly { handle?: unknown }[]): { hydrate: boolean; scripts: string[] } {
  const handles = matches.map((m) => (m.handle ?? {}) as ScriptsHandle);
  const leaf = handles[handles.length - 1] ?? {};
  // The deepest route decides: a page hydrates unless it opts out.
  if (leaf.hydrate !== false) return { hydrate: true, scripts: [] };
  const scripts = [...new Set(handles.flatMap((h) => h.enhance ?? []))].map((name) => ENHANCEMENTS[name]);
  return { hydrate: false, scripts };
}
