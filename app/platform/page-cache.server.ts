import { createHash } from "node:crypto";
import type { NextFunction, Request, Response } from "express";

// An in-process cache of whole public pages (the catalog), for anonymous visitors. A route opts in with the
// response header `X-Page-Cache: <scope>`; an entry is valid while its scope's revision is unchanged (a
// publication bumps it), so every server process notices within `revisionTtlMs`. The per-response CSP nonce is
// put back into the cached HTML on every hit, and an ETag lets browsers revalidate with 304.

export const PAGE_CACHE_HEADER = "x-page-cache";

interface Entry {
  revision: number;
  status: number;
  headers: Record<string, string>;
  /** The HTML split at the nonce it was rendered with. */
  parts: string[];
  etag: string;
}

export interface PageCacheOptions {
  revisionOf: (scope: string) => Promise<number>;
  maxEntries?: number;
  revisionTtlMs?: number;
  /** Requests carrying these cookies are personal and never cached. */
  personalCookies?: string[];
}

export function createPageCache(options: PageCacheOptions) {
  const maxEntries = options.maxEntries ?? 500;
  const ttl = options.revisionTtlMs ?? 1000;
  const personal = options.personalCookies ?? ["__session"];
  const entries = new Map<string, Entry & { scope: string }>();
  const revisions = new Map<string, { value: number; at: number }>();
  const stats = { hits: 0, misses: 0, stored: 0 };

  async function currentRevision(scope: string): Promise<number> {
    const known = revisions.get(scope);
    const now = Date.now();
    if (known && now - known.at < ttl) return known.value;
    const value = await options.revisionOf(scope);
    revisions.set(scope, { value, at: now });
    return value;
  }

  function keyOf(req: Request): string | null {
    if (req.method !== "GET") return null;
    const cookie = req.get("cookie") ?? "";
    if (personal.some((name) => cookie.includes(`${name}=`))) return null;
    const lng = /(?:^|;\s*)lng=([^;]*)/.exec(cookie)?.[1] ?? "";
    return `${req.originalUrl}\u0000${lng}\u0000${req.get("accept-language") ?? ""}`;
  }

  function send(res: Response, entry: Entry, nonce: string, ifNoneMatch: string | undefined) {
    for (const [name, value] of Object.entries(entry.headers)) res.setHeader(name, value);
    res.setHeader("ETag", entry.etag);
    res.setHeader("X-Cache", "hit");
    if (ifNoneMatch === entry.etag) {
      res.status(304).end();
      return;
    }
    res.status(entry.status).send(entry.parts.join(nonce));
  }

  async function middleware(req: Request, res: Response, next: NextFunction) {
    const key = keyOf(req);
    if (!key) return next();
    const nonce = res.locals.nonce as string;
    const cached = entries.get(key);
    if (cached) {
      try {
        if (cached.revision === (await currentRevision(cached.scope))) {
          stats.hits += 1;
          entries.delete(key);
          entries.set(key, cached); // most recently used last
          send(res, cached, nonce, req.get("if-none-match"));
          return;
        }
      } catch {
        // The database did not answer: render normally (the route will report the problem).
      }
      entries.delete(key);
    }
    stats.misses += 1;

    // Capture what the application writes; store it if the route opted in.
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (chunk) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
      return write(chunk, ...rest);
    }) as Response["write"];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (chunk && typeof chunk !== "function") chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
      const scope = res.getHeader(PAGE_CACHE_HEADER);
      if (typeof scope === "string" && res.statusCode === 200) {
        void remember(key, scope, res, Buffer.concat(chunks).toString("utf8"), nonce);
      }
      return end(chunk, ...rest);
    }) as Response["end"];
    res.on("finish", () => chunks.splice(0));
    next();
  }

  async function remember(key: string, scope: string, res: Response, html: string, nonce: string) {
    try {
      const revision = await currentRevision(scope);
      const headers: Record<string, string> = {};
      for (const name of ["content-type", "cache-control", "vary", "content-language"]) {
        const value = res.getHeader(name);
        if (typeof value === "string") headers[name] = value;
      }
      const parts = html.split(nonce);
      const etag = `W/"${createHash("sha256").update(parts.join("\u0000")).digest("base64url").slice(0, 27)}"`;
      entries.set(key, { scope, revision, status: 200, headers, parts, etag });
      stats.stored += 1;
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    } catch {
      // Not cached this time.
    }
  }

  return { middleware, stats, clear: () => entries.clear() };
}

/** Route `headers` for a public catalog page: cached in process, revalidated by the browser with its ETag. */
export function catalogPageHeaders({ errorHeaders }: { errorHeaders?: Headers }): Record<string, string> {
  if (errorHeaders) return {};
  return { "X-Page-Cache": "catalog", "Cache-Control": "public, no-cache" };
}
