import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { createProcedureDraft, listCatalogFields, listProceduresForAdmin } from "~/domain/procedures/drafts.server";
import { issuesByPath } from "~/domain/procedures/drafts";
import { todayInVietnam } from "~/domain/shared/format";
import { requireCatalogAdmin } from "~/routes/admin/catalog.server";
import { Button } from "~/ui/button";
import { pageTitle } from "~/ui/page-title";
import { Select } from "~/ui/select";
import { Table } from "~/ui/table";
import { Tag } from "~/ui/tag";
import { TextInput } from "~/ui/text-input";
import { adminTitle, refused } from "./admin/draft.server";
import { draftUrl } from "./admin/urls";
import { ADMIN_NAMESPACES, AdminErrorBoundary, IssueSummary, SignOutButton, useIssueText } from "./admin/shared";

export const handle = { i18n: ADMIN_NAMESPACES };

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireCatalogAdmin(request, context);
  const [rows, fields] = await Promise.all([listProceduresForAdmin(context.db, todayInVietnam()), listCatalogFields(context.db)]);
  return { title: await adminTitle(request, "list.title"), rows, fields };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

const newProcedureSchema = z.object({
  code: z.string().trim().max(20).default(""),
  name: z.string().max(1000).default(""),
  field: z.string().max(60).default(""),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const { actorId } = await requireCatalogAdmin(request, context);
  const form = newProcedureSchema.parse(Object.fromEntries(await request.formData()));
  const result = await createProcedureDraft(context.db, { ...form, actorId, today: todayInVietnam() });
  if (!result.ok) return refused(result.issues, form);
  return redirect(draftUrl(result.draftId));
}

const LEVEL_COLOUR = { FULL: "green", PARTIAL: "blue", INFO: "grey" } as const;
const idOf = (path: string) => `new-${path || "code"}`;

export default function CatalogAdmin() {
  const { rows, fields } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation(["admin", "procedures"]);
  const issueText = useIssueText();
  const errors = issuesByPath(result?.issues ?? []);
  return (
    <>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {result?.issues.length ? <IssueSummary issues={result.issues} idOf={idOf} /> : null}
          <span className="govuk-caption-l">{t("caption")}</span>
          <h1 className="govuk-heading-l">{t("list.title")}</h1>
        </div>
        <div className="govuk-grid-column-one-third">
          <SignOutButton />
        </div>
      </div>
      <Table
        caption={t("list.count", { count: rows.length })}
        captionSize="m"
        head={[{ text: t("list.code") }, { text: t("list.name") }, { text: t("list.version"), format: "numeric" }, { text: t("list.online") }, { text: t("list.draft") }]}
        rows={rows.map((r) => [
          {
            text: (
              <Link className="govuk-link" to={`/admin/catalog/${r.code}`}>
                {r.code}
              </Link>
            ),
          },
          { text: r.current?.name ?? r.draft?.name ?? "" },
          { text: r.current ? String(r.current.version) : t("list.noPublished"), format: "numeric" as const },
          { text: r.current ? <Tag colour={LEVEL_COLOUR[r.current.onlineLevel]}>{t(`procedures:online.${r.current.onlineLevel}`)}</Tag> : "" },
          {
            text: r.draft ? (
              <Link className="govuk-link" to={draftUrl(r.draft.id)}>
                {t("list.draftVersion", { version: r.draft.version })}
              </Link>
            ) : (
              t("list.none")
            ),
          },
        ])}
      />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m">{t("new.title")}</h2>
          <Form method="post" noValidate>
            <TextInput
              id="new-code"
              name="code"
              label={t("new.code")}
              hint={t("new.codeHint")}
              width="10"
              defaultValue={result?.values?.code}
              error={issueText(errors.code)}
            />
            <TextInput id="new-name" name="name" label={t("new.name")} defaultValue={result?.values?.name} error={issueText(errors.name)} />
            <Select
              id="new-field"
              name="field"
              label={t("new.field")}
              options={fields.map((f) => ({ value: f.code, text: f.name }))}
              defaultValue={result?.values?.field}
              error={issueText(errors.field)}
            />
            <Button type="submit">{t("new.submit")}</Button>
          </Form>
        </div>
      </div>
    </>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
