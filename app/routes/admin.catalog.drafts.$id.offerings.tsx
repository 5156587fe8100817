import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/ui/page-title";
import { adminTitle, applyListAction, loadDraft } from "./admin/draft.server";
import { draftUrl } from "./admin/urls";
import { ADMIN_NAMESPACES, AdminErrorBoundary, DraftLayout, EditableList } from "./admin/shared";

export const handle = { i18n: ADMIN_NAMESPACES };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { draft } = await loadDraft(request, context, params.id);
  return {
    title: await adminTitle(request, "parts.offerings"),
    header: { id: draft.id, code: draft.code, version: draft.version, state: draft.state, token: draft.token, name: draft.content.name },
    offerings: draft.content.offerings.map((o) => ({
      codes: o.receivers.codes?.length ?? 0,
      kinds: (o.receivers.kinds ?? []) as string[],
      onlineLevel: o.onlineLevel,
      channels: o.channels.map((c) => c.channel as string),
    })),
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context, params }: ActionFunctionArgs) {
  return applyListAction(request, context, params.id, "offerings", "offerings");
}

export default function OfferingsEditor() {
  const { header, offerings } = useLoaderData<typeof loader>();
  const { t } = useTranslation(["admin", "procedures"]);
  return (
    <DraftLayout draft={header} title={t("parts.offerings")}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <EditableList
            token={header.token}
            editable={header.state === "draft"}
            addHref={draftUrl(header.id, "offerings/new")}
            addText={t("offerings.add")}
            items={offerings.map((o, i) => {
              const receivers = [
                ...(o.kinds.length ? [t("offerings.kindsSummary", { kinds: o.kinds.map((k) => t(`offerings.agencyKinds.${k}`)).join(", ") })] : []),
                ...(o.codes ? [t("offerings.codesSummary", { count: o.codes })] : []),
              ].join("; ");
              return {
                title: t("offerings.item", { n: i + 1 }),
                name: t("offerings.item", { n: i + 1 }),
                editHref: draftUrl(header.id, `offerings/${i}`),
                summary: `${t("offerings.summary", { receivers, level: t(`procedures:online.${o.onlineLevel}`) })} · ${o.channels
                  .map((c) => t(`procedures:channels.${c}`))
                  .join(", ")}`,
              };
            })}
          />
        </div>
      </div>
    </DraftLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
