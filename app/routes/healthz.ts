import type { LoaderFunctionArgs } from "@remix-run/node";
import { pingDatabase } from "~/platform/db.server";

// Liveness and readiness for load balancers and monitoring: 200 only when the database answers.
export async function loader({ context }: LoaderFunctionArgs) {
  const headers = { "Cache-Control": "no-store" };
  const started = performance.now();
  try {
    await pingDatabase(context.db, 2000);
    const ms = Math.round((performance.now() - started) * 10) / 10;
    return Response.json(
      { status: "ok", version: context.version, checks: { database: { status: "ok", engine: context.engine, ms } } },
      { headers },
    );
  } catch (error) {
    context.logger.warn("health check failed", { requestId: context.requestId, err: error });
    return Response.json(
      { status: "error", version: context.version, checks: { database: { status: "unreachable", engine: context.engine } } },
      { status: 503, headers },
    );
  }
}
