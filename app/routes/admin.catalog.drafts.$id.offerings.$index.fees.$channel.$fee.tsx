import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { issuesByPath } from "~/domain/procedures/drafts";
import { FEE_UNITS, feeValues, putFee, readFee, tierRowCount, withChannelFees } from "~/domain/procedures/drafts.fees";
import { updateDraft } from "~/domain/procedures/drafts.server";
import { Button } from "~/ui/button";
import { Details } from "~/ui/details";
import { ErrorMessage } from "~/ui/error-message";
import { pageTitle } from "~/ui/page-title";
import { Radios } from "~/ui/radios";
import { TextInput } from "~/ui/text-input";
import { Textarea } from "~/ui/textarea";
import { adminTitle, itemIndex, loadDraft, loadEditableDraft, refused, failedSave } from "./admin/draft.server";
import { locateChannel } from "./admin/fees.server";
import { draftUrl } from "./admin/urls";
import { ADMIN_NAMESPACES, AdminErrorBoundary, DraftLayout, IssueSummary, useIssueText, DraftTokenInput } from "./admin/shared";

// One fee of a channel: name, amount in VND, how it is charged, price tiers, the cap, exemptions and a note.

export const handle = { i18n: ADMIN_NAMESPACES };

const listUrl = (draftId: string, index: number, channel: string) => draftUrl(draftId, `offerings/${index}/fees/${channel}`);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { draft } = await loadDraft(request, context, params.id);
  const { index, channel } = locateChannel(draft.content, params);
  const feeIndex = itemIndex(params.fee, channel.fees.length);
  // A free channel takes no fee: its list says why.
  if (feeIndex === "new" && channel.feeMode === "free") throw redirect(listUrl(draft.id, index, channel.channel));
  const fee = feeIndex === "new" ? undefined : channel.fees[feeIndex];
  return {
    title: fee?.name ?? (await adminTitle(request, "offerings.fees.new")),
    header: { id: draft.id, code: draft.code, version: draft.version, state: draft.state, token: draft.token, name: draft.content.name },
    channel: channel.channel,
    listHref: listUrl(draft.id, index, channel.channel),
    values: feeValues(fee),
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { draft } = await loadEditableDraft(request, context, params.id);
  const { index, channel } = locateChannel(draft.content, params);
  const feeIndex = itemIndex(params.fee, channel.fees.length);
  const list = listUrl(draft.id, index, channel.channel);
  if (feeIndex === "new" && channel.feeMode === "free") return redirect(list);
  const { values, parsed } = readFee(await request.formData());
  if (!parsed.ok) return refused(parsed.issues, values);
  const put = putFee(channel.fees, feeIndex, parsed.value);
  if (!put.ok) return refused(put.issues, values);
  const saved = await updateDraft(context.db, draft.id, (c) =>
    withChannelFees(c, index, channel.channel, (fees) => {
      const again = putFee(fees, feeIndex, parsed.value);
      return again.ok ? again.fees : fees;
    }),
  );
  if (!saved.ok) failedSave(draft.id, saved);
  return redirect(`${list}#item-${put.position}`);
}

const idOf = (path: string) => `fee-${path}`;

export default function FeeEditor() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation(["admin", "procedures"]);
  const issueText = useIssueText();
  const v: Record<string, string> = result?.values ?? loaded.values;
  const issues = result?.issues ?? [];
  const errors = issuesByPath(issues);
  const e = (path: string) => issueText(errors[path]);
  const rows = tierRowCount(v);
  const tierError = (i: number) => errors[`tier-from-${i}`] ?? errors[`tier-amount-${i}`];
  const tiersOpen = rows > 2 || Array.from({ length: rows }, (_, i) => tierError(i)).some(Boolean) || !!errors.tiers;
  const editable = loaded.header.state === "draft";
  return (
    <DraftLayout draft={loaded.header} title={loaded.title} back={{ href: loaded.listHref, text: t("offerings.fees.title", { channel: t(`procedures:channels.${loaded.channel}`) }) }}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {issues.length ? <IssueSummary issues={issues} idOf={idOf} /> : null}
          <Form method="post" noValidate>
            <DraftTokenInput token={loaded.header.token} />
            <fieldset className="govuk-fieldset" disabled={!editable}>
              <TextInput id="fee-name" name="name" label={t("offerings.fees.name")} hint={t("offerings.fees.nameHint")} defaultValue={v.name} error={e("name")} />
              <TextInput
                id="fee-amount"
                name="amount"
                label={t("offerings.fees.amount")}
                hint={t("offerings.fees.amountHint")}
                inputMode="numeric"
                autoComplete="off"
                spellCheck={false}
                width="10"
                suffix="₫"
                defaultValue={v.amount}
                error={e("amount")}
              />
              <Radios
                idPrefix="fee-per"
                name="per"
                legend={t("offerings.fees.per")}
                legendSize="s"
                hint={t("offerings.fees.perHint")}
                small
                defaultValue={v.per}
                items={FEE_UNITS.map((u) => ({ value: u, label: t(`offerings.fees.perItems.${u}`) }))}
                error={e("per")}
              />
              <Details id="fee-tiers" summary={t("offerings.fees.tiers")} open={tiersOpen}>
                <p className="govuk-hint">{t("offerings.fees.tiersHint")}</p>
                {errors.tiers ? <ErrorMessage>{e("tiers")}</ErrorMessage> : null}
                {Array.from({ length: rows }, (_, i) => (
                  <div key={i}>
                    <TextInput
                      id={`fee-tier-from-${i}`}
                      name={`tier-from-${i}`}
                      label={t("offerings.fees.tierFrom", { n: i + 1 })}
                      inputMode="numeric"
                      autoComplete="off"
                      width="4"
                      defaultValue={v[`tier-from-${i}`] ?? ""}
                      error={e(`tier-from-${i}`)}
                    />
                    <TextInput
                      id={`fee-tier-amount-${i}`}
                      name={`tier-amount-${i}`}
                      label={t("offerings.fees.tierAmount", { n: i + 1 })}
                      inputMode="numeric"
                      autoComplete="off"
                      width="10"
                      suffix="₫"
                      defaultValue={v[`tier-amount-${i}`] ?? ""}
                      error={e(`tier-amount-${i}`)}
                    />
                  </div>
                ))}
              </Details>
              <TextInput
                id="fee-cap"
                name="cap"
                label={t("offerings.fees.cap")}
                hint={t("offerings.fees.capHint")}
                optional
                inputMode="numeric"
                autoComplete="off"
                width="10"
                suffix="₫"
                defaultValue={v.cap}
                error={e("cap")}
              />
              <Textarea
                id="fee-exemptions"
                name="exemptions"
                label={t("offerings.fees.exemptions")}
                hint={t("offerings.fees.exemptionsHint")}
                optional
                rows={4}
                defaultValue={v.exemptions}
                error={e("exemptions")}
              />
              <Textarea id="fee-note" name="note" label={t("offerings.fees.note")} hint={t("offerings.fees.noteHint")} optional rows={2} defaultValue={v.note} error={e("note")} />
              {editable ? <Button type="submit">{t("save")}</Button> : null}
            </fieldset>
          </Form>
        </div>
      </div>
    </DraftLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
