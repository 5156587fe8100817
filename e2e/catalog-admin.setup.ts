import { expect, test as setup } from "@playwright/test";
import { acceptInvitation, CATALOG_ADMIN_STATE, inviteFromConsole, signInOfficial } from "./officials";

// Before the journeys: one official of the Department of Justice with the catalog_admin role, invited from the
// console, enrolled and signed in through the real pages. The catalog journeys start from this browser state (a
// second factor cannot be replayed within 30 seconds, so each journey cannot sign in afresh).

setup("a catalog administrator signs in", async ({ page }) => {
  setup.setTimeout(60_000);
  const email = `danh.muc.${Date.now()}@hagiang.gov.vn`;
  const password = "ruộng bậc thang Hoàng Su Phì mùa nước đổ";
  const link = inviteFromConsole(email, "Hoàng Thị Dung", ["catalog_admin"], "000.00.07.H22");
  const secret = await acceptInvitation(page, link, password);

  await page.goto("/admin/catalog");
  await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Fadmin%2Fcatalog/);
  await signInOfficial(page, email, password, secret);
  await expect(page).toHaveURL(/\/admin\/catalog$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Danh mục thủ tục hành chính");
  await page.context().storageState({ path: CATALOG_ADMIN_STATE });
});
