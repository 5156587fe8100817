import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { issuesByPath } from "~/domain/procedures/drafts";
import { readDetails } from "~/domain/procedures/drafts.schema";
import { updateDraft } from "~/domain/procedures/drafts.server";
import { APPLICANT_KINDS, GOVERNMENT_LEVELS, LIFE_EVENTS, PROCEDURE_STATUSES } from "~/domain/procedures/procedures";
import { Button } from "~/ui/button";
import { Checkboxes } from "~/ui/checkboxes";
import { pageTitle } from "~/ui/page-title";
import { Radios } from "~/ui/radios";
import { Select } from "~/ui/select";
import { TextInput } from "~/ui/text-input";
import { Textarea } from "~/ui/textarea";
import { adminTitle, loadDraft, loadEditableDraft, refused, failedSave } from "./admin/draft.server";
import { draftUrl } from "./admin/urls";
import { ADMIN_NAMESPACES, AdminErrorBoundary, DraftLayout, IssueSummary, pathId, useIssueText, DraftTokenInput } from "./admin/shared";

export const handle = { i18n: ADMIN_NAMESPACES };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { draft } = await loadDraft(request, context, params.id);
  const c = draft.content;
  return {
    title: await adminTitle(request, "parts.details"),
    header: { id: draft.id, code: draft.code, version: draft.version, state: draft.state, token: draft.token, name: c.name },
    fields: draft.fields,
    values: {
      name: c.name,
      purpose: c.purpose,
      conditions: c.conditions,
      steps: c.steps,
      result: { name: c.result.name },
      keywords: c.keywords,
      field: c.field,
      levels: c.levels as string[],
      lifeEvents: c.lifeEvents as string[],
      applicants: c.applicants as string[],
      validFrom: c.validFrom,
      status: c.status as string,
    },
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { draft } = await loadEditableDraft(request, context, params.id);
  const { raw, parsed } = readDetails(await request.formData(), draft.content.result.code);
  if (!parsed.ok) return refused(parsed.issues, raw);
  const saved = await updateDraft(context.db, draft.id, (c) => ({ ...c, ...parsed.value, conditions: parsed.value.conditions }));
  if (!saved.ok) failedSave(draft.id, saved);
  return redirect(draftUrl(draft.id));
}

const idOf = (path: string) => `details-${pathId(path.replace(/^result\.name$/, "result").replace(/\[\d+\]$/, ""))}`;

export default function DetailsEditor() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation(["admin", "procedures"]);
  const issueText = useIssueText();
  const v = (result?.values ?? loaded.values) as typeof loaded.values;
  const errors = issuesByPath((result?.issues ?? []).map((i) => ({ ...i, path: idOf(i.path) })));
  const e = (name: string) => issueText(errors[`details-${name}`]);
  const editable = loaded.header.state === "draft";
  return (
    <DraftLayout draft={loaded.header} title={t("parts.details")}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {result?.issues.length ? <IssueSummary issues={result.issues} idOf={idOf} /> : null}
          <Form method="post" noValidate>
            <DraftTokenInput token={loaded.header.token} />
            <fieldset className="govuk-fieldset" disabled={!editable}>
              <TextInput id="details-name" name="name" label={t("details.name")} defaultValue={v.name} error={e("name")} />
              <Textarea id="details-purpose" name="purpose" label={t("details.purpose")} defaultValue={v.purpose} error={e("purpose")} rows={3} />
              <Textarea
                id="details-conditions"
                name="conditions"
                label={t("details.conditions")}
                optional
                defaultValue={v.conditions ?? ""}
                error={e("conditions")}
                rows={4}
              />
              <Textarea id="details-steps" name="steps" label={t("details.steps")} defaultValue={v.steps} error={e("steps")} rows={6} />
              <TextInput id="details-result" name="result" label={t("details.result")} defaultValue={v.result?.name ?? ""} error={e("result")} />
              <Textarea
                id="details-keywords"
                name="keywords"
                label={t("details.keywords")}
                hint={t("details.keywordsHint")}
                defaultValue={(v.keywords ?? []).join("\n")}
                error={e("keywords")}
                rows={4}
              />
              <Select
                id="details-field"
                name="field"
                label={t("details.field")}
                defaultValue={v.field}
                options={loaded.fields.map((f) => ({ value: f.code, text: f.name }))}
                error={e("field")}
              />
              <Checkboxes
                idPrefix="details-levels"
                name="levels"
                legend={t("details.levels")}
                legendSize="s"
                small
                defaultValues={v.levels}
                items={GOVERNMENT_LEVELS.map((l) => ({ value: l, label: t(`procedures:levels.${l}`) }))}
                error={e("levels")}
              />
              <Checkboxes
                idPrefix="details-lifeEvents"
                name="lifeEvents"
                legend={t("details.lifeEvents")}
                legendSize="s"
                small
                defaultValues={v.lifeEvents}
                items={LIFE_EVENTS.map((l) => ({ value: l, label: t(`procedures:events.${l}`) }))}
                error={e("lifeEvents")}
              />
              <Checkboxes
                idPrefix="details-applicants"
                name="applicants"
                legend={t("details.applicants")}
                legendSize="s"
                small
                defaultValues={v.applicants}
                items={APPLICANT_KINDS.map((a) => ({ value: a, label: t(`procedures:applicants.${a}`) }))}
                error={e("applicants")}
              />
              <TextInput
                id="details-validFrom"
                name="validFrom"
                label={t("details.validFrom")}
                hint={t("details.validFromHint")}
                width="10"
                defaultValue={v.validFrom}
                error={e("validFrom")}
              />
              <Radios
                idPrefix="details-status"
                name="status"
                legend={t("details.status")}
                legendSize="s"
                small
                defaultValue={v.status}
                items={PROCEDURE_STATUSES.map((s) => ({ value: s, label: t(`details.statuses.${s}`) }))}
                error={e("status")}
              />
              {editable ? <Button type="submit">{t("save")}</Button> : null}
            </fieldset>
          </Form>
        </div>
      </div>
    </DraftLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
