import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { readRatingLinkToken } from "~/domain/ratings/rating-link.server";
import { parseRatingForm, ratingFormValues } from "~/domain/ratings/ratings.schema";
import { rateDossier, ratingPage } from "~/domain/ratings/ratings.server";
import { i18nServer } from "~/platform/i18n.server";
import { ratingDeps, ratingLinkKeys } from "~/platform/rating-services.server";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";
import { RatingPageBody, type RatingFormError, type RatingFormValues } from "~/ui/rating-form";

// The rating link of the result-returned notification (issue 10, item 1): /rate/<token>, no sign-in. The token names
// the dossier and expires (app/domain/ratings/rating-link.server.ts); the page shows the dossier's code and procedure
// only (whoever holds the link sees nothing else), the form, and the rating once given.

export const handle = { i18n: ["ratings"] };

type LinkState = { ok: true; dossierId: string } | { ok: false; reason: "invalid" | "expired" };

function check(context: LoaderFunctionArgs["context"], token: string | undefined): LinkState {
  const result = readRatingLinkToken(ratingLinkKeys(context.secretKey).verify, token ?? "", new Date());
  if (result.ok) return { ok: true, dossierId: result.dossierId };
  return { ok: false, reason: result.reason === "expired" ? "expired" : "invalid" };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const t = await i18nServer.getFixedT(request, "ratings");
  const link = check(context, params.token);
  if (!link.ok) throw data({ title: t(`link.${link.reason}Title`), reason: link.reason }, { status: link.reason === "expired" ? 410 : 404 });
  const page = await ratingPage(context.db, { channel: "link", dossierId: link.dossierId });
  if (!page) throw data({ title: t("link.invalidTitle"), reason: "invalid" }, { status: 404 });
  const done = new URL(request.url).searchParams.get("done");
  return { title: t("title"), page: { code: page.code, procedureName: page.procedureName, rateable: page.rateable, rating: page.rating }, done: done === "rated" || done === "changed" ? done : null };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

type Reply = { errors: RatingFormError[]; values: RatingFormValues };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const link = check(context, params.token);
  if (!link.ok) return data<Reply>({ errors: [{ field: "form", message: link.reason === "expired" ? "ratings:errors.linkExpired" : "ratings:errors.link" }], values: {} }, { status: link.reason === "expired" ? 410 : 404 });
  const form = await request.formData();
  const values = ratingFormValues(form) as RatingFormValues;
  const parsed = parseRatingForm(form);
  if (!parsed.ok) return data<Reply>({ errors: parsed.errors, values }, { status: 400 });
  const result = await rateDossier(context.db, await ratingDeps(context), { target: { channel: "link", dossierId: link.dossierId }, rating: parsed.input, ip: context.clientIp, requestId: context.requestId });
  if (!result.ok) return data<Reply>({ errors: result.errors, values }, { status: result.status });
  throw redirect(`/rate/${encodeURIComponent(params.token ?? "")}?done=${result.created ? "rated" : "changed"}`);
}

export default function RateByLink() {
  const { title, page, done } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errors = reply?.errors ?? [];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <RatingPageBody title={title} page={page} done={done} errors={errors} values={reply?.values} />
      </div>
    </div>
  );
}

/** A link that is not right or has expired says so (and where else to rate); anything else is the general page. */
export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation("ratings");
  const reason = isRouteErrorResponse(error) ? (error.data as { reason?: unknown } | null)?.reason : null;
  if (reason !== "invalid" && reason !== "expired") return <GeneralErrorBoundary />;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{t(`link.${reason}Title`)}</h1>
        <p className="govuk-body">{t(`link.${reason}`)}</p>
      </div>
    </div>
  );
}
