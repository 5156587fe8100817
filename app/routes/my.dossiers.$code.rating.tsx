import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { normaliseDossierCode } from "~/domain/dossiers/dossiers";
import { parseRatingForm, ratingFormValues } from "~/domain/ratings/ratings.schema";
import { rateDossier, ratingPage } from "~/domain/ratings/ratings.server";
import { requirePermission } from "~/platform/auth.server";
import { i18nServer } from "~/platform/i18n.server";
import { ratingDeps } from "~/platform/rating-services.server";
import { BackLink } from "~/ui/back-link";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";
import { RatingPageBody, type RatingFormError, type RatingFormValues } from "~/ui/rating-form";

// Rating a returned dossier on the portal (issue 10, item 1): its owner (or a representative of the organisation it
// belongs to) rates it, and may change the rating within RATING_EDIT_HOURS. A plain POST; after it, the page again
// with what was recorded (and the feedback case's code for "không hài lòng").

export const handle = { i18n: ["ratings", "dossiers"] };

function notFound(): never {
  throw data({ reason: "notFound" }, { status: 404 });
}

async function citizen(request: Request, context: LoaderFunctionArgs["context"], permission: "read:dossier:own" | "update:dossier:own") {
  const actor = await requirePermission(request, context, permission);
  if (actor.kind !== "citizen") throw redirect("/account");
  return actor;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await citizen(request, context, "read:dossier:own");
  const code = normaliseDossierCode(params.code ?? "") ?? notFound();
  const page = (await ratingPage(context.db, { channel: "portal", actor, code })) ?? notFound();
  const t = await i18nServer.getFixedT(request, "ratings");
  const done = new URL(request.url).searchParams.get("done");
  return { title: t("title"), page, done: done === "rated" || done === "changed" ? done : null };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

type Reply = { errors: RatingFormError[]; values: RatingFormValues };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await citizen(request, context, "update:dossier:own");
  const code = normaliseDossierCode(params.code ?? "") ?? notFound();
  const form = await request.formData();
  const values = ratingFormValues(form) as RatingFormValues;
  const parsed = parseRatingForm(form);
  if (!parsed.ok) return data<Reply>({ errors: parsed.errors, values }, { status: 400 });
  const result = await rateDossier(context.db, await ratingDeps(context), { target: { channel: "portal", actor, code }, rating: parsed.input, ip: context.clientIp, requestId: context.requestId });
  if (!result.ok) {
    if (result.status === 404) notFound();
    return data<Reply>({ errors: result.errors, values }, { status: result.status });
  }
  throw redirect(`/my/dossiers/${encodeURIComponent(code)}/rating?done=${result.created ? "rated" : "changed"}`);
}

export default function MyDossierRating() {
  const { title, page, done } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t } = useTranslation("ratings");
  const errors = reply?.errors ?? [];
  const dossierPage = `/my/dossiers/${encodeURIComponent(page.code)}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href={dossierPage}>{t("back", { code: page.code })}</BackLink>
        <RatingPageBody title={title} page={page} done={done} errors={errors} values={reply?.values} />
        <p className="govuk-body">
          <Link className="govuk-link" to={dossierPage}>
            {t("back", { code: page.code })}
          </Link>
        </p>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
