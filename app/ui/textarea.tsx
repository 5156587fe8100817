import type { TextareaHTMLAttributes } from "react";
import { cx } from "./class-names";
import { Field, splitFieldProps, type ControlFieldProps } from "./field";

type NativeTextareaProps = Omit<
  TextareaHTMLAttributes<HTMLTextAreaElement>,
  "id" | "name" | "children" | "className" | "aria-describedby"
>;

export interface TextareaProps extends NativeTextareaProps, ControlFieldProps {
  /** Already translated text such as "Bạn có thể nhập tối đa 500 ký tự". */
  characterCountHint?: string;
}

export function Textarea({ characterCountHint, rows = 5, ...props }: TextareaProps) {
  const { field, name, className, native: rest } = splitFieldProps(props);
  const countId = characterCountHint ? `${field.id}-info` : undefined;
  return (
    <Field
      {...field}
      afterId={countId}
      after={
        characterCountHint ? (
          <div id={countId} className="govuk-hint govuk-character-count__message">
            {characterCountHint}
          </div>
        ) : null
      }
      className={cx(characterCountHint && "govuk-character-count", field.className)}
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
