import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { i18nServer } from "~/platform/i18n.server";
import { GeneralErrorBoundary } from "~/ui/general-error-boundary";
import { pageTitle } from "~/ui/page-title";
import { PendingFeature } from "~/ui/pending-feature";

// Identity and access (issue 4) replaces this page.
export async function loader({ request }: LoaderFunctionArgs) {
  const t = await i18nServer.getFixedT(request, "common");
  return { title: t("header.signIn") };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

export default function Page() {
  const { title } = useLoaderData<typeof loader>();
  return <PendingFeature feature={title} />;
}

export const ErrorBoundary = GeneralErrorBoundary;
