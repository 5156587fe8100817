import type { InputHTMLAttributes } from "react";
import { cx } from "./class-names";
import { Field, splitFieldProps, type ControlFieldProps } from "./field";

type NativeFileProps = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  "id" | "name" | "type" | "children" | "className" | "aria-describedby" | "defaultValue" | "value"
>;

export type FileUploadProps = NativeFileProps & ControlFieldProps;

/** Native file input (works without JS; the form needs encType="multipart/form-data"). */
export function FileUpload(props: FileUploadProps) {
  const { field, name, className, native: rest } = splitFieldProps(props);
  return (
    <Field {...field}>
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
