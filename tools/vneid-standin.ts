// A local stand-in for VNeID, the national electronic identification, for development and tests: a real OpenID
// Connect provider (oidc-provider) with a few fictitious residents of Hà Giang (tools/vneid-residents.json), its own
// Vietnamese sign-in, consent and sign-out pages, PKCE required, and a custom `citizen` scope carrying the CCCD number.
// It is NOT VNeID and says so on every page. RP-Initiated Logout is on: the portal's /signed-out (on the origin of
// each redirect URI, unless VNEID_POST_LOGOUT_REDIRECT_URIS names others) is where a sign-out may return.
//
//   npm run vneid:dev                         # http://127.0.0.1:3400, prints the settings for the portal
//   VNEID_STANDIN_PORT=3401 VNEID_REDIRECT_URIS=http://127.0.0.1:3204/sign-in/vneid/callback npx tsx tools/vneid-standin.ts
//
// Tests start it in-process with startVneidStandin({ port: 0, ... }). Keys are generated at every start and never
// stored; state (sessions, codes, tokens) lives in memory.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Provider, { errors, type Account, type Interaction } from "oidc-provider";
import { z } from "zod";
import residentsFile from "./vneid-residents.json" with { type: "json" };

export const STANDIN_CLIENT_ID = "cong-dvc-ha-giang";
/** Used only when VNEID_CLIENT_SECRET is unset, and announced as such: a development default, never a real secret. */
export const DEVELOPMENT_CLIENT_SECRET = "development-only-vneid-standin-secret";
export const DEFAULT_STANDIN_PORT = 3400;
export const DEFAULT_REDIRECT_URIS = [
  "http://localhost:3000/sign-in/vneid/callback",
  "http://127.0.0.1:3000/sign-in/vneid/callback",
];
const LABEL = "Máy chủ thử nghiệm — không phải VNeID thật";

// ---------------------------------------------------------------------------------------------------------------
// Residents

export interface Resident {
  sub: string;
  cccd: string;
  name: string;
  gender: "male" | "female";
  /** YYYY-MM-DD */
  birthdate: string;
  address: string;
}

const residentSchema = z.object({
  sub: z.string().min(1),
  cccd: z.string(),
  name: z.string().min(1),
  gender: z.enum(["male", "female"]),
  birthdate: z.string(),
  address: z.string().min(1),
});
const residentsFileSchema = z.object({
  demoPassword: z.string().min(1),
  residents: z.array(residentSchema).min(1),
});

/**
 * What is structurally wrong with a resident's CCCD (empty when nothing): 12 digits; province code 002 (Hà Giang);
 * the fourth digit encodes century and sex (1900s: man 0, woman 1; 2000s: 2/3; 2100s: 4/5 …); the fifth and sixth
 * are the last two digits of the birth year.
 */
export function cccdProblems(resident: Pick<Resident, "cccd" | "birthdate" | "gender">): string[] {
  const { cccd, birthdate, gender } = resident;
  if (!/^\d{12}$/.test(cccd)) return ["not 12 digits"];
  const problems: string[] = [];
  if (!cccd.startsWith("002")) problems.push("province code is not 002 (Hà Giang)");
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthdate);
  const parsed = date ? new Date(`${birthdate}T00:00:00Z`) : null;
  if (!date || !parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== birthdate) {
    return [...problems, "birthdate is not a YYYY-MM-DD calendar date"];
  }
  const year = Number(date[1]);
  const centuryDigit = (Math.floor(year / 100) - 19) * 2 + (gender === "female" ? 1 : 0);
  if (centuryDigit < 0 || centuryDigit > 9 || cccd[3] !== String(centuryDigit)) {
    problems.push(`century/sex digit should be ${centuryDigit}`);
  }
  if (cccd.slice(4, 6) !== String(year % 100).padStart(2, "0")) problems.push("birth-year digits do not match");
  return problems;
}

/** The demo residents from tools/vneid-residents.json; throws when one of them is not well formed. */
export function loadResidents(): { residents: Resident[]; demoPassword: string } {
  const file = residentsFileSchema.parse(residentsFile);
  for (const r of file.residents) {
    const problems = cccdProblems(r);
    if (problems.length > 0) throw new Error(`vneid-residents.json: ${r.name} (${r.cccd}): ${problems.join(", ")}`);
  }
  if (new Set(file.residents.map((r) => r.sub)).size !== file.residents.length) {
    throw new Error("vneid-residents.json: two residents share a sub");
  }
  return file;
}

// ---------------------------------------------------------------------------------------------------------------
// Pages (plain server-rendered HTML, Vietnamese)

function esc(value: unknown): string {
  return String(value)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(title)} — ${esc(LABEL)}</title>
<style>
body{font-family:system-ui,Arial,sans-serif;margin:0;color:#0b0c0c;background:#f3f2f1;line-height:1.5}
.banner{background:#ffdd00;color:#0b0c0c;padding:.75rem 1rem;font-weight:700;border-bottom:4px solid #0b0c0c}
main{max-width:40rem;margin:1.5rem auto;background:#fff;padding:1.5rem;border:1px solid #b1b4b6}
h1{font-size:1.75rem;margin-top:0}
fieldset{border:0;padding:0;margin:0 0 1.25rem}
legend{font-weight:700;font-size:1.15rem;margin-bottom:.5rem}
.choice{display:flex;gap:.5rem;align-items:flex-start;margin:.5rem 0}
.choice input{width:1.4rem;height:1.4rem;margin-top:.15rem}
label{font-weight:400}
.field{margin-bottom:1.25rem}
.field label{display:block;font-weight:700}
.hint{color:#505a5f;margin:.25rem 0}
input[type=password]{font-size:1.1rem;padding:.35rem;border:2px solid #0b0c0c;width:16rem;max-width:100%}
.actions{display:flex;gap:1rem;flex-wrap:wrap;align-items:center}
button{font-size:1.1rem;padding:.5rem 1rem;border:0;border-bottom:2px solid #002d18;background:#00703c;color:#fff;cursor:pointer}
button.secondary{background:#f3f2f1;color:#0b0c0c;border-bottom-color:#929191}
button:focus,input:focus{outline:3px solid #ffdd00;outline-offset:0;box-shadow:inset 0 0 0 2px #0b0c0c}
.error{border-left:5px solid #d4351c;padding-left:1rem;color:#d4351c;font-weight:700}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}dt{font-weight:700}
</style>
</head>
<body>
<div class="banner" role="note">${esc(LABEL)}</div>
<main>
${body}
</main>
</body>
</html>`;
}

function formatDate(isoDate: string): string {
  const [y, m, d] = isoDate.split("-");
  return `${d}/${m}/${y}`;
}

function loginPage(uid: string, clientName: string, residents: Resident[], demoPassword: string, error?: string, chosen?: string): string {
  const choices = residents
    .map(
      (r, i) => `<div class="choice">
<input type="radio" id="cccd-${i}" name="cccd" value="${esc(r.cccd)}"${r.cccd === chosen ? " checked" : ""}>
<label for="cccd-${i}">${esc(r.name)} — CCCD ${esc(r.cccd)} — sinh ngày ${esc(formatDate(r.birthdate))}</label>
</div>`,
    )
    .join("\n");
  return layout(
    "Đăng nhập",
    `<h1>Đăng nhập tài khoản định danh điện tử</h1>
<p><strong>${esc(clientName)}</strong> đề nghị bạn xác thực danh tính.</p>
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ""}
<form method="post" action="/interaction/${esc(uid)}/login">
<fieldset>
<legend>Chọn công dân thử nghiệm</legend>
${choices}
</fieldset>
<div class="field">
<label for="password">Mật khẩu</label>
<p class="hint" id="password-hint">Mật khẩu thử nghiệm của mọi công dân: <code>${esc(demoPassword)}</code></p>
<input type="password" id="password" name="password" autocomplete="off" aria-describedby="password-hint">
</div>
<div class="actions"><button type="submit">Đăng nhập</button></div>
</form>
<form method="post" action="/interaction/${esc(uid)}/abort" class="actions" style="margin-top:1rem">
<button type="submit" class="secondary">Hủy</button>
</form>`,
  );
}

const CLAIM_LABELS: Record<string, string> = {
  sub: "Mã định danh tài khoản",
  cccd: "Số định danh cá nhân (CCCD)",
  name: "Họ và tên",
  birthdate: "Ngày sinh",
  gender: "Giới tính",
  address: "Địa chỉ thường trú",
  verification_level: "Mức độ định danh",
};
const SCOPE_CLAIMS: Record<string, string[]> = {
  openid: ["sub"],
  profile: ["name", "birthdate", "gender"],
  citizen: ["cccd", "name", "birthdate", "address", "verification_level"],
};

function consentPage(uid: string, clientName: string, resident: Resident | undefined, scopes: string[]): string {
  const claims = [...new Set(scopes.flatMap((s) => SCOPE_CLAIMS[s] ?? []))];
  return layout(
    "Chia sẻ thông tin",
    `<h1>Chia sẻ thông tin với ${esc(clientName)}</h1>
${resident ? `<p>Bạn đang đăng nhập với tư cách <strong>${esc(resident.name)}</strong>.</p>` : ""}
<p>${esc(clientName)} sẽ nhận các thông tin sau của bạn:</p>
<ul>${claims.map((c) => `<li>${esc(CLAIM_LABELS[c] ?? c)}</li>`).join("")}</ul>
<div class="actions">
<form method="post" action="/interaction/${esc(uid)}/confirm"><button type="submit">Đồng ý</button></form>
<form method="post" action="/interaction/${esc(uid)}/abort"><button type="submit" class="secondary">Hủy</button></form>
</div>`,
  );
}

/**
 * The sign-out confirmation (RP-Initiated Logout). `form` is oidc-provider's own form (id "op.logoutForm", with its
 * anti-forgery field); the buttons submit it, with logout=yes to end the session here as well.
 */
function logoutPage(form: string, clientName: string | undefined): string {
  return layout(
    "Đăng xuất",
    `<h1>Đăng xuất khỏi tài khoản định danh điện tử?</h1>
<p>${clientName ? `Bạn đã đăng xuất khỏi <strong>${esc(clientName)}</strong>. ` : ""}Bạn có muốn đăng xuất cả khỏi máy chủ định danh thử nghiệm trên trình duyệt này không?</p>
${form}
<div class="actions">
<button type="submit" form="op.logoutForm" name="logout" value="yes">Đăng xuất</button>
<button type="submit" form="op.logoutForm" class="secondary">Không, vẫn giữ đăng nhập</button>
</div>`,
  );
}

function messagePage(title: string, message: string): string {
  return layout(title, `<h1>${esc(title)}</h1>\n<p>${esc(message)}</p>`);
}

function homePage(issuer: string, residents: Resident[]): string {
  return layout(
    "Giới thiệu",
    `<h1>Máy chủ định danh thử nghiệm</h1>
<p>Máy chủ OpenID Connect chạy tại máy này để thử chức năng “Đăng nhập bằng tài khoản định danh điện tử” của Cổng Dịch vụ công. Đây không phải VNeID; mọi công dân dưới đây đều là hư cấu.</p>
<dl><dt>Issuer</dt><dd><code>${esc(issuer)}</code></dd><dt>Khai báo</dt><dd><a href="/.well-known/openid-configuration">/.well-known/openid-configuration</a></dd></dl>
<h2>Công dân thử nghiệm</h2>
<ul>${residents.map((r) => `<li>${esc(r.name)} — CCCD ${esc(r.cccd)}</li>`).join("")}</ul>`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The provider

export interface StandinOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  clientId?: string;
  clientSecret?: string;
  redirectUris?: string[];
  /** Where a sign-out may return; by default /signed-out on the origin of every redirect URI. */
  postLogoutRedirectUris?: string[];
  /** RP-Initiated Logout (an end_session_endpoint); on unless false (tests of a provider without it). */
  rpInitiatedLogout?: boolean;
  /** Instead of tools/vneid-residents.json (tests use this for malformed data); taken as given, not checked. */
  residents?: Resident[];
  demoPassword?: string;
}

/** The portal's /signed-out on the origin of each of its callback addresses. */
export function postLogoutRedirectUrisFor(redirectUris: string[]): string[] {
  return [...new Set(redirectUris.filter((u) => URL.canParse(u)).map((u) => `${new URL(u).origin}/signed-out`))];
}

export interface Standin {
  issuer: string;
  port: number;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, html: string) {
  res.statusCode = status;
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("X-Frame-Options", "DENY");
  res.end(html);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 16_384) throw new Error("form too large");
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/**
 * The provider's storage (sessions, interactions, grants, codes, tokens): in memory, one store per stand-in, so
 * that several stand-ins in one test process share nothing. A restart forgets everything, as a stand-in may.
 */
function memoryAdapterFactory() {
  type Payload = Record<string, unknown> & { uid?: string; grantId?: string; consumed?: number };
  const store = new Map<string, { payload: Payload; expiresAt: number }>();
  const byGrant = new Map<string, Set<string>>();
  const read = (key: string) => {
    const entry = store.get(key);
    if (entry && entry.expiresAt <= Date.now()) store.delete(key);
    return entry && entry.expiresAt > Date.now() ? entry.payload : undefined;
  };
  return (model: string) => ({
    async upsert(id: string, payload: Payload, expiresIn: number) {
      if (store.size > 10_000) for (const key of [...store.keys()]) read(key); // forget what has expired
      const key = `${model}:${id}`;
      store.set(key, { payload, expiresAt: Date.now() + expiresIn * 1000 });
      if (model === "Session" && payload.uid) store.set(`sessionUid:${payload.uid}`, { payload: { id }, expiresAt: Date.now() + expiresIn * 1000 });
      if (payload.grantId) {
        const keys = byGrant.get(payload.grantId) ?? new Set<string>();
        byGrant.set(payload.grantId, keys.add(key));
      }
    },
    async find(id: string) {
      return read(`${model}:${id}`);
    },
    async findByUid(uid: string) {
      const ref = read(`sessionUid:${uid}`);
      return ref ? read(`${model}:${String(ref.id)}`) : undefined;
    },
    async findByUserCode() {
      return undefined;
    },
    async consume(id: string) {
      const payload = read(`${model}:${id}`);
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    },
    async destroy(id: string) {
      store.delete(`${model}:${id}`);
    },
    async revokeByGrantId(grantId: string) {
      for (const key of byGrant.get(grantId) ?? []) store.delete(key);
      byGrant.delete(grantId);
    },
  });
}

function signingKey() {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { ...privateKey.export({ format: "jwk" }), kid: randomBytes(8).toString("hex"), alg: "RS256", use: "sig" };
}

/** Starts the stand-in on 127.0.0.1 (by default); resolves once it listens. */
export async function startVneidStandin(options: StandinOptions = {}): Promise<Standin> {
  const host = options.host ?? "127.0.0.1";
  const fromFile = options.residents ? null : loadResidents();
  const residents = options.residents ?? fromFile?.residents ?? [];
  const demoPassword = options.demoPassword ?? fromFile?.demoPassword ?? "thu-nghiem";
  const clientId = options.clientId ?? STANDIN_CLIENT_ID;
  const clientName = "Cổng Dịch vụ công tỉnh Hà Giang";
  const redirectUris = options.redirectUris ?? DEFAULT_REDIRECT_URIS;
  const bySub = new Map(residents.map((r) => [r.sub, r]));

  let provider: Provider | null = null;
  let providerHandler: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  let issuer = "";

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error("vneid-standin:", error);
      if (!res.headersSent) send(res, 500, messagePage("Lỗi máy chủ", "Máy chủ thử nghiệm gặp lỗi. Hãy thử lại."));
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (!provider || !providerHandler) return send(res, 503, messagePage("Chưa sẵn sàng", "Máy chủ đang khởi động."));
    const url = new URL(req.url ?? "/", issuer);
    if (req.method === "GET" && url.pathname === "/") return send(res, 200, homePage(issuer, residents));
    const match = /^\/interaction\/([\w-]+)(?:\/(login|confirm|abort))?$/.exec(url.pathname);
    if (!match) return providerHandler(req, res);
    const [, uid = "", action] = match;

    let details: Interaction;
    try {
      details = await provider.interactionDetails(req, res);
    } catch (error) {
      if (error instanceof errors.SessionNotFound) {
        return send(res, 400, messagePage("Phiên đăng nhập đã hết hạn", "Hãy quay lại Cổng Dịch vụ công và bắt đầu đăng nhập lại."));
      }
      throw error;
    }
    if (details.uid !== uid) return send(res, 400, messagePage("Yêu cầu không hợp lệ", "Đường dẫn không khớp phiên đăng nhập."));

    if (req.method === "GET" && !action) {
      if (details.prompt.name === "login") return send(res, 200, loginPage(uid, clientName, residents, demoPassword));
      if (details.prompt.name === "consent") {
        const scopes = String(details.params.scope ?? "").split(" ").filter(Boolean);
        return send(res, 200, consentPage(uid, clientName, bySub.get(details.session?.accountId ?? ""), scopes));
      }
      return send(res, 400, messagePage("Yêu cầu không hợp lệ", `Bước “${details.prompt.name}” không được hỗ trợ.`));
    }
    if (req.method !== "POST" || !action) return send(res, 405, messagePage("Yêu cầu không hợp lệ", "Phương thức không được hỗ trợ."));

    if (action === "abort") {
      return provider.interactionFinished(
        req,
        res,
        { error: "access_denied", error_description: "Người dùng đã hủy đăng nhập" },
        { mergeWithLastSubmission: false },
      );
    }

    const form = await readForm(req);
    if (action === "login") {
      if (details.prompt.name !== "login") return send(res, 400, messagePage("Yêu cầu không hợp lệ", "Bạn đã đăng nhập rồi."));
      const cccd = form.get("cccd") ?? "";
      const resident = residents.find((r) => r.cccd === cccd);
      if (!resident) return send(res, 400, loginPage(uid, clientName, residents, demoPassword, "Hãy chọn một công dân thử nghiệm."));
      if (form.get("password") !== demoPassword) {
        return send(res, 400, loginPage(uid, clientName, residents, demoPassword, "Mật khẩu không đúng.", cccd));
      }
      return provider.interactionFinished(req, res, { login: { accountId: resident.sub } }, { mergeWithLastSubmission: false });
    }

    // action === "confirm"
    if (details.prompt.name !== "consent") return send(res, 400, messagePage("Yêu cầu không hợp lệ", "Không có gì để đồng ý."));
    const accountId = details.session?.accountId;
    if (!accountId) return send(res, 400, messagePage("Yêu cầu không hợp lệ", "Bạn chưa đăng nhập."));
    const grant = details.grantId
      ? ((await provider.Grant.find(details.grantId)) ?? new provider.Grant({ accountId, clientId }))
      : new provider.Grant({ accountId, clientId });
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(" "));
    }
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, { consent: details.grantId ? {} : { grantId } }, { mergeWithLastSubmission: true });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? DEFAULT_STANDIN_PORT, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : (options.port ?? DEFAULT_STANDIN_PORT);
  issuer = `http://${host}:${port}`;

  const cookieOptions = { httpOnly: true, sameSite: "lax", signed: true };
  provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: options.clientSecret ?? DEVELOPMENT_CLIENT_SECRET,
        client_name: clientName,
        redirect_uris: redirectUris,
        post_logout_redirect_uris: options.postLogoutRedirectUris ?? postLogoutRedirectUrisFor(redirectUris),
        response_types: ["code"],
        grant_types: ["authorization_code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    adapter: memoryAdapterFactory(),
    pkce: { required: () => true, methods: ["S256"] },
    scopes: ["openid", "profile", "citizen"],
    claims: SCOPE_CLAIMS,
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: options.rpInitiatedLogout ?? true,
        async logoutSource(ctx: { body: string; oidc: { client?: { clientName?: string } } }, form: string) {
          ctx.body = logoutPage(form, ctx.oidc.client?.clientName);
        },
        async postLogoutSuccessSource(ctx: { body: string }) {
          ctx.body = messagePage("Đã đăng xuất", "Bạn đã đăng xuất khỏi máy chủ định danh thử nghiệm.");
        },
      },
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx: unknown, sub: string): Promise<Account | undefined> {
      const resident = bySub.get(sub);
      if (!resident) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          cccd: resident.cccd,
          name: resident.name,
          birthdate: resident.birthdate,
          gender: resident.gender,
          address: { formatted: resident.address },
          verification_level: "level2",
        }),
      };
    },
    jwks: { keys: [signingKey()] },
    cookies: { keys: [randomBytes(32).toString("base64url")], long: cookieOptions, short: cookieOptions },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 900, Session: 3600, Grant: 3600 },
    clientBasedCORS: () => false,
    async renderError(ctx: { type: string; body: string }, out: { error?: string; error_description?: string }) {
      ctx.type = "html";
      ctx.body = messagePage("Có lỗi xảy ra", `${out.error ?? "error"}: ${out.error_description ?? ""}`);
    },
  });
  provider.on("server_error", (_ctx: unknown, error: unknown) => console.error("vneid-standin server_error:", error));
  providerHandler = provider.callback();

  return {
    issuer,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Command line: `tsx tools/vneid-standin.ts`

function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

async function main() {
  const port = Number(process.env.VNEID_STANDIN_PORT ?? DEFAULT_STANDIN_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error("VNEID_STANDIN_PORT must be a whole number between 0 and 65535.");
    process.exit(1);
  }
  const secret = process.env.VNEID_CLIENT_SECRET?.trim() || undefined;
  const redirectUris = (process.env.VNEID_REDIRECT_URIS ?? "")
    .split(/[\s,]+/)
    .filter(Boolean);
  for (const uri of redirectUris) {
    if (!URL.canParse(uri)) {
      console.error(`VNEID_REDIRECT_URIS: "${uri}" is not a URL.`);
      process.exit(1);
    }
  }
  const postLogoutRedirectUris = (process.env.VNEID_POST_LOGOUT_REDIRECT_URIS ?? "").split(/[\s,]+/).filter(Boolean);
  for (const uri of postLogoutRedirectUris) {
    if (!URL.canParse(uri)) {
      console.error(`VNEID_POST_LOGOUT_REDIRECT_URIS: "${uri}" is not a URL.`);
      process.exit(1);
    }
  }
  const registered = redirectUris.length > 0 ? redirectUris : DEFAULT_REDIRECT_URIS;
  const standin = await startVneidStandin({
    port,
    clientSecret: secret,
    clientId: process.env.VNEID_CLIENT_ID?.trim() || undefined,
    redirectUris: redirectUris.length > 0 ? redirectUris : undefined,
    postLogoutRedirectUris: postLogoutRedirectUris.length > 0 ? postLogoutRedirectUris : undefined,
  }).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(code === "EADDRINUSE" ? `Port ${port} is already in use; set VNEID_STANDIN_PORT to a free port.` : String(error));
    process.exit(1);
  });
  const lines = [
    "",
    `VNeID stand-in (${LABEL}) is serving on ${standin.issuer}`,
    `  client_id      ${process.env.VNEID_CLIENT_ID?.trim() || STANDIN_CLIENT_ID}`,
    secret ? "  client_secret  from VNEID_CLIENT_SECRET" : `  client_secret  ${DEVELOPMENT_CLIENT_SECRET}  (development default: set VNEID_CLIENT_SECRET to change it)`,
    `  redirect_uris  ${registered.join(" ")}`,
    `  post_logout_redirect_uris  ${(postLogoutRedirectUris.length > 0 ? postLogoutRedirectUris : postLogoutRedirectUrisFor(registered)).join(" ")}`,
    "",
    "Start the portal with:",
    `  VNEID_ISSUER=${standin.issuer} VNEID_CLIENT_SECRET=${secret ? "<the same secret>" : DEVELOPMENT_CLIENT_SECRET} npm run dev`,
    "",
  ];
  console.log(lines.join("\n"));
  const stop = () => {
    void standin.close().then(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

if (isMain()) void main();
