import type { Reason, VerificationReport } from "../signatures/verification";

// What a citizen is told about an upload's signature (issue 7, part 4): the status and one sentence's facts — who
// signed and when for a valid signature, the first reason otherwise. Isomorphic and small: pages carry this, not the
// whole report (officials see the whole report: app/ui/signature-report.tsx).

export type SignatureStatus = "not_checked" | "none" | "passed" | "failed" | "indeterminate";

export interface SignatureSummary {
  status: SignatureStatus;
  /** The signer's common name (or subject) of the first signature, when it passed. */
  signer?: string;
  /** When it was signed: a trusted time-stamp's time, else the time the signer claims (ISO instant). */
  signedAt?: string;
  /** The first reason that decided the verdict (failed, or indeterminate). */
  reason?: Reason;
}

export function summariseSignature(status: SignatureStatus, report: VerificationReport | null | undefined): SignatureSummary {
  if (!report || status === "none" || status === "not_checked") return { status };
  const signatures = report.signatures.filter((s) => s.kind === "signature");
  if (status === "passed") {
    const first = signatures[0];
    const signedAt = first?.timestamp?.trusted ? first.timestamp.time : (first?.claimedTime ?? (first?.validationTimeSource === "caller" ? undefined : first?.validationTime));
    return { status, ...(first?.signer ? { signer: first.signer.commonName ?? first.signer.subject } : {}), ...(signedAt ? { signedAt } : {}) };
  }
  const level = status === "failed" ? "failed" : "indeterminate";
  const all = [...report.signatures.flatMap((s) => s.reasons), ...report.reasons];
  const reason = all.find((r) => r.level === level) ?? all.find((r) => r.level === "failed" || r.level === "indeterminate");
  return { status, ...(reason ? { reason } : {}) };
}

/** The summary from a stored report (JSON in signature_reports.report); a report that cannot be read gives the status alone. */
export function summariseStored(status: SignatureStatus, reportJson: string | null | undefined): SignatureSummary {
  if (!reportJson) return { status };
  try {
    return summariseSignature(status, JSON.parse(reportJson) as VerificationReport);
  } catch {
    return { status };
  }
}
