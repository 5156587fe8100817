import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { DRAFT_PARTS, partOfPath } from "~/domain/procedures/drafts";
import { checkDraft, discardDraft, publishDraft } from "~/domain/procedures/drafts.server";
import { formatDate } from "~/domain/shared/format";
import { Button } from "~/ui/button";
import { NotificationBanner } from "~/ui/notification-banner";
import { pageTitle } from "~/ui/page-title";
import { TaskList } from "~/ui/task-list";
import { Tag } from "~/ui/tag";
import { loadDraft, loadEditableDraft, refused } from "./admin/draft.server";
import { draftUrl } from "./admin/urls";
import { ADMIN_NAMESPACES, AdminErrorBoundary, DraftLayout, IssueSummary, SignOutButton, DraftTokenInput } from "./admin/shared";

export const handle = { i18n: ADMIN_NAMESPACES };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { draft } = await loadDraft(request, context, params.id);
  const { issues } = draft.state === "draft" ? checkDraft(draft.content) : { issues: [] };
  const counts = Object.fromEntries(DRAFT_PARTS.map((p) => [p, issues.filter((i) => partOfPath(i.path) === p).length]));
  return {
    title: draft.content.name || draft.code,
    header: { id: draft.id, code: draft.code, version: draft.version, state: draft.state, token: draft.token, name: draft.content.name },
    validFrom: draft.content.validFrom,
    counts,
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

const intentSchema = z.object({ intent: z.enum(["publish", "discard"]) });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { actorId, draft } = await loadEditableDraft(request, context, params.id);
  const { intent } = intentSchema.parse(Object.fromEntries(await request.formData()));
  if (intent === "discard") {
    await discardDraft(context.db, draft.id, { actorId });
    return redirect("/admin/catalog");
  }
  const result = await publishDraft(context.db, draft.id, { actorId });
  if ("issues" in result) return refused(result.issues);
  return redirect(draftUrl(draft.id));
}

export default function DraftOverview() {
  const { title, header, counts, validFrom } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("admin");
  const editable = header.state === "draft";
  const idOf = (path: string) => `part-${partOfPath(path)}`;
  return (
    <DraftLayout draft={header} title={title} back={{ href: `/admin/catalog/${header.code}`, text: t("draft.backToCatalog") }}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {result?.issues.length ? <IssueSummary issues={result.issues} idOf={idOf} title={t("draft.publish.refused")} showPath /> : null}
          {!editable ? (
            <NotificationBanner type="success">
              <p className="govuk-notification-banner__heading">{t("draft.publish.done", { version: header.version, code: header.code })}</p>
              <p className="govuk-body">
                <Link className="govuk-notification-banner__link" to={`/procedures/${header.code}`}>
                  {t("procedure.public")}
                </Link>
              </p>
            </NotificationBanner>
          ) : null}
          <h2 className="govuk-heading-m">{t("draft.parts")}</h2>
          <TaskList
            idPrefix="part"
            items={[
              ...DRAFT_PARTS.map((part) => {
                const count = counts[part] ?? 0;
                return {
                  title: <span id={`part-${part}`}>{t(`parts.${part}`)}</span>,
                  href: draftUrl(header.id, part),
                  status: !editable ? t("draft.status.view") : count === 0 ? t("draft.status.ok") : <Tag colour="red">{t("draft.status.issues", { count })}</Tag>,
                };
              }),
              { title: t("parts.preview"), href: draftUrl(header.id, "preview"), status: t("draft.status.view") },
            ]}
          />
          {editable ? (
            <>
              <h2 className="govuk-heading-m">{t("draft.publish.title")}</h2>
              <p className="govuk-body">{t("draft.publish.body", { version: header.version, date: /^\d{4}-\d{2}-\d{2}$/.test(validFrom) ? formatDate(validFrom) : validFrom })}</p>
              <Form method="post">
                <DraftTokenInput token={header.token} />
                <Button type="submit" name="intent" value="publish">
                  {t("draft.publish.submit", { version: header.version })}
                </Button>
              </Form>
              <h2 className="govuk-heading-m">{t("draft.discard.title")}</h2>
              <p className="govuk-body">{t("draft.discard.body")}</p>
              <Form method="post">
                <DraftTokenInput token={header.token} />
                <Button type="submit" name="intent" value="discard" variant="warning">
                  {t("draft.discard.submit")}
                </Button>
              </Form>
            </>
          ) : null}
        </div>
        <div className="govuk-grid-column-one-third">
          <SignOutButton />
        </div>
      </div>
    </DraftLayout>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
