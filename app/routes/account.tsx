import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { profileOf, recordSignOutEverywhere, unlinkEid } from "~/domain/accounts/accounts.server";
import { formatDateTime, formatDate } from "~/domain/shared/format";
import { currentSessionId, requirePermission } from "~/platform/auth.server";
import { i18nServer } from "~/platform/i18n.server";
import { endSessionsOfUser, sessionsOfUser } from "~/platform/session.server";
import { Button } from "~/ui/button";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { NotificationBanner } from "~/ui/notification-banner";
import { pageTitle } from "~/ui/page-title";
import { SummaryList } from "~/ui/summary-list";
import { adminSectionsOf } from "./admin/sections";
import { can } from "~/domain/access/permissions";
import { Tag } from "~/ui/tag";

// My account (issue 4, item 7): profile, the link to the national eID (unlink it when a password opens the account),
// sessions (sign out of the other devices), my data as JSON.

export const handle = { i18n: ["account", "organisations", "dossiers", "files", "office", "petitions"] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, context, "read:profile:own");
  const [profile, sessions, current, t] = await Promise.all([
    profileOf(context.db, actor.userId),
    sessionsOfUser(context.db, actor.userId),
    currentSessionId(request, context),
    i18nServer.getFixedT(request, "account"),
  ]);
  if (!profile) throw redirect("/sign-in");
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  const flash = session.get("flash") ?? null;
  return data(
    { title: t("account.title"), administration: adminSectionsOf(actor).length > 0, office: can(actor, "read:dossier:agency"), petitions: can(actor, "read:petition:agency"), profile, sessions: sessions.map((s) => ({ ...s, current: s.id === current, id: undefined })), flash },
    { headers: { "Set-Cookie": await context.sessionStorage.commitSession(session) } },
  );
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

const intentSchema = z.object({ intent: z.enum(["sign-out-others", "unlink-eid"]) });

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(request, context, "update:profile:own");
  const parsed = intentSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw redirect("/account");
  if (parsed.data.intent === "unlink-eid") {
    const result = await unlinkEid(context.db, { userId: actor.userId, ip: context.clientIp, requestId: context.requestId });
    // Without a password the account would be locked out: refused (the page offers no button then).
    if (!result.ok && result.reason === "noPassword") return data({ error: "account:eidLink.errors.noPassword" }, { status: 400 });
    const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
    // Already unlinked (a second click, another tab): the page shows it as it is.
    if (result.ok) session.flash("flash", { kind: "success", messageKey: "account:eidLink.unlinked" });
    throw redirect("/account", { headers: { "Set-Cookie": await context.sessionStorage.commitSession(session) } });
  }
  const ended = await endSessionsOfUser(context.db, actor.userId, { except: await currentSessionId(request, context) });
  await recordSignOutEverywhere(context.db, { userId: actor.userId, kind: actor.kind, ended, ip: context.clientIp });
  const session = await context.sessionStorage.getSession(request.headers.get("Cookie"));
  session.flash("flash", { kind: "success", messageKey: "account:account.signedOutOthers" });
  throw redirect("/account", { headers: { "Set-Cookie": await context.sessionStorage.commitSession(session) } });
}

export default function Account() {
  const { title, administration, office, petitions, profile, sessions, flash } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation(["account", "organisations", "dossiers", "files", "office", "petitions"]);
  const error = result?.error ? t(result.error) : undefined;
  const lang = i18n.language === "en" ? "en" : "vi";
  const dash = "—";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {flash ? (
          <NotificationBanner type="success" title={t("banner.success")}>
            {t(flash.messageKey)}
          </NotificationBanner>
        ) : null}
        <ErrorSummary errors={error ? [{ href: "#unlink-eid", text: error }] : []} />
        <h1 className="govuk-heading-l">{title}</h1>
        {office ? (
          <p className="govuk-body">
            <Link className="govuk-link" to="/office">
              {t("office:nav")}
            </Link>
          </p>
        ) : null}
        {petitions ? (
          <p className="govuk-body">
            <Link className="govuk-link" to="/office/petitions">
              {t("office:petitionsLink")}
            </Link>
          </p>
        ) : null}
        {administration ? (
          <p className="govuk-body">
            <a className="govuk-link" href="/admin">
              {t("account.administration")}
            </a>
          </p>
        ) : null}
        {profile.kind === "citizen" ? (
          <p className="govuk-body">
            <Link className="govuk-link" to="/my/dossiers">
              {t("dossiers:account.link")}
            </Link>
            {" · "}
            <Link className="govuk-link" to="/my/drafts">
              {t("dossiers:account.drafts")}
            </Link>
            {" · "}
            <Link className="govuk-link" to="/my/petitions">
              {t("petitions:accountLink")}
            </Link>
          </p>
        ) : null}
        <h2 className="govuk-heading-m">{t("account.profile")}</h2>
        <SummaryList
          rows={[
            { key: t("register.fullName"), value: profile.fullName },
            { key: t("register.cccd"), value: profile.cccd ?? dash },
            { key: t("register.birthDate"), value: profile.birthDate ? formatDate(profile.birthDate) : dash },
            {
              key: t("register.email"),
              value: (
                <>
                  {profile.email ?? dash} {profile.email ? <Tag colour={profile.emailVerifiedAt ? "green" : "yellow"}>{profile.emailVerifiedAt ? t("account.verified") : t("account.unverified")}</Tag> : null}
                </>
              ),
            },
            { key: t("register.phone"), value: profile.phone ?? dash },
            { key: t("account.eid"), value: profile.eidVerifiedAt ? <Tag colour="green">{t("account.eidVerified")}</Tag> : t("account.eidNo") },
            { key: t("eidLink.row"), value: profile.eidLink ? <Tag colour="green">{t("eidLink.linked")}</Tag> : t("eidLink.notLinked") },
          ]}
        />
        {profile.eidLink ? (
          <section id="unlink-eid" aria-labelledby="unlink-eid-heading">
            <h2 className="govuk-heading-m" id="unlink-eid-heading">
              {t("eidLink.heading")}
            </h2>
            <p className="govuk-body">{t("eidLink.intro")}</p>
            {profile.hasPassword ? (
              <>
                <p className="govuk-body">{t("eidLink.unlinkIntro")}</p>
                <Form method="post">
                  <input type="hidden" name="intent" value="unlink-eid" />
                  <Button type="submit" variant="secondary">
                    {t("eidLink.unlink")}
                  </Button>
                </Form>
              </>
            ) : (
              <p className="govuk-body">{t("eidLink.noPassword")}</p>
            )}
          </section>
        ) : null}
        <h2 className="govuk-heading-m">{t("account.sessions")}</h2>
        <ul className="govuk-list">
          {sessions.map((s, i) => (
            <li key={i}>
              {t("account.sessionSince", { at: formatDateTime(s.createdAt, lang) })}
              {s.current ? <> <Tag colour="blue">{t("account.thisDevice")}</Tag></> : null}
            </li>
          ))}
        </ul>
        <Form method="post">
          <input type="hidden" name="intent" value="sign-out-others" />
          <Button type="submit" variant="secondary">
            {t("account.signOutOthers")}
          </Button>
        </Form>
        {profile.kind === "citizen" ? (
          <>
            <h2 className="govuk-heading-m">{t("organisations:account.heading")}</h2>
            <p className="govuk-body">{t("organisations:account.intro")}</p>
            <ul className="govuk-list">
              <li>
                <Link className="govuk-link" to="/account/organisations">{t("organisations:account.manage")}</Link>
              </li>
              <li>
                <Link className="govuk-link" to="/account/acting-for">{t("organisations:account.actingFor")}</Link>
              </li>
            </ul>
          </>
        ) : null}
        {profile.kind === "citizen" ? (
          <>
            <h2 className="govuk-heading-m">{t("files:account.heading")}</h2>
            <p className="govuk-body">{t("files:account.intro")}</p>
            <p className="govuk-body">
              {/* A page of its own without framework JavaScript: a full page load (decision 0009). */}
              <a className="govuk-link" href="/account/files">
                {t("files:account.link")}
              </a>
            </p>
          </>
        ) : null}
        <h2 className="govuk-heading-m">{t("account.consents")}</h2>
        {profile.consents.length === 0 ? (
          <p className="govuk-body">{t("account.noConsents")}</p>
        ) : (
          <ul className="govuk-list govuk-list--bullet">
            {profile.consents.map((c, i) => (
              <li key={i}>
                {t(`account.consent.${c.purpose}`, { defaultValue: c.purpose })} ({t("account.consentVersion", { version: c.version })}):{" "}
                {c.withdrawnAt ? t("account.consentWithdrawn", { at: formatDateTime(c.withdrawnAt, lang) }) : t("account.consentGranted", { at: formatDateTime(c.grantedAt, lang) })}
              </li>
            ))}
          </ul>
        )}
        <h2 className="govuk-heading-m">{t("account.myData")}</h2>
        <p className="govuk-body">{t("account.myDataIntro")}</p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/account/data.json" reloadDocument>
            {t("account.download")}
          </Link>
        </p>
        <Form method="post" action="/sign-out">
          <Button type="submit" variant="warning">
            {t("account.signOut")}
          </Button>
        </Form>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
