import { Form } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { RATING_CRITERIA, RATING_LEVELS } from "~/domain/ratings/ratings";
import { formatTimestamp } from "~/domain/shared/format";
import { Button } from "./button";
import { ErrorMessage } from "./error-message";
import { ErrorSummary } from "./error-summary";
import { Fieldset } from "./fieldset";
import { NotificationBanner } from "./notification-banner";
import { Radios } from "./radios";
import { SummaryList } from "./summary-list";
import { Textarea } from "./textarea";

// The rating form (issue 10, item 1) of the dossier's page, the link in the notification and the counter's kiosk: a
// plain POST (level, reason, criterion-<id>). The reason is always in the page with its hint (without JavaScript it
// must be there for "Không hài lòng"); once the page runs JavaScript it is shown only while that level is chosen.

export interface RatingFormError {
  field: string;
  message: string;
}

export interface RatingFormValues {
  level?: string | null;
  reason?: string | null;
  criteria?: Record<string, string>;
}

export interface GivenRating {
  level: string;
  reason: string | null;
  channel: string;
  ratedAt: string;
  editableUntil: string;
  editable: boolean;
  petitionCode: string | null;
}

/** The href of a field's control, for the error summary. */
export function ratingErrorHref(field: string): string {
  if (field === "level") return "#level";
  if (field === "reason") return "#reason";
  if (field.startsWith("criterion-")) return `#${field}`;
  return "#rating-form";
}

export function RatingErrorSummary({ errors }: { errors: readonly RatingFormError[] }) {
  const { t } = useTranslation("ratings");
  return <ErrorSummary errors={errors.map((e) => ({ href: ratingErrorHref(e.field), text: t(e.message) }))} />;
}

function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/** The rating as given: level, reason, when and how, the feedback case, and until when it can be changed. */
export function GivenRatingSummary({ rating }: { rating: GivenRating }) {
  const { t } = useTranslation("ratings");
  return (
    <>
      <SummaryList
        rows={[
          { key: t("given.level"), value: t(`levels.${rating.level}`) },
          ...(rating.reason ? [{ key: t("given.reason"), value: rating.reason }] : []),
          { key: t("given.ratedAt"), value: formatTimestamp(rating.ratedAt) },
          { key: t("given.channel"), value: t(`channels.${rating.channel}`) },
          ...(rating.petitionCode ? [{ key: t("given.case"), value: rating.petitionCode }] : []),
        ]}
      />
      <p className="govuk-body">{rating.editable ? t("given.editableUntil", { time: formatTimestamp(rating.editableUntil) }) : t("given.closed")}</p>
    </>
  );
}

/** The portal's and the link's form: the level (radios), the reason, the optional criteria. */
export function RatingForm({ errors, values, update }: { errors: readonly RatingFormError[]; values: RatingFormValues; update: boolean }) {
  const { t } = useTranslation("ratings");
  const hydrated = useHydrated();
  const [level, setLevel] = useState(values.level ?? "");
  const error = (field: string) => {
    const found = errors.find((e) => e.field === field);
    return found ? t(found.message) : undefined;
  };
  const showReason = !hydrated || level === "unsatisfied" || Boolean(error("reason"));
  return (
    <Form method="post" id="rating-form" noValidate onChange={(event) => {
      const target = event.target as HTMLInputElement;
      if (target.name === "level") setLevel(target.value);
    }}>
      <Radios
        idPrefix="level"
        name="level"
        legend={t("form.levelLegend")}
        legendSize="m"
        error={error("level")}
        defaultValue={values.level ?? undefined}
        items={RATING_LEVELS.map((l) => ({ value: l, label: t(`levels.${l}`) }))}
      />
      {showReason ? <Textarea id="reason" name="reason" label={t("form.reason")} labelSize="s" hint={t("form.reasonHint")} error={error("reason")} defaultValue={values.reason ?? ""} rows={4} /> : null}
      <h2 className="govuk-heading-m">{t("form.criteriaHeading")}</h2>
      <p className="govuk-body">{t("form.criteriaIntro")}</p>
      {RATING_CRITERIA.map((c) => (
        <Radios
          key={c.id}
          idPrefix={`criterion-${c.id}`}
          name={`criterion-${c.id}`}
          legend={t(c.key)}
          legendSize="s"
          inline
          small
          error={error(`criterion-${c.id}`)}
          defaultValue={values.criteria?.[c.id] ?? ""}
          items={[...RATING_LEVELS.map((l) => ({ value: l, label: t(`levels.${l}`) })), { value: "", label: t("form.notRated") }]}
        />
      ))}
      <Button type="submit">{update ? t("form.update") : t("form.submit")}</Button>
    </Form>
  );
}

/** The kiosk's form: the reason first (with its hint), then three large buttons, one per level. */
export function KioskRatingForm({ errors, values }: { errors: readonly RatingFormError[]; values: RatingFormValues }) {
  const { t } = useTranslation("ratings");
  const levelError = errors.find((e) => e.field === "level");
  const reasonError = errors.find((e) => e.field === "reason");
  return (
    <Form method="post" id="rating-form" noValidate>
      <Textarea id="reason" name="reason" label={t("form.reason")} labelSize="m" hint={t("kiosk.reasonHint")} error={reasonError ? t(reasonError.message) : undefined} defaultValue={values.reason ?? ""} rows={3} />
      <div className={levelError ? "govuk-form-group govuk-form-group--error" : "govuk-form-group"}>
        <Fieldset legend={t("kiosk.legend")} legendSize="l">
          {levelError ? <ErrorMessage id="level-error">{t(levelError.message)}</ErrorMessage> : null}
          <div className="app-kiosk-levels">
            {RATING_LEVELS.map((l, i) => (
              <Button key={l} type="submit" name="level" value={l} id={i === 0 ? "level" : `level-${i + 1}`} variant={l === "unsatisfied" ? "warning" : l === "satisfied" ? "secondary" : undefined} className="app-kiosk-button">
                {t(`levels.${l}`)}
              </Button>
            ))}
          </div>
        </Fieldset>
      </div>
    </Form>
  );
}

/** What the portal's and the link's rating pages show (the dossier, the given rating, the form while it is editable). */
export interface RatingPageView {
  code: string;
  procedureName: string;
  rateable: boolean;
  rating: (GivenRating & { editable: boolean; petitionCode: string | null; level: string; reason: string | null; criteria: unknown }) | null;
}

/** The body of the portal's and the link's rating pages: the confirmation, the errors, the rating given and the form. */
export function RatingPageBody({ title, page, done, errors, values }: { title: string; page: RatingPageView; done: string | null; errors: readonly RatingFormError[]; values: RatingFormValues | undefined }) {
  const { t } = useTranslation("ratings");
  const rating = page.rating;
  return (
    <>
      {done && rating ? (
        <NotificationBanner type="success" title={t("done.title")} titleId="rating-done">
          <p className="govuk-body">{t(`done.${done}`, { code: page.code })}</p>
          {rating.petitionCode ? <p className="govuk-body">{t("done.case", { code: rating.petitionCode })}</p> : null}
        </NotificationBanner>
      ) : null}
      <RatingErrorSummary errors={errors} />
      <span className="govuk-caption-l">{t("caption", { code: page.code })}</span>
      <h1 className="govuk-heading-l">{title}</h1>
      <p className="govuk-body-l">{page.procedureName}</p>
      {!page.rateable ? (
        <p className="govuk-body">{t("errors.notRateable")}.</p>
      ) : (
        <>
          {rating ? (
            <>
              <h2 className="govuk-heading-m">{t("given.heading")}</h2>
              <GivenRatingSummary rating={rating} />
            </>
          ) : (
            <p className="govuk-body">{t("intro")}</p>
          )}
          {!rating || rating.editable ? (
            <RatingForm
              errors={errors}
              update={Boolean(rating)}
              values={values ?? (rating ? { level: rating.level, reason: rating.reason, criteria: rating.criteria as Record<string, string> } : {})}
            />
          ) : null}
        </>
      )}
    </>
  );
}
