import type { ReactNode } from "react";
import { cx } from "./class-names";
import type { HeadingLevel } from "./class-names";
import { ErrorMessage } from "./error-message";
import { FormGroup, Hint, fieldIds } from "./field";
import { Fieldset } from "./fieldset";
import type { LegendSize } from "./fieldset";
import { ChoiceList, type ChoiceDivider, type ChoiceItem } from "./choices";

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
  const body = (
    <>
      {hint && ids.hintId ? <Hint id={ids.hintId}>{hint}</Hint> : null}
      {error && ids.errorId ? <ErrorMessage id={ids.errorId}>{error}</ErrorMessage> : null}
      <div className={cx("govuk-checkboxes", small && "govuk-checkboxes--small")}>
        <ChoiceList
          kind="checkboxes"
          idPrefix={idPrefix}
          name={name}
          items={items}
          isChecked={(value) => defaultValues.includes(value)}
          // Without a fieldset, each box carries the group's hint and error itself.
          describedBy={(itemHintId) => (legend ? itemHintId : [ids.describedBy, itemHintId].filter(Boolean).join(" ") || undefined)}
        />
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
