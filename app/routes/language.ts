import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { supportedLanguages } from "~/i18n";
import { languageCookie } from "~/platform/i18n.server";

// The language switch is a plain link (works without JavaScript): remember the choice, go back.
const schema = z.object({
  lng: z.enum(supportedLanguages),
  // Only a path on this site: "/x", never "//other.example" or "https://…".
  returnTo: z
    .string()
    .regex(/^\/(?![/\\])[^\s]*$/)
    .max(2000)
    .catch("/"),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const parsed = schema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) return redirect("/", 303);
  const secure = url.protocol === "https:";
  return redirect(parsed.data.returnTo, {
    status: 303,
    headers: { "Set-Cookie": await languageCookie.serialize(parsed.data.lng, { secure }) },
  });
}
