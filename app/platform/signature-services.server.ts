import type { AppLoadContext } from "@remix-run/node";
import type { TFunction } from "i18next";
import { createAgencyKeyStore, signingConfig, type AgencyKeyStore } from "../domain/signatures/agency-keys.server";
import { timestampAuthorityFor } from "../domain/signatures/sign.server";
import type { TimestampAuthority } from "../domain/signatures/tsa-client.server";
import type { VerifyOptions } from "../domain/signatures/context.server";
import { crlCacheSource, effectiveTrustStore } from "../domain/signatures/trust-config.server";
import type { Env } from "./env.server";
import i18next from "i18next";
import viSigning from "../../locales/vi/signing.json";

// The platform's side of digital signatures (issue 7): each agency's signing identity (configured keys, or the demo
// CA outside production: app/domain/signatures/agency-keys.server.ts), made once per process and carried in the load
// context as `signing`; and what every verification runs against — the effective trust store (shipped roots with
// the administrators' changes, plus the demo root when signing is in demo mode) and the offline CRL cache.

/** The province's name in the demo CA's certificates ("CA thử nghiệm — Cổng Dịch vụ công Hà Giang"). */
export const PROVINCE = "Hà Giang";

/** The agencies' signing identities, and the time-stamp authority when SIGNING_TSA_URL is set. */
export type PortalSigning = AgencyKeyStore & { timestamp?: TimestampAuthority };

export function createSigning(env: Pick<Env, "NODE_ENV" | "DATA_DIR" | "SIGNING_KEYS_DIR" | "SIGNING_RSA_PADDING" | "SIGNING_KEY_PASSWORD" | "SIGNING_TSA_URL">): PortalSigning {
  // The demo certificates' names, in Vietnamese. Read from the locale file itself: app/server.ts runs this outside
  // Vite (tsx), where app/platform/i18n.server.ts (import.meta.glob) cannot load.
  let ready: Promise<AgencyKeyStore> | null = null;
  const get = () =>
    (ready ??= (async () => {
      const i18n = i18next.createInstance();
      await i18n.init({ lng: "vi", fallbackLng: false, ns: ["signing"], defaultNS: "signing", resources: { vi: { signing: viSigning } }, interpolation: { escapeValue: false } });
      return createAgencyKeyStore(signingConfig(env), { t: i18n.getFixedT("vi", "signing") as TFunction, province: PROVINCE });
    })());
  const config = signingConfig(env);
  return {
    mode: config.mode,
    timestamp: timestampAuthorityFor(config),
    forAgency: async (agency, at) => (await get()).forAgency(agency, at),
    demoRootPem: async () => (await get()).demoRootPem(),
  };
}

/** What a verification runs against now (the trust store is read afresh: an administrator's change applies at once). */
export async function verificationOptions(context: Pick<AppLoadContext, "db" | "blobs" | "signing">, at?: Date): Promise<VerifyOptions> {
  const demoRoot = await context.signing.demoRootPem();
  return {
    trust: await effectiveTrustStore(context.db, context.blobs, { extraAnchorsPem: demoRoot ? [demoRoot] : [] }),
    crls: crlCacheSource(context.db, context.blobs),
    ...(at ? { at } : {}),
  };
}
