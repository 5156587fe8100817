import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { applyListIntent, issuesByPath, parseIntent } from "~/domain/procedures/drafts";
import { readWorkflow } from "~/domain/procedures/drafts.schema";
import { updateDraft } from "~/domain/procedures/drafts.server";
import { WORKFLOW_ROLES } from "~/domain/procedures/procedures";
import { Button } from "~/ui/button";
import { pageTitle } from "~/ui/page-title";
import { Select } from "~/ui/select";
import { TextInput } from "~/ui/text-input";
import { adminTitle, loadDraft, loadEditableDraft, failedSave } from "./admin/draft.server";
import { draftUrl } from "./admin/urls";
import { ADMIN_NAMESPACES, AdminErrorBoundary, DraftLayout, IssueSummary, pathId, useIssueText, DraftTokenInput } from "./admin/shared";

export const handle = { i18n: ADMIN_NAMESPACES };

type Row = { role: string; name: string; hours: string };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { draft } = await loadDraft(request, context, params.id);
  return {
    title: await adminTitle(request, "parts.workflow"),
    header: { id: draft.id, code: draft.code, version: draft.version, state: draft.state, token: draft.token, name: draft.content.name },
    rows: draft.content.workflow.map((s): Row => ({ role: s.role, name: s.name, hours: String(s.hours) })),
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

// The steps are edited together: add, move and remove change the rows on the page only; Save checks and stores them.
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { draft } = await loadEditableDraft(request, context, params.id);
  const form = await request.formData();
  const { rows, parsed } = readWorkflow(form);
  const intent = parseIntent(form.get("intent"));
  if (intent.action === "add") return data({ rows: [...rows, { role: "handle", name: "", hours: "" }].slice(0, 20), issues: [] });
  const changed = applyListIntent(rows, intent);
  if (changed) return data({ rows: changed, issues: [] });
  if (!parsed.ok) return data({ rows, issues: parsed.issues }, { status: 400 });
  const saved = await updateDraft(context.db, draft.id, (c) => ({ ...c, workflow: parsed.value }));
  if (!saved.ok) failedSave(draft.id, saved);
  return redirect(draftUrl(draft.id));
}

const idOf = (path: string) => {
  const m = /^workflow\[(\d+)\]\.(role|name|hours)/.exec(path);
  return m ? `step-${m[2]}-${m[1]}` : "workflow-add";
};

export default function WorkflowEditor() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("admin");
  const issueText = useIssueText();
  const rows = result?.rows ?? loaded.rows;
  const errors = issuesByPath((result?.issues ?? []).map((i) => ({ ...i, path: idOf(i.path) })));
  const editable = loaded.header.state === "draft";
  const hidden = (n: number) => <span className="govuk-visually-hidden"> {t("workflow.step", { n })}</span>;
  return (
    <DraftLayout draft={loaded.header} title={t("parts.workflow")}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {result?.issues.length ? <IssueSummary issues={result.issues} idOf={idOf} /> : null}
          {editable ? <p className="govuk-body">{t("workflow.unsaved")}</p> : null}
          <Form method="post" noValidate>
            <DraftTokenInput token={loaded.header.token} />
            <input type="hidden" name="count" value={rows.length} />
            {/* Enter in a box submits the form's first button: make that one Save, not "move down" or "remove". */}
            {editable ? (
              <button type="submit" name="intent" value="save" className="govuk-visually-hidden" tabIndex={-1} aria-hidden="true">
                {t("save")}
              </button>
            ) : null}
            {rows.map((row, i) => (
              <fieldset key={i} className="govuk-fieldset app-step" id={`item-${i}`} disabled={!editable}>
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">{t("workflow.step", { n: i + 1 })}</legend>
                <Select
                  id={`step-role-${i}`}
                  name={`role-${i}`}
                  label={t("workflow.role")}
                  defaultValue={row.role}
                  options={WORKFLOW_ROLES.map((r) => ({ value: r, text: t(`workflow.roles.${r}`) }))}
                  error={issueText(errors[`step-role-${i}`])}
                />
                <TextInput id={`step-name-${i}`} name={`name-${i}`} label={t("workflow.name")} defaultValue={row.name} error={issueText(errors[`step-name-${i}`])} />
                <TextInput
                  id={`step-hours-${i}`}
                  name={`hours-${i}`}
                  label={t("workflow.hours")}
                  inputMode="decimal"
                  width="4"
                  defaultValue={row.hours}
                  error={issueText(errors[`step-hours-${i}`])}
                />
                {editable ? (
                  <div className="govuk-button-group">
                    {i > 0 ? (
                      <Button variant="secondary" name="intent" value={`move-up:${i}`}>
                        {t("items.moveUp")}
                        {hidden(i + 1)}
                      </Button>
                    ) : null}
                    {i < rows.length - 1 ? (
                      <Button variant="secondary" name="intent" value={`move-down:${i}`}>
                        {t("items.moveDown")}
                        {hidden(i + 1)}
                      </Button>
                    ) : null}
                    <Button variant="warning" name="intent" value={`remove:${i}`}>
                      {t("items.remove")}
                      {hidden(i + 1)}
                    </Button>
                  </div>
                ) : null}
              </fieldset>
            ))}
            {editable ? (
              <>
                <p className="govuk-body" id={pathId("workflow-add")}>
                  <Button variant="secondary" name="intent" value="add">
                    {t("workflow.add")}
                  </Button>
                </p>
                <Button name="intent" value="save">
                  {t("save")}
                </Button>
              </>
            ) : null}
          </Form>
        </div>
      </div>
    </DraftLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
