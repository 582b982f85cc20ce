// The privacy proof, in a real browser: headless Chromium walks through the demo shop —
// answer the questions, browse, wishlist, add to the basket, read the privacy centre —
// while every request it makes (URL, headers, cookies, body) and every request reaching
// the origin is captured.
//
// Local-only mode: the page is visibly personalized, yet no request carries any profile
// data: no profile cookie, no body, no query, nothing from localStorage; every request is
// one a never-answering visitor's walk makes too, and a third party's tag embedded in every
// page reports exactly what it reports for that visitor. Edge mode: the only cookie ever
// sent is the documented profile cookie `pz`.
//
// Prints a short report a privacy reviewer can read.
import { launchChromium } from "../support/chromium.mjs";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startShop, BROWSER } from "../worker/harness.mjs";

/** The profile cookie, as documented in docs/cookie-format.md and docs/privacy.md. */
const PROFILE_COOKIE = "pz";

let browser;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

/** Every request the page makes, with everything it carries. */
function capture(page) {
  const requests = [];
  page.on("request", (request) => {
    // allHeaders() (which includes cookies) never settles for a request the browser
    // abandoned mid-navigation; such a request is still recorded, with the headers known.
    const headers = Promise.race([
      request.allHeaders(),
      new Promise((done) => setTimeout(() => done(request.headers()), 3000)),
    ]);
    requests.push(
      headers.then((headers) => ({
        method: request.method(),
        url: request.url(),
        type: request.resourceType(),
        headers,
        body: request.postData() ?? "",
      })),
    );
  });
  return async () => Promise.all(requests);
}

/** Where the third party's tag lives: another site, answered inside the browser context. */
const THIRD_PARTY = "https://tags.example.net";

/** The third party's tag, as shops embed analytics: it waits for the page to settle and
 * reports, on load and once the page has settled, what such tags collect — the page, its title, the cookies a script can read, and
 * any reason the marks carry — to its own server. */
const TAG = `function report(when) {
  const marks = [...document.querySelectorAll("[data-pz-reason]")].map((e) => e.getAttribute("data-pz-reason"));
  const data = new URLSearchParams({ when, page: location.pathname + location.search, title: document.title, cookie: document.cookie, reasons: marks.join("|") });
  new Image().src = "${THIRD_PARTY}/collect?" + data;
}
addEventListener("load", () => {
  report("load");
  setTimeout(() => report("settled"), 300);
});`;

/**
 * Puts the third party's tag into every page of the shop the context loads, as the shop's
 * own markup would, and answers the third party's requests. Returns the beacons it received.
 */
async function embedTag(context, shopUrl) {
  const beacons = [];
  await context.route(`${THIRD_PARTY}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === "/tag.js") {
      return route.fulfill({ status: 200, contentType: "text/javascript", headers: { "cache-control": "no-store" }, body: TAG });
    }
    if (url.pathname === "/collect") beacons.push(Object.fromEntries(url.searchParams));
    return route.fulfill({ status: 204, headers: { "cache-control": "no-store" } });
  });
  await context.route(`${shopUrl}/**`, async (route) => {
    const request = route.request();
    if (request.method() !== "GET" || request.resourceType() !== "document") return route.continue();
    const response = await route.fetch({ maxRedirects: 0 });
    if (!(response.headers()["content-type"] ?? "").includes("text/html")) return route.fulfill({ response });
    const body = (await response.text()).replace("</head>", `<script src="${THIRD_PARTY}/tag.js" async></script></head>`);
    await route.fulfill({ response, body });
  });
  return beacons;
}

/** The visit both modes go through. Returns what the shopper saw. */
async function shopperVisit(page, url) {
  const seen = {};
  const hero = page.locator('[data-pz-slot="home-hero"]');
  await page.goto(`${url}/`);
  seen.heroBefore = await hero.getAttribute("data-pz-shown");

  await page.goto(`${url}/preferences/`);
  await page.check('input[name="for"][value="gift"]');
  await page.check('input[name="craft"][value="ceramics"]');
  await page.check('input[name="consent"][value="yes"]');
  await page.check('input[name="interests"]');
  await Promise.all([page.waitForURL(`${url}/`), page.click('form.prefs-form button[type="submit"]')]);
  await page.waitForFunction(() => !document.documentElement.classList.contains("pz-pending"));
  seen.heroAfter = await hero.getAttribute("data-pz-shown");
  seen.featured = await page.locator('[data-pz-slot="featured-collection"]').getAttribute("data-pz-shown");

  await page.goto(`${url}/category/all/`);
  await page.waitForFunction(() => !document.documentElement.classList.contains("pz-pending"));
  seen.firstCrafts = await page.locator("[data-pz-item]:not([data-pz-pin])").evaluateAll((items) =>
    items.slice(0, 4).map((li) => li.dataset.pzTags.split(",")[0]),
  );

  await page.goto(`${url}/product/gls-001/`);
  for (const kind of ["wishlist", "cart"]) {
    await page.click(`button[data-pz-signal="${kind}"]`);
    await page.waitForFunction(() => document.querySelector(".signal-status")?.textContent.trim().length > 0);
    seen[kind] = (await page.locator(".signal-status").first().innerText()).trim();
  }

  await page.goto(`${url}/privacy/`);
  await page.waitForSelector("#privacy-facts .fact, #privacy-facts .privacy-empty, #privacy-facts .privacy-error");
  seen.facts = await page.locator("#privacy-facts .fact-text").allInnerTexts();
  seen.why = await page.locator("#privacy-facts .decision-because").allInnerTexts();

  // Pause personalization from the privacy centre: everyone's home page again.
  await Promise.all([page.waitForURL(`${url}/privacy/`), page.click('form.privacy-pause button[value="yes"]')]);
  await page.goto(`${url}/`);
  await page.waitForFunction(() => !document.documentElement.classList.contains("pz-pending"));
  seen.heroPaused = await hero.getAttribute("data-pz-shown");
  return seen;
}

function cookieNames(header) {
  return (header ?? "")
    .split(";")
    .map((pair) => pair.split("=")[0].trim())
    .filter(Boolean);
}

function report(lines) {
  console.log(["", ...lines.map((line) => `  ${line}`), ""].join("\n"));
}

test("local-only mode: the page is personalized and no request carries profile data", async () => {
  const originRequests = [];
  const shop = await startShop({
    listen: true,
    bindings: { SHELFWISE_MODE: "local-only" },
    onOriginRequest: (req) => originRequests.push({ url: req.url, cookie: req.headers.cookie ?? "" }),
  });
  const context = await browser.newContext({ userAgent: BROWSER });
  const beacons = await embedTag(context, shop.url);
  const page = await context.newPage();
  const requests = capture(page);
  try {
    // A cookie left over from edge mode must never be forwarded either.
    await context.addCookies([{ name: PROFILE_COOKIE, value: "AQLeCQEAAAAHAQ", url: shop.url }]);
    const seen = await shopperVisit(page, shop.url);
    const stored = await page.evaluate(() => localStorage.getItem("pz"));
    await page.waitForTimeout(500);
    const all = await requests();
    const ownRequests = all.filter((r) => r.url.startsWith(shop.url));
    const tagRequests = all.filter((r) => r.url.startsWith(THIRD_PARTY));
    const personalizedBeacons = beacons.splice(0);

    // Visibly personalized, on the device.
    assert.equal(seen.heroBefore, null);
    assert.equal(seen.heroAfter, "gift-guide");
    assert.equal(seen.featured, "ceramics-collection");
    assert.equal(seen.heroPaused, null, "paused from the privacy centre");
    assert.ok(seen.why.includes("Because you told us you're shopping for a gift"), `privacy centre explains: ${seen.why}`);
    assert.deepEqual(seen.firstCrafts, Array(4).fill("ceramics"));
    assert.match(seen.wishlist, /Added to your wishlist/);
    assert.match(seen.cart, /Added to your basket/);
    assert.ok(seen.facts.some((fact) => /gift/i.test(fact)), `privacy centre facts: ${seen.facts}`);
    assert.ok(stored && stored.length > 10, "the profile is in localStorage");

    // Nothing of it in any request: the shop's own, and the third party's tag's.
    const problems = [];
    for (const r of tagRequests) {
      if (JSON.stringify(r).includes(stored)) problems.push(`${r.url}: the third party received the stored profile`);
    }
    assert.ok(personalizedBeacons.length >= 6, `the tag reported every page: ${personalizedBeacons.length}`);
    for (const beacon of personalizedBeacons) {
      if (beacon.reasons) problems.push(`the third party read reasons from the marks: ${beacon.reasons}`);
      if (beacon.cookie) problems.push(`the third party read cookies: ${beacon.cookie}`);
    }
    for (const r of ownRequests) {
      const where = `${r.method} ${r.url}`;
      if (r.method !== "GET") problems.push(`${where}: not a GET`);
      if (r.body) problems.push(`${where}: has a body`);
      if (new URL(r.url).search) problems.push(`${where}: has a query string`);
      if (new URL(r.url).pathname.startsWith("/__pz/")) problems.push(`${where}: calls a Shelfwise endpoint`);
      if (!r.url.startsWith(shop.url)) problems.push(`${where}: leaves the site`);
      const everything = JSON.stringify(r);
      if (everything.includes(stored)) problems.push(`${where}: carries the stored profile`);
    }
    const originCookies = originRequests.filter((r) => cookieNames(r.cookie).includes(PROFILE_COOKIE));
    for (const r of originCookies) problems.push(`origin ${r.url}: received the profile cookie`);
    assert.deepEqual(problems, []);

    // Against a baseline: a visitor who never answers walks the same pages. Every request
    // of the personalized walk (method and URL) is one the baseline makes too, so nothing the
    // server sees — not a variant's image, not a decision in a URL — tells the two apart.
    // (Headers were checked above: none carries anything of the profile.)
    const baseline = await browser.newContext({ userAgent: BROWSER });
    const baselineBeacons = await embedTag(baseline, shop.url);
    const plain = await baseline.newPage();
    const plainRequests = capture(plain);
    for (const path of ["/", "/preferences/", "/", "/category/all/", "/product/gls-001/", "/privacy/", "/"]) {
      await plain.goto(`${shop.url}${path}`);
      await plain.waitForFunction(() => !document.documentElement.classList.contains("pz-pending"));
      // As long as a shopper stays: the third party's tag reports once the page settles.
      await plain.waitForTimeout(400);
    }
    await plain.waitForTimeout(800);
    const shape = (r) => `${r.method} ${r.url}`;
    const expected = new Set((await plainRequests()).map(shape));
    await baseline.close();
    const unexplained = [...new Set(all.map(shape))].filter((request) => !expected.has(request));
    assert.deepEqual(unexplained, [], "requests the baseline walk does not make");
    // What the third party's tag reported is what it reports for the visitor who never
    // answered: the same pages, titles, cookies and marks.
    const said = (beacon) => JSON.stringify(beacon);
    const baselineSaid = new Set(baselineBeacons.map(said));
    const told = [...new Set(personalizedBeacons.map(said))].filter((beacon) => !baselineSaid.has(beacon));
    assert.deepEqual(told, [], "beacons the third party receives only from the personalized walk");
    // A cookie left over from edge mode never got past the worker, which expires it on the
    // first page.
    const sentOldCookie = all.filter((r) => cookieNames(r.headers.cookie).includes(PROFILE_COOKIE)).length;

    const byType = {};
    for (const r of ownRequests) byType[r.type] = (byType[r.type] ?? 0) + 1;
    report([
      "Local-only mode: what left the shopper's browser",
      `  ${ownRequests.length} requests to the shop (${Object.entries(byType).map(([t, n]) => `${n} ${t}`).join(", ")}), all GET, no body, no query string`,
      `  a third party's tag on every page sent ${personalizedBeacons.length} beacons, each one a never-answering visitor's walk sends too: no reasons in the marks, no cookie a script can read`,
      `  0 requests to /__pz/ endpoints; 0 requests carrying the stored profile (${stored.length} characters in localStorage["pz"])`,
      `  ${originRequests.length} requests reached the origin, 0 with the profile cookie (a stale "pz" cookie was sent by the browser ${sentOldCookie} times and stripped by the worker)`,
      `  what the shopper saw: hero "${seen.heroAfter}", featured "${seen.featured}", ceramics first in the listing, ${seen.facts.length} facts in the privacy centre`,
    ]);
  } finally {
    await context.close();
    await shop.close();
  }
});

test("edge mode: the only cookie sent is the documented profile cookie", async () => {
  const shop = await startShop({ listen: true });
  const context = await browser.newContext({ userAgent: BROWSER });
  const page = await context.newPage();
  const requests = capture(page);
  try {
    const seen = await shopperVisit(page, shop.url);
    const all = await requests();
    assert.equal(seen.heroAfter, "gift-guide");
    assert.match(seen.wishlist, /Added to your wishlist/);
    assert.equal(seen.heroPaused, null, "paused from the privacy centre");
    assert.ok(seen.why.includes("Because you told us you're shopping for a gift"), `privacy centre explains: ${seen.why}`);

    const names = new Set(all.flatMap((r) => cookieNames(r.headers.cookie)));
    assert.deepEqual([...names], [PROFILE_COOKIE]);
    const posts = all.filter((r) => r.method === "POST");
    const fields = new Set(posts.flatMap((r) => [...new URLSearchParams(r.body).keys()]));
    // The documented form fields: the two questions (+ consent and the return path), and
    // a signal's kind and keys.
    for (const field of fields) {
      assert.ok(["for", "craft", "consent", "interests", "measurement", "return", "kind", "keys", "value", "part", "occasion", "paused"].includes(field), field);
    }
    assert.ok(posts.every((r) => new URL(r.url).pathname.startsWith("/__pz/")), "only Shelfwise endpoints receive POSTs");
    const storage = await page.evaluate(() => localStorage.length);
    assert.equal(storage, 0, "edge mode keeps nothing in localStorage");
    report([
      "Edge mode: what left the shopper's browser",
      `  ${all.length} requests; cookies sent: ${[...names].join(", ")} (documented in docs/cookie-format.md)`,
      `  ${posts.length} form posts to /__pz/ with the fields: ${[...fields].sort().join(", ")}`,
      "  nothing in localStorage",
    ]);
  } finally {
    await context.close();
    await shop.close();
  }
});
