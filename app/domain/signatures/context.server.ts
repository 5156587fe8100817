// What one verification carries around: the caller's options, the limits against hostile input, a deadline, and
// caches (parsed CRLs, issuer checks, OCSP answers) shared by all signatures of a file.
import { createHash } from "node:crypto";
import type { Crl } from "./crl.server";
import type { OcspOptions } from "./ocsp.server";
import type { TrustStore } from "./trust-store.server";

/** What a caller-supplied CRL source is asked (an administrator's offline cache, later a database). */
export interface CrlQuery {
  /** DER of the certificate's issuer name: the CRL's issuer must be the same. */
  issuerDer: Buffer;
  /** The certificate's CRL distribution point URLs, when it names any. */
  distributionPoints: readonly string[];
  /** The certificate's serial number (hexadecimal). */
  serialNumber: string;
}

/** Returns DER CRLs that may cover the certificate (the verifier checks issuer, signature, scope and freshness). */
export type CrlSource = (query: CrlQuery) => Promise<readonly Uint8Array[]> | readonly Uint8Array[];

export interface VerifyOptions {
  /** Anchors and intermediates (defaultTrustStore() for the Vietnamese roots). */
  trust: TrustStore;
  /**
   * The caller's trusted time, e.g. the upload time; default now. Certificates are judged at a verified signature
   * timestamp's time when there is one, else at this time. Claimed signing times are shown, never used.
   */
  at?: Date;
  /** CRLs the caller holds (besides those in the file). */
  crls?: CrlSource | readonly Uint8Array[];
  /** Without revocation information for a certificate: INDETERMINATE (true, the default) or a warning (false). */
  requireRevocation?: boolean;
  /** OCSP, only when configured. */
  ocsp?: OcspOptions;
  /** Give up (INDETERMINATE) after this long; default 20 s. */
  timeLimitMs?: number;
  /** Larger inputs are not examined (INDETERMINATE); default 200 MiB. */
  maxBytes?: number;
}

export const LIMITS = {
  maxFileBytes: 200 * 1024 * 1024,
  /** A signature's DER (the /Contents of a PDF, a .p7s). */
  maxCmsBytes: 4 * 1024 * 1024,
  maxSignatures: 64,
  maxSignersPerCms: 16,
  maxCertificatesPerCms: 64,
  maxChainDepth: 10,
  /** Issuer candidates examined while building one path. */
  maxPathSteps: 256,
  maxCrlBytes: 32 * 1024 * 1024,
  maxRevocationItems: 128,
  maxInflatedBytes: 64 * 1024 * 1024,
  maxPdfObjects: 20_000,
  maxNestedTimestamps: 1,
} as const;

export class TimeLimitError extends Error {
  override name = "TimeLimitError";
}

export class LimitError extends Error {
  override name = "LimitError";
  constructor(readonly what: string) {
    super(`limit exceeded: ${what}`);
  }
}

export class Deadline {
  private readonly end: number;
  constructor(readonly ms: number) {
    this.end = performance.now() + ms;
  }
  /** Throws TimeLimitError once the time is up; called in every loop over untrusted input. */
  check(): void {
    if (performance.now() > this.end) throw new TimeLimitError(`time limit of ${this.ms} ms exceeded`);
  }
  remaining(): number {
    return Math.max(0, this.end - performance.now());
  }
}

export interface Context {
  trust: TrustStore;
  anchorFingerprints: ReadonlySet<string>;
  /** The caller's time: freshness of revocation data, and the validation time without a trusted timestamp. */
  now: Date;
  requireRevocation: boolean;
  crlSource?: CrlSource;
  ocsp?: OcspOptions;
  deadline: Deadline;
  crlCache: Map<string, Crl | null>;
  issuedCache: Map<string, boolean>;
  ocspCache: Map<string, Promise<unknown>>;
}

export function createContext(options: VerifyOptions): Context {
  const given = options.crls;
  const crlSource: CrlSource | undefined = typeof given === "function" ? given : given ? () => given : undefined;
  return {
    trust: options.trust,
    anchorFingerprints: new Set(options.trust.anchors.map((c) => c.fingerprint256)),
    now: options.at ?? new Date(),
    requireRevocation: options.requireRevocation ?? true,
    crlSource,
    ocsp: options.ocsp,
    deadline: new Deadline(options.timeLimitMs ?? 20_000),
    crlCache: new Map(),
    issuedCache: new Map(),
    ocspCache: new Map(),
  };
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
