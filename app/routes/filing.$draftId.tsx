import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { TaskStatus } from "~/domain/filing/filing";
import { i18nServer } from "~/platform/i18n.server";
import { useFormText } from "~/ui/dynamic-form";
import { pageTitle } from "~/ui/page-title";
import { Tag } from "~/ui/tag";
import { TaskList } from "~/ui/task-list";
import { draftHeader, requireDraft } from "./filing/draft.server";
import { FILING_NAMESPACES, FilingErrorBoundary, FilingLayout } from "./filing/shared";

// The task list of a draft: every step with its status, in order; steps that cannot start yet have no link.

export const handle = { i18n: FILING_NAMESPACES };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { draft } = await requireDraft(request, context, params.draftId);
  const t = await i18nServer.getFixedT(request, "filing");
  const done = draft.tasks.filter((task) => task.status === "completed").length;
  return { title: t("tasks.title"), header: draftHeader(draft), tasks: draft.tasks, texts: draft.form.texts, done, total: draft.tasks.length - 1 };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

const STATUS_TAG: Record<Exclude<TaskStatus, "completed" | "cannotStart">, "blue" | "light-blue"> = { inProgress: "light-blue", notStarted: "blue" };

export default function TaskListPage() {
  const { title, header, tasks, texts, done, total } = useLoaderData<typeof loader>();
  const { t } = useTranslation("filing");
  const text = useFormText(texts);
  return (
    <FilingLayout header={header} title={title} back={false}>
      <p className="govuk-body">{t("tasks.agency", { name: header.agencyName })}</p>
      <p className="govuk-body">{t("tasks.progress", { done, total })}</p>
      <TaskList
        idPrefix="task"
        items={tasks.map((task) => ({
          title: task.titleKey ? text(task.titleKey) : t(`tasks.step.${task.key}`),
          href: task.status === "cannotStart" ? undefined : `/filing/${header.id}/${task.path}`,
          status:
            task.status === "completed" ? (
              t("tasks.status.completed")
            ) : task.status === "cannotStart" ? (
              t("tasks.status.cannotStart")
            ) : (
              <Tag colour={STATUS_TAG[task.status]}>{t(`tasks.status.${task.status}`)}</Tag>
            ),
          statusMuted: task.status === "cannotStart",
        }))}
      />
      <p className="govuk-body">
        <a className="govuk-link" href="/my/drafts">
          {t("tasks.later")}
        </a>
      </p>
    </FilingLayout>
  );
}

export const ErrorBoundary = FilingErrorBoundary;
