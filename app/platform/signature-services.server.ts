import type { AppLoadContext } from "@remix-run/node";
import { createInstance, type TFunction } from "i18next";
import viSigning from "../../locales/vi/signing.json" with { type: "json" };
import { createAgencyKeyStore, signingConfig, type AgencyKeyStore } from "../domain/signatures/agency-keys.server";
import { timestampAuthorityFor } from "../domain/signatures/sign.server";
import type { TimestampAuthority } from "../domain/signatures/tsa-client.server";
import type { VerifyOptions } from "../domain/signatures/context.server";
import type { PublicVerificationDeps } from "../domain/signatures/public-verification.server";
import type { SignatureChecker } from "../domain/files/signature-check.server";
import { crlCacheSource, effectiveTrustStore } from "../domain/signatures/trust-config.server";
import { verifyDetached, verifyPdf } from "../domain/signatures/verify.server";
import type { Env } from "./env.server";

// The platform's side of digital signatures (issue 7): each agency's signing identity (configured keys, or the demo
// CA outside production: app/domain/signatures/agency-keys.server.ts), made once per process and carried in the load
// context as `signing`; and what every verification runs against — the effective trust store (shipped roots with
// the administrators' changes, plus the demo root when signing is in demo mode) and the offline CRL cache.

/** The province's name in the demo CA's certificates ("CA thử nghiệm — Cổng Dịch vụ công Hà Giang"). */
export const PROVINCE = "Hà Giang";

/** The agencies' signing identities, and the time-stamp authority when SIGNING_TSA_URL is set. */
export type PortalSigning = AgencyKeyStore & { timestamp?: TimestampAuthority };

/**
 * The "signing" texts in Vietnamese, from the JSON itself: this module is loaded by app/server.ts outside Vite, where
 * i18n.server.ts (import.meta.glob) cannot run.
 */
async function signingTexts(): Promise<TFunction> {
  const i18n = createInstance();
  await i18n.init({ lng: "vi", fallbackLng: "vi", ns: ["signing"], defaultNS: "signing", resources: { vi: { signing: viSigning } }, interpolation: { escapeValue: false } });
  return i18n.getFixedT("vi", "signing");
}

export function createSigning(env: Pick<Env, "NODE_ENV" | "DATA_DIR" | "SIGNING_KEYS_DIR" | "SIGNING_RSA_PADDING" | "SIGNING_KEY_PASSWORD" | "SIGNING_TSA_URL">): PortalSigning {
  let texts: Promise<TFunction> | null = null;
  const store = (fixed: TFunction) => createAgencyKeyStore(signingConfig(env), { t: fixed, province: PROVINCE });
  // The key store needs its Vietnamese texts (the demo certificates' names): loaded on first use.
  let ready: Promise<AgencyKeyStore> | null = null;
  const get = () => (ready ??= (texts ??= signingTexts()).then(store));
  const config = signingConfig(env);
  return {
    mode: config.mode,
    timestamp: timestampAuthorityFor(config),
    forAgency: async (agency, at) => (await get()).forAgency(agency, at),
    demoRootPem: async () => (await get()).demoRootPem(),
    demoCrl: async (at) => (await get()).demoCrl?.(at) ?? null,
  };
}

/** What a verification runs against now (the trust store is read afresh: an administrator's change applies at once). */
export async function verificationOptions(context: Pick<AppLoadContext, "db" | "blobs" | "signing">, at?: Date): Promise<VerifyOptions> {
  const demoRoot = await context.signing.demoRootPem();
  const cache = crlCacheSource(context.db, context.blobs);
  // The demo CA (outside production) publishes its own CRL: without it every demo signature would be INDETERMINATE
  // (revocation unknown). The verifier checks issuer, signature and freshness as for any CRL.
  const demoCrl = demoRoot ? await context.signing.demoCrl?.(at) : null;
  return {
    trust: await effectiveTrustStore(context.db, context.blobs, { extraAnchorsPem: demoRoot ? [demoRoot] : [] }),
    crls: demoCrl ? async (query) => [...(await cache(query)), demoCrl] : cache,
    ...(at ? { at } : {}),
  };
}

/** The public verification page's seams: the verifier with the options of the moment, limited per address. */
export function publicVerificationDeps(context: Pick<AppLoadContext, "db" | "blobs" | "signing" | "clientIp" | "rateLimits">): PublicVerificationDeps {
  return {
    db: context.db,
    blobs: context.blobs,
    verify: async (pdf) => verifyPdf(pdf, await verificationOptions(context)),
    limit: { policy: context.rateLimits.publicVerificationIp, ip: context.clientIp ?? "unknown" },
  };
}

/** The verifier as uploads use it (app/domain/files/signature-check.server.ts): each PDF and .p7s checked at upload. */
export function signatureChecker(context: Pick<AppLoadContext, "db" | "blobs" | "signing">): SignatureChecker {
  return { options: (at) => verificationOptions(context, at), verifyPdf, verifyDetached };
}
