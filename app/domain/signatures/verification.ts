// The signature verifier's report (issue 7): per-signature verdicts in the ETSI EN 319 102-1 vocabulary, and the
// reasons behind them as stable codes with parameters. Isomorphic: the upload page, the officials' report and the
// command all read this shape; the texts are in locales/<lng>/signatures.json under "reasons.<CODE>".

export const VERDICTS = ["TOTAL-PASSED", "TOTAL-FAILED", "INDETERMINATE"] as const;
export type Verdict = (typeof VERDICTS)[number];

/**
 * How much a reason weighs: "failed" makes the signature TOTAL-FAILED, "indeterminate" INDETERMINATE (unless a
 * failure outweighs it); "warning" and "info" are shown but change nothing.
 */
export type ReasonLevel = "failed" | "indeterminate" | "warning" | "info";

export const REASON_LEVELS = {
  // Structure and integrity: the signature is broken or is not what it claims to be.
  CMS_MALFORMED: "failed",
  CMS_NOT_SIGNED_DATA: "failed",
  CMS_NO_SIGNER: "failed",
  CMS_ECONTENT_NOT_ALLOWED: "failed",
  CONTENT_TYPE_ATTRIBUTE: "failed",
  MESSAGE_DIGEST_ATTRIBUTE: "failed",
  SIGNED_ATTRIBUTES_REQUIRED: "failed",
  DIGEST_MISMATCH: "failed",
  SIGNATURE_INVALID: "failed",
  ALGORITHM_KEY_MISMATCH: "failed",
  ALGORITHM_PROTECTION_MISMATCH: "failed",
  PSS_PARAMETERS_INVALID: "failed",
  DETACHED_CONTENT_DIFFERS: "failed",
  CERT_REVOKED: "failed",
  CERT_NOT_YET_VALID: "failed",
  BYTERANGE_MALFORMED: "failed",
  BYTERANGE_NOT_FROM_START: "failed",
  BYTERANGE_OUT_OF_FILE: "failed",
  BYTERANGE_GAP_NOT_CONTENTS: "failed",
  BYTERANGE_INSIDE_GAP: "failed",
  BYTERANGE_SHARED: "failed",
  BYTERANGE_OVERLAP: "failed",
  CONTENTS_EMPTY: "failed",
  SIGNATURE_DICTIONARY_INVALID: "failed",
  MODIFIED_AFTER_SIGNING: "failed",
  UNRECOGNISED_FORMAT: "failed",
  // Crypto may be fine, but trust, time, revocation or policy is not established.
  SIGNER_CERTIFICATE_NOT_FOUND: "indeterminate",
  SIGNING_CERTIFICATE_MISMATCH: "indeterminate",
  ALGORITHM_UNSUPPORTED: "indeterminate",
  ALGORITHM_HASH_MISMATCH: "indeterminate",
  PSS_MGF1_HASH_DIFFERS: "indeterminate",
  WEAK_ALGORITHM: "indeterminate",
  WEAK_KEY: "indeterminate",
  CHAIN_NO_TRUSTED_ANCHOR: "indeterminate",
  CHAIN_TOO_LONG: "indeterminate",
  CERT_EXPIRED: "indeterminate",
  CERT_KEY_USAGE: "indeterminate",
  CERT_EXTENDED_KEY_USAGE: "indeterminate",
  CERT_NOT_CA: "indeterminate",
  CERT_PATH_LENGTH: "indeterminate",
  CERT_UNKNOWN_CRITICAL_EXTENSION: "indeterminate",
  CERT_UNREADABLE: "indeterminate",
  REVOCATION_UNKNOWN: "indeterminate",
  DETACHED_CONTENT_MISSING: "indeterminate",
  CONTENTS_TRAILING_DATA: "indeterminate",
  SIGNATURE_NOT_REFERENCED: "indeterminate",
  SUBFILTER_UNSUPPORTED: "indeterminate",
  PDF_STRUCTURE_UNREADABLE: "indeterminate",
  TIME_LIMIT_EXCEEDED: "indeterminate",
  INPUT_TOO_LARGE: "indeterminate",
  LIMIT_EXCEEDED: "indeterminate",
  INTERNAL_ERROR: "indeterminate",
  NO_SIGNATURE_FOUND: "indeterminate",
  // Shown, verdict unchanged.
  TIMESTAMP_INVALID: "warning",
  TIMESTAMP_UNTRUSTED: "warning",
  DIGEST_ALGORITHM_QUIRK: "warning",
  CRL_REJECTED: "warning",
  OCSP_FAILED: "warning",
  REVOCATION_NOT_CHECKED: "warning",
  SIGNED_ATTRIBUTES_SORTED: "info",
  TIMESTAMP_USED: "info",
  DOCUMENT_TIMESTAMP_USED: "info",
  CERT_REVOKED_AFTER_SIGNING: "info",
  LATER_CHANGES_SIGNED: "info",
  LTV_DATA_ADDED: "info",
} as const satisfies Record<string, ReasonLevel>;

export type ReasonCode = keyof typeof REASON_LEVELS;
export const REASON_CODES = Object.keys(REASON_LEVELS) as ReasonCode[];

export type ReasonParams = Record<string, string | number>;

export interface Reason {
  code: ReasonCode;
  level: ReasonLevel;
  params?: ReasonParams;
}

export function reason(code: ReasonCode, params?: ReasonParams): Reason {
  return params && Object.keys(params).length > 0 ? { code, level: REASON_LEVELS[code], params } : { code, level: REASON_LEVELS[code] };
}

/** The verdict that a list of reasons gives: any failure wins, then any indeterminate reason, else passed. */
export function verdictOf(reasons: readonly Reason[]): Verdict {
  if (reasons.some((r) => r.level === "failed")) return "TOTAL-FAILED";
  if (reasons.some((r) => r.level === "indeterminate")) return "INDETERMINATE";
  return "TOTAL-PASSED";
}

/** One attribute of a distinguished name, in the order of the certificate. */
export interface NameAttribute {
  /** Short name (CN, O, OU, C, ST, L, E, SERIALNUMBER, UID…) or the OID when unknown. */
  type: string;
  value: string;
}

/**
 * A Vietnamese holder identifier found in the subject, e.g. UID "MST:0101234567" (tax code), "CCCD:001…" (citizen
 * identity card), "CMND:…" (old identity card), "HC:…" (passport), "BHXH:…" (social insurance).
 */
export interface HolderIdentifier {
  kind: string;
  value: string;
}

export interface SignerSummary {
  /** The subject as "CN=…, O=…" in the certificate's order. */
  subject: string;
  attributes: NameAttribute[];
  commonName?: string;
  identifiers: HolderIdentifier[];
  issuer: string;
  serialNumber: string;
  fingerprint256: string;
  notBefore: string;
  notAfter: string;
  key: string;
}

export type RevocationStatus = "good" | "revoked" | "unknown" | "not-checked" | "anchor";

export interface ChainEntry {
  subject: string;
  issuer: string;
  serialNumber: string;
  fingerprint256: string;
  notBefore: string;
  notAfter: string;
  /** A trust anchor of the configured store (matched by SHA-256 fingerprint). */
  anchor: boolean;
  /** Where the certificate came from. */
  source: "document" | "trust-store";
  revocation: { status: RevocationStatus; source?: "crl" | "ocsp"; date?: string; reason?: string };
}

export interface TimestampSummary {
  /** genTime of the token. */
  time: string;
  /** The time-stamping authority's subject. */
  authority?: string;
  /** The token verified (imprint, signature) and its TSA chains to the trust store. */
  trusted: boolean;
  digestAlgorithm?: string;
  chain: ChainEntry[];
  reasons: Reason[];
}

export interface AlgorithmSummary {
  /** The digest of the content, e.g. "SHA-256". */
  digest: string;
  /** The signature scheme, e.g. "RSASSA-PSS (SHA-256)", "ECDSA (brainpoolP256r1)". */
  signature: string;
  /** The signer's key, e.g. "RSA 2048", "EC P-256", "Ed25519". */
  key?: string;
}

export interface CoverageSummary {
  byteRange: [number, number, number, number];
  /** Length of the revision this signature signs (c + d). */
  signedLength: number;
  fileLength: number;
  /** Which revision (1-based) the signature ends, out of how many. */
  revision?: number;
  revisions?: number;
  coversWholeFile: boolean;
  /**
   * What follows the signed revision: nothing; only validation data (DSS/VRI) or document timestamps; changes that
   * a later signature covers; or changes that no signature covers.
   */
  laterChanges: "none" | "ltv-only" | "signed-later" | "unsigned";
}

export interface SignatureReport {
  /** 1-based, in the order of the file (by end of the signed range for PDFs). */
  index: number;
  kind: "signature" | "document-timestamp";
  verdict: Verdict;
  fieldName?: string;
  subFilter?: string;
  signer?: SignerSummary;
  /** The time the signer claims (signingTime attribute, or the PDF's /M): shown, never trusted. */
  claimedTime?: string;
  claimedTimeSource?: "signing-time-attribute" | "pdf-m";
  /** The time the certificates were judged at, and where it comes from. */
  validationTime: string;
  validationTimeSource: "signature-timestamp" | "document-timestamp" | "caller";
  timestamp?: TimestampSummary;
  algorithm?: AlgorithmSummary;
  chain: ChainEntry[];
  coverage?: CoverageSummary;
  /** PDF details shown for the record (reason, location, name), as the signer wrote them. */
  details?: Record<string, string>;
  reasons: Reason[];
}

export interface VerificationReport {
  kind: "pdf" | "cms";
  /** The worst verdict over the signatures; INDETERMINATE when there is none. */
  verdict: Verdict;
  /** Every signature passed (and there is at least one). */
  allPassed: boolean;
  fileLength: number;
  /** The caller's time (upload time, or now). */
  checkedAt: string;
  signatures: SignatureReport[];
  /** Reasons about the file as a whole (no signature, unreadable structure, limits). */
  reasons: Reason[];
}

const ORDER: Record<Verdict, number> = { "TOTAL-PASSED": 0, INDETERMINATE: 1, "TOTAL-FAILED": 2 };

/** The file's verdict: the worst of its signatures' and its own reasons'. */
export function summarise(kind: VerificationReport["kind"], fileLength: number, checkedAt: Date, signatures: SignatureReport[], reasons: Reason[]): VerificationReport {
  let verdict: Verdict = signatures.length === 0 ? "INDETERMINATE" : "TOTAL-PASSED";
  for (const v of [...signatures.map((s) => s.verdict), verdictOf(reasons)]) if (ORDER[v] > ORDER[verdict]) verdict = v;
  return {
    kind,
    verdict,
    allPassed: verdict === "TOTAL-PASSED" && signatures.length > 0,
    fileLength,
    checkedAt: checkedAt.toISOString(),
    signatures,
    reasons,
  };
}

/** A translation function (i18next's t on the "signatures" namespace, or a stand-in in tests). */
export type Translate = (key: string, values?: Record<string, unknown>) => string;

const TIME_PARAMS = new Set(["date", "at", "notAfter", "notBefore", "time"]);

/** The sentence for a reason, in the translator's language; instants go through formatTime when given. */
export function describeReason(t: Translate, r: Reason, formatTime?: (iso: string) => string): string {
  const params: Record<string, unknown> = { ...(r.params ?? {}) };
  if (formatTime) for (const [k, v] of Object.entries(params)) if (TIME_PARAMS.has(k) && typeof v === "string") params[k] = formatTime(v);
  return t(`reasons.${r.code}`, params);
}
