import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { issuesByPath } from "~/domain/procedures/drafts";
import { putCase } from "~/domain/procedures/drafts.documents";
import { readCase } from "~/domain/procedures/drafts.schema";
import { updateDraft } from "~/domain/procedures/drafts.server";
import { Button } from "~/ui/button";
import { pageTitle } from "~/ui/page-title";
import { TextInput } from "~/ui/text-input";
import { adminTitle, itemIndex, loadDraft, loadEditableDraft, refused, failedSave } from "./admin/draft.server";
import { draftUrl } from "./admin/urls";
import { ADMIN_NAMESPACES, AdminErrorBoundary, DraftLayout, IssueSummary, useIssueText, DraftTokenInput } from "./admin/shared";

// One case (trường hợp): its name. A new case's code is made from its name; renaming keeps the code.

export const handle = { i18n: ADMIN_NAMESPACES };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { draft } = await loadDraft(request, context, params.id);
  const index = itemIndex(params.index, draft.content.cases.length);
  const c = index === "new" ? null : draft.content.cases[index]!;
  return {
    title: c?.name ?? (await adminTitle(request, "cases.new")),
    header: { id: draft.id, code: draft.code, version: draft.version, state: draft.state, token: draft.token, name: draft.content.name },
    isNew: index === "new",
    code: c?.code ?? null,
    values: { name: c?.name ?? "" },
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { draft } = await loadEditableDraft(request, context, params.id);
  const index = itemIndex(params.index, draft.content.cases.length);
  const { raw, parsed } = readCase(await request.formData(), draft.content.cases, index);
  if (!parsed.ok) return refused(parsed.issues, raw);
  const saved = await updateDraft(context.db, draft.id, (c) => ({ ...c, cases: putCase(c.cases, index, parsed.value.name) }));
  if (!saved.ok) failedSave(draft.id, saved);
  const position = index === "new" ? draft.content.cases.length : index;
  return redirect(`${draftUrl(draft.id, "cases")}#item-${position}`);
}

const idOf = () => "case-name";

export default function CaseEditor() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("admin");
  const issueText = useIssueText();
  const v = result?.values ?? loaded.values;
  const errors = issuesByPath(result?.issues ?? []);
  const editable = loaded.header.state === "draft";
  return (
    <DraftLayout
      draft={loaded.header}
      title={loaded.isNew ? t("cases.new") : loaded.title}
      back={{ href: draftUrl(loaded.header.id, "cases"), text: t("cases.title") }}
    >
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {result?.issues.length ? <IssueSummary issues={result.issues} idOf={idOf} /> : null}
          <Form method="post" noValidate>
            <DraftTokenInput token={loaded.header.token} />
            <fieldset className="govuk-fieldset" disabled={!editable}>
              <TextInput id="case-name" name="name" label={t("cases.name")} hint={t("cases.nameHint")} defaultValue={v.name} error={issueText(errors.name)} />
              <p className="govuk-hint">{loaded.code ? `${t("cases.code", { code: loaded.code })}. ${t("cases.codeHint")}` : t("cases.codeHint")}</p>
              {editable ? <Button type="submit">{t("save")}</Button> : null}
            </fieldset>
          </Form>
        </div>
      </div>
    </DraftLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
