import { Form, Link } from "@remix-run/react";
import type { TFunction } from "i18next";
import type { PetitionView } from "~/domain/petitions/petitions.server";
import { useTranslation } from "react-i18next";
import { formatDate, formatFileSize } from "~/domain/shared/format";
import { Button } from "~/ui/button";
import { Checkboxes } from "~/ui/checkboxes";
import { Radios } from "~/ui/radios";
import { SummaryList, type SummaryListRow } from "~/ui/summary-list";
import { Tag } from "~/ui/tag";
import { Textarea } from "~/ui/textarea";

// What the public look-up and "my petitions" show of one item (issue 8): its status in plain words, the dates, the
// handling agency, the answer or the reason for closing, and the submitter's rating form. Texts typed by people are
// rendered as text (React escapes them) with their line breaks kept (app-prewrap).

type View = Omit<PetitionView, never>;

const STATUS_COLOUR = {
  received: "blue",
  forwarded: "yellow",
  drafted: "yellow",
  answered: "green",
  closed: "grey",
} as const;

export function PetitionStatusTag({ status, t }: { status: View["status"]; t: TFunction }) {
  return <Tag colour={STATUS_COLOUR[status]}>{t(`petitions:statusShort.${status}`)}</Tag>;
}

/** A text someone typed: shown as text, line breaks kept. */
export function TypedText({ text }: { text: string }) {
  return <div className="govuk-body app-prewrap">{text}</div>;
}

export function PetitionDetails({ petition: p, t }: { petition: View; t: TFunction }) {
  const { i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "vi";
  const date = (v: string | null) => (v ? formatDate(v) : t("petitions:view.notYet"));
  const rows: SummaryListRow[] = [
    {
      key: t("petitions:view.status"),
      value: (
        <>
          <PetitionStatusTag status={p.status} t={t} /> <span className="govuk-body">{t(`petitions:status.${p.status}`)}</span>
        </>
      ),
    },
    { key: t("petitions:view.kind"), value: t(`petitions:kinds.${p.kind}`) },
    { key: t("petitions:view.receivedAt"), value: formatDate(p.receivedAt) },
  ];
  if (p.status === "received" || p.forwardedAt)
    rows.push({
      key: p.forwardedAt ? t("petitions:view.forwardedAt") : t("petitions:view.forwardDueAt"),
      value: formatDate(p.forwardedAt ?? p.forwardDueAt),
    });
  if (p.handlingAgency)
    rows.push({
      key: t("petitions:view.handlingAgency"),
      value: p.handlingAgency,
    });
  if (p.answerDueAt)
    rows.push({
      key: t("petitions:view.answerDueAt"),
      value: (
        <>
          {formatDate(p.answerDueAt)}
          {p.extensionReason ? <span className="govuk-hint app-prewrap">{t("petitions:view.extended", { reason: p.extensionReason })}</span> : null}
        </>
      ),
    });
  if (p.status !== "closed")
    rows.push({
      key: t("petitions:view.answeredAt"),
      value: (
        <>
          {date(p.answeredAt)}{" "}
          {p.answeredOnTime === null ? null : (
            <Tag colour={p.answeredOnTime ? "green" : "red"}>{p.answeredOnTime ? t("petitions:view.onTime") : t("petitions:view.late")}</Tag>
          )}
        </>
      ),
    });
  if (p.reopenedAt)
    rows.push({
      key: t("petitions:view.reopened"),
      value: t("petitions:view.reopenedAt", { date: formatDate(p.reopenedAt) }),
    });
  if (p.procedure)
    rows.push({
      key: t("petitions:view.procedure"),
      value: `${p.procedure.name} (${p.procedure.code})`,
    });
  if (p.concernedAgency)
    rows.push({
      key: t("petitions:view.concernedAgency"),
      value: p.concernedAgency,
    });
  if (p.dossierCode) rows.push({ key: t("petitions:view.dossierCode"), value: p.dossierCode });
  if (p.rating)
    rows.push({
      key: t("petitions:view.rating"),
      value:
        p.rating === "satisfied"
          ? t("petitions:view.ratingSatisfied")
          : t("petitions:view.ratingUnsatisfied", {
              reason: p.ratingReason ?? "",
            }),
    });
  return (
    <>
      <SummaryList rows={rows} />
      {p.status === "answered" && p.answer ? (
        <section aria-labelledby="answer-heading">
          <h2 className="govuk-heading-m" id="answer-heading">
            {t("petitions:view.answer")}
          </h2>
          <TypedText text={p.answer} />
        </section>
      ) : null}
      {p.status === "closed" ? (
        <section aria-labelledby="closed-heading">
          <h2 className="govuk-heading-m" id="closed-heading">
            {t("petitions:view.closed")}
          </h2>
          {p.closeReason ? <p className="govuk-body govuk-!-font-weight-bold">{t(`petitions:closeReasons.${p.closeReason}`)}</p> : null}
          {p.closeText ? <TypedText text={p.closeText} /> : null}
          {p.duplicateOf ? (
            <p className="govuk-body">
              <Link className="govuk-link" to={`/feedback/answers/${encodeURIComponent(p.duplicateOf)}`}>
                {t("petitions:view.duplicateLink", { code: p.duplicateOf })}
              </Link>
            </p>
          ) : null}
        </section>
      ) : null}
      <h2 className="govuk-heading-m">{t("petitions:view.content")}</h2>
      <h3 className="govuk-heading-s app-prewrap">{p.title}</h3>
      <TypedText text={p.content} />
      {p.proposal ? (
        <>
          <h3 className="govuk-heading-s">{t("petitions:view.proposal")}</h3>
          <TypedText text={p.proposal} />
        </>
      ) : null}
      {p.attachments.length > 0 ? (
        <>
          <h3 className="govuk-heading-s">{t("petitions:view.attachments")}</h3>
          <ul className="govuk-list govuk-list--bullet">
            {p.attachments.map((a, i) => (
              <li key={i}>{t("petitions:view.attachment", { name: a.name, size: formatFileSize(a.sizeBytes, lang) })}</li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

/** The submitter's rating (and reopening within the window): `hidden` carries the proof (the code and the factor). */
export function RateForm({
  petition: p,
  t,
  hidden,
  errors,
  values,
}: {
  petition: View;
  t: TFunction;
  hidden: Record<string, string>;
  errors: Record<string, string>;
  values?: { rating?: string; reason?: string; reopen?: boolean };
}) {
  if (p.status !== "answered") return null;
  if (p.rating === "satisfied" || (p.rating && !p.reopenUntil)) return <p className="govuk-body">{t("petitions:rate.already")}</p>;
  const text = (key: string | undefined) => (key ? t(key) : undefined);
  return (
    <section aria-labelledby="rate-heading">
      <h2 className="govuk-heading-m" id="rate-heading">
        {t("petitions:rate.heading")}
      </h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="rate" />
        {Object.entries(hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <Radios
          idPrefix="rating"
          name="rating"
          legend={t("petitions:rate.legend")}
          legendSize="s"
          error={text(errors.rating)}
          defaultValue={values?.rating}
          items={[
            { value: "satisfied", label: t("petitions:rate.satisfied") },
            { value: "unsatisfied", label: t("petitions:rate.unsatisfied") },
          ]}
        />
        <Textarea
          id="reason"
          name="reason"
          label={t("petitions:rate.reason")}
          hint={t("petitions:rate.reasonHint")}
          rows={3}
          defaultValue={values?.reason}
          error={text(errors.reason)}
        />
        {p.reopenUntil ? (
          <Checkboxes
            idPrefix="reopen"
            name="reopen"
            error={text(errors.reopen)}
            defaultValues={values?.reopen ? ["on"] : []}
            items={[
              {
                value: "on",
                label: t("petitions:rate.reopen"),
                hint: t("petitions:rate.reopenHint", {
                  date: formatDate(p.reopenUntil),
                }),
              },
            ]}
          />
        ) : null}
        <Button type="submit">{t("petitions:rate.submit")}</Button>
      </Form>
    </section>
  );
}

/** The error keys of a failed rating, by field (the form's `form` errors go to the rating radios). */
export function rateErrorsOf(errors: readonly { field: string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const field = e.field === "form" ? "rating" : e.field;
    if (!(field in out)) out[field] = e.message;
  }
  return out;
}
