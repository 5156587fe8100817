// The effective trust store (shipped ∪ added − removed, latest change wins) and the CRL cache as a CRL source, on
// both databases, with certificates the project issues itself.
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { engines, migratedDatabase } from "../../../db/testing";
import { createDiskBlobStore, type BlobStore } from "../../platform/blob-store.server";
import { parseCertificate } from "./certificate.server";
import { issueCertificate, issueCrl } from "./issuing.server";
import { nodeSigningKey } from "./signing-key.server";
import { crlCacheSource, effectiveTrustStore, fingerprintKey, issuerHash } from "./trust-config.server";
import { insertCrl, insertTrustChange } from "./trust.repo.server";
import { defaultTrustStore } from "./trust-store.server";

const NOW = new Date("2026-12-01T02:00:00.000Z");
const YEAR = 365 * 86_400_000;

async function makeCa(commonName: string) {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const key = nodeSigningKey(privateKey);
  const cert = await issueCertificate({
    subject: { country: "VN", organization: "Thử nghiệm", commonName },
    publicKey: privateKey,
    selfSignKey: key,
    notBefore: new Date(NOW.getTime() - YEAR),
    notAfter: new Date(NOW.getTime() + 10 * YEAR),
    ca: {},
    keyUsage: ["keyCertSign", "cRLSign"],
  });
  return { key, cert, certificate: cert.der };
}

describe.each(engines)("the trust store and the CRL cache on %s", (engine) => {
  let ctx: Awaited<ReturnType<typeof migratedDatabase>>;
  let dir: string;
  let blobs: BlobStore;
  beforeEach(async () => {
    ctx = await migratedDatabase(engine);
    dir = await mkdtemp(join(tmpdir(), "trust-"));
    blobs = createDiskBlobStore(dir);
  });
  afterEach(async () => {
    await ctx.close();
    await rm(dir, { recursive: true, force: true });
  });

  const put = async (bytes: Buffer) => {
    const staged = await blobs.stage(Readable.from([bytes]), { maxBytes: 10_000_000 });
    await staged.commit();
    return staged.sha256;
  };
  let seq = 0;
  const change = (row: { fingerprint: string; action: "add" | "remove"; role?: "anchor" | "intermediate" | null; sha256?: string | null; at: Date }) =>
    insertTrustChange(ctx.db, {
      id: `00000000-0000-7000-8000-${String(++seq).padStart(12, "0")}`,
      fingerprint: row.fingerprint,
      action: row.action,
      role: row.role ?? null,
      sha256: row.sha256 ?? null,
      subject: "CN=x",
      not_after: null,
      note: null,
      changed_by: null,
      changed_at: row.at.toISOString(),
    });

  it("starts from the shipped Vietnamese roots and intermediates", async () => {
    const shipped = defaultTrustStore();
    const effective = await effectiveTrustStore(ctx.db, blobs);
    expect(effective.anchors.map((c) => c.fingerprint256).sort()).toEqual(shipped.anchors.map((c) => c.fingerprint256).sort());
    expect(effective.intermediates).toHaveLength(shipped.intermediates.length);
    expect(effective.anchors.length).toBeGreaterThanOrEqual(2);
  });

  it("adds what an administrator added, removes what one removed, and the latest change of a certificate wins", async () => {
    const ca = await makeCa("CA thêm vào");
    const fp = fingerprintKey(ca.cert.x509.fingerprint256);
    const sha = await put(ca.cert.der);
    await change({ fingerprint: fp, action: "add", role: "anchor", sha256: sha, at: NOW });
    const shippedRoot = defaultTrustStore().anchors[0]!;
    await change({ fingerprint: fingerprintKey(shippedRoot.fingerprint256), action: "remove", at: NOW });

    let effective = await effectiveTrustStore(ctx.db, blobs);
    const fps = effective.anchors.map((c) => fingerprintKey(c.fingerprint256));
    expect(fps).toContain(fp);
    expect(fps).not.toContain(fingerprintKey(shippedRoot.fingerprint256));

    // Removed later: gone again; the shipped root put back by a later addition as an intermediate.
    await change({ fingerprint: fp, action: "remove", at: new Date(NOW.getTime() + 1000) });
    await change({ fingerprint: fingerprintKey(shippedRoot.fingerprint256), action: "add", role: "intermediate", sha256: await put(shippedRoot.der), at: new Date(NOW.getTime() + 2000) });
    effective = await effectiveTrustStore(ctx.db, blobs);
    expect(effective.anchors.map((c) => fingerprintKey(c.fingerprint256))).not.toContain(fp);
    expect(effective.intermediates.map((c) => fingerprintKey(c.fingerprint256))).toContain(fingerprintKey(shippedRoot.fingerprint256));
  });

  it("takes extra anchors (the demo CA outside production), and skips a stored certificate whose bytes are lost", async () => {
    const demo = await makeCa("CA thử nghiệm");
    const lost = await makeCa("Mất");
    await change({ fingerprint: fingerprintKey(lost.cert.x509.fingerprint256), action: "add", role: "anchor", sha256: "0".repeat(64), at: NOW });
    const effective = await effectiveTrustStore(ctx.db, blobs, { extraAnchorsPem: [demo.cert.pem] });
    const fps = effective.anchors.map((c) => c.fingerprint256);
    expect(fps).toContain(demo.cert.x509.fingerprint256);
    expect(fps).not.toContain(lost.cert.x509.fingerprint256);
  });

  it("answers the verifier's CRL queries from the cache by the certificate's issuer, newest first", async () => {
    const ca = await makeCa("CA có CRL");
    const other = await makeCa("CA khác");
    const issuerDer = parseCertificate(ca.cert.der).subjectDer;
    const older = await issueCrl({ issuer: ca, thisUpdate: new Date(NOW.getTime() - 2 * 86_400_000), nextUpdate: new Date(NOW.getTime() + 5 * 86_400_000), number: 1, revoked: [] });
    const newer = await issueCrl({ issuer: ca, thisUpdate: new Date(NOW.getTime() - 86_400_000), nextUpdate: new Date(NOW.getTime() + 6 * 86_400_000), number: 2, revoked: [] });
    const foreign = await issueCrl({ issuer: other, thisUpdate: NOW, nextUpdate: new Date(NOW.getTime() + 86_400_000), number: 1, revoked: [] });
    for (const [i, crl, issuer] of [
      [1, older, issuerDer],
      [2, newer, issuerDer],
      [3, foreign, parseCertificate(other.cert.der).subjectDer],
    ] as const) {
      const sha256 = await put(crl.der);
      const row = { id: `c${i}`, issuer_hash: issuerHash(issuer), issuer: "CN=x", this_update: new Date(NOW.getTime() - (3 - i) * 86_400_000).toISOString(), next_update: null, revoked_count: 0, sha256, size_bytes: crl.der.length, source: "administrator" as const, added_by: null, added_at: NOW.toISOString() };
      expect(await insertCrl(ctx.db, row)).toBe(true);
      expect(await insertCrl(ctx.db, { ...row, id: `d${i}` })).toBe(false); // the same list twice: kept once
    }
    const source = crlCacheSource(ctx.db, blobs);
    const found = await source({ issuerDer, distributionPoints: [], serialNumber: "01" });
    expect(found.map((d) => Buffer.from(d).equals(newer.der))).toEqual([true, false]);
    expect(Buffer.from(found[1]!).equals(older.der)).toBe(true);
  });
});
