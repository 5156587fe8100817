// The account pages' forms: zod issues as { field → i18n key } (first issue per field) and the honeypot's name.

export const HONEYPOT_FIELD = "website";

export function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? "form");
    if (!(field in out)) out[field] = issue.message;
  }
  return out;
}

/** A filled honeypot means a robot: the form pretends to succeed and does nothing. */
export function isRobot(form: FormData): boolean {
  const value = form.get(HONEYPOT_FIELD);
  return typeof value === "string" && value.length > 0;
}
