import type { Reason, ReasonLevel, SignatureReport, Verdict, VerificationReport } from "~/domain/signatures/verification";
import { formatTimestamp } from "~/domain/shared/format";
import { SummaryList, type SummaryListRow } from "./summary-list";
import { Tag, type TagColour } from "./tag";

// The verifier's report in plain words (issue 7): the file's verdict, then each signature with its verdict as a tag
// and a word (never colour alone), the signer, the time of signing (a verified timestamp's, or the signer's own claim
// marked as such) and the reasons. Generic: the public verification page and the officials' pages render it.
// `t` must resolve "verify:report.*" and "signatures:reasons.*" (react-i18next's t with both namespaces loaded).

export type ReportTranslate = (key: string, values?: Record<string, unknown>) => string;

export interface SignatureReportProps {
  report: VerificationReport;
  t: ReportTranslate;
  /** The heading level of each signature's title (default 3). */
  headingLevel?: 2 | 3 | 4;
}

const COLOUR: Record<Verdict, TagColour> = { "TOTAL-PASSED": "green", "TOTAL-FAILED": "red", INDETERMINATE: "grey" };
const SHOWN_LEVELS: readonly ReasonLevel[] = ["failed", "indeterminate", "warning", "info"];

export function VerdictTag({ verdict, t }: { verdict: Verdict; t: ReportTranslate }) {
  return (
    <Tag colour={COLOUR[verdict]} className="app-verdict">
      {t(`verify:report.verdict.${verdict}`)}
    </Tag>
  );
}

function when(value: string | undefined): string | null {
  if (!value) return null;
  try {
    return formatTimestamp(value);
  } catch {
    return null;
  }
}

/** A reason's sentence; the code itself when no text exists for it (a newer verifier than the texts). */
function reasonText(t: ReportTranslate, r: Reason): string {
  const key = `signatures:reasons.${r.code}`;
  const text = t(key, { ...(r.params ?? {}) });
  return text === key || text === `reasons.${r.code}` ? r.code : text;
}

function Reasons({ reasons, t }: { reasons: readonly Reason[]; t: ReportTranslate }) {
  const sorted = [...reasons].sort((a, b) => SHOWN_LEVELS.indexOf(a.level) - SHOWN_LEVELS.indexOf(b.level));
  return (
    <ul className="govuk-list govuk-list--bullet">
      {sorted.map((r, i) => (
        <li key={`${r.code}-${i}`} data-reason={r.code}>
          {reasonText(t, r)}
        </li>
      ))}
    </ul>
  );
}

function signatureRows(s: SignatureReport, t: ReportTranslate): SummaryListRow[] {
  const rows: SummaryListRow[] = [{ key: t("verify:report.verdictLabel"), value: <VerdictTag verdict={s.verdict} t={t} /> }];
  rows.push({ key: t("verify:report.signer"), value: s.signer ? (s.signer.commonName ?? s.signer.subject) : t("verify:report.unknown") });
  if (s.signer) rows.push({ key: t("verify:report.issuer"), value: s.signer.issuer });
  const trusted = s.timestamp?.trusted ? when(s.timestamp.time) : null;
  if (trusted) {
    rows.push({ key: t("verify:report.trustedTime"), value: s.timestamp?.authority ? t("verify:report.trustedTimeBy", { time: trusted, authority: s.timestamp.authority }) : trusted });
  }
  const claimed = when(s.claimedTime);
  if (claimed) rows.push({ key: t("verify:report.claimedTime"), value: claimed });
  const judged = when(s.validationTime);
  if (!trusted && judged) rows.push({ key: t("verify:report.validationTime"), value: judged });
  if (s.algorithm) rows.push({ key: t("verify:report.algorithm"), value: s.algorithm.signature });
  if (s.reasons.length > 0) rows.push({ key: t("verify:report.reasons"), value: <Reasons reasons={s.reasons} t={t} /> });
  return rows;
}

export function SignatureReportView({ report, t, headingLevel = 3 }: SignatureReportProps) {
  const Heading = `h${headingLevel}` as "h3";
  return (
    <div className="app-signature-report" data-verdict={report.verdict}>
      <p className="govuk-body">
        <VerdictTag verdict={report.verdict} t={t} /> {report.signatures.length === 0 ? t("verify:report.noSignatures") : t(`verify:report.summary.${report.verdict}`)}
      </p>
      {report.reasons.length > 0 ? (
        <>
          <Heading className="govuk-heading-s">{t("verify:report.fileReasons")}</Heading>
          <Reasons reasons={report.reasons} t={t} />
        </>
      ) : null}
      {report.signatures.map((s) => (
        <section key={s.index} className="app-signature-report__signature" data-verdict={s.verdict} aria-labelledby={`signature-${s.index}`}>
          <Heading className="govuk-heading-s" id={`signature-${s.index}`}>
            {t(s.kind === "document-timestamp" ? "verify:report.documentTimestamp" : "verify:report.signature", { index: s.index })}
          </Heading>
          <SummaryList rows={signatureRows(s, t)} />
        </section>
      ))}
    </div>
  );
}
