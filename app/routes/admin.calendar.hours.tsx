import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { readOfficeHoursForm, removeOfficeHoursSchema, type OfficeHoursFormValues } from "~/domain/calendar/calendar.schema";
import { addOfficeHours, officeHoursList, removeOfficeHours } from "~/domain/calendar/calendar.server";
import { formatDate } from "~/domain/shared/format";
import { i18nServer } from "~/platform/i18n.server";
import { BackLink } from "~/ui/back-link";
import { Button } from "~/ui/button";
import { Checkboxes } from "~/ui/checkboxes";
import { DateInput } from "~/ui/date-input";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { NotificationBanner } from "~/ui/notification-banner";
import { pageTitle } from "~/ui/page-title";
import { TextInput } from "~/ui/text-input";
import { issuesByField, leaveFlash, requireCalendarAdmin, takeFlash } from "./admin/calendar.server";
import { OfficeHoursSummary } from "./admin/office-hours";

// The office hours (system administrators): versions in force from a date (summer and winter hours), a form for a
// new version and a button to remove one (the last one stays).

export const handle = { i18n: ["calendar"] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireCalendarAdmin(request, context);
  const [versions, t, { flash, headers }] = await Promise.all([officeHoursList(context.db), i18nServer.getFixedT(request, "calendar"), takeFlash(request, context)]);
  return data({ title: t("hours.title"), versions, flash }, { headers });
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

type Field = "validFrom" | "morningStart" | "morningEnd" | "afternoonStart" | "afternoonEnd" | "weekdays" | "cutoff" | "remove";
interface ActionResult {
  errors: Partial<Record<Field, string>>;
  values: OfficeHoursFormValues | null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireCalendarAdmin(request, context);
  const form = await request.formData();
  if (form.get("intent") === "remove") {
    const parsed = removeOfficeHoursSchema.safeParse({ validFrom: String(form.get("validFrom") ?? "").slice(0, 10) });
    if (!parsed.success) return data<ActionResult>({ errors: { remove: parsed.error.issues[0]?.message }, values: null }, { status: 400 });
    const result = await removeOfficeHours(context.db, { actor, validFrom: parsed.data.validFrom, ip: context.clientIp });
    if (!result.ok) {
      if (result.reason === "forbidden") throw data({ reason: "forbidden" }, { status: 403 });
      return data<ActionResult>({ errors: { remove: result.errors.validFrom }, values: null }, { status: 400 });
    }
    throw redirect("/admin/calendar/hours", { headers: await leaveFlash(request, context, "calendar:flash.hoursRemoved") });
  }
  const { values, parsed } = readOfficeHoursForm(form);
  if (!parsed.ok) return data<ActionResult>({ errors: issuesByField(parsed.issues), values }, { status: 400 });
  const result = await addOfficeHours(context.db, { actor, hours: parsed.value, ip: context.clientIp });
  if (!result.ok) {
    if (result.reason === "forbidden") throw data({ reason: "forbidden" }, { status: 403 });
    return data<ActionResult>({ errors: result.errors, values }, { status: 400 });
  }
  throw redirect("/admin/calendar/hours", { headers: await leaveFlash(request, context, "calendar:flash.hoursAdded") });
}

const FIELD_IDS: Record<Field, string> = {
  validFrom: "validFrom-day",
  morningStart: "morningStart",
  morningEnd: "morningEnd",
  afternoonStart: "afternoonStart",
  afternoonEnd: "afternoonEnd",
  weekdays: "weekdays",
  cutoff: "cutoff",
  remove: "versions",
};

const DEFAULT_VALUES: OfficeHoursFormValues = {
  day: "",
  month: "",
  year: "",
  morningStart: "07:00",
  morningEnd: "11:30",
  afternoonStart: "13:30",
  afternoonEnd: "17:00",
  weekdays: ["1", "2", "3", "4", "5"],
  cutoff: "15:00",
};

export default function OfficeHoursPage() {
  const { title, versions, flash } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("calendar");
  const errors = result?.errors ?? {};
  const error = (field: Field) => (errors[field] ? t(errors[field]) : undefined);
  const v = result?.values ?? DEFAULT_VALUES;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href="/admin/calendar">{t("hours.back")}</BackLink>
        {flash && !result ? <NotificationBanner type="success">{t(flash.messageKey)}</NotificationBanner> : null}
        <ErrorSummary errors={(Object.keys(errors) as Field[]).map((field) => ({ href: `#${FIELD_IDS[field]}`, text: error(field) ?? "" }))} />
        <span className="govuk-caption-l">{t("title")}</span>
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{t("hours.intro")}</p>
        <div id="versions" tabIndex={-1}>
          {versions.map((hours) => (
            <OfficeHoursSummary
              key={hours.validFrom}
              hours={hours}
              action={
                versions.length > 1 ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="validFrom" value={hours.validFrom} />
                    <Button type="submit" variant="warning">
                      {t("hours.remove")}
                      <span className="govuk-visually-hidden"> {t("hours.removeHidden", { date: formatDate(hours.validFrom) })}</span>
                    </Button>
                  </Form>
                ) : null
              }
            />
          ))}
        </div>

        <h2 className="govuk-heading-m">{t("hours.addHeading")}</h2>
        <Form method="post" noValidate key={result ? "retry" : "new"}>
          <DateInput
            id="validFrom"
            namePrefix="validFrom"
            legend={t("hours.addValidFrom")}
            legendSize="s"
            hint={t("hours.addValidFromHint")}
            error={error("validFrom")}
            defaultValue={{ day: v.day, month: v.month, year: v.year }}
          />
          <TextInput id="morningStart" name="morningStart" label={t("hours.morningStart")} hint={t("hours.timeHint")} width="5" defaultValue={v.morningStart} error={error("morningStart")} />
          <TextInput id="morningEnd" name="morningEnd" label={t("hours.morningEnd")} width="5" defaultValue={v.morningEnd} error={error("morningEnd")} />
          <TextInput
            id="afternoonStart"
            name="afternoonStart"
            label={t("hours.afternoonStart")}
            hint={t("hours.afternoonHint")}
            width="5"
            defaultValue={v.afternoonStart}
            error={error("afternoonStart")}
          />
          <TextInput id="afternoonEnd" name="afternoonEnd" label={t("hours.afternoonEnd")} width="5" defaultValue={v.afternoonEnd} error={error("afternoonEnd")} />
          <Checkboxes
            idPrefix="weekdays"
            name="weekdays"
            legend={t("hours.weekdays")}
            legendSize="s"
            error={error("weekdays")}
            small
            defaultValues={v.weekdays}
            items={["1", "2", "3", "4", "5", "6", "7"].map((d) => ({ value: d, label: t(`weekday.${d}`) }))}
          />
          <TextInput id="cutoff" name="cutoff" label={t("hours.cutoffLabel")} hint={t("hours.cutoffHint")} width="5" defaultValue={v.cutoff} error={error("cutoff")} />
          <Button type="submit" name="intent" value="add">
            {t("hours.submit")}
          </Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
