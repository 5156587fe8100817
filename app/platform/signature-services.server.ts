import type { AppLoadContext } from "@remix-run/node";
import type { TFunction } from "i18next";
import { createAgencyKeyStore, signingConfig, type AgencyKeyStore } from "../domain/signatures/agency-keys.server";
import type { SignatureChecker } from "../domain/files/signature-check.server";
import type { VerifyOptions } from "../domain/signatures/context.server";
import { verifyDetached, verifyPdf } from "../domain/signatures/verify.server";
import { crlCacheSource, effectiveTrustStore } from "../domain/signatures/trust-config.server";
import type { Env } from "./env.server";
import { createServerI18n } from "./i18n.server";

// The platform's side of digital signatures (issue 7): each agency's signing identity (configured keys, or the demo
// CA outside production: app/domain/signatures/agency-keys.server.ts), made once per process and carried in the load
// context as `signing`; and what every verification runs against — the effective trust store (shipped roots with
// the administrators' changes, plus the demo root when signing is in demo mode) and the offline CRL cache.

/** The province's name in the demo CA's certificates ("CA thử nghiệm — Cổng Dịch vụ công Hà Giang"). */
const PROVINCE = "Hà Giang";

export function createSigning(env: Pick<Env, "NODE_ENV" | "DATA_DIR" | "SIGNING_KEYS_DIR" | "SIGNING_RSA_PADDING" | "SIGNING_KEY_PASSWORD" | "SIGNING_TSA_URL">): AgencyKeyStore {
  let texts: Promise<TFunction> | null = null;
  const store = (fixed: TFunction) => createAgencyKeyStore(signingConfig(env), { t: fixed, province: PROVINCE });
  // The key store needs its Vietnamese texts (the demo certificates' names): loaded on first use.
  let ready: Promise<AgencyKeyStore> | null = null;
  const get = () => (ready ??= (texts ??= createServerI18n("vi", ["signing"]).then((i18n) => i18n.getFixedT("vi", "signing"))).then(store));
  return {
    mode: signingConfig(env).mode,
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

/** The verifier as uploads use it (app/domain/files/signature-check.server.ts): each PDF and .p7s checked at upload. */
export function signatureChecker(context: Pick<AppLoadContext, "db" | "blobs" | "signing">): SignatureChecker {
  return { options: (at) => verificationOptions(context, at), verifyPdf, verifyDetached };
}
