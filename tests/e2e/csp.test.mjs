// Local-only mode on a shop with a strict Content-Security-Policy, in Chromium: with the
// page's nonce (read by the worker from the origin's policy) or with the published hashes of
// the inline parts (docs/csp.md), the anti-flicker rule and script and the package's module
// run, the page is personalized from localStorage, and nothing of the snippet is blocked.
import { launchChromium } from "../support/chromium.mjs";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { startShop, repo, BROWSER } from "../worker/harness.mjs";

const NONCE = "T3stN0nce+/=";
const docs = readFileSync(resolve(repo, "docs/csp.md"), "utf8");
const published = (name) => new RegExp(`${name}: \`'(sha256-[A-Za-z0-9+/=]+)'\``).exec(docs)?.[1];
const POLICIES = {
  nonce: `script-src 'nonce-${NONCE}' 'strict-dynamic' 'wasm-unsafe-eval' 'report-sample'; style-src 'self' 'nonce-${NONCE}' 'report-sample'; object-src 'none'; base-uri 'none'`,
  hashes: `script-src 'self' '${published("script")}' 'wasm-unsafe-eval' 'report-sample'; style-src 'self' '${published("style")}' 'report-sample'; object-src 'none'; base-uri 'none'`,
};

let browser;
let stored;
const shops = {};
before(async () => {
  for (const [variant, policy] of Object.entries(POLICIES)) {
    shops[variant] = await startShop({
      listen: true,
      bindings: { SHELFWISE_MODE: "local-only" },
      originHeaders: (path) => (path.endsWith(".html") ? { "content-security-policy": policy } : {}),
    });
  }
  browser = await launchChromium();
  // A gift shopper who loves ceramics, as the package stores a profile.
  stored = execFileSync(resolve(repo, "target/debug/shelfwise"), ["cookie", "encode"], {
    input: JSON.stringify({ written: Math.floor(Date.now() / 86_400_000) - 18_262, consent: "personalization", bucket: 7, answers: [{ question: "for", choices: ["gift"] }, { question: "craft", choices: ["ceramics"], interests: true }] }),
  }).toString().trim();
});
after(async () => {
  await browser?.close();
  for (const shop of Object.values(shops)) await shop.close();
});

test("the published hashes are the inline parts' hashes", () => {
  const sha = (text) => `sha256-${createHash("sha256").update(text).digest("base64")}`;
  assert.equal(published("style"), sha("html.pz-pending body{visibility:hidden}"));
  assert.equal(
    published("script"),
    sha('(function(d){d.classList.add("pz-pending");setTimeout(function(){d.classList.remove("pz-pending")},1500)})(document.documentElement)'),
  );
});

for (const variant of Object.keys(POLICIES)) {
  test(`strict CSP with ${variant}: local-only mode personalizes without flicker and nothing of it is blocked`, async () => {
    const context = await browser.newContext({ userAgent: BROWSER });
    await context.addInitScript((value) => {
      localStorage.setItem("pz", value);
      window.__violations = [];
      document.addEventListener("securitypolicyviolation", (event) =>
        window.__violations.push({ directive: event.violatedDirective, blocked: event.blockedURI, sample: event.sample }),
      );
      window.__hidden = false;
      // The init script runs before <html> exists: watch the whole document for it.
      new MutationObserver(() => {
        if (document.documentElement?.classList.contains("pz-pending")) window.__hidden = true;
      }).observe(document, { attributes: true, subtree: true, attributeFilter: ["class"] });
    }, stored);
    const page = await context.newPage();
    try {
      const response = await page.goto(`${shops[variant].url}/`);
      assert.match(response.headers()["content-security-policy"], variant === "nonce" ? /nonce-/ : /sha256-/);
      await page.waitForFunction(() => document.querySelector('[data-pz-slot="home-hero"]')?.hasAttribute("data-pz-shown"), null, { timeout: 10_000 });
      assert.equal(await page.locator('[data-pz-slot="home-hero"]').getAttribute("data-pz-shown"), "gift-guide");
      assert.equal(await page.evaluate(() => window.__hidden), true, "the anti-flicker script ran");
      assert.equal(await page.evaluate(() => document.documentElement.classList.contains("pz-pending")), false, "revealed");
      // The demo page's own inline style attributes are blocked by this policy; nothing of
      // the snippet (its style, its scripts, the package and its wasm) may be.
      const violations = await page.evaluate(() => window.__violations);
      const ours = violations.filter((v) => /pz-pending|shelfwise|\.wasm/.test(`${v.sample} ${v.blocked}`) || v.directive === "style-src-elem");
      assert.deepEqual(ours, []);
      assert.ok(violations.some((v) => v.directive === "style-src-attr"), "the policy is in force");
    } finally {
      await context.close();
    }
  });
}
