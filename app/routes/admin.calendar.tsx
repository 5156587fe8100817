import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { calendarErrors, calendarYearSchema, readDayForm, removeDaySchema, type DayFormValues } from "~/domain/calendar/calendar.schema";
import { addCalendarDay, calendarYearView, removeCalendarDay, type CalendarDayView } from "~/domain/calendar/calendar.server";
import { formatDate, todayInVietnam } from "~/domain/shared/format";
import { i18nServer } from "~/platform/i18n.server";
import { Button } from "~/ui/button";
import { DateInput } from "~/ui/date-input";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { NotificationBanner } from "~/ui/notification-banner";
import { pageTitle } from "~/ui/page-title";
import { Radios } from "~/ui/radios";
import { Table } from "~/ui/table";
import { TextInput } from "~/ui/text-input";
import { issuesByField, leaveFlash, requireCalendarAdmin, takeFlash } from "./admin/calendar.server";
import { AdministrationNav } from "./admin/administration-nav";
import { OfficeHoursSummary } from "./admin/office-hours";

// The working calendar (system administrators): a year's non-working and extra working dates with forms to add and
// remove them (plain POST forms), and the office hours in force. Due dates are computed from these tables.

export const handle = { i18n: ["calendar", "officials"] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireCalendarAdmin(request, context);
  const asked = new URL(request.url).searchParams.get("year");
  const parsed = asked === null ? null : calendarYearSchema.safeParse(asked.trim().slice(0, 10));
  const year = parsed?.success ? parsed.data : Number(todayInVietnam().slice(0, 4));
  const [view, t, { flash, headers }] = await Promise.all([calendarYearView(context.db, year), i18nServer.getFixedT(request, "calendar"), takeFlash(request, context)]);
  return data(
    { title: t("yearTitle", { year }), view, yearError: parsed && !parsed.success ? calendarErrors.year : null, askedYear: asked?.slice(0, 10) ?? null, flash },
    { headers },
  );
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

type AddField = "date" | "kind" | "name";
interface ActionResult {
  errors: Partial<Record<AddField | "remove", string>>;
  values: DayFormValues | null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireCalendarAdmin(request, context);
  const form = await request.formData();
  if (form.get("intent") === "remove") {
    const parsed = removeDaySchema.safeParse({ date: String(form.get("date") ?? "").slice(0, 10) });
    const result = parsed.success ? await removeCalendarDay(context.db, { actor, date: parsed.data.date, ip: context.clientIp }) : null;
    if (result && !result.ok && result.reason === "forbidden") throw data({ reason: "forbidden" }, { status: 403 });
    if (!parsed.success || !result?.ok) return data<ActionResult>({ errors: { remove: calendarErrors.notListed }, values: null }, { status: 400 });
    throw redirect(`/admin/calendar?year=${parsed.data.date.slice(0, 4)}`, { headers: await leaveFlash(request, context, "calendar:flash.removed") });
  }
  const { values, parsed } = readDayForm(form);
  if (!parsed.success) return data<ActionResult>({ errors: issuesByField(parsed.error.issues), values }, { status: 400 });
  const result = await addCalendarDay(context.db, { actor, ...parsed.data, ip: context.clientIp });
  if (!result.ok) {
    if (result.reason === "forbidden") throw data({ reason: "forbidden" }, { status: 403 });
    return data<ActionResult>({ errors: result.errors, values }, { status: 400 });
  }
  throw redirect(`/admin/calendar?year=${parsed.data.date.slice(0, 4)}#${parsed.data.kind === "non_working" ? "non-working" : "extra-working"}`, {
    headers: await leaveFlash(request, context, "calendar:flash.added"),
  });
}

const FIELD_IDS: Record<AddField | "remove" | "year", string> = { date: "date-day", kind: "kind", name: "name", remove: "calendar-days", year: "year" };

export default function AdminCalendar() {
  const { view, yearError, askedYear, flash } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("calendar");
  const errors: Partial<Record<keyof typeof FIELD_IDS, string>> = { ...(result?.errors ?? {}), ...(yearError ? { year: yearError } : {}) };
  const error = (field: keyof typeof FIELD_IDS) => (errors[field] ? t(errors[field]) : undefined);
  const values = result?.values;
  const year = view.year;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <AdministrationNav />
        {flash && !result ? <NotificationBanner type="success">{t(flash.messageKey)}</NotificationBanner> : null}
        <ErrorSummary errors={(Object.keys(errors) as (keyof typeof FIELD_IDS)[]).map((field) => ({ href: `#${FIELD_IDS[field]}`, text: error(field) ?? "" }))} />
        <span className="govuk-caption-l">{t("title")}</span>
        <h1 className="govuk-heading-l">{t("yearTitle", { year })}</h1>
        <p className="govuk-body">{t("intro")}</p>

        <nav className="govuk-pagination" aria-label={t("year.label")}>
          {year > 2000 ? (
            <div className="govuk-pagination__prev">
              <Link className="govuk-link govuk-pagination__link" to={`/admin/calendar?year=${year - 1}`} rel="prev">
                <span aria-hidden="true">←</span>
                <span className="govuk-pagination__link-title">
                  <span className="govuk-visually-hidden">{t("year.previousHidden")} </span>
                  {t("year.previous", { year: year - 1 })}
                </span>
              </Link>
            </div>
          ) : null}
          {year < 2099 ? (
            <div className="govuk-pagination__next">
              <Link className="govuk-link govuk-pagination__link" to={`/admin/calendar?year=${year + 1}`} rel="next">
                <span className="govuk-pagination__link-title">
                  <span className="govuk-visually-hidden">{t("year.nextHidden")} </span>
                  {t("year.next", { year: year + 1 })}
                </span>
                <span aria-hidden="true">→</span>
              </Link>
            </div>
          ) : null}
        </nav>
        <Form method="get" className="app-calendar-year">
          <TextInput
            id="year"
            name="year"
            label={t("year.label")}
            hint={t("year.hint")}
            inputMode="numeric"
            width="4"
            defaultValue={askedYear ?? String(year)}
            error={error("year")}
          />
          <Button type="submit" variant="secondary">
            {t("year.show")}
          </Button>
        </Form>

        <div id="calendar-days" tabIndex={-1}>
          <h2 className="govuk-heading-m" id="non-working">
            {t("list.nonWorking", { count: view.nonWorking.length })}
          </h2>
          {view.nonWorking.length ? <DaysTable days={view.nonWorking} /> : <p className="govuk-body">{t("list.noneNonWorking", { year })}</p>}
          <h2 className="govuk-heading-m" id="extra-working">
            {t("list.extraWorking", { count: view.extraWorking.length })}
          </h2>
          {view.extraWorking.length ? <DaysTable days={view.extraWorking} /> : <p className="govuk-body">{t("list.noneExtraWorking", { year })}</p>}
        </div>

        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h2 className="govuk-heading-m" id="add">
              {t("add.heading")}
            </h2>
            <Form method="post" noValidate>
              <DateInput
                id="date"
                namePrefix="date"
                legend={t("add.date")}
                legendSize="s"
                hint={t("add.dateHint")}
                error={error("date")}
                defaultValue={values ? { day: values.day, month: values.month, year: values.year } : undefined}
              />
              <Radios
                idPrefix="kind"
                name="kind"
                legend={t("add.kind")}
                legendSize="s"
                error={error("kind")}
                defaultValue={values?.kind}
                items={[
                  { value: "non_working", label: t("kind.non_working"), hint: t("add.nonWorkingHint") },
                  { value: "extra_working", label: t("kind.extra_working"), hint: t("add.extraWorkingHint") },
                ]}
              />
              <TextInput id="name" name="name" label={t("add.name")} hint={t("add.nameHint")} autoComplete="off" defaultValue={values?.name} error={error("name")} />
              <Button type="submit" name="intent" value="add">
                {t("add.submit")}
              </Button>
            </Form>
          </div>
        </div>

        <h2 className="govuk-heading-m">{t("hours.heading")}</h2>
        {view.officeHours.map((hours) => (
          <OfficeHoursSummary key={hours.validFrom} hours={hours} />
        ))}
        <p className="govuk-body">
          <Link className="govuk-link" to="/admin/calendar/hours">
            {t("hours.manage")}
          </Link>
        </p>
      </div>
    </div>
  );
}

function DaysTable({ days }: { days: CalendarDayView[] }) {
  const { t } = useTranslation("calendar");
  return (
    <Table
      firstCellIsHeader
      head={[{ text: t("list.date") }, { text: t("list.weekday") }, { text: t("list.name") }, { text: t("list.source") }, { text: t("list.action") }]}
      rows={days.map((d) => [
        { text: formatDate(d.date) },
        { text: t(`weekday.${d.weekday}`) },
        { text: d.name },
        { text: t(`source.${d.source}`) },
        {
          text: (
            <Form method="post" className="app-calendar-remove">
              <input type="hidden" name="intent" value="remove" />
              <input type="hidden" name="date" value={d.date} />
              <Button type="submit" variant="secondary">
                {t("list.remove")}
                <span className="govuk-visually-hidden"> {t("list.removeHidden", { date: formatDate(d.date) })}</span>
              </Button>
            </Form>
          ),
        },
      ])}
    />
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
