// Test helper: draws a route's page on the server (no JavaScript) from loader and action data the test chooses.
//
//   vi.mock("@remix-run/react", async () => (await import("./render-page.test-helper")).remixReactStub);
//   const { default: Page } = await import("./some.route");
//   const render = pageRenderer({ common, dossiers });
//   pageState.loader = { … }; pageState.action = undefined;
//   expect(render(<Page />)).toContain(…);
//
// This module must not import @remix-run/react itself (it stands in for it).
import { createInstance, type Resource } from "i18next";
import { forwardRef, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";

/** What useLoaderData and useActionData return: set before each render. */
export const pageState: { loader: unknown; action: unknown } = { loader: null, action: undefined };

type FormProps = { children?: ReactNode; encType?: string; method?: string; action?: string; id?: string; noValidate?: boolean; className?: string };

/** @remix-run/react as a page drawn with renderToStaticMarkup sees it: plain <form> and <a>, data from `pageState`. */
export const remixReactStub = {
  useLoaderData: () => pageState.loader,
  useActionData: () => pageState.action,
  Form: forwardRef<HTMLFormElement, FormProps>(function Form({ children, encType, method, action, id, noValidate, className }, ref) {
    return (
      <form ref={ref} encType={encType} method={method} action={action} id={id} noValidate={noValidate} className={className}>
        {children}
      </form>
    );
  }),
  Link: ({ to, children, className }: { to: string; children: ReactNode; className?: string }) => (
    <a href={to} className={className}>
      {children}
    </a>
  ),
  useRouteError: () => null,
  useRouteLoaderData: () => null,
  isRouteErrorResponse: () => false,
};

/** Renders elements in Vietnamese with these namespaces of locales/vi ("common" is the default namespace). */
export function pageRenderer(namespaces: Resource[string]): (node: ReactNode) => string {
  const i18n = createInstance();
  void i18n.use(initReactI18next).init({
    lng: "vi",
    fallbackLng: "vi",
    ns: Object.keys(namespaces),
    defaultNS: "common",
    resources: { vi: namespaces },
    interpolation: { escapeValue: false },
    initImmediate: false,
    react: { useSuspense: false },
  });
  return (node) => renderToStaticMarkup(<I18nextProvider i18n={i18n}>{node}</I18nextProvider>);
}
