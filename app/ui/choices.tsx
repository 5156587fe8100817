import type { ReactNode } from "react";
import { cx } from "./class-names";

// What radios and checkboxes share: their items, ids and the markup of one option (GOV.UK Frontend pattern).

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

type ChoiceKind = "radios" | "checkboxes";

/** The options of a radios or checkboxes group: dividers, items with hints, and conditional content. */
export function ChoiceList({
  kind,
  idPrefix,
  name,
  items,
  isChecked,
  required,
  describedBy,
}: {
  kind: ChoiceKind;
  idPrefix: string;
  name: string;
  items: Array<ChoiceItem | ChoiceDivider>;
  isChecked: (value: string) => boolean;
  required?: boolean;
  /** The ids that describe one option, given its own hint's id. */
  describedBy: (itemHintId: string | undefined) => string | undefined;
}) {
  let index = -1;
  return (
    <>
      {items.map((item, i) => {
        if (isDivider(item)) {
          return (
            <div key={`divider-${i}`} className={`govuk-${kind}__divider`}>
              {item.divider}
            </div>
          );
        }
        index += 1;
        const id = item.id ?? choiceId(idPrefix, index);
        const itemHintId = item.hint ? `${id}-item-hint` : undefined;
        const checked = isChecked(item.value);
        return [
          <div key={id} className={`govuk-${kind}__item`}>
            <input
              className={`govuk-${kind}__input`}
              id={id}
              name={name}
              type={kind === "radios" ? "radio" : "checkbox"}
              value={item.value}
              defaultChecked={checked}
              disabled={item.disabled}
              required={required}
              aria-describedby={describedBy(itemHintId)}
            />
            <label className={`govuk-label govuk-${kind}__label`} htmlFor={id}>
              {item.label}
            </label>
            {item.hint && itemHintId ? (
              <div id={itemHintId} className={`govuk-hint govuk-${kind}__hint`}>
                {item.hint}
              </div>
            ) : null}
          </div>,
          item.conditional ? (
            <div
              key={`${id}-conditional`}
              id={`conditional-${id}`}
              className={cx(`govuk-${kind}__conditional`, !checked && `govuk-${kind}__conditional--hidden`)}
            >
              {item.conditional}
            </div>
          ) : null,
        ];
      })}
    </>
  );
}
