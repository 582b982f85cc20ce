// The demo's language switch in a real browser, in both modes: a shopper answers in English,
// follows the switch to the German home page (its "why this?" lines in German) and the
// German privacy centre (every fact and every "why" in German), back and forward through
// the browser's history, and switches back. The
// browser prefers English throughout: the pages' own `lang` decides.
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
const whyLines = (page) => page.$$eval("[data-pz-why]", (lines) => lines.map((l) => l.textContent));
const facts = async (page) => {
  await page.waitForSelector(".fact-text");
  return page.$$eval(".fact-text", (items) => items.map((i) => i.textContent));
};

for (const mode of ["edge", "local-only"]) {
  test(`${mode} mode: the language switch says the same things in German and back`, { timeout: 120_000 }, async () => {
    const shop = await startShop({ listen: true, bindings: mode === "local-only" ? { SHELFWISE_MODE: "local-only" } : {} });
    const context = await browser.newContext({ userAgent: BROWSER, locale: "en-GB" });
    const page = await context.newPage();
    try {
      await page.goto(`${shop.url}/preferences/`);
      await page.check('input[name="for"][value="gift"]');
      await page.check('input[name="craft"][value="ceramics"]');
      await page.check('input[name="consent"][value="yes"]');
      await Promise.all([page.waitForURL(`${shop.url}/`), page.click('form.prefs-form button[type="submit"]')]);
      await settled(page);
      const english = await whyLines(page);
      assert.ok(english.includes("Because you told us you're shopping for a gift"), english.join("\n"));

      // Home → Deutsch, by the switch.
      await Promise.all([page.waitForURL(`${shop.url}/de/`), page.click('.lang-switch a[hreflang="de"]')]);
      await settled(page);
      const german = await whyLines(page);
      assert.equal(german.length, english.length, "the same lines, in German");
      assert.ok(german.includes("Weil Sie uns gesagt haben, dass Sie ein Geschenk suchen"), german.join("\n"));

      // Back and forward through the browser's history: each page comes back in its own
      // language (which variants show may move on as capped ones are counted).
      const inEnglish = (lines) => lines.length > 0 && lines.every((l) => /^Because /.test(l));
      const inGerman = (lines) => lines.length > 0 && lines.every((l) => /^(Weil|Wegen) /.test(l));
      await page.goBack();
      await page.waitForURL(`${shop.url}/`);
      await settled(page);
      const back = await whyLines(page);
      assert.ok(inEnglish(back), back.join("\n"));
      await page.goForward();
      await page.waitForURL(`${shop.url}/de/`);
      await settled(page);
      const forward = await whyLines(page);
      assert.ok(inGerman(forward), forward.join("\n"));

      // The German privacy centre: its facts and its own words in German.
      await page.goto(`${shop.url}/de/privacy/`);
      const deFacts = await facts(page);
      assert.ok(deFacts.includes("Sie haben uns gesagt, dass Sie ein Geschenk suchen."), deFacts.join("\n"));
      assert.ok(deFacts.includes("Sie haben uns gesagt, dass Sie Keramik lieben."), deFacts.join("\n"));
      assert.ok(deFacts.every((f) => !/^You |Because/.test(f)), deFacts.join("\n"));
      assert.equal(await page.textContent(".privacy-why-title"), "Warum Sie sehen, was Sie sehen");
      const because = await page.$$eval(".decision-because", (items) => items.map((i) => i.textContent));
      assert.ok(because.length > 0 && because.every((b) => !/Because/.test(b)), because.join("\n"));

      // And back to English by the switch.
      await Promise.all([page.waitForURL(`${shop.url}/privacy/`), page.click('.lang-switch a[hreflang="en"]')]);
      const enFacts = await facts(page);
      assert.ok(enFacts.includes("You told us you're shopping for a gift."), enFacts.join("\n"));
      assert.equal(await page.textContent(".privacy-why-title"), "Why you see what you see");
    } finally {
      await context.close();
      await shop.close();
    }
  });
}
