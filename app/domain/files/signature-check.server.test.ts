import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { engines, migratedDatabase } from "../../../db/testing";
import { createDiskBlobStore, type BlobStore } from "../../platform/blob-store.server";
import type { Db } from "../../platform/db.server";
import type { StagedUpload } from "../../platform/uploads.server";
import { trustStoreFrom } from "../signatures/trust-store.server";
import type { VerificationReport } from "../signatures/verification";
import { verifyDetached, verifyPdf } from "../signatures/verify.server";
import { detectFileType, bytesSource } from "./files";
import { storeUploads } from "./files.server";
import { tinyPdf, tinyPng } from "./fixtures";
import { pairedContent, type SignatureChecker } from "./signature-check.server";

// Issue 7, part 4: every PDF and .p7s is verified at upload, its report stored with the file row in one transaction,
// and files.signature_status set; verification never refuses an upload. The verifier's fixtures use their own root
// (app/domain/signatures/fixtures/README.md), judged at the fixture time: the checker is given a store with it.

const G = "app/domain/signatures/fixtures/generated";
const fixtureTime = new Date("2040-01-01T00:00:00Z");
const root = await mkdtemp(join(tmpdir(), "sigcheck-test-"));
afterAll(() => rm(root, { recursive: true, force: true }));

const der = (b: Buffer) => (b[0] === 0x30 ? b : Buffer.from(b.toString("latin1").replace(/-----[^-]+-----|\s/g, ""), "base64"));
const crls = await Promise.all((await readdir(`${G}/pki`)).filter((f) => f.endsWith(".crl")).map(async (f) => der(await readFile(`${G}/pki/${f}`))));
const anchor = Buffer.from(new X509Certificate(await readFile(`${G}/pki/root.pem`)).raw);

const fixtureChecker: SignatureChecker = {
  options: async () => ({ trust: trustStoreFrom([anchor]), crls }),
  verifyPdf,
  verifyDetached,
};

async function user(db: Db, id: string) {
  const at = fixtureTime.toISOString();
  await db
    .insertInto("users")
    .values({ id, kind: "citizen", status: "active", full_name: `Người ${id}`, cccd: "002190000001", birth_date: "1990-01-01", email: `${id}@example.vn`, phone: null, password_hash: null, email_verified_at: at, eid_verified_at: null, totp_secret: null, totp_confirmed_at: null, totp_last_step: null, created_at: at, updated_at: at })
    .execute();
}

async function stage(store: BlobStore, field: string, fileName: string, bytes: Uint8Array): Promise<StagedUpload> {
  async function* once() {
    yield bytes;
  }
  return { field, fileName, blob: await store.stage(once(), { maxBytes: 10_000_000 }) };
}

/** A detached CMS signature over the bytes, made by OpenSSL with the fixtures' RSA leaf. */
async function detachedSignature(content: Uint8Array): Promise<Buffer> {
  const dir = await mkdtemp(join(root, "p7s-"));
  await writeFile(join(dir, "in.pdf"), content);
  execFileSync("openssl", ["cms", "-sign", "-binary", "-in", join(dir, "in.pdf"), "-signer", `${G}/pki/leaf-rsa.pem`, "-inkey", `${G}/pki/leaf-rsa.key`, "-certfile", `${G}/pki/inter-rsa.pem`, "-outform", "DER", "-out", join(dir, "out.p7s")]);
  return readFile(join(dir, "out.p7s"));
}

describe("detached signatures", () => {
  it("are recognised by their content (DER or PEM) and paired by name in the same slot", async () => {
    const p7s = await readFile(`${G}/cms/rsa.p7s`);
    expect(await detectFileType(bytesSource(p7s))).toEqual({ ok: true, mediaType: "application/pkcs7-signature" });
    const pem = `-----BEGIN PKCS7-----\n${p7s.toString("base64")}\n-----END PKCS7-----\n`;
    expect(await detectFileType(bytesSource(Buffer.from(pem)))).toEqual({ ok: true, mediaType: "application/pkcs7-signature" });
    expect(await detectFileType(bytesSource(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01])))).toEqual({ ok: false, error: "type" });
    const files = [
      { field: "a", fileName: "Don.PDF", mediaType: "application/pdf" },
      { field: "b", fileName: "khac.pdf", mediaType: "application/pdf" },
      { field: "a", fileName: "don.pdf.p7s", mediaType: "application/pkcs7-signature" },
      { field: "a", fileName: "khac.pdf.p7s", mediaType: "application/pkcs7-signature" },
    ];
    expect(pairedContent(files[2]!, files)).toBe(files[0]);
    expect(pairedContent(files[3]!, files)).toBeUndefined();
  });
});

describe.each(engines)("verification at upload on %s", (engine) => {
  it("stores each PDF's and .p7s's report with its row and sets the status; images and unsigned PDFs have none", async () => {
    const { db, close } = await migratedDatabase(engine);
    const store = createDiskBlobStore(join(root, `${engine}-store`));
    try {
      await user(db, "u-an");
      const owner = { userId: "u-an", organisationId: null };
      const signed = await readFile(`${G}/pdf/valid-rsa.pdf`);
      const tampered = await readFile(`${G}/pdf/tampered-byte.pdf`);
      const plain = tinyPdf("Don khong ky");
      const pairPdf = tinyPdf("Don co chu ky rieng");
      const pairSig = await detachedSignature(pairPdf);
      const stored = await storeUploads(db, store, {
        owner,
        now: fixtureTime,
        signatures: fixtureChecker,
        uploads: [
          await stage(store, "file", "hop-le.pdf", signed),
          await stage(store, "file", "sua.pdf", tampered),
          await stage(store, "file", "khong-ky.pdf", plain),
          await stage(store, "file", "anh.png", tinyPng()),
          await stage(store, "file", "don.pdf", pairPdf),
          await stage(store, "file", "don.pdf.p7s", pairSig),
          await stage(store, "other", "le.pdf.p7s", pairSig),
        ],
      });
      if (!stored.ok) throw new Error(JSON.stringify(stored.errors));
      const byName = new Map([...stored.files.file!, ...stored.files.other!].map((f) => [f.name, f]));
      expect(Object.fromEntries([...byName].map(([n, f]) => [n, f.signatureStatus]))).toEqual({
        "hop-le.pdf": "passed",
        "sua.pdf": "failed",
        "khong-ky.pdf": "none",
        "anh.png": "none",
        "don.pdf": "none",
        "don.pdf.p7s": "passed",
        "le.pdf.p7s": "indeterminate",
      });
      expect(byName.get("hop-le.pdf")!.signatureReport!.signatures[0]!.signer!.commonName).toBe("Nguyễn Văn An");
      expect(byName.get("sua.pdf")!.signatureReport!.signatures[0]!.reasons.map((r) => r.code)).toContain("DIGEST_MISMATCH");
      expect(byName.get("le.pdf.p7s")!.signatureReport!.signatures[0]!.reasons.map((r) => r.code)).toContain("DETACHED_CONTENT_MISSING");

      const rows = await db.selectFrom("files").select(["id", "original_name", "signature_status"]).execute();
      const reports = await db.selectFrom("signature_reports").selectAll().execute();
      // An image has nothing to verify: no report; every PDF and .p7s has one, with the upload time.
      expect(reports).toHaveLength(6);
      const pngId = rows.find((r) => r.original_name === "anh.png")!.id;
      expect(reports.some((r) => r.file_id === pngId)).toBe(false);
      const passed = reports.find((r) => r.file_id === byName.get("hop-le.pdf")!.id)!;
      expect(passed.verdict).toBe("passed");
      expect(passed.verified_at).toBe(fixtureTime.toISOString());
      expect((JSON.parse(passed.report) as VerificationReport).verdict).toBe("TOTAL-PASSED");
      expect(rows.find((r) => r.original_name === "sua.pdf")!.signature_status).toBe("failed");
    } finally {
      await close();
    }
  });

  it("never refuses an upload: a verifier that throws, or a trust store that cannot be read, ends as indeterminate", async () => {
    const { db, close } = await migratedDatabase(engine);
    const store = createDiskBlobStore(join(root, `${engine}-store-2`));
    try {
      await user(db, "u-an");
      const owner = { userId: "u-an", organisationId: null };
      const signed = await readFile(`${G}/pdf/valid-rsa.pdf`);
      const throwing: SignatureChecker = { ...fixtureChecker, verifyPdf: () => Promise.reject(new Error("boom")) };
      const a = await storeUploads(db, store, { owner, now: fixtureTime, signatures: throwing, uploads: [await stage(store, "file", "a.pdf", signed)] });
      const noStore: SignatureChecker = { ...fixtureChecker, options: () => Promise.reject(new Error("no trust store")) };
      const b = await storeUploads(db, store, { owner, now: fixtureTime, signatures: noStore, uploads: [await stage(store, "file", "b.pdf", signed)] });
      if (!a.ok || !b.ok) throw new Error("refused");
      for (const f of [a.files.file![0]!, b.files.file![0]!]) {
        expect(f.signatureStatus).toBe("indeterminate");
        expect(f.signatureReport!.reasons.map((r) => r.code)).toEqual(["INTERNAL_ERROR"]);
      }
      expect(await db.selectFrom("signature_reports").select("verdict").execute()).toEqual([{ verdict: "indeterminate" }, { verdict: "indeterminate" }]);
    } finally {
      await close();
    }
  });
});
