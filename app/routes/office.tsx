import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can } from "~/domain/access/permissions";
import { STATUS_CODES } from "~/domain/dossiers/dossiers";
import { CHANNELS, COUNT_CAP, QUEUE_PAGE_SIZE, QUEUE_TABS, parseQueueFilter, parseSelection, selectionValue, type QueueFlag, type QueueTab } from "~/domain/dossiers/queue";
import { receivingAgencies } from "~/domain/dossiers/counter.server";
import { assignDossiers, officeQueue, type AssignRefusal } from "~/domain/dossiers/queue.server";
import { markOfficialNotificationsRead, officialNotifications } from "~/domain/dossiers/notices.server";
import { formatTimestamp } from "~/domain/shared/format";
import { requirePermission } from "~/platform/auth.server";
import { i18nServer } from "~/platform/i18n.server";
import { Button } from "~/ui/button";
import { StatusTag } from "~/ui/dossier-timeline";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { NotificationBanner } from "~/ui/notification-banner";
import { pageTitle } from "~/ui/page-title";
import { Pagination } from "~/ui/pagination";
import { Select } from "~/ui/select";
import { SubNavigation } from "~/ui/sub-navigation";
import { Table } from "~/ui/table";
import { Tag, type TagColour } from "~/ui/tag";
import { TextInput } from "~/ui/text-input";

// "Hồ sơ cần xử lý" (issue 6): the official's queue in four tabs with filters (a GET form kept in the address), and
// one POST form around the list: "Nhận xử lý" and "Giao cho" on a row (the button says which), or the ticked rows
// given to one official. Each dossier is given in its own transaction with the version the page showed.

export const handle = { i18n: ["office", "dossiers"] };
const READ = "read:dossier:agency" as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, context, READ);
  const parsed = parseQueueFilter(new URL(request.url).searchParams);
  const result = await officeQueue(context.db, { actor, filter: parsed.filter, now: new Date() });
  if (!result.ok) throw data({ reason: "forbidden" }, { status: 403 });
  const t = await i18nServer.getFixedT(request, "office");
  // The sweep's warnings to this official (a step due within 24 h or overdue, an apology letter to send).
  const alerts = actor.kind === "official" ? (await officialNotifications(context.db, actor.userId, 5)).filter((a) => a.unread) : [];
  // A receiving officer also files walk-in citizens' dossiers: the counter is one link away.
  const counter = receivingAgencies(actor).length > 0;
  return { title: t("title"), view: result.view, values: parsed.values, filterErrors: parsed.errors, me: actor.kind === "official" ? actor.userId : "", alerts, counter, petitions: can(actor, "read:petition:agency"), payments: can(actor, "read:payment:agency"), live: can(actor, "read:statistics:agency"), now: Date.now() };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

type Problem = { href: string; key: string; code?: string | null };
type ActionResult = { done: { kind: "claimed" | "assigned"; codes: string[] } | null; problems: Problem[] };

const UUID = /^[0-9a-f-]{36}$/i;
const refusalKey = (reason: AssignRefusal, code: string | null) => (reason === "notInQueue" && !code ? "office:refused.notInQueueUnknown" : `office:refused.${reason}`);

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(request, context, READ);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "").slice(0, 100);
  const me = actor.kind === "official" ? actor.userId : "";
  if (intent === "alertsRead") {
    if (actor.kind === "official") await markOfficialNotificationsRead(context.db, actor.userId, new Date());
    return data<ActionResult>({ done: null, problems: [] });
  }
  let items: { id: string; version: number }[] = [];
  let assigneeId = "";
  const bad = (problem: Problem) => data<ActionResult>({ done: null, problems: [problem] }, { status: 400 });
  if (intent === "bulk") {
    items = form
      .getAll("selected")
      .slice(0, QUEUE_PAGE_SIZE * 5)
      .map((v) => parseSelection(String(v)))
      .filter((x): x is { id: string; version: number } => x !== null);
    assigneeId = String(form.get("bulkAssignee") ?? "");
    if (items.length === 0) return bad({ href: "#select-0", key: "office:errors.noneSelected" });
    if (!UUID.test(assigneeId)) return bad({ href: "#bulkAssignee", key: "office:errors.assigneeRequired" });
  } else {
    const m = /^(claim|assign):(.+)$/.exec(intent);
    const selection = m ? parseSelection(m[2]!) : null;
    if (!m || !selection) return bad({ href: "#queue", key: "office:errors.badRequest" });
    items = [selection];
    assigneeId = m[1] === "claim" ? me : String(form.get(`to-${selection.id}`) ?? "");
    if (!UUID.test(assigneeId)) return bad({ href: `#to-${selection.id}`, key: "office:errors.assigneeRequired" });
  }
  const outcome = await assignDossiers(context.db, { actor, items, assigneeId: assigneeId.toLowerCase(), now: new Date(), ip: context.clientIp });
  if (!outcome.ok) throw data({ reason: "forbidden" }, { status: 403 });
  const { assigned, refused } = outcome.result;
  const result: ActionResult = {
    done: assigned.length ? { kind: assigneeId.toLowerCase() === me ? "claimed" : "assigned", codes: assigned.map((a) => a.code) } : null,
    problems: refused.map((r) => ({ href: "#queue", key: refusalKey(r.reason, r.code), code: r.code })),
  };
  // Something was not given (out of date, no longer waiting for this official, a colleague without the role): 409.
  return data(result, { status: refused.length ? 409 : 200 });
}

const FLAG_COLOURS: Record<QueueFlag, TagColour> = { overdue: "red", dueSoon: "yellow", paused: "grey" };

export default function Office() {
  const { title, view, values, filterErrors, me, alerts, counter, petitions, payments, live } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation(["office", "dossiers"]);
  const filterParams = Object.fromEntries(Object.entries({ ...values, tab: "" }).filter(([, v]) => v));
  const href = (tab: QueueTab, page = 1) => `/office?${new URLSearchParams({ ...(tab === "waiting" ? {} : { tab }), ...filterParams, ...(page > 1 ? { page: String(page) } : {}) }).toString()}`;
  const filtered = Object.values(filterParams).some(Boolean);
  const count = view.total;
  const totalPages = count.capped ? Math.max(Math.ceil(COUNT_CAP / QUEUE_PAGE_SIZE), view.page + (view.hasNext ? 1 : 0)) : Math.max(1, Math.ceil(count.n / QUEUE_PAGE_SIZE));
  const errors = [
    ...(Object.entries(filterErrors) as [string, string][]).map(([field, key]) => ({ href: `#${field}`, text: t(key) })),
    ...(result?.problems ?? []).map((p) => ({ href: p.href, text: t(p.key, { code: p.code ?? "" }) })),
  ];
  const anyAssignable = view.rows.some((r) => r.claimable || r.assignable.length > 0);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        {result?.done ? (
          <NotificationBanner type="success">{t(`done.${result.done.kind}`, { count: result.done.codes.length, codes: result.done.codes.join(", ") })}</NotificationBanner>
        ) : null}
        <ErrorSummary errors={errors} title={result?.problems.length ? t("refusedTitle") : undefined} />
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{t("intro")}</p>
        {counter ? (
          <p className="govuk-body">
            <Link className="govuk-link" to="/office/counter">
              {t("counterLink")}
            </Link>
          </p>
        ) : null}
        {petitions ? (
          <p className="govuk-body">
            <Link className="govuk-link" to="/office/petitions">
              {t("petitionsLink")}
            </Link>
          </p>
        ) : null}
        {payments ? (
          <p className="govuk-body">
            <Link className="govuk-link" to="/office/payments">
              {t("paymentsLink")}
            </Link>
          </p>
        ) : null}
        {live ? (
          <p className="govuk-body">
            <Link className="govuk-link" to="/office/live">
              {t("liveLink")}
            </Link>
          </p>
        ) : null}
        {alerts.length > 0 ? (
          <section className="app-office-alerts" aria-labelledby="alerts-heading">
            <h2 className="govuk-heading-m" id="alerts-heading">
              {t("alerts.heading")}
            </h2>
            <ul className="govuk-list govuk-list--bullet">
              {alerts.map((a) => (
                <li key={a.id}>
                  {a.code ? (
                    <Link className="govuk-link" to={`/office/dossiers/${encodeURIComponent(a.code)}`}>
                      {t(`dossiers:notifications.kinds.${a.kind}`, { code: a.code })}
                    </Link>
                  ) : (
                    t(`dossiers:notifications.kinds.${a.kind}`, { code: "" })
                  )}{" "}
                  <span className="govuk-body-s">({formatTimestamp(a.createdAt)})</span>
                </li>
              ))}
            </ul>
            <Form method="post">
              <input type="hidden" name="intent" value="alertsRead" />
              <Button type="submit" variant="secondary">
                {t("alerts.markRead")}
              </Button>
            </Form>
          </section>
        ) : null}
        <SubNavigation
          label={t("tabsLabel")}
          items={QUEUE_TABS.map((tab) => {
            const label = t(`tabs.${tab}`);
            const c = view.counts[tab];
            return { href: href(tab), text: c.capped ? t("tabCountCapped", { label }) : t("tabCount", { label, n: c.n }), current: tab === view.tab ? ("page" as const) : undefined };
          })}
        />
        <Form method="get" className="app-filter-row" aria-label={t("filter.label")}>
          {view.tab === "waiting" ? null : <input type="hidden" name="tab" value={view.tab} />}
          <TextInput id="q" name="q" label={t("filter.q")} labelSize="s" hint={t("filter.qHint")} width="20" defaultValue={values.q} spellCheck={false} />
          <TextInput id="procedure" name="procedure" label={t("filter.procedure")} labelSize="s" hint={t("filter.procedureHint")} width="10" defaultValue={values.procedure} spellCheck={false} />
          <Select
            id="status"
            name="status"
            label={t("filter.status")}
            labelSize="s"
            defaultValue={values.status}
            options={[{ value: "", text: t("filter.anyStatus") }, ...STATUS_CODES.map((s) => ({ value: String(s), text: t(`dossiers:status.${s}`) }))]}
          />
          <Select
            id="channel"
            name="channel"
            label={t("filter.channel")}
            labelSize="s"
            defaultValue={values.channel}
            options={[{ value: "", text: t("filter.anyChannel") }, ...CHANNELS.map((c) => ({ value: c, text: t(`channels.${c}`) }))]}
          />
          <TextInput id="from" name="from" label={t("filter.from")} labelSize="s" hint={t("filter.dateHint")} width="10" inputMode="numeric" defaultValue={values.from} error={filterErrors.from ? t(filterErrors.from) : undefined} />
          <TextInput id="to" name="to" label={t("filter.to")} labelSize="s" hint={t("filter.dateHint")} width="10" inputMode="numeric" defaultValue={values.to} error={filterErrors.to ? t(filterErrors.to) : undefined} />
          <div className="app-filter-row__buttons">
            <Button type="submit" variant="secondary">
              {t("filter.submit")}
            </Button>
            {filtered ? (
              <p className="govuk-body">
                <Link className="govuk-link" to={href(view.tab)}>
                  {t("filter.clear")}
                </Link>
              </p>
            ) : null}
          </div>
        </Form>
        <p className="govuk-body" role="status">
          {count.capped ? t("countCapped") : t("count", { count: count.n })}
        </p>
        {view.rows.length === 0 ? (
          <p className="govuk-body">{filtered ? t("noneFiltered") : t("none")}</p>
        ) : (
          <Form method="post" id="queue">
            <Table
              caption={t("caption")}
              captionSize="m"
              className="app-queue"
              head={[
                { text: <span className="govuk-visually-hidden">{t("columns.select")}</span> },
                { text: t("columns.code") },
                { text: t("columns.procedure") },
                { text: t("columns.applicant") },
                { text: t("columns.status") },
                { text: t("columns.stepDue") },
                { text: t("columns.flags") },
                { text: t("columns.assignee") },
                { text: t("columns.actions") },
              ]}
              rows={view.rows.map((r, i) => [
                {
                  text:
                    r.claimable || r.assignable.length > 0 ? (
                      <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                        <div className="govuk-checkboxes__item">
                          <input className="govuk-checkboxes__input" id={`select-${i}`} type="checkbox" name="selected" value={selectionValue(r.id, r.version)} />
                          <label className="govuk-label govuk-checkboxes__label" htmlFor={`select-${i}`}>
                            <span className="govuk-visually-hidden">{t("selectRow", { code: r.code })}</span>
                          </label>
                        </div>
                      </div>
                    ) : null,
                },
                {
                  text: (
                    <Link className="govuk-link" to={`/office/dossiers/${encodeURIComponent(r.code)}`}>
                      {r.code}
                    </Link>
                  ),
                },
                { text: r.procedureName },
                { text: r.applicantName },
                { text: <StatusTag status={r.status} t={t} /> },
                { text: r.stepDueAt ? formatTimestamp(r.stepDueAt) : t("noStepDue") },
                {
                  text: r.flags.length ? (
                    <ul className="govuk-list">
                      {r.flags.map((f) => (
                        <li key={f}>
                          <Tag colour={FLAG_COLOURS[f]}>{t(`flags.${f}`)}</Tag>
                        </li>
                      ))}
                    </ul>
                  ) : null,
                },
                { text: r.assignee ? (r.assignee.id === me ? t("bulk.meShort") : r.assignee.fullName) : t("unassigned") },
                {
                  text: (
                    <>
                      {r.claimable ? (
                        <Button type="submit" name="intent" value={`claim:${selectionValue(r.id, r.version)}`} variant="secondary" aria-label={t("claimRow", { code: r.code })}>
                          {t("claim")}
                        </Button>
                      ) : null}
                      {r.assignable.length > 0 ? (
                        <>
                          <Select
                            id={`to-${r.id}`}
                            name={`to-${r.id}`}
                            label={
                              <>
                                {t("assignTo")}
                                <span className="govuk-visually-hidden"> {r.code}</span>
                              </>
                            }
                            labelSize="s"
                            options={[{ value: "", text: t("chooseColleague") }, ...r.assignable.map((c) => ({ value: c.id, text: c.fullName }))]}
                          />
                          <Button type="submit" name="intent" value={`assign:${selectionValue(r.id, r.version)}`} variant="secondary" aria-label={t("assignRow", { code: r.code })}>
                            {t("assign")}
                          </Button>
                        </>
                      ) : null}
                    </>
                  ),
                },
              ])}
            />
            {anyAssignable ? (
              <>
                <h2 className="govuk-heading-m">{t("bulk.heading")}</h2>
                <p className="govuk-body">{t("bulk.hint")}</p>
                <Select
                  id="bulkAssignee"
                  name="bulkAssignee"
                  label={t("bulk.assignee")}
                  options={[
                    { value: "", text: t("chooseColleague") },
                    { value: me, text: t("bulk.meShort") },
                    ...view.colleagues.map((c) => ({ value: c.id, text: t("bulk.colleague", { name: c.fullName, role: t(`roles.${c.role}`), agency: c.agencyName }) })),
                  ]}
                />
                <Button type="submit" name="intent" value="bulk">
                  {t("bulk.submit")}
                </Button>
              </>
            ) : null}
          </Form>
        )}
        <Pagination currentPage={view.page} totalPages={totalPages} hrefForPage={(p) => href(view.tab, p)} label={t("pagination")} />
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
