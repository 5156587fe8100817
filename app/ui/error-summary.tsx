import { useEffect, useRef } from "react";
import type { MouseEvent, ReactNode } from "react";
import { useTranslation } from "react-i18next";

export interface ErrorSummaryItem {
  /** "#field-id" of the control to fix (the first input of a group). */
  href: string;
  text: ReactNode;
}

export interface ErrorSummaryProps {
  errors: readonly ErrorSummaryItem[];
  /** Replaces "Có lỗi cần sửa". */
  title?: ReactNode;
  description?: ReactNode;
  /** Do not move focus to the summary when it mounts. */
  disableAutoFocus?: boolean;
}

/** Moves focus to the control and scrolls its label or legend into view. */
function focusTarget(event: MouseEvent<HTMLAnchorElement>, href: string) {
  if (!href.startsWith("#")) return;
  const input = document.getElementById(decodeURIComponent(href.slice(1)));
  if (!input) return;
  event.preventDefault();
  const legend = input.closest("fieldset")?.querySelector("legend");
  const label = document.querySelector(`label[for="${CSS.escape(input.id)}"]`);
  (legend ?? label ?? input).scrollIntoView();
  input.focus({ preventScroll: true });
}

/**
 * What the summary lists, as one string: it changes when other errors are shown (and is empty when none are), not
 * when the page draws the same errors again.
 */
export function errorSummaryKey(errors: readonly ErrorSummaryItem[]): string {
  return errors.map((e) => `${e.href}\u0000${typeof e.text === "string" || typeof e.text === "number" ? e.text : ""}`).join("\n");
}

/**
 * Shown at the top of the page when a form has errors; focused so it is read out first: on a page loaded with errors,
 * and whenever other errors appear on a page updated in place (a form posted with JavaScript: the page does not
 * load anew, so the summary would otherwise not get the focus).
 */
export function ErrorSummary({ errors, title, description, disableAutoFocus }: ErrorSummaryProps) {
  const { t } = useTranslation("common");
  const ref = useRef<HTMLDivElement>(null);
  const shown = errorSummaryKey(errors);
  useEffect(() => {
    if (shown && !disableAutoFocus) ref.current?.focus();
  }, [shown, disableAutoFocus]);
  if (errors.length === 0) return null;
  return (
    <div className="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">{title ?? t("errorSummary.title")}</h2>
        <div className="govuk-error-summary__body">
          {description ? <p>{description}</p> : null}
          <ul className="govuk-list govuk-error-summary__list">
            {errors.map((error) => (
              <li key={error.href}>
                <a href={error.href} onClick={(e) => focusTarget(e, error.href)}>
                  {error.text}
                </a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
