// Recommendation shelves through the real worker on the demo shop: "Picked for you" on the
// home page and "Goes well with" on product pages, from the config's catalog feed.
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

/** The shelf slot's element and its content, or null. */
function shelf(html, slot) {
  const match = new RegExp(`<section class="shelf" data-pz-slot="${slot}"([^>]*)>([\\s\\S]*?)</section>`).exec(html);
  return match && { attributes: match[1], content: match[2] };
}

const items = (content) => [...content.matchAll(/<a href="\/product\/([a-z]+-\d+)\/">/g)].map((m) => m[1]);

test("without a profile the shelves stay empty: the origin's page", async () => {
  for (const path of ["/", "/product/cer-001/"]) {
    const origin = (await shop.fromOrigin(path)).body.toString();
    const html = await (await shop.fetch(path)).text();
    assert.equal(html, origin.replace(/ data-pz-margin="[^"]*"/g, ""), path);
  }
});

test("a shopper who loves ceramics gets ceramics picked for them on the home page", async () => {
  const { cookie } = await answerQuestions(shop, { for: "self", craft: "ceramics" });
  const html = await (await shop.fetch("/", { headers: { cookie } })).text();
  const forYou = shelf(html, "for-you-shelf");
  assert.match(forYou.attributes, /data-pz-shown="for-you"/);
  const picked = items(forYou.content);
  assert.equal(picked.length, 4, forYou.content);
  assert.ok(picked.every((sku) => sku.startsWith("cer-")), picked.join());
  assert.match(forYou.content, /<h2>Picked for you<\/h2>/);
  assert.match(forYou.content, /<small class="pz-why" data-pz-why="">Because of the crafts you like<\/small>|Because of the crafts you like/);
});

test("a mug's page shows coasters and spoons that go with it, never the mug itself", async () => {
  const { cookie } = await answerQuestions(shop, { for: "gift", craft: "glass" });
  const catalog = JSON.parse((await shop.fromOrigin("/catalog.json")).body.toString());
  const mug = catalog.products.find((p) => p.tags.includes("mug"));
  const html = await (await shop.fetch(`/product/${mug.sku}/`, { headers: { cookie } })).text();
  const goesWell = shelf(html, "goes-well-with");
  assert.match(goesWell.attributes, /data-pz-shown="goes-well-with"/);
  const picked = items(goesWell.content);
  assert.ok(picked.length >= 2, goesWell.content);
  assert.ok(!picked.includes(mug.sku));
  const bySku = new Map(catalog.products.map((p) => [p.sku, p]));
  for (const sku of picked) {
    assert.ok(bySku.get(sku).tags.some((t) => t === "coaster" || t === "spoon"), `${sku} goes with a mug`);
  }
});
