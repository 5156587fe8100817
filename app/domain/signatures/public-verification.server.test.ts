import { join } from "node:path";
import { Readable } from "node:stream";
import PDFDocument from "pdfkit";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { engines } from "../../../db/testing";
import { createDiskBlobStore, type BlobStore } from "../../platform/blob-store.server";
import { createServerI18n } from "../../platform/i18n.server";
import { POLICIES } from "../../platform/rate-limit.server";
import { verificationOptions } from "../../platform/signature-services.server";
import { insertCitizen, insertDossier, provinceDatabase, type Province } from "../dossiers/back-office.fixture.server";
import { createAgencyKeyStore, signingConfig, type AgencyKeyStore } from "./agency-keys.server";
import { checkDocument, lookUpCode, signedDocument, type PublicVerificationDeps } from "./public-verification.server";
import { verificationUrl } from "./result-marks.server";
import { generateShortCode, normalizeShortCode } from "./short-code";
import { createResultSigner, type SignedResult } from "./sign.server";
import { generateKey, tempDir } from "./signing.fixture.server";
import { verifyPdf } from "./verify.server";

const tmp = tempDir();
afterAll(() => tmp.cleanup());

async function resultPdf(): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4" });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  doc.text("Phieu ly lich tu phap so 1");
  doc.end();
  return done;
}

let keys: AgencyKeyStore;
let signed: SignedResult;
const AGENCY = { code: "000.00.03.H22", name: "Sở Tư pháp tỉnh Hà Giang" };

beforeAll(async () => {
  const vi = (await createServerI18n("vi", ["signing"])).getFixedT("vi");
  keys = createAgencyKeyStore(signingConfig({ NODE_ENV: "test", DATA_DIR: join(tmp.dir, "data"), SIGNING_RSA_PADDING: "pss" }), { t: vi, province: "Hà Giang", generateKey: () => generateKey("rsa") });
  const signer = createResultSigner({ keys, t: vi, province: "Hà Giang" });
  const code = generateShortCode();
  signed = await signer.sign({ pdf: await resultPdf(), agency: AGENCY, marks: { code, url: verificationUrl("https://dichvucong.hagiang.gov.vn", code) } });
}, 60_000);

describe.each(engines)("the public verification page's use cases on %s", (engine) => {
  let p: Province;
  let blobs: BlobStore;
  let deps: PublicVerificationDeps;
  beforeEach(async () => {
    p = await provinceDatabase(engine);
    blobs = createDiskBlobStore(join(p.dir, "blobs"));
    deps = {
      db: p.db,
      blobs,
      verify: async (pdf) => verifyPdf(pdf, await verificationOptions({ db: p.db, blobs, signing: keys })),
      limit: { policy: POLICIES.publicVerificationIp, ip: "203.0.113.7" },
    };
    const staged = await blobs.stage(Readable.from([signed.pdf]), { maxBytes: 30_000_000 });
    await staged.commit();
    const owner = await insertCitizen(p.db);
    const dossier = await insertDossier(p.db, { agency: { id: p.justice, code: AGENCY.code }, version: p.record, owner, applicant: "Lò Thị Mai" });
    await p.db
      .insertInto("result_signatures")
      .values({ code: normalizeShortCode(signed.code!)!, dossier_id: dossier.id, issued_document_id: null, agency_id: p.justice, sha256: signed.sha256, document_name: "Phiếu lý lịch tư pháp số 1", signer_subject: "CN=Sở Tư pháp tỉnh Hà Giang, O=Hà Giang, C=VN", signed_at: signed.signedAt.toISOString() })
      .execute();
  }, 60_000);
  afterEach(async () => p.close());

  it("finds a result by its code, however typed, with what the portal issued (not the applicant) and a passing verdict now", async () => {
    const typed = signed.code!.toLowerCase().replace(/-/g, " ");
    const found = await lookUpCode(deps, { code: typed });
    if (!found.ok) throw new Error(JSON.stringify(found));
    expect(found.document).toMatchObject({ code: signed.code, documentName: "Phiếu lý lịch tư pháp số 1", agencyName: expect.stringContaining("Tư pháp"), sha256: signed.sha256, procedureName: expect.stringContaining("lý lịch tư pháp") });
    expect(JSON.stringify(found.document)).not.toContain("Lò Thị Mai");
    expect(found.report?.verdict, JSON.stringify(found.report)).toBe("TOTAL-PASSED");
    const download = await signedDocument(deps, { code: signed.code! });
    expect(download.ok && download.bytes.equals(signed.pdf)).toBe(true);
  });

  it("says a wrong shape is one, and an unknown code is only not found", async () => {
    expect(await lookUpCode(deps, { code: "ABCD" })).toEqual({ ok: false, reason: "invalidCode" });
    expect(await lookUpCode(deps, { code: "x".repeat(10_000) })).toEqual({ ok: false, reason: "invalidCode" });
    let other = generateShortCode();
    while (other === signed.code) other = generateShortCode();
    expect(await lookUpCode(deps, { code: other })).toEqual({ ok: false, reason: "notFound" });
    expect(await signedDocument(deps, { code: other })).toEqual({ ok: false, reason: "notFound" });
  });

  it("recognises the signed bytes, and a copy with one byte changed is not the portal's and fails", async () => {
    const same = await checkDocument(deps, { bytes: signed.pdf });
    expect(same).toMatchObject({ ok: true, found: true, sha256: signed.sha256, document: { code: signed.code } });
    expect(same.ok && same.report.verdict).toBe("TOTAL-PASSED");
    const tampered = Buffer.from(signed.pdf);
    // One letter of the document information (/Producer (PDFKit)) changed, inside the signed range.
    const at = tampered.indexOf("PDFKit");
    expect(at).toBeGreaterThan(0);
    tampered[at] = "Q".charCodeAt(0);
    const changed = await checkDocument(deps, { bytes: tampered });
    expect(changed).toMatchObject({ ok: true, found: false, document: null });
    expect(changed.ok && changed.report.verdict, JSON.stringify(changed.ok && changed.report.signatures.map((s) => s.reasons))).toBe("TOTAL-FAILED");
  });

  it("refuses what is not a PDF, and limits an address that asks too often", async () => {
    expect(await checkDocument(deps, { bytes: Buffer.from("hello") })).toEqual({ ok: false, reason: "notPdf" });
    const tight = { ...deps, limit: { ...deps.limit, ip: "198.51.100.1", policy: { free: 1, windowMs: 60_000, baseDelayMs: 60_000, maxDelayMs: 60_000 } } };
    await lookUpCode(tight, { code: signed.code! });
    expect(await lookUpCode(tight, { code: signed.code! })).toMatchObject({ ok: false, reason: "rateLimited" });
  });
});
