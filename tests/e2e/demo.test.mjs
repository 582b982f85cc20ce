// The README's first command, as a newcomer runs it: `make demo` (edge mode) and
// `make demo MODE=local-only` bring up the demo shop behind `wrangler dev` on
// http://127.0.0.1:8787, and the shop is personalized in each mode.
import { launchChromium } from "../support/chromium.mjs";
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { repo, BROWSER } from "../worker/harness.mjs";

const DEMO = "http://127.0.0.1:8787";

/** Runs `make demo [MODE=…]` until `run` is done, then stops it (and its children). */
async function withDemo(args, run) {
  const demo = spawn("make", ["--no-print-directory", "demo", ...args], { cwd: repo, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  demo.stdout.on("data", (chunk) => (output += chunk));
  demo.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise((done) => demo.on("exit", done));
  try {
    const deadline = Date.now() + 240_000;
    for (;;) {
      if (demo.exitCode !== null) throw new Error(`make demo exited early:\n${output}`);
      try {
        const response = await fetch(`${DEMO}/`, { headers: { "user-agent": BROWSER, accept: "text/html" } });
        if (response.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the demo did not come up:\n${output}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    await run(output);
  } finally {
    try {
      process.kill(-demo.pid, "SIGTERM");
    } catch {
      // already gone
    }
    await exited;
  }
}

async function answerAndLookHome(browser) {
  const page = await browser.newPage({ userAgent: BROWSER });
  await page.goto(`${DEMO}/preferences/`);
  await page.check('input[name="for"][value="self"]');
  await page.check('input[name="craft"][value="woodwork"]');
  await page.check('input[name="consent"][value="yes"]');
  await page.check('input[name="interests"]');
  await Promise.all([page.waitForURL(`${DEMO}/`), page.click('form.prefs-form button[type="submit"]')]);
  await page.waitForFunction(() => !document.documentElement.classList.contains("pz-pending"));
  // The demo config runs experiments with a holdout: a shopper drawn into a control arm
  // sees the default, marked with the arm, instead of the variant.
  const shown = async (slot, variant) => {
    const element = page.locator(`[data-pz-slot="${slot}"]`);
    const arm = await element.getAttribute("data-pz-arm");
    const expected = arm === "control" || arm === "holdout" ? "default" : variant;
    return (await element.getAttribute("data-pz-shown")) === expected ? variant : `${await element.getAttribute("data-pz-shown")} (arm ${arm})`;
  };
  return {
    hero: await shown("home-hero", "woodwork-spotlight"),
    featured: await shown("featured-collection", "woodwork-collection"),
    localOnly: (await page.locator("#shelfwise-config").count()) === 1,
  };
}

test("make demo: the worker personalizes the demo shop", { timeout: 300_000 }, async () => {
  await withDemo([], async (output) => {
    assert.match(output, /Shelfwise demo shop \(edge mode\)/);
    const browser = await launchChromium();
    try {
      assert.deepEqual(await answerAndLookHome(browser), { hero: "woodwork-spotlight", featured: "woodwork-collection", localOnly: false });
    } finally {
      await browser.close();
    }
  });
});

test("make demo MODE=local-only: the browser package personalizes the demo shop", { timeout: 300_000 }, async () => {
  await withDemo(["MODE=local-only"], async (output) => {
    assert.match(output, /Shelfwise demo shop \(local-only mode\)/);
    const browser = await launchChromium();
    try {
      assert.deepEqual(await answerAndLookHome(browser), { hero: "woodwork-spotlight", featured: "woodwork-collection", localOnly: true });
    } finally {
      await browser.close();
    }
  });
});
