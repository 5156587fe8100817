import type { ReactNode, SelectHTMLAttributes } from "react";
import { cx } from "./class-names";
import { Field } from "./field";
import type { LabelSize } from "./field";

export interface SelectOption {
  value: string;
  text: string;
  disabled?: boolean;
}

type NativeSelectProps = Omit<
  SelectHTMLAttributes<HTMLSelectElement>,
  "id" | "name" | "children" | "className" | "aria-describedby"
>;

export interface SelectProps extends NativeSelectProps {
  id: string;
  name: string;
  label: ReactNode;
  labelSize?: LabelSize;
  labelAsHeading?: boolean;
  optional?: boolean;
  hint?: ReactNode;
  error?: string;
  options: SelectOption[];
  describedBy?: string;
  className?: string;
  formGroupClassName?: string;
}

export function Select({
  id,
  name,
  label,
  labelSize,
  labelAsHeading,
  optional,
  hint,
  error,
  options,
  describedBy,
  className,
  formGroupClassName,
  ...rest
}: SelectProps) {
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
      {(control) => (
        <select
          {...rest}
          id={control.id}
          name={name}
          aria-describedby={control.describedBy}
          aria-invalid={control.invalid || undefined}
          className={cx("govuk-select", control.invalid && "govuk-select--error", className)}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value} disabled={o.disabled}>
              {o.text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
