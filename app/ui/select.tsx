import type { SelectHTMLAttributes } from "react";
import { cx } from "./class-names";
import { Field, splitFieldProps, type ControlFieldProps } from "./field";

export interface SelectOption {
  value: string;
  text: string;
  disabled?: boolean;
}

type NativeSelectProps = Omit<
  SelectHTMLAttributes<HTMLSelectElement>,
  "id" | "name" | "children" | "className" | "aria-describedby"
>;

export interface SelectProps extends NativeSelectProps, ControlFieldProps {
  options: SelectOption[];
}

export function Select({ options, ...props }: SelectProps) {
  const { field, name, className, native: rest } = splitFieldProps(props);
  return (
    <Field {...field}>
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
