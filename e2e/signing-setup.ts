// The e2e server runs as in production (NODE_ENV=production), where the portal signs results only with configured
// keys. Before it starts, this makes what a province's administrator would install: a CA of the e2e run, one signing
// key and certificate for every agency (SIGNING_KEYS_DIR/default.key.pem + default.chain.pem), and that CA added to
// the portal's trust store as an administrator would add it (a trust_store_changes row, the certificate's bytes in
// the blob store) with its CRL in the offline cache, so that the results the portal signs verify on its public page.
//   npx tsx e2e/signing-setup.ts <DATA_DIR> <SIGNING_KEYS_DIR>
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { parseCertificate } from "../app/domain/signatures/certificate.server";
import { issueCertificate, issueCrl } from "../app/domain/signatures/issuing.server";
import { OID } from "../app/domain/signatures/oids";
import { nodeSigningKey } from "../app/domain/signatures/signing-key.server";
import { fingerprintKey, issuerHash } from "../app/domain/signatures/trust-config.server";
import { createDiskBlobStore } from "../app/platform/blob-store.server";
import { createDb } from "../app/platform/db.server";

const YEAR = 365 * 86_400_000;

async function main(dataDir: string, keysDir: string) {
  const now = new Date();
  const root = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  const ca = await issueCertificate({
    subject: { country: "VN", stateOrProvince: "Hà Giang", organization: "Kiểm thử tự động", commonName: "CA kiểm thử e2e — Cổng Dịch vụ công" },
    publicKey: root,
    selfSignKey: nodeSigningKey(root),
    notBefore: new Date(now.getTime() - 86_400_000),
    notAfter: new Date(now.getTime() + 5 * YEAR),
    ca: { pathLength: 0 },
    keyUsage: ["keyCertSign", "cRLSign"],
  });
  const key = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  const leaf = await issueCertificate({
    subject: { country: "VN", stateOrProvince: "Hà Giang", organization: "Kiểm thử tự động", commonName: "Cơ quan kiểm thử e2e" },
    publicKey: key,
    issuer: { key: nodeSigningKey(root), certificate: ca.der },
    notBefore: new Date(now.getTime() - 86_400_000),
    notAfter: new Date(now.getTime() + 2 * YEAR),
    keyUsage: ["digitalSignature", "nonRepudiation"],
    extendedKeyUsage: [OID.documentSigning],
  });
  await mkdir(keysDir, { recursive: true, mode: 0o700 });
  await writeFile(join(keysDir, "default.key.pem"), key.export({ type: "pkcs8", format: "pem" }).toString(), { mode: 0o600 });
  await writeFile(join(keysDir, "default.chain.pem"), leaf.pem + ca.pem);

  // The CA's current CRL (nothing revoked), as an administrator puts it in the offline cache.
  const crl = await issueCrl({ issuer: { key: nodeSigningKey(root), certificate: ca.der }, thisUpdate: new Date(now.getTime() - 3_600_000), nextUpdate: new Date(now.getTime() + 7 * 86_400_000), number: 1, revoked: [] });

  const blobs = createDiskBlobStore(join(dataDir, "files"));
  const staged = await blobs.stage(Readable.from([ca.der]), { maxBytes: 1_000_000 });
  await staged.commit();
  const stagedCrl = await blobs.stage(Readable.from([crl.der]), { maxBytes: 1_000_000 });
  await stagedCrl.commit();
  const db = createDb({ engine: "sqlite", file: join(dataDir, "portal.db") });
  try {
    await db
      .insertInto("trust_store_changes")
      .values({
        id: randomUUID(),
        fingerprint: fingerprintKey(ca.x509.fingerprint256),
        action: "add",
        role: "anchor",
        sha256: staged.sha256,
        subject: ca.x509.subject.split("\n").join(", "),
        not_after: new Date(ca.x509.validTo).toISOString(),
        note: "e2e",
        changed_by: null,
        changed_at: now.toISOString(),
      })
      .execute();
    await db
      .insertInto("crls")
      .values({
        id: randomUUID(),
        issuer_hash: issuerHash(parseCertificate(ca.der).subjectDer),
        issuer: ca.x509.subject.split("\n").join(", "),
        this_update: new Date(now.getTime() - 3_600_000).toISOString(),
        next_update: new Date(now.getTime() + 7 * 86_400_000).toISOString(),
        revoked_count: 0,
        sha256: stagedCrl.sha256,
        size_bytes: stagedCrl.size,
        source: "administrator",
        added_by: null,
        added_at: now.toISOString(),
      })
      .execute();
  } finally {
    await db.destroy();
  }
}

const [dataDir, keysDir] = process.argv.slice(2);
if (!dataDir || !keysDir) {
  console.error("usage: tsx e2e/signing-setup.ts <DATA_DIR> <SIGNING_KEYS_DIR>");
  process.exit(2);
}
main(dataDir, keysDir).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
