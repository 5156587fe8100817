import type { ReactNode } from "react";
import { cx } from "./class-names";
import type { HeadingLevel } from "./class-names";
import { ErrorMessage } from "./error-message";
import { FormGroup, Hint, fieldIds } from "./field";
import { Fieldset } from "./fieldset";
import type { LegendSize } from "./fieldset";

export interface ChoiceItem {
  value: string;
  label: ReactNode;
  hint?: ReactNode;
  /** Content revealed when this option is chosen (shown without JS when checked on the server). */
  conditional?: ReactNode;
  disabled?: boolean;
  /** Overrides the generated id. */
  id?: string;
}

export interface ChoiceDivider {
  /** Already translated word, e.g. "hoặc". */
  divider: string;
}

export function isDivider(item: ChoiceItem | ChoiceDivider): item is ChoiceDivider {
  return "divider" in item;
}

/** First option takes the prefix itself, so an error summary can link to `#${idPrefix}`. */
export function choiceId(idPrefix: string, index: number): string {
  return index === 0 ? idPrefix : `${idPrefix}-${index + 1}`;
}

export interface RadiosProps {
  idPrefix: string;
  name: string;
  legend: ReactNode;
  legendSize?: LegendSize;
  headingLevel?: HeadingLevel;
  hint?: ReactNode;
  error?: string;
  items: Array<ChoiceItem | ChoiceDivider>;
  /** Value of the option checked when the page is rendered. */
  defaultValue?: string;
  inline?: boolean;
  small?: boolean;
  required?: boolean;
  className?: string;
}

export function Radios({
  idPrefix,
  name,
  legend,
  legendSize,
  headingLevel,
  hint,
  error,
  items,
  defaultValue,
  inline,
  small,
  required,
  className,
}: RadiosProps) {
  const ids = fieldIds(idPrefix, { hint, error });
  let index = -1;
  return (
    <FormGroup error={error} className={className}>
      <Fieldset legend={legend} legendSize={legendSize} headingLevel={headingLevel} describedBy={ids.describedBy}>
        {hint && ids.hintId ? <Hint id={ids.hintId}>{hint}</Hint> : null}
        {error && ids.errorId ? <ErrorMessage id={ids.errorId}>{error}</ErrorMessage> : null}
        <div className={cx("govuk-radios", inline && "govuk-radios--inline", small && "govuk-radios--small")}>
          {items.map((item, i) => {
            if (isDivider(item)) {
              return (
                <div key={`divider-${i}`} className="govuk-radios__divider">
                  {item.divider}
                </div>
              );
            }
            index += 1;
            const id = item.id ?? choiceId(idPrefix, index);
            const itemHintId = item.hint ? `${id}-item-hint` : undefined;
            const checked = defaultValue !== undefined && item.value === defaultValue;
            return [
              <div key={id} className="govuk-radios__item">
                <input
                  className="govuk-radios__input"
                  id={id}
                  name={name}
                  type="radio"
                  value={item.value}
                  defaultChecked={checked}
                  disabled={item.disabled}
                  required={required}
                  aria-describedby={itemHintId}
                />
                <label className="govuk-label govuk-radios__label" htmlFor={id}>
                  {item.label}
                </label>
                {item.hint && itemHintId ? (
                  <div id={itemHintId} className="govuk-hint govuk-radios__hint">
                    {item.hint}
                  </div>
                ) : null}
              </div>,
              item.conditional ? (
                <div
                  key={`${id}-conditional`}
                  id={`conditional-${id}`}
                  className={cx("govuk-radios__conditional", !checked && "govuk-radios__conditional--hidden")}
                >
                  {item.conditional}
                </div>
              ) : null,
            ];
          })}
        </div>
      </Fieldset>
    </FormGroup>
  );
}
