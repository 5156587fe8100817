import { randomBytes } from "node:crypto";

// HTTP security policy for every response: a per-request CSP nonce, strict headers, and a same-origin
// check on every state-changing request (CSRF defence in depth; see docs/decisions/0004-csrf.md).

export function createNonce(): string {
  return randomBytes(16).toString("base64");
}

export interface PolicyOptions {
  dev?: boolean;
  /**
   * Origins a form may lead to besides the portal's own: the eID provider's, whose end-session endpoint a sign-out
   * POST redirects to (browsers apply form-action to a form's redirects too). From configuration, never a request.
   */
  formActionOrigins?: readonly string[];
}

/** The policy of a response; `nonce` null for a page with no inline script at all (a page replayed from the cache). */
export function contentSecurityPolicy(nonce: string | null, options: PolicyOptions = {}): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // The application's own script files ('self': bundles and the small enhancement scripts of plain-HTML pages,
    // which therefore need no nonce and can be cached) and inline scripts carrying this response's nonce. Uploaded
    // files are never served as scripts (attachment, their own type, nosniff).
    "script-src": nonce === null ? ["'self'"] : ["'self'", `'nonce-${nonce}'`],
    // Vite injects <style> tags while developing; the production build ships only stylesheet files.
    "style-src": options.dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": options.dev ? ["'self'", "ws:"] : ["'self'"],
    "form-action": ["'self'", ...(options.formActionOrigins ?? [])],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
  };
  if (!options.dev) directives["upgrade-insecure-requests"] = [];
  return Object.entries(directives)
    .map(([name, values]) => [name, ...values].join(" "))
    .join("; ");
}

export function securityHeaders(nonce: string, options: PolicyOptions & { https?: boolean } = {}): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": contentSecurityPolicy(nonce, options),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(self), interest-cohort=()",
  };
  if (options.https) headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  return headers;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * May this request change state? Browsers send Origin (and Sec-Fetch-Site) on every POST; a request
 * that names another site is refused. Clients that send neither (curl, monitoring) are not browsers
 * and cannot carry a victim's cookies across sites, so they pass.
 */
export function isCrossSiteMutation(
  method: string,
  headers: { origin?: string | undefined; secFetchSite?: string | undefined },
  expectedOrigin: string,
): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  const site = headers.secFetchSite?.toLowerCase();
  if (site && site !== "same-origin" && site !== "none") return true;
  if (headers.origin && headers.origin !== "null" && headers.origin !== expectedOrigin) return true;
  if (headers.origin === "null") return true;
  return false;
}
