// The real worker (wasm in workerd) in front of the demo shop: what a shopper sees.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startShop, answerQuestions, listingItems, withoutMargins, configWithoutExperiments } from "./harness.mjs";

let shop;
before(async () => {
  shop = await startShop();
});
after(async () => {
  await shop?.close();
});

async function page(path, cookie) {
  const response = await shop.fetch(path, cookie ? { headers: { cookie } } : {});
  return { response, body: Buffer.from(await response.arrayBuffer()) };
}

function slotSection(html, slot) {
  const start = html.lastIndexOf("<section", html.indexOf(`data-pz-slot="${slot}"`));
  return html.slice(start, html.indexOf("</section>", start));
}

test("without a cookie every page is byte-identical to the origin's, item margins aside, and keeps its cache headers", async () => {
  for (const path of ["/", "/category/all/", "/preferences/", "/assets/shop.css"]) {
    const origin = await shop.fromOrigin(path);
    const { response, body } = await page(path);
    assert.equal(response.status, 200, path);
    assert.ok(body.equals(withoutMargins(origin.body)), `${path} differs from the origin`);
    assert.equal(response.headers.get("cache-control"), "public, max-age=60", path);
  }
});

test("answering the questions sets a compact, HttpOnly profile cookie and redirects back", async () => {
  const { response, cookie, setCookie } = await answerQuestions(shop, { for: "gift", craft: "ceramics", return: "/" });
  assert.equal(response.status, 303);
  assert.equal(response.headers.get("location"), "http://shop.test/");
  // The profile (at most 100 characters), a dot and its 22-character signature.
  assert.match(cookie, /^pz=[A-Za-z0-9_-]{1,100}\.[A-Za-z0-9_-]{22}$/);
  assert.match(setCookie, /Max-Age=2592000/);
  assert.match(setCookie, /HttpOnly/);
  assert.match(setCookie, /SameSite=Lax/);
});

test("a gift shopper who loves ceramics sees the gift hero and ceramics collection", async () => {
  const { cookie } = await answerQuestions(shop, { for: "gift", craft: "ceramics" });
  const { response, body } = await page("/", cookie);
  const html = body.toString();
  const origin = (await shop.fromOrigin("/")).body.toString();
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("cache-control"), "private, max-age=0");
  assert.equal(response.headers.get("etag"), null);

  const hero = slotSection(html, "home-hero");
  assert.match(hero, /data-pz-shown="gift-guide"/);
  assert.doesNotMatch(html, /data-pz-reason/, "reasons come from the profile: none in the marks by default");
  assert.doesNotMatch(hero, /<template/, "variants are not shipped once one is chosen");
  const originHero = slotSection(origin, "home-hero");
  const giftTemplate = /<template data-pz-variant="gift-guide">([\s\S]*?)<\/template>/.exec(originHero)[1];
  assert.ok(hero.includes(giftTemplate), "the gift-guide template's content is shown verbatim");

  assert.match(hero, /<small class="pz-why" data-pz-why>Because you told us you're shopping for a gift<\/small>$/, "the why-this line");
  assert.match(slotSection(html, "featured-collection"), /data-pz-shown="ceramics-collection"/);
  assert.match(slotSection(html, "featured-collection"), /data-pz-why>Because you told us you love ceramics</);
  assert.match(slotSection(html, "editorial"), /data-pz-shown="gift-notes"/);
  // Outside the slots nothing changed.
  const outside = (s) => s.slice(s.lastIndexOf("</section>") + "</section>".length);
  assert.equal(outside(html), outside(origin));
});

test("a category listing is reordered by stated crafts, item bytes intact, pins in place", async () => {
  const { cookie } = await answerQuestions(shop, { for: "self", craft: "glass" });
  const origin = listingItems(withoutMargins((await shop.fromOrigin("/category/all/")).body).toString());
  const { body } = await page("/category/all/", cookie);
  const html = body.toString();
  const personalized = listingItems(html);

  assert.ok(origin.length >= 48, `the demo category has ${origin.length} items`);
  assert.deepEqual(
    personalized.map((i) => i.html).sort(),
    origin.map((i) => i.html).sort(),
    "the same items with the same bytes",
  );
  assert.notDeepEqual(personalized.map((i) => i.sku), origin.map((i) => i.sku));
  assert.match(html, /data-pz-listing="category"[^>]*data-pz-shown="affinity"/);

  origin.forEach((item, position) => {
    if (item.pinned) assert.equal(personalized[position].sku, item.sku, "a pinned item keeps its place");
  });
  const movable = personalized.filter((i) => !i.pinned);
  const maxRun = 4; // the demo config's diversity guardrail: at most 4 of one craft in a row
  assert.deepEqual(movable.slice(0, maxRun).map((i) => i.tags[0]), Array(maxRun).fill("glass"), "glass comes first");
  const position = (list, craft) => list.reduce((sum, item, i) => sum + (item.tags[0] === craft ? i : 0), 0);
  assert.ok(position(personalized, "glass") < position(origin, "glass") / 2, "glass moved well up on the whole");
  // Items that are not promoted keep the origin's order among themselves.
  const others = (list) => list.filter((i) => i.tags[0] !== "glass" && !i.pinned && !/data-pz-stock="0"/.test(i.html)).map((i) => i.sku);
  assert.deepEqual(others(personalized), others(origin));
});

test("a frequency-capped variant rests after it was shown enough", async () => {
  // The demo caps the gift guide at 3 showings a week; then the craft spotlight shows.
  let { cookie } = await answerQuestions(shop, { for: "gift", craft: "ceramics" });
  const shown = [];
  for (let visit = 0; visit < 5; visit++) {
    const response = await shop.fetch("/", { headers: { cookie } });
    const html = await response.text();
    shown.push(/data-pz-slot="home-hero"[^>]*data-pz-shown="([^"]+)"/.exec(html)[1]);
    const set = response.headers.get("set-cookie");
    if (set) cookie = set.split(";")[0];
  }
  assert.deepEqual(shown, ["gift-guide", "gift-guide", "gift-guide", "ceramics-spotlight", "ceramics-spotlight"]);
  const report = await (await shop.fetch("/__pz/profile", { headers: { cookie } })).json();
  assert.ok(report.facts.some((f) => f.text.includes("gift-guide") && f.text.includes("3 times")), JSON.stringify(report.facts));
});

test("a corrupted, oversized or hostile cookie is ignored and the page is unchanged", async () => {
  const origin = await shop.fromOrigin("/");
  const { cookie } = await answerQuestions(shop, { for: "gift" });
  // The profile part damaged (a damaged signature alone leaves a readable, unsigned
  // profile: it personalizes content and never earns an offer, see offers.test.mjs).
  const [value, signature] = cookie.split(".");
  const hostile = [
    `${value}x!.${signature}`,
    `${value.slice(0, -3)}.${signature}`,
    "pz=" + "A".repeat(4000),
    "pz=AgAA",
    'pz="><script>alert(1)</script>',
    "pz=%00%ff",
  ];
  for (const value of hostile) {
    const { response, body } = await page("/", value);
    assert.equal(response.status, 200, value);
    assert.ok(body.equals(origin.body), `page changed for cookie ${value.slice(0, 40)}`);
  }
});

test("item margins never reach anyone in edge mode, yet still hold items back", async () => {
  const origin = (await shop.fromOrigin("/category/all/")).body.toString();
  assert.match(origin, /data-pz-margin=/, "the demo marks its items with margins");
  const { cookie } = await answerQuestions(shop, { for: "self", craft: "glass" });
  for (const [who, headers] of [
    ["a shopper without a profile", {}],
    ["a shopper with a profile", { cookie }],
    ["a crawler", { "user-agent": "Mozilla/5.0 (compatible; Googlebot/2.1)" }],
  ]) {
    const response = await shop.fetch("/category/all/", { headers });
    const html = await response.text();
    assert.equal(response.status, 200, who);
    assert.doesNotMatch(html, /data-pz-margin/, who);
    assert.equal(listingItems(html).length, listingItems(origin).length, who);
  }
});

test("forgetting clears the cookie", async () => {
  const response = await shop.fetch("/__pz/forget", { method: "POST" });
  assert.equal(response.status, 303);
  assert.match(response.headers.get("set-cookie"), /^pz=; Max-Age=0/);
});

test("bad requests to the endpoints get a clear 4xx", async () => {
  const unknownCraft = await answerQuestions(shop, { craft: "plutonium" });
  assert.equal(unknownCraft.response.status, 400);
  assert.equal(unknownCraft.setCookie, null);
  const tooMany = await answerQuestions(shop, [["craft", "glass"], ["craft", "prints"], ["craft", "textiles"], ["craft", "ceramics"]]);
  assert.equal(tooMany.response.status, 400);
  const unknown = await shop.fetch("/__pz/nothing-here");
  assert.equal(unknown.status, 404);
  await unknown.arrayBuffer();
  const openRedirect = await answerQuestions(shop, { for: "gift", return: "//evil.example/" });
  assert.equal(openRedirect.response.headers.get("location"), "http://shop.test/");
});

test("non-GET requests and missing pages pass through with the origin's status", async () => {
  const { cookie } = await answerQuestions(shop, { for: "gift" });
  const post = await shop.fetch("/", { method: "POST", body: "x", headers: { cookie } });
  assert.equal(post.status, 405);
  await post.arrayBuffer();
  const missing = await shop.fetch("/no/such/page", { headers: { cookie } });
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get("cache-control"), null);
  await missing.arrayBuffer();
});

test("a shop that asks for reasons in the marks gets the decision's reason code", async () => {
  const config = JSON.parse(configWithoutExperiments());
  config.privacy = { ...config.privacy, reasons_in_marks: true };
  const withReasons = await startShop({ bindings: { SHELFWISE_CONFIG: JSON.stringify(config) } });
  try {
    const { cookie } = await answerQuestions(withReasons, { for: "gift", craft: "ceramics" });
    const response = await withReasons.fetch("/", { headers: { cookie } });
    const html = await response.text();
    assert.match(slotSection(html, "home-hero"), /data-pz-shown="gift-guide" data-pz-reason="segment:gift-buyer"/);
  } finally {
    await withReasons.close();
  }
});
