import express from "express";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { createPageCache } from "./page-cache.server";

let revision = 1;
let renders = 0;
const cache = createPageCache({ revisionOf: async () => revision, revisionTtlMs: 0 });
const app = express();
let counter = 0;
app.use((_req, res, next) => {
  res.locals.nonce = `nonce${++counter}`;
  next();
});
app.use((req, res, next) => void cache.middleware(req, res, next));
app.get("/page", (req, res) => {
  renders += 1;
  res.setHeader("X-Page-Cache", "catalog");
  res.type("html").send(`<script nonce="${res.locals.nonce}">r${renders}</script><p>${req.query.q ?? ""}</p>`);
});
app.get("/private", (_req, res) => res.type("html").send(`<p>${res.locals.nonce}</p>`));
const server = app.listen(0, "127.0.0.1");
await new Promise((r) => server.once("listening", r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
afterAll(() => new Promise((r) => server.close(r)));

describe("page cache", () => {
  it("renders once per revision, gives each response its own nonce, and answers 304 to a matching ETag", async () => {
    const first = await fetch(`${base}/page?q=a`);
    expect(await first.text()).toBe('<script nonce="nonce1">r1</script><p>a</p>');
    await new Promise((r) => setTimeout(r, 20));
    const second = await fetch(`${base}/page?q=a`);
    expect(second.headers.get("x-cache")).toBe("hit");
    expect(await second.text()).toBe('<script nonce="nonce2">r1</script><p>a</p>');
    expect(renders).toBe(1);

    const etag = second.headers.get("etag")!;
    const revalidated = await fetch(`${base}/page?q=a`, { headers: { "If-None-Match": etag } });
    expect(revalidated.status).toBe(304);

    // Another address, another entry; a new revision (a publication) renders again.
    await fetch(`${base}/page?q=b`);
    expect(renders).toBe(2);
    revision += 1;
    expect(await (await fetch(`${base}/page?q=a`)).text()).toContain("r3");
  });

  it("never caches a signed-in visitor's page or a page that did not opt in", async () => {
    const before = renders;
    await fetch(`${base}/page?q=s`, { headers: { Cookie: "__session=abc" } });
    await new Promise((r) => setTimeout(r, 20));
    await fetch(`${base}/page?q=s`, { headers: { Cookie: "__session=abc" } });
    expect(renders).toBe(before + 2);
    const a = await (await fetch(`${base}/private`)).text();
    const b = await (await fetch(`${base}/private`)).text();
    expect(a).not.toBe(b);
  });

  it("keeps languages apart", async () => {
    await fetch(`${base}/page?q=l`, { headers: { "Accept-Language": "en" } });
    await new Promise((r) => setTimeout(r, 20));
    const vi = await fetch(`${base}/page?q=l`, { headers: { "Accept-Language": "vi" } });
    expect(vi.headers.get("x-cache")).toBeNull();
  });
});
