import type { InputHTMLAttributes, ReactNode } from "react";
import { cx } from "./class-names";
import { Field } from "./field";
import type { LabelSize } from "./field";

export type InputWidth =
  | "2"
  | "3"
  | "4"
  | "5"
  | "10"
  | "20"
  | "30"
  | "full"
  | "three-quarters"
  | "two-thirds"
  | "one-half"
  | "one-third"
  | "one-quarter";

/** Class for a fixed character width ("10") or a fluid width ("one-half"). */
export function widthClass(width: InputWidth | undefined, base: string): string | undefined {
  if (!width) return undefined;
  return /^\d+$/.test(width) ? `${base}--width-${width}` : `govuk-!-width-${width}`;
}

type NativeInputProps = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  "id" | "name" | "type" | "prefix" | "children" | "className" | "aria-describedby" | "width"
>;

export interface TextInputProps extends NativeInputProps {
  id: string;
  name: string;
  label: ReactNode;
  labelSize?: LabelSize;
  labelAsHeading?: boolean;
  optional?: boolean;
  hint?: ReactNode;
  error?: string;
  type?: "text" | "email" | "tel" | "url" | "number" | "password" | "search";
  width?: InputWidth;
  /** Text shown before the box, e.g. a currency sign (hidden from screen readers: say it in the label). */
  prefix?: string;
  suffix?: string;
  describedBy?: string;
  className?: string;
  formGroupClassName?: string;
}

export function TextInput({
  id,
  name,
  label,
  labelSize,
  labelAsHeading,
  optional,
  hint,
  error,
  type = "text",
  width,
  prefix,
  suffix,
  describedBy,
  className,
  formGroupClassName,
  ...rest
}: TextInputProps) {
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
      className={formGroupClassName}
    >
      {(control) => {
        const input = (
          <input
            {...rest}
            id={control.id}
            name={name}
            type={type}
            aria-describedby={control.describedBy}
            aria-invalid={control.invalid || undefined}
            className={cx("govuk-input", widthClass(width, "govuk-input"), control.invalid && "govuk-input--error", className)}
          />
        );
        if (!prefix && !suffix) return input;
        return (
          <div className="govuk-input__wrapper">
            {prefix ? (
              <div className="govuk-input__prefix" aria-hidden="true">
                {prefix}
              </div>
            ) : null}
            {input}
            {suffix ? (
              <div className="govuk-input__suffix" aria-hidden="true">
                {suffix}
              </div>
            ) : null}
          </div>
        );
      }}
    </Field>
  );
}
