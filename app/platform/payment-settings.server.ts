import type { PaymentSettings } from "../domain/payments/payments.server";
import type { Env } from "./env.server";

// The payments' settings from the configuration (VNPAY_*, VIETQR_*, RECEIPT_*, PAYMENT_*; README, Configuration).
// Apart from the services (payment-services.server.ts) because app/server.ts, which runs outside Vite, builds the
// context with them. A provider whose settings are absent is simply not offered.

type PaymentEnv = Pick<
  Env,
  | "VNPAY_TMN_CODE"
  | "VNPAY_HASH_SECRET"
  | "VNPAY_PAY_URL"
  | "VNPAY_API_URL"
  | "VNPAY_EXPIRY_MINUTES"
  | "VIETQR_BANK_BIN"
  | "VIETQR_BANK_NAME"
  | "VIETQR_ACCOUNT"
  | "VIETQR_ACCOUNT_NAME"
  | "VIETQR_EXPIRY_HOURS"
  | "RECEIPT_TYPE_NAME"
  | "RECEIPT_TEMPLATE_SYMBOL"
  | "RECEIPT_SERIES_LETTERS"
  | "RECEIPT_COLLECTOR_NAME"
  | "RECEIPT_COLLECTOR_TAX_CODE"
  | "RECEIPT_COLLECTOR_ADDRESS"
  | "PAYMENT_PAY_LATER_WORKING_DAYS"
  | "PAYMENT_PAUSES_CLOCK"
>;

export function paymentSettingsFromEnv(env: PaymentEnv, origin: string): PaymentSettings {
  return {
    origin,
    vnpay:
      env.VNPAY_TMN_CODE && env.VNPAY_HASH_SECRET && env.VNPAY_PAY_URL && env.VNPAY_API_URL
        ? { tmnCode: env.VNPAY_TMN_CODE, hashSecret: env.VNPAY_HASH_SECRET, payUrl: env.VNPAY_PAY_URL, apiUrl: env.VNPAY_API_URL, expiryMinutes: env.VNPAY_EXPIRY_MINUTES }
        : null,
    vietqr:
      env.VIETQR_BANK_BIN && env.VIETQR_BANK_NAME && env.VIETQR_ACCOUNT && env.VIETQR_ACCOUNT_NAME
        ? { bankBin: env.VIETQR_BANK_BIN, bankName: env.VIETQR_BANK_NAME, account: env.VIETQR_ACCOUNT, accountName: env.VIETQR_ACCOUNT_NAME, expiryHours: env.VIETQR_EXPIRY_HOURS }
        : null,
    receipt: {
      typeName: env.RECEIPT_TYPE_NAME,
      templateSymbol: env.RECEIPT_TEMPLATE_SYMBOL,
      seriesLetters: env.RECEIPT_SERIES_LETTERS,
      collector: { name: env.RECEIPT_COLLECTOR_NAME, taxCode: env.RECEIPT_COLLECTOR_TAX_CODE ?? null, address: env.RECEIPT_COLLECTOR_ADDRESS ?? null },
    },
    // VNPay's querydr and refund carry the merchant server's address; the portal's own.
    serverIp: "127.0.0.1",
    payLaterWorkingDays: env.PAYMENT_PAY_LATER_WORKING_DAYS,
    acceptanceWorkingHours: 8,
    pausesClock: env.PAYMENT_PAUSES_CLOCK === "1",
  };
}

/** The settings a context without configured payments has (route tests): no gateway, no transfer, the default receipt. */
export const DEFAULT_PAYMENT_SETTINGS: Omit<PaymentSettings, "origin"> = {
  vnpay: null,
  vietqr: null,
  receipt: { typeName: "Biên lai thu phí, lệ phí không in sẵn mệnh giá", templateSymbol: "01BLP0-001", seriesLetters: "BL", collector: { name: "Trung tâm Phục vụ hành chính công tỉnh Hà Giang", taxCode: null, address: null } },
  serverIp: "127.0.0.1",
  payLaterWorkingDays: 5,
  acceptanceWorkingHours: 8,
  pausesClock: true,
};
