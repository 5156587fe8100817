import { describe, expect, it } from "vitest";
import { readMultipartForm } from "./multipart.server";

const post = (body: BodyInit, headers?: Record<string, string>) => new Request("http://localhost/upload", { method: "POST", body, headers });

function formWith(file: { name: string; bytes: Uint8Array<ArrayBuffer> }) {
  const form = new FormData();
  form.append("name", "Tờ khai");
  form.append("template", new File([file.bytes], file.name));
  // After the file, so that a dropped file must still be read to its end.
  form.append("templateTitle", "Mẫu tờ khai");
  return form;
}

describe("reading a multipart form", () => {
  it("keeps an expected file within its limit with the text fields around it", async () => {
    const bytes = new TextEncoder().encode("{\\rtf1 Tờ khai}");
    const read = await readMultipartForm(post(formWith({ name: "to-khai.rtf", bytes })), { files: { template: 1024 }, maxBodyBytes: 10_000 });
    if (!read.ok) throw new Error(read.reason);
    expect(read.form.get("name")).toBe("Tờ khai");
    expect(read.form.get("templateTitle")).toBe("Mẫu tờ khai");
    expect(read.form.get("template")).toBeNull();
    expect(read.files.get("template")).toEqual({ fileName: "to-khai.rtf", bytes, tooLarge: false });
  });

  it("drops a file over its limit but reads the fields after it", async () => {
    const read = await readMultipartForm(post(formWith({ name: "lon.pdf", bytes: new Uint8Array(5000) })), { files: { template: 1024 }, maxBodyBytes: 100_000 });
    if (!read.ok) throw new Error(read.reason);
    expect(read.files.get("template")).toMatchObject({ fileName: "lon.pdf", tooLarge: true });
    expect(read.files.get("template")?.bytes.byteLength).toBe(0);
    expect(read.form.get("templateTitle")).toBe("Mẫu tờ khai");
  });

  it("reports an empty file input as a file without a name, and ignores files it was not told about", async () => {
    // As a browser sends an empty file input: filename="" (undici's FormData would leave the filename out).
    const body = [
      "--b",
      'Content-Disposition: form-data; name="template"; filename=""',
      "Content-Type: application/octet-stream",
      "",
      "",
      "--b",
      'Content-Disposition: form-data; name="other"; filename="x.txt"',
      "Content-Type: text/plain",
      "",
      "x",
      "--b",
      'Content-Disposition: form-data; name="name"',
      "",
      "Tờ khai",
      "--b--",
      "",
    ].join("\r\n");
    const read = await readMultipartForm(post(body, { "content-type": "multipart/form-data; boundary=b" }), { files: { template: 1024 }, maxBodyBytes: 10_000 });
    if (!read.ok) throw new Error(read.reason);
    expect(read.files.get("template")).toEqual({ fileName: "", bytes: new Uint8Array(), tooLarge: false });
    expect(read.files.has("other")).toBe(false);
    expect(read.form.get("other")).toBeNull();
    expect(read.form.get("name")).toBe("Tờ khai");
  });

  it("refuses a body over the limit, declared or read, and a malformed one", async () => {
    const big = formWith({ name: "lon.pdf", bytes: new Uint8Array(50_000) });
    expect(await readMultipartForm(post(big), { files: { template: 1024 }, maxBodyBytes: 10_000 })).toEqual({ ok: false, reason: "tooLarge" });
    // Without Content-Length (a stream), the limit holds while reading.
    const encoded = new Response(formWith({ name: "lon.pdf", bytes: new Uint8Array(50_000) }));
    const type = encoded.headers.get("content-type")!;
    const streamed = new Request("http://localhost/upload", { method: "POST", body: encoded.body, headers: { "content-type": type }, duplex: "half" } as RequestInit);
    expect(await readMultipartForm(streamed, { files: { template: 100_000 }, maxBodyBytes: 10_000 })).toEqual({ ok: false, reason: "tooLarge" });
    const longText = new FormData();
    longText.append("note", "x".repeat(100));
    expect(await readMultipartForm(post(longText), { files: {}, maxBodyBytes: 10_000, maxTextBytes: 50 })).toEqual({ ok: false, reason: "tooLarge" });
    expect(await readMultipartForm(post("garbage", { "content-type": "multipart/form-data" }), { files: {}, maxBodyBytes: 10_000 })).toEqual({
      ok: false,
      reason: "malformed",
    });
    // Garbage with a boundary has no parts: an empty form, which the page's own checks refuse.
    const empty = await readMultipartForm(post("garbage", { "content-type": "multipart/form-data; boundary=xyz" }), { files: {}, maxBodyBytes: 10_000 });
    expect(empty.ok && [...empty.form.keys()]).toEqual([]);
  });

  it("reads a form posted without files (urlencoded) as usual", async () => {
    const read = await readMultipartForm(post(new URLSearchParams({ name: "Tờ khai" })), { files: { template: 1024 }, maxBodyBytes: 10_000 });
    expect(read.ok && read.form.get("name")).toBe("Tờ khai");
    expect(read.ok && read.files.size).toBe(0);
  });
});
