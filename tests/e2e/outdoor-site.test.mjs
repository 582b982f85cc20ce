// A shop of another kind, in another language, behind a TCF consent banner, personalized by
// configuration alone: Ridgeline Outfitters (tests/outdoor-site/), a German outdoor-clothing
// shop that asks about activities and fit — none of the demo's words. Its config and pages go
// through the CLI, through the worker in workerd with a real browser answering the shop's own
// form, and through the browser package in local-only mode; each arranges the page the same
// way and explains it in German, in the shop's words, and a withdrawal on the banner erases
// what was stored.
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
  why: "Weil Sie uns gesagt haben, dass Sie Platz für ein Fleece darunter mögen",
  // Climbing first (the stated interest), then the rest as the shop lists them, sold out last.
  order: ["rj-3", "rj-6", "rj-1", "rj-2", "rj-4", "rj-7", "rj-8", "rj-5"],
};

/** The consent banner's answers, as TC strings the IAB's `@iabtcf/core` made (tests/data/consent-vectors.json). */
const consentVectors = JSON.parse(readFileSync(resolve(repo, "tests/data/consent-vectors.json"), "utf8")).vectors;
const tcString = (name) => consentVectors.find((v) => v.name === name).cookie[1];
const ACCEPTED = tcString("tcf: purposes 1, 5, 6 and 8");
const REFUSED = tcString("tcf: every purpose refused");

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
  const html = execFileSync(cli, ["rewrite", "--config", configFile, "--cookie", cookie, "--platform-cookie", `euconsent-v2=${ACCEPTED}`, "--today", "2026-11-23"], { input: page }).toString();
  assert.match(html, new RegExp(`data-pz-slot="hero" data-pz-shown="${CLIMBER.hero}"`));
  assert.ok(html.includes(`<small class="pz-why" data-pz-why>${CLIMBER.why}</small>`), html);
  // The same page with `lang="en"`: the shop's English words.
  const english = execFileSync(cli, ["rewrite", "--config", configFile, "--cookie", cookie, "--platform-cookie", `euconsent-v2=${ACCEPTED}`, "--today", "2026-11-23"], {
    input: page.toString().replace('<html lang="de">', '<html lang="en">'),
  }).toString();
  assert.match(english, /data-pz-why>Because you told us you like room for a fleece underneath</);
  assert.deepEqual(order(html), CLIMBER.order);
  // Without the banner's answer nothing is personalized.
  const unanswered = execFileSync(cli, ["rewrite", "--config", configFile, "--cookie", cookie, "--today", "2026-11-23"], { input: page, stdio: ["pipe", "pipe", "ignore"] });
  assert.deepEqual(unanswered, page);
  // A trail runner who likes a close fit: both answers of one rule must hold.
  const runner = { ...profile, answers: [{ question: "activity", choices: ["trail-running"], interests: true }, { question: "fit", choices: ["close"] }] };
  const runnerCookie = execFileSync(cli, ["cookie", "encode"], { input: JSON.stringify(runner) }).toString().trim();
  const runnerHtml = execFileSync(cli, ["rewrite", "--config", configFile, "--cookie", runnerCookie, "--platform-cookie", `euconsent-v2=${ACCEPTED}`, "--today", "2026-11-23"], { input: page }).toString();
  assert.match(runnerHtml, /data-pz-slot="hero" data-pz-shown="fast-and-light"/);
  assert.match(runnerHtml, /Weil Sie uns gesagt haben, dass Sie Trails laufen/);
});

/** The banner's answer, stored as the platform stores it: the `euconsent-v2` cookie. */
function answerTheBanner(context, url, value) {
  return context.addCookies([{ name: "euconsent-v2", value, url }]);
}

/** Answers the shop's own form in `tab` as a shopper does, and waits for the page it returns to. */
async function answerTheForm(tab, url) {
  await tab.check('input[name="activity"][value="climbing"]');
  await tab.check('input[name="fit"][value="relaxed"]');
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
    // The browser prefers English: the page's own `lang="de"` decides what it says.
    const context = await browser.newContext({ userAgent: BROWSER, locale: "en-US" });
    const tab = await context.newPage();
    try {
      await tab.goto(`${shop.url}/`);
      await tab.waitForFunction(() => !document.documentElement.classList.contains("pz-pending"));
      assert.equal((await shown(tab)).hero, null, "nothing told yet: the shop's own page");

      // The banner is answered (every purpose), then the shop's form.
      await answerTheBanner(context, shop.url, ACCEPTED);
      await answerTheForm(tab, shop.url);
      assert.deepEqual(await shown(tab), CLIMBER);

      // Following the shop's link back to its page keeps it so, from what was stored.
      await tab.goto(`${shop.url}/`);
      await tab.waitForFunction(() => !document.documentElement.classList.contains("pz-pending"));
      assert.deepEqual(await shown(tab), CLIMBER);

      // What the shop remembers, in its own words and in the page's language (the report
      // has no page of its own: the privacy page passes its `lang`).
      const cookies = (await context.cookies()).map((c) => c.name);
      const report = mode === "edge"
        ? await tab.evaluate(async () => (await fetch(`/__pz/profile?lang=${document.documentElement.lang}`)).json())
        : await tab.evaluate(() => window.shelfwise.profile());
      const facts = report.facts.map((f) => f.text);
      assert.equal(report.language, "de");
      assert.ok(facts.includes("Sie haben uns gesagt, dass Sie klettern."), facts.join("\n"));
      assert.ok(facts.includes("Sie haben uns gesagt, dass Sie Platz für ein Fleece darunter mögen."), facts.join("\n"));
      assert.ok(facts.some((f) => /^Besuche an [12] Tag(en)? \(bis 20 gezählt\)/.test(f)), facts.join("\n"));
      assert.deepEqual(report.profile.answers.map((a) => a.question), ["activity", "fit"]);
      assert.doesNotMatch(JSON.stringify(report), /craft|gift|occasion|Because/, "none of the demo's words, nothing in English");
      if (mode === "edge") {
        assert.ok(cookies.includes("ridge"), "the shop's own cookie name");
        const english = await tab.evaluate(async () => (await fetch("/__pz/profile?lang=en")).json());
        assert.ok(english.facts.some((f) => f.text === "You told us you climb."), JSON.stringify(english.facts));
      } else {
        assert.ok(!cookies.includes("ridge"), "local-only: nothing in a cookie");
      }

      // Withdrawn on the banner: the next page is the shop's own, and nothing is kept.
      await answerTheBanner(context, shop.url, REFUSED);
      await tab.goto(`${shop.url}/`);
      await tab.waitForFunction(() => !document.documentElement.classList.contains("pz-pending"));
      assert.equal((await shown(tab)).hero, null);
      const left = (await context.cookies()).map((c) => c.name);
      assert.ok(!left.includes("ridge"), "the profile cookie is gone");
      const stored = await tab.evaluate(() => Object.keys(localStorage));
      assert.ok(!stored.includes("ridge"), "nothing left in this browser's storage");
    } finally {
      await context.close();
      await shop.close();
    }
  });
}
