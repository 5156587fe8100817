import { createCookie } from "@remix-run/node";
import { createInstance, type i18n as I18n, type Resource } from "i18next";
import { initReactI18next } from "react-i18next";
import { RemixI18Next } from "remix-i18next/server";
import { fallbackLanguage, i18nOptions, supportedLanguages, type Language } from "~/i18n";

// Every namespace of every language, bundled into the server build (the browser loads only what a page needs).
const files = import.meta.glob<Record<string, unknown>>("../../locales/*/*.json", { eager: true, import: "default" });

export const resources: Resource = {};
for (const [path, content] of Object.entries(files)) {
  const match = /locales\/([^/]+)\/([^/]+)\.json$/.exec(path);
  if (!match) continue;
  const [, lng, ns] = match as unknown as [string, string, string];
  (resources[lng] ??= {})[ns] = content;
}

/** Remembers the visitor's language choice for a year. Not signed: it holds no secret. */
export const languageCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

export const i18nServer = new RemixI18Next({
  detection: {
    supportedLanguages: [...supportedLanguages],
    fallbackLanguage,
    cookie: languageCookie,
    // The visible switch (cookie) wins over the browser's Accept-Language.
    order: ["cookie", "header"],
  },
  i18next: { ...i18nOptions, resources },
});

export async function getLanguage(request: Request): Promise<Language> {
  return (await i18nServer.getLocale(request)) as Language;
}

/** A fresh i18next instance for one server render. */
export async function createServerI18n(lng: Language, ns: string[]): Promise<I18n> {
  const instance = createInstance();
  await instance.use(initReactI18next).init({ ...i18nOptions, lng, ns: [...new Set(["common", ...ns])], resources });
  return instance;
}
