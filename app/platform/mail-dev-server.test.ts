// The development mail server (tools/dev-mail.ts) and the test SMTP server (e2e/smtp-capture.ts), with the
// portal's mailer in front of them.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startSmtpCapture } from "../../e2e/smtp-capture";
import { linkify, startDevMailServer } from "../../tools/dev-mail";
import { DEFAULT_MAIL_FROM, parseSmtpUrl } from "./env.server";
import { createMailer } from "./mail.server";

describe("development mail server", () => {
  it("stores each message as an .eml file and lists them newest first with clickable, escaped links", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dev-mail-"));
    const server = await startDevMailServer({ dir, smtpPort: 0, webPort: 0 });
    const mailer = createMailer({ smtp: parseSmtpUrl(`smtp://127.0.0.1:${server.smtpPort}`), from: DEFAULT_MAIL_FROM });
    const base = `http://127.0.0.1:${server.webPort}`;
    try {
      await mailer.send({ to: "an@example.vn", subject: "Thư đầu tiên", text: "Một" });
      const link = "https://dichvucong.test/xac-nhan?token=abc&lang=vi";
      await mailer.send({
        to: "Nguyễn Văn An <an@example.vn>",
        subject: "Xác nhận <địa chỉ> thư điện tử",
        text: `Xin chào,\nHãy mở ${link}.\n<script>alert(1)</script>`,
        html: "<p>Xin chào</p><script>alert(1)</script>",
      });

      const files = (await readdir(dir)).sort();
      expect(files).toHaveLength(2);
      for (const file of files) expect(file).toMatch(/^\d{8}T\d{9}Z-[0-9a-f]{12}\.eml$/);
      expect((await readFile(join(dir, files[1]!), "latin1"))).toMatch(/^Subject: =\?UTF-8\?/m);

      const page = await fetch(base);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
      const html = await page.text();
      expect(html.indexOf("Xác nhận &lt;địa chỉ&gt; thư điện tử")).toBeGreaterThan(-1);
      expect(html.indexOf("Xác nhận &lt;địa chỉ&gt;")).toBeLessThan(html.indexOf("Thư đầu tiên"));
      expect(html).toContain("Nguyễn Văn An &lt;an@example.vn&gt;");
      expect(html).toContain(`<a href="https://dichvucong.test/xac-nhan?token=abc&amp;lang=vi">https://dichvucong.test/xac-nhan?token=abc&amp;lang=vi</a>.`);
      expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
      expect(html).not.toContain("<script>");

      const name = files[1]!.replace(/\.eml$/, "");
      const raw = await fetch(`${base}/messages/${name}.eml`);
      expect(raw.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(await raw.text()).toMatch(/^From: /m);
      const own = await fetch(`${base}/messages/${name}.html`);
      expect(own.headers.get("content-security-policy")).toContain("sandbox");
      expect(await own.text()).toBe("<p>Xin chào</p><script>alert(1)</script>");
      expect((await fetch(`${base}/messages/${files[0]!.replace(/\.eml$/, "")}.html`)).status).toBe(404);

      for (const path of ["/messages/..%2F..%2Fetc%2Fpasswd.eml", "/messages/x.eml", "/nothing"]) {
        expect((await fetch(base + path)).status, path).toBe(404);
      }
      expect((await fetch(base, { method: "POST" })).status).toBe(405);
    } finally {
      mailer.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("links addresses in text, leaving trailing punctuation outside", () => {
    expect(linkify("Xem https://a.test/x?y=1&z=2. Hoặc (http://b.test/)!")).toBe(
      'Xem <a href="https://a.test/x?y=1&amp;z=2">https://a.test/x?y=1&amp;z=2</a>. Hoặc (<a href="http://b.test/">http://b.test/</a>)!',
    );
  });
});

describe("test SMTP server", () => {
  it("waits for a message still to come, or fails in time", async () => {
    const capture = await startSmtpCapture();
    const mailer = createMailer({ smtp: parseSmtpUrl(`smtp://127.0.0.1:${capture.port}`), from: DEFAULT_MAIL_FROM });
    try {
      const waiting = capture.waitFor((m) => m.envelope.to.includes("b@example.vn"), 5000);
      await mailer.send({ to: "a@example.vn", subject: "A", text: "a" });
      await mailer.send({ to: "b@example.vn", subject: "B", text: "https://portal.test/verify?t=1" });
      const mail = await waiting;
      expect(mail.subject).toBe("B");
      expect(/https:\/\/\S+/.exec(mail.text)?.[0]).toBe("https://portal.test/verify?t=1");
      expect(capture.messages.map((m) => m.subject)).toEqual(["A", "B"]);
      await expect(capture.waitFor((m) => m.subject === "C", 100)).rejects.toThrow("No matching mail within 100 ms (2 received).");
    } finally {
      mailer.close();
      await capture.close();
    }
  });

  it("refuses a message over its size limit", async () => {
    const capture = await startSmtpCapture({ sizeLimit: 2000 });
    const mailer = createMailer({ smtp: parseSmtpUrl(`smtp://127.0.0.1:${capture.port}`), from: DEFAULT_MAIL_FROM });
    try {
      await expect(mailer.send({ to: "a@example.vn", subject: "Lớn", text: "x".repeat(5000) })).rejects.toMatchObject({
        name: "MailSendError",
        responseCode: 552,
        transient: false,
      });
      expect(capture.messages).toHaveLength(0);
    } finally {
      mailer.close();
      await capture.close();
    }
  });
});
