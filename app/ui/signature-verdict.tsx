import { useTranslation } from "react-i18next";
import type { SignatureSummary } from "../domain/files/signature-summary";
import { formatDate, formatDateTime } from "../domain/shared/format";
import type { ChainEntry, Reason, SignatureReport, VerificationReport } from "../domain/signatures/verification";
import { SummaryList, type SummaryListRow } from "./summary-list";
import { Tag } from "./tag";

// Digital signatures shown (issue 7): the verdict on an upload in one sentence (SignatureVerdict, for citizens) and
// the verifier's whole report (FullSignatureReport, for officials; the public page uses signature-report.tsx). Texts in the
// "signature-report" namespace; the reasons' sentences are the verifier's ("signatures:reasons.<CODE>").

const TAG_COLOUR = { passed: "green", failed: "red", indeterminate: "yellow", none: "grey", not_checked: "grey" } as const;
const VERDICT_COLOUR = { "TOTAL-PASSED": "green", "TOTAL-FAILED": "red", INDETERMINATE: "yellow" } as const;

type T = ReturnType<typeof useTranslation>["t"];

/** A reason in words: the verifier's sentence, or its code when the sentence is missing. */
export function reasonText(t: T, r: Reason): string {
  return t(`signatures:reasons.${r.code}`, { ...(r.params ?? {}), defaultValue: t("signature-report:reasonCode", { code: r.code }) });
}

/** The one sentence for a citizen: valid (by whom, when), invalid or not established (why), or no signature. */
export function verdictSentence(t: T, summary: SignatureSummary): string {
  switch (summary.status) {
    case "passed":
      if (summary.signer && summary.signedAt) return t("signature-report:sentence.passed", { signer: summary.signer, date: formatDate(summary.signedAt) });
      return summary.signer ? t("signature-report:sentence.passedBy", { signer: summary.signer }) : t("signature-report:sentence.passedPlain");
    case "failed":
    case "indeterminate":
      return t(`signature-report:sentence.${summary.status}`, { reason: summary.reason ? reasonText(t, summary.reason) : t("signature-report:sentence.unknownReason") });
    default:
      return t(`signature-report:sentence.${summary.status}`);
  }
}

/** A GOV.UK tag and the sentence, beside a file. */
export function SignatureVerdict({ summary }: { summary: SignatureSummary }) {
  const { t } = useTranslation(["signature-report", "signatures"]);
  return (
    <span className="app-signature-verdict" data-signature-status={summary.status}>
      <Tag colour={TAG_COLOUR[summary.status]}>{t(`signature-report:tag.${summary.status}`)}</Tag> <span className="govuk-body-s">{verdictSentence(t, summary)}</span>
    </span>
  );
}

function ReasonList({ reasons }: { reasons: readonly Reason[] }) {
  const { t } = useTranslation(["signature-report", "signatures"]);
  if (reasons.length === 0) return <p className="govuk-body-s">{t("signature-report:report.noReasons")}</p>;
  return (
    <ul className="govuk-list govuk-list--bullet govuk-body-s">
      {reasons.map((r, i) => (
        <li key={`${r.code}-${i}`} data-reason={r.code}>
          <strong>{t(`signature-report:level.${r.level}`)}:</strong> {reasonText(t, r)}
        </li>
      ))}
    </ul>
  );
}

function Chain({ chain }: { chain: readonly ChainEntry[] }) {
  const { t } = useTranslation(["signature-report"]);
  return (
    <ol className="govuk-list govuk-list--number govuk-body-s">
      {chain.map((c) => (
        <li key={c.fingerprint256}>
          {c.subject}
          {c.anchor ? ` (${t("report.anchor")})` : ""} — {t(`report.revocation.${c.revocation.status}`)}
          <br />
          <span className="app-fingerprint">{t("report.fingerprint", { value: c.fingerprint256 })}</span>
        </li>
      ))}
    </ol>
  );
}

function SignatureSection({ signature: s, lang }: { signature: SignatureReport; lang: "vi" | "en" }) {
  const { t } = useTranslation(["signature-report"]);
  const rows: SummaryListRow[] = [{ key: t("report.verdict"), value: <Tag colour={VERDICT_COLOUR[s.verdict]}>{t(`verdict.${s.verdict}`)}</Tag> }];
  if (s.signer) {
    rows.push({ key: t("report.signer"), value: s.signer.subject });
    if (s.signer.identifiers.length > 0) rows.push({ key: t("report.identifiers"), value: s.signer.identifiers.map((i) => `${i.kind}: ${i.value}`).join(", ") });
    rows.push({ key: t("report.issuer"), value: s.signer.issuer });
    rows.push({ key: t("report.serial"), value: s.signer.serialNumber });
  }
  if (s.claimedTime) rows.push({ key: t("report.claimedTime"), value: formatDateTime(s.claimedTime, lang) });
  rows.push({ key: t("report.validationTime"), value: `${formatDateTime(s.validationTime, lang)} (${t(`report.validationSource.${s.validationTimeSource}`)})` });
  if (s.timestamp) {
    rows.push({
      key: t("report.timestamp"),
      value: t("report.timestampValue", { time: formatDateTime(s.timestamp.time, lang), authority: s.timestamp.authority ?? "—", trust: t(s.timestamp.trusted ? "report.trusted" : "report.untrusted") }),
    });
  }
  if (s.algorithm) rows.push({ key: t("report.algorithm"), value: [t("report.algorithmValue", { digest: s.algorithm.digest, signature: s.algorithm.signature }), s.algorithm.key ? t("report.key", { key: s.algorithm.key }) : ""].filter(Boolean).join(", ") });
  if (s.chain.length > 0) rows.push({ key: t("report.chain"), value: <Chain chain={s.chain} /> });
  if (s.coverage) {
    const c = s.coverage;
    const parts = [t("report.coverageValue", { signed: c.signedLength, total: c.fileLength })];
    if (c.revision && c.revisions) parts.push(t("report.revision", { revision: c.revision, revisions: c.revisions }));
    if (c.coversWholeFile) parts.push(t("report.wholeFile"));
    parts.push(t(`report.laterChanges.${c.laterChanges}`));
    rows.push({ key: t("report.coverage"), value: parts.join("; ") });
  }
  rows.push({ key: t("report.reasons"), value: <ReasonList reasons={s.reasons} /> });
  return (
    <section className="app-signature" data-signature-index={s.index}>
      <h4 className="govuk-heading-s">{t(s.kind === "signature" ? "report.signature" : "report.documentTimestamp", { index: s.index })}</h4>
      <SummaryList rows={rows} />
    </section>
  );
}

/** The verifier's whole report: the verdict, reasons about the file, then each signature in detail. */
export function FullSignatureReport({ report }: { report: VerificationReport }) {
  const { t, i18n } = useTranslation(["signature-report", "signatures"]);
  const lang = i18n.language === "en" ? "en" : "vi";
  return (
    <div className="app-signature-report" data-verdict={report.verdict}>
      <p className="govuk-body">
        <Tag colour={VERDICT_COLOUR[report.verdict]}>{t(`signature-report:verdict.${report.verdict}`)}</Tag>{" "}
        <span className="govuk-body-s">{t("signature-report:report.checkedAt", { time: formatDateTime(report.checkedAt, lang) })}</span>
      </p>
      {report.signatures.length === 0 ? <p className="govuk-body-s">{t("signature-report:report.noSignature")}</p> : null}
      {report.reasons.length > 0 ? (
        <>
          <h4 className="govuk-heading-s">{t("signature-report:report.fileReasons")}</h4>
          <ReasonList reasons={report.reasons} />
        </>
      ) : null}
      {report.signatures.map((s) => (
        <SignatureSection key={s.index} signature={s} lang={lang} />
      ))}
    </div>
  );
}
