import { timingSafeEqual } from "node:crypto";
import * as oidc from "openid-client";
import { z } from "zod";
import { loadEnv, type Env } from "./env.server";

// Sign-in with the national electronic identification (VNeID) through OpenID Connect: the portal is a relying party
// using the authorization code flow with PKCE, state and nonce (openid-client). In development and tests a local
// stand-in provider (tools/vneid-standin.ts) plays VNeID.
//
// Discovery happens on first use and is cached; a failed discovery is retried on the next sign-in (the provider may
// start after the portal). completeSignIn never throws for what a provider or a visitor can cause: cancellation,
// provider errors, a forged or stale callback, the provider being down, or claims the portal cannot use.
//
// Signing out of a session that eID started also signs out at the provider (OpenID Connect RP-Initiated Logout 1.0):
// endSessionUrl looks at the provider's metadata afresh (a short timeout: a sign-out must not hang) and builds the
// address of its end_session_endpoint with the ID token as id_token_hint.

/** The verified identity a successful eID sign-in yields. */
export interface EidIdentity {
  /** The provider that vouched for the identity: the ID token's `iss`. */
  issuer: string;
  /** The provider's stable subject identifier for this person (unique at its issuer). */
  subject: string;
  /** Số định danh cá nhân (CCCD): 12 digits. */
  cccd: string;
  fullName: string;
  /** YYYY-MM-DD */
  birthDate: string;
  address: string;
  /** The identification level the provider vouches for, e.g. "level2". */
  level: string;
}

export type EidFailureReason = "cancelled" | "stateMismatch" | "providerError" | "invalidResponse" | "unreachable";
export type EidSignInResult =
  | { ok: true; identity: EidIdentity; /** The ID token as received: the id_token_hint of a later sign-out. */ idToken: string }
  | { ok: false; reason: EidFailureReason; detail?: string };

/** Why the portal cannot send the browser to sign out at the provider. */
export type EidSignOutFailure = "unreachable" | "providerError" | "notSupported";
export type EidEndSessionResult = { ok: true; url: string } | { ok: false; reason: EidSignOutFailure; detail: string };
export interface EidEndSessionRequest {
  /** The ID token of the sign-in that started the session. */
  idTokenHint: string;
  /** Where the provider sends the browser back: PUBLIC origin + /signed-out, registered at the provider. */
  postLogoutRedirectUri: string;
  /** Comes back with the browser, so that the portal recognises a return it asked for. */
  state: string;
  /** The visitor's language, for the provider's pages ("vi", "en"). */
  uiLocales?: string;
}

/** What the caller keeps in the visitor's session between beginSignIn and completeSignIn. */
export interface EidPendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
}
export type EidSignInStart =
  | ({ ok: true; url: string } & EidPendingSignIn)
  | { ok: false; reason: "unreachable" | "providerError"; detail?: string };

export interface OidcClientOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Per request to the provider; default 10 seconds. */
  timeoutSeconds?: number;
  /** For the metadata request at sign-out; default 3 seconds. */
  signOutTimeoutSeconds?: number;
}

export interface OidcClient {
  readonly issuer: string;
  /** The authorization request to send the visitor to, with the values to keep in the session. Never throws. */
  beginSignIn(): Promise<EidSignInStart>;
  /** Checks the callback, redeems the code, verifies the ID token and reads the claims. Never throws. */
  completeSignIn(callbackUrl: URL, expected: EidPendingSignIn): Promise<EidSignInResult>;
  /** The provider's sign-out address for a session this client started (RP-Initiated Logout). Never throws. */
  endSessionUrl(request: EidEndSessionRequest): Promise<EidEndSessionResult>;
}

export const EID_SCOPE = "openid profile citizen";

const isCalendarDate = (value: string) => {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
};

/** The claims the portal needs (ID token and UserInfo together), as VNeID's `citizen` scope delivers them. */
const claimsSchema = z.object({
  sub: z.string().min(1).max(255),
  cccd: z.string().regex(/^\d{12}$/, "CCCD must be 12 digits"),
  name: z.string().trim().min(1).max(200),
  birthdate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine(isCalendarDate, "birthdate is not a calendar date"),
  // OpenID Connect's address claim is an object ({ formatted, … }); a plain string is accepted as well.
  address: z
    .union([z.string(), z.object({ formatted: z.string() })])
    .transform((a) => (typeof a === "string" ? a : a.formatted).trim())
    .pipe(z.string().min(1).max(500)),
  verification_level: z.string().trim().min(1).max(50),
});

function identityFrom(issuer: string, claims: Record<string, unknown>): { ok: true; identity: EidIdentity } | { ok: false; detail: string } {
  const parsed = claimsSchema.safeParse(claims);
  if (!parsed.success) {
    return { ok: false, detail: parsed.error.issues.map((i) => `${i.path.join(".") || "claims"}: ${i.message}`).join("; ") };
  }
  const c = parsed.data;
  return {
    ok: true,
    identity: { issuer, subject: c.sub, cccd: c.cccd, fullName: c.name, birthDate: c.birthdate, address: c.address, level: c.verification_level },
  };
}

/**
 * The address that signs the visitor out at the provider: its end_session_endpoint with id_token_hint,
 * post_logout_redirect_uri, state and client_id (and ui_locales). The endpoint must be on the issuer's origin: the
 * portal's Content-Security-Policy lets a form lead only there (form-action, decision 0010), and a sign-out is a form.
 */
export function endSessionUrlOf(
  metadata: { issuer: string; end_session_endpoint?: string | undefined },
  clientId: string,
  request: EidEndSessionRequest,
): EidEndSessionResult {
  const endpoint = metadata.end_session_endpoint;
  if (!endpoint) return { ok: false, reason: "notSupported", detail: "the provider publishes no end_session_endpoint" };
  if (!URL.canParse(endpoint) || !URL.canParse(metadata.issuer)) return { ok: false, reason: "notSupported", detail: `end_session_endpoint is not a URL: ${endpoint}` };
  const url = new URL(endpoint);
  if (url.origin !== new URL(metadata.issuer).origin) {
    return { ok: false, reason: "notSupported", detail: `end_session_endpoint ${url.origin} is not on the issuer's origin` };
  }
  url.searchParams.set("id_token_hint", request.idTokenHint);
  url.searchParams.set("post_logout_redirect_uri", request.postLogoutRedirectUri);
  url.searchParams.set("state", request.state);
  url.searchParams.set("client_id", clientId);
  if (request.uiLocales) url.searchParams.set("ui_locales", request.uiLocales);
  return { ok: true, url: url.href };
}

const NETWORK_CODES = /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/;

function isNetworkFailure(error: unknown): boolean {
  if (error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError")) return true;
  if (error instanceof TypeError) {
    const cause = (error as { cause?: { code?: unknown } }).cause;
    return error.message === "fetch failed" || (typeof cause?.code === "string" && NETWORK_CODES.test(cause.code));
  }
  return false;
}

/** Sorts any error of the flow into one of the reasons the portal explains to the visitor. */
export function failureOf(error: unknown): { ok: false; reason: EidFailureReason; detail: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (isNetworkFailure(error)) return { ok: false, reason: "unreachable", detail: message };
  if (error instanceof oidc.AuthorizationResponseError) {
    const detail = `${error.error}${error.error_description ? `: ${error.error_description}` : ""}`;
    return { ok: false, reason: error.error === "access_denied" ? "cancelled" : "providerError", detail };
  }
  if (error instanceof oidc.ResponseBodyError) {
    return { ok: false, reason: "providerError", detail: `${error.error}${error.error_description ? `: ${error.error_description}` : ""}` };
  }
  if (error instanceof oidc.WWWAuthenticateChallengeError) return { ok: false, reason: "providerError", detail: message };
  if (error instanceof oidc.ClientError) {
    // An HTTP status the protocol does not allow (a 500, a proxy's 502) is the provider's trouble; anything else
    // (a bad signature, nonce, issuer or audience, unparsable JSON) is a response the portal must not trust.
    const reason = error.code === "OAUTH_RESPONSE_IS_NOT_CONFORM" ? "providerError" : "invalidResponse";
    return { ok: false, reason, detail: `${error.code ?? "error"}: ${message}` };
  }
  return { ok: false, reason: "providerError", detail: message };
}

function sameSecret(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given, "utf8");
  const b = Buffer.from(expected, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createOidcClient(options: OidcClientOptions): OidcClient {
  const issuer = new URL(options.issuer);
  const redirectUri = new URL(options.redirectUri);
  const timeout = options.timeoutSeconds ?? 10;
  let configuration: Promise<oidc.Configuration> | null = null;
  const fetchMetadata = (seconds: number) =>
    oidc.discovery(issuer, options.clientId, options.clientSecret, undefined, {
      timeout: seconds,
      execute: issuer.protocol === "http:" ? [oidc.allowInsecureRequests] : [],
    });

  // Discovered once; a failure is forgotten so that the next attempt discovers again.
  function discover(): Promise<oidc.Configuration> {
    configuration ??= fetchMetadata(timeout)
      .catch((error: unknown) => {
        configuration = null;
        throw error;
      });
    return configuration;
  }

  return {
    issuer: options.issuer,

    async beginSignIn() {
      try {
        const config = await discover();
        const codeVerifier = oidc.randomPKCECodeVerifier();
        const state = oidc.randomState();
        const nonce = oidc.randomNonce();
        const url = oidc.buildAuthorizationUrl(config, {
          redirect_uri: redirectUri.href,
          scope: EID_SCOPE,
          response_type: "code",
          code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
          code_challenge_method: "S256",
          state,
          nonce,
        });
        return { ok: true, url: url.href, state, nonce, codeVerifier };
      } catch (error) {
        const failure = failureOf(error);
        return { ok: false, reason: failure.reason === "unreachable" ? "unreachable" : "providerError", detail: failure.detail };
      }
    },

    async completeSignIn(callbackUrl, expected) {
      // The state is checked first, before any error the response carries: a response to someone else's request
      // (or to none) is refused whatever it says.
      const states = callbackUrl.searchParams.getAll("state");
      if (states.length !== 1 || !sameSecret(states[0] ?? null, expected.state)) {
        return { ok: false, reason: "stateMismatch", detail: states.length === 0 ? "no state in the response" : "state differs" };
      }
      // Redeem against the registered redirect URI (the address the server saw may differ behind a proxy).
      const currentUrl = new URL(redirectUri.href);
      currentUrl.search = callbackUrl.search;
      try {
        const config = await discover();
        const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
          pkceCodeVerifier: expected.codeVerifier,
          expectedState: expected.state,
          expectedNonce: expected.nonce,
          idTokenExpected: true,
        });
        const idClaims = tokens.claims();
        if (!idClaims || !tokens.id_token) return { ok: false, reason: "invalidResponse", detail: "no ID token" };
        const userInfo = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        const result = identityFrom(idClaims.iss, { ...idClaims, ...userInfo, sub: idClaims.sub });
        return result.ok ? { ...result, idToken: tokens.id_token } : { ok: false, reason: "invalidResponse", detail: result.detail };
      } catch (error) {
        return failureOf(error);
      }
    },

    async endSessionUrl(request) {
      // Fresh metadata rather than the cached discovery: it tells whether the provider answers now (when it does not,
      // the visitor is not sent to a dead address) and where its end-session endpoint is today.
      try {
        const metadata = (await fetchMetadata(options.signOutTimeoutSeconds ?? 3)).serverMetadata();
        return endSessionUrlOf(metadata, options.clientId, request);
      } catch (error) {
        const failure = failureOf(error);
        return { ok: false, reason: failure.reason === "unreachable" ? "unreachable" : "providerError", detail: failure.detail };
      }
    },
  };
}

/**
 * The origin a form may lead to besides the portal's own (CSP form-action): the eID provider's, when eID sign-in is
 * on. A sign-out POST ends with a redirect to the provider's end-session endpoint, which form-action governs.
 */
export function eidFormActionOrigins(env: Env): string[] {
  const options = eidOptionsFromEnv(env);
  return options ? [new URL(options.issuer).origin] : [];
}

/** The eID settings from the configuration, or null when eID sign-in is off (VNEID_ISSUER unset). */
export function eidOptionsFromEnv(env: Env): OidcClientOptions | null {
  if (!env.VNEID_ISSUER || !env.VNEID_CLIENT_SECRET) return null;
  return {
    issuer: env.VNEID_ISSUER,
    clientId: env.VNEID_CLIENT_ID ?? "cong-dvc-ha-giang",
    clientSecret: env.VNEID_CLIENT_SECRET,
    redirectUri: env.VNEID_REDIRECT_URI ?? `http://localhost:${env.PORT}/sign-in/vneid/callback`,
  };
}

let shared: { client: OidcClient | null } | undefined;

/** The portal's eID client (one per process), or null when eID sign-in is not configured. */
export function eidClient(): OidcClient | null {
  if (!shared) {
    const options = eidOptionsFromEnv(loadEnv());
    shared = { client: options ? createOidcClient(options) : null };
  }
  return shared.client;
}
