// A PDF signed as a citizen's or a business's signing software would sign it, for journeys that upload a document
// the procedure marks "signature required". It is signed with the key and certificate e2e/signing-setup.ts installed
// (its CA is in the e2e server's trust store, with a CRL), through the portal's own PAdES signer.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TFunction } from "i18next";
import { createAgencyKeyStore, signingConfig } from "../app/domain/signatures/agency-keys.server";
import { signPdf } from "../app/domain/signatures/sign-pdf.server";
import { openssl, pdfSignatures, tempDir } from "../app/domain/signatures/signing.fixture.server";

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

/**
 * `openssl cms -verify`'s exit status for every signature of a PDF the e2e server signed: each CMS over the bytes its
 * ByteRange covers, chained to the e2e run's CA (the last certificate of the installed chain). 0 is accepted.
 */
export function opensslVerifiesResult(pdf: Buffer): number[] {
  const chain = readFileSync(join(root, `${DATA_DIR}-signing`, "default.chain.pem"), "utf8");
  const ca = chain.slice(chain.lastIndexOf("-----BEGIN CERTIFICATE-----"));
  const tmp = tempDir();
  try {
    const caFile = tmp.file("ca.pem", ca);
    return pdfSignatures(pdf).map((s, n) => {
      const verdict = openssl(["cms", "-verify", "-binary", "-inform", "DER", "-in", tmp.file(`s${n}.p7s`, s.cms), "-content", tmp.file(`s${n}.bin`, s.signed), "-CAfile", caFile, "-purpose", "any", "-out", "/dev/null"]);
      if (verdict.status !== 0) console.error(verdict.stderr);
      return verdict.status;
    });
  } finally {
    tmp.cleanup();
  }
}
