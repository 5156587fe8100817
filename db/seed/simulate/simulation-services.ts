// The platform seams the simulated year runs the portal's use cases with. Everything that decides (the back office's
// engine, submission, counter intake, supplementation, payments, petitions) is the app's own code; what is replaced
// here is only the slow, outward-facing part of a few seams, so that a year of a province runs in under a minute:
//
//   forms (Mẫu 01–05)  one stored placeholder PDF ("simulated document") per issued form instead of a rendered one;
//                      the issued-document row is written exactly as the real issuer writes it
//   result signing     the approved result is kept as uploaded, with a code "SIM…" (no cryptographic signature)
//   receipts' PDFs     the placeholder PDF (the receipt rows and their numbers are the payments domain's own)
//   notices            the REAL ones (in-app notifications, e-mail and SMS outboxes); simulated applicants have no
//                      confirmed e-mail address and no phone on their accounts, so nothing is queued for delivery
//   petitions' mail    none: simulated submitters give only a phone number, and the use case mails only an address
//   invitations        not sent (simulated officials are activated at once; their password cannot be used)
import { Readable } from "node:stream";
import { createHash } from "node:crypto";
import type { BackOfficeServices } from "../../../app/domain/dossiers/back-office.seams";
import type { PaymentDeps } from "../../../app/domain/payments/payments.server";
import type { PetitionServices } from "../../../app/domain/petitions/petitions.server";
import type { BlobStore } from "../../../app/platform/blob-store.server";
import { backOfficeNotices } from "../../../app/platform/dossier-services.server";
import { DEFAULT_PAYMENT_SETTINGS } from "../../../app/platform/payment-settings.server";
import { newId } from "../../../app/platform/ids.server";

/** A one-page PDF saying that the document is simulated (written by hand: no fonts to embed). */
export function placeholderPdf(): Buffer {
  const text = "Simulated document - Tai lieu mo phong (demo data)";
  const stream = `BT /F1 14 Tf 60 760 Td (${text}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

export interface StoredPlaceholder {
  sha256: string;
  sizeBytes: number;
  bytes: Buffer;
}

/** The placeholder PDF, stored once in the blob store (content-addressed). */
export async function storePlaceholder(blobs: BlobStore): Promise<StoredPlaceholder> {
  const bytes = placeholderPdf();
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  if (!(await blobs.exists(sha256))) {
    const staged = await blobs.stage(Readable.from([bytes]), { maxBytes: bytes.length + 1 });
    await staged.commit();
  }
  return { sha256, sizeBytes: bytes.length, bytes };
}

/** The back office's seams for the simulation: real notices, placeholder forms, results kept unsigned with a SIM code. */
export function simulationBackOffice(placeholder: StoredPlaceholder, baseUrl: string): BackOfficeServices {
  let signed = 0;
  return {
    async issueForm(trx, input) {
      const id = newId(input.now.getTime());
      await trx
        .insertInto("dossier_issued_documents")
        .values({
          id,
          dossier_id: input.dossierId,
          kind: input.kind,
          event_id: input.eventId,
          sha256: placeholder.sha256,
          size_bytes: placeholder.sizeBytes,
          media_type: "application/pdf",
          file_name: `${input.kind}-mo-phong.pdf`,
          audience: "applicant",
          created_by: input.actorId,
          created_at: input.now.toISOString(),
        })
        .execute();
      return id;
    },
    async signResult(input) {
      signed += 1;
      return {
        ok: true,
        sha256: input.result.sha256,
        sizeBytes: input.result.sizeBytes,
        code: `SIM${String(signed).padStart(9, "0")}`,
        signerSubject: "C=VN, CN=Dữ liệu mô phỏng (không có chữ ký số)",
        signedAt: input.now,
      };
    },
    ...backOfficeNotices({ baseUrl }),
  };
}

/** The payments' dependencies: a demo VietQR account (transfers are settled by imported statements), no VNPay. */
export function simulationPayments(backOffice: BackOfficeServices, blobs: BlobStore, placeholder: StoredPlaceholder, origin: string, random: () => number): PaymentDeps {
  return {
    settings: {
      ...DEFAULT_PAYMENT_SETTINGS,
      origin,
      vietqr: { bankBin: "970418", bankName: "BIDV (tài khoản thử nghiệm)", account: "1234567890123", accountName: "TRUNG TAM PHUC VU HANH CHINH CONG TINH HA GIANG", expiryHours: 72 },
    },
    services: {
      async vnpayApi() {
        throw new Error("the simulation does not call VNPay");
      },
      random: (n) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256)),
      blobs,
      renderReceipt: async () => placeholder.bytes,
      backOffice: { services: backOffice, settings: { paymentPausesClock: true } },
    },
  };
}

/** Petitions' mail: none is sent for simulated items (their submitters give a phone number only). */
export const simulationPetitionServices: PetitionServices = {
  async notify() {},
};

/**
 * The blob store as the simulation uses it: content already stored (the placeholder, thousands of times) is
 * recognised in memory and not staged and fsynced again; anything new goes to the real store.
 */
export function dedupingBlobStore(blobs: BlobStore): BlobStore {
  const known = new Set<string>();
  return {
    ...blobs,
    open: (sha256) => blobs.open(sha256),
    exists: async (sha256) => known.has(sha256) || (await blobs.exists(sha256)),
    remove: (sha256) => blobs.remove(sha256),
    async stage(chunks, options) {
      const parts: Buffer[] = [];
      for await (const chunk of chunks) parts.push(Buffer.from(chunk));
      const bytes = Buffer.concat(parts);
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      if (known.has(sha256) || (await blobs.exists(sha256))) {
        known.add(sha256);
        return {
          sha256,
          size: bytes.length,
          async read(offset, length) {
            return new Uint8Array(bytes.subarray(offset, offset + length));
          },
          async commit() {},
          async discard() {},
        };
      }
      const staged = await blobs.stage(Readable.from([bytes]), options);
      known.add(sha256);
      return staged;
    },
  };
}
