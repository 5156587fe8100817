import express from "express";
import type { AddressInfo } from "node:net";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { createPageCache, preferredEncoding } from "./page-cache.server";

let revision = 1;
let renders = 0;
const cache = createPageCache({ revisionOf: async () => revision, revisionTtlMs: 0 });
const app = express();
let counter = 0;
app.use((_req, res, next) => {
  res.locals.nonce = `nonce${++counter}`;
  next();
});
app.use((req, res, next) => void cache.serve(req, res, next));
app.use(cache.capture);
app.get("/page", (req, res) => {
  renders += 1;
  res.setHeader("X-Page-Cache", "catalog");
  res.type("html").send(`<script type="module" src="/enhance/x.js"></script><p>r${renders} ${String(req.query.q ?? "")}</p>`);
});
app.get("/hydrated", (_req, res) => {
  renders += 1;
  res.setHeader("X-Page-Cache", "catalog");
  res.type("html").send(`<script nonce="${res.locals.nonce as string}">r${renders}</script>`);
});
app.get("/private", (_req, res) => res.type("html").send(`<p>${res.locals.nonce as string}</p>`));
const server = app.listen(0, "127.0.0.1");
await new Promise((r) => server.once("listening", r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
afterAll(() => new Promise((r) => server.close(r)));


const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { headers: { "Accept-Encoding": "identity", ...headers } });

describe("page cache", () => {
  it("renders once per revision and answers 304 to a matching ETag", async () => {
    const first = await get("/page?q=a");
    expect(await first.text()).toBe('<script type="module" src="/enhance/x.js"></script><p>r1 a</p>');
    await cache.idle();
    const second = await get("/page?q=a");
    expect(second.headers.get("x-cache")).toBe("hit");
    expect(await second.text()).toBe('<script type="module" src="/enhance/x.js"></script><p>r1 a</p>');
    expect(renders).toBe(1);

    const etag = second.headers.get("etag")!;
    const revalidated = await get("/page?q=a", { "If-None-Match": etag });
    expect(revalidated.status).toBe(304);

    // Another address, another entry; a new revision (a publication) renders again.
    await get("/page?q=b");
    expect(renders).toBe(2);
    revision += 1;
    expect(await (await get("/page?q=a")).text()).toContain("r3");
  });

  it("sends brotli or gzip compressed once, as the browser asks, and says it varies by encoding", async () => {
    await get("/page?q=z");
    await cache.idle();
    const raw = (await get("/page?q=z")).headers;
    const br = await fetch(`${base}/page?q=z`, { headers: { "Accept-Encoding": "gzip, deflate, br" } });
    const gz = await fetch(`${base}/page?q=z`, { headers: { "Accept-Encoding": "gzip" } });
    expect(raw.get("x-cache")).toBe("hit");
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(br.headers.get("vary")).toContain("Accept-Encoding");
    // fetch decodes the body itself; the bytes on the wire were compressed (length smaller than the page).
    expect(await br.text()).toContain("</p>");
    expect(await gz.text()).toContain("</p>");
    expect(Number(gz.headers.get("content-length"))).toBeGreaterThan(0);
  });

  it("never replays a page that carries the response's nonce (a hydrated page)", async () => {
    const before = renders;
    const a = await (await get("/hydrated")).text();
    await cache.idle();
    const b = await (await get("/hydrated")).text();
    expect(renders).toBe(before + 2);
    expect(a).not.toBe(b);
    expect(cache.stats.notCacheable).toBeGreaterThan(0);
  });

  it("never caches a signed-in visitor's page or a page that did not opt in", async () => {
    const before = renders;
    await get("/page?q=s", { Cookie: "__session=abc" });
    await cache.idle();
    await get("/page?q=s", { Cookie: "__session=abc" });
    expect(renders).toBe(before + 2);
    const a = await (await get("/private")).text();
    const b = await (await get("/private")).text();
    expect(a).not.toBe(b);
  });

  it("keeps languages apart", async () => {
    await get("/page?q=l", { "Accept-Language": "en" });
    await cache.idle();
    const vi = await get("/page?q=l", { "Accept-Language": "vi" });
    expect(vi.headers.get("x-cache")).toBeNull();
  });
});

describe("preferred encoding", () => {
  it("prefers brotli, then gzip, and honours q=0", () => {
    expect(preferredEncoding(undefined)).toBe("identity");
    expect(preferredEncoding("gzip, deflate, br, zstd")).toBe("br");
    expect(preferredEncoding("gzip")).toBe("gzip");
    expect(preferredEncoding("br;q=0, gzip;q=0.8")).toBe("gzip");
    expect(preferredEncoding("*")).toBe("br");
    expect(preferredEncoding("identity")).toBe("identity");
    expect(preferredEncoding("gzip;q=0")).toBe("identity");
  });
});

// The stored bodies decode to the page (checked on the raw bytes, without fetch's own decoding).
describe("stored compressed bodies", () => {
  it("decode to the same page", async () => {
    const { request } = await import("node:http");
    const rawBody = (encoding: string) =>
      new Promise<Buffer>((resolve, reject) => {
        request(`${base}/page?q=z`, { headers: { "Accept-Encoding": encoding } }, (res) => {
          const parts: Buffer[] = [];
          res.on("data", (c: Buffer) => parts.push(c));
          res.on("end", () => resolve(Buffer.concat(parts)));
        })
          .on("error", reject)
          .end();
      });
    // Its own entry (no Accept-Language here, unlike fetch): render it once and wait until it is stored.
    await rawBody("identity");
    await cache.idle();
    const plain = (await rawBody("identity")).toString();
    expect(plain).toContain("</p>");
    expect(brotliDecompressSync(await rawBody("br")).toString()).toBe(plain);
    expect(gunzipSync(await rawBody("gzip")).toString()).toBe(plain);
  });
});
