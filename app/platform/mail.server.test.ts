import { createServer, type AddressInfo, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { parseMail, startSmtpCapture, type SmtpCapture } from "../../e2e/smtp-capture";
import { DEFAULT_MAIL_FROM, loadEnv, parseSmtpUrl } from "./env.server";
import { createMailer, MailSendError, type Mailer } from "./mail.server";

const open: { capture?: SmtpCapture; mailer?: Mailer } = {};
afterEach(async () => {
  open.mailer?.close();
  await open.capture?.close();
  open.mailer = undefined;
  open.capture = undefined;
});

async function setUp(options: Parameters<typeof startSmtpCapture>[0] = {}, url?: (port: number) => string) {
  const capture = await startSmtpCapture(options);
  const smtp = parseSmtpUrl(url ? url(capture.port) : `smtp://127.0.0.1:${capture.port}`);
  const mailer = createMailer({ smtp, from: DEFAULT_MAIL_FROM });
  Object.assign(open, { capture, mailer });
  return { capture, mailer };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("mailer", () => {
  it("delivers a Vietnamese message over SMTP with the configured sender", async () => {
    const { capture, mailer } = await setUp();
    const text = "Xin chào Nguyễn Thị Ánh,\nMã xác nhận của bạn đã được gửi. Đường dẫn: https://dichvucong.test/xac-nhan?token=a&b=1";
    const { messageId } = await mailer.send({
      to: "Nguyễn Thị Ánh <anh@example.vn>",
      subject: "Xác nhận địa chỉ thư điện tử — Cổng Dịch vụ công",
      text,
      html: "<p>Xin chào <strong>Nguyễn Thị Ánh</strong></p>",
      headers: { "X-Portal-Mail": "verify" },
    });
    expect(messageId).toMatch(/^<.+@.+>$/);

    const mail = await capture.waitFor((m) => m.envelope.to.includes("anh@example.vn"));
    expect(mail.subject).toBe("Xác nhận địa chỉ thư điện tử — Cổng Dịch vụ công");
    expect(mail.to).toBe("Nguyễn Thị Ánh <anh@example.vn>");
    expect(mail.from).toBe("Cổng Dịch vụ công Hà Giang <no-reply@dichvucong.hagiang.gov.vn>");
    expect(mail.envelope.from).toBe("no-reply@dichvucong.hagiang.gov.vn");
    expect(mail.text).toBe(text);
    expect(mail.html).toBe("<p>Xin chào <strong>Nguyễn Thị Ánh</strong></p>");
    expect(mail.headers["x-portal-mail"]).toBe("verify");
    expect(mail.messageId).toBe(messageId);
    expect(mail.headers["content-type"]).toMatch(/^multipart\/alternative/);
  });

  it("signs in with the credentials of SMTP_URL, percent-decoded", async () => {
    const { capture, mailer } = await setUp(
      { auth: { user: "portal@hagiang", pass: "p@ss:w/rd ñ" } },
      (port) => `smtp://portal%40hagiang:p%40ss%3Aw%2Frd%20%C3%B1@127.0.0.1:${port}`,
    );
    await mailer.send({ to: "a@example.vn", subject: "Thử", text: "Nội dung" });
    expect((await capture.waitFor(() => true)).text).toBe("Nội dung");
  });

  it("reports a refused password as a permanent MailSendError", async () => {
    const { capture, mailer } = await setUp(
      { auth: { user: "portal", pass: "right" } },
      (port) => `smtp://portal:wrong@127.0.0.1:${port}`,
    );
    const error = await mailer.send({ to: "a@example.vn", subject: "s", text: "t" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailSendError);
    expect(error).toMatchObject({ code: "EAUTH", transient: false });
    expect((error as Error).message).toMatch(/^Cannot send mail through smtp:\/\/127\.0\.0\.1:\d+: authentication failed\.$/);
    expect((error as Error).message).not.toContain("wrong");
    expect(capture.messages).toHaveLength(0);
  });

  it("reports a refused recipient as permanent", async () => {
    const { mailer } = await setUp({ rejectRecipient: (a) => a === "nobody@example.vn" });
    const error = await mailer.send({ to: "nobody@example.vn", subject: "s", text: "t" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailSendError);
    expect(error).toMatchObject({ responseCode: 550, transient: false });
  });

  it("reports an unreachable server as a transient MailSendError without crashing", async () => {
    const port = await closedPort();
    const mailer = createMailer({ smtp: parseSmtpUrl(`smtp://127.0.0.1:${port}`), from: DEFAULT_MAIL_FROM });
    open.mailer = mailer;
    const error = await mailer.send({ to: "a@example.vn", subject: "s", text: "t" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailSendError);
    expect(error).toMatchObject({ transient: true });
    expect((error as Error).message).toBe(`Cannot send mail through smtp://127.0.0.1:${port}: connection refused.`);
  });

  it("gives up on a server that never greets, after the greeting timeout", async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const mailer = createMailer({
        smtp: parseSmtpUrl(`smtp://127.0.0.1:${port}`),
        from: DEFAULT_MAIL_FROM,
        timeouts: { greetingMs: 300 },
      });
      open.mailer = mailer;
      const started = Date.now();
      const error = await mailer.send({ to: "a@example.vn", subject: "s", text: "t" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MailSendError);
      expect(error).toMatchObject({ transient: true });
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe("mail configuration", () => {
  it("reads smtp:// and smtps:// URLs, hiding the password from the display form", () => {
    expect(parseSmtpUrl("smtps://user:s3cret@mail.hagiang.gov.vn")).toEqual({
      host: "mail.hagiang.gov.vn",
      port: 465,
      secure: true,
      user: "user",
      pass: "s3cret",
      display: "smtps://mail.hagiang.gov.vn",
    });
    expect(parseSmtpUrl("smtp://relay.local:2525")).toEqual({
      host: "relay.local",
      port: 2525,
      secure: false,
      user: undefined,
      pass: undefined,
      display: "smtp://relay.local:2525",
    });
    expect(parseSmtpUrl("smtp://[::1]:25")).toMatchObject({ host: "::1", port: 25 });
  });

  it.each([
    ["http://mail.example.vn", /must start with smtp:\/\/ or smtps:\/\//],
    ["mail.example.vn:25", /must start with smtp:\/\/ or smtps:\/\//],
    ["smtp://", /must name a host/],
    ["smtp://mail.example.vn:99999", /not a valid URL/],
    ["smtp://mail.example.vn:0", /invalid port/],
  ])("refuses SMTP_URL=%s with one sentence", (value, message) => {
    expect(() => loadEnv({ SMTP_URL: value })).toThrow(message);
  });

  it("uses the development mail server when SMTP_URL is unset, except in production", () => {
    expect(loadEnv({}).mail).toEqual({
      smtp: parseSmtpUrl("smtp://127.0.0.1:1025"),
      from: DEFAULT_MAIL_FROM,
    });
    expect(loadEnv({ DEV_SMTP_PORT: "2025" }).mail.smtp).toMatchObject({ host: "127.0.0.1", port: 2025 });
    expect(loadEnv({ NODE_ENV: "production" }).mail.smtp).toBeNull();
    expect(loadEnv({ NODE_ENV: "production", SMTP_URL: "smtps://u:p@mail.example.vn" }).mail.smtp).toMatchObject({
      host: "mail.example.vn",
      secure: true,
    });
  });

  it("checks MAIL_FROM and the development ports", () => {
    expect(loadEnv({ MAIL_FROM: "Portal <no-reply@example.vn>" }).mail.from).toBe("Portal <no-reply@example.vn>");
    expect(loadEnv({ MAIL_FROM: "no-reply@example.vn" }).mail.from).toBe("no-reply@example.vn");
    expect(loadEnv({ MAIL_FROM: '"Hà Giang, Portal" <a@example.vn>' }).mail.from).toBe('"Hà Giang, Portal" <a@example.vn>');
    expect(() => loadEnv({ MAIL_FROM: "Portal\r\nBcc: x@evil.test <a@example.vn>", DEV_SMTP_PORT: "0" })).toThrow(
      'MAIL_FROM must be an address such as "Portal <no-reply@example.vn>" or no-reply@example.vn; DEV_SMTP_PORT must be a whole number between 1 and 65535.',
    );
    expect(() => loadEnv({ MAIL_FROM: "not an address" })).toThrow(/MAIL_FROM must be an address/);
  });
});

describe("the test SMTP server's MIME reader", () => {
  it("decodes encoded-word headers, quoted-printable and base64 bodies in multipart messages", () => {
    const raw = [
      "From: =?UTF-8?B?Q+G7lW5n?= <a@example.vn>",
      "To: b@example.vn",
      "Subject: =?UTF-8?Q?X=C3=A1c_nh=E1=BA=ADn?=",
      " =?UTF-8?Q?_t=C3=A0i_kho=E1=BA=A3n?=",
      'Content-Type: multipart/alternative; boundary="--b1"',
      "",
      "----b1",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      "Xin ch=C3=A0o, m=E1=BB=99t d=C3=B2ng r=E1=BA=A5t d=C3=A0i =",
      "ti=E1=BA=BFp t=E1=BB=A5c",
      "----b1",
      "Content-Type: text/html; charset=utf-8",
      "Content-Transfer-Encoding: base64",
      "",
      Buffer.from("<p>Xin chào</p>").toString("base64"),
      "----b1--",
      "",
    ].join("\r\n");
    const mail = parseMail(raw);
    expect(mail.from).toBe("Cổng <a@example.vn>");
    expect(mail.subject).toBe("Xác nhận tài khoản");
    expect(mail.text).toBe("Xin chào, một dòng rất dài tiếp tục");
    expect(mail.html).toBe("<p>Xin chào</p>");
  });
});
