import type { ReactNode } from "react";
import { cx } from "./class-names";
import type { HeadingLevel } from "./class-names";
import { ErrorMessage } from "./error-message";
import { FormGroup, Hint, fieldIds } from "./field";
import { Fieldset } from "./fieldset";
import type { LegendSize } from "./fieldset";
import { ChoiceList, type ChoiceDivider, type ChoiceItem } from "./choices";

export { choiceId, isDivider, type ChoiceDivider, type ChoiceItem } from "./choices";

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
  return (
    <FormGroup error={error} className={className}>
      <Fieldset legend={legend} legendSize={legendSize} headingLevel={headingLevel} describedBy={ids.describedBy}>
        {hint && ids.hintId ? <Hint id={ids.hintId}>{hint}</Hint> : null}
        {error && ids.errorId ? <ErrorMessage id={ids.errorId}>{error}</ErrorMessage> : null}
        <div className={cx("govuk-radios", inline && "govuk-radios--inline", small && "govuk-radios--small")}>
          <ChoiceList
            kind="radios"
            idPrefix={idPrefix}
            name={name}
            items={items}
            isChecked={(value) => defaultValue !== undefined && value === defaultValue}
            required={required}
            describedBy={(itemHintId) => itemHintId}
          />
        </div>
      </Fieldset>
    </FormGroup>
  );
}
