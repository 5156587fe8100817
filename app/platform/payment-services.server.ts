import type { AppLoadContext } from "@remix-run/node";
import { randomBytes } from "node:crypto";
import type { TFunction } from "i18next";
import type { PaymentDeps, PaymentSettings } from "../domain/payments/payments.server";
import { receiptPdf } from "../domain/payments/receipt-pdf.server";
import { backOfficeServices, backOfficeSettings } from "./back-office-services.server";
import { createServerI18n } from "./i18n.server";
import { DEFAULT_PAYMENT_SETTINGS } from "./payment-settings.server";
export { paymentSettingsFromEnv } from "./payment-settings.server";

// What the payments' use cases need from the platform (issue 9): the settings (VNPAY_*, VIETQR_*, RECEIPT_*), the
// VNPay merchant API over HTTPS (JSON, 15 s timeout), randomness for references and request ids, the blob store the
// receipts' PDFs go into, the receipt's drawing in Vietnamese, and the back office's engine (6 → 4 on payment).

let receiptTexts: Promise<TFunction> | null = null;
function receiptT(): Promise<TFunction> {
  receiptTexts ??= createServerI18n("vi", ["payments"]).then((i18n) => i18n.getFixedT("vi", "payments"));
  return receiptTexts;
}

/** The settings in force (none of the providers where a context has no configuration, as in route tests). */
export function paymentSettings(context: Pick<AppLoadContext, "payments" | "origin">): PaymentSettings {
  return context.payments ?? { ...DEFAULT_PAYMENT_SETTINGS, origin: context.origin };
}

/** POST a JSON message and parse the JSON answer; a transport failure or a non-JSON answer throws. */
export async function postJson(url: string, body: Record<string, string>, timeoutMs = 15_000): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  if (!response.ok && !text.startsWith("{")) throw new Error(`HTTP ${response.status}`);
  return JSON.parse(text) as unknown;
}

export function paymentDeps(context: AppLoadContext): PaymentDeps {
  const settings = paymentSettings(context);
  return {
    settings,
    services: {
      vnpayApi: (url, body) => postJson(url, body),
      random: (n) => randomBytes(n),
      blobs: context.blobs,
      renderReceipt: async (document) => receiptPdf(document, { t: await receiptT(), origin: context.origin }),
      backOffice: { services: backOfficeServices(context), settings: backOfficeSettings(context) },
    },
  };
}
