import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./axe";

// Every page, in both languages: axe (WCAG 2.1 AA) finds nothing. The pages whose layout changes most on a
// small phone are checked there too (tagged @phone).
const ON_PHONE = new Set(["/", "/agencies", "/ui", "/procedures/1.001193"]);
const PAGES = ["/", "/procedures", "/procedures?q=khai+sinh&online=FULL", "/procedures/1.001193", "/procedures/2.000488", "/dossiers/new/1.001193", "/dossiers/track", "/feedback", "/feedback/track", "/feedback/answers", "/statistics", "/sign-in", "/agencies", "/accessibility", "/privacy", "/ui", "/khong-co-trang-nay"];

for (const locale of ["vi-VN", "en-GB"]) {
  for (const path of PAGES) {
    const tag = ON_PHONE.has(path) ? " @phone" : "";
    test(`axe finds no WCAG 2.1 AA violation on ${path} (${locale})${tag}`, async ({ browser }, testInfo) => {
      const { viewport, userAgent, deviceScaleFactor, isMobile, hasTouch, baseURL } = testInfo.project.use;
      const context = await browser.newContext({ viewport, userAgent, deviceScaleFactor, isMobile, hasTouch, baseURL, locale });
      const page = await context.newPage();
      await page.goto(path);
      await expect(page.locator("html")).toHaveAttribute("lang", locale.slice(0, 2));
      if (path === "/agencies") await page.locator("details").first().evaluate((d) => d.setAttribute("open", ""));
      await expectNoAxeViolations(page);
      await context.close();
    });
  }
}
