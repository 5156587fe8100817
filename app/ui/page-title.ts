import type { MetaDescriptor } from "@remix-run/node";

interface RootData {
  siteName: string;
  tagline: string;
  errorTitles: { notFound: string; server: string };
}

/**
 * The <title> and description of a page: "Page – Site". Route meta functions call this with their loader's `title`;
 * on an error it names the error, so a screen-reader user hears that the page failed.
 */
export function pageTitle(args: {
  data?: unknown;
  error?: unknown;
  matches: ReadonlyArray<{ id: string; data?: unknown } | undefined>;
}): MetaDescriptor[] {
  const root = args.matches.find((m) => m?.id === "root")?.data as RootData | undefined;
  const site = root?.siteName ?? "";
  let title = (args.data as { title?: string } | null | undefined)?.title;
  if (args.error) {
    const status = (args.error as { status?: number }).status;
    title = status === 404 ? root?.errorTitles.notFound : root?.errorTitles.server;
  }
  return [{ title: title ? `${title} – ${site}` : site }, { name: "description", content: root?.tagline ?? "" }];
}
