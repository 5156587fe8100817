import { createHash } from "node:crypto";
import type { TFunction } from "i18next";
import type { Agency, AgencyKeyStore, SigningConfig } from "./agency-keys.server";
import { resultMarks } from "./result-marks.server";
import { normalizeShortCode, formatShortCode } from "./short-code";
import { signPdf } from "./sign-pdf.server";
import { rfc3161Client, type TimestampAuthority } from "./tsa-client.server";

// Signing an agency's result document: the one call the approval flow makes. It takes the agency's key from the key
// store (checked valid now), draws the verification marks (QR code and short code) on page 1, and appends the PAdES
// signature (with a timestamp when a TSA is configured) as one incremental update. A document that already carries
// signatures keeps them: call it again without a code for a further signature (a leader after a department).

export interface ResultSignerDeps {
  keys: AgencyKeyStore;
  /** Vietnamese texts, "signing" namespace (the marks, the default /Reason and /Location). */
  t: TFunction;
  /** English texts: an English line under the marks' Vietnamese one. */
  tEn?: TFunction;
  /** The province, for /Location ("Hà Giang, Việt Nam"). */
  province: string;
  /** From SIGNING_TSA_URL (timestampAuthorityFor). */
  timestamp?: TimestampAuthority;
  now?: () => Date;
}

export interface SignResultInput {
  pdf: Buffer;
  agency: Agency;
  /** The marks: the result's short code and the public page it leads to (verificationUrl(PUBLIC_URL, code)). */
  marks?: { code: string; url: string };
  /** /Reason (default: approval of the result of an administrative procedure). */
  reason?: string;
}

export interface SignedResult {
  pdf: Buffer;
  /** SHA-256 of the signed file (hex), to store and to find the file again from an upload. */
  sha256: string;
  /** The short code as printed (XXXX-XXXX-XXXX), when marks were drawn. */
  code: string | null;
  /** SHA-256 fingerprint of the signing certificate (as X509Certificate.fingerprint256 writes it). */
  certificateFingerprint: string;
  /** The signing certificate's subject, one line ("C=VN, O=…, CN=…"). */
  signerSubject: string;
  signedAt: Date;
  /** Signed with the development demo CA. */
  demo: boolean;
}

export interface ResultSigner {
  sign(input: SignResultInput): Promise<SignedResult>;
}

/** The RFC 3161 authority of the configuration, if one is set. */
export function timestampAuthorityFor(config: Pick<SigningConfig, "tsaUrl">): TimestampAuthority | undefined {
  return config.tsaUrl ? rfc3161Client({ url: config.tsaUrl }) : undefined;
}

export function createResultSigner(deps: ResultSignerDeps): ResultSigner {
  const now = deps.now ?? (() => new Date());
  return {
    async sign(input) {
      const signedAt = now();
      const identity = await deps.keys.forAgency(input.agency, signedAt);
      let code: string | null = null;
      let marks;
      if (input.marks) {
        const normal = normalizeShortCode(input.marks.code);
        if (!normal) throw new Error("The verification code is not a valid short code.");
        code = formatShortCode(normal);
        marks = await resultMarks({ url: input.marks.url, code, t: deps.t, tEn: deps.tEn });
      }
      const signed = await signPdf(input.pdf, {
        signer: identity.signer,
        name: input.agency.name,
        reason: input.reason ?? deps.t("signing:signature.reason"),
        location: deps.t("signing:signature.location", { province: deps.province }),
        signingTime: signedAt,
        timestamp: deps.timestamp,
        marks,
      });
      return {
        pdf: signed.pdf,
        sha256: createHash("sha256").update(signed.pdf).digest("hex"),
        code,
        certificateFingerprint: identity.certificate.fingerprint256,
        signerSubject: identity.certificate.subject.split("\n").join(", "),
        signedAt,
        demo: identity.demo,
      };
    },
  };
}
