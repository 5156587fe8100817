import { expect, type Page } from "@playwright/test";

// Paying through the local VNPay gateway (tools/vnpay-simulator.ts, started by the e2e configuration): from the
// dossier's payment page, choose VNPay, land on the gateway's page, pick the outcome the journey needs, confirm. The
// gateway calls the portal's IPN, then sends the browser back to /payments/vnpay/return.

export type GatewayOutcome = "Thanh toán thành công" | "Tài khoản không đủ số dư" | "Khách hàng hủy giao dịch";

/** From the pay page to the gateway's page for the open request (the order is shown there). */
export async function openGateway(page: Page): Promise<void> {
  await page.getByLabel("Thanh toán trực tuyến qua VNPay").check();
  await page.getByRole("button", { name: /^Thanh toán / }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thanh toán đơn hàng");
}

/** Confirm on the gateway's page with an outcome (and with or without the IPN). */
export async function confirmAtGateway(page: Page, outcome: GatewayOutcome, options: { ipn?: boolean } = {}): Promise<void> {
  await page.getByLabel(outcome).check();
  if (options.ipn === false) await page.getByLabel("Gửi IPN cho cửa hàng").uncheck();
  await page.getByRole("button", { name: "Xác nhận" }).click();
}

/** The whole round trip from the pay page: back on the portal's return page. */
export async function payAtGateway(page: Page, outcome: GatewayOutcome, options: { ipn?: boolean } = {}): Promise<void> {
  await openGateway(page);
  await confirmAtGateway(page, outcome, options);
  await expect(page).toHaveURL(/\/payments\/vnpay\/return\?/);
}
