// The development mail server (npm run mail:dev): an SMTP server on 127.0.0.1:DEV_SMTP_PORT (1025) that
// accepts every message (no authentication, no TLS, at most 10 MB), stores each one as
// DATA_DIR/mail/<time>-<id>.eml, and a page on http://127.0.0.1:DEV_MAIL_WEB_PORT (1080) that lists them,
// newest first, with their text and clickable links. The portal sends here when SMTP_URL is unset
// outside production. A developer tool: its page is in English only.
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseMail, startSmtpCapture, type ParsedMail } from "../e2e/smtp-capture";
import { ConfigError, loadEnv } from "../app/platform/env.server";

export interface DevMailOptions {
  /** Where messages are stored (created if missing). */
  dir: string;
  /** 0 picks a free port. */
  smtpPort: number;
  webPort: number;
  host?: string;
  /** Most messages listed on the page (default 200). */
  listLimit?: number;
}

export interface DevMailServer {
  smtpPort: number;
  webPort: number;
  dir: string;
  close(): Promise<void>;
}

const FILE = /^(\d{8}T\d{9}Z)-([0-9a-f]{12})\.eml$/;

export async function startDevMailServer(options: DevMailOptions): Promise<DevMailServer> {
  const host = options.host ?? "127.0.0.1";
  const dir = options.dir;
  await mkdir(dir, { recursive: true });

  const smtp = await startSmtpCapture({
    host,
    port: options.smtpPort,
    sizeLimit: 10 * 1024 * 1024,
    keep: false,
    async onMessage(mail) {
      const stamp = mail.receivedAt.toISOString().replace(/[-:.]/g, "");
      await writeFile(join(dir, `${stamp}-${mail.id}.eml`), mail.raw);
    },
  });

  const web = createServer((req, res) => {
    handle(req, res, dir, options.listLimit ?? 200).catch(() => {
      if (!res.headersSent) send(res, 500, "text/plain; charset=utf-8", "Could not read the stored messages.");
      else res.destroy();
    });
  });
  try {
    await new Promise<void>((done, fail) => {
      web.once("error", fail);
      web.listen(options.webPort, host, () => {
        web.off("error", fail);
        done();
      });
    });
  } catch (error) {
    await smtp.close();
    throw error;
  }

  return {
    smtpPort: smtp.port,
    webPort: (web.address() as AddressInfo).port,
    dir,
    async close() {
      web.closeAllConnections();
      await new Promise((done) => web.close(done));
      await smtp.close();
    },
  };
}

// ---- The page --------------------------------------------------------------------------------------

const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
// A message's own HTML is shown without scripts, forms or remote content.
const MESSAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

async function handle(req: IncomingMessage, res: ServerResponse, dir: string, limit: number): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "text/plain; charset=utf-8", "Method not allowed.");
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  if (path === "/") {
    const names = (await readdir(dir)).filter((n) => FILE.test(n)).sort().reverse().slice(0, limit);
    const mails = await Promise.all(names.map(async (name) => ({ name, mail: parseMail(await readFile(join(dir, name))) })));
    return send(res, 200, "text/html; charset=utf-8", indexPage(mails), PAGE_CSP);
  }
  const match = /^\/messages\/([^/]+)\.(eml|html)$/.exec(path);
  const name = match ? `${match[1]}.eml` : "";
  if (!match || !FILE.test(name)) return send(res, 404, "text/plain; charset=utf-8", "Not found.");
  let raw: Buffer;
  try {
    raw = await readFile(join(dir, name));
  } catch {
    return send(res, 404, "text/plain; charset=utf-8", "Not found.");
  }
  if (match[2] === "eml") return send(res, 200, "text/plain; charset=utf-8", raw, PAGE_CSP);
  const html = parseMail(raw).html;
  if (html === null) return send(res, 404, "text/plain; charset=utf-8", "This message has no HTML part.");
  return send(res, 200, "text/html; charset=utf-8", html, MESSAGE_CSP);
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, csp?: string) {
  res.statusCode = status;
  res.setHeader("Content-Type", type);
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("X-Content-Type-Options", "nosniff");
  if (csp) res.setHeader("Content-Security-Policy", csp);
  res.end(body);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** Escaped text in which http(s) addresses become links (trailing punctuation stays outside). */
export function linkify(text: string): string {
  let out = "";
  let last = 0;
  for (const m of text.matchAll(/https?:\/\/[^\s<>"]+/g)) {
    const url = m[0].replace(/[.,;:!?)\]]+$/, "");
    out += escapeHtml(text.slice(last, m.index)) + `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
    last = m.index + url.length;
  }
  return out + escapeHtml(text.slice(last));
}

function indexPage(mails: { name: string; mail: ParsedMail }[]): string {
  const items = mails.map(({ name, mail }) => {
    const base = `/messages/${encodeURIComponent(name.replace(/\.eml$/, ""))}`;
    const received = FILE.exec(name)![1]!.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\d{3}Z$/, "$1-$2-$3 $4:$5:$6 UTC");
    return `<article>
<h2>${escapeHtml(mail.subject || "(no subject)")}</h2>
<dl><dt>To</dt><dd>${escapeHtml(mail.to)}</dd><dt>From</dt><dd>${escapeHtml(mail.from)}</dd><dt>Received</dt><dd>${escapeHtml(received)}</dd></dl>
<p><a href="${base}.eml">Raw message</a>${mail.html !== null ? ` · <a href="${base}.html">HTML version</a>` : ""}</p>
<pre>${linkify(mail.text)}</pre>
</article>`;
  });
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Development mail (${mails.length})</title>
<style>
body{font-family:system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#0b0c0c}
article{border-top:2px solid #b1b4b6;padding:.5rem 0}h2{font-size:1.2rem;margin:.5rem 0}
dl{display:grid;grid-template-columns:auto 1fr;gap:0 1rem;margin:0}dt{font-weight:bold}dd{margin:0}
pre{white-space:pre-wrap;word-break:break-word;background:#f3f2f1;padding:.75rem}a{color:#1d70b8}
</style></head>
<body>
<h1>Development mail</h1>
<p>Messages sent to this machine's SMTP server, newest first. Reload to see new ones.</p>
${items.length > 0 ? items.join("\n") : "<p>No messages yet.</p>"}
</body>
</html>`;
}

// ---- Command line ----------------------------------------------------------------------------------

async function main() {
  let env;
  try {
    env = loadEnv();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const dir = join(env.DATA_DIR, "mail");
  let server: DevMailServer;
  try {
    server = await startDevMailServer({ dir, smtpPort: env.DEV_SMTP_PORT, webPort: env.DEV_MAIL_WEB_PORT });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { port?: number };
    console.error(
      e.code === "EADDRINUSE"
        ? `Port ${e.port ?? "?"} on 127.0.0.1 is already in use; set DEV_SMTP_PORT or DEV_MAIL_WEB_PORT to a free port.`
        : `Cannot start the development mail server: ${e.message}.`,
    );
    process.exit(1);
  }
  console.log(`Development mail: SMTP on smtp://127.0.0.1:${server.smtpPort}, messages on http://127.0.0.1:${server.webPort} (stored in ${dir}).`);
  const stop = () => {
    server.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main();
}
