import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { OfficeHoursView } from "~/domain/calendar/calendar.server";
import { formatDate } from "~/domain/shared/format";
import { SummaryList } from "~/ui/summary-list";

// The working calendar's pages share the summary of a version of the office hours.

/** One version of the office hours: each weekday's sessions and the same-day cut-off. */
export function OfficeHoursSummary({ hours, action }: { hours: OfficeHoursView; action?: ReactNode }) {
  const { t } = useTranslation("calendar");
  return (
    <>
      <h3 className="govuk-heading-s">{t("hours.validFrom", { date: formatDate(hours.validFrom) })}</h3>
      <SummaryList
        rows={[
          ...hours.days.map((d) => ({
            key: t(`weekday.${d.weekday}`),
            value: d.sessions.length ? d.sessions.map((s) => `${s.start}–${s.end}`).join(", ") : t("hours.restDay"),
          })),
          { key: t("hours.cutoff"), value: hours.cutoff },
        ]}
      />
      {action}
    </>
  );
}

