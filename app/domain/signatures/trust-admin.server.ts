// The trust store's administration (issue 7, part 2, and part 1's offline CRL cache): system administrators see the
// effective trust store (shipped ∪ added − removed), add a certificate as an anchor or an intermediate, remove one
// with a reason, restore a removed one, put CRLs into the offline cache, and read the history of changes. Every
// change is a trust_store_changes row (the latest of a fingerprint wins) with an audit event in the same transaction;
// the certificate's or CRL's bytes go into the blob store first (content-addressed, so a failed transaction leaves
// only an unreferenced blob for the sweep).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import type { Kysely } from "kysely";
import type { Database, TrustStoreChangesTable } from "../../../db/schema";
import { recordAudit } from "../../platform/audit.server";
import { newId } from "../../platform/ids.server";
import { can, type Actor } from "../access/permissions";
import { formatName, parseCertificate, type Certificate } from "./certificate.server";
import { parseCrl, type Crl } from "./crl.server";
import { verifySignedStructure } from "./algorithms.server";
import { NOTE_MAX, TRUST_UPLOAD_MAX_BYTES } from "./trust-admin";
import { fingerprintKey, issuerHash, readBlob, type BlobReader } from "./trust-config.server";
import { insertCrl, insertTrustChange, lastBytesOf, latestTrustChanges, listCrls, trustChangeHistory, userNames } from "./trust.repo.server";
import { certificatesFromFile, defaultTrustDir, defaultTrustStore } from "./trust-store.server";

type Db = Kysely<Database>;

export const MANAGE_TRUST = "manage:trust:any" as const;

/** The blob store as this needs it (app/platform/blob-store.server.ts's BlobStore has it). */
export interface TrustBlobs extends BlobReader {
  stage(chunks: AsyncIterable<Uint8Array>, options: { maxBytes: number }): Promise<{ sha256: string; commit(): Promise<void>; discard(): Promise<void> }>;
}


export type TrustRole = "anchor" | "intermediate";
export type Forbidden = { ok: false; reason: "forbidden" };
const FORBIDDEN: Forbidden = { ok: false, reason: "forbidden" };

/** What the README of the shipped certificates says about one of them. */
export interface Provenance {
  file: string;
  description: string;
  role: string;
}

export interface TrustEntry {
  fingerprint: string;
  subject: string;
  role: TrustRole;
  source: "shipped" | "added";
  notBefore: string;
  notAfter: string;
  provenance: Provenance | null;
  /** For an added certificate: the note, who and when. */
  note: string | null;
  changedBy: string | null;
  changedAt: string | null;
}

export interface RemovedEntry {
  fingerprint: string;
  subject: string;
  role: TrustRole | null;
  source: "shipped" | "added";
  note: string | null;
  removedBy: string | null;
  removedAt: string;
}

export interface CrlEntry {
  id: string;
  issuer: string;
  thisUpdate: string;
  nextUpdate: string | null;
  expired: boolean;
  revokedCount: number;
  source: "administrator" | "fetched";
  addedBy: string | null;
  addedAt: string;
}

export interface HistoryEntry {
  id: string;
  action: "add" | "remove";
  role: TrustRole | null;
  subject: string;
  fingerprint: string;
  note: string | null;
  changedBy: string | null;
  changedAt: string;
}

export interface TrustStoreView {
  entries: TrustEntry[];
  removed: RemovedEntry[];
  crls: CrlEntry[];
  history: HistoryEntry[];
}

// ---------------------------------------------------------------------------------------------------------------
// The shipped certificates and their provenance
// ---------------------------------------------------------------------------------------------------------------

let provenanceCache: Map<string, Provenance> | undefined;

/** The README's table of the shipped certificates, by fingerprint (64 lower-case hex digits). */
export function shippedProvenance(): Map<string, Provenance> {
  if (provenanceCache) return provenanceCache;
  const out = new Map<string, Provenance>();
  const readme = join(defaultTrustDir(), "README.md");
  if (existsSync(readme)) {
    for (const line of readFileSync(readme, "utf8").split("\n")) {
      const cells = line.split("|").map((c) => c.trim());
      // | file | subject | role | valid | fingerprint |
      if (cells.length < 7 || !/^[0-9A-F]{2}(:[0-9A-F]{2}){31}$/.test(cells[5] ?? "")) continue;
      out.set(fingerprintKey(cells[5]!), { file: cells[1]!, description: cells[2]!, role: cells[3]! });
    }
  }
  provenanceCache = out;
  return out;
}

function shippedCertificates(): Map<string, { cert: Certificate; role: TrustRole }> {
  const shipped = defaultTrustStore();
  const out = new Map<string, { cert: Certificate; role: TrustRole }>();
  for (const cert of shipped.anchors) out.set(fingerprintKey(cert.fingerprint256), { cert, role: "anchor" });
  for (const cert of shipped.intermediates) out.set(fingerprintKey(cert.fingerprint256), { cert, role: "intermediate" });
  return out;
}

interface EffectiveCertificate {
  cert: Certificate;
  role: TrustRole;
  source: "shipped" | "added";
  change: TrustStoreChangesTable | null;
}

/** The effective store with where each certificate comes from (what effectiveTrustStore computes, kept apart). */
async function effectiveCertificates(db: Db, blobs: BlobReader) {
  const shipped = shippedCertificates();
  const changes = await latestTrustChanges(db);
  const byFingerprint = new Map(changes.map((c) => [c.fingerprint, c]));
  const effective = new Map<string, EffectiveCertificate>();
  // A shipped certificate stays unless removed (an addition of it whose bytes are lost leaves it as shipped, as
  // effectiveTrustStore does).
  for (const [fp, { cert, role }] of shipped) if (byFingerprint.get(fp)?.action !== "remove") effective.set(fp, { cert, role, source: "shipped", change: null });
  for (const change of changes) {
    if (change.action !== "add" || !change.sha256) continue;
    try {
      const cert = parseCertificate(await readBlob(blobs, change.sha256));
      effective.set(change.fingerprint, { cert, role: change.role === "intermediate" ? "intermediate" : "anchor", source: shipped.has(change.fingerprint) ? "shipped" : "added", change });
    } catch {
      // Lost or damaged bytes: not trusted (effectiveTrustStore skips it too).
    }
  }
  const removed = changes.filter((c) => c.action === "remove");
  return { shipped, effective, removed };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------------------------

export async function trustStoreView(db: Db, blobs: BlobReader, input: { actor: Actor; now?: Date }): Promise<{ ok: true; view: TrustStoreView } | Forbidden> {
  if (!can(input.actor, MANAGE_TRUST)) return FORBIDDEN;
  const now = input.now ?? new Date();
  const { shipped, effective, removed } = await effectiveCertificates(db, blobs);
  const [crls, history] = await Promise.all([listCrls(db), trustChangeHistory(db)]);
  const names = await userNames(db, [...history, ...removed].flatMap((c) => (c.changed_by ? [c.changed_by] : [])).concat(crls.flatMap((c) => (c.added_by ? [c.added_by] : []))));
  const who = (id: string | null) => (id ? (names.get(id) ?? null) : null);
  const provenance = shippedProvenance();
  const entries: TrustEntry[] = [...effective.entries()]
    .map(([fp, e]) => ({
      fingerprint: fp,
      subject: formatName(e.cert.subject),
      role: e.role,
      source: e.source,
      notBefore: e.cert.notBefore.toISOString(),
      notAfter: e.cert.notAfter.toISOString(),
      provenance: e.source === "shipped" ? (provenance.get(fp) ?? null) : null,
      note: e.change?.note ?? null,
      changedBy: who(e.change?.changed_by ?? null),
      changedAt: e.change?.changed_at ?? null,
    }))
    .sort((a, b) => (a.role === b.role ? a.subject.localeCompare(b.subject, "vi") : a.role === "anchor" ? -1 : 1));
  return {
    ok: true,
    view: {
      entries,
      removed: removed.map((c) => ({
        fingerprint: c.fingerprint,
        subject: c.subject,
        role: c.role,
        source: shipped.has(c.fingerprint) ? "shipped" : "added",
        note: c.note,
        removedBy: who(c.changed_by),
        removedAt: c.changed_at,
      })),
      crls: crls.map((c) => ({
        id: c.id,
        issuer: c.issuer,
        thisUpdate: c.this_update,
        nextUpdate: c.next_update,
        expired: c.next_update !== null && c.next_update < now.toISOString(),
        revokedCount: Number(c.revoked_count),
        source: c.source,
        addedBy: who(c.added_by),
        addedAt: c.added_at,
      })),
      history: history.map((c) => ({
        id: c.id,
        action: c.action,
        role: c.role,
        subject: c.subject,
        fingerprint: c.fingerprint,
        note: c.note,
        changedBy: who(c.changed_by),
        changedAt: c.changed_at,
      })),
    },
  };
}

/** One certificate of the effective store (for the removal's confirmation page), or null. */
export async function trustedCertificate(db: Db, blobs: BlobReader, input: { actor: Actor; fingerprint: string }): Promise<{ ok: true; entry: TrustEntry | null } | Forbidden> {
  const view = await trustStoreView(db, blobs, { actor: input.actor });
  if (!view.ok) return view;
  return { ok: true, entry: view.view.entries.find((e) => e.fingerprint === input.fingerprint) ?? null };
}

// ---------------------------------------------------------------------------------------------------------------
// Changing
// ---------------------------------------------------------------------------------------------------------------

export type AddCertificateError = "noFile" | "notCertificate" | "severalCertificates" | "expired" | "notYetValid" | "alreadyInStore" | "anchorNotCa" | "roleRequired" | "noteTooLong";
export type AddCertificateResult = { ok: true; fingerprint: string; warning: "selfSignedIntermediate" | null } | Forbidden | { ok: false; reason: "invalid"; errors: Partial<Record<"file" | "role" | "note", AddCertificateError>> };

interface Context {
  actor: Actor;
  ip?: string | null;
  now?: Date;
}

const userIdOf = (actor: Actor) => (actor.kind === "anonymous" ? null : actor.userId);

async function putBlob(blobs: TrustBlobs, bytes: Buffer): Promise<string> {
  const staged = await blobs.stage(Readable.from([bytes]), { maxBytes: TRUST_UPLOAD_MAX_BYTES });
  await staged.commit();
  return staged.sha256;
}

function cleanNote(note: string | null | undefined): string | null {
  const trimmed = (note ?? "").trim();
  return trimmed === "" ? null : trimmed;
}

/** Adds a certificate (a PEM or DER file's bytes) to the trust store as an anchor or an intermediate. */
export async function addTrustCertificate(
  db: Db,
  blobs: TrustBlobs,
  input: Context & { bytes: Buffer | null; role: string | null; note?: string | null },
): Promise<AddCertificateResult> {
  if (!can(input.actor, MANAGE_TRUST)) return FORBIDDEN;
  const now = input.now ?? new Date();
  const errors: Partial<Record<"file" | "role" | "note", AddCertificateError>> = {};
  const role = input.role === "anchor" || input.role === "intermediate" ? input.role : null;
  if (!role) errors.role = "roleRequired";
  const note = cleanNote(input.note);
  if (note && note.length > NOTE_MAX) errors.note = "noteTooLong";
  let cert: Certificate | null = null;
  if (!input.bytes || input.bytes.length === 0) errors.file = "noFile";
  else {
    const ders = certificatesFromFile(input.bytes);
    if (ders.length > 1) errors.file = "severalCertificates";
    else {
      try {
        cert = ders[0] ? parseCertificate(ders[0]) : null;
      } catch {
        cert = null;
      }
      if (!cert) errors.file = "notCertificate";
    }
  }
  if (cert && !errors.file) {
    const fp = fingerprintKey(cert.fingerprint256);
    if (cert.notAfter < now) errors.file = "expired";
    else if (cert.notBefore > now) errors.file = "notYetValid";
    else if ((await effectiveCertificates(db, blobs)).effective.has(fp)) errors.file = "alreadyInStore";
    else if (role === "anchor" && cert.basicConstraints?.ca !== true) errors.file = "anchorNotCa";
  }
  if (!cert || !role || Object.keys(errors).length > 0) return { ok: false, reason: "invalid", errors };
  const fingerprint = fingerprintKey(cert.fingerprint256);
  const sha256 = await putBlob(blobs, cert.der);
  const subject = formatName(cert.subject);
  await db.transaction().execute(async (trx) => {
    const id = newId(now.getTime());
    await insertTrustChange(trx, { id, fingerprint, action: "add", role, sha256, subject, not_after: cert.notAfter.toISOString(), note, changed_by: userIdOf(input.actor), changed_at: now.toISOString() });
    await recordAudit(trx, {
      actor: { type: "official", id: userIdOf(input.actor) },
      action: "trust.certificateAdded",
      entity: { type: "trust_certificate", id: fingerprint },
      ip: input.ip,
      details: { role, subject, sha256, note },
      at: now,
    });
  });
  return { ok: true, fingerprint, warning: role === "intermediate" && cert.selfIssued ? "selfSignedIntermediate" : null };
}

export type RemoveResult = { ok: true } | Forbidden | { ok: false; reason: "notFound" } | { ok: false; reason: "invalid"; errors: { note: "noteRequired" | "noteTooLong" } };

/** Removes a certificate of the effective store (shipped or added), with the administrator's reason. */
export async function removeTrustCertificate(db: Db, blobs: BlobReader, input: Context & { fingerprint: string; note: string | null }): Promise<RemoveResult> {
  if (!can(input.actor, MANAGE_TRUST)) return FORBIDDEN;
  const now = input.now ?? new Date();
  const { effective } = await effectiveCertificates(db, blobs);
  const entry = effective.get(input.fingerprint);
  if (!entry) return { ok: false, reason: "notFound" };
  const note = cleanNote(input.note);
  if (!note) return { ok: false, reason: "invalid", errors: { note: "noteRequired" } };
  if (note.length > NOTE_MAX) return { ok: false, reason: "invalid", errors: { note: "noteTooLong" } };
  const subject = formatName(entry.cert.subject);
  await db.transaction().execute(async (trx) => {
    await insertTrustChange(trx, {
      id: newId(now.getTime()),
      fingerprint: input.fingerprint,
      action: "remove",
      role: entry.role,
      // An added certificate's bytes stay referenced, so that it can be restored.
      sha256: entry.change?.sha256 ?? null,
      subject,
      not_after: entry.cert.notAfter.toISOString(),
      note,
      changed_by: userIdOf(input.actor),
      changed_at: now.toISOString(),
    });
    await recordAudit(trx, {
      actor: { type: "official", id: userIdOf(input.actor) },
      action: "trust.certificateRemoved",
      entity: { type: "trust_certificate", id: input.fingerprint },
      ip: input.ip,
      details: { role: entry.role, source: entry.source, subject, note },
      at: now,
    });
  });
  return { ok: true };
}

/** Puts a removed certificate back (a new addition: a shipped one with the shipped bytes, in its shipped role). */
export async function restoreTrustCertificate(db: Db, blobs: TrustBlobs, input: Context & { fingerprint: string }): Promise<{ ok: true } | Forbidden | { ok: false; reason: "notFound" }> {
  if (!can(input.actor, MANAGE_TRUST)) return FORBIDDEN;
  const now = input.now ?? new Date();
  const { shipped, effective, removed } = await effectiveCertificates(db, blobs);
  const removal = removed.find((c) => c.fingerprint === input.fingerprint);
  if (!removal || effective.has(input.fingerprint)) return { ok: false, reason: "notFound" };
  let cert: Certificate;
  let role: TrustRole;
  let sha256: string;
  const fromShipped = shipped.get(input.fingerprint);
  if (fromShipped) {
    cert = fromShipped.cert;
    role = fromShipped.role;
    sha256 = await putBlob(blobs, cert.der);
  } else {
    const last = await lastBytesOf(db, input.fingerprint);
    if (!last?.sha256) return { ok: false, reason: "notFound" };
    try {
      cert = parseCertificate(await readBlob(blobs, last.sha256));
    } catch {
      return { ok: false, reason: "notFound" };
    }
    role = (removal.role ?? last.role) === "intermediate" ? "intermediate" : "anchor";
    sha256 = last.sha256;
  }
  const subject = formatName(cert.subject);
  await db.transaction().execute(async (trx) => {
    await insertTrustChange(trx, { id: newId(now.getTime()), fingerprint: input.fingerprint, action: "add", role, sha256, subject, not_after: cert.notAfter.toISOString(), note: null, changed_by: userIdOf(input.actor), changed_at: now.toISOString() });
    await recordAudit(trx, {
      actor: { type: "official", id: userIdOf(input.actor) },
      action: "trust.certificateRestored",
      entity: { type: "trust_certificate", id: input.fingerprint },
      ip: input.ip,
      details: { role, subject, sha256 },
      at: now,
    });
  });
  return { ok: true };
}

export type AddCrlError = "noFile" | "notCrl" | "issuerUnknown" | "signatureInvalid" | "duplicate";
export type AddCrlResult = { ok: true; id: string; issuer: string; revokedCount: number } | Forbidden | { ok: false; reason: "invalid"; error: AddCrlError };

const PEM_CRL = /-----BEGIN X509 CRL-----([A-Za-z0-9+/=\s]+?)-----END X509 CRL-----/;

/** A CRL file's DER: a PEM "X509 CRL" block or the DER itself. */
export function crlDerFromFile(bytes: Buffer): Buffer | null {
  const m = PEM_CRL.exec(bytes.toString("latin1"));
  if (m) return Buffer.from(m[1]!.replace(/\s+/g, ""), "base64");
  return bytes[0] === 0x30 ? bytes : null;
}

/**
 * Adds a CRL to the offline cache: it must be signed by a certificate of the effective trust store (anchor or
 * intermediate) whose subject is the list's issuer.
 */
export async function addCrlToCache(db: Db, blobs: TrustBlobs, input: Context & { bytes: Buffer | null }): Promise<AddCrlResult> {
  if (!can(input.actor, MANAGE_TRUST)) return FORBIDDEN;
  const now = input.now ?? new Date();
  if (!input.bytes || input.bytes.length === 0) return { ok: false, reason: "invalid", error: "noFile" };
  const der = crlDerFromFile(input.bytes);
  let crl: Crl;
  try {
    if (!der) throw new Error("not a CRL");
    crl = parseCrl(der);
  } catch {
    return { ok: false, reason: "invalid", error: "notCrl" };
  }
  const { effective } = await effectiveCertificates(db, blobs);
  const issuers = [...effective.values()].filter((e) => e.cert.subjectDer.equals(crl.issuerDer));
  if (issuers.length === 0) return { ok: false, reason: "invalid", error: "issuerUnknown" };
  const signer = issuers.find((e) => verifySignedStructure(crl.sigAlg, e.cert, crl.tbs, crl.signature).ok === true);
  if (!signer) return { ok: false, reason: "invalid", error: "signatureInvalid" };
  const issuer = formatName(signer.cert.subject);
  const sha256 = await putBlob(blobs, crl.der);
  const id = newId(now.getTime());
  const inserted = await db.transaction().execute(async (trx) => {
    const added = await insertCrl(trx, {
      id,
      issuer_hash: issuerHash(crl.issuerDer),
      issuer,
      this_update: crl.thisUpdate.toISOString(),
      next_update: crl.nextUpdate?.toISOString() ?? null,
      revoked_count: crl.revoked.size,
      sha256,
      size_bytes: crl.der.length,
      source: "administrator",
      added_by: userIdOf(input.actor),
      added_at: now.toISOString(),
    });
    if (!added) return false;
    await recordAudit(trx, {
      actor: { type: "official", id: userIdOf(input.actor) },
      action: "trust.crlAdded",
      entity: { type: "crl", id },
      ip: input.ip,
      details: { issuer, sha256, thisUpdate: crl.thisUpdate.toISOString(), revoked: crl.revoked.size },
      at: now,
    });
    return true;
  });
  if (!inserted) return { ok: false, reason: "invalid", error: "duplicate" };
  return { ok: true, id, issuer, revokedCount: crl.revoked.size };
}
