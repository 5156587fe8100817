import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { cx, joinIds } from "./class-names";
import { ErrorMessage } from "./error-message";

export type LabelSize = "xl" | "l" | "m" | "s";

export interface LabelProps {
  htmlFor?: string;
  id?: string;
  children: ReactNode;
  size?: LabelSize;
  /** Wraps the label in an <h1> (one question per page pattern). */
  asPageHeading?: boolean;
  /** Appends "(không bắt buộc)". */
  optional?: boolean;
  className?: string;
}

export function Label({ htmlFor, id, children, size, asPageHeading, optional, className }: LabelProps) {
  const { t } = useTranslation("common");
  const label = (
    <label id={id} htmlFor={htmlFor} className={cx("govuk-label", size && `govuk-label--${size}`, className)}>
      {children}
      {optional ? <span className="app-optional"> {t("optional")}</span> : null}
    </label>
  );
  return asPageHeading ? <h1 className="govuk-label-wrapper">{label}</h1> : label;
}

export interface HintProps {
  id: string;
  children: ReactNode;
  className?: string;
}

export function Hint({ id, children, className }: HintProps) {
  return (
    <div id={id} className={cx("govuk-hint", className)}>
      {children}
    </div>
  );
}

export interface FormGroupProps {
  /** When set, the group gets the error class (red left border). */
  error?: string | boolean;
  className?: string;
  children: ReactNode;
}

export function FormGroup({ error, className, children }: FormGroupProps) {
  return <div className={cx("govuk-form-group", error && "govuk-form-group--error", className)}>{children}</div>;
}

export interface FieldIds {
  hintId: string | undefined;
  errorId: string | undefined;
  /** Value for aria-describedby: extra ids, then hint, then error. */
  describedBy: string | undefined;
}

/** Ids used by a field's hint and error, chained for aria-describedby. */
export function fieldIds(
  id: string,
  opts: { hint?: ReactNode; error?: string; describedBy?: string; extra?: string },
): FieldIds {
  const hintId = opts.hint ? `${id}-hint` : undefined;
  const errorId = opts.error ? `${id}-error` : undefined;
  return { hintId, errorId, describedBy: joinIds(opts.describedBy, hintId, errorId, opts.extra) };
}

export interface FieldControl {
  id: string;
  describedBy: string | undefined;
  invalid: boolean;
}

export interface FieldProps {
  id: string;
  label: ReactNode;
  labelSize?: LabelSize;
  labelAsHeading?: boolean;
  optional?: boolean;
  hint?: ReactNode;
  error?: string;
  /** Ids of other elements that describe the control (prepended). */
  describedBy?: string;
  /** Id of text after the control that also describes it (e.g. a character count). */
  afterId?: string;
  after?: ReactNode;
  className?: string;
  children: (control: FieldControl) => ReactNode;
}

/** Form group with label, hint and inline error; the control gets aria-describedby chained. */
export function Field({
  id,
  label,
  labelSize,
  labelAsHeading,
  optional,
  hint,
  error,
  describedBy,
  afterId,
  after,
  className,
  children,
}: FieldProps) {
  const ids = fieldIds(id, { hint, error, describedBy, extra: afterId });
  return (
    <FormGroup error={error} className={className}>
      <Label htmlFor={id} size={labelSize} asPageHeading={labelAsHeading} optional={optional}>
        {label}
      </Label>
      {hint && ids.hintId ? <Hint id={ids.hintId}>{hint}</Hint> : null}
      {error && ids.errorId ? <ErrorMessage id={ids.errorId}>{error}</ErrorMessage> : null}
      {children({ id, describedBy: ids.describedBy, invalid: Boolean(error) })}
      {after}
    </FormGroup>
  );
}

/** The props every labelled form control shares; the rest of a control's props go to its native element. */
export interface ControlFieldProps {
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

/** Split a control's props into the Field's, its name and class, and the native element's. */
export function splitFieldProps<P extends ControlFieldProps>(props: P) {
  const { id, name, label, labelSize, labelAsHeading, optional, hint, error, describedBy, className, formGroupClassName, ...native } =
    props;
  const field = { id, label, labelSize, labelAsHeading, optional, hint, error, describedBy, className: formGroupClassName };
  return { field, name, className, native };
}
