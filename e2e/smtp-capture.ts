// A real SMTP server that keeps what it receives, for tests (read the verification link a test was sent)
// and for the development mail server (tools/dev-mail.ts). No authentication unless asked, no TLS.
// Messages are parsed with a deliberately small MIME reader: headers (RFC 2047 encoded words), multipart
// bodies, quoted-printable and base64, any charset TextDecoder knows. Enough for what nodemailer sends.
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";

export interface ParsedMail {
  /** Header names in lower case; a repeated header keeps its first value. Values are decoded. */
  headers: Record<string, string>;
  subject: string;
  from: string;
  to: string;
  messageId: string;
  /** The text/plain body (decoded), or "" when there is none. */
  text: string;
  /** The text/html body (decoded), or null. */
  html: string | null;
}

export interface CapturedMail extends ParsedMail {
  id: string;
  receivedAt: Date;
  envelope: { from: string; to: string[] };
  /** The message as received (RFC 5322, CRLF line ends). */
  raw: Buffer;
}

export interface SmtpCapture {
  host: string;
  port: number;
  /** Every message received so far, oldest first. */
  messages: CapturedMail[];
  /** The first message, already received or still to come, that matches; rejects after timeoutMs. */
  waitFor(predicate: (mail: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  close(): Promise<void>;
}

export interface SmtpCaptureOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Largest message accepted, in bytes (default 10 MB). */
  sizeLimit?: number;
  /** Require AUTH PLAIN/LOGIN with exactly these credentials (allowed without TLS). */
  auth?: { user: string; pass: string };
  /** Refuse a recipient with a permanent error (550), as a server does for an unknown mailbox. */
  rejectRecipient?: (address: string) => boolean;
  /** Called for each message once it is received (the development server stores it). */
  onMessage?: (mail: CapturedMail) => void | Promise<void>;
  /** Keep received messages in `messages` (default true; a long-running server that stores them elsewhere says false). */
  keep?: boolean;
}

export async function startSmtpCapture(options: SmtpCaptureOptions = {}): Promise<SmtpCapture> {
  const host = options.host ?? "127.0.0.1";
  const messages: CapturedMail[] = [];
  const waiters = new Set<(mail: CapturedMail) => void>();
  const sizeLimit = options.sizeLimit ?? 10 * 1024 * 1024;

  const serverOptions: SMTPServerOptions = {
    logger: false,
    size: sizeLimit,
    disabledCommands: options.auth ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    closeTimeout: 1000,
    onAuth(auth, _session, callback) {
      const ok = options.auth && auth.username === options.auth.user && auth.password === options.auth.pass;
      if (!ok) return callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
      callback(null, { user: auth.username });
    },
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipient?.(address.address)) {
        return callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", (error: Error) => callback(error));
      stream.on("end", () => {
        if (stream.sizeExceeded) {
          return callback(Object.assign(new Error("Message exceeds the size limit"), { responseCode: 552 }));
        }
        const raw = Buffer.concat(chunks);
        const mail: CapturedMail = {
          id: randomBytes(6).toString("hex"),
          receivedAt: new Date(),
          envelope: {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
          },
          raw,
          ...parseMail(raw),
        };
        Promise.resolve(options.onMessage?.(mail)).then(
          () => {
            if (options.keep !== false) messages.push(mail);
            for (const waiter of waiters) waiter(mail);
            callback();
          },
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  server.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.server.off("error", reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    host,
    port,
    messages,
    waitFor(predicate, timeoutMs = 5000) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = (mail: CapturedMail) => {
          if (!predicate(mail)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(mail);
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`No matching mail within ${timeoutMs} ms (${messages.length} received).`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    close() {
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

// ---- A small MIME reader -------------------------------------------------------------------------

interface Part {
  headers: Record<string, string>;
  /** Body bytes as a latin1 string (one char per byte), still transfer-encoded. */
  body: string;
}

/** Read a message's headers, text and HTML bodies. */
export function parseMail(raw: Buffer | string): ParsedMail {
  const source = typeof raw === "string" ? Buffer.from(raw, "utf8").toString("latin1") : raw.toString("latin1");
  const root = splitPart(source);
  const { text, html } = bodies(root);
  const h = root.headers;
  return {
    headers: h,
    subject: h.subject ?? "",
    from: h.from ?? "",
    to: h.to ?? "",
    messageId: h["message-id"] ?? "",
    text: text ?? "",
    html,
  };
}

function splitPart(source: string): Part {
  const match = /\r?\n\r?\n/.exec(source);
  const head = match ? source.slice(0, match.index) : source;
  const body = match ? source.slice(match.index + match[0].length) : "";
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n(?=[ \t])/g, "").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!(name in headers)) headers[name] = decodeHeader(line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function bodies(part: Part): { text: string | null; html: string | null } {
  const { type, params } = contentType(part.headers["content-type"]);
  const attachment = /^\s*attachment/i.test(part.headers["content-disposition"] ?? "");
  if (type.startsWith("multipart/") && params.boundary) {
    let text: string | null = null;
    let html: string | null = null;
    for (const child of multipartChildren(part.body, params.boundary)) {
      const found = bodies(splitPart(child));
      text ??= found.text;
      html ??= found.html;
    }
    return { text, html };
  }
  if (attachment) return { text: null, html: null };
  if (type === "text/plain") return { text: decodeBody(part), html: null };
  if (type === "text/html") return { text: null, html: decodeBody(part) };
  return { text: null, html: null };
}

function multipartChildren(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const children: string[] = [];
  const lines = body.split(/\r?\n/);
  let current: string[] | null = null;
  for (const line of lines) {
    const trimmed = line.trimEnd();
    if (trimmed === delimiter || trimmed === `${delimiter}--`) {
      if (current) children.push(current.join("\r\n"));
      current = trimmed === delimiter ? [] : null;
      if (trimmed !== delimiter) break;
      continue;
    }
    current?.push(line);
  }
  return children;
}

function contentType(value: string | undefined): { type: string; params: Record<string, string> } {
  const [type = "text/plain", ...rest] = (value ?? "text/plain").split(";");
  const params: Record<string, string> = {};
  for (const param of rest) {
    const eq = param.indexOf("=");
    if (eq < 0) continue;
    params[param.slice(0, eq).trim().toLowerCase()] = param.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1");
  }
  return { type: type.trim().toLowerCase(), params };
}

function decodeBody(part: Part): string {
  const encoding = (part.headers["content-transfer-encoding"] ?? "7bit").trim().toLowerCase();
  const charset = contentType(part.headers["content-type"]).params.charset ?? "utf-8";
  let bytes: Buffer;
  if (encoding === "base64") bytes = Buffer.from(part.body.replace(/[^A-Za-z0-9+/=]/g, ""), "base64");
  else if (encoding === "quoted-printable") bytes = decodeQuotedPrintable(part.body);
  else bytes = Buffer.from(part.body, "latin1");
  return decodeCharset(bytes, charset).replace(/\r\n/g, "\n").replace(/\n$/, "");
}

function decodeQuotedPrintable(body: string): Buffer {
  const unfolded = body.replace(/[ \t]+(?=\r?\n)/g, "").replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < unfolded.length; i++) {
    const hex = unfolded.slice(i + 1, i + 3);
    if (unfolded[i] === "=" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(unfolded.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

function decodeCharset(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset.toLowerCase()).decode(bytes);
  } catch {
    return bytes.toString("utf8");
  }
}

/** A header value: raw 8-bit text is UTF-8; RFC 2047 encoded words (B or Q) are decoded, adjacent ones joined. */
function decodeHeader(value: string): string {
  const utf8 = Buffer.from(value, "latin1").toString("utf8");
  return utf8
    .replace(/(=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=)\s+(?==\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=)/g, "$1")
    .replace(/=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g, (_, charset: string, kind: string, data: string) => {
      const bytes =
        kind.toUpperCase() === "B"
          ? Buffer.from(data, "base64")
          : decodeQuotedPrintable(data.replace(/_/g, " "));
      return decodeCharset(bytes, charset.replace(/\*.*$/, ""));
    });
}
