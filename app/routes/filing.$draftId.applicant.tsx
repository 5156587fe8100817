import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { applicantFormSchema } from "~/domain/filing/filing";
import { applicantDefaults, saveApplicant } from "~/domain/filing/filing.server";
import { i18nServer } from "~/platform/i18n.server";
import { Button } from "~/ui/button";
import { ErrorSummary } from "~/ui/error-summary";
import { Fieldset } from "~/ui/fieldset";
import { pageTitle } from "~/ui/page-title";
import { Radios } from "~/ui/radios";
import { TextInput } from "~/ui/text-input";
import { fieldErrors } from "./account/forms";
import { draftHeader, postedVersion, requireDraft } from "./filing/draft.server";
import { ConflictBanner, FILING_NAMESPACES, FilingErrorBoundary, FilingLayout, revalidateAfterConflict, VersionInput } from "./filing/shared";

// The applicant: prefilled from the account (or the business acted for), and, where the procedure allows, the person
// the dossier is filed for.

export const handle = { i18n: FILING_NAMESPACES };

const FIELDS = ["fullName", "cccd", "phone", "email", "address", "forWhom", "otherFullName", "otherCccd", "otherRelationship"] as const;
type Values = Partial<Record<(typeof FIELDS)[number], string>>;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { actor, draft } = await requireDraft(request, context, params.draftId);
  const t = await i18nServer.getFixedT(request, "filing");
  const d = await applicantDefaults(context.db, actor, draft);
  const values: Values = {
    fullName: d.fullName,
    cccd: d.cccd,
    phone: d.phone,
    email: d.email,
    address: d.address,
    forWhom: d.onBehalfOf ? "other" : "self",
    otherFullName: d.onBehalfOf?.fullName ?? "",
    otherCccd: d.onBehalfOf?.cccd ?? "",
    otherRelationship: d.onBehalfOf?.relationship ?? "",
  };
  return { title: t("applicant.title"), header: draftHeader(draft), values, organisation: d.organisation ?? null, onBehalfAllowed: draft.onBehalfAllowed, returnToCheck: new URL(request.url).searchParams.get("return") === "check" };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { actor, owner, draft } = await requireDraft(request, context, params.draftId);
  const form = await request.formData();
  const values = Object.fromEntries(FIELDS.map((f) => [f, String(form.get(f) ?? "").slice(0, 400)])) as Values;
  const parsed = applicantFormSchema.safeParse({ ...values, forWhom: draft.onBehalfAllowed ? values.forWhom || undefined : "self" });
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error.issues), values, conflict: false }, { status: 400 });
  const organisation = actor.kind === "citizen" && actor.actingFor ? { name: actor.actingFor.name, taxCode: actor.actingFor.taxCode } : null;
  const result = await saveApplicant(context.db, owner, draft.id, postedVersion(form), parsed.data, organisation);
  if (!result) throw new Response(null, { status: 404 });
  if (!result.ok) return data({ errors: {}, values, conflict: true }, { status: 409 });
  const next = new URL(request.url).searchParams.get("return") === "check" ? "check" : draft.form.sections.length > 0 ? "section/1" : "documents";
  throw redirect(`/filing/${draft.id}/${next}`);
}

export default function ApplicantPage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("filing");
  const { header, organisation, onBehalfAllowed } = loaded;
  const conflict = result?.conflict === true;
  const values = conflict ? loaded.values : (result?.values ?? loaded.values);
  const errors: Record<string, string> = conflict ? {} : (result?.errors ?? {});
  const error = (f: string) => (errors[f] ? t(errors[f]) : undefined);
  const summary = Object.entries(errors).map(([f, key]) => ({ href: `#${f}`, text: t(key) }));
  return (
    <FilingLayout header={header} title={loaded.title}>
      <ConflictBanner show={conflict} />
      <ErrorSummary errors={summary} />
      {organisation ? <p className="govuk-body">{t("applicant.organisation", { name: organisation.name, taxCode: organisation.taxCode })}</p> : null}
      <p className="govuk-body">{t("applicant.prefilled")}</p>
      <Form method="post" action={loaded.returnToCheck ? "?return=check" : undefined} noValidate key={header.version}>
        <VersionInput version={header.version} />
        <TextInput id="fullName" name="fullName" label={t(organisation ? "applicant.representative" : "applicant.fullName")} autoComplete="name" defaultValue={values.fullName} error={error("fullName")} />
        <TextInput id="cccd" name="cccd" label={t("applicant.cccd")} hint={t("applicant.cccdHint")} inputMode="numeric" width="20" spellCheck={false} defaultValue={values.cccd} error={error("cccd")} />
        <TextInput id="phone" name="phone" type="tel" label={t("applicant.phone")} autoComplete="tel" width="20" defaultValue={values.phone} error={error("phone")} />
        <TextInput id="email" name="email" type="email" label={t("applicant.email")} optional autoComplete="email" spellCheck={false} defaultValue={values.email} error={error("email")} />
        <TextInput id="address" name="address" label={t("applicant.address")} hint={t("applicant.addressHint")} autoComplete="street-address" defaultValue={values.address} error={error("address")} />
        {onBehalfAllowed ? (
          <>
            <Radios
              idPrefix="forWhom"
              name="forWhom"
              legend={t("applicant.forWhom")}
              legendSize="m"
              hint={t("applicant.forWhomHint")}
              error={error("forWhom")}
              defaultValue={values.forWhom}
              items={[
                { value: "self", label: t("applicant.forSelf") },
                { value: "other", label: t("applicant.forOther") },
              ]}
            />
            <Fieldset legend={t("applicant.other")} legendSize="s">
              <p className="govuk-hint">{t("applicant.otherHint")}</p>
              <TextInput id="otherFullName" name="otherFullName" label={t("applicant.otherFullName")} defaultValue={values.otherFullName} error={error("otherFullName")} />
              <TextInput id="otherCccd" name="otherCccd" label={t("applicant.cccd")} inputMode="numeric" width="20" spellCheck={false} defaultValue={values.otherCccd} error={error("otherCccd")} />
              <TextInput id="otherRelationship" name="otherRelationship" label={t("applicant.otherRelationship")} defaultValue={values.otherRelationship} error={error("otherRelationship")} />
            </Fieldset>
          </>
        ) : null}
        <Button type="submit">{t("layout.saveContinue")}</Button>
      </Form>
    </FilingLayout>
  );
}

export const shouldRevalidate = revalidateAfterConflict;

export const ErrorBoundary = FilingErrorBoundary;
