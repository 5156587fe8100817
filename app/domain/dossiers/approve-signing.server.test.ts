// Approval signs the result (issues 6 and 7): the result an approver uploads is signed as PAdES for the deciding
// agency by the real signer (a demo agency CA under the test's folder), with its short code recorded; the signed file
// is what the applicant gets and what the portal's own verifier accepts against the demo root. What cannot be signed
// is refused with a clear message and changes nothing.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import PDFDocument from "pdfkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engines } from "../../../db/testing";
import { verifyPdf } from "../signatures/verify.server";
import { trustStoreFrom, certificatesFromFile } from "../signatures/trust-store.server";
import { act, dossierRow, fileAndMove, NOW, officialAt, provinceDatabase, realServices, type Province } from "./back-office.fixture.server";

function resultPdf(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: "A4" });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.text("QUYET DINH cap phieu ly lich tu phap");
    doc.end();
  });
}

const LATER = new Date(NOW.getTime() + 3_600_000);

describe.each(engines)("approval signs the result on %s", (engine) => {
  let p: Province;
  let real: Awaited<ReturnType<typeof realServices>>;
  beforeAll(async () => {
    p = await provinceDatabase(engine);
    real = await realServices(p.dir);
  });
  afterAll(() => p.close());

  async function atApproval() {
    const receiver = await officialAt(p.db, p.centre, ["receiving_officer"]);
    const handler = await officialAt(p.db, p.justice, ["handler"]);
    const approver = await officialAt(p.db, p.justice, ["approver"]);
    const filed = await fileAndMove(p, real.services, "handling", { receiver, handler }, { filed: NOW, moved: NOW });
    const forwarded = await act(p.db, real.services, handler, filed.id, "forward", {}, NOW);
    if (!forwarded.ok) throw new Error(JSON.stringify(forwarded));
    return { ...filed, approver };
  }

  const stage = async (bytes: Buffer) => {
    const staged = await real.blobs.stage(Readable.from([bytes]), { maxBytes: 10_000_000 });
    await staged.commit();
    return { sha256: staged.sha256, sizeBytes: staged.size, mediaType: "application/pdf", fileName: "ket-qua.pdf" };
  };

  it("stores the signed result with its code, and the portal's verifier passes it against the demo root", async () => {
    const d = await atApproval();
    const original = await resultPdf();
    const result = await stage(original);
    expect(await act(p.db, real.services, d.approver, d.id, "approve", { result }, LATER)).toMatchObject({ ok: true, status: 9 });

    const issued = await p.db.selectFrom("dossier_issued_documents").selectAll().where("dossier_id", "=", d.id).where("kind", "=", "result").executeTakeFirstOrThrow();
    const record = await p.db.selectFrom("result_signatures").selectAll().where("dossier_id", "=", d.id).executeTakeFirstOrThrow();
    expect(issued.sha256).not.toBe(result.sha256);
    expect(record).toMatchObject({ issued_document_id: issued.id, agency_id: p.justice, sha256: issued.sha256, document_name: "ket-qua.pdf" });
    // The signature's own time (the signer's clock), as embedded in the PDF.
    expect(Number.isNaN(Date.parse(record.signed_at))).toBe(false);
    expect(record.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
    expect(record.signer_subject).toContain("CN=");

    const signed = await real.readBlob(issued.sha256);
    expect(signed.length).toBe(issued.size_bytes);
    // An incremental update: the uploaded bytes are the signed file's beginning.
    expect(signed.subarray(0, original.length).equals(original)).toBe(true);
    const root = await readFile(join(p.dir, "signing-demo", "root-certificate.pem"));
    const report = await verifyPdf(signed, { trust: trustStoreFrom(certificatesFromFile(root)), at: LATER, requireRevocation: false });
    expect(report.verdict).toBe("TOTAL-PASSED");
    expect(report.signatures).toHaveLength(1);
    // Against the shipped Vietnamese roots alone the demo CA is not trusted.
    const untrusted = await verifyPdf(signed, { trust: { anchors: [], intermediates: [] }, at: LATER, requireRevocation: false });
    expect(untrusted.verdict).toBe("INDETERMINATE");
    expect((await dossierRow(p.db, d.id)).status).toBe(9);
  });

  it("refuses a result that cannot be signed, with a message for the form, and changes nothing", async () => {
    const d = await atApproval();
    const before = await dossierRow(p.db, d.id);
    const result = await stage(Buffer.from("not a pdf at all, though the form said so"));
    expect(await act(p.db, real.services, d.approver, d.id, "approve", { result }, LATER)).toMatchObject({
      ok: false,
      status: 409,
      message: "dossiers:actions.errors.resultUnsignable",
      errors: [{ field: "result", message: "dossiers:actions.errors.resultUnsignable" }],
    });
    expect(await dossierRow(p.db, d.id)).toEqual(before);
    expect(await p.db.selectFrom("result_signatures").select("code").where("dossier_id", "=", d.id).execute()).toEqual([]);
  });
});
