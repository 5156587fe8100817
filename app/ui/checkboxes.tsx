import type { ReactNode } from "react";
import { cx } from "./class-names";
import type { HeadingLevel } from "./class-names";
import { ErrorMessage } from "./error-message";
import { FormGroup, Hint, fieldIds } from "./field";
import { Fieldset } from "./fieldset";
import type { LegendSize } from "./fieldset";
import { choiceId, isDivider } from "./radios";
import type { ChoiceDivider, ChoiceItem } from "./radios";

export interface CheckboxesProps {
  idPrefix: string;
  name: string;
  /** Without a legend (a single "I agree" box) no fieldset is rendered. */
  legend?: ReactNode;
  legendSize?: LegendSize;
  headingLevel?: HeadingLevel;
  hint?: ReactNode;
  error?: string;
  items: Array<ChoiceItem | ChoiceDivider>;
  /** Values checked when the page is rendered. */
  defaultValues?: readonly string[];
  small?: boolean;
  className?: string;
}

export function Checkboxes({
  idPrefix,
  name,
  legend,
  legendSize,
  headingLevel,
  hint,
  error,
  items,
  defaultValues = [],
  small,
  className,
}: CheckboxesProps) {
  const ids = fieldIds(idPrefix, { hint, error });
  let index = -1;
  const body = (
    <>
      {hint && ids.hintId ? <Hint id={ids.hintId}>{hint}</Hint> : null}
      {error && ids.errorId ? <ErrorMessage id={ids.errorId}>{error}</ErrorMessage> : null}
      <div className={cx("govuk-checkboxes", small && "govuk-checkboxes--small")}>
        {items.map((item, i) => {
          if (isDivider(item)) {
            return (
              <div key={`divider-${i}`} className="govuk-checkboxes__divider">
                {item.divider}
              </div>
            );
          }
          index += 1;
          const id = item.id ?? choiceId(idPrefix, index);
          const itemHintId = item.hint ? `${id}-item-hint` : undefined;
          const checked = defaultValues.includes(item.value);
          // Without a fieldset, each box carries the group's hint and error itself.
          const describedBy = legend ? itemHintId : [ids.describedBy, itemHintId].filter(Boolean).join(" ") || undefined;
          return [
            <div key={id} className="govuk-checkboxes__item">
              <input
                className="govuk-checkboxes__input"
                id={id}
                name={name}
                type="checkbox"
                value={item.value}
                defaultChecked={checked}
                disabled={item.disabled}
                aria-describedby={describedBy}
              />
              <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
                {item.label}
              </label>
              {item.hint && itemHintId ? (
                <div id={itemHintId} className="govuk-hint govuk-checkboxes__hint">
                  {item.hint}
                </div>
              ) : null}
            </div>,
            item.conditional ? (
              <div
                key={`${id}-conditional`}
                id={`conditional-${id}`}
                className={cx("govuk-checkboxes__conditional", !checked && "govuk-checkboxes__conditional--hidden")}
              >
                {item.conditional}
              </div>
            ) : null,
          ];
        })}
      </div>
    </>
  );
  return (
    <FormGroup error={error} className={className}>
      {legend ? (
        <Fieldset legend={legend} legendSize={legendSize} headingLevel={headingLevel} describedBy={ids.describedBy}>
          {body}
        </Fieldset>
      ) : (
        body
      )}
    </FormGroup>
  );
}
