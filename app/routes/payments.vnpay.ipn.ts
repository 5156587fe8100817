import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleVnpayIpn } from "~/domain/payments/payments.server";
import { paymentDeps } from "~/platform/payment-services.server";

// VNPay's IPN (server to server; shared/domain/payments.md §2.2): the only VNPay call that moves money state. GET as
// VNPay sends it, POST (form or query) to be safe. Always HTTP 200 with {"RspCode","Message"}: 97 bad signature, 01 no
// such order, 04 another amount, 02 already confirmed, 00 recorded (a failure too), 99 anything unexpected (VNPay
// retries). Never a 500, never a page.

function paramsOf(entries: Iterable<[string, FormDataEntryValue | string]>): Record<string, string> {
  const out: Record<string, string> = {};
  let n = 0;
  for (const [k, v] of entries) {
    if (typeof v !== "string" || !k.startsWith("vnp_") || ++n > 40) continue;
    out[k] = v.slice(0, 1000);
  }
  return out;
}

async function answer(context: LoaderFunctionArgs["context"], params: Record<string, string>) {
  try {
    const result = await handleVnpayIpn(context.db, paymentDeps(context), { params, ip: context.clientIp });
    if (result.RspCode !== "00" && result.RspCode !== "02") context.logger.warn("vnpay ipn refused", { requestId: context.requestId, rspCode: result.RspCode, ip: context.clientIp });
    return Response.json(result, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    context.logger.error("vnpay ipn failed", { requestId: context.requestId, err: error });
    return Response.json({ RspCode: "99", Message: "Unknown error" }, { headers: { "Cache-Control": "no-store" } });
  }
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  return answer(context, paramsOf(new URL(request.url).searchParams));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const query = paramsOf(new URL(request.url).searchParams);
  let body: Record<string, string> = {};
  try {
    const type = request.headers.get("Content-Type") ?? "";
    if (type.includes("application/json")) {
      const json = (await request.json()) as unknown;
      body = json && typeof json === "object" ? paramsOf(Object.entries(json as Record<string, unknown>).map(([k, v]) => [k, typeof v === "string" ? v : String(v)] as [string, string])) : {};
    } else if (type.includes("form")) {
      body = paramsOf((await request.formData()).entries());
    }
  } catch {
    body = {};
  }
  return answer(context, { ...query, ...body });
}
