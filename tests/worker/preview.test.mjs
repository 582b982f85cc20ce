// Preview links through the worker in workerd: `shelfwise preview-link` signs what a page
// should show; the worker shows exactly that to anyone holding the link — a visitor who does
// not qualify included — under a banner, never cached, never writing a cookie, in both modes;
// an expired, tampered or foreign link is the normal page, and the trace header says why.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { startShop, repo } from "./harness.mjs";

const SECRET = "preview-secret-for-tests-0123456789";
const cli = resolve(repo, "target/debug/shelfwise");
const config = resolve(repo, "www/shelfwise.config.json");

let edge;
let local;
before(async () => {
  [edge, local] = await Promise.all([
    startShop({ bindings: { SHELFWISE_PREVIEW_SECRET: SECRET } }),
    startShop({ bindings: { SHELFWISE_PREVIEW_SECRET: SECRET, SHELFWISE_MODE: "local-only" } }),
  ]);
});
after(async () => {
  await edge?.close();
  await local?.close();
});

/** A preview link's path and query, made by the CLI. */
function link(args, secret = SECRET) {
  const url = execFileSync(cli, ["preview-link", "--config", config, "--url", "http://shop.test/", ...args], {
    env: { ...process.env, SHELFWISE_PREVIEW_SECRET: secret },
  }).toString().trim();
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

const hero = (html) => /data-pz-slot="home-hero"[^>]*/.exec(html)[0];

for (const [mode, shop] of [["edge", () => edge], ["local-only", () => local]]) {
  test(`${mode} mode: a preview shows the forced variant to a visitor who does not qualify, under a banner, stored nowhere`, async () => {
    const path = link(["--variant", "home-hero=treat-yourself", "--expires", "1h"]);
    const response = await shop().fetch(path, { headers: { cookie: "pz=AQnWAQECAgkIY2VyYW1pY3MDC4CYCdYDbXVnGAnWBQkJ1gnWAQD__wAHAQIKBQcJ1gnWCwIyyQ" } });
    const html = await response.text();
    assert.equal(response.status, 200);
    assert.match(hero(html), /data-pz-shown="treat-yourself"(?! data-pz-reason)/);
    assert.match(html, /<body[^>]*data-pz-preview/);
    assert.match(html, /data-pz-preview-banner[^>]*>Preview: home-hero → treat-yourself — <a [^>]*href="\/">see the normal page<\/a>/);
    assert.equal(response.headers.get("cache-control"), "private, no-store");
    assert.equal(response.headers.get("set-cookie"), null);
    assert.equal(response.headers.get("x-shelfwise-trace"), "preview");
    assert.doesNotMatch(html, /id="shelfwise-config"/, "no package to personalize over it");
  });
}

test("segments, answers, arms and a day can be previewed too", async () => {
  // The bundled demo config, with its experiments.
  const shop = await startShop({ bindings: { SHELFWISE_PREVIEW_SECRET: SECRET, SHELFWISE_CONFIG: undefined } });
  const path = link(["--answers", "for=self&craft=glass", "--segment", "collector", "--arm", "hero-personalization=control", "--today", "2026-12-05", "--expires", "10m"]);
  const html = await (await shop.fetch(path)).text();
  await shop.close();
  assert.match(hero(html), /data-pz-shown="default"[^>]*data-pz-arm="control"/);
  assert.match(/data-pz-slot="editorial"[^>]*/.exec(html)[0], /data-pz-shown="collector-story"/);
  assert.match(/data-pz-slot="featured-collection"[^>]*/.exec(html)[0], /data-pz-shown="glass-collection"/);
});

test("an expired, tampered or foreign link is the normal page, and the trace says why", async () => {
  const normal = (html) => assert.doesNotMatch(hero(html), /data-pz-shown/);

  const short = link(["--variant", "home-hero=treat-yourself", "--expires", "1s"]);
  await new Promise((done) => setTimeout(done, 1500));
  let response = await edge.fetch(short);
  normal(await response.text());
  assert.equal(response.headers.get("x-shelfwise-trace"), "preview ignored: expired");

  const good = link(["--variant", "home-hero=treat-yourself", "--expires", "1h"]);
  const [base, token] = good.split("pz-preview=");
  const [payload, signature] = token.split(".");
  const flipped = payload.slice(0, 10) + (payload[10] === "A" ? "B" : "A") + payload.slice(11);
  response = await edge.fetch(`${base}pz-preview=${flipped}.${signature}`);
  normal(await response.text());
  assert.equal(response.headers.get("x-shelfwise-trace"), "preview ignored: bad signature");

  response = await edge.fetch(link(["--variant", "home-hero=treat-yourself", "--expires", "1h"], "another shop's secret"));
  normal(await response.text());
  assert.equal(response.headers.get("x-shelfwise-trace"), "preview ignored: bad signature");
});

test("without a preview secret, preview links are ignored", async () => {
  const shop = await startShop();
  try {
    const response = await shop.fetch(link(["--variant", "home-hero=treat-yourself", "--expires", "1h"]));
    assert.doesNotMatch(hero(await response.text()), /data-pz-shown/);
    assert.match(response.headers.get("x-shelfwise-trace"), /^preview ignored: previews are off/);
  } finally {
    await shop.close();
  }
});
