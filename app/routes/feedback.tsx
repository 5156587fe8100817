import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { profileOf } from "~/domain/accounts/accounts.server";
import { listWallet, walletOwnerOf } from "~/domain/files/files.server";
import { PETITION_KINDS } from "~/domain/petitions/petitions";
import { MAX_CONTENT, petitionErrors, submitSchema } from "~/domain/petitions/petitions.schema";
import { submitPetition } from "~/domain/petitions/petitions.server";
import { petitionChoices } from "~/domain/petitions/public.server";
import { todayInVietnam } from "~/domain/shared/format";
import { getActor } from "~/platform/auth.server";
import { i18nServer } from "~/platform/i18n.server";
import { petitionServices, petitionSettings } from "~/platform/petition-services.server";
import { Button } from "~/ui/button";
import { Checkboxes } from "~/ui/checkboxes";
import { ErrorSummary } from "~/ui/error-summary";
import { Field } from "~/ui/field";
import { Fieldset } from "~/ui/fieldset";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { Honeypot } from "~/ui/honeypot";
import { InsetText } from "~/ui/inset-text";
import { pageTitle } from "~/ui/page-title";
import { Radios } from "~/ui/radios";
import { Select } from "~/ui/select";
import { Textarea } from "~/ui/textarea";
import { TextInput } from "~/ui/text-input";
import { WarningText } from "~/ui/warning-text";
import { fieldErrors, HONEYPOT_FIELD, isRobot } from "./account/forms";

// Sending feedback or a petition (phản ánh, kiến nghị; issue 8): anyone, signed in or not. What it is for and what it
// is not for (anonymous items, complaints and denunciations) is said before the form; the contact details come from
// the account when signed in; a signed-in citizen may attach files from their document wallet. A plain POST:
// honeypot, the form's zod schema, then submitPetition (which checks the procedure, the agency and the files, and
// limits submissions per address). On success the code is shown on /feedback/sent.

export const handle = { i18n: ["petitions", "account"] };

const FIELDS = [
  "kind",
  "title",
  "content",
  "proposal",
  "procedureCode",
  "agencyId",
  "dossierCode",
  "contactName",
  "contactAddress",
  "contactPhone",
  "contactEmail",
] as const;
type Values = Partial<Record<(typeof FIELDS)[number], string>> & {
  publishConsent?: boolean;
  showName?: boolean;
  fileIds?: string[];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await getActor(request, context);
  const t = await i18nServer.getFixedT(request, "petitions");
  const choices = await petitionChoices(context.db, todayInVietnam());
  const procedure = (new URL(request.url).searchParams.get("procedure") ?? "").slice(0, 20);
  let prefill: Values = {};
  let wallet: { id: string; name: string }[] | null = null;
  if (actor.kind === "citizen") {
    const profile = await profileOf(context.db, actor.userId);
    prefill = {
      contactName: actor.actingFor?.name ?? profile?.fullName ?? "",
      contactEmail: profile?.email ?? "",
      contactPhone: profile?.phone ?? "",
    };
    const owner = walletOwnerOf(actor);
    wallet = owner
      ? (await listWallet(context.db, owner)).map((f) => ({
          id: f.id,
          name: f.name,
        }))
      : null;
  }
  const known = choices.procedures.some((g) => g.procedures.some((p) => p.code === procedure));
  if (known) prefill.procedureCode = procedure;
  return {
    title: t("title"),
    choices,
    prefill,
    signedIn: actor.kind === "citizen",
    wallet,
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  if (isRobot(form)) throw redirect("/feedback/sent");
  const values: Values = Object.fromEntries(FIELDS.map((f) => [f, String(form.get(f) ?? "").slice(0, MAX_CONTENT * 2)]));
  values.publishConsent = form.get("publishConsent") === "on";
  values.showName = form.get("showName") === "on";
  values.fileIds = form
    .getAll("fileIds")
    .map(String)
    .filter((id) => /^[0-9a-f-]{36}$/i.test(id))
    .slice(0, 10);
  const reply = (errors: Record<string, string>, status: number, minutes = 0) => data({ errors, values, retryMinutes: minutes }, { status });
  const parsed = submitSchema.safeParse(values);
  if (!parsed.success) return reply(fieldErrors(parsed.error.issues), 400);
  const actor = await getActor(request, context);
  const sender =
    actor.kind === "citizen"
      ? {
          userId: actor.userId,
          organisationId: actor.actingFor?.organisationId ?? null,
        }
      : { userId: null, organisationId: null };
  const result = await submitPetition(context.db, petitionServices(context), petitionSettings(context), {
    sender,
    petition: parsed.data,
    fileIds: sender.userId ? values.fileIds : [],
    ip: context.clientIp ?? "unknown",
    policy: context.rateLimits.publicFormIp,
  });
  if (!result.ok && result.status === 429) return reply({ form: petitionErrors.rateLimited }, 429, Math.ceil(result.retryAfterMs / 60_000));
  if (!result.ok) return reply(Object.fromEntries(result.errors.map((e) => [e.field, e.message])), result.status);
  // The code is no secret (a look-up needs the second factor too): it rides in the URL, so a reload keeps it.
  throw redirect(`/feedback/sent?code=${encodeURIComponent(result.code)}`);
}

/** The procedures, grouped by field: a native select (searchable by typing; works without JavaScript). */
function ProcedureSelect({
  groups,
  label,
  hint,
  none,
  defaultValue,
  error,
}: {
  groups: ReturnType<typeof useLoaderData<typeof loader>>["choices"]["procedures"];
  label: string;
  hint: string;
  none: string;
  defaultValue?: string;
  error?: string;
}) {
  return (
    <Field id="procedureCode" label={label} hint={hint} error={error}>
      {(control) => (
        <select
          id={control.id}
          name="procedureCode"
          aria-describedby={control.describedBy}
          aria-invalid={control.invalid || undefined}
          className={`govuk-select${control.invalid ? " govuk-select--error" : ""}`}
          defaultValue={defaultValue ?? ""}
        >
          <option value="">{none}</option>
          {groups.map((g) => (
            <optgroup key={g.field.code} label={g.field.name}>
              {g.procedures.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.name} ({p.code})
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      )}
    </Field>
  );
}

export default function Feedback() {
  const { title, choices, prefill, signedIn, wallet } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation(["petitions", "account"]);
  const errors: Record<string, string> = result?.errors ?? {};
  const values: Values = result?.values ?? prefill;
  const text = (key: string | undefined) => (key ? t(key, { minutes: result?.retryMinutes ?? 0 }) : undefined);
  const anchor: Record<string, string> = {
    form: "kind",
    files: "fileIds",
  };
  const summary = Object.entries(errors).map(([field, key]) => ({
    href: `#${anchor[field] ?? field}`,
    text: text(key) ?? "",
  }));
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={summary} />
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{t("intro")}</p>
        <ul className="govuk-list">
          <li>
            <Link className="govuk-link" to="/feedback/track">
              {t("links.track")}
            </Link>
          </li>
          <li>
            <Link className="govuk-link" to="/feedback/answers">
              {t("links.answers")}
            </Link>
          </li>
          {signedIn ? (
            <li>
              <Link className="govuk-link" to="/my/petitions">
                {t("links.mine")}
              </Link>
            </li>
          ) : null}
        </ul>
        <h2 className="govuk-heading-m">{t("scope.heading")}</h2>
        <WarningText>{t("scope.anonymous")}</WarningText>
        <InsetText id="complaints">{t("scope.complaints")}</InsetText>
        <Form method="post" noValidate>
          <Honeypot name={HONEYPOT_FIELD} label={t("form.honeypot")} />
          <Radios
            idPrefix="kind"
            name="kind"
            legend={t("form.kind")}
            legendSize="m"
            headingLevel={2}
            defaultValue={values.kind}
            error={text(errors.kind ?? errors.form)}
            items={PETITION_KINDS.map((k) => ({
              value: k,
              label: t(`kinds.${k}`),
              hint: t(`kindHints.${k}`),
            }))}
          />
          <Fieldset legend={t("form.about")} legendSize="m" headingLevel={2}>
            <TextInput id="title" name="title" label={t("form.title")} hint={t("form.titleHint")} defaultValue={values.title} error={text(errors.title)} />
            <Textarea
              id="content"
              name="content"
              label={t("form.content")}
              hint={t("form.contentHint")}
              rows={8}
              defaultValue={values.content}
              error={text(errors.content)}
            />
            <Textarea
              id="proposal"
              name="proposal"
              label={t("form.proposal")}
              hint={t("form.proposalHint")}
              rows={4}
              defaultValue={values.proposal}
              error={text(errors.proposal)}
            />
          </Fieldset>
          <Fieldset legend={t("form.concerns")} legendSize="m" headingLevel={2}>
            <ProcedureSelect
              groups={choices.procedures}
              label={t("form.procedure")}
              hint={t("form.procedureHint")}
              none={t("form.procedureNone")}
              defaultValue={values.procedureCode}
              error={text(errors.procedureCode)}
            />
            <Select
              id="agencyId"
              name="agencyId"
              label={t("form.agency")}
              hint={t("form.agencyHint")}
              defaultValue={values.agencyId ?? ""}
              error={text(errors.agencyId)}
              options={[{ value: "", text: t("form.agencyNone") }, ...choices.agencies.map((a) => ({ value: a.id, text: a.name }))]}
            />
            <TextInput
              id="dossierCode"
              name="dossierCode"
              label={t("form.dossierCode")}
              hint={t("form.dossierCodeHint")}
              optional
              spellCheck={false}
              autoComplete="off"
              width="30"
              defaultValue={values.dossierCode}
              error={text(errors.dossierCode)}
            />
          </Fieldset>
          {wallet && wallet.length > 0 ? (
            <Checkboxes
              idPrefix="fileIds"
              name="fileIds"
              legend={t("form.files")}
              legendSize="m"
              headingLevel={2}
              hint={t("form.filesHint")}
              error={text(errors.files)}
              defaultValues={values.fileIds ?? []}
              items={wallet.map((f) => ({ value: f.id, label: f.name }))}
            />
          ) : null}
          <Fieldset legend={t("form.contact")} legendSize="m" headingLevel={2}>
            <p className="govuk-hint">{t("form.contactHint")}</p>
            {signedIn ? <p className="govuk-body">{t("form.signedInPrefill")}</p> : null}
            <TextInput
              id="contactName"
              name="contactName"
              label={t("form.contactName")}
              autoComplete="name"
              spellCheck={false}
              defaultValue={values.contactName}
              error={text(errors.contactName)}
            />
            <TextInput
              id="contactAddress"
              name="contactAddress"
              label={t("form.contactAddress")}
              autoComplete="street-address"
              defaultValue={values.contactAddress}
              error={text(errors.contactAddress)}
            />
            <TextInput
              id="contactPhone"
              name="contactPhone"
              type="tel"
              label={t("form.contactPhone")}
              hint={t("form.contactPhoneHint")}
              autoComplete="tel"
              width="20"
              defaultValue={values.contactPhone}
              error={text(errors.contactPhone)}
            />
            <TextInput
              id="contactEmail"
              name="contactEmail"
              type="email"
              label={t("form.contactEmail")}
              hint={t("form.contactEmailHint")}
              autoComplete="email"
              spellCheck={false}
              defaultValue={values.contactEmail}
              error={text(errors.contactEmail)}
            />
          </Fieldset>
          <Checkboxes
            idPrefix="publishConsent"
            name="publishConsent"
            legend={t("form.publishing")}
            legendSize="m"
            headingLevel={2}
            defaultValues={values.publishConsent ? ["on"] : []}
            items={[
              {
                value: "on",
                label: t("form.publishConsent"),
                hint: t("form.publishConsentHint"),
              },
            ]}
          />
          <Checkboxes
            idPrefix="showName"
            name="showName"
            error={text(errors.showName)}
            defaultValues={values.showName ? ["on"] : []}
            items={[
              {
                value: "on",
                label: t("form.showName"),
                hint: t("form.showNameHint"),
              },
            ]}
          />
          <Button type="submit">{t("form.submit")}</Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
