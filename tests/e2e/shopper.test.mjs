// Playwright gives each launch a fresh, empty profile directory of its own.
// A shopper's visit to the demo shop in headless Chromium, through the real worker in
// workerd: answer the questions, see the shop change, browse, wishlist, read the privacy
// centre, and forget everything.
import { launchChromium } from "../support/chromium.mjs";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { startShop, repo, BROWSER } from "../worker/harness.mjs";

const SCREENSHOTS = resolve(repo, "build/screenshots");

let shop;
let browser;

before(async () => {
  shop = await startShop({ listen: true });
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await shop?.close();
});

/** The headline of a template in the origin's home page, as a shopper would read it. */
async function originHeadline(slot, variant) {
  const html = (await shop.fromOrigin("/")).body.toString();
  const section = html.slice(html.indexOf(`data-pz-slot="${slot}"`));
  const template = variant
    ? section.slice(section.indexOf(`data-pz-variant="${variant}"`))
    : section;
  const heading = /<h[12][^>]*>([\s\S]*?)<\/h[12]>/.exec(template)[1];
  return heading.replace(/<[^>]+>/g, "").replace(/&rsquo;/g, "\u2019").replace(/&amp;/g, "&").replace(/\s+/g, " ").trim();
}

test("a shopper answers the questions, sees the shop change, and can forget it all", async () => {
  // Headless Chromium announces itself as "HeadlessChrome", which the worker treats as a bot.
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, userAgent: BROWSER });
  const hero = page.locator('[data-pz-slot="home-hero"]');

  await page.goto(`${shop.url}/`);
  assert.equal(await hero.getAttribute("data-pz-shown"), null);
  assert.equal((await hero.locator("h1, h2").first().innerText()).replace(/\s+/g, " "), await originHeadline("home-hero"));

  // The two questions.
  await page.goto(`${shop.url}/preferences/`);
  await page.check('input[name="for"][value="gift"]');
  await page.check('input[name="craft"][value="ceramics"]');
  await page.check('input[name="consent"][value="yes"]');
  await page.check('input[name="interests"]');
  await Promise.all([page.waitForURL(`${shop.url}/`), page.click('form.prefs-form button[type="submit"]')]);

  assert.equal(await hero.getAttribute("data-pz-shown"), "gift-guide");
  assert.equal(
    (await hero.locator("h1, h2").first().innerText()).replace(/\s+/g, " "),
    await originHeadline("home-hero", "gift-guide"),
  );
  assert.equal(await page.locator('[data-pz-slot="featured-collection"]').getAttribute("data-pz-shown"), "ceramics-collection");
  await page.screenshot({ path: join(SCREENSHOTS, "home-personalized.png") });

  // The category listing puts ceramics first (after the pinned editor's pick; the
  // diversity guardrail allows at most four of one craft in a row).
  await page.goto(`${shop.url}/category/all/`);
  const tags = await page.locator("[data-pz-item]").evaluateAll((items) =>
    items.map((li) => ({ tags: li.dataset.pzTags.split(","), pinned: li.hasAttribute("data-pz-pin"), stock: li.dataset.pzStock })),
  );
  const firstMovable = tags.filter((t) => !t.pinned).slice(0, 4);
  assert.deepEqual(firstMovable.map((t) => t.tags[0]), Array(4).fill("ceramics"));

  // A product page: the wishlist button records a signal in the cookie only.
  await page.goto(`${shop.url}/product/gls-020/`);
  await page.click('button[data-pz-signal="wishlist"]');
  await page.locator(".signal-status").filter({ hasText: "wishlist" }).waitFor();

  // The privacy centre lists what is stored, in plain words.
  await page.goto(`${shop.url}/privacy/`);
  const facts = page.locator("#privacy-facts");
  await facts.getByText("You told us you're shopping for a gift.").waitFor();
  const text = await facts.innerText();
  assert.match(text, /You told us you love ceramics/);
  assert.match(text, /Interest in glass from your browsing/);
  assert.match(text, /1 wishlist add/);
  assert.match(text, /Kept until \d{4}-\d{2}-\d{2}/);

  // Forget everything: the cookie is gone and the shop is back to its defaults.
  await Promise.all([page.waitForURL(`${shop.url}/`), page.click("form.privacy-forget button")]);
  assert.equal(await hero.getAttribute("data-pz-shown"), null);
  assert.deepEqual(await page.context().cookies(), []);
  await page.goto(`${shop.url}/privacy/`);
  await facts.getByText("Nothing is stored about you.").waitFor();
  await page.close();
});
