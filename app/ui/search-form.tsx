import type { ReactNode } from "react";
import { cx } from "./class-names";

export interface SearchFormProps {
  /** Id of the search box; the label gets `${id}-label`. */
  id: string;
  name: string;
  action: string;
  method?: "get" | "post";
  label: string;
  hint?: ReactNode;
  buttonText: string;
  defaultValue?: string;
  className?: string;
}

/** Search landmark for the hero: label, input and button (inline on desktop, stacked on phones). */
export function SearchForm({ id, name, action, method = "get", label, hint, buttonText, defaultValue, className }: SearchFormProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <form className={cx("app-hero__search", className)} action={action} method={method} role="search" aria-labelledby={`${id}-label`}>
      <label id={`${id}-label`} className="govuk-label govuk-label--s" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div id={hintId} className="govuk-hint">
          {hint}
        </div>
      ) : null}
      <div className="app-hero__search-row">
        <input
          className="govuk-input app-hero__search-input"
          id={id}
          name={name}
          type="search"
          defaultValue={defaultValue}
          aria-describedby={hintId}
          enterKeyHint="search"
          spellCheck={false}
        />
        <button className="govuk-button app-hero__search-button" type="submit">
          {buttonText}
        </button>
      </div>
    </form>
  );
}
