import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { parseIntent } from "~/domain/procedures/drafts";
import { applyCaseIntent, documentsOfCase } from "~/domain/procedures/drafts.documents";
import { updateDraft } from "~/domain/procedures/drafts.server";
import { pageTitle } from "~/ui/page-title";
import { adminTitle, loadDraft, loadEditableDraft, refused, failedSave } from "./admin/draft.server";
import { draftUrl } from "./admin/urls";
import { ADMIN_NAMESPACES, AdminErrorBoundary, DraftLayout, EditableList, IssueSummary } from "./admin/shared";

// The cases (trường hợp) of a procedure, part of its documents: add, rename, reorder and remove (buttons that
// post intents, no JavaScript needed). Documents choose their case in the document's editor.

export const handle = { i18n: ADMIN_NAMESPACES };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { draft } = await loadDraft(request, context, params.id);
  return {
    title: await adminTitle(request, "cases.title"),
    header: { id: draft.id, code: draft.code, version: draft.version, state: draft.state, token: draft.token, name: draft.content.name },
    cases: draft.content.cases.map((c) => ({ code: c.code, name: c.name, documents: documentsOfCase(draft.content, c.code) })),
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { draft } = await loadEditableDraft(request, context, params.id);
  const intent = parseIntent((await request.formData()).get("intent"));
  // Refused on the draft as shown (a case that documents belong to); applied again to the stored content.
  const checked = applyCaseIntent(draft.content, intent);
  if (checked && !checked.ok) return refused(checked.issues);
  const saved = await updateDraft(context.db, draft.id, (c) => {
    const next = applyCaseIntent(c, intent);
    return next?.ok ? next.content : c;
  });
  if (!saved.ok) failedSave(draft.id, saved);
  const moved = intent.index === null ? null : intent.action === "move-up" ? intent.index - 1 : intent.action === "move-down" ? intent.index + 1 : null;
  return redirect(`${draftUrl(draft.id, "cases")}${moved !== null ? `#item-${moved}` : ""}`);
}

const idOf = (path: string) => {
  const m = /^cases\[(\d+)\]/.exec(path);
  return m ? `item-${m[1]}` : "admin-draft";
};

export default function CasesEditor() {
  const { header, cases } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("admin");
  return (
    <DraftLayout draft={header} title={t("cases.title")} back={{ href: draftUrl(header.id, "documents"), text: t("parts.documents") }}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {result?.issues.length ? <IssueSummary issues={result.issues} idOf={idOf} /> : null}
          <p className="govuk-body">{t("cases.intro")}</p>
          <p className="govuk-body">{t("cases.removeRule")}</p>
          <EditableList
            token={header.token}
            editable={header.state === "draft"}
            addHref={draftUrl(header.id, "cases/new")}
            addText={t("cases.add")}
            items={cases.map((c, i) => ({
              title: c.name,
              name: c.name,
              editHref: draftUrl(header.id, `cases/${i}`),
              summary: (
                <>
                  {t("cases.code", { code: c.code })} · {c.documents > 0 ? t("cases.documents", { count: c.documents }) : t("cases.documentsNone")}
                </>
              ),
            }))}
          />
        </div>
      </div>
    </DraftLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
