import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { cx } from "./class-names";
import type { HeadingLevel } from "./class-names";
import { ErrorMessage } from "./error-message";
import { FormGroup, Hint, fieldIds } from "./field";
import { Fieldset } from "./fieldset";
import type { LegendSize } from "./fieldset";

export type DatePart = "day" | "month" | "year";

export interface DateInputProps {
  /** Inputs get `${id}-day`, `${id}-month`, `${id}-year`; link an error summary to `#${id}-day`. */
  id: string;
  /** Inputs are named `${namePrefix}-day` etc. unless `names` is given. */
  namePrefix: string;
  names?: Partial<Record<DatePart, string>>;
  legend: ReactNode;
  legendSize?: LegendSize;
  headingLevel?: HeadingLevel;
  hint?: ReactNode;
  error?: string;
  /** Which boxes to outline in red; all three when there is an error and this is omitted. */
  errorParts?: readonly DatePart[];
  defaultValue?: Partial<Record<DatePart, string>>;
  /** Adds autocomplete="bday-day" etc. for a date of birth. */
  birthday?: boolean;
  required?: boolean;
  className?: string;
}

const PARTS: readonly DatePart[] = ["day", "month", "year"];

export function DateInput({
  id,
  namePrefix,
  names,
  legend,
  legendSize,
  headingLevel,
  hint,
  error,
  errorParts,
  defaultValue,
  birthday,
  required,
  className,
}: DateInputProps) {
  const { t } = useTranslation("common");
  const ids = fieldIds(id, { hint, error });
  const partLabels: Record<DatePart, string> = { day: t("date.day"), month: t("date.month"), year: t("date.year") };
  const partHasError = (part: DatePart) => Boolean(error) && (errorParts ? errorParts.includes(part) : true);
  return (
    <FormGroup error={error} className={className}>
      <Fieldset legend={legend} legendSize={legendSize} headingLevel={headingLevel} describedBy={ids.describedBy} role="group">
        {hint && ids.hintId ? <Hint id={ids.hintId}>{hint}</Hint> : null}
        {error && ids.errorId ? <ErrorMessage id={ids.errorId}>{error}</ErrorMessage> : null}
        <div className="govuk-date-input" id={id}>
          {PARTS.map((part) => {
            const inputId = `${id}-${part}`;
            const invalid = partHasError(part);
            return (
              <div key={part} className="govuk-date-input__item">
                <div className="govuk-form-group">
                  <label className="govuk-label govuk-date-input__label" htmlFor={inputId}>
                    {partLabels[part]}
                  </label>
                  <input
                    className={cx(
                      "govuk-input govuk-date-input__input",
                      part === "year" ? "govuk-input--width-4" : "govuk-input--width-2",
                      invalid && "govuk-input--error",
                    )}
                    id={inputId}
                    name={names?.[part] ?? `${namePrefix}-${part}`}
                    type="text"
                    inputMode="numeric"
                    autoComplete={birthday ? `bday-${part}` : undefined}
                    defaultValue={defaultValue?.[part]}
                    required={required}
                    aria-invalid={invalid || undefined}
                  />
                </div>
              </div>
            );
          })}
        </div>
      </Fieldset>
    </FormGroup>
  );
}
