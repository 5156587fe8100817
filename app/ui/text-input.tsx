import type { InputHTMLAttributes } from "react";
import { cx } from "./class-names";
import { Field, splitFieldProps, type ControlFieldProps } from "./field";

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

export interface TextInputProps extends NativeInputProps, ControlFieldProps {
  type?: "text" | "email" | "tel" | "url" | "number" | "password" | "search";
  width?: InputWidth;
  /** Text shown before the box, e.g. a currency sign (hidden from screen readers: say it in the label). */
  prefix?: string;
  suffix?: string;
}

export function TextInput({ type = "text", width, prefix, suffix, ...props }: TextInputProps) {
  const { field, name, className, native: rest } = splitFieldProps(props);
  return (
    <Field {...field}>
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
