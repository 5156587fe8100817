import type { LoaderFunctionArgs } from "@remix-run/node";
import { signedDocument } from "~/domain/signatures/public-verification.server";
import { publicVerificationDeps } from "~/platform/signature-services.server";

// The exact signed PDF of a result, by its short code (the public verification page's download): the bytes the
// portal signed, from the blob store, as an attachment. Limited per address like a look-up; unknown → 404.
export async function loader({ params, context }: LoaderFunctionArgs) {
  const found = await signedDocument(publicVerificationDeps(context), { code: params.code ?? "" });
  if (!found.ok) {
    const status = found.reason === "rateLimited" ? 429 : 404;
    throw new Response(null, { status, headers: found.reason === "rateLimited" ? { "Retry-After": String(Math.ceil(found.retryAfterMs / 1000)) } : {} });
  }
  return new Response(new Uint8Array(found.bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(found.bytes.length),
      "Content-Disposition": `attachment; filename="${found.fileName}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
