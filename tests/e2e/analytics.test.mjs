// Exposure events in Chromium, through the worker in workerd, in both modes: with the
// config asking for them and the shopper's consent to statistics, every marked slot — a
// control arm and the holdout included — arrives once as a `shelfwise:exposure` event and a
// `dataLayer` push with config keys and arms only (reason codes when the config asks); without that consent, nothing.
import { launchChromium } from "../support/chromium.mjs";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { startShop, repo, BROWSER } from "../worker/harness.mjs";

// The worked example of docs/cookie-format.md: a gift shopper who loves ceramics, whose bucket
// puts her in the control arm of the hero experiment.
const COOKIE = "AQnWAQECAgkIY2VyYW1pY3MDC4CYCdYDbXVnGAnWBQkJ1gnWAQD__wAHAQIKBQcJ1gnWCwIyyQ";

function config({ holdout = 0 } = {}) {
  const config = JSON.parse(readFileSync(resolve(repo, "www/shelfwise.config.json"), "utf8"));
  config.experiments.holdout_percent = holdout;
  config.analytics = { events: true, data_layer_event: "shelfwise_exposure" };
  config.privacy = { ...config.privacy, consent_cookie: { name: "cmp", personalization: ["all", "no-stats"], statistics: ["all"] } };
  return JSON.stringify(config);
}

let browser;
const shops = {};
before(async () => {
  const starts = [];
  for (const mode of ["edge", "local-only"]) {
    for (const holdout of [0, 100]) {
      starts.push(
        startShop({ listen: true, bindings: { SHELFWISE_MODE: mode, SHELFWISE_CONFIG: config({ holdout }) } }).then((shop) => {
          shops[`${mode}/${holdout}`] = shop;
        }),
      );
    }
  }
  await Promise.all(starts);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  for (const shop of Object.values(shops)) await shop.close();
});

/** Visits the home page as the shopper with `consent`; returns the events and pushes seen. */
async function visit(mode, holdout, consent) {
  const shop = shops[`${mode}/${holdout}`];
  const context = await browser.newContext({ userAgent: BROWSER });
  const host = new URL(shop.url).hostname;
  await context.addCookies([{ name: "cmp", value: consent, domain: host, path: "/" }]);
  if (mode === "edge") await context.addCookies([{ name: "pz", value: COOKIE, domain: host, path: "/" }]);
  await context.addInitScript((stored) => {
    if (stored) localStorage.setItem("pz", stored);
    window.__events = [];
    document.addEventListener("shelfwise:exposure", (event) => window.__events.push(event.detail));
  }, mode === "local-only" ? COOKIE : null);
  const page = await context.newPage();
  try {
    await page.goto(`${shop.url}/`);
    await page.waitForFunction(() => document.querySelector('[data-pz-slot="home-hero"]')?.hasAttribute("data-pz-shown"));
    await page.waitForTimeout(500);
    return await page.evaluate(() => ({ events: window.__events, pushes: window.dataLayer ?? [] }));
  } finally {
    await context.close();
  }
}

for (const mode of ["edge", "local-only"]) {
  test(`${mode} mode: a control arm's exposure arrives once, as an event and a dataLayer push`, async () => {
    const { events, pushes } = await visit(mode, 0, "all");
    const hero = events.filter((e) => e.slot === "home-hero");
    // No reason code: it comes from the profile, and the config does not ask for reasons.
    assert.deepEqual(hero, [{ slot: "home-hero", variant: "default", experiment: "hero-personalization", arm: "control" }]);
    assert.ok(events.some((e) => e.slot === "featured-collection" && e.variant === "ceramics-collection"), JSON.stringify(events));
    assert.deepEqual(pushes, events.map((e) => ({ event: "shelfwise_exposure", ...e })));
    // Only config keys and arms travel.
    for (const e of events) assert.deepEqual(Object.keys(e).filter((k) => !["slot", "listing", "variant", "reason", "experiment", "arm"].includes(k)), []);
  });

  test(`${mode} mode: the holdout's exposure arrives`, async () => {
    const { events } = await visit(mode, 100, "all");
    assert.ok(events.length > 0);
    for (const e of events) assert.equal(e.arm, "holdout", JSON.stringify(e));
  });

  test(`${mode} mode: without consent to statistics, nothing is emitted`, async () => {
    const { events, pushes } = await visit(mode, 0, "no-stats");
    assert.deepEqual(events, []);
    assert.deepEqual(pushes, []);
  });
}
