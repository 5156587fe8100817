// What the portal verifies against (issue 7, part 2): the shipped Vietnamese roots and intermediates
// (./trust, the default), changed by what administrators added or removed (trust_store_changes, the latest change of
// a fingerprint wins), plus — outside production only — the demo agency CA's root, so the portal's own demo results
// verify. CRLs come from the files themselves and from the offline cache (crls), read by the certificate's issuer.
// Certificates and CRLs are bytes in the blob store, under their SHA-256.
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { parseCertificate, type Certificate } from "./certificate.server";
import type { CrlSource } from "./context.server";
import { crlsOfIssuer, latestTrustChanges } from "./trust.repo.server";
import { certificatesFromFile, defaultTrustStore, type TrustStore } from "./trust-store.server";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";

/** What this needs of the blob store (app/platform/blob-store.server.ts's BlobStore has it). */
export interface BlobReader {
  open(sha256: string): Readable;
}

export async function readBlob(blobs: BlobReader, sha256: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of blobs.open(sha256)) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** "AB:CD:…" (X509Certificate's form) → 64 lower-case hex digits, the form stored in trust_store_changes. */
export const fingerprintKey = (fingerprint256: string) => fingerprint256.replace(/:/g, "").toLowerCase();

export interface TrustOptions {
  /** Extra anchors as PEM (the demo agency CA's root outside production). */
  extraAnchorsPem?: readonly string[];
}

/** The effective trust store now: shipped ∪ added − removed (+ extra anchors). A stored certificate that cannot be read is skipped. */
export async function effectiveTrustStore(db: Kysely<Database>, blobs: BlobReader, options: TrustOptions = {}): Promise<TrustStore> {
  const shipped = defaultTrustStore();
  const changes = await latestTrustChanges(db);
  const removed = new Set(changes.filter((c) => c.action === "remove").map((c) => c.fingerprint));
  const anchors = new Map<string, Certificate>();
  const intermediates = new Map<string, Certificate>();
  for (const c of shipped.anchors) anchors.set(fingerprintKey(c.fingerprint256), c);
  for (const c of shipped.intermediates) intermediates.set(fingerprintKey(c.fingerprint256), c);
  for (const change of changes) {
    if (change.action !== "add" || !change.sha256) continue;
    try {
      const cert = parseCertificate(await readBlob(blobs, change.sha256));
      const key = fingerprintKey(cert.fingerprint256);
      anchors.delete(key);
      intermediates.delete(key);
      (change.role === "intermediate" ? intermediates : anchors).set(key, cert);
    } catch {
      // An unreadable stored certificate (a blob lost or damaged) is not trusted; the administrators' page shows it.
    }
  }
  for (const pem of options.extraAnchorsPem ?? []) {
    for (const der of certificatesFromFile(Buffer.from(pem))) {
      const cert = parseCertificate(der);
      anchors.set(fingerprintKey(cert.fingerprint256), cert);
    }
  }
  for (const key of removed) {
    anchors.delete(key);
    intermediates.delete(key);
  }
  return { anchors: [...anchors.values()], intermediates: [...intermediates.values()] };
}

/** The SHA-256 of an issuer name's DER: how the CRL cache is keyed. */
export const issuerHash = (issuerDer: Uint8Array) => createHash("sha256").update(issuerDer).digest("hex");

/** The offline CRL cache as the verifier's CRL source: the newest lists of the certificate's issuer. */
export function crlCacheSource(db: Kysely<Database>, blobs: BlobReader): CrlSource {
  return async (query) => {
    const rows = await crlsOfIssuer(db, issuerHash(query.issuerDer));
    const out: Uint8Array[] = [];
    for (const row of rows) {
      try {
        out.push(await readBlob(blobs, row.sha256));
      } catch {
        // A lost blob: the verifier then reports revocation unknown, never a pass.
      }
    }
    return out;
  };
}
