// A merchandiser's preview link in Chromium, through the worker in workerd, in both modes:
// the forced variant shows to a visitor who does not qualify, under a banner whose link leads
// back to the normal page; nothing is stored; once the link expires it shows the normal page.
import { launchChromium } from "../support/chromium.mjs";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { startShop, repo, BROWSER } from "../worker/harness.mjs";

const SECRET = "preview-secret-for-the-browser-walk";
let browser;
const shops = {};
before(async () => {
  [shops.edge, shops.local] = await Promise.all([
    startShop({ listen: true, bindings: { SHELFWISE_PREVIEW_SECRET: SECRET } }),
    startShop({ listen: true, bindings: { SHELFWISE_PREVIEW_SECRET: SECRET, SHELFWISE_MODE: "local-only" } }),
  ]);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  for (const shop of Object.values(shops)) await shop.close();
});

function link(base, expires) {
  return execFileSync(
    resolve(repo, "target/debug/shelfwise"),
    ["preview-link", "--config", resolve(repo, "www/shelfwise.config.json"), "--url", `${base}/`, "--variant", "home-hero=treat-yourself", "--expires", expires],
    { env: { ...process.env, SHELFWISE_PREVIEW_SECRET: SECRET } },
  ).toString().trim();
}

async function heroShown(page) {
  await page.waitForFunction(() => !document.documentElement.classList.contains("pz-pending"));
  return page.locator('[data-pz-slot="home-hero"]').getAttribute("data-pz-shown");
}

for (const mode of ["edge", "local"]) {
  test(`${mode} mode: a preview link shows the forced variant, leads back to the normal page, and expires`, async () => {
    const shop = shops[mode];
    const context = await browser.newContext({ userAgent: BROWSER });
    const page = await context.newPage();
    try {
      await page.goto(link(shop.url, "1h"));
      assert.equal(await heroShown(page), "treat-yourself");
      assert.equal(await page.locator("[data-pz-preview-banner]").isVisible(), true);
      await Promise.all([page.waitForURL(`${shop.url}/`), page.click("[data-pz-preview-banner] a")]);
      assert.equal(await heroShown(page), null, "the normal page for someone without a profile");
      assert.deepEqual(await context.cookies(), []);
      assert.equal(await page.evaluate(() => localStorage.length), 0);

      const brief = link(shop.url, "2s");
      await page.goto(brief);
      assert.equal(await heroShown(page), "treat-yourself");
      await page.waitForTimeout(2500);
      await page.goto(brief);
      assert.equal(await heroShown(page), null, "an expired link is the normal page");
      assert.equal(await page.locator("[data-pz-preview-banner]").count(), 0);
    } finally {
      await context.close();
    }
  });
}
