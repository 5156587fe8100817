import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { CLOSE_REASONS, deadlineState } from "~/domain/petitions/petitions";
import { actionSchemas, type OfficialPetitionAction } from "~/domain/petitions/petitions.schema";
import { actOnPetition, officialPetition, type OfficialPetitionView } from "~/domain/petitions/petitions.server";
import { forwardTargets } from "~/domain/petitions/petitions-office.server";
import { formatFileSize, formatTimestamp } from "~/domain/shared/format";
import { i18nServer } from "~/platform/i18n.server";
import { petitionServices, petitionSettings } from "~/platform/petition-services.server";
import { redirectWithFlash, takeFlash } from "./admin/flash.server";
import { notFound, petitionCodeParam, requirePetitionOfficial } from "./office/petition.server";
import { DeadlineTag, petitionPath } from "./office/petition-ui";
import { Breadcrumbs } from "~/ui/breadcrumbs";
import { Button } from "~/ui/button";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { InsetText } from "~/ui/inset-text";
import { NotificationBanner } from "~/ui/notification-banner";
import { pageTitle } from "~/ui/page-title";
import { Radios } from "~/ui/radios";
import { Select } from "~/ui/select";
import { SummaryList, type SummaryListRow } from "~/ui/summary-list";
import { Table } from "~/ui/table";
import { Textarea } from "~/ui/textarea";
import { TextInput } from "~/ui/text-input";
import { WarningText } from "~/ui/warning-text";

// One petition in the back office (/office/petitions/:code; issue 8): the question and the contact details in full,
// what it concerns, its deadlines, the current draft and the leader's decision, the attachments and the history; then
// a form for each action the official may take now (the view's `actions`), each a plain POST with the version shown,
// applied by actOnPetition (which checks the role and the status again). A stale version is a 409, an item the
// official has no role on a 404.

export const handle = { i18n: ["petitions-office", "petitions"] };

const ACTIONS = Object.keys(actionSchemas) as OfficialPetitionAction[];
const isAction = (v: string): v is OfficialPetitionAction => (ACTIONS as string[]).includes(v);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requirePetitionOfficial(request, context);
  const code = petitionCodeParam(params);
  const now = new Date();
  const settings = petitionSettings(context);
  const [view, t] = await Promise.all([officialPetition(context.db, settings, actor, code, now), i18nServer.getFixedT(request, "petitions-office")]);
  if (!view) notFound();
  const targets = view.actions.includes("forward") ? await forwardTargets(context.db, view.suggestedAgencyIds, now) : [];
  const dueAt = view.status === "received" ? view.forwardDueAt : view.status === "forwarded" || view.status === "drafted" ? view.answerDueAt : null;
  const { flash, headers } = await takeFlash(request, context);
  return data({ title: t("item.title", { code: view.code }), view, targets, deadline: deadlineState(dueAt, now, settings.reminderHours), flash }, { headers });
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

type Issue = { field: string; message: string; params?: Record<string, unknown> };
type Reply = { intent: OfficialPetitionAction | null; errors: Issue[]; values: Record<string, string>; conflict?: "stale" | "guard" };
const reply = (status: 400 | 409, body: Reply) => data<Reply>(body, { status });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requirePetitionOfficial(request, context);
  const code = petitionCodeParam(params);
  const form = await request.formData().catch(() => new FormData());
  const values: Record<string, string> = {};
  for (const [name, value] of form.entries()) if (typeof value === "string" && !(name in values)) values[name] = value.slice(0, 12_000);
  const intent = values.intent ?? "";
  if (!isAction(intent)) return reply(400, { intent: null, errors: [{ field: "form", message: "petitions-office:errors.badRequest" }], values });
  const parsed = actionSchemas[intent].safeParse(values);
  if (!parsed.success) {
    const errors: Issue[] = [];
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] === "version" || issue.path[0] === undefined ? "form" : String(issue.path[0]);
      if (errors.some((e) => e.field === field)) continue;
      errors.push({ field, message: issue.message.includes(":") ? issue.message : "petitions-office:errors.invalid" });
    }
    return reply(400, { intent, errors, values });
  }
  const { version, ...rest } = parsed.data;
  const result = await actOnPetition(context.db, petitionServices(context), petitionSettings(context), {
    actor,
    code,
    version,
    params: { action: intent, ...rest } as Parameters<typeof actOnPetition>[3]["params"],
  });
  if (result.ok) {
    // Sent back for reassignment, the item leaves the handler's agency: back to the queue.
    const to = intent === "requestReassign" ? "/office/petitions" : petitionPath(result.code);
    return redirectWithFlash(request, context, to, `petitions-office:done.${intent}`);
  }
  if (result.status === 404) notFound();
  if (result.status === 403) throw data({ reason: "forbidden" }, { status: 403 });
  if (result.status === 409)
    return reply(409, { intent, errors: result.errors, values, conflict: result.errors[0]?.message === "petitions:errors.stale" ? "stale" : "guard" });
  return reply(400, { intent, errors: result.errors, values });
}

const pre = (text: string) => <div className="govuk-body app-prewrap">{text}</div>;

function summaryRows(view: OfficialPetitionView, t: TFunction, deadline: ReactNode): SummaryListRow[] {
  const rows: SummaryListRow[] = [
    { key: t("item.code"), value: view.code },
    { key: t("item.kind"), value: t(`kind.${view.kind}`) },
    { key: t("item.status"), value: t(`status.${view.status}`) },
    { key: t("item.receivedAt"), value: formatTimestamp(view.receivedAt) },
  ];
  if (view.status === "received")
    rows.push({
      key: t("item.forwardDueAt"),
      value: (
        <>
          {formatTimestamp(view.forwardDueAt)} {deadline}
        </>
      ),
    });
  if (view.forwardedAt) rows.push({ key: t("item.forwardedAt"), value: formatTimestamp(view.forwardedAt) });
  if (view.answerDueAt)
    rows.push({
      key: t("item.answerDueAt"),
      value: (
        <>
          {formatTimestamp(view.answerDueAt)} {view.status === "received" ? null : deadline}
        </>
      ),
    });
  if (view.extendedAt)
    rows.push({
      key: t("item.extended"),
      value: t("item.extendedValue", { date: view.originalAnswerDueAt ? formatTimestamp(view.originalAnswerDueAt) : "—", reason: view.extensionReason ?? "" }),
    });
  if (view.answeredAt)
    rows.push({ key: t("item.answeredAt"), value: `${formatTimestamp(view.answeredAt)} — ${t(view.answeredOnTime ? "item.onTime" : "item.late")}` });
  rows.push({ key: t("item.handlingAgency"), value: view.handlingAgency ?? "—" });
  rows.push({ key: t("item.concernedAgency"), value: view.concernedAgency ?? "—" });
  rows.push({ key: t("item.procedure"), value: view.procedure ? `${view.procedure.name} (${view.procedure.code})` : "—" });
  rows.push({ key: t("item.dossierCode"), value: view.dossierCode ?? "—" });
  rows.push({ key: t("item.field"), value: view.field ?? "—" });
  return rows;
}

function ActionForm({
  intent,
  version,
  t,
  children,
  warning,
}: {
  intent: OfficialPetitionAction;
  version: number;
  t: TFunction;
  children?: ReactNode;
  warning?: boolean;
}) {
  return (
    <section aria-labelledby={`${intent}-heading`} className="govuk-!-margin-bottom-8">
      <h3 className="govuk-heading-s" id={`${intent}-heading`}>
        {t(`actions.${intent}.heading`)}
      </h3>
      <Form method="post" id={intent} noValidate>
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name="version" value={version} />
        {children}
        <Button type="submit" variant={warning ? "warning" : "primary"}>
          {t(`actions.${intent}.submit`)}
        </Button>
      </Form>
    </section>
  );
}

export default function OfficialPetition() {
  const { view, targets, deadline, flash } = useLoaderData<typeof loader>();
  const replied = useActionData<typeof action>();
  const { t, i18n } = useTranslation(["petitions-office", "petitions"]);
  const lang = i18n.language === "en" ? "en" : "vi";
  const self = petitionPath(view.code);
  const mine = (intent: OfficialPetitionAction) => replied?.intent === intent;
  const value = (intent: OfficialPetitionAction, name: string, fallback = "") => (mine(intent) ? replied?.values[name] ?? fallback : fallback);
  const errorOf = (intent: OfficialPetitionAction, field: string) => {
    if (!mine(intent)) return undefined;
    const e = replied?.errors.find((x) => x.field === field);
    return e ? t(e.message, e.params ?? {}) : undefined;
  };
  const summary = (replied?.errors ?? []).map((e) => ({
    href: e.field === "form" ? (replied?.conflict === "stale" ? self : `#${replied?.intent ?? "actions"}`) : `#${replied?.intent}-${e.field}`,
    text: t(e.message, e.params ?? {}),
  }));
  const id = (intent: OfficialPetitionAction, field: string) => `${intent}-${field}`;
  const forms: Record<OfficialPetitionAction, () => ReactNode> = {
    forward: () => (
      <ActionForm version={view.version} t={t} intent="forward">
        <Select
          id={id("forward", "targetAgencyId")}
          name="targetAgencyId"
          label={t("actions.forward.target")}
          labelSize="s"
          hint={view.suggestedAgencyIds.length > 0 ? t("actions.forward.targetHint") : undefined}
          error={errorOf("forward", "targetAgencyId")}
          defaultValue={value("forward", "targetAgencyId")}
          options={[
            { value: "", text: t("actions.forward.choose") },
            ...targets.map((a) => ({
              value: a.id,
              text: a.suggested ? t("actions.forward.suggested", { name: a.name, code: a.code }) : `${a.name} (${a.code})`,
            })),
          ]}
        />
        <TextInput
          id={id("forward", "field")}
          name="field"
          label={t("actions.forward.field")}
          labelSize="s"
          optional
          hint={t("actions.forward.fieldHint")}
          width="20"
          defaultValue={value("forward", "field", view.field ?? "")}
          error={errorOf("forward", "field")}
        />
        <Textarea
          id={id("forward", "note")}
          name="note"
          label={t("actions.forward.note")}
          labelSize="s"
          optional
          rows={3}
          defaultValue={value("forward", "note")}
          error={errorOf("forward", "note")}
        />
      </ActionForm>
    ),
    close: () => (
      <ActionForm version={view.version} t={t} intent="close" warning>
        <Radios
          idPrefix={id("close", "reason")}
          name="reason"
          legend={t("actions.close.reason")}
          legendSize="s"
          error={errorOf("close", "reason")}
          defaultValue={value("close", "reason")}
          items={CLOSE_REASONS.map((r) => ({ value: r, label: t(`closeReasons.${r}`), hint: t(`actions.close.reasonHints.${r}`) }))}
        />
        <TextInput
          id={id("close", "duplicateOf")}
          name="duplicateOf"
          label={t("actions.close.duplicateOf")}
          labelSize="s"
          optional
          hint={t("actions.close.duplicateOfHint")}
          width="20"
          spellCheck={false}
          defaultValue={value("close", "duplicateOf")}
          error={errorOf("close", "duplicateOf")}
        />
        <Textarea
          id={id("close", "text")}
          name="text"
          label={t("actions.close.text")}
          labelSize="s"
          hint={t("actions.close.textHint")}
          rows={4}
          defaultValue={value("close", "text")}
          error={errorOf("close", "text")}
        />
      </ActionForm>
    ),
    requestReassign: () => (
      <ActionForm version={view.version} t={t} intent="requestReassign" warning>
        <Textarea
          id={id("requestReassign", "reason")}
          name="reason"
          label={t("actions.requestReassign.reason")}
          labelSize="s"
          hint={t("actions.requestReassign.reasonHint")}
          rows={3}
          defaultValue={value("requestReassign", "reason")}
          error={errorOf("requestReassign", "reason")}
        />
      </ActionForm>
    ),
    draft: () => (
      <ActionForm version={view.version} t={t} intent="draft">
        <Textarea
          id={id("draft", "body")}
          name="body"
          label={t("actions.draft.body")}
          labelSize="s"
          hint={t("actions.draft.bodyHint")}
          rows={8}
          defaultValue={value("draft", "body", view.draft?.decision === "returned" ? view.draft.body : "")}
          error={errorOf("draft", "body")}
        />
      </ActionForm>
    ),
    extend: () => (
      <ActionForm version={view.version} t={t} intent="extend">
        <InsetText>{t("actions.extend.intro")}</InsetText>
        <Textarea
          id={id("extend", "reason")}
          name="reason"
          label={t("actions.extend.reason")}
          labelSize="s"
          rows={3}
          defaultValue={value("extend", "reason")}
          error={errorOf("extend", "reason")}
        />
      </ActionForm>
    ),
    approve: () => (
      <ActionForm version={view.version} t={t} intent="approve">
        <p className="govuk-body">{t("actions.approve.intro")}</p>
      </ActionForm>
    ),
    return: () => (
      <ActionForm version={view.version} t={t} intent="return" warning>
        <Textarea
          id={id("return", "note")}
          name="note"
          label={t("actions.return.note")}
          labelSize="s"
          hint={t("actions.return.noteHint")}
          rows={3}
          defaultValue={value("return", "note")}
          error={errorOf("return", "note")}
        />
      </ActionForm>
    ),
    hide: () => (
      <ActionForm version={view.version} t={t} intent="hide" warning>
        <WarningText>{t("actions.hide.warning")}</WarningText>
        <Textarea
          id={id("hide", "reason")}
          name="reason"
          label={t("actions.hide.reason")}
          labelSize="s"
          rows={3}
          defaultValue={value("hide", "reason")}
          error={errorOf("hide", "reason")}
        />
      </ActionForm>
    ),
    revise: () => (
      <ActionForm version={view.version} t={t} intent="revise">
        <Radios
          idPrefix={id("revise", "part")}
          name="part"
          legend={t("actions.revise.part")}
          legendSize="s"
          error={errorOf("revise", "part")}
          defaultValue={value("revise", "part")}
          items={(["title", "content", "answer"] as const).map((p) => ({ value: p, label: t(`actions.revise.parts.${p}`) }))}
        />
        <Textarea
          id={id("revise", "body")}
          name="body"
          label={t("actions.revise.body")}
          labelSize="s"
          rows={6}
          defaultValue={value("revise", "body")}
          error={errorOf("revise", "body")}
        />
        <Textarea
          id={id("revise", "reason")}
          name="reason"
          label={t("actions.revise.reason")}
          labelSize="s"
          rows={2}
          defaultValue={value("revise", "reason")}
          error={errorOf("revise", "reason")}
        />
      </ActionForm>
    ),
  };
  const actions = view.actions.filter(isAction);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Breadcrumbs items={[{ text: t("queue.title"), href: "/office/petitions" }, { text: view.code }]} />
        {flash ? <NotificationBanner type="success">{t(flash)}</NotificationBanner> : null}
        <ErrorSummary errors={summary} />
        {replied?.conflict === "stale" ? (
          <p className="govuk-body">
            <a className="govuk-link" href={self}>
              {t("item.reload")}
            </a>
          </p>
        ) : null}
        <span className="govuk-caption-l">{view.code}</span>
        <h1 className="govuk-heading-l">{view.title}</h1>
        {view.hiddenAt ? <WarningText>{t("item.hidden", { date: formatTimestamp(view.hiddenAt), reason: view.hiddenReason ?? "" })}</WarningText> : null}
        {view.reassignRequestedAt && view.status === "received" ? (
          <InsetText>{t("item.reassignRequested", { date: formatTimestamp(view.reassignRequestedAt), reason: view.reassignReason ?? "" })}</InsetText>
        ) : null}
        <SummaryList rows={summaryRows(view, t, <DeadlineTag state={deadline} t={t} />)} />

        <h2 className="govuk-heading-m">{t("item.question")}</h2>
        {pre(view.content)}
        {view.proposal ? (
          <>
            <h3 className="govuk-heading-s">{t("item.proposal")}</h3>
            {pre(view.proposal)}
          </>
        ) : null}

        <h2 className="govuk-heading-m">{t("item.contact")}</h2>
        <SummaryList
          rows={[
            { key: t("item.contactName"), value: view.contact.name },
            { key: t("item.contactAddress"), value: view.contact.address },
            { key: t("item.contactPhone"), value: view.contact.phone ?? "—" },
            { key: t("item.contactEmail"), value: view.contact.email ?? "—" },
            { key: t("item.publishConsent"), value: t(view.publishConsent ? "item.yes" : "item.no") },
            { key: t("item.showName"), value: t(view.showName ? "item.yes" : "item.no") },
          ]}
        />

        {view.files.length > 0 ? (
          <>
            <h2 className="govuk-heading-m">{t("item.files")}</h2>
            <ul className="govuk-list govuk-list--bullet">
              {view.files.map((f) => (
                <li key={f.id}>
                  <a className="govuk-link" href={`/office/petitions/${encodeURIComponent(view.code)}/files/${f.id}`} download>
                    {f.name}
                  </a>{" "}
                  ({formatFileSize(f.sizeBytes, lang)})
                </li>
              ))}
            </ul>
          </>
        ) : null}

        {view.draft ? (
          <section aria-labelledby="draft-heading">
            <h2 className="govuk-heading-m" id="draft-heading">
              {t("item.draft")}
            </h2>
            <p className="govuk-body-s">{t("item.draftedAt", { date: formatTimestamp(view.draft.draftedAt) })}</p>
            {pre(view.draft.body)}
            {view.draft.decision ? (
              <InsetText>
                {t(`item.decision.${view.draft.decision}`)}
                {view.draft.decisionNote ? <> {t("item.decisionNote", { note: view.draft.decisionNote })}</> : null}
              </InsetText>
            ) : (
              <p className="govuk-body">{t("item.awaitingDecision")}</p>
            )}
          </section>
        ) : null}

        {view.answer ? (
          <>
            <h2 className="govuk-heading-m">{t("item.answer")}</h2>
            {pre(view.answer)}
          </>
        ) : null}

        {view.closeReason ? (
          <>
            <h2 className="govuk-heading-m">{t("item.closed")}</h2>
            <p className="govuk-body">{t(`closeReasons.${view.closeReason}`)}</p>
            {view.duplicateOf ? <p className="govuk-body">{t("item.duplicateOf", { code: view.duplicateOf })}</p> : null}
            {view.closeText ? pre(view.closeText) : null}
          </>
        ) : null}

        {view.rating ? <p className="govuk-body">{t(`item.rating.${view.rating}`, { reason: view.ratingReason ?? "" })}</p> : null}

        <section aria-labelledby="actions-heading" id="actions">
          <h2 className="govuk-heading-m" id="actions-heading">
            {t("item.actions")}
          </h2>
          {actions.length === 0 ? <p className="govuk-body">{t("item.noActions")}</p> : actions.map((a) => <div key={a}>{forms[a]()}</div>)}
        </section>

        <h2 className="govuk-heading-m">{t("item.history")}</h2>
        <Table
          caption={<span className="govuk-visually-hidden">{t("item.history")}</span>}
          head={[{ text: t("item.historyAt") }, { text: t("item.historyWhat") }, { text: t("item.historyWho") }]}
          rows={view.history.map((e) => [
            { text: formatTimestamp(e.at) },
            {
              text: (
                <>
                  {t(`history.${e.action}`, { defaultValue: e.action })}
                  {e.note ? <div className="govuk-body-s app-prewrap">{e.note}</div> : null}
                </>
              ),
            },
            { text: e.actorName ?? t("item.system") },
          ])}
        />
        <p className="govuk-body">
          <Link className="govuk-link" to="/office/petitions">
            {t("item.back")}
          </Link>
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
