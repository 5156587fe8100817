import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { brotliCompress, constants as zlib, gzip } from "node:zlib";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { NextFunction, Request, Response } from "express";

// An in-process cache of whole public pages (the catalog), for anonymous visitors. A route opts in with the
// response header `X-Page-Cache: <scope>`; an entry is valid while its scope's revision is unchanged (a
// publication bumps it), so every server process notices within `revisionTtlMs`.
//
// Two parts: `capture`, an Express middleware after compression, keeps what a page rendered (uncompressed) with
// its headers; `serve`, a plain node:http handler in front of the whole application, answers a hit with bytes
// compressed once per entry (brotli, gzip or none, as the browser asks) and an ETag for 304 revalidation, and has
// nothing else to do. Only pages that carry no CSP nonce and set no cookie are kept: those are the plain-HTML
// reading pages (docs/decisions/0009); a hydrated page has nonce'd inline scripts and is rendered every time.

export const PAGE_CACHE_HEADER = "x-page-cache";

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

type Encoding = "br" | "gzip" | "identity";

interface Entry {
  scope: string;
  revision: number;
  headers: Record<string, string>;
  etag: string;
  bodies: Record<Encoding, Buffer>;
}

export interface PageCacheOptions {
  revisionOf: (scope: string) => Promise<number>;
  maxEntries?: number;
  revisionTtlMs?: number;
  /** Requests carrying these cookies are personal and never cached. */
  personalCookies?: string[];
  /** Did the request come over HTTPS (directly or through a trusted proxy)? Pages differ (HSTS). */
  isSecure?: (req: IncomingMessage) => boolean;
  /** Headers each answer from the cache needs of its own (a request id, a policy without a nonce). */
  perResponseHeaders?: (req: IncomingMessage) => Record<string, string>;
  /** Told about every answer from the cache (for the request log). */
  onHit?: (req: IncomingMessage, status: number, bytes: number) => void;
}

/** Headers of a rendered page that belong to that one response and are never replayed. */
const NOT_REPLAYED = new Set([
  "content-security-policy",
  "x-request-id",
  "etag",
  "content-length",
  "content-encoding",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "date",
  "x-cache",
  "vary",
]);

/** The encoding to send for an Accept-Encoding header: brotli, then gzip, then none (q=0 refuses one). */
export function preferredEncoding(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return "identity";
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(",")) {
    const [name = "", ...params] = part.trim().split(";");
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(name.trim(), q === undefined ? 1 : Number(q) || 0);
  }
  const wildcard = accepted.get("*") ?? 0;
  const weight = (name: string) => accepted.get(name) ?? wildcard;
  if (weight("br") > 0) return "br";
  if (weight("gzip") > 0) return "gzip";
  return "identity";
}

export function createPageCache(options: PageCacheOptions) {
  const maxEntries = options.maxEntries ?? 500;
  const ttl = options.revisionTtlMs ?? 1000;
  const personal = options.personalCookies ?? ["__session"];
  const entries = new Map<string, Entry>();
  const revisions = new Map<string, { value: number; at: number }>();
  const stats = { hits: 0, misses: 0, stored: 0, notCacheable: 0 };
  const storing = new Set<Promise<void>>();

  async function currentRevision(scope: string): Promise<number> {
    const known = revisions.get(scope);
    const now = Date.now();
    if (known && now - known.at < ttl) return known.value;
    const value = await options.revisionOf(scope);
    revisions.set(scope, { value, at: now });
    return value;
  }

  function keyOf(req: IncomingMessage): string | null {
    if (req.method !== "GET") return null;
    const cookie = req.headers.cookie ?? "";
    if (personal.some((name) => cookie.includes(`${name}=`))) return null;
    const lng = /(?:^|;\s*)lng=([^;]*)/.exec(cookie)?.[1] ?? "";
    const secure = options.isSecure?.(req) ? "s" : "";
    // Express's originalUrl is the raw request URL for an application mounted at the root, as this one is.
    const url = (req as Partial<Request>).originalUrl ?? req.url ?? "";
    return `${url}\u0000${lng}\u0000${req.headers["accept-language"] ?? ""}\u0000${secure}`;
  }

  function reply(req: IncomingMessage, res: ServerResponse, entry: Entry) {
    stats.hits += 1;
    const headers: Record<string, string | number> = { ...entry.headers, ...options.perResponseHeaders?.(req), ETag: entry.etag, "X-Cache": "hit" };
    if (req.headers["if-none-match"] === entry.etag) {
      res.writeHead(304, headers).end();
      options.onHit?.(req, 304, 0);
      return;
    }
    const encoding = preferredEncoding(req.headers["accept-encoding"]);
    const body = entry.bodies[encoding];
    if (encoding !== "identity") headers["Content-Encoding"] = encoding;
    headers["Content-Length"] = body.length;
    res.writeHead(200, headers).end(body);
    options.onHit?.(req, 200, body.length);
  }

  /** Answers a hit; anything else goes on to the application (`next`). */
  function serve(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    const key = keyOf(req);
    const cached = key ? entries.get(key) : undefined;
    if (!key || !cached) return next();
    entries.delete(key);
    const known = revisions.get(cached.scope);
    if (known && Date.now() - known.at < ttl) {
      if (known.value !== cached.revision) return next();
      entries.set(key, cached); // most recently used last
      return reply(req, res, cached);
    }
    currentRevision(cached.scope).then(
      (revision) => {
        if (revision !== cached.revision) return next();
        entries.set(key, cached);
        reply(req, res, cached);
      },
      // The database did not answer: render normally (the route will report the problem).
      () => next(),
    );
  }

  /** Keeps the uncompressed page a route rendered, when it opted in. Mount after the compression middleware. */
  function capture(req: Request, res: Response, next: NextFunction) {
    const key = keyOf(req);
    if (!key) return next();
    stats.misses += 1;
    const nonce = typeof res.locals.nonce === "string" ? (res.locals.nonce as string) : "";
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
        const task = remember(key, scope, res, Buffer.concat(chunks), nonce);
        storing.add(task);
        void task.finally(() => storing.delete(task));
      }
      return end(chunk, ...rest);
    }) as Response["end"];
    res.on("finish", () => chunks.splice(0));
    next();
  }

  async function remember(key: string, scope: string, res: Response, body: Buffer, nonce: string) {
    try {
      // A page carrying this response's nonce, or setting a cookie, belongs to that response: never replayed.
      if ((nonce && body.includes(nonce)) || res.getHeader("set-cookie") !== undefined) {
        stats.notCacheable += 1;
        return;
      }
      const revision = await currentRevision(scope);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(res.getHeaders())) {
        if (NOT_REPLAYED.has(name) || name === PAGE_CACHE_HEADER) continue;
        if (typeof value === "string" || typeof value === "number") headers[name] = String(value);
      }
      const vary = res.getHeader("vary");
      headers.vary = [typeof vary === "string" ? vary : "", "Accept-Encoding"].filter(Boolean).join(", ");
      const [br, gz] = await Promise.all([
        brotliAsync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } }),
        gzipAsync(body, { level: 9 }),
      ]);
      const etag = `W/"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
      entries.set(key, { scope, revision, headers, etag, bodies: { identity: body, gzip: gz, br } });
      stats.stored += 1;
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    } catch {
      // Not cached this time.
    }
  }

  /** Resolves when the pages rendered so far are stored (compression runs after their responses). */
  async function idle() {
    while (storing.size > 0) await Promise.all([...storing]);
  }

  return { serve, capture, stats, idle, clear: () => entries.clear() };
}

/** Route `headers` for a public catalog page: cached in process, revalidated by the browser with its ETag. */
export function catalogPageHeaders({ errorHeaders }: { errorHeaders?: Headers }): Record<string, string> {
  if (errorHeaders) return {};
  return { "X-Page-Cache": "catalog", "Cache-Control": "public, no-cache" };
}
