// A listing cut to its first items (`max_items`): the home page's "Top picks" through the
// real worker. Everyone's page stays the origin's (its CSS shows the first six); a shopper
// with a profile gets the six that rank first for them.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startShop, answerQuestions, listingItems } from "./harness.mjs";

let shop;
before(async () => {
  shop = await startShop();
});
after(async () => {
  await shop?.close();
});

/** Items lose their margins at the edge (the shop's business data); nothing else. */
const noMargins = (html) => html.replace(/ data-pz-margin="[^"]*"/g, "");

test("without a profile the top picks are the origin's eighteen, byte for byte (the shop's CSS shows six)", async () => {
  const origin = (await shop.fromOrigin("/")).body.toString();
  const html = await (await shop.fetch("/")).text();
  assert.equal(listingItems(origin).length, 18);
  assert.equal(html, origin);
});

test("a shopper who loves glass gets glass first among six picks", async () => {
  const { cookie } = await answerQuestions(shop, { for: "self", craft: "glass" });
  const origin = listingItems(noMargins((await shop.fromOrigin("/")).body.toString()));
  const html = await (await shop.fetch("/", { headers: { cookie } })).text();
  const shown = listingItems(html);
  assert.equal(shown.length, 6);
  assert.equal(shown[0].tags[0], "glass", JSON.stringify(shown.map((i) => i.tags[0])));
  assert.ok(shown.filter((i) => i.tags[0] === "glass").length >= 2, "glass is promoted");
  assert.notDeepEqual(shown.map((i) => i.sku), origin.slice(0, 6).map((i) => i.sku));
  const bySku = new Map(origin.map((i) => [i.sku, i.html]));
  for (const item of shown) assert.equal(item.html, bySku.get(item.sku), "an item's bytes move unchanged");
  assert.match(html, /data-pz-listing="top-picks" data-pz-shown="affinity"/);
  const untouched = noMargins((await shop.fromOrigin("/")).body.toString());
  assert.ok(html.length < untouched.length, "twelve items fewer");
});
