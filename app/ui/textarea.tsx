import type { ReactNode, TextareaHTMLAttributes } from "react";
import { cx } from "./class-names";
import { Field } from "./field";
import type { LabelSize } from "./field";

type NativeTextareaProps = Omit<
  TextareaHTMLAttributes<HTMLTextAreaElement>,
  "id" | "name" | "children" | "className" | "aria-describedby"
>;

export interface TextareaProps extends NativeTextareaProps {
  id: string;
  name: string;
  label: ReactNode;
  labelSize?: LabelSize;
  labelAsHeading?: boolean;
  optional?: boolean;
  hint?: ReactNode;
  error?: string;
  /** Already translated text such as "Bạn có thể nhập tối đa 500 ký tự". */
  characterCountHint?: string;
  describedBy?: string;
  className?: string;
  formGroupClassName?: string;
}

export function Textarea({
  id,
  name,
  label,
  labelSize,
  labelAsHeading,
  optional,
  hint,
  error,
  characterCountHint,
  describedBy,
  className,
  formGroupClassName,
  rows = 5,
  ...rest
}: TextareaProps) {
  const countId = characterCountHint ? `${id}-info` : undefined;
  return (
    <Field
      id={id}
      label={label}
      labelSize={labelSize}
      labelAsHeading={labelAsHeading}
      optional={optional}
      hint={hint}
      error={error}
      describedBy={describedBy}
      afterId={countId}
      after={
        characterCountHint ? (
          <div id={countId} className="govuk-hint govuk-character-count__message">
            {characterCountHint}
          </div>
        ) : null
      }
      className={cx(characterCountHint && "govuk-character-count", formGroupClassName)}
    >
      {(control) => (
        <textarea
          {...rest}
          id={control.id}
          name={name}
          rows={rows}
          aria-describedby={control.describedBy}
          aria-invalid={control.invalid || undefined}
          className={cx("govuk-textarea", control.invalid && "govuk-textarea--error", className)}
        />
      )}
    </Field>
  );
}
