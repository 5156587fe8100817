import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { parseIntent } from "~/domain/procedures/drafts";
import { applyFeeIntent, withChannelFees } from "~/domain/procedures/drafts.fees";
import { updateDraft } from "~/domain/procedures/drafts.server";
import { pageTitle } from "~/ui/page-title";
import { adminTitle, loadDraft, loadEditableDraft, failedSave } from "./admin/draft.server";
import { useFeeText } from "./admin/fees";
import { locateChannel } from "./admin/fees.server";
import { draftUrl } from "./admin/urls";
import { ADMIN_NAMESPACES, AdminErrorBoundary, DraftLayout, EditableList } from "./admin/shared";

// The fees of one channel of an offering: each with a change link and move up / move down / remove buttons.

export const handle = { i18n: ADMIN_NAMESPACES };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { draft } = await loadDraft(request, context, params.id);
  const { index, channel } = locateChannel(draft.content, params);
  return {
    title: await adminTitle(request, "offerings.fees.title", { channel: await adminTitle(request, `procedures:channels.${channel.channel}`) }),
    header: { id: draft.id, code: draft.code, version: draft.version, state: draft.state, token: draft.token, name: draft.content.name },
    index,
    channel: channel.channel,
    feeMode: channel.feeMode,
    fees: channel.fees,
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { draft } = await loadEditableDraft(request, context, params.id);
  const { index, channel } = locateChannel(draft.content, params);
  const form = await request.formData();
  const intent = form.get("intent");
  const saved = await updateDraft(context.db, draft.id, (c) => withChannelFees(c, index, channel.channel, (fees) => applyFeeIntent(fees, intent) ?? fees));
  if (!saved.ok) failedSave(draft.id, saved);
  // Back to the fee that moved, so keyboard users keep their place.
  const { action: what, index: at } = parseIntent(intent);
  const moved = at === null ? null : what === "move-up" ? at - 1 : what === "move-down" ? at + 1 : null;
  return redirect(`${draftUrl(draft.id, `offerings/${index}/fees/${channel.channel}`)}${moved !== null ? `#item-${moved}` : ""}`);
}

export default function ChannelFees() {
  const { title, header, index, channel, feeMode, fees } = useLoaderData<typeof loader>();
  const { t } = useTranslation(["admin", "procedures"]);
  const feeText = useFeeText();
  const base = draftUrl(header.id, `offerings/${index}/fees/${channel}`);
  const offeringHref = draftUrl(header.id, `offerings/${index}`);
  const editable = header.state === "draft";
  return (
    <DraftLayout draft={header} title={title} back={{ href: offeringHref, text: t("offerings.item", { n: index + 1 }) }}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">{t("offerings.fees.intro")}</p>
          <p className="govuk-body-s">
            {t("offerings.fees.context", {
              offering: t("offerings.item", { n: index + 1 }),
              channel: t(`procedures:channels.${channel}`),
              mode: t(`offerings.feeModes.${feeMode}`),
            })}
          </p>
          {feeMode === "free" ? (
            <div className="govuk-inset-text">
              <a className="govuk-link" href={offeringHref}>
                {t("offerings.fees.freeChannel")}
              </a>
            </div>
          ) : null}
          <EditableList
            token={header.token}
            // A free channel takes no new fee (the add page sends the official back here).
            editable={editable && (feeMode !== "free" || fees.length > 0)}
            addHref={`${base}/new`}
            addText={t("offerings.fees.add")}
            items={fees.map((fee, i) => ({
              title: fee.name,
              name: fee.name,
              editHref: `${base}/${i}`,
              summary: (
                <>
                  {feeText(fee)}
                  {fee.exemptions?.length ? (
                    <>
                      <br />
                      {t("offerings.fees.exemptionsCount", { count: fee.exemptions.length })}
                    </>
                  ) : null}
                  {fee.note ? <span className="govuk-hint govuk-body-s app-fee-note">{fee.note}</span> : null}
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
