import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { REASON_MAX, STATUS_CHANGE_FROM, type StatusChange } from "~/domain/officials/officials";
import { statusChangeParam, statusChangeSchema } from "~/domain/officials/officials.schema";
import { changeOfficialStatus, officialPage } from "~/domain/officials/officials.server";
import { i18nServer } from "~/platform/i18n.server";
import { AdministrationNav } from "./admin/administration-nav";
import { redirectWithFlash } from "./admin/flash.server";
import { requireOfficialsAdmin } from "./admin/officials.server";
import { BackLink } from "~/ui/back-link";
import { Button, ButtonGroup } from "~/ui/button";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { InsetText } from "~/ui/inset-text";
import { pageTitle } from "~/ui/page-title";
import { Textarea } from "~/ui/textarea";
import { WarningText } from "~/ui/warning-text";

// The confirmation step of a change to an official's status (/admin/officials/:id/disable | enable | revoke): a page
// of its own with the consequences, a required reason (kept in the audit trail) and one button, so that it works
// the same without JavaScript. A change that does not apply (own account, another status) only explains why.

export const handle = { i18n: ["officials"] };

async function prepare(request: Request, context: LoaderFunctionArgs["context"], params: LoaderFunctionArgs["params"]) {
  const actor = await requireOfficialsAdmin(request, context);
  const change = statusChangeParam.safeParse(params.change);
  if (!change.success) throw new Response(null, { status: 404 });
  const result = await officialPage(context.db, { actorUserId: actor.userId, userId: params.id ?? "" });
  if (!result.ok && result.reason === "forbidden") throw data({ reason: "forbidden" }, { status: 403 });
  if (!result.ok) throw new Response(null, { status: 404 });
  return { actor, change: change.data, page: result.page };
}

/** Why the change cannot be made from this page, before anything is typed (the use case checks again). */
function unavailable(change: StatusChange, page: { self: boolean; official: { status: string } }): "self" | "wrongStatus" | null {
  if (page.self) return "self";
  return page.official.status === STATUS_CHANGE_FROM[change] ? null : "wrongStatus";
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { change, page } = await prepare(request, context, params);
  const t = await i18nServer.getFixedT(request, "officials");
  return {
    change,
    official: { id: page.official.id, fullName: page.official.fullName, email: page.official.email, status: page.official.status, enrolled: page.official.enrolled },
    unavailable: unavailable(change, page),
    title: t(`change.${change}.title`, { name: page.official.fullName }),
  };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { actor, change, page } = await prepare(request, context, params);
  const form = await request.formData();
  const reason = String(form.get("reason") ?? "").slice(0, REASON_MAX + 100);
  const parsed = statusChangeSchema.safeParse({ reason });
  if (!parsed.success) return data({ error: parsed.error.issues[0]?.message ?? "officials:errors.reasonRequired", field: "reason" as const, reason }, { status: 400 });
  const result = await changeOfficialStatus(context.db, { actorUserId: actor.userId, userId: page.official.id, change, reason: parsed.data.reason, ip: context.clientIp });
  if (result.ok) {
    const done = change === "enable" && result.status === "invited" ? "officials:change.enable.doneInvited" : `officials:change.${change}.done`;
    return redirectWithFlash(request, context, `/admin/officials/${page.official.id}`, done);
  }
  if (result.reason === "forbidden") throw data({ reason: "forbidden" }, { status: 403 });
  if (result.reason === "notFound") throw new Response(null, { status: 404 });
  const error = result.reason === "invalid" ? "officials:errors.reasonRequired" : `officials:change.refused.${result.reason}`;
  return data({ error, field: result.reason === "invalid" ? ("reason" as const) : ("form" as const), reason }, { status: 400 });
}

export default function ChangeOfficialStatus() {
  const { change, official, unavailable, title } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("officials");
  const back = `/admin/officials/${official.id}`;
  const error = result?.error ? t(result.error) : undefined;
  const consequence = change === "enable" ? (official.enrolled ? t("change.enable.enrolled") : t("change.enable.notEnrolled")) : t(`change.${change}.warning`);
  return (
    <>
      <AdministrationNav />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <BackLink href={back}>{t("change.back", { name: official.fullName })}</BackLink>
          <ErrorSummary errors={error ? [{ href: result?.field === "reason" ? "#reason" : "#confirm", text: error }] : []} />
          <h1 className="govuk-heading-l">{title}</h1>
          <p className="govuk-body">{official.email}</p>
          {unavailable ? (
            <>
              <InsetText>{t(`change.refused.${unavailable}`)}</InsetText>
              <p className="govuk-body">
                <Link className="govuk-link" to={back}>
                  {t("change.back", { name: official.fullName })}
                </Link>
              </p>
            </>
          ) : (
            <Form method="post" noValidate id="confirm">
              {change === "enable" ? <InsetText>{consequence}</InsetText> : <WarningText>{consequence}</WarningText>}
              <Textarea
                id="reason"
                name="reason"
                label={t("change.reason")}
                labelSize="s"
                hint={t("change.reasonHint", { max: REASON_MAX })}
                rows={3}
                defaultValue={result?.reason}
                error={result?.field === "reason" ? error : undefined}
              />
              <ButtonGroup>
                <Button type="submit" variant={change === "enable" ? "primary" : "warning"}>
                  {t(`change.${change}.confirm`)}
                </Button>
                <Link className="govuk-link" to={back}>
                  {t("change.cancel")}
                </Link>
              </ButtonGroup>
            </Form>
          )}
        </div>
      </div>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
