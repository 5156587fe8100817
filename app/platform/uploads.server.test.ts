import { createReadableStreamFromReadable } from "@remix-run/node";
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import { connect } from "node:net";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tinyPdf, tinyPng } from "../domain/files/fixtures";
import { createDiskBlobStore } from "./blob-store.server";
import { readUploads, type UploadLimits } from "./uploads.server";

const root = await mkdtemp(join(tmpdir(), "uploads-test-"));
afterAll(() => rm(root, { recursive: true, force: true }));

const BOUNDARY = "----portal-test-boundary";
type Part = { name: string; value: string } | { name: string; fileName: string; bytes: Uint8Array };

function body(parts: Part[]): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = "fileName" in p ? `form-data; name="${p.name}"; filename="${p.fileName}"` : `form-data; name="${p.name}"`;
    const type = "fileName" in p ? "Content-Type: application/octet-stream\r\n" : "";
    chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`), Buffer.from("fileName" in p ? p.bytes : Buffer.from(p.value)), Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

const requestOf = (payload: Buffer | string, contentType = `multipart/form-data; boundary=${BOUNDARY}`) =>
  new Request("http://portal.test/upload", { method: "POST", headers: { "Content-Type": contentType }, body: typeof payload === "string" ? payload : new Uint8Array(payload) });

async function stagingFiles(dir: string): Promise<string[]> {
  try {
    return await readdir(join(dir, ".staging"));
  } catch {
    return [];
  }
}

const LIMITS: UploadLimits = { files: { document: { maxBytes: 100_000, maxFiles: 3 }, photo: { maxBytes: 100_000 } }, maxRequestBytes: 1_000_000 };

describe("reading uploads while streaming", () => {
  it("stages several files of one field, keeps text fields, and stores each content once on commit", async () => {
    const dir = join(root, "several");
    const store = createDiskBlobStore(dir);
    const pdf = tinyPdf();
    const png = tinyPng();
    const read = await readUploads(
      requestOf(
        body([
          { name: "note", value: "Bản sao giấy khai sinh" },
          { name: "document", fileName: "a.pdf", bytes: pdf },
          { name: "document", fileName: "C:\\tmp\\b.png", bytes: png },
          { name: "document", fileName: "c.pdf", bytes: pdf },
          { name: "note", value: "lần 2" },
        ]),
      ),
      LIMITS,
      store,
    );
    if (!read.ok) throw new Error(read.error);
    expect(read.text).toEqual({ note: ["Bản sao giấy khai sinh", "lần 2"] });
    expect(read.errors).toEqual({});
    expect(read.files.map((f) => [f.field, f.fileName, f.blob.size])).toEqual([
      ["document", "a.pdf", pdf.byteLength],
      ["document", "b.png", png.byteLength],
      ["document", "c.pdf", pdf.byteLength],
    ]);
    const sha = createHash("sha256").update(pdf).digest("hex");
    expect(read.files[0]!.blob.sha256).toBe(sha);
    expect(read.files[2]!.blob.sha256).toBe(sha);
    expect(Buffer.from(await read.files[0]!.blob.read(0, 8)).toString("latin1")).toBe("%PDF-1.7");
    for (const f of read.files) await f.blob.commit();
    // Content-addressed: ab/cd/<sha256>, the PDF once although it came twice; nothing left in staging.
    expect(await readFile(join(dir, sha.slice(0, 2), sha.slice(2, 4), sha))).toEqual(Buffer.from(pdf));
    const stored = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
    expect(stored.sort()).toEqual([sha, createHash("sha256").update(png).digest("hex")].sort());
    expect(await store.exists(sha)).toBe(true);
  });

  it("reports an empty file and one file too many without stopping, and ignores an input left empty", async () => {
    const dir = join(root, "empty");
    const store = createDiskBlobStore(dir);
    const read = await readUploads(
      requestOf(
        body([
          { name: "photo", fileName: "", bytes: new Uint8Array() },
          { name: "document", fileName: "rong.pdf", bytes: new Uint8Array() },
          { name: "photo", fileName: "1.png", bytes: tinyPng() },
          { name: "photo", fileName: "2.png", bytes: tinyPng() },
          { name: "other", fileName: "x.pdf", bytes: tinyPdf() },
        ]),
      ),
      LIMITS,
      store,
    );
    if (!read.ok) throw new Error(read.error);
    expect(read.errors).toEqual({ document: "empty", photo: "tooMany" });
    expect(read.files.map((f) => f.fileName)).toEqual(["1.png"]);
    await read.files[0]!.blob.discard();
    expect(await stagingFiles(dir)).toEqual([]);
  });

  it("stops at a file over its limit and at a body over the request's limit, leaving nothing staged", async () => {
    const dir = join(root, "limits");
    const store = createDiskBlobStore(dir);
    const big = new Uint8Array(100_001).fill(65);
    const tooLarge = await readUploads(requestOf(body([{ name: "note", value: "x" }, { name: "document", fileName: "ok.pdf", bytes: tinyPdf() }, { name: "document", fileName: "big.pdf", bytes: big }])), LIMITS, store);
    expect(tooLarge).toEqual({ ok: false, error: "tooLarge", field: "document", text: { note: ["x"] } });
    const many = Array.from({ length: 12 }, (_, i) => ({ name: i % 2 ? "document" : "photo", fileName: `${i}.bin`, bytes: new Uint8Array(90_000).fill(i) }));
    const request = await readUploads(requestOf(body(many)), { ...LIMITS, files: { document: { maxBytes: 100_000, maxFiles: 20 }, photo: { maxBytes: 100_000, maxFiles: 20 } } }, store);
    expect(request).toMatchObject({ ok: false, error: "requestTooLarge" });
    expect(await stagingFiles(dir)).toEqual([]);
  });

  it("refuses a body that is not multipart, or not well-formed, as malformed", async () => {
    const store = createDiskBlobStore(join(root, "malformed"));
    expect(await readUploads(requestOf("a=1", "application/x-www-form-urlencoded"), LIMITS, store)).toMatchObject({ ok: false, error: "malformed" });
    const tooLongText = body([{ name: "note", value: "x".repeat(70 * 1024) }]);
    expect(await readUploads(requestOf(tooLongText), LIMITS, store)).toMatchObject({ ok: false, error: "malformed" });
  });
});

// A real HTTP server and a client that sends a body larger than the limit slowly: the answer must arrive before the
// client has sent everything (the limit is enforced while streaming, not after the body was read).
describe("limits over a real connection", () => {
  let server: Server;
  let port: number;
  const store = createDiskBlobStore(join(root, "http"));
  let bodiesEnded = 0;
  beforeAll(async () => {
    server = createServer(async (req, res) => {
      req.on("end", () => (bodiesEnded += 1));
      const request = new Request(`http://127.0.0.1${req.url}`, {
        method: "POST",
        headers: Object.entries(req.headers).flatMap(([k, v]) => (typeof v === "string" ? [[k, v] as [string, string]] : [])),
        body: createReadableStreamFromReadable(req),
        duplex: "half",
      } as RequestInit);
      const read = await readUploads(request, { files: { document: { maxBytes: 200_000 } }, maxRequestBytes: 1_000_000 }, store);
      if (read.ok) for (const f of read.files) await f.blob.discard();
      res.writeHead(read.ok ? 200 : 400, { "Content-Type": "text/plain" });
      res.end(read.ok ? "ok" : `${read.error}:${read.field ?? ""}`);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** Sends headers then the body in 16 KiB pieces every few ms; resolves with the answer and how much had been sent. */
  function slowPost(payload: Buffer, chunked: boolean): Promise<{ answer: string; sentWhenAnswered: number }> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, "127.0.0.1");
      let sent = 0;
      let answer = "";
      let sentWhenAnswered = -1;
      socket.write(
        `POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=${BOUNDARY}\r\n` +
          (chunked ? "Transfer-Encoding: chunked\r\n" : `Content-Length: ${payload.byteLength}\r\n`) +
          "\r\n",
      );
      const timer = setInterval(() => {
        if (sent >= payload.byteLength) {
          clearInterval(timer);
          if (chunked) socket.write("0\r\n\r\n");
          return;
        }
        const piece = payload.subarray(sent, sent + 16 * 1024);
        sent += piece.byteLength;
        socket.write(chunked ? Buffer.concat([Buffer.from(`${piece.byteLength.toString(16)}\r\n`), piece, Buffer.from("\r\n")]) : piece);
      }, 3);
      socket.on("data", (d) => {
        if (sentWhenAnswered < 0) sentWhenAnswered = sent;
        answer += d.toString();
        if (answer.includes("\r\n\r\n") && /(ok|tooLarge|requestTooLarge)/.test(answer.split("\r\n\r\n")[1] ?? "")) {
          clearInterval(timer);
          socket.destroy();
          resolve({ answer, sentWhenAnswered });
        }
      });
      socket.on("error", reject);
    });
  }

  it("answers a file over its limit before the client has sent it all", async () => {
    // 900 kB (under the request's limit) in 16 KiB pieces: about 55 writes; the file's limit (200 kB) is passed after 13.
    const payload = body([{ name: "document", fileName: "big.pdf", bytes: new Uint8Array(900_000).fill(1) }]);
    const { answer, sentWhenAnswered } = await slowPost(payload, false);
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(answer).toContain("tooLarge:document");
    expect(sentWhenAnswered).toBeGreaterThan(200_000);
    expect(sentWhenAnswered).toBeLessThan(payload.byteLength / 2);
    expect(await stagingFiles(join(root, "http"))).toEqual([]);
  });

  it("answers a body over the request's limit (sent without a length) before it has all arrived", async () => {
    const payload = body(Array.from({ length: 20 }, (_, i) => ({ name: "other", fileName: `${i}.bin`, bytes: new Uint8Array(150_000).fill(i) })));
    const { answer, sentWhenAnswered } = await slowPost(payload, true);
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(answer).toContain("requestTooLarge");
    expect(sentWhenAnswered).toBeLessThan(payload.byteLength / 2);
  });

  it("answers at once when the declared length is over the request's limit", async () => {
    const payload = body([{ name: "document", fileName: "big.pdf", bytes: new Uint8Array(2_000_000) }]);
    const { answer, sentWhenAnswered } = await slowPost(payload, false);
    expect(answer).toContain("requestTooLarge");
    expect(sentWhenAnswered).toBeLessThan(100_000);
  });

  it("after answering early, reads the rest of the body so that the connection stays usable", async () => {
    const before = bodiesEnded;
    const form = new FormData();
    form.append("document", new Blob([new Uint8Array(900_000)]), "big.pdf");
    const response = await fetch(`http://127.0.0.1:${port}/upload`, { method: "POST", body: form });
    expect(await response.text()).toBe("tooLarge:document");
    await expect.poll(() => bodiesEnded, { timeout: 5000 }).toBe(before + 1);
    // The same connection (keep-alive) serves the next upload.
    const ok = new FormData();
    ok.append("document", new Blob([new Uint8Array(tinyPdf())]), "ok.pdf");
    expect((await fetch(`http://127.0.0.1:${port}/upload`, { method: "POST", body: ok })).status).toBe(200);
  });

  it("accepts a file within the limits over the same connection type", async () => {
    const payload = body([{ name: "document", fileName: "ok.pdf", bytes: tinyPdf() }]);
    const { answer } = await slowPost(payload, false);
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
  });
});
