// Recently viewed through the real worker on the demo shop: product pages a shopper opens
// come back on the home page and on other product pages, latest first; the privacy centre
// lists them and removes one at a time; nothing is kept under GPC, from another site, or
// without the interests purpose.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startShop, answerQuestions } from "./harness.mjs";

let shop;
before(async () => {
  shop = await startShop();
});
after(async () => {
  await shop?.close();
});

/** The recently viewed shelf's products, in order, or null when the slot is left empty. */
function recentlyViewed(html) {
  const match = /<section class="shelf" data-pz-slot="recently-viewed"([^>]*)>([\s\S]*?)<\/section>/.exec(html);
  if (!match || !/data-pz-shown="recently-viewed"/.test(match[1])) return null;
  return [...match[2].matchAll(/<a href="\/product\/([a-z]+-\d+)\/">/g)].map((m) => m[1]);
}

/** Opens `path` with `cookie`, as a page view; returns the page and the cookie afterwards. */
async function open(path, cookie, headers = {}) {
  const response = await shop.fetch(path, { headers: { cookie, ...headers } });
  const html = await response.text();
  const set = response.headers.get("set-cookie");
  return { html, cookie: set && !/Max-Age=0/.test(set) ? set.split(";")[0] : cookie };
}

async function walk(cookie, paths, headers) {
  for (const path of paths) ({ cookie } = await open(path, cookie, headers));
  return cookie;
}

test("product pages viewed come back latest first, never on their own page", async () => {
  let { cookie } = await answerQuestions(shop, { for: "self", craft: "glass" });
  assert.equal(recentlyViewed((await open("/", cookie)).html), null, "nothing viewed yet");
  cookie = await walk(cookie, ["/product/cer-003/", "/category/all/", "/product/gls-004/", "/product/tex-002/", "/product/gls-004/"]);
  assert.deepEqual(recentlyViewed((await open("/", cookie)).html), ["gls-004", "tex-002", "cer-003"]);
  const onProduct = recentlyViewed((await open("/product/tex-002/", cookie)).html);
  assert.deepEqual(onProduct, ["gls-004", "cer-003"], "the page's own product is left out");
});

test("the privacy centre lists each viewed item and removes one without touching the rest", async () => {
  let { cookie } = await answerQuestions(shop, { for: "gift", craft: "prints" });
  cookie = await walk(cookie, ["/product/cer-002/", "/product/wod-002/", "/product/jew-003/"]);
  const report = await (await shop.fetch("/__pz/profile", { headers: { cookie } })).json();
  assert.deepEqual(report.viewed.map((entry) => entry.id), ["jew-003", "wod-002", "cer-002"]);
  assert.ok(report.viewed.every((entry) => entry.title && entry.url.startsWith("/product/") && entry.viewed_on && entry.expires));
  const removal = await shop.fetch("/__pz/viewed", {
    method: "POST",
    body: new URLSearchParams({ remove: "wod-002", return: "/privacy/" }),
    headers: { cookie, "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin" },
    redirect: "manual",
  });
  assert.equal(removal.status, 303);
  assert.equal(new URL(removal.headers.get("location")).pathname, "/privacy/");
  const after = removal.headers.get("set-cookie").split(";")[0];
  const again = await (await shop.fetch("/__pz/profile", { headers: { cookie: after } })).json();
  assert.deepEqual(again.viewed.map((entry) => entry.id), ["jew-003", "cer-002"]);
  assert.deepEqual(again.profile.crafts, report.profile.crafts, "the answers are untouched");
  // jew-003 is sold out: listed in the privacy centre, never shown on a shelf.
  assert.deepEqual(recentlyViewed((await open("/", after)).html), ["cer-002"]);
});

test("another site cannot remove a viewed item; GPC and a withdrawn interests purpose keep nothing", async () => {
  let { cookie } = await answerQuestions(shop, { for: "self", craft: "ceramics" });
  cookie = await walk(cookie, ["/product/cer-001/"]);
  const forged = await shop.fetch("/__pz/viewed", {
    method: "POST",
    body: "remove=cer-001",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "cross-site", origin: "https://elsewhere.example" },
    redirect: "manual",
  });
  assert.equal(forged.status, 403);
  assert.equal(forged.headers.get("set-cookie"), null);
  const oversized = await shop.fetch("/__pz/viewed", {
    method: "POST",
    body: `remove=cer-001&padding=${"x".repeat(70_000)}`,
    headers: { cookie, "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin" },
    redirect: "manual",
  });
  assert.equal(oversized.status, 413);
  assert.equal(oversized.headers.get("set-cookie"), null, "nothing removed from an oversized body");

  const underGpc = await walk(cookie, ["/product/gls-001/", "/product/gls-002/"], { "sec-gpc": "1" });
  const report = await (await shop.fetch("/__pz/profile", { headers: { cookie: underGpc } })).json();
  assert.deepEqual(report.viewed.map((entry) => entry.id), ["cer-001"], "views under GPC are not recorded");
  assert.equal(recentlyViewed((await open("/", underGpc, { "sec-gpc": "1" })).html), null, "nor used");

  const answersOnly = (await answerQuestions(shop, { for: "self", craft: "ceramics", interests: "no" })).cookie;
  const walked = await walk(answersOnly, ["/product/cer-002/"]);
  const nothing = await (await shop.fetch("/__pz/profile", { headers: { cookie: walked } })).json();
  assert.deepEqual(nothing.viewed, []);
});
