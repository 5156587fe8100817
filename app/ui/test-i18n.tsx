// Test helper (not exported from index.ts): renders components with Vietnamese built-in words.
import { createInstance } from "i18next";
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import common from "../../locales/vi/common.json";

export const testI18n = createInstance();
void testI18n.use(initReactI18next).init({
  lng: "vi",
  fallbackLng: "vi",
  ns: ["common"],
  defaultNS: "common",
  resources: { vi: { common } },
  interpolation: { escapeValue: false },
  initImmediate: false,
  react: { useSuspense: false },
});

export function render(element: ReactElement): string {
  return renderToStaticMarkup(<I18nextProvider i18n={testI18n}>{element}</I18nextProvider>);
}

/** Parses markup into a throwaway DOM-free view: the attributes of the first element matching a simple selector. */
export function attrsOf(html: string, tag: string, id: string): Record<string, string> | undefined {
  const re = new RegExp(`<${tag}\\b([^>]*)\\bid="${id}"([^>]*)>|<${tag}\\b([^>]*)>`, "g");
  for (const match of html.matchAll(re)) {
    const raw = match[0];
    if (!raw.includes(`id="${id}"`)) continue;
    const attrs: Record<string, string> = {};
    for (const a of raw.matchAll(/([\w:-]+)(?:="([^"]*)")?/g)) {
      if (a[1] && a[1] !== tag) attrs[a[1].toLowerCase()] = a[2] ?? "";
    }
    return attrs;
  }
  return undefined;
}
