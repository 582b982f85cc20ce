// Recently viewed in a real browser, in both modes: a shopper follows links from the home
// page's "Picked for you" to a product, on to one that goes well with it, and home again,
// where both come back latest first; the privacy centre lists them and removes one with
// its own button, and the home page follows.
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

/** The products a shelf slot shows, in order. */
const shelfItems = (page, slot) =>
  page.$$eval(`[data-pz-slot="${slot}"] a[href^="/product/"]`, (links) => links.map((a) => a.getAttribute("href")));

for (const mode of ["edge", "local-only"]) {
  test(`${mode} mode: products followed by links come back on the home page and go one by one`, { timeout: 120_000 }, async () => {
    const shop = await startShop({ listen: true, bindings: mode === "local-only" ? { SHELFWISE_MODE: "local-only" } : {} });
    const context = await browser.newContext({ userAgent: BROWSER });
    const page = await context.newPage();
    try {
      await page.goto(`${shop.url}/preferences/`);
      await page.check('input[name="for"][value="self"]');
      await page.check('input[name="craft"][value="ceramics"]');
      await page.check('input[name="consent"][value="yes"]');
      await page.check('input[name="interests"][value="yes"]');
      await Promise.all([page.waitForURL(`${shop.url}/`), page.click('form.prefs-form button[type="submit"]')]);
      await settled(page);
      assert.deepEqual(await shelfItems(page, "recently-viewed"), [], "nothing viewed yet");

      // Home → a picked piece → one that goes well with it → home, by links.
      const first = (await shelfItems(page, "for-you-shelf"))[0];
      await Promise.all([page.waitForURL(`${shop.url}${first}`), page.click(`[data-pz-slot="for-you-shelf"] a[href="${first}"]`)]);
      await settled(page);
      const second = (await shelfItems(page, "goes-well-with"))[0];
      assert.ok(second && second !== first, "a piece that goes well with the first");
      await Promise.all([page.waitForURL(`${shop.url}${second}`), page.click(`[data-pz-slot="goes-well-with"] a[href="${second}"]`)]);
      await settled(page);
      assert.deepEqual(await shelfItems(page, "recently-viewed"), [first], "the first piece, not this one");
      await Promise.all([page.waitForURL(`${shop.url}/`), page.click("a.brand")]);
      await settled(page);
      assert.deepEqual(await shelfItems(page, "recently-viewed"), [second, first]);

      // Back to the second piece and forward again, from the browser's history: the page
      // comes back as it was (never showing itself), and home still lists both.
      await page.goBack();
      await page.waitForURL(`${shop.url}${second}`);
      await settled(page);
      assert.deepEqual(await shelfItems(page, "recently-viewed"), [first]);
      await page.goForward();
      await page.waitForURL(`${shop.url}/`);
      await settled(page);
      assert.deepEqual(await shelfItems(page, "recently-viewed"), [second, first]);

      // The privacy centre lists both; removing the first keeps the second.
      await Promise.all([page.waitForURL(`${shop.url}/privacy/`), page.click('a[href="/privacy/"]')]);
      await page.waitForSelector(".viewed-list");
      const listed = await page.$$eval(".viewed-item a.viewed-title", (links) => links.map((a) => a.getAttribute("href")));
      assert.deepEqual(listed, [second, first]);
      await Promise.all([
        page.waitForURL(`${shop.url}/privacy/`),
        page.click(`.viewed-item:has(a[href="${first}"]) button`),
      ]);
      await page.waitForFunction((gone) => !document.querySelector(`.viewed-item a[href="${gone}"]`) && document.querySelector(".viewed-item"), first);
      const left = await page.$$eval(".viewed-item a.viewed-title", (links) => links.map((a) => a.getAttribute("href")));
      assert.deepEqual(left, [second]);
      await Promise.all([page.waitForURL(`${shop.url}/`), page.click("a.brand")]);
      await settled(page);
      assert.deepEqual(await shelfItems(page, "recently-viewed"), [second]);
    } finally {
      await context.close();
      await shop.close();
    }
  });
}
