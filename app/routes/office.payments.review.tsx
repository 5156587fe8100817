import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { resolveSchema } from "~/domain/payments/reconciliation.schema";
import { resolveReviewItem, reviewQueue, type ReviewAttempt, type ReviewLine } from "~/domain/payments/reconciliation.server";
import { formatDate, formatTimestamp, formatVnd } from "~/domain/shared/format";
import { i18nServer } from "~/platform/i18n.server";
import { Button } from "~/ui/button";
import { ErrorSummary } from "~/ui/error-summary";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { NotificationBanner } from "~/ui/notification-banner";
import { pageTitle } from "~/ui/page-title";
import { SummaryList } from "~/ui/summary-list";
import { Textarea } from "~/ui/textarea";
import { redirectWithFlash, takeFlash } from "./admin/flash.server";
import { refuseAccess, requirePaymentOfficial } from "./office/payments.server";

// "Các khoản cần xem xét" (issue 9): attempts a gateway or a statement flagged (another amount, a duplicate, suspected
// fraud, a cancelled request) and statement lines nobody matched; an officer who collects says what was done (a note,
// required and audited) and marks each resolved. One plain POST form per item.

export const handle = { i18n: ["payments-office"] };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePaymentOfficial(request, context);
  const [queue, t, { flash, headers }] = await Promise.all([reviewQueue(context.db, { actor }), i18nServer.getFixedT(request, "payments-office"), takeFlash(request, context)]);
  if (!queue.ok) {
    refuseAccess(queue.status);
    throw data({ reason: "forbidden" }, { status: 403 });
  }
  return data({ title: t("review.title"), attempts: queue.attempts, lines: queue.lines, flash }, { headers });
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePaymentOfficial(request, context, "collect:payment:agency");
  const form = Object.fromEntries(await request.formData());
  const parsed = resolveSchema.safeParse(form);
  const id = typeof form.id === "string" ? form.id.slice(0, 36) : "";
  if (!parsed.success) return data({ id, note: typeof form.note === "string" ? form.note : "", error: parsed.error.issues[0]?.message ?? "payments-office:errors.malformed" }, { status: 400 });
  const result = await resolveReviewItem(context.db, { actor, ...parsed.data, ip: context.clientIp });
  if (!result.ok) {
    refuseAccess(result.status);
    return data({ id, note: parsed.data.note, error: result.message }, { status: result.status });
  }
  return redirectWithFlash(request, context, "/office/payments/review", "payments-office:review.resolved");
}

type Item = ReviewAttempt | ReviewLine;

function ResolveForm({ item, t, failed }: { item: Item; t: TFunction; failed: { id: string; note: string; error: string } | null }) {
  if (!item.mayResolve) return null;
  const mine = failed?.id === item.id ? failed : null;
  return (
    <Form method="post" noValidate>
      <input type="hidden" name="kind" value={item.kind} />
      <input type="hidden" name="id" value={item.id} />
      <Textarea id={`note-${item.id}`} name="note" label={t("review.note")} labelSize="s" hint={t("review.noteHint")} rows={2} defaultValue={mine?.note ?? ""} error={mine ? t(mine.error) : undefined} />
      <Button type="submit" variant="secondary">
        {t("review.resolve")}
      </Button>
    </Form>
  );
}

export default function PaymentsReview() {
  const { title, attempts, lines, flash } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() ?? null;
  const { t, i18n } = useTranslation("payments-office");
  const lang = i18n.language === "en" ? "en" : "vi";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {flash && !failed ? <NotificationBanner type="success">{t(flash)}</NotificationBanner> : null}
        <ErrorSummary errors={failed ? [{ href: `#note-${failed.id}`, text: t(failed.error) }] : []} />
        <span className="govuk-caption-l">{t("caption")}</span>
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{t("review.intro")}</p>
        <ul className="govuk-list">
          <li>
            <Link className="govuk-link" to="/office/payments">
              {t("links.report")}
            </Link>
          </li>
          <li>
            <Link className="govuk-link" to="/office/payments/statements">
              {t("links.statements")}
            </Link>
          </li>
        </ul>

        <h2 className="govuk-heading-m">{t("review.attemptsHeading")}</h2>
        {attempts.length === 0 ? <p className="govuk-body">{t("review.none")}</p> : null}
        {attempts.map((a) => (
          <section key={a.id} className="app-review-item" aria-label={a.reference}>
            <h3 className="govuk-heading-s">
              {a.dossierCode} — {t(`reasons.${a.reason}`, { defaultValue: a.reason })}
            </h3>
            <SummaryList
              rows={[
                { key: t("columns.reference"), value: a.reference },
                { key: t("filter.provider"), value: t(`providers.${a.provider}`) },
                { key: t("columns.amount"), value: formatVnd(a.amount, lang) },
                { key: t("columns.expected"), value: formatVnd(a.requestTotal, lang) },
                { key: t("columns.state"), value: t(`states.${a.state}`) },
                { key: t("columns.createdAt"), value: formatTimestamp(a.createdAt) },
                ...(a.paidAt ? [{ key: t("columns.paidAt"), value: formatTimestamp(a.paidAt) }] : []),
              ]}
            />
            <ResolveForm item={a} t={t} failed={failed} />
          </section>
        ))}

        <h2 className="govuk-heading-m">{t("review.linesHeading")}</h2>
        {lines.length === 0 ? <p className="govuk-body">{t("review.none")}</p> : null}
        {lines.map((l) => (
          <section key={l.id} className="app-review-item" aria-label={l.bankRef ?? l.id}>
            <h3 className="govuk-heading-s">
              {formatDate(l.bookedOn)} — {formatVnd(l.amount, lang)} — {t(`classes.${l.match}`, { defaultValue: l.match })}
            </h3>
            <SummaryList
              rows={[
                { key: t("columns.description"), value: l.description },
                { key: t("columns.bankRef"), value: l.bankRef ?? "—" },
                ...(l.reference ? [{ key: t("columns.reference"), value: l.reference }] : []),
                ...(l.dossierCode ? [{ key: t("columns.dossier"), value: l.dossierCode }] : []),
              ]}
            />
            <ResolveForm item={l} t={t} failed={failed} />
          </section>
        ))}
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
