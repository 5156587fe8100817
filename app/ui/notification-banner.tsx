import { useEffect, useRef } from "react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { cx, headingTag } from "./class-names";
import type { HeadingLevel } from "./class-names";

export interface NotificationBannerProps {
  /** "success" is announced (role alert) and focused on mount; neutral is a labelled region. */
  type?: "neutral" | "success";
  /** Replaces "Quan trọng" / "Thành công". */
  title?: ReactNode;
  /** Must be unique on the page. */
  titleId?: string;
  titleHeadingLevel?: HeadingLevel;
  /** Large bold first line of the content. */
  heading?: ReactNode;
  children?: ReactNode;
  disableAutoFocus?: boolean;
  className?: string;
}

export function NotificationBanner({
  type = "neutral",
  title,
  titleId = "govuk-notification-banner-title",
  titleHeadingLevel = 2,
  heading,
  children,
  disableAutoFocus,
  className,
}: NotificationBannerProps) {
  const { t } = useTranslation("common");
  const ref = useRef<HTMLDivElement>(null);
  const success = type === "success";
  useEffect(() => {
    if (success && !disableAutoFocus) ref.current?.focus();
  }, [success, disableAutoFocus]);
  const Title = headingTag(titleHeadingLevel);
  return (
    <div
      ref={ref}
      className={cx("govuk-notification-banner", success && "govuk-notification-banner--success", className)}
      role={success ? "alert" : "region"}
      aria-labelledby={titleId}
      tabIndex={success ? -1 : undefined}
    >
      <div className="govuk-notification-banner__header">
        <Title className="govuk-notification-banner__title" id={titleId}>
          {title ?? (success ? t("success") : t("important"))}
        </Title>
      </div>
      <div className="govuk-notification-banner__content">
        {heading ? <p className="govuk-notification-banner__heading">{heading}</p> : null}
        {children}
      </div>
    </div>
  );
}
