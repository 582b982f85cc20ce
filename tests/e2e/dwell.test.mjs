// Time on a product page as a signal, in a real browser, in both modes: the demo's script
// measures the seconds the tab is visible and reports them as they pass marks (to the
// worker, or the package on the device); ten seconds reinforce the page's keys by the demo
// config's first dwell step (8) on top of the view itself (24).
import { launchChromium } from "../support/chromium.mjs";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startShop, BROWSER } from "../worker/harness.mjs";

let browser;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

const settled = (page) => page.waitForFunction(() => !document.documentElement.classList.contains("pz-pending"));

/** The stored weight of the shopper's interest in glass, as the privacy centre shows it. */
async function glassWeight(page, url) {
  await page.goto(`${url}/privacy/`);
  await page.waitForSelector("#privacy-facts .fact, #privacy-facts .privacy-empty");
  const texts = await page.locator("#privacy-facts .fact-text").allInnerTexts();
  const fact = texts.find((text) => text.startsWith("Interest in glass"));
  return fact ? Number(/: (\d+) of 255/.exec(fact)[1]) : 0;
}

for (const mode of ["edge", "local-only"]) {
  test(`${mode} mode: ten visible seconds on a product page count for more than a glance`, { timeout: 120_000 }, async () => {
    const shop = await startShop({ listen: true, bindings: mode === "local-only" ? { SHELFWISE_MODE: "local-only" } : {} });
    const context = await browser.newContext({ userAgent: BROWSER });
    const page = await context.newPage();
    try {
      await page.goto(`${shop.url}/preferences/`);
      await page.check('input[name="for"][value="self"]');
      await page.check('input[name="craft"][value="prints"]');
      await page.check('input[name="consent"][value="yes"]');
      await page.check('input[name="interests"][value="yes"]');
      await Promise.all([page.waitForURL(`${shop.url}/`), page.click('form.prefs-form button[type="submit"]')]);
      await settled(page);

      // A glance: the view counts, the dwell does not.
      await page.goto(`${shop.url}/product/gls-001/`);
      await settled(page);
      const glance = await glassWeight(page, shop.url);
      assert.equal(glance, 24, "one product view");

      // Ten seconds and more on the same product, then a link to the privacy centre.
      await page.goto(`${shop.url}/product/gls-001/`);
      await settled(page);
      await page.waitForTimeout(10_500);
      let weight = await glassWeight(page, shop.url);
      // The report may land just after the privacy centre asked: look again briefly.
      for (let i = 0; i < 20 && weight !== 24 + 24 + 8; i++) {
        await page.waitForTimeout(250);
        weight = await glassWeight(page, shop.url);
      }
      assert.equal(weight, 24 + 24 + 8, "a second view and its ten seconds");
    } finally {
      await context.close();
      await shop.close();
    }
  });
}
