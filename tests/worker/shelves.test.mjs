// Recommendation shelves through the real worker on the demo shop: "Picked for you" on the
// home page and "Goes well with" on product pages, from the config's catalog feed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startShop, answerQuestions, configWithoutExperiments } from "./harness.mjs";

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
  // On a ceramics product page too, without the product itself.
  const product = await (await shop.fetch(`/product/${picked[0]}/`, { headers: { cookie } })).text();
  const onProduct = items(shelf(product, "for-you-shelf").content);
  assert.equal(onProduct.length, 4, "four picks on a product page");
  assert.ok(!onProduct.includes(picked[0]), "never the page's own product");
  assert.ok(onProduct.every((sku) => sku.startsWith("cer-")), onProduct.join());
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

test("while the winter episode runs, a shopper sees its bundle: the named pieces, then warm light", async () => {
  // The demo's winter-gifting episode, moved to run today whatever the date.
  const config = JSON.parse(configWithoutExperiments());
  const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(5, 10);
  config.episodes["winter-gifting"] = { ...config.episodes["winter-gifting"], from: day(-1), until: day(1) };
  const winter = await startShop({ bindings: { SHELFWISE_CONFIG: JSON.stringify(config) } });
  try {
    const { cookie } = await answerQuestions(winter, { for: "self", craft: "jewellery" });
    const html = await (await winter.fetch("/", { headers: { cookie } })).text();
    const bundle = shelf(html, "winter-bundle");
    assert.match(bundle.attributes, /data-pz-shown="winter-bundle"/);
    const picked = items(bundle.content);
    assert.deepEqual(picked.slice(0, 2), config.shelves["winter-bundle"].bundle.items);
    const bySku = new Map(config.catalog.map((item) => [item.id, item]));
    for (const sku of picked.slice(2)) {
      assert.ok(bySku.get(sku).tags.some((t) => ["throw", "candle-holder", "suncatcher"].includes(t)), sku);
    }
    assert.match(bundle.content, /Warm light for long evenings/);
    // Outside the episode (the shop's own config today, unless it is December) the slot
    // stays empty for the same shopper.
    const inDecember = new Date().getUTCMonth() === 11 && new Date().getUTCDate() <= 24;
    const normal = await (await shop.fetch("/", { headers: { cookie } })).text();
    if (!inDecember) assert.equal(shelf(normal, "winter-bundle").content, "");
  } finally {
    await winter.close();
  }
});
