// The on-device profile through the real worker: shared vectors, view signals, the signal
// and profile endpoints, retention and forgetting.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { startShop, answerQuestions, listingItems, repo } from "./harness.mjs";

const vectors = JSON.parse(readFileSync(resolve(repo, "tests/data/cookie-vectors.json"), "utf8"));
const cli = resolve(repo, "target/debug/shelfwise");
const today = Math.floor(Date.now() / 86_400_000) - 18_262;

let shop;
before(async () => {
  shop = await startShop();
});
after(async () => {
  await shop?.close();
});

/** Moves every day of a vector's profile so that it was written today. */
function rebased(profile) {
  const shift = today - profile.written;
  const day = (d) => (d === undefined ? undefined : d + shift);
  const copy = structuredClone(profile);
  copy.written = today;
  if (copy.created !== undefined) copy.created = day(copy.created);
  if (copy.consented_on !== undefined) copy.consented_on = day(copy.consented_on);
  for (const a of copy.affinities ?? []) a.day = day(a.day);
  for (const e of copy.exposures ?? []) e.since = day(e.since);
  for (const b of copy.bought ?? []) b.day = day(b.day);
  if (copy.lifecycle) {
    copy.lifecycle.first_seen = day(copy.lifecycle.first_seen);
    copy.lifecycle.last_seen = day(copy.lifecycle.last_seen);
    if (copy.lifecycle.last_purchase !== undefined) copy.lifecycle.last_purchase = day(copy.lifecycle.last_purchase);
  }
  if (copy.intent?.cart_open_since !== undefined) copy.intent.cart_open_since = day(copy.intent.cart_open_since);
  return copy;
}

function encode(profile) {
  assert.ok(existsSync(cli), "the native CLI is built first (cargo test builds target/debug/shelfwise)");
  return execFileSync(cli, ["cookie", "encode"], { input: JSON.stringify(profile) }).toString().trim();
}

async function storedProfile(cookie) {
  const response = await shop.fetch("/__pz/profile", { headers: cookie ? { cookie } : {} });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("cache-control"), "no-store");
  return response.json();
}

/** Follows a response's Set-Cookie, if any, like a browser would. */
function nextCookie(response, cookie) {
  const set = response.headers.get("set-cookie");
  return set ? set.split(";")[0] : cookie;
}

test("the worker decodes every shared vector exactly as the native build does", async () => {
  for (const vector of vectors.valid) {
    const profile = rebased(vector.profile);
    const report = await storedProfile(`pz=${encode(profile)}`);
    assert.equal(report.stored, true, vector.name);
    assert.deepEqual(report.profile, profile, vector.name);
  }
  for (const vector of vectors.invalid) {
    const report = await storedProfile(`pz=${vector.cookie}`);
    assert.equal(report.stored, false, vector.name);
  }
});

test("a value written before purposes and buckets is read as the native build reads it", async () => {
  // The legacy vectors whose only day is the written day, moved to today byte by byte.
  for (const vector of vectors.legacy.filter((v) => Object.keys(v.profile).every((k) => ["written", "consent", "bucket"].includes(k)))) {
    const bytes = Buffer.from(vector.cookie, "base64url");
    bytes.writeUInt16BE(today, 1);
    const report = await storedProfile(`pz=${bytes.toString("base64url")}`);
    assert.equal(report.stored, true, vector.name);
    assert.deepEqual(report.profile, { ...vector.profile, written: today }, vector.name);
    assert.deepEqual(report.purposes, { answers: true, interests: true, measurement: true }, vector.name);
  }
});

test("browsing ceramics product pages moves ceramics up the listings", async () => {
  let { cookie } = await answerQuestions(shop, { for: "self" });
  const origin = listingItems((await shop.fromOrigin("/category/all/")).body.toString());
  const ceramicProducts = origin.filter((i) => i.tags[0] === "ceramics").slice(0, 3);
  for (const product of ceramicProducts) {
    const path = `/product/${product.sku}/`;
    const response = await shop.fetch(path, { headers: { cookie } });
    // Only the shelves are filled; the rest of the page is the origin's.
    const withoutShelf = (html) => html.replace(/<section class="shelf" data-pz-slot="[a-z-]+"[^>]*>[\s\S]*?<\/section>/g, "");
    const body = await response.text();
    assert.match(body, /data-pz-slot="goes-well-with" data-pz-shown="goes-well-with"/);
    assert.equal(withoutShelf(body), withoutShelf((await shop.fromOrigin(path)).body.toString()), "a product page's content is not altered");
    assert.match(response.headers.get("set-cookie") ?? "", /^pz=.*HttpOnly/, "the view is recorded in the same response");
    cookie = nextCookie(response, cookie);
  }
  const report = await storedProfile(cookie);
  assert.ok(report.facts.some((f) => f.kind === "inferred" && f.text.includes("ceramics")), JSON.stringify(report.facts));

  const response = await shop.fetch("/category/all/", { headers: { cookie } });
  const personalized = listingItems(await response.text());
  const movable = personalized.filter((i) => !i.pinned);
  assert.deepEqual(movable.slice(0, 4).map((i) => i.tags[0]), Array(4).fill("ceramics"), "ceramics lead the listing");
  const position = (list) => list.reduce((sum, item, i) => sum + (item.tags[0] === "ceramics" ? i : 0), 0);
  assert.ok(position(personalized) < position(origin) / 2, "ceramics moved well up on the whole");
});

test("wishlist, cart and purchase signals rewrite only the cookie and answer 204", async () => {
  let { cookie } = await answerQuestions(shop, { for: "gift", craft: "glass" });
  for (const [kind, extra] of [["wishlist", {}], ["cart", {}], ["purchase", { value: "180" }]]) {
    const response = await shop.fetch("/__pz/signal", {
      method: "POST",
      body: new URLSearchParams({ kind, keys: "prints,wall-art", ...extra }).toString(),
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    });
    assert.equal(response.status, 204, kind);
    assert.equal(response.headers.get("x-pz-recorded"), "yes");
    assert.equal((await response.arrayBuffer()).byteLength, 0);
    cookie = nextCookie(response, cookie);
  }
  const { profile, facts } = await storedProfile(cookie);
  assert.equal(profile.intent.wishlist_adds, 1);
  assert.equal(profile.intent.cart_adds, 1);
  assert.equal(profile.intent.cart_open_since, undefined, "the purchase closed the cart");
  assert.equal(profile.lifecycle.purchases, 1);
  assert.equal(profile.lifecycle.value_band, "high");
  assert.ok(profile.affinities.some((a) => a.key === "prints"));
  assert.ok(facts.some((f) => f.text === "You told us you're shopping for a gift."));

  const occasion = await answerQuestions(shop, { part: "occasion", occasion: "birthday" });
  assert.equal(occasion.response.status, 303);
});

test("purchases keep a coarse total and the stationery day the shop asks about, and the refill panel follows", async () => {
  let { cookie } = await answerQuestions(shop, { for: "self", craft: "prints" });
  for (const keys of ["prints,stationery", "ceramics,mug"]) {
    const response = await shop.fetch("/__pz/signal", {
      method: "POST",
      body: new URLSearchParams({ kind: "purchase", keys, value: "140" }).toString(),
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    });
    assert.equal(response.headers.get("x-pz-recorded"), "yes");
    cookie = nextCookie(response, cookie);
  }
  const { profile, facts } = await storedProfile(cookie);
  const total = 1.25 ** profile.lifecycle.spend;
  assert.ok(total >= 280 / 1.25 && total <= 280 * 1.25, `a total of about 280, not ${total}`);
  assert.deepEqual(profile.bought, [{ tag: "stationery", day: today }], "only the tag a condition names");
  assert.ok(facts.some((f) => f.text.startsWith("Your orders add up to about")), JSON.stringify(facts));
  // Bought today: too soon for a reminder; the total is in the high band (from 250).
  const home = await (await shop.fetch("/", { headers: { cookie } })).text();
  assert.doesNotMatch(home, /data-pz-shown="stationery-refill"/);
  assert.match(home, /data-pz-slot="editorial"[^>]*data-pz-shown="collector-story"/, "the high-value story");
  assert.match(home, /data-pz-why[^>]*>Because of the pieces you(&#39;|&rsquo;|'|’)ve chosen before/, "decided by the high-value segment");

  // The same shopper three weeks after the stationery order.
  const earlier = { ...profile, bought: [{ tag: "stationery", day: today - 21 }] };
  const later = `pz=${encode(earlier)}`;
  const refill = await (await shop.fetch("/", { headers: { cookie: later } })).text();
  assert.match(refill, /data-pz-slot="editorial"[^>]*data-pz-shown="stationery-refill"/);
  assert.match(refill, /Cards and notebooks, restocked/);
});

test("a dwell reinforces the page's keys by the config's steps; under the first step nothing is written", async () => {
  let { cookie } = await answerQuestions(shop, { for: "self", craft: "prints" });
  const dwell = async (value, from = "0") => {
    const response = await shop.fetch("/__pz/signal", {
      method: "POST",
      body: new URLSearchParams({ kind: "dwell", keys: "glass,vase", from, ...(value === undefined ? {} : { value }) }).toString(),
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    });
    await response.arrayBuffer();
    return response;
  };
  const short = await dwell("9");
  assert.equal(short.status, 204);
  assert.equal(short.headers.get("x-pz-recorded"), "no");
  assert.equal(short.headers.get("set-cookie"), null);
  assert.equal((await dwell(undefined)).status, 400, "a dwell without its seconds is refused");
  // One page view reported as it went: 0 → 35 s, then 35 → 4000 s.
  for (const [value, from] of [["35", "0"], ["4000", "35"]]) {
    const response = await dwell(value, from);
    assert.equal(response.headers.get("x-pz-recorded"), "yes");
    cookie = nextCookie(response, cookie);
  }
  const again = await dwell("4000", "4000");
  assert.equal(again.headers.get("x-pz-recorded"), "no", "nothing new");
  const { profile } = await storedProfile(cookie);
  // The demo's steps: 10 s → 8, 30 s → 16, 120 s → 24: the highest reached, once.
  assert.equal(profile.affinities.find((a) => a.key === "glass").weight, 24);
  assert.equal(profile.lifecycle?.visits ?? 0, 0, "a dwell is not a visit");
});

test("without consent nothing is written: no cookie from signals or page views", async () => {
  const essential = vectors.valid.find((v) => v.name === "essential-only");
  const cookie = `pz=${encode(rebased(essential.profile))}`;
  const signal = await shop.fetch("/__pz/signal", {
    method: "POST",
    body: "kind=cart&keys=glass",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
  });
  assert.equal(signal.status, 204);
  assert.equal(signal.headers.get("set-cookie"), null);
  assert.equal(signal.headers.get("x-pz-recorded"), "no");
  const anonymous = await shop.fetch("/__pz/signal", { method: "POST", body: "kind=cart&keys=glass" });
  assert.equal(anonymous.status, 204);
  assert.equal(anonymous.headers.get("set-cookie"), null);
  const view = await shop.fetch("/product/cer-001/", { headers: { cookie } });
  await view.arrayBuffer();
  assert.equal(view.headers.get("set-cookie"), null);
  const bad = await shop.fetch("/__pz/signal", { method: "POST", body: "kind=steal" });
  assert.equal(bad.status, 400);
  await bad.arrayBuffer();
});

test("expired data is gone: a profile older than the retention window is ignored", async () => {
  const gift = vectors.valid.find((v) => v.name === "gift-ceramics");
  const old = rebased(gift.profile);
  const shift = 31;
  old.written -= shift;
  for (const a of old.affinities) a.day -= shift;
  old.lifecycle.first_seen -= shift;
  old.lifecycle.last_seen -= shift;
  const cookie = `pz=${encode(old)}`;
  assert.equal((await storedProfile(cookie)).stored, false);
  const home = await shop.fetch("/", { headers: { cookie } });
  assert.ok(Buffer.from(await home.arrayBuffer()).equals((await shop.fromOrigin("/")).body));
});

test("the privacy centre data lists every fact with its expiry, and forget clears it", async () => {
  const { cookie } = await answerQuestions(shop, { for: "gift", craft: "textiles" });
  const report = await storedProfile(cookie);
  assert.equal(report.stored, true);
  assert.match(report.expires, /^\d{4}-\d{2}-\d{2}$/);
  for (const fact of report.facts) assert.match(fact.expires, /^\d{4}-\d{2}-\d{2}$/);
  const kinds = new Set(report.facts.map((f) => f.kind));
  assert.ok(kinds.has("stated") && kinds.has("inferred") && kinds.has("setting"));

  const forget = await shop.fetch("/__pz/forget", { method: "POST", headers: { cookie } });
  assert.equal(forget.status, 303);
  const cleared = nextCookie(forget, cookie);
  assert.equal(cleared, "pz=");
  assert.equal((await storedProfile(cleared)).stored, false);
  const home = await shop.fetch("/", { headers: { cookie: cleared } });
  assert.ok(Buffer.from(await home.arrayBuffer()).equals((await shop.fromOrigin("/")).body));
});

test("no byte of the cookie value is echoed into a personalized page", async () => {
  const { cookie } = await answerQuestions(shop, { for: "gift", craft: "ceramics" });
  const value = cookie.slice("pz=".length);
  for (const path of ["/", "/category/all/", "/product/cer-001/"]) {
    const html = await (await shop.fetch(path, { headers: { cookie } })).text();
    assert.ok(!html.includes(value), path);
  }
});
