import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { can } from "~/domain/access/permissions";
import { officeQueue, type QueueItem } from "~/domain/petitions/petitions-office.server";
import { formatTimestamp } from "~/domain/shared/format";
import { i18nServer } from "~/platform/i18n.server";
import { petitionSettings } from "~/platform/petition-services.server";
import { takeFlash } from "./admin/flash.server";
import { requirePetitionOfficial } from "./office/petition.server";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { NotificationBanner } from "~/ui/notification-banner";
import { pageTitle } from "~/ui/page-title";
import { Table } from "~/ui/table";
import { Tag } from "~/ui/tag";
import { DeadlineTag, petitionPath } from "./office/petition-ui";

// "Phản ánh, kiến nghị" in the back office (issue 8): the routing officer's new items and those sent back for
// reassignment, with the forwarding due date; the agency's items in progress (forwarded, drafted) with the answer due
// date — a drafted item is what the leader must approve. Oldest due first, tagged overdue or due soon.

export const handle = { i18n: ["petitions-office"] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePetitionOfficial(request, context);
  const [queue, t] = await Promise.all([
    officeQueue(context.db, petitionSettings(context), actor, new Date()),
    i18nServer.getFixedT(request, "petitions-office"),
  ]);
  const { flash, headers } = await takeFlash(request, context);
  return data({ title: t("queue.title"), queue, flash, dossiers: can(actor, "read:dossier:agency") }, { headers });
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

function rows(items: QueueItem[], t: TFunction, routing: boolean) {
  return items.map((r) => [
    {
      text: (
        <Link className="govuk-link" to={petitionPath(r.code)}>
          {r.code}
        </Link>
      ),
    },
    { text: r.title },
    { text: routing ? t(`kind.${r.kind}`) : r.agency ?? "—" },
    {
      text: (
        <>
          {t(`status.${r.status}`)}
          {r.reassignRequested && r.status === "received" ? (
            <>
              {" "}
              <Tag colour="purple">{t("queue.reassign")}</Tag>
            </>
          ) : null}
          {r.status === "drafted" ? (
            <>
              {" "}
              <Tag colour="turquoise">{t("queue.toApprove")}</Tag>
            </>
          ) : null}
        </>
      ),
    },
    { text: r.dueAt ? formatTimestamp(r.dueAt) : "—" },
    { text: <DeadlineTag state={r.deadline} t={t} /> },
  ]);
}

export default function PetitionQueue() {
  const { title, queue, flash, dossiers } = useLoaderData<typeof loader>();
  const { t } = useTranslation("petitions-office");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        {flash ? <NotificationBanner type="success">{t(flash)}</NotificationBanner> : null}
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{t("queue.intro")}</p>
        <ul className="govuk-list">
          {queue.router ? (
            <li>
              <Link className="govuk-link" to="/office/petitions/rules">
                {t("queue.rulesLink")}
              </Link>
            </li>
          ) : null}
          {dossiers ? (
            <li>
              <Link className="govuk-link" to="/office">
                {t("queue.dossiersLink")}
              </Link>
            </li>
          ) : null}
        </ul>
        {queue.router ? (
          <section aria-labelledby="routing-heading">
            <h2 className="govuk-heading-m" id="routing-heading">
              {t("queue.routing.heading")}
            </h2>
            {queue.routing.length === 0 ? (
              <p className="govuk-body">{t("queue.routing.none")}</p>
            ) : (
              <Table
                caption={<span className="govuk-visually-hidden">{t("queue.routing.heading")}</span>}
                head={[
                  { text: t("columns.code") },
                  { text: t("columns.title") },
                  { text: t("columns.kind") },
                  { text: t("columns.status") },
                  { text: t("columns.forwardDue") },
                  { text: t("columns.deadline") },
                ]}
                rows={rows(queue.routing, t, true)}
              />
            )}
          </section>
        ) : null}
        <section aria-labelledby="agency-heading">
          <h2 className="govuk-heading-m" id="agency-heading">
            {t("queue.agency.heading")}
          </h2>
          {queue.agency.length === 0 ? (
            <p className="govuk-body">{t("queue.agency.none")}</p>
          ) : (
            <Table
              caption={<span className="govuk-visually-hidden">{t("queue.agency.heading")}</span>}
              head={[
                { text: t("columns.code") },
                { text: t("columns.title") },
                { text: t("columns.agency") },
                { text: t("columns.status") },
                { text: t("columns.answerDue") },
                { text: t("columns.deadline") },
              ]}
              rows={rows(queue.agency, t, false)}
            />
          )}
        </section>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
