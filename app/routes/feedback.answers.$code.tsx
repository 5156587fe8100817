import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { normalizePetitionCode } from "~/domain/petitions/petitions";
import { publicPetition } from "~/domain/petitions/petitions.server";
import { formatDate } from "~/domain/shared/format";
import { i18nServer } from "~/platform/i18n.server";
import { BackLink } from "~/ui/back-link";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";
import type { ScriptsHandle } from "~/ui/page-scripts";
import { SummaryList } from "~/ui/summary-list";
import { Tag } from "~/ui/tag";
import { TypedText } from "./petitions/view";

// A published answer (issue 8): the question as the domain redacted it (names hidden unless the submitter agreed,
// phone and ID numbers masked), the answer, the agency, the dates, whether it was on time, and every edit of the
// published text with its date and reason. Unknown, unpublished and hidden codes are a 404.

export const handle = {
  i18n: ["petitions"],
  hydrate: false,
} satisfies ScriptsHandle & { i18n: string[] };

function notFound(): never {
  throw data({ reason: "notFound" }, { status: 404 });
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const code = normalizePetitionCode(params.code ?? "") ?? notFound();
  const t = await i18nServer.getFixedT(request, "petitions");
  const petition = await publicPetition(context.db, code, t("answer.hiddenName"));
  if (!petition) notFound();
  return { title: petition.title, petition };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export default function Answer() {
  const { petition: p } = useLoaderData<typeof loader>();
  const { t } = useTranslation("petitions");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href="/feedback/answers">{t("answer.back")}</BackLink>
        <span className="govuk-caption-l">
          {p.code} · {t(`kinds.${p.kind}`)}
        </span>
        <h1 className="govuk-heading-l app-prewrap">{p.title}</h1>
        {p.edited.length > 0 ? (
          <p className="govuk-body">
            <Tag colour="grey">{t("answer.edited")}</Tag>
          </p>
        ) : null}
        <SummaryList
          rows={[
            ...(p.agency ? [{ key: t("view.handlingAgency"), value: p.agency }] : []),
            ...(p.procedure
              ? [
                  {
                    key: t("view.procedure"),
                    value: (
                      <Link className="govuk-link" to={`/procedures/${encodeURIComponent(p.procedure.code)}`}>
                        {p.procedure.name}
                      </Link>
                    ),
                  },
                ]
              : []),
            ...(p.field ? [{ key: t("answer.field"), value: p.field }] : []),
            {
              key: t("answer.submitter"),
              value: p.submitterName ?? t("answer.nameHidden"),
            },
            { key: t("view.receivedAt"), value: formatDate(p.receivedAt) },
            ...(p.answerDueAt
              ? [
                  {
                    key: t("view.answerDueAt"),
                    value: formatDate(p.answerDueAt),
                  },
                ]
              : []),
            {
              key: t("view.answeredAt"),
              value: (
                <>
                  {p.answeredAt ? formatDate(p.answeredAt) : t("view.notYet")}{" "}
                  {p.onTime === null ? null : <Tag colour={p.onTime ? "green" : "red"}>{p.onTime ? t("view.onTime") : t("view.late")}</Tag>}
                </>
              ),
            },
          ]}
        />
        <h2 className="govuk-heading-m">{t("answer.question")}</h2>
        <TypedText text={p.content} />
        {p.proposal ? (
          <>
            <h3 className="govuk-heading-s">{t("view.proposal")}</h3>
            <TypedText text={p.proposal} />
          </>
        ) : null}
        <h2 className="govuk-heading-m">{t("answer.answer")}</h2>
        {p.answer ? <TypedText text={p.answer} /> : <p className="govuk-body">{t("view.notYet")}</p>}
        {p.edited.length > 0 ? (
          <section aria-labelledby="edited-heading">
            <h2 className="govuk-heading-m" id="edited-heading">
              {t("answer.edited")}
            </h2>
            <p className="govuk-body">{t("answer.editedIntro")}</p>
            <ul className="govuk-list govuk-list--bullet">
              {p.edited.map((e, i) => (
                <li key={i}>
                  {t("answer.editedItem", {
                    part: t(`answer.parts.${e.part}`),
                    date: formatDate(e.at),
                    reason: e.reason,
                  })}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
