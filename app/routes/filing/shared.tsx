import type { ShouldRevalidateFunction } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Field, FormTexts } from "~/domain/forms/form-definition";
import type { FieldValue } from "~/domain/forms/compile";
import { formatDate, formatVnd } from "~/domain/shared/format";
import { BackLink } from "~/ui/back-link";
import { useFormText } from "~/ui/dynamic-form";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { NotificationBanner } from "~/ui/notification-banner";
import type { DraftHeader } from "./draft.server";

// What the filing pages share: the layout (back to the task list, the procedure as caption, the page's title),
// the hidden version every form posts back (optimistic concurrency) and the conflict banner.

export const FILING_NAMESPACES = ["filing", "forms", "procedures"];

export function FilingLayout({ header, title, children, back = true }: { header: DraftHeader; title: string; children: ReactNode; back?: boolean }) {
  const { t } = useTranslation("filing");
  return (
    <>
      {back ? <BackLink href={`/filing/${header.id}`}>{t("layout.back")}</BackLink> : null}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <span className="govuk-caption-l">{header.procedureName}</span>
          <h1 className="govuk-heading-l">{title}</h1>
          {children}
          <p className="govuk-body-s app-draft-expiry">{t("layout.expiry", { date: formatDate(header.expiresAt) })}</p>
        </div>
      </div>
    </>
  );
}

export function VersionInput({ version }: { version: number }) {
  return <input type="hidden" name="version" value={version} />;
}

/**
 * The filing pages' `shouldRevalidate`: after a conflict (409) the page loads the draft again, as its banner says
 * ("the page shows the latest"). With single fetch the loaders are skipped after a 4xx reply: with JavaScript the page
 * kept the old draft, and its forms the old version, so that every later save was refused as a conflict too. Other
 * refusals (400) still keep the page as it is; anything else is Remix's default.
 */
export const revalidateAfterConflict: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus !== undefined && actionStatus >= 400 ? actionStatus === 409 : defaultShouldRevalidate;

/** The draft changed on another device or tab since this page was built: nothing was saved, the page shows the latest. */
export function ConflictBanner({ show }: { show: boolean }) {
  const { t } = useTranslation("filing");
  if (!show) return null;
  return (
    <NotificationBanner titleId="conflict-title" title={t("conflict.title")}>
      <p className="govuk-notification-banner__heading">{t("conflict.text")}</p>
    </NotificationBanner>
  );
}

/** A saved answer as text: choices by their labels, dates dd/mm/yyyy, amounts in đồng, addresses by their parts. */
export function useAnswerText(texts: FormTexts | undefined) {
  const { t, i18n } = useTranslation(["filing", "forms"]);
  const text = useFormText(texts);
  const lang = i18n.language === "en" ? "en" : "vi";
  const leaf = (field: Field, value: FieldValue | undefined): string => {
    if (value === undefined || value === null || value === "") return t("check.notGiven");
    if (typeof value === "boolean") return value ? t("dynamic.yes", { ns: "forms" }) : t("dynamic.no", { ns: "forms" });
    if ("options" in field) {
      const list = Array.isArray(value) ? (value as string[]) : [String(value)];
      return list.map((v) => text(field.options.find((o) => o.value === v)?.labelKey) || v).join(", ");
    }
    if (field.type === "date" && typeof value === "string") return formatDate(value);
    if (field.type === "money" && typeof value === "number") return formatVnd(value, lang);
    if (field.type === "address" && typeof value === "object" && !Array.isArray(value)) {
      const a = value as { street: string; commune: string; district: string; province: string };
      return t("check.address", { street: a.street, commune: a.commune, district: a.district, province: a.province });
    }
    return String(value);
  };
  return (field: Field, value: FieldValue | undefined): ReactNode => {
    if (field.type !== "group") return leaf(field, value);
    const items = Array.isArray(value) ? (value as Record<string, FieldValue>[]) : [];
    if (items.length === 0) return t("check.notGiven");
    return (
      <ol className="govuk-list govuk-list--number">
        {items.map((item, i) => (
          <li key={i}>
            {field.fields
              .filter((f) => item[f.name] !== undefined)
              .map((f) => `${text(f.labelKey)}: ${leaf(f, item[f.name])}`)
              .join("; ")}
          </li>
        ))}
      </ol>
    );
  };
}

export const FilingErrorBoundary = GeneralErrorBoundary;
