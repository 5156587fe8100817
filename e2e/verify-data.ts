import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { X509Certificate } from "node:crypto";
import { createInstance } from "i18next";
import PDFDocument from "pdfkit";
import { createAgencyKeyStore, signingConfig } from "../app/domain/signatures/agency-keys.server";
import { certificateParts } from "../app/domain/signatures/issuing.server";
import { verificationUrl } from "../app/domain/signatures/result-marks.server";
import { generateShortCode, normalizeShortCode } from "../app/domain/signatures/short-code";
import { createResultSigner } from "../app/domain/signatures/sign.server";
import { fingerprintKey, issuerHash } from "../app/domain/signatures/trust-config.server";
import { createDiskBlobStore } from "../app/platform/blob-store.server";
import { createDb } from "../app/platform/db.server";
import { BASE_URL } from "./playwright.config";

// A signed result in the e2e server's database and blob store, as the approval flow writes it (result_signatures).
// The e2e server runs as production (no demo CA), so the result is signed by a CA of this journey's own, made with the
// demo key store in a folder of its own; an administrator's trust-store addition (the CA as an anchor) and the CA's
// CRL in the offline cache are written beside it, as an administrator would add them.

const root = fileURLToPath(new URL("..", import.meta.url));
const DATA_DIR = join(root, process.env.E2E_DATA_DIR ?? "data/e2e");

async function resultPdf(): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4" });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  doc.text("PHIEU LY LICH TU PHAP SO 1");
  doc.end();
  return done;
}

export interface SignedResultFixture {
  code: string;
  pdf: Buffer;
  sha256: string;
  documentName: string;
  agencyName: string;
}

export async function signedResult(): Promise<SignedResultFixture> {
  const signing = JSON.parse(await readFile(join(root, "locales", "vi", "signing.json"), "utf8")) as Record<string, unknown>;
  const i18n = createInstance();
  await i18n.init({ lng: "vi", ns: ["signing"], defaultNS: "signing", resources: { vi: { signing } }, interpolation: { escapeValue: false } });
  const t = i18n.getFixedT("vi", "signing");
  const keys = createAgencyKeyStore(signingConfig({ NODE_ENV: "development", DATA_DIR: join(DATA_DIR, `verify-ca-${randomUUID()}`), SIGNING_RSA_PADDING: "pss" }), { t, province: "Hà Giang" });
  const db = createDb({ engine: "sqlite", file: join(DATA_DIR, "portal.db") });
  const blobs = createDiskBlobStore(join(DATA_DIR, "files"));
  const put = async (bytes: Uint8Array) => {
    const staged = await blobs.stage(Readable.from([bytes]), { maxBytes: 50_000_000 });
    await staged.commit();
    return staged.sha256;
  };
  try {
    const agency = await db
      .selectFrom("agencies as a")
      .innerJoin("agency_versions as v", "v.agency_id", "a.id")
      .select(["a.id", "a.code", "v.name"])
      .where("v.valid_to", "is", null)
      .orderBy("a.code")
      .executeTakeFirstOrThrow();
    const version = await db
      .selectFrom("procedure_versions as v")
      .innerJoin("procedures as p", "p.id", "v.procedure_id")
      .select(["v.id", "v.procedure_id", "p.code"])
      .where("v.state", "=", "published")
      .orderBy("p.code")
      .executeTakeFirstOrThrow();
    const code = generateShortCode();
    const signer = createResultSigner({ keys, t, province: "Hà Giang" });
    const signed = await signer.sign({ pdf: await resultPdf(), agency: { code: agency.code, name: agency.name }, marks: { code, url: verificationUrl(BASE_URL, code) } });
    const now = new Date().toISOString();

    // The CA, as an administrator trusts it, and its CRL in the offline cache.
    const rootCert = new X509Certificate((await keys.demoRootPem())!);
    await db
      .insertInto("trust_store_changes")
      .values({ id: randomUUID(), fingerprint: fingerprintKey(rootCert.fingerprint256), action: "add", role: "anchor", sha256: await put(rootCert.raw), subject: rootCert.subject, not_after: new Date(rootCert.validTo).toISOString(), note: "e2e", changed_by: null, changed_at: now })
      .execute();
    const crl = (await keys.demoCrl!(new Date()))!;
    await db
      .insertInto("crls")
      .values({ id: randomUUID(), issuer_hash: issuerHash(certificateParts(rootCert.raw).subject), issuer: rootCert.subject, this_update: now, next_update: null, revoked_count: 0, sha256: await put(crl), size_bytes: crl.byteLength, source: "administrator", added_by: null, added_at: now })
      .execute();

    // The applicant and the dossier the result answers.
    const userId = randomUUID();
    await db
      .insertInto("users")
      .values({ id: userId, kind: "citizen", status: "active", full_name: "Lò Thị Mai", cccd: null, birth_date: null, email: `${userId}@example.vn`, phone: null, password_hash: null, email_verified_at: now, eid_verified_at: null, eid_issuer: null, eid_subject: null, totp_secret: null, totp_confirmed_at: null, totp_last_step: null, created_at: now, updated_at: now })
      .execute();
    const dossierId = randomUUID();
    await db
      .insertInto("dossiers")
      .values({
        id: dossierId,
        code: `${agency.code}-261130-${String(Math.floor(Math.random() * 9000) + 1000)}`,
        agency_id: agency.id,
        procedure_id: version.procedure_id,
        procedure_code: version.code,
        procedure_version_id: version.id,
        owner_user_id: userId,
        owner_organisation_id: null,
        applicant: JSON.stringify({ fullName: "Lò Thị Mai", cccd: "002190012345", phone: "0912345678", email: null, address: "Hà Giang" }),
        answers: "{}",
        channel: "online",
        status: 10,
        received_at: now,
        acceptance_due_at: null,
        due_at: null,
        version: 1,
        idempotency_key: dossierId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const documentName = "Phiếu lý lịch tư pháp số 1";
    await put(signed.pdf);
    await db
      .insertInto("result_signatures")
      .values({ code: normalizeShortCode(signed.code!)!, dossier_id: dossierId, issued_document_id: null, agency_id: agency.id, sha256: signed.sha256, document_name: documentName, signer_subject: `CN=${agency.name}`, signed_at: signed.signedAt.toISOString() })
      .execute();
    return { code: signed.code!, pdf: signed.pdf, sha256: signed.sha256, documentName, agencyName: agency.name };
  } finally {
    await db.destroy();
  }
}
