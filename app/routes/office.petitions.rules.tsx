import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ruleSchema } from "~/domain/petitions/petitions-office.schema";
import { addRoutingRule, forwardTargets, removeRoutingRule, routingRulesView } from "~/domain/petitions/petitions-office.server";
import { i18nServer } from "~/platform/i18n.server";
import { petitionSettings } from "~/platform/petition-services.server";
import { redirectWithFlash, takeFlash } from "./admin/flash.server";
import { notFound, requirePetitionOfficial } from "./office/petition.server";
import { Breadcrumbs } from "~/ui/breadcrumbs";
import { Button } from "~/ui/button";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { NotificationBanner } from "~/ui/notification-banner";
import { pageTitle } from "~/ui/page-title";
import { Select } from "~/ui/select";
import { Table } from "~/ui/table";
import { TextInput } from "~/ui/text-input";

// The routing rules (issue 8): which agency the routing officer is advised to forward an item to, by procedure, field,
// concerned agency and district. Only the control unit's petition handlers see and change them (403 for others).

export const handle = { i18n: ["petitions-office"] };

const RULES = "/office/petitions/rules";
const forbidden = () => {
  throw data({ reason: "forbidden" }, { status: 403 });
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePetitionOfficial(request, context);
  const now = new Date();
  const rules = await routingRulesView(context.db, petitionSettings(context), actor, now);
  if (!rules) forbidden();
  const [agencies, t] = await Promise.all([forwardTargets(context.db, [], now), i18nServer.getFixedT(request, "petitions-office")]);
  const { flash, headers } = await takeFlash(request, context);
  return data({ title: t("rules.title"), rules: rules!, agencies: agencies.map(({ id, code, name }) => ({ id, code, name })), flash }, { headers });
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

type Reply = { errors: { field: string; message: string }[]; values: Record<string, string> };

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePetitionOfficial(request, context);
  const settings = petitionSettings(context);
  const form = await request.formData().catch(() => new FormData());
  const values: Record<string, string> = {};
  for (const [name, value] of form.entries()) if (typeof value === "string" && !(name in values)) values[name] = value.slice(0, 500);
  const intent = values.intent ?? "";
  if (intent.startsWith("delete:")) {
    const removed = await removeRoutingRule(context.db, settings, actor, intent.slice("delete:".length));
    if (removed.ok) return redirectWithFlash(request, context, RULES, "petitions-office:rules.deleted");
    if (removed.status === 404) notFound();
    return forbidden();
  }
  const parsed = ruleSchema.safeParse(values);
  if (!parsed.success) {
    const errors: Reply["errors"] = [];
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "form");
      if (!errors.some((e) => e.field === field))
        errors.push({ field, message: issue.message.includes(":") ? issue.message : "petitions-office:errors.invalid" });
    }
    // Someone who may not keep the rules learns nothing from the form's errors.
    if (!(await routingRulesView(context.db, settings, actor))) forbidden();
    return data<Reply>({ errors, values }, { status: 400 });
  }
  const added = await addRoutingRule(context.db, settings, actor, parsed.data);
  if (added.ok) return redirectWithFlash(request, context, RULES, "petitions-office:rules.added");
  if (added.status === 403) forbidden();
  return data<Reply>({ errors: added.errors, values }, { status: 400 });
}

export default function RoutingRules() {
  const { title, rules, agencies, flash } = useLoaderData<typeof loader>();
  const replied = useActionData<typeof action>();
  const { t } = useTranslation("petitions-office");
  const errors = replied?.errors ?? [];
  const errorOf = (field: string) => {
    const e = errors.find((x) => x.field === field);
    return e ? t(e.message) : undefined;
  };
  const value = (name: string) => replied?.values[name] ?? "";
  const agencyOptions = (empty: string) => [{ value: "", text: empty }, ...agencies.map((a) => ({ value: a.id, text: `${a.name} (${a.code})` }))];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <Breadcrumbs items={[{ text: t("queue.title"), href: "/office/petitions" }, { text: title }]} />
        {flash ? <NotificationBanner type="success">{t(flash)}</NotificationBanner> : null}
        <ErrorSummary errors={errors.map((e) => ({ href: `#${e.field === "form" ? "procedureCode" : e.field}`, text: t(e.message) }))} />
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{t("rules.intro")}</p>
        {rules.length === 0 ? (
          <p className="govuk-body">{t("rules.none")}</p>
        ) : (
          <Form method="post">
            <Table
              caption={t("rules.caption")}
              captionSize="m"
              head={[
                { text: t("rules.procedure") },
                { text: t("rules.field") },
                { text: t("rules.concernedAgency") },
                { text: t("rules.adminUnit") },
                { text: t("rules.target") },
                { text: <span className="govuk-visually-hidden">{t("rules.actions")}</span> },
              ]}
              rows={rules.map((r, i) => [
                { text: r.procedure ? `${r.procedure.name} (${r.procedure.code})` : t("rules.any") },
                { text: r.field ?? t("rules.any") },
                { text: r.concernedAgency ?? t("rules.any") },
                { text: r.adminUnitCode ?? t("rules.any") },
                { text: r.targetAgency },
                {
                  text: (
                    <Button
                      type="submit"
                      name="intent"
                      value={`delete:${r.id}`}
                      variant="warning"
                      aria-label={t("rules.deleteRow", { n: i + 1, target: r.targetAgency })}
                    >
                      {t("rules.delete")}
                    </Button>
                  ),
                },
              ])}
            />
          </Form>
        )}
        <h2 className="govuk-heading-m">{t("rules.addHeading")}</h2>
        <p className="govuk-body">{t("rules.addIntro")}</p>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="add" />
          <TextInput
            id="procedureCode"
            name="procedureCode"
            label={t("rules.procedure")}
            labelSize="s"
            optional
            hint={t("rules.procedureHint")}
            width="10"
            spellCheck={false}
            defaultValue={value("procedureCode")}
            error={errorOf("procedureCode")}
          />
          <TextInput
            id="field"
            name="field"
            label={t("rules.field")}
            labelSize="s"
            optional
            width="20"
            defaultValue={value("field")}
            error={errorOf("field")}
          />
          <Select
            id="concernedAgencyId"
            name="concernedAgencyId"
            label={t("rules.concernedAgency")}
            labelSize="s"
            optional
            defaultValue={value("concernedAgencyId")}
            error={errorOf("concernedAgencyId")}
            options={agencyOptions(t("rules.anyAgency"))}
          />
          <TextInput
            id="adminUnitCode"
            name="adminUnitCode"
            label={t("rules.adminUnit")}
            labelSize="s"
            optional
            hint={t("rules.adminUnitHint")}
            width="5"
            inputMode="numeric"
            defaultValue={value("adminUnitCode")}
            error={errorOf("adminUnitCode")}
          />
          <Select
            id="targetAgencyId"
            name="targetAgencyId"
            label={t("rules.target")}
            labelSize="s"
            defaultValue={value("targetAgencyId")}
            error={errorOf("targetAgencyId")}
            options={agencyOptions(t("rules.chooseTarget"))}
          />
          <Button type="submit">{t("rules.add")}</Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
