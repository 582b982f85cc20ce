// A shop of another kind, personalized by configuration alone: Ridgeline Outfitters
// (tests/outdoor-site/), an outdoor-clothing shop that asks about activities and fit — none
// of the demo's words. Its config and pages go through the CLI, through the worker in
// workerd with a real browser answering the shop's own form, and through the browser
// package in local-only mode; each arranges the page the same way and explains it in the
// shop's words.
import { launchChromium } from "../support/chromium.mjs";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { repo, startShop, BROWSER } from "../worker/harness.mjs";

const site = resolve(repo, "tests/outdoor-site");
const configFile = resolve(site, "shelfwise.config.json");
const configText = readFileSync(configFile, "utf8");
const cli = resolve(repo, "target/debug/shelfwise");
const page = readFileSync(resolve(site, "www/index.html"));

/** What a climber who likes room for a fleece sees: the hero, its why line, the jackets' order. */
const CLIMBER = {
  hero: "roomy-shells",
  why: "Because you told us you like room for a fleece underneath",
  // Climbing first (the stated interest), then the rest as the shop lists them, sold out last.
  order: ["rj-3", "rj-6", "rj-1", "rj-2", "rj-4", "rj-7", "rj-8", "rj-5"],
};

let root;
let browser;

before(async () => {
  // The shop's files, with the browser package copied in as a static asset for local-only
  // mode (as the demo's build copies it to www/assets/shelfwise/).
  root = mkdtempSync(join(tmpdir(), "shelfwise-outdoor-"));
  cpSync(resolve(site, "www"), root, { recursive: true });
  cpSync(resolve(repo, "www/assets/shelfwise"), join(root, "assets/shelfwise"), { recursive: true });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

const order = (html) => [...html.matchAll(/data-pz-item="([^"]+)"/g)].map((m) => m[1]);

test("the CLI checks the outdoor shop and arranges its page from its own questions", () => {
  assert.match(execFileSync(cli, ["config", "check", configFile]).toString(), /ok \(1 slots, 1 listings\)/);
  const checked = execFileSync(cli, ["check", "--config", configFile, resolve(site, "www")]).toString();
  assert.match(checked, /0 error\(s\), 0 warning\(s\)/);
  const profile = {
    written: "2026-11-23",
    consent: "personalization",
    answers: [
      { question: "activity", choices: ["climbing"], interests: true },
      { question: "fit", choices: ["relaxed"] },
    ],
  };
  const cookie = execFileSync(cli, ["cookie", "encode"], { input: JSON.stringify(profile) }).toString().trim();
  const decoded = JSON.parse(execFileSync(cli, ["cookie", "decode", cookie]).toString());
  assert.deepEqual(decoded.answers, profile.answers, "the answers by the shop's own keys");
  const html = execFileSync(cli, ["rewrite", "--config", configFile, "--cookie", cookie, "--today", "2026-11-23"], { input: page }).toString();
  assert.match(html, new RegExp(`data-pz-slot="hero" data-pz-shown="${CLIMBER.hero}"`));
  assert.ok(html.includes(`<small class="pz-why" data-pz-why>${CLIMBER.why}</small>`), html);
  assert.deepEqual(order(html), CLIMBER.order);
  // A trail runner who likes a close fit: both answers of one rule must hold.
  const runner = { ...profile, answers: [{ question: "activity", choices: ["trail-running"], interests: true }, { question: "fit", choices: ["close"] }] };
  const runnerCookie = execFileSync(cli, ["cookie", "encode"], { input: JSON.stringify(runner) }).toString().trim();
  const runnerHtml = execFileSync(cli, ["rewrite", "--config", configFile, "--cookie", runnerCookie, "--today", "2026-11-23"], { input: page }).toString();
  assert.match(runnerHtml, /data-pz-slot="hero" data-pz-shown="fast-and-light"/);
  assert.match(runnerHtml, /Because you told us you run trails/);
});

/** Answers the shop's own form in `tab` as a shopper does, and waits for the page it returns to. */
async function answerTheForm(tab, url) {
  await tab.check('input[name="activity"][value="climbing"]');
  await tab.check('input[name="fit"][value="relaxed"]');
  await tab.check('input[name="consent"][value="yes"]');
  await Promise.all([tab.waitForNavigation({ url: `${url}/` }), tab.click('form.prefs button[type="submit"]')]);
  await tab.waitForFunction(() => !document.documentElement.classList.contains("pz-pending"));
}

/** The hero, its why line and the jackets' order, as the browser shows them. */
function shown(tab) {
  return tab.evaluate(() => ({
    hero: document.querySelector('[data-pz-slot="hero"]').getAttribute("data-pz-shown"),
    why: document.querySelector('[data-pz-slot="hero"] [data-pz-why]')?.textContent ?? null,
    order: [...document.querySelectorAll("[data-pz-item]")].map((item) => item.getAttribute("data-pz-item")),
  }));
}

for (const mode of ["edge", "local-only"]) {
  test(`${mode} mode: a shopper answers the outdoor shop's form and the shop follows, in its own words`, { timeout: 120_000 }, async () => {
    const bindings = { SHELFWISE_CONFIG: configText };
    if (mode === "local-only") bindings.SHELFWISE_MODE = "local-only";
    const shop = await startShop({ root, listen: true, bindings });
    const context = await browser.newContext({ userAgent: BROWSER });
    const tab = await context.newPage();
    try {
      await tab.goto(`${shop.url}/`);
      await tab.waitForFunction(() => !document.documentElement.classList.contains("pz-pending"));
      assert.equal((await shown(tab)).hero, null, "nothing told yet: the shop's own page");

      await answerTheForm(tab, shop.url);
      assert.deepEqual(await shown(tab), CLIMBER);

      // Following the shop's link back to its page keeps it so, from what was stored.
      await tab.goto(`${shop.url}/`);
      await tab.waitForFunction(() => !document.documentElement.classList.contains("pz-pending"));
      assert.deepEqual(await shown(tab), CLIMBER);

      // What the shop remembers, in its own words: the questions' keys, the choices' sentences.
      const cookies = (await context.cookies()).map((c) => c.name);
      if (mode === "edge") {
        assert.ok(cookies.includes("ridge"), "the shop's own cookie name");
        const report = await tab.evaluate(async () => (await fetch("/__pz/profile")).json());
        const facts = report.facts.map((f) => f.text);
        assert.ok(facts.includes("You told us you climb."), facts.join("\n"));
        assert.ok(facts.includes("You told us you like room for a fleece underneath."), facts.join("\n"));
        assert.deepEqual(report.profile.answers.map((a) => a.question), ["activity", "fit"]);
        assert.doesNotMatch(JSON.stringify(report), /craft|gift|occasion/, "none of the demo's words");
      } else {
        assert.ok(!cookies.includes("ridge"), "local-only: nothing in a cookie");
        const report = await tab.evaluate(() => window.shelfwise.profile());
        const facts = report.facts.map((f) => f.text);
        assert.ok(facts.includes("You told us you climb."), facts.join("\n"));
        assert.deepEqual(report.profile.answers.map((a) => a.question), ["activity", "fit"]);
        assert.doesNotMatch(JSON.stringify(report), /craft|gift|occasion/, "none of the demo's words");
      }
    } finally {
      await context.close();
      await shop.close();
    }
  });
}
