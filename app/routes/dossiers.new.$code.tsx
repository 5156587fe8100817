import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { i18nServer } from "~/platform/i18n.server";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";
import { PendingFeature } from "~/ui/pending-feature";

// Online filing (issue 5) replaces this page; the procedure page's start button already points here.
export async function loader({ request }: LoaderFunctionArgs) {
  const t = await i18nServer.getFixedT(request, "procedures");
  return { title: t("filing.title") };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export default function Page() {
  const { title } = useLoaderData<typeof loader>();
  return <PendingFeature feature={title} />;
}

export const ErrorBoundary = GeneralErrorBoundary;
