import type { AnchorHTMLAttributes, ButtonHTMLAttributes, ReactNode } from "react";
import { cx } from "./class-names";

export type ButtonVariant = "primary" | "secondary" | "warning" | "inverse";

interface CommonButtonProps {
  children: ReactNode;
  variant?: ButtonVariant;
  /** Large call to action with an arrow, for the start of a service. */
  isStartButton?: boolean;
  className?: string;
}

export interface ButtonAsButtonProps
  extends CommonButtonProps,
    Omit<ButtonHTMLAttributes<HTMLButtonElement>, "children" | "className"> {
  href?: undefined;
}

export interface ButtonAsLinkProps
  extends CommonButtonProps,
    Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "children" | "className" | "href"> {
  href: string;
}

export type ButtonProps = ButtonAsButtonProps | ButtonAsLinkProps;

function StartIcon() {
  return (
    <svg
      className="govuk-button__start-icon"
      xmlns="http://www.w3.org/2000/svg"
      width="17.5"
      height="19"
      viewBox="0 0 33 40"
      aria-hidden="true"
      focusable="false"
    >
      <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
    </svg>
  );
}

/** A <button> (default type "submit"; give `name`/`value` for intent buttons) or, with `href`, a link styled as a button. */
export function Button(props: ButtonProps) {
  const { children, variant = "primary", isStartButton, className, ...native } = props;
  const classes = cx(
    "govuk-button",
    variant !== "primary" && `govuk-button--${variant}`,
    isStartButton && "govuk-button--start",
    className,
  );
  const content = (
    <>
      {children}
      {isStartButton ? <StartIcon /> : null}
    </>
  );
  if (typeof native.href === "string") {
    const anchorProps = native as Omit<ButtonAsLinkProps, keyof CommonButtonProps>;
    return (
      <a {...anchorProps} role="button" draggable="false" className={classes}>
        {content}
      </a>
    );
  }
  const { type = "submit", ...buttonProps } = native as Omit<ButtonAsButtonProps, keyof CommonButtonProps | "href">;
  return (
    <button {...buttonProps} type={type} className={classes}>
      {content}
    </button>
  );
}

export interface ButtonGroupProps {
  children: ReactNode;
  className?: string;
}

/** Lines up buttons and links side by side on wider screens, stacked on phones. */
export function ButtonGroup({ children, className }: ButtonGroupProps) {
  return <div className={cx("govuk-button-group", className)}>{children}</div>;
}
