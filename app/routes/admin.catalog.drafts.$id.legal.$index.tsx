import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { issuesByPath } from "~/domain/procedures/drafts";
import { readLegalBasis } from "~/domain/procedures/drafts.schema";
import { updateDraft } from "~/domain/procedures/drafts.server";
import { Button } from "~/ui/button";
import { pageTitle } from "~/ui/page-title";
import { TextInput } from "~/ui/text-input";
import { Textarea } from "~/ui/textarea";
import { adminTitle, itemIndex, loadDraft, loadEditableDraft, refused, failedSave } from "./admin/draft.server";
import { draftUrl } from "./admin/urls";
import { ADMIN_NAMESPACES, AdminErrorBoundary, DraftLayout, IssueSummary, useIssueText, DraftTokenInput } from "./admin/shared";

export const handle = { i18n: ADMIN_NAMESPACES };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { draft } = await loadDraft(request, context, params.id);
  const index = itemIndex(params.index, draft.content.legalBasis.length);
  const l = index === "new" ? null : draft.content.legalBasis[index]!;
  return {
    title: l?.number ?? (await adminTitle(request, "legal.new")),
    header: { id: draft.id, code: draft.code, version: draft.version, state: draft.state, token: draft.token, name: draft.content.name },
    values: { number: l?.number ?? "", title: l?.title ?? "", date: l?.date ?? "", issuer: l?.issuer ?? "", url: l?.url ?? "" },
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { draft } = await loadEditableDraft(request, context, params.id);
  const index = itemIndex(params.index, draft.content.legalBasis.length);
  const form = await request.formData();
  const { parsed } = readLegalBasis(form);
  const values = Object.fromEntries(["number", "title", "date", "issuer", "url"].map((k) => [k, String(form.get(k) ?? "")])) as Record<
    "number" | "title" | "date" | "issuer" | "url",
    string
  >;
  if (!parsed.ok) return refused(parsed.issues, values);
  const saved = await updateDraft(context.db, draft.id, (c) => ({
    ...c,
    legalBasis: index === "new" ? [...c.legalBasis, parsed.value] : c.legalBasis.map((l, i) => (i === index ? parsed.value : l)),
  }));
  if (!saved.ok) failedSave(draft.id, saved);
  return redirect(`${draftUrl(draft.id, "legal")}#item-${index === "new" ? draft.content.legalBasis.length : index}`);
}

const idOf = (path: string) => `legal-${path || "number"}`;

export default function LegalBasisEditor() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("admin");
  const issueText = useIssueText();
  const v = result?.values ?? loaded.values;
  const errors = issuesByPath(result?.issues ?? []);
  const editable = loaded.header.state === "draft";
  return (
    <DraftLayout draft={loaded.header} title={loaded.title} back={{ href: draftUrl(loaded.header.id, "legal"), text: t("parts.legal") }}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {result?.issues.length ? <IssueSummary issues={result.issues} idOf={idOf} /> : null}
          <Form method="post" noValidate>
            <DraftTokenInput token={loaded.header.token} />
            <fieldset className="govuk-fieldset" disabled={!editable}>
              <TextInput id="legal-number" name="number" label={t("legal.number")} width="20" defaultValue={v.number} error={issueText(errors.number)} />
              <Textarea id="legal-title" name="title" label={t("legal.title")} rows={2} defaultValue={v.title} error={issueText(errors.title)} />
              <TextInput id="legal-date" name="date" label={t("legal.date")} hint={t("details.validFromHint")} width="10" defaultValue={v.date} error={issueText(errors.date)} />
              <TextInput id="legal-issuer" name="issuer" label={t("legal.issuer")} defaultValue={v.issuer} error={issueText(errors.issuer)} />
              <TextInput id="legal-url" name="url" type="url" label={t("legal.url")} optional defaultValue={v.url} error={issueText(errors.url)} />
              {editable ? <Button type="submit">{t("save")}</Button> : null}
            </fieldset>
          </Form>
        </div>
      </div>
    </DraftLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
