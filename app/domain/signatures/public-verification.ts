// The public verification page's shared facts (isomorphic: the page renders them; the use cases are in
// public-verification.server.ts).

/** The largest file the page verifies (uploads and stored results alike). */
export const MAX_VERIFY_BYTES = 20_000_000;

/** What the portal issued: the facts printed on the page (never the applicant's). */
export interface IssuedDocument {
  /** The short code as printed, XXXX-XXXX-XXXX. */
  code: string;
  documentName: string;
  /** The issuing agency's name on the signing date. */
  agencyName: string;
  signedAt: string;
  signerSubject: string;
  procedureName: string;
  /** SHA-256 of the signed file (hex). */
  sha256: string;
}
