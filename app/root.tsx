import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteLoaderData,
} from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import appCss from "./styles/app.css?url";
import { fallbackLanguage, isLanguage, type Language } from "./i18n";
import { getLanguage, i18nServer } from "./platform/i18n.server";
import { headerStateOf } from "./platform/auth.server";
import { ActingForBanner } from "./ui/acting-for-banner";
import { todayInVietnam } from "./domain/shared/format";
import { GeneralErrorBoundary } from "./ui/general-error-boundary";
import { useNonce } from "./ui/nonce";
import { SiteFooter, SiteHeader } from "./ui/site-chrome";
import { pageScripts } from "./ui/page-scripts";

export const handle = { i18n: ["common", "errors"] };

export const links: LinksFunction = () => [
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "stylesheet", href: appCss },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const lang = await getLanguage(request);
  const t = await i18nServer.getFixedT(lang, ["common", "errors", "organisations"]);
  const { signedIn, actingFor } = await headerStateOf(request, context);
  return {
    lang,
    signedIn,
    requestId: context.requestId,
    year: todayInVietnam().slice(0, 4),
    siteName: t("common:site.name"),
    tagline: t("common:site.tagline"),
    errorTitles: { notFound: t("errors:notFound.title"), server: t("errors:server.title") },
    actingFor: actingFor ? { text: t("organisations:actingFor.banner", actingFor), change: t("organisations:actingFor.change") } : null,
  };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.siteName ?? "" },
  { name: "description", content: data?.tagline ?? "" },
];

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<RootData>("root");
  const { i18n } = useTranslation();
  const lang: Language = data?.lang ?? (isLanguage(i18n.language) ? i18n.language : fallbackLanguage);
  const nonce = useNonce();
  const location = useLocation();
  // Public reading pages work as plain HTML and ship no framework JavaScript (docs/decisions/0009); a route says so
  // with `handle.hydrate = false` and may name small enhancement scripts of its own.
  const matches = useMatches();
  const { hydrate, scripts } = pageScripts(matches);
  // The counter's kiosk (a tablet handed to the applicant; issue 10) shows the page alone: no header, menus or footer.
  const kiosk = matches.some((m) => (m.handle as { chrome?: unknown } | undefined)?.chrome === "kiosk");
  return (
    <html lang={lang} className="govuk-template">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#a50e0e" />
        <Meta />
        <Links />
      </head>
      <body className="govuk-template__body">
        {kiosk ? null : <SiteHeader lang={lang} pathname={location.pathname} search={location.search} signedIn={data?.signedIn ?? false} />}
        {data?.actingFor && !kiosk ? <ActingForBanner text={data.actingFor.text} changeText={data.actingFor.change} changeHref="/account/acting-for" /> : null}
        <div className="govuk-width-container">
          <main className="govuk-main-wrapper" id="main-content" tabIndex={-1}>
            {children}
          </main>
        </div>
        {kiosk ? null : <SiteFooter year={data?.year ?? ""} />}
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : (
          scripts.map((src) => <script key={src} type="module" src={src} />)
        )}
      </body>
    </html>
  );
}

export default function App() {
  const data = useRouteLoaderData<RootData>("root");
  useChangeLanguage(data?.lang ?? fallbackLanguage);
  return <Outlet />;
}

export const ErrorBoundary = GeneralErrorBoundary;
