// Where a visitor goes after signing in: only a path on this portal, never another site or a sign-in page.

export const EID_START = "/sign-in/vneid";

/** A path on this portal to return to after signing in; anything else (another site, the sign-in pages) → "/". */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== "string" || value.length > 300) return "/";
  if (!/^\/(?![/\\])[A-Za-z0-9/._~%?=&+-]*$/.test(value)) return "/";
  if (value === "/sign-in" || value.startsWith("/sign-in/") || value.startsWith("/sign-in?")) return "/";
  return value;
}

/** The address that starts an eID sign-in, carrying where to return. */
export function eidStartHref(returnTo: string): string {
  const safe = safeReturnTo(returnTo);
  return safe === "/" ? EID_START : `${EID_START}?returnTo=${encodeURIComponent(safe)}`;
}
