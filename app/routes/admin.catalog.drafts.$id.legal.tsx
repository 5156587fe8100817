import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate } from "~/domain/shared/format";
import { pageTitle } from "~/ui/page-title";
import { adminTitle, applyListAction, loadDraft } from "./admin/draft.server";
import { draftUrl } from "./admin/urls";
import { ADMIN_NAMESPACES, AdminErrorBoundary, DraftLayout, EditableList } from "./admin/shared";

export const handle = { i18n: ADMIN_NAMESPACES };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { draft } = await loadDraft(request, context, params.id);
  return {
    title: await adminTitle(request, "parts.legal"),
    header: { id: draft.id, code: draft.code, version: draft.version, state: draft.state, token: draft.token, name: draft.content.name },
    legalBasis: draft.content.legalBasis,
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context, params }: ActionFunctionArgs) {
  return applyListAction(request, context, params.id, "legalBasis", "legal");
}

export default function LegalEditor() {
  const { header, legalBasis } = useLoaderData<typeof loader>();
  const { t } = useTranslation("admin");
  return (
    <DraftLayout draft={header} title={t("parts.legal")}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <EditableList
            token={header.token}
            editable={header.state === "draft"}
            addHref={draftUrl(header.id, "legal/new")}
            addText={t("legal.add")}
            items={legalBasis.map((l, i) => ({
              title: `${l.number} · ${l.title}`,
              name: l.number,
              editHref: draftUrl(header.id, `legal/${i}`),
              summary: `${l.issuer} · ${/^\d{4}-\d{2}-\d{2}$/.test(l.date) ? formatDate(l.date) : l.date}`,
            }))}
          />
        </div>
      </div>
    </DraftLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
