// Context rules through the worker in workerd: what the request itself says (the campaign
// link, the referrer) personalizes a first visit, with nothing stored and nothing shared-
// cached; a request no rule matches is the origin's page, unread.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { startShop, repo } from "./harness.mjs";

let shop;
let consentShop;
before(async () => {
  shop = await startShop();
  // The same shop with a consent platform: without its cookie granting personalization,
  // context rules decide nothing either.
  const config = JSON.parse(readFileSync(resolve(repo, "www/shelfwise.config.json"), "utf8"));
  config.experiments = { holdout_percent: 0, tests: {} };
  config.privacy = { ...config.privacy, consent_cookie: { name: "cmp", personalization: ["all"] } };
  consentShop = await startShop({ bindings: { SHELFWISE_CONFIG: JSON.stringify(config) } });
});
after(async () => {
  await shop?.close();
  await consentShop?.close();
});

const marks = (html, slot) => new RegExp(`data-pz-slot="${slot}"[^>]*`).exec(html)?.[0] ?? "";

test("a first-time visitor from a campaign link sees the campaign's hero, and nothing is stored", async () => {
  const response = await shop.fetch("/?utm_campaign=winter-gifts&utm_source=newsletter");
  const html = await response.text();
  assert.equal(response.status, 200);
  assert.match(marks(html, "home-hero"), /data-pz-shown="gift-guide"(?! data-pz-reason)/);
  assert.match(html, /Because you came from our winter gifts newsletter/, "the rule's own explanation");
  assert.equal(response.headers.get("set-cookie"), null, "no cookie for a visitor without a profile");
  // Changed for this request only: the browser may keep it, a shared cache may not.
  assert.match(response.headers.get("cache-control"), /^private/);
  assert.match(response.headers.get("vary") ?? "", /Cookie/);
});

test("a visitor from a search engine sees the search welcome; one from elsewhere does not", async () => {
  const fromSearch = await (await shop.fetch("/", { headers: { referer: "https://www.google.com/" } })).text();
  assert.match(marks(fromSearch, "editorial"), /data-pz-shown="workshop-invite"(?! data-pz-reason)/);
  const fromBlog = await (await shop.fetch("/", { headers: { referer: "https://blog.example/post" } })).text();
  assert.doesNotMatch(marks(fromBlog, "editorial"), /data-pz-shown/);
});

test("a request no rule matches is the origin's page, byte for byte", async () => {
  // (The home page carries no item margins, which the worker removes from listing pages.)
  for (const path of ["/", "/?utm_campaign=spring-sale", "/privacy/"]) {
    const response = await shop.fetch(path);
    const body = Buffer.from(await response.arrayBuffer());
    assert.deepEqual(body, (await shop.fromOrigin(path)).body, path);
    assert.equal(response.headers.get("set-cookie"), null);
  }
});

test("without the site's consent, the campaign decides nothing", async () => {
  const denied = await (await consentShop.fetch("/?utm_campaign=winter-gifts")).text();
  assert.doesNotMatch(marks(denied, "home-hero"), /data-pz-shown/);
  const granted = await (await consentShop.fetch("/?utm_campaign=winter-gifts", { headers: { cookie: "cmp=all" } })).text();
  assert.match(marks(granted, "home-hero"), /data-pz-shown="gift-guide"/);
});
