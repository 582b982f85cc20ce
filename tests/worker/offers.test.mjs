// The guarded offer through the real worker on the demo shop: a high-value shopper's signed
// profile gets the thank-you banner and badges only on the pieces whose margin survives the
// discount; a forged or unsigned profile, a worker without its key and a shopper past the
// cap get none; keys rotate without losing anyone.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { startShop, answerQuestions, listingItems, repo, SIGNING_KEY } from "./harness.mjs";

const cli = resolve(repo, "target/debug/shelfwise");
let shop;
before(async () => {
  shop = await startShop();
});
after(async () => {
  await shop?.close();
});

const nextCookie = (response, cookie) => response.headers.get("set-cookie")?.split(";")[0] ?? cookie;

/** A shopper who answered and then placed an order of `value`. */
async function shopperWhoSpent(target, value) {
  let { cookie } = await answerQuestions(target, { for: "self", craft: "ceramics" });
  const response = await target.fetch("/__pz/signal", {
    method: "POST",
    body: new URLSearchParams({ kind: "purchase", keys: "ceramics", value: String(value) }).toString(),
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
  });
  assert.equal(response.status, 204);
  return nextCookie(response, cookie);
}

const banner = (html) => /data-pz-slot="member-offer" data-pz-shown="thank-you"><div class="offer-banner">/.test(html);
const badged = (html) => listingItems(html).filter((item) => /data-pz-offer="thank-you"/.test(item.html)).map((item) => item.sku);

test("a high-value shopper's signed profile gets the offer, badged only where the margin allows", async () => {
  const cookie = await shopperWhoSpent(shop, 240);
  const home = await (await shop.fetch("/", { headers: { cookie } })).text();
  assert.ok(banner(home), "the thank-you banner on the home page");
  const response = await shop.fetch("/category/all/", { headers: { cookie } });
  const html = await response.text();
  assert.ok(banner(html));
  assert.doesNotMatch(html, /data-pz-margin/, "margins never leave the worker");
  // The guardrail, recomputed from the origin's own prices and margins: 10 % off, at most
  // £15, must leave at least the category policy's 20 % margin.
  const origin = listingItems((await shop.fromOrigin("/category/all/")).body.toString());
  const allowed = origin
    .filter((item) => {
      const price = Number(/data-pz-price="([^"]+)"/.exec(item.html)[1]);
      const margin = Number(/data-pz-margin="([^"]+)"/.exec(item.html)[1]);
      const discounted = price - Math.min(price * 0.1, 15);
      return (discounted - price * (1 - margin)) / discounted >= 0.2;
    })
    .map((item) => item.sku)
    .sort();
  const shown = badged(html).sort();
  assert.ok(shown.length > 0 && shown.length < origin.length, `${shown.length} of ${origin.length} badged`);
  assert.deepEqual(shown, allowed);
  assert.match(html, /<p class="card-offer" data-pz-badge data-pz-offer="thank-you"><span class="badge badge-offer">10% off for you<\/span><\/p>/);
  const report = await (await shop.fetch("/__pz/profile", { headers: { cookie } })).json();
  const why = report.decisions.find((d) => d.slot === "member-offer");
  assert.equal(why.variant, "thank-you");
  assert.equal(why.because, "Because of the pieces you've chosen before");
});

test("a modest order, a forged cookie, a worker without its key: content, but no offer", async () => {
  const modest = await shopperWhoSpent(shop, 30);
  const html = await (await shop.fetch("/category/all/", { headers: { cookie: modest } })).text();
  assert.ok(!banner(html) && badged(html).length === 0);

  // The same high-value facts written by hand: unsigned, or signed with a guessed key.
  const rich = await shopperWhoSpent(shop, 240);
  const [value] = rich.split("=")[1].split(".");
  const guessed = execFileSync(cli, ["cookie", "encode"], {
    input: execFileSync(cli, ["cookie", "decode", value, "--day-numbers"]),
    env: { ...process.env, SHELFWISE_SIGNING_KEY: "guess" },
  }).toString().trim();
  for (const forged of [`pz=${value}`, `pz=${guessed}`]) {
    const response = await shop.fetch("/category/all/", { headers: { cookie: forged } });
    const page = await response.text();
    assert.match(page, /data-pz-listing="category" data-pz-shown="affinity"/, "still personalized");
    assert.ok(!banner(page) && badged(page).length === 0, "but never an offer");
    const rewritten = response.headers.get("set-cookie");
    if (rewritten) assert.doesNotMatch(rewritten.split(";")[0], /\./, "and never signed on the way back");
  }

  const keyless = await startShop({ bindings: { SHELFWISE_SIGNING_KEY: undefined } });
  try {
    const page = await (await keyless.fetch("/category/all/", { headers: { cookie: rich } })).text();
    assert.match(page, /data-pz-shown="affinity"/);
    assert.ok(!banner(page) && badged(page).length === 0);
  } finally {
    await keyless.close();
  }
});

test("six showings in a week, then neither banner nor badges", async () => {
  let cookie = await shopperWhoSpent(shop, 240);
  for (let i = 1; i <= 6; i++) {
    const response = await shop.fetch(i % 2 ? "/" : "/category/all/", { headers: { cookie } });
    assert.ok(banner(await response.text()), `showing ${i}`);
    cookie = nextCookie(response, cookie);
  }
  const html = await (await shop.fetch("/category/all/", { headers: { cookie } })).text();
  assert.ok(!banner(html), "capped");
  assert.deepEqual(badged(html), []);
  assert.match(html, /data-pz-shown="affinity"/, "the rest of the page is still personalized");
});

test("keys rotate: a cookie signed with the old key still earns the offer and comes back signed with the new", async () => {
  const cookie = await shopperWhoSpent(shop, 240);
  const rotated = await startShop({ bindings: { SHELFWISE_SIGNING_KEY: "the-new-key", SHELFWISE_SIGNING_KEY_PREVIOUS: SIGNING_KEY } });
  const newOnly = await startShop({ bindings: { SHELFWISE_SIGNING_KEY: "the-new-key" } });
  try {
    const response = await rotated.fetch("/", { headers: { cookie } });
    assert.ok(banner(await response.text()));
    const resigned = nextCookie(response, null);
    assert.ok(resigned && resigned !== cookie, "signed again");
    assert.ok(banner(await (await newOnly.fetch("/", { headers: { cookie: resigned } })).text()), "with the new key");
    assert.ok(!banner(await (await newOnly.fetch("/", { headers: { cookie } })).text()), "the old signature alone is no longer enough");
  } finally {
    await rotated.close();
    await newOnly.close();
  }
});
