// The trust store's administration on both databases, with certificates and CRLs the project issues itself.
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { engines, migratedDatabase } from "../../../db/testing";
import type { Actor } from "../access/permissions";
import { createDiskBlobStore, type BlobStore } from "../../platform/blob-store.server";
import { issueCertificate, issueCrl, toPem } from "./issuing.server";
import { nodeSigningKey } from "./signing-key.server";
import { addCrlToCache, addTrustCertificate, removeTrustCertificate, restoreTrustCertificate, shippedProvenance, trustStoreView } from "./trust-admin.server";
import { effectiveTrustStore, fingerprintKey } from "./trust-config.server";
import { defaultTrustStore } from "./trust-store.server";

const NOW = new Date("2026-12-01T02:00:00.000Z");
const DAY = 86_400_000;
const YEAR = 365 * DAY;

async function makeCa(commonName: string, options: { ca?: boolean; notAfter?: Date; issuer?: { key: ReturnType<typeof nodeSigningKey>; certificate: Buffer } } = {}) {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const key = nodeSigningKey(privateKey);
  const cert = await issueCertificate({
    subject: { country: "VN", organization: "Thử nghiệm", commonName },
    publicKey: privateKey,
    ...(options.issuer ? { issuer: options.issuer } : { selfSignKey: key }),
    notBefore: new Date(NOW.getTime() - YEAR),
    notAfter: options.notAfter ?? new Date(NOW.getTime() + 10 * YEAR),
    ...(options.ca === false ? {} : { ca: {} }),
    keyUsage: options.ca === false ? ["digitalSignature"] : ["keyCertSign", "cRLSign"],
  });
  return { key, certificate: cert.der, cert };
}

describe.each(engines)("administering the trust store on %s", (engine) => {
  let ctx: Awaited<ReturnType<typeof migratedDatabase>>;
  let dir: string;
  let blobs: BlobStore;
  let admin: Actor;
  const handler: Actor = { kind: "official", userId: "00000000-0000-7000-8000-0000000000ff", roles: [{ agencyId: "a", role: "handler" }] };
  beforeEach(async () => {
    ctx = await migratedDatabase(engine);
    dir = await mkdtemp(join(tmpdir(), "trust-admin-"));
    blobs = createDiskBlobStore(dir);
    const id = "00000000-0000-7000-8000-000000000001";
    const at = NOW.toISOString();
    await ctx.db
      .insertInto("users")
      .values({ id, kind: "official", status: "active", full_name: "Vàng Văn Sính", cccd: null, birth_date: null, email: "sinh@hagiang.gov.vn", phone: null, password_hash: null, email_verified_at: at, eid_verified_at: null, totp_secret: null, totp_confirmed_at: at, totp_last_step: null, created_at: at, updated_at: at })
      .execute();
    admin = { kind: "official", userId: id, roles: [{ agencyId: "a", role: "system_admin" }] };
  });
  afterEach(async () => {
    await ctx.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("lists the shipped certificates with their provenance, and refuses everyone but system administrators", async () => {
    const view = await trustStoreView(ctx.db, blobs, { actor: admin, now: NOW });
    if (!view.ok) throw new Error("forbidden");
    const shipped = defaultTrustStore();
    expect(view.view.entries).toHaveLength(shipped.anchors.length + shipped.intermediates.length);
    expect(view.view.entries.every((e) => e.source === "shipped" && e.provenance !== null)).toBe(true);
    expect(view.view.entries[0]!.role).toBe("anchor");
    expect(shippedProvenance().size).toBe(4);
    expect(await trustStoreView(ctx.db, blobs, { actor: handler })).toEqual({ ok: false, reason: "forbidden" });
    expect(await addTrustCertificate(ctx.db, blobs, { actor: handler, bytes: Buffer.from("x"), role: "anchor" })).toEqual({ ok: false, reason: "forbidden" });
    expect(await removeTrustCertificate(ctx.db, blobs, { actor: handler, fingerprint: "x", note: "x" })).toEqual({ ok: false, reason: "forbidden" });
    expect(await restoreTrustCertificate(ctx.db, blobs, { actor: handler, fingerprint: "x" })).toEqual({ ok: false, reason: "forbidden" });
    expect(await addCrlToCache(ctx.db, blobs, { actor: handler, bytes: Buffer.from("x") })).toEqual({ ok: false, reason: "forbidden" });
    expect(await trustStoreView(ctx.db, blobs, { actor: { kind: "anonymous" } })).toEqual({ ok: false, reason: "forbidden" });
  });

  it("adds a root from a PEM file; the verifier's store then has it; refuses it twice, and what is not a usable certificate", async () => {
    const root = await makeCa("CA gốc thử nghiệm");
    const added = await addTrustCertificate(ctx.db, blobs, { actor: admin, bytes: Buffer.from(root.cert.pem), role: "anchor", note: "Thử nghiệm", now: NOW });
    expect(added).toEqual({ ok: true, fingerprint: fingerprintKey(root.cert.x509.fingerprint256), warning: null });
    const store = await effectiveTrustStore(ctx.db, blobs);
    expect(store.anchors.map((c) => c.fingerprint256)).toContain(root.cert.x509.fingerprint256);
    const view = await trustStoreView(ctx.db, blobs, { actor: admin, now: NOW });
    if (!view.ok) throw new Error("forbidden");
    const entry = view.view.entries.find((e) => e.source === "added")!;
    expect(entry).toMatchObject({ role: "anchor", subject: "C=VN, O=Thử nghiệm, CN=CA gốc thử nghiệm", note: "Thử nghiệm", changedBy: "Vàng Văn Sính" });
    expect(view.view.history).toHaveLength(1);
    const audit = await ctx.db.selectFrom("audit_events").selectAll().where("action", "=", "trust.certificateAdded").execute();
    expect(audit).toHaveLength(1);

    const again = await addTrustCertificate(ctx.db, blobs, { actor: admin, bytes: root.cert.der, role: "anchor", now: NOW });
    expect(again).toEqual({ ok: false, reason: "invalid", errors: { file: "alreadyInStore" } });
    const err = async (bytes: Buffer | null, role: string | null = "anchor") => {
      const r = await addTrustCertificate(ctx.db, blobs, { actor: admin, bytes, role, now: NOW });
      return r.ok ? null : r.reason === "invalid" ? r.errors : r.reason;
    };
    expect(await err(Buffer.from("không phải chứng thư"))).toEqual({ file: "notCertificate" });
    expect(await err(null, null)).toEqual({ file: "noFile", role: "roleRequired" });
    const expired = await makeCa("Hết hạn", { notAfter: new Date(NOW.getTime() - DAY) });
    expect(await err(expired.cert.der)).toEqual({ file: "expired" });
    const leaf = await makeCa("Không phải CA", { ca: false, issuer: { key: root.key, certificate: root.certificate } });
    expect(await err(leaf.cert.der)).toEqual({ file: "anchorNotCa" });
    // A self-signed intermediate is accepted, with a warning.
    const selfSigned = await makeCa("Trung gian tự ký");
    expect(await addTrustCertificate(ctx.db, blobs, { actor: admin, bytes: selfSigned.cert.der, role: "intermediate", now: NOW })).toMatchObject({ ok: true, warning: "selfSignedIntermediate" });
  });

  it("removes a certificate with a required reason and restores it, shipped or added, keeping the history", async () => {
    const root = await makeCa("CA gốc thử nghiệm");
    await addTrustCertificate(ctx.db, blobs, { actor: admin, bytes: root.cert.der, role: "anchor", now: NOW });
    const fp = fingerprintKey(root.cert.x509.fingerprint256);
    expect(await removeTrustCertificate(ctx.db, blobs, { actor: admin, fingerprint: fp, note: "  ", now: NOW })).toEqual({ ok: false, reason: "invalid", errors: { note: "noteRequired" } });
    expect(await removeTrustCertificate(ctx.db, blobs, { actor: admin, fingerprint: "0".repeat(64), note: "x", now: NOW })).toEqual({ ok: false, reason: "notFound" });
    const later = new Date(NOW.getTime() + 1000);
    expect(await removeTrustCertificate(ctx.db, blobs, { actor: admin, fingerprint: fp, note: "Khóa bị lộ", now: later })).toEqual({ ok: true });
    const shippedRoot = defaultTrustStore().anchors[0]!;
    const shippedFp = fingerprintKey(shippedRoot.fingerprint256);
    expect(await removeTrustCertificate(ctx.db, blobs, { actor: admin, fingerprint: shippedFp, note: "Thay thế", now: later })).toEqual({ ok: true });

    let store = await effectiveTrustStore(ctx.db, blobs);
    expect(store.anchors.map((c) => fingerprintKey(c.fingerprint256))).not.toContain(fp);
    expect(store.anchors.map((c) => fingerprintKey(c.fingerprint256))).not.toContain(shippedFp);
    let view = await trustStoreView(ctx.db, blobs, { actor: admin, now: later });
    if (!view.ok) throw new Error("forbidden");
    expect(view.view.removed.map((r) => [r.source, r.note, r.removedBy]).sort()).toEqual([
      ["added", "Khóa bị lộ", "Vàng Văn Sính"],
      ["shipped", "Thay thế", "Vàng Văn Sính"],
    ]);

    const evenLater = new Date(NOW.getTime() + 2000);
    expect(await restoreTrustCertificate(ctx.db, blobs, { actor: admin, fingerprint: fp, now: evenLater })).toEqual({ ok: true });
    expect(await restoreTrustCertificate(ctx.db, blobs, { actor: admin, fingerprint: shippedFp, now: evenLater })).toEqual({ ok: true });
    expect(await restoreTrustCertificate(ctx.db, blobs, { actor: admin, fingerprint: shippedFp, now: evenLater })).toEqual({ ok: false, reason: "notFound" });
    store = await effectiveTrustStore(ctx.db, blobs);
    expect(store.anchors.map((c) => fingerprintKey(c.fingerprint256))).toEqual(expect.arrayContaining([fp, shippedFp]));
    view = await trustStoreView(ctx.db, blobs, { actor: admin, now: evenLater });
    if (!view.ok) throw new Error("forbidden");
    expect(view.view.removed).toEqual([]);
    expect(view.view.entries.find((e) => e.fingerprint === shippedFp)).toMatchObject({ source: "shipped", role: "anchor" });
    expect(view.view.history.map((h) => h.action)).toEqual(["add", "add", "remove", "remove", "add"]);
    const audit = await ctx.db.selectFrom("audit_events").select("action").execute();
    expect(audit.map((a) => a.action).sort()).toEqual(["trust.certificateAdded", "trust.certificateRemoved", "trust.certificateRemoved", "trust.certificateRestored", "trust.certificateRestored"]);
  });

  it("caches a CRL signed by a certificate of the store, refuses one of an unknown issuer or with a bad signature, and a duplicate", async () => {
    const root = await makeCa("CA có CRL");
    await addTrustCertificate(ctx.db, blobs, { actor: admin, bytes: root.cert.der, role: "anchor", now: NOW });
    const crl = await issueCrl({ issuer: root, thisUpdate: new Date(NOW.getTime() - 10 * DAY), nextUpdate: new Date(NOW.getTime() - DAY), number: 1, revoked: [{ serial: 5n, date: new Date(NOW.getTime() - 20 * DAY) }] });
    const added = await addCrlToCache(ctx.db, blobs, { actor: admin, bytes: Buffer.from(crl.pem), now: NOW });
    expect(added).toMatchObject({ ok: true, issuer: "C=VN, O=Thử nghiệm, CN=CA có CRL", revokedCount: 1 });
    expect(await addCrlToCache(ctx.db, blobs, { actor: admin, bytes: crl.der, now: NOW })).toEqual({ ok: false, reason: "invalid", error: "duplicate" });
    const view = await trustStoreView(ctx.db, blobs, { actor: admin, now: NOW });
    if (!view.ok) throw new Error("forbidden");
    expect(view.view.crls).toEqual([expect.objectContaining({ revokedCount: 1, expired: true, source: "administrator", addedBy: "Vàng Văn Sính" })]);

    const stranger = await makeCa("CA lạ");
    const foreign = await issueCrl({ issuer: stranger, thisUpdate: NOW, nextUpdate: new Date(NOW.getTime() + DAY), number: 1, revoked: [] });
    expect(await addCrlToCache(ctx.db, blobs, { actor: admin, bytes: foreign.der, now: NOW })).toEqual({ ok: false, reason: "invalid", error: "issuerUnknown" });
    // Same issuer name, another key: the signature does not verify with the trusted certificate.
    const impostor = await makeCa("CA có CRL");
    const forged = await issueCrl({ issuer: impostor, thisUpdate: NOW, nextUpdate: new Date(NOW.getTime() + DAY), number: 2, revoked: [] });
    expect(await addCrlToCache(ctx.db, blobs, { actor: admin, bytes: forged.der, now: NOW })).toEqual({ ok: false, reason: "invalid", error: "signatureInvalid" });
    expect(await addCrlToCache(ctx.db, blobs, { actor: admin, bytes: Buffer.from(toPem(Buffer.from("rác"), "X509 CRL")), now: NOW })).toEqual({ ok: false, reason: "invalid", error: "notCrl" });
    expect(await addCrlToCache(ctx.db, blobs, { actor: admin, bytes: null, now: NOW })).toEqual({ ok: false, reason: "invalid", error: "noFile" });
  });
});
