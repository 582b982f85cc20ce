// A first-time visitor in Chromium, through the worker in workerd, in both modes: the
// campaign link they arrive with shows the campaign's hero, a search engine as referrer shows
// the search welcome, and nothing is stored on the device — no cookie, no localStorage.
// Following a link on to the plain home page shows everyone's hero again.
import { launchChromium } from "../support/chromium.mjs";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startShop, BROWSER } from "../worker/harness.mjs";

let browser;
const shops = {};

before(async () => {
  [shops.edge, shops.local] = await Promise.all([
    startShop({ listen: true }),
    startShop({ listen: true, bindings: { SHELFWISE_MODE: "local-only" } }),
  ]);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await shops.edge?.close();
  await shops.local?.close();
});

async function shownIn(page, slot) {
  await page.waitForFunction(() => !document.documentElement.classList.contains("pz-pending"));
  return page.locator(`[data-pz-slot="${slot}"]`).getAttribute("data-pz-shown");
}

for (const mode of ["edge", "local"]) {
  test(`${mode} mode: a campaign link personalizes a first visit, and nothing is stored`, async () => {
    const shop = shops[mode];
    const context = await browser.newContext({ userAgent: BROWSER });
    const page = await context.newPage();
    try {
      await page.goto(`${shop.url}/?utm_campaign=winter-gifts`);
      assert.equal(await shownIn(page, "home-hero"), "gift-guide");
      assert.match(await page.locator(".pz-why").first().textContent(), /winter gifts newsletter/);

      // Following a link on: the campaign is not remembered, so the next page is everyone's.
      await Promise.all([page.waitForURL(`${shop.url}/category/all/`), page.click('a[href="/category/all/"] >> nth=0')]);
      await Promise.all([page.waitForURL(`${shop.url}/`), page.click('a[href="/"] >> nth=0')]);
      assert.equal(await shownIn(page, "home-hero"), null);

      assert.deepEqual(await context.cookies(), [], "no cookie");
      assert.equal(await page.evaluate(() => localStorage.length), 0, "no localStorage");
    } finally {
      await context.close();
    }
  });

  test(`${mode} mode: a visitor from a search engine sees the search welcome`, async () => {
    const shop = shops[mode];
    const context = await browser.newContext({ userAgent: BROWSER });
    const page = await context.newPage();
    try {
      await page.goto(`${shop.url}/`, { referer: "https://www.google.com/" });
      assert.equal(await shownIn(page, "editorial"), "workshop-invite");
      assert.deepEqual(await context.cookies(), []);
    } finally {
      await context.close();
    }
  });
}
