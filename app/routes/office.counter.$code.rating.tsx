import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { normaliseDossierCode } from "~/domain/dossiers/dossiers";
import { parseRatingForm, ratingFormValues } from "~/domain/ratings/ratings.schema";
import { rateDossier, ratingPage } from "~/domain/ratings/ratings.server";
import { requirePermission } from "~/platform/auth.server";
import { i18nServer } from "~/platform/i18n.server";
import { ratingDeps } from "~/platform/rating-services.server";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";
import { Panel } from "~/ui/panel";
import { KioskRatingForm, RatingErrorSummary, type RatingFormError, type RatingFormValues } from "~/ui/rating-form";

// The counter's kiosk (issue 10, item 1): once the receiving officer has returned the result at the counter, the
// counter's tablet, still under the officer's session (return:dossier:agency, for a dossier of their agencies), shows
// this page alone (no header, menus or footer; root.tsx, handle.chrome) for the applicant to rate: the dossier's code
// and procedure and nothing else personal, three large buttons, the reason for "không hài lòng". Then a thank-you
// and, for the officer, the way back to the dossier.

export const handle = { i18n: ["ratings"], chrome: "kiosk" };

function notFound(): never {
  throw data({ reason: "notFound" }, { status: 404 });
}

async function officer(request: Request, context: LoaderFunctionArgs["context"]) {
  const actor = await requirePermission(request, context, "return:dossier:agency");
  if (actor.kind !== "official") throw data({ reason: "forbidden" }, { status: 403 });
  return actor;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await officer(request, context);
  const code = normaliseDossierCode(params.code ?? "") ?? notFound();
  const page = (await ratingPage(context.db, { channel: "kiosk", actor, code })) ?? notFound();
  const t = await i18nServer.getFixedT(request, "ratings");
  const done = new URL(request.url).searchParams.get("done") === "1";
  return { title: t("title"), page: { code: page.code, procedureName: page.procedureName, rateable: page.rateable, level: page.rating?.level ?? null, editable: page.rating?.editable ?? true }, done };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

type Reply = { errors: RatingFormError[]; values: RatingFormValues };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await officer(request, context);
  const code = normaliseDossierCode(params.code ?? "") ?? notFound();
  const form = await request.formData();
  const values = ratingFormValues(form) as RatingFormValues;
  const parsed = parseRatingForm(form);
  if (!parsed.ok) return data<Reply>({ errors: parsed.errors, values }, { status: 400 });
  const result = await rateDossier(context.db, await ratingDeps(context), { target: { channel: "kiosk", actor, code }, rating: parsed.input, ip: context.clientIp, requestId: context.requestId });
  if (!result.ok) {
    if (result.status === 404) notFound();
    return data<Reply>({ errors: result.errors, values }, { status: result.status });
  }
  throw redirect(`/office/counter/${encodeURIComponent(code)}/rating?done=1`);
}

export default function KioskRating() {
  const { title, page, done } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t } = useTranslation("ratings");
  const errors = reply?.errors ?? [];
  const back = (
    <p className="govuk-body govuk-!-margin-top-9">
      <Link className="govuk-link" to={`/office/dossiers/${encodeURIComponent(page.code)}`}>
        {t("kiosk.back")}
      </Link>
    </p>
  );
  if (done) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <Panel title={t("kiosk.thanks")} headingLevel={1}>
            {t("caption", { code: page.code })}
          </Panel>
          <p className="govuk-body-l">{t("kiosk.thanksNext")}</p>
          {back}
        </div>
      </div>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <RatingErrorSummary errors={errors} />
        <span className="govuk-caption-xl">{t("caption", { code: page.code })}</span>
        <h1 className="govuk-heading-xl">{title}</h1>
        <p className="govuk-body-l">{page.procedureName}</p>
        {!page.rateable ? (
          <p className="govuk-body-l">{t("errors.notRateable")}.</p>
        ) : page.level && !page.editable ? (
          <p className="govuk-body-l">{t("kiosk.already", { level: t(`levels.${page.level}`) })}</p>
        ) : (
          <>
            {page.level ? <p className="govuk-body-l">{t("kiosk.already", { level: t(`levels.${page.level}`) })}</p> : null}
            <KioskRatingForm errors={errors} values={reply?.values ?? {}} />
          </>
        )}
        {back}
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
