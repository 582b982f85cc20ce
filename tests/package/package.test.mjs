// The npm package as a front-end developer gets it: unpacked from the tarball `npm pack`
// made (build/package/), imported by a plain `<script type="module">` page through an
// import map, run in headless Chromium. Covers the API, the shared decision vectors,
// applying before first paint (CLS, time to a personalized 96-item listing), and the
// privacy rules on the device (consent, opt-in, GPC, retention, forget, no network).
import { launchChromium } from "../support/chromium.mjs";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync, rmSync, readdirSync, cpSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { repo, BROWSER, configWithoutExperiments } from "../worker/harness.mjs";
import { startOrigin } from "../support/origin.mjs";

const cli = resolve(repo, "target/debug/shelfwise");
const vectors = JSON.parse(readFileSync(resolve(repo, "tests/data/decision-vectors.json"), "utf8"));

let site;
let origin;
let base;
let browser;

/** A page's <head> additions: import map, anti-flicker snippet, and a module script. */
function head(module) {
  return `<script type="importmap">{"imports":{"@shelfwise/browser":"/node_modules/@shelfwise/browser/src/index.js"}}</script>
<style>html.pz-pending body{visibility:hidden}</style>
<script>(function(d){d.classList.add("pz-pending");setTimeout(function(){d.classList.remove("pz-pending")},1500)})(document.documentElement)</script>
<script type="module">${module}</script>`;
}

before(async () => {
  site = mkdtempSync(join(tmpdir(), "shelfwise-package-"));
  const tarball = readdirSync(resolve(repo, "build/package")).find((f) => f.endsWith(".tgz"));
  assert.ok(tarball, "run .ci/build-package.sh first");
  // Installed as docs/npm.md says: `npm install <the tarball>` in the site's project.
  writeFileSync(join(site, "package.json"), JSON.stringify({ name: "a-shop", private: true }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", resolve(repo, "build/package", tarball)], { cwd: site });
  cpSync(resolve(repo, "www/assets"), join(site, "assets"), { recursive: true });
  writeFileSync(join(site, "config.json"), configWithoutExperiments());

  // The demo's 96-item category page, personalized by the package before it is shown.
  const category = readFileSync(resolve(repo, "www/category/all/index.html"), "utf8")
    .replace(/<script type="module" src="\/assets\/shop.js"><\/script>/, "")
    .replace(
      "</head>",
      head(`
        const start = performance.now();
        import { createShelfwise } from "@shelfwise/browser";
        const config = await (await fetch("/config.json")).text();
        const shelfwise = await createShelfwise({ config });
        const applyStart = performance.now();
        const result = shelfwise.personalize(document);
        const end = performance.now();
        window.__done = { result, elapsed: end - start, personalize: end - applyStart, at: end };
      `) + "</head>",
    );
  writeFileSync(join(site, "category.html"), category);
  // A blank page with the package loaded, for API tests.
  writeFileSync(
    join(site, "api.html"),
    `<!doctype html><html><head>${head(`
      import * as pkg from "@shelfwise/browser";
      window.pkg = pkg;
      window.config = await (await fetch("/config.json")).text();
      pkg.reveal();
      window.ready = true;
    `)}</head><body><p>API</p></body></html>`,
  );
  origin = await startOrigin({ port: 0, root: site });
  base = `http://127.0.0.1:${origin.address().port}`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (origin) await new Promise((done) => origin.close(done));
  if (site) rmSync(site, { recursive: true, force: true });
});

async function apiPage(options = {}) {
  const context = await browser.newContext({ userAgent: BROWSER, ...options });
  const page = await context.newPage();
  const requests = [];
  page.on("request", (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
  await page.goto(`${base}/api.html`);
  await page.waitForFunction(() => window.ready === true);
  return { context, page, requests };
}

test("the packed tarball holds the JS, the types, the wasm and its guide, and nothing else", () => {
  const tarball = readdirSync(resolve(repo, "build/package")).find((f) => f.endsWith(".tgz"));
  const files = execFileSync("tar", ["-tzf", resolve(repo, "build/package", tarball)])
    .toString()
    .trim()
    .split("\n")
    // wasm-bindgen names the folder of the engine's small DOM helper after a hash.
    .map((file) => file.replace(/snippets\/shelfwise-[0-9a-f]+\//, "snippets/shelfwise-HASH/"))
    .sort();
  assert.deepEqual(files, [
    "package/README.md",
    "package/docs/config.md",
    "package/docs/cookie-format.md",
    "package/docs/npm.md",
    "package/docs/privacy.md",
    "package/docs/quickstart-site.md",
    "package/package.json",
    "package/src/exposures.d.ts",
    "package/src/exposures.js",
    "package/src/index.d.ts",
    "package/src/index.js",
    "package/wasm/shelfwise.d.ts",
    "package/wasm/shelfwise.js",
    "package/wasm/shelfwise_bg.wasm",
    "package/wasm/snippets/shelfwise-HASH/inline0.js",
  ]);
  // The README sends front-end developers to the guide: every file it links is in the tarball.
  const readme = readFileSync(resolve(repo, "package/README.md"), "utf8");
  const linked = [...readme.matchAll(/\]\(([^)#:]+)(#[^)]*)?\)/g)].map((match) => `package/${match[1]}`);
  assert.ok(linked.includes("package/docs/npm.md"), "the README links the guide");
  for (const file of linked) assert.ok(files.includes(file), `${file} is linked from the README but not packed`);
});

test("a 96-item listing is personalized before first paint, without layout shift", async () => {
  const context = await browser.newContext({ userAgent: BROWSER, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // The shopper answered on an earlier visit.
  await page.goto(`${base}/api.html`);
  await page.waitForFunction(() => window.ready === true);
  const stored = await page.evaluate(async () => {
    const shelfwise = await pkg.createShelfwise({ config });
    return shelfwise.setAnswers({ for: "self", crafts: ["glass"], consent: true });
  });
  assert.equal(stored, true);

  await page.goto(`${base}/category.html`);
  await page.waitForFunction(() => window.__done !== undefined);
  await page.waitForTimeout(300);
  const measured = await page.evaluate(async () => {
    const shifts = await new Promise((done) => {
      new PerformanceObserver((list) => done(list.getEntries())).observe({ type: "layout-shift", buffered: true });
      setTimeout(() => done([]), 200);
    });
    const paint = performance.getEntriesByType("paint").find((p) => p.name === "first-contentful-paint");
    return {
      cls: shifts.reduce((sum, s) => sum + (s.hadRecentInput ? 0 : s.value), 0),
      firstPaint: paint?.startTime,
      done: window.__done,
      firstCrafts: [...document.querySelectorAll("[data-pz-item]:not([data-pz-pin])")].slice(0, 4).map((li) => li.dataset.pzTags.split(",")[0]),
      items: document.querySelectorAll("[data-pz-item]").length,
      pending: document.documentElement.classList.contains("pz-pending"),
    };
  });
  // Warm: the same page's body, fresh from the origin, personalized again 15 times.
  measured.warm = await page.evaluate(async () => {
    const { createShelfwise } = await import("@shelfwise/browser");
    const shelfwise = await createShelfwise({ config: await (await fetch("/config.json")).text() });
    const html = await (await fetch("/category.html")).text();
    const fresh = new DOMParser().parseFromString(html, "text/html").body;
    const times = [];
    for (let i = 0; i < 15; i++) {
      const copy = document.importNode(fresh, true);
      const holder = document.createElement("div");
      holder.append(...copy.childNodes);
      document.body.append(holder);
      const start = performance.now();
      const result = shelfwise.personalize(holder);
      times.push(performance.now() - start);
      if (!result.listings.includes("category")) throw new Error("not reordered");
      holder.remove();
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  });
  await context.close();
  assert.equal(measured.items, 96);
  assert.deepEqual(measured.done.result.listings, ["category"]);
  assert.deepEqual(measured.firstCrafts, ["glass", "glass", "glass", "glass"]);
  assert.equal(measured.pending, false);
  assert.equal(measured.cls, 0);
  assert.ok(measured.firstPaint !== undefined, "the page was painted");
  assert.ok(measured.firstPaint >= measured.done.at, `first paint at ${measured.firstPaint} ms, personalized at ${measured.done.at} ms`);
  console.log(
    `  96-item listing: personalize() ${measured.done.personalize.toFixed(1)} ms; ` +
      `personalized ${measured.done.elapsed.toFixed(1)} ms after the script started (config fetch, wasm load included) ` +
      `(${measured.done.at.toFixed(1)} ms after navigation); first contentful paint at ${measured.firstPaint.toFixed(1)} ms; CLS ${measured.cls}; ` +
      `warm personalize() median of 15: ${measured.warm.toFixed(2)} ms`,
  );
});

test("the shared decision vectors decide the same in the browser package", async () => {
  const { context, page } = await apiPage();
  const slots = Object.keys(vectors.config.slots);
  for (const vector of vectors.vectors) {
    // A null profile is a visitor who has stored nothing; `context` is the page's own URL
    // and referrer, which the package reads from `location` and `document.referrer`.
    const cookie = vector.profile
      ? execFileSync(cli, ["cookie", "encode"], { input: JSON.stringify(vector.profile) }).toString().trim()
      : null;
    const outcome = await page.evaluate(
      async ({ vector, cookie, config, listing, slots }) => {
        const url = new URL(vector.context?.url ?? "http://shop.test/");
        // The page's own path, for the vectors about a catalog item's page; else this page.
        globalThis.apiPath ??= location.pathname;
        const path = url.pathname === "/" ? `${globalThis.apiPath.replace(/[^/]*$/, "")}api.html` : url.pathname;
        history.replaceState(null, "", `${path}${url.search}`);
        Object.defineProperty(document, "referrer", { value: vector.context?.referrer ?? "", configurable: true });
        const root = document.createElement("div");
        for (const slot of slots) {
          const section = document.createElement("section");
          section.setAttribute("data-pz-slot", slot);
          // A shelf rule has no template: the package writes the shelf's markup.
          section.innerHTML = `<p>default</p>` + config.slots[slot].filter((r) => !r.shelf).map((r) => `<template data-pz-variant="${r.variant}"><p>${r.variant}</p></template>`).join("");
          root.append(section);
        }
        const ul = document.createElement("ul");
        ul.setAttribute("data-pz-listing", "category");
        for (const item of listing) {
          const li = document.createElement("li");
          li.setAttribute("data-pz-item", item.sku);
          li.setAttribute("data-pz-tags", item.tags);
          for (const key of ["price", "stock", "margin"]) if (item[key] !== undefined) li.setAttribute(`data-pz-${key}`, String(item[key]));
          if (item.pin) li.setAttribute("data-pz-pin", "1");
          ul.append(li);
        }
        root.append(ul);
        const memory = new Map(cookie ? [["pz", cookie]] : []);
        const storage = { getItem: (k) => memory.get(k) ?? null, setItem: (k, v) => memory.set(k, v), removeItem: (k) => memory.delete(k) };
        const shelfwise = await pkg.createShelfwise({ config, storage, now: Date.parse(`${vector.today}T12:00:00Z`), country: "US" });
        const result = shelfwise.personalize(root);
        const shown = {};
        for (const slot of slots) {
          const el = root.querySelector(`[data-pz-slot="${slot}"]`);
          shown[slot] = result.slots.includes(slot) ? el.getAttribute("data-pz-shown") : null;
          const shelf = config.slots[slot].some((r) => r.shelf && r.variant === shown[slot]);
          const expected = shelf ? vector.expect.shelf?.[slot] : shown[slot];
          if (shown[slot] !== null && expected !== undefined && el.textContent !== expected) shown[slot] = `wrong content: ${el.textContent}`;
        }
        const order = result.listings.includes("category") ? [...ul.children].map((li) => li.dataset.pzItem) : null;
        return { shown, order, stored: cookie ? null : memory.size };
      },
      { vector, cookie, config: vectors.config, listing: vectors.listing, slots },
    );
    for (const [slot, variant] of Object.entries(vector.expect.slots)) {
      assert.equal(outcome.shown[slot], variant, `${vector.name}: slot ${slot}`);
    }
    if ("order" in vector.expect) assert.deepEqual(outcome.order, vector.expect.order, `${vector.name}: order`);
    if (!vector.profile) assert.equal(outcome.stored, 0, `${vector.name}: nothing stored`);
  }
  await context.close();
});

test("a listing cut to its first items keeps six, the shopper's first, and the text around them", async () => {
  const { context, page } = await apiPage();
  const outcome = await page.evaluate(async () => {
    const memory = new Map();
    const storage = { getItem: (k) => memory.get(k) ?? null, setItem: (k, v) => memory.set(k, v), removeItem: (k) => memory.delete(k) };
    const shelfwise = await pkg.createShelfwise({ config, storage, country: "US" });
    const build = () => {
      const root = document.createElement("div");
      const crafts = ["ceramics", "textiles", "glass"];
      const items = Array.from({ length: 12 }, (_, i) => `<li data-pz-item="i${i}" data-pz-tags="${crafts[i % 3]}" data-pz-stock="5">${crafts[i % 3]} ${i}</li>`);
      root.innerHTML = `<ul data-pz-listing="top-picks">\n<!--start-->${items.join("\n")}\n<!--end--></ul>`;
      return root;
    };
    const everyone = build();
    shelfwise.personalize(everyone);
    shelfwise.setAnswers({ for: "self", crafts: ["glass"], consent: true });
    const root = build();
    const result = shelfwise.personalize(root);
    const ul = root.querySelector("ul");
    return {
      everyone: everyone.querySelectorAll("li").length,
      listings: result.listings,
      items: [...ul.children].map((li) => li.dataset.pzItem),
      nodes: [...ul.childNodes].map((n) => (n.nodeType === 8 ? `<!--${n.data}-->` : n.nodeType === 3 ? JSON.stringify(n.data) : n.dataset.pzItem)),
      shown: ul.getAttribute("data-pz-shown"),
    };
  });
  assert.equal(outcome.everyone, 12, "without a profile nothing is cut");
  assert.deepEqual(outcome.listings, ["top-picks"]);
  assert.equal(outcome.items.length, 6);
  assert.deepEqual(outcome.items.slice(0, 2), ["i2", "i5"], "glass first");
  assert.equal(outcome.nodes[0], JSON.stringify("\n"));
  assert.equal(outcome.nodes[1], "<!--start-->");
  assert.deepEqual(outcome.nodes.slice(-2), [JSON.stringify("\n"), "<!--end-->"], "what followed the last item stays");
  assert.equal(outcome.shown, "affinity");
  await context.close();
});

test("shelves fill from the catalog feed on the device: picked for you, and what goes with the page's product", async () => {
  const { context, page } = await apiPage();
  const outcome = await page.evaluate(async () => {
    const memory = new Map();
    const storage = { getItem: (k) => memory.get(k) ?? null, setItem: (k, v) => memory.set(k, v), removeItem: (k) => memory.delete(k) };
    const shelfwise = await pkg.createShelfwise({ config, storage, country: "US" });
    const feed = JSON.parse(config).catalog;
    const mug = feed.find((item) => item.tags.includes("mug"));
    const fill = (slot) => {
      const root = document.createElement("div");
      root.innerHTML = `<section class="shelf" data-pz-slot="${slot}"></section>`;
      shelfwise.personalize(root);
      return [...root.querySelectorAll("a")].map((a) => a.getAttribute("href"));
    };
    const before = fill("for-you-shelf");
    shelfwise.setAnswers({ for: "self", crafts: ["ceramics"], consent: true });
    const forYou = fill("for-you-shelf");
    history.replaceState(null, "", mug.url);
    const goesWell = fill("goes-well-with");
    const tagsOf = (href) => feed.find((item) => item.url === href)?.tags ?? [];
    return { before, forYou: forYou.map(tagsOf), goesWell: goesWell.map(tagsOf), mugShown: goesWell.includes(mug.url) };
  });
  assert.deepEqual(outcome.before, [], "nothing without a profile");
  assert.equal(outcome.forYou.length, 4);
  assert.ok(outcome.forYou.every((tags) => tags.includes("ceramics")), JSON.stringify(outcome.forYou));
  assert.ok(outcome.goesWell.length >= 2);
  assert.ok(outcome.goesWell.every((tags) => tags.includes("coaster") || tags.includes("spoon")), JSON.stringify(outcome.goesWell));
  assert.equal(outcome.mugShown, false);
  await context.close();
});

test("answers, signals, the plain-words profile and forget, all in localStorage only", async () => {
  const { context, page, requests } = await apiPage();
  const before = requests.length;
  const outcome = await page.evaluate(async () => {
    const shelfwise = await pkg.createShelfwise({ config });
    const steps = {};
    steps.emptyReport = shelfwise.profile();
    steps.signalWithoutProfile = shelfwise.recordSignal("wishlist", ["glass"]);
    steps.answersOnly = shelfwise.setAnswers({ for: "gift", crafts: ["ceramics", "prints"], consent: true });
    steps.purposesAtFirst = shelfwise.purposes;
    steps.signalWithoutInterests = shelfwise.recordSignal("wishlist", ["glass"]);
    steps.answered = shelfwise.setAnswers({ for: "gift", crafts: ["ceramics", "prints"], consent: true, interests: true });
    steps.stored = localStorage.getItem(shelfwise.storageKey);
    steps.wishlisted = shelfwise.recordSignal("wishlist", ["glass", "vases"]);
    steps.bought = shelfwise.recordSignal("purchase", "glass", 180);
    steps.report = shelfwise.profile();
    // The privacy centre withdraws learning: what was learnt goes, the answers stay.
    steps.withdrawn = shelfwise.setPurposes({ interests: false, measurement: false });
    steps.afterWithdrawal = shelfwise.profile();
    try {
      shelfwise.setAnswers({ crafts: ["<script>"], consent: true });
    } catch (error) {
      steps.badAnswer = String(error.message);
    }
    shelfwise.forget();
    steps.afterForget = { stored: localStorage.getItem("pz"), report: shelfwise.profile(), has: shelfwise.hasProfile };
    return steps;
  });
  const made = requests.slice(before);
  await context.close();
  assert.equal(outcome.emptyReport.stored, false);
  assert.equal(outcome.signalWithoutProfile, false);
  assert.equal(outcome.answersOnly, true);
  assert.deepEqual(outcome.purposesAtFirst, { answers: true, interests: false, measurement: false });
  assert.equal(outcome.signalWithoutInterests, false, "nothing learnt without the interests purpose");
  assert.equal(outcome.answered, true);
  assert.match(outcome.stored, /^[A-Za-z0-9_-]+$/);
  assert.equal(outcome.wishlisted, true);
  assert.equal(outcome.bought, true);
  const texts = outcome.report.facts.map((f) => f.text).join(" | ");
  assert.match(texts, /gift/i);
  assert.match(texts, /ceramics/i);
  assert.match(texts, /glass/i);
  assert.ok(outcome.report.facts.every((f) => typeof f.kind === "string" && typeof f.text === "string"));
  assert.equal(outcome.report.purposes.interests, true);
  assert.match(outcome.report.consented_on, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(outcome.withdrawn, true);
  assert.equal(outcome.afterWithdrawal.purposes.interests, false);
  const keys = outcome.afterWithdrawal.profile.affinities.map((a) => a.key).sort();
  assert.deepEqual(keys, ["ceramics", "prints"], "only the stated crafts' seeds stay");
  assert.equal(outcome.afterWithdrawal.profile.lifecycle, undefined, "purchases are gone");
  assert.match(outcome.badAnswer, /craft/i);
  assert.deepEqual(outcome.afterForget, { stored: null, report: { stored: false, language: "en", cookie: "pz", facts: [] }, has: false });
  // The package asks nothing of the network but its own wasm.
  assert.deepEqual(made.filter((r) => !r.endsWith("/wasm/shelfwise_bg.wasm")), []);
});

test("consent rules hold on the device: opt-in, the site's consent cookie, GPC, a broken profile", async () => {
  const { context, page } = await apiPage();
  const outcome = await page.evaluate(async () => {
    const results = {};
    const base = JSON.parse(config);
    // Unknown country: the stricter opt-in reading applies.
    let shelfwise = await pkg.createShelfwise({ config });
    results.withoutOptIn = shelfwise.setAnswers({ for: "self", crafts: ["glass"] });
    results.storedWithoutOptIn = localStorage.length;
    // A country without the opt-in rule does not need the box.
    shelfwise = await pkg.createShelfwise({ config, country: "US" });
    results.usWithoutOptIn = shelfwise.setAnswers({ for: "self", crafts: ["glass"] });
    localStorage.clear();
    // The site's consent cookie says "essential only": nothing is stored, nothing personalized.
    const withConsentCookie = { ...base, privacy: { ...base.privacy, consent_cookie: { name: "site_consent", essential: ["essential"], personalization: ["all"] } } };
    document.cookie = "site_consent=essential; path=/";
    shelfwise = await pkg.createShelfwise({ config: withConsentCookie });
    results.essentialOnly = shelfwise.setAnswers({ for: "self", crafts: ["glass"], consent: true });
    results.storedEssential = localStorage.length;
    document.cookie = "site_consent=all; path=/";
    results.granted = shelfwise.setAnswers({ for: "self", crafts: ["glass"] });
    document.cookie = "site_consent=; max-age=0; path=/";
    // Global Privacy Control: stated answers are kept, behaviour is not.
    localStorage.clear();
    shelfwise = await pkg.createShelfwise({ config, gpc: true });
    results.gpcAnswers = shelfwise.setAnswers({ for: "self", crafts: ["glass"], consent: true });
    const before = localStorage.getItem("pz");
    results.gpcSignal = shelfwise.recordSignal("cart", ["ceramics"]);
    results.gpcUnchanged = localStorage.getItem("pz") === before;
    // A tampered profile is ignored, never an error, and removed from the device.
    localStorage.setItem("pz", "!!not-a-profile!!");
    shelfwise = await pkg.createShelfwise({ config });
    results.tampered = { has: shelfwise.hasProfile, result: shelfwise.personalize(document), left: localStorage.getItem("pz") };
    // A profile past retention is gone: written 100 days ago, kept 90.
    localStorage.clear();
    const old = await pkg.createShelfwise({ config, country: "US", now: Date.now() - 100 * 86_400_000 });
    old.setAnswers({ for: "gift", crafts: ["ceramics"] });
    results.oldStored = localStorage.getItem("pz") !== null;
    shelfwise = await pkg.createShelfwise({ config });
    results.expired = { has: shelfwise.hasProfile, facts: shelfwise.profile().facts.length, left: localStorage.getItem("pz") };
    // No storage at all: nothing is claimed to be kept.
    shelfwise = await pkg.createShelfwise({ config, storage: null, country: "US" });
    results.noStorage = shelfwise.setAnswers({ for: "gift", crafts: ["ceramics"] });
    // An invalid config is a clear error.
    try {
      await pkg.createShelfwise({ config: '{"slots": 7}' });
    } catch (error) {
      results.badConfig = String(error.message);
    }
    localStorage.clear();
    return results;
  });
  await context.close();
  assert.equal(outcome.withoutOptIn, false);
  assert.equal(outcome.storedWithoutOptIn, 0);
  assert.equal(outcome.usWithoutOptIn, true);
  assert.equal(outcome.essentialOnly, false);
  assert.equal(outcome.storedEssential, 0);
  assert.equal(outcome.granted, true);
  assert.equal(outcome.gpcAnswers, true);
  assert.equal(outcome.gpcSignal, false);
  assert.equal(outcome.gpcUnchanged, true);
  assert.deepEqual(outcome.tampered, { has: false, result: { slots: [], listings: [], recorded: false }, left: null });
  assert.equal(outcome.oldStored, true);
  assert.deepEqual(outcome.expired, { has: false, facts: 0, left: null });
  assert.equal(outcome.noStorage, false);
  assert.match(outcome.badConfig, /^shelfwise: [\s\S]*"slots": 7`: expected a map/, "the first problem, with the text that leads to it");
});

test("navigator.globalPrivacyControl is honoured without being passed in", async () => {
  const { context, page } = await apiPage();
  const outcome = await page.evaluate(async () => {
    Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true, configurable: true });
    const shelfwise = await pkg.createShelfwise({ config });
    const answered = shelfwise.setAnswers({ for: "self", crafts: ["glass"], consent: true });
    return { answered, signal: shelfwise.recordSignal("wishlist", ["ceramics"]) };
  });
  await context.close();
  assert.deepEqual(outcome, { answered: true, signal: false });
});

test("pausing keeps the answers, stops personalizing and recording; resuming brings it back", async () => {
  const { context, page } = await apiPage();
  const outcome = await page.evaluate(async () => {
    const shelfwise = await pkg.createShelfwise({ config, country: "US" });
    const results = { pausedWithoutProfile: shelfwise.setPaused(true) };
    shelfwise.setAnswers({ for: "gift", crafts: ["ceramics"] });
    const slot = () => {
      const root = document.createElement("div");
      root.innerHTML = `<section data-pz-slot="home-hero"><p>default</p><template data-pz-variant="gift-guide"><p>gifts</p></template></section>`;
      return { result: shelfwise.personalize(root), text: root.textContent };
    };
    results.before = slot();
    results.why = shelfwise.profile().decisions.find((d) => d.slot === "home-hero");
    results.paused = shelfwise.setPaused(true);
    results.isPaused = shelfwise.paused;
    results.whilePaused = slot();
    results.signalWhilePaused = shelfwise.recordSignal("cart", ["glass"]);
    results.facts = shelfwise.profile().facts.map((f) => f.text).join(" | ");
    results.pausedReport = { paused: shelfwise.profile().paused, decisions: shelfwise.profile().decisions };
    shelfwise.setPaused(false);
    results.resumed = slot();
    localStorage.clear();
    return results;
  });
  await context.close();
  assert.equal(outcome.pausedWithoutProfile, false);
  assert.match(outcome.before.text, /^gifts/);
  assert.equal(outcome.paused, true);
  assert.equal(outcome.isPaused, true);
  assert.deepEqual(outcome.whilePaused, { result: { slots: [], listings: [], recorded: false }, text: "default" });
  assert.equal(outcome.signalWhilePaused, false);
  assert.match(outcome.facts, /gift/i);
  assert.match(outcome.facts, /paused/);
  assert.deepEqual(outcome.why, { slot: "home-hero", listing: false, variant: "gift-guide", because: "Because you told us you're shopping for a gift" });
  assert.deepEqual(outcome.pausedReport, { paused: true, decisions: [] });
  assert.match(outcome.resumed.text, /^gifts/);
});

test("a bundler (esbuild) bundles the package into an app that personalizes a page", async () => {
  const { build } = await import("esbuild");
  // The app a front-end developer writes, bundled from the installed package.
  writeFileSync(
    join(site, "app.js"),
    `import { createShelfwise } from "@shelfwise/browser";
     const config = await (await fetch("/config.json")).text();
     // esbuild leaves the wasm to the app: it is copied next to the bundle.
     const shelfwise = await createShelfwise({ config, wasm: "/bundle/shelfwise_bg.wasm", country: "US" });
     shelfwise.setAnswers({ for: "gift", crafts: ["ceramics"] });
     window.__result = shelfwise.personalize(document);`,
  );
  await build({ entryPoints: [join(site, "app.js")], bundle: true, format: "esm", outfile: join(site, "bundle/app.js"), absWorkingDir: site, logLevel: "error" });
  cpSync(join(site, "node_modules/@shelfwise/browser/wasm/shelfwise_bg.wasm"), join(site, "bundle/shelfwise_bg.wasm"));
  writeFileSync(
    join(site, "bundled.html"),
    `<!doctype html><html><head><script type="module" src="/bundle/app.js"></script></head><body>
     <section data-pz-slot="home-hero"><p>default</p><template data-pz-variant="gift-guide"><p>gifts</p></template></section></body></html>`,
  );
  const context = await browser.newContext({ userAgent: BROWSER });
  const page = await context.newPage();
  await page.goto(`${base}/bundled.html`);
  await page.waitForFunction(() => window.__result !== undefined);
  const outcome = await page.evaluate(() => ({ result: window.__result, text: document.querySelector("[data-pz-slot]").textContent }));
  await context.close();
  assert.deepEqual(outcome.result.slots, ["home-hero"]);
  assert.match(outcome.text, /^gifts/);
});

test("the guide's bundler snippet builds as written for Vite 5 and 6's default targets (no top-level await)", async () => {
  const { build } = await import("esbuild");
  const guide = readFileSync(resolve(repo, "docs/npm.md"), "utf8");
  const section = guide.slice(guide.indexOf("## With a bundler"));
  const snippet = /```js\n([\s\S]*?)```/.exec(section)[1];
  assert.match(snippet, /createShelfwise/);
  const app = mkdtempSync(join(site, "vite-like-"));
  writeFileSync(join(app, "main.js"), snippet);
  writeFileSync(join(app, "shelfwise.config.json"), configWithoutExperiments());
  // Vite 5 and 6 build for `modules`: es2020 and the browsers of that year.
  await build({
    entryPoints: [join(app, "main.js")],
    bundle: true,
    format: "esm",
    target: ["es2020", "edge88", "firefox78", "chrome87", "safari14"],
    outfile: join(app, "dist/main.js"),
    absWorkingDir: site,
    nodePaths: [join(site, "node_modules")],
    loader: { ".wasm": "file" },
    logLevel: "silent",
  });
});

test("a wasm address that answers a web page gets a clear error, not the engine's", async () => {
  const { context, page } = await apiPage();
  const message = await page.evaluate(async () => {
    try {
      await pkg.createShelfwise({ config, wasm: "/api.html" });
      return "created";
    } catch (error) {
      return String(error.message);
    }
  });
  await context.close();
  assert.match(message, /^shelfwise: the wasm was not found at http:\/\/127\.0\.0\.1:\d+\/api\.html \(the server answered 200 with text\/html\)/);
});

test("in Node, createShelfwise loads the wasm from the installed package", () => {
  const script = join(site, "ssr.mjs");
  writeFileSync(
    script,
    `import { createShelfwise } from "@shelfwise/browser";
     const shelfwise = await createShelfwise({ config: ${JSON.stringify(configWithoutExperiments())}, storage: null });
     console.log(JSON.stringify({ key: shelfwise.storageKey, profile: shelfwise.profile() }));`,
  );
  const output = JSON.parse(execFileSync("node", [script], { cwd: site }).toString());
  assert.deepEqual(output, { key: "pz", profile: { stored: false, language: "en", cookie: "pz", facts: [] } });
});

test("a view marker on <body> or on the element counts; personalizing the same content again counts nothing more", async () => {
  const { context, page } = await apiPage();
  const outcome = await page.evaluate(async () => {
    const shelfwise = await pkg.createShelfwise({ config, country: "US" });
    shelfwise.setAnswers({ for: "gift", interests: true });
    document.body.setAttribute("data-pz-view", "glass");
    const main = document.createElement("main");
    main.innerHTML = `<section data-pz-slot="home-hero"><p>default</p><template data-pz-variant="gift-guide"><p>gifts</p></template></section>`;
    document.body.append(main);
    const first = shelfwise.personalize(main);
    const storedAfterFirst = localStorage.getItem(shelfwise.storageKey);
    const second = shelfwise.personalize(main);
    const storedAfterSecond = localStorage.getItem(shelfwise.storageKey);
    const view = document.createElement("article");
    view.setAttribute("data-pz-view", "prints");
    document.body.append(view);
    shelfwise.personalize(view);
    const keys = shelfwise.profile().profile.affinities.map((a) => a.key);
    return { first, second, same: storedAfterFirst === storedAfterSecond, text: main.textContent, keys };
  });
  await context.close();
  assert.deepEqual(outcome.first.slots, ["home-hero"]);
  assert.equal(outcome.first.recorded, true);
  assert.deepEqual(outcome.second.slots, []);
  assert.equal(outcome.second.recorded, false);
  assert.ok(outcome.same, "the second call stored nothing");
  assert.match(outcome.text, /^gifts/);
  assert.equal(outcome.text.split("gifts").length, 2, `the variant once, not twice: ${outcome.text}`);
  assert.ok(outcome.keys.includes("glass"), "the marker on <body> was recorded");
  assert.ok(outcome.keys.includes("prints"), "the marker on the element itself was recorded");
});

test("a first answer refused for want of opt-in is explained once in the console on a local address", async () => {
  const { context, page } = await apiPage();
  const messages = [];
  page.on("console", (message) => messages.push(message.text()));
  const stored = await page.evaluate(async () => {
    const shelfwise = await pkg.createShelfwise({ config });
    return [shelfwise.setAnswers({ for: "gift" }), shelfwise.setAnswers({ for: "gift" }), shelfwise.setAnswers({ for: "gift", consent: true })];
  });
  await context.close();
  assert.deepEqual(stored, [false, false, true]);
  const explained = messages.filter((m) => m.includes("the answers were not stored"));
  assert.equal(explained.length, 1, messages.join("\n"));
  assert.match(explained[0], /opt-in/);
});

test("consent platforms on the device: every shared consent vector allows what it allows natively, and withdrawing erases", async () => {
  const consentVectors = JSON.parse(readFileSync(resolve(repo, "tests/data/consent-vectors.json"), "utf8")).vectors;
  const { context, page } = await apiPage();
  const outcome = await page.evaluate(async (vectors) => {
    const results = [];
    const setCookie = (pair) => {
      if (pair) document.cookie = `${pair[0]}=${pair[1]}; path=/`;
    };
    const clearCookie = (pair) => {
      if (pair) document.cookie = `${pair[0]}=; max-age=0; path=/`;
    };
    for (const vector of vectors) {
      localStorage.clear();
      setCookie(vector.cookie);
      const site = JSON.parse(config);
      site.privacy = { ...site.privacy, ...vector.privacy };
      const shelfwise = await pkg.createShelfwise({ config: site, country: "DE" });
      const stored = shelfwise.setAnswers({ for: "gift", crafts: ["ceramics"], consent: true, interests: true, measurement: true });
      results.push({
        name: vector.name,
        stored,
        purposes: shelfwise.purposes,
        learns: stored && shelfwise.recordSignal("wishlist", ["glass"]),
      });
      clearCookie(vector.cookie);
    }
    // Withdrawing on the platform: the next page erases what it no longer allows.
    const tc = (name) => vectors.find((v) => v.name === name).cookie;
    const site = JSON.parse(config);
    site.privacy = { ...site.privacy, consent_platforms: { tcf: {} } };
    localStorage.clear();
    setCookie(tc("tcf: purposes 1, 5, 6 and 8"));
    const first = await pkg.createShelfwise({ config: site, country: "DE" });
    first.setAnswers({ for: "gift", crafts: ["ceramics"] });
    first.recordSignal("wishlist", ["glass"]);
    setCookie(tc("tcf: purpose 1 only"));
    const fewer = (await pkg.createShelfwise({ config: site, country: "DE" })).profile();
    setCookie(tc("tcf: every purpose refused"));
    const none = await pkg.createShelfwise({ config: site, country: "DE" });
    none.personalize(document);
    const afterWithdrawal = localStorage.getItem(none.storageKey);
    return { results, fewer, afterWithdrawal };
  }, consentVectors);
  await context.close();
  for (const [i, vector] of consentVectors.entries()) {
    const result = outcome.results[i];
    const { allowed, opted_out: optedOut } = vector.expect;
    assert.equal(result.stored, allowed.answers, `${vector.name}: stored`);
    if (!allowed.answers) continue;
    assert.deepEqual(result.purposes, allowed, `${vector.name}: purposes`);
    assert.equal(result.learns, allowed.interests && !optedOut, `${vector.name}: learns from browsing`);
  }
  assert.deepEqual(outcome.fewer.purposes, { answers: true, interests: false, measurement: false });
  assert.deepEqual(outcome.fewer.profile.affinities.map((a) => a.key), ["ceramics"], "what was learnt is gone");
  assert.equal(outcome.afterWithdrawal, null, "everything withdrawn: nothing left in localStorage");
});
