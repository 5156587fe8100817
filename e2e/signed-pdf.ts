// A PDF signed as a citizen's or a business's signing software would sign it, for journeys that upload a document
// the procedure marks "signature required". It is signed with the key and certificate e2e/signing-setup.ts installed
// (its CA is in the e2e server's trust store, with a CRL), through the portal's own PAdES signer.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TFunction } from "i18next";
import { createAgencyKeyStore, signingConfig } from "../app/domain/signatures/agency-keys.server";
import { signPdf } from "../app/domain/signatures/sign-pdf.server";

const root = fileURLToPath(new URL("..", import.meta.url));
const DATA_DIR = process.env.E2E_DATA_DIR ?? "data/e2e";

/** `pdf` signed by the e2e run's certificate (an incremental update; the bytes before it are unchanged). */
export async function signedForE2e(pdf: Uint8Array): Promise<Buffer> {
  // Configured keys only (never the demo CA): the texts the key store uses for demo certificates are not needed.
  const noTexts = ((key: string) => key) as unknown as TFunction;
  const keys = createAgencyKeyStore(signingConfig({ NODE_ENV: "production", DATA_DIR: join(root, DATA_DIR), SIGNING_KEYS_DIR: join(root, `${DATA_DIR}-signing`), SIGNING_RSA_PADDING: "pss" }), { t: noTexts, province: "Hà Giang" });
  const identity = await keys.forAgency({ code: "e2e", name: "Công ty TNHH Chè Cao Bồ" });
  return (await signPdf(Buffer.from(pdf), { signer: identity.signer, name: "Công ty TNHH Chè Cao Bồ", reason: "Ký văn bản đề nghị" })).pdf;
}
