import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import resourcesToBackend from "i18next-resources-to-backend";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { getInitialNamespaces } from "remix-i18next/client";
import { fallbackLanguage, i18nOptions, isLanguage } from "./i18n";

// Each namespace of each language is its own hashed chunk: the browser downloads only the language and
// namespaces of the page, cached for good (the URL changes when the text does).
const loaders = import.meta.glob<Record<string, unknown>>("../locales/*/*.json", { import: "default" });

async function hydrate() {
  const htmlLang = document.documentElement.lang;
  const lng = isLanguage(htmlLang) ? htmlLang : fallbackLanguage;
  await i18next
    .use(initReactI18next)
    .use(
      resourcesToBackend(async (language: string, namespace: string) => {
        const load = loaders[`../locales/${language}/${namespace}.json`];
        if (!load) throw new Error(`No translations for ${language}/${namespace}`);
        return load();
      }),
    )
    .init({ ...i18nOptions, lng, ns: getInitialNamespaces() });

  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    );
  });
}

void hydrate();
