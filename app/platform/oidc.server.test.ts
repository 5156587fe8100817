import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cccdProblems,
  DEVELOPMENT_CLIENT_SECRET,
  loadResidents,
  postLogoutRedirectUrisFor,
  startVneidStandin,
  type Resident,
  type Standin,
} from "../../tools/vneid-standin";
import { loadEnv } from "./env.server";
import { createOidcClient, eidFormActionOrigins, eidOptionsFromEnv, endSessionUrlOf, type EidPendingSignIn, type OidcClient } from "./oidc.server";

// A real OpenID Connect provider (the VNeID stand-in) in this process; the browser is played by fetch, following
// redirects by hand, keeping cookies and posting the stand-in's own forms.

const REDIRECT_URI = "http://127.0.0.1:9/sign-in/vneid/callback"; // never fetched: the flow stops at its address
const SIGNED_OUT = "http://127.0.0.1:9/signed-out"; // where a sign-out at the provider returns (registered from the above)
const SECRET = "test-secret-for-the-stand-in-0123456789";
const { residents, demoPassword } = loadResidents();
const lan = residents[0]!;

class Browser {
  private cookies = new Map<string, string>();

  async get(url: string | URL): Promise<Response> {
    return this.send(url, { method: "GET" });
  }

  async post(url: string | URL, form: Record<string, string>): Promise<Response> {
    return this.send(url, {
      method: "POST",
      body: new URLSearchParams(form).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
  }

  private async send(url: string | URL, init: RequestInit): Promise<Response> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const response = await fetch(url, { ...init, redirect: "manual", headers: { ...init.headers, ...(cookie ? { cookie } : {}) } });
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const expired = attributes.some((a) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(a));
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1).trim());
    }
    return response;
  }

  /** Follows redirects until a page (200/400) or until leaving for the relying party's redirect URI. */
  async follow(response: Response, base: string): Promise<{ page?: { url: string; html: string; status: number }; callback?: URL }> {
    let current = response;
    let url = base;
    for (let hops = 0; hops < 10; hops++) {
      if (current.status >= 300 && current.status < 400) {
        const next = new URL(current.headers.get("location") ?? "", url);
        await current.body?.cancel();
        if (next.href.startsWith(REDIRECT_URI) || next.href.startsWith(SIGNED_OUT)) return { callback: next };
        url = next.href;
        current = await this.get(next);
        continue;
      }
      return { page: { url, html: await current.text(), status: current.status } };
    }
    throw new Error("too many redirects");
  }
}

/** The form whose action ends with `/${action}` on a stand-in page, as an absolute URL. */
function formAction(page: { url: string; html: string }, action: string): string {
  const match = [...page.html.matchAll(/<form[^>]*action="([^"]+)"/g)].map((m) => m[1]!).find((a) => a.endsWith(`/${action}`));
  if (!match) throw new Error(`no ${action} form on ${page.url}:\n${page.html}`);
  return new URL(match, page.url).href;
}

async function signIn(client: OidcClient, options: { cccd?: string; cancelAt?: "login" | "consent" } = {}) {
  const start = await client.beginSignIn();
  if (!start.ok) throw new Error(`beginSignIn failed: ${start.reason} ${start.detail}`);
  const browser = new Browser();
  let step = await browser.follow(await browser.get(start.url), start.url);
  expect(step.page?.html).toContain("Máy chủ thử nghiệm — không phải VNeID thật");
  if (options.cancelAt === "login") {
    step = await browser.follow(await browser.post(formAction(step.page!, "abort"), {}), step.page!.url);
  } else {
    const login = formAction(step.page!, "login");
    step = await browser.follow(await browser.post(login, { cccd: options.cccd ?? lan.cccd, password: demoPassword }), login);
    expect(step.page?.html, "consent page").toContain("Đồng ý");
    const action = options.cancelAt === "consent" ? "abort" : "confirm";
    step = await browser.follow(await browser.post(formAction(step.page!, action), {}), step.page!.url);
  }
  if (!step.callback) throw new Error(`no callback; stopped at ${step.page?.url}: ${step.page?.html}`);
  const pending: EidPendingSignIn = { state: start.state, nonce: start.nonce, codeVerifier: start.codeVerifier };
  return { callback: step.callback, pending, browser, start };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function clientFor(issuer: string, overrides: { clientSecret?: string } = {}): OidcClient {
  return createOidcClient({
    issuer,
    clientId: "cong-dvc-ha-giang",
    clientSecret: overrides.clientSecret ?? SECRET,
    redirectUri: REDIRECT_URI,
    timeoutSeconds: 5,
  });
}

describe("the VNeID stand-in's residents", () => {
  it("are seven structurally valid Hà Giang citizens", () => {
    expect(residents).toHaveLength(7);
    for (const r of residents) {
      expect(cccdProblems(r), r.name).toEqual([]);
      expect(r.address).toContain("Hà Giang");
    }
  });

  it("are checked: province, century/sex digit and year digits must agree with the birth date", () => {
    const base = { cccd: "002188004217", birthdate: "1988-04-17", gender: "female" as const };
    expect(cccdProblems(base)).toEqual([]);
    expect(cccdProblems({ ...base, cccd: "00218800421" })).toEqual(["not 12 digits"]);
    expect(cccdProblems({ ...base, cccd: "001188004217" })).toEqual(["province code is not 002 (Hà Giang)"]);
    expect(cccdProblems({ ...base, gender: "male" })).toEqual(["century/sex digit should be 0"]);
    expect(cccdProblems({ ...base, birthdate: "1989-04-17" })).toEqual(["birth-year digits do not match"]);
    expect(cccdProblems({ ...base, birthdate: "2088-04-17" })).toEqual(["century/sex digit should be 3"]);
    expect(cccdProblems({ ...base, birthdate: "1988-02-30" })).toEqual(["birthdate is not a YYYY-MM-DD calendar date"]);
  });
});

describe("eID sign-in against a real OpenID Connect provider", () => {
  let standin: Standin;
  let client: OidcClient;

  beforeAll(async () => {
    standin = await startVneidStandin({ port: 0, redirectUris: [REDIRECT_URI], clientSecret: SECRET });
    client = clientFor(standin.issuer);
  });
  afterAll(async () => {
    await standin?.close();
  });

  it("asks for the code flow with PKCE (S256), state, nonce and the citizen scope", async () => {
    const start = await client.beginSignIn();
    expect(start.ok).toBe(true);
    if (!start.ok) return;
    const url = new URL(start.url);
    expect(url.origin).toBe(standin.issuer);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: "code",
      client_id: "cong-dvc-ha-giang",
      redirect_uri: REDIRECT_URI,
      scope: "openid profile citizen",
      code_challenge_method: "S256",
      state: start.state,
      nonce: start.nonce,
    });
    expect(url.searchParams.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get("code_challenge")).not.toBe(start.codeVerifier);
  });

  it("completes a sign-in and yields the resident's verified identity", async () => {
    const { callback, pending } = await signIn(client);
    expect(callback.searchParams.get("code")).toBeTruthy();
    expect(callback.searchParams.get("iss")).toBe(standin.issuer);
    const result = await client.completeSignIn(callback, pending);
    expect(result).toEqual({
      ok: true,
      idToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      identity: {
        issuer: standin.issuer,
        subject: lan.sub,
        cccd: lan.cccd,
        fullName: lan.name,
        birthDate: lan.birthdate,
        address: lan.address,
        level: "level2",
      },
    });
  });

  it("signs in another resident as that resident", async () => {
    const pho = residents[1]!;
    const { callback, pending } = await signIn(client, { cccd: pho.cccd });
    const result = await client.completeSignIn(callback, pending);
    expect(result.ok && result.identity).toMatchObject({ cccd: pho.cccd, fullName: pho.name, subject: pho.sub });
  });

  it("refuses a wrong demo password on the stand-in's page", async () => {
    const start = await client.beginSignIn();
    if (!start.ok) throw new Error("beginSignIn failed");
    const browser = new Browser();
    const step = await browser.follow(await browser.get(start.url), start.url);
    const login = formAction(step.page!, "login");
    const again = await browser.follow(await browser.post(login, { cccd: lan.cccd, password: "sai" }), login);
    expect(again.page?.status).toBe(400);
    expect(again.page?.html).toContain("Mật khẩu không đúng.");
  });

  it.each(["login", "consent"] as const)("reports a sign-in cancelled at %s as cancelled", async (cancelAt) => {
    const { callback, pending } = await signIn(client, { cancelAt });
    expect(callback.searchParams.get("error")).toBe("access_denied");
    const result = await client.completeSignIn(callback, pending);
    expect(result).toMatchObject({ ok: false, reason: "cancelled" });
  });

  it("refuses a callback whose state was tampered with, missing or someone else's", async () => {
    const { callback, pending } = await signIn(client);
    const tampered = new URL(callback);
    tampered.searchParams.set("state", `${pending.state.slice(0, -1)}${pending.state.endsWith("A") ? "B" : "A"}`);
    expect(await client.completeSignIn(tampered, pending)).toMatchObject({ ok: false, reason: "stateMismatch" });
    const missing = new URL(callback);
    missing.searchParams.delete("state");
    expect(await client.completeSignIn(missing, pending)).toMatchObject({ ok: false, reason: "stateMismatch" });
    // A cancellation that belongs to another request is no cancellation of ours either.
    const foreign = new URL(`${REDIRECT_URI}?error=access_denied&state=other`);
    expect(await client.completeSignIn(foreign, pending)).toMatchObject({ ok: false, reason: "stateMismatch" });
    // The untouched response still works afterwards: nothing was redeemed.
    expect(await client.completeSignIn(callback, pending)).toMatchObject({ ok: true });
  });

  it("refuses a code redeemed twice, or with the wrong PKCE verifier, as a provider error", async () => {
    const { callback, pending } = await signIn(client);
    expect(await client.completeSignIn(callback, pending)).toMatchObject({ ok: true });
    expect(await client.completeSignIn(callback, pending)).toMatchObject({ ok: false, reason: "providerError", detail: expect.stringContaining("invalid_grant") });

    const second = await signIn(client);
    const wrongVerifier = { ...second.pending, codeVerifier: `${second.pending.codeVerifier.slice(0, -2)}xx` };
    expect(await client.completeSignIn(second.callback, wrongVerifier)).toMatchObject({ ok: false, reason: "providerError" });
  });

  it("refuses an ID token whose nonce is not the one sent as an invalid response", async () => {
    const { callback, pending } = await signIn(client);
    const result = await client.completeSignIn(callback, { ...pending, nonce: "another-nonce" });
    expect(result).toMatchObject({ ok: false, reason: "invalidResponse" });
  });

  it("reports an error the provider sends back as a provider error", async () => {
    const { pending } = await signIn(client, { cancelAt: "login" });
    const url = new URL(`${REDIRECT_URI}?error=temporarily_unavailable&error_description=busy`);
    url.searchParams.set("state", pending.state);
    url.searchParams.set("iss", standin.issuer);
    expect(await client.completeSignIn(url, pending)).toMatchObject({ ok: false, reason: "providerError", detail: "temporarily_unavailable: busy" });
  });

  it("reports a wrong client secret as a provider error, not a crash", async () => {
    const impostor = clientFor(standin.issuer, { clientSecret: "not-the-secret" });
    const { callback, pending } = await signIn(impostor);
    expect(await impostor.completeSignIn(callback, pending)).toMatchObject({ ok: false, reason: "providerError", detail: expect.stringContaining("invalid_client") });
  });
});

/** The provider's sign-out confirmation: its form's address and anti-forgery value. */
function logoutForm(page: { url: string; html: string }) {
  const form = /<form id="op.logoutForm" method="post" action="([^"]+)"><input type="hidden" name="xsrf" value="([^"]+)"\/><\/form>/.exec(page.html);
  if (!form) throw new Error(`no sign-out form on ${page.url}:\n${page.html}`);
  return { action: new URL(form[1]!, page.url).href, xsrf: form[2]! };
}

const endRequest = { idTokenHint: "header.payload.signature", postLogoutRedirectUri: "https://dichvucong.hagiang.gov.vn/signed-out", state: "st-1", uiLocales: "vi" };

describe("the provider's end-session address", () => {
  it("carries id_token_hint, post_logout_redirect_uri, state, client_id and ui_locales, keeping the endpoint's own query", () => {
    const result = endSessionUrlOf({ issuer: "https://sso.vneid.gov.vn", end_session_endpoint: "https://sso.vneid.gov.vn/oidc/logout?tenant=hg" }, "cong-dvc-ha-giang", endRequest);
    if (!result.ok) throw new Error(result.detail);
    const url = new URL(result.url);
    expect(`${url.origin}${url.pathname}`).toBe("https://sso.vneid.gov.vn/oidc/logout");
    expect([...url.searchParams]).toEqual([
      ["tenant", "hg"],
      ["id_token_hint", "header.payload.signature"],
      ["post_logout_redirect_uri", "https://dichvucong.hagiang.gov.vn/signed-out"],
      ["state", "st-1"],
      ["client_id", "cong-dvc-ha-giang"],
      ["ui_locales", "vi"],
    ]);
    // Encoded, so that no value can add a parameter of its own.
    const tricky = endSessionUrlOf({ issuer: "https://sso.vneid.gov.vn", end_session_endpoint: "https://sso.vneid.gov.vn/logout" }, "c", { ...endRequest, state: "a&post_logout_redirect_uri=https://evil.example", uiLocales: undefined });
    if (!tricky.ok) throw new Error(tricky.detail);
    expect(new URL(tricky.url).searchParams.getAll("post_logout_redirect_uri")).toEqual(["https://dichvucong.hagiang.gov.vn/signed-out"]);
    expect(new URL(tricky.url).searchParams.has("ui_locales")).toBe(false);
  });

  it("is not supported without an end_session_endpoint, or with one off the issuer's origin (form-action allows only that)", () => {
    expect(endSessionUrlOf({ issuer: "https://sso.vneid.gov.vn" }, "c", endRequest)).toMatchObject({ ok: false, reason: "notSupported" });
    expect(endSessionUrlOf({ issuer: "https://sso.vneid.gov.vn", end_session_endpoint: "https://logout.vneid.gov.vn/end" }, "c", endRequest)).toMatchObject({
      ok: false,
      reason: "notSupported",
      detail: expect.stringContaining("not on the issuer's origin"),
    });
    expect(endSessionUrlOf({ issuer: "https://sso.vneid.gov.vn", end_session_endpoint: "not a url" }, "c", endRequest)).toMatchObject({ ok: false, reason: "notSupported" });
  });
});

describe("eID sign-out at a real OpenID Connect provider (RP-Initiated Logout)", () => {
  let standin: Standin;
  let client: OidcClient;

  beforeAll(async () => {
    standin = await startVneidStandin({ port: 0, redirectUris: [REDIRECT_URI], clientSecret: SECRET });
    client = clientFor(standin.issuer);
  });
  afterAll(async () => {
    await standin?.close();
  });

  it("registers the portal's /signed-out on the origin of each callback address", () => {
    expect(postLogoutRedirectUrisFor([REDIRECT_URI, "http://localhost:3000/sign-in/vneid/callback", "http://127.0.0.1:9/other/callback"])).toEqual([
      SIGNED_OUT,
      "http://localhost:3000/signed-out",
    ]);
  });

  it("ends the provider's session and sends the browser back to /signed-out with the state", async () => {
    const { callback, pending, browser } = await signIn(client);
    const signedIn = await client.completeSignIn(callback, pending);
    if (!signedIn.ok) throw new Error(signedIn.reason);

    // While the provider's session lasts, a new sign-in goes straight back to the portal (no page at all).
    const before = await client.beginSignIn();
    if (!before.ok) throw new Error("beginSignIn failed");
    expect((await browser.follow(await browser.get(before.url), before.url)).callback?.searchParams.get("code")).toBeTruthy();

    const end = await client.endSessionUrl({ idTokenHint: signedIn.idToken, postLogoutRedirectUri: SIGNED_OUT, state: "st-123", uiLocales: "vi" });
    if (!end.ok) throw new Error(`${end.reason}: ${end.detail}`);
    expect(new URL(end.url).origin).toBe(standin.issuer);
    const confirm = await browser.follow(await browser.get(end.url), end.url);
    expect(confirm.page?.html).toContain("Đăng xuất khỏi tài khoản định danh điện tử?");
    expect(confirm.page?.html).toContain("Máy chủ thử nghiệm — không phải VNeID thật");
    const { action, xsrf } = logoutForm(confirm.page!);
    const back = await browser.follow(await browser.post(action, { xsrf, logout: "yes" }), action);
    expect(back.callback?.href).toBe(`${SIGNED_OUT}?state=st-123`);

    // The provider's session has ended: the next sign-in asks who you are again.
    const after = await client.beginSignIn();
    if (!after.ok) throw new Error("beginSignIn failed");
    expect((await browser.follow(await browser.get(after.url), after.url)).page?.html).toContain("Chọn công dân thử nghiệm");
  });

  it("refuses to send anyone to a post-logout address it has not registered", async () => {
    const { callback, pending, browser } = await signIn(client);
    const signedIn = await client.completeSignIn(callback, pending);
    if (!signedIn.ok) throw new Error(signedIn.reason);
    const end = await client.endSessionUrl({ idTokenHint: signedIn.idToken, postLogoutRedirectUri: "http://evil.example/signed-out", state: "s" });
    if (!end.ok) throw new Error(end.reason);
    const step = await browser.follow(await browser.get(end.url), end.url);
    expect(step.page?.status).toBe(400);
    expect(step.page?.html).toContain("post_logout_redirect_uri not registered");
  });

  it("reports a provider that is down as unreachable, and one without RP-Initiated Logout as not supported", async () => {
    const port = await freePort();
    expect(await clientFor(`http://127.0.0.1:${port}`).endSessionUrl(endRequest)).toMatchObject({ ok: false, reason: "unreachable" });
    const plain = await startVneidStandin({ port: 0, redirectUris: [REDIRECT_URI], clientSecret: SECRET, rpInitiatedLogout: false });
    try {
      expect(await clientFor(plain.issuer).endSessionUrl(endRequest)).toMatchObject({ ok: false, reason: "notSupported" });
    } finally {
      await plain.close();
    }
  });
});

describe("eID sign-in when the provider is down", () => {
  it("reports unreachable at the start, and discovers again once the provider is up", async () => {
    const port = await freePort();
    const client = clientFor(`http://127.0.0.1:${port}`);
    expect(await client.beginSignIn()).toMatchObject({ ok: false, reason: "unreachable" });
    const standin = await startVneidStandin({ port, redirectUris: [REDIRECT_URI], clientSecret: SECRET });
    try {
      expect(await client.beginSignIn()).toMatchObject({ ok: true });
    } finally {
      await standin.close();
    }
  });

  it("reports unreachable when the provider goes away before the code is redeemed", async () => {
    const standin = await startVneidStandin({ port: 0, redirectUris: [REDIRECT_URI], clientSecret: SECRET });
    const client = clientFor(standin.issuer);
    const { callback, pending } = await signIn(client);
    await standin.close();
    expect(await client.completeSignIn(callback, pending)).toMatchObject({ ok: false, reason: "unreachable" });
    // And a client that never reached it at all.
    const fresh = clientFor(standin.issuer);
    expect(await fresh.completeSignIn(callback, pending)).toMatchObject({ ok: false, reason: "unreachable" });
  });
});

describe("eID sign-in with claims the portal cannot use", () => {
  it("reports a malformed CCCD as an invalid response", async () => {
    const broken: Resident = { ...lan, sub: "broken-0001", cccd: "00218800421X" };
    const standin = await startVneidStandin({
      port: 0,
      redirectUris: [REDIRECT_URI],
      clientSecret: SECRET,
      residents: [broken],
      demoPassword: "pw",
    });
    try {
      const client = clientFor(standin.issuer);
      const start = await client.beginSignIn();
      if (!start.ok) throw new Error("beginSignIn failed");
      const browser = new Browser();
      let step = await browser.follow(await browser.get(start.url), start.url);
      const login = formAction(step.page!, "login");
      step = await browser.follow(await browser.post(login, { cccd: broken.cccd, password: "pw" }), login);
      step = await browser.follow(await browser.post(formAction(step.page!, "confirm"), {}), step.page!.url);
      const result = await client.completeSignIn(step.callback!, { state: start.state, nonce: start.nonce, codeVerifier: start.codeVerifier });
      expect(result).toMatchObject({ ok: false, reason: "invalidResponse", detail: expect.stringContaining("cccd") });
    } finally {
      await standin.close();
    }
  });
});

describe("eID configuration", () => {
  it("is off while VNEID_ISSUER is unset or blank", () => {
    expect(eidOptionsFromEnv(loadEnv({}))).toBeNull();
    expect(eidOptionsFromEnv(loadEnv({ VNEID_ISSUER: " " }))).toBeNull();
  });

  it("reads issuer, client and redirect URI, defaulting the client id and the redirect URI", () => {
    expect(eidOptionsFromEnv(loadEnv({ VNEID_ISSUER: "http://127.0.0.1:3400", VNEID_CLIENT_SECRET: DEVELOPMENT_CLIENT_SECRET, PORT: "3005" }))).toEqual({
      issuer: "http://127.0.0.1:3400",
      clientId: "cong-dvc-ha-giang",
      clientSecret: DEVELOPMENT_CLIENT_SECRET,
      redirectUri: "http://localhost:3005/sign-in/vneid/callback",
    });
    expect(
      eidOptionsFromEnv(
        loadEnv({
          VNEID_ISSUER: "https://sso.example.gov.vn",
          VNEID_CLIENT_ID: "other",
          VNEID_CLIENT_SECRET: "s",
          VNEID_REDIRECT_URI: "https://dichvucong.example.gov.vn/sign-in/vneid/callback",
        }),
      ),
    ).toMatchObject({ clientId: "other", redirectUri: "https://dichvucong.example.gov.vn/sign-in/vneid/callback" });
  });

  it("names the provider's origin for the CSP's form-action only while eID sign-in is on", () => {
    expect(eidFormActionOrigins(loadEnv({}))).toEqual([]);
    expect(eidFormActionOrigins(loadEnv({ VNEID_ISSUER: "https://sso.example.gov.vn/oidc/", VNEID_CLIENT_SECRET: "s" }))).toEqual(["https://sso.example.gov.vn"]);
  });

  it.each([
    [{ VNEID_ISSUER: "http://127.0.0.1:3400" }, "VNEID_CLIENT_SECRET must be set when VNEID_ISSUER is."],
    [{ VNEID_ISSUER: "http://sso.example.gov.vn", VNEID_CLIENT_SECRET: "s" }, /^VNEID_ISSUER must be an https URL/],
    [{ VNEID_ISSUER: "not a url", VNEID_CLIENT_SECRET: "s" }, /^VNEID_ISSUER must be an https URL/],
    [
      { VNEID_ISSUER: "https://sso.example.gov.vn", VNEID_CLIENT_SECRET: "s", VNEID_REDIRECT_URI: "https://portal.example/callback" },
      /^VNEID_REDIRECT_URI must be this portal's https address ending in \/sign-in\/vneid\/callback/,
    ],
  ])("refuses %o with one sentence", (env, message) => {
    expect(() => loadEnv(env)).toThrow(message);
  });
});
