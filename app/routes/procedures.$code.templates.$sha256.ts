import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { procedureTemplate } from "~/domain/procedures/catalog.server";
import { todayInVietnam } from "~/domain/shared/format";

// A procedure's template file (mẫu đơn, tờ khai), addressed by content hash: cacheable for ever.
export async function loader({ params, context }: LoaderFunctionArgs) {
  const sha256 = params.sha256 ?? "";
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Response(null, { status: 404 });
  const file = await procedureTemplate(context.db, params.code ?? "", sha256, todayInVietnam());
  if (!file) throw new Response(null, { status: 404 });
  const encoded = encodeURIComponent(file.fileName);
  return new Response(createReadableStreamFromReadable(context.storage.read(file.storage_key)), {
    headers: {
      "Content-Type": file.media_type,
      "Content-Length": String(file.size),
      "Content-Disposition": `attachment; filename="${file.fileName.replace(/[^\w.-]/g, "_")}"; filename*=UTF-8''${encoded}`,
      "Cache-Control": "public, max-age=31536000, immutable",
      ETag: `"${sha256}"`,
    },
  });
}
