import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { freeChannelsWithFees } from "~/domain/procedures/drafts.fees";
import { mergeOffering, readOffering } from "~/domain/procedures/drafts.schema";
import { updateDraft } from "~/domain/procedures/drafts.server";
import { CHANNELS, FEE_MODES, ONLINE_LEVELS, TIME_UNITS } from "~/domain/procedures/procedures";
import { Button } from "~/ui/button";
import { Checkboxes } from "~/ui/checkboxes";
import { pageTitle } from "~/ui/page-title";
import { Radios } from "~/ui/radios";
import { Select } from "~/ui/select";
import { TextInput } from "~/ui/text-input";
import { Textarea } from "~/ui/textarea";
import { adminTitle, itemIndex, loadDraft, loadEditableDraft, refused, failedSave } from "./admin/draft.server";
import { AGENCY_KINDS } from "~/domain/agencies/agencies";
import { draftUrl } from "./admin/urls";
import { FeeLines } from "./admin/fees";
import { ADMIN_NAMESPACES, AdminErrorBoundary, DraftLayout, IssueSummary, useIssueText, DraftTokenInput } from "./admin/shared";

export const handle = { i18n: ADMIN_NAMESPACES };


type Values = Record<string, string | string[]>;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { draft } = await loadDraft(request, context, params.id);
  const index = itemIndex(params.index, draft.content.offerings.length);
  const o = index === "new" ? null : draft.content.offerings[index]!;
  const values: Values = {
    codes: (o?.receivers.codes ?? []).join("\n"),
    kinds: [...(o?.receivers.kinds ?? [])],
    decider: typeof o?.decider === "object" ? "fixed" : (o?.decider ?? "receiver"),
    onlineLevel: o?.onlineLevel ?? "INFO",
    channels: o ? o.channels.map((c) => c.channel) : ["in_person"],
  };
  for (const c of o?.channels ?? []) {
    values[`${c.channel}-unit`] = c.timeLimit.unit;
    values[`${c.channel}-amount`] = "amount" in c.timeLimit ? String(c.timeLimit.amount) : "";
    values[`${c.channel}-cutoff`] = c.timeLimit.unit === "same_day" ? c.timeLimit.cutoff : "";
    values[`${c.channel}-feeMode`] = c.feeMode;
  }
  return {
    title: index === "new" ? await adminTitle(request, "offerings.new") : await adminTitle(request, "offerings.item", { n: index + 1 }),
    header: { id: draft.id, code: draft.code, version: draft.version, state: draft.state, token: draft.token, name: draft.content.name },
    fixedDecider: typeof o?.decider === "object" ? o.decider.code : null,
    // The stored channels' fees, shown with a link to their own pages (a channel not saved yet has none).
    fees: Object.fromEntries((o?.channels ?? []).map((c) => [c.channel, c.fees])),
    feesHref: index === "new" ? null : draftUrl(draft.id, `offerings/${index}/fees`),
    values,
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { draft } = await loadEditableDraft(request, context, params.id);
  const index = itemIndex(params.index, draft.content.offerings.length);
  const existing = index === "new" ? undefined : draft.content.offerings[index];
  const form = await request.formData();
  const { parsed } = readOffering(form, typeof existing?.decider === "object" ? existing.decider : undefined);
  const values: Values = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).map(String);
    values[key] = ["kinds", "channels"].includes(key) ? all : (all[0] ?? "");
  }
  values.kinds ??= [];
  values.channels ??= [];
  if (!parsed.ok) return refused(parsed.issues, values);
  const offering = mergeOffering(existing, parsed.value);
  const feeIssues = freeChannelsWithFees(offering);
  if (feeIssues.length) return refused(feeIssues, values);
  const saved = await updateDraft(context.db, draft.id, (c) => ({
    ...c,
    offerings: index === "new" ? [...c.offerings, offering] : c.offerings.map((o, i) => (i === index ? mergeOffering(o, parsed.value) : o)),
  }));
  if (!saved.ok) failedSave(draft.id, saved);
  return redirect(`${draftUrl(draft.id, "offerings")}#item-${index === "new" ? draft.content.offerings.length : index}`);
}

export default function OfferingEditor() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation(["admin", "procedures"]);
  const issueText = useIssueText();
  const v = (result?.values ?? loaded.values) as Values;
  const text = (key: string) => (typeof v[key] === "string" ? (v[key] as string) : "");
  const list = (key: string) => (Array.isArray(v[key]) ? (v[key] as string[]) : []);
  const offered = list("channels");
  // Issues of the channels come by position among the offered ones; show them on that channel's fieldset.
  const idOf = (path: string) => {
    const channel = /^channels\[(\d+)\](\.feeMode)?/.exec(path);
    if (channel) return `offering-${offered[Number(channel[1])] ?? "channels"}-${channel[2] ? "feeMode" : "unit"}`;
    if (path.startsWith("channels")) return "offering-channels";
    if (path.startsWith("receivers")) return "offering-codes";
    if (path.startsWith("decider")) return "offering-decider";
    if (path.startsWith("onlineLevel")) return "offering-onlineLevel";
    return "offering-codes";
  };
  const errorAt = (id: string) => issueText((result?.issues ?? []).find((i) => idOf(i.path) === id)?.message);
  const editable = loaded.header.state === "draft";
  return (
    <DraftLayout draft={loaded.header} title={loaded.title} back={{ href: draftUrl(loaded.header.id, "offerings"), text: t("parts.offerings") }}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {result?.issues.length ? <IssueSummary issues={result.issues} idOf={idOf} /> : null}
          <Form method="post" noValidate>
            <DraftTokenInput token={loaded.header.token} />
            <fieldset className="govuk-fieldset" disabled={!editable}>
              <Textarea
                id="offering-codes"
                name="codes"
                label={t("offerings.codes")}
                hint={t("offerings.codesHint")}
                rows={4}
                defaultValue={text("codes")}
                error={errorAt("offering-codes")}
              />
              <Checkboxes
                idPrefix="offering-kinds"
                name="kinds"
                legend={t("offerings.kinds")}
                legendSize="s"
                small
                defaultValues={list("kinds")}
                items={AGENCY_KINDS.map((k) => ({ value: k, label: t(`offerings.agencyKinds.${k}`) }))}
              />
              <Radios
                idPrefix="offering-decider"
                name="decider"
                legend={t("offerings.decider")}
                legendSize="s"
                small
                defaultValue={text("decider")}
                items={[
                  { value: "receiver", label: t("offerings.deciders.receiver") },
                  { value: "parent", label: t("offerings.deciders.parent") },
                  ...(loaded.fixedDecider ? [{ value: "fixed", label: t("offerings.deciders.fixed", { code: loaded.fixedDecider }) }] : []),
                ]}
                error={errorAt("offering-decider")}
              />
              <Radios
                idPrefix="offering-onlineLevel"
                name="onlineLevel"
                legend={t("offerings.onlineLevel")}
                legendSize="s"
                small
                defaultValue={text("onlineLevel")}
                items={ONLINE_LEVELS.map((l) => ({ value: l, label: t(`procedures:online.${l}`) }))}
                error={errorAt("offering-onlineLevel")}
              />
              <Checkboxes
                idPrefix="offering-channels"
                name="channels"
                legend={t("offerings.channelOffered")}
                legendSize="s"
                small
                defaultValues={offered}
                items={CHANNELS.map((c) => ({ value: c, label: t(`procedures:channels.${c}`) }))}
                error={errorAt("offering-channels")}
              />
              {CHANNELS.map((c) => (
                <fieldset key={c} className="govuk-fieldset app-channel">
                  <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">{t("offerings.channel", { name: t(`procedures:channels.${c}`) })}</legend>
                  <Select
                    id={`offering-${c}-unit`}
                    name={`${c}-unit`}
                    label={t("offerings.timeUnit")}
                    defaultValue={text(`${c}-unit`) || "working_days"}
                    options={TIME_UNITS.map((u) => ({ value: u, text: t(`offerings.units.${u}`) }))}
                    error={errorAt(`offering-${c}-unit`)}
                  />
                  <TextInput id={`offering-${c}-amount`} name={`${c}-amount`} label={t("offerings.timeAmount")} inputMode="decimal" width="4" defaultValue={text(`${c}-amount`)} />
                  <TextInput id={`offering-${c}-cutoff`} name={`${c}-cutoff`} label={t("offerings.cutoff")} width="5" defaultValue={text(`${c}-cutoff`)} />
                  <Select
                    id={`offering-${c}-feeMode`}
                    name={`${c}-feeMode`}
                    label={t("offerings.feeMode")}
                    defaultValue={text(`${c}-feeMode`) || "free"}
                    options={FEE_MODES.map((m) => ({ value: m, text: t(`offerings.feeModes.${m}`) }))}
                    error={errorAt(`offering-${c}-feeMode`)}
                  />
                  <h2 className="govuk-heading-s">{t("offerings.fees.heading")}</h2>
                  {loaded.feesHref && loaded.fees[c] ? (
                    <>
                      <FeeLines fees={loaded.fees[c]} />
                      <p className="govuk-body">
                        <a className="govuk-link" href={`${loaded.feesHref}/${c}`}>
                          {t("offerings.fees.edit", { channel: t(`procedures:channels.${c}`) })}
                        </a>
                      </p>
                    </>
                  ) : (
                    <p className="govuk-hint">{t("offerings.fees.saveChannelFirst")}</p>
                  )}
                </fieldset>
              ))}
              {editable ? <Button type="submit">{t("save")}</Button> : null}
            </fieldset>
          </Form>
        </div>
      </div>
    </DraftLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
