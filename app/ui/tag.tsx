import type { ReactNode } from "react";
import { cx } from "./class-names";

export type TagColour = "blue" | "grey" | "green" | "turquoise" | "light-blue" | "purple" | "pink" | "red" | "orange" | "yellow";

export interface TagProps {
  children: ReactNode;
  /** Default blue. */
  colour?: TagColour;
  className?: string;
}

export function Tag({ children, colour = "blue", className }: TagProps) {
  return <strong className={cx("govuk-tag", colour !== "blue" && `govuk-tag--${colour}`, className)}>{children}</strong>;
}
