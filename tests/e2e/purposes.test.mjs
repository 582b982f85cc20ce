// Consent per purpose, in a real browser, in both modes: a shopper who only ticks
// "remember my answers" is personalized by their answers while nothing is learnt from
// browsing; ticking "learn from what I look at" in the privacy centre starts it, and
// unticking it erases what was learnt. The privacy centre shows the choices and the day
// they were made.
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

/** The privacy centre as the shopper reads it. */
async function privacyCentre(page, url) {
  await page.goto(`${url}/privacy/`);
  await page.waitForSelector("#privacy-facts .fact, #privacy-facts .privacy-empty");
  return {
    interests: await page.isChecked('form.privacy-purposes input[name="interests"]'),
    measurement: await page.isChecked('form.privacy-purposes input[name="measurement"]'),
    consented: await page.locator("#privacy-consented").innerText(),
    inferred: await page.locator("#privacy-facts .fact-inferred .fact-text").allInnerTexts(),
  };
}

async function browseGlass(page, url) {
  for (const sku of ["gls-001", "gls-002", "gls-003"]) {
    await page.goto(`${url}/product/${sku}/`);
    await settled(page);
  }
}

for (const mode of ["edge", "local-only"]) {
  test(`${mode} mode: each purpose is granted on its own and withdrawing it erases what it kept`, async () => {
    const shop = await startShop({ listen: true, bindings: mode === "local-only" ? { SHELFWISE_MODE: "local-only" } : {} });
    const context = await browser.newContext({ userAgent: BROWSER });
    const page = await context.newPage();
    try {
      await page.goto(`${shop.url}/preferences/`);
      await page.check('input[name="for"][value="gift"]');
      await page.check('input[name="craft"][value="ceramics"]');
      await page.check('input[name="consent"][value="yes"]');
      await Promise.all([page.waitForURL(`${shop.url}/`), page.click('form.prefs-form button[type="submit"]')]);
      await settled(page);
      assert.equal(await page.locator('[data-pz-slot="home-hero"]').getAttribute("data-pz-shown"), "gift-guide", "the answers personalize");

      await browseGlass(page, shop.url);
      let centre = await privacyCentre(page, shop.url);
      assert.equal(centre.interests, false);
      assert.equal(centre.measurement, false);
      assert.deepEqual(centre.inferred.filter((text) => /glass/i.test(text)), [], "nothing learnt without the tick");
      const today = new Date().toISOString().slice(0, 10);
      assert.match(centre.consented, new RegExp(`You made these choices on ${today}`));

      // The privacy centre grants learning from browsing.
      await page.check('form.privacy-purposes input[name="interests"]');
      await Promise.all([page.waitForURL(`${shop.url}/privacy/`), page.click("form.privacy-purposes button[type=submit]")]);
      await browseGlass(page, shop.url);
      centre = await privacyCentre(page, shop.url);
      assert.equal(centre.interests, true);
      assert.ok(centre.inferred.some((text) => /glass/i.test(text)), `learnt from browsing: ${centre.inferred}`);

      // And withdraws it: what was learnt goes, the answers stay.
      await page.uncheck('form.privacy-purposes input[name="interests"]');
      await Promise.all([page.waitForURL(`${shop.url}/privacy/`), page.click("form.privacy-purposes button[type=submit]")]);
      centre = await privacyCentre(page, shop.url);
      assert.equal(centre.interests, false);
      assert.deepEqual(centre.inferred.filter((text) => /glass/i.test(text)), [], `erased: ${centre.inferred}`);
      await page.goto(`${shop.url}/`);
      await settled(page);
      assert.equal(await page.locator('[data-pz-slot="home-hero"]').getAttribute("data-pz-shown"), "gift-guide", "the answers still personalize");
    } finally {
      await context.close();
      await shop.close();
    }
  });
}
