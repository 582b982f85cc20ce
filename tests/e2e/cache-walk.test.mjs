// A shopper's answers show on the very next page they open, without a reload, in both
// modes: in one browser (its HTTP cache shared by every step) the shopper opens the
// "Everything" listing, follows its link to the questions, answers them, and follows the
// menu back to "All crafts", where the crafts they love now come first. The same holds for
// pausing personalization (everyone's order again), resuming (their order again) and
// forgetting everything (everyone's order again): each change shows on the next listing
// they reach by following a link, never by reloading.
import { launchChromium } from "../support/chromium.mjs";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startShop, BROWSER } from "../worker/harness.mjs";

const LISTING = "/category/all/";

let browser;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

/** Waits until a local-only page has been personalized (and shown); a no-op at the edge. */
async function settled(page) {
  await page.waitForFunction(() => !document.documentElement.classList.contains("pz-pending"));
}

/** Follows the main menu's link with this name, as a shopper would click it. */
async function followMenu(page, shopUrl, name, path) {
  const link = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });
  await Promise.all([page.waitForURL(shopUrl + path), link.click()]);
  await settled(page);
}

/** The listing as the shopper sees it: the pieces in order and the craft printed on each. */
async function listing(page) {
  const list = page.locator("[data-pz-listing]").first();
  const items = await list.locator(":scope > [data-pz-item]").evaluateAll((lis) =>
    lis.map((li) => ({
      sku: li.dataset.pzItem,
      pinned: li.hasAttribute("data-pz-pin"),
      craft: li.querySelector(".card-craft")?.textContent.trim() ?? "",
    })),
  );
  return {
    order: items.map((item) => item.sku),
    firstCrafts: items.filter((item) => !item.pinned).slice(0, 4).map((item) => item.craft),
    shown: await list.getAttribute("data-pz-shown"),
  };
}

/**
 * The whole walk in one browser context. `mode` is "edge" or "local-only"; `seen()` says
 * how many times the shop was asked for the listing page (for failure messages).
 */
async function walk(t, { shop, mode, seen }) {
  const context = await browser.newContext({ userAgent: BROWSER, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const why = (step) => `${mode}: ${step} (the shop was asked for ${LISTING} ${seen()} time(s) so far)`;
  try {
    // 1. Everyone's listing, in the shop's own order.
    await page.goto(shop.url + LISTING);
    await settled(page);
    const everyone = await listing(page);
    assert.equal(everyone.shown, null, "a first-time shopper sees everyone's listing");
    assert.ok(everyone.order.length > 10, `the listing has pieces: ${everyone.order.length}`);

    /** Checks the listing just reached is arranged by the shopper's answers. */
    const assertPersonalized = (now, step) => {
      assert.deepEqual(now.firstCrafts, Array(4).fill("Ceramics"), why(`${step}: ceramics first`));
      assert.notDeepEqual(now.order, everyone.order, why(`${step}: the order differs from everyone's`));
      assert.notEqual(now.shown, null, why(`${step}: the listing is marked as arranged`));
    };
    /** Checks the listing just reached is everyone's listing again. */
    const assertEveryone = (now, step) => {
      assert.deepEqual(now.order, everyone.order, why(`${step}: the shop's own order`));
      assert.equal(now.shown, null, why(`${step}: not marked as arranged`));
    };

    await t.test("answering the questions shows on the next listing", async () => {
      // 2. The listing's own link to the questions, then the answers.
      await Promise.all([
        page.waitForURL(`${shop.url}/preferences/`),
        page.getByRole("link", { name: "Arrange by the crafts you love" }).click(),
      ]);
      await settled(page);
      await page.check('input[name="for"][value="gift"]');
      await page.check('input[name="craft"][value="ceramics"]');
      await page.check('input[name="consent"][value="yes"]');
      await page.check('input[name="interests"]');
      await Promise.all([
        page.waitForURL(`${shop.url}/`),
        page.getByRole("button", { name: "Save my preferences" }).click(),
      ]);
      await settled(page);
      // The answers were taken: the home page the shopper lands on is already theirs.
      assert.equal(await page.locator('[data-pz-slot="home-hero"]').getAttribute("data-pz-shown"), "gift-guide");

      // 3. Back to "All crafts" through the menu.
      await followMenu(page, shop.url, "All crafts", LISTING);
      assertPersonalized(await listing(page), "after answering");
    });

    await t.test("pausing shows everyone's listing on the next visit, resuming the shopper's", async () => {
      await followMenu(page, shop.url, "Privacy", "/privacy/");
      const paused = page.locator("#privacy-facts .privacy-paused");
      await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Pause personalization" }).click()]);
      await settled(page);
      await paused.waitFor();
      await followMenu(page, shop.url, "All crafts", LISTING);
      assertEveryone(await listing(page), "after pausing");

      await followMenu(page, shop.url, "Privacy", "/privacy/");
      await paused.waitFor();
      await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Resume", exact: true }).click()]);
      await settled(page);
      await page.locator("#privacy-facts .fact").first().waitFor();
      assert.equal(await paused.count(), 0, `${mode}: the privacy centre no longer says paused`);
      await followMenu(page, shop.url, "All crafts", LISTING);
      assertPersonalized(await listing(page), "after resuming");
    });

    await t.test("forgetting everything shows everyone's listing on the next visit", async () => {
      await followMenu(page, shop.url, "Privacy", "/privacy/");
      await Promise.all([page.waitForURL(`${shop.url}/`), page.getByRole("button", { name: "Forget everything" }).click()]);
      await settled(page);
      await followMenu(page, shop.url, "All crafts", LISTING);
      assertEveryone(await listing(page), "after forgetting");
    });
  } finally {
    await context.close();
  }
}

/** Counts the requests for the listing page that reached the shop's server. */
function listingCounter() {
  let count = 0;
  return {
    onOriginRequest: (req) => {
      if (req.method === "GET" && new URL(req.url, "http://origin.invalid").pathname === LISTING) count += 1;
    },
    seen: () => count,
  };
}

test("edge mode: each change shows on the next listing the shopper follows a link to", async (t) => {
  const counter = listingCounter();
  const shop = await startShop({ listen: true, onOriginRequest: counter.onOriginRequest });
  try {
    await walk(t, { shop, mode: "edge", seen: counter.seen });
  } finally {
    await shop.close();
  }
});

test("local-only mode: each change shows on the next listing the shopper follows a link to", async (t) => {
  const counter = listingCounter();
  const shop = await startShop({
    listen: true,
    bindings: { SHELFWISE_MODE: "local-only" },
    onOriginRequest: counter.onOriginRequest,
  });
  try {
    await walk(t, { shop, mode: "local-only", seen: counter.seen });
  } finally {
    await shop.close();
  }
});
