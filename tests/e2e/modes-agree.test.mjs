// Same page, same profile, same decisions: the worker personalizing at the edge (edge mode)
// and the browser package personalizing the live DOM (local-only mode) must show the same
// variant in every slot and the same listing order, for several shoppers.
import { launchChromium } from "../support/chromium.mjs";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startShop, answerQuestions, BROWSER } from "../worker/harness.mjs";

const PAGES = ["/", "/category/all/", "/category/gifts/", "/category/home-and-living/"];
const SHOPPERS = [
  { for: "gift", craft: ["ceramics"] },
  { for: "self", craft: ["glass", "prints"] },
  { for: "unsure", craft: ["woodwork", "textiles", "jewellery"] },
  { for: "self", craft: ["jewellery"], signals: [["wishlist", "glass"], ["cart", "glass"], ["purchase", "prints", "220"]] },
];

let edge;
let local;
let browser;

before(async () => {
  [edge, local] = await Promise.all([
    startShop(),
    startShop({ listen: true, bindings: { SHELFWISE_MODE: "local-only" } }),
  ]);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await edge?.close();
  await local?.close();
});

/** A shopper's profile cookie value, built through the worker's own endpoints. */
async function profileOf(shopper) {
  const fields = new URLSearchParams({ for: shopper.for, consent: "yes" });
  for (const craft of shopper.craft) fields.append("craft", craft);
  let { cookie } = await answerQuestions(edge, fields);
  for (const [kind, keys, value] of shopper.signals ?? []) {
    const body = new URLSearchParams({ kind, keys, ...(value ? { value } : {}) }).toString();
    const response = await edge.fetch("/__pz/signal", {
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    });
    await response.arrayBuffer();
    cookie = response.headers.get("set-cookie")?.split(";")[0] ?? cookie;
  }
  return cookie.slice(cookie.indexOf("=") + 1);
}

/** Slot choices and listing order, read from markup (edge) or the live DOM (package). */
function decisionsIn(doc) {
  const slots = {};
  for (const slot of doc.querySelectorAll("[data-pz-slot]")) slots[slot.getAttribute("data-pz-slot")] = slot.getAttribute("data-pz-shown");
  const listing = doc.querySelector("[data-pz-listing]");
  const order = listing ? [...listing.querySelectorAll(":scope > [data-pz-item]")].map((li) => li.getAttribute("data-pz-item")) : [];
  return { slots, order, listingMark: listing?.getAttribute("data-pz-shown") ?? null };
}

test("the worker and the browser package decide every page alike for the same profile", async () => {
  let compared = 0;
  for (const shopper of SHOPPERS) {
    const value = await profileOf(shopper);
    const context = await browser.newContext({ userAgent: BROWSER });
    const page = await context.newPage();
    for (const path of PAGES) {
      // Each page is compared from the same profile: the view a page records is undone.
      await page.goto(`${local.url}/privacy/`);
      await page.evaluate((stored) => localStorage.setItem("pz", stored), value);
      const response = await edge.fetch(path, { headers: { cookie: `pz=${value}` } });
      const html = await response.text();
      await page.goto(`${local.url}${path}`);
      await page.waitForFunction(() => !document.documentElement.classList.contains("pz-pending"));
      const fromPackage = await page.evaluate(`(${decisionsIn.toString()})(document)`);
      const fromEdge = await page.evaluate(
        ([markup, fn]) => new Function("doc", `return (${fn})(doc)`)(new DOMParser().parseFromString(markup, "text/html")),
        [html, decisionsIn.toString()],
      );
      assert.deepEqual(fromPackage, fromEdge, `${JSON.stringify(shopper)} on ${path}`);
      assert.ok(
        Object.values(fromEdge.slots).some((shown) => shown !== null) || fromEdge.listingMark !== null,
        `${path} is personalized for ${JSON.stringify(shopper)}`,
      );
      compared += 1;
    }
    await context.close();
  }
  console.log(`  ${compared} page views compared (${SHOPPERS.length} shoppers × ${PAGES.length} pages): identical slot choices and listing orders`);
});
