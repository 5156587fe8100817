import type { LoaderFunctionArgs } from "@remix-run/node";
import { openDataResponse } from "./statistics/open-data-response.server";

// The public statistics as open data, JSON "dvc-statistics/1" (docs/open-data/statistics.md).
export async function loader({ request, context }: LoaderFunctionArgs) {
  return openDataResponse(request, context.db, "json");
}
