import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { representativeSchema } from "~/domain/organisations/organisations.schema";
import { addRepresentative, myOrganisations, removeRepresentative } from "~/domain/organisations/organisations.server";
import { requirePermission } from "~/platform/auth.server";
import { i18nServer } from "~/platform/i18n.server";
import { organisationServices } from "~/platform/organisation-services.server";
import { Button } from "~/ui/button";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { NotificationBanner } from "~/ui/notification-banner";
import { pageTitle } from "~/ui/page-title";
import { SummaryList } from "~/ui/summary-list";
import { TextInput } from "~/ui/text-input";

// My organisations (issue 4, item 3): each with my role and its representatives; a legal representative adds an
// authorised representative by CCCD and removes representatives (the people concerned are told by e-mail).

export const handle = { i18n: ["organisations", "identity", "account"] };

async function citizen(request: Request, context: LoaderFunctionArgs["context"]) {
  const actor = await requirePermission(request, context, "read:organisation:own");
  if (actor.kind !== "citizen") throw redirect("/account");
  return actor;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await citizen(request, context);
  const [organisations, t] = await Promise.all([myOrganisations(context.db, actor.userId), i18nServer.getFixedT(request, "organisations")]);
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  const flash = session.get("flash") ?? null;
  return data(
    { title: t("list.title"), organisations, flash },
    { headers: { "Set-Cookie": await context.sessionStorage.commitSession(session) } },
  );
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

const intentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), organisationId: z.string().min(1).max(36), cccd: z.string().max(40) }),
  z.object({ intent: z.literal("remove"), organisationId: z.string().min(1).max(36), userId: z.string().min(1).max(36) }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await citizen(request, context);
  const parsed = intentSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw redirect("/account/organisations");
  const input = parsed.data;
  let messageKey: string;
  if (input.intent === "add") {
    const cccd = representativeSchema.safeParse({ cccd: input.cccd });
    const result = cccd.success
      ? await addRepresentative(context.db, organisationServices(), { actorUserId: actor.userId, organisationId: input.organisationId, cccd: cccd.data.cccd, baseUrl: context.origin, ip: context.clientIp })
      : { ok: false as const, message: cccd.error.issues[0]?.message ?? "" };
    if (!result.ok) return data({ organisationId: input.organisationId, error: result.message, cccd: input.cccd }, { status: 400 });
    messageKey = "organisations:list.added";
  } else {
    const result = await removeRepresentative(context.db, organisationServices(), { actorUserId: actor.userId, organisationId: input.organisationId, userId: input.userId, baseUrl: context.origin, ip: context.clientIp });
    if (!result.ok) return data({ organisationId: input.organisationId, error: result.message, cccd: "" }, { status: 400 });
    messageKey = "organisations:list.removed";
  }
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  session.flash("flash", { kind: "success", messageKey });
  throw redirect("/account/organisations", { headers: { "Set-Cookie": await context.sessionStorage.commitSession(session) } });
}

export default function Organisations() {
  const { title, organisations, flash } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation(["organisations", "identity", "account"]);
  const failedIndex = result ? organisations.findIndex((o) => o.id === result.organisationId) : -1;
  const summary = result && failedIndex >= 0 ? [{ href: `#cccd-${failedIndex}`, text: t(result.error) }] : [];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {/* A refused change keeps the page's data (no reload after a 400): the earlier success message goes. */}
        {flash && !result ? (
          <NotificationBanner type="success" title={t("account:banner.success")}>
            {t(flash.messageKey)}
          </NotificationBanner>
        ) : null}
        <ErrorSummary errors={summary} />
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{t("list.intro")}</p>
        {organisations.length === 0 ? <p className="govuk-body">{t("list.none")}</p> : null}
        <p className="govuk-body">
          <Link className="govuk-link" to="/account/organisations/new">
            {t("list.registerLink")}
          </Link>
          {organisations.length > 0 ? (
            <>
              {" · "}
              <Link className="govuk-link" to="/account/acting-for">
                {t("account.actingFor")}
              </Link>
            </>
          ) : null}
        </p>
        {organisations.map((o, index) => {
          const legal = o.role === "legal_representative";
          const error = index === failedIndex && result ? t(result.error) : undefined;
          return (
            <section key={o.id} className="govuk-!-margin-bottom-8" aria-labelledby={`org-${index}`}>
              <h2 className="govuk-heading-m" id={`org-${index}`}>
                {o.name}
              </h2>
              <SummaryList
                rows={[
                  { key: t("list.taxCode"), value: o.taxCode },
                  { key: t("list.yourRole"), value: t(`roles.${o.role}`) },
                ]}
              />
              <h3 className="govuk-heading-s">{t("list.representatives")}</h3>
              <table className="govuk-table">
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">{t("list.name")}</th>
                    <th scope="col" className="govuk-table__header">{t("list.role")}</th>
                    {legal ? <td className="govuk-table__header" /> : null}
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {o.representatives.map((r) => (
                    <tr key={r.userId} className="govuk-table__row">
                      <td className="govuk-table__cell">{r.fullName}</td>
                      <td className="govuk-table__cell">{t(`roles.${r.role}`)}</td>
                      {legal ? (
                        <td className="govuk-table__cell">
                          {r.role === "authorised" ? (
                            <Form method="post">
                              <input type="hidden" name="intent" value="remove" />
                              <input type="hidden" name="organisationId" value={o.id} />
                              <input type="hidden" name="userId" value={r.userId} />
                              <Button type="submit" variant="secondary" className="govuk-!-margin-bottom-0" aria-label={t("list.removeLabel", { name: r.fullName })}>
                                {t("list.remove")}
                              </Button>
                            </Form>
                          ) : null}
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
              {legal ? (
                <Form method="post" noValidate>
                  <input type="hidden" name="intent" value="add" />
                  <input type="hidden" name="organisationId" value={o.id} />
                  <TextInput
                    id={`cccd-${index}`}
                    name="cccd"
                    label={t("list.cccd")}
                    labelSize="s"
                    hint={t("list.cccdHint")}
                    inputMode="numeric"
                    autoComplete="off"
                    spellCheck={false}
                    width="20"
                    defaultValue={index === failedIndex ? result?.cccd : undefined}
                    error={error}
                  />
                  <Button type="submit" variant="secondary">
                    {t("list.add")}
                  </Button>
                </Form>
              ) : null}
            </section>
          );
        })}
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
