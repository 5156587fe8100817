import type { InputHTMLAttributes, ReactNode } from "react";
import { cx } from "./class-names";
import { Field } from "./field";
import type { LabelSize } from "./field";

type NativeFileProps = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  "id" | "name" | "type" | "children" | "className" | "aria-describedby" | "defaultValue" | "value"
>;

export interface FileUploadProps extends NativeFileProps {
  id: string;
  name: string;
  label: ReactNode;
  labelSize?: LabelSize;
  labelAsHeading?: boolean;
  optional?: boolean;
  hint?: ReactNode;
  error?: string;
  describedBy?: string;
  className?: string;
  formGroupClassName?: string;
}

/** Native file input (works without JS; the form needs encType="multipart/form-data"). */
export function FileUpload({
  id,
  name,
  label,
  labelSize,
  labelAsHeading,
  optional,
  hint,
  error,
  describedBy,
  className,
  formGroupClassName,
  ...rest
}: FileUploadProps) {
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
        <input
          {...rest}
          id={control.id}
          name={name}
          type="file"
          aria-describedby={control.describedBy}
          aria-invalid={control.invalid || undefined}
          className={cx("govuk-file-upload", control.invalid && "govuk-file-upload--error", className)}
        />
      )}
    </Field>
  );
}
