// Where a visitor goes after signing in: only a path on this portal, never another site or a sign-in page.

export const EID_START = "/sign-in/vneid";

/** A path on this portal to return to after signing in; anything else (another site, the sign-in pages) → `fallback`. */
export function safeReturnTo(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length > 300) return fallback;
  if (!/^\/(?![/\\])[A-Za-z0-9/._~%?=&+-]*$/.test(value)) return fallback;
  if (value === "/sign-in" || value.startsWith("/sign-in/") || value.startsWith("/sign-in?")) return fallback;
  return value;
}

/** The address that starts an eID sign-in, carrying where to return. */
export function eidStartHref(returnTo: string): string {
  const safe = safeReturnTo(returnTo);
  return safe === "/" ? EID_START : `${EID_START}?returnTo=${encodeURIComponent(safe)}`;
}

/** The page that confirms whom the eID provider verified, then goes on to where the visitor was going. */
export function eidDoneHref(returnTo: string): string {
  const safe = safeReturnTo(returnTo);
  return safe === "/" ? `${EID_START}/done` : `${EID_START}/done?returnTo=${encodeURIComponent(safe)}`;
}
